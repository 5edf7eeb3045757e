"""The number grammar: parse_number and numbers joined by و."""

from pathlib import Path

import polars as pl
import pytest

from toolkit.figures import (
    extract_figures,
    parse_number,
)

HERE = Path(__file__).parents[1]
PHRASES = pl.read_csv(HERE / "data" / "figure_phrases.csv", infer_schema=False)
FIELDS = ("value", "low", "high", "qualifier", "kind", "unit")


def figures_of(*texts: str, **options) -> pl.DataFrame:
    frame = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return extract_figures(frame, **options)


def one(text: str) -> dict:
    found = figures_of(text)
    assert found.height == 1, found.select("surface", "value", "kind").rows()
    return found.row(0, named=True)


# --------------------------------------------------------------------------------------------
# The number grammar
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2500", 2500), ("٢٥٠٠", 2500), ("۲۵۰۰", 2500), ("2,500", 2500), ("٢٬٥٠٠", 2500),
        ("2.500", 2500), ("2.5", 2.5), ("٢٫٥", 2.5), ("1,250,000", 1250000),
        ("ثلاثة", 3), ("أحد عشر", 11), ("اثنتا عشرة", 12), ("تسعة عشر", 19), ("عشرون", 20),
        ("خمسة وعشرين", 25), ("مئة", 100), ("مائة", 100), ("مئتان", 200), ("مئتين", 200),
        ("ثلاثمئة", 300), ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("مئة وخمسون", 150),
        ("ألف", 1000), ("ألفان", 2000), ("ألفين", 2000), ("ألفا", 2000), ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000), ("عشرين ألفاً", 20000), ("ثلاثة آلاف وخمسمائة", 3500),
        ("ألفين وخمسمائة", 2500), ("مليون", 1e6), ("ثلاثة ملايين", 3e6), ("مليار", 1e9),
        ("مليون ومئتا ألف", 1.2e6), ("مئة وخمسون ألف", 150000), ("نصف مليون", 5e5),
        ("ربع مليون", 2.5e5), ("مليون ونصف", 1.5e6), ("2.5 ألف", 2500), ("3 آلاف", 3000),
        ("٣ ملايين", 3e6), ("2 مليون و500 ألف", 2.5e6), ("ثلاثة أرباع", 0.75),
        ("ألفان وخمسمائة وخمسة وعشرون", 2525), ("ثَلَاثَةُ آلَافٍ", 3000), ("ثلاثـــة آلاف", 3000),
    ],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "جندي", "2500 و3000", "ألفين وثلاثة آلاف", "عشرون وخمسة"])
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


def test_two_numbers_joined_by_wa_are_not_a_compound():
    rows = figures_of("بين ألفين وثلاثة آلاف جندي").select("value", "low", "high", "qualifier")
    assert rows.rows() == [(2000.0, 2000.0, 3000.0, "range")]
