"""Reading each format: structure the formats allow, fields named like the loader's own
columns, YAML front matter errors, and front matter that cannot expand or run code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
import yaml

import toolkit as tk
from toolkit import check_corpus, load_articles


def test_jsonl_lines_that_json_cannot_hold_are_problems(tmp_path):
    lines = [
        '{"text": "واحد"}',
        '{"text": "bad \\ud800 escape"}',  # an unpaired surrogate: no character
        "[" * 50_000,  # nested too deeply for the parser
        '{"text": "n", "n": 1' + "0" * 5000 + "}",  # an integer beyond Python's limit
        '{"text": "😀 \\ud83d\\ude00 paired"}',  # a paired escape is a character
        '"just a string"',
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    problems = check_corpus(tmp_path)
    assert problems["line"].to_list() == [2, 3, 4, 6]
    assert "unpaired surrogate" in problems["reason"][0]
    assert "nested too deeply" in problems["reason"][1]
    with pytest.warns(tk.CorpusWarning, match="4 problem"):
        frame_ = load_articles(tmp_path, errors="skip")
    assert frame_["text"].to_list() == ["واحد", "😀 😀 paired"]


def test_a_csv_field_larger_than_the_csv_module_limit(tmp_path):
    text = "قال المسؤول إن القوات ستبقى. " * 10_000  # 290,000 characters in one field
    with (tmp_path / "big.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["article_id", "text"], ["big", text]])
    limit = csv.field_size_limit()
    assert load_articles(tmp_path)["text"][0] == text
    assert csv.field_size_limit() == limit  # the module's limit is put back


def test_csv_with_crlf_quotes_and_newlines_inside_fields(tmp_path):
    rows = [
        ["article_id", "title", "text"],
        ["c1", 'عنوان "مقتبس"', 'سطر أول\r\nسطر ثان، مع "اقتباس" و,فاصلة'],
        ["c2", "", "«نص» آخر"],
    ]
    with (tmp_path / "a.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    loaded = load_articles(tmp_path)
    assert loaded["text"].to_list() == ['سطر أول\nسطر ثان، مع "اقتباس" و,فاصلة', "«نص» آخر"]
    assert loaded["title"].to_list() == ['عنوان "مقتبس"', None]


def test_fields_named_like_the_loaders_own_columns_are_kept(tmp_path):
    """A field called path, encoding or _row in the data is kept (as ``<name>_field`` for the
    two the loader sets itself), and an article_id of 0 is an id."""
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"article_id": 0, "text": "نص", "path": "/news/1", "encoding": "x", "_row": 9})
        + "\n",
        encoding="utf-8",
    )
    pl.DataFrame({"text": ["نص آخر"], "_row": [7], "path": ["p"], "encoding": ["e"]}).write_parquet(
        tmp_path / "b.parquet"
    )
    (tmp_path / "c.md").write_text("---\ntext: ملخص\npath: q\n---\nالنص", encoding="utf-8")
    loaded = load_articles(tmp_path)
    assert loaded["article_id"].to_list() == ["0", "b-1", "c"]
    assert loaded["path_field"].to_list() == ["/news/1", "p", "q"]
    assert loaded["encoding_field"].to_list() == ["x", "e", None]
    assert loaded["_row"].to_list() == ["9", "7", None]
    assert loaded["text_field"].to_list() == [None, None, "ملخص"]
    assert loaded["encoding"].to_list() == ["utf-8", "parquet", "utf-8"]
    assert all(p.startswith(str(tmp_path)) for p in loaded["path"])


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("published: 2020-13-45", "value YAML cannot read: month must be in 1..12"),
        ("date: 2021-02-30", "day is out of range"),
        ("x: !!int zz", "value YAML cannot read"),
        ("title: [unclosed", "not valid YAML"),
        ("- a list\n- not a mapping", "not a mapping"),
        ("title: " + "[" * 1000, "nested too deeply"),
        ("title: '\\ud800'", "title"),  # single quotes: no escape, a plain string
        ('title: "\\ud800"', "unpaired surrogate"),
    ],
)
def test_front_matter_yaml_errors_are_problems(tmp_path, front, reason):
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\nنص المقال", encoding="utf-8")
    if reason == "title":
        assert load_articles(tmp_path)["title"][0] == "\\ud800"
        return
    problems = check_corpus(tmp_path)
    assert problems.height == 1 and reason in problems["reason"][0], problems["reason"][0]


def test_front_matter_aliases_cannot_explode(tmp_path):
    """Nested YAML aliases ("billion laughs") would make 300 bytes into 9^9 values."""
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.md").write_text("\n".join(lines) + "\n---\nنص", encoding="utf-8")
    problems = check_corpus(tmp_path)
    assert "aliases (*name) are not allowed" in problems["reason"][0]
    assert problems["line"][0] == 3  # the line of the first alias in the file


def test_front_matter_cannot_run_code(tmp_path):
    marker = tmp_path / "PWNED"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nنص",
        encoding="utf-8",
    )
    problems = check_corpus(tmp_path)
    assert "could not determine a constructor" in problems["reason"][0]
    assert not marker.exists()


def test_yaml_is_read_with_a_safe_loader():
    from toolkit.corpus import FrontMatterLoader, read

    source = Path(read.__file__).read_text(encoding="utf-8")
    assert "yaml.safe_load" in source or "FrontMatterLoader(" in source
    assert issubclass(FrontMatterLoader, yaml.SafeLoader)
    for name in ("python/object/apply", "python/name", "python/module"):
        assert not any(tag and name in tag for tag in FrontMatterLoader.yaml_constructors)
