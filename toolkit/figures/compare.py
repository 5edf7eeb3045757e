"""Comparing figures: comparable rows within one article, then disagreements across articles.

:func:`comparable_figures` prepares the rows of one batch of articles (metadata, intervals,
derived totals); :func:`compare_in_chunks` compares them across the corpus a chunk at a
time, finding disagreements with :mod:`toolkit.figures.disagreements`;
:func:`compare_figures` is both at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

import polars as pl

from toolkit.corpus import published_date
from toolkit.figures.disagreements import (
    FIGURE_BITS,
    PAIR_BUDGET,
    day_bucket,
    disagreements,
)
from toolkit.figures.intervals import figure_intervals

__all__ = ["CHUNK_ROWS", "MAX_LISTED", "comparable_figures", "compare_figures", "compare_in_chunks"]

_META = ("source", "published", "title", "synthetic")
#: The most figures ``disagrees_with`` lists for one figure (see :func:`compare_figures`).
MAX_LISTED = 20
#: Figures compared and written at once by :func:`compare_in_chunks` (``chunk_rows``).
CHUNK_ROWS = 20_000


def compare_figures(
    figures: pl.DataFrame,
    *,
    kind: str | None = "troops",
    by: str | Sequence[str] = ("subject",),
    approx_band: float = 0.1,
    articles: pl.DataFrame | None = None,
    within_days: int | None = 7,
    derive: bool = True,
    max_listed: int = MAX_LISTED,
    chunk_rows: int = CHUNK_ROWS,
    pair_budget: int = PAIR_BUDGET,
) -> pl.DataFrame:
    """Put comparable figures side by side as intervals, flag disagreements, derive totals.

    Parameters
    ----------
    figures
        The frame from :func:`extract_figures`.
    kind
        Keep figures of this kind (``None`` keeps all; they are still compared only within
        one kind).
    by
        Columns that make figures comparable besides ``kind`` (``subject`` by default; add
        ``unit`` or ``source``). Figures with a null ``by`` value are listed but never
        compared.
    approx_band
        The share of the value that ``approx`` (نحو، حوالي) allows either side.
    articles
        The articles frame; its ``source``, ``published``, ``title`` and ``synthetic``
        columns are joined when given.
    within_days
        Two figures from different articles are compared only when both articles are dated
        and at most this many days apart, or both are undated; ``None`` compares any two.
    derive
        Add derived totals: in one article, a figure of the same group plus an
        ``additional`` one (الناتو لديه قوة تزيد عن 300 … لنشر 3500 جندي إضافي → more than
        3,800 planned), with ``derived=True``.
    max_listed
        The most figure ids ``disagrees_with`` holds for one figure. Figures are never paired
        all with all (a large corpus has hundreds of thousands in one group): the ids are
        read among the ``max_listed`` figures nearest in value above and below each figure,
        per day. Below that many, the list is complete; ``disagrees`` is always exact.
    chunk_rows, pair_budget
        Memory bounds, not results: figures compared at once (:data:`CHUNK_ROWS`), and
        candidate pairs held at once while listing disagreements
        (:data:`~toolkit.figures.disagreements.PAIR_BUDGET`). Any values give the same table.

    Returns
    -------
    polars.DataFrame
        The figures with ``figure_id`` (``article_id:start``), the metadata columns,
        ``interval_low``, ``interval_high`` (``inf`` when open), ``additional``,
        ``derived``, ``disagrees`` (the interval overlaps none of a compared figure's, at
        least once) and ``disagrees_with`` (the ``figure_id`` of those figures, sorted, at
        most ``max_listed``), sorted by kind, group, date and position. Dates are compared
        by calendar day.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.figures import extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...     "text": ["نحو 2500 جندي أمريكي.", "بقي 3000 جندي أمريكي."]})
    >>> cmp = compare_figures(extract_figures(arts), articles=arts)
    >>> cmp.select("source", "value", "interval_low", "interval_high", "disagrees").rows()
    [('X', 2500.0, 2250.0, 2750.0, True), ('Y', 3000.0, 3000.0, 3000.0, True)]
    """
    rows = comparable_figures(
        figures, kind=kind, by=by, approx_band=approx_band, articles=articles, derive=derive
    )
    chunks = compare_in_chunks(
        rows,
        by=by,
        within_days=within_days,
        max_listed=max_listed,
        chunk_rows=chunk_rows,
        pair_budget=pair_budget,
    )
    return pl.concat(list(chunks))


def comparable_figures(
    figures: pl.DataFrame,
    *,
    kind: str | None = "troops",
    by: str | Sequence[str] = ("subject",),
    approx_band: float = 0.1,
    articles: pl.DataFrame | None = None,
    derive: bool = True,
) -> pl.DataFrame:
    """The rows :func:`compare_figures` compares, before they are compared.

    The figures of ``kind`` with the ``articles`` metadata joined, ``figure_id``,
    ``additional``, ``derived``, the intervals of :func:`figure_intervals` and the derived
    totals. All of it is read within one article, so a corpus too large to hold can be
    prepared batch by batch of articles and compared afterwards with
    :func:`compare_in_chunks` (the parameters mean what they mean in
    :func:`compare_figures`).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.figures import extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a"], "text": ["نحو 2500 جندي أمريكي."]})
    >>> comparable_figures(extract_figures(arts)).select("figure_id", "interval_high").rows()
    [('a:0', 2750.0)]
    """
    groups = _groups(by)
    frame = figures if kind is None else figures.filter(pl.col("kind") == kind)
    if articles is not None:
        meta = [c for c in _META if c in articles.columns and c not in frame.columns]
        if meta:
            frame = frame.join(articles.select("article_id", *meta), on="article_id", how="left")
    if "published" in frame.columns:  # read as a date: text dates from a file compare too
        frame = frame.with_columns(published_date(pl.col("published"), frame.schema["published"]))
    for column in ("source", "published"):
        if column not in frame.columns:
            frame = frame.with_columns(
                pl.lit(None, pl.Date if column == "published" else pl.String).alias(column)
            )
    missing = [g for g in groups if g not in frame.columns]
    if missing:
        raise ValueError(
            f"cannot group by {missing}: not a column of the figures; pass articles= to join "
            "article metadata such as source"
        )
    frame = frame.with_columns(
        figure_id=pl.col("article_id") + pl.lit(":") + pl.col("start").cast(pl.String),
        additional=pl.col("qualifier") == "additional",
        derived=pl.lit(False),
    )
    frame = figure_intervals(frame, approx_band=approx_band)
    if derive and frame.height:
        frame = pl.concat([frame, _derived_totals(frame, groups)], how="diagonal_relaxed")
    return frame


def compare_in_chunks(
    rows: pl.DataFrame | pl.LazyFrame,
    *,
    by: str | Sequence[str] = ("subject",),
    within_days: int | None = 7,
    max_listed: int = MAX_LISTED,
    chunk_rows: int | None = CHUNK_ROWS,
    pair_budget: int = PAIR_BUDGET,
) -> Iterator[pl.DataFrame]:
    """:func:`compare_figures` on the rows of :func:`comparable_figures`, a chunk at a time.

    ``rows`` may be a lazy scan of files too large to hold (the streaming pipeline passes
    the Parquet parts it wrote batch by batch). Only a few numbers per figure are held for
    the whole corpus (ranks of the group and the article, the day, the interval), and the
    distinct article ids; the figures are compared and read back in full ``chunk_rows`` at
    a time (:data:`CHUNK_ROWS` by default; ``None`` too), in the order of
    :func:`compare_figures`'s result, listing disagreements ``pair_budget`` candidate pairs
    at a time. The chunks, concatenated, are that result, and there is always at least one
    (empty when there is no figure).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.figures import extract_figures
    >>> arts = pl.DataFrame({"article_id": ["a", "b"],
    ...     "text": ["نحو 2500 جندي أمريكي.", "بقي 3000 جندي أمريكي."]})
    >>> rows = comparable_figures(extract_figures(arts))
    >>> [c.height for c in compare_in_chunks(rows, within_days=None, chunk_rows=1)]
    [1, 1]
    """
    groups = _groups(by)
    keys = ["kind", *groups]
    chunk_rows = chunk_rows or CHUNK_ROWS  # None: the default
    source = rows.lazy().with_row_index("_row")
    articles = _sorted_values(source, "article_id")
    order = _comparison_order(source, keys, articles, within_days)
    empty = pl.lit([], pl.List(pl.String))
    if order.height == 0:
        yield (
            source.drop("_row")
            .collect()
            .with_columns(disagrees_with=empty, disagrees=pl.lit(False))
        )
        return
    compared = order.filter("_compared").drop("_compared")
    order = order.select("_row", "_compared")
    reach = 0 if within_days is None else int(within_days)
    for begin in range(0, order.height, chunk_rows):
        part = order.slice(begin, chunk_rows)
        yield _compare_chunk(source, part, compared, articles, reach, max_listed, pair_budget)


def _compare_chunk(
    source: pl.LazyFrame,
    part: pl.DataFrame,
    compared: pl.DataFrame,
    articles: pl.DataFrame,
    reach: int,
    max_listed: int,
    pair_budget: int,
) -> pl.DataFrame:
    """The figures of ``part`` (``_row``, ``_compared``, in the result's order) compared
    with ``compared``, read back in full from ``source``."""
    part = part.with_columns(_pos=pl.int_range(pl.len()))
    seekers = compared.join(part.filter("_compared").select("_row"), on="_row", how="semi")
    found = disagreements(seekers, compared, reach, max_listed, pair_budget=pair_budget)
    found = _named(found, articles)
    del seekers
    wide = source.filter(pl.col("_row").is_in(part["_row"].implode())).collect()
    empty = pl.lit([], pl.List(pl.String))
    return (
        wide.join(part.select("_row", "_pos"), on="_row", how="left")
        .join(found, on="_row", how="left")
        .sort("_pos")
        .drop("_row", "_pos")
        .with_columns(
            disagrees_with=pl.col("disagrees_with").fill_null(empty),
            disagrees=pl.col("disagrees").fill_null(False),
        )
    )


def _groups(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _sorted_values(source: pl.LazyFrame, column: str) -> pl.DataFrame:
    """The distinct non-null values of ``column``, sorted, with their rank ``_<column>``."""
    return (
        source.select(pl.col(column).unique())
        .drop_nulls()
        .sort(column)
        .with_row_index(f"_{column}")
        .collect()
    )


def _comparison_order(
    source: pl.LazyFrame, keys: list[str], articles: pl.DataFrame, within_days: int | None
) -> pl.DataFrame:
    """One row of numbers per figure, in the order of the comparison's result: ``_row`` (the
    figure's row in ``source``), ``_compared``, and for comparing ``_g`` (the group),
    ``_aid`` (the article), ``_fid`` (the figure: article rank and start, so that ids sort
    in article order, then text order), ``_day`` and the interval.

    The text columns are replaced by the ranks of their distinct values before anything is
    sorted, so that a corpus's millions of figures cost a few numbers each.
    """
    ranked = source.join(articles.lazy(), on="article_id", how="left")
    for key in keys:
        ranked = ranked.join(_sorted_values(source, key).lazy(), on=key, how="left")
    compared = (
        ~pl.col("additional")
        & ~pl.col("derived")
        & pl.col("interval_low").is_not_null()
        & pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    )
    sort_keys = [f"_{k}" for k in keys] + ["_pub", "_aid", "start", "derived"]
    aid = pl.col("_article_id").cast(pl.Int64)
    return (
        ranked.select(
            "_row",
            *(f"_{k}" for k in keys),
            _pub=pl.col("published").to_physical(),
            _aid=aid,
            start=pl.col("start"),
            derived=pl.col("derived"),
            _compared=compared,
            _fid=(aid * 2**FIGURE_BITS + pl.col("start")),
            _day=day_bucket(within_days),
            interval_low=pl.col("interval_low"),
            interval_high=pl.col("interval_high"),
        )
        .collect(engine="streaming")
        .sort([*sort_keys, "_row"], nulls_last=True)
        .with_columns(
            _g=pl.when("_compared").then(pl.struct([f"_{k}" for k in keys]).rank("dense"))
        )
        .select("_row", "_compared", "_g", "_fid", "_aid", "_day", "interval_low", "interval_high")
    )


def _named(found: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """``_row``, ``disagrees`` and ``disagrees_with`` as ``figure_id`` text, in article order,
    then text order."""
    ids = found.select("_row", pl.col("_with").list.sort()).explode("_with")
    article = (ids["_with"] // 2**FIGURE_BITS).fill_null(0)
    start = ids["_with"] % 2**FIGURE_BITS
    listed = (
        ids.with_columns(_name=articles["article_id"].gather(article) + ":" + start.cast(pl.String))
        .group_by("_row", maintain_order=True)
        .agg(disagrees_with=pl.col("_name").drop_nulls())
    )
    return found.select("_row", "disagrees").join(listed, on="_row", how="left")


def _derived_totals(frame: pl.DataFrame, groups: list[str]) -> pl.DataFrame:
    """Base + additional in one article: the nearest earlier figure of the same group (one in
    the same sentence first) plus the additional one, as a row with ``derived=True``."""
    keys = ["article_id", "kind", *[g for g in groups if g != "article_id"]]
    usable = pl.col("value").is_not_null() & pl.all_horizontal(
        pl.col(g).is_not_null() for g in groups
    )
    extra = frame.filter(pl.col("additional") & usable)
    base = frame.filter(~pl.col("additional") & ~pl.col("derived") & usable)
    # The nearest earlier figure of the same sentence, else of the article: two join_asof,
    # never every pair of an article's figures.
    base = base.rename({c: f"{c}_base" for c in base.columns if c not in keys})
    nearest = partial(
        pl.DataFrame.join_asof,
        left_on="start",
        right_on="start_base",
        strategy="backward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    extra = extra.sort("start")
    base = base.sort("start_base")
    same = nearest(
        extra.with_columns(_sentence=pl.col("sentence_id")),
        base.with_columns(_sentence=pl.col("sentence_id_base")),
        by=[*keys, "_sentence"],
    ).drop("_sentence")
    anywhere = nearest(
        extra.filter(
            pl.col("figure_id").is_in(
                same.filter(pl.col("start_base").is_null())["figure_id"].implode()
            )
        ),
        base,
        by=keys,
    )
    pairs = (
        pl.concat(
            [same.filter(pl.col("start_base").is_not_null()), anywhere], how="diagonal_relaxed"
        )
        .filter(pl.col("start_base").is_not_null())
        .sort("figure_id", maintain_order=True)
    )
    add = pl.col("value")
    derived = {
        "start": pl.col("start_base"),
        "number_start": pl.col("number_start_base"),
        "surface": pl.col("surface_base") + pl.lit(" + ") + pl.col("surface"),
        "value": pl.col("value_base") + add,
        "low": pl.col("low_base") + add,
        "high": pl.col("high_base") + add,
        "qualifier": pl.col("qualifier_base"),
        "figure_id": pl.col("figure_id_base") + pl.lit("+") + pl.col("figure_id"),
        "additional": pl.lit(False),
        "derived": pl.lit(True),
        "interval_low": pl.col("interval_low_base") + add,
        "interval_high": pl.col("interval_high_base") + add,
    }
    return pairs.select([derived.get(c, pl.col(c)).alias(c) for c in frame.columns]).cast(
        dict(frame.schema)
    )
