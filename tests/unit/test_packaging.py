from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_of_the_project_is_installed() -> None:
    """``pip install .`` (the README's first command) installs only the packages
    pyproject.toml lists: a subpackage left out installs a bot that cannot start."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("adapters", "bot", "index")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"not installed: {sorted(found - listed)}"
