"""The words of a sentence: tokens, where each word starts and ends, and its lightened form.

A raw token runs up to any whitespace (space, tab, newline, NBSP, thin and ideographic
spaces …) or a zero-width space, which separates words without showing; zero-width
(non-)joiners and directional marks stay inside the token and are stripped from the word.
Each word is normalized (diacritics, tatweel, alef forms, ى/ي, ة/ه) and its proclitics
و ف ب ك ل and the article ال are set aside, as everywhere in the toolkit
(:class:`toolkit.stance.reader.Reader` does that once per distinct token).

A word is read from its *lightened* letters (what normalization removes taken out), so a
word reads the same with or without diacritics, tatweel or zero-width marks, and its edges
fall on the same letters either way (:func:`edges`). :data:`KEY` lightens a whole sentence,
one character for one or none, so that offsets map back by counting what was removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from toolkit.arabic import normalize

__all__ = [
    "CLAUSE_PUNCT",
    "COLON_PUNCT",
    "KEY",
    "KEYED",
    "LIGHTEN",
    "NUMBER",
    "REMOVED",
    "SEPARATORS",
    "SILENT",
    "TOKEN_RUN",
    "TRAILING",
    "Info",
    "Word",
    "edges",
    "marks",
    "place",
]

#: Punctuation that ends a clause (it marks the word before it).
CLAUSE_PUNCT = frozenset("،,؛;")
#: A colon after a word (or before the next): what follows is what the words before it say
#: (``الخزعلي: …``, ``وقال المتحدث: «…»``); a double full stop (``السوداني.. سنعلن``) reads
#: the same in headlines. It ends a clause too.
COLON_PUNCT = frozenset(":：")
#: Separators that end a clause as punctuation does (``عاجل | الحكومة العراقية: …``).
SEPARATORS = frozenset("|")
#: A raw token: a run of anything but whitespace and the zero-width space.
TOKEN_RUN = re.compile(r"[^\s\u200b]+")
#: What normalization removes (diacritics, tatweel, zero-width and directional marks): a word
#: is read without them.
SILENT = frozenset(
    chr(code)
    for code in range(0x10000)
    if not 0xD800 <= code < 0xE000 and normalize(chr(code)) == ""
)
LIGHTEN = str.maketrans(dict.fromkeys(SILENT, ""))
#: Silent characters that stay with the letter before them at the end of a word (diacritics,
#: tatweel); directional and zero-width marks after a word are outside it.
TRAILING = frozenset(c for c in SILENT if unicodedata.category(c)[0] != "C")
#: The key of a sentence read as its lightened text: silent characters removed (a zero-width
#: space, which separates words, becomes a space) and Eastern Arabic and Persian digits
#: written as ASCII, one character for one, so offsets map back by counting the removed ones.
KEY = str.maketrans(
    {
        **dict.fromkeys(map(ord, SILENT)),
        0x200B: " ",
        **{0x0660 + d: str(d) for d in range(10)},
        **{0x06F0 + d: str(d) for d in range(10)},
    }
)
#: Whether a sentence has anything :data:`KEY` changes.
KEYED = re.compile("[" + re.escape("".join(sorted(SILENT))) + "\u0660-\u0669\u06f0-\u06f9]")
#: The characters :data:`KEY` removes (the zero-width space becomes a space instead).
REMOVED = re.compile("[" + re.escape("".join(sorted(SILENT - {"\u200b"}))) + "]")
#: A word that is a number (digits and separators).
NUMBER = re.compile(r"^[0-9.,%٫٬]+$")


def edges(raw: str) -> tuple[int, int]:
    """Where the word of a token starts and ends: from its first to its last letter or digit
    (punctuation, symbols and what normalization removes stay outside), with the diacritics
    and tatweel right after the last letter (القواتِ). A token without any: ``(len, len)``.

    The edges fall on the same letters whether or not the token carries diacritics, tatweel or
    zero-width marks, so a token reads exactly as its lightened form (see :data:`KEY`)."""
    solid = [k for k, char in enumerate(raw) if _solid(char)]
    if not solid:
        return len(raw), len(raw)
    tail = solid[-1] + 1
    while tail < len(raw) and raw[tail] in TRAILING:
        tail += 1
    return solid[0], tail


def marks(raw: str, lead: int, tail: int) -> tuple[bool, bool, bool, bool]:
    """The punctuation around the word of a token: ``(opens, closes, colon, colon_before)``
    — clause punctuation or a separator before it, after it (a colon after it too), a colon
    or a double full stop (not an ellipsis) after it, a colon before it."""
    before, after = raw[:lead], raw[tail:]
    colon = any(c in COLON_PUNCT for c in after) or (".." in after and "..." not in after)
    colon_before = any(c in COLON_PUNCT for c in before)
    opens = colon_before or any(c in CLAUSE_PUNCT or c in SEPARATORS for c in before)
    closes = colon or any(c in CLAUSE_PUNCT or c in SEPARATORS for c in after)
    return opens, closes, colon, colon_before


@cache
def _solid(char: str) -> bool:
    return char not in SILENT and unicodedata.category(char)[0] not in "PSZC"


class Info(NamedTuple):
    """What the reader knows about one distinct whitespace-separated token (computed once)."""

    lead: int  # offset of the word within the raw token
    tail: int  # offset of the word's end within the raw token
    head: int  # offset of the article/stem, after و ف ب ك ل (the stem after لل)
    norm: str  # normalized word, ة read as ه
    bare: str  # norm without a leading و/ف
    stem: str  # without proclitics and article
    article: bool
    conj: bool
    prep: bool  # ب or ك attached
    slots: frozenset  # the pattern words it matches
    starts: tuple  # the patterns that may start here: (kind, slot ids, gaps, record)
    aliases: tuple  # the entity names that may start here: (keys, party), longest first
    opens: bool  # clause punctuation before the word
    closes: bool  # clause punctuation (or a colon) after the word
    colon: bool = False  # a colon (or a headline's double full stop) after the word
    sem: int = -1  # the same number for tokens that read alike (all fields but the offsets)


class Word(NamedTuple):
    """A word of a sentence: its offsets (start, end, and the head after و ف ب ك ل) and what
    it reads as."""

    start: int
    end: int
    head: int
    info: Info


def place(infos: list[Info], spots: list[int], offset: int = 0) -> list[Word]:
    """The words of tokens read as ``infos`` that start at ``spots`` (plus ``offset``)."""
    return [
        Word(offset + spot + info.lead, offset + spot + info.tail, offset + spot + info.head, info)
        for info, spot in zip(infos, spots, strict=True)
    ]
