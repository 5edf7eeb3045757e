"""Distinctive words: which words set one group of articles (an outlet, a period) apart from
the others, by the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16(4), §3.5).

For a word *w*, a group *i* and the rest of the corpus *j* (every other group together), with
counts ``y``, group sizes ``n`` and prior pseudo-counts ``α_w`` summing to ``α_0``::

    δ_w = log((y_iw + α_w) / (n_i + α_0 - y_iw - α_w))
        - log((y_jw + α_w) / (n_j + α_0 - y_jw - α_w))
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
    z_w = δ_w / σ_w

The informative prior spreads ``α_0`` over the words in proportion to their frequency in the
whole corpus (``α_w = α_0 · y_w / n``), so that frequent words need large differences to stand
out and rare words are not over-read, unlike a raw ratio of frequencies.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.arabic import with_groups

__all__ = ["distinctive_words"]


def distinctive_words(
    tokens: pl.DataFrame,
    *,
    by: str | Iterable[str],
    prior: float | pl.DataFrame = 100.0,
    articles: pl.DataFrame | None = None,
    min_count: int = 1,
    drop_stopwords: bool = True,
    kinds: Iterable[str] = ("word",),
) -> pl.DataFrame:
    """The words that distinguish each group of articles from the others, with z-scores.

    Parameters
    ----------
    tokens
        The frame of :func:`toolkit.tokenize` (with ``clitics=True`` the clitic pieces are
        set aside and the stems counted). Words are counted in their normalized form.
    by
        The column(s) whose values are the groups: ``source`` (an outlet), ``month``,
        ``article_id`` … (article metadata comes from ``articles``).
    prior
        The Dirichlet prior. A number is ``α_0``, the prior's total weight, spread over the
        words in proportion to their frequency in all groups together (the informative prior
        of Monroe et al.); larger values shrink the log-odds of rare words more. A frame
        with columns ``term`` (normalized) and ``alpha`` gives each word's ``α_w`` itself
        (for a uniform prior, or one from a background corpus); words it lacks are left out.
    articles
        The articles, for metadata columns ``tokens`` lacks.
    min_count
        Report a word for a group only if the group uses it at least this often.
    drop_stopwords
        Leave out the stopwords (``is_stopword``).
    kinds
        The token kinds to count.

    Returns
    -------
    polars.DataFrame
        One row per (group, word): the ``by`` columns, ``term``, ``count`` (in the group),
        ``other_count`` (in the other groups), ``log_odds`` (δ) and ``z``; most distinctive
        first within each group. ``|z| > 1.96`` is the usual threshold.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit import tokenize
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...                    "text": ["الاحتلال الاحتلال الاحتلال الوجود", "الوجود الوجود الوجود الاحتلال"]})
    >>> words = distinctive_words(tokenize(df), by="source", prior=2.0, articles=df)
    >>> words.filter(pl.col("source") == "X").select("term", "count", "z").row(0)
    ('الاحتلال', 3, 1.6007...)
    """
    groups = [by] if isinstance(by, str) else list(by)
    if not groups:
        raise ValueError("by= must name the column whose values are the groups")
    frame = with_groups(tokens, groups, articles).filter(pl.col("kind").is_in(list(kinds)))
    if "clitic" in frame.columns:
        frame = frame.filter(pl.col("clitic").is_null())
    if drop_stopwords and "is_stopword" in frame.columns:
        frame = frame.filter(~pl.col("is_stopword"))
    counts = frame.group_by([*groups, pl.col("norm").alias("term")]).agg(count=pl.len())
    totals = counts.group_by("term").agg(total=pl.col("count").sum())
    n = int(totals["total"].sum() or 0)
    if isinstance(prior, pl.DataFrame):
        alphas = prior.select(pl.col("term").cast(pl.String), pl.col("alpha").cast(pl.Float64))
        totals = totals.join(alphas, on="term", how="inner")
        counts = counts.join(totals.select("term"), on="term", how="semi")
    else:
        if prior <= 0:
            raise ValueError(f"prior must be a positive number or a frame, not {prior!r}")
        totals = totals.with_columns(alpha=pl.col("total") * (float(prior) / max(n, 1)))
    n = int(totals["total"].sum() or 0)
    alpha0 = float(totals["alpha"].sum() or 0.0)
    if counts.select(groups).unique().height < 2:
        raise ValueError(f"distinctive words need at least two groups of {groups}")
    y_i, y_j = pl.col("count"), pl.col("total") - pl.col("count")
    n_i, n_j = pl.col("n_i"), n - pl.col("n_i")
    a = pl.col("alpha")
    scored = (
        counts.with_columns(n_i=pl.col("count").sum().over(groups))
        .join(totals, on="term", how="left")
        .with_columns(
            log_odds=((y_i + a) / (n_i + alpha0 - y_i - a)).log()
            - ((y_j + a) / (n_j + alpha0 - y_j - a)).log(),
            variance=1.0 / (y_i + a) + 1.0 / (y_j + a),
        )
        .with_columns(z=pl.col("log_odds") / pl.col("variance").sqrt())
        .filter(pl.col("count") >= min_count)
    )
    return scored.sort(
        [*groups, "z", "term"], descending=[False] * len(groups) + [True, False]
    ).select(
        *groups,
        "term",
        "count",
        pl.col("total").sub(pl.col("count")).alias("other_count"),
        "log_odds",
        "z",
    )
