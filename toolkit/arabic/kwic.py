"""Keyword in context, matched on normalized text with clitics, offsets into the original."""

from __future__ import annotations

import re

import polars as pl

from toolkit.arabic.normalize import normalize, normalize_expr, normalize_with_map

__all__ = ["kwic"]


def kwic(
    articles: pl.DataFrame | pl.LazyFrame,
    term: str,
    *,
    window: int = 40,
    normalized: bool = True,
    clitics: bool = True,
) -> pl.DataFrame:
    """Keyword in context: every occurrence of ``term`` with its left and right context.

    ``term`` (one or more words) is matched as whole words on normalized text when
    ``normalized`` is true, so ``أمريكا`` also finds ``امريكا`` and ``أمـريكا``; with
    ``clitics`` it may carry attached و ف ب ك ل and ال (``بالعراق`` for ``العراق``).

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``start``, ``end`` (offsets of the match in the original text),
        ``left``, ``match``, ``right`` (``window`` characters of context on each side).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وصل إلى العِراق ثم غادر العراقيين"]})
    >>> kwic(df, "العراق", window=8).select("left", "match", "right").row(0)
    ('وصل إلى ', 'العِراق', ' ثم غادر')
    """
    schema = {
        "article_id": pl.String,
        "start": pl.Int64,
        "end": pl.Int64,
        "left": pl.String,
        "match": pl.String,
        "right": pl.String,
    }
    needle = normalize(term).strip() if normalized else term.strip()
    if not needle:
        return pl.DataFrame(schema=schema)
    haystack = normalize_expr("text") if normalized else pl.col("text")
    candidates = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), "text")
        .filter(haystack.str.contains(needle, literal=True))
        .collect()
    )
    prefix = r"(?:[وف]?[بكل]?(?:ال)?)?" if clitics else ""
    bare = needle[2:] if clitics and needle.startswith("ال") else needle
    forms = "|".join(re.escape(form) for form in dict.fromkeys([needle, bare]) if form)
    pattern = re.compile(rf"(?<![\w]){prefix}(?:{forms})(?![\w])")
    rows = []
    for article_id, text in candidates.select("article_id", "text").iter_rows():
        norm, index = normalize_with_map(text) if normalized else (text, list(range(len(text) + 1)))
        for match in pattern.finditer(norm):
            if match.end() == match.start():
                continue
            # A match inside a ligature that normalization expands (ﷺ, ﷲ) is the whole ligature.
            start = index[match.start()]
            end = max(index[match.end()], index[match.end() - 1] + 1)
            rows.append(
                (
                    article_id,
                    start,
                    end,
                    text[max(0, start - window) : start],
                    text[start:end],
                    text[end : end + window],
                )
            )
    return pl.DataFrame(rows, schema=schema, orient="row")
