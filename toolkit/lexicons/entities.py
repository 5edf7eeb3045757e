"""The entity gazetteer and the parties, validated on load.

A file edited badly (a missing column, a duplicate id, an empty alias, an unknown label or
party, an alias claimed by two entities) gives a :class:`LexiconError` that names the file, the
row and the reason for every problem at once. Aliases are matched literally, so characters
such as ``(`` or ``.`` need no escaping.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import polars as pl

from toolkit.arabic import normalize
from toolkit.lexicons.files import LexiconError, Lexicons, cached, read_rows

__all__ = [
    "ALIAS_SEPARATOR",
    "ENTITY_LABELS",
    "JOINED_WORDS",
    "add_alias",
    "joined_aliases",
    "load_entities",
    "load_parties",
]

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")
ALIAS_SEPARATOR = "|"
#: The longest alias (in words) whose lost spaces are spelled out by :func:`joined_aliases`.
JOINED_WORDS = 4
_SHORTEST_JOIN = 5
_CARRIES_CLITIC = re.compile(r"^(?:[وف]?(?:بال|كال|لل)|[وف]ال)")


@lru_cache(maxsize=65536)
def _joined(alias: str) -> tuple[str, ...]:
    words = alias.split()
    if not 2 <= len(words) <= JOINED_WORDS:
        return ()
    gaps = len(words) - 1
    # A space may be lost between two words of letters, not before a word that carries a
    # conjunction or a preposition with the article (الأمن والدفاع stays apart), nor after
    # آل (آل صادق would read as the word الصادق).
    keep = [
        not (words[i][-1].isalpha() and words[i + 1][0].isalpha())
        or bool(_CARRIES_CLITIC.match(normalize(words[i + 1])))
        or normalize(words[i]) == "ال"
        for i in range(gaps)
    ]
    out = []
    for mask in range(1, 1 << gaps):
        if any(mask >> i & 1 and keep[i] for i in range(gaps)):
            continue
        joined, current = [], words[0]
        for i in range(gaps):
            if mask >> i & 1:
                current += words[i + 1]
            else:
                joined.append(current)
                current = words[i + 1]
        joined.append(current)
        if all(len(normalize(w)) >= _SHORTEST_JOIN for w in joined if w not in words):
            out.append(" ".join(joined))
    return tuple(out)


def joined_aliases(alias: str) -> list[str]:
    """The spellings of a multi-word alias with one or more spaces lost between two words,
    as scraped and reprinted copy runs names together (حزبالله، الولاياتالمتحدة، جوبايدن).

    Only spaces between two words of letters are dropped (``كوردستان 24`` is cut into two
    tokens anyway), in aliases of up to :data:`JOINED_WORDS` words, and only where the word
    that results has at least five letters.

    Examples
    --------
    >>> joined_aliases("حزب الله")
    ['حزبالله']
    >>> joined_aliases("الولايات المتحدة الأمريكية")
    ['الولاياتالمتحدة الأمريكية', 'الولايات المتحدةالأمريكية', 'الولاياتالمتحدةالأمريكية']
    """
    return list(_joined(alias))


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
