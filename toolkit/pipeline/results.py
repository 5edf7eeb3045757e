"""The tables of a run on disk: part files written batch by batch, each table written as
Parquet and CSV in bounded memory, the output folder of a run (:func:`results_output`:
staged, locked, checked against the run's inputs), and :func:`read_results` to read a complete
run back, checked against its report."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from toolkit.outputs import (
    MANIFEST,
    OutputError,
    StagedOutput,
    file_digest,
    read_manifest,
    staging_folders,
    verify_files,
    write_csv,
)
from toolkit.pipeline.batch import TABLES

__all__ = [
    "KIND",
    "OUTPUT_FILES",
    "PARTS",
    "ROW_GROUP",
    "ResultsError",
    "check_paths",
    "part_files",
    "read_results",
    "results_output",
    "write_part",
    "write_table",
]

#: The folder of part files inside a run's staging folder (removed with it).
PARTS = "_parts"
#: Rows per Parquet row group: small ones keep the streaming engine's memory low.
ROW_GROUP = 20_000
#: What the run report of an analysis says wrote it.
KIND = "analyze"
#: The files a run writes in its output folder, besides the run report (``run_report.json``).
OUTPUT_FILES = (
    *(f"{name}.{suffix}" for name in TABLES for suffix in ("parquet", "csv")),
    "run_report.md",
)


class ResultsError(ValueError):
    """An output folder does not hold one complete run: none finished there, or its files
    are not those its run report lists (changed, or a run stopped while moving them in)."""


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

    The CSV is for spreadsheets (:func:`toolkit.outputs.write_csv`): UTF-8 with a BOM, nested
    values as JSON text, and a text cell that a spreadsheet would run as a formula (it begins
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) written with a leading ``'``.
    The Parquet file keeps every value exact.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> write_table(pl.DataFrame({"a": [-1], "b": [["x", "y"]], "c": ["=2+2"]}), out, "t")
    1
    >>> (out / "t.csv").read_text(encoding="utf-8-sig")
    'a,b,c\\n-1,"[""x"",""y""]",\\'=2+2\\n'
    >>> pl.read_parquet(out / "t.parquet")["c"].item()
    '=2+2'
    """
    parquet = out / f"{name}.parquet"
    if isinstance(source, pl.DataFrame):
        source.write_parquet(parquet)
        return write_csv(source, out / f"{name}.csv")
    pl.scan_parquet(source).sink_parquet(parquet, row_group_size=ROW_GROUP)
    return write_csv(map(pl.read_parquet, source), out / f"{name}.csv")


# --------------------------------------------------------------------------------------------
# The output folder of a run
# --------------------------------------------------------------------------------------------


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(os.path.abspath(path))


def _inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both real paths)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


def check_paths(
    out: str | os.PathLike, corpus: str | os.PathLike, inputs: Mapping[str, str | os.PathLike]
) -> None:
    """Raise :class:`~toolkit.outputs.OutputError` if the output folder ``out`` is the corpus,
    is inside it (a later run would read the results as articles) or contains it, or if a
    file the run writes would be one of its ``inputs`` (a label for each input file, such as
    ``"--gazetteer"``, by path).

    Examples
    --------
    >>> check_paths("data/practice/results", "data/practice", {})
    Traceback (most recent call last):
    toolkit.outputs.staging.OutputError: --out data/practice/results is inside the input folder data/practice: a later run would read the results as articles; choose an output folder outside it
    """
    try:
        real_out, real_corpus = _real(out), _real(corpus)
        corpus_is_folder = os.path.isdir(real_corpus)
    except OSError as exc:
        raise OutputError(f"--out {out}: {exc.strerror or exc}") from None
    if real_out == real_corpus:
        raise OutputError(f"--out {out} is the input {corpus}: choose another output folder")
    if corpus_is_folder and _inside(real_out, real_corpus):
        raise OutputError(
            f"--out {out} is inside the input folder {corpus}: a later run would read the "
            "results as articles; choose an output folder outside it"
        )
    if _inside(real_corpus, real_out):
        raise OutputError(
            f"--out {out} contains the input {corpus}: choose an output folder that holds "
            "results only"
        )
    written = {_real(Path(out) / name): name for name in (*OUTPUT_FILES, MANIFEST)}
    for path, label in inputs.items():
        if _real(path) in written:
            raise OutputError(
                f"--out {out} would write {written[_real(path)]} over {path}, an input of this "
                f"run ({label}): choose another output folder, or move the file"
            )


def _legacy(folder: Path) -> set[str]:
    """The tables and report of a run by an earlier version of the toolkit (a run report
    without a list of files)."""
    report = read_manifest(folder)
    if report is None or "files" in report:
        return set()
    return {name for name in OUTPUT_FILES if (folder / name).is_file()}


def results_output(
    out: str | os.PathLike,
    *,
    corpus: str | os.PathLike,
    inputs: Mapping[str, str | os.PathLike] | None = None,
    force: bool = False,
) -> StagedOutput:
    """The staged output folder of an analysis (:class:`toolkit.outputs.StagedOutput`), once
    :func:`check_paths` passes and the folder can be used: a new or empty folder, or one of
    earlier results (with ``force``, any folder; files the toolkit did not write are never
    written over or deleted).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> results_output(folder, corpus="data/practice").check()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    toolkit.outputs.staging.OutputError: --out ... holds files that are not results of an earlier run (notes.txt): ...
    """
    check_paths(out, corpus, inputs or {})
    staged = StagedOutput(
        out,
        kind=KIND,
        names=[*OUTPUT_FILES, MANIFEST],
        legacy=_legacy,
        only_results=True,
        force=force,
        option="--out",
    )
    staged.check()
    return staged


# --------------------------------------------------------------------------------------------
# Reading a run back
# --------------------------------------------------------------------------------------------


def read_results(folder: str | os.PathLike) -> dict[str, pl.DataFrame]:
    """Read the tables that ``python -m toolkit analyze`` (or :func:`analyze_path`) wrote.

    Returns a dict from table name (``entities``, ``entity_frequency``, ``figures``,
    ``figure_comparison``, ``stance_claims``, ``party_stance``) to a polars frame. The run
    report (``run_report.json``) must say the run was complete, and every file must be the one
    it lists (size, SHA-256, rows): otherwise :class:`ResultsError` says what differs. So a
    folder whose run was interrupted gives either the previous complete run's tables or an
    error, never a mix of two runs.

    Examples
    --------
    >>> tables = read_results("build/analysis")  # doctest: +SKIP
    >>> tables["entity_frequency"].head()  # doctest: +SKIP
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of analysis results")
    report = read_manifest(folder)
    if report is None:
        if not (folder / MANIFEST).exists() and not any(
            (folder / f"{name}.parquet").exists() for name in TABLES
        ):
            expected = ", ".join(f"{t}.parquet" for t in TABLES)
            raise FileNotFoundError(f"{folder} holds no analysis tables (expected {expected})")
        raise ResultsError(
            f"{folder} holds no complete run: its run report ({MANIFEST}) is missing or "
            f"unreadable{_why(folder)}"
        )
    if report.get("kind", KIND) != KIND or "files" not in report or not report.get("complete"):
        raise ResultsError(
            f"{folder} holds no complete run of this version of the toolkit (its run report "
            f"does not say complete, with the checksum of each file){_why(folder)}"
        )
    tables, problems = {}, []
    for name in TABLES:
        file = f"{name}.parquet"
        expected = report["files"].get(file)
        if expected is None:
            problems.append(f"{file}: not in the run report")
            continue
        try:
            with open(folder / file, "rb") as handle:  # hashed and read from the same file
                found = file_digest(folder / file, handle)
                handle.seek(0)
                same = all(found[key] == expected.get(key) for key in ("bytes", "sha256"))
                frame = pl.read_parquet(handle) if same else None
        except OSError as exc:
            problems.append(f"{file}: {exc.strerror or exc}")
            continue
        if frame is None:
            problems.append(f"{file}: not the file the run wrote (its size or SHA-256 differs)")
        elif frame.height != report["tables"].get(name):
            problems.append(f"{file}: {frame.height} rows, the run wrote {report['tables'][name]}")
        else:
            tables[name] = frame
    others = {k: v for k, v in report["files"].items() if not k.endswith(".parquet")}
    problems += verify_files(folder, {"files": others})
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise ResultsError(
            f"{folder} does not hold the files its run report lists:\n{listed}\n"
            f"{_why(folder).lstrip(': ')}"
        )
    return tables


def _why(folder: Path) -> str:
    if staging_folders(folder):
        return (
            ": a run is writing to this folder, or one was stopped before it finished; "
            "wait for it, or run the analysis again"
        )
    return ": run the analysis again (python -m toolkit analyze)"
