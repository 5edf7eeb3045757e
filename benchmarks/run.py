"""The benchmark harness: stage timings (MB/s, articles/s), peak memory, ratios to baselines.

``make bench`` runs ``python -m benchmarks.run --out build/bench``: it generates (or reuses) a
synthetic corpus of at least 80 MB of text under ``build/bench/``, then runs every stage in a
process of its own — so that each stage's peak RSS (``resource.getrusage(...).ru_maxrss``) is
its own — ``--repeat`` times, and writes ``results.md`` and ``results.json``. Times are the
median of the repeats; MB are 10^6 bytes of UTF-8 text. Ratios are what to quote: the absolute
numbers drift with the machine and its load.

``python -m benchmarks.run --streaming --size 2GB --out build/bench`` instead streams a
Parquet corpus of that size through :func:`toolkit.pipeline.analyze_path` and reports its
throughput and peak RSS (``results-streaming.md``/``.json``).

A stage is one timed call on a corpus that is already in memory (loading is not timed, except
in the ``load_*``/``scan_*`` stages). A peer whose import fails is reported "not installed".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from benchmarks.baselines import PEERS
from benchmarks.generate import bench_corpus
from benchmarks.memory import markdown as memory_markdown
from benchmarks.memory import measure_in_subprocess, rss_now

#: Stages in report order: name → (group, description).
STAGES = {
    "load_jsonl": ("load", "load_articles on JSONL"),
    "load_parquet": ("load", "load_articles on Parquet"),
    "scan_jsonl": ("load", "scan_articles(JSONL).collect()"),
    "scan_parquet": ("load", "scan_articles(Parquet).collect()"),
    "normalize": ("toolkit", "normalize_expr over the text column"),
    "tokenize": ("toolkit", "tokenize (offsets, norm, kind, stopwords)"),
    "token_frequency": ("toolkit", "token_frequency on those tokens"),
    "entities": ("toolkit", "extract_entities"),
    "figures": ("toolkit", "extract_figures"),
    "stance": ("toolkit", "classify_stance"),
    "pipeline": ("toolkit", "whole pipeline in memory (toolkit.pipeline.analyze)"),
    "baseline_a": ("baseline", "(a) polars extract_all → explode → group_by"),
    "baseline_b": ("baseline", "(b) per-article Python pipeline"),
    "camel_tokenize": ("peer", "CAMeL simple_word_tokenize per article + Counter"),
    "camel_normalize": ("peer", "CAMeL normalize_unicode/alef/alef_maksura + dediac_ar"),
    "pyarabic_tokenize": ("peer", "PyArabic araby.tokenize per article + Counter"),
    "nltk_tokenize": ("peer", "NLTK wordpunct_tokenize per article + Counter"),
}
DEFAULT_SIZE = "85MB"
NOT_INSTALLED = "not installed"


# --------------------------------------------------------------------------------------------
# The worker: one stage in this process
# --------------------------------------------------------------------------------------------


def _peak_rss(workers: int | None = None) -> int:
    """This process's peak resident memory, plus, when it started worker processes (the
    pipeline's batch workers, stance's readers), the largest worker's peak once per worker
    (``workers``, by default one per core): an upper bound of the memory in use at once,
    since the peaks need not coincide."""
    from toolkit.pipeline import peak_memory

    largest = peak_memory(workers=True)
    return peak_memory() + largest * (workers or os.cpu_count() or 1)


def _articles(corpus: Path) -> pl.DataFrame:
    return pl.read_parquet(sorted((corpus / "parquet").glob("*.parquet"))).select(
        "article_id", "text"
    )


def _prepare(stage: str, corpus: Path, scratch: Path):
    """Untimed setup; returns the timed callable."""
    import toolkit as tk

    if stage in ("load_jsonl", "load_parquet"):
        folder = corpus / stage.split("_")[1]
        return lambda: tk.load_articles(folder, progress=False)
    if stage in ("scan_jsonl", "scan_parquet"):
        folder = corpus / stage.split("_")[1]
        return lambda: tk.scan_articles(folder).collect()
    if stage in PEERS:
        function = PEERS[stage][0]
        texts = _articles(corpus)["text"].to_list()
        function(texts[:2])  # the import, outside the timing (ImportError: not installed)
        return lambda: function(texts)
    articles = _articles(corpus)
    if stage == "normalize":
        return lambda: articles.select(tk.normalize_expr("text"))
    if stage == "tokenize":
        return lambda: tk.tokenize(articles)
    if stage == "token_frequency":
        tokens = tk.tokenize(articles)
        return lambda: tk.token_frequency(tokens)
    if stage == "entities":
        from toolkit.entities import extract_entities

        return lambda: extract_entities(articles)
    if stage == "figures":
        from toolkit.figures import extract_figures

        return lambda: extract_figures(articles)
    if stage == "stance":
        from toolkit.stance import classify_stance

        return lambda: classify_stance(articles)
    if stage == "pipeline":
        from toolkit.pipeline import analyze

        return lambda: analyze(articles)
    if stage == "baseline_a":
        from benchmarks.baselines import polars_floor

        return lambda: polars_floor(articles)
    if stage == "baseline_b":
        from benchmarks.baselines import student_pipeline

        return lambda: student_pipeline(articles)
    raise ValueError(f"unknown stage {stage!r}")


def _worker(stage: str, corpus: Path, result: Path, scratch: Path) -> int:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    record: dict = {"stage": stage}
    try:
        call = _prepare(stage, corpus, scratch)
    except ImportError as exc:
        record |= {"status": NOT_INSTALLED, "detail": str(exc)}
        result.write_text(json.dumps(record), encoding="utf-8")
        return 0
    before = rss_now()
    started = time.perf_counter()
    output = call()
    seconds = time.perf_counter() - started
    rows = None
    if isinstance(output, pl.DataFrame):
        rows = output.height
    elif isinstance(output, dict):
        rows = {k: v.height for k, v in output.items() if isinstance(v, pl.DataFrame)}
    record |= {
        "status": "ok",
        "seconds": seconds,
        "rss_before": before,
        "peak_rss": _peak_rss(),
        "rows": rows,
        "text_bytes": manifest["text_bytes"],
        "articles": manifest["articles"],
    }
    result.write_text(json.dumps(record), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------------
# The parent: corpus, subprocesses, ratios, tables
# --------------------------------------------------------------------------------------------


def _run_stage(stage: str, corpus: Path, out: Path, timeout: float) -> dict:
    result = out / "stages" / f"{stage}.json"
    result.parent.mkdir(parents=True, exist_ok=True)
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.run", "--worker", stage]
    command += ["--corpus", str(corpus), "--result", str(result), "--out", str(out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"stage": stage, "status": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0 or not result.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"stage": stage, "status": "failed", "detail": " | ".join(tail)}
    return json.loads(result.read_text(encoding="utf-8"))


def _median(runs: list[dict]) -> dict:
    ok = [r for r in runs if r.get("status") == "ok"]
    if not ok:
        return runs[-1]
    best = dict(ok[0])
    best["seconds"] = statistics.median(r["seconds"] for r in ok)
    best["runs"] = [round(r["seconds"], 3) for r in ok]
    best["peak_rss"] = max(r["peak_rss"] for r in ok)
    best["mb_per_s"] = best["text_bytes"] / 1e6 / best["seconds"]
    best["articles_per_s"] = best["articles"] / best["seconds"]
    return best


def _ratio(results: dict, numerator: str | tuple, denominator: str | tuple) -> float | None:
    """Time of the ``numerator`` stage(s) over time of the ``denominator`` stage(s)."""
    tops = [results.get(n, {}) for n in ((numerator,) if isinstance(numerator, str) else numerator)]
    bottoms = [
        results.get(n, {})
        for n in ((denominator,) if isinstance(denominator, str) else denominator)
    ]
    if any(r.get("status") != "ok" for r in tops + bottoms):
        return None
    return sum(r["seconds"] for r in tops) / sum(r["seconds"] for r in bottoms)


def _summary(results: dict) -> tuple[dict, list[dict]]:
    """Ratios and target checks."""
    tok_freq = ("tokenize", "token_frequency")
    ratios = {
        "tokenize / baseline (a)": _ratio(results, "tokenize", "baseline_a"),
        "tokenize + token_frequency / baseline (a)": _ratio(results, tok_freq, "baseline_a"),
        "CAMeL tokenize+Counter / (tokenize + token_frequency)": _ratio(
            results, "camel_tokenize", tok_freq
        ),
        "PyArabic tokenize+Counter / (tokenize + token_frequency)": _ratio(
            results, "pyarabic_tokenize", tok_freq
        ),
        "NLTK tokenize+Counter / (tokenize + token_frequency)": _ratio(
            results, "nltk_tokenize", tok_freq
        ),
        "CAMeL normalize / normalize_expr": _ratio(results, "camel_normalize", "normalize"),
        "baseline (b) / whole pipeline": _ratio(results, "baseline_b", "pipeline"),
    }

    def mbs(stage):
        r = results.get(stage, {})
        return r.get("mb_per_s") if r.get("status") == "ok" else None

    pipeline = results.get("pipeline", {})
    rss_ratio = (
        pipeline["peak_rss"] / pipeline["text_bytes"] if pipeline.get("status") == "ok" else None
    )
    ratios["pipeline peak RSS / corpus text"] = rss_ratio
    targets = [
        ("tokenize within 2.5× of baseline (a)", ratios["tokenize / baseline (a)"], "≤", 2.5),
        (
            "tokenize ≥ 5× faster than CAMeL per article",
            ratios["CAMeL tokenize+Counter / (tokenize + token_frequency)"],
            "≥",
            5,
        ),
        ("extract_entities ≥ 50 MB/s", mbs("entities"), "≥", 50),
        ("extract_figures ≥ 20 MB/s", mbs("figures"), "≥", 20),
        ("classify_stance ≥ 10 MB/s", mbs("stance"), "≥", 10),
        ("whole pipeline ≥ 10 MB/s", mbs("pipeline"), "≥", 10),
        (
            "whole pipeline ≥ 10× faster than baseline (b)",
            ratios["baseline (b) / whole pipeline"],
            "≥",
            10,
        ),
        ("in-memory pipeline peak RSS ≤ 4× corpus text", rss_ratio, "≤", 4),
    ]
    checks = []
    for name, value, op, limit in targets:
        met = None if value is None else (value <= limit if op == "≤" else value >= limit)
        checks.append({"target": name, "value": value, "met": met})
    return ratios, checks


def _fmt(value, digits=1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def _markdown(meta: dict, results: dict, ratios: dict, checks: list[dict]) -> str:
    corpus = meta["corpus"]
    lines = [
        "# Benchmark results",
        "",
        f"Corpus: {corpus['articles']:,} synthetic articles, {corpus['text_bytes'] / 1e6:,.1f} MB "
        f"of UTF-8 text (seed {corpus['seed']}). Machine: {meta['machine']['cpus']} CPU(s), "
        f"{meta['machine']['platform']}; Python {meta['machine']['python']}, polars "
        f"{meta['machine']['polars']}. {meta['date']}. Median of {meta['repeat']} run(s), each "
        "stage in its own process; peak RSS is that process's maximum resident memory (the "
        "corpus in memory and the interpreter included), plus its largest worker process's "
        "maximum once per core when it started workers (an upper bound).",
        "",
        "| stage | what | s | MB/s | articles/s | peak RSS MB | RSS / text |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for stage, (_group, what) in STAGES.items():
        r = results.get(stage)
        if r is None:
            continue
        if r.get("status") != "ok":
            status = r.get("status", "?")
            lines.append(f"| {stage} | {what} | {status} | | | | |")
            continue
        lines.append(
            f"| {stage} | {what} | {_fmt(r['seconds'], 2)} | {_fmt(r['mb_per_s'])} | "
            f"{_fmt(r['articles_per_s'], 0)} | {_fmt(r['peak_rss'] / 1e6, 0)} | "
            f"{_fmt(r['peak_rss'] / r['text_bytes'], 1)} |"
        )
    lines += ["", "| ratio (time ÷ time) | value |", "|---|---:|"]
    lines += [f"| {name} | {_fmt(value, 2)} |" for name, value in ratios.items()]
    lines += ["", "| target | measured | met |", "|---|---:|---|"]
    for check in checks:
        met = {True: "yes", False: "**no**", None: "—"}[check["met"]]
        lines.append(f"| {check['target']} | {_fmt(check['value'], 2)} | {met} |")
    return "\n".join(lines) + "\n"


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "polars": pl.__version__,
    }


def run(
    out: Path,
    *,
    size: str,
    seed: int,
    repeat: int,
    stages: list[str],
    timeout: float,
    log=print,
) -> dict:
    corpus, manifest = bench_corpus(out, size, seed, log=log)
    results = {}
    for stage in stages:
        runs = []
        for attempt in range(repeat):
            record = _run_stage(stage, corpus, out, timeout)
            runs.append(record)
            if record.get("status") != "ok":
                break
            log(f"  {stage:<18} run {attempt + 1}: {record['seconds']:8.2f} s")
        results[stage] = _median(runs)
        if results[stage].get("status") != "ok":
            log(f"  {stage:<18} {results[stage]['status']} {results[stage].get('detail', '')}")
    ratios, checks = _summary(results)
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": _machine(),
        "repeat": repeat,
        "corpus": {**manifest, "seed": seed, "size": size},
    }
    document = {**meta, "results": results, "ratios": ratios, "targets": checks}
    table = _markdown(meta, results, ratios, checks)
    if "pipeline" in stages:  # the pipeline's memory in parts (benchmarks/memory.py)
        log("  memory split …")
        split = measure_in_subprocess(corpus, out / "stages" / "memory.json", timeout=timeout)
        document["memory"] = split
        table += "\n## Memory of the in-memory pipeline, in parts\n\n" + memory_markdown(split)
    (out / "results.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    (out / "results.md").write_text(table, encoding="utf-8")
    return document


def report_only(out: Path, *, size: str, seed: int) -> dict:
    """Rebuild the tables from the last run of each stage found in ``out/stages``."""
    corpus = out / f"corpus-{size.lower()}-seed{seed}"
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    results = {}
    for stage in STAGES:
        path = out / "stages" / f"{stage}.json"
        if path.exists():
            results[stage] = _median([json.loads(path.read_text(encoding="utf-8"))])
    ratios, checks = _summary(results)
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": _machine(),
        "repeat": 1,
        "corpus": {**manifest, "seed": seed, "size": size},
    }
    document = {**meta, "results": results, "ratios": ratios, "targets": checks}
    (out / "results.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    (out / "results.md").write_text(_markdown(meta, results, ratios, checks), encoding="utf-8")
    return document


# --------------------------------------------------------------------------------------------
# Streaming
# --------------------------------------------------------------------------------------------


def _stream_worker(corpus: Path, result: Path, out: Path, batch_size: int) -> int:
    from toolkit.pipeline import analyze_path

    started = time.perf_counter()
    target = out / "stream-results"
    report = analyze_path(corpus / "parquet", target, batch_size=batch_size)
    seconds = time.perf_counter() - started
    record = {
        "status": "ok",
        "seconds": seconds,
        # analyze_path's own bound: its batch worker and this process during the batches, or
        # this process alone during the merge, whichever is larger
        "peak_rss": int(report["peak_memory_megabytes"] * 1e6),
        "peak_rss_all_at_once": _peak_rss(workers=1),
        "articles": report["articles"],
        "text_bytes": int(report["text_megabytes"] * 1e6),
        "tables": report["tables"],
        "batch_size": batch_size,
    }
    result.write_text(json.dumps(record), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    return 0


def run_streaming(
    out: Path, *, size: str, seed: int, batch_size: int, timeout: float, log=print
) -> dict:
    corpus, manifest = bench_corpus(out, size, seed, formats=("parquet",), log=log)
    result = out / "stages" / "streaming.json"
    result.parent.mkdir(parents=True, exist_ok=True)
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.run", "--worker", "streaming"]
    command += ["--corpus", str(corpus), "--result", str(result), "--out", str(out)]
    command += ["--batch-size", str(batch_size)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not result.exists():
        record = {
            "status": f"failed (exit {done.returncode})",
            "detail": (done.stderr or "")[-2000:],
        }
    else:
        record = json.loads(result.read_text(encoding="utf-8"))
        record["mb_per_s"] = record["text_bytes"] / 1e6 / record["seconds"]
        record["articles_per_s"] = record["articles"] / record["seconds"]
    record["wall_seconds"] = time.perf_counter() - started
    document = {
        "date": dt.date.today().isoformat(),
        "machine": _machine(),
        "corpus": {**manifest, "seed": seed, "size": size},
        "streaming": record,
    }
    (out / "results-streaming.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    lines = [
        "# Streaming benchmark",
        "",
        f"`analyze_path` on {manifest['articles']:,} articles, "
        f"{manifest['text_bytes'] / 1e9:,.2f} GB of text, Parquet, batches of {batch_size:,} "
        f"articles; {document['machine']['cpus']} CPU(s), {document['date']}.",
        "",
    ]
    if record["status"] == "ok":
        met = "yes" if record["peak_rss"] < 1.5e9 else "**no**"
        lines += [
            "| s | MB/s | articles/s | peak RSS MB | peak RSS < 1.5 GB |",
            "|---:|---:|---:|---:|---|",
            f"| {record['seconds']:,.0f} | {record['mb_per_s']:,.2f} | "
            f"{record['articles_per_s']:,.0f} | {record['peak_rss'] / 1e6:,.0f} | {met} |",
            "",
            "Rows: " + ", ".join(f"{k} {v:,}" for k, v in record["tables"].items()),
        ]
    else:
        lines.append(f"Failed: {record.get('detail', '')}")
    (out / "results-streaming.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time the toolkit's stages against baselines and peers; write results.md/json.",
    )
    parser.add_argument("--out", default="build/bench", metavar="DIR", help="(build/bench)")
    parser.add_argument(
        "--size",
        default=None,
        help=f"corpus size: articles (20k) or text bytes (85MB, 2GB); default {DEFAULT_SIZE}, "
        "or 2GB with --streaming",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; median (3)")
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="comma-separated stages (default: all): " + ", ".join(STAGES),
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds per stage run before giving up"
    )
    parser.add_argument(
        "--streaming",
        action="store_true",
        help="stream a Parquet corpus through analyze_path instead (bounded memory)",
    )
    parser.add_argument(
        "--batch-size", type=int, default=2000, help="articles per batch with --streaming"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rebuild results.md/json from the stage results already in OUT/stages",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.worker == "streaming":
        return _stream_worker(Path(args.corpus), Path(args.result), out, args.batch_size)
    if args.worker:
        return _worker(args.worker, Path(args.corpus), Path(args.result), out)
    out.mkdir(parents=True, exist_ok=True)
    if args.streaming:
        document = run_streaming(
            out,
            size=args.size or "2GB",
            seed=args.seed,
            batch_size=args.batch_size,
            timeout=args.timeout * 10,
        )
        print((out / "results-streaming.md").read_text(encoding="utf-8"))
        return 0 if document["streaming"]["status"] == "ok" else 1
    if args.report_only:
        report_only(out, size=args.size or DEFAULT_SIZE, seed=args.seed)
        print((out / "results.md").read_text(encoding="utf-8"))
        return 0
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(unknown)}; use {', '.join(STAGES)}")
    run(
        out,
        size=args.size or DEFAULT_SIZE,
        seed=args.seed,
        repeat=args.repeat,
        stages=stages,
        timeout=args.timeout,
    )
    print((out / "results.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
