"""Names as journalists type them: one letter transposed, doubled, dropped or substituted.

ستولتنرغ (ستولتنبرغ with ب dropped), ماكنيزي (ماكينزي transposed), بومبيوو (a doubled و),
السوادني: a word of an article is read as a word of an alias when

- it is **one edit** away from it (a substitution, insertion, deletion or transposition of
  adjacent letters: the optimal string alignment distance is 1), in the stem: the clitics and
  the article ال in front are the matcher's (وستولتنرغ is و + ستولتنرغ), and the article must
  be there exactly when the alias word has it;
- the words are long: one of the two has at least :data:`LONG_WORD` letters and the other at
  least :data:`MIN_WORD` (counting the article), and the alias stem at least :data:`MIN_STEM`;
- the word is no word of its own: no exact stem of an alias or word of a name of the
  gazetteer (someone else's name), and less frequent than :data:`KNOWN_WORD` (Zipf) in the
  word-frequency list (كردستاني is a word, not a typo of كردستان);
- the edit is no clitic and no ending: a letter of و ف ب ك ل added in front, or ي ة ه ا ن
  ت و added or dropped at the end (a nisba, a feminine, a pronoun) unless it doubles the
  letter before it (بومبيوو);
- the alias words within one edit of it all name the same entities (a word between two
  names is no typo of either).

Only the gazetteer's alias words are compared, through a deletion-neighbourhood index
(symmetric delete: a word and every word with one letter deleted, for the alias stems and
for the article's words), so a word costs a few set look-ups. The reference path respells
the words it finds; the fast path finds the words that might be respelled with a necessary
condition computed on arrays (:meth:`SpellingIndex.deletion_hashes`) and hands their articles
to the reference. A name run together with a lost space (حزبالله) needs no edit: those
spellings are aliases of their own (:func:`toolkit.lexicons.entities.joined_aliases`).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from toolkit.arabic import normalize, normalize_with_map

__all__ = [
    "KNOWN_WORD",
    "LONG_WORD",
    "MIN_STEM",
    "MIN_WORD",
    "SpellingIndex",
    "one_edit",
    "prefixes",
    "respelled_stream",
]

#: One of the two words has at least this many letters (the article counted), the other at
#: least :data:`MIN_WORD`, and the alias stem at least :data:`MIN_STEM`.
LONG_WORD = 7
MIN_WORD = 6
MIN_STEM = 5
#: A word at least this frequent (Zipf) is a word of its own, not a typo.
KNOWN_WORD = 2.0
_CLITIC_LETTERS = frozenset("وفبكل")
_ENDINGS = frozenset("يهاتنو")


def prefixes(word: str) -> list[tuple[str, str, bool]]:
    """The ways the clitic rule can cut the front of a normalized word: ``(clitics, article,
    rest)`` with the clitics (و ف, then ب ك ل), the article (``"ال"``, ``"ل"`` in the لل of
    للناتو, or ``""``) and what remains, shortest front first.

    Examples
    --------
    >>> [(c, a) for c, a, _ in prefixes("وللناتو")][:4]
    [('', ''), ('', 'ال'), ('و', ''), ('و', 'ل')]
    """
    out = []
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for article in ("", "ال", *(("ل",) if prep == "ل" else ())):
                front = conj + prep + article
                if word.startswith(front) and len(word) > len(front):
                    out.append((len(front), conj + prep, article))
    out.sort(key=lambda x: x[0])
    return [(clitics, article, word[size:]) for size, clitics, article in out]


def one_edit(a: str, b: str) -> tuple[str, int] | None:
    """The edit that turns ``a`` into ``b`` when they are one edit apart: ``(kind, position)``
    with kind ``substitute``, ``insert`` (a letter of ``b`` at that position), ``delete`` (the
    letter of ``a`` at that position) or ``transpose``; ``None`` otherwise (equal words too).

    Examples
    --------
    >>> one_edit("ماكينزي", "ماكنيزي")
    ('transpose', 3)
    >>> one_edit("ستولتنبرغ", "ستولتنرغ")
    ('delete', 6)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return "substitute", i
        if i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]:
            return "transpose", i
        return None
    if len(a) < len(b):
        return ("insert", i) if a[i:] == b[i + 1 :] else None
    return ("delete", i) if a[i + 1 :] == b[i:] else None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _allowed(alias: str, text: str, edit: tuple[str, int]) -> bool:
    """Whether an edit turning the alias stem into the text stem is a typo (not a clitic, not
    an ending)."""
    kind, at = edit
    if kind == "insert" and at == 0 and text[0] in _CLITIC_LETTERS:
        return False
    if kind == "insert" and at == len(alias):
        return (text[-1] in _ENDINGS and text[-1] == alias[-1]) or text[-1] not in _ENDINGS
    if kind == "delete" and at == len(alias) - 1:
        return alias[-1] not in _ENDINGS
    return True


class SpellingIndex:
    """The alias stems a word may be a typo of, and the respelling of words.

    Parameters
    ----------
    aliases
        The alias table of a call (``key`` and ``entity_id`` columns).
    names
        Normalized words of the gazetteer's names (a name of its own is no typo).
    zipf
        The Zipf frequency of a normalized word.

    Examples
    --------
    >>> import polars as pl
    >>> table = pl.DataFrame({"key": ["ينس ستولتنبرغ"], "entity_id": ["jens_stoltenberg"]})
    >>> index = SpellingIndex(table, frozenset({"ينس", "ستولتنبرغ"}), lambda w: 0.0)
    >>> index.respell("وستولتنرغ")
    ((0, 1, 'و', 'conj'), (1, 9, 'ستولتنبرغ', None))
    """

    def __init__(
        self, aliases: pl.DataFrame, names: frozenset[str], zipf: Callable[[str], float]
    ) -> None:
        self.names = frozenset(n.replace("ة", "ه") for n in names)
        self.zipf = zipf
        owners: dict[tuple[str, bool], set[str]] = {}
        stems: set[str] = set()
        for key, eid in aliases.select("key", "entity_id").iter_rows():
            pieces = key.split(" ")
            for i, piece in enumerate(pieces):
                if piece == "ال":
                    continue
                stems.add(piece)
                article = i > 0 and pieces[i - 1] == "ال"
                if len(piece) >= MIN_STEM and len(piece) + 2 * article >= MIN_WORD:
                    owners.setdefault((piece, article), set()).add(eid)
        self.stems = frozenset(stems)
        self.owners = {k: frozenset(v) for k, v in owners.items()}
        self.neighbours: dict[str, set[str]] = {}
        for stem, _ in self.owners:
            for form in {stem, *_deletions(stem)}:
                self.neighbours.setdefault(form, set()).add(stem)
        self.lengths = frozenset(len(stem) + d for stem, _ in self.owners for d in (-1, 0, 1))
        self._memo: dict[str, tuple | None] = {}

    def respell(self, word: str) -> tuple[tuple[int, int, str, str | None], ...] | None:
        """The pieces of a normalized word read as a typo of an alias word, or ``None``.

        Pieces are ``(start, end, norm, clitic)`` in the word (``clitic`` is ``"conj"``,
        ``"prep"``, ``"article"`` or ``None``); the stem's ``norm`` is the alias stem (ة as
        ه), so it matches the alias.
        """
        found = self._memo.get(word, False)
        if found is False:
            found = self._memo[word] = self._respell(word)
        return found

    def _respell(self, word: str):
        key = word.replace("ة", "ه")
        if len(key) < MIN_STEM or self.zipf(word) >= KNOWN_WORD:
            return None
        cuts = prefixes(key)
        if any(rest in self.stems or rest in self.names for _, _, rest in cuts):
            return None  # an exact stem or a name: the matcher's, not a typo
        for clitics, article, rest in cuts:
            if len(rest) not in self.lengths:
                continue
            written = word[len(clitics) + len(article) :]
            if self.zipf(("ال" if article else "") + written) >= KNOWN_WORD:
                continue  # a word of its own once its clitics are set aside
            chosen = self._closest(rest, bool(article))
            if chosen is None:
                continue
            pieces: list[tuple[int, int, str, str | None]] = []
            at = 0
            for letter in clitics:
                pieces.append((at, at + 1, letter, "conj" if letter in "وف" else "prep"))
                at += 1
            if article:
                pieces.append((at, at + len(article), "ال", "article"))
                at += len(article)
            pieces.append((at, len(word), chosen, None))
            return tuple(pieces)
        return None

    def _closest(self, rest: str, article: bool) -> str | None:
        text_len = len(rest) + 2 * article
        found: dict[str, frozenset[str]] = {}
        for form in {rest, *_deletions(rest)}:
            for stem in self.neighbours.get(form, ()):
                owners = self.owners.get((stem, article))
                if owners is None or stem in found:
                    continue
                alias_len = len(stem) + 2 * article
                if max(alias_len, text_len) < LONG_WORD or min(alias_len, text_len) < MIN_WORD:
                    continue
                edit = one_edit(stem, rest)
                if edit is not None and _allowed(stem, rest, edit):
                    found[stem] = owners
        if not found or len(set(found.values())) > 1:
            return None
        return min(found)


def respelled_stream(
    articles: pl.DataFrame, pieces: pl.DataFrame, index: SpellingIndex
) -> pl.DataFrame:
    """The stream of :func:`toolkit.entities.stream.stream` (built with ``words=True``) with
    the words that :meth:`SpellingIndex.respell` reads as typos cut into the pieces it gives,
    and a column ``respelled`` that marks those pieces (the ``word`` columns are dropped)."""
    candidates = (
        pieces.filter(
            (pl.col("kind") == "word") & (pl.col("word_end") - pl.col("word_start") >= MIN_STEM)
        )
        .unique("word", keep="first", maintain_order=True)
        .select("article_id", "sentence_id", "word", "word_start", "word_end")
    )
    plain = pieces.drop("word", "word_start", "word_end").with_columns(respelled=pl.lit(False))
    if candidates.is_empty():
        return plain
    texts = dict(articles.select("article_id", "text").iter_rows())
    rows, respelled = [], []
    for article, sentence, word, start, end in candidates.iter_rows():
        written = texts[article][start:end]
        found = index.respell(normalize(written))
        if found is None:
            continue
        respelled.append(word)
        _, at = normalize_with_map(written)
        glued = False
        for p_start, p_end, norm, clitic in found:
            if clitic in ("conj", "prep"):
                glued = True
                continue
            lo, hi = at[p_start], at[p_end]
            rows.append(
                (
                    article,
                    sentence,
                    start + lo,
                    start + hi,
                    written[lo:hi],
                    norm,
                    clitic,
                    norm,
                    glued,
                )
            )
            glued = False
    if not respelled:
        return plain
    schema = {
        "article_id": pieces.schema["article_id"],
        "sentence_id": pieces.schema["sentence_id"],
        "start": pieces.schema["start"],
        "end": pieces.schema["end"],
        "token": pl.String,
        "norm": pl.String,
        "clitic": pl.String,
        "key": pl.String,
        "glued": pl.Boolean,
    }
    added = pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        kind=pl.lit("word"), is_stopword=pl.lit(False), respelled=pl.lit(True)
    )
    kept = plain.filter(~pieces["word"].is_in(pl.Series(respelled).implode()))
    order = articles.select("article_id").with_row_index("_order")
    return (
        pl.concat([kept, added], how="diagonal_relaxed")
        .join(order, on="article_id", how="left")
        .sort("_order", "start")
        .drop("_order")
        .with_columns(token_id=pl.int_range(pl.len()).over("article_id"))
        .select(plain.columns)
    )
