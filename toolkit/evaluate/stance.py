"""Scoring stance claims against the gold: accepted labels per (article, sentence, party)."""

from __future__ import annotations

import polars as pl

from toolkit.evaluate.gold import gold_frame
from toolkit.evaluate.scores import prf, wilson_interval
from toolkit.lexicons import STANCES
from toolkit.stance import CLAIM_SCHEMA

__all__ = ["STANCE_ERRORS", "evaluate_stance"]

#: The kinds of errors of :func:`evaluate_stance` (its ``error`` column).
STANCE_ERRORS = ("wrong_label", "false_positive", "miss")


def evaluate_stance(claims: pl.DataFrame, gold, *, strict: bool = False) -> dict:
    """Score stance claims against the gold ``stance`` annotations.

    A prediction and a gold claim match when they share the article, the sentence and the
    party. A prediction's sentence is the gold sentence its sentence starts in (by offsets,
    when the gold gives its sentences): the reader may cut one gold line in two (two
    sentences on one line), and its own numbering would shift every later sentence. Positions of
    one party in the pieces of one gold sentence are read together (two different labels, or a
    mixed piece: ``mixed``). A prediction *counts* when its label is in the gold claim's ``accept`` list (no gold
    claim means only ``neutral`` is accepted): the other labels a careful annotator could
    defend, so a gold ``mixed`` read as ``oppose`` counts when the annotator accepted
    ``oppose``. With ``strict=True`` only the gold label itself counts (the ``accept`` lists
    are ignored), which shows how much of a score rests on them. Precision is over the predicted non-neutral
    claims; recall is over the gold claims whose ``stance`` is not neutral (a gold claim is
    found when a prediction for it has an accepted label, ``neutral`` included when the
    annotator accepted it). Only articles the gold annotates are scored.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``; ``confusion`` (gold stance by
        predicted stance, ``none`` where one side has no claim); ``errors``: each non-neutral
        prediction that is not accepted and each gold claim that is not found, with the gold
        and predicted labels and cues side by side and the rule that fired. Its ``error``
        column says which: ``wrong_label`` (a position where the gold has another position),
        ``false_positive`` (a position where the gold has none: no gold claim, or a neutral
        one) or ``miss`` (a gold position not found: no prediction, or a neutral one).
        ``alternatives``: the predictions that count only because of an ``accept`` list (their
        label is not the gold label), with both labels and the sentence.
        ``by_label``: one row per position label (support, oppose, mixed) with ``predicted``
        (the non-neutral predictions of that label), ``correct`` (those accepted),
        ``precision`` and its 95% Wilson interval (``precision_low``, ``precision_high``),
        ``gold`` (the required gold claims of that label), ``found``, ``recall`` and its
        interval (``recall_low``, ``recall_high``); null where a count is 0. Small sets give
        wide intervals: read them before the point values.

    Examples
    --------
    >>> from toolkit.datasets import seed_articles, seed_gold
    >>> from toolkit.stance import classify_stance
    >>> scores = evaluate_stance(classify_stance(seed_articles()), seed_gold())
    >>> scores["f1"] >= 0.9, scores["errors"].columns[0]
    (True, 'error')
    """
    wanted = gold_frame(gold, "stance")
    key = ["article_id", "sentence_id", "party"]
    if wanted.is_empty():
        wanted = pl.DataFrame(
            schema={**{k: CLAIM_SCHEMA[k] for k in key}, "stance": pl.String,
                    "accept": pl.List(pl.String), "cue": pl.String}
        )  # fmt: skip
    if "cue" not in wanted.columns:
        wanted = wanted.with_columns(cue=pl.lit(None, pl.String))
    accepted = pl.concat_list(pl.col("stance"))
    if not strict:
        accepted = pl.coalesce(pl.col("accept"), accepted)
    wanted = wanted.select(
        *key,
        pl.col("stance").alias("gold"),
        accepted.alias("accept"),
        pl.col("cue").alias("gold_cue"),
    )
    ids = wanted["article_id"].unique().implode()
    optional = {"cue": "predicted_cue", "rule": "rule", "sentence": "sentence"}
    chosen = _in_gold_sentences(claims.filter(pl.col("article_id").is_in(ids)), gold)
    predicted = chosen.select(
        *key,
        pl.col("stance").alias("predicted"),
        *[
            (pl.col(c) if c in chosen.columns else pl.lit(None, pl.String)).alias(alias)
            for c, alias in optional.items()
        ],
    )
    predicted = _one_per_key(predicted, key)
    both = wanted.join(predicted, on=key, how="full", coalesce=True)
    accept = pl.coalesce(pl.col("accept"), pl.lit(["neutral"], dtype=pl.List(pl.String)))
    both = both.with_columns(
        accepted=accept.list.contains(pl.col("predicted")).fill_null(False),
        positive=pl.col("predicted").is_not_null() & (pl.col("predicted") != "neutral"),
        required=pl.col("gold").is_not_null() & (pl.col("gold") != "neutral"),
    )
    tp = both.filter("positive", "accepted").height
    fp = both.filter(pl.col("positive") & ~pl.col("accepted")).height
    found = both.filter("required", "accepted").height
    fn = both.filter(pl.col("required") & ~pl.col("accepted")).height
    precision = prf(tp, fp, 0)["precision"]
    recall = found / (found + fn) if found + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "confusion": _confusion(both),
        "errors": _errors(both, key),
        "alternatives": both.filter(
            pl.col("accepted")
            & pl.col("gold").is_not_null()
            & (pl.col("predicted") != pl.col("gold"))
        )
        .sort(key)
        .select(*key, "gold", "accept", "predicted", "predicted_cue", "sentence"),
        "by_label": _by_label(both),
    }


def _in_gold_sentences(claims: pl.DataFrame, gold) -> pl.DataFrame:
    """The claims with ``sentence_id`` set to the number of the gold sentence their sentence
    starts in (by offsets), where the gold gives its sentences' offsets: the reader may cut a
    gold line in two (two sentences on one line), and its own
    numbering would then shift every later sentence."""
    lines = gold_frame(gold, "sentences")
    if claims.is_empty() or lines.is_empty() or "start" not in claims.columns:
        return claims
    lines = lines.select(
        "article_id",
        pl.col("sentence_id").cast(pl.Int64).alias("_line"),
        pl.col("start").cast(pl.Int64).alias("_line_start"),
    ).sort("article_id", "_line_start")
    placed = (
        claims.with_columns(pl.col("start").cast(pl.Int64).alias("_start"))
        .sort("article_id", "_start")
        .join_asof(
            lines,
            left_on="_start",
            right_on="_line_start",
            by="article_id",
            strategy="backward",
            check_sortedness=False,
        )
    )
    return placed.with_columns(
        sentence_id=pl.coalesce("_line", pl.col("sentence_id").cast(pl.Int64)).cast(
            claims.schema["sentence_id"]
        )
    ).drop("_start", "_line", "_line_start")


def _one_per_key(predicted: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """One prediction per gold sentence and party: the reader's positions in the sentence's
    pieces read together (one label → it; support and oppose, or a mixed piece → mixed; only
    neutral → neutral), with the first position's cue, rule and sentence."""
    if predicted.select(key).is_unique().all():
        return predicted
    positions = pl.col("predicted").filter(pl.col("predicted") != "neutral")
    first = pl.col("predicted") != "neutral"
    return predicted.group_by(key, maintain_order=True).agg(
        predicted=pl.when(positions.n_unique() == 0)
        .then(pl.col("predicted").first())
        .when(positions.n_unique() == 1)
        .then(positions.first())
        .otherwise(pl.lit("mixed")),
        **{
            name: pl.when(first.any())
            .then(pl.col(name).filter(first).first())
            .otherwise(pl.col(name).first())
            for name in ("predicted_cue", "rule", "sentence")
        },
    )


def _by_label(both: pl.DataFrame) -> pl.DataFrame:
    """Precision and recall per position label, with counts and 95% Wilson intervals."""
    rows = []
    for label in STANCES:
        if label == "neutral":
            continue
        predicted = both.filter(pl.col("positive") & (pl.col("predicted") == label))
        gold = both.filter(pl.col("required") & (pl.col("gold") == label))
        row = {"label": label}
        for name, frame, hits in (
            ("precision", predicted, "correct"),
            ("recall", gold, "found"),
        ):
            n, k = frame.height, frame.filter("accepted").height
            low, high = wilson_interval(k, n) if n else (None, None)
            count = "predicted" if name == "precision" else "gold"
            row |= {count: n, hits: k, name: k / n if n else None,
                    f"{name}_low": low, f"{name}_high": high}  # fmt: skip
        rows.append(row)
    return pl.DataFrame(rows, schema={
        "label": pl.String, "predicted": pl.Int64, "correct": pl.Int64,
        "precision": pl.Float64, "precision_low": pl.Float64, "precision_high": pl.Float64,
        "gold": pl.Int64, "found": pl.Int64,
        "recall": pl.Float64, "recall_low": pl.Float64, "recall_high": pl.Float64,
    })  # fmt: skip


def _confusion(both: pl.DataFrame) -> pl.DataFrame:
    """Gold stance (rows) by predicted stance (columns), ``none`` where a side has no claim."""
    labels = [*STANCES, "none"]
    cells = both.select(pl.col("gold").fill_null("none"), pl.col("predicted").fill_null("none"))
    confusion = pl.DataFrame({"gold": labels}).join(
        cells.group_by("gold", "predicted").len().pivot("predicted", index="gold", values="len"),
        on="gold",
        how="left",
    )
    for label in labels:
        if label not in confusion.columns:
            confusion = confusion.with_columns(pl.lit(None, pl.UInt32).alias(label))
    return confusion.select("gold", *labels).fill_null(0)


def _errors(both: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """The predictions not accepted and the gold positions not found, one row each."""
    error = (
        pl.when(pl.col("positive") & pl.col("required"))
        .then(pl.lit("wrong_label"))
        .when(pl.col("positive"))
        .then(pl.lit("false_positive"))
        .otherwise(pl.lit("miss"))
    )
    return (
        both.filter((pl.col("positive") | pl.col("required")) & ~pl.col("accepted"))
        .sort(key)
        .select(error.alias("error"), *key, "gold", "accept", "gold_cue", "predicted",
                "predicted_cue", "rule", "sentence")
    )  # fmt: skip
