"""The data shipped with the toolkit: the seed article, its gold annotation, the practice corpus.

``data/articles/`` holds the real Arabic report the project started from (its date and outlet
are not stated in the text, so they are null). ``data/practice/`` holds short articles written
for teaching (``synthetic: true``); they let cross-article views be taught, but conclusions
about the real world must come from real articles. ``data/gold/`` holds the hand annotation.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from toolkit.corpus import load_articles
from toolkit.evaluate import load_gold

__all__ = [
    "DATA_DIR",
    "HELDOUT_DIR",
    "course_articles",
    "heldout_passages",
    "practice_articles",
    "seed_articles",
    "seed_gold",
]

#: The repository's ``data/`` folder.
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
#: Passages written and annotated without seeing the toolkit's rules (an honest test set).
HELDOUT_DIR = Path(__file__).resolve().parents[1] / "tests" / "heldout"


def _data(name: str) -> Path:
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the shipped data lives in the repository's data/ folder; "
            "install the toolkit from a clone with `pip install -e .` (or `make setup`)"
        )
    return path


def _with_synthetic(frame: pl.DataFrame) -> pl.DataFrame:
    if "synthetic" not in frame.columns:
        return frame.with_columns(synthetic=pl.lit(False))
    return frame.with_columns(pl.col("synthetic").cast(pl.Boolean).fill_null(False))


def seed_articles() -> pl.DataFrame:
    """The real seed article (one row)."""
    return _with_synthetic(load_articles(_data("articles")))


def practice_articles() -> pl.DataFrame:
    """The constructed practice corpus (``synthetic`` is true for every row)."""
    return _with_synthetic(load_articles(_data("practice")))


def seed_gold() -> list[dict]:
    """The hand annotation of the seed article, in the gold format."""
    return load_gold(_data("gold"))


def course_articles(corpus: str | os.PathLike | None = None) -> pl.DataFrame:
    """The articles a course notebook works on.

    With ``corpus=None``, the seed article followed by the practice corpus, with a boolean
    ``synthetic`` column that tells them apart. Otherwise the user's own corpus, loaded with
    ``errors="skip"`` (problems are listed in a warning, never dropped silently).

    Examples
    --------
    >>> articles = course_articles()
    >>> articles.filter(~pl.col("synthetic")).height
    1
    """
    if corpus is None:
        return pl.concat([seed_articles(), practice_articles()], how="diagonal_relaxed")
    return _with_synthetic(load_articles(corpus, errors="skip"))


def heldout_passages() -> tuple[pl.DataFrame, list[dict]]:
    """The held-out passages and their gold annotations: ``(articles, golds)``.

    They were written and annotated by someone who never saw the toolkit's rules, so scores
    on them show how the rules generalize. They are constructed texts, not news.
    """
    golds = load_gold(HELDOUT_DIR)
    articles = pl.DataFrame(
        {
            "article_id": [g["article_id"] for g in golds],
            "text": [
                (HELDOUT_DIR / f"{g['article_id']}.txt").read_text(encoding="utf-8") for g in golds
            ],
        }
    )
    return articles, golds
