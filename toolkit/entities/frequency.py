"""Counting mentions: frequency tables (per group, per 1,000 tokens) and co-occurrence pairs.

Both read the frame of :func:`toolkit.entities.extract_entities` only, so any mention source
counts the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.arabic import with_groups

__all__ = ["entity_cooccurrence", "entity_frequency"]


def entity_frequency(
    mentions: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    per: pl.DataFrame | None = None,
    merge: bool = True,
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mention counts, document frequency and rates per 1,000 tokens.

    Parameters
    ----------
    mentions
        The frame from :func:`toolkit.entities.extract_entities`.
    by
        Column(s) to group by: ``label``, ``party``, ``article_id``, or article metadata such as
        ``source``, ``month`` or ``week`` (taken from ``articles``).
    per
        The token frame from :func:`toolkit.tokenize` of the same articles; when given, a
        ``per_1000`` column gives mentions per 1,000 tokens of the group.
    merge
        Count canonical entities (aliases merged); with ``False`` count raw surface forms.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, then ``entity``, ``name_ar``, ``name_en``, ``label``, ``party``
        (or ``surface`` when ``merge=False``), ``mentions``, ``documents`` and optionally
        ``per_1000``, most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> df = pl.DataFrame({"article_id": ["a", "b"], "text": ["زار بايدن بغداد", "قال بايدن"]})
    >>> entity_frequency(extract_entities(df)).select("entity", "mentions", "documents").rows()
    [('joe_biden', 2, 2), ('baghdad', 1, 1)]
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(mentions, groups, articles)
    keys = ["entity", "name_ar", "name_en", "label", "party"] if merge else ["surface", "label"]
    keys = [k for k in keys if k not in groups]
    counts = frame.group_by([*groups, *keys]).agg(
        mentions=pl.len(), documents=pl.col("article_id").n_unique()
    )
    if per is not None:
        token_groups = [g for g in groups if g not in ("label", "party")]
        tokens = with_groups(per.filter(pl.col("kind") != "punct"), token_groups, articles)
        totals = tokens.group_by(token_groups or pl.lit(1).alias("_all")).agg(_tokens=pl.len())
        if token_groups:
            counts = counts.join(totals, on=token_groups, how="left")
        else:
            counts = counts.with_columns(_tokens=pl.lit(totals["_tokens"].sum()))
        counts = counts.with_columns(per_1000=pl.col("mentions") * 1000.0 / pl.col("_tokens"))
        counts = counts.drop("_tokens")
    return counts.sort(
        [*groups, "mentions", keys[0]], descending=[False] * len(groups) + [True, False]
    )


def entity_cooccurrence(mentions: pl.DataFrame, *, min_count: int = 1) -> pl.DataFrame:
    """Pairs of entities mentioned in the same sentence, for a heatmap or a network.

    Parameters
    ----------
    mentions
        The frame from :func:`toolkit.entities.extract_entities`.
    min_count
        Keep the pairs mentioned together in at least this many sentences.

    Returns
    -------
    polars.DataFrame
        ``entity_a``, ``entity_b`` (``entity_a < entity_b``), ``name_en_a``, ``name_en_b``,
        ``sentences`` (how many sentences mention both) and ``articles``, most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["زار بايدن بغداد. وقال بايدن"]})
    >>> entity_cooccurrence(extract_entities(df)).select("entity_a", "entity_b", "sentences").rows()
    [('baghdad', 'joe_biden', 1)]
    """
    units = mentions.select("article_id", "sentence_id", "entity", "name_en").unique()
    pairs = (
        units.join(units, on=["article_id", "sentence_id"], suffix="_b")
        .filter(pl.col("entity") < pl.col("entity_b"))
        .group_by("entity", "entity_b")
        .agg(
            pl.col("name_en").first().alias("name_en_a"),
            pl.col("name_en_b").first(),
            sentences=pl.len(),
            articles=pl.col("article_id").n_unique(),
        )
        .rename({"entity": "entity_a"})
        .filter(pl.col("sentences") >= min_count)
    )
    return pairs.sort(["sentences", "entity_a", "entity_b"], descending=[True, False, False])
