"""The pattern syntax of the cue, speaker and framing files: literal words, read aloud.

- write a word without و ف ب ك ل or ال: ``انسحاب`` also finds والانسحاب، للانسحاب، بانسحاب;
- ``/`` separates alternatives for one word: ``ستبقى/سيبقى``;
- ``*`` at the start or end of a word stands for any letters: ``انسحاب*`` (انسحابها، انسحاباً);
- ``…`` (or ``...``) between words allows up to 3 other words there, ``…6`` up to 6;
- ``…`` or ``…N`` at the end: what the row applies to comes *after* it, within 4 (or N) words.

Words are matched on their normalized form (ة read as ه) and on the forms left after peeling
proclitics, so every row can be checked against its example sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.arabic import CliticSplitter, normalize

__all__ = [
    "DEFAULT_GAP",
    "DEFAULT_REACH",
    "MAX_GAP",
    "Pattern",
    "Slot",
    "example_matches",
    "match_at",
    "parse_pattern",
    "slot_matches",
    "strip_punct",
    "word_forms",
    "word_key",
]

#: Words a ``…`` allows between two pattern words; the reach of a final ``…``; the largest gap.
DEFAULT_GAP = 3
DEFAULT_REACH = 4
MAX_GAP = 12

_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0671-\u06d3]+$")
_GAP_ITEM = re.compile(r"^(?:…|\.\.\.)(\d*)$")
_PATTERN_ITEMS = re.compile(r"(?:…|\.\.\.)\d*|[^\s…]+")


@dataclass(frozen=True)
class Slot:
    """One word of a pattern: its alternatives, split by where ``*`` stands."""

    exact: frozenset[str] = frozenset()
    starts: frozenset[str] = frozenset()  # written word*
    ends: frozenset[str] = frozenset()  # written *word
    contains: frozenset[str] = frozenset()  # written *word*


@dataclass(frozen=True)
class Pattern:
    """A parsed pattern: its words (slots), the gaps allowed between them and its reach."""

    text: str
    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]
    reach: int | None


def word_key(word: str, splitter: CliticSplitter) -> str:
    """The matching key of a written pattern word: normalized, ة read as ه, the article
    dropped (unless the word is one the splitter keeps whole)."""
    norm = normalize(word)
    key = norm.replace("ة", "ه")
    if key.startswith("ال") and len(key) >= 4 and norm not in splitter.guard:
        key = key[2:]
    return key


def parse_pattern(text: str, splitter: CliticSplitter | None = None) -> Pattern:
    """Parse a pattern; raise ``ValueError`` with the reason.

    Examples
    --------
    >>> p = parse_pattern("ضربات … على/ضد …")
    >>> len(p.slots), p.gaps, p.reach
    (2, (3,), 4)
    >>> parse_pattern("انسحاب*").slots[0].starts
    frozenset({'انسحاب'})
    """
    splitter = splitter or CliticSplitter()
    items = _PATTERN_ITEMS.findall(text or "")
    if not items:
        raise ValueError("empty pattern")
    slots: list[Slot] = []
    gaps: list[int] = []
    pending: int | None = None
    for item in items:
        gap = _GAP_ITEM.match(item)
        if gap:
            if not slots:
                raise ValueError("a pattern cannot start with a gap (…)")
            if pending is not None:
                raise ValueError("two gaps (…) in a row")
            pending = int(gap.group(1)) if gap.group(1) else None
            if pending is not None and pending > MAX_GAP:
                raise ValueError(f"gap …{pending} is larger than {MAX_GAP} words")
            pending = DEFAULT_GAP if pending is None else pending
            continue
        if slots:
            gaps.append(0 if pending is None else pending)
        pending = None
        slots.append(_slot(item, splitter))
    reach = None
    if pending is not None:
        reach = pending if _GAP_ITEM.match(items[-1]).group(1) else DEFAULT_REACH
    return Pattern(text=text, slots=tuple(slots), gaps=tuple(gaps), reach=reach)


def _slot(item: str, splitter: CliticSplitter) -> Slot:
    parts: dict[str, set[str]] = {"exact": set(), "starts": set(), "ends": set(), "contains": set()}
    for alternative in item.split("/"):
        if not alternative:
            raise ValueError(f"empty alternative in {item!r} (alternatives are '/'-separated)")
        before, after = alternative.startswith("*"), alternative.endswith("*")
        core = alternative.strip("*")
        if "*" in core:
            raise ValueError(f"{alternative!r}: '*' may only start or end a word")
        key = word_key(core, splitter)
        if not _ARABIC_WORD.match(key):
            raise ValueError(
                f"{alternative!r} is not an Arabic word (use spaces between words, '/' between "
                "alternatives, '*' for any letters and '…' for a gap)"
            )
        if (before or after) and len(key) < 2:
            raise ValueError(f"{alternative!r}: a word with '*' needs at least two letters")
        kind = {
            (False, False): "exact",
            (False, True): "starts",
            (True, False): "ends",
            (True, True): "contains",
        }
        parts[kind[(before, after)]].add(key)
    return Slot(**{k: frozenset(v) for k, v in parts.items()})


def slot_matches(slot: Slot, forms: Iterable[str]) -> bool:
    """Whether any of a word's forms fills the slot."""
    for form in forms:
        if form in slot.exact:
            return True
        if any(form.startswith(s) for s in slot.starts) or any(form.endswith(s) for s in slot.ends):
            return True
        if any(s in form for s in slot.contains):
            return True
    return False


def strip_punct(raw: str) -> tuple[int, int, str]:
    """Offsets of the word inside a whitespace-separated token, and the word."""
    lead, tail = 0, len(raw)
    while lead < tail and unicodedata.category(raw[lead])[0] in "PSZC":
        lead += 1
    while tail > lead and unicodedata.category(raw[tail - 1])[0] in "PSZC":
        tail -= 1
    return lead, tail, raw[lead:tail]


def word_forms(core: str, splitter: CliticSplitter) -> tuple[list, str, str, frozenset[str]]:
    """Clitic pieces, normalized key, stem and every form a pattern word may match.

    Besides the splitter's cautious split, a leading و/ف, then ب/ك/ل, then ال are peeled off
    while three letters remain, so ``لنشر`` and ``بإعادة`` also match the pattern words ``نشر``
    and ``إعادة``.
    """
    pieces = splitter.split(core)
    norm = normalize(core).replace("ة", "ه")
    stem = pieces[-1][2].replace("ة", "ه")
    forms = {norm, stem}
    rest = norm
    if rest[:1] in ("و", "ف") and len(rest) > 3:
        rest = rest[1:]
        forms.add(rest)
    if rest[:1] in ("ب", "ك", "ل") and len(rest) > 3:
        rest = rest[1:]
        forms.add(rest)
    if rest.startswith("ال") and len(rest) > 3:
        forms.add(rest[2:])
    return pieces, norm, stem, frozenset(forms)


def match_at(slots, gaps, forms, i):
    """End index (exclusive) of a match of ``slots`` starting at word ``i``, else ``None``."""
    if not slot_matches(slots[0], forms[i]):
        return None
    position = i
    for slot, gap in zip(slots[1:], gaps, strict=True):
        for j in range(position + 1, min(position + 2 + gap, len(forms))):
            if slot_matches(slot, forms[j]):
                position = j
                break
        else:
            return None
    return position + 1


def example_matches(pattern: Pattern, example: str, splitter: CliticSplitter) -> bool:
    """Whether ``pattern`` matches somewhere in the sentence ``example``."""
    forms = []
    for raw in example.split():
        core = strip_punct(raw)[2]
        if core:
            forms.append(word_forms(core, splitter)[3])
    return any(
        match_at(pattern.slots, pattern.gaps, forms, i) is not None for i in range(len(forms))
    )
