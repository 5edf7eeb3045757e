"""Load, check and scan corpora of articles.

The first stage of the data's path. Every later stage takes a polars frame with at least
``article_id`` and ``text``; :func:`load_articles` builds that frame from files on disk.

Supported files
---------------
``.txt``
    One article per file; ``article_id`` is the file's stem.
``.md`` / ``.markdown``
    One article per file, with optional YAML front matter between ``---`` lines (``title``,
    ``source``, ``published`` or ``date``, ``url``, ``language``, ``article_id`` and any other
    keys, which become extra columns).
``.jsonl`` / ``.ndjson``, ``.csv``, ``.parquet``
    One article per line or row, with a ``text`` column and optional metadata columns. Without
    an ``article_id`` (or ``id``) column, articles are numbered ``<stem>-<row>`` from 1.

Text files are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256, and
the encoding used is recorded. Line endings become ``\\n``; nothing else in the text changes,
so offsets point into exactly what a reader sees. A metadata field named like a column the
loader sets itself (``path``, ``encoding``; ``text`` in front matter) is kept with the suffix
``_field`` (``path_field`` …). YAML front matter is read with a safe loader that also refuses
aliases (``*name``), so a few bytes cannot expand into billions of values. Files named
``README*`` or ``LICENSE*`` and hidden files are documentation, not articles, and are not read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

__all__ = [
    "ARTICLE_COLUMNS",
    "CorpusError",
    "CorpusWarning",
    "check_corpus",
    "decode_bytes",
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

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES
IGNORED_PREFIXES = ("readme", "license", "licence")
PROGRESS_THRESHOLD = 1000


class CorpusError(ValueError):
    """Raised when a corpus has problems; the message lists every problem found.

    Attributes
    ----------
    problems : polars.DataFrame
        One row per problem, with columns ``path``, ``line`` and ``reason``.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = _problem_frame(problems)
        lines = [f"{len(problems)} problem(s) found in the corpus:"]
        lines += [f"  - {p}" for p in problems]
        lines.append('Fix the files, or pass errors="skip" to load the good articles.')
        super().__init__("\n".join(lines))


class CorpusWarning(UserWarning):
    """Warned once by ``load_articles(..., errors="skip")`` with what was skipped."""


@dataclass(frozen=True)
class Problem:
    """One problem with one file (and line, for line-based formats)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


def _problem_frame(problems: list[Problem]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "path": [p.path for p in problems],
            "line": [p.line for p in problems],
            "reason": [p.reason for p in problems],
        },
        schema={"path": pl.String, "line": pl.Int64, "reason": pl.String},
    )


class _Bad(Exception):
    """A problem found while reading one file (internal)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised by their bytes. Other
    input that is not valid UTF-8 is read as Windows-1256 (the common legacy Arabic encoding)
    when it contains no valid UTF-8 multi-byte sequence at all; otherwise the file mixes
    encodings and a ``ValueError`` names the byte offset of the first invalid byte. Line endings
    become ``\\n``. Bytes that cannot be text (NUL bytes, control characters) are rejected.

    Examples
    --------
    >>> decode_bytes("سلام\\r\\n".encode("cp1256"))
    ('سلام\\n', 'windows-1256')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ValueError(
                    f"invalid {encoding} byte at offset {exc.start + len(bom)}"
                ) from None
            return _check_text(_newlines(text)), encoding.replace("-le", "").replace("-be", "")
    if _looks_like_utf16(data):
        raise ValueError(
            "looks like UTF-16 without a byte-order mark (BOM); save it as UTF-8, or as UTF-16 "
            "with a BOM"
        )
    if b"\x00" in data:
        raise ValueError(f"binary data: NUL byte at offset {data.index(0)}")
    try:
        return _check_text(_newlines(data.decode("utf-8"))), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _has_utf8_text(data):
        raise ValueError(
            f"mixed or invalid encoding: valid UTF-8 text, but an invalid UTF-8 byte at offset "
            f"{first_bad}"
        )
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:  # pragma: no cover - cp1256 maps every byte
        raise ValueError(f"undecodable byte at offset {exc.start}") from None
    return _check_text(_newlines(text)), "windows-1256"


_UTF8_RUN = re.compile(r"[^\x00-\x7f\udc80-\udcff]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _has_utf8_text(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 still hold UTF-8 text (a file mixing encodings).

    Windows-1256 text has valid UTF-8 pairs by accident (a letter byte followed by ، ؛ ؟ « » or a
    Persian letter: ``"ق،"`` is ``DE A1``), but only here and there. UTF-8 text has runs of
    several non-ASCII characters in a row (any Arabic word); a Latin-1 ``é`` beside a UTF-8
    ``é`` is as many valid characters as invalid bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(data) - len(text.encode("utf-8", errors="ignore"))  # the escaped bytes
    valid = len(text) - len(data.translate(None, _HIGH_BYTES)) - invalid  # minus ASCII, too
    return valid >= invalid or _UTF8_RUN.search(text) is not None


def _looks_like_utf16(data: bytes) -> bool:
    """Arabic or Latin text in UTF-16 without a BOM: one byte of every pair is 0x00 or 0x06."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return False
    for high, low in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        block = high.count(0) + high.count(6)  # Latin (U+00xx) or Arabic (U+06xx)
        if block >= 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            return True
    return False


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_text(text: str) -> str:
    bad = [i for i, ch in enumerate(text[:100_000]) if ch < " " and ch not in "\n\t\f\v"]
    if len(bad) > 3:
        raise ValueError(f"binary data: control characters at character offset {bad[0]}")
    return text


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


def _list_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """All files under ``root`` in sorted order; symlink loops are problems."""
    if root.is_file():
        return [root], []
    if not root.exists():
        return [], [Problem(str(root), "no such file or folder")]
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def walk(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen:
            problems.append(Problem(str(folder), "symlink loop: folder already visited"))
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), f"cannot list folder: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                problems.append(Problem(str(path), f"cannot read: {exc.strerror}"))
                continue
            if is_dir:
                walk(path)
            elif is_file:
                if not entry.name.lower().startswith(IGNORED_PREFIXES):
                    files.append(path)
            else:
                problems.append(Problem(str(path), "broken symlink or special file"))

    walk(root)
    return files, problems


def _read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Bad(f"unreadable: {exc.strerror}") from None
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader (plain values only, no Python objects), also without aliases.

    An alias (``*name``) repeats an anchored value; nested aliases make a few hundred bytes
    expand into billions of values (the "billion laughs"), and front matter never needs them.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def _split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise _Bad("front matter opened with '---' but never closed")
    loader = _FrontMatterLoader(text[4:end])
    try:
        meta = loader.get_single_data() or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise _Bad(
            f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", line
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. the date 2020-13-45
        raise _Bad(f"front matter has a value YAML cannot read: {exc}") from None
    except RecursionError:
        raise _Bad("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    if not isinstance(meta, dict):
        raise _Bad("front matter is not a mapping of keys to values")
    return meta, text[end + 5 :]


# Keys of the loader's own bookkeeping in a record: tuples, so that no field name can clash.
_ROW = ("row",)
_ENCODING = ("encoding",)
# Fields of a file that would clash with the columns the loader sets are kept under this suffix.
_CLASH_SUFFIX = "_field"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _records_from_text_file(path: Path) -> list[dict]:
    text, encoding = _read_text(path)
    meta: dict = {}
    if path.suffix.lower() in {".md", ".markdown"}:
        meta, text = _split_front_matter(text)
    record = {str(k): v for k, v in meta.items()}
    if "text" in record:  # a front-matter key named text: kept, beside the body
        record["text" + _CLASH_SUFFIX] = record.pop("text")
    record.setdefault("article_id", path.stem)
    record.update({"text": text, _ENCODING: encoding})
    return [record]


def _records_from_jsonl(path: Path) -> tuple[list[dict], list[Problem]]:
    text, encoding = _read_text(path)
    records, problems = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), f"malformed JSON: {exc.msg}", number))
            continue
        except RecursionError:
            problems.append(Problem(str(path), "malformed JSON: nested too deeply", number))
            continue
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            problems.append(Problem(str(path), f"malformed JSON: {exc}", number))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(str(path), "a JSON line must be an object", number))
            continue
        obj[_ROW] = number
        obj[_ENCODING] = encoding
        records.append(obj)
    return records, problems


def _records_from_csv(path: Path) -> list[dict]:
    text, encoding = _read_text(path)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # one article may be the whole file
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            columns = ", ".join(reader.fieldnames or []) or "none"
            raise _Bad(f"no 'text' column (columns: {columns})")
        records = []
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise _Bad("row has more fields than the header", reader.line_num)
            row = {k: (v if v != "" else None) for k, v in row.items()}
            row[_ROW] = number
            row[_ENCODING] = encoding
            records.append(row)
        return records
    except csv.Error as exc:
        raise _Bad(f"malformed CSV: {exc}", reader.line_num) from None
    finally:
        csv.field_size_limit(limit)


def _records_from_parquet(path: Path) -> list[dict]:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for bad files
        raise _Bad(f"unreadable Parquet: {exc}") from None
    if "text" not in frame.columns:
        raise _Bad(f"no 'text' column (columns: {', '.join(frame.columns)})")
    if frame.schema["text"] != pl.String:
        raise _Bad(f"the 'text' column has type {frame.schema['text']}, not text (String)")
    records = frame.to_dicts()
    for number, record in enumerate(records, start=1):
        record[_ROW] = number
        record[_ENCODING] = "parquet"
    return records


def _read_file(path: Path) -> tuple[list[dict], list[Problem]]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return [], [
            Problem(str(path), f"unsupported file type '{suffix}' (supported: {supported})")
        ]
    try:
        if suffix in TEXT_SUFFIXES:
            records, problems = _records_from_text_file(path), []
        elif suffix in {".jsonl", ".ndjson"}:
            records, problems = _records_from_jsonl(path)
        elif suffix == ".csv":
            records, problems = _records_from_csv(path), []
        else:
            records, problems = _records_from_parquet(path), []
    except _Bad as bad:
        return [], [Problem(str(path), bad.reason, bad.line)]
    good = []
    for record in records:
        try:
            good.append(_clean_record(record, path))
        except _Bad as bad:
            problems.append(Problem(str(path), bad.reason, bad.line or record.get(_ROW)))
    problems.sort(key=lambda p: (p.line is not None, p.line or 0))  # in line order
    return good, problems


def _parse_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for candidate in (text, text[:10]):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            continue
    raise _Bad(f"published date {text!r} is not an ISO date (YYYY-MM-DD)")


def _clean_record(record: dict, path: Path) -> dict:
    row = record.pop(_ROW, None)
    text = record.get("text")
    if not isinstance(text, str):
        raise _Bad(f"'text' is {type(text).__name__}, not a string", row)
    text = _newlines(text)
    if not text.strip():
        raise _Bad("empty article (no text, or only whitespace)", row)
    article_id = record.pop("article_id", None)
    if article_id is None or article_id == "":
        article_id = record.pop("id", None)
    if article_id is None or article_id == "":
        article_id = f"{path.stem}-{row}" if row is not None else path.stem
    published = record.pop("published", None)
    if published is None:
        published = record.pop("date", None)
    clean = {
        "article_id": str(article_id),
        "title": _as_text(record.pop("title", None)),
        "source": _as_text(record.pop("source", None)),
        "published": _parse_date(published),
        "language": _as_text(record.pop("language", None)),
        "text": text,
        "path": str(path),
        "encoding": record.pop(_ENCODING, None),
    }
    record.pop("text", None)
    for key, value in record.items():
        name = key + _CLASH_SUFFIX if key in clean else key  # a field named path or encoding
        clean[name] = value if isinstance(value, bool) or value is None else _as_text(value)
    for key, value in clean.items():
        for where in (key, value):
            found = _SURROGATE.search(where) if isinstance(where, str) else None
            if found:
                raise _Bad(
                    f"{key!r} has an unpaired surrogate {where[found.start()]!r} at character "
                    f"{found.start()} (an escape such as \\ud800 that is no character)",
                    row,
                )
    return clean


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


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


def _collect(path: str | os.PathLike, *, progress: bool | None) -> tuple[list[dict], list[Problem]]:
    root = Path(path)
    files, problems = _list_files(root)
    if root.is_dir() and not files and not problems:
        problems.append(Problem(str(root), "folder contains no article files"))
    show = len(files) >= PROGRESS_THRESHOLD if progress is None else progress
    if show:
        from tqdm.auto import tqdm

        files = tqdm(files, desc="loading articles", unit="file")
    records: list[dict] = []
    for file in files:
        good, bad = _read_file(file)
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
    return unique, problems


def load_articles(
    path: str | os.PathLike, *, errors: str = "raise", progress: bool | None = None
) -> pl.DataFrame:
    """Load articles from a file or a folder (read recursively, in sorted order).

    Parameters
    ----------
    path
        A file or a folder of ``.txt``, ``.md``, ``.jsonl``/``.ndjson``, ``.csv`` or
        ``.parquet`` files.
    errors
        ``"raise"`` (default) raises :class:`CorpusError` listing every problem found.
        ``"skip"`` loads the good articles and warns once (:class:`CorpusWarning`) with the list
        of what was skipped.
    progress
        Show a progress bar; by default only from 1,000 files on.

    Returns
    -------
    polars.DataFrame
        One row per article: ``article_id`` (unique), ``title``, ``source``, ``published``
        (``Date``, null when unknown), ``language``, ``text``, ``path``, ``encoding``, then any
        extra metadata columns. For a plain ``.txt`` file, ``article_id`` is the file's stem.

    Examples
    --------
    >>> articles = load_articles("data/articles")
    >>> articles.select("article_id", "language", "encoding").row(0)
    ('000_4969ed8d5fc84dd6', 'ar', 'utf-8')
    """
    if errors not in {"raise", "skip"}:
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    records, problems = _collect(path, progress=progress)
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


def check_corpus(path: str | os.PathLike) -> pl.DataFrame:
    """Return the problems of a corpus as a frame (``path``, ``line``, ``reason``).

    Nothing is returned for the articles themselves; an empty frame means the corpus is clean.

    Examples
    --------
    >>> check_corpus("data/articles").height
    0
    """
    _, problems = _collect(path, progress=False)
    return _problem_frame(problems)


def scan_articles(path: str | os.PathLike) -> pl.LazyFrame:
    """A lazy frame over a Parquet or JSONL corpus, for data larger than memory.

    ``path`` is a ``.parquet``/``.jsonl``/``.ndjson`` file or a folder of them (all of one
    format). The frame has the :data:`ARTICLE_COLUMNS` (missing metadata becomes null, and
    ``article_id`` defaults to ``<stem>-<row>``) followed by any other columns.

    Examples
    --------
    >>> import polars as pl
    >>> isinstance(scan_articles("tests/fixtures/small.parquet"), pl.LazyFrame)  # doctest: +SKIP
    True
    """
    root = Path(path)
    files = sorted(
        p
        for p in ([root] if root.is_file() else root.rglob("*"))
        if p.suffix.lower() in {".parquet", ".jsonl", ".ndjson"}
    )
    if not files:
        raise CorpusError([Problem(str(root), "no .parquet or .jsonl/.ndjson files to scan")])
    suffixes = {p.suffix.lower().replace(".ndjson", ".jsonl") for p in files}
    if len(suffixes) > 1:
        raise CorpusError([Problem(str(root), "mixes Parquet and JSONL files; scan one format")])
    frames = []
    for file in files:
        lazy = pl.scan_parquet(file) if file.suffix.lower() == ".parquet" else pl.scan_ndjson(file)
        schema = lazy.collect_schema()
        if "text" not in schema:
            raise CorpusError([Problem(str(file), "no 'text' column")])
        if schema["text"] != pl.String:
            raise CorpusError(
                [Problem(str(file), f"the 'text' column has type {schema['text']}, not String")]
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
            pl.col("text").str.replace_all("\r\n?", "\n"),
            pl.lit(str(file)).alias("path"),
            pl.lit("parquet" if file.suffix.lower() == ".parquet" else "utf-8").alias("encoding"),
        ]
        dated = next((c for c in ("published", "date") if c in schema), None)
        used = {"text", "title", "source", "language", id_column, dated}
        # Other columns are kept; one named like a column made here gets the suffix _field.
        others = [
            pl.col(c).alias(c + _CLASH_SUFFIX if c in ARTICLE_COLUMNS else c)
            for c in schema
            if c not in used
        ]
        frames.append(lazy.select(*columns, *others))
    return pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]


def free_name(columns, name: str) -> str:
    """``name``, or ``_name``, ``__name`` … : the first that is not among ``columns``."""
    while name in columns:
        name = "_" + name
    return name


def _lazy_column(schema: pl.Schema, name: str) -> pl.Expr:
    return (pl.col(name).cast(pl.String) if name in schema else pl.lit(None, pl.String)).alias(name)


def _lazy_published(schema: pl.Schema) -> pl.Expr:
    for name in ("published", "date"):
        if name in schema:
            column = pl.col(name)
            if schema[name] == pl.Date:
                return column.alias("published")
            if schema[name] == pl.Datetime or isinstance(schema[name], pl.Datetime):
                return column.dt.date().alias("published")
            return (
                column.cast(pl.String).str.slice(0, 10).str.to_date(strict=False).alias("published")
            )
    return pl.lit(None, pl.Date).alias("published")
