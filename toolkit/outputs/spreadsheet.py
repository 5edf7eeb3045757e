"""CSV files for spreadsheets: the one CSV writer of the toolkit.

Every CSV the toolkit exports is written here: frames with :func:`write_csv`, and rows written
cell by cell (with the :mod:`csv` module) through :func:`safe_cell` or :func:`write_rows`.
Two things make a CSV safe to open in a spreadsheet:

* **No formulas** (OWASP "CSV Injection"). LibreOffice and Excel read a cell that begins with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and a formula can run
  commands or send data away. In *text* columns such a cell is written with a leading
  apostrophe (``'=1+1``), which the spreadsheet shows as text, as OWASP advises. Numbers are
  written as numbers (``-3.5`` stays a number); Parquet keeps every value exact. The rule can
  be undone (:func:`restore_text`): a cell that begins with apostrophes followed by one of
  those characters gets one more apostrophe, so the text written is always the text read.
* **Arabic opens correctly**: the file is UTF-8 with a byte order mark, which Excel needs to
  read it as UTF-8 (``pl.read_csv`` and ``open(..., encoding="utf-8-sig")`` read it as is).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

__all__ = [
    "BOM",
    "FORMULA_CHARACTERS",
    "read_csv",
    "restore_text",
    "safe_cell",
    "safe_text",
    "safe_text_expr",
    "spreadsheet_frame",
    "write_csv",
    "write_rows",
]

#: A cell of text that begins with one of these is a formula to a spreadsheet.
FORMULA_CHARACTERS = "=+-@\t\r"
#: The UTF-8 byte order mark every CSV begins with (Excel reads the file as UTF-8).
BOM = b"\xef\xbb\xbf"

_RISKY = r"^'*[=+\-@\t\r]"  # a formula start, after any apostrophes already there
_ESCAPED = r"^'+[=+\-@\t\r]"  # a cell written by safe_text with an apostrophe added
_RISKY_RE = re.compile(_RISKY)
_ESCAPED_RE = re.compile(_ESCAPED)


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: with a leading ``'`` when it would be read
    as a formula (or when it already begins with ``'`` and then a formula character).

    Examples
    --------
    >>> [safe_text(t) for t in ["=1+1", "-2", "@SUM(A1)", "قال", "'=x"]]
    ["'=1+1", "'-2", "'@SUM(A1)", 'قال', "''=x"]
    """
    return "'" + text if _RISKY_RE.match(text) else text


def restore_text(text: str) -> str:
    """The text :func:`safe_text` was given.

    Examples
    --------
    >>> restore_text("'=1+1"), restore_text("''=x"), restore_text("'quoted'")
    ('=1+1', "'=x", "'quoted'")
    """
    return text[1:] if _ESCAPED_RE.match(text) else text


def safe_text_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`safe_text` as a polars expression over a String column (nulls stay null)."""
    return pl.when(expr.str.contains(_RISKY)).then(pl.lit("'") + expr).otherwise(expr)


def safe_cell(value) -> str:
    """One cell for a row written with the :mod:`csv` module: text through :func:`safe_text`,
    numbers as numbers, ``None`` empty, lists and dicts as JSON text.

    Examples
    --------
    >>> [safe_cell(v) for v in ["-x", -2.5, None, True, ["=a"]]]
    ["'-x", '-2.5', '', 'true', '["=a"]']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return safe_text(str(value))


def _text_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c, t in frame.schema.items() if t == pl.String]


def spreadsheet_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` as its CSV holds it: nested values (lists, structs) as JSON text
    (``null`` stays empty), categories as text, every text cell through :func:`safe_text`
    (column names too). Numbers, dates and booleans are unchanged.

    Examples
    --------
    >>> frame = pl.DataFrame({"id": ["=1+1", "a"], "score": [-1.5, 2.0], "tags": [["-x"], None]})
    >>> spreadsheet_frame(frame).rows()
    [("'=1+1", -1.5, '["-x"]'), ('a', 2.0, None)]
    """
    nested = [c for c, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Array))]
    categories = [c for c, t in frame.schema.items() if isinstance(t, (pl.Categorical, pl.Enum))]
    frame = frame.with_columns(
        *(
            pl.when(pl.col(c).is_not_null()).then(
                pl.struct(c).struct.json_encode().str.slice(len(json.dumps(c)) + 2).str.head(-1)
            )
            for c in nested
        ),
        *(pl.col(c).cast(pl.String) for c in categories),
    )
    frame = frame.with_columns(safe_text_expr(pl.col(c)).alias(c) for c in _text_columns(frame))
    names = {c: safe_text(c) for c in frame.columns if safe_text(c) != c}
    return frame.rename(names) if names else frame


def write_csv(
    source: pl.DataFrame | Iterable[pl.DataFrame], path: str | os.PathLike, *, bom: bool = True
) -> int:
    """Write a frame, or frames of the same columns one after another (so a table larger than
    memory is written in bounded memory), as one CSV for spreadsheets; return the rows.

    The header comes from the first frame (an empty iterable writes an empty file). See the
    module docstring for what is done to the cells.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pl.DataFrame({"a": [-1], "b": ["=cmd()"], "c": [["x", "y"]]}), path)
    1
    >>> path.read_bytes().decode("utf-8")
    '\\ufeffa,b,c\\n-1,\\'=cmd(),"[""x"",""y""]"\\n'
    """
    frames = [source] if isinstance(source, pl.DataFrame) else source
    rows = 0
    with open(path, "wb") as handle:
        if bom:
            handle.write(BOM)
        for index, frame in enumerate(frames):
            spreadsheet_frame(frame).write_csv(handle, include_header=index == 0)
            rows += frame.height
    return rows


def write_rows(
    path: str | os.PathLike, header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = True
) -> Path:
    """Write rows of plain values (a header, then one sequence per row) with the :mod:`csv`
    module, every cell through :func:`safe_cell`; return the path.

    Examples
    --------
    >>> import tempfile
    >>> path = write_rows(Path(tempfile.mkdtemp()) / "r.csv", ["id", "score"], [["+x", -2]])
    >>> read_csv(path).rows()
    [('+x', '-2')]
    """
    path = Path(path)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_text(str(name)) for name in header])
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])
    return path


def read_csv(path: str | os.PathLike) -> pl.DataFrame:
    """A CSV written by :func:`write_csv` or :func:`write_rows`, every column as text, with
    the apostrophes :func:`safe_text` added taken off again (:func:`restore_text`).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_csv(pl.DataFrame({"a": ["=1+1", "'-x", "قال"]}), path)
    >>> read_csv(path)["a"].to_list()
    ['=1+1', "'-x", 'قال']
    """
    data = Path(path).read_bytes()
    frame = pl.read_csv(io.BytesIO(data.removeprefix(BOM)), infer_schema=False)
    restore = pl.col(pl.String).str.replace(r"^'", "")
    frame = frame.with_columns(
        pl.when(pl.col(pl.String).str.contains(_ESCAPED))
        .then(restore)
        .otherwise(pl.col(pl.String))
        .name.keep()
    )
    return frame.rename({c: restore_text(c) for c in frame.columns})
