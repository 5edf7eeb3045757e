"""The in-memory pipeline's memory, in parts (issue 20).

One fresh process (``python -m benchmarks.memory --corpus DIR --result FILE``) measures, in
order:

* ``interpreter``: resident memory after importing :mod:`toolkit` and running the pipeline
  once on one article (every lexicon loaded and compiled, numba kernels loaded);
* ``corpus``: the articles frame's ``estimated_size()`` once it is loaded;
* ``peak``: the process's peak resident memory (``ru_maxrss``) after
  :func:`toolkit.pipeline.analyze` on the whole corpus, its batches run in this process
  (``workers=1``) so that the peak is one process's;
* ``result_tables``: the sum of the returned tables' ``estimated_size()``;
* ``rest`` = peak − interpreter − result tables (the corpus, the batches' intermediates and
  what the allocators keep), and ``rest_without_corpus`` = rest − corpus.

Each is also given as a multiple of the corpus's text bytes (UTF-8). ``after_batch`` lists
the resident memory after each batch, to see whether it grows batch after batch.
:func:`benchmarks.run.run` calls :func:`measure_in_subprocess` for its ``memory`` section.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

PARTS = ("interpreter", "corpus", "result_tables", "peak", "rest", "rest_without_corpus")


def rss_now() -> int:
    """Resident memory now, in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux
        return 0


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def measure(corpus: Path, *, batch_size: int | None = None) -> dict:
    """The parts, measured in this process (call it in a fresh one)."""
    import polars as pl

    from toolkit.pipeline import DEFAULT_BATCH_SIZE, analyze

    articles = pl.read_parquet(sorted((corpus / "parquet").glob("*.parquet")))
    analyze(articles.head(1), workers=1)  # lexicons, kernels: the interpreter's baseline
    interpreter = rss_now()
    text_bytes = int(articles["text"].str.len_bytes().sum())
    after_batch: list[int] = []
    tables = analyze(
        articles,
        workers=1,
        batch_size=batch_size or DEFAULT_BATCH_SIZE,
        on_batch=lambda _done: after_batch.append(rss_now()),
    )
    peak = _peak()
    result_tables = sum(frame.estimated_size() for frame in tables.values())
    parts = {
        "interpreter": interpreter,
        "corpus": articles.estimated_size(),
        "result_tables": result_tables,
        "peak": peak,
        "rest": peak - interpreter - result_tables,
    }
    parts["rest_without_corpus"] = parts["rest"] - parts["corpus"]
    return {
        "articles": articles.height,
        "text_bytes": text_bytes,
        "batch_size": batch_size or DEFAULT_BATCH_SIZE,
        "bytes": parts,
        "times_text": {name: value / text_bytes for name, value in parts.items()},
        "tables": {name: frame.estimated_size() for name, frame in tables.items()},
        "after_batch": after_batch,
    }


def measure_in_subprocess(corpus: Path, result: Path, *, timeout: float = 3600) -> dict:
    """:func:`measure` in a process of its own; the record (``status`` ``ok`` or why not)."""
    result.parent.mkdir(parents=True, exist_ok=True)
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.memory", "--corpus", str(corpus)]
    command += ["--result", str(result)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0 or not result.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"status": "failed", "detail": " | ".join(tail)}
    return {"status": "ok", **json.loads(result.read_text(encoding="utf-8"))}


def markdown(record: dict) -> str:
    """The parts as a Markdown table (MB and × text)."""
    if record.get("status") != "ok":
        return f"Memory split: {record.get('status')} {record.get('detail', '')}\n"
    lines = [
        f"In-memory pipeline, batches in one process (`workers=1`, batches of "
        f"{record['batch_size']:,}): {record['articles']:,} articles, "
        f"{record['text_bytes'] / 1e6:.1f} MB of text.",
        "",
        "| part | MB | × text |",
        "|---|---:|---:|",
    ]
    for name in PARTS:
        value = record["bytes"][name]
        lines.append(f"| {name} | {value / 1e6:,.0f} | {record['times_text'][name]:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--batch-size", type=int, default=None)
    args = parser.parse_args(argv)
    record = measure(args.corpus, batch_size=args.batch_size)
    args.result.write_text(json.dumps(record, indent=1), encoding="utf-8")
    print(markdown({"status": "ok", **record}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
