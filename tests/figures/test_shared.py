"""The shared parse (toolkit.figures.shared) gives exactly the figures of the reference."""

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.datasets import course_articles, heldout_passages
from toolkit.figures import (
    extract_figures,
)
from toolkit.figures.shared import INNER_PLACEHOLDERS, bare_form

BARE_TRICKY = [
    # placeholders (diacritics, tatweel) inside words, next to digits, clitics and identifiers
    "وَصَلَ نَحْوَ ٢٥٠٠ جُنْدِيٍّ أَمْرِيكِيٍّ وَثَلاثَةُ آلافٍ وَخَمْسُمِائَةِ عُنْصُرٍ إِضَافِيٍّ إلى العِرَاقِ.",
    "جنديـ12 و Fـ16 و F-ـ16 و كوفيدـ-19 و كوفيد-ـ19 والقرارـ 2334 والساعةُ 10:ـ30 و عـ:12 ـ12ـ",
    "ثلاثة ـ آلاف، ثلاثةـ آلاف، ثلاثةُ ـآلاف، وثـلاثـة آلاف، بـثلاثة آلاف، لـلـثلاثة، الأسبوعـين، شـهـريـن",
    "في ٥ كَانُونَ الثَّانِي/يَنَايِرَ ٢٠٢٠ و ١٥/٢/٢٠٢١ و ٣١ نِيسَان وَ ٢٩ شُبَاط ٢٠٢١ وَمِنْ ٢٠١٤ إِلَى ٢٠١٧",
    "بَيْنَ ٣٠٠ وَ ٥٠٠ جُنْدِيٍّ، أَكْثَرُ مِنْ ٢٠ ٪ وَ ١٠ فِي المِئَةِ، لا يَتَجَاوَزُ عَدَدُهُمْ ١٠٠٠ مُسْتَشَارٍ",
    "قَالَ النَّاتُو إِنَّ لَدَيْهِ قُوَّةً تَزِيدُ عَنْ ٣٠٠، ثُمَّ أَرْسَلَتِ الوِلايَاتُ المُتَّحِدَةُ ٥٠٠ جُنْدِيٍّ.",
    "عشـــرات الآلاف من الجنـــود و بضـعـة آلاف و مـئـات و ٢٫٥ ألـف و ٢٬٥٠٠ عـنـصـر و ١٢ شـهـراً تـقـريـبـاً",
    "ـ" * 70 + " 12 جندي " + "ـ" * 90 + "وَ" * 40 + " 7 أيام " + "ـَـ" * 50,
]


def _with_random_placeholders(text: str, rng) -> str:
    """``text`` with diacritics and tatweel put after random letters (and a few elsewhere)."""
    marks = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0640", "\u0640\u0640"]
    out = []
    for char in text:
        out.append(char)
        if (char.isalpha() and rng.random() < 0.3) or rng.random() < 0.02:
            out.append(rng.choice(marks))
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ـعبي1 -aاـ\u064eـ", max_size=40))
def test_bare_form_is_the_look_behind_split(window):
    parts = INNER_PLACEHOLDERS.split(window)
    found = bare_form(window) if "ـ" in window else None
    if len(parts) < 2:
        assert found is None
        return
    lengths = [len(p) for p in parts]
    at = [sum(lengths[0 : 2 * k + 1 : 2]) for k in range(len(parts) // 2)]
    removed = [sum(lengths[1 : 2 * k + 2 : 2]) for k in range(len(parts) // 2)]
    assert found == ("".join(parts[::2]), at, removed)


def test_windows_parsed_bare_give_the_same_figures():
    """A window is parsed without the placeholders inside its words, and windows that differ
    only there share the parse: the figures are exactly those of parsing every window as it
    is, on the course corpus, the held-out passages, hand-written tricky windows, texts with
    placeholders put at random, and a generated corpus."""
    import random
    import sys

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles as generated

    rng = random.Random(7)
    course = course_articles()
    noisy = course.with_columns(
        pl.Series("text", [_with_random_placeholders(t, rng) for t in course["text"]])
    )
    tricky = pl.DataFrame(
        {"article_id": [f"b{i}" for i in range(len(BARE_TRICKY))], "text": BARE_TRICKY}
    )
    corpora = [
        course,
        heldout_passages()[0],
        tricky,
        noisy,
        next(generated(2500, seed=11)).select("article_id", "text"),
    ]
    bare = [extract_figures(frame) for frame in corpora]
    for frame, found in zip(corpora, bare, strict=True):
        assert found.height > 0
        assert found.equals(extract_figures(frame, share=False))  # the reference
    assert bare[2]["surface"].str.contains("\u0640").any()
