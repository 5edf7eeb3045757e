"""Whose force a figure counts: nisbas, and the entity mentions of its clause.

A troop figure with a nisba on its noun (جندي أمريكي; ``nisbas.csv``, read while parsing)
has its subject. One without takes the party of an entity right after its noun (عناصر
التحالف الدولي) or, failing that, of the nearest entity before it in the same clause that is
not a place after في/ب (الناتو … لديه قوة تزيد عن 300), or of a nisba-marked force before it
(القوات الأمريكية); if there is none the subject stays null rather than a guess. A nisba of
``nisbas.csv`` with no party (a foreign nationality that is no party: بريطاني) gives no
subject. The entities are extracted from the articles that need a subject (with
``gazetteer=``), or taken from ``mentions=`` when the caller already has them (then every
mention with a party counts, whatever lexicon gave it).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left

import polars as pl

from toolkit.entities import extract_entities
from toolkit.figures.lexicon import PLACEHOLDER, Grammar

__all__ = ["CLAUSE_AFTER", "CLAUSE_MARKS", "CLAUSE_REACH", "resolve_subjects", "with_subjects"]

_GENITIVE_GAP = re.compile(r"^\s*(?:\S*تابع\S*\s+)?(?:من\s+|ل{1,2}ـ?\s*)?$")

#: How far back from a figure its clause is looked for (a comma-less clause is cut there).
CLAUSE_REACH = 1000
#: The marks a clause starts after.
CLAUSE_MARKS = ("،", ",", "؛", ";", ":")
#: How far past the counted noun (or the number) a clause is read.
CLAUSE_AFTER = 40


def resolve_subjects(
    g: Grammar,
    figures: pl.DataFrame,
    texts: dict[str, tuple[str, str]],
    mentions: pl.DataFrame | None = None,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """Fill ``subject`` of troop figures that have no nisba from the words before them.

    Entity mentions are looked for only in each figure's clause (from the last comma or
    semicolon before it, at most ``CLAUSE_REACH`` characters back, to a little past its
    noun): the article's mentions that start inside the clause. Without ``mentions`` they are
    extracted (with the entities of ``gazetteer``) from the articles that need a subject, so
    that the result is the same whether the caller had them at hand or not.
    """
    need = figures.filter((pl.col("kind") == "troops") & ~pl.col("subject_done"))
    if need.height == 0:
        return figures
    if mentions is None:
        ids = need["article_id"].unique(maintain_order=True).to_list()
        articles = pl.DataFrame(
            {"article_id": ids, "text": [texts[a][0] for a in ids]},
            schema={"article_id": pl.String, "text": pl.String},
        )
        mentions = extract_entities(articles, gazetteer=gazetteer)
    rows = need.select("article_id", "start", "end", "noun_end", "sentence_start", "sentence_end")
    jobs = []
    spans = []
    for article_id, start, end, noun_end, s0, s1 in rows.iter_rows():
        text = texts[article_id][0]
        base = max(s0, start - CLAUSE_REACH)
        mark = max([text.rfind(m, base, start) for m in CLAUSE_MARKS])
        clause = base if mark < 0 else mark + 1
        stop = min(s1, (noun_end if noun_end is not None else end) + CLAUSE_AFTER)
        index = len(spans)
        spans.append((article_id, clause, stop))
        noun = None if noun_end is None else noun_end - clause
        jobs.append((article_id, start, index, start - clause, noun, clause, stop))
    texts_of = [texts[a][0][c:e] for a, c, e in spans]
    by_segment = _given_mentions(mentions, spans)
    updates = []
    resolved: dict[tuple, tuple | None] = {}  # one answer per distinct clause and position
    for article_id, start, index, rel, noun, clause, stop in jobs:
        text = texts_of[index]
        found_mentions = by_segment.get(index, [])
        memo_key = (text, rel, noun, *found_mentions)
        if memo_key not in resolved:
            # the clause normalized keeping its length: the article's (the same characters
            # map one by one, so the same clause text gives the same form in any article)
            pre = texts[article_id][1][clause:stop]
            resolved[memo_key] = _subject_from_mentions(g, text, pre, found_mentions, rel, noun)
        found = resolved[memo_key]
        if found is not None:
            updates.append((article_id, start, found[0], found[1]))
    if not updates:
        return figures
    return with_subjects(figures, updates)


def _given_mentions(
    mentions: pl.DataFrame | pl.LazyFrame, spans: list[tuple[str, int, int]]
) -> dict[int, list[tuple]]:
    """The party mentions (of the whole article) that start in each clause, in the clause's
    offsets. The mentions themselves say which clauses have one, whatever lexicon gave
    them."""
    names = mentions.lazy().collect_schema().names()
    missing = {"article_id", "start", "end", "party", "surface"} - set(names)
    if missing:
        raise ValueError(f"mentions= lacks the column(s) {sorted(missing)}")
    found = (
        mentions.lazy()
        .filter(pl.col("party").is_not_null() & pl.col("start").is_not_null())
        .select(pl.col("article_id").cast(pl.String), "start", "end", "party", "surface")
        .sort("article_id", "start", "end")
        .collect()
    )
    by_article: dict[str, list[tuple]] = {}
    for article_id, m_start, m_end, party, surface in found.iter_rows():
        by_article.setdefault(article_id, []).append((m_start, m_end, party, surface))
    starts = {a: [m[0] for m in ms] for a, ms in by_article.items()}
    by_segment: dict[int, list[tuple]] = {}
    for index, (article_id, clause, stop) in enumerate(spans):
        listed = by_article.get(article_id)
        if not listed:
            continue
        first = bisect_left(starts[article_id], clause)
        last = bisect_left(starts[article_id], stop)
        if first < last:
            by_segment[index] = [
                (m_start - clause, m_end - clause, party, surface)
                for m_start, m_end, party, surface in listed[first:last]
            ]
    return by_segment


def _nisba_forces(g: Grammar, pre: str, start: int) -> list[tuple[int, int, str | None]]:
    """The nisba-marked forces that end before ``start`` (القوات الأمريكية): ``(start, end,
    party)`` of each nisba, in text order. A force noun (``figure_nouns.csv``) followed by a
    word that :meth:`~toolkit.figures.lexicon.Grammar.nisba` knows."""
    found = []
    position = 0
    search = g.force_word_re.search
    while (match := search(pre, position, start)) is not None:
        is_nisba, party = g.nisba(match.group(1))
        if is_nisba:
            found.append((match.start(1), match.end(1), party))
            position = match.end(1)
        else:
            position = match.start() + 1
    return found


def _subject_from_mentions(
    g: Grammar,
    text: str,
    pre: str,
    mentions: list[tuple[int, int, str | None, str]],
    start: int,
    noun_end: int | None,
) -> tuple[str | None, str] | None:
    """Whose force: a genitive entity after the noun (عناصر التحالف الدولي), else the nearest
    entity or nisba-marked force (القوات الأمريكية) before the figure in its clause."""
    if noun_end is not None:
        for m_start, m_end, party, surface in mentions:
            if m_start <= noun_end < m_end or (
                noun_end <= m_start <= noun_end + 16 and _GENITIVE_GAP.match(text[noun_end:m_start])
            ):
                return party, surface
    best: tuple[int, str | None, str] | None = None
    for m_start, m_end, party, surface in mentions:
        if m_end > start:
            continue
        word_start = text.rfind(" ", 0, m_start) + 1
        if "ب" in text[word_start:m_start]:
            continue  # بالعراق: a place
        previous = pre[:word_start].replace(PLACEHOLDER, "").split()
        if previous and previous[-1] in g.locatives:
            continue  # في العراق، من إيران: a place or a source
        if best is None or m_end > best[0]:
            best = (m_end, party, surface)
    for n_start, n_end, party in _nisba_forces(g, pre.replace(PLACEHOLDER, " "), start):
        if best is None or n_end > best[0]:
            best = (n_end, party, text[n_start:n_end])
    return None if best is None else (best[1], best[2])


def with_subjects(figures: pl.DataFrame, updates: list[tuple]) -> pl.DataFrame:
    """``figures`` with the subjects found (``(article_id, start, subject, surface)`` rows)
    filled in where a figure had none."""
    frame = pl.DataFrame(
        updates,
        schema={"article_id": pl.String, "start": pl.Int64, "_s": pl.String, "_ss": pl.String},
        orient="row",
    )
    return (
        figures.join(frame, on=["article_id", "start"], how="left")
        .with_columns(
            subject=pl.coalesce("subject", "_s"),
            subject_surface=pl.coalesce("subject_surface", "_ss"),
        )
        .drop("_s", "_ss")
    )
