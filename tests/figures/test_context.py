"""The words around a number: qualifiers, kinds, negation, dates, force nouns."""

from datetime import date

import pytest
from figures_support import figures_of, one

# --------------------------------------------------------------------------------------------
# Qualifiers, kinds, negation, dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("يتجاوز عددهم خمسة آلاف جندي", "more_than"),
        ("لن يتجاوز عددهم خمسة آلاف جندي", "at_most"),
        ("لا يتجاوز خمسة آلاف جندي", "at_most"),
        ("ألا يتجاوز خمسة آلاف جندي", "at_most"),
        ("يقل عن خمسة آلاف جندي", "less_than"),
        ("لا يقل عن خمسة آلاف جندي", "at_least"),
        ("يزيد على خمسة آلاف جندي", "more_than"),
        ("لا يزيد على خمسة آلاف جندي", "at_most"),
    ],
)
def test_negation_flips_the_bound(text, qualifier):
    assert one(text)["qualifier"] == qualifier


def test_within_applies_to_durations_only():
    assert one("الانسحاب خلال 12 شهراً")["qualifier"] == "at_most"
    row = one("خلال عام 2020")
    assert (row["kind"], row["qualifier"], row["year"]) == ("date", "exact", 2020)


def test_dates():
    rows = figures_of("في 1 مارس / آذار أعلنت، وفي كانون الثاني / يناير 2020 قتل").rows(named=True)
    assert [(r["surface"], r["value"], r["month"], r["day"], r["year"]) for r in rows] == [
        ("1 مارس / آذار", 1.0, 3, 1, None),
        ("كانون الثاني / يناير 2020", 2020.0, 1, None, 2020),
    ]
    full = figures_of("في 31 كانون الأول/ديسمبر 2021 انتهت").rows(named=True)
    # one date, one figure: the day is its number, the phrase runs to the year
    assert [(r["surface"], r["value"], str(r["date_value"])) for r in full] == [
        ("31 كانون الأول/ديسمبر 2021", 31.0, "2021-12-31"),
    ]
    assert all(r["kind"] == "date" and r["unit"] is None for r in full)
    assert figures_of("في مايو أيار تولى").height == 0  # a month without a number


def test_impossible_dates_keep_their_parts_and_have_no_date_value():
    text = "في 29/02/2024 و31/04/2021 و30 شباط 2020 و29 شباط 2023 و29 شباط 2024"
    rows = figures_of(text).select("surface", "kind", "year", "month", "day", "date_value")
    assert rows.rows() == [
        ("29/02/2024", "date", 2024, 2, 29, date(2024, 2, 29)),
        ("31/04/2021", "date", 2021, 4, 31, None),
        ("30 شباط 2020", "date", 2020, 2, 30, None),
        ("29 شباط 2023", "date", 2023, 2, 29, None),
        ("29 شباط 2024", "date", 2024, 2, 29, date(2024, 2, 29)),
    ]


def test_nato_force_noun_before_the_number():
    row = one("الناتو – الذي لديه حاليا قوة تزيد عن 300 في العراق – يستعد")
    assert (row["kind"], row["qualifier"], row["subject"], row["subject_surface"]) == (
        "troops",
        "more_than",
        "nato",
        "الناتو",
    )
