"""The editable lexicons: entities, parties and cue lists, validated on load.

The default files live in ``toolkit/lexicons/`` and are plain UTF-8 CSV, so a teacher can open
them in a spreadsheet, add a row, and rerun. A file edited badly (a missing column, a duplicate
id, an empty alias, an unknown label or party, an alias claimed by two entities) gives a
:class:`LexiconError` that names the file, the row and the reason for every problem at once.
Aliases are matched literally, so characters such as ``(`` or ``.`` need no escaping.
"""

from __future__ import annotations

import csv
import io
import os
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from toolkit.text import normalize

__all__ = [
    "ENTITY_LABELS",
    "LexiconError",
    "add_alias",
    "lexicon_path",
    "load_entities",
    "load_parties",
    "load_stopwords",
    "read_rows",
]

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")
ALIAS_SEPARATOR = "|"


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
    return Path(str(resources.files("toolkit") / "lexicons" / name))


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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in required if c not in columns]
    if missing:
        raise LexiconError(
            path,
            [
                (
                    1,
                    f"missing column(s): {', '.join(missing)} (found: {', '.join(columns) or 'none'})",
                )
            ],
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise LexiconError(path, [(number, "more fields than the header has columns")])
        rows.append((number, {k.strip(): (v or "").strip() for k, v in row.items()}))
    return rows


def _check(path, problems):
    if problems:
        raise LexiconError(path, problems)


@cache
def _parties(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["party_id", "name_ar", "name_en", "description"])
    problems, seen = [], {}
    for number, row in rows:
        pid = row["party_id"]
        if not pid:
            problems.append((number, "empty party_id"))
        elif pid in seen:
            problems.append((number, f"duplicate party_id {pid!r} (first on row {seen[pid]})"))
        else:
            seen[pid] = number
        if not row["name_ar"] or not row["name_en"]:
            problems.append((number, f"party {pid!r} needs both name_ar and name_en"))
    _check(path, problems)
    return pl.DataFrame(
        [{k: row[k] for k in ("party_id", "name_ar", "name_en", "description")} for _, row in rows],
        schema={c: pl.String for c in ("party_id", "name_ar", "name_en", "description")},
    )


def load_parties(path: str | os.PathLike | None = None) -> pl.DataFrame:
    """The parties of the troop-presence debate: ``party_id``, ``name_ar``, ``name_en``,
    ``description``.

    Examples
    --------
    >>> "iraqi_parliament" in load_parties()["party_id"].to_list()
    True
    """
    return _parties(str(path or lexicon_path("parties.csv")))


@cache
def _entities(path: str, parties_path: str) -> pl.DataFrame:
    columns = ["entity_id", "name_ar", "name_en", "label", "party", "aliases", "note"]
    rows = read_rows(path, columns)
    parties = set(_parties(parties_path)["party_id"])
    problems: list[tuple[int | None, str]] = []
    ids: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}
    records = []
    for number, row in rows:
        eid = row["entity_id"]
        if not eid:
            problems.append((number, "empty entity_id"))
        elif eid in ids:
            problems.append((number, f"duplicate entity_id {eid!r} (first on row {ids[eid]})"))
        else:
            ids[eid] = number
        if row["label"] not in ENTITY_LABELS:
            problems.append(
                (number, f"unknown label {row['label']!r} (use one of {', '.join(ENTITY_LABELS)})")
            )
        if row["party"] and row["party"] not in parties:
            problems.append((number, f"unknown party {row['party']!r} (not in {parties_path})"))
        aliases = [a.strip() for a in row["aliases"].split(ALIAS_SEPARATOR)]
        if not row["aliases"] or any(not a for a in aliases):
            problems.append(
                (number, f"empty alias in {row['aliases']!r} (aliases are '|'-separated)")
            )
        aliases = [a for a in aliases if a]
        for alias in aliases:
            if not any(char.isalnum() for char in normalize(alias)):
                problems.append(
                    (number, f"alias {alias!r} has no letter or digit (it would match punctuation)")
                )
        if row["name_ar"] and row["name_ar"] not in aliases:
            aliases.insert(0, row["name_ar"])
        for alias in aliases:
            key = " ".join(normalize(alias, teh_marbuta=True).split())
            owner = owners.get(key)
            if owner and owner[0] != eid:
                problems.append(
                    (number, f"alias {alias!r} is also claimed by {owner[0]!r} (row {owner[1]})")
                )
            owners.setdefault(key, (eid, number))
        records.append(
            {**{c: row[c] or None for c in columns if c != "aliases"}, "aliases": aliases}
        )
    _check(path, problems)
    return pl.DataFrame(
        records,
        schema={
            "entity_id": pl.String,
            "name_ar": pl.String,
            "name_en": pl.String,
            "label": pl.String,
            "party": pl.String,
            "note": pl.String,
            "aliases": pl.List(pl.String),
        },
    ).select(columns)


def load_entities(
    path: str | os.PathLike | None = None, *, parties: str | os.PathLike | None = None
) -> pl.DataFrame:
    """The entity gazetteer: one row per canonical entity.

    Columns: ``entity_id``, ``name_ar``, ``name_en``, ``label`` (PERSON, ORG, GPE, LOC),
    ``party`` (a party id or null), ``aliases`` (a list of Arabic variants, the Arabic name
    included) and ``note``. ``parties`` is the parties file that ``party`` must refer to.

    Examples
    --------
    >>> nato = load_entities().filter(entity_id="nato")
    >>> nato.select("label", "party").row(0)
    ('ORG', 'nato')
    """
    return _entities(
        str(path or lexicon_path("entities.csv")), str(parties or lexicon_path("parties.csv"))
    )


STOPWORD_CATEGORIES = ("function", "reporting_verb")


@cache
def _stopwords(path: str) -> pl.DataFrame:
    rows = read_rows(path, ["word", "category"])
    problems, seen = [], {}
    for number, row in rows:
        word, category = row["word"], row["category"]
        if not word:
            problems.append((number, "empty word"))
        elif len(word.split()) > 1:
            problems.append((number, f"{word!r} is more than one word"))
        elif normalize(word) in seen:
            first = seen[normalize(word)]
            problems.append((number, f"duplicate word {word!r} (first on row {first})"))
        else:
            seen[normalize(word)] = number
        if category not in STOPWORD_CATEGORIES:
            problems.append(
                (number, f"unknown category {category!r} (use {' or '.join(STOPWORD_CATEGORIES)})")
            )
    _check(path, problems)
    return pl.DataFrame(
        [(row["word"], row["category"], row.get("source", "")) for _, row in rows],
        schema={"word": pl.String, "category": pl.String, "source": pl.String},
        orient="row",
    )


def load_stopwords(path: str | os.PathLike | None = None) -> pl.DataFrame:
    """The stopword list, validated: ``word``, ``category`` (function or reporting_verb) and
    ``source``. Words are as written; :func:`toolkit.stopwords` gives them normalized.

    Examples
    --------
    >>> load_stopwords().filter(word="في")["category"].item()
    'function'
    """
    return _stopwords(str(path or lexicon_path("stopwords.csv")))


def add_alias(lexicon: pl.DataFrame, entity_id: str, *aliases: str) -> pl.DataFrame:
    """A copy of an entities frame with more aliases for one entity (for quick experiments).

    To make the change permanent, add the alias to ``toolkit/lexicons/entities.csv``.

    Examples
    --------
    >>> lexicon = add_alias(load_entities(), "nato", "الحلف الأطلسي")
    >>> "الحلف الأطلسي" in lexicon.filter(entity_id="nato")["aliases"][0].to_list()
    True
    """
    if entity_id not in lexicon["entity_id"].to_list():
        raise KeyError(f"no entity {entity_id!r} in the lexicon")
    extra = pl.lit(list(aliases), dtype=pl.List(pl.String))
    return lexicon.with_columns(
        aliases=pl.when(pl.col("entity_id") == entity_id)
        .then(pl.col("aliases").list.concat(extra))
        .otherwise(pl.col("aliases"))
    )
