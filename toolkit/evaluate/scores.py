"""The arithmetic of scores: precision, recall and F1, and span overlap."""

from __future__ import annotations

__all__ = ["compatible_labels", "overlaps", "prf", "span_scores"]

_COMPATIBLE = {"GPE": "PLACE", "LOC": "PLACE"}


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


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two character spans share at least one character."""
    return a_start < b_end and b_start < a_end


def compatible_labels(a: str | None, b: str | None) -> bool:
    """Whether two entity labels count as the same (GPE and LOC are both places)."""
    return _COMPATIBLE.get(a, a) == _COMPATIBLE.get(b, b)
