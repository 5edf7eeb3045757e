"""The output folder of ``python -m toolkit analyze``: never the user's files, never the input,
never a lexicon the run reads; and ``read_results`` only for a complete run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from toolkit.__main__ import main
from toolkit.lexicons import lexicon_path
from toolkit.pipeline import analyze_path, read_results
from toolkit.pipeline.results import ResultsError

TEXT = "قال الرئيس جو بايدن إن 2500 جندي أمريكي سيبقون في العراق."


@pytest.fixture()
def small(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text(TEXT, encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_folder_of_other_files_is_refused_and_force_never_touches_them(small, tmp_path, capsys):
    """A user's folder named _parts (and any other file) in --out: refused without --force;
    with it, the results go beside them and the folder is unchanged, run after run."""
    out = tmp_path / "proj"
    (out / "_parts").mkdir(parents=True)
    (out / "_parts" / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "draft.docx").write_bytes(b"PK")
    mine = _tree(out)
    assert main(["analyze", str(small), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "not results of an earlier run (_parts, draft.docx)" in err and "--force" in err
    assert _tree(out) == mine
    for _ in range(2):  # a second run into an earlier results folder needs no --force
        assert main(["analyze", str(small), "--out", str(out), "--force", "--no-progress"]) == 0
        after = _tree(out)
        assert {name: after[name] for name in mine} == mine
        assert main(["analyze", str(small), "--out", str(out), "--no-progress"]) == 0
    assert read_results(out)["entities"].height > 0


def test_an_input_lexicon_inside_out_is_never_written_over(small, tmp_path, capsys):
    out = tmp_path / "proj"
    out.mkdir()
    gazetteer = out / "entities.csv"
    shutil.copy(lexicon_path("entities.csv"), gazetteer)
    edited = gazetteer.read_bytes()
    for extra in ([], ["--force"]):
        argv = ["analyze", str(small), "--out", str(out), f"--gazetteer={gazetteer}", *extra]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"would write entities.csv over {gazetteer}" in err and "--gazetteer" in err
    # a folder of edited lexicons as --out: its entities.csv is read by the run
    argv = ["analyze", str(small), "--out", str(out), f"--lexicons={out}", "--force"]
    assert main(argv) == 2
    assert "the lexicon file entities.csv" in capsys.readouterr().err
    assert gazetteer.read_bytes() == edited and sorted(p.name for p in out.iterdir()) == [
        "entities.csv"
    ]
    # a file at a result's name that is no input: --force does not write over it either
    (out / "figures.csv").write_text("my figures", encoding="utf-8")
    argv = ["analyze", str(small), "--out", str(out), "--force", "--no-progress"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "not written by an earlier run" in err and "entities.csv" in err
    assert (out / "figures.csv").read_text(encoding="utf-8") == "my figures"
    assert gazetteer.read_bytes() == edited


def test_out_must_not_be_inside_be_or_contain_the_input(small, tmp_path, capsys):
    cases = {
        small / "results": "is inside the input folder",
        small: "is the input",
        tmp_path: "contains the input",
    }
    for out, message in cases.items():
        assert main(["analyze", str(small), "--out", str(out), "--force"]) == 2
        assert message in capsys.readouterr().err, out
    assert sorted(p.name for p in small.iterdir()) == ["a.md"]
    # a single file's folder is no input folder
    assert main(["analyze", str(small / "a.md"), "--out", str(small.parent / "elsewhere")]) == 0


def test_read_results_refuses_anything_but_one_complete_run(small, tmp_path):
    out = tmp_path / "out"
    report = analyze_path(small, out)
    assert report["complete"] is True
    assert set(report["files"]) == {
        *(f"{t}.{s}" for t in report["tables"] for s in ("parquet", "csv")),
        "run_report.md",
    }
    for entry in report["files"].values():
        assert set(entry) == {"bytes", "sha256"} and len(entry["sha256"]) == 64
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert saved == report and saved["tables"]["entities"] == 2
    good = read_results(out)
    # a table replaced by another run's (valid Parquet, other rows)
    figures = out / "figures.parquet"
    original = figures.read_bytes()
    good["figures"].head(0).write_parquet(figures)
    with pytest.raises(ResultsError, match=r"figures\.parquet: not the file the run wrote"):
        read_results(out)
    figures.write_bytes(original)
    # a CSV edited (or cut short) after the run
    csv = out / "stance_claims.csv"
    csv.write_bytes(csv.read_bytes()[:-5])
    with pytest.raises(ResultsError, match=r"stance_claims\.csv: not the file"):
        read_results(out)
    # a report that does not say complete
    analyze_path(small, out)
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    (out / "run_report.json").write_text(json.dumps({**saved, "complete": False}), "utf-8")
    with pytest.raises(ResultsError, match="no complete run"):
        read_results(out)
    # tables without a report (an interrupted first run, or an older version)
    (out / "run_report.json").unlink()
    with pytest.raises(ResultsError, match="no complete run"):
        read_results(out)


def test_a_failing_run_leaves_no_trace(small, tmp_path, capsys):
    """Bad input is found before the output folder is touched; a run that fails later leaves
    the folder as it was (nothing but its lock)."""
    out = tmp_path / "out"
    (small / "bad.jsonl").write_text("{broken\n", encoding="utf-8")
    assert main(["analyze", str(small), "--out", str(out), "--no-progress"]) == 2
    assert not out.exists()
    (small / "bad.jsonl").unlink()

    def fail(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze_path(small, out, on_batch=fail)
    assert [p.name for p in out.iterdir()] == [".toolkit.lock"]
    assert analyze_path(small, out)["articles"] == 1


@pytest.fixture()
def deep(tmp_path):
    """A corpus folder 1,100 levels deep (more than Python's recursion limit), removed level
    by level afterwards (shutil.rmtree, and so pytest's clean-up, recurse per level)."""
    root = tmp_path / "deep"
    levels = [root]
    for _ in range(1100):
        levels.append(levels[-1] / "d")
    for level in levels:
        level.mkdir()
    (levels[-1] / "a.txt").write_text(TEXT, encoding="utf-8")
    yield root
    (levels[-1] / "a.txt").unlink()
    for level in reversed(levels):
        level.rmdir()


def test_too_long_paths_and_deep_folders_are_named_problems(deep, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", str(deep), "--out", str(out), "--no-progress"]) == 0
    assert read_results(out)["entities"].height > 0
    long = tmp_path / ("ج" * 120) / ("x" * 250) / ("y" * 250)
    too_long = Path(str(long) + "/" + "/".join(["z" * 250] * 18))
    assert len(str(too_long).encode()) > 4096
    assert main(["analyze", str(too_long), "--out", str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "cannot read the input" in err and "File name too long" in err
    assert main(["analyze", str(deep), "--out", str(too_long)]) == 2
    assert "File name too long" in capsys.readouterr().err


def test_an_alias_longer_than_the_csv_field_limit_is_a_lexicon_problem(small, tmp_path, capsys):
    gazetteer = tmp_path / "entities.csv"
    rows = lexicon_path("entities.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    row = rows[1].split(",")
    row[header.index("aliases")] = "ب" * 140_000
    gazetteer.write_text("\n".join([rows[0], ",".join(row), *rows[2:]]) + "\n", "utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(small), "--out", str(out), f"--gazetteer={gazetteer}"]) == 2
    err = capsys.readouterr().err
    assert "entities.csv" in err and "row 2: not a readable CSV row" in err
    assert "field larger than field limit" in err


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_an_article_over_the_size_limit_is_named(tmp_path, kind, capsys):
    """One article is never cut (and --batch-size cannot make it smaller): an article over
    the limit is a problem naming it and the limit, skipped with --skip-bad."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = {"article_id": ["small", "huge"], "text": [TEXT, TEXT * 40]}
    if kind == "parquet":
        pl.DataFrame(rows).write_parquet(folder / "a.parquet")
    else:
        pl.DataFrame(rows).write_ndjson(folder / "a.jsonl")
    out = tmp_path / "out"
    argv = ["analyze", str(folder), "--out", str(out), "--max-article-mb", "0.001"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "article 'huge' is 0.0 MB of text, more than the limit of 0.001 MB" in err
    assert "--max-article-mb" in err and "'small'" not in err
    assert main([*argv, "--skip-bad", "--no-progress"]) == 0
    assert read_results(out)["entities"]["article_id"].unique().to_list() == ["small"]
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1 and "'huge'" in report["problems"][0]["reason"]
    with pytest.raises(Exception, match="article 'huge'"):
        from toolkit.pipeline import analyze

        analyze(pl.DataFrame(rows), max_article_bytes=1000)


def test_every_skipped_file_is_printed_and_articles_named_like_documentation_are_read(
    tmp_path, capsys
):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("licensed_operators.txt", "Readmission.md"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    for name in ("README_ar.md", "LICENSE", ".notes.txt"):
        (folder / name).write_text("not an article", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "Analyzed 2 article(s)" in printed and "Files not read (3):" in printed
    for name in ("README_ar.md", "LICENSE", ".notes.txt"):
        assert f"{folder / name}: " in printed
    ids = read_results(out)["entities"]["article_id"].unique().sort().to_list()
    assert ids == ["Readmission", "licensed_operators"]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_text_column_of_another_name(tmp_path, kind, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    frame = pl.DataFrame({"id": ["x"], "body": [TEXT], "text": ["ليس النص"]})
    if kind == "csv":
        frame.write_csv(folder / "a.csv")
    else:
        frame.write_parquet(folder / "a.parquet")
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    assert "جو بايدن" not in read_results(out)["entities"]["surface"].to_list()
    assert main(["analyze", str(folder), "--out", str(out), "--text-column", "body"]) == 0
    entities = read_results(out)["entities"]
    assert "جو بايدن" in entities["surface"].to_list()
    assert main(["analyze", str(folder), "--out", str(out), "--text-column", "nope"]) == 2
    assert "no 'nope' column" in capsys.readouterr().err
    assert json.loads((out / "run_report.json").read_text("utf-8"))["text_column"] == "body"


def test_a_results_folder_of_an_earlier_version_is_replaced_without_force(small, tmp_path):
    """A folder written before run reports listed their files (no "complete", no "files"):
    read_results refuses it, and a new run replaces its tables without --force."""
    out = tmp_path / "out"
    analyze_path(small, out)
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    old = {k: v for k, v in saved.items() if k not in {"complete", "files", "kind", "run_id"}}
    (out / "run_report.json").write_text(json.dumps(old), encoding="utf-8")
    (out / ".toolkit.lock").unlink()
    with pytest.raises(ResultsError, match="no complete run of this version"):
        read_results(out)
    assert analyze_path(small, out)["complete"] is True
    assert read_results(out)["entities"].height == 2
