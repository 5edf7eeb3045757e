"""The figures stage, reference against compiled kernels, in one run; and the kernels' first call.

``python -m benchmarks.figures --size 15MB --out build/bench`` generates (or reuses) a corpus
with :mod:`benchmarks.generate`, then:

1. **first call**: in fresh processes, the time of the first ``extract_figures`` call on one
   short article (the kernels compiled, or loaded from numba's disk cache) and of the second,
   with a cold cache (``NUMBA_CACHE_DIR`` set to a new empty folder) and then with that cache
   warm;
2. **throughput**: in one process, after a warm-up call, ``extract_figures(articles,
   compiled=False)`` (the reference) and ``compiled=True`` alternately, ``--repeat`` times
   each, on the same in-memory corpus, with subjects (the default: entity mentions are read
   for troop figures without a nisba) and with ``subjects=False``; the median of each, MB/s
   (10^6 bytes of UTF-8 text), their ratio, and a check that the two frames are equal.

It writes ``figures.md`` and ``figures.json`` in ``--out``. Quote the ratio: the absolute
numbers move with the machine and its load (the load average is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import polars as pl

from benchmarks.first_call import first_calls
from benchmarks.generate import bench_corpus

#: The one short article of the first-call measurement.
SAMPLE = "وقال البنتاغون إن نحو 2500 جندي أمريكي سيبقون في العراق حتى 3 كانون الثاني/يناير 2025."


def throughput(articles: pl.DataFrame, repeat: int, *, subjects: bool = True) -> dict:
    """Median seconds of the reference and the compiled path on ``articles``, alternated."""
    from polars.testing import assert_frame_equal

    from toolkit.figures import extract_figures

    extract_figures(articles.head(20), compiled=True)  # the kernels loaded, outside the timing
    times: dict[str, list[float]] = {"reference": [], "compiled": []}
    frames = {}
    for _ in range(repeat):
        for name, compiled in (("reference", False), ("compiled", True)):
            started = time.perf_counter()
            frames[name] = extract_figures(articles, compiled=compiled, subjects=subjects)
            times[name].append(time.perf_counter() - started)
    assert_frame_equal(frames["compiled"], frames["reference"], check_exact=True)
    return {
        "runs": {k: [round(s, 3) for s in v] for k, v in times.items()},
        "seconds": {k: statistics.median(v) for k, v in times.items()},
        "figures": frames["compiled"].height,
        "equal": True,
    }


def run(out: Path, *, size: str, seed: int, repeat: int, log=print) -> dict:
    corpus, manifest = bench_corpus(out, size, seed, formats=("parquet",), log=log)
    mb = manifest["text_bytes"] / 1e6
    first = first_calls(
        "from toolkit.figures import extract_figures",
        "extract_figures(frame, compiled=True)",
        SAMPLE,
        log=log,
    )
    articles = pl.read_parquet(sorted((corpus / "parquet").glob("*.parquet"))).select(
        "article_id", "text"
    )
    load_before = os.getloadavg()
    modes = {}
    for mode, subjects in (("subjects", True), ("no subjects", False)):
        log(f"throughput ({mode}), {repeat} runs of each path …")
        speed = throughput(articles, repeat, subjects=subjects)
        seconds = speed["seconds"]
        modes[mode] = {
            **speed,
            "mb_per_s": {k: mb / v for k, v in seconds.items()},
            "ratio": seconds["reference"] / seconds["compiled"],
        }
    load_after = os.getloadavg()
    document = {
        "machine": {"cpus": os.cpu_count(), "load_average": [load_before[0], load_after[0]]},
        "corpus": {**manifest, "seed": seed, "size": size},
        "first_call": first,
        "throughput": modes,
    }
    (out / "figures.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    (out / "figures.md").write_text(_markdown(document), encoding="utf-8")
    return document


def _markdown(d: dict) -> str:
    cold, warm = d["first_call"]["cold_cache"], d["first_call"]["warm_cache"]
    corpus = d["corpus"]
    lines = [
        f"# extract_figures: reference vs compiled ({d['machine']['cpus']} CPUs)",
        "",
        f"Corpus: {corpus['articles']:,} generated articles, "
        f"{corpus['text_bytes'] / 1e6:.1f} MB of text (seed {corpus['seed']}); load average "
        f"{d['machine']['load_average'][0]:.1f} → {d['machine']['load_average'][1]:.1f}.",
        "",
        "| call | path | median s | MB/s | runs (s) | compiled / reference |",
        "|---|---|---:|---:|---|---:|",
    ]
    for mode, m in d["throughput"].items():
        call = "`subjects=True` (default)" if mode == "subjects" else "`subjects=False`"
        for name in ("reference", "compiled"):
            runs = ", ".join(f"{s:.2f}" for s in m["runs"][name])
            ratio = f"**{m['ratio']:.1f}×**" if name == "compiled" else ""
            lines.append(
                f"| {call} | {name} | {m['seconds'][name]:.2f} | {m['mb_per_s'][name]:.2f} "
                f"| {runs} | {ratio} |"
            )
    equal = all(m["equal"] for m in d["throughput"].values())
    lines += [
        "",
        f"Frames equal (compiled and reference, every column): {equal}.",
        "",
        "| fresh process | import s | first call s | second call s |",
        "|---|---:|---:|---:|",
        f"| cold numba cache | {cold['import']:.2f} | {cold['first_call']:.2f} | "
        f"{cold['second_call']:.3f} |",
        f"| warm numba cache | {warm['import']:.2f} | {warm['first_call']:.2f} | "
        f"{warm['second_call']:.3f} |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.figures",
        description="extract_figures, reference vs compiled, and the kernels' first call.",
    )
    parser.add_argument("--out", default="build/bench", metavar="DIR", help="(build/bench)")
    parser.add_argument("--size", default="15MB", help="corpus: articles or text bytes (15MB)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; median (3)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    run(out, size=args.size, seed=args.seed, repeat=args.repeat)
    print((out / "figures.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
