"""Read article files and their metadata from disk.

An article is a UTF-8 ``.txt`` file; its ``doc_id`` is the file name without
``.txt``. Metadata comes from a ``manifest.toml`` beside the files (one
``[[article]]`` table per file: ``file``, ``title``, ``outlet``, ``published``,
``url``); without one the title is the article's first line and the date is
unknown. Nothing here writes: reading is kept apart from storing so that a bad
file is reported before it can touch the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot import messages

MAX_ARTICLE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """An article read from disk, not yet stored."""

    doc_id: str
    path: Path
    text: str
    sha256: str
    metadata: Metadata


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read, or a warning about one; ``path`` names it."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one file of an ingest; ``reason`` says why for the non-obvious."""

    path: Path
    doc_id: str | None
    status: Literal["added", "updated", "unchanged", "refused", "failed", "warning", "removed"]
    reason: str | None = None


def find_articles(paths: list[Path], *, follow_symlinks: bool = False) -> Iterator[Path | Problem]:
    """Every ``.txt`` file named or found (recursively) under the given paths, sorted.

    A file that is a symbolic link is refused unless ``follow_symlinks``: one link
    dropped into an archive (``leak.txt -> ~/.env``) would otherwise put any file the
    bot can read in front of every chat user. Folders reached through a link inside
    a folder are never searched (``rglob`` does not follow them), so every file
    found lies inside the folder given.
    """
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file() and path.suffix == ".txt":
            found = [path]
        else:
            yield Problem(path, messages.NOT_AN_ARTICLE if path.is_file() else messages.NOT_FOUND)
            continue
        for file in found:
            if file.is_symlink() and not follow_symlinks:
                yield Problem(file, messages.SYMLINK_REFUSED.format(target=file.readlink()))
            else:
                yield file


def read_article(path: Path, metadata: Metadata) -> ArticleFile | Problem:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return Problem(path, messages.TOO_LARGE.format(size=size, limit=MAX_ARTICLE_BYTES))
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(path, exc.strerror or str(exc))
    if b"\x00" in raw:
        return Problem(path, messages.NOT_TEXT)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(path, messages.NOT_UTF8.format(detail=messages.BAD_BYTE.format(offset=exc.start)))
    if not text.strip():
        return Problem(path, messages.EMPTY_ARTICLE)
    return ArticleFile(path.stem, path, text, hashlib.sha256(raw).hexdigest(), metadata)


class Manifests:
    """The metadata of every folder's ``manifest.toml``, each read once."""

    def __init__(self) -> None:
        self._folders: dict[Path, dict[str, Metadata]] = {}
        self.problems: list[Problem] = []

    def metadata(self, path: Path) -> Metadata:
        folder = path.parent
        if folder not in self._folders:
            self._folders[folder] = self._read(folder / "manifest.toml")
        return self._folders[folder].get(path.name, Metadata())

    def _read(self, manifest: Path) -> dict[str, Metadata]:
        if not manifest.is_file():
            return {}
        try:
            entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("article", [])
            if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
                raise ValueError(messages.MANIFEST_WITHOUT_FILE)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
            self.problems.append(Problem(manifest, messages.MANIFEST_BROKEN.format(path=manifest, detail=exc)))
            return {}
        found: dict[str, Metadata] = {}
        for entry in entries:
            name = str(entry["file"])
            if not (manifest.parent / name).is_file():
                self.problems.append(Problem(manifest, messages.MANIFEST_MISSING_FILE.format(path=manifest, file=name)))
            found[name] = Metadata(
                title=_text(entry.get("title")),
                outlet=_text(entry.get("outlet")),
                published=self._date(manifest, name, entry.get("published")),
                url=_text(entry.get("url")),
            )
        return found

    def _date(self, manifest: Path, name: str, value: object) -> str | None:
        if value is None:
            return None
        # A publication date is a day: a TOML date-time (``1979-05-27T07:32:00Z``,
        # quoted or not) is taken as its date, which every later step parses as one.
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.datetime.fromisoformat(str(value)).date().isoformat()
        except ValueError:
            self.problems.append(
                Problem(manifest, messages.MANIFEST_BAD_DATE.format(path=manifest, file=name, value=value))
            )
            return None


def _text(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
