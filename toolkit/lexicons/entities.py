"""The entity gazetteer and the parties, validated on load.

A file edited badly (a missing column, a duplicate id, an empty alias, an unknown label or
party, an alias claimed by two entities) gives a :class:`LexiconError` that names the file, the
row and the reason for every problem at once. Aliases are matched literally, so characters
such as ``(`` or ``.`` need no escaping.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.arabic import normalize
from toolkit.lexicons.files import LexiconError, Lexicons, cached, read_rows

__all__ = ["ALIAS_SEPARATOR", "ENTITY_LABELS", "add_alias", "load_entities", "load_parties"]

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")
ALIAS_SEPARATOR = "|"


def _check(path, problems):
    if problems:
        raise LexiconError(path, problems)


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
    path = str(path or Lexicons().path("parties.csv"))
    return cached("parties", [path], lambda: _parties(path))


def _entities(path: str, parties_path: str) -> pl.DataFrame:
    columns = ["entity_id", "name_ar", "name_en", "label", "party", "aliases", "note"]
    rows = read_rows(path, columns)
    parties = set(load_parties(parties_path)["party_id"])
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
    path = str(path or Lexicons().path("entities.csv"))
    parties = str(parties or Lexicons().path("parties.csv"))
    return cached("entities", [path, parties], lambda: _entities(path, parties))


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
