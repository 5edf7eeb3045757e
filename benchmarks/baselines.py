"""What the toolkit is measured against: a polars floor, a student's Python, and peer libraries.

(a) :func:`polars_floor` — plain polars ``str.extract_all(r"\\w+|[^\\w\\s]")`` → explode →
    group_by: the floor for tokenization and a frequency table (no offsets, no clitics).
(b) :func:`student_pipeline` — the same outputs as the toolkit's pipeline (tokens with offsets
    and a frequency table, entity mentions, figures, stance claims) written the way a student
    would: one article at a time in Python, ``re.finditer`` for tokens, ``str.translate`` for
    normalization, a loop over aliases with ``str.find``, a regex loop per sentence.
(c) Peers, from the optional ``bench`` extra: CAMeL Tools (``simple_word_tokenize``, its
    normalizers and ``dediac_ar``), PyArabic (``araby.tokenize``), NLTK
    (``wordpunct_tokenize``). Each is used per article, with a ``Counter`` for frequencies, as
    their documentation shows. An import that fails raises ``ImportError``, which the harness
    reports as "not installed".
"""

from __future__ import annotations

import re
from collections import Counter

import polars as pl

__all__ = [
    "PEERS",
    "camel_normalize",
    "camel_tokenize",
    "nltk_tokenize",
    "polars_floor",
    "pyarabic_tokenize",
    "student_pipeline",
]


def polars_floor(articles: pl.DataFrame) -> pl.DataFrame:
    """Baseline (a): tokens by one regex, exploded, counted."""
    return (
        articles.select(pl.col("text").str.extract_all(r"\w+|[^\w\s]").alias("token"))
        .explode("token")
        .group_by("token")
        .len()
    )


# --------------------------------------------------------------------------------------------
# (b) A student's per-article Python
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640"
_TABLE = str.maketrans(
    {**dict.fromkeys(_DIACRITICS, None), "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"}
    | {chr(0x0660 + i): str(i) for i in range(10)}
)
_NUMBER_WORDS = (
    "واحد|اثنين|اثنان|ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة|عشرين|ثلاثين|مئة|مائة|"
    "مئتين|خمسمائة|ألف|ألفين|آلاف|مليون|ملايين"
)
_FIGURE = re.compile(
    r"(?:(نحو|حوالي|أكثر من|أقل من|قرابة|زهاء|ما لا يقل عن|لا يتجاوز)\s+)?"
    rf"((?:\d+(?:[.,٫٬]\d+)*|[٠-٩]+(?:[٫٬][٠-٩]+)*|(?:{_NUMBER_WORDS})(?:\s+و?(?:{_NUMBER_WORDS}))*))"
    r"(?:\s+(جندي|جنود|عسكري|مستشار|عنصر|شهر|شهرا|أشهر|سنة|سنوات|عام|أعوام|يوما|أيام|دولار|%))?"
)
_STANCE_CUES = {
    "انسحاب": "oppose",
    "الانسحاب": "oppose",
    "رحيل": "oppose",
    "خروج القوات": "oppose",
    "إنهاء وجود": "oppose",
    "يرفض": "oppose",
    "رفض": "oppose",
    "لن نقبل": "oppose",
    "بقاء": "support",
    "استمرار": "support",
    "ضروري": "support",
    "تدريب": "support",
    "شراكة": "support",
    "يبقى": "support",
    "ستبقى": "support",
}
_SPEAKER = re.compile(r"(?:قال|أكد|أعلن|ذكر|أضاف|شدد|دعا|اعتبر)(?:ت)?\s+(\S+(?:\s+\S+)?)")


def _aliases() -> list[tuple[str, str]]:
    from toolkit.lexicons import load_entities

    pairs = []
    for entity, aliases in load_entities().select("entity_id", "aliases").iter_rows():
        for alias in aliases:
            pairs.append((alias.translate(_TABLE), entity))
    return pairs


def student_pipeline(articles: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Baseline (b): tokens (offsets, norm), frequency, mentions, figures, claims — per article."""
    aliases = _aliases()
    cues = [(cue.translate(_TABLE), stance) for cue, stance in _STANCE_CUES.items()]
    tokens, mentions, figures, claims = [], [], [], []
    frequency: Counter = Counter()
    for article_id, text in articles.select("article_id", "text").iter_rows():
        for match in _TOKEN.finditer(text):
            norm = match.group().translate(_TABLE)
            tokens.append((article_id, match.start(), match.end(), match.group(), norm))
            frequency[norm] += 1
        norm_text = text.translate(_TABLE)
        for alias, entity in aliases:
            start = norm_text.find(alias)
            while start != -1:
                mentions.append((article_id, start, start + len(alias), entity))
                start = norm_text.find(alias, start + 1)
        for number, sentence in enumerate(_SENTENCE.finditer(text), start=1):
            for match in _FIGURE.finditer(sentence.group()):
                figures.append(
                    (
                        article_id,
                        number,
                        sentence.start() + match.start(),
                        sentence.start() + match.end(),
                        match.group(1),
                        match.group(2),
                        match.group(3),
                    )
                )
            plain = sentence.group().translate(_TABLE)
            for cue, stance in cues:
                if cue in plain:
                    speaker = _SPEAKER.search(sentence.group())
                    claims.append(
                        (article_id, number, cue, stance, speaker.group(1) if speaker else None)
                    )
    return {
        "tokens": pl.DataFrame(
            tokens, schema=["article_id", "start", "end", "token", "norm"], orient="row"
        ),
        "frequency": pl.DataFrame(list(frequency.items()), schema=["term", "count"], orient="row"),
        "entities": pl.DataFrame(
            mentions, schema=["article_id", "start", "end", "entity"], orient="row"
        ),
        "figures": pl.DataFrame(
            figures,
            schema=["article_id", "sentence", "start", "end", "qualifier", "number", "noun"],
            orient="row",
        ),
        "stance_claims": pl.DataFrame(
            claims, schema=["article_id", "sentence", "cue", "stance", "speaker"], orient="row"
        ),
    }


# --------------------------------------------------------------------------------------------
# (c) Peers
# --------------------------------------------------------------------------------------------


def _count(texts: list[str], tokenize) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(tokenize(text))
    return counts


def camel_tokenize(texts: list[str]) -> Counter:
    """CAMeL Tools' ``simple_word_tokenize`` per article, counted."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    return _count(texts, simple_word_tokenize)


def camel_normalize(texts: list[str]) -> list[str]:
    """CAMeL Tools' normalizers: Unicode, alef, alef maksura, then ``dediac_ar``."""
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_unicode,
    )

    return [
        dediac_ar(normalize_alef_maksura_ar(normalize_alef_ar(normalize_unicode(text))))
        for text in texts
    ]


def pyarabic_tokenize(texts: list[str]) -> Counter:
    """PyArabic's ``araby.tokenize`` per article, counted."""
    from pyarabic import araby

    return _count(texts, araby.tokenize)


def nltk_tokenize(texts: list[str]) -> Counter:
    """NLTK's ``wordpunct_tokenize`` per article, counted."""
    from nltk.tokenize import wordpunct_tokenize

    return _count(texts, wordpunct_tokenize)


#: Peer stages: name → (function, what it is compared with, description).
PEERS = {
    "camel_tokenize": (camel_tokenize, "tokenize_frequency", "CAMeL simple_word_tokenize"),
    "camel_normalize": (camel_normalize, "normalize", "CAMeL normalize_* + dediac_ar"),
    "pyarabic_tokenize": (pyarabic_tokenize, "tokenize_frequency", "PyArabic araby.tokenize"),
    "nltk_tokenize": (nltk_tokenize, "tokenize_frequency", "NLTK wordpunct_tokenize"),
}
