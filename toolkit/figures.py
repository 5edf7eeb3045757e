"""Numeric figures: numbers, qualifiers, counted nouns, dates and whose force a figure counts.

How a figure is found
---------------------
1. **Candidates, vectorized.** Every article is normalized *without changing its length*
   (diacritics and tatweel become a placeholder, أ إ آ become ا, ى becomes ي, Eastern
   Arabic-Indic and Persian digits become ASCII), and one polars regex cuts it into pieces
   that each end in a number token: a run of digits with its separators, or a word from the
   number-word lexicon (ثلاثة، آلاف، عشرات، شهرين …) with its clitics. Nearby tokens in one
   sentence are grouped (a group spans at most 1,000 characters) and given a window of
   context around them, so work and memory grow linearly with the length of an article or
   of a sentence.
2. **Parsing, in Python, only on those windows**, each distinct window once (news repeats
   its phrases), and windows that differ only in the diacritics and tatweel inside their
   words share one parse (the grammar reads no word with them). A small grammar reads
   the number (``ثلاثة آلاف وخمسمائة`` = 3500, ``2.5 ألف`` = 2500, ``عشرات الآلاف`` = 20,000–99,999),
   then the words around it: a qualifier before it (نحو، أكثر من، لا يتجاوز …) or after it
   (تقريباً، على الأقل، إضافي), the counted noun (جندي → troops, شهر → duration, دولار →
   money, % → percent), a month name (→ date), a second number (بين X و Y → range), and a
   nisba on the noun (جندي أمريكي → ``us_administration``).
3. **Subjects from entities.** A troop figure without a nisba takes the party of an entity
   right after its noun (عناصر التحالف الدولي) or, failing that, of the nearest entity before
   it in the same clause that is not a place after في/ب (الناتو … لديه قوة تزيد عن 300); if
   there is none the subject stays null rather than a guess. The entities are extracted
   from each clause (with ``gazetteer=``, the shipped gazetteer by default; only clauses that
   contain one of its party aliases are read), or taken from ``mentions=`` when the caller
   already has them (then every mention with a party counts, whatever lexicon gave it).

Conventions (those of the seed gold, ``data/gold``)
--------------------------------------------------
``value`` is the number as written; ``low``/``high`` carry bounds: ``more_than`` and
``at_least`` set ``low``, ``less_than`` and ``at_most`` set ``high``, ``range`` and ``vague``
set both (and ``value`` is ``low``). ``في غضون``/``خلال`` before a duration read as
``at_most`` (within). Every written number is a figure of its own, so a date gives one figure
per number: ``كانون الثاني / يناير 2020`` gives 2020, ``1 مارس / آذار`` gives 1, and
``5 كانون الثاني/يناير 2020`` gives two figures, 5 (the day with its month) and 2020 (the
year). Both carry the date's known parts in ``year``, ``month`` and ``day``, and
``date_value`` when all three are known and make a real date (31 نيسان or 29 شباط 2021 keep
their parts as written, with a null ``date_value``); a date's ``unit`` is null (as in the
gold).
"""

from __future__ import annotations

import math
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import accumulate, repeat
from operator import add, itemgetter
from typing import NamedTuple

import polars as pl

from toolkit.arabic import normalization_map, sentence_spans
from toolkit.entities import extract_entities
from toolkit.evaluate import gold_frame, load_gold, span_scores
from toolkit.lexicons import stopwords

__all__ = [
    "FIGURE_KINDS",
    "FIGURE_SCHEMA",
    "QUALIFIERS",
    "compare_figures",
    "evaluate_figures",
    "evaluate_phrases",
    "extract_figures",
    "figure_intervals",
    "parse_number",
]

#: The qualifiers a figure can carry.
QUALIFIERS = (
    "exact",
    "approx",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "additional",
    "range",
    "vague",
)

#: The kinds of figure.
FIGURE_KINDS = ("troops", "duration", "date", "percent", "money", "count")

#: The columns of :func:`extract_figures`, in order.
FIGURE_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "number_start": pl.Int64,
    "number_end": pl.Int64,
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "qualifier": pl.String,
    "kind": pl.String,
    "unit": pl.String,
    "noun": pl.String,
    "subject": pl.String,
    "subject_surface": pl.String,
    "date_value": pl.Date,
    "year": pl.Int64,
    "month": pl.Int64,
    "day": pl.Int64,
    "sentence_start": pl.Int64,
    "sentence_end": pl.Int64,
}

# --------------------------------------------------------------------------------------------
# Lexicon (all keys in normalized form: no diacritics or tatweel, ا for أ إ آ, ي for ى)
# --------------------------------------------------------------------------------------------

_UNITS = {
    "واحد": 1, "واحدة": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "اثنتي": 2, "ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6,
    "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
}  # fmt: skip
_TEN = {"عشر": 10, "عشرة": 10}
_TENS = {
    stem + ending: value
    for stem, value in [
        ("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
        ("ثمان", 80), ("تسع", 90),
    ]
    for ending in ("ون", "ين")
}  # fmt: skip
_HUNDRED = {"مئة": 100, "مائة": 100, "ماية": 100, "مئه": 100, "مائه": 100}
_HUNDREDS = {
    f"{stem}{h}": value * 100
    for stem, value in [
        ("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8),
        ("ثماني", 8), ("تسع", 9),
    ]
    for h in ("مئة", "مائة", "مئه", "مائه")
} | {f"{m}{e}": 200 for m in ("مئت", "مائت") for e in ("ان", "ين", "ا", "ي")}  # fmt: skip
_SCALES = {"الف": 1e3, "مليون": 1e6, "مليار": 1e9, "بليون": 1e9}
_PLURAL_SCALES = {"الاف": 1e3, "الوف": 1e3, "ملايين": 1e6, "مليارات": 1e9}
_DUAL_SCALES = {
    "الفان": 1e3, "الفين": 1e3, "الفا": 1e3, "الفي": 1e3, "مليونان": 1e6, "مليونين": 1e6,
    "مليونا": 1e6, "مليوني": 1e6, "ملياران": 1e9, "مليارين": 1e9, "مليارا": 1e9, "ملياري": 1e9,
}  # fmt: skip
# Accusative singulars that look like construct duals: عشرون ألفاً (20,000) v. ألفا جندي (2,000).
_AMBIGUOUS_DUALS = {"الفا", "مليونا", "مليارا"}
_VAGUE = {
    "عشرات": (20, 99), "مئات": (200, 999), "الاف": (2000, 9999),
    "الوف": (2000, 9999), "ملايين": (2_000_000, 9_999_999),
    "مليارات": (2_000_000_000, 9_999_999_999), "بضعة": (3, 9), "بضع": (3, 9),
}  # fmt: skip
# Definite plural scales after عشرات/مئات/بضعة: عشرات الآلاف = 20,000–99,999.
_VAGUE_SCALES = {
    "الالاف": 1e3, "الاف": 1e3, "الوف": 1e3, "الملايين": 1e6, "ملايين": 1e6, "المليارات": 1e9,
    "مليارات": 1e9, "مئات": 100,
}  # fmt: skip
_FRACTIONS = {"نصف": 0.5, "ثلث": 1 / 3, "ربع": 0.25, "ثلثا": 2 / 3, "ثلثي": 2 / 3}
# Plural fractions after a numerator: ثلاثة أرباع (3/4), خمسة أعشار (5/10).
_PLURAL_FRACTIONS = {"ارباع": 0.25, "اثلاث": 1 / 3, "اخماس": 0.2, "اعشار": 0.1}

_DURATION_NOUNS = {
    **dict.fromkeys(["يوم", "ايام", "يومين", "يومان"], "day"),
    **dict.fromkeys(["اسبوع", "اسابيع", "اسبوعين", "اسبوعان"], "week"),
    **dict.fromkeys(["شهر", "اشهر", "شهور", "شهرين", "شهران"], "month"),
    **dict.fromkeys(["عام", "اعوام", "عامين", "عامان", "سنة", "سنوات", "سنين", "سنتين"], "year"),
    **dict.fromkeys(["سنتان", "سنه", "حول"], "year"),
    **dict.fromkeys(["ساعة", "ساعات", "ساعتين", "ساعتان", "ساعه"], "hour"),
    **dict.fromkeys(["دقيقة", "دقائق", "دقيقتين", "دقيقه"], "minute"),
    **dict.fromkeys(["عقد", "عقود", "عقدين"], "decade"),
}
_DUAL_NOUNS = {
    **{k: ("duration", u) for k, u in _DURATION_NOUNS.items() if k.endswith(("ين", "ان"))},
    "جنديين": ("troops", "soldier"),
    "جنديان": ("troops", "soldier"),
}
_DUAL_NOUNS = {k: v for k, v in _DUAL_NOUNS.items() if k not in {"ايام", "سنين"}}
# A singular duration noun after a qualifier counts one unit: أقل من أسبوع، نحو عام.
_SINGLE_DURATIONS = {"يوم", "اسبوع", "شهر", "عام", "سنة", "ساعة", "عقد"}
_TROOP_NOUNS = set(
    """
    جندي جنود جنديين جنديان جندية مجند مجندين مجندون عسكري عسكريين عسكريون عنصر عناصر
    مستشار مستشارين مستشارون مقاتل مقاتلين مقاتلون ضابط ضباط مدرب مدربين مدربون فرد افراد
    بحار بحارة طيار طيارين مارينز كوماندوز عسكر جند قوات
    """.split()
)
_MONEY_NOUNS = {
    **dict.fromkeys(["دولار", "دولارات"], "USD"),
    **dict.fromkeys(["دينار", "دنانير"], "IQD"),
    **dict.fromkeys(["يورو"], "EUR"),
}
# Nouns of a force that may come before its number: قوة تزيد عن 300، عدد القوات نحو 2500.
_FORCE_NOUNS = {"قوة", "قوات", "جنود", "عناصر", "عسكريين", "قوه", "جند"}
# Nouns after which a number is an identifier, not a figure: القرار 2334، المادة 61.
_IDENTIFIER_NOUNS = set(
    """
    رقم القرار قرار المادة مادة الفقرة البند القانون قانون اللواء الفرقة الكتيبة الطريق
    الفصل الصفحة صفحة طراز فئة الساعة ساعة الحزمة المرحلة الجولة الدورة القاعدة قاعدة
    """.split()
)
_IDENTIFIER_STEMS = frozenset(
    n[2:] if n.startswith("ال") and len(n) > 4 else n for n in _IDENTIFIER_NOUNS
)

_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "افريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9,
}  # fmt: skip
_MONTH_PAIRS = {
    ("كانون", "الثاني"): 1,
    ("كانون", "الاول"): 12,
    ("تشرين", "الاول"): 10,
    ("تشرين", "الثاني"): 11,
}
_YEAR_CONTEXT = set(
    """
    عام العام سنة السنة عامي في منذ حتي بحلول مطلع اوائل اواخر نهاية بداية منتصف خلال قبل
    بعد ربيع صيف خريف شتاء الي لعام بعام وعام وفي ومنذ وحتي عامَي اعوام
    """.split()
)
_PERCENT_SIGNS = {"%", "٪"}

_NISBA = [
    (re.compile(r"^(?:ال)?(?:امريكي|اميركي|امريكان)(?:ة|ه|ين|ون|ان|تين)?$"), "us_administration"),
    (re.compile(r"^(?:ال)?عراقي(?:ة|ه|ين|ون|ان)?$"), "iraqi_government"),
    (re.compile(r"^(?:ال)?ايراني(?:ة|ه|ين|ون|ان)?$"), "iran"),
    (re.compile(r"^(?:ال)?(?:كردي|كوردي)(?:ة|ه|ين|ون)?$|^(?:ال)?بيشمركة$"), "kurdistan_region"),
    (re.compile(r"^(?:ال)?اطلسي(?:ة|ه|ين|ون)?$"), "nato"),
    (
        re.compile(
            r"^(?:ال)?(?:بريطاني|تركي|فرنسي|الماني|دنماركي|ايطالي|اسباني|كندي|استرالي|روسي"
            r"|سوري|اسرائيلي|سعودي|اردني|كويتي|بولندي|هولندي|نرويجي|اجنبي)(?:ة|ه|ين|ون|ان)?$"
        ),
        None,
    ),
]

# Qualifiers read off the words just before the number (joined keys, matched at the end).
# A word that may stand between a qualifier verb and its number: لا يتجاوز عددهم 1000،
# لن تتجاوز القوة 2500.
_FILLER = r"(?: (?:عدد\S*|قوام\S*|حجم\S*|(?:ال)?قو(?:ة|ه|ات)|(?:ال)?جنود|(?:ال)?عناصر))?"
# Before عن/على any one word may be the verb's subject: لا تقل النسبة عن 20.
_SUBJECT = r"(?: \S+)?"
_LEFT_QUALIFIERS = [
    ("at_least", rf"(?:[وفب]?ما )?[وف]?(?:لا|لن|لم|الا) [يت]قل(?:ون)?{_SUBJECT} (?:عن|علي)"),
    (
        "at_most",
        rf"(?:[وفب]?ما )?[وف]?(?:لا|لن|لم|الا) [يت](?:تجاوز|تعدي|تخطي|زيد|فوق)(?:ون|ا)?{_SUBJECT}"
        r" (?:عن|علي)",
    ),
    (
        "at_most",
        rf"(?:[وفب]?ما )?[وف]?(?:لا|لن|لم|الا) [يت](?:تجاوز|تعدي|تخطي|فوق)(?:ون|ا)?{_FILLER}",
    ),
    ("at_most", r"(?:ب|ك)?حد اقصي"),
    ("at_least", r"علي الاقل|(?:ب|ك)?حد ادني"),
    ("more_than", rf"(?:[وفب]?ما )?[وف]?[يت]زيد(?:ون)?{_SUBJECT} (?:عن|علي)"),
    (
        "more_than",
        rf"(?:[وفب]?ما )?[وف]?[يت]?(?:تجاوز|تخطي|فوق|جاوز|تعدي)(?:ت|ون|ا)?{_FILLER}(?: (?:عتبة|حاجز))?",
    ),
    ("more_than", r"[وف]?(?:فاق|فاقت|يربو علي)"),
    ("more_than", r"[وفبل]?(?:اكثر|ازيد|اعلي) من"),
    ("less_than", r"[وفبل]?(?:اقل|ادني) من"),
    ("less_than", r"(?<!من )(?:[وفب]?ما )?دون"),
    ("less_than", rf"[وف]?[يت]قل(?:ون)?{_SUBJECT} (?:عن|علي)"),
    ("approx", r"(?:[وفب]?ما )?[وف]?(?:[يت]قارب|[يت]ناهز)(?:ون)?(?: (?:عدد\S*))?"),
    ("approx", r"(?:[وفب]?ما )?[وف]?[يت]قرب من"),
    ("approx", r"[وفبل]?(?:نحو|حوالي|حوالى|قرابة|قرابه|زهاء|تقريبا)"),
    ("approx", r"في حدود"),
    ("within", r"(?:في )?[وف]?غضون|[وفل]?خلال|[وف]?ضمن"),
]
# One regex for all of them, each alternative a named group; the match that starts first (the
# longest context before the number: لا يقل عن rather than يقل عن) decides.
_LEFT_RE = re.compile(
    "(?:^| )(?:" + "|".join(f"(?P<q{n}>{p})" for n, (_, p) in enumerate(_LEFT_QUALIFIERS)) + ")$"
)
_CHANGE_WORDS = re.compile(
    r"(?:خفض|تخفيض|تقليص|تقليل|خفض|رفع|زياد|توسيع|ارتفع|انخفض|تراجع|ارتفاع|انخفاض|تقلص|قلص|"
    r"يوسع|توسع|زاد|ازداد|تحول|نقل|سحب)"
)
_STOP_CONNECTORS = {"،", ",", "؛", ";", ":", ".", "!", "?", "؟", "(", ")", "«", "»", '"', "“"}
_STOP_CONNECTORS |= {"”"}
_ADDITIONAL_RE = re.compile(r"^[و]?(?:ال)?اضافي(?:ة|ه|ين|ون|ان)?$")


def _number_words() -> dict[str, tuple[str, float]]:
    words: dict[str, tuple[str, float]] = {}
    for table, kind in [
        (_UNITS, "unit"),
        (_TEN, "ten"),
        (_TENS, "tens"),
        (_HUNDRED, "hundred"),
        (_HUNDREDS, "hundreds"),
        (_SCALES, "scale"),
        (_PLURAL_SCALES, "pscale"),
        (_DUAL_SCALES, "dscale"),
        (_FRACTIONS, "fraction"),
        (_PLURAL_FRACTIONS, "pfraction"),
    ]:
        for key, value in table.items():
            words.setdefault(key, (kind, float(value)))
    for key in _VAGUE:
        words.setdefault(key, ("vague", 0.0))
    for key in _DUAL_NOUNS:
        words.setdefault(key, ("dual", 2.0))
    for key in _SINGLE_DURATIONS:
        words.setdefault(key, ("single", 1.0))
    return words


_WORDS = _number_words()
_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
# The article may come before a dual noun only: خلال الأسبوعين الماضيين.
_DUAL_ARTICLES = ("ال", "وال", "بال", "لل", "فال", "وبال", "ولل")


@cache
def _lookup(key: str) -> tuple[str, float, str, str] | None:
    """A number word: ``(type, value, clitic, body)`` or ``None``."""
    for clitic in _CLITICS:
        if not key.startswith(clitic):
            continue
        body = key[len(clitic) :]
        if clitic and len(body) < 3:
            continue
        if body in _WORDS:
            kind, value = _WORDS[body]
            return kind, value, clitic, body
    for article in _DUAL_ARTICLES:
        body = key[len(article) :]
        if key.startswith(article) and body in _DUAL_NOUNS:
            return "dual", 2.0, article, body
    return None


# --------------------------------------------------------------------------------------------
# Normalization that keeps every offset
# --------------------------------------------------------------------------------------------

_PLACEHOLDER = "\u0640"  # tatweel: a letter-like character, so words stay whole


@cache
def _length_preserving_table() -> dict[str, str]:
    """Character map of :func:`toolkit.normalize` in which every entry keeps its length."""
    table = {}
    for char, out in normalization_map().items():
        if len(char) != 1:
            continue
        if out == "":
            table[char] = _PLACEHOLDER
        elif len(out) == 1:
            table[char] = out
    table.pop(_PLACEHOLDER, None)
    return table


def _prenormalize(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(_length_preserving_table())


# --------------------------------------------------------------------------------------------
# Candidate finding (vectorized)
# --------------------------------------------------------------------------------------------


def _interleave(word: str) -> str:
    return f"{_PLACEHOLDER}*".join(re.escape(c) for c in word)


@cache
def _anchor_patterns() -> str:
    """The number tokens: a run of digits, or a number word (with its clitics) after a
    character that is not part of a word."""
    forms = sorted(_WORDS, key=len, reverse=True)
    words = "|".join(_interleave(w) for w in forms)
    digits = r"[0-9]+(?:[.,٫٬][0-9]+)*"
    word = rf"[وف]?[بل]?(?:ال|ل)?{_PLACEHOLDER}*(?:{words})\w*"
    return rf"{digits}|(?:^|[^\w]){word}"


# Context read around a group of number tokens, and the gap that starts a new group (chars).
_WINDOW_LEFT = 64
_WINDOW_RIGHT = 80
_CLUSTER_GAP = 40
# The longest stretch of text one group of tokens may cover (longer runs are cut).
_CLUSTER_SPAN = 1000
_MARK = "\x00"


def _candidates(articles: pl.LazyFrame) -> pl.LazyFrame:
    """Number tokens: ``article_id``, ``start``, ``end`` (offsets into the text).

    One regex pass puts a mark before every token; split at the marks, each piece after the
    first starts with a token, and the pieces' lengths give the offsets.
    """
    anchors = _anchor_patterns()
    size = pl.col("piece").str.len_chars().cast(pl.Int64)
    matched = pl.col("piece").str.extract(rf"^(?:{anchors})", 0)
    # A word token is found with the character before it (a word boundary): drop it.
    core = pl.col("matched").str.replace(r"^[^\w]", "")
    return (
        articles.select(
            "article_id",
            pl.col("pre")
            .str.replace_all(_MARK, " ", literal=True)
            .str.replace_all(anchors, _MARK + "${0}")
            .str.split(_MARK)
            .alias("piece"),
        )
        .explode("piece")
        .with_columns(
            offset=(size.cum_sum() - size).over("article_id"),
            index=pl.int_range(pl.len()).over("article_id"),
        )
        .filter(pl.col("index") > 0)  # the first piece is the text before any token
        .with_columns(matched=matched)
        .with_columns(core=core)
        .with_columns(
            start=pl.col("offset")
            + pl.col("matched").str.len_chars()
            - pl.col("core").str.len_chars(),
            key=pl.col("core").str.replace_all(_PLACEHOLDER, "", literal=True),
        )
        .with_columns(end=pl.col("start") + pl.col("core").str.len_chars().cast(pl.Int64))
        .filter(
            pl.col("key").str.contains(r"^[0-9]")
            | pl.col("key").is_in(pl.Series(sorted(_number_keys())).implode())
        )
        .select("article_id", pl.col("start").cast(pl.Int64), "end")
    )


@cache
def _number_keys() -> frozenset[str]:
    keys = set()
    for clitic in _CLITICS:
        for word in _WORDS:
            if not clitic or len(word) >= 3:
                keys.add(clitic + word)
    keys |= {article + dual for article in _DUAL_ARTICLES for dual in _DUAL_NOUNS}
    return frozenset(keys)


def _windows(articles: pl.LazyFrame, sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Group nearby number tokens of one sentence; give each group the span of its window.

    One row per group: ``article_id``, ``sentence_id``, ``sentence_start``, ``sentence_end``,
    ``lo``/``hi`` (the group's tokens) and ``ws``/``we`` (the window: up to
    ``_WINDOW_LEFT`` characters before and ``_WINDOW_RIGHT`` after, within the sentence), all
    offsets into the article. A group spans at most ``_CLUSTER_SPAN`` characters (a long run
    of numbers is cut into several), so every window is small whatever the length of the
    article or sentence; the text is cut by :func:`_parse_windows`.
    """
    candidates = _candidates(articles).sort("article_id", "start")
    sentence_spans = sentences.select(
        "article_id",
        "sentence_id",
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
    ).sort("article_id", "sentence_start")
    grouped = (
        candidates.join_asof(
            sentence_spans,
            left_on="start",
            right_on="sentence_start",
            by="article_id",
            strategy="backward",
            check_sortedness=False,
        )
        .with_columns(
            pl.col("sentence_id").fill_null(1),
            pl.col("sentence_start").fill_null(0),
            pl.col("sentence_end").fill_null(pl.col("end")),
        )
        .with_columns(
            new=(
                (pl.col("start") - pl.col("end").shift(1) > _CLUSTER_GAP)
                | (pl.col("sentence_id") != pl.col("sentence_id").shift(1))
            )
            .fill_null(True)
            .over("article_id")
        )
        .with_columns(cluster=pl.col("new").cast(pl.Int64).cum_sum().over("article_id"))
        .with_columns(
            part=(pl.col("start") - pl.col("start").min().over("article_id", "cluster"))
            // _CLUSTER_SPAN
        )
        .group_by("article_id", "cluster", "part")
        .agg(
            pl.col("sentence_id").first(),
            pl.col("sentence_start").first(),
            pl.col("sentence_end").first(),
            pl.col("start").min().alias("lo"),
            pl.col("end").max().alias("hi"),
        )
    )
    window_start = pl.max_horizontal(pl.col("sentence_start"), pl.col("lo") - _WINDOW_LEFT)
    window_end = pl.max_horizontal(
        pl.min_horizontal(pl.col("sentence_end"), pl.col("hi") + _WINDOW_RIGHT), pl.col("hi")
    )
    return grouped.select(
        "article_id",
        "sentence_id",
        "sentence_start",
        "sentence_end",
        window_start.alias("ws"),
        window_end.alias("we"),
        "lo",
        "hi",
    ).sort("article_id", "lo")


# --------------------------------------------------------------------------------------------
# Tokens of a window
# --------------------------------------------------------------------------------------------

# Words first: most tokens are words, and the alternatives never overlap.
_TOKEN_RE = re.compile(r"([^\W\d_]+|\d+(?:[.,٫٬]\d+)*|\S)")


class _Tok(NamedTuple):
    start: int
    end: int
    key: str
    is_num: bool


_new_tok = partial(tuple.__new__, _Tok)


def _tokens(window: str) -> list[_Tok]:
    """The tokens of a window: numbers, words (their placeholders removed) and other marks.

    Built with C-level steps (one split, running sums, ``tuple.__new__``) since every window
    of a large corpus passes through here.
    """
    parts = _TOKEN_RE.split(window)  # [space, token, space, token, …, space]
    positions = list(accumulate(map(len, parts), initial=0))
    texts = parts[1::2]
    starts, ends = positions[1:-1:2], positions[2::2]  # as many of each
    nums = map(str.isdigit, map(_first_char, texts))  # a number starts with a digit
    if _PLACEHOLDER in window:
        # digits have none; a token of placeholders alone is no token
        texts = list(map(str.replace, texts, repeat(_PLACEHOLDER), repeat("")))
        if not all(texts):
            return [_new_tok(tok) for tok in zip(starts, ends, texts, nums, strict=False) if tok[2]]
    return list(map(_new_tok, zip(starts, ends, texts, nums, strict=False)))


_first_char = itemgetter(0)


def _digits_value(text: str) -> float | None:
    """The value of a digit token: ``2,500`` ``٢٬٥٠٠`` ``2.500`` (thousands), ``2.5`` ``٢٫٥``."""
    if text.isascii() and text.isdigit():
        return float(text)
    text = text.replace("٬", ",").replace("٫", ".")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text) and not text.startswith("0."):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return None


# --------------------------------------------------------------------------------------------
# The number grammar
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Number:
    first: int  # first token
    stop: int  # one past the last token
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    digits: bool = False
    scale: float | None = None
    fraction_only: bool = False
    dual: tuple[str, str] | None = None  # (kind, unit) of a dual noun such as شهرين
    integer_text: bool = False  # a plain run of digits (no separators)
    single: bool = False  # a singular duration noun (one unit), valid only after a qualifier


def _connector(toks: list[_Tok], k: int, window: str) -> tuple[str, int] | None:
    """How token ``k`` joins the token before it: ``(" " or "و", index of the number token)``."""
    prev = toks[k - 1]
    tok = toks[k]
    if tok.key == "و" and k + 1 < len(toks) and toks[k + 1].is_num:
        gap = window[prev.end : tok.start]
        if gap.strip() == "":
            return "و", k + 1
        return None
    if window[prev.end : tok.start].strip() != "":
        return None
    if tok.is_num:
        return (" ", k) if tok.start > prev.end else None
    found = _lookup(tok.key)
    if found is None:
        return None
    return ("و" if found[2].startswith("و") else " "), k


def _element(tok: _Tok) -> tuple[str, float, str] | None:
    if tok.is_num:
        value = _digits_value(tok.key)
        return None if value is None else ("digits", value, tok.key)
    found = _lookup(tok.key)
    if found is None:
        return None
    return found[0], found[1], found[3]


# No number written in words has more parts (ثلاثة ملايين وخمسمائة وعشرون ألفا وستمائة …).
_MAX_ELEMENTS = 24


def _read_number(toks: list[_Tok], i: int, window: str) -> _Number | None:
    """Read the number that starts at token ``i`` (digits, words or both)."""
    first = _element(toks[i])
    if first is None:
        return None
    kind, value, body = first
    if kind == "dual":
        noun_kind, unit = _DUAL_NOUNS[body]
        return _Number(i, i + 1, 2.0, dual=(noun_kind, unit))
    if kind == "single":
        following = toks[i + 1] if i + 1 < len(toks) else None
        if following is not None and (
            following.is_num or following.key.startswith("ال") or _month_at(toks, i + 1) is not None
        ):
            return None  # عام 2020 is a date, خلال شهر أيلول a month, عام الماضي a time
        return _Number(i, i + 1, 1.0, dual=("duration", _DURATION_NOUNS[body]), single=True)
    if kind == "vague" or (kind == "pscale" and body in _VAGUE):
        return _read_vague(toks, i, body, window)
    if kind == "unit" and body in {"احد", "احدي", "اثنا", "اثنتا", "اثني", "اثنتي"}:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None or _lookup(nxt.key) is None or _lookup(nxt.key)[0] != "ten":
            return None
    if kind == "unit" and body in {"واحد", "واحدة"}:
        return None  # "one" alone is rarely a figure (في وقت واحد)
    elements = [(kind, value, body, "", i)]
    k = i + 1
    while k < len(toks):
        joined = _connector(toks, k, window)
        if joined is None:
            break
        conn, index = joined
        element = _element(toks[index])
        if element is None or (conn == " " and element[0] == "digits"):
            break  # digits after a space never continue a number (a run 3 4 5 …)
        elements.append((*element, conn, index))
        if len(elements) >= _MAX_ELEMENTS:
            break
        k = index + 1
    return _accumulate(toks, elements)


def _read_vague(toks: list[_Tok], i: int, body: str, window: str) -> _Number | None:
    low, high = _VAGUE[body]
    stop = i + 1
    if stop < len(toks) and window[toks[i].end : toks[stop].start].strip() == "":
        scale = _VAGUE_SCALES.get(toks[stop].key)
        if scale and (body in {"عشرات", "مئات", "بضعة", "بضع"}) and scale > low:
            low, high = low * scale, (high + 1) * scale - 1
            if body in {"بضعة", "بضع"}:
                high = high - scale + 1
            stop += 1
    if body in {"الاف", "الوف", "ملايين", "مليارات"}:
        prev = toks[i - 1].key if i > 0 else ""
        if _lookup(prev) is not None and _lookup(prev)[0] in {"unit", "ten", "digits"}:
            return None  # the scale of a number such as ثلاثة آلاف, read from the unit
    return _Number(i, stop, float(low), low=float(low), high=float(high), vague=True)


def _accumulate(toks: list[_Tok], elements: list[tuple]) -> _Number | None:
    """Apply Arabic number grammar to a run of number elements; keep the longest valid prefix.

    Scales must fall (ألف after مليون, never before); within a group, hundreds come before
    units, and units before tens (خمسة وعشرون). A word joined by و that turns out to be the
    multiplier of a scale that cannot follow (ألفين وثلاثة آلاف) starts a new number, so the
    first one ends before the و.
    """
    total = 0.0
    cur: float | None = None
    last = None
    last_scale = math.inf
    used = 0
    scale_used: float | None = None
    fraction_only = False
    group = (0, 0.0, math.inf, None)  # (first element, total, last_scale, scale_used) at و
    for n, (kind, value, body, conn, _index) in enumerate(elements):
        first = n == 0
        fresh = first or (cur is None and conn == "و")
        if fresh and not first:
            group = (n, total, last_scale, scale_used)
        if kind == "digits":
            if not fresh:
                break
            cur, last = value, "digits"
        elif kind == "unit":
            if fresh:
                cur, last = value, "unit"
            elif conn == "و" and last == "hundreds":
                cur, last = cur + value, "unit"
            else:
                break
        elif kind == "ten":
            if conn == " " and last == "unit" and cur is not None:
                cur, last = cur + 10, "teen"
            elif fresh:
                cur, last = 10.0, "teen"
            elif conn == "و" and last == "hundreds":
                cur, last = cur + 10, "teen"
            else:
                break
        elif kind == "tens":
            if fresh:
                cur, last = value, "tens"
            elif conn == "و" and last in {"unit", "hundreds"}:
                cur, last = cur + value, "tens"
            else:
                break
        elif kind == "hundred":
            if conn == " " and last == "unit" and cur is not None and cur < 10:
                cur, last = cur * 100, "hundreds"
            elif fresh:
                cur, last = 100.0, "hundreds"
            else:
                break
        elif kind == "hundreds":
            if not fresh:
                break
            cur, last = value, "hundreds"
        elif kind == "pfraction":
            # ثلاثة أرباع: a unit numerator over a plural fraction
            if conn == " " and last == "unit" and cur is not None and cur < 10 and total == 0:
                cur, last, fraction_only = cur * value, "fraction", True
            else:
                break
        elif kind in {"scale", "pscale"} or (kind == "dscale" and body in _AMBIGUOUS_DUALS and cur):
            if value >= last_scale or (kind == "pscale" and cur is not None and cur > 10):
                if conn == " " and cur is not None and group[0] > 0:
                    # ألفين وثلاثة آلاف: ثلاثة belongs to آلاف, a new number after the و
                    used, total, last_scale, scale_used = group
                    cur, last = None, "scale"
                break
            if cur is None:
                if kind == "pscale" or not (first or conn == "و"):
                    break
                cur = 1.0
            elif conn == "و":
                break
            total += cur * value
            cur, last, last_scale, scale_used = None, "scale", value, value
            fraction_only = False
        elif kind == "dscale":
            if not fresh or value >= last_scale:
                break
            total += 2 * value
            cur, last, last_scale, scale_used = None, "scale", value, value
        elif kind == "fraction":
            if first:
                cur, last, fraction_only = value, "fraction", True
            elif cur is None and conn == "و" and last == "scale":
                total += value * last_scale
                used = n + 1
                break
            else:
                break
        else:
            break
        used = n + 1
    if used == 0:
        return None
    value = total + (cur or 0.0)
    first_index = elements[0][4]
    stop = elements[used - 1][4] + 1
    digits = any(e[0] == "digits" for e in elements[:used])
    plain = used == 1 and elements[0][0] == "digits" and elements[0][2].isdigit()
    return _Number(
        first_index,
        stop,
        value,
        digits=digits,
        scale=scale_used,
        fraction_only=fraction_only and scale_used is None,
        integer_text=plain,
    )


def parse_number(text: str) -> float | None:
    """The value of a number written in digits, words or both (``None`` if it is not one).

    Follows Arabic number grammar: units, teens (أحد عشر), tens (عشرون), hundreds (مئة،
    مئتان، ثلاثمائة), thousands (ألف، ألفان، آلاف، ألفا), millions and billions, compounds
    with و (ثلاثة آلاف وخمسمائة), fractions (نصف مليون), digits with a scale word
    (``2.5 ألف``), and the separators of ASCII, Eastern Arabic-Indic and Persian digits.
    Vague plurals (عشرات) give the low end of their range.

    Examples
    --------
    >>> parse_number("ثلاثة آلاف وخمسمائة")
    3500.0
    >>> parse_number("٢٬٥٠٠"), parse_number("2.5 ألف"), parse_number("نصف مليون")
    (2500.0, 2500.0, 500000.0)
    """
    pre = text.translate(str.maketrans(_length_preserving_table()))
    toks = _tokens(pre)
    if not toks:
        return None
    number = _read_number(toks, 0, pre)
    if number is None or number.stop != len(toks):
        return None
    return number.value


# --------------------------------------------------------------------------------------------
# Reading the words around a number
# --------------------------------------------------------------------------------------------


@cache
def _strip_article(key: str) -> str:
    for prefix in ("وال", "بال", "لل", "ال", "فال"):
        if key.startswith(prefix) and len(key) - len(prefix) >= 2:
            return key[len(prefix) :]
    return key


@cache
def _noun_lookup(key: str) -> tuple[str, str | None] | None:
    """The kind and unit a counted noun gives, or ``None`` if it is not a known noun."""
    for candidate in (key, _strip_article(key)):
        for form in (candidate, candidate[:-1] if candidate.endswith("ا") else None):
            if not form:
                continue
            if form in _TROOP_NOUNS:
                return "troops", "soldier"
            if form in _DURATION_NOUNS:
                return "duration", _DURATION_NOUNS[form]
            if form in _MONEY_NOUNS:
                return "money", _MONEY_NOUNS[form]
    return None


@cache
def _function_words() -> frozenset[str]:
    return stopwords() | frozenset(
        """
        في من الي علي عن حتي منذ بعد قبل خلال و او ثم لكن مع ضد عند لدي بين وفي ومن
        كما اي التي الذي الذين ان انه انها قد لم لن لا ما هو هي هم
        """.split()
    )


# Every word that can start a month name (with its clitic): a quick test before the rules.
_MONTH_KEYS = frozenset(
    clitic + body
    for clitic in ("", "و", "ب", "ل", "ف")
    for body in [*_MONTHS, *(first for first, _ in _MONTH_PAIRS)]
)


def _month_at(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """A month name at token ``j``: ``(month, next token)``."""
    if j >= len(toks) or toks[j].is_num:
        return None
    key = toks[j].key
    if key not in _MONTH_KEYS:
        return None
    for clitic in ("", "و", "ب", "ل", "ف"):
        if clitic and not key.startswith(clitic):
            continue
        body = key[len(clitic) :]
        if body in _MONTHS and (not clitic or len(body) > 2):
            return _MONTHS[body], j + 1
        if j + 1 < len(toks) and (body, toks[j + 1].key) in _MONTH_PAIRS:
            return _MONTH_PAIRS[(body, toks[j + 1].key)], j + 2
    return None


def _month_pair_at(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """A month name, possibly paired (كانون الثاني / يناير، مايو أيار، آذار (مارس))."""
    found = _month_at(toks, j)
    if found is None:
        return None
    month, nxt = found
    k = nxt
    if k < len(toks) and toks[k].key in {"/", "(", "-", "،"}:
        k += 1
    second = _month_at(toks, k)
    if second is not None and second[0] == month:
        nxt = second[1]
        if nxt < len(toks) and toks[nxt].key == ")":
            nxt += 1
    return month, nxt


def _month_pair_ending_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """A (paired) month name that ends right before token ``i``: ``(month, first token)``."""
    for j in range(max(0, i - 6), i):
        found = _month_pair_at(toks, j)
        if found is not None and found[1] == i:
            return found[0], j
    return None


def _is_year(number: _Number, toks: list[_Tok]) -> bool:
    if not number.integer_text:
        return False
    text = toks[number.first].key
    return len(text) == 4 and 1900 <= int(text) <= 2100


def _clause_start(toks: list[_Tok], i: int) -> int:
    j = i - 1
    while j >= 0 and toks[j].key not in _STOP_CONNECTORS:
        j -= 1
    return j + 1


def _left_qualifier(toks: list[_Tok], i: int, lower: int) -> tuple[str, int] | None:
    """The qualifier that ends right before token ``i``: ``(qualifier, first token)``."""
    start = max(lower, i - 6)
    if start >= i:
        return None
    found = _left_match(tuple([t.key for t in toks[start:i]]))
    return None if found is None else (found[0], start + found[1])


@lru_cache(maxsize=1 << 16)
def _left_match(keys: tuple[str, ...]) -> tuple[str, int] | None:
    """The qualifier that ends the words ``keys``: ``(qualifier, index of its first word)``
    (cached: the few words before a number repeat across a corpus)."""
    offsets = []
    position = 0
    for key in keys:
        offsets.append(position)
        position += len(key) + 1
    left = " ".join(keys)
    match = _LEFT_RE.search(left)
    if match is None:
        return None
    name = match.lastgroup
    qualifier = _LEFT_QUALIFIERS[int(name[1:])][0]
    return qualifier, bisect_right(offsets, match.start(name)) - 1


@dataclass(slots=True)
class _Figure:
    start: int
    end: int
    number_start: int
    number_end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    kind: str = "count"
    unit: str | None = None
    noun: str | None = None
    noun_end: int | None = None
    subject: str | None = None
    subject_surface: str | None = None
    subject_start: int | None = None  # where subject_surface is in the window
    subject_end: int | None = None
    subject_done: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    last_token: int = 0


def _skip_identifier(toks: list[_Tok], i: int, window: str) -> bool:
    """Numbers that name rather than count: F-16, كوفيد-19, القرار 2334, 10:30."""
    tok = toks[i]
    before = window[max(0, tok.start - 1) : tok.start]
    after = window[tok.end : tok.end + 1]
    if before in {"-", "‐", "‑"} and tok.start >= 2 and not window[tok.start - 2].isspace():
        return True
    if before.isalpha() and before.isascii():
        return True
    if after and after.isascii() and after.isalpha():
        return True
    if after == ":" and window[tok.end + 1 : tok.end + 2].isdigit():
        return True
    if before == ":" and tok.start >= 2 and window[tok.start - 2].isdigit():
        return True
    return i > 0 and _strip_article(toks[i - 1].key) in _IDENTIFIER_STEMS


def _date_figure(
    toks: list[_Tok], i: int, number: _Number, lower: int
) -> tuple[_Figure, int] | None:
    """A date at token ``i``: numeric (15/2/2021), day + month (+ year), or month + year."""
    tok = toks[i]
    if number.integer_text and len(tok.key) <= 4:
        # 15/2/2021 and 2021-02-15
        parts = [int(tok.key)]
        k = i + 1
        while (
            len(parts) < 3
            and k + 1 < len(toks)
            and toks[k].key in {"/", "-"}
            and toks[k + 1].is_num
            and toks[k + 1].key.isdigit()
            and toks[k].start == toks[k - 1].end
            and toks[k + 1].start == toks[k].end
        ):
            parts.append(int(toks[k + 1].key))
            k += 2
        if len(parts) == 3:
            day, month, year = parts if parts[2] > 31 else (parts[2], parts[1], parts[0])
            if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
                fig = _Figure(tok.start, toks[k - 1].end, tok.start, tok.end, float(parts[0]))
                fig.year, fig.month, fig.day = year, month, day
                fig.kind, fig.last_token = "date", k - 1
                return fig, k
        value = int(tok.key)
        if 1 <= value <= 31 and number.stop == i + 1:
            found = _month_pair_at(toks, i + 1)
            if found is not None:
                month, k = found
                fig = _Figure(tok.start, toks[k - 1].end, tok.start, tok.end, float(value))
                fig.day, fig.month, fig.kind = value, month, "date"
                if k < len(toks) and toks[k].is_num and toks[k].key.isdigit():
                    year = int(toks[k].key)
                    if len(toks[k].key) == 4 and 1900 <= year <= 2100:
                        fig.year = year  # the year is a figure of its own, read next
                fig.last_token = k - 1
                return fig, k
    if _is_year(number, toks):
        year = int(tok.key)
        found = _month_pair_ending_at(toks, i)
        if found is not None and found[1] >= lower:
            month, j = found
            fig = _Figure(toks[j].start, tok.end, tok.start, tok.end, float(year))
            fig.year, fig.month, fig.kind, fig.last_token = year, month, "date", i
            day = toks[j - 1] if j > 0 else None
            if day is not None and day.is_num and day.key.isdigit() and 1 <= int(day.key) <= 31:
                # 5 كانون الثاني/يناير 2020: the day's figure holds the month, this one the year
                fig.start, fig.day = tok.start, int(day.key)
            return fig, i + 1
    return None


def _range_partner(
    toks: list[_Tok], number: _Number, window: str, lower: int
) -> tuple[_Number, str] | None:
    """A second number that makes a range with ``number``: ``(partner, how)``."""
    k = number.stop
    if k >= len(toks):
        return None
    key = toks[k].key
    if key in {"-", "–", "—"} and k + 1 < len(toks) and toks[k + 1].is_num:
        partner = _read_number(toks, k + 1, window)
        if partner is not None:
            return partner, "dash"
    if key == "و" and k + 1 < len(toks) and toks[k + 1].is_num:
        partner = _read_number(toks, k + 1, window)
        return (partner, "and") if partner is not None else None
    if key in {"الي", "حتي", "او"} and k + 1 < len(toks):
        partner = _read_number(toks, k + 1, window)
        if partner is not None:
            return partner, key
    if not toks[k].is_num and key.startswith("و") and _lookup(key) is not None:
        partner = _read_number(toks, k, window)
        if partner is not None:
            return partner, "and"
    return None


def _percent_after(toks: list[_Tok], k: int) -> int | None:
    """The token after a percent marker that starts at ``k`` (``%``، في المئة، بالمئة)."""
    if k < len(toks) and toks[k].key in _PERCENT_SIGNS:
        return k + 1
    if k < len(toks) and toks[k].key in {"بالمئة", "بالمائة", "بالمية", "بالمئه", "بالمائه"}:
        return k + 1
    if (
        k + 1 < len(toks)
        and toks[k].key in {"في", "ف"}
        and toks[k + 1].key in {"المئة", "المائة", "المية", "المئه", "المائه"}
    ):
        return k + 2
    return None


def _noun_after(toks: list[_Tok], k: int) -> tuple[int, tuple[str, str | None] | None] | None:
    """The counted noun at or after token ``k``: ``(token, (kind, unit) or None)``."""
    if k >= len(toks) or toks[k].is_num:
        return None
    key = toks[k].key
    found = _noun_lookup(key)
    if found is not None:
        return k, found
    if key == "من" and k + 1 < len(toks) and not toks[k + 1].is_num:
        found = _noun_lookup(toks[k + 1].key)
        if found is not None:
            return k + 1, found
        if toks[k + 1].key.startswith("ال") and toks[k + 1].key not in _function_words():
            return k + 1, None
        return None
    if not key[0].isalpha() or key in _function_words() or _lookup(key) is not None:
        return None
    if _month_at(toks, k) is not None:
        return None
    return k, None


def _nisba_after(toks: list[_Tok], k: int) -> tuple[str | None, int] | None:
    """A nationality adjective among the two tokens from ``k``: ``(party or None, token)``."""
    for j in range(k, min(k + 2, len(toks))):
        key = toks[j].key
        for pattern, party in _NISBA:
            if pattern.match(key):
                return party, j
        if j == k and (_ADDITIONAL_RE.match(key) or key in {"اخرين", "اخري", "جديد", "جديدة"}):
            continue
        if j == k and key.endswith(("ي", "ية", "يين", "يون", "يه")) and not toks[j].is_num:
            continue
        break
    return None


def _right_qualifier(toks: list[_Tok], k: int) -> tuple[str, int] | None:
    """A qualifier after the phrase at token ``k``: ``(qualifier, last token)``."""
    if k >= len(toks):
        return None
    key = toks[k].key
    nxt = toks[k + 1].key if k + 1 < len(toks) else ""
    if key in {"تقريبا", "تقريبً", "تقريبًا"}:
        return "approx", k
    if _ADDITIONAL_RE.match(key):
        return "additional", k
    if key == "علي" and nxt == "الاقل":
        return "at_least", k + 1
    if key in {"كحد", "بحد"} and nxt == "اقصي":
        return "at_most", k + 1
    if key in {"كحد", "بحد"} and nxt == "ادني":
        return "at_least", k + 1
    if key == "علي" and nxt == "الاكثر":
        return "at_most", k + 1
    if key == "او" and nxt == "اكثر":
        return "at_least", k + 1
    if key == "او" and nxt == "اقل":
        return "at_most", k + 1
    if key in {"ونيف", "ونيفا"}:
        return "more_than", k
    if key == "فقط":
        return "exact", k
    return None


def _force_noun_before(
    toks: list[_Tok], i: int, lower: int
) -> tuple[int, tuple[str, str | None]] | None:
    """A force noun before a number with no noun after it (قوة تزيد عن 300)."""
    for j in range(i - 1, max(lower, i - 6) - 1, -1):
        key = _strip_article(toks[j].key)
        if key in _FORCE_NOUNS:
            return j, ("troops", "soldier")
    return None


def _additional_before(toks: list[_Tok], i: int, lower: int) -> bool:
    """``قوات إضافية قوامها 500 جندي``: إضافي just before the number."""
    return any(_ADDITIONAL_RE.match(toks[j].key) for j in range(max(lower, i - 3), i))


def _parse_window(window: str, lo: int, hi: int) -> list[_Figure]:
    """Every figure whose number starts in ``window[lo:hi]`` (the rest is context).

    The number tokens of neighbouring groups are more than ``_CLUSTER_GAP`` characters away,
    so no figure that starts before ``lo`` reaches a number of this group: reading starts at
    the first token of the group.
    """
    toks = _tokens(window)
    keys = _number_keys()
    figures: list[_Figure] = []
    i = bisect_left(toks, lo, key=_start)
    while i < len(toks):
        tok = toks[i]
        if tok.start >= hi:
            break
        if not tok.is_num and tok.key not in keys:
            i += 1
            continue
        figure = None
        if not (tok.is_num and _skip_identifier(toks, i, window)):
            figure = _read_figure(toks, i, window)
        if figure is None:
            i += 1
            continue
        if lo <= figure.number_start < hi:
            figures.append(figure)
        i = max(i + 1, figure.last_token + 1)
    return figures


def _start(tok: _Tok) -> int:
    return tok.start


def _read_figure(toks: list[_Tok], i: int, window: str) -> _Figure | None:
    """The figure whose number starts at token ``i``, with everything read around it."""
    number = _read_number(toks, i, window)
    if number is None:
        return None
    lower = _clause_start(toks, i)
    date = _date_figure(toks, i, number, lower)
    if date is not None:
        return date[0]
    left = _left_qualifier(toks, i, lower)
    if number.single and left is None:
        return None
    first, last = toks[number.first], toks[number.stop - 1]
    begin = _after_clitic(window, first)
    figure = _Figure(begin, last.end, begin, last.end, number.value)
    figure.last_token = number.stop - 1
    if number.vague:
        figure.low, figure.high, figure.qualifier = number.low, number.high, "vague"
    ranged = _apply_range(figure, toks, i, number, left, lower, window)
    if ranged is not None:
        number, left = ranged
        if figure.kind == "date":
            return figure
    after = _apply_kind(figure, toks, i, number, left, lower, window)
    if after is None:
        return None
    if figure.kind == "date":
        return figure
    _apply_left_qualifier(figure, toks, left)
    if figure.kind == "troops" and not figure.subject_done and figure.noun_end is not None:
        nisba = _nisba_after(toks, figure.last_token + 1)
        if nisba is not None:
            _set_subject(figure, toks, window, nisba)
            after = max(after, nisba[1] + 1)
    _apply_right_qualifier(figure, toks, i, left, lower, after)
    _set_bounds(figure)
    return figure


def _after_clitic(window: str, tok: _Tok) -> int:
    """Where a number word starts once its clitics are set aside (وثلاثة → ثلاثة)."""
    found = None if tok.is_num else _lookup(tok.key)
    if not found or not found[2]:
        return tok.start
    letters = len(found[2])
    position = tok.start
    while letters and position < tok.end:
        if window[position] != _PLACEHOLDER:
            letters -= 1
        position += 1
    while position < tok.end and window[position] == _PLACEHOLDER:
        position += 1
    return position


def _set_subject(figure: _Figure, toks: list[_Tok], window: str, nisba: tuple) -> None:
    party, j = nisba
    figure.subject, figure.subject_done = party, True
    figure.subject_start, figure.subject_end = toks[j].start, toks[j].end
    figure.subject_surface = window[toks[j].start : toks[j].end]


def _apply_range(
    figure: _Figure,
    toks: list[_Tok],
    i: int,
    number: _Number,
    left: tuple[str, int] | None,
    lower: int,
    window: str,
) -> tuple[_Number, None] | None:
    """Make ``figure`` a range if a second number completes one (بين X و Y، من X إلى Y)."""
    partner = _range_partner(toks, number, window, lower)
    if partner is None:
        return None
    other, how = partner
    low, high = number.value, other.value
    if low is None or high is None:
        return None
    if other.scale and not number.scale and low * other.scale <= high:
        low *= other.scale
    before = toks[i - 1].key if i > 0 else ""
    ok = high > low
    if how == "and":
        ok = ok and before.endswith("بين")
    elif how in {"الي", "حتي"}:
        change = _CHANGE_WORDS.search(" ".join(t.key for t in toks[lower:i]))
        ok = ok and before in {"من", "ومن", "", "بين"} and not change
        ok = ok and not (left and left[0] != "within") and _noun_after(toks, number.stop) is None
    elif how == "او":
        ok = ok and high <= 10 * low
    elif how == "dash":
        ok = ok and _is_year(number, toks) == _is_year(other, toks)
    if not ok:
        return None
    figure.value, figure.low, figure.high, figure.qualifier = low, low, high, "range"
    figure.number_end = figure.end = toks[other.stop - 1].end
    figure.last_token = other.stop - 1
    if before.endswith("بين"):
        figure.start = toks[i - 1].start
        if i > 1 and toks[i - 2].key == "ما":
            figure.start = toks[i - 2].start
    if _is_year(number, toks) and _is_year(other, toks):
        figure.kind, figure.unit, figure.year = "date", None, int(toks[i].key)
    merged = _Number(number.first, other.stop, low, scale=other.scale, digits=other.digits)
    return merged, None


def _apply_kind(
    figure: _Figure,
    toks: list[_Tok],
    i: int,
    number: _Number,
    left: tuple[str, int] | None,
    lower: int,
    window: str,
) -> int | None:
    """Set kind, unit and counted noun; return the token after the phrase (None: no figure)."""
    after = number.stop
    percent_end = _percent_after(toks, after)
    if percent_end is not None:
        figure.kind, figure.unit = "percent", "percent"
        figure.end = toks[percent_end - 1].end
        figure.last_token = percent_end - 1
        return percent_end
    if number.dual is not None:
        figure.kind, figure.unit = number.dual
        figure.noun, figure.noun_end = toks[i].key, toks[i].end
        return after
    if i > 0 and toks[i - 1].key == "$":
        figure.kind, figure.unit, figure.start = "money", "USD", toks[i - 1].start
        return after
    noun = _noun_after(toks, after)
    if noun is None and number.fraction_only:
        return None
    if noun is not None:
        j, found = noun
        if found is None and number.fraction_only:
            # أكثر من نصف المشاركين: a share of people, read as a percentage
            if _strip_article(toks[j].key) == toks[j].key and toks[after].key != "من":
                return None
            figure.value, found = number.value * 100, ("percent", "percent")
        if _is_year(number, toks) and found is None and not _bounded(left):
            noun = None  # 2014 ليصل …: a year, not a count of something
        else:
            figure.kind, figure.unit = found or ("count", None)
            figure.noun, figure.noun_end = toks[j].key, toks[j].end
            figure.end, figure.last_token = toks[j].end, j
            after = j + 1
    if noun is None and _is_year(number, toks) and not _bounded(left):
        near = toks[i - 1].key if i > 0 else ""
        if figure.qualifier == "exact" or near in _YEAR_CONTEXT:
            figure.kind, figure.unit, figure.year = "date", None, int(toks[i].key)
            return after
    if noun is None:
        shared = _shared_noun(toks, after, window) or _shared_noun_before(toks, left, i)
        force = _force_noun_before(toks, left[1] if left else i, lower)
        if shared is not None:
            figure.kind, figure.unit = shared[1]
            figure.noun = toks[shared[0]].key
        elif force is not None and figure.qualifier != "vague":
            j, (figure.kind, figure.unit) = force
            figure.noun = toks[j].key
            nisba = _nisba_after(toks, j + 1)
            if nisba is not None and nisba[1] < i:
                _set_subject(figure, toks, window, nisba)
    return after


def _bounded(left: tuple[str, int] | None) -> bool:
    """A quantity qualifier (not في غضون) comes before the number."""
    return left is not None and left[0] != "within"


def _shared_noun(
    toks: list[_Tok], k: int, window: str
) -> tuple[int, tuple[str, str | None]] | None:
    """``من نحو 500 إلى نحو 4000 عنصر``: the first number counts the second one's noun."""
    if k >= len(toks) or toks[k].key not in {"الي", "حتي", "او", "و"}:
        return None
    for j in range(k + 1, min(k + 4, len(toks))):
        if toks[j].is_num or _lookup(toks[j].key) is not None:
            other = _read_number(toks, j, window)
            if other is None:
                return None
            noun = _noun_after(toks, other.stop)
            if noun is not None and noun[1] is not None:
                return noun[0], noun[1]
            return None
    return None


def _shared_noun_before(
    toks: list[_Tok], left: tuple[str, int] | None, i: int
) -> tuple[int, tuple[str, str | None]] | None:
    """``من نحو 500 عنصر إلى قرابة 4000``: the second number counts the first one's noun."""
    k = (left[1] if left else i) - 1
    if k < 1 or toks[k].key not in {"الي", "حتي"}:
        return None
    for j in range(k - 1, max(-1, k - 4), -1):
        found = _noun_lookup(toks[j].key) if not toks[j].is_num else None
        if found is not None and (toks[j - 1].is_num or _lookup(toks[j - 1].key) is not None):
            return j, found
    return None


def _apply_left_qualifier(figure: _Figure, toks: list[_Tok], left: tuple[str, int] | None) -> None:
    if left is None:
        return
    qualifier, j = left
    if qualifier == "within":
        if figure.kind == "duration" and figure.qualifier == "exact":
            figure.qualifier, figure.start = "at_most", toks[j].start
    elif figure.qualifier == "exact":
        figure.qualifier, figure.start = qualifier, toks[j].start
    elif figure.qualifier == "vague" and qualifier in {"more_than", "at_least"}:
        figure.qualifier, figure.start = qualifier, toks[j].start


def _apply_right_qualifier(
    figure: _Figure,
    toks: list[_Tok],
    i: int,
    left: tuple[str, int] | None,
    lower: int,
    after: int,
) -> None:
    """تقريباً، على الأقل، إضافي … after the phrase (an adjective may come between)."""
    right = _right_qualifier(toks, after)
    if right is None and figure.kind in {"troops", "money", "count"}:
        for skip in (1, 2):
            j = after + skip - 1
            if j + 1 >= len(toks) or toks[j].is_num or toks[j].key in _STOP_CONNECTORS:
                break
            candidate = _right_qualifier(toks, j + 1)
            if candidate is not None and candidate[0] in {"additional", "approx"}:
                right = candidate
                break
    if right is not None:
        qualifier, j = right
        if qualifier == "additional" or figure.qualifier == "exact":
            figure.qualifier = qualifier
            figure.end = max(figure.end, toks[j].end)
            figure.last_token = max(figure.last_token, j)
        return
    if (
        figure.qualifier in {"exact", "approx"}
        and figure.kind == "troops"
        and _additional_before(toks, left[1] if left else i, lower)
    ):
        figure.qualifier = "additional"


def _set_bounds(figure: _Figure) -> None:
    q, v = figure.qualifier, figure.value
    if q in {"more_than", "at_least"}:
        figure.low, figure.high = v, None
    elif q in {"less_than", "at_most"}:
        figure.low, figure.high = None, v
    elif q in {"exact", "approx", "additional"}:
        figure.low = figure.high = None


# --------------------------------------------------------------------------------------------
# Subjects from entities
# --------------------------------------------------------------------------------------------

_GENITIVE_GAP = re.compile(r"^\s*(?:\S*تابع\S*\s+)?(?:من\s+|ل{1,2}ـ?\s*)?$")
_LOCATIVE_WORDS = {"في", "وفي", "الي", "والي", "من", "ومن", "داخل", "خارج", "قرب", "عن", "علي"}


# How far back from a figure its clause is looked for (a comma-less clause is cut there).
_CLAUSE_REACH = 1000


def _resolve_subjects(
    figures: pl.DataFrame,
    texts: dict[str, tuple[str, str]],
    mentions: pl.DataFrame | None = None,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """Fill ``subject`` of troop figures that have no nisba from the words before them.

    Entity mentions are looked for only in each figure's clause (from the last comma or
    semicolon before it, at most ``_CLAUSE_REACH`` characters back, to a little past its
    noun): the article's mentions that start inside the clause. Without ``mentions`` they are
    extracted (with the entities of ``gazetteer``) from the articles that need a subject, so
    that the result is the same whether the caller had them at hand or not.
    """
    need = figures.filter((pl.col("kind") == "troops") & ~pl.col("subject_done"))
    if need.height == 0:
        return figures
    if mentions is None:
        ids = need["article_id"].unique(maintain_order=True).to_list()
        articles = pl.DataFrame(
            {"article_id": ids, "text": [texts[a][0] for a in ids]},
            schema={"article_id": pl.String, "text": pl.String},
        )
        mentions = extract_entities(articles, gazetteer=gazetteer)
    rows = need.select("article_id", "start", "end", "noun_end", "sentence_start", "sentence_end")
    jobs = []
    spans = []
    for article_id, start, end, noun_end, s0, s1 in rows.iter_rows():
        text = texts[article_id][0]
        base = max(s0, start - _CLAUSE_REACH)
        mark = max(
            text.rfind("،", base, start),
            text.rfind(",", base, start),
            text.rfind("؛", base, start),
            text.rfind(";", base, start),
            text.rfind(":", base, start),
        )
        clause = base if mark < 0 else mark + 1
        stop = min(s1, (noun_end if noun_end is not None else end) + 40)
        index = len(spans)
        spans.append((article_id, clause, stop))
        noun = None if noun_end is None else noun_end - clause
        jobs.append((article_id, start, index, start - clause, noun, clause, stop))
    texts_of = [texts[a][0][c:e] for a, c, e in spans]
    by_segment = _given_mentions(mentions, spans)
    updates = []
    resolved: dict[tuple, tuple | None] = {}  # one answer per distinct clause and position
    for article_id, start, index, rel, noun, clause, stop in jobs:
        text = texts_of[index]
        found_mentions = by_segment.get(index, [])
        memo_key = (text, rel, noun, *found_mentions)
        if memo_key not in resolved:
            # the clause normalized keeping its length: the article's (the same characters
            # map one by one, so the same clause text gives the same form in any article)
            pre = texts[article_id][1][clause:stop]
            resolved[memo_key] = _subject_from_mentions(text, pre, found_mentions, rel, noun)
        found = resolved[memo_key]
        if found is not None:
            updates.append((article_id, start, found[0], found[1]))
    if not updates:
        return figures
    frame = pl.DataFrame(
        updates,
        schema={"article_id": pl.String, "start": pl.Int64, "_s": pl.String, "_ss": pl.String},
        orient="row",
    )
    return (
        figures.join(frame, on=["article_id", "start"], how="left")
        .with_columns(
            subject=pl.coalesce("subject", "_s"),
            subject_surface=pl.coalesce("subject_surface", "_ss"),
        )
        .drop("_s", "_ss")
    )


def _given_mentions(
    mentions: pl.DataFrame | pl.LazyFrame, spans: list[tuple[str, int, int]]
) -> dict[int, list[tuple]]:
    """The party mentions (of the whole article) that start in each clause, in the clause's
    offsets. The mentions themselves say which clauses have one, whatever lexicon gave
    them."""
    names = mentions.lazy().collect_schema().names()
    missing = {"article_id", "start", "end", "party", "surface"} - set(names)
    if missing:
        raise ValueError(f"mentions= lacks the column(s) {sorted(missing)}")
    found = (
        mentions.lazy()
        .filter(pl.col("party").is_not_null() & pl.col("start").is_not_null())
        .select(pl.col("article_id").cast(pl.String), "start", "end", "party", "surface")
        .sort("article_id", "start", "end")
        .collect()
    )
    by_article: dict[str, list[tuple]] = {}
    for article_id, m_start, m_end, party, surface in found.iter_rows():
        by_article.setdefault(article_id, []).append((m_start, m_end, party, surface))
    starts = {a: [m[0] for m in ms] for a, ms in by_article.items()}
    by_segment: dict[int, list[tuple]] = {}
    for index, (article_id, clause, stop) in enumerate(spans):
        listed = by_article.get(article_id)
        if not listed:
            continue
        first = bisect_left(starts[article_id], clause)
        last = bisect_left(starts[article_id], stop)
        if first < last:
            by_segment[index] = [
                (m_start - clause, m_end - clause, party, surface)
                for m_start, m_end, party, surface in listed[first:last]
            ]
    return by_segment


@cache
def _force_nisba_re() -> re.Pattern:
    nouns = "|".join(sorted(_FORCE_NOUNS | _TROOP_NOUNS | {"جيش"}, key=len, reverse=True))
    nisba = "|".join(p.pattern.strip("^$") for p, _ in _NISBA)
    return re.compile(rf"(?<!\w)[وبل]?(?:ال)?(?:{nouns})\s+((?:{nisba}))(?!\w)")


def _subject_from_mentions(
    text: str,
    pre: str,
    mentions: list[tuple[int, int, str | None, str]],
    start: int,
    noun_end: int | None,
) -> tuple[str | None, str] | None:
    """Whose force: a genitive entity after the noun (عناصر التحالف الدولي), else the nearest
    entity or nisba-marked force (القوات الأمريكية) before the figure in its clause."""
    if noun_end is not None:
        for m_start, m_end, party, surface in mentions:
            if m_start <= noun_end < m_end or (
                noun_end <= m_start <= noun_end + 16 and _GENITIVE_GAP.match(text[noun_end:m_start])
            ):
                return party, surface
    best: tuple[int, str | None, str] | None = None
    for m_start, m_end, party, surface in mentions:
        if m_end > start:
            continue
        word_start = text.rfind(" ", 0, m_start) + 1
        if "ب" in text[word_start:m_start]:
            continue  # بالعراق: a place
        previous = pre[:word_start].replace(_PLACEHOLDER, "").split()
        if previous and previous[-1] in _LOCATIVE_WORDS:
            continue  # في العراق، من إيران: a place or a source
        if best is None or m_end > best[0]:
            best = (m_end, party, surface)
    for match in _force_nisba_re().finditer(pre.replace(_PLACEHOLDER, " "), 0, start):
        key = _strip_article(match.group(1))
        party = next((p for pattern, p in _NISBA if pattern.match(key)), None)
        if best is None or match.end(1) > best[0]:
            best = (match.end(1), party, text[match.start(1) : match.end(1)])
    return None if best is None else (best[1], best[2])


# --------------------------------------------------------------------------------------------
# extract_figures
# --------------------------------------------------------------------------------------------


def _row_schema() -> dict[str, pl.DataType]:
    """:data:`FIGURE_SCHEMA` as the parser fills it: no ``date_value`` yet, plus where the
    counted noun ends and whether the subject is settled."""
    schema = {}
    for name, dtype in FIGURE_SCHEMA.items():
        if name != "date_value":
            schema[name] = dtype
        if name == "noun":
            schema["noun_end"] = pl.Int64
        elif name == "subject_surface":
            schema["subject_done"] = pl.Boolean
    return schema


_FIGURE_ROW_SCHEMA = _row_schema()


_PARSED_SCHEMA = {
    "_d": pl.Int64,
    "rel_start": pl.Int64,
    "rel_end": pl.Int64,
    "rel_number_start": pl.Int64,
    "rel_number_end": pl.Int64,
    "value": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "qualifier": pl.String,
    "kind": pl.String,
    "unit": pl.String,
    "noun": pl.String,
    "rel_noun_end": pl.Int64,
    "subject": pl.String,
    "subject_surface": pl.String,
    "subject_done": pl.Boolean,
    "year": pl.Int64,
    "month": pl.Int64,
    "day": pl.Int64,
}


# Placeholders (diacritics, tatweel) that follow an Arabic letter lie inside a word, and the
# grammar reads no word with them: a window is parsed with them removed (its "bare" form), and
# windows that differ only there share one parse. Why the figures are the same: removing
# them leaves every token whole with the same key (a word token is a run of letters, and
# they are in one) and every gap between tokens as it was; a number token's neighbour that
# was such a placeholder becomes the Arabic letter before it, which no identifier test tells
# apart from it (neither is ASCII, a digit, a space, a dash or a colon); and every offset the
# grammar gives (a token's start or end, a word after its clitics) is at a character that
# is kept, so it maps back one to one. ``_SHARE_BARE = False`` parses every window as it is
# (the tests check that both give the same figures).
_INNER_PLACEHOLDERS = re.compile(r"(?<=[\u0621-\u063a\u0641-\u064a])(\u0640+)")
_SHARE_BARE = True
# The fields of a parsed figure that are offsets into its window.
_OFFSET_FIELDS = (0, 1, 2, 3, 11, 13, 14)


def _figure_tuple(f: _Figure) -> tuple:
    """A figure's fields, offsets into the window (the subject's surface as two)."""
    return (
        f.start,
        f.end,
        f.number_start,
        f.number_end,
        f.value,
        f.low,
        f.high,
        f.qualifier,
        f.kind,
        f.unit,
        f.noun,
        f.noun_end,
        f.subject,
        f.subject_start,
        f.subject_end,
        f.subject_done,
        f.year,
        f.month,
        f.day,
    )


def _parsed(
    index: int, window: str, lo: int, hi: int, shared: dict[tuple[str, int, int], list[tuple]]
) -> list[tuple]:
    """The figures of one window as tuples: ``index``, offsets into the window, fields.

    The window is parsed in its bare form (see ``_INNER_PLACEHOLDERS``), once for all the
    windows with that form (``shared``), and the offsets are mapped back to the window.
    """
    bare = _bare_form(window) if _SHARE_BARE and _PLACEHOLDER in window else None
    if bare is None:
        figures = _bare_figures(window, lo, hi, shared)
    else:
        text, at, removed = bare
        ends = list(map(add, at, removed))  # window offsets where the runs end
        k_lo, k_hi = bisect_right(ends, lo), bisect_right(ends, hi)
        bare_lo = lo - (removed[k_lo - 1] if k_lo else 0)
        bare_hi = hi - (removed[k_hi - 1] if k_hi else 0)
        figures = []
        for figure in _bare_figures(text, bare_lo, bare_hi, shared):
            fields = list(figure)
            for n in _OFFSET_FIELDS:
                offset = fields[n]
                if offset is not None:
                    k = bisect_right(at, offset)
                    fields[n] = offset + (removed[k - 1] if k else 0)
            figures.append(fields)
    return [
        (index, *f[:13], None if f[13] is None else window[f[13] : f[14]], *f[15:]) for f in figures
    ]


_ARABIC_LETTERS = frozenset(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))


def _bare_form(window: str) -> tuple[str, list[int], list[int]] | None:
    """``window`` without the placeholders that ``_INNER_PLACEHOLDERS`` matches: ``(text,
    at, removed)``, with the offset in ``text`` where each run of them was and how many
    characters were removed up to and including it; ``None`` if there is none.

    The same as ``_INNER_PLACEHOLDERS.split`` (tested), with one C-level split on the
    placeholder instead of a look-behind tried at every character.
    """
    pieces = window.split(_PLACEHOLDER)  # a placeholder stood between two pieces
    kept = [pieces[0]]
    at: list[int] = []
    removed: list[int] = []
    size = len(pieces[0])  # characters kept so far
    total = 0  # characters removed so far
    last = pieces[0][-1:]  # the character before the next placeholder
    for piece in pieces[1:]:
        if last in _ARABIC_LETTERS:  # this placeholder starts or continues a run
            if not at or at[-1] != size or removed[-1] != total:
                at.append(size)
                removed.append(total)
            total += 1
            removed[-1] = total
            if piece:
                kept.append(piece)
                size += len(piece)
                last = piece[-1]
        else:  # kept, and so is the piece after it
            kept.append(_PLACEHOLDER)
            kept.append(piece)
            size += 1 + len(piece)
            last = piece[-1] if piece else _PLACEHOLDER
    if not at:
        return None
    return "".join(kept), at, removed


def _bare_figures(
    window: str, lo: int, hi: int, shared: dict[tuple[str, int, int], list[tuple]]
) -> list[tuple]:
    key = (window, lo, hi)
    found = shared.get(key)
    if found is None:
        found = [_figure_tuple(f) for f in _parse_window(window, lo, hi)]
        if _SHARE_BARE:
            shared[key] = found
    return found


def _parse_windows(windows: pl.DataFrame, texts: dict[str, tuple[str, str]]) -> pl.DataFrame:
    """Cut each window out of its article and parse it; one row per figure.

    The text is cut in Python (``str`` slicing is constant-time per window, where a polars
    ``str.slice`` walks the text from its start: quadratic on one long article), and each
    distinct window is parsed once (news repeats its phrases): Python only looks the window
    up, and polars joins the parsed figures back to every window that has them.
    """
    memo: dict[tuple[str, int, int], int] = {}
    shared: dict[tuple[str, int, int], list[tuple]] = {}
    rows: list[tuple] = []
    distinct = []
    article_id, pre = None, ""
    columns = [windows[c].to_list() for c in ("article_id", "ws", "we", "lo", "hi")]
    for aid, ws, we, lo, hi in zip(*columns, strict=True):
        if aid != article_id:
            article_id, pre = aid, texts[aid][1]
        key = (pre[ws:we], lo - ws, hi - ws)
        index = memo.get(key)
        if index is None:
            index = memo[key] = len(memo)
            rows.extend(_parsed(index, *key, shared))
        distinct.append(index)
    parsed = pl.DataFrame(rows, schema=_PARSED_SCHEMA, orient="row")
    shift = pl.col("ws")
    figures = (
        windows.with_columns(_d=pl.Series(distinct, dtype=pl.Int64))
        .join(parsed, on="_d", maintain_order="left")
        .select(
            "article_id",
            "sentence_id",
            (shift + pl.col("rel_start")).alias("start"),
            (shift + pl.col("rel_end")).alias("end"),
            (shift + pl.col("rel_number_start")).alias("number_start"),
            (shift + pl.col("rel_number_end")).alias("number_end"),
            *[c for c in _PARSED_SCHEMA if c != "_d" and not c.startswith("rel_")],
            (shift + pl.col("rel_noun_end")).alias("noun_end"),
            "sentence_start",
            "sentence_end",
        )
    )
    surfaces = [
        texts[a][0][s:e]
        for a, s, e in zip(
            figures["article_id"].to_list(),
            figures["start"].to_list(),
            figures["end"].to_list(),
            strict=True,
        )
    ]
    return figures.with_columns(surface=pl.Series(surfaces, dtype=pl.String)).select(
        list(_FIGURE_ROW_SCHEMA)
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=FIGURE_SCHEMA)


def extract_figures(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    subjects: bool = True,
    mentions: pl.DataFrame | pl.LazyFrame | None = None,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
) -> pl.DataFrame:
    """Find the numeric figures in articles: numbers with their qualifier, kind and subject.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``.
    subjects
        Resolve the subject of troop figures that carry no nisba from the entity mentions of
        their sentence (:func:`toolkit.entities.extract_entities`). With ``False`` only nisbas
        (جندي أمريكي) give a subject; faster on very large corpora.
    mentions
        The entity mentions of these articles, as :func:`toolkit.entities.extract_entities`
        gives them (at least ``article_id``, ``start``, ``end``, ``party``, ``surface``), when
        they are already at hand (the batch pipeline passes them): they are used instead of
        extracting the entities again, with the same result. Whatever lexicon gave them,
        every mention with a party is used.
    gazetteer
        The entities gazetteer subjects are read with when ``mentions`` is not given: an
        entities frame (as from :func:`toolkit.lexicons.load_entities`) or the path of an
        entities CSV, as :func:`toolkit.entities.extract_entities` takes it; by default the
        shipped gazetteer.

    Returns
    -------
    polars.DataFrame
        One row per figure, in text order, with the columns of :data:`FIGURE_SCHEMA`:
        ``article_id``, ``sentence_id`` (as :func:`toolkit.split_sentences` numbers them),
        ``start``/``end`` (the whole phrase, qualifier and counted noun included, so that
        ``text[start:end] == surface``), ``surface``, ``number_start``/``number_end`` (the
        number alone), ``value``, ``low``, ``high``, ``qualifier`` (one of
        :data:`QUALIFIERS`), ``kind`` (one of :data:`FIGURE_KINDS`), ``unit`` (soldier,
        day, week, month, year, hour, USD, IQD, percent …), ``noun`` (the counted noun),
        ``subject`` (a party id or null), ``subject_surface``, ``date_value`` (a full date),
        ``year``, ``month``, ``day`` (the known parts of a date) and ``sentence_start`` /
        ``sentence_end``.

    Examples
    --------
    >>> import polars as pl
    >>> articles = pl.DataFrame({"article_id": ["a"], "text": ["ويوجد نحو 2500 جندي أمريكي في العراق."]})
    >>> extract_figures(articles).select("surface", "value", "qualifier", "kind", "subject").row(0)
    ('نحو 2500 جندي', 2500.0, 'approx', 'troops', 'us_administration')
    >>> text = "أكثر من ثلاثة آلاف وخمسمائة عنصر إضافي خلال 12 شهراً"
    >>> extract_figures(pl.DataFrame({"article_id": ["b"], "text": [text]})).select(
    ...     "value", "qualifier", "kind", "unit").rows()
    [(3500.0, 'additional', 'troops', 'soldier'), (12.0, 'at_most', 'duration', 'month')]
    """
    articles = (
        articles.lazy()
        .select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .filter(pl.col("text").is_not_null())
        .with_columns(pre=_prenormalize(pl.col("text")))
        .collect()
    )
    if articles.height == 0:
        return _empty()
    sentences = (
        sentence_spans(articles.lazy())
        .select("article_id", "sentence_id", "start", "end")
        .collect()
    )
    windows = _windows(articles.lazy(), sentences.lazy()).collect()
    if windows.height == 0:
        return _empty()
    columns = [articles[c].to_list() for c in ("article_id", "text", "pre")]
    texts = dict(zip(columns[0], zip(columns[1], columns[2], strict=True), strict=True))
    figures = _parse_windows(windows, texts)
    if figures.height == 0:
        return _empty()
    figures = _drop_overlaps(figures)
    if subjects:
        figures = _resolve_subjects(figures, texts, mentions, gazetteer)
    order = articles.select("article_id").with_row_index("_article")
    return (
        figures.with_columns(date_value=_date_value())
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .select(list(FIGURE_SCHEMA))
        .cast(FIGURE_SCHEMA)
    )


def _date_value() -> pl.Expr:
    """The full date of ``year``, ``month`` and ``day``; null when a part is missing or the
    date does not exist (31/02/2021, 29 شباط 2021, 31 نيسان): such a figure keeps its surface
    and the parts as written, only ``date_value`` stays empty."""
    year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
    month_ok = month.is_between(1, 12)
    first = pl.date(year, pl.when(month_ok).then(month).otherwise(1), 1)
    last_day = first.dt.month_end().dt.day()
    valid = month_ok & (day >= 1) & (day <= last_day)
    return pl.when(valid).then(pl.date(year, month, pl.when(valid).then(day).otherwise(1)))


def _drop_overlaps(figures: pl.DataFrame) -> pl.DataFrame:
    """Keep the first of figures whose phrases overlap (a window may see its neighbour's)."""
    return (
        figures.sort("article_id", "start", "end", descending=[False, False, True])
        .with_columns(_reach=pl.col("end").cum_max().shift(1).over("article_id"))
        .filter(pl.col("_reach").is_null() | (pl.col("start") >= pl.col("_reach")))
        .drop("_reach")
    )


# --------------------------------------------------------------------------------------------
# compare_figures
# --------------------------------------------------------------------------------------------


def figure_intervals(figures: pl.DataFrame, *, approx_band: float = 0.1) -> pl.DataFrame:
    """Add ``interval_low``/``interval_high``: the range of values a figure allows.

    ``approx`` is ``value`` ± ``approx_band`` (a share of the value); ``more_than`` and
    ``at_least`` run from ``value`` to infinity; ``less_than`` and ``at_most`` from 0 to
    ``value``; ``range`` and ``vague`` from ``low`` to ``high``; ``exact`` and ``additional``
    are the value itself.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"value": [2500.0, 300.0], "low": [None, 300.0], "high": [None, None],
    ...                   "qualifier": ["approx", "more_than"]})
    >>> figure_intervals(f).select("interval_low", "interval_high").rows()
    [(2250.0, 2750.0), (300.0, inf)]
    """
    q, v = pl.col("qualifier"), pl.col("value")
    low = (
        pl.when(q == "approx")
        .then(v * (1 - approx_band))
        .when(q.is_in(["less_than", "at_most"]))
        .then(pl.lit(0.0))
        .when(q.is_in(["range", "vague"]))
        .then(pl.coalesce("low", v))
        .otherwise(v)
    )
    high = (
        pl.when(q == "approx")
        .then(v * (1 + approx_band))
        .when(q.is_in(["more_than", "at_least"]))
        .then(pl.lit(math.inf))
        .when(q.is_in(["range", "vague"]))
        .then(pl.coalesce("high", v))
        .otherwise(v)
    )
    return figures.with_columns(
        interval_low=low.cast(pl.Float64), interval_high=high.cast(pl.Float64)
    )


_META = ("source", "published", "title", "synthetic")
#: The most figures ``disagrees_with`` lists for one figure (see :func:`compare_figures`).
MAX_LISTED = 20
#: Figures compared and written at once by :func:`compare_in_chunks`.
CHUNK_ROWS = 100_000


def compare_figures(
    figures: pl.DataFrame,
    *,
    kind: str | None = "troops",
    by: str | Sequence[str] = ("subject",),
    approx_band: float = 0.1,
    articles: pl.DataFrame | None = None,
    within_days: int | None = 7,
    derive: bool = True,
    max_listed: int = MAX_LISTED,
) -> pl.DataFrame:
    """Put comparable figures side by side as intervals, flag disagreements, derive totals.

    Parameters
    ----------
    figures
        The frame from :func:`extract_figures`.
    kind
        Keep figures of this kind (``None`` keeps all; they are still compared only within
        one kind).
    by
        Columns that make figures comparable besides ``kind`` (``subject`` by default; add
        ``unit`` or ``source``). Figures with a null ``by`` value are listed but never
        compared.
    approx_band
        The share of the value that ``approx`` (نحو، حوالي) allows either side.
    articles
        The articles frame; its ``source``, ``published``, ``title`` and ``synthetic``
        columns are joined when given.
    within_days
        Two figures from different articles are compared only when both articles are dated
        and at most this many days apart, or both are undated; ``None`` compares any two.
    derive
        Add derived totals: in one article, a figure of the same group plus an
        ``additional`` one (الناتو لديه قوة تزيد عن 300 … لنشر 3500 جندي إضافي → more than
        3,800 planned), with ``derived=True``.
    max_listed
        The most figure ids ``disagrees_with`` holds for one figure. Figures are never paired
        all with all (a large corpus has hundreds of thousands in one group): the ids are
        read among the ``max_listed`` figures nearest in value above and below each figure,
        per day. Below that many, the list is complete; ``disagrees`` is always exact.

    Returns
    -------
    polars.DataFrame
        The figures with ``figure_id`` (``article_id:start``), the metadata columns,
        ``interval_low``, ``interval_high`` (``inf`` when open), ``additional``,
        ``derived``, ``disagrees`` (the interval overlaps none of a compared figure's, at
        least once) and ``disagrees_with`` (the ``figure_id`` of those figures, sorted, at
        most ``max_listed``), sorted by kind, group, date and position. Dates are compared
        by calendar day.

    Examples
    --------
    >>> import polars as pl
    >>> arts = pl.DataFrame({"article_id": ["a", "b"], "source": ["X", "Y"],
    ...     "text": ["نحو 2500 جندي أمريكي.", "بقي 3000 جندي أمريكي."]})
    >>> cmp = compare_figures(extract_figures(arts), articles=arts)
    >>> cmp.select("source", "value", "interval_low", "interval_high", "disagrees").rows()
    [('X', 2500.0, 2250.0, 2750.0, True), ('Y', 3000.0, 3000.0, 3000.0, True)]
    """
    rows = comparable_figures(
        figures, kind=kind, by=by, approx_band=approx_band, articles=articles, derive=derive
    )
    chunks = compare_in_chunks(rows, by=by, within_days=within_days, max_listed=max_listed)
    return pl.concat(list(chunks))


def comparable_figures(
    figures: pl.DataFrame,
    *,
    kind: str | None = "troops",
    by: str | Sequence[str] = ("subject",),
    approx_band: float = 0.1,
    articles: pl.DataFrame | None = None,
    derive: bool = True,
) -> pl.DataFrame:
    """The rows :func:`compare_figures` compares, before they are compared.

    The figures of ``kind`` with the ``articles`` metadata joined, ``figure_id``,
    ``additional``, ``derived``, the intervals of :func:`figure_intervals` and the derived
    totals. All of it is read within one article, so a corpus too large to hold can be
    prepared batch by batch of articles and compared afterwards with
    :func:`compare_in_chunks` (the parameters mean what they mean in
    :func:`compare_figures`).
    """
    groups = _groups(by)
    frame = figures if kind is None else figures.filter(pl.col("kind") == kind)
    if articles is not None:
        meta = [c for c in _META if c in articles.columns and c not in frame.columns]
        if meta:
            frame = frame.join(articles.select("article_id", *meta), on="article_id", how="left")
    for column in ("source", "published"):
        if column not in frame.columns:
            frame = frame.with_columns(
                pl.lit(None, pl.Date if column == "published" else pl.String).alias(column)
            )
    missing = [g for g in groups if g not in frame.columns]
    if missing:
        raise ValueError(
            f"cannot group by {missing}: not a column of the figures; pass articles= to join "
            "article metadata such as source"
        )
    frame = frame.with_columns(
        figure_id=pl.col("article_id") + pl.lit(":") + pl.col("start").cast(pl.String),
        additional=pl.col("qualifier") == "additional",
        derived=pl.lit(False),
    )
    frame = figure_intervals(frame, approx_band=approx_band)
    if derive and frame.height:
        frame = pl.concat([frame, _derived_totals(frame, groups)], how="diagonal_relaxed")
    return frame


def compare_in_chunks(
    rows: pl.DataFrame | pl.LazyFrame,
    *,
    by: str | Sequence[str] = ("subject",),
    within_days: int | None = 7,
    max_listed: int = MAX_LISTED,
    chunk_rows: int | None = None,
) -> Iterator[pl.DataFrame]:
    """:func:`compare_figures` on the rows of :func:`comparable_figures`, a chunk at a time.

    ``rows`` may be a lazy scan of files too large to hold (the streaming pipeline passes
    the Parquet parts it wrote batch by batch). Only a few numbers per figure are held for
    the whole corpus (ranks of the group and the article, the day, the interval), and the
    distinct article ids; the figures are compared and read back in full ``chunk_rows`` at
    a time (:data:`CHUNK_ROWS` by
    default), in the order of :func:`compare_figures`'s result. The chunks, concatenated,
    are that result, and there is always at least one (empty when there is no figure).
    """
    groups = _groups(by)
    keys = ["kind", *groups]
    chunk_rows = chunk_rows or CHUNK_ROWS
    source = rows.lazy().with_row_index("_row")
    articles = _sorted_values(source, "article_id")
    order = _comparison_order(source, keys, articles, within_days)
    empty = pl.lit([], pl.List(pl.String))
    if order.height == 0:
        yield (
            source.drop("_row")
            .collect()
            .with_columns(disagrees_with=empty, disagrees=pl.lit(False))
        )
        return
    compared = order.filter("_compared").drop("_compared")
    order = order.select("_row", "_compared")
    reach = 0 if within_days is None else int(within_days)
    for begin in range(0, order.height, chunk_rows):
        yield _compare_chunk(
            source, order.slice(begin, chunk_rows), compared, articles, reach, max_listed
        )


def _compare_chunk(
    source: pl.LazyFrame,
    part: pl.DataFrame,
    compared: pl.DataFrame,
    articles: pl.DataFrame,
    reach: int,
    max_listed: int,
) -> pl.DataFrame:
    """The figures of ``part`` (``_row``, ``_compared``, in the result's order) compared
    with ``compared``, read back in full from ``source``."""
    part = part.with_columns(_pos=pl.int_range(pl.len()))
    seekers = compared.join(part.filter("_compared").select("_row"), on="_row", how="semi")
    found = _named(_disagreements(seekers, compared, reach, max_listed), articles)
    del seekers
    wide = source.filter(pl.col("_row").is_in(part["_row"].implode())).collect()
    empty = pl.lit([], pl.List(pl.String))
    return (
        wide.join(part.select("_row", "_pos"), on="_row", how="left")
        .join(found, on="_row", how="left")
        .sort("_pos")
        .drop("_row", "_pos")
        .with_columns(
            disagrees_with=pl.col("disagrees_with").fill_null(empty),
            disagrees=pl.col("disagrees").fill_null(False),
        )
    )


def _groups(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _sorted_values(source: pl.LazyFrame, column: str) -> pl.DataFrame:
    """The distinct non-null values of ``column``, sorted, with their rank ``_<column>``."""
    return (
        source.select(pl.col(column).unique())
        .drop_nulls()
        .sort(column)
        .with_row_index(f"_{column}")
        .collect()
    )


_FIGURE_BITS = 32  # _fid is the article's rank, then the figure's start, in one integer


def _comparison_order(
    source: pl.LazyFrame, keys: list[str], articles: pl.DataFrame, within_days: int | None
) -> pl.DataFrame:
    """One row of numbers per figure, in the order of the comparison's result: ``_row`` (the
    figure's row in ``source``), ``_compared``, and for comparing ``_g`` (the group),
    ``_aid`` (the article), ``_fid`` (the figure: article rank and start, so that ids sort
    in article order, then text order), ``_day`` and the interval.

    The text columns are replaced by the ranks of their distinct values before anything is
    sorted, so that a corpus's millions of figures cost a few numbers each.
    """
    ranked = source.join(articles.lazy(), on="article_id", how="left")
    for key in keys:
        ranked = ranked.join(_sorted_values(source, key).lazy(), on=key, how="left")
    compared = (
        ~pl.col("additional")
        & ~pl.col("derived")
        & pl.col("interval_low").is_not_null()
        & pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    )
    sort_keys = [f"_{k}" for k in keys] + ["_pub", "_aid", "start", "derived"]
    aid = pl.col("_article_id").cast(pl.Int64)
    return (
        ranked.select(
            "_row",
            *(f"_{k}" for k in keys),
            _pub=pl.col("published").to_physical(),
            _aid=aid,
            start=pl.col("start"),
            derived=pl.col("derived"),
            _compared=compared,
            _fid=(aid * 2**_FIGURE_BITS + pl.col("start")),
            _day=_day_bucket(within_days),
            interval_low=pl.col("interval_low"),
            interval_high=pl.col("interval_high"),
        )
        .collect(engine="streaming")
        .sort([*sort_keys, "_row"], nulls_last=True)
        .with_columns(
            _g=pl.when("_compared").then(pl.struct([f"_{k}" for k in keys]).rank("dense"))
        )
        .select("_row", "_compared", "_g", "_fid", "_aid", "_day", "interval_low", "interval_high")
    )


def _named(found: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """``_row``, ``disagrees`` and ``disagrees_with`` as ``figure_id`` text, in article order,
    then text order."""
    ids = found.select("_row", pl.col("_with").list.sort()).explode("_with")
    article = (ids["_with"] // 2**_FIGURE_BITS).fill_null(0)
    start = ids["_with"] % 2**_FIGURE_BITS
    listed = (
        ids.with_columns(_name=articles["article_id"].gather(article) + ":" + start.cast(pl.String))
        .group_by("_row", maintain_order=True)
        .agg(disagrees_with=pl.col("_name").drop_nulls())
    )
    return found.select("_row", "disagrees").join(listed, on="_row", how="left")


def _derived_totals(frame: pl.DataFrame, groups: list[str]) -> pl.DataFrame:
    """Base + additional in one article: the nearest earlier figure of the same group (one in
    the same sentence first) plus the additional one, as a row with ``derived=True``."""
    keys = ["article_id", "kind", *[g for g in groups if g != "article_id"]]
    usable = pl.col("value").is_not_null() & pl.all_horizontal(
        pl.col(g).is_not_null() for g in groups
    )
    extra = frame.filter(pl.col("additional") & usable)
    base = frame.filter(~pl.col("additional") & ~pl.col("derived") & usable)
    # The nearest earlier figure of the same sentence, else of the article: two join_asof,
    # never every pair of an article's figures.
    base = base.rename({c: f"{c}_base" for c in base.columns if c not in keys})
    nearest = partial(
        pl.DataFrame.join_asof,
        left_on="start",
        right_on="start_base",
        strategy="backward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    extra = extra.sort("start")
    base = base.sort("start_base")
    same = nearest(
        extra.with_columns(_sentence=pl.col("sentence_id")),
        base.with_columns(_sentence=pl.col("sentence_id_base")),
        by=[*keys, "_sentence"],
    ).drop("_sentence")
    anywhere = nearest(
        extra.filter(
            pl.col("figure_id").is_in(
                same.filter(pl.col("start_base").is_null())["figure_id"].implode()
            )
        ),
        base,
        by=keys,
    )
    pairs = (
        pl.concat(
            [same.filter(pl.col("start_base").is_not_null()), anywhere], how="diagonal_relaxed"
        )
        .filter(pl.col("start_base").is_not_null())
        .sort("figure_id", maintain_order=True)
    )
    add = pl.col("value")
    derived = {
        "start": pl.col("start_base"),
        "number_start": pl.col("number_start_base"),
        "surface": pl.col("surface_base") + pl.lit(" + ") + pl.col("surface"),
        "value": pl.col("value_base") + add,
        "low": pl.col("low_base") + add,
        "high": pl.col("high_base") + add,
        "qualifier": pl.col("qualifier_base"),
        "figure_id": pl.col("figure_id_base") + pl.lit("+") + pl.col("figure_id"),
        "additional": pl.lit(False),
        "derived": pl.lit(True),
        "interval_low": pl.col("interval_low_base") + add,
        "interval_high": pl.col("interval_high_base") + add,
    }
    return pairs.select([derived.get(c, pl.col(c)).alias(c) for c in frame.columns]).cast(
        dict(frame.schema)
    )


_UNDATED = -(2**40)  # the day bucket of undated figures (compared only with each other)
_PAIR_BUDGET = 4_000_000  # candidate pairs held at once while listing disagreements


def _disagreements(
    seekers: pl.DataFrame, compared: pl.DataFrame, reach: int, max_listed: int
) -> pl.DataFrame:
    """``_row``, ``disagrees`` and ``_with`` (the ``_fid`` of the figures it disagrees with,
    at most ``max_listed``) of each of the ``seekers``, among the ``compared`` figures.

    Figures are bucketed by group and day (undated figures, or all of them when
    ``within_days`` is None, share one bucket), and each figure looks into the buckets within
    ``reach`` days; only those buckets of ``compared`` are read. ``disagrees`` is exact: the
    two highest ``interval_low`` and the two lowest ``interval_high`` of different articles
    in a bucket tell whether some figure of another article lies wholly above or below.
    ``_with`` is read from the ``max_listed`` figures nearest in value above and below in
    each bucket (sorted ranks and ``join_asof``), in chunks of bounded size; when a figure
    disagrees with no more figures than that per bucket and side, it lists them all, as
    comparing every pair would.
    """
    if seekers.height == 0:
        return pl.DataFrame(
            schema={
                "_row": seekers.schema["_row"],
                "disagrees": pl.Boolean,
                "_with": pl.List(pl.Int64),
            }
        )
    offsets = pl.int_ranges(-reach, reach + 1) if reach else pl.lit([0], pl.List(pl.Int64))
    buckets = compared.select("_g", _bucket=pl.col("_day")).unique()
    seeker = (
        seekers.with_columns(
            _offsets=pl.when(pl.col("_day") == _UNDATED)
            .then(pl.lit([0], pl.List(pl.Int64)))
            .otherwise(offsets)
        )
        .explode("_offsets")
        .select(
            "_row",
            "_aid",
            "_g",
            (pl.col("_day") + pl.col("_offsets")).alias("_bucket"),
            "interval_low",
            "interval_high",
        )
        .join(buckets, on=["_g", "_bucket"], how="semi")  # only the buckets that hold figures
        .sort("_row")
    )
    context = compared.join(
        seeker.select("_g", pl.col("_bucket").alias("_day")).unique(),
        on=["_g", "_day"],
        how="semi",
    )
    flags = _disagree_flags(context, seeker)
    listed = _disagree_lists(context, seeker, max_listed)
    return flags.join(listed, on="_row", how="left").with_columns(
        pl.col("_with").fill_null(pl.lit([], pl.List(pl.Int64)))
    )


def _day_bucket(within_days: int | None) -> pl.Expr:
    """Days since 1970 of ``published`` (calendar days); one bucket without ``within_days``."""
    if within_days is None:
        return pl.lit(0, pl.Int64)
    return pl.col("published").cast(pl.Date).cast(pl.Int64).fill_null(_UNDATED)


def _disagree_flags(compared: pl.DataFrame, seeker: pl.DataFrame) -> pl.DataFrame:
    """Exact ``disagrees`` from the two best articles of each bucket, highest low and lowest
    high: the best of another article is the first unless the first is the figure's own."""
    per_article = (
        compared.rename({"_day": "_bucket"})
        .group_by("_g", "_bucket", "_aid")
        .agg(_low=pl.col("interval_low").max(), _high=pl.col("interval_high").min())
    )

    def two(column: str, descending: bool) -> pl.DataFrame:
        return (
            per_article.filter(pl.col(column).is_not_null())
            .sort(column, descending=descending)
            .group_by("_g", "_bucket", maintain_order=True)
            .agg(
                pl.col(column).first().alias(f"{column}1"),
                pl.col("_aid").first().alias(f"{column}_a1"),
                pl.col(column).get(1, null_on_oob=True).alias(f"{column}2"),
            )
        )

    found = seeker.join(two("_low", True), on=["_g", "_bucket"], how="left").join(
        two("_high", False), on=["_g", "_bucket"], how="left"
    )
    other_low = pl.when(pl.col("_low_a1") != pl.col("_aid")).then("_low1").otherwise("_low2")
    other_high = pl.when(pl.col("_high_a1") != pl.col("_aid")).then("_high1").otherwise("_high2")
    above = (other_low > pl.col("interval_high")).fill_null(False)
    below = (other_high < pl.col("interval_low")).fill_null(False)
    return found.group_by("_row").agg(disagrees=(above | below).any())


def _disagree_lists(compared: pl.DataFrame, seeker: pl.DataFrame, max_listed: int) -> pl.DataFrame:
    """``_row`` and ``_with``: the figures each one disagrees with (sorted, at most
    ``max_listed``), read among the ``max_listed`` nearest in value above it and below it in
    each bucket within reach, a chunk of figures at a time."""
    bucket = ["_g", "_bucket"]
    others = compared.select(
        "_g",
        pl.col("_day").alias("_bucket"),
        pl.col("_fid").alias("_fid_b"),
        pl.col("_aid").alias("_aid_b"),
        "interval_low",
        "interval_high",
    )
    sides = []
    for column, above in (("interval_low", True), ("interval_high", False)):
        # sorted by bucket, then value: a bucket's figures are one run of rows
        ranked = (
            others.filter(pl.col(column).is_not_null())
            .sort(*bucket, column)
            .with_columns(_place=pl.int_range(pl.len()))
            .with_columns(_first=pl.col("_place").min().over(bucket), _size=pl.len().over(bucket))
        )
        # one row per distinct value: the first of equal values above, the last below
        edges = (
            ranked.group_by(*bucket, column)
            .agg(
                (pl.col("_place").min() if above else pl.col("_place").max()).alias("_edge"),
                pl.col("_first").first(),
                pl.col("_size").first(),
            )
            .sort(column)
            .rename({column: "_value"})
        )
        sides.append((above, ranked["_fid_b"], ranked["_aid_b"], edges))
    chunk = max(1, _PAIR_BUDGET // (2 * max_listed))
    results = []
    owners = seeker["_row"]
    start = 0
    while start < seeker.height:
        stop = start + chunk
        if stop < seeker.height:  # one figure's buckets stay in one chunk
            stop = int(owners.search_sorted(owners[stop], side="left"))
            if stop <= start:
                stop = int(owners.search_sorted(owners[start], side="right"))
        part = seeker.slice(start, stop - start)
        start = stop
        pairs = []
        for above, fid_b, aid_b, edges in sides:
            # above: the first with a low above the figure's high; below: the last with a
            # high under its low
            probe = "interval_high" if above else "interval_low"
            edge = (
                part.filter(pl.col(probe).is_not_null())
                .sort(probe)
                .join_asof(
                    edges,
                    left_on=probe,
                    right_on="_value",
                    by=bucket,
                    strategy="forward" if above else "backward",
                    allow_exact_matches=False,
                    check_sortedness=False,
                )
                .filter(pl.col("_edge").is_not_null())
            )
            if above:
                end = pl.min_horizontal(
                    pl.col("_edge") + max_listed, pl.col("_first") + pl.col("_size")
                )
                rows = pl.int_ranges("_edge", end)
            else:
                begin = pl.max_horizontal(pl.col("_edge") - max_listed + 1, "_first")
                rows = pl.int_ranges(begin, pl.col("_edge") + 1)
            found = edge.select("_row", "_aid", _at=rows).explode("_at").drop_nulls("_at")
            index = found["_at"]
            pairs.append(
                found.select("_row", "_aid").with_columns(
                    _fid_b=fid_b.gather(index), _aid_b=aid_b.gather(index)
                )
            )
        results.append(
            pl.concat(pairs)
            .filter(pl.col("_aid") != pl.col("_aid_b"))
            .group_by("_row")
            .agg(pl.col("_fid_b").bottom_k(max_listed).alias("_with"))
        )
    return (
        pl.concat(results)
        if results
        else pl.DataFrame(schema={"_row": seeker.schema["_row"], "_with": pl.List(pl.Int64)})
    )


# --------------------------------------------------------------------------------------------
# evaluate_figures
# --------------------------------------------------------------------------------------------


def _as_golds(gold) -> list[dict]:
    if isinstance(gold, (str, os.PathLike)):
        return load_gold(gold)
    if isinstance(gold, dict):
        return [gold if "article_id" in gold else {**gold, "article_id": gold.get("file")}]
    return list(gold)


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate_figures(figures: pl.DataFrame, gold) -> dict:
    """Score figures against gold annotations (the ``figures`` of the gold format).

    A predicted figure matches a gold figure when their spans overlap (the gold marks the
    number, a prediction the whole phrase); a gold figure overlapped by several predictions
    takes the one whose number overlaps it. Only articles that the gold annotates are
    scored.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``, and over matched gold
        figures ``value_accuracy``, ``kind_accuracy``, ``qualifier_accuracy`` (the predicted
        qualifier is in the gold's ``accept_qualifier`` when it has one, else equal to its
        ``qualifier``), ``subject_accuracy`` and ``unit_accuracy`` (where the gold gives a
        unit); ``matched`` (one row per gold figure and its prediction) and ``errors`` (one
        row per miss, false positive or mismatched field).

    Examples
    --------
    >>> import toolkit
    >>> figures = extract_figures(toolkit.load_articles("data/articles"))
    >>> scores = evaluate_figures(figures, "data/gold")
    >>> scores["recall"], scores["value_accuracy"]
    (1.0, 1.0)
    """
    golds = _as_golds(gold)
    gold_figures = gold_frame(golds, "figures")
    ids = [g["article_id"] for g in golds]
    predicted = figures.filter(pl.col("article_id").is_in(ids)).with_row_index("_pred")
    by_article: dict[str, list[dict]] = {}
    for row in predicted.iter_rows(named=True):
        by_article.setdefault(row["article_id"], []).append(row)
    used_preds: set[int] = set()
    matched, errors = [], []
    fields = ("value", "kind", "qualifier", "subject", "unit")
    correct = dict.fromkeys(fields, 0)
    counted = dict.fromkeys(fields, 0)
    for g in gold_figures.iter_rows(named=True) if gold_figures.height else []:
        candidates = [
            p
            for p in by_article.get(g["article_id"], [])
            if p["start"] < g["end"] and g["start"] < p["end"]
        ]
        if not candidates:
            errors.append(_error(g, None, "miss", None, None))
            continue

        def rank(p, g=g):
            on_number = p["number_start"] < g["end"] and g["start"] < p["number_end"]
            return (not on_number, abs(p["number_start"] - g["start"]))

        p = min(candidates, key=rank)
        for c in candidates:
            used_preds.add(c["_pred"])
        accept = g.get("accept_qualifier") or [g.get("qualifier")]
        checks = {
            "value": _same_value(p["value"], g.get("value")),
            "kind": p["kind"] == g.get("kind"),
            "qualifier": p["qualifier"] in accept,
            "subject": p["subject"] == g.get("subject"),
        }
        if g.get("unit"):
            checks["unit"] = p["unit"] == g.get("unit")
        for name, ok in checks.items():
            counted[name] += 1
            correct[name] += ok
            if not ok:
                gold_value = "|".join(accept) if name == "qualifier" else g.get(name)
                errors.append(_error(g, p, name, gold_value, p[name]))
        matched.append(
            {
                "article_id": g["article_id"],
                "gold_surface": g.get("surface"),
                "gold_start": g.get("start"),
                "surface": p["surface"],
                "start": p["start"],
                **{f"{n}_ok": checks.get(n) for n in fields},
            }
        )
    false_positives = [p for p in predicted.iter_rows(named=True) if p["_pred"] not in used_preds]
    for p in false_positives:
        errors.append(_error(None, p, "false_positive", None, None))
    total_gold = gold_figures.height
    tp = len(matched)
    return {
        **span_scores(predicted.height - len(false_positives), predicted.height, tp, total_gold),
        "tp": tp,
        "fp": len(false_positives),
        "fn": total_gold - tp,
        **{f"{n}_accuracy": correct[n] / counted[n] if counted[n] else 1.0 for n in fields},
        "matched": pl.DataFrame(matched, infer_schema_length=None)
        if matched
        else pl.DataFrame(schema={"article_id": pl.String}),
        "errors": pl.DataFrame(errors, schema=_ERROR_SCHEMA, orient="row"),
    }


_ERROR_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "error": pl.String,
    "gold_surface": pl.String,
    "surface": pl.String,
    "gold": pl.String,
    "predicted": pl.String,
}


def _error(g: dict | None, p: dict | None, error: str, gold_value, predicted_value) -> tuple:
    source = g if g is not None else p
    return (
        source["article_id"],
        source.get("sentence_id"),
        error,
        None if g is None else g.get("surface"),
        None if p is None else p["surface"],
        None if gold_value is None else str(gold_value),
        None if predicted_value is None else str(predicted_value),
    )


# --------------------------------------------------------------------------------------------
# evaluate_phrases
# --------------------------------------------------------------------------------------------

_PHRASE_FIELDS = ("value", "low", "high", "qualifier", "kind", "unit")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _as_float(value) -> float | None:
    return None if _blank(value) else float(value)


def evaluate_phrases(cases: pl.DataFrame) -> tuple[dict, pl.DataFrame]:
    """Score :func:`extract_figures` on short phrases, one expected figure each.

    ``cases`` has ``phrase`` and the expected ``value``, ``low``, ``high``, ``qualifier``,
    ``kind`` and ``unit`` (empty for null), and optionally ``surface``: the part of the phrase
    the figure must overlap (by default the whole phrase). An empty ``surface`` column value
    in a frame that has the column means that no figure is expected.

    Returns
    -------
    (dict, polars.DataFrame)
        Accuracies over the cases (``found``, ``value``, ``low``, ``high``, ``qualifier``,
        ``kind``, ``unit`` and ``all``, the share with every field right; a no-figure case
        counts as right in every field when nothing is found), and one row per case with the
        predicted fields and an ``ok_<field>`` column for each.

    Examples
    --------
    >>> import polars as pl
    >>> cases = pl.DataFrame({"phrase": ["نحو ثلاثة آلاف جندي"], "value": ["3000"],
    ...     "low": [""], "high": [""], "qualifier": ["approx"], "kind": ["troops"],
    ...     "unit": ["soldier"]})
    >>> evaluate_phrases(cases)[0]["all"]
    1.0
    """
    has_surface = "surface" in cases.columns
    phrases = cases.with_row_index("_case").with_columns(
        article_id=pl.col("_case").cast(pl.String), text=pl.col("phrase")
    )
    figures = extract_figures(phrases.select("article_id", "text"))
    by_case: dict[str, list[dict]] = {}
    for row in figures.iter_rows(named=True):
        by_case.setdefault(row["article_id"], []).append(row)
    rows = []
    for case in phrases.iter_rows(named=True):
        found = by_case.get(case["article_id"], [])
        surface = case.get("surface") if has_surface else case["phrase"]
        expect_none = has_surface and _blank(surface)
        result: dict = {"phrase": case["phrase"], "expected_none": expect_none}
        if expect_none:
            ok = not found
            result |= {"surface": None, "ok_found": ok, **{f"ok_{f}": ok for f in _PHRASE_FIELDS}}
            result |= {f"predicted_{f}": None for f in _PHRASE_FIELDS}
            result["predicted_surface"] = found[0]["surface"] if found else None
            rows.append(result)
            continue
        at = case["phrase"].find(surface)
        at = 0 if at < 0 else at
        span = (at, at + len(surface))
        hits = [f for f in found if f["start"] < span[1] and span[0] < f["end"]]
        hits.sort(key=lambda f: not (f["number_start"] < span[1] and span[0] < f["number_end"]))
        pred = hits[0] if hits else None
        result["surface"] = surface
        result["predicted_surface"] = None if pred is None else pred["surface"]
        result["ok_found"] = pred is not None
        for field in _PHRASE_FIELDS:
            got = None if pred is None else pred[field]
            want = case.get(field)
            if field in {"value", "low", "high"}:
                want = _as_float(want)
                ok = pred is not None and _same_value(got, want)
            else:
                want = None if _blank(want) else str(want).strip()
                ok = pred is not None and got == want
            result[f"predicted_{field}"] = None if got is None else str(got)
            result[f"ok_{field}"] = ok
        rows.append(result)
    table = pl.DataFrame(rows, infer_schema_length=None)
    checks = ["found", *_PHRASE_FIELDS]
    table = table.with_columns(ok_all=pl.all_horizontal(f"ok_{c}" for c in checks))
    scores = {c: float(table[f"ok_{c}"].mean()) for c in [*checks, "all"]}
    scores["cases"] = table.height
    return scores, table
