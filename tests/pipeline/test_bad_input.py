"""Bad input through analyze_path and ``python -m toolkit analyze``: every problem listed,
nothing written unless --skip-bad, the good articles analyzed with it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

import toolkit as tk
from toolkit import load_articles
from toolkit.__main__ import main
from toolkit.pipeline import InputError, analyze_path, read_results


def _bad_parquet(folder: Path) -> Path:
    folder.mkdir(parents=True)
    pl.DataFrame(
        {
            "article_id": ["a", "b", "a", "c"],
            "text": ["قال الرئيس جو بايدن إن 2500 جندي سيبقون في العراق.", "  ", "نص مكرر", None],
        }
    ).write_parquet(folder / "news.parquet")
    return folder


def test_bad_parquet_fails_with_every_problem(tmp_path, capsys):
    corpus = _bad_parquet(tmp_path / "in")
    status = main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--no-progress"])
    assert status == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    assert "line 2: empty article" in err
    assert "line 3: duplicate article_id 'a'" in err
    assert "line 4: empty article" in err
    assert "--skip-bad" in err
    assert not (tmp_path / "out" / "entities.parquet").exists()


def test_skip_bad_parquet_analyzes_the_good_articles(tmp_path, capsys):
    corpus = _bad_parquet(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--skip-bad", "--no-progress"]) == 0
    assert "Skipped 3 problem(s)" in capsys.readouterr().out
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1
    assert [p["line"] for p in report["problems"]] == [2, 3, 4]
    entities = read_results(out)["entities"]
    assert set(entities["article_id"]) == {"a"}
    assert "جو بايدن" in entities["surface"].to_list()


def test_bad_jsonl_and_skip_bad(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"id": "x1", "text": "قال وزير الدفاع إن القوات ستبقى في العراق."}\n'
        "{not json\n"
        '{"id": "x2", "text": ""}\n',
        encoding="utf-8",
    )
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o1"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "line 2: malformed JSON" in err and "line 3: empty article" in err
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o2"), "--skip-bad"]) == 0
    report = json.loads((tmp_path / "o2" / "run_report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1 and len(report["problems"]) == 2


def test_unreadable_parquet_and_missing_path(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o")]) == 2
    assert "broken.parquet: unreadable Parquet" in capsys.readouterr().err
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--skip-bad"]) == 2
    assert "no articles to analyze" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(InputError):
        analyze_path(tmp_path / "missing", tmp_path / "o")


def test_parquet_columns_named_like_internal_ones_scan_and_stream(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pl.DataFrame(
        {
            "article_id": ["p1"],
            "id": ["x"],
            "text": ["قال الرئيس جو بايدن إن 300 جندي في العراق."],
            "_row": [7],
            "path": ["/news/1"],
            "encoding": ["e"],
            "published": ["2021-01-02"],
            "date": ["2020-01-01"],
        }
    ).write_parquet(folder / "a.parquet")
    scanned = tk.scan_articles(folder).collect()
    loaded = load_articles(folder)
    for column in ("article_id", "id", "text", "path_field", "encoding_field", "date"):
        assert scanned[column].to_list() == loaded[column].to_list(), column
    assert scanned["_row"].to_list() == [7] and scanned["path_field"].to_list() == ["/news/1"]
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--no-progress"]) == 0
    assert read_results(tmp_path / "o")["entities"]["article_id"].to_list() == ["p1", "p1"]


def _folder(tmp_path: Path, name: str) -> Path:
    """A corpus with one good article and one kind of problem."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "good.md").write_text(
        "---\ntitle: خبر\n---\nقال الرئيس جو بايدن إن 2500 جندي أمريكي سيبقون في العراق.",
        encoding="utf-8",
    )
    if name == "jsonl":
        (folder / "a.jsonl").write_text('{"text": "نص"}\n{broken\n', encoding="utf-8")
    elif name == "csv":
        (folder / "a.csv").write_text("title,body\nعنوان,نص\n", encoding="utf-8")
    elif name == "parquet":
        pl.DataFrame({"text": [1, 2]}).write_parquet(folder / "a.parquet")
    elif name == "yaml":
        (folder / "bad.md").write_text("---\ntitle: [x\n---\nنص", encoding="utf-8")
    elif name == "duplicate":
        (folder / "sub").mkdir()
        (folder / "sub" / "good.txt").write_text("نص آخر", encoding="utf-8")
    elif name == "unsupported":
        (folder / "notes.docx").write_bytes(b"PK\x03\x04")
        (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    elif name == "loop":
        (folder / "sub").mkdir()
        os.symlink(folder, folder / "sub" / "loop")
    return folder


STRUCTURE = {
    "jsonl": "a.jsonl, line 2: malformed JSON",
    "csv": "a.csv: no 'text' column (columns: title, body)",
    "parquet": "a.parquet: the 'text' column has type Int64, not text",
    "yaml": "bad.md, line 2: front matter is not valid YAML",
    "duplicate": "good.txt: duplicate article_id 'good'",
    "unsupported": "notes.docx: unsupported file type '.docx'",
    "loop": "loop: symlink loop",
}


@pytest.mark.parametrize("name", STRUCTURE)
def test_bad_structure_through_the_analyze_command(tmp_path, capsys, name):
    corpus = _folder(tmp_path, name)
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert STRUCTURE[name] in err and "--skip-bad" in err
    assert not (out / "entities.parquet").exists()
    assert main(["analyze", str(corpus), "--out", str(out), "--skip-bad", "--no-progress"]) == 0
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    listed = [f"{Path(p['path']).name}" for p in report["problems"]]
    assert report["problems"] and any(STRUCTURE[name].startswith(n) for n in listed)
    assert STRUCTURE[name].split(": ", 1)[1][:20] in (out / "run_report.md").read_text("utf-8")
    assert report["articles"] >= 1
    if name == "unsupported":
        assert {"notes.docx", "scan.pdf"} <= set(listed)


def test_unsupported_files_beside_a_parquet_corpus_are_listed_too(tmp_path, capsys):
    """A Parquet-only corpus is streamed; files it cannot read must not pass in silence."""
    folder = tmp_path / "in"
    folder.mkdir()
    pl.DataFrame(
        {"article_id": ["p1"], "text": ["قال الرئيس إن 300 جندي في العراق."]}
    ).write_parquet(folder / "a.parquet")
    (folder / "notes.docx").write_bytes(b"PK")
    (folder / "README.md").write_text("# about", encoding="utf-8")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--no-progress"]) == 2
    assert "notes.docx: unsupported file type '.docx'" in capsys.readouterr().err
    out = tmp_path / "o2"
    assert main(["analyze", str(folder), "--out", str(out), "--skip-bad", "--no-progress"]) == 0
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["mode"] == "streamed Parquet" and report["articles"] == 1
    assert [Path(p["path"]).name for p in report["problems"]] == ["notes.docx"]


def test_a_parquet_corpus_streams_the_files_load_articles_reads(tmp_path):
    """One rule for both: a symlink loop and a broken link are problems when streamed too,
    and the files are read in load_articles' order (folder by folder, by name)."""
    folder = tmp_path / "in"
    (folder / "2021").mkdir(parents=True)
    text = "قال الرئيس إن 300 جندي في العراق."
    for name in ("2021/a.parquet", "2021-b.parquet"):
        article_id = name.replace("/", "_")
        pl.DataFrame({"article_id": [article_id], "text": [text]}).write_parquet(folder / name)
    os.symlink(folder, folder / "2021" / "loop")
    os.symlink(folder / "missing.parquet", folder / "broken.parquet")
    with pytest.raises(InputError, match=r"(?s)symlink loop.*broken symlink"):
        analyze_path(folder, tmp_path / "o")
    report = analyze_path(folder, tmp_path / "o", skip_bad=True)
    assert report["mode"] == "streamed Parquet"
    assert [Path(p["path"]).name for p in report["problems"]] == ["loop", "broken.parquet"]
    with pytest.warns(tk.CorpusWarning):
        order = load_articles(folder, errors="skip")["article_id"].to_list()
    assert order == ["2021_a.parquet", "2021-b.parquet"]
    streamed = read_results(tmp_path / "o")["entities"]["article_id"]
    assert streamed.unique(maintain_order=True).to_list() == order
