"""Size limits: one huge article, one huge line without sentence punctuation, many tiny files.

Each case is run at three sizes (1×, 2×, 4× of a base), each stage in a process of its own
with a time limit, and the table gives the seconds, the MB/s and how the time grows: a linear
stage takes about 2× and 4× as long at 2× and 4× the size; a quadratic one about 4× and 16×.

Cases (the largest size is the one named; the base is a quarter of it):

``article``
    A single article of ``--article-mb`` MB (default 50) of news sentences.
``line``
    A single line of ``--line-mb`` MB (default 10): the same words, with every ``. ! ? ؟ …``
    and line break replaced by a space, so the whole article is one sentence.
``files``
    A folder of ``--files`` tiny ``.txt`` files (default 100,000), one short sentence each.

Command line (not part of ``make test``; the full run takes a while)::

    python -m benchmarks.sizes --out build/sizes
    python -m benchmarks.sizes --cases line --line-mb 2 --timeout 120 --stages stance

writes ``build/sizes/results.json`` and ``build/sizes/results.md``. A stage that exceeds
``--timeout`` seconds at one size is reported as ``> timeout`` and not run at larger sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

CASES = ("article", "line", "files")
STAGES = (
    "load",
    "normalize",
    "sentences",
    "tokenize",
    "tokenize_clitics",
    "token_frequency",
    "kwic",
    "entities",
    "figures",
    "stance",
    "reading_html",
    "normalization_html",
)
SCALES = (1, 2, 4)
_TERMINATORS = re.compile(r"[.!?؟…\n]")


def _base_text(chars: int) -> str:
    """``chars`` characters of news sentences (the benchmark pool, repeated)."""
    from benchmarks.generate import sentence_pool

    pool = " ".join(sentence_pool(seed=0, size=3000))
    return (pool * (chars // len(pool) + 1))[:chars]


def _chars_for(megabytes: float) -> int:
    sample = _base_text(100_000)
    per_char = len(sample.encode("utf-8")) / len(sample)
    return int(megabytes * 1e6 / per_char)


def make_input(
    case: str, size: float, folder: Path, *, write: bool = True
) -> tuple[Path, pl.DataFrame]:
    """The input of ``case`` at ``size`` (MB, or files): its path under ``folder`` (written
    there when ``write``) and the articles frame."""
    if case == "files":
        count = int(size)
        sentences = [s for s in _base_text(400_000).split(". ") if s.strip()][:997]
        path = folder / "corpus"
        path.mkdir(parents=True, exist_ok=True)
        texts = []
        for index in range(count):
            text = sentences[index % len(sentences)].strip() + "."
            if write:
                sub = path / f"{index // 1000:04d}"
                if index % 1000 == 0:
                    sub.mkdir(exist_ok=True)
                (sub / f"a{index:07d}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
        ids = [f"a{i:07d}" for i in range(count)]
        return path, pl.DataFrame({"article_id": ids, "text": texts})
    text = _base_text(_chars_for(size))
    if case == "line":
        text = _TERMINATORS.sub(" ", text)
    path = folder / "big.txt"
    if write:
        path.write_text(text, encoding="utf-8")
    return path, pl.DataFrame({"article_id": ["big"], "text": [text]})


def run_stage(stage: str, path: Path, articles: pl.DataFrame):
    """Run one stage; return its result (timed by the caller)."""
    import toolkit as tk

    if stage == "load":
        return tk.load_articles(path, progress=False)
    if stage == "normalize":
        return articles.select(tk.normalize_expr("text"))
    if stage == "sentences":
        return tk.split_sentences(articles)
    if stage == "tokenize":
        return tk.tokenize(articles)
    if stage == "tokenize_clitics":
        return tk.tokenize(articles, clitics=True)
    if stage == "token_frequency":
        tokens = tk.tokenize(articles)
        began = time.perf_counter()
        result = tk.token_frequency(tokens)
        return result, time.perf_counter() - began
    if stage == "kwic":
        return tk.kwic(articles, "القوات الأمريكية")
    if stage == "entities":
        return tk.extract_entities(articles)
    if stage == "figures":
        from toolkit.figures import extract_figures

        return extract_figures(articles)
    if stage == "stance":
        from toolkit.stance import classify_stance

        return classify_stance(articles)
    if stage == "reading_html":
        from toolkit.views.entities import reading_html

        mentions = tk.extract_entities(articles.head(1))
        began = time.perf_counter()
        result = reading_html(articles["text"][0], mentions)
        return result, time.perf_counter() - began
    if stage == "normalization_html":
        from toolkit.views.text import normalization_html

        return normalization_html(articles["text"][0])
    raise ValueError(f"unknown stage {stage!r}")


def _worker(case: str, size: float, stage: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, articles = make_input(case, size, Path(folder), write=stage == "load")
        megabytes = int(articles["text"].str.len_bytes().sum()) / 1e6
        began = time.perf_counter()
        result = run_stage(stage, path, articles)
        seconds = time.perf_counter() - began
        if isinstance(result, tuple):  # stages that time only their own part
            result, seconds = result
        rows = result.height if isinstance(result, pl.DataFrame) else len(result)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({"seconds": seconds, "megabytes": megabytes, "rows": rows, "peak_mb": peak}))


def _measure(case: str, size: float, stage: str, timeout: float) -> dict:
    command = [sys.executable, "-m", "benchmarks.sizes", "--worker", case, str(size), stage]
    root = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=root, check=False
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}
    if done.returncode != 0:
        tail = " | ".join((done.stderr or "").strip().splitlines()[-3:])
        if done.returncode in (-9, 137):
            tail = tail or "killed (SIGKILL; out of memory?)"
        return {"status": "failed", "error": tail or f"exit status {done.returncode}"}
    return {"status": "ok", **json.loads(done.stdout.strip().splitlines()[-1])}


def _growth(times: list[float | None]) -> str:
    if len(times) < 3 or any(t is None for t in times) or not times[0]:
        return ""
    r2, r4 = times[1] / times[0], times[2] / times[0]
    verdict = "linear" if r4 <= 6 else "superlinear" if r4 <= 12 else "quadratic or worse"
    return f"{r2:.1f}× / {r4:.1f}× — {verdict}"


def run(
    cases: list[str],
    stages: list[str],
    *,
    article_mb: float,
    line_mb: float,
    files: int,
    timeout: float,
    out: Path,
) -> list[dict]:
    largest = {"article": article_mb, "line": line_mb, "files": files}
    rows = []
    for case in cases:
        for stage in stages:
            times: list[float | None] = []
            row = {"case": case, "stage": stage, "runs": []}
            for scale in SCALES:
                size = largest[case] * scale / SCALES[-1]
                if times and times[-1] is None:  # timed out or failed at a smaller size
                    result = {"status": "skipped"}
                else:
                    result = _measure(case, size, stage, timeout)
                result["size"] = size
                row["runs"].append(result)
                times.append(result.get("seconds") if result["status"] == "ok" else None)
                shown = (
                    f"{result['seconds']:.2f} s, {result['megabytes'] / result['seconds']:.2f} MB/s"
                    if result["status"] == "ok" and result["seconds"]
                    else result["status"]
                )
                print(f"  {case:<8} {stage:<17} {size:>10,.2f}  {shown}", flush=True)
            row["growth"] = _growth(times)
            rows.append(row)
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": f"{os.cpu_count()} CPU(s), {platform.platform()}",
        "python": platform.python_version(),
        "polars": pl.__version__,
        "timeout": timeout,
        "sizes": largest,
        "rows": rows,
    }
    (out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out / "results.md").write_text(_markdown(report), encoding="utf-8")
    return rows


def _cell(run: dict, timeout: float) -> str:
    if run["status"] == "ok":
        rate = run["megabytes"] / run["seconds"] if run["seconds"] else float("inf")
        peak = f", {run['peak_mb']:,.0f} MB peak" if run.get("peak_mb") else ""
        return f"{run['seconds']:.2f} s ({rate:.2f} MB/s{peak})"
    return {"timeout": f"> {timeout:.0f} s", "skipped": "(not run)"}.get(
        run["status"], "failed: " + run.get("error", "")
    )


def _markdown(report: dict) -> str:
    lines = [
        "# Size limits",
        "",
        f"Machine: {report['machine']}; Python {report['python']}, polars {report['polars']}. "
        f"Each stage in its own process, limit {report['timeout']:.0f} s.",
        "",
    ]
    for case in CASES:
        rows = [r for r in report["rows"] if r["case"] == case]
        if not rows:
            continue
        unit = "files" if case == "files" else "MB"
        sizes = [f"{run['size']:,.4g} {unit}" for run in rows[0]["runs"]]
        lines += [f"## {case}", "", f"| stage | {' | '.join(sizes)} | growth (2× / 4×) |"]
        lines.append("|---|" + "---:|" * len(sizes) + "---|")
        for row in rows:
            cells = [_cell(run, report["timeout"]) for run in row["runs"]]
            lines.append(f"| {row['stage']} | {' | '.join(cells)} | {row['growth']} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sizes", description=__doc__)
    parser.add_argument(
        "--worker", nargs=3, metavar=("CASE", "SIZE", "STAGE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases")
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages")
    parser.add_argument("--article-mb", type=float, default=50.0, help="largest article (MB)")
    parser.add_argument("--line-mb", type=float, default=10.0, help="largest line (MB)")
    parser.add_argument("--files", type=int, default=100_000, help="largest number of files")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per stage run")
    parser.add_argument("--out", type=Path, default=Path("build/sizes"), help="results folder")
    args = parser.parse_args(argv)
    if args.worker:
        case, size, stage = args.worker
        _worker(case, float(size), stage)
        return 0
    cases = [c for c in args.cases.split(",") if c]
    stages = [s for s in args.stages.split(",") if s]
    unknown = sorted(set(cases) - set(CASES)) + sorted(set(stages) - set(STAGES))
    if unknown:
        parser.error(f"unknown case(s) or stage(s): {', '.join(unknown)}")
    run(
        cases,
        stages,
        article_mb=args.article_mb,
        line_mb=args.line_mb,
        files=args.files,
        timeout=args.timeout,
        out=args.out,
    )
    print(f"results: {args.out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
