"""Coreference within an article: a short form stands for the entity named in full before it.

حيدر العبادي … العبادي، عصائب أهل الحق … العصائب، أبو آلاء الولائي … الحاج أبو آلاء: a short
form of :attr:`~toolkit.entities.tables.EntityTables.candidates` (derived from the gazetteer
or listed in ``short_forms.csv``, see :mod:`toolkit.entities.forms`) found by a path becomes a
mention (``method="coreference"``) of the entity it may stand for whose nearest full mention
comes before it in the same article (a mention from the gazetteer, a respelled one, or a bare
office title's holder; never another short form). With no such mention before it, a short
form stays no mention: a surname shared by two people (بارزاني, الصدر, الحكيم) goes to the
one named nearest before it, an ordinary word (الحركة, الحلف, التيار) counts only after the
full name.

A short form is not read as a name where its neighbours show another use:

- ``after_title`` forms (a given name or an ordinary-word surname) only right after a title
  (الرئيس نيجيرفان، العميد سريع);
- a surname is an adjective after a noun with the article that is no title (الجيش السوداني),
  part of another name after a given name of the gazetteer (سعد العبادي), and a modifier when
  a name follows it (الرئيس السوداني عمر البشير);
- an organisation's short form followed by a word with the article is another phrase
  (الإطار الاستراتيجي، التيار الكهربائي).

A short form found inside a longer mention is that mention's; a name proposed after a title
that the short form covers (وأكد الرئيس نيجيرفان), or that starts with it (الحاج أبو آلاء بما:
a proposal that runs on), becomes the coreference mention.
"""

from __future__ import annotations

import polars as pl

from toolkit.entities.context import after, before
from toolkit.entities.found import Found, mention_rows

__all__ = ["ANTECEDENT_METHODS", "coreference_mentions"]

#: The mentions a short form may refer back to.
ANTECEDENT_METHODS = ("lexicon", "spelling", "office")


def _resolved(found: Found) -> pl.DataFrame:
    """The candidates that are short forms, each with the entity of the nearest full mention
    before it among the entities it may stand for (``entity``, ``kind``)."""
    forms = found.tables.candidates.filter(pl.col("entities").list.len() > 0).select(
        "key", "entities", "kinds"
    )
    candidates = (
        found.candidates.with_row_index("_c")
        .join(forms, on="key")
        .explode("entities", "kinds")
        .rename({"entities": "entity", "kinds": "kind"})
    )
    antecedents = (
        found.mentions.filter(pl.col("method").is_in(ANTECEDENT_METHODS))
        .select("article_id", "entity", pl.col("end").alias("_before"))
        .sort("_before")
    )
    if candidates.is_empty() or antecedents.is_empty():
        return candidates.head(0).with_columns(_before=pl.lit(None, dtype=pl.Int64))
    return (
        candidates.with_columns(_at=pl.col("start"))
        .sort("_at")
        .join_asof(
            antecedents,
            left_on="_at",
            right_on="_before",
            by=["article_id", "entity"],
            strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("_before").is_not_null())
        .sort("_c", "_before", "entity", descending=[False, True, False])
        .unique("_c", keep="first", maintain_order=True)
    )


def coreference_mentions(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` with the short forms that refer back to a full mention
    added (see the module documentation).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "قال حيدر العبادي إن الحكومة مستعدة، وأضاف العبادي أن"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "entity", "method").rows()
    [('حيدر العبادي', 'haider_al_abadi', 'lexicon'), ('العبادي', 'haider_al_abadi', 'lexicon')]
    """
    if found.candidates.is_empty():
        return found.mentions
    resolved = _resolved(found)
    if resolved.is_empty():
        return found.mentions
    tables, splitter = found.tables, found.tables.splitter
    texts = dict(found.articles.select("article_id", "text").iter_rows())
    spans: dict[str, list[tuple[int, int, str, str, int]]] = {}
    for index, (article, start, end, label, method) in enumerate(
        found.mentions.select("article_id", "start", "end", "label", "method").iter_rows()
    ):
        spans.setdefault(article, []).append((start, end, label, method, index))
    rows, replaced = [], []
    for article, sentence, start, end, surface, entity, kind in resolved.select(
        "article_id", "sentence_id", "start", "end", "surface", "entity", "kind"
    ).iter_rows():
        covering = [m for m in spans.get(article, []) if m[0] < end and start < m[1]]
        if any(
            m[3] != "pattern" or (m[0] != start and (m[0] < start or m[1] > end)) for m in covering
        ):
            continue  # inside a longer mention, or a name proposed around it
        if not _fits(texts[article], start, end, kind, spans.get(article, []), tables, splitter):
            continue
        rows.append((article, sentence, start, end, surface, entity, "coreference"))
        replaced += [m[4] for m in covering]
    schema = {
        "article_id": pl.String,
        "sentence_id": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "surface": pl.String,
        "entity": pl.String,
        "method": pl.String,
    }
    drop = None
    if replaced:
        drop = pl.Series(range(found.mentions.height)).is_in(pl.Series(replaced).implode())
    return mention_rows(found, pl.DataFrame(rows, schema=schema, orient="row"), drop)


def _fits(text, start, end, kind, mentions, tables, splitter) -> bool:
    """Whether the neighbours of a short form let it stand for a name (module docs)."""
    _, previous = before(text, start, splitter)
    titled = any(previous[-len(t) :] == t for t in tables.title_keys)
    if kind == "after_title":
        return titled
    following = after(text, end, splitter)
    if kind == "org_short":
        return not (following[:1] == ("ال",))
    if kind != "surname":
        return True
    if not titled and len(previous) >= 2 and previous[-2] == "ال":
        return False  # an adjective: الجيش السوداني
    if previous and previous[-1] in tables.given_names and previous[-2:-1] != ("ال",):
        return False  # part of another name: سعد العبادي
    named = any(
        m[2] == "PERSON" and 0 < m[0] - end <= 2 and not text[end : m[0]].strip() for m in mentions
    )
    return not named  # a modifier: الرئيس السوداني عمر البشير
