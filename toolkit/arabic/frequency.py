"""Term frequencies with rates, optionally per group of articles (outlet, month, week)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

__all__ = ["token_frequency", "with_groups"]


def _time_column(by: str) -> pl.Expr | None:
    if by == "month":
        return pl.col("published").dt.truncate("1mo").alias("month")
    if by == "week":
        return pl.col("published").dt.truncate("1w").alias("week")
    return None


def with_groups(
    frame: pl.DataFrame, by: Iterable[str], articles: pl.DataFrame | None
) -> pl.DataFrame:
    """Add the grouping columns ``by`` to ``frame`` (joining article metadata if needed).

    ``month`` and ``week`` are derived from the articles' ``published`` date.
    """
    missing = [b for b in by if b not in frame.columns]
    if not missing:
        return frame
    if articles is None:
        raise ValueError(
            f"cannot group by {missing}: the frame has no such column; pass articles= "
            "(the frame from load_articles) to take them from the article metadata"
        )
    meta = articles.select(
        "article_id",
        *[_time_column(b) if _time_column(b) is not None else pl.col(b) for b in missing],
    )
    return frame.join(meta, on="article_id", how="left")


def token_frequency(
    tokens: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    normalized: bool = True,
    drop_stopwords: bool = True,
    kinds: Iterable[str] = ("word", "latin"),
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Count terms, with rates per 1,000 tokens, optionally per group.

    Parameters
    ----------
    tokens
        The frame from :func:`tokenize`.
    by
        Column name(s) to group by, for example ``"article_id"``, ``"source"``, ``"month"`` or
        ``"week"``; metadata columns come from ``articles`` when ``tokens`` lacks them.
    normalized
        Count the normalized form (``norm``) rather than the surface (``token``).
    drop_stopwords
        Leave out the shipped stopwords (they still count in the rate's denominator).
    kinds
        Token kinds to count.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``term``, ``count``, ``documents`` (articles containing the term)
        and ``per_1000`` (count per 1,000 counted tokens in the group), most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.arabic.tokens import tokenize
    >>> toks = tokenize(pl.DataFrame({"article_id": ["a"], "text": ["العراق وإيران والعراق"]}))
    >>> token_frequency(toks).row(0)
    ('العراق', 1, 1, 333.3333333333333)
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(tokens, groups, articles).filter(pl.col("kind").is_in(list(kinds)))
    totals = frame.group_by(groups or pl.lit(1).alias("_all")).agg(_total=pl.len())
    if drop_stopwords:
        frame = frame.filter(~pl.col("is_stopword"))
    term = pl.col("norm" if normalized else "token").alias("term")
    counts = frame.group_by([*groups, term]).agg(
        count=pl.len(), documents=pl.col("article_id").n_unique()
    )
    if groups:
        counts = counts.join(totals, on=groups, how="left")
    else:
        counts = counts.with_columns(_total=totals["_total"].first())
    return (
        counts.with_columns(per_1000=pl.col("count") * 1000.0 / pl.col("_total"))
        .drop("_total")
        .sort([*groups, "count", "term"], descending=[False] * len(groups) + [True, False])
    )
