"""The character sets of Arabic script that normalization and tokenization are built on.

Each set is defined once here and imported where it is needed (as CAMeL Tools does in
``utils/charsets.py``). These are characters of the script, not word lists: the words the
toolkit knows live in ``toolkit/lexicons/``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "ALEF",
    "ALEF_MAKSURA",
    "DIACRITICS",
    "DIGITS",
    "MARKS",
    "PERSIAN",
    "RESHAPING",
    "TATWEEL",
    "TEH_MARBUTA",
    "presentation_forms",
]

#: Harakat, shadda, sukun, tanween, dagger alef and the Quranic annotation marks.
DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"]
DIACRITICS += [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E5, 0x06E6)]
#: The kashida that stretches a word (العـــراق).
TATWEEL = "\u0640"
ALEF = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
ALEF_MAKSURA = {"ى": "ي"}
TEH_MARBUTA = {"ة": "ه"}
#: Eastern Arabic-Indic and Persian digits, written as ASCII.
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
#: Persian letters that Arabic text borrows, as Arabic writes them (ک ی چ گ پ ژ ڤ: عراقچی is
#: عراقجي, بزشکیان is بزشكيان), and ya with a hamza above written apart.
PERSIAN = {"ک": "ك", "ی": "ي", "چ": "ج", "گ": "ك", "پ": "ب", "ژ": "ز", "ڤ": "ف", "ي\u0654": "ئ"}
#: Zero-width characters, directional marks, embeddings and isolates, the BOM, the Arabic
#: letter mark and the soft hyphen.
MARKS = [chr(c) for c in [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065)]]
MARKS += [chr(c) for c in range(0x2066, 0x206A)] + ["\ufeff", "\u061c", "\u00ad"]


@cache
def presentation_forms() -> dict[str, str]:
    """Each Arabic presentation form (U+FB50–FDFF, U+FE70–FEFF, as copied from PDFs) and its
    base letters (NFKC)."""
    table = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        char = chr(code)
        if unicodedata.category(char) == "Cn":
            continue
        base = unicodedata.normalize("NFKC", char).strip()
        if base != char:
            table[char] = base
    return table


#: Characters that normalization removes or expands (so offsets shift after them).
RESHAPING = re.compile(
    "[" + re.escape("".join([*DIACRITICS, TATWEEL, *MARKS])) + "\ufb50-\ufdff\ufe70-\ufeff]"
)
