"""Loading a corpus: formats, metadata, the articles frame, bad input, scanning."""

import datetime as dt
import json
import warnings

import polars as pl
import pytest

from toolkit import CorpusError, CorpusWarning, check_corpus, load_articles, scan_articles
from toolkit.corpus import ARTICLE_COLUMNS
from toolkit.datasets import DATA_DIR

ARABIC = "قال مسؤول عراقي إن نحو 2500 جندي أمريكي في العراق."


def test_seed_text_is_the_shared_file_exactly(seed, gold):
    text = seed["text"][0]
    shared = DATA_DIR.parent.parent / "shared" / "seed" / "000_4969ed8d5fc84dd6.txt"
    if shared.exists():
        assert text == shared.read_text(encoding="utf-8")
    for entity in gold[0]["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["surface"]


def test_seed_metadata_is_only_what_is_known(seed):
    row = seed.row(0, named=True)
    assert row["article_id"] == "000_4969ed8d5fc84dd6"
    assert row["language"] == "ar"
    assert row["published"] is None
    assert "Associated Press" in row["source"]
    assert row["title"]


def test_columns_and_types(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    frame = load_articles(tmp_path)
    for name, dtype in ARTICLE_COLUMNS.items():
        assert frame.schema[name] == dtype
    assert frame["article_id"].to_list() == ["a"]
    assert frame["text"][0] == ARABIC


def test_line_endings_become_newlines(tmp_path):
    (tmp_path / "a.txt").write_bytes("سطر\r\nسطر\rسطر".encode())
    assert load_articles(tmp_path)["text"][0] == "سطر\nسطر\nسطر"


def test_markdown_front_matter(tmp_path):
    (tmp_path / "x.md").write_text(
        "---\ntitle: عنوان\nsource: وكالة\ndate: 2021-03-04\nurl: https://example.org/a\n"
        "synthetic: true\n---\n" + ARABIC,
        encoding="utf-8",
    )
    row = load_articles(tmp_path).row(0, named=True)
    assert row["title"] == "عنوان"
    assert row["published"] == dt.date(2021, 3, 4)
    assert row["url"] == "https://example.org/a"
    assert row["synthetic"] is True
    assert row["text"] == ARABIC


def test_invalid_front_matter_is_reported(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nنص", encoding="utf-8")
    with pytest.raises(CorpusError, match="not valid YAML"):
        load_articles(tmp_path)


def test_jsonl_csv_parquet(tmp_path):
    rows = [
        {"article_id": "j1", "text": ARABIC, "source": "أ", "published": "2020-01-05"},
        {"article_id": "j2", "text": "نص آخر", "source": "ب", "published": None},
    ]
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        'text,title\n"سطر أول\nسطر ثان، مع ""اقتباس""",عنوان\n', encoding="utf-8"
    )
    pl.DataFrame({"text": ["نص باركيه"], "id": ["p1"]}).write_parquet(tmp_path / "c.parquet")
    frame = load_articles(tmp_path)
    assert frame["article_id"].to_list() == ["j1", "j2", "b-1", "p1"]
    assert frame["published"][0] == dt.date(2020, 1, 5)
    assert frame["text"][2] == 'سطر أول\nسطر ثان، مع "اقتباس"'


def test_malformed_jsonl_line_raise_and_skip(tmp_path):
    lines = ['{"text": "واحد"}', "{broken", '{"text": "ثلاثة"}']
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_articles(tmp_path)
    assert "a.jsonl, line 2" in str(info.value)
    with pytest.warns(CorpusWarning, match="line 2"):
        frame = load_articles(tmp_path, errors="skip")
    assert frame["text"].to_list() == ["واحد", "ثلاثة"]


def test_csv_without_text_column(tmp_path):
    (tmp_path / "a.csv").write_text("title,body\nx,y\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no 'text' column"):
        load_articles(tmp_path)


def test_parquet_text_of_wrong_type(tmp_path):
    pl.DataFrame({"text": [1, 2]}).write_parquet(tmp_path / "a.parquet")
    with pytest.raises(CorpusError, match="not text"):
        load_articles(tmp_path)


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "b.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "c.docx").write_bytes(b"PK")
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    problems = check_corpus(tmp_path)
    assert problems.columns == ["path", "line", "reason", "kind"]
    assert problems.height == 3
    assert any("unsupported file type '.docx'" in r for r in problems["reason"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = load_articles(tmp_path, errors="skip")
    assert frame["article_id"].to_list() == ["good"]
    assert len(caught) == 1 and "3 problem(s)" in str(caught[0].message)


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text("نص آخر", encoding="utf-8")
    with pytest.raises(CorpusError, match="duplicate article_id 'same'"):
        load_articles(tmp_path)


def test_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_articles(tmp_path / "nope")


def test_errors_argument_is_checked(tmp_path):
    with pytest.raises(ValueError, match="errors must be"):
        load_articles(tmp_path, errors="ignore")


def test_scan_articles_is_lazy_and_matches_load(tmp_path):
    frame = pl.DataFrame(
        {"text": ["نص أول", "نص\r\nثان"], "published": ["2021-01-02", None], "source": ["أ", "ب"]}
    )
    frame.write_parquet(tmp_path / "c.parquet")
    lazy = scan_articles(tmp_path)
    assert isinstance(lazy, pl.LazyFrame)
    scanned = lazy.collect()
    loaded = load_articles(tmp_path)
    for column in ["article_id", "text", "source", "published"]:
        assert scanned[column].to_list() == loaded[column].to_list()


def test_a_text_column_of_another_name(tmp_path):
    """text_column= names the text in table files; a column named text is kept as
    text_field; load_articles, check_corpus and scan_articles agree."""
    pl.DataFrame({"id": ["p"], "body": [ARABIC], "text": ["x"]}).write_parquet(
        tmp_path / "a.parquet"
    )
    (tmp_path / "b.jsonl").write_text(
        '{"id": "j", "body": "نص الخبر"}\n{"id": "k", "text": "بلا متن"}\n', encoding="utf-8"
    )
    problems = check_corpus(tmp_path, text_column="body")
    assert problems.rows() == [(str(tmp_path / "b.jsonl"), 2, "no 'body' field", "problem")]
    with pytest.warns(CorpusWarning):
        articles = load_articles(tmp_path, text_column="body", errors="skip")
    assert articles.select("article_id", "text", "text_field").rows() == [
        ("p", ARABIC, "x"),
        ("j", "نص الخبر", None),
    ]
    scanned = scan_articles(tmp_path / "a.parquet", text_column="body").collect()
    assert scanned.select("text", "text_field").row(0) == (ARABIC, "x")
    assert "no 'text' field" in check_corpus(tmp_path)["reason"].to_list()
