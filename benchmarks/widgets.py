"""Widget latency: how long each callback of the course's widgets takes on a large corpus.

``python -m benchmarks.widgets --size 10000 --out build/bench`` generates (or reuses) a
corpus of that many articles, analyzes it once (not timed: tokens, entities, figures, stance
claims, framing terms, the review samples), builds every interactive view the course
notebooks use, then sets each control of each view to a few values in turn and times each
change: the change runs the view's callback synchronously (``observe``/``on_click``), so the
time from setting the value to its return is the callback's latency, the HTML (and any chart
PNG) included. Writes ``widgets.md`` (a table with the median and the largest latency per
callback and PASS/MISS against :data:`TARGET_MS`) and ``widgets.json`` (every run).

This is a benchmark, not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import polars as pl

from benchmarks.generate import generate, parse_size

#: A callback answers in under this many milliseconds (issue 20).
TARGET_MS = 200.0
#: Values tried per control (besides going back to the first one).
TRIES = 3


def _load(corpus: Path) -> pl.DataFrame:
    import toolkit as tk

    return tk.load_articles(corpus / "parquet", progress=False)


#: What each view is given from the analysis (besides the articles).
NEEDS = {
    "first_words": (),
    "normalization_explorer": (),
    "kwic_explorer": ("tokens",),
    "entity_explorer": ("mentions", "tokens"),
    "reading_explorer": ("mentions",),
    "stance_explorer": ("claims",),
    "figure_explorer": ("figures",),
    "framing_explorer": ("terms",),
    "interval_explorer": (),
    "annotate_claims": ("sample",),
    "annotate_sentences": ("sentences",),
}


def analysis(articles: pl.DataFrame, scratch: Path, views: tuple[str, ...] | None = None) -> dict:
    """Everything the views are given, computed once (not timed); with ``views``, only what
    those views need."""
    import toolkit as tk
    from toolkit import validate
    from toolkit.figures import extract_figures
    from toolkit.stance import classify_stance

    wanted = {need for name in (views or NEEDS) for need in NEEDS[name]}
    wanted.add("tokens")  # the frequent words typed into text boxes
    data: dict = {"articles": articles, "folder": scratch}
    if wanted & {"mentions", "figures"}:
        data["mentions"] = tk.extract_entities(articles)
    if wanted & {"claims", "sample"}:
        data["claims"] = classify_stance(articles)
    makers = {
        "tokens": lambda: tk.tokenize(articles),
        "figures": lambda: extract_figures(articles, mentions=data["mentions"]),
        "terms": lambda: tk.extract_framing(articles),
        "sample": lambda: tk.sample_for_review(data["claims"], n=30, by="stance", seed=0),
        "sentences": lambda: validate.sample_sentences(articles, n=10, parties=True, seed=0),
    }
    for name, make in makers.items():
        if name in wanted:
            data[name] = make()
    return data


def _first_words(articles: pl.DataFrame) -> Callable:
    """The ``first_words`` view of notebook 00, as written there."""
    from toolkit.views.html import rtl_block

    def first_words(words, article):
        text = articles.filter(pl.col("article_id") == article)["text"].item()
        return rtl_block(escape(" ".join(text.split()[:words])))

    return first_words


def build_views(data: dict, only: tuple[str, ...] | None = None) -> dict[str, tuple[str, object]]:
    """Every interactive view of the course notebooks (or those in ``only``): name →
    (notebook, view)."""
    import ipywidgets as widgets

    from toolkit.views.entities import entity_explorer, reading_explorer
    from toolkit.views.figures import figure_explorer
    from toolkit.views.framing import framing_explorer
    from toolkit.views.stance import stance_explorer
    from toolkit.views.text import kwic_explorer, normalization_explorer
    from toolkit.views.validate import annotate, interval_explorer
    from toolkit.views.widgets import live

    articles = data["articles"]
    first = articles["text"][0][:200]
    term = _frequent_words(data["tokens"], 1)[0]
    builders = {
        "first_words": (
            "00",
            lambda: live(
                _first_words(articles),
                words=widgets.IntSlider(value=12, min=3, max=40, description="words"),
                article=widgets.Dropdown(
                    options=articles["article_id"].to_list(), description="article"
                ),
            ),
        ),
        "normalization_explorer": ("01", lambda: normalization_explorer(first)),
        "kwic_explorer": ("01", lambda: kwic_explorer(articles, term=term)),
        "entity_explorer": (
            "02",
            lambda: entity_explorer(data["mentions"], articles, tokens=data["tokens"]),
        ),
        "reading_explorer": ("02", lambda: reading_explorer(data["mentions"], articles)),
        "stance_explorer": ("03", lambda: stance_explorer(data["claims"], articles)),
        "figure_explorer": ("04", lambda: figure_explorer(data["figures"], articles)),
        "framing_explorer": ("05", lambda: framing_explorer(data["terms"], articles)),
        "interval_explorer": ("06", lambda: interval_explorer(n=30, share=0.8)),
        "annotate_claims": (
            "06",
            lambda: annotate(data["sample"], annotator="bench", folder=data["folder"]),
        ),
        "annotate_sentences": (
            "06",
            lambda: annotate(data["sentences"], annotator="bench", folder=data["folder"]),
        ),
    }
    views = {}
    for name, (notebook, build) in builders.items():
        if only is not None and name not in only:
            continue
        started = time.perf_counter()
        view = build()
        views[name] = (notebook, view, time.perf_counter() - started)
    return views


def _frequent_words(tokens: pl.DataFrame, n: int) -> list[str]:
    words = tokens.filter(pl.col("kind") == "word") if "kind" in tokens.columns else tokens
    column = "token" if "token" in words.columns else words.columns[0]
    top = words.group_by(column).len().sort(["len", column], descending=[True, False])
    return top[column].head(n).to_list()


def controls_of(view) -> dict[str, object]:
    """A view's controls that run a callback: name → widget."""
    import ipywidgets as widgets

    if hasattr(view, "controls"):
        return dict(view.controls)
    found = {}
    for name in ("annotator", "party", "note", "back", "next", "remove"):
        if hasattr(view, name):
            found[name] = getattr(view, name)
    for answer, button in getattr(view, "buttons", {}).items():
        found[f"answer:{answer}"] = button
    return {k: v for k, v in found.items() if isinstance(v, widgets.Widget)}


def trials(control, words: list[str]) -> list[Callable[[], object]]:
    """A few changes of one control, each a callable that makes the change."""
    import ipywidgets as widgets

    if isinstance(control, widgets.Button):
        return [control.click for _ in range(TRIES)]
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return [lambda c=control: setattr(c, "value", not c.value) for _ in range(TRIES + 1)]
    if hasattr(control, "options") and hasattr(control, "index"):
        count = len(control.options)
        if count < 2:
            return []
        start = control.index or 0
        picks = {1 % count, count // 2, count - 1} - {start}
        order = [*sorted(picks)[:TRIES], start]
        return [lambda c=control, i=i: setattr(c, "index", i) for i in order]
    if hasattr(control, "min") and hasattr(control, "max"):
        start = control.value
        middle = control.min + (control.max - control.min) / 2
        if isinstance(control.value, int):
            middle = int(middle) - int(middle - control.min) % (getattr(control, "step", 1) or 1)
        order = [*[v for v in (control.min, middle, control.max) if v != start][:TRIES], start]
        return [lambda c=control, v=v: setattr(c, "value", v) for v in order]
    if isinstance(control, widgets.Text | widgets.Textarea):
        start = control.value
        order = [*[w for w in words if w != start][:TRIES], start]
        return [lambda c=control, v=v: setattr(c, "value", v) for v in order]
    return []


def time_view(view, words: list[str]) -> list[dict]:
    """Each control's changes timed: one record per control."""
    records = []
    for name, control in controls_of(view).items():
        changes = trials(control, words)
        if not changes:
            continue
        times = []
        for change in changes:
            started = time.perf_counter()
            change()
            times.append((time.perf_counter() - started) * 1000)
        records.append(
            {
                "control": name,
                "changes": len(times),
                "median_ms": statistics.median(times),
                "max_ms": max(times),
                "runs_ms": [round(t, 1) for t in times],
            }
        )
    return records


def measure(articles: pl.DataFrame, scratch: Path, views: tuple[str, ...] | None = None) -> dict:
    """Analyze once, build every view (or those named), time every callback; the report as
    a dict."""
    started = time.perf_counter()
    data = analysis(articles, scratch, views)
    analysis_seconds = time.perf_counter() - started
    words = _frequent_words(data["tokens"], TRIES + 1)
    rows = []
    for name, (notebook, view, build) in build_views(data, views).items():
        for record in time_view(view, words):
            met = record["max_ms"] < TARGET_MS
            rows.append({"widget": name, "notebook": notebook, "build_s": build, **record,
                         "status": "PASS" if met else "MISS"})  # fmt: skip
    return {
        "articles": articles.height,
        "text_bytes": int(articles["text"].str.len_bytes().sum()),
        "analysis_seconds": analysis_seconds,
        "target_ms": TARGET_MS,
        "widgets": sorted({row["widget"] for row in rows}),
        "callbacks": rows,
    }


def markdown(report: dict) -> str:
    lines = [
        "# Widget latency",
        "",
        f"{report['date']}; corpus: {report['articles']:,} generated articles, "
        f"{report['text_bytes'] / 1e6:.1f} MB of text; analysis (not timed) "
        f"{report['analysis_seconds']:.0f} s. Target: every callback under "
        f"{report['target_ms']:.0f} ms (PASS when the largest of its runs is).",
        "",
        "| notebook | widget | control | changes | median ms | max ms | build s | |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for row in report["callbacks"]:
        lines.append(
            f"| {row['notebook']} | {row['widget']} | {row['control']} | {row['changes']} | "
            f"{row['median_ms']:.0f} | {row['max_ms']:.0f} | {row['build_s']:.2f} | "
            f"{row['status']} |"
        )
    misses = sum(row["status"] == "MISS" for row in report["callbacks"])
    lines += ["", f"{len(report['callbacks']) - misses} PASS, {misses} MISS.", ""]
    return "\n".join(lines)


def run(size: str, out: Path, *, seed: int = 0, views: tuple[str, ...] | None = None) -> dict:
    count, max_bytes = parse_size(size)
    corpus = out / f"corpus-{size}-seed{seed}"
    generate(corpus, count=count, max_bytes=max_bytes, seed=seed, formats=("parquet",))
    articles = _load(corpus)
    with tempfile.TemporaryDirectory() as scratch:
        report = measure(articles, Path(scratch), views)
    report["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.mkdir(parents=True, exist_ok=True)
    (out / "widgets.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "widgets.md").write_text(markdown(report), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10000", help="articles (10000) or bytes (40MB)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    parser.add_argument(
        "--views",
        default="",
        help=f"comma-separated views to time (default all): {', '.join(NEEDS)}",
    )
    args = parser.parse_args(argv)
    views = tuple(v for v in args.views.split(",") if v) or None
    unknown = set(views or ()) - set(NEEDS)
    if unknown:
        parser.error(f"unknown view(s): {', '.join(sorted(unknown))}")
    report = run(args.size, args.out, seed=args.seed, views=views)
    print(markdown(report))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
