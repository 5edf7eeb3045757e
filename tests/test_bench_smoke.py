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
