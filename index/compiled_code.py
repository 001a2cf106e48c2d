"""Where the index's compiled kernels are kept between runs.

Compiling the kernels takes several seconds, so their machine code is kept on disk.
Numba keeps it in ``NUMBA_CACHE_DIR`` when that is set, else in ``__pycache__``
beside the source or in the user's cache folder; with ``cache=True`` it raises at
import when none is writable, which is how systemd and containers run a service: a
user with no home and an install it may only read. So the kernels are compiled
without a cache, are given Numba's own places when they can be had, and otherwise
a folder beside the database, which a service must be able to write anyway. Where
even that is refused (a read-only database folder), they go without: every start
compiles again, and one warning says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from numba.core import config as numba_config

log = logging.getLogger(__name__)

# Numba fills its configuration in from the environment at import, so its settings
# are not declared where a type checker can see them.
config: Any = numba_config


def compiled_code_folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".compiled")


def cache_where_numba_can(kernels: Iterable[Any]) -> None:
    """Give each kernel Numba's own cache where one of its places is writable."""
    for kernel in kernels:
        with suppress(RuntimeError):
            kernel.enable_caching()


def cache_beside(kernels: Iterable[Any], db_path: Path) -> None:
    """Give the kernels still without a cache one in a folder beside the database."""
    uncached = [kernel for kernel in kernels if kernel.stats.cache_path is None]
    if not uncached:
        return
    folder = compiled_code_folder(db_path)
    # Numba takes its cache folder from its configuration when a cache is made, and
    # only then: set for the moment the caches are made, it moves nothing else.
    chosen = config.CACHE_DIR
    config.CACHE_DIR = str(folder)
    try:
        for kernel in uncached:
            kernel.enable_caching()
    except RuntimeError:
        log.warning(
            "the compiled search code cannot be cached (not in %s, nor where Numba keeps it): "
            "every start compiles it again, which takes a few seconds",
            folder,
        )
    finally:
        config.CACHE_DIR = chosen
