"""The arithmetic of scores: precision, recall and F1, span overlap, and the Wilson interval."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["compatible_labels", "overlaps", "prf", "span_scores", "wilson_interval"]

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


def wilson_interval(successes: float, n: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion: ``successes`` out of ``n``.

    With :math:`\\hat p = x / n` and :math:`z` the normal quantile for ``confidence`` (1.96 for
    95%), the interval is

    .. math::

        \\frac{\\hat p + z^2 / 2n \\pm z \\sqrt{\\hat p (1 - \\hat p) / n + z^2 / 4n^2}}{1 + z^2 / n}

    Unlike the textbook interval :math:`\\hat p \\pm z \\sqrt{\\hat p (1 - \\hat p) / n}` it stays
    inside 0 … 1 and is not empty at 0 or ``n`` successes, which matters for the small samples
    of a hand review (8 of 10 right gives 49–94%, not 55–105%). ``successes`` and ``n`` may be
    fractional (a weighted count and an effective sample size). ``(nan, nan)`` when ``n`` is 0.

    Examples
    --------
    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    >>> wilson_interval(0, 10)[0]
    0.0
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    if n <= 0:
        return (math.nan, math.nan)
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n (got {successes} of {n})")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, center - half)
    high = 1.0 if successes == n else min(1.0, center + half)
    return (low, high)
