"""The compiled number grammar (the readers of the words around a number are in
:mod:`toolkit.figures.kernel_context`).

Each function here is the function of the same name in :mod:`toolkit.figures.grammar` or
:mod:`toolkit.figures.context` (the reference), written over arrays: the tokens of a window
(``tk``: rows of :data:`~toolkit.figures.kernel_tokens.TOKEN_COLUMNS`, ``n`` of them) and the
rows of features of their keys (``KI``, ``KF``, ``KP``: :mod:`toolkit.figures.features`).
Where the reference answers ``None`` these answer -1 (a token, a month, a qualifier); a
number is the tuple :func:`number` makes (``first == -1``: no number). When the reference
would call ``int()`` on a key that the features could not convert, ``flag[0]`` is set and the
window is parsed by the reference instead.
"""

from __future__ import annotations

import math

import numpy as np

from toolkit.figures.features import (
    DIGITS,
    DSCALE,
    DUAL,
    F_B_AMBIG,
    F_B_FEW,
    F_B_ONE,
    F_B_PLURAL,
    F_B_TEEN,
    F_B_VAGUE,
    F_DUAL_KIND,
    F_DUAL_UNIT,
    F_DVAL_OK,
    F_INT,
    F_INT_OK,
    F_ISDIGIT,
    F_LEN,
    F_LIT,
    F_LK_CW,
    F_LK_KIND,
    F_MONTH_E,
    F_MONTH_KEY,
    F_MONTH_N,
    F_SINGLE_UNIT,
    FRACTION,
    G_DVAL,
    G_LK_VALUE,
    G_VAGUE_HI,
    G_VAGUE_LO,
    G_VSCALE,
    HUNDRED,
    HUNDREDS,
    L_MSEP,
    L_RPAREN,
    L_STARTS_AL,
    L_WAW,
    PFRACTION,
    PSCALE,
    SCALE,
    SINGLE,
    TEN,
    TENS,
    UNIT,
    VAGUE,
    K,
)
from toolkit.figures.jit import helper

_DURATION = K["duration"]
# The last element read by the number grammar (grammar._accumulate's ``last``).
_L_NONE, _L_DIGITS, _L_UNIT, _L_TEEN, _L_TENS, _L_HUNDREDS, _L_FRACTION, _L_SCALE = range(8)
#: No number written in words has more parts (grammar._MAX_ELEMENTS).
MAX_ELEMENTS = 24
# Fields of a number tuple.
N_FIRST, N_STOP, N_VALUE, N_LOW, N_HIGH, N_HAS_LOW, N_HAS_HIGH, N_VAGUE, N_DIGITS = range(9)
N_SCALE, N_HAS_SCALE, N_FRACTION_ONLY, N_DUAL_KIND, N_DUAL_UNIT, N_INTEGER, N_SINGLE = range(9, 16)


@helper
def number(
    first,
    stop,
    value,
    low,
    high,
    has_low,
    has_high,
    vague,
    digits,
    scale,
    has_scale,
    fraction_only,
    dual_kind,
    dual_unit,
    integer_text,
    single,
):
    """A number read at a token (grammar.Number); ``first == -1``: none."""
    return (
        np.int64(first),
        np.int64(stop),
        np.float64(value),
        np.float64(low),
        np.float64(high),
        bool(has_low),
        bool(has_high),
        bool(vague),
        bool(digits),
        np.float64(scale),
        bool(has_scale),
        bool(fraction_only),
        np.int64(dual_kind),
        np.int64(dual_unit),
        bool(integer_text),
        bool(single),
    )


@helper
def no_number():
    return number(
        -1, -1, 0.0, 0.0, 0.0, False, False, False, False, 0.0, False, False, -1, -1, False, False
    )


@helper
def lit(tk, KI, j):
    """The literal bits of token ``j``'s key."""
    return KI[tk[j, 2], F_LIT]


@helper
def key_int(tk, KI, j, flag):
    """``int(key)`` of token ``j`` (``flag[0]`` set when the features could not make it)."""
    k = tk[j, 2]
    if not KI[k, F_INT_OK]:
        flag[0] = 1
        return 0
    return KI[k, F_INT]


@helper
def month_at(tk, n, KI, pairs, j):
    """grammar.month_at: ``(month, next token)`` or ``(-1, -1)``."""
    if j >= n or tk[j, 3]:
        return -1, -1
    k = tk[j, 2]
    if not KI[k, F_MONTH_KEY]:
        return -1, -1
    for e in range(KI[k, F_MONTH_N]):
        v = KI[k, F_MONTH_E + e]
        if v > 0:
            return v, j + 1
        if j + 1 < n:
            first, following = -v - 1, tk[j + 1, 2]
            for r in range(pairs.shape[0]):
                if pairs[r, 0] == first and pairs[r, 1] == following:
                    return pairs[r, 2], j + 2
    return -1, -1


@helper
def month_pair_at(tk, n, KI, pairs, j):
    """context.month_pair_at: a month name, possibly paired: ``(month, next token)``."""
    month, nxt = month_at(tk, n, KI, pairs, j)
    if month < 0:
        return -1, -1
    k = nxt
    if k < n and lit(tk, KI, k) & L_MSEP:
        k += 1
    second, after = month_at(tk, n, KI, pairs, k)
    if second >= 0 and second == month:
        nxt = after
        if nxt < n and lit(tk, KI, nxt) & L_RPAREN:
            nxt += 1
    return month, nxt


@helper
def month_pair_ending_at(tk, n, KI, pairs, i):
    """context.month_pair_ending_at: ``(month, first token)`` or ``(-1, -1)``."""
    for j in range(max(0, i - 6), i):
        month, nxt = month_pair_at(tk, n, KI, pairs, j)
        if month >= 0 and nxt == i:
            return month, j
    return -1, -1


@helper
def connector(tk, KI, n, k):
    """grammar._connector: ``(1 for و or 0 for a space, the number token)``; -1: none."""
    if lit(tk, KI, k) & L_WAW and k + 1 < n and tk[k + 1, 3]:
        if tk[k, 4]:
            return 1, k + 1
        return 0, -1
    if not tk[k, 4]:
        return 0, -1
    if tk[k, 3]:
        return (0, k) if tk[k, 0] > tk[k - 1, 1] else (0, -1)
    key = tk[k, 2]
    if KI[key, F_LK_KIND] == 0:
        return 0, -1
    return (1 if KI[key, F_LK_CW] else 0), k


@helper
def element(tk, KI, KF, t):
    """grammar._element: ``(kind, value)`` (kind 0: none)."""
    key = tk[t, 2]
    if tk[t, 3]:
        if KI[key, F_DVAL_OK]:
            return DIGITS, KF[key, G_DVAL]
        return 0, 0.0
    return KI[key, F_LK_KIND], KF[key, G_LK_VALUE]


@helper
def read_vague(tk, n, KI, KF, i):
    """grammar._read_vague."""
    key = tk[i, 2]
    low, high = KF[key, G_VAGUE_LO], KF[key, G_VAGUE_HI]
    stop = i + 1
    if stop < n and tk[stop, 4]:
        scale = KF[tk[stop, 2], G_VSCALE]
        if scale != 0.0 and not KI[key, F_B_PLURAL] and scale > low:
            low, high = low * scale, (high + 1) * scale - 1
            if KI[key, F_B_FEW]:
                high = high - scale + 1
            stop += 1
    if KI[key, F_B_PLURAL] and i > 0:
        before = KI[tk[i - 1, 2], F_LK_KIND]
        if before == UNIT or before == TEN:
            return no_number()
    return number(
        i, stop, low, low, high, True, True, True, False, 0.0, False, False, -1, -1, False, False
    )


@helper
def accumulate(tk, KI, ei, ev, count):
    """grammar._accumulate over the elements ``ei`` (kind, key, connector, token) and ``ev``
    (values): the longest valid prefix as a number."""
    total = 0.0
    cur = 0.0
    has_cur = False
    last = _L_NONE
    last_scale = math.inf
    used = 0
    scale_used = 0.0
    has_scale = False
    fraction_only = False
    g_first, g_total, g_last_scale, g_scale, g_has_scale = 0, 0.0, math.inf, 0.0, False
    for m in range(count):
        kind, key, conn, value = ei[m, 0], ei[m, 1], ei[m, 2], ev[m]
        first = m == 0
        fresh = first or (not has_cur and conn == 1)
        if fresh and not first:
            g_first, g_total, g_last_scale, g_scale, g_has_scale = (
                m,
                total,
                last_scale,
                scale_used,
                has_scale,
            )
        if kind == DIGITS:
            if not fresh:
                break
            cur, has_cur, last = value, True, _L_DIGITS
        elif kind == UNIT:
            if fresh:
                cur, has_cur, last = value, True, _L_UNIT
            elif conn == 1 and last == _L_HUNDREDS:
                cur, last = cur + value, _L_UNIT
            else:
                break
        elif kind == TEN:
            if conn == 0 and last == _L_UNIT and has_cur:
                cur, last = cur + 10, _L_TEEN
            elif fresh:
                cur, has_cur, last = 10.0, True, _L_TEEN
            elif conn == 1 and last == _L_HUNDREDS:
                cur, last = cur + 10, _L_TEEN
            else:
                break
        elif kind == TENS:
            if fresh:
                cur, has_cur, last = value, True, _L_TENS
            elif conn == 1 and (last == _L_UNIT or last == _L_HUNDREDS):
                cur, last = cur + value, _L_TENS
            else:
                break
        elif kind == HUNDRED:
            if conn == 0 and last == _L_UNIT and has_cur and cur < 10:
                cur, last = cur * 100, _L_HUNDREDS
            elif fresh:
                cur, has_cur, last = 100.0, True, _L_HUNDREDS
            else:
                break
        elif kind == HUNDREDS:
            if not fresh:
                break
            cur, has_cur, last = value, True, _L_HUNDREDS
        elif kind == PFRACTION:
            if conn == 0 and last == _L_UNIT and has_cur and cur < 10 and total == 0:
                cur, last, fraction_only = cur * value, _L_FRACTION, True
            else:
                break
        elif (
            kind == SCALE
            or kind == PSCALE
            or (kind == DSCALE and KI[key, F_B_AMBIG] and has_cur and cur != 0.0)
        ):
            if value >= last_scale or (kind == PSCALE and has_cur and cur > 10):
                if conn == 0 and has_cur and g_first > 0:
                    # ألفين وثلاثة آلاف: ثلاثة belongs to آلاف, a new number after the و
                    used, total, last_scale, scale_used, has_scale = (
                        g_first,
                        g_total,
                        g_last_scale,
                        g_scale,
                        g_has_scale,
                    )
                    has_cur, last = False, _L_SCALE
                break
            if not has_cur:
                if kind == PSCALE or not (first or conn == 1):
                    break
                cur, has_cur = 1.0, True
            elif conn == 1:
                break
            total += cur * value
            has_cur, last, last_scale, scale_used, has_scale = False, _L_SCALE, value, value, True
            fraction_only = False
        elif kind == DSCALE:
            if not fresh or value >= last_scale:
                break
            total += 2 * value
            has_cur, last, last_scale, scale_used, has_scale = False, _L_SCALE, value, value, True
        elif kind == FRACTION:
            if first:
                cur, has_cur, last, fraction_only = value, True, _L_FRACTION, True
            elif not has_cur and conn == 1 and last == _L_SCALE:
                total += value * last_scale
                used = m + 1
                break
            else:
                break
        else:
            break
        used = m + 1
    if used == 0:
        return no_number()
    value = total + (cur if has_cur else 0.0)
    digits = False
    for m in range(used):
        if ei[m, 0] == DIGITS:
            digits = True
    plain = used == 1 and ei[0, 0] == DIGITS and KI[ei[0, 1], F_ISDIGIT] != 0
    return number(
        ei[0, 3],
        ei[used - 1, 3] + 1,
        value,
        0.0,
        0.0,
        False,
        False,
        False,
        digits,
        scale_used,
        has_scale,
        fraction_only and not has_scale,
        -1,
        -1,
        plain,
        False,
    )


@helper
def read_number(tk, n, KI, KF, pairs, ei, ev, i):
    """grammar.read_number: the number that starts at token ``i``."""
    kind, value = element(tk, KI, KF, i)
    if kind == 0:
        return no_number()
    key = tk[i, 2]
    if kind == DUAL:
        return number(
            i,
            i + 1,
            2.0,
            0.0,
            0.0,
            False,
            False,
            False,
            False,
            0.0,
            False,
            False,
            KI[key, F_DUAL_KIND],
            KI[key, F_DUAL_UNIT],
            False,
            False,
        )
    if kind == SINGLE:
        if i + 1 < n and (
            tk[i + 1, 3]
            or lit(tk, KI, i + 1) & L_STARTS_AL
            or month_at(tk, n, KI, pairs, i + 1)[0] >= 0
        ):
            return no_number()
        return number(
            i,
            i + 1,
            1.0,
            0.0,
            0.0,
            False,
            False,
            False,
            False,
            0.0,
            False,
            False,
            _DURATION,
            KI[key, F_SINGLE_UNIT],
            False,
            True,
        )
    if kind == VAGUE or (kind == PSCALE and KI[key, F_B_VAGUE]):
        return read_vague(tk, n, KI, KF, i)
    if kind == UNIT and KI[key, F_B_TEEN]:
        if i + 1 >= n or KI[tk[i + 1, 2], F_LK_KIND] != TEN:
            return no_number()
    if kind == UNIT and KI[key, F_B_ONE]:
        return no_number()
    ei[0, 0] = kind
    ei[0, 1] = key
    ei[0, 2] = 0
    ei[0, 3] = i
    ev[0] = value
    count = 1
    k = i + 1
    while k < n:
        conn, index = connector(tk, KI, n, k)
        if index < 0:
            break
        e_kind, e_value = element(tk, KI, KF, index)
        if e_kind == 0 or (conn == 0 and e_kind == DIGITS):
            break
        ei[count, 0] = e_kind
        ei[count, 1] = tk[index, 2]
        ei[count, 2] = conn
        ei[count, 3] = index
        ev[count] = e_value
        count += 1
        if count >= MAX_ELEMENTS:
            break
        k = index + 1
    return accumulate(tk, KI, ei, ev, count)


@helper
def is_year(tk, KI, num, flag):
    """context.is_year: a plain run of four digits from 1900 to 2100."""
    if not num[N_INTEGER]:
        return False
    first = num[N_FIRST]
    if KI[tk[first, 2], F_LEN] != 4:
        return False
    year = key_int(tk, KI, first, flag)
    return 1900 <= year <= 2100
