"""Claims summed up by party: counts and shares per label, the net balance and the strongest
evidence.

Every number of :func:`party_stance` is computed from the counts in the same row, so a reader
can redo it by hand:

- ``positions`` = ``support`` + ``oppose`` + ``mixed`` (the claims that are not neutral);
- ``support_share``, ``oppose_share``, ``mixed_share`` = that count / ``positions``;
  ``neutral_share`` = ``neutral`` / ``claims``;
- ``net`` = (``support`` − ``oppose``) / ``positions``, from −1 (every position opposes the
  presence) to +1 (every one supports it); a mixed claim counts 0;
- ``leaning`` = support when ``net`` ≥ 1/3, oppose when ``net`` ≤ −1/3, else mixed;
  neutral without positions;
- ``own_drawdowns`` = the mixed claims that are a party's own drawdown (rule ``own_forces``:
  the US administration or the coalition announcing its forces' withdrawal or reduction is
  read ``mixed``, not as opposition to the presence — see :mod:`toolkit.stance.claims`).

:func:`party_stance` is :func:`combine_party_stance` of one :func:`party_stance_partial`;
a corpus streamed in batches keeps only each batch's partial (small), and their combination
is the whole corpus's table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from toolkit.arabic import with_groups
from toolkit.lexicons import STANCES

__all__ = ["combine_party_stance", "party_stance", "party_stance_partial", "share"]


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
        The ``by`` columns, ``party``, ``claims``, one count per label (``support``,
        ``oppose``, ``mixed``, ``neutral``), ``positions``, the shares ``support_share``,
        ``oppose_share``, ``mixed_share`` (of the positions) and ``neutral_share`` (of the
        claims), ``net`` and ``leaning`` (defined in this module's docstring: they follow from
        the counts), ``own_drawdowns`` (mixed claims that are the party's own drawdown) and the
        strongest evidence: ``evidence_article``, ``evidence_sentence_id``,
        ``evidence_stance``, ``evidence_cue`` and ``evidence`` (the sentence). Parties with
        most positions first.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> party_stance(claims).select("party", "oppose", "oppose_share", "net", "leaning").row(0)
    ('sadrist_movement', 1, 1.0, -1.0, 'oppose')
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(claims, groups, articles) if groups else claims
    return combine_party_stance([party_stance_partial(frame, groups)], groups)


def party_stance_partial(claims: pl.DataFrame, groups: Sequence[str] = ()) -> pl.DataFrame:
    """What :func:`party_stance` needs of one batch of claims, small enough to keep.

    Claim counts per label, the count of the party's own drawdowns, and the batch's strongest
    evidence, per party (and group). Partials of batches that split the articles between them
    add up to the whole corpus's :func:`combine_party_stance`, so a corpus streamed in batches
    never holds all its claims at once.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.stance import classify_stance
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> party_stance_partial(claims).select("party", "claims", "oppose", "own_drawdowns").row(0)
    ('sadrist_movement', 1, 1, 0)
    """
    groups = list(groups)
    positioned = pl.col("stance") != "neutral"
    strength = pl.when(positioned).then(pl.col("score").abs() + 1).otherwise(0.0)
    drawdown = (pl.col("stance") == "mixed") & pl.col("rule").str.contains("own_forces")
    return (
        claims.with_columns(_strength=strength)
        .sort(["_strength", "article_id", "sentence_id"], descending=[True, False, False])
        .group_by([*groups, "party"], maintain_order=True)
        .agg(
            claims=pl.len().cast(pl.Int64),
            **{s: (pl.col("stance") == s).sum().cast(pl.Int64) for s in STANCES},
            own_drawdowns=drawdown.sum().cast(pl.Int64),
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
            pl.col("claims", *STANCES, "own_drawdowns").sum(),
            *[pl.col(c).first() for c in [*evidence, "evidence"]],
        )
        .with_columns(positions=pl.col("support") + pl.col("oppose") + pl.col("mixed"))
        .with_columns(
            *[share(label, "positions") for label in ("support", "oppose", "mixed")],
            share("neutral", "claims"),
            net=pl.when(pl.col("positions") > 0).then(
                (pl.col("support") - pl.col("oppose")) / pl.col("positions")
            ),
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
    shares = [f"{label}_share" for label in STANCES]
    return summary.sort(order, descending=[False] * len(groups) + [True, False]).select(
        *groups, "party", "claims", *STANCES, "positions", *shares, "net", "leaning",
        "own_drawdowns", *evidence, "evidence",
    )  # fmt: skip


def share(label: str, total: str) -> pl.Expr:
    """``<label>_share``: the count of ``label`` over the column ``total`` (null when 0)."""
    return pl.when(pl.col(total) > 0).then(pl.col(label) / pl.col(total)).alias(f"{label}_share")
