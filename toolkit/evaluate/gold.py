"""Hand annotations in the gold format (see ``data/gold/README.md``).

A gold file annotates one article: its ``sentences``, ``entities``, ``optional`` spans,
``figures`` and ``stance`` claims, with character offsets into the article text. The gold is
keyed by the article's file stem (``file``), which is the ``article_id`` that
:func:`toolkit.load_articles` gives a plain text file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

__all__ = ["gold_frame", "golds", "load_gold"]


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


def golds(gold) -> list[dict]:
    if isinstance(gold, (str, os.PathLike)):
        return load_gold(gold)
    if isinstance(gold, dict):
        return [gold]
    return list(gold)


def gold_frame(gold, key: str) -> pl.DataFrame:
    """One gold section (``entities``, ``optional``, ``figures``, ``stance``) as a frame,
    with the ``article_id`` of its article and ``sentence`` renamed ``sentence_id``."""
    rows = [
        {**record, "article_id": g["article_id"]} for g in golds(gold) for record in g.get(key, [])
    ]
    frame = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    if "sentence" in frame.columns:
        frame = frame.rename({"sentence": "sentence_id"})
    return frame
