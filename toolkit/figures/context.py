"""The words around a number: qualifiers, counted nouns, months, per cent, nisbas, identifiers.

Each reader looks at the tokens of a window (:func:`toolkit.figures.grammar.tokens`) next to
a number and answers with token indices, so that :mod:`toolkit.figures.phrase` can put a
figure's phrase together: a qualifier before the number (نحو، أكثر من، لا يتجاوز …, from
``qualifiers.csv``) or after it (تقريباً، على الأقل، إضافي), the counted noun (جندي → troops,
شهر → duration, دولار → money, % → percent: ``figure_nouns.csv``), a month name
(``months.csv``) and a nisba on the noun (جندي أمريكي → ``us_administration``:
``nisbas.csv``).
"""

from __future__ import annotations

from toolkit.figures.grammar import Tok, month_at, read_number
from toolkit.figures.lexicon import Grammar

__all__ = [
    "PERCENT_SIGNS",
    "STOP_CONNECTORS",
    "additional_before",
    "clause_start",
    "force_noun_before",
    "is_year",
    "left_qualifier",
    "month_pair_at",
    "month_pair_ending_at",
    "nisba_after",
    "noun_after",
    "percent_after",
    "right_qualifier",
    "shared_noun",
    "shared_noun_before",
    "skip_identifier",
]

#: Marks that end a clause: a qualifier or a force noun is not looked for past them.
STOP_CONNECTORS = frozenset(
    {"،", ",", "؛", ";", ":", ".", "!", "?", "؟", "(", ")", "«", "»", '"', "“", "”"}
)
PERCENT_SIGNS = frozenset({"%", "٪"})
_MONTH_SEPARATORS = frozenset({"/", "(", "-", "،"})


def month_pair_at(g: Grammar, toks: list[Tok], j: int) -> tuple[int, int] | None:
    """A month name, possibly paired (كانون الثاني / يناير، مايو أيار، آذار (مارس))."""
    found = month_at(g, toks, j)
    if found is None:
        return None
    month, nxt = found
    k = nxt
    if k < len(toks) and toks[k].key in _MONTH_SEPARATORS:
        k += 1
    second = month_at(g, toks, k)
    if second is not None and second[0] == month:
        nxt = second[1]
        if nxt < len(toks) and toks[nxt].key == ")":
            nxt += 1
    return month, nxt


def month_pair_ending_at(g: Grammar, toks: list[Tok], i: int) -> tuple[int, int] | None:
    """A (paired) month name that ends right before token ``i``: ``(month, first token)``."""
    for j in range(max(0, i - 6), i):
        found = month_pair_at(g, toks, j)
        if found is not None and found[1] == i:
            return found[0], j
    return None


def is_year(number, toks: list[Tok]) -> bool:
    """A plain run of four digits from 1900 to 2100."""
    if not number.integer_text:
        return False
    text = toks[number.first].key
    return len(text) == 4 and 1900 <= int(text) <= 2100


def clause_start(toks: list[Tok], i: int) -> int:
    """The first token of the clause of token ``i`` (after the last stop connector)."""
    j = i - 1
    while j >= 0 and toks[j].key not in STOP_CONNECTORS:
        j -= 1
    return j + 1


def left_qualifier(g: Grammar, toks: list[Tok], i: int, lower: int) -> tuple[str, int] | None:
    """The qualifier that ends right before token ``i``: ``(qualifier, first token)``."""
    start = max(lower, i - 6)
    if start >= i:
        return None
    found = g.left_match(tuple([t.key for t in toks[start:i]]))
    return None if found is None else (found[0], start + found[1])


def skip_identifier(g: Grammar, toks: list[Tok], i: int, window: str) -> bool:
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
    return i > 0 and g.strip_article(toks[i - 1].key) in g.identifier_stems


def percent_after(g: Grammar, toks: list[Tok], k: int) -> int | None:
    """The token after a percent marker that starts at ``k`` (``%``، في المئة، بالمئة)."""
    if k < len(toks) and toks[k].key in PERCENT_SIGNS:
        return k + 1
    if k < len(toks) and toks[k].key in g.percent_words:
        return k + 1
    if k + 1 < len(toks) and toks[k].key in g.percent_preps and toks[k + 1].key in g.percent_nouns:
        return k + 2
    return None


def noun_after(
    g: Grammar, toks: list[Tok], k: int
) -> tuple[int, tuple[str, str | None] | None] | None:
    """The counted noun at or after token ``k``: ``(token, (kind, unit) or None)``."""
    if k >= len(toks) or toks[k].is_num:
        return None
    key = toks[k].key
    found = g.noun_lookup(key)
    if found is not None:
        return k, found
    if key == "من" and k + 1 < len(toks) and not toks[k + 1].is_num:
        found = g.noun_lookup(toks[k + 1].key)
        if found is not None:
            return k + 1, found
        if toks[k + 1].key.startswith("ال") and toks[k + 1].key not in g.function_words:
            return k + 1, None
        return None
    if not key[0].isalpha() or key in g.function_words or g.lookup(key) is not None:
        return None
    if month_at(g, toks, k) is not None:
        return None
    return k, None


def nisba_after(g: Grammar, toks: list[Tok], k: int) -> tuple[str | None, int] | None:
    """A nationality adjective among the two tokens from ``k``: ``(party or None, token)``."""
    for j in range(k, min(k + 2, len(toks))):
        key = toks[j].key
        found, party = g.nisba(key)
        if found:
            return party, j
        if j == k and (g.additional_re.match(key) or key in g.adjectives):
            continue
        if j == k and key.endswith(g.adjective_endings) and not toks[j].is_num:
            continue
        break
    return None


def right_qualifier(g: Grammar, toks: list[Tok], k: int) -> tuple[str, int] | None:
    """A qualifier after the phrase at token ``k``: ``(qualifier, last token)``."""
    if k >= len(toks):
        return None
    key = toks[k].key
    if g.additional_re.match(key):
        return "additional", k
    for qualifier, words in g.right:
        if key in words[0]:
            if len(words) == 1:
                return qualifier, k
            if k + 1 < len(toks) and toks[k + 1].key in words[1]:
                return qualifier, k + 1
    return None


def force_noun_before(
    g: Grammar, toks: list[Tok], i: int, lower: int
) -> tuple[int, tuple[str, str | None]] | None:
    """A force noun before a number with no noun after it (قوة تزيد عن 300)."""
    for j in range(i - 1, max(lower, i - 6) - 1, -1):
        if g.strip_article(toks[j].key) in g.force_nouns:
            return j, ("troops", "soldier")
    return None


def additional_before(g: Grammar, toks: list[Tok], i: int, lower: int) -> bool:
    """``قوات إضافية قوامها 500 جندي``: إضافي just before the number."""
    return any(g.additional_re.match(toks[j].key) for j in range(max(lower, i - 3), i))


_RANGE_TO = ("الي", "حتي")


def shared_noun(
    g: Grammar, toks: list[Tok], k: int, window: str
) -> tuple[int, tuple[str, str | None]] | None:
    """``من نحو 500 إلى نحو 4000 عنصر``: the first number counts the second one's noun."""
    if k >= len(toks) or toks[k].key not in {*_RANGE_TO, "او", "و"}:
        return None
    for j in range(k + 1, min(k + 4, len(toks))):
        if toks[j].is_num or g.lookup(toks[j].key) is not None:
            other = read_number(g, toks, j, window)
            if other is None:
                return None
            noun = noun_after(g, toks, other.stop)
            if noun is not None and noun[1] is not None:
                return noun[0], noun[1]
            return None
    return None


def shared_noun_before(
    g: Grammar, toks: list[Tok], left: tuple[str, int] | None, i: int
) -> tuple[int, tuple[str, str | None]] | None:
    """``من نحو 500 عنصر إلى قرابة 4000``: the second number counts the first one's noun."""
    k = (left[1] if left else i) - 1
    if k < 1 or toks[k].key not in _RANGE_TO:
        return None
    for j in range(k - 1, max(-1, k - 4), -1):
        found = g.noun_lookup(toks[j].key) if not toks[j].is_num else None
        if found is not None and (toks[j - 1].is_num or g.lookup(toks[j - 1].key) is not None):
            return j, found
    return None
