"""The number grammar: the tokens of a window and the number that starts at a token.

A number is digits (``2,500`` ``٢٬٥٠٠`` ``2.5``), number words (ثلاثة آلاف وخمسمائة = 3500,
with their clitics), or both (``2.5 ألف`` = 2500); a dual noun (شهرين) is the number 2 with
its noun, a vague plural (عشرات الآلاف) a range (20,000–99,999). The words and their values
come from the :class:`~toolkit.figures.lexicon.Grammar` (``number_words.csv``,
``figure_nouns.csv``, ``figure_words.csv``).

Text is normalized *without changing its length* first (:func:`prenormalize`): diacritics and
tatweel become a placeholder, أ إ آ become ا, ى becomes ي, Eastern Arabic-Indic and Persian
digits become ASCII, so every offset the grammar gives is an offset into the article.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate, repeat
from operator import itemgetter
from typing import NamedTuple

import polars as pl

from toolkit.arabic import normalization_map
from toolkit.figures.lexicon import PLACEHOLDER, Grammar, grammar
from toolkit.lexicons import Lexicons

__all__ = ["Number", "Tok", "month_at", "parse_number", "prenormalize", "read_number", "tokens"]


# ---- normalization that keeps every offset ---------------------------------------------------


@cache
def length_preserving_table() -> dict[str, str]:
    """Character map of :func:`toolkit.normalize` in which every entry keeps its length."""
    table = {}
    for char, out in normalization_map().items():
        if len(char) != 1:
            continue
        if out == "":
            table[char] = PLACEHOLDER
        elif len(out) == 1:
            table[char] = out
    table.pop(PLACEHOLDER, None)
    return table


def prenormalize(expr: pl.Expr) -> pl.Expr:
    """The length-preserving normalization of a text column."""
    return expr.str.replace_many(length_preserving_table())


# ---- tokens of a window ----------------------------------------------------------------------

# Words first: most tokens are words, and the alternatives never overlap.
_TOKEN_RE = re.compile(r"([^\W\d_]+|\d+(?:[.,٫٬]\d+)*|\S)")


class Tok(NamedTuple):
    """A token of a window: its offsets, its key (placeholders removed), whether a number."""

    start: int
    end: int
    key: str
    is_num: bool


_new_tok = partial(tuple.__new__, Tok)
_first_char = itemgetter(0)


def tokens(window: str) -> list[Tok]:
    """The tokens of a window: numbers, words (their placeholders removed) and other marks.

    Built with C-level steps (one split, running sums, ``tuple.__new__``) since every window
    of a large corpus passes through here.
    """
    parts = _TOKEN_RE.split(window)  # [space, token, space, token, …, space]
    positions = list(accumulate(map(len, parts), initial=0))
    texts = parts[1::2]
    starts, ends = positions[1:-1:2], positions[2::2]  # as many of each
    nums = map(str.isdigit, map(_first_char, texts))  # a number starts with a digit
    if PLACEHOLDER in window:
        # digits have none; a token of placeholders alone is no token
        texts = list(map(str.replace, texts, repeat(PLACEHOLDER), repeat("")))
        if not all(texts):
            return [_new_tok(tok) for tok in zip(starts, ends, texts, nums, strict=False) if tok[2]]
    return list(map(_new_tok, zip(starts, ends, texts, nums, strict=False)))


def digits_value(text: str) -> float | None:
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


# ---- the number grammar ----------------------------------------------------------------------


@dataclass(slots=True)
class Number:
    """A number read at a token: its tokens, value and what kind of number it is."""

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


def month_at(g: Grammar, toks: list[Tok], j: int) -> tuple[int, int] | None:
    """A month name at token ``j`` (``months.csv``): ``(month, next token)``."""
    if j >= len(toks) or toks[j].is_num:
        return None
    key = toks[j].key
    if key not in g.month_keys:
        return None
    for clitic in g.month_clitics:
        if clitic and not key.startswith(clitic):
            continue
        body = key[len(clitic) :]
        if body in g.months and (not clitic or len(body) > 2):
            return g.months[body], j + 1
        if j + 1 < len(toks) and (body, toks[j + 1].key) in g.month_pairs:
            return g.month_pairs[(body, toks[j + 1].key)], j + 2
    return None


def _connector(g: Grammar, toks: list[Tok], k: int, window: str) -> tuple[str, int] | None:
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
    found = g.lookup(tok.key)
    if found is None:
        return None
    return ("و" if found[2].startswith("و") else " "), k


def _element(g: Grammar, tok: Tok) -> tuple[str, float, str] | None:
    if tok.is_num:
        value = digits_value(tok.key)
        return None if value is None else ("digits", value, tok.key)
    found = g.lookup(tok.key)
    if found is None:
        return None
    return found[0], found[1], found[3]


# No number written in words has more parts (ثلاثة ملايين وخمسمائة وعشرون ألفا وستمائة …).
_MAX_ELEMENTS = 24


def read_number(g: Grammar, toks: list[Tok], i: int, window: str) -> Number | None:
    """Read the number that starts at token ``i`` (digits, words or both)."""
    first = _element(g, toks[i])
    if first is None:
        return None
    kind, value, body = first
    if kind == "dual":
        noun_kind, unit = g.dual_nouns[body]
        return Number(i, i + 1, 2.0, dual=(noun_kind, unit))
    if kind == "single":
        following = toks[i + 1] if i + 1 < len(toks) else None
        if following is not None and (
            following.is_num
            or following.key.startswith("ال")
            or month_at(g, toks, i + 1) is not None
        ):
            return None  # عام 2020 is a date, خلال شهر أيلول a month, عام الماضي a time
        return Number(i, i + 1, 1.0, dual=("duration", g.durations[body]), single=True)
    if kind == "vague" or (kind == "pscale" and body in g.vague):
        return _read_vague(g, toks, i, body, window)
    if kind == "unit" and body in g.teen_units:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None or g.lookup(nxt.key) is None or g.lookup(nxt.key)[0] != "ten":
            return None
    if kind == "unit" and body in g.ones:
        return None  # "one" alone is rarely a figure (في وقت واحد)
    elements = [(kind, value, body, "", i)]
    k = i + 1
    while k < len(toks):
        joined = _connector(g, toks, k, window)
        if joined is None:
            break
        conn, index = joined
        element = _element(g, toks[index])
        if element is None or (conn == " " and element[0] == "digits"):
            break  # digits after a space never continue a number (a run 3 4 5 …)
        elements.append((*element, conn, index))
        if len(elements) >= _MAX_ELEMENTS:
            break
        k = index + 1
    return _accumulate(g, elements)


def _read_vague(g: Grammar, toks: list[Tok], i: int, body: str, window: str) -> Number | None:
    low, high = g.vague[body]
    stop = i + 1
    if stop < len(toks) and window[toks[i].end : toks[stop].start].strip() == "":
        scale = g.vague_scales.get(toks[stop].key)
        if scale and body not in g.plural_scales and scale > low:
            # عشرات الآلاف: 20,000–99,999; بضعة آلاف: 3,000–9,000
            low, high = low * scale, (high + 1) * scale - 1
            if body in g.few:
                high = high - scale + 1
            stop += 1
    if body in g.plural_scales:
        prev = toks[i - 1].key if i > 0 else ""
        if g.lookup(prev) is not None and g.lookup(prev)[0] in {"unit", "ten", "digits"}:
            return None  # the scale of a number such as ثلاثة آلاف, read from the unit
    return Number(i, stop, float(low), low=float(low), high=float(high), vague=True)


def _accumulate(g: Grammar, elements: list[tuple]) -> Number | None:
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
        elif kind in {"scale", "pscale"} or (
            kind == "dscale" and body in g.ambiguous_duals and cur
        ):
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
    return Number(
        first_index,
        stop,
        value,
        digits=digits,
        scale=scale_used,
        fraction_only=fraction_only and scale_used is None,
        integer_text=plain,
    )


def parse_number(
    text: str, *, lexicons: Lexicons | str | os.PathLike | None = None
) -> float | None:
    """The value of a number written in digits, words or both (``None`` if it is not one).

    Follows Arabic number grammar: units, teens (أحد عشر), tens (عشرون), hundreds (مئة،
    مئتان، ثلاثمائة), thousands (ألف، ألفان، آلاف، ألفا), millions and billions, compounds
    with و (ثلاثة آلاف وخمسمائة), fractions (نصف مليون), digits with a scale word
    (``2.5 ألف``), and the separators of ASCII, Eastern Arabic-Indic and Persian digits.
    Vague plurals (عشرات) give the low end of their range. The number words are those of
    ``number_words.csv`` in ``lexicons`` (a :class:`~toolkit.lexicons.Lexicons`, a folder or
    ``None`` for the shipped files).

    Examples
    --------
    >>> parse_number("ثلاثة آلاف وخمسمائة")
    3500.0
    >>> parse_number("٢٬٥٠٠"), parse_number("2.5 ألف"), parse_number("نصف مليون")
    (2500.0, 2500.0, 500000.0)
    """
    g = grammar(lexicons)
    pre = text.translate(str.maketrans(length_preserving_table()))
    toks = tokens(pre)
    if not toks:
        return None
    number = read_number(g, toks, 0, pre)
    if number is None or number.stop != len(toks):
        return None
    return number.value
