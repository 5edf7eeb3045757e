"""Scoring against hand annotations: one scorer per stage, one result shape.

Every ``evaluate_*`` returns a dict with ``precision``, ``recall``, ``f1``, ``tp``, ``fp`` and
``fn``, an ``errors`` frame (one row per error, its kind in the ``error`` column) and the
stage's own extras (alias agreement, field accuracies, a confusion table).
"""

from toolkit.evaluate.entities import evaluate_entities
from toolkit.evaluate.figures import evaluate_figures, evaluate_phrases
from toolkit.evaluate.gold import gold_frame, golds, load_gold
from toolkit.evaluate.scores import compatible_labels, overlaps, prf, span_scores
from toolkit.evaluate.stance import evaluate_stance

__all__ = [
    "compatible_labels",
    "evaluate_entities",
    "evaluate_figures",
    "evaluate_phrases",
    "evaluate_stance",
    "gold_frame",
    "golds",
    "load_gold",
    "overlaps",
    "prf",
    "span_scores",
]
