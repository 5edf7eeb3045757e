"""The framing file (``framing.csv``): how coverage names the same things.

One row per naming of a *referent* (the US presence, the armed factions, the attacks …): the
``term`` (a pattern in the cue files' syntax, see :mod:`toolkit.lexicons.patterns`), the
``frame`` it puts the referent in (occupation, presence, partnership, resistance, militia …),
a short English ``gloss``, a ``note`` and an ``example`` sentence the term must match.

Every row is checked when the file is read: the referent and frame are lower-case ids, the
term parses and names something (no final ``…``: nothing comes after a name), the example is
matched, and no term is listed twice. Problems raise :class:`LexiconError` with the file, the
row and the reason of each. The rows are read again whenever the file (or the clitic words
the patterns are split with) changes, so an edit is used by the next call.
"""

from __future__ import annotations

import os
import re

import polars as pl

from toolkit.lexicons.files import (
    LexiconError,
    Lexicons,
    as_lexicons,
    cached,
    frame_rows,
    read_rows,
)
from toolkit.lexicons.patterns import example_matches, parse_pattern
from toolkit.lexicons.words import clitic_splitter

__all__ = ["FRAMING_COLUMNS", "framing_records", "framing_source", "load_framing", "term_label"]

#: The columns of the framing file (``gloss`` may be left out of a file or a frame).
FRAMING_COLUMNS = ["referent", "term", "frame", "gloss", "note", "example"]
_REQUIRED = ["referent", "term", "frame", "note", "example"]
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_GAP = re.compile(r"^(?:…|\.\.\.)\d*$")


def framing_source(
    framing: str | os.PathLike | pl.DataFrame | None, lexicons: Lexicons | str | None = None
) -> str | pl.DataFrame:
    """The framing file to read (a path) or the given frame of framing rows."""
    if isinstance(framing, pl.DataFrame):
        return framing
    if framing is not None:
        return str(framing)
    return str(as_lexicons(lexicons).path("framing.csv"))


def _validate(path: str, rows, splitter) -> list[dict]:
    problems: list[tuple[int | None, str]] = []
    seen: dict[str, tuple[int, str]] = {}
    records = []
    for number, row in rows:
        referent, frame, term = row["referent"], row["frame"], row["term"]
        for column, value in (("referent", referent), ("frame", frame)):
            if not _ID.match(value):
                problems.append(
                    (number, f"{column} {value!r} must be a lower-case id (letters, digits, _)")
                )
        if not row["example"]:
            problems.append((number, "empty example (write a sentence the term matches)"))
        try:
            pattern = parse_pattern(term, splitter)
        except ValueError as exc:
            problems.append((number, f"term {term!r}: {exc}"))
            continue
        if pattern.reach is not None:
            problems.append((number, f"term {term!r}: a term cannot end with a gap (…)"))
        key = " ".join(term.split())
        if key in seen:
            first, other = seen[key]
            problems.append(
                (number, f"term {term!r} is listed twice (first on row {first}, for {other!r})")
            )
        seen.setdefault(key, (number, referent))
        if row["example"] and not example_matches(pattern, row["example"], splitter):
            problems.append((number, f"term {term!r} does not match its own example"))
        records.append(
            {
                "referent": referent,
                "term": term,
                "frame": frame,
                "gloss": row.get("gloss", ""),
                "note": row["note"],
                "example": row["example"],
                "row": number,
                "parsed": pattern,
            }
        )
    if not problems and not records:
        problems.append((None, "no rows: the file defines no terms"))
    if problems:
        raise LexiconError(path, problems)
    return records


def framing_records(
    framing: str | os.PathLike | pl.DataFrame | None = None,
    lexicons: Lexicons | str | None = None,
) -> tuple[dict, ...]:
    """The validated rows of a framing file or frame, each with its ``parsed`` pattern and
    ``row`` number, in file order (remembered for a file until it or the clitic words
    change; a frame is checked again on every call)."""
    lexicons = as_lexicons(lexicons)
    source = framing_source(framing, lexicons)
    splitter = clitic_splitter(lexicons)
    if isinstance(source, pl.DataFrame):
        return tuple(_validate("<framing frame>", frame_rows(source, _REQUIRED), splitter))
    splitter_files = [lexicons.path(n) for n in ("clitics.csv", "entities.csv", "parties.csv")]
    return cached(
        "framing",
        [source, *splitter_files],
        lambda: tuple(_validate(source, read_rows(source, _REQUIRED), splitter)),
    )


def term_label(term: str) -> str:
    """A term written as a phrase to show: the first alternative of each word, no ``*``,
    gaps as ``…``.

    Examples
    --------
    >>> term_label("احتلال أمريكي*/أميركي*")
    'احتلال أمريكي'
    >>> term_label("فصائل/فصيل … موالي* …1 إيران")
    'فصائل … موالي … إيران'
    """
    words = []
    for item in term.split():
        words.append("…" if _GAP.match(item) else item.split("/")[0].strip("*"))
    return " ".join(words)


def load_framing(
    path: str | os.PathLike | pl.DataFrame | None = None,
    *,
    lexicons: Lexicons | str | None = None,
) -> pl.DataFrame:
    """The framing file, validated: one row per term.

    Columns: ``referent`` (what is named: ``us_presence``, ``armed_factions``, ``attacks`` …),
    ``term`` (a pattern in the cue files' syntax), ``frame`` (``occupation``, ``presence``,
    ``partnership``, ``resistance``, ``militia`` …), ``gloss`` (short English), ``note`` and
    ``example`` (a sentence the term matches). ``toolkit/lexicons/README.md`` documents them.
    Problems raise :class:`~toolkit.lexicons.LexiconError` naming the file, the row and the
    reason of each.

    Examples
    --------
    >>> framing = load_framing()
    >>> framing.filter(pl.col("term") == "احتلال*").select("referent", "frame").row(0)
    ('us_presence', 'occupation')
    """
    records = framing_records(path, lexicons)
    return pl.DataFrame(
        [{c: r[c] for c in FRAMING_COLUMNS} for r in records],
        schema=dict.fromkeys(FRAMING_COLUMNS, pl.String),
    )
