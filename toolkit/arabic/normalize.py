"""Normalization with a way back: every option maps characters one by one (or removes them),
so a normalized span always maps back to exact offsets in the original text."""

from __future__ import annotations

from functools import cache

import polars as pl

from toolkit.arabic.charsets import (
    ALEF,
    ALEF_MAKSURA,
    DIACRITICS,
    DIGITS,
    MARKS,
    PERSIAN,
    TATWEEL,
    TEH_MARBUTA,
    presentation_forms,
)

__all__ = [
    "NORMALIZE_OPTIONS",
    "normalization_map",
    "normalize",
    "normalize_expr",
    "normalize_with_map",
]

#: The options of :func:`normalize` and their defaults.
NORMALIZE_OPTIONS = {
    "diacritics": True,
    "tatweel": True,
    "alef": True,
    "alef_maksura": True,
    "teh_marbuta": False,
    "digits": True,
    "presentation_forms": True,
    "persian_letters": True,
    "marks": True,
}


@cache
def normalization_map(**options: bool) -> dict[str, str]:
    """The character map of :func:`normalize` with these options (a character maps to its
    replacement, ``""`` when it is removed). Raises ``TypeError`` on an unknown option."""
    unknown = set(options) - set(NORMALIZE_OPTIONS)
    if unknown:
        raise TypeError(f"unknown normalization option(s): {', '.join(sorted(unknown))}")
    opts = NORMALIZE_OPTIONS | options
    simple: dict[str, str] = {}
    if opts["diacritics"]:
        simple |= dict.fromkeys(DIACRITICS, "")
    if opts["tatweel"]:
        simple[TATWEEL] = ""
    if opts["alef"]:
        simple |= ALEF
    if opts["alef_maksura"]:
        simple |= ALEF_MAKSURA
    if opts["teh_marbuta"]:
        simple |= TEH_MARBUTA
    if opts["digits"]:
        simple |= DIGITS
    if opts["persian_letters"]:
        simple |= {k: v for k, v in PERSIAN.items() if len(k) == 1}
    if opts["marks"]:
        simple |= dict.fromkeys(MARKS, "")
    mapping = dict(simple)
    if opts["presentation_forms"]:
        for char, base in presentation_forms().items():
            mapping[char] = "".join(simple.get(c, c) for c in base)
    return mapping


@cache
def _translation(**options: bool) -> dict[int, str]:
    return str.maketrans(normalization_map(**options))


def normalize(text: str, **options: bool) -> str:
    """Normalize Arabic text for matching and counting.

    Keyword-only options (all ``True`` unless noted): ``diacritics`` removes harakat, shadda,
    sukun, tanween and dagger alef; ``tatweel`` removes kashida; ``alef`` maps أ إ آ ٱ to ا;
    ``alef_maksura`` maps ى to ي; ``teh_marbuta`` (default ``False``) maps ة to ه; ``digits``
    maps Eastern Arabic-Indic ٠–٩ and Persian ۰–۹ to ASCII; ``presentation_forms`` maps
    U+FB50–FDFF and U+FE70–FEFF (as copied from PDFs) to base letters; ``persian_letters`` maps
    the Persian letters ک ی چ گ پ ژ ڤ to ك ي ج ك ب ز ف; ``marks`` removes zero-width
    characters and directional marks.

    The result is a new string; use :func:`normalize_with_map` to keep the way back to the
    original offsets, and :func:`normalize_expr` on polars columns (same output).

    Examples
    --------
    >>> normalize("العَـــرَاق ٢٠٢٠ إلى")
    'العراق 2020 الي'
    >>> normalize("مدرسة", teh_marbuta=True)
    'مدرسه'
    """
    return text.translate(_translation(**options))


def normalize_expr(expr: pl.Expr | str, **options: bool) -> pl.Expr:
    """The vectorized form of :func:`normalize` for a polars column (identical output).

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["أَمريكا"]}).select(normalize_expr("t")).item()
    'امريكا'
    """
    column = pl.col(expr) if isinstance(expr, str) else expr
    return column.str.replace_many(normalization_map(**options))


def normalize_with_map(text: str, **options: bool) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, for each normalized character, its original offset.

    The returned list has one more entry than the normalized string: its last value is
    ``len(text)``, so a normalized span ``[i, j)`` maps back to ``text[index[i]:index[j]]``
    (which includes any diacritics or tatweel that normalization removed inside the span).

    Examples
    --------
    >>> norm, index = normalize_with_map("بِالعِراق")
    >>> norm, "بِالعِراق"[index[1]:index[len(norm)]]
    ('بالعراق', 'العِراق')
    """
    mapping = normalization_map(**options)
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        out = mapping.get(char, char)
        chars.append(out)
        index.extend([position] * len(out))
    index.append(len(text))
    # A removed character sitting inside a span belongs with the character before it, so a
    # span's end is the start of the next kept character.
    return "".join(chars), index
