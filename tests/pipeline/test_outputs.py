"""What a run writes: every table as Parquet and CSV, and the run report."""

from __future__ import annotations

import hashlib
import json

import polars as pl
import pytest

import toolkit as tk
from toolkit.lexicons import lexicon_path
from toolkit.pipeline import TABLES, analyze_path, read_results

EXPECTED = list(TABLES)


def test_outputs_parquet_csv_and_report(streamed):
    report, out = streamed
    for name in EXPECTED:
        parquet = pl.read_parquet(out / f"{name}.parquet")
        csv = pl.read_csv(out / f"{name}.csv", infer_schema=False)
        assert csv.height == parquet.height == report["tables"][name]
        assert csv.columns == parquet.columns
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert saved["articles"] == 45
    assert 50 < saved["peak_memory_megabytes"] < 10_000
    assert saved["toolkit_version"] == tk.__version__
    assert saved["problems"] == []
    entities_csv = lexicon_path("entities.csv")
    assert saved["lexicon_sha256"]["entities.csv"] == (
        hashlib.sha256(entities_csv.read_bytes()).hexdigest()
    )
    markdown = (out / "run_report.md").read_text(encoding="utf-8")
    assert "# Run report" in markdown and "entities.csv" in markdown
    assert not (out / "_parts").exists()  # the part files are merged and removed


def test_read_results_rejects_a_folder_without_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match="no analysis tables"):
        read_results(tmp_path)


def test_the_report_lists_the_files_not_read_and_why(tmp_path):
    """Hidden files and folders and README/LICENSE files are not read (the rule of
    toolkit.corpus.files), streamed or loaded; the report says which and why."""
    for kind in ("parquet", "md"):
        folder = tmp_path / kind
        (folder / ".git").mkdir(parents=True)
        (folder / ".git" / "a.parquet").write_bytes(b"not read")
        (folder / "README.md").write_text("# notes", encoding="utf-8")
        (folder / "LICENSE.txt").write_text("MIT", encoding="utf-8")
        text = "قال الرئيس إن 300 جندي في العراق."
        if kind == "parquet":
            pl.DataFrame({"article_id": ["p1"], "text": [text]}).write_parquet(folder / "a.parquet")
        else:
            (folder / "a.md").write_text(text, encoding="utf-8")
        out = tmp_path / f"out-{kind}"
        report = analyze_path(folder, out)
        assert report["mode"] == ("streamed Parquet" if kind == "parquet" else "loaded in memory")
        assert report["articles"] == 1 and report["problems"] == []
        skipped = {
            p["path"].removeprefix(str(folder) + "/"): p["reason"] for p in report["skipped"]
        }
        assert set(skipped) == {".git", "LICENSE.txt", "README.md"}
        assert skipped[".git"].startswith("hidden")
        assert skipped["README.md"].startswith("documentation")
        markdown = (out / "run_report.md").read_text(encoding="utf-8")
        assert "## Files not read (3)" in markdown and "README.md: documentation" in markdown
