"""The nisbas (عراقي، أمريكي، إيراني …): the adjectives that say whose an official, a source
or a force is. One file, ``nisbas.csv``, read by the stance reader (مسؤول أمريكي → the US
administration) and by the figures' subjects (جندي أمريكي → US troops).

Columns: ``pattern`` (the cue-file pattern syntax, one word with ``/`` alternatives and ``*``),
``party`` (a party id, or empty for a nationality that is no party in this debate: a British
official speaks for no party), ``note``, ``example`` (a phrase the pattern must match).
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.lexicons.entities import load_parties
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows
from toolkit.lexicons.patterns import example_matches, parse_pattern
from toolkit.lexicons.words import clitic_splitter

__all__ = ["load_nisbas", "nisba_records"]

_COLUMNS = ["pattern", "party", "note", "example"]


def nisba_records(
    path: str | os.PathLike | None = None, lexicons: Lexicons | str | None = None
) -> tuple[dict, ...]:
    """The validated rows of a nisbas file, each with its ``parsed`` pattern and ``row``."""
    lexicons = as_lexicons(lexicons)
    path = str(path or lexicons.path("nisbas.csv"))
    parties = str(lexicons.path("parties.csv"))
    splitter = clitic_splitter(lexicons)

    def build() -> tuple[dict, ...]:
        known = set(load_parties(parties)["party_id"])
        problems: list[tuple[int | None, str]] = []
        records = []
        for number, row in read_rows(path, _COLUMNS):
            if row["party"] and row["party"] not in known:
                problems.append((number, f"unknown party {row['party']!r} (not in parties.csv)"))
            try:
                pattern = parse_pattern(row["pattern"], splitter)
            except ValueError as exc:
                problems.append((number, f"pattern {row['pattern']!r}: {exc}"))
                continue
            if len(pattern.slots) != 1 or pattern.reach is not None:
                problems.append((number, f"pattern {row['pattern']!r}: a nisba is one word"))
            if row["example"] and not example_matches(pattern, row["example"], splitter):
                problems.append((number, f"pattern {row['pattern']!r} does not match its example"))
            records.append({**row, "row": number, "parsed": pattern})
        if problems:
            raise LexiconError(path, problems)
        return tuple(records)

    return cached("nisbas", [path, parties, lexicons.path("clitics.csv")], build)


def load_nisbas(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The nisbas file, validated: ``pattern``, ``party`` (null for no party), ``note``,
    ``example``.

    Examples
    --------
    >>> load_nisbas().filter(pl.col("party") == "iran")["pattern"].item()
    'إيراني*'
    """
    records = nisba_records(path, lexicons)
    return pl.DataFrame(
        [{c: (r[c] or None) if c == "party" else r[c] for c in _COLUMNS} for r in records],
        schema=dict.fromkeys(_COLUMNS, pl.String),
    )
