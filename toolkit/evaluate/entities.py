"""Scoring entity mentions against the gold: overlapping spans, compatible labels."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.evaluate.gold import golds
from toolkit.evaluate.scores import compatible_labels, overlaps, span_scores

__all__ = ["evaluate_entities"]


def evaluate_entities(mentions: pl.DataFrame, gold) -> dict:
    """Score entity mentions against gold annotations.

    A predicted mention matches a gold entity when their spans overlap and their labels are
    compatible (GPE and LOC are interchangeable). A prediction that matches no gold entity
    but overlaps an ``optional`` span is neither rewarded nor penalized; any other prediction
    is a false positive. Only articles that the gold annotates are scored.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``; ``alias_agreement`` (of
        pairs of matched gold mentions of the same entity, the share given the same entity
        id); and ``errors``, one row per gold entity not found (``error`` = ``miss``, with the
        gold's fields) and per false positive (``false_positive``, with the prediction's).
    """
    annotated = golds(gold)
    ids = [g["article_id"] for g in annotated]
    predicted = mentions.filter(pl.col("article_id").is_in(ids))
    by_article = {g["article_id"]: g for g in annotated}
    matched_gold: dict[tuple[str, int], str] = {}
    false_positives = []
    tp_pred = 0
    for row in predicted.iter_rows(named=True):
        g = by_article[row["article_id"]]
        hits = [
            i
            for i, e in enumerate(g.get("entities", []))
            if overlaps(row["start"], row["end"], e["start"], e["end"])
            and compatible_labels(row["label"], e["label"])
        ]
        if hits:
            tp_pred += 1
            for i in hits:
                matched_gold.setdefault((row["article_id"], i), row["entity"])
            continue
        if any(
            overlaps(row["start"], row["end"], o["start"], o["end"]) for o in g.get("optional", [])
        ):
            continue
        false_positives.append(row)
    misses = [
        {**e, "article_id": g["article_id"]}
        for g in annotated
        for i, e in enumerate(g.get("entities", []))
        if (g["article_id"], i) not in matched_gold
    ]
    total_gold = sum(len(g.get("entities", [])) for g in annotated)
    tp = total_gold - len(misses)
    return {
        **span_scores(tp_pred, tp_pred + len(false_positives), tp, total_gold),
        "tp": tp,
        "fp": len(false_positives),
        "fn": len(misses),
        "alias_agreement": _alias_agreement(annotated, matched_gold),
        "errors": _errors(misses, false_positives),
    }


_ERROR_SCHEMA = {
    "error": pl.String,
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "label": pl.String,
    "entity": pl.String,
    "party": pl.String,
}


def _errors(misses: list[dict], false_positives: list[dict]) -> pl.DataFrame:
    """Misses (the gold's fields, ``entity`` its English name) then false positives (the
    prediction's fields, ``entity`` its id), in the columns of :data:`_ERROR_SCHEMA`."""
    rows = [
        {**{k: row.get(k) for k in _ERROR_SCHEMA}, "error": kind, "sentence_id": row.get(sid)}
        for kind, sid, found in (
            ("miss", "sentence", misses),
            ("false_positive", "sentence_id", false_positives),
        )
        for row in found
    ]
    return pl.DataFrame(rows, schema=_ERROR_SCHEMA)


def _alias_agreement(golds: Iterable[dict], matched: dict[tuple[str, int], str]) -> float:
    """Of pairs of matched gold mentions of one entity, the share that got one predicted id."""
    agree = total = 0
    for g in golds:
        by_entity: dict[str, list[str]] = {}
        for i, e in enumerate(g.get("entities", [])):
            if (g["article_id"], i) in matched:
                by_entity.setdefault(e["entity"], []).append(matched[(g["article_id"], i)])
        for predicted_ids in by_entity.values():
            for a in range(len(predicted_ids)):
                for b in range(a + 1, len(predicted_ids)):
                    total += 1
                    agree += predicted_ids[a] == predicted_ids[b]
    return agree / total if total else 1.0
