"""Bare office titles: «رئيس الوزراء العراقي» in a dated article is the prime minister of the day.

A title of ``toolkit/lexicons/office_titles.csv`` found by a path (a candidate phrase) becomes
a mention of the person who held its office on the article's date (the ``published`` column
of the articles frame; terms from ``toolkit/lexicons/offices.csv``): ``entity`` is that
person, ``method="office"``, the span the title's. It stays no mention when

- the article has no date, or nobody (or more than one person: an acting holder beside the
  holder, a month when the office changed hands) held the office that day;
- a name follows the title (الرئيس الأمريكي جو بايدن: the name wins) or comes right before it
  (جو بايدن، الرئيس الأمريكي);
- a word of kind ``after`` follows it (رئيس الوزراء السابق، الأسبق، المكلف), or an adjective
  of another nation (رئيس الجمهورية الإسلامية الإيرانية), or a word of kind ``before``
  precedes it (نائب رئيس الوزراء، منصب رئيس الوزراء).

A surname right after the title (رئيس الوزراء السوداني) is the holder's when it is one of
his short forms: it becomes a mention of him (``method="coreference"``) and the title none.
A title that contains a name (قائد القيادة المركزية الأمريكية) keeps that name's mention; the
office's mention is then the words before it (قائد).
"""

from __future__ import annotations

import re
from bisect import bisect_left

import polars as pl

from toolkit.entities.context import after, before
from toolkit.entities.found import ROW_SCHEMA, Found, mention_rows

__all__ = ["office_mentions"]

#: What may stand between a title and the name after it (spaces, a comma or colon, the
#: clitics glued to the name), and between a name and the title after it.
_NEXT = re.compile(r"^[\s،,:]*[وفبكل]{0,2}$")
_APPOSITION = re.compile(r"^[\s،,]*$")
#: The runs ``_NEXT`` and ``_APPOSITION`` open and close with: a name that follows a title
#: starts at most three characters after the run (two clitics and a line end), one before
#: it ends where the run before the title starts (:func:`_run_before`).
_RUN_AFTER = re.compile(r"[\s،,:]*")
_FAR = 1 << 62


def _holders(candidates: pl.DataFrame, found: Found) -> pl.DataFrame:
    """The candidates that are office titles, with the one person who held the office on
    the article's date (``holder``)."""
    roles = found.tables.offices().titles.select("key", "role")
    dates = found.articles.select("article_id", "published").filter(
        pl.col("published").is_not_null()
    )
    titles = candidates.with_row_index("_c").join(roles, on="key").join(dates, on="article_id")
    if titles.is_empty():
        return titles.with_columns(holder=pl.lit(None, dtype=pl.String))
    terms = found.tables.offices().terms.rename(
        {"entity_id": "holder", "start": "term_start", "end": "term_end"}
    )
    return (
        titles.join(terms, on="role")
        .filter(
            (pl.col("term_start") <= pl.col("published"))
            & (pl.col("term_end").is_null() | (pl.col("term_end") >= pl.col("published")))
        )
        .group_by("_c", maintain_order=True)
        .agg(pl.all().first(), holders=pl.col("holder").n_unique())
        .filter(pl.col("holders") == 1)
        .sort("_c")
    )


def office_mentions(found: Found, *, per_article: bool = False) -> pl.DataFrame:
    """The mentions of ``found`` with the holders of bare office titles added (see the module
    documentation).

    Only the mentions and candidates that can touch a title are read (``per_article``: every
    mention of a titled article, as before; the two give the same frame).

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "وقال رئيس الوزراء العراقي إن القوات باقية"
    >>> day = pl.DataFrame({"article_id": ["a"], "text": [text],
    ...     "published": [dt.date(2021, 7, 26)]})
    >>> extract_entities(day).select("surface", "entity", "method").rows()
    [('رئيس الوزراء العراقي', 'mustafa_al_kadhimi', 'office')]
    """
    candidates = found.candidates
    if candidates.is_empty() or found.articles["published"].is_null().all():
        return found.mentions
    titles = _holders(candidates, found)
    if titles.is_empty():
        return found.mentions
    tables, splitter = found.tables, found.tables.splitter
    ids = titles["article_id"].unique().implode()  # only the articles with a bare title
    in_titled = pl.col("article_id").is_in(ids)
    texts = dict(found.articles.filter(in_titled).select("article_id", "text").iter_rows())
    forms = dict(tables.short_forms.select("key", "entities").iter_rows())
    rows_of = titles.select("article_id", "sentence_id", "start", "end", "holder").rows()
    # How far a name may start after a title (``_NEXT``) or end before it (``_APPOSITION``).
    reach = [(_run_after(texts[a], e), _run_before(texts[a], s)) for a, _, s, e, _ in rows_of]
    if per_article:
        near, following = _per_article(found, titles, in_titled)
    else:
        near, following = _near(found, titles, reach, in_titled)
    endings, words = tables.nisba_endings, tables.offices().words
    rows = []
    for index, (article, sentence, start, end, holder) in enumerate(rows_of):
        text = texts[article]
        mentions = near(index, article)
        inner = [m for m in mentions if m[0] < end and m[1] > start]
        if any(m[0] < start or m[1] > end for m in inner):
            continue  # the title is part of a longer name
        surname = next(
            (
                (c_start, c_end)
                for c_start, c_end, key in following(index, article, end)
                if _NEXT.match(text[end:c_start]) and holder in forms.get(key, ())
            ),
            None,
        )
        if surname is not None:
            s_start, s_end = surname
            rows.append(
                (article, sentence, s_start, s_end, text[s_start:s_end], holder, "coreference")
            )
            continue
        # The name wins: a person named right after the title, or right before it.
        if any(
            m[2] == "PERSON"
            and (
                (m[0] >= end and _NEXT.match(text[end : m[0]]))
                or (m[1] <= start and _APPOSITION.match(text[m[1] : start]))
            )
            for m in mentions
        ):
            continue
        if _blocked(after(text, end, splitter), before(text, start, splitter)[1], words, endings):
            continue
        if inner:  # the title contains a name: the office is the words before it
            end = text.rfind(" ", start, min(m[0] for m in inner))
            if end <= start:
                continue
        rows.append((article, sentence, start, end, text[start:end], holder, "office"))
    schema = ROW_SCHEMA
    return mention_rows(found, pl.DataFrame(rows, schema=schema, orient="row"))


def _per_article(found: Found, titles: pl.DataFrame, in_titled: pl.Expr):
    """Every mention and candidate of the titled articles, looked up by article."""
    del titles
    by_article: dict[str, list[tuple[int, int, str, str | None]]] = {}
    for article, start, end, label, entity in (
        found.mentions.filter(in_titled).select("article_id", "start", "end", "label", "entity")
    ).iter_rows():
        by_article.setdefault(article, []).append((start, end, label, entity))
    following: dict[str, list[tuple[int, int, str]]] = {}
    for article, c_start, c_end, key in (
        (found.candidates.filter(in_titled).sort("article_id", "start", maintain_order=True))
        .select("article_id", "start", "end", "key")
        .iter_rows()
    ):
        following.setdefault(article, []).append((c_start, c_end, key))
    starts = {article: [c[0] for c in rows] for article, rows in following.items()}
    return (
        lambda _, article: by_article.get(article, []),
        lambda _, article, end: _from(following, starts, article, end),
    )


def _near(found: Found, titles: pl.DataFrame, reach: list[tuple[int, int]], in_titled: pl.Expr):
    """Per title (by its row), the mentions that can change it: those that overlap it and the
    persons that end or start where ``_APPOSITION`` or ``_NEXT`` may hold (``reach``); and
    the candidates after it where ``_NEXT`` may hold, in start order."""
    spans = titles.select(
        "article_id",
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_t"),
        pl.col("start").alias("_ts"),
        pl.col("end").alias("_te"),
        pl.Series("_next", [r[0] for r in reach], dtype=pl.Int64),
        pl.Series("_prev", [r[1] for r in reach], dtype=pl.Int64),
    )
    person = pl.col("label") == "PERSON"
    pairs = (
        found.mentions.filter(in_titled)
        .select("article_id", "start", "end", "label", "entity")
        .with_row_index("_m")
        .join(spans, on="article_id")
        .filter(
            ((pl.col("start") < pl.col("_te")) & (pl.col("end") > pl.col("_ts")))
            | (person & pl.col("start").is_between(pl.col("_te"), pl.col("_next")))
            | (person & pl.col("end").is_between(pl.col("_prev"), pl.col("_ts")))
        )
        .sort("_t", "_m")
    )
    near: dict[int, list[tuple[int, int, str, str | None]]] = {}
    for t, start, end, label, entity in pairs.select(
        "_t", "start", "end", "label", "entity"
    ).iter_rows():
        near.setdefault(t, []).append((start, end, label, entity))
    after_title = (
        found.candidates.filter(in_titled)
        .sort("article_id", "start", maintain_order=True)
        .select("article_id", "start", "end", "key")
        .with_row_index("_c")
        .join(spans, on="article_id")
        .filter(pl.col("start").is_between(pl.col("_te"), pl.col("_next")))
        .sort("_t", "_c")
    )
    following: dict[int, list[tuple[int, int, str]]] = {}
    for t, c_start, c_end, key in after_title.select("_t", "start", "end", "key").iter_rows():
        following.setdefault(t, []).append((c_start, c_end, key))
    return (
        lambda index, _: near.get(index, []),
        lambda index, _, end: following.get(index, []),
    )


def _run_after(text: str, end: int) -> int:
    """The last offset a name may start at after a title that ends at ``end`` (``_NEXT``:
    the run of spaces and commas, two clitics and a line end; any, near the end of the text,
    where the slice is cut short)."""
    last = _RUN_AFTER.match(text, min(end, len(text))).end() + 3
    return last if last < len(text) else _FAR


def _run_before(text: str, start: int) -> int:
    """Where the run of spaces, commas and Arabic commas that ends at ``start`` begins."""
    start = min(start, len(text))
    while start and (text[start - 1].isspace() or text[start - 1] in "،,"):
        start -= 1
    return start


def _from(following, starts, article: str, end: int) -> list[tuple[int, int, str]]:
    """The candidates of ``article`` that start at or after ``end`` (sorted by start)."""
    rows = following.get(article)
    return rows[bisect_left(starts[article], end) :] if rows else []


def _blocked(next_words, previous, words, endings) -> bool:
    """Whether the words around a title say its sitting holder is not meant (``words``: the
    office tables' phrases ``after`` and ``before`` a title)."""
    if any(next_words[: len(phrase)] == phrase for phrase in words["after"]):
        return True
    if len(next_words) >= 2 and next_words[0] == "ال" and next_words[1].endswith(endings):
        return True  # another nation's office: رئيس الجمهورية الإسلامية
    return any(previous[-len(phrase) :] == phrase for phrase in words["before"] if phrase)
