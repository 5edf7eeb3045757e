"""Surnames of proposed names: a name proposed after a title, repeated later by its last word.

Copy names a person in full once, after a title, and by the surname after that: «قال عضو اللجنة
عباس صروط … وبيّن صروط»، «المحلل الأمني إحسان القيسون … وقال القيسون». A name the gazetteer
does not know comes out of the title rule (:mod:`toolkit.entities.patterns`,
``method="pattern"``); its surname alone cannot, as no title is before it. This source adds
each later occurrence of the last word of a proposed name of two or three words, written as in
the name, as a mention of the same proposed entity (``method="coreference"``):

- only after the name, in the same article, as a whole word (a و or ف may be glued to it:
  وصروط), never inside another mention;
- a surname with ال (الزيادي) needs four letters after the article; one without ال (نايتس)
  needs four letters and must be a rare word (word-frequency evidence: Zipf below
  :data:`RARE`), so that a surname that is an ordinary word (سالم، كريم) is not read as a name;
- a commoner surname without ال (Zipf below :data:`COMMON`: حامد، فواز، مالك) stands for the
  name only as the subject of a reported statement, right before a complementizer
  (``complementizer`` words of ``grammar_words.csv``: «وأضاف حامد أن»، «وأوضح فواز أن»).
"""

from __future__ import annotations

import bisect
import re

import polars as pl

from toolkit.arabic import normalize, sentence_spans
from toolkit.entities.found import MENTION_SCHEMA, Found
from toolkit.lexicons.grammar import grammar_words

__all__ = ["COMMON", "RARE", "repeated_surnames", "with_sentences"]

#: How frequent (Zipf) a surname without the article may be and still stand alone for a name.
RARE = 3.0
#: How frequent (Zipf) a surname without the article may be and still stand for a name right
#: before a complementizer.
COMMON = 5.0
_NEXT_WORD = re.compile(r"\s+(\w+)")
_GLUE = "وف"


def with_sentences(found: Found, new: pl.DataFrame) -> pl.DataFrame:
    """``new`` mentions (``article_id``, ``start`` …) with the ``sentence_id`` their start
    falls in, in :data:`MENTION_SCHEMA`."""
    ids = new.select(pl.col("article_id").unique())
    sentences = sentence_spans(
        found.articles.join(ids, on="article_id").select("article_id", "text")
    ).collect()
    starts: dict[str, tuple[list[int], list[int]]] = {}
    for article, start, sentence in sentences.select("article_id", "start", "sentence_id").rows():
        pair = starts.setdefault(article, ([], []))
        pair[0].append(start)
        pair[1].append(sentence)
    numbers = []
    for article, start in new.select("article_id", "start").rows():
        first, ids_ = starts.get(article, ([], []))
        at = bisect.bisect_right(first, start) - 1
        numbers.append(ids_[at] if at >= 0 else 1)
    return (
        new.with_columns(sentence_id=pl.Series(numbers, dtype=pl.Int64))
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )


def _surname(surface: str, zipf) -> tuple[str | None, bool]:
    """The surname of a proposed name, and whether it needs a complementizer after it."""
    words = surface.split()
    if not 2 <= len(words) <= 3:
        return None, False
    last = words[-1]
    if not re.fullmatch(r"\w+", last):
        return None, False
    if last.startswith("ال"):
        return (last if len(last) >= 6 else None), False
    if len(last) < 4:
        return None, False
    frequency = zipf(normalize(last))
    if frequency >= COMMON:
        return None, False
    return last, frequency >= RARE


def repeated_surnames(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` with the later surnames of proposed names added (module
    documentation).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "وقال المحلل الأمني إحسان الكرعاوي إن المنطقة مغلقة، وأضاف الكرعاوي أن الأهالي ممنوعون"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "method").rows()
    [('إحسان الكرعاوي', 'pattern'), ('الكرعاوي', 'coreference')]
    """
    mentions = found.mentions
    proposed = mentions.filter(pl.col("method") == "pattern")
    if proposed.is_empty():
        return mentions
    zipf = found.tables.zipf
    texts = dict(found.articles.select("article_id", "text").iter_rows())
    spans = found.taken(proposed["article_id"].unique())
    added: list[dict] = []
    seen: set[tuple[str, int]] = set()
    complementizers = grammar_words(lexicons=found.tables.lexicons)["complementizer"]
    for row in proposed.iter_rows(named=True):
        surname, needs = _surname(row["surface"], zipf)
        if surname is None:
            continue
        article, text = row["article_id"], texts[row["article_id"]]
        taken = spans[article]
        starts = [s for s, _ in taken]
        for m in re.finditer(rf"(?<!\w)[{_GLUE}]?({re.escape(surname)})(?!\w)", text):
            start, end = m.span(1)
            if start < row["end"] or (article, start) in seen:
                continue
            at = bisect.bisect_right(starts, start)
            if at and taken[at - 1][1] > start:
                continue  # inside a mention
            if at < len(taken) and taken[at][0] < end:
                continue
            if needs:
                following = _NEXT_WORD.match(text, end)
                if not following or normalize(following.group(1)) not in complementizers:
                    continue  # a common word, not the subject of a statement
            seen.add((article, start))
            added.append(
                {**row, "start": start, "end": end, "surface": surname, "method": "coreference"}
            )
    if not added:
        return mentions
    new = with_sentences(found, pl.DataFrame(added, schema=MENTION_SCHEMA))
    order = found.articles.select("article_id").with_row_index("_article")
    return (
        pl.concat([mentions, new], how="vertical")
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .drop("_article")
    )
