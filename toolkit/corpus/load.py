"""Loading a corpus into the articles frame (:func:`load_articles`), listing its problems
(:func:`check_corpus`) and scanning a Parquet or JSONL corpus lazily (:func:`scan_articles`).

Which files are read is :func:`toolkit.corpus.files.corpus_files`'s rule; how each is read,
:mod:`toolkit.corpus.read`.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import polars as pl

from toolkit.corpus.files import CorpusFiles, corpus_files
from toolkit.corpus.problems import CorpusError, CorpusWarning, Problem, problem_frame
from toolkit.corpus.read import CLASH_SUFFIX, read_file

__all__ = [
    "ARTICLE_COLUMNS",
    "PROGRESS_THRESHOLD",
    "check_corpus",
    "free_name",
    "load_articles",
    "scan_articles",
]

#: The columns every loaded corpus has, in this order (extra metadata columns follow).
ARTICLE_COLUMNS = {
    "article_id": pl.String,
    "title": pl.String,
    "source": pl.String,
    "published": pl.Date,
    "language": pl.String,
    "text": pl.String,
    "path": pl.String,
    "encoding": pl.String,
}

#: Files from which loading shows a progress bar by default.
PROGRESS_THRESHOLD = 1000


def _frame(records: list[dict]) -> pl.DataFrame:
    extra: dict[str, pl.DataType] = {}
    for record in records:
        for key, value in record.items():
            if key not in ARTICLE_COLUMNS and key not in extra:
                extra[key] = pl.Boolean if isinstance(value, bool) else pl.String
    for key, dtype in list(extra.items()):
        values = [r.get(key) for r in records if r.get(key) is not None]
        if dtype == pl.Boolean and not all(isinstance(v, bool) for v in values):
            extra[key] = pl.String
    schema = {**ARTICLE_COLUMNS, **extra}
    rows = [
        {
            k: (str(r.get(k)) if dtype == pl.String and isinstance(r.get(k), bool) else r.get(k))
            for k, dtype in schema.items()
        }
        for r in records
    ]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _collect(
    path: str | os.PathLike, *, progress: bool | None, text_column: str = "text"
) -> tuple[list[dict], list[Problem], CorpusFiles]:
    root = Path(path)
    listing = corpus_files(root)
    # every file not skipped, the unsupported ones too: read_file names them in file order
    files, problems = list(listing.found), list(listing.problems)
    if not files and not problems and _is_dir(root):
        problems.append(Problem(str(root), "folder contains no article files"))
    show = len(files) >= PROGRESS_THRESHOLD if progress is None else progress
    if show:
        from tqdm.auto import tqdm

        files = tqdm(files, desc="loading articles", unit="file")
    records: list[dict] = []
    for file in files:
        good, bad = read_file(file, text_column=text_column)
        records.extend(good)
        problems.extend(bad)
    seen: dict[str, str] = {}
    unique = []
    for record in records:
        first = seen.get(record["article_id"])
        if first is None:
            seen[record["article_id"]] = record["path"]
            unique.append(record)
        else:
            problems.append(
                Problem(
                    record["path"],
                    f"duplicate article_id {record['article_id']!r} (first seen in {first})",
                )
            )
    return unique, problems, listing


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def load_articles(
    path: str | os.PathLike,
    *,
    errors: str = "raise",
    progress: bool | None = None,
    text_column: str = "text",
) -> pl.DataFrame:
    """Load articles from a file or a folder (read recursively, in sorted order).

    Parameters
    ----------
    path
        A file or a folder of ``.txt``, ``.md``, ``.html``/``.htm`` (saved web pages, read
        with trafilatura: :mod:`toolkit.corpus.webpages`), ``.jsonl``/``.ndjson``, ``.csv`` or
        ``.parquet`` files.
    errors
        ``"raise"`` (default) raises :class:`CorpusError` listing every problem found.
        ``"skip"`` loads the good articles and warns once (:class:`CorpusWarning`) with the list
        of what was skipped.
    progress
        Show a progress bar; by default only from 1,000 files on.
    text_column
        The column (or JSON field) that holds the text in ``.jsonl``, ``.csv`` and ``.parquet``
        files, for corpora whose text column has another name (``"body"``); it becomes the
        ``text`` column, and a column of those files named ``text`` is kept as ``text_field``.

    Returns
    -------
    polars.DataFrame
        One row per article: ``article_id`` (unique), ``title``, ``source``, ``published``
        (``Date``, null when unknown), ``language``, ``text``, ``path``, ``encoding``, then any
        extra metadata columns. For a plain ``.txt`` file or a web page, ``article_id`` is the
        file's stem; a page's ``text`` is its main text as trafilatura extracts it, and the
        offsets of every later stage point into that text.

    Examples
    --------
    >>> articles = load_articles("data/articles")
    >>> articles.select("article_id", "language", "encoding").row(0)
    ('000_4969ed8d5fc84dd6', 'ar', 'utf-8')
    """
    if errors not in {"raise", "skip"}:
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    records, problems, _ = _collect(path, progress=progress, text_column=text_column)
    if problems and errors == "raise":
        raise CorpusError(problems)
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        warnings.warn(
            f"skipped {len(problems)} problem(s) while loading {path}:\n{listing}",
            CorpusWarning,
            stacklevel=2,
        )
    return _frame(records)


def check_corpus(path: str | os.PathLike, *, text_column: str = "text") -> pl.DataFrame:
    """The problems of a corpus, and the files it skips, as a frame (``path``, ``line``,
    ``reason``, ``kind``), without loading anything.

    Rows of kind ``"problem"`` come first: what :func:`load_articles` stops on (or skips with
    ``errors="skip"``). Then rows of kind ``"skipped"``: the files not read by design (hidden
    files and folders, README and LICENSE files; :func:`toolkit.corpus.corpus_files`), so
    that nothing is left out without a word. A corpus is clean when no row is a problem.

    Examples
    --------
    >>> check_corpus("data/articles").height
    0
    >>> check_corpus("data/practice").select("kind", "reason").row(0)
    ('skipped', 'documentation, not an article (README or LICENSE file)')
    """
    _, problems, listing = _collect(path, progress=False, text_column=text_column)
    frame = problem_frame(problems).with_columns(kind=pl.lit("problem"))
    skipped = pl.DataFrame(
        {
            "path": [s.path for s in listing.skipped],
            "line": [None] * len(listing.skipped),
            "reason": [s.reason for s in listing.skipped],
            "kind": ["skipped"] * len(listing.skipped),
        },
        schema=frame.schema,
    )
    return pl.concat([frame, skipped])


def scan_articles(path: str | os.PathLike, *, text_column: str = "text") -> pl.LazyFrame:
    """A lazy frame over a Parquet or JSONL corpus, for data larger than memory.

    ``text_column`` names the column of the text, as for :func:`load_articles`.

    ``path`` is a ``.parquet``/``.jsonl``/``.ndjson`` file or a folder of them (all of one
    format), whose files are read by the rule of :func:`toolkit.corpus.files.corpus_files`
    (hidden and README/LICENSE files are not). The frame has the :data:`ARTICLE_COLUMNS` (missing metadata becomes null, and
    ``article_id`` defaults to ``<stem>-<row>``) followed by any other columns.

    Examples
    --------
    >>> import polars as pl
    >>> isinstance(scan_articles("tests/fixtures/small.parquet"), pl.LazyFrame)  # doctest: +SKIP
    True
    """
    root = Path(path)
    files = [
        p for p in corpus_files(root).files if p.suffix.lower() in {".parquet", ".jsonl", ".ndjson"}
    ]
    if not files:
        raise CorpusError([Problem(str(root), "no .parquet or .jsonl/.ndjson files to scan")])
    suffixes = {p.suffix.lower().replace(".ndjson", ".jsonl") for p in files}
    if len(suffixes) > 1:
        raise CorpusError([Problem(str(root), "mixes Parquet and JSONL files; scan one format")])
    frames = []
    for file in files:
        lazy = pl.scan_parquet(file) if file.suffix.lower() == ".parquet" else pl.scan_ndjson(file)
        schema = lazy.collect_schema()
        if text_column not in schema:
            raise CorpusError([Problem(str(file), f"no {text_column!r} column")])
        if schema[text_column] != pl.String:
            kind = schema[text_column]
            raise CorpusError(
                [Problem(str(file), f"the {text_column!r} column has type {kind}, not String")]
            )
        row = free_name(schema, "_row")
        lazy = lazy.with_row_index(row, offset=1)
        id_column = "article_id" if "article_id" in schema else "id" if "id" in schema else None
        default_id = pl.lit(f"{file.stem}-") + pl.col(row).cast(pl.String)
        columns = [
            (pl.col(id_column).cast(pl.String) if id_column else default_id).alias("article_id"),
            _lazy_column(schema, "title"),
            _lazy_column(schema, "source"),
            _lazy_published(schema),
            _lazy_column(schema, "language"),
            pl.col(text_column).str.replace_all("\r\n?", "\n").alias("text"),
            pl.lit(str(file)).alias("path"),
            pl.lit("parquet" if file.suffix.lower() == ".parquet" else "utf-8").alias("encoding"),
        ]
        dated = next((c for c in ("published", "date") if c in schema), None)
        used = {text_column, "title", "source", "language", id_column, dated}
        # Other columns are kept; one named like a column made here gets the suffix _field.
        others = [
            pl.col(c).alias(c + CLASH_SUFFIX if c in ARTICLE_COLUMNS else c)
            for c in schema
            if c not in used
        ]
        frames.append(lazy.select(*columns, *others))
    return pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]


def free_name(columns, name: str) -> str:
    """``name``, or ``_name``, ``__name`` … : the first that is not among ``columns``.

    Examples
    --------
    >>> free_name(["_row", "text"], "_row")
    '__row'
    """
    while name in columns:
        name = "_" + name
    return name


def _lazy_column(schema: pl.Schema, name: str) -> pl.Expr:
    return (pl.col(name).cast(pl.String) if name in schema else pl.lit(None, pl.String)).alias(name)


def published_date(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A publication date column (of type ``dtype``) as a ``Date``: dates as they are, the
    day of a datetime, anything else read as text from its first ten characters (ISO dates;
    what does not read as a date is null).

    Examples
    --------
    >>> frame = pl.DataFrame({"published": ["2021-01-02T10:00", "soon", None]})
    >>> frame.select(published_date(pl.col("published"), pl.String))["published"].to_list()
    [datetime.date(2021, 1, 2), None, None]
    """
    if dtype == pl.Date:
        return column
    if isinstance(dtype, pl.Datetime):
        return column.dt.date()
    return column.cast(pl.String).str.slice(0, 10).str.to_date(strict=False)


def _lazy_published(schema: pl.Schema) -> pl.Expr:
    for name in ("published", "date"):
        if name in schema:
            return published_date(pl.col(name), schema[name]).alias("published")
    return pl.lit(None, pl.Date).alias("published")
