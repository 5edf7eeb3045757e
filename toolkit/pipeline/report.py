"""The run report of :func:`~toolkit.pipeline.analyze_path`: ``run_report.json`` and
``run_report.md`` (what was read, what was left out and why, the tables, the time and memory,
the versions, the SHA-256 of the lexicon bytes the run parsed, and how well the stance reader
with those lexicons does on the held-out sets: :func:`stance_quality`).

``run_report.json`` is written last, when every table is in place
(:class:`toolkit.outputs.StagedOutput`): it says ``"complete": true`` and lists each file with
its size and SHA-256, which :func:`toolkit.pipeline.read_results` checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import sys
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from toolkit.datasets import heldout_stance_scores
from toolkit.lexicons import Lexicons
from toolkit.pipeline.inputs import describe
from toolkit.pipeline.snapshot import RunLexicons

__all__ = [
    "REPORT",
    "lexicon_checksums",
    "make_report",
    "peak_memory",
    "stance_quality",
    "write_markdown",
]

#: The report's file name, without its suffix (``.json``, ``.md``).
REPORT = "run_report"


def peak_memory(*, workers: bool = False) -> int:
    """Peak resident memory in bytes of this process, or with ``workers`` of the largest
    worker process that ended (0 where the platform does not tell).

    Examples
    --------
    >>> peak_memory() > 0
    True
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    who = resource.RUSAGE_CHILDREN if workers else resource.RUSAGE_SELF
    peak = resource.getrusage(who).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def lexicon_checksums(extra: Iterable[str | os.PathLike] = ()) -> dict[str, str]:
    """SHA-256 of every shipped lexicon file (and of ``extra`` files, by path), by file name.

    A run records its snapshot's checksums instead (:class:`RunLexicons`): the bytes it parsed.

    Examples
    --------
    >>> len(lexicon_checksums()["entities.csv"])
    64
    """
    sums = Lexicons().checksums()
    for path in extra:
        sums[str(path)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return sums


def stance_quality(lexicons: RunLexicons) -> dict:
    """The stance reader's measured precision and recall on the held-out sets, overall and per
    label with counts and 95% Wilson intervals, read with the run's own lexicons
    (:func:`toolkit.datasets.heldout_stance_scores`); ``edited`` lists the lexicon files that
    differ from the shipped ones (the scores are then those of the edited reader).

    Examples
    --------
    >>> from toolkit.pipeline.snapshot import run_lexicons
    >>> with run_lexicons() as lexicons:
    ...     quality = stance_quality(lexicons)
    >>> quality["edited"], [row["label"] for row in quality["by_label"]]
    ([], ['support', 'oppose', 'mixed'])
    """
    scores = heldout_stance_scores(**lexicons.stage_options())
    shipped = Lexicons().checksums()
    edited = sorted(
        name for name, digest in lexicons.checksums.items() if shipped.get(name) != digest
    )
    by_label = scores["by_label"].with_columns(pl.selectors.float().round(3))
    return {
        "set": scores["set"],
        "precision": round(scores["precision"], 3),
        "recall": round(scores["recall"], 3),
        "f1": round(scores["f1"], 3),
        "by_label": by_label.to_dicts(),
        "edited": edited,
    }


def make_report(*, lexicons: RunLexicons, output: str | os.PathLike, **facts) -> dict:
    """The run report as a dict (``run_report.json`` is this, with the list of files the
    staged output adds when the run is complete; :func:`write_markdown` writes the rest).

    ``facts``: ``path``, ``mode``, ``articles``, ``text_bytes``, ``batches``, ``batch_size``,
    ``seconds``, ``peak_memory`` (bytes), ``tables`` (rows by table), ``skip_bad``,
    ``problems`` and ``skipped`` (dicts with ``path``, ``line``, ``reason``), and optionally
    ``text_column`` and ``max_article_bytes``.

    Examples
    --------
    >>> from toolkit.pipeline.snapshot import run_lexicons
    >>> facts = dict(path="corpus", mode="loaded in memory", articles=1, text_bytes=70, batches=1)
    >>> facts |= dict(batch_size=2000, seconds=0.5, peak_memory=10**8, tables={"entities": 2})
    >>> facts |= dict(skip_bad=False, problems=[], skipped=[])
    >>> with run_lexicons() as lexicons:
    ...     report = make_report(lexicons=lexicons, output="results", **facts)
    >>> report["megabytes_per_second"], report["tables"]
    (0.0, {'entities': 2})
    """
    import toolkit

    seconds = facts["seconds"]
    return {
        "toolkit_version": toolkit.__version__,
        "polars_version": pl.__version__,
        "python_version": platform.python_version(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "input": str(facts["path"]),
        "output": str(output),
        "mode": facts["mode"],
        "text_column": facts.get("text_column", "text"),
        "articles": facts["articles"],
        "text_megabytes": round(facts["text_bytes"] / 1e6, 3),
        "batches": facts["batches"],
        "batch_size": facts["batch_size"],
        "max_article_megabytes": (
            round(facts["max_article_bytes"] / 1e6, 3) if facts.get("max_article_bytes") else None
        ),
        "seconds": round(seconds, 2),
        "megabytes_per_second": round(facts["text_bytes"] / 1e6 / seconds, 2) if seconds else None,
        # an upper bound: the batches' (this process and every worker at its peak at once),
        # or the merge's (this process alone), whichever is larger
        "peak_memory_megabytes": round(facts["peak_memory"] / 1e6, 1),
        "tables": facts["tables"],
        "skip_bad": facts["skip_bad"],
        "problems": facts["problems"],
        # files not read by design (hidden, README/LICENSE), with the reason
        "skipped": [{"path": s["path"], "reason": s["reason"]} for s in facts["skipped"]],
        # of the snapshot taken when the run started: the bytes every batch parsed
        "lexicon_sha256": lexicons.report_checksums(),
        "lexicon_sources": lexicons.sources,
        "stance_quality": stance_quality(lexicons),
    }


def write_markdown(folder: Path, report: dict) -> Path:
    """Write ``run_report.md`` (the report for people) into ``folder``; return its path."""
    path = folder / f"{REPORT}.md"
    path.write_text(_markdown(report), encoding="utf-8")
    return path


_MORE = "all are in run_report.json"


def _markdown(report: dict) -> str:
    lines = [
        "# Run report",
        "",
        f"- input: `{report['input']}` ({report['mode']}; text column "
        f"`{report.get('text_column', 'text')}`)",
        f"- articles analyzed: {report['articles']:,} ({report['text_megabytes']:,} MB of text)",
        f"- time: {report['seconds']} s ({report['megabytes_per_second']} MB/s), "
        + (
            f"{report['batches']} batch(es) of up to {report['batch_size']:,} articles"
            if report["batch_size"]
            else f"{report['batches']} partition(s)"
        ),
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
    lines += [
        "",
        "`run_report.json` is written last, once every table is in place, and lists each file "
        "with its size and SHA-256 (`toolkit.pipeline.read_results` checks them). The CSV "
        "files are for spreadsheets (UTF-8 with a BOM); a text cell that begins with `=`, `+`, "
        "`-`, `@`, a tab or a carriage return has a `'` put before it, so that no spreadsheet "
        "runs it as a formula. The Parquet files hold every value exactly.",
    ]
    lines += ["", f"## Problems found in the input ({len(report['problems'])})", ""]
    if report["problems"]:
        verb = "skipped (--skip-bad)" if report["skip_bad"] else "found"
        lines.append(f"These articles or files were {verb}:")
        lines.append("")
        lines.append(describe(report["problems"], limit=200, more=_MORE))
    else:
        lines.append("None.")
    lines += ["", f"## Files not read ({len(report['skipped'])})", ""]
    if report["skipped"]:
        lines.append("Hidden files and folders and README or LICENSE files are not articles:")
        lines.append("")
        lines.append(describe(report["skipped"], limit=200, more=_MORE))
    else:
        lines.append("None.")
    lines += _quality_lines(report["stance_quality"])
    lines += [
        "",
        "## Lexicons (SHA-256)",
        "",
        "Copied when the run started; every batch read these bytes.",
        "",
        "| file | sha256 |",
        "|---|---|",
    ]
    lines += [f"| {name} | `{digest}` |" for name, digest in report["lexicon_sha256"].items()]
    return "\n".join(lines) + "\n"


def _interval(low, high) -> str:
    return "–" if low is None else f"{low:.2f}–{high:.2f}"


def _quality_lines(quality: dict) -> list[str]:
    """The report's section on how far the stance counts can be trusted."""
    which = (
        f"the run's edited lexicons ({', '.join(quality['edited'])} differ from the shipped "
        "files): the scores are those of the edited reader"
        if quality["edited"]
        else "the shipped lexicons"
    )
    lines = [
        "",
        "## How far to trust the stance table",
        "",
        f"The stance reader, with {which}, on the {quality['set']}: precision "
        f"{quality['precision']:.2f}, recall {quality['recall']:.2f}, F1 {quality['f1']:.2f}. "
        "These are constructed texts in real outlets' styles; real coverage may score lower. "
        "Intervals are 95% Wilson intervals: with few cases they are wide.",
        "",
        "| label | predicted | correct | precision (95% CI) | gold | found | recall (95% CI) |",
        "|---|---:|---:|---|---:|---:|---|",
    ]
    for row in quality["by_label"]:
        precision = "–" if row["precision"] is None else f"{row['precision']:.2f}"
        recall = "–" if row["recall"] is None else f"{row['recall']:.2f}"
        lines.append(
            f"| {row['label']} | {row['predicted']} | {row['correct']} | {precision} "
            f"({_interval(row['precision_low'], row['precision_high'])}) | {row['gold']} | "
            f"{row['found']} | {recall} ({_interval(row['recall_low'], row['recall_high'])}) |"
        )
    return lines
