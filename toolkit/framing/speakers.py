"""The frame of the words that name a claim's speaker (المقاومة الإسلامية → resistance,
الميليشيات المدعومة من إيران → militia), for the stance reader's claims."""

from __future__ import annotations

import os

import polars as pl

from toolkit.framing.extract import extract_framing
from toolkit.lexicons import Lexicons

__all__ = ["speaker_frames"]


def speaker_frames(
    claims: pl.DataFrame,
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    framing: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """Add ``speaker_frame`` to a claims frame: the frame of the framing term that overlaps
    the claim's speaker span, if any.

    A term counts when it *starts* inside the speaker span: the first word of an Arabic
    naming is its head, so ``الميليشيات`` is named by ``الميليشيات المدعومة من إيران``, while
    ``إيران`` is not named by ``أذرع إيران`` (Iran's arms) nor ``سليماني`` by ``مقتل سليماني``.

    Parameters
    ----------
    claims
        A frame with ``article_id``, ``speaker_start`` and ``speaker_end`` (offsets into the
        article's text, as :func:`toolkit.classify_stance` gives them; null when no speaker).
    articles
        The articles the claims come from (``article_id``, ``text``).
    framing, lexicons
        As for :func:`toolkit.framing.extract_framing`.

    Returns
    -------
    polars.DataFrame
        ``claims`` in its order with ``speaker_frame`` (null when no framing term overlaps
        the speaker). Where several terms start in it, the one overlapping it most wins, then
        the first in the text.

    Examples
    --------
    >>> import polars as pl
    >>> text = "وقالت الميليشيات المدعومة من إيران إنها سترد."
    >>> articles = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> claims = pl.DataFrame({"article_id": ["a"], "speaker_start": [6], "speaker_end": [35]})
    >>> speaker_frames(claims, articles)["speaker_frame"].to_list()
    ['militia']
    """
    found = extract_framing(articles, framing=framing, lexicons=lexicons).select(
        "article_id", pl.col("start").alias("_f0"), pl.col("end").alias("_f1"), "frame"
    )
    numbered = claims.with_row_index("_claim")
    spans = numbered.select(
        "_claim", pl.col("article_id").cast(pl.String), "speaker_start", "speaker_end"
    ).drop_nulls()
    overlap = pl.min_horizontal("_f1", "speaker_end") - pl.max_horizontal("_f0", "speaker_start")
    best = (
        spans.join(found, on="article_id")
        .with_columns(_overlap=overlap)
        .filter(
            (pl.col("_f0") >= pl.col("speaker_start")) & (pl.col("_f0") < pl.col("speaker_end"))
        )
        .sort(["_claim", "_overlap", "_f0"], descending=[False, True, False])
        .unique("_claim", keep="first")
        .select("_claim", pl.col("frame").alias("speaker_frame"))
    )
    return numbered.join(best, on="_claim", how="left").sort("_claim").drop("_claim")
