"""Which files of a corpus are read (toolkit.corpus.files): the one rule of every reader."""

import os
from pathlib import Path

import polars as pl
import pytest

from toolkit import CorpusError, check_corpus, load_articles, scan_articles
from toolkit.corpus import corpus_files

ARABIC = "قال مسؤول عراقي إن نحو 2500 جندي أمريكي في العراق."


def test_symlink_loop_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARABIC, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    problems = check_corpus(tmp_path)
    assert any("symlink loop" in r for r in problems["reason"])


def test_readme_files_are_documentation(tmp_path):
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    assert load_articles(tmp_path)["article_id"].to_list() == ["a"]


def test_the_rule_read_skipped_and_problems(tmp_path):
    """Read: article formats, in sorted order folder by folder (following symbolic links).
    Skipped: hidden files and folders, README/LICENSE files. Problems: other file types,
    broken links, loops (and a folder reached twice)."""
    root = tmp_path / "corpus"
    (root / "2021").mkdir(parents=True)
    (root / "2021" / "b.txt").write_text(ARABIC, encoding="utf-8")
    (root / "2021-a.md").write_text(ARABIC, encoding="utf-8")
    (root / "C.PARQUET").write_bytes(b"")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text(ARABIC, encoding="utf-8")
    (root / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    (root / "README.md").write_text("# notes", encoding="utf-8")
    (root / "licence").write_text("MIT", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c.txt").write_text(ARABIC, encoding="utf-8")
    os.symlink(root / "gone.txt", root / "broken.txt")
    os.symlink(tmp_path / "elsewhere", root / "linked")
    os.symlink(root / "2021", root / "same")
    listing = corpus_files(root)
    names = [str(p.relative_to(root)) for p in listing.files]
    assert names == ["2021/b.txt", "2021-a.md", "C.PARQUET", "linked/c.txt"]
    assert [p.name for p in listing.unsupported] == ["notes.docx"]
    assert [p.name for p in listing.found] == [
        "b.txt",
        "2021-a.md",
        "C.PARQUET",
        "c.txt",
        "notes.docx",
    ]
    skipped = {Path(s.path).name: s.reason for s in listing.skipped}
    assert list(skipped) == [".git", ".hidden.txt", "README.md", "licence"]
    assert skipped[".git"].startswith("hidden") and skipped["licence"].startswith("documentation")
    reasons = [(Path(p.path).name, p.reason) for p in listing.all_problems()]
    assert reasons[0] == ("broken.txt", "broken symlink or special file")
    assert reasons[1] == ("same", "symlink loop: folder already visited")
    assert reasons[2][0] == "notes.docx" and "unsupported file type '.docx'" in reasons[2][1]
    assert len(reasons) == 3
    checked = check_corpus(root).with_columns(
        pl.col("path").map_elements(lambda p: Path(p).name, return_dtype=pl.String)
    )
    assert checked.select("path", "kind").rows() == [
        ("broken.txt", "problem"),
        ("same", "problem"),
        ("C.PARQUET", "problem"),
        ("notes.docx", "problem"),
        (".git", "skipped"),
        (".hidden.txt", "skipped"),
        ("README.md", "skipped"),
        ("licence", "skipped"),
    ]  # every file not read, each with its reason
    assert checked.filter(pl.col("kind") == "skipped")["reason"].to_list() == list(skipped.values())


def test_a_file_given_by_name_is_read_whatever_its_name(tmp_path):
    readme = tmp_path / "README.txt"
    readme.write_text(ARABIC, encoding="utf-8")
    assert corpus_files(readme).files == [readme]
    assert load_articles(readme)["article_id"].to_list() == ["README"]
    missing = corpus_files(tmp_path / "nope")
    assert missing.files == [] and "no such file" in missing.problems[0].reason


def test_scan_articles_follows_the_same_rule(tmp_path):
    """scan_articles reads the files load_articles reads: not hidden or README files."""
    pl.DataFrame({"text": ["نص"]}).write_parquet(tmp_path / "a.parquet")
    pl.DataFrame({"text": ["مخفي"]}).write_parquet(tmp_path / ".b.parquet")
    pl.DataFrame({"text": ["وثيقة"]}).write_parquet(tmp_path / "README.parquet")
    scanned = scan_articles(tmp_path).collect()
    assert scanned["text"].to_list() == load_articles(tmp_path)["text"].to_list() == ["نص"]
    with pytest.raises(CorpusError, match=r"no \.parquet"):
        scan_articles(tmp_path / "nope")
    checked = check_corpus(tmp_path)
    assert checked.filter(pl.col("kind") == "problem").height == 0
    assert sorted(Path(p).name for p in checked["path"]) == [".b.parquet", "README.parquet"]
