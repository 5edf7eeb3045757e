"""Samples for a hand review: claims, mentions, figures or sentences, drawn reproducibly.

A sample is a polars frame with one row per *item* and the columns of :data:`SAMPLE_SCHEMA`
first: everything an annotator needs (article, sentence and its offsets, the sentence text,
the span to look at, the system's reading) and everything an estimate needs (the stratum,
its size and the sampling ``weight``). The columns of the sampled frame follow (``cue``,
``rule``, ``evidence`` … for claims; ``surface``, ``entity`` … for mentions).

How the sample is drawn
-----------------------
Every item has a stable key (``item``) made of what identifies it in the corpus, not of what
the system read: ``stance:<article>:<sentence>:<party>``, ``entity:<article>:<start>-<end>``,
``figure:<article>:<start>-<end>``, ``sentence:<article>:<sentence>``. The items are put in
the order of the SHA-256 of ``"<seed>:<item>"`` — a random permutation fixed by ``seed`` — and
the first ones are taken. So the sample does not depend on the order of the rows, is the same
on every machine and every version of polars, and a larger ``n`` extends a smaller one.

With ``by`` (a column such as ``party``, ``stance``, ``label`` or ``source``) the items are
split into strata and each stratum is sampled the same way. ``allocation="equal"`` (the
default) gives every stratum the same share of ``n`` (a small stratum gives all it has and
the rest goes to the others), so that rare parties or labels are checked too;
``"proportional"`` gives each stratum a share proportional to its size. Every sampled item
carries ``weight = N_h / n_h`` (items in its stratum / items sampled from it), the inverse of
its inclusion probability, so an estimate over the sample can be weighted back to the whole.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from toolkit.arabic import split_sentences, with_groups
from toolkit.outputs import read_csv, write_rows

__all__ = [
    "KINDS",
    "SAMPLE_SCHEMA",
    "item_keys",
    "read_sample",
    "refresh_sample",
    "sample_for_review",
    "sample_kind",
    "sample_sentences",
    "sentence_hash",
    "write_sample_csv",
]

#: What can be reviewed.
KINDS = ("stance", "entity", "figure", "sentence")

#: The first columns of every sample. Offsets are character offsets into the article text.
SAMPLE_SCHEMA = {
    "item": pl.String,  # the stable key of the item
    "kind": pl.String,  # stance, entity, figure or sentence
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "sentence_start": pl.Int64,
    "sentence_end": pl.Int64,
    "sentence": pl.String,  # the sentence text, exactly as in the article
    "span_start": pl.Int64,  # the cue, mention or figure to look at (null: none)
    "span_end": pl.Int64,
    "span_text": pl.String,
    "speaker_start": pl.Int64,  # a claim's speaker (may lie in an earlier sentence)
    "speaker_end": pl.Int64,
    "party": pl.String,  # the claim's party, the mention's party, the figure's subject
    "reading": pl.String,  # what the system read: the stance, the entity label, the figure kind
    "detail": pl.String,  # the rule that fired, the entity's name, the figure's value
    "stratum": pl.String,
    "stratum_size": pl.Int64,  # N_h: items in the stratum before sampling
    "weight": pl.Float64,  # N_h / n_h
    "sentence_sha256": pl.String,  # of the sentence text: a changed corpus is detected
}

_KEY_PARTS = {
    "stance": ("article_id", "sentence_id", "party"),
    "entity": ("article_id", "start", "end"),
    "figure": ("article_id", "start", "end"),
    "sentence": ("article_id", "sentence_id"),
}
_ALL = "(all)"
_NONE = "(none)"


def sentence_hash(text: str) -> str:
    """The SHA-256 (hex) of a sentence's text in UTF-8: the fingerprint stored with an answer.

    Examples
    --------
    >>> sentence_hash("نص")[:12]
    'e01176c2a059'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sample_kind(frame: pl.DataFrame) -> str:
    """Which kind of frame this is, from its columns: ``stance`` (:func:`toolkit.classify_stance`),
    ``entity`` (:func:`toolkit.extract_entities`), ``figure`` (:func:`toolkit.extract_figures`)
    or ``sentence`` (a frame from :func:`sample_sentences`).

    Examples
    --------
    >>> sample_kind(pl.DataFrame(schema=["article_id", "sentence_id", "party", "stance", "cue"]))
    'stance'
    """
    columns = set(frame.columns)
    if "kind" in columns and "item" in columns and frame.height:
        kinds = set(frame["kind"].unique())
        if len(kinds) == 1:
            return kinds.pop()
    if {"party", "stance", "cue"} <= columns:
        return "stance"
    if {"value", "number_start", "kind"} <= columns:
        return "figure"
    if {"entity", "label", "surface"} <= columns:
        return "entity"
    if {"sentence_id", "start", "end", "text"} <= columns:
        return "sentence"
    raise ValueError(
        "cannot tell what to review from the columns "
        f"{sorted(columns)}: pass stance claims (classify_stance), entity mentions "
        "(extract_entities) or figures (extract_figures); for whole sentences use "
        "sample_sentences(articles, ...)"
    )


def item_keys(frame: pl.DataFrame, kind: str | None = None) -> pl.Expr:
    """The expression of the stable ``item`` key of each row (see the module docstring).

    Examples
    --------
    >>> claims = pl.DataFrame({"article_id": ["a"], "sentence_id": [3], "party": ["iran"],
    ...                        "stance": ["oppose"], "cue": ["انسحاب"]})
    >>> claims.select(item_keys(claims)).item()
    'stance:a:3:iran'
    """
    kind = kind or sample_kind(frame)
    first, *rest = _KEY_PARTS[kind]
    parts = [pl.lit(f"{kind}:"), pl.col(first).cast(pl.String)]
    for i, name in enumerate(rest):
        parts += [pl.lit(":" if kind in ("stance", "sentence") or i == 0 else "-")]
        parts += [pl.col(name).cast(pl.String).fill_null(_NONE)]
    return pl.concat_str(parts).alias("item")


def _order(seed: int, values: Iterable[str]) -> list[str]:
    """``values`` in the order of SHA-256("<seed>:<value>"): a permutation fixed by ``seed``."""
    return sorted(values, key=lambda v: hashlib.sha256(f"{seed}:{v}".encode()).hexdigest())


def _allocate(sizes: dict[str, int], n: int, allocation: str, seed: int) -> dict[str, int]:
    """How many items to take from each stratum (``min(n, total)`` in all)."""
    if allocation not in ("equal", "proportional"):
        raise ValueError(f"allocation must be 'equal' or 'proportional' (got {allocation!r})")
    n = min(n, sum(sizes.values()))
    order = _order(seed, sizes)  # who gets a leftover item first
    if allocation == "proportional":
        total = sum(sizes.values())
        quota = {k: n * sizes[k] / total for k in sizes}
        take = {k: min(sizes[k], math.floor(quota[k])) for k in sizes}
        order.sort(key=lambda k: quota[k] - math.floor(quota[k]), reverse=True)
    else:
        take = dict.fromkeys(sizes, 0)
    while sum(take.values()) < n:
        room = [k for k in order if take[k] < sizes[k]]
        share = (n - sum(take.values())) // len(room)
        if share == 0:
            for k in room[: n - sum(take.values())]:
                take[k] += 1
        else:
            for k in room:
                take[k] += min(share, sizes[k] - take[k])
    return take


def _draw(
    frame: pl.DataFrame, *, n: int, by: str | None, seed: int, allocation: str
) -> pl.DataFrame:
    """Sample ``frame`` (which has ``item``) by the rules of the module docstring."""
    if n < 0:
        raise ValueError(f"n must be 0 or more (got {n})")
    frame = frame.unique("item", keep="first", maintain_order=True)
    if by is None:
        frame = frame.with_columns(stratum=pl.lit(_ALL))
    else:
        frame = frame.with_columns(stratum=pl.col(by).cast(pl.String).fill_null(_NONE))
    sizes = dict(frame.group_by("stratum").len().iter_rows())
    take = _allocate(sizes, n, allocation, seed)
    rank = {item: i for i, item in enumerate(_order(seed, frame["item"]))}
    parts = []
    for stratum in sorted(take):
        rows = frame.filter(pl.col("stratum") == stratum)
        rows = rows.with_columns(_rank=pl.col("item").replace_strict(rank, return_dtype=pl.Int64))
        size, taken = sizes[stratum], take[stratum]
        parts.append(
            rows.sort("_rank")
            .head(taken)
            .with_columns(stratum_size=pl.lit(size, pl.Int64), weight=pl.lit(size / max(taken, 1)))
        )
    if not parts:
        return frame.clear().with_columns(
            stratum_size=pl.lit(0, pl.Int64), weight=pl.lit(0.0), _rank=pl.lit(0, pl.Int64)
        )
    return pl.concat(parts).sort("_rank").drop("_rank")


def _sentences_of(frame: pl.DataFrame, articles: pl.DataFrame | None, kind: str) -> pl.DataFrame:
    """Add ``sentence_start``, ``sentence_end`` and ``sentence`` to mentions or figures."""
    if articles is None:
        raise ValueError(
            f"sampling {kind} items needs the articles, to show each sentence: "
            "sample_for_review(frame, n=..., articles=articles)"
        )
    sentences = split_sentences(articles.select("article_id", "text")).select(
        "article_id",
        "sentence_id",
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
        pl.col("text").alias("sentence"),
    )
    frame = frame.drop([c for c in ("sentence_start", "sentence_end") if c in frame.columns])
    return frame.join(sentences, on=["article_id", "sentence_id"], how="left")


# Where each SAMPLE_SCHEMA column comes from, by kind of frame (absent columns give nulls).
_SOURCES = {
    "stance": {
        "sentence_start": "start", "sentence_end": "end", "span_start": "cue_start",
        "span_end": "cue_end", "span_text": "cue", "reading": "stance", "detail": "rule",
    },
    "entity": {
        "span_start": "start", "span_end": "end", "span_text": "surface", "reading": "label",
        "detail": "name_en",
    },
    "figure": {
        "span_start": "start", "span_end": "end", "span_text": "surface", "party": "subject",
        "reading": "kind",
    },
    "sentence": {},
}  # fmt: skip


def _figure_detail(frame: pl.DataFrame) -> pl.Expr:
    def part(name: str, empty: str) -> pl.Expr:
        return (pl.col(name).cast(pl.String) if name in frame.columns else pl.lit(None)).fill_null(
            empty
        )

    return pl.concat_str(
        pl.lit("value "), part("value", "?"), pl.lit(" · "), part("unit", "—"), pl.lit(" · "),
        part("qualifier", "—"),
    )  # fmt: skip


def _common(frame: pl.DataFrame, kind: str) -> list[pl.Expr]:
    """The expressions of the :data:`SAMPLE_SCHEMA` columns for one kind of frame."""
    sources = _SOURCES[kind]
    exprs = []
    for name, dtype in SAMPLE_SCHEMA.items():
        source = sources.get(name, name)
        if name == "kind":
            expr = pl.lit(kind)
        elif kind == "figure" and name == "detail":
            expr = _figure_detail(frame)
        elif kind == "entity" and name == "detail" and "name_en" not in frame.columns:
            expr = pl.col("entity") if "entity" in frame.columns else pl.lit(None)
        elif source in frame.columns:
            expr = pl.col(source)
        else:
            expr = pl.lit(None)
        exprs.append(expr.cast(dtype).alias(name))
    return exprs


def _finish(drawn: pl.DataFrame, kind: str) -> pl.DataFrame:
    hashes = pl.col("sentence").map_elements(sentence_hash, return_dtype=pl.String)
    drawn = drawn.with_columns(sentence_sha256=hashes)
    common = drawn.select(_common(drawn, kind))
    rest = [c for c in drawn.columns if c not in common.columns and c not in ("kind",)]
    if kind == "figure" and "kind" in drawn.columns:
        drawn = drawn.with_columns(pl.col("kind").alias("figure_kind"))
        rest.append("figure_kind")
    return pl.concat([common, drawn.select(rest)], how="horizontal")


def sample_for_review(
    frame: pl.DataFrame,
    *,
    n: int,
    by: str | None = None,
    seed: int = 0,
    allocation: str = "equal",
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """A reproducible random sample of stance claims, entity mentions or figures to review.

    Parameters
    ----------
    frame
        The frame from :func:`toolkit.classify_stance`, :func:`toolkit.extract_entities` or
        :func:`toolkit.extract_figures` (recognized by its columns), filtered as you like.
    n
        How many items; ``min(n, available)`` are returned (no error on a small frame).
    by
        A column to stratify by (``party``, ``stance``, ``label``, ``kind`` …, or article
        metadata such as ``source``, taken from ``articles``). None: one stratum.
    seed
        Fixes the sample; the same seed gives the same sample (see the module docstring).
    allocation
        ``"equal"`` (each stratum the same share of ``n``) or ``"proportional"``.
    articles
        The articles frame: needed for mentions and figures (to show their sentence) and
        when ``by`` names article metadata.

    Returns
    -------
    polars.DataFrame
        The columns of :data:`SAMPLE_SCHEMA` (``item``, ``kind``, ``article_id``,
        ``sentence_id``, the sentence and its offsets, the span, ``party``, ``reading``,
        ``detail``, ``stratum``, ``stratum_size``, ``weight``, ``sentence_sha256``), then the
        frame's other columns, in sample order.

    Examples
    --------
    >>> from toolkit.datasets import seed_articles
    >>> from toolkit.stance import classify_stance
    >>> claims = classify_stance(seed_articles())
    >>> sample = sample_for_review(claims, n=4, by="stance", seed=0)
    >>> sample.height, sample["item"].n_unique()
    (4, 4)
    >>> sample.equals(sample_for_review(claims, n=4, by="stance", seed=0))
    True
    >>> sample_for_review(claims, n=1000).height == claims.height
    True
    """
    kind = sample_kind(frame)
    if kind == "sentence":
        raise ValueError("for sentences use sample_sentences(articles, ...)")
    if by is not None:
        frame = with_groups(frame, [by], articles)
    if kind in ("entity", "figure"):
        frame = _sentences_of(frame, articles, kind)
    frame = frame.with_columns(item_keys(frame, kind))
    drawn = _draw(frame, n=n, by=by, seed=seed, allocation=allocation)
    return _finish(drawn, kind)


def sample_sentences(
    articles: pl.DataFrame,
    *,
    n: int | None = None,
    article_ids: Sequence[str] | None = None,
    parties: bool | Sequence[str] = False,
    by: str | None = None,
    seed: int = 0,
    allocation: str = "equal",
    mentions: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Sentences to annotate in full, for recall: every position in them is recorded.

    A sample of claims can say how often the system's readings are right (precision), never
    what it missed. For that the annotator reads whole sentences and records every party's
    position in them; the system's claims are then compared with those.

    Parameters
    ----------
    articles
        The articles frame.
    n
        How many sentences (None: all that qualify).
    article_ids
        Only the sentences of these articles (all of them when ``n`` is None).
    parties
        True: only sentences that mention a party (by :func:`toolkit.extract_entities`); a
        list of party ids: only sentences that mention one of them.
    by, seed, allocation
        As in :func:`sample_for_review`; ``by`` may name article metadata (``source``).
    mentions
        The mentions of ``articles`` if already extracted (else they are extracted here).

    Returns
    -------
    polars.DataFrame
        In sample order (in reading order when ``n`` is None), the columns of
        :data:`SAMPLE_SCHEMA` with ``kind`` = ``sentence`` and ``detail`` the
        parties mentioned, then ``parties`` (a list of party ids) and ``mentions`` (a list of
        ``start``, ``end``, ``label``, ``party`` in article offsets).

    Examples
    --------
    >>> from toolkit.datasets import seed_articles
    >>> sentences = sample_sentences(seed_articles(), parties=["iraqi_government"])
    >>> sentences["kind"].unique().to_list(), sentences["weight"].unique().to_list()
    (['sentence'], [1.0])
    """
    from toolkit.entities import extract_entities

    chosen = articles
    if article_ids is not None:
        chosen = articles.filter(pl.col("article_id").is_in(list(article_ids)))
    sentences = split_sentences(chosen.select("article_id", "text"))
    if mentions is None:
        mentions = extract_entities(chosen.select("article_id", "text"))
    found = (
        mentions.filter(pl.col("article_id").is_in(chosen["article_id"].implode()))
        .sort("article_id", "start")
        .group_by("article_id", "sentence_id", maintain_order=True)
        .agg(
            parties=pl.col("party").drop_nulls().unique(maintain_order=True),
            mentions=pl.struct("start", "end", "label", "party"),
        )
    )
    sentences = sentences.join(found, on=["article_id", "sentence_id"], how="left").with_columns(
        pl.col("parties").fill_null(pl.lit([], pl.List(pl.String)))
    )
    if parties is True:
        sentences = sentences.filter(pl.col("parties").list.len() > 0)
    elif parties:
        wanted = pl.lit(list(parties), pl.List(pl.String))
        sentences = sentences.filter(pl.col("parties").list.set_intersection(wanted).list.len() > 0)
    sentences = sentences.with_columns(
        item_keys(sentences, "sentence"),
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
        pl.col("text").alias("sentence"),
        detail=pl.col("parties").list.join(", "),
    ).drop("start", "end", "text")
    if by is not None:
        sentences = with_groups(sentences, [by], articles)
    drawn = _draw(
        sentences, n=sentences.height if n is None else n, by=by, seed=seed, allocation=allocation
    )
    if n is None:  # every sentence: in reading order
        drawn = drawn.sort("article_id", "sentence_id")
    return _finish(drawn, "sentence")


def refresh_sample(sample: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """The sample with the *current* readings of ``frame`` (same kind), its design kept.

    A sample is drawn once; the rules may change afterwards. This keeps the sample's items,
    strata and weights (the design) and replaces what the system read (``reading``,
    ``party``, ``detail``, the spans) by what ``frame`` reads now. An item the system no longer
    reads gets a null ``reading``. The sentence and its hash are kept, so answers given on the
    old sentence are still checked against it.

    Examples
    --------
    >>> from toolkit.datasets import seed_articles
    >>> from toolkit.stance import classify_stance
    >>> claims = classify_stance(seed_articles())
    >>> sample = sample_for_review(claims, n=3)
    >>> refresh_sample(sample, claims.head(0))["reading"].null_count()
    3
    """
    kind = sample["kind"][0] if sample.height else sample_kind(frame)
    readings = ["span_start", "span_end", "span_text", "speaker_start", "speaker_end", "reading",
                "detail"]  # fmt: skip
    if kind != "stance":
        readings.append("party")  # a mention's party or a figure's subject is read too
    frame = frame.with_columns(item_keys(frame, kind))
    now = frame.unique("item", keep="first", maintain_order=True).select(_common(frame, kind))
    kept = sample.drop(readings)
    out = kept.join(now.select("item", *readings), on="item", how="left")
    return out.select(*SAMPLE_SCHEMA, *[c for c in kept.columns if c not in SAMPLE_SCHEMA])


# ---- CSV for spreadsheets ------------------------------------------------------------------
# Written and read back by toolkit.outputs, the toolkit's one CSV writer (no formula cells, a
# BOM for spreadsheet programs); lists of parties are joined by ";".
_CSV_COLUMNS = [*SAMPLE_SCHEMA, "parties"]


def write_sample_csv(sample: pl.DataFrame, path: str | os.PathLike) -> Path:
    """Write a sample for a spreadsheet: the :data:`SAMPLE_SCHEMA` columns (and ``parties``).

    No cell starts with ``=``, ``+``, ``-`` or ``@``: such text (a sentence beginning with a
    dash, say) is written with a leading apostrophe, so a spreadsheet shows it as text and
    never runs it as a formula. :func:`read_sample` reads the file back exactly.

    Examples
    --------
    >>> import tempfile
    >>> frame = pl.DataFrame({c: [None] for c in SAMPLE_SCHEMA}, schema=SAMPLE_SCHEMA)
    >>> frame = frame.with_columns(item=pl.lit("stance:a:1:x"), sentence=pl.lit("=1+1"))
    >>> path = write_sample_csv(frame, Path(tempfile.mkdtemp()) / "sample.csv")
    >>> path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[6]
    "'=1+1"
    >>> read_sample(path)["sentence"].item()
    '=1+1'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = [c for c in _CSV_COLUMNS if c in sample.columns]
    rows = (
        [";".join(v) if isinstance(v, list) else v for v in row]
        for row in sample.select(columns).iter_rows()
    )
    return write_rows(path, columns, rows)


def read_sample(path: str | os.PathLike) -> pl.DataFrame:
    """Read a sample written by :func:`write_sample_csv` (types restored, apostrophes removed)."""
    raw = read_csv(path)
    exprs = [pl.col(c).cast(SAMPLE_SCHEMA[c]) for c in raw.columns if c in SAMPLE_SCHEMA]
    if "parties" in raw.columns:
        exprs.append(pl.col("parties").fill_null("").str.split(";").list.eval(
            pl.element().filter(pl.element() != "")))  # fmt: skip
    return raw.with_columns(exprs)
