"""The reference: framing terms found sentence by sentence, in plain Python.

Each sentence (:func:`toolkit.split_sentences`) is cut into words by Unicode category
(:func:`toolkit.framing.terms.python_words`) and into stretches of words between punctuation
marks (a term never crosses a comma, a colon or a quotation mark); each word is read as the cue
files read it, and every pattern is tried at every word of each stretch with
:func:`toolkit.lexicons.patterns.match_at` (the matcher the lexicon loader checks the examples
with). Overlapping matches are resolved
:func:`leftmost_longest`; a match is *quoted* when it lies inside «…», “…” or "…" on its line
(:func:`quoted_spans`). :func:`toolkit.framing.extract_framing` computes the same frame with
polars (``tests/framing/test_extract.py`` checks that they are equal).
"""

from __future__ import annotations

import os
import re
import unicodedata

import polars as pl

from toolkit.arabic import split_sentences
from toolkit.framing.terms import framing_terms, head_of, python_words
from toolkit.lexicons import Lexicons
from toolkit.lexicons.patterns import match_at, slot_matches, word_forms

__all__ = [
    "FRAMING_SCHEMA",
    "QUOTES",
    "extract_framing_reference",
    "leftmost_longest",
    "quoted_spans",
]

#: The columns of a framing frame, in order.
FRAMING_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "referent": pl.String,
    "term": pl.String,
    "frame": pl.String,
    "gloss": pl.String,
    "quoted": pl.Boolean,
    "sentence": pl.String,
}

#: A quotation on one line: «…», “…” or "…" (the sentence splitter keeps each in one sentence).
QUOTES = re.compile(r'«[^»\n]*»|“[^”\n]*”|"[^"\n]*"')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every quotation in ``text``, quote marks included.

    Examples
    --------
    >>> quoted_spans('قال «الاحتلال» و"المقاومة"')
    [(4, 14), (16, 26)]
    """
    return [m.span() for m in QUOTES.finditer(text)]


def leftmost_longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of matches ``(first word, last word, row)``, keep the one that starts first, at the
    same start the one that spans more words, then the earlier row of the file; drop every
    match that overlaps one kept before it.

    Examples
    --------
    >>> leftmost_longest([(0, 0, 5), (0, 1, 7), (1, 2, 2), (2, 2, 1)])
    [(0, 1, 7), (2, 2, 1)]
    """
    kept, reach = [], -1
    for first, last, row in sorted(matches, key=lambda m: (m[0], m[0] - m[1], m[2])):
        if first > reach:
            kept.append((first, last, row))
            reach = last
    return kept


def _stretches(text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The runs of words (``[lo, hi)`` indexes) with no punctuation between them: a term
    never crosses a comma, a colon or a quotation mark."""
    runs, lo = [], 0
    for i in range(1, len(words)):
        between = text[words[i - 1][1] : words[i][0]]
        if any(unicodedata.category(c).startswith("P") for c in between):
            runs.append((lo, i))
            lo = i
    runs.append((lo, len(words)))
    return runs


def extract_framing_reference(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    framing: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """:func:`toolkit.framing.extract_framing` computed sentence by sentence in Python.

    The reference the polars path is tested against: same arguments, same frame, slower.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["ندد بالاحتلال الأمريكي."]})
    >>> extract_framing_reference(df).select("surface", "referent", "frame").row(0)
    ('الاحتلال الأمريكي', 'us_presence', 'occupation')
    """
    terms = framing_terms(framing, lexicons)
    patterns = [r["parsed"] for r in terms.records]
    slots = [slot for pattern in patterns for slot in pattern.slots]

    def fills(form: str) -> bool:
        return any(slot_matches(slot, (form,)) for slot in slots)

    articles = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .collect()
    )
    rows = []
    for article_id, sentence_id, base, _, text in split_sentences(articles).iter_rows():
        words = python_words(text)
        if not words:
            continue
        read = [word_forms(word, terms.splitter) for _, _, word in words]
        forms = [r[3] for r in read]
        found = []
        for lo, hi in _stretches(text, words):
            for p, pattern in enumerate(patterns):
                for i in range(lo, hi):
                    end = match_at(pattern.slots, pattern.gaps, forms[lo:hi], i - lo)
                    if end is not None:
                        found.append((i, lo + end - 1, p))
        quotes = quoted_spans(text)
        for first, last, p in leftmost_longest(found):
            head = head_of(words[first][2], read[first][0], fills)
            start, end = words[first][0] + head, words[last][1]
            record = terms.records[p]
            rows.append(
                (
                    article_id,
                    sentence_id,
                    base + start,
                    base + end,
                    text[start:end],
                    record["referent"],
                    record["term"],
                    record["frame"],
                    record["gloss"],
                    any(a <= start and end <= b for a, b in quotes),
                    text,
                )
            )
    return pl.DataFrame(rows, schema=FRAMING_SCHEMA, orient="row")
