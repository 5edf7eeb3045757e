"""Normalization of the Persian letters names are written with in Arabic copy."""

import polars as pl
import pytest

from toolkit.arabic import normalize, normalize_expr


@pytest.mark.parametrize(
    ("persian", "arabic"),
    [
        ("عراقچی", "عراقجي"),  # Abbas Araghchi, as Iranian agencies write him
        ("بزشکیان", "بزشكيان"),  # Masoud Pezeshkian
        ("بارزانی", "بارزاني"),
        ("گلپایگانی", "كلبايكاني"),
        ("ژاله", "زاله"),
        ("ڤيينا", "فيينا"),
    ],
)
def test_persian_letters_read_as_arabic(persian, arabic):
    assert normalize(persian) == normalize(arabic)
    frame = pl.DataFrame({"w": [persian]})
    assert frame.select(normalize_expr("w")).item() == normalize(arabic)
    assert normalize(persian, persian_letters=False) != normalize(arabic)
