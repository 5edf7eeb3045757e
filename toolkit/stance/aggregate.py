"""Claims summed up by party: counts per label, the net score and the strongest evidence.

:func:`party_stance` is :func:`combine_party_stance` of one :func:`party_stance_partial`;
a corpus streamed in batches keeps only each batch's partial (small), and their combination
is the whole corpus's table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from toolkit.arabic import with_groups
from toolkit.lexicons import STANCES

__all__ = ["combine_party_stance", "party_stance", "party_stance_partial"]


def party_stance(
    claims: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per party (and group): how often it takes each position, and its best evidence.

    Parameters
    ----------
    claims
        The frame from :func:`toolkit.stance.classify_stance`.
    by
        Column(s) to group by besides the party: ``article_id``, or article metadata such as
        ``source``, ``month`` or ``week`` (taken from ``articles``).
    articles
        The articles frame, needed when ``by`` names metadata the claims lack.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``party``, ``claims`` and one count per label (``support``,
        ``oppose``, ``mixed``, ``neutral``), ``net`` (the mean score of the non-neutral claims,
        −1 … +1, null without any), ``leaning`` (support, oppose or mixed from ``net``; neutral
        without positions) and the strongest evidence: ``evidence_article``,
        ``evidence_sentence_id``, ``evidence_stance``, ``evidence_cue`` and ``evidence`` (the
        sentence). Parties with most positions first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> party_stance(claims).select("party", "oppose", "net", "leaning").row(0)
    ('sadrist_movement', 1, -1.0, 'oppose')
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(claims, groups, articles) if groups else claims
    return combine_party_stance([party_stance_partial(frame, groups)], groups)


def party_stance_partial(claims: pl.DataFrame, groups: Sequence[str] = ()) -> pl.DataFrame:
    """What :func:`party_stance` needs of one batch of claims, small enough to keep.

    Claim counts, the sum and count of the non-neutral scores, and the batch's strongest
    evidence, per party (and group). Partials of batches that split the articles between them
    add up to the whole corpus's :func:`combine_party_stance`, so a corpus streamed in batches
    never holds all its claims at once.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> party_stance_partial(claims).select("party", "claims", "oppose", "score_sum").row(0)
    ('sadrist_movement', 1, 1, -1.0)
    """
    groups = list(groups)
    positioned = pl.col("stance") != "neutral"
    strength = pl.when(positioned).then(pl.col("score").abs() + 1).otherwise(0.0)
    return (
        claims.with_columns(_strength=strength)
        .sort(["_strength", "article_id", "sentence_id"], descending=[True, False, False])
        .group_by([*groups, "party"], maintain_order=True)
        .agg(
            claims=pl.len().cast(pl.Int64),
            **{s: (pl.col("stance") == s).sum().cast(pl.Int64) for s in STANCES},
            score_sum=pl.col("score").filter(positioned).sum().cast(pl.Float64),
            evidence_strength=pl.col("_strength").first(),
            evidence_article=pl.col("article_id").first(),
            evidence_sentence_id=pl.col("sentence_id").first(),
            evidence_stance=pl.col("stance").first(),
            evidence_cue=pl.col("cue").first(),
            evidence=pl.col("sentence").first(),
        )
    )


def combine_party_stance(
    partials: Iterable[pl.DataFrame], groups: Sequence[str] = ()
) -> pl.DataFrame:
    """The :func:`party_stance` table from the :func:`party_stance_partial` of each batch.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> one = pl.DataFrame({"article_id": ["a"], "text": ["دعا التيار الصدري إلى انسحاب القوات الأمريكية."]})
    >>> two = pl.DataFrame({"article_id": ["b"], "text": ["وقال التيار الصدري إن الحكومة ستجتمع."]})
    >>> partials = [party_stance_partial(classify_stance(batch)) for batch in (one, two)]
    >>> combine_party_stance(partials).select("party", "claims", "oppose", "neutral").row(0)
    ('sadrist_movement', 2, 1, 1)
    """
    groups = list(groups)
    evidence = ["evidence_article", "evidence_sentence_id", "evidence_stance", "evidence_cue"]
    summary = (
        pl.concat(list(partials), how="vertical_relaxed")
        .sort(
            ["evidence_strength", "evidence_article", "evidence_sentence_id"],
            descending=[True, False, False],
            maintain_order=True,
        )
        .group_by([*groups, "party"], maintain_order=True)
        .agg(
            pl.col("claims", *STANCES, "score_sum").sum(),
            *[pl.col(c).first() for c in [*evidence, "evidence"]],
        )
        .with_columns(positions=pl.col("claims") - pl.col("neutral"))
        .with_columns(
            net=pl.when(pl.col("positions") > 0).then(pl.col("score_sum") / pl.col("positions"))
        )
        .with_columns(
            leaning=pl.when(pl.col("net").is_null())
            .then(pl.lit("neutral"))
            .when(pl.col("net") >= 1 / 3)
            .then(pl.lit("support"))
            .when(pl.col("net") <= -1 / 3)
            .then(pl.lit("oppose"))
            .otherwise(pl.lit("mixed"))
        )
    )
    order = [*groups, "positions", "party"]
    return summary.sort(order, descending=[False] * len(groups) + [True, False]).select(
        *groups, "party", "claims", *STANCES, "net", "leaning", *evidence, "evidence"
    )
