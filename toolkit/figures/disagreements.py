"""Disagreements between compared figures, without pairing all with all.

A figure disagrees with another when their intervals do not overlap. Figures are bucketed by
group and day, ``disagrees`` is exact from the two best articles of each bucket, and the ids
listed in ``disagrees_with`` are read among the nearest figures in value, a bounded number of
candidate pairs at a time (``pair_budget``).
"""

from __future__ import annotations

import polars as pl

__all__ = ["FIGURE_BITS", "PAIR_BUDGET", "UNDATED", "day_bucket", "disagreements"]

FIGURE_BITS = 32  # _fid is the article's rank, then the figure's start, in one integer
UNDATED = -(2**40)  # the day bucket of undated figures (compared only with each other)
#: Candidate pairs held at once while listing disagreements (the default of ``pair_budget``).
PAIR_BUDGET = 500_000


def disagreements(
    seekers: pl.DataFrame,
    compared: pl.DataFrame,
    reach: int,
    max_listed: int,
    *,
    pair_budget: int = PAIR_BUDGET,
) -> pl.DataFrame:
    """``_row``, ``disagrees`` and ``_with`` (the ``_fid`` of the figures it disagrees with,
    at most ``max_listed``) of each of the ``seekers``, among the ``compared`` figures.

    Figures are bucketed by group and day (undated figures, or all of them when
    ``within_days`` is None, share one bucket), and each figure looks into the buckets within
    ``reach`` days; only those buckets of ``compared`` are read. ``disagrees`` is exact: the
    two highest ``interval_low`` and the two lowest ``interval_high`` of different articles
    in a bucket tell whether some figure of another article lies wholly above or below.
    ``_with`` is read from the ``max_listed`` figures nearest in value above and below in
    each bucket (sorted ranks and ``join_asof``), in chunks of at most ``pair_budget``
    candidate pairs; when a figure
    disagrees with no more figures than that per bucket and side, it lists them all, as
    comparing every pair would.
    """
    if seekers.height == 0:
        return pl.DataFrame(
            schema={
                "_row": seekers.schema["_row"],
                "disagrees": pl.Boolean,
                "_with": pl.List(pl.Int64),
            }
        )
    offsets = pl.int_ranges(-reach, reach + 1) if reach else pl.lit([0], pl.List(pl.Int64))
    buckets = compared.select("_g", _bucket=pl.col("_day")).unique()
    seeker = (
        seekers.with_columns(
            _offsets=pl.when(pl.col("_day") == UNDATED)
            .then(pl.lit([0], pl.List(pl.Int64)))
            .otherwise(offsets)
        )
        .explode("_offsets")
        .select(
            "_row",
            "_aid",
            "_g",
            (pl.col("_day") + pl.col("_offsets")).alias("_bucket"),
            "interval_low",
            "interval_high",
        )
        .join(buckets, on=["_g", "_bucket"], how="semi")  # only the buckets that hold figures
        .sort("_row")
    )
    context = compared.join(
        seeker.select("_g", pl.col("_bucket").alias("_day")).unique(),
        on=["_g", "_day"],
        how="semi",
    )
    flags = _disagree_flags(context, seeker)
    listed = _disagree_lists(context, seeker, max_listed, pair_budget)
    return flags.join(listed, on="_row", how="left").with_columns(
        pl.col("_with").fill_null(pl.lit([], pl.List(pl.Int64)))
    )


def day_bucket(within_days: int | None) -> pl.Expr:
    """Days since 1970 of ``published`` (calendar days); one bucket without ``within_days``."""
    if within_days is None:
        return pl.lit(0, pl.Int64)
    return pl.col("published").cast(pl.Date).cast(pl.Int64).fill_null(UNDATED)


def _disagree_flags(compared: pl.DataFrame, seeker: pl.DataFrame) -> pl.DataFrame:
    """Exact ``disagrees`` from the two best articles of each bucket, highest low and lowest
    high: the best of another article is the first unless the first is the figure's own."""
    per_article = (
        compared.rename({"_day": "_bucket"})
        .group_by("_g", "_bucket", "_aid")
        .agg(_low=pl.col("interval_low").max(), _high=pl.col("interval_high").min())
    )

    def two(column: str, descending: bool) -> pl.DataFrame:
        return (
            per_article.filter(pl.col(column).is_not_null())
            .sort(column, descending=descending)
            .group_by("_g", "_bucket", maintain_order=True)
            .agg(
                pl.col(column).first().alias(f"{column}1"),
                pl.col("_aid").first().alias(f"{column}_a1"),
                pl.col(column).get(1, null_on_oob=True).alias(f"{column}2"),
            )
        )

    found = seeker.join(two("_low", True), on=["_g", "_bucket"], how="left").join(
        two("_high", False), on=["_g", "_bucket"], how="left"
    )
    other_low = pl.when(pl.col("_low_a1") != pl.col("_aid")).then("_low1").otherwise("_low2")
    other_high = pl.when(pl.col("_high_a1") != pl.col("_aid")).then("_high1").otherwise("_high2")
    above = (other_low > pl.col("interval_high")).fill_null(False)
    below = (other_high < pl.col("interval_low")).fill_null(False)
    return found.group_by("_row").agg(disagrees=(above | below).any())


def _disagree_lists(
    compared: pl.DataFrame, seeker: pl.DataFrame, max_listed: int, pair_budget: int
) -> pl.DataFrame:
    """``_row`` and ``_with``: the figures each one disagrees with (sorted, at most
    ``max_listed``), read among the ``max_listed`` nearest in value above it and below it in
    each bucket within reach, a chunk of figures at a time."""
    bucket = ["_g", "_bucket"]
    others = compared.select(
        "_g",
        pl.col("_day").alias("_bucket"),
        pl.col("_fid").alias("_fid_b"),
        pl.col("_aid").alias("_aid_b"),
        "interval_low",
        "interval_high",
    )
    sides = []
    for column, above in (("interval_low", True), ("interval_high", False)):
        # sorted by bucket, then value: a bucket's figures are one run of rows; equal values
        # in figure order, so that which of them are nearest never depends on the chunk
        ranked = (
            others.filter(pl.col(column).is_not_null())
            .sort(*bucket, column, "_fid_b")
            .with_columns(_place=pl.int_range(pl.len()))
            .with_columns(_first=pl.col("_place").min().over(bucket), _size=pl.len().over(bucket))
        )
        # one row per distinct value: the first of equal values above, the last below
        edges = (
            ranked.group_by(*bucket, column)
            .agg(
                (pl.col("_place").min() if above else pl.col("_place").max()).alias("_edge"),
                pl.col("_first").first(),
                pl.col("_size").first(),
            )
            .sort(column)
            .rename({column: "_value"})
        )
        sides.append((above, ranked["_fid_b"], ranked["_aid_b"], edges))
    chunk = max(1, pair_budget // (2 * max_listed))
    results = []
    owners = seeker["_row"]
    start = 0
    while start < seeker.height:
        stop = start + chunk
        if stop < seeker.height:  # one figure's buckets stay in one chunk
            stop = int(owners.search_sorted(owners[stop], side="left"))
            if stop <= start:
                stop = int(owners.search_sorted(owners[start], side="right"))
        part = seeker.slice(start, stop - start)
        start = stop
        pairs = []
        for above, fid_b, aid_b, edges in sides:
            # above: the first with a low above the figure's high; below: the last with a
            # high under its low
            probe = "interval_high" if above else "interval_low"
            edge = (
                part.filter(pl.col(probe).is_not_null())
                .sort(probe)
                .join_asof(
                    edges,
                    left_on=probe,
                    right_on="_value",
                    by=bucket,
                    strategy="forward" if above else "backward",
                    allow_exact_matches=False,
                    check_sortedness=False,
                )
                .filter(pl.col("_edge").is_not_null())
            )
            if above:
                end = pl.min_horizontal(
                    pl.col("_edge") + max_listed, pl.col("_first") + pl.col("_size")
                )
                rows = pl.int_ranges("_edge", end)
            else:
                begin = pl.max_horizontal(pl.col("_edge") - max_listed + 1, "_first")
                rows = pl.int_ranges(begin, pl.col("_edge") + 1)
            found = edge.select("_row", "_aid", _at=rows).explode("_at").drop_nulls("_at")
            index = found["_at"]
            pairs.append(
                found.select("_row", "_aid").with_columns(
                    _fid_b=fid_b.gather(index), _aid_b=aid_b.gather(index)
                )
            )
        results.append(
            pl.concat(pairs)
            .filter(pl.col("_aid") != pl.col("_aid_b"))
            .group_by("_row")
            .agg(pl.col("_fid_b").bottom_k(max_listed).alias("_with"))
        )
    return (
        pl.concat(results)
        if results
        else pl.DataFrame(schema={"_row": seeker.schema["_row"], "_with": pl.List(pl.Int64)})
    )
