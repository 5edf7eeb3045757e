"""The compiled parse: every figure of every distinct window, as the reference reads them.

Each function here is the function of the same name in :mod:`toolkit.figures.phrase` (the
reference), over the arrays of :mod:`toolkit.figures.kernel_number`. A figure is filled in
two small arrays, ``fi`` (integers: the ``FI_*`` fields, -1 for ``None``) and ``ff`` (the
value and its bounds); :func:`parse_kernel` gives the figures of all windows as two tables,
one row per figure, with the distinct window it came from. A window where the reference would
call ``int()`` on a key the features could not convert is listed instead (its figures come
from the reference).
"""

from __future__ import annotations

import numpy as np

from toolkit.figures.features import (
    F_INT,
    F_ISDIGIT,
    F_LEN,
    F_LK_CLEN,
    F_LK_KIND,
    F_NUMBER_KEY,
    F_STRIP_CHANGES,
    L_CHANGE,
    L_DASH,
    L_DATE_SEP,
    L_DOLLAR,
    L_ENDS_BETWEEN,
    L_FROM,
    L_MA,
    L_MIN,
    L_OR,
    L_STARTS_WAW,
    L_STOP,
    L_TO,
    L_WAW,
    L_YEAR_CONTEXT,
    K,
    Q,
)
from toolkit.figures.jit import helper, kernel
from toolkit.figures.kernel_context import (
    additional_before,
    clause_start,
    force_noun_before,
    left_qualifier,
    nisba_after,
    noun_after,
    percent_after,
    right_qualifier,
    shared_noun,
    shared_noun_before,
    skip_identifier,
)
from toolkit.figures.kernel_number import (
    MAX_ELEMENTS,
    N_DIGITS,
    N_DUAL_KIND,
    N_DUAL_UNIT,
    N_FIRST,
    N_FRACTION_ONLY,
    N_HAS_SCALE,
    N_HIGH,
    N_INTEGER,
    N_LOW,
    N_SCALE,
    N_SINGLE,
    N_STOP,
    N_VAGUE,
    N_VALUE,
    is_year,
    key_int,
    lit,
    month_pair_at,
    month_pair_ending_at,
    number,
    read_number,
)
from toolkit.figures.scan import grow

__all__ = ["FIGURE_INTS", "parse_kernel"]

#: The integer fields of a figure (after the window's number in a row of the table).
FIGURE_INTS = (
    "start end number_start number_end qualifier kind unit noun noun_end subject"
    " subject_start subject_end subject_done year month day last_token has_low has_high"
).split()
(FI_START, FI_END, FI_NSTART, FI_NEND, FI_QUAL, FI_KIND, FI_UNIT, FI_NOUN, FI_NOUN_END) = range(9)
(FI_SUBJ, FI_SSTART, FI_SEND, FI_SDONE, FI_YEAR, FI_MONTH, FI_DAY, FI_LAST) = range(9, 17)
FI_HAS_LOW, FI_HAS_HIGH = 17, 18
_N_FI = 19
FF_VALUE, FF_LOW, FF_HIGH = range(3)
#: Constants of a call (``consts``): the units the parse writes, and whether the change
#: regex matches the empty string.
C_UNIT_PERCENT, C_UNIT_USD, C_UNIT_SOLDIER, C_CHANGE_EMPTY = range(4)
_EXACT, _APPROX, _MORE, _LEAST = Q["exact"], Q["approx"], Q["more_than"], Q["at_least"]
_LESS, _MOST, _ADDITIONAL, _RANGE = Q["less_than"], Q["at_most"], Q["additional"], Q["range"]
_VAGUE, _WITHIN = Q["vague"], Q["within"]
_TROOPS, _DURATION, _DATE, _PERCENT = K["troops"], K["duration"], K["date"], K["percent"]
_MONEY, _COUNT = K["money"], K["count"]
_HOW_DASH, _HOW_AND, _HOW_TO, _HOW_OR = range(1, 5)


@helper
def _new_figure(fi, ff, start, end, number_start, number_end, value):
    fi[:] = -1
    fi[FI_START], fi[FI_END], fi[FI_NSTART], fi[FI_NEND] = start, end, number_start, number_end
    fi[FI_QUAL], fi[FI_KIND], fi[FI_SDONE], fi[FI_LAST] = _EXACT, _COUNT, 0, 0
    fi[FI_HAS_LOW], fi[FI_HAS_HIGH] = 0, 0
    ff[FF_VALUE], ff[FF_LOW], ff[FF_HIGH] = value, 0.0, 0.0


@helper
def _after_clitic(tk, KI, cp, pmap, base, ph, t):
    """phrase._after_clitic: where a number word starts once its clitics are set aside."""
    key = tk[t, 2]
    if tk[t, 3] or KI[key, F_LK_KIND] == 0 or KI[key, F_LK_CLEN] == 0:
        return tk[t, 0]
    letters = KI[key, F_LK_CLEN]
    position, end = tk[t, 0], tk[t, 1]
    while letters and position < end:
        if pmap[cp[base + position]] != ph:
            letters -= 1
        position += 1
    while position < end and pmap[cp[base + position]] == ph:
        position += 1
    return position


@helper
def _set_subject(fi, tk, party, j):
    fi[FI_SUBJ], fi[FI_SDONE] = party, 1
    fi[FI_SSTART], fi[FI_SEND] = tk[j, 0], tk[j, 1]


@helper
def _date_figure(tk, n, KI, pairs, i, num, fi, ff, flag):
    """phrase._date_figure: whether a date starts at token ``i`` (filled in ``fi``/``ff``)."""
    key = tk[i, 2]
    if num[N_INTEGER] and KI[key, F_LEN] <= 4:
        value = key_int(tk, KI, i, flag)
        parts = np.zeros(3, dtype=np.int64)
        parts[0] = value
        size = 1
        k = i + 1
        while (
            size < 3
            and k + 1 < n
            and lit(tk, KI, k) & L_DATE_SEP
            and tk[k + 1, 3]
            and KI[tk[k + 1, 2], F_ISDIGIT]
            and tk[k, 0] == tk[k - 1, 1]
            and tk[k + 1, 0] == tk[k, 1]
        ):
            parts[size] = key_int(tk, KI, k + 1, flag)
            size += 1
            k += 2
        if size == 3:
            if parts[2] > 31:
                day, month, year = parts[0], parts[1], parts[2]
            else:
                day, month, year = parts[2], parts[1], parts[0]
            if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
                _new_figure(fi, ff, tk[i, 0], tk[k - 1, 1], tk[i, 0], tk[i, 1], float(parts[0]))
                fi[FI_YEAR], fi[FI_MONTH], fi[FI_DAY] = year, month, day
                fi[FI_KIND], fi[FI_LAST] = _DATE, k - 1
                return True
        if 1 <= value <= 31 and num[N_STOP] == i + 1:
            month, k = month_pair_at(tk, n, KI, pairs, i + 1)
            if month >= 0:
                _new_figure(fi, ff, tk[i, 0], tk[k - 1, 1], tk[i, 0], tk[i, 1], float(value))
                fi[FI_DAY], fi[FI_MONTH], fi[FI_KIND] = value, month, _DATE
                if k < n and tk[k, 3] and KI[tk[k, 2], F_ISDIGIT]:
                    year = key_int(tk, KI, k, flag)
                    if KI[tk[k, 2], F_LEN] == 4 and 1900 <= year <= 2100:
                        fi[FI_YEAR], fi[FI_END] = year, tk[k, 1]  # one date, one figure
                        k += 1
                fi[FI_LAST] = k - 1
                return True
    if is_year(tk, KI, num, flag):
        year = KI[key, F_INT]
        month, j = month_pair_ending_at(tk, n, KI, pairs, i)
        if month >= 0:
            _new_figure(fi, ff, tk[j, 0], tk[i, 1], tk[i, 0], tk[i, 1], float(year))
            fi[FI_YEAR], fi[FI_MONTH], fi[FI_KIND], fi[FI_LAST] = year, month, _DATE, i
            if j > 0:
                d = j - 1
                if tk[d, 3] and KI[tk[d, 2], F_ISDIGIT]:
                    day = key_int(tk, KI, d, flag)
                    if 1 <= day <= 31:
                        fi[FI_START], fi[FI_DAY] = tk[i, 0], day
            return True
    return False


@helper
def _range_partner(tk, n, KI, KF, pairs, ei, ev, num):
    """phrase._range_partner: ``(partner, how)``; how 0: none."""
    k = num[N_STOP]
    none = (num, 0)
    if k >= n:
        return none
    bits = lit(tk, KI, k)
    if bits & L_DASH and k + 1 < n and tk[k + 1, 3]:
        partner = read_number(tk, n, KI, KF, pairs, ei, ev, k + 1)
        if partner[N_FIRST] >= 0:
            return partner, _HOW_DASH
    if bits & L_WAW and k + 1 < n and tk[k + 1, 3]:
        partner = read_number(tk, n, KI, KF, pairs, ei, ev, k + 1)
        return (partner, _HOW_AND) if partner[N_FIRST] >= 0 else none
    if bits & (L_TO | L_OR) and k + 1 < n:
        partner = read_number(tk, n, KI, KF, pairs, ei, ev, k + 1)
        if partner[N_FIRST] >= 0:
            return partner, (_HOW_TO if bits & L_TO else _HOW_OR)
    if not tk[k, 3] and bits & L_STARTS_WAW and KI[tk[k, 2], F_LK_KIND] != 0:
        partner = read_number(tk, n, KI, KF, pairs, ei, ev, k)
        if partner[N_FIRST] >= 0:
            return partner, _HOW_AND
    return none


@helper
def _apply_range(tk, n, KI, KF, pairs, ei, ev, consts, fi, ff, i, num, left_q, lower, flag):
    """phrase._apply_range: ``(merged number, True)`` when a second number makes a range."""
    other, how = _range_partner(tk, n, KI, KF, pairs, ei, ev, num)
    if how == 0:
        return num, False
    low, high = num[N_VALUE], other[N_VALUE]
    has_scale = other[N_HAS_SCALE] and other[N_SCALE] != 0.0
    if has_scale and not (num[N_HAS_SCALE] and num[N_SCALE] != 0.0):
        if low * other[N_SCALE] <= high:
            low *= other[N_SCALE]
    before = lit(tk, KI, i - 1) if i > 0 else 0
    between = (before & L_ENDS_BETWEEN) != 0
    ok = high > low
    if how == _HOW_AND:
        ok = ok and between
    elif how == _HOW_TO:
        change = consts[C_CHANGE_EMPTY] != 0
        for j in range(lower, i):
            if lit(tk, KI, j) & L_CHANGE:
                change = True
        came_from = i == 0 or (before & L_FROM) != 0  # "" is one of _FROM
        ok = ok and came_from and not change
        ok = ok and not (left_q >= 0 and left_q != _WITHIN)
        ok = ok and noun_after(tk, n, KI, pairs, num[N_STOP])[0] < 0
    elif how == _HOW_OR:
        ok = ok and high <= 10 * low
    elif how == _HOW_DASH:
        ok = ok and is_year(tk, KI, num, flag) == is_year(tk, KI, other, flag)
    if not ok:
        return num, False
    ff[FF_VALUE], ff[FF_LOW], ff[FF_HIGH] = low, low, high
    fi[FI_HAS_LOW], fi[FI_HAS_HIGH], fi[FI_QUAL] = 1, 1, _RANGE
    fi[FI_NEND] = fi[FI_END] = tk[other[N_STOP] - 1, 1]
    fi[FI_LAST] = other[N_STOP] - 1
    if between:
        fi[FI_START] = tk[i - 1, 0]
        if i > 1 and lit(tk, KI, i - 2) & L_MA:
            fi[FI_START] = tk[i - 2, 0]
    if is_year(tk, KI, num, flag) and is_year(tk, KI, other, flag):
        fi[FI_KIND], fi[FI_UNIT], fi[FI_YEAR] = _DATE, -1, key_int(tk, KI, i, flag)
    merged = number(num[N_FIRST], other[N_STOP], low, 0.0, 0.0, False, False, False,
                     other[N_DIGITS], other[N_SCALE], other[N_HAS_SCALE], False, -1, -1, False,
                     False)  # fmt: skip
    return merged, True


@helper
def _bounded(left_q):
    return left_q >= 0 and left_q != _WITHIN


@helper
def _apply_kind(tk, n, KI, KF, pairs, ei, ev, consts, fi, ff, i, num, left_q, left_j, lower,
                flag):  # fmt: skip
    """phrase._apply_kind: kind, unit and counted noun; the token after the phrase, or -1."""
    after = num[N_STOP]
    percent_end = percent_after(tk, n, KI, after)
    if percent_end >= 0:
        fi[FI_KIND], fi[FI_UNIT] = _PERCENT, consts[C_UNIT_PERCENT]
        fi[FI_END], fi[FI_LAST] = tk[percent_end - 1, 1], percent_end - 1
        return percent_end
    if num[N_DUAL_KIND] >= 0:
        fi[FI_KIND], fi[FI_UNIT] = num[N_DUAL_KIND], num[N_DUAL_UNIT]
        fi[FI_NOUN], fi[FI_NOUN_END] = tk[i, 2], tk[i, 1]
        return after
    if i > 0 and lit(tk, KI, i - 1) & L_DOLLAR:
        fi[FI_KIND], fi[FI_UNIT], fi[FI_START] = _MONEY, consts[C_UNIT_USD], tk[i - 1, 0]
        return after
    j, kind, unit = noun_after(tk, n, KI, pairs, after)
    if j < 0 and num[N_FRACTION_ONLY]:
        return -1
    if j >= 0:
        if kind < 0 and num[N_FRACTION_ONLY]:
            # أكثر من نصف المشاركين: a share of people, read as a percentage
            if not KI[tk[j, 2], F_STRIP_CHANGES] and not lit(tk, KI, after) & L_MIN:
                return -1
            ff[FF_VALUE] = num[N_VALUE] * 100
            kind, unit = _PERCENT, consts[C_UNIT_PERCENT]
        if is_year(tk, KI, num, flag) and kind < 0 and not _bounded(left_q):
            j = -1  # 2014 ليصل …: a year, not a count of something
        else:
            fi[FI_KIND], fi[FI_UNIT] = (kind, unit) if kind >= 0 else (_COUNT, -1)
            fi[FI_NOUN], fi[FI_NOUN_END] = tk[j, 2], tk[j, 1]
            fi[FI_END], fi[FI_LAST] = tk[j, 1], j
            after = j + 1
    if j < 0 and is_year(tk, KI, num, flag) and not _bounded(left_q):
        near = lit(tk, KI, i - 1) if i > 0 else 0
        if fi[FI_QUAL] == _EXACT or near & L_YEAR_CONTEXT:
            fi[FI_KIND], fi[FI_UNIT], fi[FI_YEAR] = _DATE, -1, key_int(tk, KI, i, flag)
            return after
    if j < 0:
        shared, s_kind, s_unit = shared_noun(tk, n, KI, KF, pairs, ei, ev, after)
        if shared < 0:
            shared, s_kind, s_unit = shared_noun_before(tk, n, KI, left_j, i)
        force = force_noun_before(tk, KI, left_j if left_j >= 0 else i, lower)
        if shared >= 0:
            fi[FI_KIND], fi[FI_UNIT], fi[FI_NOUN] = s_kind, s_unit, tk[shared, 2]
        elif force >= 0 and fi[FI_QUAL] != _VAGUE:
            fi[FI_KIND], fi[FI_UNIT], fi[FI_NOUN] = _TROOPS, consts[C_UNIT_SOLDIER], tk[force, 2]
            party, nj = nisba_after(tk, n, KI, force + 1)
            if nj >= 0 and nj < i:
                _set_subject(fi, tk, party, nj)
    return after


@helper
def _apply_left_qualifier(tk, fi, left_q, left_j):
    if left_q < 0:
        return
    if left_q == _WITHIN:
        if fi[FI_KIND] == _DURATION and fi[FI_QUAL] == _EXACT:
            fi[FI_QUAL], fi[FI_START] = _MOST, tk[left_j, 0]
    elif fi[FI_QUAL] == _EXACT:
        fi[FI_QUAL], fi[FI_START] = left_q, tk[left_j, 0]
    elif fi[FI_QUAL] == _VAGUE and (left_q == _MORE or left_q == _LEAST):
        fi[FI_QUAL], fi[FI_START] = left_q, tk[left_j, 0]


@helper
def _apply_right_qualifier(tk, n, KI, right, fi, i, left_j, lower, after):
    """phrase._apply_right_qualifier: تقريباً، على الأقل، إضافي … after the phrase."""
    rq, rj = right_qualifier(tk, n, KI, right, after)
    kind = fi[FI_KIND]
    if rq < 0 and (kind == _TROOPS or kind == _MONEY or kind == _COUNT):
        for skip in (1, 2):
            j = after + skip - 1
            if j + 1 >= n or tk[j, 3] or lit(tk, KI, j) & L_STOP:
                break
            cq, cj = right_qualifier(tk, n, KI, right, j + 1)
            if cq >= 0 and (cq == _ADDITIONAL or cq == _APPROX):
                rq, rj = cq, cj
                break
    if rq >= 0:
        if rq == _ADDITIONAL or fi[FI_QUAL] == _EXACT:
            fi[FI_QUAL] = rq
            fi[FI_END] = max(fi[FI_END], tk[rj, 1])
            fi[FI_LAST] = max(fi[FI_LAST], rj)
        return
    if (fi[FI_QUAL] == _EXACT or fi[FI_QUAL] == _APPROX) and kind == _TROOPS:
        if additional_before(tk, KI, left_j if left_j >= 0 else i, lower):
            fi[FI_QUAL] = _ADDITIONAL


@helper
def _set_bounds(fi, ff):
    q = fi[FI_QUAL]
    if q == _MORE or q == _LEAST:
        ff[FF_LOW], fi[FI_HAS_LOW], fi[FI_HAS_HIGH] = ff[FF_VALUE], 1, 0
    elif q == _LESS or q == _MOST:
        ff[FF_HIGH], fi[FI_HAS_LOW], fi[FI_HAS_HIGH] = ff[FF_VALUE], 0, 1
    elif q == _EXACT or q == _APPROX or q == _ADDITIONAL:
        fi[FI_HAS_LOW], fi[FI_HAS_HIGH] = 0, 0


@helper
def read_figure(tk, n, KI, KF, KP, tables, cp, pmap, base, ph, ei, ev, fi, ff, i, flag):
    """phrase.read_figure: whether a figure's number starts at token ``i`` (in ``fi``/``ff``)."""
    pairs, head, words, right, consts = tables
    num = read_number(tk, n, KI, KF, pairs, ei, ev, i)
    if num[N_FIRST] < 0:
        return False
    lower = clause_start(tk, KI, i)
    if _date_figure(tk, n, KI, pairs, i, num, fi, ff, flag):
        return True
    left_q, left_j = left_qualifier(tk, KP, head, words, i, lower)
    if num[N_SINGLE] and left_q < 0:
        return False
    begin = _after_clitic(tk, KI, cp, pmap, base, ph, num[N_FIRST])
    last_end = tk[num[N_STOP] - 1, 1]
    _new_figure(fi, ff, begin, last_end, begin, last_end, num[N_VALUE])
    fi[FI_LAST] = num[N_STOP] - 1
    if num[N_VAGUE]:
        ff[FF_LOW], ff[FF_HIGH] = num[N_LOW], num[N_HIGH]
        fi[FI_HAS_LOW], fi[FI_HAS_HIGH], fi[FI_QUAL] = 1, 1, _VAGUE
    num, ranged = _apply_range(tk, n, KI, KF, pairs, ei, ev, consts, fi, ff, i, num, left_q,
                               lower, flag)  # fmt: skip
    if ranged:
        left_q, left_j = -1, -1
        if fi[FI_KIND] == _DATE:
            return True
    after = _apply_kind(tk, n, KI, KF, pairs, ei, ev, consts, fi, ff, i, num, left_q, left_j,
                        lower, flag)  # fmt: skip
    if after < 0:
        return False
    if fi[FI_KIND] == _DATE:
        return True
    _apply_left_qualifier(tk, fi, left_q, left_j)
    if fi[FI_KIND] == _TROOPS and not fi[FI_SDONE] and fi[FI_NOUN_END] >= 0:
        party, nj = nisba_after(tk, n, KI, fi[FI_LAST] + 1)
        if nj >= 0:
            _set_subject(fi, tk, party, nj)
            after = max(after, nj + 1)
    _apply_right_qualifier(tk, n, KI, right, fi, i, left_j, lower, after)
    _set_bounds(fi, ff)
    return True


def _make_parse(version):
    def parse(cp, pmap, bits, offsets, windows, reps, t_off, toks, KI, KF, KP, tables, ph):
        """The figures of the distinct windows ``reps``: integer rows (the distinct window,
        then :data:`FIGURE_INTS`), float rows (value, low, high), and the distinct windows
        the reference must parse."""
        _ = version
        ints = np.empty((1024, 1 + _N_FI), dtype=np.int64)
        floats = np.empty((1024, 3), dtype=np.float64)
        count = 0
        ei = np.zeros((MAX_ELEMENTS, 4), dtype=np.int64)
        ev = np.zeros(MAX_ELEMENTS, dtype=np.float64)
        fi = np.zeros(_N_FI, dtype=np.int64)
        ff = np.zeros(3, dtype=np.float64)
        flag = np.zeros(1, dtype=np.int64)
        aborted = []
        for d in range(reps.shape[0]):
            w = reps[d]
            base = offsets[windows[w, 0]] + windows[w, 4]
            size = windows[w, 5] - windows[w, 4]
            lo, hi = windows[w, 6] - windows[w, 4], windows[w, 7] - windows[w, 4]
            tk = toks[t_off[d] : t_off[d + 1]]
            n = tk.shape[0]
            first_row = count
            flag[0] = 0
            i = 0
            while i < n and tk[i, 0] < lo:
                i += 1
            while i < n:
                if tk[i, 0] >= hi:
                    break
                if not tk[i, 3] and not KI[tk[i, 2], F_NUMBER_KEY]:
                    i += 1
                    continue
                found = False
                if not (tk[i, 3] and skip_identifier(tk, KI, cp, pmap, bits, base, size, i)):
                    found = read_figure(
                        tk, n, KI, KF, KP, tables, cp, pmap, base, ph, ei, ev, fi, ff, i, flag
                    )
                if not found:
                    i += 1
                    continue
                if lo <= fi[FI_NSTART] < hi:
                    ints = grow(ints, count)
                    floats = grow(floats, count)
                    ints[count, 0] = d
                    ints[count, 1:] = fi
                    floats[count] = ff
                    count += 1
                i = max(i + 1, fi[FI_LAST] + 1)
            if flag[0]:
                count = first_row
                aborted.append(d)
        out = np.empty(len(aborted), dtype=np.int64)
        for m in range(len(aborted)):
            out[m] = aborted[m]
        return ints[:count].copy(), floats[:count].copy(), out

    return parse


parse_kernel = kernel(_make_parse)
