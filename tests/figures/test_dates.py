"""One date, one figure: every month form of months.csv, alone or paired with its other names
(كانون الثاني/يناير and يناير/كانون الثاني), with and without the day and the year, on both
paths (the reference and the compiled kernels)."""

import datetime as dt
from itertools import permutations

import polars as pl
import pytest

from toolkit.figures import extract_figures
from toolkit.lexicons.figures import load_months

SEPARATORS = ["/", " / ", " - ", " ", "@"]  # "@": the second name in brackets, آذار (مارس)
DAYS = ["3", "٢٨"]
YEARS = ["2020", "٢٠٢١"]
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _spellings(name: str) -> list[str]:
    """The name as months.csv writes it (normalized) and with a hamza on its first alef."""
    if name.startswith("ا"):
        return [name, "أ" + name[1:], "آ" + name[1:]]
    return [name]


def month_phrases() -> list[tuple[str, int]]:
    """Every month form of the file, alone and paired with each other form of its month."""
    months = load_months().select("name", "month").rows()
    phrases = [(spelling, m) for name, m in months for spelling in _spellings(name)]
    for (first, m), (second, n) in permutations(months, 2):
        if m == n:
            for separator in SEPARATORS:
                joined = f"{first} ({second})" if separator == "@" else first + separator + second
                phrases.append((joined, m))
    return phrases


def cases() -> list[dict]:
    rows = []
    for n, (month_text, month) in enumerate(month_phrases()):
        day = DAYS[n % 2]
        year = YEARS[(n // 2) % 2]
        for with_day in (True, False):
            for with_year in (True, False):
                date = " ".join(
                    ([day] if with_day else []) + [month_text] + ([year] if with_year else [])
                )
                rows.append(
                    {
                        "article_id": f"d{len(rows):05d}",
                        "text": f"وصلت القوات في {date} إلى بغداد.",
                        "date": date,
                        "month": month,
                        "day": int(day.translate(ARABIC_DIGITS)) if with_day else None,
                        "year": int(year.translate(ARABIC_DIGITS)) if with_year else None,
                        "day_text": day if with_day else None,
                    }
                )
    return rows


CASES = pl.DataFrame(cases())


def test_the_cases_cover_the_month_file():
    months = load_months()
    assert CASES["month"].n_unique() == 12
    for name in months["name"]:
        assert CASES.filter(pl.col("date").str.contains(name, literal=True)).height >= 4
    # both orders of the two calendars' names, each with and without the day and the year
    for pair in ("كانون الثاني/يناير", "يناير/كانون الثاني", "اذار/مارس", "مارس/اذار"):
        found = CASES.filter(pl.col("date").str.contains(pair, literal=True))
        shapes = {
            (day is not None, year is not None) for day, year in found.select("day", "year").rows()
        }
        assert len(shapes) == 4, pair


@pytest.mark.parametrize("compiled", [False, True], ids=["reference", "compiled"])
def test_one_date_one_figure(compiled):
    figures = extract_figures(CASES.select("article_id", "text"), compiled=compiled)
    found = CASES.join(figures, on="article_id", how="left", suffix="_found")
    counts = dict(figures.group_by("article_id").len().iter_rows())
    problems = []
    for row in found.iter_rows(named=True):
        dated = row["day"] is not None or row["year"] is not None
        count = counts.get(row["article_id"], 0)
        if not dated:
            if count:
                problems.append((row["date"], "a month name alone is no figure"))
            continue
        if count != 1:
            problems.append((row["date"], f"{count} figures"))
            continue
        expected_value = row["day"] if row["day"] is not None else row["year"]
        number = row["day_text"] if row["day"] is not None else row["date"].split()[-1]
        text = row["text"]
        checks = {
            "surface": row["surface"] == row["date"] == text[row["start"] : row["end"]],
            "number": text[row["number_start"] : row["number_end"]] == number,
            "kind": row["kind"] == "date" and row["unit"] is None,
            "value": row["value"] == expected_value,
            "parts": (row["year_found"], row["month_found"], row["day_found"])
            == (row["year"], row["month"], row["day"]),
            "date_value": row["date_value"]
            == (
                dt.date(row["year"], row["month"], row["day"])
                if row["year"] is not None and row["day"] is not None
                else None
            ),
        }
        problems += [(row["date"], name) for name, ok in checks.items() if not ok]
    assert not problems, problems[:20]


@pytest.mark.parametrize("compiled", [False, True], ids=["reference", "compiled"])
def test_a_date_among_other_figures(compiled):
    """The year read into the date leaves the figures after it alone."""
    text = (
        "وفي 5 كانون الثاني/يناير 2020 صوّت البرلمان على إخراج نحو 5200 جندي أمريكي، "
        "ثم قال في 9 كانون الأول 2021 إن 2500 جندي سيبقون لمدة 3 أشهر."
    )
    figures = extract_figures(
        pl.DataFrame({"article_id": ["a"], "text": [text]}), compiled=compiled
    )
    assert figures.select("surface", "value", "kind").rows() == [
        ("5 كانون الثاني/يناير 2020", 5.0, "date"),
        ("نحو 5200 جندي", 5200.0, "troops"),
        ("9 كانون الأول 2021", 9.0, "date"),
        ("2500 جندي", 2500.0, "troops"),
        ("3 أشهر", 3.0, "duration"),
    ]
    assert figures["date_value"].to_list()[::2] == [
        dt.date(2020, 1, 5),
        dt.date(2021, 12, 9),
        None,
    ]
