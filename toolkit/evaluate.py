"""Scoring against hand annotations in the gold format (see ``data/gold/README.md``).

A gold file annotates one article: its ``sentences``, ``entities``, ``optional`` spans,
``figures`` and ``stance`` claims, with character offsets into the article text. The gold is
keyed by the article's file stem (``file``), which is the ``article_id`` that
:func:`toolkit.load_articles` gives a plain text file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

__all__ = ["evaluate_entities", "gold_frame", "load_gold", "prf", "span_scores"]

_COMPATIBLE = {"GPE": "PLACE", "LOC": "PLACE"}


def load_gold(path: str | os.PathLike) -> list[dict]:
    """Load one gold JSON file, or every ``*.gold.json`` in a folder (sorted).

    Each returned dict has ``article_id`` set to the annotated file's stem (``file``) when
    the gold names one, so it matches the ids that :func:`toolkit.load_articles` gives.
    """
    path = Path(path)
    files = sorted(path.glob("*.gold.json")) if path.is_dir() else [path]
    golds = []
    for file in files:
        try:
            gold = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{file}: not a readable gold JSON file ({exc})") from None
        gold = dict(gold)
        gold["article_id"] = gold.get("file") or gold.get("article_id") or file.stem
        golds.append(gold)
    return golds


def _golds(gold) -> list[dict]:
    if isinstance(gold, (str, os.PathLike)):
        return load_gold(gold)
    if isinstance(gold, dict):
        return [gold]
    return list(gold)


def gold_frame(gold, key: str) -> pl.DataFrame:
    """One gold section (``entities``, ``optional``, ``figures``, ``stance``) as a frame,
    with the ``article_id`` of its article and ``sentence`` renamed ``sentence_id``."""
    rows = [
        {**record, "article_id": g["article_id"]} for g in _golds(gold) for record in g.get(key, [])
    ]
    frame = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    if "sentence" in frame.columns:
        frame = frame.rename({"sentence": "sentence_id"})
    return frame


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 when undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def span_scores(
    correct_predictions: int, predictions: int, found_gold: int, gold: int
) -> dict[str, float]:
    """Precision over predictions and recall over gold items, for span matching where one
    prediction may cover several gold items (or several predictions one); F1 of the two."""
    precision = correct_predictions / predictions if predictions else 0.0
    recall = found_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _compatible(a: str | None, b: str | None) -> bool:
    return _COMPATIBLE.get(a, a) == _COMPATIBLE.get(b, b)


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
        id); and frames ``misses`` (gold entities not found) and ``false_positives``.
    """
    golds = _golds(gold)
    ids = [g["article_id"] for g in golds]
    predicted = mentions.filter(pl.col("article_id").is_in(ids))
    by_article = {g["article_id"]: g for g in golds}
    matched_gold: dict[tuple[str, int], str] = {}
    false_positives = []
    tp_pred = 0
    for row in predicted.iter_rows(named=True):
        g = by_article[row["article_id"]]
        hits = [
            i
            for i, e in enumerate(g.get("entities", []))
            if _overlaps(row["start"], row["end"], e["start"], e["end"])
            and _compatible(row["label"], e["label"])
        ]
        if hits:
            tp_pred += 1
            for i in hits:
                matched_gold.setdefault((row["article_id"], i), row["entity"])
            continue
        if any(
            _overlaps(row["start"], row["end"], o["start"], o["end"]) for o in g.get("optional", [])
        ):
            continue
        false_positives.append(row)
    misses = [
        {**e, "article_id": g["article_id"]}
        for g in golds
        for i, e in enumerate(g.get("entities", []))
        if (g["article_id"], i) not in matched_gold
    ]
    total_gold = sum(len(g.get("entities", [])) for g in golds)
    tp = total_gold - len(misses)
    return {
        **span_scores(tp_pred, tp_pred + len(false_positives), tp, total_gold),
        "tp": tp,
        "fp": len(false_positives),
        "fn": len(misses),
        "alias_agreement": _alias_agreement(golds, matched_gold),
        "misses": pl.DataFrame(misses, infer_schema_length=None)
        if misses
        else pl.DataFrame(schema={"article_id": pl.String, "surface": pl.String}),
        "false_positives": pl.DataFrame(false_positives, schema=predicted.schema, orient="row"),
    }


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
