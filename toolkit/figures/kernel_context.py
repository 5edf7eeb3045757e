"""The compiled readers of the words around a number (the context of a figure).

Each function here is the function of the same name in :mod:`toolkit.figures.context` (the
reference), written over arrays as in :mod:`toolkit.figures.kernel_number` (``tk``: the tokens
of a window, ``KI``/``KF``/``KP``: the features of their keys); where the reference answers
``None`` these answer -1.
"""

from __future__ import annotations

from toolkit.figures.codepoints import ISALPHA, ISDIGIT, ISSPACE
from toolkit.figures.features import (
    F_LIT,
    F_LK_KIND,
    F_NISBA_FOUND,
    F_NISBA_PARTY,
    F_NOUN_KIND,
    F_NOUN_OK,
    F_NOUN_UNIT,
    F_RIGHT_FIRST,
    F_RIGHT_SECOND,
    F_STRIP_FORCE,
    F_STRIP_IDENT,
    L_ADDITIONAL,
    L_ADJ_ENDING,
    L_ADJECTIVE,
    L_ALPHA0,
    L_FUNCTION,
    L_MIN,
    L_PCT_NOUN,
    L_PCT_PREP,
    L_PCT_SIGN,
    L_PCT_WORD,
    L_SHARED_RANGE,
    L_STARTS_AL,
    L_STOP,
    L_TO,
    K,
    Q,
)
from toolkit.figures.jit import helper
from toolkit.figures.kernel_number import (
    N_FIRST,
    N_STOP,
    lit,
    month_at,
    read_number,
)

_DURATION = K["duration"]
_ADDITIONAL_Q = Q["additional"]


@helper
def clause_start(tk, KI, i):
    """context.clause_start."""
    j = i - 1
    while j >= 0 and not lit(tk, KI, j) & L_STOP:
        j -= 1
    return j + 1


@helper
def _phrase_matches(tk, KP, words, phrase, size, s, i):
    """Whether the left phrase ``phrase`` (``size`` words) matches tokens ``s`` to ``i`` whole."""
    span = i - s
    reach = 1
    for m in range(size):
        predicate, optional, most = words[phrase, m, 0], words[phrase, m, 1], words[phrase, m, 2]
        new = 0
        for pos in range(span + 1):
            if not reach & (1 << pos):
                continue
            if optional:
                new |= 1 << pos
            if predicate < 0:
                for c in range(1, most + 1):
                    if pos + c <= span:
                        new |= 1 << (pos + c)
            elif pos < span and KP[tk[s + pos, 2], predicate]:
                new |= 1 << (pos + 1)
        reach = new
        if reach == 0:
            return False
    return (reach & (1 << span)) != 0


@helper
def left_qualifier(tk, KP, head, words, i, lower):
    """context.left_qualifier: ``(qualifier, first token)`` of the left phrase (of
    ``qualifiers.csv``, in file order) that ends right before token ``i`` and starts first,
    within six tokens and the clause (Grammar.left_match, token by token)."""
    start = max(lower, i - 6)
    if start >= i:
        return -1, -1
    for s in range(start, i):
        for phrase in range(head.shape[0]):
            not_after = head[phrase, 1]
            if not_after >= 0 and s > start and KP[tk[s - 1, 2], not_after]:
                continue
            if _phrase_matches(tk, KP, words, phrase, head[phrase, 2], s, i):
                return head[phrase, 0], s
    return -1, -1


@helper
def percent_after(tk, n, KI, k):
    """context.percent_after: the token after a percent marker at ``k``, or -1."""
    if k < n and lit(tk, KI, k) & (L_PCT_SIGN | L_PCT_WORD):
        return k + 1
    if k + 1 < n and lit(tk, KI, k) & L_PCT_PREP and lit(tk, KI, k + 1) & L_PCT_NOUN:
        return k + 2
    return -1


@helper
def noun_after(tk, n, KI, pairs, k):
    """context.noun_after: ``(token, kind, unit)``; kind -1: a noun of no known kind; token
    -1: none."""
    if k >= n or tk[k, 3]:
        return -1, -1, -1
    key = tk[k, 2]
    if KI[key, F_NOUN_OK]:
        return k, KI[key, F_NOUN_KIND], KI[key, F_NOUN_UNIT]
    bits = KI[key, F_LIT]
    if bits & L_MIN and k + 1 < n and not tk[k + 1, 3]:
        other = tk[k + 1, 2]
        if KI[other, F_NOUN_OK]:
            return k + 1, KI[other, F_NOUN_KIND], KI[other, F_NOUN_UNIT]
        if KI[other, F_LIT] & L_STARTS_AL and not KI[other, F_LIT] & L_FUNCTION:
            return k + 1, -1, -1
        return -1, -1, -1
    if not bits & L_ALPHA0 or bits & L_FUNCTION or KI[key, F_LK_KIND] != 0:
        return -1, -1, -1
    if month_at(tk, n, KI, pairs, k)[0] >= 0:
        return -1, -1, -1
    return k, -1, -1


@helper
def nisba_after(tk, n, KI, k):
    """context.nisba_after: ``(party or -1, token)``; token -1: none."""
    for j in range(k, min(k + 2, n)):
        key = tk[j, 2]
        if KI[key, F_NISBA_FOUND]:
            return KI[key, F_NISBA_PARTY], j
        bits = KI[key, F_LIT]
        if j == k and bits & (L_ADDITIONAL | L_ADJECTIVE):
            continue
        if j == k and bits & L_ADJ_ENDING and not tk[j, 3]:
            continue
        break
    return -1, -1


@helper
def right_qualifier(tk, n, KI, right, k):
    """context.right_qualifier: ``(qualifier, last token)`` or ``(-1, -1)``; ``right`` holds
    each right-hand row's qualifier and number of words."""
    if k >= n:
        return -1, -1
    key = tk[k, 2]
    if KI[key, F_LIT] & L_ADDITIONAL:
        return _ADDITIONAL_Q, k
    for r in range(right.shape[0]):
        if KI[key, F_RIGHT_FIRST] & (1 << r):
            if right[r, 1] == 1:
                return right[r, 0], k
            if k + 1 < n and KI[tk[k + 1, 2], F_RIGHT_SECOND] & (1 << r):
                return right[r, 0], k + 1
    return -1, -1


@helper
def force_noun_before(tk, KI, i, lower):
    """context.force_noun_before: the token of the force noun, or -1."""
    for j in range(i - 1, max(lower, i - 6) - 1, -1):
        if KI[tk[j, 2], F_STRIP_FORCE]:
            return j
    return -1


@helper
def additional_before(tk, KI, i, lower):
    """context.additional_before."""
    for j in range(max(lower, i - 3), i):
        if lit(tk, KI, j) & L_ADDITIONAL:
            return True
    return False


@helper
def shared_noun(tk, n, KI, KF, pairs, ei, ev, k):
    """context.shared_noun: ``(token, kind, unit)`` of the second number's noun, or -1."""
    if k >= n or not lit(tk, KI, k) & L_SHARED_RANGE:
        return -1, -1, -1
    for j in range(k + 1, min(k + 4, n)):
        if tk[j, 3] or KI[tk[j, 2], F_LK_KIND] != 0:
            other = read_number(tk, n, KI, KF, pairs, ei, ev, j)
            if other[N_FIRST] < 0:
                return -1, -1, -1
            noun, kind, unit = noun_after(tk, n, KI, pairs, other[N_STOP])
            if noun >= 0 and kind >= 0:
                return noun, kind, unit
            return -1, -1, -1
    return -1, -1, -1


@helper
def shared_noun_before(tk, n, KI, left_j, i):
    """context.shared_noun_before (``left_j``: the first token of the left qualifier, or -1)."""
    k = (left_j if left_j >= 0 else i) - 1
    if k < 1 or not lit(tk, KI, k) & L_TO:
        return -1, -1, -1
    for j in range(k - 1, max(-1, k - 4), -1):
        key = tk[j, 2]
        if not tk[j, 3] and KI[key, F_NOUN_OK]:
            before = j - 1 if j > 0 else n - 1  # toks[-1]: the reference reads the last token
            if tk[before, 3] or KI[tk[before, 2], F_LK_KIND] != 0:
                return j, KI[key, F_NOUN_KIND], KI[key, F_NOUN_UNIT]
    return -1, -1, -1


@helper
def skip_identifier(tk, KI, cp, pmap, bits, base, size, i):
    """context.skip_identifier: numbers that name rather than count (F-16, 10:30 …)."""
    start, end = tk[i, 0], tk[i, 1]
    before = pmap[cp[base + start - 1]] if start >= 1 else -1
    after = pmap[cp[base + end]] if end < size else -1
    if (before == 0x2D or before == 0x2010 or before == 0x2011) and start >= 2:
        if not bits[pmap[cp[base + start - 2]]] & ISSPACE:
            return True
    if before >= 0 and before < 128 and bits[before] & ISALPHA:
        return True
    if after >= 0 and after < 128 and bits[after] & ISALPHA:
        return True
    if after == 0x3A and end + 1 < size and bits[pmap[cp[base + end + 1]]] & ISDIGIT:
        return True
    if before == 0x3A and start >= 2 and bits[pmap[cp[base + start - 2]]] & ISDIGIT:
        return True
    return i > 0 and KI[tk[i - 1, 2], F_STRIP_IDENT] != 0
