"""Classifying a corpus: candidate sentences, each read in its article, and the claims frame.

1. **Candidates** (vectorized, :func:`candidates`): sentences whose normalized text contains
   the first word of a cue, of a reference to forces, of a reporting verb or of a source
   marker. Only these are read word by word.
2. Each candidate is read in article order with the article's state
   (:mod:`toolkit.stance.state`), remembered (:mod:`toolkit.stance.memo`) or afresh
   (:func:`toolkit.stance.sentence.read_sentence`).
3. The claims become one frame (:data:`CLAIM_SCHEMA`), built column by column, offsets made
   absolute in the article text.

Reading is linear in the length of a sentence and of an article: the matches, forces,
modifiers and mentions of a sentence are indexed once (binary searches, not scans back over
the sentence). A large corpus is read in several processes (:mod:`toolkit.stance.parallel`).
"""

from __future__ import annotations

import gc
import os

import polars as pl

from toolkit.arabic import normalize_expr, split_sentences
from toolkit.lexicons import Lexicons, as_lexicons
from toolkit.stance.memo import Memory, MemoSettings, as_option, memo_settings
from toolkit.stance.parallel import parts_of, read_apart, unpacked
from toolkit.stance.reader import Reader, reader_for
from toolkit.stance.sentence import read_sentence
from toolkit.stance.state import State

__all__ = [
    "CLAIM_SCHEMA",
    "candidates",
    "classify_batch",
    "classify_candidates",
    "classify_stance",
    "empty_claims",
]

#: The columns of :func:`classify_stance`.
CLAIM_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "party": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "cue": pl.String,
    "cue_start": pl.Int64,
    "cue_end": pl.Int64,
    "speaker": pl.String,
    "speaker_start": pl.Int64,
    "speaker_end": pl.Int64,
    "aspect": pl.String,
    "rule": pl.String,
    "target": pl.String,
    "sentence": pl.String,
    "evidence": pl.List(
        pl.Struct(
            {
                "kind": pl.String,
                "text": pl.String,
                "start": pl.Int64,
                "end": pl.Int64,
                "polarity": pl.String,
                "note": pl.String,
            }
        )
    ),
}


def classify_stance(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    cues: str | os.PathLike | pl.DataFrame | None = None,
    target: str = "us_troops",
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
    lexicons: Lexicons | str | None = None,
    workers: int | None = None,
    memo: bool | MemoSettings = True,
) -> pl.DataFrame:
    """Find each party's position on the target, sentence by sentence, with its evidence.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``.
    cues
        The cue file (a path) or a cues frame (as from
        :func:`toolkit.lexicons.load_stance_cues`, perhaps with rows added); by default
        ``stance_cues_<target>.csv`` of ``lexicons``.
    target
        The name of the target, which picks the default cue file (``us_troops``).
    speakers
        The speakers file; by default ``speakers.csv`` of ``lexicons``.
    gazetteer
        An entities frame or CSV path for the gazetteer of named people and organisations;
        by default ``entities.csv`` of ``lexicons``.
    lexicons
        The set of every other lexicon file read (parties, nisbas, clitics, stopwords,
        grammar words): a :class:`toolkit.lexicons.Lexicons`, a folder of edited copies, or
        ``None`` for the shipped files. An edited file is used by the next call.
    workers
        Processes to read with. By default a corpus with more than
        :data:`toolkit.workers.PARALLEL_BYTES` of candidate sentences is cut, between
        articles, into one part per core (at most :data:`toolkit.workers.MAX_WORKERS`) read
        side by side; ``1`` reads in this process. The result is the same either way.
    memo
        Remember readings within the call (:mod:`toolkit.stance.memo`): ``True`` (the
        default settings), a :class:`toolkit.stance.MemoSettings`, or ``False`` to read every
        sentence afresh. The result is the same either way.

    Returns
    -------
    polars.DataFrame
        One row per (sentence, party) claim, in text order: ``article_id``, ``sentence_id``,
        ``start``/``end`` (the sentence's offsets in the article text), ``party``, ``stance``
        (support, oppose, mixed, neutral), ``score`` (−1 oppose … +1 support), ``cue``,
        ``cue_start``, ``cue_end`` (the decisive cue as written: ``text[cue_start:cue_end]``),
        ``speaker``, ``speaker_start``, ``speaker_end`` (who holds the position; for a
        carried-over speaker, where it was named), ``aspect`` (all, combat, training),
        ``rule`` (``<holder>:<decision>``, see :mod:`toolkit.stance.claims`), ``target``,
        ``sentence`` (its text) and ``evidence`` (every cue and limit seen for the claim, with
        offsets, polarity and modifiers). Neutral claims have no cue.

    Examples
    --------
    >>> import polars as pl
    >>> text = "قال مسؤول أمريكي إن واشنطن لا تنوي سحب قواتها من العراق."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> claims.select("party", "stance", "cue", "rule").row(0)
    ('us_administration', 'support', 'سحب', 'speaker:negated')
    """
    settings = memo_settings(memo)
    reader = reader_for(cues, target, speakers, gazetteer, lexicons)
    articles = articles.lazy().select("article_id", "text").collect()
    found = candidates(articles, reader)
    if found.is_empty():
        return empty_claims()
    columns = found.select("article_id", "sentence_id", "start", "end", "text")
    parts = parts_of(columns, workers)
    if len(parts) > 1:
        folder = as_lexicons(lexicons).folder
        options = {"target": target, "memo": as_option(settings), "lexicons": folder}
        frames = {"cues": cues, "speakers": speakers, "gazetteer": gazetteer}
        found = read_apart(parts, "toolkit.stance.classify:classify_batch", options, frames)
        claims = pl.concat(found)
        return claims if claims.height else empty_claims()
    return classify_candidates(reader, columns, target, memo=settings)


def classify_batch(batch: pl.DataFrame, *, target: str, memo, lexicons, **frames) -> dict:
    """The worker of :func:`classify_stance` in several processes
    (:func:`toolkit.stance.parallel.read_apart`): the ``claims`` of a part of the candidate
    sentences."""
    cues, speakers, gazetteer = (unpacked(frames[k]) for k in ("cues", "speakers", "gazetteer"))
    reader = reader_for(cues, target, speakers, gazetteer, lexicons)
    return {"claims": classify_candidates(reader, batch, target, memo=memo_settings(memo))}


def empty_claims() -> pl.DataFrame:
    """No claims, with the columns of :data:`CLAIM_SCHEMA`."""
    return pl.DataFrame(schema=CLAIM_SCHEMA)


def candidates(df: pl.DataFrame | pl.LazyFrame, reader: Reader) -> pl.DataFrame:
    """Sentences that contain an anchor of a cue, a force, a verb or a source (vectorized)."""
    sentences = split_sentences(df.lazy().select("article_id", "text"))
    anchors = pl.Series(reader.anchors, dtype=pl.String)
    key = normalize_expr("text").str.replace_all("ة", "ه", literal=True)
    return sentences.filter(key.str.contains_any(anchors.implode()))


def classify_candidates(
    reader: Reader, columns: pl.DataFrame, target: str, *, memo: MemoSettings | None = None
) -> pl.DataFrame:
    """The claims of candidate sentences (``article_id``, ``sentence_id``, ``start``, ``end``,
    ``text``, in article order), remembered with ``memo`` settings, or read afresh."""
    rows: list[int] = []  # the candidate sentence of each claim
    found: list[dict] = []
    memory = Memory(memo) if memo is not None else None
    read = memory.read if memory is not None else read_sentence
    state, current = State(), None
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, few cycles: a full collection scans them all
    try:
        for row, (article_id, sentence_id, start, text) in enumerate(
            columns.select("article_id", "sentence_id", "start", "text").iter_rows()
        ):
            if article_id != current:
                state, current = State(), article_id
            claims = read(reader, text, start, state, sentence_id)
            if claims:
                rows.extend([row] * len(claims))
                found.extend(claims)
        if not rows:
            return empty_claims()
        fields = {name: [claim[name] for claim in found] for name in _CLAIM_FIELDS}
        numbered = [(k, e) for k, claim in enumerate(found) for e in claim["evidence"]]
        evidence = {"claim": [k for k, _ in numbered]}
        evidence |= {name: [e[name] for _, e in numbered] for name in _EVIDENCE_FIELDS}
        del memory, read, found, numbered
    finally:
        if collecting:
            gc.enable()
    return _claims_frame(columns, rows, fields, evidence, target)


_CLAIM_FIELDS = (
    "party", "stance", "score", "cue", "cue_start", "cue_end", "speaker", "speaker_start",
    "speaker_end", "speaker_base", "aspect", "rule",
)  # fmt: skip
_EVIDENCE_FIELDS = ("kind", "text", "start", "end", "polarity", "note")


def _claims_frame(columns, rows, fields, evidence, target) -> pl.DataFrame:
    """The claims as :data:`CLAIM_SCHEMA`, built column by column; offsets made absolute."""
    schema = {name: CLAIM_SCHEMA.get(name, pl.Int64) for name in _CLAIM_FIELDS}
    claims = pl.DataFrame(fields, schema=schema).with_columns(
        _claim=pl.int_range(pl.len(), dtype=pl.Int64)
    )
    sentences = columns[pl.Series(rows, dtype=pl.Int64)]
    claims = pl.concat([sentences, claims], how="horizontal")
    shift = pl.coalesce("speaker_base", "start")
    claims = claims.with_columns(
        pl.col("cue_start") + pl.col("start"),
        pl.col("cue_end") + pl.col("start"),
        pl.col("speaker_start") + shift,
        pl.col("speaker_end") + shift,
        target=pl.lit(target, pl.String),
        sentence=pl.col("text"),
    )
    struct = CLAIM_SCHEMA["evidence"].inner
    found = pl.DataFrame(
        evidence, schema={"claim": pl.Int64, **{f.name: f.dtype for f in struct.fields}}
    )
    found = (
        found.join(claims.select("_claim", "start"), left_on="claim", right_on="_claim")
        .with_columns(
            pl.col("start") + pl.col("start_right"), pl.col("end") + pl.col("start_right")
        )
        .group_by("claim", maintain_order=True)
        .agg(evidence=pl.struct(*_EVIDENCE_FIELDS))
    )
    claims = claims.join(found, left_on="_claim", right_on="claim", how="left").sort("_claim")
    claims = claims.with_columns(
        pl.col("evidence").fill_null(pl.lit([], dtype=CLAIM_SCHEMA["evidence"]))
    )
    return claims.select([pl.col(name).cast(dtype) for name, dtype in CLAIM_SCHEMA.items()])
