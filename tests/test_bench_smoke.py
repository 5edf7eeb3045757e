"""A tiny, fast run of the benchmark generator and of one harness stage (no timing checks)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks package lives beside the toolkit
    sys.path.insert(0, str(ROOT))

from benchmarks import generate as gen  # noqa: E402
from benchmarks import run as bench  # noqa: E402
from benchmarks.baselines import polars_floor, student_pipeline  # noqa: E402


def test_generator_is_deterministic_and_prefix_stable(tmp_path):
    small = gen.generate(tmp_path / "a", count=30, part=12)
    gen.generate(tmp_path / "b", count=30, part=12)
    gen.generate(tmp_path / "c", count=50, part=50)
    assert small["articles"] == 30 and small["parts"] == 3
    first = pl.read_parquet(sorted((tmp_path / "a" / "parquet").glob("*.parquet")))
    second = pl.read_parquet(sorted((tmp_path / "b" / "parquet").glob("*.parquet")))
    third = pl.read_parquet(tmp_path / "c" / "parquet" / "part-00000.parquet")
    assert first.equals(second)
    assert first.equals(third.head(30))  # the first N articles of a larger corpus
    jsonl = pl.read_ndjson(sorted((tmp_path / "a" / "jsonl").glob("*.jsonl")))
    assert jsonl["text"].to_list() == first["text"].to_list()
    assert first["article_id"].is_unique().all()
    assert small["text_bytes"] == first["text"].str.len_bytes().sum()


def test_generator_exercises_arabic_variation():
    text = " ".join(gen.sentence_pool(seed=0, size=800))
    assert "\u0640" in text  # tatweel
    assert any(chr(c) in text for c in range(0x064B, 0x0653))  # diacritics
    assert any(d in text for d in "٠١٢٣٤٥٦٧٨٩")  # Eastern Arabic digits
    assert "آلاف" in text or "ألفين" in text  # number words
    assert "وللناتو" in text or "بالعراق" in text  # clitics


def test_parse_size():
    assert gen.parse_size("20k") == (20_000, None)
    assert gen.parse_size("1000") == (1000, None)
    assert gen.parse_size("80MB") == (None, 80_000_000)
    assert gen.parse_size("2GB") == (None, 2_000_000_000)


def test_generate_by_bytes(tmp_path):
    manifest = gen.generate(tmp_path, max_bytes=50_000, formats=("parquet",))
    assert manifest["text_bytes"] >= 50_000
    assert not (tmp_path / "jsonl").exists()


def test_one_stage_in_a_subprocess(tmp_path):
    corpus = tmp_path / "corpus"
    gen.generate(corpus, count=20)
    record = bench._run_stage("baseline_a", corpus, tmp_path, timeout=300)
    assert record["status"] == "ok", record
    assert record["articles"] == 20 and record["peak_rss"] > 0 and record["seconds"] >= 0
    results = {"baseline_a": bench._median([record])}
    ratios, checks = bench._summary(results)
    assert ratios["tokenize / baseline (a)"] is None  # tokenize was not run
    assert all(check["met"] is None for check in checks if "baseline (a)" in check["target"])
    meta = {
        "date": "today",
        "machine": bench._machine(),
        "repeat": 1,
        "corpus": {"articles": 20, "text_bytes": record["text_bytes"], "seed": 0},
    }
    table = bench._markdown(meta, results, ratios, checks)
    assert "| baseline_a |" in table
    json.dumps(results)


def test_baselines_run_on_a_few_articles():
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "text": [
                "قال الرئيس جو بايدن إن نحو 2500 جندي سيبقون في العراق.",
                "ودعا البرلمان العراقي إلى انسحاب القوات خلال ستة أشهر.",
            ],
        }
    )
    assert polars_floor(articles)["len"].sum() > 10
    out = student_pipeline(articles)
    assert out["entities"].height > 0
    assert "2500" in out["figures"]["number"].to_list()
    assert out["stance_claims"].height > 0


def test_memory_split_in_a_subprocess(tmp_path):
    from benchmarks import memory

    corpus = tmp_path / "corpus"
    gen.generate(corpus, count=12, formats=("parquet",))
    record = memory.measure_in_subprocess(corpus, tmp_path / "memory.json", timeout=600)
    assert record["status"] == "ok", record
    parts = record["bytes"]
    assert set(memory.PARTS) <= set(parts)
    assert parts["interpreter"] > 0 and parts["result_tables"] > 0 and parts["corpus"] > 0
    assert parts["peak"] >= parts["interpreter"]
    assert parts["rest"] == parts["peak"] - parts["interpreter"] - parts["result_tables"]
    assert record["times_text"]["peak"] == parts["peak"] / record["text_bytes"]
    assert record["articles"] == 12 and len(record["after_batch"]) == 1
    table = memory.markdown(record)
    assert all(f"| {name} |" in table for name in memory.PARTS)


def test_widget_bench_reports_every_widget(tmp_path):
    from benchmarks import widgets

    report = widgets.run("12", tmp_path)
    expected = {
        "first_words", "normalization_explorer", "kwic_explorer", "entity_explorer",
        "reading_explorer", "stance_explorer", "figure_explorer", "framing_explorer",
        "interval_explorer", "annotate_claims", "annotate_sentences",
    }  # fmt: skip
    assert set(report["widgets"]) == expected
    assert report["articles"] == 12
    for row in report["callbacks"]:
        assert row["changes"] >= 2 and row["max_ms"] >= row["median_ms"] >= 0
        assert row["status"] == ("PASS" if row["max_ms"] < widgets.TARGET_MS else "MISS")
    controls = {(r["widget"], r["control"]) for r in report["callbacks"]}
    assert ("kwic_explorer", "term") in controls and ("figure_explorer", "band") in controls
    assert ("annotate_claims", "next") in controls
    saved = json.loads((tmp_path / "widgets.json").read_text(encoding="utf-8"))
    assert saved["callbacks"] == report["callbacks"]
    table = (tmp_path / "widgets.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in table for name in expected)


def test_widget_trials_change_the_control():
    import ipywidgets

    from benchmarks import widgets

    slider = ipywidgets.IntSlider(value=5, min=0, max=10)
    seen = []
    slider.observe(lambda change: seen.append(change["new"]), names="value")
    for change in widgets.trials(slider, []):
        change()
    assert seen == [0, 10, 5]  # the ends (the middle is where it started), then back
    choice = ipywidgets.Dropdown(options=["a", "b", "c", "d"])
    for change in widgets.trials(choice, []):
        change()
    assert choice.value == "a"
    text = ipywidgets.Text(value="x")
    assert len(widgets.trials(text, ["x", "y", "z"])) == 3


def test_entity_bench_times_the_sources_with_a_reference():
    from benchmarks.entities import later_sources

    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "text": ["قال رئيس الوزراء العراقي محمد شياع السوداني إن السوداني ملتزم بالاتفاق."],
        }
    )
    timed = later_sources(articles, repeat=1)
    assert set(timed) == {"office_mentions", "coreference_mentions"}
    assert all(part["cpu"]["shipped"] >= 0 for part in timed.values())


def test_entity_bench_compares_the_compiled_scan_with_the_reference():
    from benchmarks.entities import compiled_against_reference, report

    articles = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "text": ["قال رئيس الوزراء العراقي إن قوات الناتو ستبقى.", "وصل الوفد إلى بغداد."],
        }
    )
    timed = compiled_against_reference(articles, repeat=1)
    assert timed["equal"] is True
    assert set(timed["seconds"]) == {"reference", "compiled"}
    assert timed["scan"]["characters"] == sum(len(t) + 1 for t in articles["text"])
    timed["mb_per_s"] = {"reference": 1.0, "compiled": 2.0}
    timed["first_call"] = {
        "cold_cache": {"import": 1.0, "first_call": 2.0, "second_call": 0.1},
        "warm_cache": {"import": 1.0, "first_call": 0.5, "second_call": 0.1},
    }
    document = {
        "corpus": {"articles": 2, "text_bytes": 100, "seed": 0},
        "machine": {"load_average": [0.0, 0.0]},
        "floor": {
            "seconds": {n: {"cpu": 1.0, "wall": 1.0} for n in ("floor", "entities")},
            "mb_per_s": {"floor": 1.0, "entities": 1.0},
            "ratio_cpu": 1.0,
        },
        "compiled": timed,
        "later_sources": {},
        "against": None,
    }
    table = report(document)
    assert "| compiled |" in table and "cold numba cache" in table


def test_widget_bench_times_only_the_views_named(tmp_path):
    from benchmarks import widgets

    report = widgets.run("12", tmp_path, views=("kwic_explorer", "interval_explorer"))
    assert set(report["widgets"]) == {"kwic_explorer", "interval_explorer"}
    assert {row["control"] for row in report["callbacks"] if row["widget"] == "kwic_explorer"} == {
        "term",
        "window",
    }


def test_first_calls_time_a_stage_in_fresh_processes():
    from benchmarks.first_call import first_calls

    timed = first_calls(
        "from toolkit.arabic import normalize", "frame.height", "نص", log=lambda m: None
    )
    assert set(timed) == {"cold_cache", "warm_cache"}
    for run in timed.values():
        assert set(run) == {"import", "first_call", "second_call"}
        assert all(seconds >= 0 for seconds in run.values())
