"""Reading one corpus file into article records: the formats (``.txt``, ``.md`` with YAML front
matter, web pages saved as ``.html``/``.htm`` (:mod:`toolkit.corpus.webpages`),
``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``), each record checked and cleaned.

Front matter is read with :class:`FrontMatterLoader`: YAML's safe loader that also refuses
aliases. A field named like a column the loader sets itself (``path``, ``encoding``; ``text``
in front matter) is kept with the suffix ``_field``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import polars as pl
import yaml

from toolkit.corpus.encodings import decode_bytes, newlines
from toolkit.corpus.files import (
    HTML_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    unsupported_problem,
)
from toolkit.corpus.problems import Problem
from toolkit.corpus.webpages import PageError, read_page

__all__ = ["CLASH_SUFFIX", "FrontMatterLoader", "read_file"]

#: Fields of a file that would clash with the columns the loader sets are kept under this suffix.
CLASH_SUFFIX = "_field"


class _Bad(Exception):
    """A problem found while reading one file (internal)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Bad(f"unreadable: {exc.strerror}") from None
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


class FrontMatterLoader(yaml.SafeLoader):
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
    loader = FrontMatterLoader(text[4:end])
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
_SURROGATE = re.compile("[\ud800-\udfff]")


def _take_text(record: dict, text_column: str) -> dict:
    """The field ``text_column`` of a record as its ``text`` (a field named ``text`` is kept
    as ``text_field``)."""
    if text_column != "text":
        if "text" in record:
            record["text" + CLASH_SUFFIX] = record.pop("text")
        if text_column in record:
            record["text"] = record.pop(text_column)
    return record


def _records_from_text_file(path: Path) -> list[dict]:
    text, encoding = _read_text(path)
    meta: dict = {}
    if path.suffix.lower() in {".md", ".markdown"}:
        meta, text = _split_front_matter(text)
    record = {str(k): v for k, v in meta.items()}
    if "text" in record:  # a front-matter key named text: kept, beside the body
        record["text" + CLASH_SUFFIX] = record.pop("text")
    record.setdefault("article_id", path.stem)
    record.update({"text": text, _ENCODING: encoding})
    return [record]


def _records_from_page(path: Path) -> list[dict]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Bad(f"unreadable: {exc.strerror}") from None
    try:
        record = read_page(data)
    except PageError as exc:
        raise _Bad(str(exc)) from None
    record["article_id"] = path.stem
    record[_ENCODING] = record.pop("encoding")
    return [record]


def _records_from_jsonl(path: Path, text_column: str) -> tuple[list[dict], list[Problem]]:
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
        if text_column not in obj:
            problems.append(Problem(str(path), f"no {text_column!r} field", number))
            continue
        obj = _take_text(obj, text_column)
        obj[_ROW] = number
        obj[_ENCODING] = encoding
        records.append(obj)
    return records, problems


def _records_from_csv(path: Path, text_column: str) -> list[dict]:
    text, encoding = _read_text(path)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # one article may be the whole file
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None or text_column not in reader.fieldnames:
            columns = ", ".join(reader.fieldnames or []) or "none"
            raise _Bad(f"no {text_column!r} column (columns: {columns})")
        records = []
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise _Bad("row has more fields than the header", reader.line_num)
            row = _take_text({k: (v if v != "" else None) for k, v in row.items()}, text_column)
            row[_ROW] = number
            row[_ENCODING] = encoding
            records.append(row)
        return records
    except csv.Error as exc:
        raise _Bad(f"malformed CSV: {exc}", reader.line_num) from None
    finally:
        csv.field_size_limit(limit)


def _records_from_parquet(path: Path, text_column: str) -> list[dict]:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for bad files
        raise _Bad(f"unreadable Parquet: {exc}") from None
    if text_column not in frame.columns:
        raise _Bad(f"no {text_column!r} column (columns: {', '.join(frame.columns)})")
    if frame.schema[text_column] != pl.String:
        raise _Bad(
            f"the {text_column!r} column has type {frame.schema[text_column]}, not text (String)"
        )
    records = [_take_text(record, text_column) for record in frame.to_dicts()]
    for number, record in enumerate(records, start=1):
        record[_ROW] = number
        record[_ENCODING] = "parquet"
    return records


def read_file(path: Path, *, text_column: str = "text") -> tuple[list[dict], list[Problem]]:
    """The clean article records of one file (a dict per article: ``article_id``, ``title``,
    ``source``, ``published``, ``language``, ``text``, ``path``, ``encoding`` and the file's
    other fields) and its problems, in line order. A file of no article format is one problem.

    ``text_column`` is the column or field of the text in a table file (``.jsonl``, ``.csv``,
    ``.parquet``); a column of that file named ``text`` is then kept as ``text_field``.

    Examples
    --------
    >>> records, problems = read_file(Path("data/articles/000_4969ed8d5fc84dd6.md"))
    >>> records[0]["article_id"], records[0]["encoding"], problems
    ('000_4969ed8d5fc84dd6', 'utf-8', [])
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [], [unsupported_problem(path)]
    try:
        if suffix in TEXT_SUFFIXES:
            records, problems = _records_from_text_file(path), []
        elif suffix in HTML_SUFFIXES:
            records, problems = _records_from_page(path), []
        elif suffix in {".jsonl", ".ndjson"}:
            records, problems = _records_from_jsonl(path, text_column)
        elif suffix == ".csv":
            records, problems = _records_from_csv(path, text_column), []
        else:
            records, problems = _records_from_parquet(path, text_column), []
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
    text = newlines(text)
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
        name = key + CLASH_SUFFIX if key in clean else key  # a field named path or encoding
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
