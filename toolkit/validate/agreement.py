"""Do the annotators agree? Krippendorff's alpha, Cohen's kappa, and where they differ.

Before an annotation can measure the method, it must be shown to measure *something*: two
people reading the same sentences should mostly give the same labels. Raw agreement (the share
of items with the same label) flatters when one label is common — two coders who both say
``neutral`` to nine items in ten agree 82% of the time by chance alone. Both coefficients here
correct for that:

- **Cohen's kappa** (one pair of annotators): :math:`\\kappa = (p_o - p_e) / (1 - p_e)`, where
  :math:`p_o` is the share of items both labelled alike and :math:`p_e = \\sum_k p_{a,k}\\,
  p_{b,k}` the agreement expected if each labelled at random with their own label frequencies.
- **Krippendorff's alpha** (any number of annotators, missing answers allowed, nominal labels):
  :math:`\\alpha = 1 - D_o / D_e`, observed over expected disagreement among all pairs of labels
  given to the same item, computed by the ``krippendorff`` package. Items with fewer than two
  labels cannot be compared and do not count.

Both are 1 for perfect agreement and 0 for agreement no better than chance. A common reading
(Krippendorff 2004): α ≥ 0.8 reliable, 0.667 ≤ α < 0.8 tentative conclusions only, below that
the labels — and anything computed from them — are not yet trustworthy.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl

__all__ = ["agreement", "cohen_kappa", "position_labels"]


def _check(labels: pl.DataFrame) -> pl.DataFrame:
    missing = {"item", "annotator", "label"} - set(labels.columns)
    if missing:
        raise ValueError(
            f"labels need the columns item, annotator and label (missing {sorted(missing)}); "
            "read_answers(...) gives them"
        )
    labels = labels.select(
        pl.col("item").cast(pl.String), pl.col("annotator").cast(pl.String),
        pl.col("label").cast(pl.String),
    )  # fmt: skip
    repeated = labels.group_by("item", "annotator").len().filter(pl.col("len") > 1)
    if repeated.height:
        first = repeated.row(0)
        raise ValueError(
            f"one row per (item, annotator) please: {repeated.height} pairs repeat (e.g. "
            f"{first[0]!r} by {first[1]!r}); read_answers(...) keeps the last answer of each"
        )
    return labels


def cohen_kappa(a: list[str], b: list[str]) -> dict:
    """Cohen's kappa of two annotators' labels for the same items (in the same order).

    Returns ``n``, ``observed`` (:math:`p_o`), ``expected`` (:math:`p_e`) and ``kappa``
    (NaN when :math:`p_e = 1`: both gave one and the same label to every item).

    Examples
    --------
    >>> cohen_kappa(["yes", "yes", "no", "no"], ["yes", "no", "no", "no"])["kappa"]
    0.5
    """
    if len(a) != len(b):
        raise ValueError("the two lists of labels must be of the same length")
    n = len(a)
    if n == 0:
        return {"n": 0, "observed": float("nan"), "expected": float("nan"), "kappa": float("nan")}
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    expected = sum((a.count(k) / n) * (b.count(k) / n) for k in set(a) | set(b))
    kappa = (observed - expected) / (1 - expected) if expected < 1 else float("nan")
    return {"n": n, "observed": observed, "expected": expected, "kappa": kappa}


def _alpha(given: pl.DataFrame, annotators: list[str], values: list[str]) -> float:
    import krippendorff

    items = sorted(given["item"].unique())
    column = {item: j for j, item in enumerate(items)}
    row = {name: i for i, name in enumerate(annotators)}
    code = {value: k for k, value in enumerate(values)}
    matrix = np.full((len(annotators), len(items)), np.nan)
    for item, annotator, label in given.iter_rows():
        matrix[row[annotator], column[item]] = code[label]
    if len(values) < 2:
        return float("nan")  # one label only: no disagreement to expect, alpha undefined
    value = krippendorff.alpha(
        reliability_data=matrix, level_of_measurement="nominal", value_domain=list(code.values())
    )
    return float(value)


def agreement(labels: pl.DataFrame) -> dict:
    """Agreement of two or more annotators on the same items.

    Parameters
    ----------
    labels
        One row per (item, annotator) with ``item``, ``annotator`` and ``label`` (null or no
        row: that annotator did not answer that item). :func:`~toolkit.validate.store.
        read_answers` gives this frame; other columns are ignored.

    Returns
    -------
    dict
        ``alpha`` (Krippendorff's alpha, nominal, over all annotators); ``kappa`` (a frame:
        Cohen's kappa for each pair of annotators, with ``n``, ``observed`` and ``expected``);
        ``observed`` (the share of pairs of labels given to one item that agree); ``confusion``
        (rows: the label of the first annotator of each pair, in name order; columns: the
        second's; counts pooled over pairs, so for two annotators it is their cross table);
        ``disagreements`` (the items with more than one label, one column per annotator);
        ``n`` (items with at least two labels, the ones that count); ``items`` and
        ``annotators``.

    Examples
    --------
    >>> labels = pl.DataFrame({
    ...     "item": ["1", "2", "3", "4", "1", "2", "3", "4"],
    ...     "annotator": ["a"] * 4 + ["b"] * 4,
    ...     "label": ["oppose", "oppose", "neutral", "support",
    ...               "oppose", "neutral", "neutral", "support"]})
    >>> result = agreement(labels)
    >>> round(result["alpha"], 3), result["kappa"]["kappa"].round(3).to_list(), result["n"]
    (0.667, [0.636], 4)
    >>> result["disagreements"]
    shape: (1, 3)
    ┌──────┬────────┬─────────┐
    │ item ┆ a      ┆ b       │
    │ ---  ┆ ---    ┆ ---     │
    │ str  ┆ str    ┆ str     │
    ╞══════╪════════╪═════════╡
    │ 2    ┆ oppose ┆ neutral │
    └──────┴────────┴─────────┘
    """
    labels = _check(labels)
    given = labels.filter(pl.col("label").is_not_null())
    annotators = sorted(given["annotator"].unique())
    if len(annotators) < 2:
        raise ValueError(
            f"agreement needs at least two annotators with answers (got {annotators}); "
            "read both annotators' files: read_answers([file_a, file_b])"
        )
    values = sorted(given["label"].unique())
    counts = given.group_by("item").agg(pl.len().alias("given"))
    pairable = counts.filter(pl.col("given") >= 2)["item"]
    compared = given.filter(pl.col("item").is_in(pairable.implode()))
    wide = compared.pivot("annotator", index="item", values="label").sort("item")
    for name in annotators:
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.String).alias(name))
    wide = wide.select("item", *annotators)

    kappas, pairs = [], []
    for a, b in combinations(annotators, 2):
        both = wide.filter(pl.col(a).is_not_null() & pl.col(b).is_not_null())
        kappas.append({"annotator_a": a, "annotator_b": b,
                       **cohen_kappa(both[a].to_list(), both[b].to_list())})  # fmt: skip
        pairs.append(both.select(pl.col(a).alias("label"), pl.col(b).alias("second")))
    kappa = pl.DataFrame(
        kappas,
        schema={"annotator_a": pl.String, "annotator_b": pl.String, "n": pl.Int64,
                "observed": pl.Float64, "expected": pl.Float64, "kappa": pl.Float64},
    )  # fmt: skip
    pooled = pl.concat(pairs)
    confusion = pl.DataFrame({"label": values})
    for value in values:
        column = pooled.filter(pl.col("second") == value).group_by("label").len()
        confusion = confusion.join(column.rename({"len": value}), on="label", how="left")
    confusion = confusion.fill_null(0).with_columns(pl.col(values).cast(pl.Int64))

    # pairs of labels within an item (every ordered pair of annotators who both answered)
    agree = total = 0
    for labels_of_item in compared.group_by("item").agg("label")["label"]:
        m = len(labels_of_item)
        total += m * (m - 1)
        agree += sum(labels_of_item.to_list().count(v) * (labels_of_item.to_list().count(v) - 1)
                     for v in set(labels_of_item))  # fmt: skip
    disagreements = wide.filter(pl.concat_list(annotators).list.drop_nulls().list.n_unique() > 1)
    return {
        "alpha": _alpha(compared, annotators, values) if total else float("nan"),
        "kappa": kappa,
        "observed": agree / total if total else float("nan"),
        "confusion": confusion,
        "disagreements": disagreements,
        "n": len(pairable),
        "items": labels["item"].n_unique(),
        "annotators": annotators,
    }


def position_labels(answers: pl.DataFrame) -> pl.DataFrame:
    """Answers on whole sentences as one label per (sentence and party, annotator).

    Every party that any annotator placed in a sentence becomes an item
    ``<sentence item>|<party>``; an annotator who answered the sentence without placing that
    party gets the label ``none``. The result goes to :func:`agreement`.

    Examples
    --------
    >>> answers = pl.DataFrame({
    ...     "item": ["sentence:a:1", "sentence:a:1"], "annotator": ["a", "b"],
    ...     "kind": ["sentence", "sentence"], "label": ["positions", "none"],
    ...     "positions": [[{"party": "iran", "stance": "oppose"}], []]})
    >>> position_labels(answers).rows()
    [('sentence:a:1|iran', 'a', 'oppose'), ('sentence:a:1|iran', 'b', 'none')]
    """
    sentences = answers.filter(pl.col("kind") == "sentence")
    placed = (
        sentences.select("item", "annotator", "positions")
        .explode("positions")
        .filter(pl.col("positions").is_not_null())
        .unnest("positions")
    )
    parties = placed.select("item", "party").unique()
    grid = sentences.select("item", "annotator").join(parties, on="item")
    out = grid.join(placed, on=["item", "annotator", "party"], how="left").select(
        pl.concat_str("item", pl.lit("|"), "party").alias("item"),
        "annotator",
        pl.col("stance").fill_null("none").alias("label"),
    )
    return out.sort("item", "annotator")
