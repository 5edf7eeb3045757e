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
    quality = saved["stance_quality"]  # the reader's held-out scores, with the run's lexicons
    assert quality["edited"] == [] and quality["set"].startswith("held-out")
    assert [row["label"] for row in quality["by_label"]] == ["support", "oppose", "mixed"]
    assert "How far to trust the stance table" in markdown
    assert f"precision {quality['precision']:.2f}" in markdown
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


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y"]


def test_no_csv_cell_is_a_formula_and_parquet_is_exact(tmp_path):
    """OWASP CSV injection: article ids, titles, sources and sentences that begin with
    = + - @ tab or CR. In every CSV each text cell is neutralized with a leading ' (parsed back
    with the csv module), numbers stay numbers, the file starts with a UTF-8 BOM; the Parquet
    tables keep the values exactly."""
    import csv

    from toolkit.outputs import BOM, FORMULA_CHARACTERS, restore_text

    articles = [
        {
            "id": formula,
            "title": formula + " عنوان",
            "source": formula,
            "published": f"2021-0{index + 1}-01",
            "text": f"{formula} قال الرئيس جو بايدن إن 2500 جندي أمريكي سيبقون في العراق.\n"
            "- ورفض البرلمان العراقي بقاء 3000 جندي.",
        }
        for index, formula in enumerate(FORMULAS)
    ]
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    out = tmp_path / "out"
    report = analyze_path(corpus, out)
    tables = read_results(out)
    assert set(tables["entities"]["article_id"]) == set(FORMULAS)  # Parquet: exact
    assert set(tables["figure_comparison"]["source"].drop_nulls()) <= set(FORMULAS)
    neutralized = 0
    for name in EXPECTED:
        path = out / f"{name}.csv"
        assert path.read_bytes().startswith(BOM), name
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        parquet = tables[name]
        assert header == parquet.columns and len(rows) == report["tables"][name]
        for column, values in zip(header, zip(*rows, strict=True), strict=True):
            dtype = parquet.schema[column]
            if dtype.is_numeric():
                assert all(v == "" or float(v) == float(v) for v in values), column
                continue
            for cell, exact in zip(values, parquet[column].to_list(), strict=True):
                assert not cell.startswith(tuple(FORMULA_CHARACTERS)), (name, column, cell)
                if dtype == pl.String and exact is not None:
                    assert restore_text(cell) == exact
                    neutralized += cell != exact
    assert neutralized > 20
