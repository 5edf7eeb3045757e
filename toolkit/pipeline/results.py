"""The tables of a run on disk: part files written batch by batch, each table written as
Parquet and CSV in bounded memory, and :func:`read_results` to read them back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from toolkit.pipeline.batch import TABLES

__all__ = ["PARTS", "ROW_GROUP", "part_files", "read_results", "write_part", "write_table"]

#: The folder of part files inside an output folder (removed when the tables are merged).
PARTS = "_parts"
#: Rows per Parquet row group: small ones keep the streaming engine's memory low.
ROW_GROUP = 20_000


def write_part(parts: Path, name: str, index: int, frame: pl.DataFrame) -> None:
    """Write one batch's rows of table ``name`` as part file ``index``.

    Examples
    --------
    >>> import tempfile
    >>> parts = Path(tempfile.mkdtemp())
    >>> write_part(parts, "entities", 0, pl.DataFrame({"a": [1, 2]}))
    >>> [p.name for p in part_files(parts, "entities")]
    ['part-000000.parquet']
    """
    folder = parts / name
    folder.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(folder / f"part-{index:06d}.parquet", row_group_size=ROW_GROUP)


def part_files(parts: Path, name: str) -> list[Path]:
    """The part files of table ``name``, in batch order (see :func:`write_part`).

    Examples
    --------
    >>> part_files(Path("no-such-folder"), "entities")
    []
    """
    return sorted((parts / name).glob("part-*.parquet"))


def write_table(source: pl.DataFrame | list[Path], out: Path, name: str) -> int:
    """Write ``name``.parquet and ``name``.csv from a frame, or from part files one at a time
    (so a table larger than memory is written in bounded memory); return the rows.

    Nested values (lists, structs) are JSON text in the CSV.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> write_table(pl.DataFrame({"a": [1], "b": [["x", "y"]]}), out, "t")
    1
    >>> (out / "t.csv").read_text()
    'a,b\\n1,"[""x"",""y""]"\\n'
    """
    parquet = out / f"{name}.parquet"
    if isinstance(source, pl.DataFrame):
        source.write_parquet(parquet)
        frames: Iterable[pl.DataFrame] = [source]
    else:
        pl.scan_parquet(source).sink_parquet(parquet, row_group_size=ROW_GROUP)
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
