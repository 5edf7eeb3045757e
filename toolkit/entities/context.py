"""The words right before and after a span, as the later sources read them.

A short form or an office title is judged by its neighbours: the title before a given name
(الرئيس نيجيرفان), the noun before an adjective (الجيش السوداني), the word after a bare title
(رئيس الوزراء السابق). The neighbours are read off the text around the span, normalized and
split as the matcher splits words (:func:`toolkit.lexicons.titles.title_key`), and only as far
as the nearest punctuation: a comma or a full stop ends the phrase.
"""

from __future__ import annotations

import re

from toolkit.arabic import CliticSplitter
from toolkit.lexicons.titles import title_key

__all__ = ["REACH", "after", "before", "overlaps"]

#: Characters read on each side of a span.
REACH = 60
_BREAK = re.compile(r"[^\w\s\u0640\u064b-\u065f\u0670\u200c-\u200f]")
_GLUED = re.compile(r"\w+$")


def before(
    text: str, start: int, splitter: CliticSplitter, *, words: int = 4
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The clitics glued to the word at ``start`` (as pieces: ``('و',)``), and the pieces of
    the up to ``words`` words before it, back to the nearest punctuation.

    Examples
    --------
    >>> from toolkit.lexicons import clitic_splitter
    >>> text = "قال الرئيس الأمريكي، وأكد الرئيس وبايدن"
    >>> before(text, text.index("بايدن"), clitic_splitter())
    (('و',), ('اكد', 'ال', 'رئيس'))
    """
    low = max(0, start - REACH)
    snippet = text[low:start]
    glued = _GLUED.search(snippet)
    clitics = tuple(glued.group()) if glued else ()
    rest = snippet[: glued.start()] if glued else snippet
    if not rest or not rest[-1].isspace():
        return clitics, ()
    cut = list(_BREAK.finditer(rest))
    tokens = rest[cut[-1].end() :].split() if cut else rest.split()
    if not cut and low > 0 and not text[low - 1].isspace():
        tokens = tokens[1:]  # the first word may be cut
    kept = tokens[-words:]
    return clitics, title_key(" ".join(kept), splitter)


def after(text: str, end: int, splitter: CliticSplitter, *, words: int = 3) -> tuple[str, ...]:
    """The pieces of the up to ``words`` words after ``end``, up to the nearest punctuation
    (empty when punctuation comes first).

    Examples
    --------
    >>> from toolkit.lexicons import clitic_splitter
    >>> text = "قال رئيس الوزراء السابق إن"
    >>> after(text, text.index(" السابق"), clitic_splitter())
    ('ال', 'سابق', 'ان')
    """
    snippet = text[end : end + REACH]
    if snippet and not snippet[0].isspace():
        return ()
    stop = _BREAK.search(snippet)
    if stop:
        snippet = snippet[: stop.start()]
    kept = snippet.split()
    if end + REACH < len(text) and not stop:
        kept = kept[:-1]  # the last word may be cut
    return title_key(" ".join(kept[:words]), splitter)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two spans share a character."""
    return a_start < b_end and b_start < a_end
