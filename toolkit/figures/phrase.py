"""A figure's phrase: the number read at a token with everything around it.

:func:`parse_window` reads every figure whose number starts in a group of number tokens of a
window: :func:`read_figure` reads the number (:mod:`toolkit.figures.grammar`), then a date
(15/2/2021, 5 كانون الثاني 2020), a range (بين X و Y، من X إلى Y), the kind and counted noun,
the qualifiers and a nisba (:mod:`toolkit.figures.context`).

Conventions (those of the seed gold, ``data/gold``)
--------------------------------------------------
``value`` is the number as written; ``low``/``high`` carry bounds: ``more_than`` and
``at_least`` set ``low``, ``less_than`` and ``at_most`` set ``high``, ``range`` and ``vague``
set both (and ``value`` is ``low``). ``في غضون``/``خلال`` before a duration read as
``at_most`` (within). A date is one figure, whatever parts it writes: ``كانون الثاني / يناير
2020`` gives 2020, ``1 مارس / آذار`` gives 1, and ``5 كانون الثاني/يناير 2020`` (or ``5
يناير/كانون الثاني 2020``, ``15/1/2020``) gives one figure, 5: the day is its number and value,
the phrase runs to the year. The figure carries the date's known parts in ``year``, ``month``
and ``day``; a date's ``unit`` is null (as in the gold). (The held-out gold, written before
this rule, marks a day-month-year date as two figures, the day and the year: the one figure
matches both, with the day's value.)
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from toolkit.figures.context import (
    STOP_CONNECTORS,
    additional_before,
    clause_start,
    force_noun_before,
    is_year,
    left_qualifier,
    month_pair_at,
    month_pair_ending_at,
    nisba_after,
    noun_after,
    percent_after,
    right_qualifier,
    shared_noun,
    shared_noun_before,
    skip_identifier,
)
from toolkit.figures.grammar import Number, Tok, read_number, tokens
from toolkit.figures.lexicon import PLACEHOLDER, Grammar

__all__ = ["Figure", "figure_tuple", "parse_window", "read_figure"]


@dataclass(slots=True)
class Figure:
    """A figure as the parser fills it, offsets into its window."""

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


#: The fields of :func:`figure_tuple` that are offsets into the window.
OFFSET_FIELDS = (0, 1, 2, 3, 11, 13, 14)


def figure_tuple(f: Figure) -> tuple:
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


def parse_window(g: Grammar, window: str, lo: int, hi: int) -> list[Figure]:
    """Every figure whose number starts in ``window[lo:hi]`` (the rest is context).

    The number tokens of neighbouring groups are more than ``CLUSTER_GAP`` characters away,
    so no figure that starts before ``lo`` reaches a number of this group: reading starts at
    the first token of the group.
    """
    toks = tokens(window)
    keys = g.number_keys
    figures: list[Figure] = []
    i = bisect_left(toks, lo, key=_start)
    while i < len(toks):
        tok = toks[i]
        if tok.start >= hi:
            break
        if not tok.is_num and tok.key not in keys:
            i += 1
            continue
        figure = None
        if not (tok.is_num and skip_identifier(g, toks, i, window)):
            figure = read_figure(g, toks, i, window)
        if figure is None:
            i += 1
            continue
        if lo <= figure.number_start < hi:
            figures.append(figure)
        i = max(i + 1, figure.last_token + 1)
    return figures


def _start(tok: Tok) -> int:
    return tok.start


def read_figure(g: Grammar, toks: list[Tok], i: int, window: str) -> Figure | None:
    """The figure whose number starts at token ``i``, with everything read around it."""
    number = read_number(g, toks, i, window)
    if number is None:
        return None
    lower = clause_start(toks, i)
    date = _date_figure(g, toks, i, number)
    if date is not None:
        return date[0]
    left = left_qualifier(g, toks, i, lower)
    if number.single and left is None:
        return None
    first, last = toks[number.first], toks[number.stop - 1]
    begin = _after_clitic(g, window, first)
    figure = Figure(begin, last.end, begin, last.end, number.value)
    figure.last_token = number.stop - 1
    if number.vague:
        figure.low, figure.high, figure.qualifier = number.low, number.high, "vague"
    ranged = _apply_range(g, figure, toks, i, number, left, lower, window)
    if ranged is not None:
        number, left = ranged
        if figure.kind == "date":
            return figure
    after = _apply_kind(g, figure, toks, i, number, left, lower, window)
    if after is None:
        return None
    if figure.kind == "date":
        return figure
    _apply_left_qualifier(figure, toks, left)
    if figure.kind == "troops" and not figure.subject_done and figure.noun_end is not None:
        nisba = nisba_after(g, toks, figure.last_token + 1)
        if nisba is not None:
            _set_subject(figure, toks, window, nisba)
            after = max(after, nisba[1] + 1)
    _apply_right_qualifier(g, figure, toks, i, left, lower, after)
    _set_bounds(figure)
    return figure


def _after_clitic(g: Grammar, window: str, tok: Tok) -> int:
    """Where a number word starts once its clitics are set aside (وثلاثة → ثلاثة)."""
    found = None if tok.is_num else g.lookup(tok.key)
    if not found or not found[2]:
        return tok.start
    letters = len(found[2])
    position = tok.start
    while letters and position < tok.end:
        if window[position] != PLACEHOLDER:
            letters -= 1
        position += 1
    while position < tok.end and window[position] == PLACEHOLDER:
        position += 1
    return position


def _set_subject(figure: Figure, toks: list[Tok], window: str, nisba: tuple) -> None:
    party, j = nisba
    figure.subject, figure.subject_done = party, True
    figure.subject_start, figure.subject_end = toks[j].start, toks[j].end
    figure.subject_surface = window[toks[j].start : toks[j].end]


def _date_figure(g: Grammar, toks: list[Tok], i: int, number: Number) -> tuple[Figure, int] | None:
    """A date at token ``i``: numeric (15/2/2021), day + month (+ year), or month + year.

    The brackets and comma between the two names of a month (يناير (كانون الثاني) 2020) are
    no clause barrier: the pair ends right before the year, so it is the year's month."""
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
                fig = Figure(tok.start, toks[k - 1].end, tok.start, tok.end, float(parts[0]))
                fig.year, fig.month, fig.day = year, month, day
                fig.kind, fig.last_token = "date", k - 1
                return fig, k
        value = int(tok.key)
        if 1 <= value <= 31 and number.stop == i + 1:
            found = month_pair_at(g, toks, i + 1)
            if found is not None:
                month, k = found
                fig = Figure(tok.start, toks[k - 1].end, tok.start, tok.end, float(value))
                fig.day, fig.month, fig.kind = value, month, "date"
                if k < len(toks) and toks[k].is_num and toks[k].key.isdigit():
                    year = int(toks[k].key)
                    if len(toks[k].key) == 4 and 1900 <= year <= 2100:
                        # one date, one figure: the year is part of the day's phrase
                        fig.year, fig.end = year, toks[k].end
                        k += 1
                fig.last_token = k - 1
                return fig, k
    if is_year(number, toks):
        year = int(tok.key)
        found = month_pair_ending_at(g, toks, i)
        if found is not None:
            month, j = found
            fig = Figure(toks[j].start, tok.end, tok.start, tok.end, float(year))
            fig.year, fig.month, fig.kind, fig.last_token = year, month, "date", i
            day = toks[j - 1] if j > 0 else None
            if day is not None and day.is_num and day.key.isdigit() and 1 <= int(day.key) <= 31:
                # a day the date figure of the day did not take (بين 3 و5 كانون الثاني 2020:
                # the days are a range): this figure is the year alone, with the day known
                fig.start, fig.day = tok.start, int(day.key)
            return fig, i + 1
    return None


# The words of a range: من X إلى Y، بين X و Y، X أو Y.
_TO = ("الي", "حتي")
_OR = "او"
_FROM = frozenset({"من", "ومن", "", "بين"})
_BETWEEN = "بين"


def _range_partner(
    g: Grammar, toks: list[Tok], number: Number, window: str
) -> tuple[Number, str] | None:
    """A second number that makes a range with ``number``: ``(partner, how)``."""
    k = number.stop
    if k >= len(toks):
        return None
    key = toks[k].key
    if key in {"-", "–", "—"} and k + 1 < len(toks) and toks[k + 1].is_num:
        partner = read_number(g, toks, k + 1, window)
        if partner is not None:
            return partner, "dash"
    if key == "و" and k + 1 < len(toks) and toks[k + 1].is_num:
        partner = read_number(g, toks, k + 1, window)
        return (partner, "and") if partner is not None else None
    if (key in _TO or key == _OR) and k + 1 < len(toks):
        partner = read_number(g, toks, k + 1, window)
        if partner is not None:
            return partner, key
    if not toks[k].is_num and key.startswith("و") and g.lookup(key) is not None:
        partner = read_number(g, toks, k, window)
        if partner is not None:
            return partner, "and"
    return None


def _apply_range(
    g: Grammar,
    figure: Figure,
    toks: list[Tok],
    i: int,
    number: Number,
    left: tuple[str, int] | None,
    lower: int,
    window: str,
) -> tuple[Number, None] | None:
    """Make ``figure`` a range if a second number completes one (بين X و Y، من X إلى Y)."""
    partner = _range_partner(g, toks, number, window)
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
        ok = ok and before.endswith(_BETWEEN)
    elif how in _TO:
        change = g.change_re.search(" ".join(t.key for t in toks[lower:i]))
        ok = ok and before in _FROM and not change
        ok = ok and not (left and left[0] != "within") and noun_after(g, toks, number.stop) is None
    elif how == _OR:
        ok = ok and high <= 10 * low
    elif how == "dash":
        ok = ok and is_year(number, toks) == is_year(other, toks)
    if not ok:
        return None
    figure.value, figure.low, figure.high, figure.qualifier = low, low, high, "range"
    figure.number_end = figure.end = toks[other.stop - 1].end
    figure.last_token = other.stop - 1
    if before.endswith(_BETWEEN):
        figure.start = toks[i - 1].start
        if i > 1 and toks[i - 2].key == "ما":
            figure.start = toks[i - 2].start
    if is_year(number, toks) and is_year(other, toks):
        figure.kind, figure.unit, figure.year = "date", None, int(toks[i].key)
    merged = Number(number.first, other.stop, low, scale=other.scale, digits=other.digits)
    return merged, None


def _apply_kind(
    g: Grammar,
    figure: Figure,
    toks: list[Tok],
    i: int,
    number: Number,
    left: tuple[str, int] | None,
    lower: int,
    window: str,
) -> int | None:
    """Set kind, unit and counted noun; return the token after the phrase (None: no figure)."""
    after = number.stop
    percent_end = percent_after(g, toks, after)
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
    noun = noun_after(g, toks, after)
    if noun is None and number.fraction_only:
        return None
    if noun is not None:
        j, found = noun
        if found is None and number.fraction_only:
            # أكثر من نصف المشاركين: a share of people, read as a percentage
            if g.strip_article(toks[j].key) == toks[j].key and toks[after].key != "من":
                return None
            figure.value, found = number.value * 100, ("percent", "percent")
        if is_year(number, toks) and found is None and not _bounded(left):
            noun = None  # 2014 ليصل …: a year, not a count of something
        else:
            figure.kind, figure.unit = found or ("count", None)
            figure.noun, figure.noun_end = toks[j].key, toks[j].end
            figure.end, figure.last_token = toks[j].end, j
            after = j + 1
    if noun is None and is_year(number, toks) and not _bounded(left):
        near = toks[i - 1].key if i > 0 else ""
        if figure.qualifier == "exact" or near in g.year_context:
            figure.kind, figure.unit, figure.year = "date", None, int(toks[i].key)
            return after
    if noun is None:
        shared = shared_noun(g, toks, after, window) or shared_noun_before(g, toks, left, i)
        force = force_noun_before(g, toks, left[1] if left else i, lower)
        if shared is not None:
            figure.kind, figure.unit = shared[1]
            figure.noun = toks[shared[0]].key
        elif force is not None and figure.qualifier != "vague":
            j, (figure.kind, figure.unit) = force
            figure.noun = toks[j].key
            nisba = nisba_after(g, toks, j + 1)
            if nisba is not None and nisba[1] < i:
                _set_subject(figure, toks, window, nisba)
    return after


def _bounded(left: tuple[str, int] | None) -> bool:
    """A quantity qualifier (not في غضون) comes before the number."""
    return left is not None and left[0] != "within"


def _apply_left_qualifier(figure: Figure, toks: list[Tok], left: tuple[str, int] | None) -> None:
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
    g: Grammar,
    figure: Figure,
    toks: list[Tok],
    i: int,
    left: tuple[str, int] | None,
    lower: int,
    after: int,
) -> None:
    """تقريباً، على الأقل، إضافي … after the phrase (an adjective may come between)."""
    right = right_qualifier(g, toks, after)
    if right is None and figure.kind in {"troops", "money", "count"}:
        for skip in (1, 2):
            j = after + skip - 1
            if j + 1 >= len(toks) or toks[j].is_num or toks[j].key in STOP_CONNECTORS:
                break
            candidate = right_qualifier(g, toks, j + 1)
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
        and additional_before(g, toks, left[1] if left else i, lower)
    ):
        figure.qualifier = "additional"


def _set_bounds(figure: Figure) -> None:
    q, v = figure.qualifier, figure.value
    if q in {"more_than", "at_least"}:
        figure.low, figure.high = v, None
    elif q in {"less_than", "at_most"}:
        figure.low, figure.high = None, v
    elif q in {"exact", "approx", "additional"}:
        figure.low = figure.high = None
