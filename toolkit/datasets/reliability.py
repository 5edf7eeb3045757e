"""How well the stance reader does on the held-out sets, with the lexicons a run uses.

A run report (and notebook 03) states the reader's measured precision and recall per label on
the project's held-out sets — the twenty-two constructed articles and the ten passages of
:func:`toolkit.datasets.heldout_articles` and :func:`toolkit.datasets.heldout_passages`,
written and annotated without seeing the rules — so a researcher reads a corpus's counts with
the reader's error rates beside them. The score is computed again with the lexicons given:
edited copies give the edited reader's score, not the shipped one's.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.evaluate import evaluate_stance
from toolkit.lexicons import Lexicons
from toolkit.stance import classify_stance

__all__ = ["HELDOUT_SET", "heldout_stance_scores"]

#: How the held-out sets are named in reports.
HELDOUT_SET = "held-out (24 constructed articles and passages, package data)"


def heldout_stance_scores(
    *,
    cues: str | os.PathLike | pl.DataFrame | None = None,
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
    lexicons: Lexicons | str | None = None,
) -> dict:
    """:func:`toolkit.evaluate.evaluate_stance` of the reader on both held-out sets.

    The options choose the lexicons as for :func:`toolkit.stance.classify_stance`. Returns the
    evaluation's dict (``precision``, ``recall``, ``f1``, ``by_label`` with counts and 95%
    Wilson intervals, ``errors`` …) and ``set`` (:data:`HELDOUT_SET`).

    Examples
    --------
    >>> scores = heldout_stance_scores()
    >>> scores["set"].startswith("held-out"), scores["by_label"]["label"].to_list()
    (True, ['support', 'oppose', 'mixed'])
    """
    from toolkit.datasets import heldout_articles, heldout_passages

    articles, golds = [], []
    for frame, gold in (heldout_articles(), heldout_passages()):
        articles.append(frame)
        golds.extend(gold)
    claims = classify_stance(
        pl.concat(articles), cues=cues, speakers=speakers, gazetteer=gazetteer, lexicons=lexicons
    )
    return {**evaluate_stance(claims, golds), "set": HELDOUT_SET}
