"""``qualifiers.csv``: the qualifiers before and after a number, in a phrase syntax.

The phrase syntax of ``qualifiers.csv``
---------------------------------------
Words separated by spaces, each one token of the text:

- ``نحو/حوالي`` — one of these words;
- ``ي/ت+قل+(ون)`` — a word in parts: ي or ت, then قل, then optionally ون (a part in
  parentheses may be left out); ``(و/ف)+لا`` allows an attached و or ف;
- ``عدد*`` — any letters after (``*`` at the start: any letters before);
- ``(ما)`` — a word that may be left out; ``({filler})`` a slot that may be left out;
- ``{negation}`` — one word of the ``slot`` rows named ``negation``;
- ``…1`` — up to one other word here (as in the cue files);
- ``!من`` first — the phrase does not count right after من.

Each phrase is compiled to a regular expression; a ``left`` phrase matches the words that end
right before the number, and of the rows that match, the one that starts first (then the one
written first) gives the qualifier.

:func:`token_phrase` reads a phrase into its words (:class:`TokenPhrase`), :func:`compile_phrase`
writes the same phrase as one regular expression; :func:`read_qualifiers` validates the file
(every phrase compiles and matches its example) and :func:`load_qualifiers` returns it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import polars as pl

from toolkit.arabic import normalize
from toolkit.lexicons.files import LexiconError, Lexicons, as_lexicons, cached, read_rows

__all__ = [
    "ARABIC_WORD",
    "QUALIFIER_SIDES",
    "PhraseWord",
    "Qualifiers",
    "TokenPhrase",
    "compile_phrase",
    "example_tokens",
    "lexicon_key",
    "load_qualifiers",
    "read_qualifiers",
    "token_phrase",
]

#: The sides of ``qualifiers.csv``.
QUALIFIER_SIDES = ("slot", "left", "right", "additional", "change")
_LEFT_NAMES = ("approx", "more_than", "at_least", "less_than", "at_most", "within")
_RIGHT_NAMES = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")

#: One Arabic word as the lexicon files write it (normalized letters only).
ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0671-\u06d3]+$")
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,٫٬]\d+)*|\S")
_GAP = re.compile(r"^…(\d+)$")
_SLOT = re.compile(r"^\{(\w+)\}$")


def lexicon_key(word: str) -> str:
    """A word as the lexicon files compare it: normalized, without surrounding spaces."""
    return normalize(word).strip()


def example_tokens(example: str) -> list[str]:
    """The tokens of an example sentence, normalized (as the files' examples are checked)."""
    return _TOKEN.findall(normalize(example))


def _word_regex(item: str) -> str:
    """The regex of one written word: parts joined by ``+``, alternatives by ``/``."""
    pieces = []
    parts = item.split("+")
    for n, part in enumerate(parts):
        optional = _wrapped(part)
        core = part[1:-1] if optional else part
        alternatives = []
        for alternative in core.split("/"):
            before, after = alternative.startswith("*"), alternative.endswith("*")
            letters = lexicon_key(alternative.strip("*"))
            if not ARABIC_WORD.match(letters):
                raise ValueError(
                    f"{alternative!r} in {item!r} is not an Arabic word (write words with '/' "
                    "between alternatives, '+' between the parts of a word, '(…)' around a part "
                    "or word that may be left out, '*' for any letters)"
                )
            if (before and n > 0) or (after and n < len(parts) - 1):
                raise ValueError(f"{item!r}: '*' may only start or end the word")
            pattern = re.escape(letters)
            pattern = (r"\S*" if before else "") + pattern + (r"\S*" if after else "")
            if pattern not in alternatives:
                alternatives.append(pattern)
        group = "|".join(alternatives)
        pieces.append(f"(?:{group})?" if optional else f"(?:{group})")
    return "".join(pieces)


@dataclass(frozen=True)
class PhraseWord:
    """One item of a phrase as the tokens it matches.

    ``pattern`` is the regular expression one token must match whole (``None`` for a gap
    ``…n``, which any tokens match), ``optional`` whether it may be left out, and ``most``
    how many tokens it covers at most (a gap ``…n``: 1 to n; any other item: one).
    """

    pattern: str | None
    optional: bool
    most: int = 1


@dataclass(frozen=True)
class TokenPhrase:
    """A phrase of ``qualifiers.csv`` as a sequence of tokens: ``words`` in order, and
    ``not_after``, the word of ``!word`` (the phrase does not count after a token that ends
    with it), or ``None``. :func:`compile_phrase` is the same phrase as one regex over the
    tokens joined by spaces; :func:`token_phrase` gives this form for matching token by
    token (the compiled kernels of :mod:`toolkit.figures`)."""

    not_after: str | None
    words: tuple[PhraseWord, ...]


def token_phrase(phrase: str, slots: dict[str, list[str]] | None = None) -> TokenPhrase:
    """A phrase of ``qualifiers.csv`` read into its words (see the module docstring); raise
    ``ValueError`` with the reason.

    Examples
    --------
    >>> token_phrase("(في) (و/ف)+غضون").words[0]
    PhraseWord(pattern='(?:في)', optional=True, most=1)
    >>> token_phrase("!من دون …2").words[1]
    PhraseWord(pattern=None, optional=True, most=2)
    """
    slots = slots or {}
    items = phrase.split()
    if not items:
        raise ValueError("empty phrase")
    not_after = None
    if items[0].startswith("!"):
        not_after = lexicon_key(items.pop(0)[1:])
        if not ARABIC_WORD.match(not_after) or not items:
            raise ValueError("'!' marks a word the phrase may not follow, before the phrase")
    words = []
    for n, item in enumerate(items):
        if item.startswith("!"):
            raise ValueError("'!word' may only come first")
        gap = _GAP.match(item)
        optional = _wrapped(item)
        inner = item[1:-1] if optional else item
        slot = _SLOT.match(inner)
        if gap:
            if n == 0:
                raise ValueError("a phrase cannot start with a gap (…1)")
            words.append(PhraseWord(None, True, int(gap.group(1))))
            continue
        if slot:
            if slot.group(1) not in slots:
                known = ", ".join(sorted(slots)) or "none"
                raise ValueError(f"unknown slot {{{slot.group(1)}}} (slot rows: {known})")
            pattern = "(?:" + "|".join(slots[slot.group(1)]) + ")"
        else:
            pattern = _word_regex(inner)
        words.append(PhraseWord(pattern, optional))
    if all(w.optional for w in words):
        raise ValueError("a phrase needs a word that may not be left out")
    return TokenPhrase(not_after, tuple(words))


def compile_phrase(phrase: str, slots: dict[str, list[str]] | None = None) -> str:
    """The regular expression of a phrase of ``qualifiers.csv`` (see the module docstring),
    over tokens joined by single spaces; raise ``ValueError`` with the reason.

    Examples
    --------
    >>> compile_phrase("(و/ف/ب/ل)+أكثر/أزيد من")
    '(?:و|ف|ب|ل)?(?:اكثر|ازيد) (?:من)'
    >>> compile_phrase("(في) (و/ف)+غضون")
    '(?:(?:في) )?(?:و|ف)?(?:غضون)'
    """
    parsed = token_phrase(phrase, slots)
    out: list[str] = []
    required = False
    for word in parsed.words:
        pattern = word.pattern
        if pattern is None:  # a gap: one to ``most`` tokens
            pattern = r"\S+" if word.most == 1 else rf"\S+(?: \S+){{0,{word.most - 1}}}"
        if not required:  # the words before the first required one end with their space
            out.append(f"(?:{pattern} )?" if word.optional else pattern)
        else:
            out.append(f"(?: {pattern})?" if word.optional else f" {pattern}")
        required = required or not word.optional
    lookbehind = f"(?<!{re.escape(parsed.not_after)} )" if parsed.not_after else ""
    return lookbehind + "".join(out)


def _wrapped(item: str) -> bool:
    """Whether the whole item is in parentheses: ``(ما)``, ``((و/ف)+ما)``, not ``(و)+ما``."""
    if not (item.startswith("(") and item.endswith(")")):
        return False
    depth = 0
    for n, char in enumerate(item):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return n == len(item) - 1
    return False


@dataclass(frozen=True)
class Qualifiers:
    left: tuple[tuple[str, str], ...]  # (qualifier, regex of the phrase)
    left_tokens: tuple[tuple[str, TokenPhrase], ...]  # (qualifier, the phrase's tokens)
    right: tuple[tuple[str, tuple[frozenset[str], ...]], ...]
    additional: str
    change: str


def _right_words(phrase: str) -> tuple[frozenset[str], ...]:
    words = []
    for item in phrase.split():
        forms = [lexicon_key(w) for w in item.split("/")]
        if not all(ARABIC_WORD.match(f) for f in forms):
            raise ValueError(f"{item!r}: a right-hand qualifier is plain words with '/'")
        words.append(frozenset(forms))
    if not 1 <= len(words) <= 2:
        raise ValueError("a right-hand qualifier is one or two words")
    return tuple(words)


def read_qualifiers(path: str) -> tuple[pl.DataFrame, Qualifiers]:
    rows = read_rows(path, ["side", "qualifier", "phrase", "note", "example"])
    problems: list[tuple[int | None, str]] = []
    slots: dict[str, list[str]] = {}
    compiled: list[tuple[int, dict, str | tuple]] = []
    for number, row in rows:  # the slots first: a phrase may use a slot defined below it
        if row["side"] == "slot":
            try:
                if not re.fullmatch(r"\w+", row["qualifier"]):
                    raise ValueError(f"a slot needs a name (not {row['qualifier']!r})")
                if len(row["phrase"].split()) != 1:
                    raise ValueError("a slot is one word (write alternatives with '/')")
                slots.setdefault(row["qualifier"], []).append(_word_regex(row["phrase"]))
            except ValueError as exc:
                problems.append((number, f"phrase {row['phrase']!r}: {exc}"))
    for number, row in rows:
        side, name, phrase = row["side"], row["qualifier"], row["phrase"]
        try:
            if side not in QUALIFIER_SIDES:
                raise ValueError(f"unknown side {side!r} (use one of {', '.join(QUALIFIER_SIDES)})")
            if side == "slot":
                pattern: str | tuple = "^(?:" + "|".join(slots.get(name, ["(?!)"])) + ")$"
            elif side == "left":
                if name not in _LEFT_NAMES:
                    raise ValueError(
                        f"left qualifier {name!r} (use one of {', '.join(_LEFT_NAMES)})"
                    )
                pattern = compile_phrase(phrase, slots)
            elif side == "right":
                if name not in _RIGHT_NAMES:
                    raise ValueError(
                        f"right qualifier {name!r} (use one of {', '.join(_RIGHT_NAMES)})"
                    )
                pattern = _right_words(phrase)
            else:  # additional, change: one word
                if len(phrase.split()) != 1:
                    raise ValueError(f"{side} is one word (write alternatives with '/')")
                if side == "additional" and name != "additional":
                    raise ValueError("the qualifier of an additional row is additional")
                pattern = _word_regex(phrase)
            re.compile(pattern if isinstance(pattern, str) else "")
        except (ValueError, re.error) as exc:
            problems.append((number, f"phrase {phrase!r}: {exc}"))
            continue
        if row["example"] and not _example_matches(side, pattern, row["example"]):
            problems.append((number, f"phrase {phrase!r} does not match its example"))
        compiled.append((number, row, pattern))
    if problems:
        raise LexiconError(path, problems)
    by_side = {
        side: [(r, p) for _, r, p in compiled if r["side"] == side] for side in QUALIFIER_SIDES
    }
    if not by_side["additional"] or not by_side["change"]:
        raise LexiconError(path, [(None, "needs at least one additional row and one change row")])
    qualifiers = Qualifiers(
        left=tuple((r["qualifier"], p) for r, p in by_side["left"]),
        left_tokens=tuple(
            (r["qualifier"], token_phrase(r["phrase"], slots)) for r, _ in by_side["left"]
        ),
        right=tuple((r["qualifier"], p) for r, p in by_side["right"]),
        additional="^(?:" + "|".join(p for _, p in by_side["additional"]) + ")$",
        change="(?:" + "|".join(p for _, p in by_side["change"]) + ")",
    )
    frame = pl.DataFrame(
        [
            tuple(row[c] for c in ("side", "qualifier", "phrase", "note", "example"))
            for _, row in rows
        ],
        schema=dict.fromkeys(["side", "qualifier", "phrase", "note", "example"], pl.String),
        orient="row",
    )
    return frame, qualifiers


def _example_matches(side: str, pattern: str | tuple, example: str) -> bool:
    tokens = example_tokens(example)
    if side == "left":
        digits = [i for i, t in enumerate(tokens) if t[0].isdigit()]
        before = tokens[: digits[0]] if digits else tokens
        return re.search(f"(?:^| )(?:{pattern})$", " ".join(before)) is not None
    if side == "right":
        n = len(pattern)
        return any(
            all(tokens[i + j] in pattern[j] for j in range(n)) for i in range(len(tokens) - n + 1)
        )
    if side == "change":
        return re.search(pattern, " ".join(tokens)) is not None
    return any(re.fullmatch(pattern.strip("^$"), t) for t in tokens)


def load_qualifiers(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """``qualifiers.csv``, validated (every phrase compiles and matches its example):
    ``side``, ``qualifier``, ``phrase``, ``note``, ``example``.

    Examples
    --------
    >>> load_qualifiers().filter(side="right", qualifier="exact")["phrase"].item()
    'فقط'
    """
    path = str(path or as_lexicons(lexicons).path("qualifiers.csv"))
    return cached("qualifiers", [path], lambda: read_qualifiers(path))[0]
