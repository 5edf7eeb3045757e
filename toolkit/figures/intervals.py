"""The interval of values a figure allows, from its qualifier."""

from __future__ import annotations

import math

import polars as pl

__all__ = ["figure_intervals"]


def figure_intervals(figures: pl.DataFrame, *, approx_band: float = 0.1) -> pl.DataFrame:
    """Add ``interval_low``/``interval_high``: the range of values a figure allows.

    ``approx`` is ``value`` ± ``approx_band`` (a share of the value); ``more_than`` and
    ``at_least`` run from ``value`` to infinity; ``less_than`` and ``at_most`` from 0 to
    ``value``; ``range`` and ``vague`` from ``low`` to ``high``; ``exact`` and ``additional``
    are the value itself.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"value": [2500.0, 300.0], "low": [None, 300.0], "high": [None, None],
    ...                   "qualifier": ["approx", "more_than"]})
    >>> figure_intervals(f).select("interval_low", "interval_high").rows()
    [(2250.0, 2750.0), (300.0, inf)]
    """
    q, v = pl.col("qualifier"), pl.col("value")
    low = (
        pl.when(q == "approx")
        .then(v * (1 - approx_band))
        .when(q.is_in(["less_than", "at_most"]))
        .then(pl.lit(0.0))
        .when(q.is_in(["range", "vague"]))
        .then(pl.coalesce("low", v))
        .otherwise(v)
    )
    high = (
        pl.when(q == "approx")
        .then(v * (1 + approx_band))
        .when(q.is_in(["more_than", "at_least"]))
        .then(pl.lit(math.inf))
        .when(q.is_in(["range", "vague"]))
        .then(pl.coalesce("high", v))
        .otherwise(v)
    )
    return figures.with_columns(
        interval_low=low.cast(pl.Float64), interval_high=high.cast(pl.Float64)
    )
