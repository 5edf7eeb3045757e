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
    "EVALUATION_SETS",
    "HELDOUT_DIR",
    "course_articles",
    "demo_validation",
    "evaluation_sets",
    "flag_practice",
    "heldout_articles",
    "heldout_figure_phrases",
    "heldout_passages",
    "heldout_stance_scores",
    "practice_articles",
    "practice_note",
    "seed_articles",
    "seed_gold",
]

#: The repository's ``data/`` folder.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: The held-out sets, written and annotated without seeing the toolkit's rules (package data).
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"


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


#: Said next to every cross-article result that rests on the practice corpus.
PRACTICE_NOTE = (
    "Practice data: {n} of these {total} articles were written for teaching (synthetic = true); "
    "they show how the method works and are not evidence about real coverage."
)


def practice_note(articles: pl.DataFrame, used=None) -> str:
    """The note a result owes its reader when it rests on practice articles, else ``""``.

    ``used`` (article ids, for example a result's ``article_id`` column) limits the count to
    the articles the result comes from.

    Examples
    --------
    >>> "written for teaching" in practice_note(course_articles())
    True
    >>> practice_note(seed_articles())
    ''
    """
    if "synthetic" not in articles.columns:
        return ""
    chosen = articles
    if used is not None:
        chosen = articles.filter(pl.col("article_id").is_in(pl.Series(list(used)).implode()))
    practice = chosen.filter(pl.col("synthetic").fill_null(False)).height
    if not practice:
        return ""
    return PRACTICE_NOTE.format(n=practice, total=chosen.height)


def flag_practice(articles: pl.DataFrame, used=None) -> None:
    """Print :func:`practice_note` when there is one (for a notebook cell's output)."""
    note = practice_note(articles, used)
    if note:
        print(note)


def demo_validation() -> dict:
    """The demonstration review of the shipped data (``data/validation/``), made for teaching.

    Returns a dict with ``sample`` (the CSV of the reviewed sample: 30 stance claims and 20
    whole sentences of the seed and practice articles, read with
    :func:`toolkit.validate.read_sample`) and ``annotators`` (the two annotators' JSON-lines
    files, read with :func:`toolkit.validate.read_answers`). The answers were constructed by
    the toolkit's authors to teach agreement and accuracy; they are not an independent coding
    (see ``data/validation/README.md``).

    Examples
    --------
    >>> [path.name for path in demo_validation()["annotators"]]
    ['demo_annotator_a.jsonl', 'demo_annotator_b.jsonl']
    """
    folder = _data("validation")
    return {
        "sample": folder / "demo_sample.csv",
        "annotators": sorted(folder.glob("demo_annotator_*.jsonl")),
        "readme": folder / "README.md",
    }


def _heldout(name: str) -> tuple[pl.DataFrame, list[dict]]:
    folder = HELDOUT_DIR / name
    golds = load_gold(folder)
    articles = pl.DataFrame(
        {
            "article_id": [g["article_id"] for g in golds],
            "text": [
                (folder / f"{g['article_id']}.txt").read_text(encoding="utf-8") for g in golds
            ],
        }
    )
    return articles, golds


def heldout_passages() -> tuple[pl.DataFrame, list[dict]]:
    """The held-out passages and their gold annotations: ``(articles, golds)``.

    Ten short passages written and annotated by someone who never saw the toolkit's rules, in
    the styles of kinds of outlets (wire, Gulf daily, Iraqi site, TV summary …), annotated
    for entities, figures and stance. They are constructed texts, not news.
    """
    return _heldout("passages")


def heldout_articles() -> tuple[pl.DataFrame, list[dict]]:
    """The held-out articles and their gold annotations: ``(articles, golds)``.

    Twenty-two articles, each in the house style of one real outlet (headlines, datelines,
    attribution and spelling as they write them), written and annotated for entities and
    stance by three writers who never saw the toolkit's rules, each set before the rules were
    changed in its session. They are constructed texts, not news; ``figures`` is not annotated.
    """
    return _heldout("articles")


def heldout_figure_phrases() -> pl.DataFrame:
    """The held-out figure phrase cases (one figure per phrase, or none), as strings."""
    path = HELDOUT_DIR / "passages" / "figure_phrases.csv"
    return pl.read_csv(path, infer_schema=False)


from toolkit.datasets.reliability import heldout_stance_scores  # noqa: E402  (uses the loaders)
from toolkit.datasets.sets import EVALUATION_SETS, evaluation_sets  # noqa: E402  (uses the above)
