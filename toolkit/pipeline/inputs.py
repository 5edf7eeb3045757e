"""The input of a run on disk: which files are read (:func:`toolkit.corpus.corpus_files`),
and their articles in batches.

A corpus whose article files are all Parquet is *streamed*: checked first for the problems
:func:`toolkit.load_articles` finds (unreadable files, no text column, empty articles,
duplicate ids), then read in batches with polars' streaming engine. Any other corpus is
loaded with :func:`toolkit.load_articles`. Either way, the problems (files that cannot be
read, bad articles, an article over the size limit) stop the run unless ``skip_bad``, and the
files skipped by design (hidden, README/LICENSE) are listed for the run report.

One article is never cut: the stages hold about 40 times an article's text in memory at once,
whatever the batch size, so an article of more than ``max_article_bytes`` (by default
:data:`~toolkit.pipeline.batch.MAX_ARTICLE_BYTES`) is a problem that names the article and
the limit, instead of a run that runs out of memory.
"""

from __future__ import annotations

import errno
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from toolkit.corpus import (
    CorpusError,
    CorpusWarning,
    corpus_files,
    free_name,
    load_articles,
    scan_articles,
)
from toolkit.pipeline.batch import MAX_ARTICLE_BYTES, META_COLUMNS, batches

__all__ = ["CorpusInput", "InputError", "describe", "open_corpus", "too_large"]


class InputError(ValueError):
    """The input corpus has problems (raised unless ``skip_bad``); ``problems`` lists them."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class CorpusInput:
    """A corpus on disk, ready to be read in batches.

    ``mode`` is ``"streamed Parquet"`` or ``"loaded in memory"``; ``problems`` (files and
    articles left out) and ``skipped`` (files not read by design) are dicts with ``path``,
    ``line`` and ``reason``.
    """

    mode: str
    articles: int
    batches: Iterator[pl.DataFrame]
    problems: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)


def _problem(path: str, reason: str, line: int | None = None) -> dict:
    return {"path": path, "line": line, "reason": reason}


def describe(problems: list[dict], limit: int = 20, more: str = "all are in the run report") -> str:
    """The problems (or skipped files) as a list, one line each, at most ``limit`` (then
    how many more, and ``more``).

    Examples
    --------
    >>> print(describe([{"path": "a.jsonl", "line": 2, "reason": "malformed JSON"}]))
      - a.jsonl, line 2: malformed JSON
    """
    lines = []
    for p in problems[:limit]:
        where = p["path"] if p.get("line") is None else f"{p['path']}, line {p['line']}"
        lines.append(f"  - {where}: {p['reason']}")
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit} more ({more})")
    return "\n".join(lines)


def _bad_input_message(path: Path, problems: list[dict]) -> str:
    return (
        f"{len(problems)} problem(s) found in the input {path}:\n{describe(problems)}\n"
        "Fix the files, or pass --skip-bad (skip_bad=True) to analyze the good articles and "
        "list the bad ones in the run report."
    )


def too_large(size: int, limit: int, article_id: str | None = None) -> str:
    """The reason given for an article of ``size`` bytes of text over ``limit``.

    Examples
    --------
    >>> too_large(200_000_000, 25_000_000, "a1")[:60]
    "article 'a1' is 200.0 MB of text, more than the limit of 25 "
    """
    who = "the article" if article_id is None else f"article {article_id!r}"
    return (
        f"{who} is {size / 1e6:.1f} MB of text, more than the limit of {limit / 1e6:g} MB "
        "(analyzing one article takes about 40 times its text in memory): split it into "
        "articles, or raise the limit (--max-article-mb, max_article_bytes=)"
    )


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a path that cannot even be looked at (too long, a folder
    without permission on the way) raises :class:`InputError` naming it and why."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return False
        raise InputError(f"cannot read the input {path}: {exc.strerror or exc}") from None
    return True


def open_corpus(
    path: Path,
    *,
    batch_size: int,
    skip_bad: bool,
    text_column: str = "text",
    max_article_bytes: int | None = MAX_ARTICLE_BYTES,
) -> CorpusInput:
    """The corpus at ``path`` in batches of ``batch_size``; raises :class:`InputError` when
    it has problems (unless ``skip_bad``) or no article at all.

    ``text_column`` is the column (or JSON field) of the text in table files; an article of
    more than ``max_article_bytes`` of text (``None``: no limit) is a problem.

    Examples
    --------
    >>> corpus = open_corpus(Path("data/practice"), batch_size=5, skip_bad=False)
    >>> corpus.mode, corpus.articles, [Path(s["path"]).name for s in corpus.skipped]
    ('loaded in memory', 23, ['README.md'])
    >>> [batch.height for batch in corpus.batches]
    [5, 5, 5, 5, 3]
    """
    if not _exists(path):
        raise InputError(f"no such file or folder: {path}")
    limit = max_article_bytes
    listing = corpus_files(path)
    skipped = [_problem(s.path, s.reason) for s in listing.skipped]
    files = listing.files
    if files and all(p.suffix.lower() == ".parquet" for p in files):
        corpus = _ParquetCorpus(files, text_column=text_column, limit=limit)
        problems = [_problem(p.path, p.reason, p.line) for p in listing.all_problems()]
        problems += corpus.problems
        found = CorpusInput(
            "streamed Parquet", corpus.articles, corpus.batches(batch_size), problems, skipped
        )
    else:
        try:
            articles, problems = _load_other(path, skip_bad, text_column)
        except CorpusError as error:
            problems = error.problems.to_dicts()
            raise InputError(_bad_input_message(path, problems), problems) from None
        if limit is not None:
            size = pl.col("text").str.len_bytes()
            for article_id, where, bytes_ in (
                articles.filter(size > limit).select("article_id", "path", size).iter_rows()
            ):
                problems.append(_problem(where, too_large(bytes_, limit, article_id)))
            articles = articles.filter(size <= limit)
        found = CorpusInput(
            "loaded in memory", articles.height, batches(articles, batch_size), problems, skipped
        )
    if found.problems and not skip_bad:
        raise InputError(_bad_input_message(path, found.problems), found.problems)
    if found.articles == 0:
        problems = found.problems
        raise InputError(
            f"no articles to analyze in {path}"
            + (f" ({len(problems)} problem(s) skipped)" if problems else "")
            + (f":\n{describe(problems)}" if problems else ""),
            problems,
        )
    return found


class _ParquetCorpus:
    """A Parquet corpus read in batches, checked first for the problems load_articles finds:
    unreadable files, no text column, empty articles, duplicate ids."""

    def __init__(self, files: list[Path], *, text_column: str = "text", limit: int | None = None):
        self.problems: list[dict] = []
        self.scans: list[tuple[Path, pl.LazyFrame, set[int]]] = []
        first_seen: dict[str, str] = {}
        for file in files:
            try:
                lazy = scan_articles(file, text_column=text_column)
                checks = lazy.select(
                    "article_id",
                    bad=pl.col("text").is_null() | ~pl.col("text").str.contains(r"\S"),
                    size=pl.col("text").str.len_bytes(),
                ).collect(engine="streaming")
            except Exception as exc:  # CorpusError, or polars' errors for a corrupt file
                reason = str(exc).splitlines()[-1].strip() if str(exc).strip() else repr(exc)
                if hasattr(exc, "problems") and exc.problems.height:
                    reason = exc.problems["reason"][0]
                self.problems.append(_problem(str(file), f"unreadable Parquet: {reason}"))
                continue
            bad_rows: set[int] = set()
            for row, (article_id, bad, size) in enumerate(checks.iter_rows(), start=1):
                if bad:
                    self.problems.append(
                        _problem(str(file), "empty article (no text, or only whitespace)", row)
                    )
                    bad_rows.add(row)
                elif limit is not None and size > limit:
                    self.problems.append(
                        _problem(str(file), too_large(size, limit, article_id), row)
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


def _load_other(path: Path, skip_bad: bool, text_column: str) -> tuple[pl.DataFrame, list[dict]]:
    """Load a non-Parquet corpus in memory; problems are raised unless ``skip_bad``."""
    options = {"progress": False, "text_column": text_column}
    try:
        return load_articles(path, errors="raise", **options), []
    except CorpusError as error:
        problems = error.problems.to_dicts()
        if not skip_bad:
            raise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_articles(path, errors="skip", **options), problems
