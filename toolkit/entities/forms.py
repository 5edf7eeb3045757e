"""The short forms of names and the office titles: the phrases the later sources look for.

After the full name, an article names a person by the surname, the given name and surname,
or the kunya, and an organisation by a short form. Most of these forms are derived from the
gazetteer's aliases (:func:`derived_short_forms`); ``toolkit/lexicons/short_forms.csv`` lists
the others and the derived forms that must not be used. Both kinds of phrase, short forms and
the office titles of ``office_titles.csv``, are matched by the two paths as one table of
*candidate* phrases (:func:`candidate_phrases`); :mod:`toolkit.entities.coreference` and
:mod:`toolkit.entities.offices` decide which candidates are mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from toolkit.arabic import CliticSplitter, normalize
from toolkit.entities.stream import phrase_keys

__all__ = [
    "CANDIDATE_METHODS",
    "KUNYA_CASES",
    "ORDINARY_FAMILY",
    "ORDINARY_WITH_ARTICLE",
    "STATEMENT_SUBJECT",
    "candidate_phrases",
    "derived_short_forms",
    "given_names",
    "office_title_table",
    "place_nisbas",
    "short_form_rows",
    "short_form_table",
]

#: The ``method`` of the candidate rows a path hands to the later sources.
CANDIDATE_METHODS = ("candidate",)
#: The case forms of أبو (normalized): the kunya after a preposition or a verb is أبي or أبا.
KUNYA_CASES = ("ابو", "ابي", "ابا")
#: First words of a surname of two words (عبد المهدي, أبو الغيط, بن سلمان).
_COMPOUND = frozenset({"عبد", "ابو", "بن", "ابن"})
#: A derived surname more frequent than this (Zipf) is an ordinary word: with the article
#: (العسكري, "military"), or without it (صالح, "good"); such a surname needs a row.
ORDINARY_WITH_ARTICLE = 5.0
ORDINARY_FAMILY = 4.0
#: A family name less frequent than this (Zipf) but not rarer than :data:`ORDINARY_FAMILY`
#: stands for the person only right before a complementizer (وأضاف حامد أن).
STATEMENT_SUBJECT = 5.0


def _words(alias: str) -> list[str]:
    return normalize(alias).split()


def given_names(gazetteer: pl.DataFrame) -> frozenset[str]:
    """The first words (keys: normalized, ة read as ه) of the gazetteer's people's aliases of
    two words or more: given names, such as سعد in سعد العبادي.

    Examples
    --------
    >>> import polars as pl
    >>> people = pl.DataFrame({"label": ["PERSON"], "aliases": [["حيدر العبادي", "العبادي"]]})
    >>> sorted(given_names(people))
    ['حيدر']
    """
    people = gazetteer.filter(pl.col("label") == "PERSON")["aliases"].explode().drop_nulls()
    firsts = (_words(a) for a in people.to_list())
    return frozenset(w[0].replace("ة", "ه") for w in firsts if len(w) >= 2)


def place_nisbas(gazetteer: pl.DataFrame) -> frozenset[str]:
    """The nisba adjectives (keys, with ال) of the gazetteer's places: العراقي، العراقية،
    الأمريكيين، السوري (from سوريا) …

    Examples
    --------
    >>> import polars as pl
    >>> places = pl.DataFrame({"label": ["GPE"], "aliases": [["سوريا"]]})
    >>> nisbas = place_nisbas(places)
    >>> "السوري" in nisbas and "السوريين" in nisbas
    True
    """
    places = gazetteer.filter(pl.col("label").is_in(["GPE", "LOC"]))["aliases"].explode()
    stems = set()
    for alias in places.drop_nulls().to_list():
        for word in _words(alias.replace("ة", "ه")):
            word = word.removeprefix("ال")
            if len(word) < 3:
                continue
            stems.add(word)
            if word.endswith("يا"):
                stems.add(word[:-2])
            elif word.endswith(("ا", "ه")):
                stems.add(word[:-1])
    endings = ("ي", "يه", "يين", "يون", "يان")
    return frozenset(f"ال{stem}{ending}" for stem in stems for ending in endings)


def derived_short_forms(
    gazetteer: pl.DataFrame, zipf: Callable[[str], float]
) -> list[tuple[str, str, str]]:
    """The short forms derived from the aliases of the gazetteer's people, as
    ``(entity_id, form, kind)`` with ``form`` normalized.

    - the surname: the last word of an alias of two or more words, when it has the article
      (حيدر العبادي → العبادي) or is a family name (جو بايدن → بايدن: not a given name of
      the gazetteer, not a frequent word), or the last two words after عبد، أبو، بن
      (عادل عبد المهدي → عبد المهدي); not a nisba of a place of the gazetteer (العراقي);
    - a family name that is a fairly common word, for an alias of two words (فهد حامد →
      حامد, kind ``subject``: read only right before a complementizer, «وأضاف حامد أن»);
    - the given name with the surname, for an alias of three words or more
      (محمد شياع السوداني → محمد السوداني);
    - the kunya, in its three cases and joined (أبو آلاء الولائي → أبو آلاء, أبي آلاء,
      أبا آلاء, أبوآلاء).

    Examples
    --------
    >>> import polars as pl
    >>> gazetteer = pl.DataFrame({"entity_id": ["x"], "label": ["PERSON"],
    ...     "aliases": [["أبو آلاء الولائي"]]})
    >>> sorted(f for _, f, _ in derived_short_forms(gazetteer, lambda w: 0.0))[:3]
    ['ابا الاء', 'ابو الاء', 'ابوالاء']
    """
    people = gazetteer.filter(pl.col("label") == "PERSON").select("entity_id", "aliases")
    places = gazetteer.filter(pl.col("label").is_in(["GPE", "LOC"]))["aliases"].explode()
    place_words = {w for a in places.drop_nulls().to_list() for w in _words(a)}
    given = set()
    for aliases in people["aliases"].to_list():
        for alias in aliases:
            words = _words(alias)
            if len(words) >= 2:
                given.add(words[0])
    out = []
    for eid, aliases in people.iter_rows():
        for alias in aliases:
            words = _words(alias)
            if len(words) < 2:
                continue
            if words[0] == "ابو":
                out += [(eid, f"{case} {words[1]}", "kunya") for case in KUNYA_CASES]
                out.append((eid, f"ابو{words[1]}", "kunya"))
            surname = _surname(words, given, place_words, zipf)
            if surname is None:
                subject = _subject(words, zipf)
                if subject is not None:
                    out.append((eid, subject, "subject"))
                continue
            out.append((eid, surname, "surname"))
            if len(words) >= 3 and words[0] not in _COMPOUND:
                out.append((eid, f"{words[0]} {surname}", "surname"))
    return out


def _subject(words: list[str], zipf) -> str | None:
    """A family name that is a fairly common word (حامد، مالك: Zipf from
    :data:`ORDINARY_FAMILY` to :data:`STATEMENT_SUBJECT`), of four letters or more and with no
    article: a short form only as the subject of a statement (kind ``subject``)."""
    last = words[-1]
    if len(words) != 2 or words[0] in _COMPOUND or last.startswith("ال") or len(last) < 4:
        return None
    return last if ORDINARY_FAMILY <= zipf(last) < STATEMENT_SUBJECT else None


def _surname(words: list[str], given: set[str], places: set[str], zipf) -> str | None:
    last = words[-1]
    if len(words) >= 3 and words[-2] in _COMPOUND:
        return f"{words[-2]} {last}"
    if words[-2] in _COMPOUND or (words[0] == "ابو" and len(words) == 2):
        return None  # the alias is a compound name or a kunya: no surname of its own
    if last.startswith("ال"):
        core = last[2:]
        if len(core) < 3 or zipf(last) >= ORDINARY_WITH_ARTICLE:
            return None
        if core.endswith("ي") and ({core[:-1], "ال" + core[:-1], core[:-1] + "ا"} & places):
            return None  # a nisba of a place: العراقي
        return last
    if len(last) < 4 or last in given or zipf(last) >= ORDINARY_FAMILY:
        return None
    return last


def short_form_rows(
    gazetteer: pl.DataFrame, listed: pl.DataFrame, zipf: Callable[[str], float]
) -> pl.DataFrame:
    """The short forms of a call: the derived ones (but those listed as ``exclude``) and the
    listed ones of ``short_forms.csv`` whose entity is in the gazetteer, without the forms
    that are aliases already (the gazetteer finds them). Columns ``entity_id``, ``form``
    (normalized), ``kind``."""
    known = set(gazetteer["entity_id"].to_list())
    excluded = {
        (eid, normalize(" ".join(form.split())))
        for eid, form in listed.filter(pl.col("kind") == "exclude")
        .select("entity_id", "short_form")
        .iter_rows()
    }
    rows = [r for r in derived_short_forms(gazetteer, zipf) if (r[0], r[1]) not in excluded]
    for eid, form, kind in listed.select("entity_id", "short_form", "kind").iter_rows():
        if kind == "exclude" or eid not in known:
            continue
        words = _words(form)
        rows.append((eid, " ".join(words), kind))
        if kind == "kunya" and len(words) == 2 and words[0] in KUNYA_CASES:
            rows += [(eid, f"{case} {words[1]}", kind) for case in KUNYA_CASES]
            rows.append((eid, f"ابو{words[1]}", kind))
    aliases = {
        " ".join(_words(a)).replace("ة", "ه")
        for a in gazetteer["aliases"].explode().drop_nulls().to_list()
    }
    # A form listed (or derived) with another kind for the same entity is read as that kind:
    # the ``subject`` reading (only before a complementizer) is the narrowest.
    wider = {(eid, form) for eid, form, kind in rows if kind != "subject"}
    rows = [r for r in rows if r[2] != "subject" or (r[0], r[1]) not in wider]
    schema = {"entity_id": pl.String, "form": pl.String, "kind": pl.String}
    frame = pl.DataFrame(rows, schema=schema, orient="row").unique(maintain_order=True)
    keyed = frame["form"].str.replace_all("ة", "ه", literal=True)
    return frame.filter(~keyed.is_in(list(aliases)))


def short_form_table(short_forms: pl.DataFrame, splitter: CliticSplitter) -> pl.DataFrame:
    """The short forms as candidate phrases, one row per key: ``key``, ``n`` (pieces),
    ``entities`` and ``kinds`` (the entities a short form may stand for, and how), ``role``
    (null)."""
    keys = phrase_keys(short_forms["form"].to_list(), splitter)
    return (
        short_forms.with_columns(key=pl.Series(keys, dtype=pl.String))
        .filter(pl.col("key") != "")
        .group_by("key", maintain_order=True)
        .agg(entities=pl.col("entity_id"), kinds=pl.col("kind"))
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1, role=pl.lit(None, pl.String))
        .select("key", "n", "entities", "kinds", "role")
    )


def office_title_table(titles: Iterable[tuple[str, str]], splitter: CliticSplitter) -> pl.DataFrame:
    """Office titles (``(title, role)`` pairs) as candidate phrases: ``key``, ``n``,
    ``entities`` and ``kinds`` (empty), ``role``; the first role of a key keeps it."""
    titles = list(titles)
    keys = phrase_keys([t for t, _ in titles], splitter)
    return (
        pl.DataFrame(
            {"key": keys, "role": [r for _, r in titles]},
            schema={"key": pl.String, "role": pl.String},
        )
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .with_columns(
            n=pl.col("key").str.count_matches(" ") + 1,
            entities=pl.lit([], dtype=pl.List(pl.String)),
            kinds=pl.lit([], dtype=pl.List(pl.String)),
        )
        .select("key", "n", "entities", "kinds", "role")
    )


def candidate_phrases(
    short_forms: pl.DataFrame, office_titles: pl.DataFrame | None
) -> pl.DataFrame:
    """The candidate phrases a call looks for, one row per key: the short forms, and the
    office titles when given (a key of both keeps its entities and its role)."""
    if office_titles is None or office_titles.is_empty():
        return short_forms
    roles = office_titles.select("key", "role")
    merged = short_forms.drop("role").join(roles, on="key", how="left")
    titles = office_titles.join(short_forms.select("key"), on="key", how="anti")
    return pl.concat([merged.select(short_forms.columns), titles], how="vertical")
