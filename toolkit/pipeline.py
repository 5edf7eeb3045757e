"""The whole pipeline over a corpus, in batches: entities, figures, stance, and their summaries.

Every per-article stage (:func:`toolkit.extract_entities`, :func:`toolkit.figures.extract_figures`,
:func:`toolkit.stance.classify_stance`) is a pure function of a batch of articles: an article's
rows never depend on the other articles in its batch. So a corpus can be cut into batches, each
batch processed on its own (here, in a later process, or on another machine), and the rows put
back together in article order; the corpus-wide tables (``entity_frequency``,
``figure_comparison``, ``party_stance``) are then computed from those rows.

Three ways to run it, with identical results:

* :func:`analyze` — a frame of articles in memory, processed batch by batch;
* :func:`analyze_path` — a corpus on disk; a Parquet corpus is *streamed* (read in batches with
  polars' streaming engine, outputs written as Parquet part files as it goes), so a corpus far
  larger than memory runs with bounded memory. Other formats are loaded with
  :func:`toolkit.load_articles` first. ``python -m toolkit analyze`` calls this.
* :func:`analyze_dask` — a Parquet corpus through ``dask.dataframe.map_partitions`` on a Dask
  cluster (the optional ``scale`` extra); see ``benchmarks/README.md``.

:func:`read_results` reads an output folder back as a dict of frames, for the notebooks.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from toolkit.entities import MENTION_SCHEMA, extract_entities
from toolkit.figures import (
    FIGURE_SCHEMA,
    comparable_figures,
    compare_figures,
    compare_in_chunks,
    extract_figures,
)
from toolkit.stance import (
    CLAIM_SCHEMA,
    classify_stance,
    combine_party_stance,
    party_stance_partial,
)
from toolkit.workers import PARALLEL_BYTES, BatchWorkers, default_workers

__all__ = [
    "AGGREGATE_TABLES",
    "PER_ARTICLE_TABLES",
    "TABLES",
    "analyze",
    "analyze_dask",
    "analyze_path",
    "batch_partials",
    "process_batch",
    "read_results",
    "summarize",
]

#: Tables with one row per finding, each a pure function of one article.
PER_ARTICLE_TABLES = ("entities", "figures", "stance_claims")
#: Corpus-wide tables, computed from the per-article ones.
AGGREGATE_TABLES = ("entity_frequency", "figure_comparison", "party_stance")
#: Every table the pipeline writes, in the order of the run report.
TABLES = (
    "entities",
    "entity_frequency",
    "figures",
    "figure_comparison",
    "stance_claims",
    "party_stance",
)
#: The kind of figure compared across articles in ``figure_comparison``.
COMPARED_KIND = "troops"
#: Articles per batch when nothing else is said (about 8 MB of news text).
DEFAULT_BATCH_SIZE = 2000
#: Article metadata kept for the corpus-wide tables (never the text).
META_COLUMNS = ("article_id", "title", "source", "published", "synthetic")

_PARTS = "_parts"
_ROW_GROUP = 20_000  # rows per Parquet row group: small ones keep the streaming engine's memory low
_COMPARED = "compared_figures"  # parts of comparable_figures, compared at the end
_REPORT = "run_report"


# --------------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------------


def _conform(frame: pl.DataFrame, schema: dict | None) -> pl.DataFrame:
    """Give ``frame`` the declared column types, so that every batch's part has one schema."""
    if not schema:
        return frame
    casts = {c: t for c, t in schema.items() if c in frame.columns and frame.schema[c] != t}
    return frame.cast(casts) if casts else frame


def process_batch(
    articles: pl.DataFrame,
    *,
    gazetteer: str | os.PathLike | None = None,
    stance_workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Run the per-article stages on one batch of articles (``article_id`` and ``text``).

    Returns ``{"entities": …, "figures": …, "stance_claims": …}``, each frame in article
    order, then text order. ``stance_workers`` is passed to
    :func:`toolkit.stance.classify_stance` as ``workers``.
    """
    batch = articles.select("article_id", "text")
    mentions = extract_entities(batch, gazetteer=gazetteer)
    return {
        "entities": _conform(mentions, MENTION_SCHEMA),
        "figures": _conform(extract_figures(batch, mentions=mentions), FIGURE_SCHEMA),
        # speakers are matched with the same gazetteer as the mentions
        "stance_claims": _conform(
            classify_stance(batch, gazetteer=gazetteer, workers=stance_workers), CLAIM_SCHEMA
        ),
    }


# --------------------------------------------------------------------------------------------
# Corpus-wide tables
# --------------------------------------------------------------------------------------------


def _total_order(frame: pl.DataFrame, leading: list[str], descending: list[bool]) -> pl.DataFrame:
    """Sort by ``leading`` and then by every other column, so ties come out the same way
    whichever way the rows were computed (in memory, streamed, or on a cluster)."""
    nested = (pl.List, pl.Struct, pl.Array)
    rest = [
        c for c in frame.columns if c not in leading and not isinstance(frame.schema[c], nested)
    ]
    return frame.sort(
        [*leading, *rest],
        descending=[*descending, *([False] * len(rest))],
        nulls_last=True,
        maintain_order=True,
    )


_FREQUENCY_KEYS = ["entity", "name_ar", "name_en", "label", "party"]


def _entity_frequency_partial(mentions: pl.DataFrame) -> pl.DataFrame:
    """Counts of one batch: ``mentions`` and ``documents`` add up across batches, because
    every article is in exactly one batch."""
    from toolkit.entities import entity_frequency

    return entity_frequency(mentions) if mentions.height else _empty_frequency()


def _empty_frequency() -> pl.DataFrame:
    schema = {k: pl.String for k in _FREQUENCY_KEYS}
    return pl.DataFrame(schema={**schema, "mentions": pl.UInt32, "documents": pl.UInt32})


def _combine_frequency(partials: Iterable[pl.DataFrame | pl.LazyFrame]) -> pl.DataFrame:
    frames = [p.lazy() for p in partials]
    if not frames:
        return _empty_frequency()
    combined = (
        pl.concat(frames, how="vertical_relaxed")
        .group_by(_FREQUENCY_KEYS)
        .agg(pl.col("mentions").sum().cast(pl.UInt32), pl.col("documents").sum().cast(pl.UInt32))
        .collect()
    )
    return _total_order(combined, ["mentions", "entity"], [True, False])


def batch_partials(result: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The small per-batch pieces that the corpus-wide tables add up from: entity counts and
    :func:`toolkit.stance.party_stance_partial`. Every article is in exactly one batch, so
    the pieces of all batches give the same tables as the whole corpus at once."""
    out = {}
    if "entities" in result:
        out["entity_frequency"] = _entity_frequency_partial(result["entities"])
    if "stance_claims" in result:
        out["party_stance"] = party_stance_partial(result["stance_claims"])
    return {name: _own_copy(frame) for name, frame in out.items()}


def _own_copy(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of a small frame that shares no buffer with the frames it was computed from.

    A few strings picked out of a batch's rows (an evidence sentence) can keep the whole
    batch's string buffers alive; kept over hundreds of batches, that grew a streamed run's
    memory by about 10 MB per batch.
    """
    return pl.DataFrame(frame.to_dict(as_series=False), schema=frame.schema)


def summarize(
    tables: dict[str, pl.DataFrame],
    *,
    articles: pl.DataFrame | None = None,
    partials: dict[str, list[pl.DataFrame]] | None = None,
) -> dict[str, pl.DataFrame]:
    """The corpus-wide tables from the per-article ones.

    ``articles`` is the article metadata (``article_id``, ``source``, ``published`` …), used by
    :func:`toolkit.figures.compare_figures`; ``partials`` the :func:`batch_partials` of every
    batch (the streaming path adds them up instead of holding every mention and claim).
    """
    if partials is None:
        partials = {}
        for name, frame in batch_partials(tables).items():
            partials[name] = [frame]
    out: dict[str, pl.DataFrame] = {}
    if "entity_frequency" in partials:
        out["entity_frequency"] = _combine_frequency(partials["entity_frequency"])
    if "figures" in tables:
        out["figure_comparison"] = compare_figures(
            tables["figures"], kind=COMPARED_KIND, articles=articles
        )
    if "party_stance" in partials:
        out["party_stance"] = combine_party_stance(partials["party_stance"])
    return out


def _metadata(articles: pl.DataFrame) -> pl.DataFrame:
    columns = [c for c in META_COLUMNS if c in articles.columns]
    frame = articles.select(columns)
    if "published" in frame.columns and frame.schema["published"] != pl.Date:
        frame = frame.with_columns(
            pl.col("published").cast(pl.String).str.slice(0, 10).str.to_date(strict=False)
        )
    return frame


# --------------------------------------------------------------------------------------------
# In memory
# --------------------------------------------------------------------------------------------


#: Text (UTF-8 bytes) above which :func:`analyze` runs its batches in worker processes.
_PARTIAL = "partial:"  # the batch_partials among a batch's tables
_ARTICLES = "articles"  # each batch's article count and text size, for the progress and report


def _batch_tables(
    batch: pl.DataFrame,
    *,
    gazetteer: str | None = None,
    compare: bool = False,
    stance_workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Everything the pipeline keeps of one batch: the per-article tables, their
    :func:`batch_partials` (names prefixed ``partial:``), with ``compare`` the batch's rows of
    :func:`toolkit.figures.comparable_figures`, and the batch's article sizes."""
    result = process_batch(batch, gazetteer=gazetteer, stance_workers=stance_workers)
    tables = dict(result)
    if compare:
        tables[_COMPARED] = _comparable(result["figures"], batch)
    for name, frame in batch_partials(result).items():
        tables[_PARTIAL + name] = frame
    tables[_ARTICLES] = batch.select("article_id", bytes=pl.col("text").str.len_bytes())
    return tables


def _unpack(
    tables: dict[str, pl.DataFrame], partials: dict[str, list[pl.DataFrame]]
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """A batch's :func:`_batch_tables` taken apart: its partials appended to ``partials``;
    returns its article sizes and its other tables."""
    rest = {}
    for name, frame in tables.items():
        if name.startswith(_PARTIAL):
            partials.setdefault(name.removeprefix(_PARTIAL), []).append(frame)
        elif name != _ARTICLES:
            rest[name] = frame
    return tables[_ARTICLES], rest


@contextmanager
def _batch_runner(workers: int, gazetteer, *, compare: bool, in_process: bool = True):
    """A function from batches to their :func:`_batch_tables`, in order: in this process
    (``workers=1`` and ``in_process``), or in ``workers`` processes."""
    options = {"gazetteer": None if gazetteer is None else str(gazetteer), "compare": compare}
    if workers <= 1 and in_process:
        yield lambda batches: (_batch_tables(batch, **options) for batch in batches)
        return
    # one process per batch already: stance reads each batch in its worker, not in more
    options["stance_workers"] = 1
    with BatchWorkers("toolkit.pipeline:_batch_tables", workers, options) as pool:
        yield pool.map


def _batches(articles: pl.DataFrame, batch_size: int) -> Iterator[pl.DataFrame]:
    for offset in range(0, articles.height, batch_size):
        yield articles.slice(offset, batch_size)


def analyze(
    articles: pl.DataFrame,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    gazetteer: str | os.PathLike | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Run the whole pipeline on a frame of articles; return every table as a frame.

    The articles are processed ``batch_size`` at a time, so the intermediate token tables
    stay small; the result does not depend on ``batch_size``. ``workers`` processes run the
    batches side by side (:class:`toolkit.workers.BatchWorkers`); by default one per core
    when the corpus has more than :data:`PARALLEL_BYTES` of text and more than one batch,
    else the batches run in this process. The result does not depend on ``workers`` either.

    Examples
    --------
    >>> import toolkit as tk
    >>> from toolkit.pipeline import analyze
    >>> tables = analyze(tk.load_articles("data/articles"))
    >>> tables["entities"].height > 0
    True
    """
    _check_batch_size(batch_size)
    if workers is None:
        large = articles.height > batch_size and (
            articles["text"].str.len_bytes().sum() > PARALLEL_BYTES
        )
        workers = default_workers() if large else 1
    parts: dict[str, list[pl.DataFrame]] = {}
    partials: dict[str, list[pl.DataFrame]] = {}
    bar = _progress(articles.height, progress)
    with _batch_runner(workers, gazetteer, compare=False) as run:
        for tables in run(_batches(articles, batch_size)):
            counted, tables = _unpack(tables, partials)
            for name, frame in tables.items():
                parts.setdefault(name, []).append(frame)
            bar.update(counted.height)
    bar.close()
    if not parts:  # no articles: run once on nothing to get the right columns
        result = process_batch(articles.clear(), gazetteer=gazetteer)
        parts = {name: [frame] for name, frame in result.items()}
        partials = {name: [frame] for name, frame in batch_partials(result).items()}
    tables = {name: pl.concat(frames, how="vertical_relaxed") for name, frames in parts.items()}
    tables |= summarize(tables, articles=_metadata(articles), partials=partials)
    return {name: tables[name] for name in TABLES if name in tables}


def _check_batch_size(batch_size: int) -> None:
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(
            f"batch_size must be a positive whole number of articles, not {batch_size!r}"
        )


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int | None, show: bool):
    if not show:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="analyzing", unit="article")


# --------------------------------------------------------------------------------------------
# On disk: streaming Parquet, or loading other formats
# --------------------------------------------------------------------------------------------


def _corpus_files(path: Path) -> list[Path]:
    """The files of a corpus folder that load_articles would read (hidden files and README or
    LICENSE files left out), supported or not."""
    from toolkit.corpus import IGNORED_PREFIXES

    return [
        p
        for p in sorted(path.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and not p.name.lower().startswith(IGNORED_PREFIXES)
    ]


def _parquet_files(path: Path) -> list[Path] | None:
    """The Parquet files of a corpus that is Parquet only; ``None`` for any other corpus."""
    if path.is_file():
        return [path] if path.suffix.lower() == ".parquet" else None
    if not path.is_dir():
        return None
    from toolkit.corpus import SUPPORTED_SUFFIXES

    files = [p for p in _corpus_files(path) if p.suffix.lower() in SUPPORTED_SUFFIXES]
    if files and all(p.suffix.lower() == ".parquet" for p in files):
        return files
    return None


def _unsupported(path: Path) -> list[dict]:
    """Files of a folder that are no article format, as problems (load_articles lists them
    too; the streaming path must not pass over them in silence)."""
    if not path.is_dir():
        return []
    from toolkit.corpus import SUPPORTED_SUFFIXES

    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return [
        _problem(str(p), f"unsupported file type '{p.suffix.lower()}' (supported: {supported})")
        for p in _corpus_files(path)
        if p.suffix.lower() not in SUPPORTED_SUFFIXES
    ]


def _problem(path: str, reason: str, line: int | None = None) -> dict:
    return {"path": path, "line": line, "reason": reason}


class _ParquetCorpus:
    """A Parquet corpus read in batches, checked first for the problems load_articles finds:
    unreadable files, no text column, empty articles, duplicate ids."""

    def __init__(self, files: list[Path]):
        from toolkit.corpus import scan_articles

        self.problems: list[dict] = []
        self.scans: list[tuple[Path, pl.LazyFrame, set[int]]] = []
        first_seen: dict[str, str] = {}
        for file in files:
            try:
                lazy = scan_articles(file)
                checks = lazy.select(
                    "article_id",
                    bad=pl.col("text").is_null() | ~pl.col("text").str.contains(r"\S"),
                ).collect(engine="streaming")
            except Exception as exc:  # CorpusError, or polars' errors for a corrupt file
                reason = str(exc).splitlines()[-1].strip() if str(exc).strip() else repr(exc)
                if hasattr(exc, "problems") and exc.problems.height:
                    reason = exc.problems["reason"][0]
                self.problems.append(_problem(str(file), f"unreadable Parquet: {reason}"))
                continue
            bad_rows: set[int] = set()
            for row, (article_id, bad) in enumerate(checks.iter_rows(), start=1):
                if bad:
                    self.problems.append(
                        _problem(str(file), "empty article (no text, or only whitespace)", row)
                    )
                    bad_rows.add(row)
                elif article_id in first_seen:
                    self.problems.append(
                        _problem(
                            str(file),
                            f"duplicate article_id {article_id!r} (first seen in "
                            f"{first_seen[article_id]})",
                            row,
                        )
                    )
                    bad_rows.add(row)
                else:
                    first_seen[article_id] = str(file)
            self.scans.append((file, lazy, bad_rows))
        self.articles = len(first_seen)

    def batches(self, batch_size: int) -> Iterator[pl.DataFrame]:
        from toolkit.corpus import free_name

        for _file, lazy, bad_rows in self.scans:
            schema = lazy.collect_schema()
            row = free_name(schema, "_row")  # a file may have a column of that name
            frame = lazy.with_row_index(row, offset=1)
            if bad_rows:
                frame = frame.filter(~pl.col(row).is_in(sorted(bad_rows)))
            columns = ["article_id", "text"]
            columns += [c for c in META_COLUMNS if c in schema and c not in columns]
            frame = frame.select(columns)
            pending: list[pl.DataFrame] = []
            rows = 0
            for chunk in frame.collect_batches(chunk_size=batch_size):
                pending.append(chunk)
                rows += chunk.height
                while rows >= batch_size:
                    whole = pl.concat(pending)
                    yield whole.head(batch_size)
                    rest = whole.slice(batch_size)
                    pending, rows = ([rest] if rest.height else []), rest.height
            if rows:
                yield pl.concat(pending)


def _load_other(path: Path, skip_bad: bool) -> tuple[pl.DataFrame, list[dict]]:
    """Load a non-Parquet corpus in memory; problems are raised unless ``skip_bad``."""
    from toolkit.corpus import CorpusError, CorpusWarning, load_articles

    try:
        return load_articles(path, errors="raise", progress=False), []
    except CorpusError as error:
        problems = error.problems.to_dicts()
        if not skip_bad:
            raise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_articles(path, errors="skip", progress=False), problems


class InputError(ValueError):
    """The input corpus has problems (raised unless ``skip_bad``); ``problems`` lists them."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _describe(problems: list[dict], limit: int = 20) -> str:
    lines = []
    for p in problems[:limit]:
        where = p["path"] if p.get("line") is None else f"{p['path']}, line {p['line']}"
        lines.append(f"  - {where}: {p['reason']}")
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit} more (all are in the run report)")
    return "\n".join(lines)


def _write_table(source: pl.DataFrame | list[Path], out: Path, name: str) -> int:
    """Write ``name``.parquet and ``name``.csv from a frame, or from part files one at a time
    (so a table larger than memory is written in bounded memory); return the rows.

    Nested values (lists, structs) are JSON text in the CSV.
    """
    parquet = out / f"{name}.parquet"
    if isinstance(source, pl.DataFrame):
        source.write_parquet(parquet)
        frames: Iterable[pl.DataFrame] = [source]
    else:
        pl.scan_parquet(source).sink_parquet(parquet, row_group_size=_ROW_GROUP)
        frames = map(pl.read_parquet, source)
    rows = 0
    with open(out / f"{name}.csv", "wb") as csv:
        for index, frame in enumerate(frames):
            _as_text(frame).write_csv(csv, include_header=index == 0)
            rows += frame.height
    return rows


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as JSON text (``null`` stays empty), for CSV."""
    nested = [c for c, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Array))]
    return frame.with_columns(
        pl.when(pl.col(c).is_not_null()).then(
            pl.struct(c).struct.json_encode().str.slice(len(json.dumps(c)) + 2).str.head(-1)
        )
        for c in nested
    )


def lexicon_checksums(extra: Iterable[str | os.PathLike] = ()) -> dict[str, str]:
    """SHA-256 of every shipped gazetteer file (and of ``extra`` files), by file name."""
    from toolkit.lexicons import lexicon_path

    folder = lexicon_path("entities.csv").parent
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    sums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    for path in extra:
        sums[str(path)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return sums


def analyze_path(
    path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    skip_bad: bool = False,
    gazetteer: str | os.PathLike | None = None,
    progress: bool = False,
    workers: int = 1,
    chunk_rows: int | None = None,
) -> dict:
    """Run the pipeline on a corpus on disk and write every table to ``out``.

    A corpus of Parquet files is streamed (bounded memory, whatever its size); any other
    corpus (``.txt``, ``.md``, ``.jsonl``, ``.csv``, or a mix) is loaded with
    :func:`toolkit.load_articles` and processed in batches. ``out`` gets, for each table of
    :data:`TABLES`, ``<table>.parquet`` and ``<table>.csv``, and the run report
    ``run_report.json`` / ``run_report.md`` (counts, problems found in the input, toolkit
    version, gazetteer checksums). Returns the report.

    A corpus of more than one batch is processed in ``workers`` worker processes (one
    batch each at a time, so memory grows with them: each holds about what one batch
    needs), and this process merges their parts; with one worker, its memory is given back
    before the merge.

    ``chunk_rows`` bounds the figures compared at once at the end
    (:func:`toolkit.figures.compare_in_chunks`; the same table whatever its value).

    Raises :class:`InputError` when the input has problems, unless ``skip_bad``, in which case
    the bad articles are left out and listed in the report.
    """
    _check_batch_size(batch_size)
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive whole number, not {workers!r}")
    _fewer_malloc_arenas()
    path, out = Path(path), Path(out)
    started = time.perf_counter()
    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    files = _parquet_files(path)
    if files is not None:
        corpus = _ParquetCorpus(files)
        problems = _unsupported(path) + corpus.problems
        total = corpus.articles
        batches = corpus.batches(batch_size)
        mode = "streamed Parquet"
    else:
        from toolkit.corpus import CorpusError

        try:
            articles, problems = _load_other(path, skip_bad)
        except CorpusError as error:
            problems = error.problems.to_dicts()
            raise InputError(_bad_input_message(path, problems), problems) from None
        total = articles.height
        batches = _batches(articles, batch_size)
        mode = "loaded in memory"
    if problems and not skip_bad:
        raise InputError(_bad_input_message(path, problems), problems)
    if total == 0:
        raise InputError(
            f"no articles to analyze in {path}"
            + (f" ({len(problems)} problem(s) skipped)" if problems else "")
            + (f":\n{_describe(problems)}" if problems else ""),
            problems,
        )
    out.mkdir(parents=True, exist_ok=True)
    parts = out / _PARTS
    if parts.exists():
        shutil.rmtree(parts)
    partials: dict[str, list[pl.DataFrame]] = {}
    text_bytes = processed = 0
    bar = _progress(total, progress)
    index = 0
    # More than one batch: the batches run in worker processes (one by default), so that the
    # memory they leave behind is given back before the parts are merged and the figures
    # compared here.
    single = total <= batch_size
    with _batch_runner(workers, gazetteer, compare=True, in_process=single) as run:
        for index, tables in enumerate(run(batches)):
            counted, tables = _unpack(tables, partials)
            for name, frame in tables.items():
                _write_part(parts, name, index, frame)
            text_bytes += int(counted["bytes"].sum())
            processed += counted.height
            bar.update(counted.height)
            del tables
    bar.close()
    # the batches' memory: this process's peak so far, plus each worker's (they ended)
    batch_memory = _peak_memory() + _peak_memory(workers=True) * (0 if single else workers)
    tables = _finish(parts, out, partials, chunk_rows)
    shutil.rmtree(parts, ignore_errors=True)
    seconds = time.perf_counter() - started
    report = _report(
        path=path,
        out=out,
        mode=mode,
        articles=processed,
        text_bytes=text_bytes,
        batches=index + 1,
        batch_size=batch_size,
        problems=problems,
        skip_bad=skip_bad,
        tables=tables,
        seconds=seconds,
        gazetteer=gazetteer,
        peak_memory=max(batch_memory, _peak_memory()),
    )
    return report


def _peak_memory(*, workers: bool = False) -> int:
    """Peak resident memory in bytes of this process, or with ``workers`` of the largest
    worker process that ended (0 where the platform does not tell)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    who = resource.RUSAGE_CHILDREN if workers else resource.RUSAGE_SELF
    peak = resource.getrusage(who).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _fewer_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas (``mallopt(M_ARENA_MAX)``, as ``MALLOC_ARENA_MAX`` does).

    Each thread that allocates gets an arena of its own by default, and the freed memory of
    batch after batch stays spread over them: a streamed run's resident memory then creeps up
    batch by batch. A no-op where the C library is not glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # -8 is M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _bad_input_message(path: Path, problems: list[dict]) -> str:
    return (
        f"{len(problems)} problem(s) found in the input {path}:\n{_describe(problems)}\n"
        "Fix the files, or pass --skip-bad (skip_bad=True) to analyze the good articles and "
        "list the bad ones in the run report."
    )


def _write_part(parts: Path, name: str, index: int, frame: pl.DataFrame) -> None:
    folder = parts / name
    folder.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(folder / f"part-{index:06d}.parquet", row_group_size=_ROW_GROUP)


def _comparable(figures: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """A batch's rows of ``figure_comparison`` before the comparison (all read within one
    article: metadata, intervals, derived totals)."""
    return comparable_figures(figures, kind=COMPARED_KIND, articles=_metadata(articles))


def _finish(
    parts: Path, out: Path, partials: dict[str, list], chunk_rows: int | None = None
) -> dict[str, int]:
    """Join the part files into the final tables and write the corpus-wide ones.

    Nothing grows with the corpus but a few numbers per compared figure: the figures are
    compared from their parts chunk by chunk (:func:`toolkit.figures.compare_in_chunks`),
    and mentions and claims are summed batch by batch through ``partials``.
    """
    counts: dict[str, int] = {}
    for name in PER_ARTICLE_TABLES:
        counts[name] = _write_table(_part_files(parts, name), out, name)
    rows = pl.scan_parquet(_part_files(parts, _COMPARED))
    for index, chunk in enumerate(compare_in_chunks(rows, chunk_rows=chunk_rows)):
        _write_part(parts, "figure_comparison", index, chunk)
        del chunk  # before the next one is computed
    comparison = _part_files(parts, "figure_comparison")
    counts["figure_comparison"] = _write_table(comparison, out, "figure_comparison")
    for name, frame in summarize({}, partials=partials).items():
        counts[name] = _write_table(frame, out, name)
    return {name: counts[name] for name in TABLES if name in counts}


def _part_files(parts: Path, name: str) -> list[Path]:
    return sorted((parts / name).glob("part-*.parquet"))


def _report(**facts) -> dict:
    import toolkit

    out: Path = facts["out"]
    seconds = facts["seconds"]
    extra = [facts["gazetteer"]] if facts["gazetteer"] else []
    report = {
        "toolkit_version": toolkit.__version__,
        "polars_version": pl.__version__,
        "python_version": platform.python_version(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "input": str(facts["path"]),
        "output": str(out),
        "mode": facts["mode"],
        "articles": facts["articles"],
        "text_megabytes": round(facts["text_bytes"] / 1e6, 3),
        "batches": facts["batches"],
        "batch_size": facts["batch_size"],
        "seconds": round(seconds, 2),
        "megabytes_per_second": round(facts["text_bytes"] / 1e6 / seconds, 2) if seconds else None,
        # an upper bound: the batches' (this process and every worker at its peak at once),
        # or the merge's (this process alone), whichever is larger
        "peak_memory_megabytes": round(facts["peak_memory"] / 1e6, 1),
        "tables": facts["tables"],
        "skip_bad": facts["skip_bad"],
        "problems": facts["problems"],
        "lexicon_sha256": lexicon_checksums(extra),
    }
    (out / f"{_REPORT}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out / f"{_REPORT}.md").write_text(_report_markdown(report), encoding="utf-8")
    return report


def _report_markdown(report: dict) -> str:
    lines = [
        "# Run report",
        "",
        f"- input: `{report['input']}` ({report['mode']})",
        f"- articles analyzed: {report['articles']:,} ({report['text_megabytes']:,} MB of text)",
        f"- time: {report['seconds']} s ({report['megabytes_per_second']} MB/s), "
        f"{report['batches']} batch(es) of up to {report['batch_size']:,} articles",
        f"- peak memory: at most {report['peak_memory_megabytes']:,} MB",
        f"- toolkit {report['toolkit_version']}, polars {report['polars_version']}, "
        f"Python {report['python_version']}; created {report['created']}",
        "",
        "## Tables",
        "",
        "| table | rows | files |",
        "|---|---:|---|",
    ]
    for name, rows in report["tables"].items():
        lines.append(f"| {name} | {rows:,} | `{name}.parquet`, `{name}.csv` |")
    lines += ["", f"## Problems found in the input ({len(report['problems'])})", ""]
    if report["problems"]:
        verb = "skipped (--skip-bad)" if report["skip_bad"] else "found"
        lines.append(f"These articles or files were {verb}:")
        lines.append("")
        lines.append(_describe(report["problems"], limit=200))
    else:
        lines.append("None.")
    lines += ["", "## Lexicons (SHA-256)", "", "| file | sha256 |", "|---|---|"]
    lines += [f"| {name} | `{digest}` |" for name, digest in report["lexicon_sha256"].items()]
    return "\n".join(lines) + "\n"


def read_results(folder: str | os.PathLike) -> dict[str, pl.DataFrame]:
    """Read the tables that ``python -m toolkit analyze`` (or :func:`analyze_path`) wrote.

    Returns a dict from table name (``entities``, ``entity_frequency``, ``figures``,
    ``figure_comparison``, ``stance_claims``, ``party_stance``) to a polars frame, for the
    tables present, plus ``"report"``: the run report as a one-row frame is *not* included;
    read ``run_report.json`` for it.

    Examples
    --------
    >>> tables = read_results("build/analysis")  # doctest: +SKIP
    >>> tables["entity_frequency"].head()  # doctest: +SKIP
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of analysis results")
    tables = {
        name: pl.read_parquet(folder / f"{name}.parquet")
        for name in TABLES
        if (folder / f"{name}.parquet").exists()
    }
    if not tables:
        raise FileNotFoundError(
            f"{folder} holds no analysis tables (expected {', '.join(f'{t}.parquet' for t in TABLES)})"
        )
    return tables


# --------------------------------------------------------------------------------------------
# Past one machine: Dask
# --------------------------------------------------------------------------------------------


def _to_polars(frame) -> pl.DataFrame:
    """A pandas partition as a polars frame, through Arrow."""
    import pyarrow as pa

    return pl.from_arrow(pa.Table.from_pandas(frame, preserve_index=False))


def _to_pandas(frame: pl.DataFrame):
    """A polars frame as a pandas partition, through Arrow (nulls and types kept)."""
    import pandas as pd

    return frame.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)


def _dask_stage(partition, table: str, gazetteer: str | None):
    articles = _to_polars(partition)
    articles = articles.with_columns(
        pl.col("article_id").cast(pl.String), pl.col("text").str.replace_all("\r\n?", "\n")
    )
    return _to_pandas(process_batch(articles, gazetteer=gazetteer)[table])


def _dask_metadata(partition):
    return _to_pandas(_metadata(_to_polars(partition)))


def _empty_schemas(gazetteer: str | None) -> dict[str, pl.Schema]:
    sample = pl.DataFrame({"article_id": ["x"], "text": ["قال الرئيس إن 300 جندي سيبقون."]})
    return {
        name: frame.schema for name, frame in process_batch(sample, gazetteer=gazetteer).items()
    }


def analyze_dask(
    path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    client=None,
    blocksize: str | int | None = None,
    gazetteer: str | os.PathLike | None = None,
) -> dict[str, int]:
    """Run the pipeline on a Parquet corpus with Dask and write the tables to ``out``.

    ``dask.dataframe.read_parquet(path)`` → ``map_partitions`` (each partition goes to polars
    through Arrow, through :func:`process_batch`, and back) → ``to_parquet``, one part file per
    partition; the corpus-wide tables are then computed from those parts here, and every table
    is written as with :func:`analyze_path` (Parquet and CSV). The Parquet files need an
    ``article_id`` column (Dask partitions do not know their row numbers).

    ``client`` is a ``distributed.Client`` (default: the current one, or Dask's local
    scheduler); ``blocksize`` is passed to ``read_parquet`` to size partitions. Needs the
    optional ``scale`` extra (``pip install -e ".[scale]"``). Returns rows per table.
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            'analyze_dask needs Dask: pip install -e ".[scale]" (dask, distributed, pyarrow)'
        ) from exc
    path, out = Path(path), Path(out)
    gazetteer = None if gazetteer is None else str(gazetteer)
    kwargs = {} if blocksize is None else {"blocksize": blocksize}
    frame = dd.read_parquet(str(path), **kwargs)
    if "article_id" not in frame.columns or "text" not in frame.columns:
        raise InputError(
            f"{path}: analyze_dask needs 'article_id' and 'text' columns "
            f"(found: {', '.join(frame.columns)})"
        )
    out.mkdir(parents=True, exist_ok=True)
    parts = out / _PARTS
    if parts.exists():
        shutil.rmtree(parts)
    schemas = _empty_schemas(gazetteer)
    meta_columns = [c for c in META_COLUMNS if c in frame.columns]
    writes = []
    for name, schema in schemas.items():
        meta = _to_pandas(pl.DataFrame(schema=schema))
        table = frame[["article_id", "text"]].map_partitions(
            _dask_stage, name, gazetteer, meta=meta, enforce_metadata=False
        )
        writes.append(
            table.to_parquet(
                str(parts / name),
                name_function=lambda i: f"part-{i:06d}.parquet",
                write_index=False,
                compute=False,
            )
        )
    articles_meta = frame[meta_columns].map_partitions(
        _dask_metadata,
        meta=_dask_metadata(frame[meta_columns]._meta),  # the empty frame of the right types
        enforce_metadata=False,
    )
    writes.append(
        articles_meta.to_parquet(
            str(parts / "articles"),
            name_function=lambda i: f"part-{i:06d}.parquet",
            write_index=False,
            compute=False,
        )
    )
    if client is not None:
        client.compute(writes, sync=True)
    else:
        dask.compute(*writes)
    metadata = pl.read_parquet(sorted((parts / "articles").glob("*.parquet")))
    for index, file in enumerate(sorted((parts / "figures").glob("*.parquet"))):
        _write_part(parts, _COMPARED, index, _comparable(pl.read_parquet(file), metadata))
    partials: dict[str, list[pl.DataFrame]] = {}
    for name in ("entities", "stance_claims"):
        for file in sorted((parts / name).glob("*.parquet")):
            for key, frame in batch_partials({name: pl.read_parquet(file)}).items():
                partials.setdefault(key, []).append(frame)
    counts = _finish(parts, out, partials)
    shutil.rmtree(parts, ignore_errors=True)
    return counts


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: python -m toolkit analyze PATH --out DIR")
