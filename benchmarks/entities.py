"""Entity extraction against baseline (a) in one run, and against another checkout of the toolkit.

``python -m benchmarks.entities --size 8MB --out build/bench`` generates (or reuses) a corpus
with :mod:`benchmarks.generate`, then:

1. **against the floor**: in one process, after a warm-up call, baseline (a)
   (:func:`benchmarks.baselines.polars_floor`) and ``extract_entities`` alternately,
   ``--repeat`` times each, on the same in-memory corpus; the median CPU and wall seconds of
   each, MB/s (10^6 bytes of UTF-8 text, wall) and the ratio of CPU times (issue 14 compares
   this ratio with the one before the later sources).
2. **against another checkout** (``--against DIR``, e.g. a ``git worktree`` of an older
   commit): fresh processes run ``extract_entities`` from ``DIR`` and from this checkout
   alternately (``--rounds`` times each, ``PYTHONPATH`` set to the checkout), each timing
   ``--repeat`` calls on the corpus; the median CPU seconds of each side, their ratio, and
   whether the two give equal frames on the corpus and on the shipped texts (the seed and
   practice articles, the held-out articles and passages).

3. **compiled against the reference**: in one process, after a warm-up call,
   ``extract_entities`` with the numpy character scan (``FastPath(compiled=False)``) and with
   the numba kernel (``compiled=True``) alternately, ``--repeat`` times each (median wall and
   CPU seconds, MB/s, the ratio, and whether the frames are equal); the time of the chunk scan
   alone (``Chunk(...)``) both ways; and, in fresh processes, the first call on one short
   article with numba's disk cache cold (``NUMBA_CACHE_DIR`` a new empty folder: the kernel is
   compiled) and warm (loaded).
4. **the later sources**: in one process, each later source (offices, coreference) on what it
   reads in that call, as shipped and with ``per_article=True`` (every mention of an article
   read, as before the change), alternately; the median CPU seconds and their ratio.

It writes ``entities.md`` and ``entities.json`` in ``--out``. Quote the ratios: the absolute
numbers move with the machine and its load (the load average is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from benchmarks.first_call import first_calls
from benchmarks.generate import bench_corpus

#: Run in a fresh process with ``PYTHONPATH`` set to the checkout measured: argv is the
#: corpus parquet folder, the repeat count and the folder the frames are written to.
_CHILD = """
import json, statistics, sys, time
from pathlib import Path
import polars as pl
from toolkit.entities import extract_entities
import toolkit
from toolkit import datasets
folder, repeat, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
articles = pl.read_parquet(sorted(folder.glob("*.parquet")))
extract_entities(articles.head(20))
cpu, wall = [], []
for _ in range(repeat):
    c, w = time.process_time(), time.perf_counter()
    frame = extract_entities(articles)
    cpu.append(time.process_time() - c)
    wall.append(time.perf_counter() - w)
out.mkdir(parents=True, exist_ok=True)
frame.write_parquet(out / "corpus.parquet")
sets = {"course": datasets.course_articles(),
        "heldout_articles": datasets.heldout_articles()[0],
        "heldout_passages": datasets.heldout_passages()[0]}
for name, texts in sets.items():
    extract_entities(texts).write_parquet(out / f"{name}.parquet")
print(json.dumps({"cpu": statistics.median(cpu), "wall": statistics.median(wall),
                  "module": toolkit.__file__}))
"""
#: The frames the child writes and the parent compares.
FRAMES = ("corpus", "course", "heldout_articles", "heldout_passages")


def against_floor(articles: pl.DataFrame, repeat: int) -> dict:
    """Median CPU and wall seconds of baseline (a) and ``extract_entities``, alternated."""
    from benchmarks.baselines import polars_floor
    from toolkit.entities import extract_entities

    extract_entities(articles.head(20))
    polars_floor(articles.head(20))
    runs: dict[str, dict[str, list[float]]] = {
        name: {"cpu": [], "wall": []} for name in ("floor", "entities")
    }
    mentions = 0
    for _ in range(repeat):
        for name, call in (("floor", polars_floor), ("entities", extract_entities)):
            cpu, wall = time.process_time(), time.perf_counter()
            out = call(articles)
            runs[name]["cpu"].append(time.process_time() - cpu)
            runs[name]["wall"].append(time.perf_counter() - wall)
            if name == "entities":
                mentions = out.height
    medians = {name: {k: statistics.median(v) for k, v in r.items()} for name, r in runs.items()}
    return {
        "runs": {n: {k: [round(s, 3) for s in v] for k, v in r.items()} for n, r in runs.items()},
        "seconds": medians,
        "mentions": mentions,
        "ratio_cpu": medians["entities"]["cpu"] / medians["floor"]["cpu"],
    }


#: The one short article of the first-call measurement.
SAMPLE = "وقال رئيس الوزراء العراقي إن قوات التحالف الدولي ستغادر بغداد، بحسب الناتو."


def compiled_against_reference(articles: pl.DataFrame, repeat: int) -> dict:
    """``extract_entities`` with the numpy scan and with the compiled one, alternated in
    one process (medians); the chunk scan alone both ways; whether the frames are equal."""
    from toolkit.entities import FastPath, extract_entities
    from toolkit.entities.chars import CHUNK_CHARS, chars
    from toolkit.entities.chunk import Chunk, splits_for
    from toolkit.entities.matcher import head_hashes, stop_hashes
    from toolkit.entities.mentions import entity_tables

    ways = {"reference": FastPath(compiled=False), "compiled": FastPath(compiled=True)}
    for fast in ways.values():
        extract_entities(articles.head(20), fast=fast)
    runs: dict[str, dict[str, list[float]]] = {n: {"cpu": [], "wall": []} for n in ways}
    frames = {}
    for _ in range(repeat):
        for name, fast in ways.items():
            cpu, wall = time.process_time(), time.perf_counter()
            frames[name] = extract_entities(articles, fast=fast)
            runs[name]["cpu"].append(time.process_time() - cpu)
            runs[name]["wall"].append(time.perf_counter() - wall)
    # The chunk scan alone, on the first chunk's worth of articles.
    tables = entity_tables(None, None)
    texts, size = [], 0
    for text in articles["text"].to_list():
        if size >= CHUNK_CHARS:
            break
        texts.append(text)
        size += len(text) + 1
    shared = (chars(), tables.splitter, splits_for(tables.splitter), stop_hashes(tables))
    scan: dict[str, list[float]] = {n: [] for n in ways}
    for _ in range(repeat):
        for name in ways:
            wall = time.perf_counter()
            Chunk(texts, *shared, head_hashes(tables), compiled=name == "compiled")
            scan[name].append(time.perf_counter() - wall)
    medians = {n: {k: statistics.median(v) for k, v in r.items()} for n, r in runs.items()}
    scan_medians = {n: statistics.median(v) for n, v in scan.items()}
    return {
        "runs": {n: {k: [round(x, 3) for x in v] for k, v in r.items()} for n, r in runs.items()},
        "seconds": medians,
        "ratio_wall": medians["reference"]["wall"] / medians["compiled"]["wall"],
        "equal": frames["reference"].equals(frames["compiled"]),
        "scan": {
            "characters": size,
            "seconds": scan_medians,
            "ns_per_char": {n: 1e9 * v / max(size, 1) for n, v in scan_medians.items()},
            "ratio": scan_medians["reference"] / scan_medians["compiled"],
        },
    }


def later_sources(articles: pl.DataFrame, repeat: int) -> dict:
    """Median CPU seconds of each later source that has a ``per_article=True`` reference (the
    offices and the coreference), as shipped and that way."""
    import toolkit.entities.mentions as steps
    from toolkit.entities import extract_entities
    from toolkit.entities.coreference import coreference_mentions
    from toolkit.entities.offices import office_mentions

    compared = (office_mentions, coreference_mentions)

    read = []
    shipped = steps.LATER_SOURCES

    def watched(source):
        def run(found):
            if source in compared:
                read.append((source, found))
            return source(found)

        return run

    steps.LATER_SOURCES = tuple(watched(s) for s in shipped)
    try:
        extract_entities(articles)
    finally:
        steps.LATER_SOURCES = shipped
    out = {}
    for source, found in read:
        runs: dict[str, list[float]] = {"shipped": [], "per_article": []}
        for _ in range(repeat):
            for name, per_article in (("shipped", False), ("per_article", True)):
                cpu = time.process_time()
                source(found, per_article=per_article)
                runs[name].append(time.process_time() - cpu)
        medians = {k: statistics.median(v) for k, v in runs.items()}
        out[source.__name__] = {
            "cpu": medians,
            "ratio_cpu": medians["per_article"] / medians["shipped"],
        }
    return out


def _child(checkout: Path, corpus: Path, repeat: int, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(repeat), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=checkout,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def against_checkout(other: Path, corpus: Path, out: Path, *, rounds: int, repeat: int) -> dict:
    """CPU seconds of ``extract_entities`` from ``other`` and from this checkout in fresh
    processes, alternated; and whether their frames are equal."""
    here = Path(__file__).resolve().parents[1]
    sides = {"other": other.resolve(), "this": here}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    modules = {}
    for _ in range(rounds):
        for name, checkout in sides.items():
            result = _child(checkout, corpus, repeat, out / f"frames-{name}")
            cpu[name].append(result["cpu"])
            modules[name] = result["module"]
    equal = {}
    for frame in FRAMES:
        a = pl.read_parquet(out / "frames-other" / f"{frame}.parquet")
        b = pl.read_parquet(out / "frames-this" / f"{frame}.parquet")
        equal[frame] = a.equals(b)
    medians = {name: statistics.median(v) for name, v in cpu.items()}
    return {
        "checkouts": {name: str(path) for name, path in sides.items()},
        "modules": modules,
        "cpu_runs": {k: [round(s, 3) for s in v] for k, v in cpu.items()},
        "cpu": medians,
        "ratio_cpu": medians["other"] / medians["this"],
        "equal": equal,
    }


def run(out: Path, *, size: str, seed: int, repeat: int, against, rounds: int, log=print) -> dict:
    corpus, manifest = bench_corpus(out, size, seed, formats=("parquet",), log=log)
    mb = manifest["text_bytes"] / 1e6
    articles = pl.read_parquet(sorted((corpus / "parquet").glob("*.parquet")))
    load_before = os.getloadavg()
    log(f"against the floor, {repeat} runs of each …")
    floor = against_floor(articles, repeat)
    floor["mb_per_s"] = {k: mb / v["wall"] for k, v in floor["seconds"].items()}
    log(f"compiled scan against the reference, {repeat} runs of each …")
    compiled = compiled_against_reference(articles, repeat)
    compiled["mb_per_s"] = {k: mb / v["wall"] for k, v in compiled["seconds"].items()}
    compiled["first_call"] = first_calls(
        "from toolkit.entities import FastPath, extract_entities",
        "extract_entities(frame, fast=FastPath(compiled=True))",
        SAMPLE,
        log=log,
    )
    log(f"the later sources, {repeat} runs of each way …")
    sources = later_sources(articles, repeat)
    other = None
    if against is not None:
        log(f"against {against}, {rounds} rounds of {repeat} calls …")
        other = against_checkout(
            Path(against), corpus / "parquet", out, rounds=rounds, repeat=repeat
        )
    load_after = os.getloadavg()
    document = {
        "machine": {"cpus": os.cpu_count(), "load_average": [load_before[0], load_after[0]]},
        "corpus": {**manifest, "seed": seed, "size": size},
        "floor": floor,
        "compiled": compiled,
        "later_sources": sources,
        "against": other,
    }
    (out / "entities.json").write_text(json.dumps(document, indent=2, default=str))
    (out / "entities.md").write_text(report(document))
    return document


def report(document: dict) -> str:
    floor = document["floor"]
    corpus = document["corpus"]
    lines = [
        "# Entity extraction: against baseline (a) and another checkout",
        "",
        f"Corpus: {corpus['articles']:,} articles, {corpus['text_bytes'] / 1e6:,.1f} MB "
        f"(seed {corpus['seed']}); load average {document['machine']['load_average']}.",
        "",
        "| | CPU s (median) | wall s (median) | MB/s (wall) |",
        "|---|---:|---:|---:|",
    ]
    for name in ("floor", "entities"):
        s = floor["seconds"][name]
        lines.append(
            f"| {name} | {s['cpu']:.3f} | {s['wall']:.3f} | {floor['mb_per_s'][name]:.1f} |"
        )
    lines += ["", f"entities / floor (CPU): **{floor['ratio_cpu']:.2f}×**"]
    compiled = document.get("compiled")
    if compiled is not None:
        lines += [
            "",
            "| character scan | CPU s (median) | wall s (median) | MB/s (wall) |",
            "|---|---:|---:|---:|",
        ]
        for name in ("reference", "compiled"):
            s = compiled["seconds"][name]
            lines.append(
                f"| {name} | {s['cpu']:.3f} | {s['wall']:.3f} | {compiled['mb_per_s'][name]:.1f} |"
            )
        scan = compiled["scan"]
        cold, warm = compiled["first_call"]["cold_cache"], compiled["first_call"]["warm_cache"]
        lines += [
            "",
            f"reference / compiled (wall): **{compiled['ratio_wall']:.2f}×**; equal frames: "
            f"{compiled['equal']}. The chunk scan alone ({scan['characters']:,} characters): "
            f"{scan['ns_per_char']['reference']:.1f} ns per character (numpy) against "
            f"{scan['ns_per_char']['compiled']:.1f} (numba), **{scan['ratio']:.2f}×**.",
            "",
            "| fresh process | import s | first call s | second call s |",
            "|---|---:|---:|---:|",
            f"| cold numba cache (compile) | {cold['import']:.2f} | {cold['first_call']:.2f} | "
            f"{cold['second_call']:.3f} |",
            f"| warm numba cache (load) | {warm['import']:.2f} | {warm['first_call']:.2f} | "
            f"{warm['second_call']:.3f} |",
        ]
    lines += [
        "",
        "| later source | CPU s shipped | CPU s per article | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name, r in document["later_sources"].items():
        lines.append(
            f"| {name} | {r['cpu']['shipped']:.3f} | {r['cpu']['per_article']:.3f} | "
            f"{r['ratio_cpu']:.2f}× |"
        )
    other = document["against"]
    if other is not None:
        lines += [
            "",
            f"Other checkout: CPU s {other['cpu']['other']:.3f}, this checkout "
            f"{other['cpu']['this']:.3f} (medians of {other['cpu_runs']}): other / this = "
            f"**{other['ratio_cpu']:.2f}×**; equal frames: {other['equal']}.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="8MB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", default=None, help="another checkout of the toolkit")
    parser.add_argument("--out", default="build/bench")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    document = run(
        out,
        size=args.size,
        seed=args.seed,
        repeat=args.repeat,
        against=args.against,
        rounds=args.rounds,
    )
    print(report(document))
    other = document["against"]
    return 0 if other is None or all(other["equal"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
