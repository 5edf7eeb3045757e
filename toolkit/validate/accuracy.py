"""How often is the system right on *your* corpus? Precision and recall from a hand review.

Precision comes from a sample of the system's readings (claims, mentions or figures): the
share the annotators confirmed. Recall comes from whole sentences the annotators read in full
(:func:`~toolkit.validate.sampling.sample_sentences`): the share of the positions they found
that the system found too. Each estimate comes with a Wilson interval
(:func:`toolkit.evaluate.scores.wilson_interval`), because 30 items say much less than 30,000.

Weighting
---------
A stratified sample over-represents small strata (each party, or each label, gets its share),
so a plain average would describe the sample, not the corpus. Each item carries
``weight = N_h / n_h`` (:mod:`~toolkit.validate.sampling`); the estimate is the weighted mean

.. math:: \\hat p_w = \\sum_i w_i c_i \\Big/ \\sum_i w_i

where :math:`c_i` is 1 for a right reading and 0 for a wrong one (with several annotators, the
share of them who found it right: an item two annotators disagree on counts one half). Its
interval is the Wilson interval of :math:`\\hat p_w` with Kish's *effective sample size*
:math:`n_{\\text{eff}} = (\\sum_i w_i)^2 / \\sum_i w_i^2` in place of :math:`n`: unequal weights
carry less information than as many equal ones, so the interval widens. With equal weights
(an unstratified sample, or a group within one stratum) :math:`n_{\\text{eff}} = n` and this is
the ordinary Wilson interval of the plain share.
"""

from __future__ import annotations

import polars as pl

from toolkit.evaluate.scores import wilson_interval
from toolkit.validate.agreement import _check

__all__ = ["review_accuracy", "weighted_share"]

_RESULT = {
    "group": pl.String,
    "value": pl.String,
    "items": pl.Int64,
    "right": pl.Float64,
    "estimate": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "n_effective": pl.Float64,
}


def weighted_share(
    right: list[float], weights: list[float], *, confidence: float = 0.95
) -> dict[str, float]:
    """The weighted share of ``right`` (each 0 … 1) with its Wilson interval (see above).

    Examples
    --------
    >>> result = weighted_share([1, 1, 1, 0], [1, 1, 1, 1])
    >>> result["estimate"], result["n_effective"], round(result["low"], 3)
    (0.75, 4.0, 0.301)
    >>> weighted_share([1, 0], [3, 1])["estimate"]
    0.75
    """
    total = float(sum(weights))
    if not right or total <= 0:
        return {"estimate": float("nan"), "low": float("nan"), "high": float("nan"),
                "n_effective": 0.0}  # fmt: skip
    estimate = sum(c * w for c, w in zip(right, weights, strict=True)) / total
    n_effective = total * total / sum(w * w for w in weights)
    low, high = wilson_interval(estimate * n_effective, n_effective, confidence=confidence)
    return {"estimate": estimate, "low": low, "high": high, "n_effective": n_effective}


def _table(cases: pl.DataFrame, groups: dict[str, str], confidence: float) -> pl.DataFrame:
    """One row per group value: the weighted share of ``right`` among ``cases``."""
    rows = []
    for group, column in groups.items():
        parts = [("all", cases)] if column is None else [
            (value, cases.filter(pl.col(column).fill_null("(none)") == value))
            for value in sorted(cases[column].fill_null("(none)").unique())
        ]  # fmt: skip
        for value, part in parts:
            share = weighted_share(part["right"].to_list(), part["weight"].to_list(),
                                   confidence=confidence)  # fmt: skip
            rows.append({"group": group, "value": value, "items": part.height,
                         "right": float(part["right"].sum()), **share})  # fmt: skip
    return pl.DataFrame(rows, schema=_RESULT)


def _with_status(labels: pl.DataFrame, predictions: pl.DataFrame) -> pl.DataFrame:
    """The answers joined to the sample; ``changed`` where the sentence is not the one answered."""
    keep = ["item", "annotator", "label", "party", "positions", "sentence_sha256"]
    answers = labels.select([c for c in keep if c in labels.columns]).rename(
        {"party": "right_party", "sentence_sha256": "answered_sha256"}, strict=False
    )
    joined = answers.join(predictions, on="item", how="inner")
    if "answered_sha256" in joined.columns:
        changed = pl.col("answered_sha256").is_not_null() & (
            pl.col("answered_sha256") != pl.col("sentence_sha256")
        )
    else:
        changed = pl.lit(False)
    return joined.with_columns(changed=changed)


def _precision(joined: pl.DataFrame, confidence: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per item, the share of annotators who confirmed the reading; the precision tables."""
    read = joined.filter(pl.col("kind") != "sentence", pl.col("reading").is_not_null())
    right = (
        pl.when(pl.col("kind") == "stance")
        .then(pl.col("label") == pl.col("reading"))
        .otherwise(pl.col("label") == "correct")
    )
    items = read.group_by("item", maintain_order=True).agg(
        pl.col("reading", "party", "weight").first(),
        right=right.cast(pl.Float64).mean(),
        annotators=pl.len(),
    )
    groups = {"all": None, "label": "reading", "party": "party"}
    return items, _table(items, groups, confidence)


def _recall(joined: pl.DataFrame, claims: pl.DataFrame, confidence: float) -> pl.DataFrame:
    """Of the positions annotators found in whole sentences, the share the system found."""
    sentences = joined.filter(pl.col("kind") == "sentence")
    answered = sentences.group_by("item").agg(pl.len().alias("_answered"))
    positions = (
        sentences.join(answered, on="item")
        .select("item", "article_id", "sentence_id", "weight", "_answered", "positions")
        .explode("positions")
        .filter(pl.col("positions").is_not_null())
        .unnest("positions")
        .filter(pl.col("stance") != "neutral")
    )
    system = claims.select(
        "article_id", "sentence_id", "party", pl.col("stance").alias("system")
    ).unique(["article_id", "sentence_id", "party"], keep="first")
    cases = positions.join(system, on=["article_id", "sentence_id", "party"], how="left").select(
        pl.col("stance").alias("label"),
        "party",
        (pl.col("system") == pl.col("stance")).fill_null(False).cast(pl.Float64).alias("right"),
        # each annotator's positions count for their share of the sentence
        (pl.col("weight") / pl.col("_answered")).alias("weight"),
    )
    return _table(cases, {"all": None, "label": "label", "party": "party"}, confidence)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _verdicts(items: pl.DataFrame, claims, threshold: float, confidence: float) -> pl.DataFrame:
    """One row per party of the party_stance table: what the sample says of its readings."""
    table = _table(items, {"party": "party"}, confidence).drop("group").rename({"value": "party"})
    if claims is not None:
        counts = claims.group_by("party").agg(
            claims=pl.len().cast(pl.Int64),
            positions=(pl.col("stance") != "neutral").sum().cast(pl.Int64),
        )
        table = counts.join(table, on="party", how="left")
    verdict = (
        pl.when(pl.col("items").is_null())
        .then(pl.lit("not reviewed"))
        .when(pl.col("estimate") < threshold)
        .then(pl.lit("unreliable"))
        .when(pl.col("low") < threshold)
        .then(pl.lit("uncertain"))
        .otherwise(pl.lit("reliable"))
    )
    table = table.with_columns(verdict=verdict)
    order = {"unreliable": 0, "uncertain": 1, "not reviewed": 2, "reliable": 3}
    return table.sort(pl.col("verdict").replace_strict(order), "party")


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _names(rows: pl.DataFrame, with_counts: bool) -> str:
    parts = []
    for row in rows.iter_rows(named=True):
        if not with_counts:
            parts.append(row["party"])
            continue
        share = f"{row['right']:g} of {row['items']} right"
        if abs(row["estimate"] - row["right"] / row["items"]) > 0.005:
            share += f", {_pct(row['estimate'])} weighted"
        parts.append(f"{row['party']} ({share})")
    return _listing(parts)


def _message(overall: dict | None, parties: pl.DataFrame, threshold: float, kind: str) -> str:
    if overall is None or not overall["items"]:
        return "No reviewed item has a current reading: nothing to estimate yet."
    what = {"stance": "claims", "entity": "mentions", "figure": "figures"}.get(kind, "items")
    text = (
        f"Of the {overall['items']} {what} reviewed, {overall['right']:g} were read right: "
        f"precision {_pct(overall['estimate'])} (95% interval {_pct(overall['low'])}–"
        f"{_pct(overall['high'])}, effective n {overall['n_effective']:.1f})."
    )
    if kind != "stance":
        return text
    verdict = {v: parties.filter(pl.col("verdict") == v) for v in
               ("unreliable", "uncertain", "not reviewed", "reliable")}  # fmt: skip
    bits = []
    if verdict["unreliable"].height:
        bits.append(
            f"the rows of {_names(verdict['unreliable'], True)} rest on readings the sample "
            f"found unreliable (precision below {_pct(threshold)}): do not report them as found"
        )
    if verdict["uncertain"].height:
        bits.append(
            f"the rows of {_names(verdict['uncertain'], True)} are uncertain (their interval "
            f"reaches below {_pct(threshold)}: review more of their claims)"
        )
    if verdict["not reviewed"].height:
        bits.append(f"{_names(verdict['not reviewed'], False)} had no claim in the sample")
    if verdict["reliable"].height:
        bits.append(f"only the rows of {_names(verdict['reliable'], False)} are borne out")
    if not bits:
        return text
    return text + " In the party_stance table, " + "; ".join(bits) + "."


def review_accuracy(
    labels: pl.DataFrame,
    predictions: pl.DataFrame,
    *,
    claims: pl.DataFrame | None = None,
    threshold: float = 0.7,
    confidence: float = 0.95,
) -> dict:
    """Precision (and recall) of the system on a reviewed sample, with intervals.

    Parameters
    ----------
    labels
        The answers, one row per (item, annotator): :func:`~toolkit.validate.store.
        read_answers`. Several annotators: each item counts the share who agreed.
    predictions
        The sample that was reviewed, with the system's readings and the sampling weights
        (:func:`~toolkit.validate.sampling.sample_for_review`, ``sample_sentences``, or
        :func:`~toolkit.validate.sampling.refresh_sample` for the current readings). A sample
        may hold items of several kinds (claims and sentences: ``pl.concat``).
    claims
        The system's stance claims on the corpus: needed for recall (the claims in the
        reviewed sentences) and to name the parties of the ``party_stance`` table that the
        sample did not reach.
    threshold
        The precision under which a party's readings are called unreliable.
    confidence
        Of the Wilson intervals.

    Returns
    -------
    dict
        ``precision`` — a frame with ``group`` (``all``, ``label`` — the system's reading —,
        ``party``), ``value``, ``items``, ``right`` (items read right; a half where annotators
        disagree), ``estimate`` (weighted, see the module docstring), ``low``, ``high`` and
        ``n_effective``; ``recall`` — the same frame over the positions found in whole
        sentences (``label`` is the annotators' stance), or None without sentence items or
        ``claims``; ``parties`` — for stance claims, one row per party with its claims in the
        table, its precision and a ``verdict`` (``reliable``: the interval lies above
        ``threshold``; ``uncertain``: it reaches below; ``unreliable``: the estimate is
        below; ``not reviewed``); ``flagged`` — answers given to a sentence that has since
        changed (left out); ``n`` — items counted; ``message`` — what it means for the
        ``party_stance`` table, in words.

    Examples
    --------
    >>> sample = pl.DataFrame({
    ...     "item": ["1", "2", "3", "4"], "kind": ["stance"] * 4,
    ...     "article_id": ["a"] * 4, "sentence_id": [1, 2, 3, 4],
    ...     "party": ["iran", "iran", "nato", "nato"],
    ...     "reading": ["oppose", "oppose", "neutral", "support"],
    ...     "weight": [1.0] * 4, "sentence_sha256": ["h"] * 4})
    >>> answers = pl.DataFrame({"item": ["1", "2", "3", "4"], "annotator": ["a"] * 4,
    ...     "label": ["oppose", "oppose", "neutral", "neutral"]})
    >>> result = review_accuracy(answers, sample)
    >>> result["precision"].filter(group="all").select("items", "right", "estimate").row(0)
    (4, 3.0, 0.75)
    >>> result["parties"].select("party", "estimate", "verdict").rows()
    [('nato', 0.5, 'unreliable'), ('iran', 1.0, 'uncertain')]
    """
    _check(labels)  # one row per (item, annotator)
    labels = labels.filter(pl.col("label").is_not_null())
    if "item" not in predictions.columns or "weight" not in predictions.columns:
        raise ValueError(
            "predictions must be the reviewed sample (sample_for_review, sample_sentences or "
            "refresh_sample): it carries each item's key, reading and weight"
        )
    joined = _with_status(labels, predictions)
    flagged = joined.filter("changed").select("item", "annotator", "label")
    joined = joined.filter(~pl.col("changed"))
    items, precision = _precision(joined, confidence)
    kinds = [k for k in joined["kind"].unique().sort() if k != "sentence"]
    kind = kinds[0] if len(kinds) == 1 else "items"
    has_sentences = joined.filter(pl.col("kind") == "sentence").height > 0
    recall = _recall(joined, claims, confidence) if has_sentences and claims is not None else None
    parties = (
        _verdicts(items, claims if kind == "stance" else None, threshold, confidence)
        if kind == "stance"
        else None
    )
    overall = precision.filter(group="all").to_dicts()
    message = _message(overall[0] if overall else None, parties, threshold, kind)
    if has_sentences and recall is not None:
        found = recall.filter(group="all").to_dicts()
        if found and found[0]["items"]:
            row = found[0]
            message += (
                f" Of the {row['items']} positions the annotators found in whole sentences, the "
                f"system found {row['right']:g}: recall {_pct(row['estimate'])} (95% interval "
                f"{_pct(row['low'])}–{_pct(row['high'])})."
            )
    if has_sentences and claims is None:
        message += " Pass claims= to measure recall on the whole sentences reviewed."
    if flagged.height:
        message += (
            f" {flagged.height} answer(s) were given to a sentence that has changed since and "
            "are left out (see flagged): review those items again."
        )
    return {
        "precision": precision,
        "recall": recall,
        "parties": parties,
        "flagged": flagged,
        "n": items.height,
        "message": message,
    }
