"""One method scored on every evaluation set the toolkit ships, the held-out sets first.

The rules were written against the seed article, so its scores (the *development* set) are
optimistic; the held-out sets were written and annotated by people who never saw the rules,
but they are constructed text. A notebook shows :func:`evaluation_sets` so that the honest
number comes first and every number names the set it was computed on.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

__all__ = ["EVALUATION_SETS", "evaluation_sets"]

#: The shipped evaluation sets, in the order they are shown: (name, role, what it is).
EVALUATION_SETS = (
    (
        "held-out passages",
        "held-out",
        "short passages in the styles of kinds of outlets, written and annotated by someone who "
        "never saw the rules (constructed text, not news)",
    ),
    (
        "held-out articles",
        "held-out",
        "articles in the house styles of real outlets, written and annotated by two writers who "
        "never saw the rules (constructed text, not news)",
    ),
    (
        "seed article",
        "development",
        "the real article the rules were written against: its score is optimistic",
    ),
)


def _stage(stage: str) -> tuple[Callable, Callable, str]:
    """The extractor, the scorer and the gold key of a stage."""
    from toolkit.entities import extract_entities
    from toolkit.evaluate import evaluate_entities, evaluate_figures, evaluate_stance
    from toolkit.figures import extract_figures
    from toolkit.stance import classify_stance

    stages = {
        "entities": (extract_entities, evaluate_entities, "entities"),
        "figures": (extract_figures, evaluate_figures, "figures"),
        "stance": (classify_stance, evaluate_stance, "stance"),
    }
    if stage not in stages:
        raise ValueError(f"stage must be one of {sorted(stages)}, not {stage!r}")
    return stages[stage]


def evaluation_sets(stage: str, **options) -> pl.DataFrame:
    """Score one stage on every shipped evaluation set: held-out sets first, development last.

    ``stage`` is ``"entities"``, ``"figures"`` or ``"stance"``; ``options`` go to the scorer
    (for example ``strict=True`` for stance). A set without annotations for the stage (the
    held-out articles have no figures) is left out.

    Returns
    -------
    polars.DataFrame
        One row per set: ``set``, ``role`` (``held-out`` or ``development``), ``articles``,
        ``annotated`` (gold items of the stage), ``precision``, ``recall``, ``f1``, ``tp``,
        ``fp``, ``fn`` and ``about`` (what the set is).

    Examples
    --------
    >>> table = evaluation_sets("entities")
    >>> table["role"].to_list()
    ['held-out', 'held-out', 'development']
    """
    from toolkit.datasets import heldout_articles, heldout_passages, seed_articles, seed_gold

    extract, score, key = _stage(stage)
    loaders = {
        "held-out passages": heldout_passages,
        "held-out articles": heldout_articles,
        "seed article": lambda: (seed_articles(), seed_gold()),
    }
    rows = []
    for name, role, about in EVALUATION_SETS:
        articles, golds = loaders[name]()
        annotated = sum(len(g.get(key) or []) for g in golds)
        if not annotated:
            continue
        result = score(extract(articles), golds, **options)
        rows.append(
            {"set": name, "role": role, "articles": articles.height, "annotated": annotated}
            | {k: result[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
            | {"about": about}
        )
    return pl.DataFrame(rows).with_columns(pl.col("precision", "recall", "f1").round(3))
