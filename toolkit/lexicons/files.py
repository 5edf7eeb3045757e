"""Reading lexicon files: rows with spreadsheet row numbers, errors that name the file, the
row and the reason, and one cache keyed by each file's (path, size, modification time).

An edited file is therefore read again by the next call that uses it, in the same kernel;
:func:`clear_caches` empties the cache (and every cache derived from a lexicon) for anything
else, such as a file edited twice within one tick of the file system's clock.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

__all__ = [
    "SHIPPED",
    "LexiconError",
    "Lexicons",
    "as_lexicons",
    "cached",
    "clear_caches",
    "frame_rows",
    "lexicon_path",
    "on_clear",
    "read_rows",
    "stamp",
]

#: The folder of the shipped lexicon files (this package's own folder).
SHIPPED = Path(__file__).resolve().parent


class LexiconError(ValueError):
    """A lexicon file has problems; the message lists each with file, row and reason."""

    def __init__(self, path: str | os.PathLike, problems: list[tuple[int | None, str]]):
        self.path = str(path)
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in {path}:"]
        lines += [
            f"  - row {row}: {reason}" if row else f"  - {reason}" for row, reason in problems
        ]
        super().__init__("\n".join(lines))


def lexicon_path(name: str) -> Path:
    """The path of a shipped lexicon file, e.g. ``lexicon_path("entities.csv")``."""
    return SHIPPED / name


def read_rows(path: str | os.PathLike, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV lexicon; return ``(row number, row)`` pairs with stripped values.

    Row numbers count the header as row 1, as a spreadsheet shows them. A BOM is accepted.
    Raises :class:`LexiconError` if the file cannot be read or lacks a required column.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LexiconError(path, [(None, f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = (
            f"not UTF-8 (invalid byte at offset {exc.start}); save it as CSV UTF-8 "
            "('CSV UTF-8' in Excel)"
        )
        raise LexiconError(path, [(None, reason)]) from None
    reader = _Reader(path, io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(columns) or "none"
        raise LexiconError(path, [(1, f"missing column(s): {', '.join(missing)} (found: {found})")])
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise LexiconError(path, [(number, "more fields than the header has columns")])
        rows.append((number, {k.strip(): (v or "").strip() for k, v in row.items()}))
    return rows


class _Reader(csv.DictReader):
    """``csv.DictReader`` whose errors (a field over ``csv.field_size_limit()``, say) are a
    :class:`LexiconError` naming the file and the spreadsheet row."""

    def __init__(self, path, handle):
        super().__init__(handle)
        self.path, self.row = path, 1

    @property
    def fieldnames(self):
        try:
            return csv.DictReader.fieldnames.fget(self)
        except csv.Error as exc:
            raise LexiconError(self.path, [(1, f"not a readable CSV row: {exc}")]) from None

    def __next__(self):
        self.row += 1
        try:
            return super().__next__()
        except csv.Error as exc:
            raise LexiconError(self.path, [(self.row, f"not a readable CSV row: {exc}")]) from None


def frame_rows(frame: pl.DataFrame, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """:func:`read_rows` for a lexicon given as a polars frame (row 1 is the header)."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise LexiconError("<frame>", [(1, f"missing column(s): {', '.join(missing)}")])
    rows = []
    for number, row in enumerate(frame.to_dicts(), start=2):
        rows.append((number, {k: ("" if v is None else str(v).strip()) for k, v in row.items()}))
    return rows


# ---- the cache --------------------------------------------------------------------------------

_CACHE: OrderedDict[tuple, object] = OrderedDict()
_CACHE_SIZE = 128
_CLEARERS: list[Callable[[], None]] = []


def stamp(path: str | os.PathLike) -> tuple[str, int, int]:
    """``(absolute path, size, st_mtime_ns)`` of a file: what the cache is keyed by.

    A missing file gets size -1, so that reading it raises its own clear error."""
    name = os.path.abspath(path)
    try:
        info = os.stat(name)
    except OSError:
        return name, -1, 0
    return name, info.st_size, info.st_mtime_ns


def cached(kind: str, paths: Iterable[str | os.PathLike], build: Callable[[], object]):
    """The value ``build()`` made for these files, made again when any of them changed.

    ``kind`` names what is built (several things may be built from one file). Values are
    kept for the last 128 keys, so editing a file again and again does not grow memory.
    """
    key = (kind, *(stamp(p) for p in paths))
    try:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    except KeyError:
        pass
    value = build()
    _CACHE[key] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def on_clear(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a function that :func:`clear_caches` calls too (for caches derived from
    lexicons that are not keyed by a file, such as a frame's matcher)."""
    _CLEARERS.append(clear)
    return clear


def clear_caches() -> None:
    """Forget everything read or built from lexicon files; the next call reads them again.

    Edited files are picked up without this (the cache is keyed by their size and time);
    use it after an edit that kept both, or to free the memory.

    Examples
    --------
    >>> clear_caches()
    """
    _CACHE.clear()
    for clear in _CLEARERS:
        clear()


# ---- a set of lexicon files ----------------------------------------------------------------


@dataclass(frozen=True)
class Lexicons:
    """The set of lexicon files a call reads: the shipped ones, or a folder of edited copies.

    A file missing from ``folder`` is taken from the shipped lexicons, so a folder may hold
    just the files a user edited (``python -m toolkit analyze --lexicons DIR``).

    Examples
    --------
    >>> Lexicons().path("entities.csv").name
    'entities.csv'
    """

    folder: str | None = None

    def path(self, name: str) -> Path:
        """The file of that name in ``folder`` if there is one, else the shipped file."""
        if self.folder is not None:
            candidate = Path(self.folder) / name
            if candidate.is_file():
                return candidate
        return SHIPPED / name

    def names(self) -> list[str]:
        """The names of every lexicon file in the set (the shipped ones and the folder's)."""
        names = {p.name for p in SHIPPED.glob("*.csv")}
        if self.folder is not None:
            names |= {p.name for p in Path(self.folder).glob("*.csv")}
        return sorted(names)

    def snapshot(self, into: str | os.PathLike) -> Lexicons:
        """Copy every file of the set into ``into`` and return the set of those copies: a
        run that reads only the copies is not disturbed by edits made while it runs."""
        folder = Path(into)
        folder.mkdir(parents=True, exist_ok=True)
        for name in self.names():
            shutil.copyfile(self.path(name), folder / name)
        return Lexicons(str(folder))

    def checksums(self) -> dict[str, str]:
        """SHA-256 of every file of the set, by file name."""
        return {n: hashlib.sha256(self.path(n).read_bytes()).hexdigest() for n in self.names()}


def as_lexicons(lexicons: Lexicons | str | os.PathLike | None) -> Lexicons:
    """A :class:`Lexicons` from a set, a folder path or ``None`` (the shipped files)."""
    if isinstance(lexicons, Lexicons):
        return lexicons
    if lexicons is None:
        return Lexicons()
    folder = Path(lexicons)
    if not folder.is_dir():
        raise LexiconError(folder, [(None, "not a folder of lexicon files")])
    return Lexicons(str(folder))
