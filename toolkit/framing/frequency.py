"""Counting framing terms: how often each term (or frame) names its referent, per group."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.arabic import with_groups

__all__ = ["framing_frequency"]

_LEVELS = {"term": ["term", "frame", "gloss"], "frame": ["frame"]}


def framing_frequency(
    terms: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    of: str = "term",
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Counts and shares of each term (or each frame) within its referent, per group.

    Parameters
    ----------
    terms
        The frame of :func:`toolkit.framing.extract_framing`.
    by
        Column(s) to group by: ``quoted`` (the outlet's own voice against the voices it
        quotes), ``article_id``, or article metadata such as ``source`` (the outlet),
        ``month`` or ``week`` (from ``published``), taken from ``articles``.
    of
        ``"term"`` to count each term, ``"frame"`` to count each frame (its terms together).
    articles
        The articles the terms come from, for metadata columns ``terms`` lacks.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``referent``, then ``term``, ``frame`` and ``gloss`` (or ``frame``
        alone), ``count`` (occurrences), ``articles`` (articles with one), ``referent_count``
        (occurrences of the referent in the group) and ``share`` (``count /
        referent_count``: of the times the group names the referent, how often this way).
        Sorted by group, referent and count (most first).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.framing import extract_framing
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...                    "text": ["ندد بالاحتلال وبالاحتلال.", "ناقش الوجود الأمريكي."]})
    >>> freq = framing_frequency(extract_framing(df), by="source", of="frame", articles=df)
    >>> freq.select("source", "frame", "count", "share").rows()
    [('X', 'occupation', 2, 1.0), ('Y', 'presence', 1, 1.0)]
    """
    if of not in _LEVELS:
        raise ValueError(f"of must be 'term' or 'frame', not {of!r}")
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(terms, groups, articles)
    keys = [*groups, "referent", *_LEVELS[of]]
    counts = frame.group_by(keys).agg(count=pl.len(), articles=pl.col("article_id").n_unique())
    counts = counts.with_columns(
        referent_count=pl.col("count").sum().over([*groups, "referent"]),
    ).with_columns(share=pl.col("count") / pl.col("referent_count"))
    order = [*groups, "referent", "count", _LEVELS[of][0]]
    descending = [False] * (len(groups) + 1) + [True, False]
    return counts.sort(order, descending=descending, nulls_last=True).select(
        *keys, "count", "articles", "referent_count", "share"
    )
