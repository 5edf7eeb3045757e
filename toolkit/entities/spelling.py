"""Names as journalists type them: a letter transposed, doubled, dropped or substituted, or a
space lost.

A word of an article is *respelled* (:meth:`SpellingIndex.respell`) into the pieces of the
alias words it stands for, and the matcher then reads it as it reads those words; a match that
reads a respelled word has ``method="spelling"``. The clitics and the article in front are
cut as the matcher cuts them (وستولتنرغ is و + ستولتنرغ). Three spellings are read:

**A lost space inside a name**: حزبالله، الولاياتالمتحدة، جوبايدن، وعبدالمهدي — a word that is
two or more consecutive words of an alias run together (the spellings of
:func:`toolkit.lexicons.joined_aliases`), unless it is a frequent word of its own
(:data:`KNOWN_JOINED`).

**A lost space between two names**: الولاياتالمتحدةوالعراق، العراقوإيران — a word of an alias
(or a name run together), then و, then a word of an alias, in a word that is no word of its
own (:data:`KNOWN_WORD`).

**One edit**: ستولتنرغ (ب dropped), ماكنيزي (transposed), بومبيوو (a doubled و), السوادني — a
word one edit away (a substitution, insertion, deletion or transposition of adjacent letters:
an optimal string alignment distance of 1) from an alias word, in the stem, the article there
exactly when the alias word has it, when

- one of the two words has at least :data:`LONG_WORD` letters and the other at least
  :data:`MIN_WORD` (the article counted), the alias stem at least :data:`MIN_STEM`, and the
  alias word is no frequent ordinary word (:data:`COMMON_ALIAS_WORD`: الحكومة in الحكومة
  العراقية has frequent neighbours of its own);
- the word is no word of its own: no exact stem of an alias, no word of a name of the
  gazetteer (someone else's name), less frequent than :data:`KNOWN_WORD` in the word-frequency
  list (كردستاني is a word, not a typo of كردستان);
- the edit is no clitic and no ending: a letter of و ف ب ك ل added in front, or ي ة ه ا ن
  ت و added or dropped at the end (a nisba, a feminine, a pronoun) unless it doubles the
  letter before it (بومبيوو);
- the alias words within one edit of it all name the same entities;
- and where it is read: inside an alias whose other words are written right (ينس ستولتنرغ،
  محمد شياع السوادني), or alone when the entity is also named without a typo in the same
  article (ماكنيزي after ماكينزي) and the edit is no substitution
  (:func:`respelled_matches`). On its own a typo is no mention.

Only the gazetteer's alias words are compared, through a deletion-neighbourhood index
(symmetric delete: a word and every word with one letter deleted), so a word costs a few set
look-ups. The reference path respells the words it finds (:func:`respelled_stream`); the fast
path finds the words that may respell with a necessary condition computed on arrays
(:mod:`toolkit.entities.suspects`) and hands their articles to the reference.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from toolkit.arabic import CliticSplitter, normalize, normalize_with_map
from toolkit.lexicons import joined_aliases

__all__ = [
    "COMMON_ALIAS_WORD",
    "KNOWN_JOINED",
    "KNOWN_WORD",
    "LONG_WORD",
    "MIN_STEM",
    "MIN_WORD",
    "SHORTEST",
    "SpellingIndex",
    "one_edit",
    "prefixes",
    "respelled_matches",
    "respelled_stream",
]

#: One of the two words has at least this many letters (the article counted), the other at
#: least :data:`MIN_WORD`, and the alias stem at least :data:`MIN_STEM`.
LONG_WORD = 7
MIN_WORD = 6
MIN_STEM = 6
#: A word at least this frequent (Zipf) is a word of its own: no typo, no two names glued.
KNOWN_WORD = 2.0
#: A name run together this frequent is a word of its own (عبدالله), not a lost space.
KNOWN_JOINED = 4.0
#: An alias word this frequent is an ordinary word: its one-edit neighbours are words too.
COMMON_ALIAS_WORD = 4.5
#: The shortest word that may be respelled (a typo of a stem of MIN_STEM letters with one
#: dropped, a name run together).
SHORTEST = MIN_STEM - 1
#: The shortest word on each side of a و that glues two names.
_GLUED_SIDE = 3
_CLITIC_LETTERS = frozenset("وفبكل")
_ENDINGS = frozenset("يهاتنو")

Piece = tuple[int, int, str, "str | None"]


def prefixes(word: str) -> list[tuple[str, str, str]]:
    """The ways the clitic rule can cut the front of a normalized word: ``(clitics, article,
    rest)`` with the clitics (و ف, then ب ك ل), the article (``"ال"``, ``"ل"`` in the لل of
    للناتو, or ``""``) and what remains, shortest front first.

    Examples
    --------
    >>> [(c, a) for c, a, _ in prefixes("وللناتو")]
    [('', ''), ('و', ''), ('ول', ''), ('ول', 'ل')]
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


def _shift(pieces, by: int) -> list[Piece]:
    return [(s + by, e + by, n, c) for s, e, n, c in pieces]


class SpellingIndex:
    """The alias words a word may be a respelling of, and the respelling of words.

    Parameters
    ----------
    aliases
        The alias table of a call (``alias``, ``key`` and ``entity_id`` columns).
    splitter
        The clitic splitter of the call (its ``names``: a name of its own is no typo).
    zipf
        The Zipf frequency of a normalized word.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.arabic import CliticSplitter
    >>> table = pl.DataFrame({"alias": ["ينس ستولتنبرغ"], "key": ["ينس ستولتنبرغ"],
    ...     "entity_id": ["jens_stoltenberg"]})
    >>> index = SpellingIndex(table, CliticSplitter(names={"ينس", "ستولتنبرغ"}), lambda w: 0.0)
    >>> index.respell("وستولتنرغ")
    ((0, 1, 'و', 'conj'), (1, 9, 'ستولتنبرغ', None))
    >>> index.respell("ينسستولتنبرغ")
    ((0, 3, 'ينس', None), (3, 12, 'ستولتنبرغ', None))
    """

    def __init__(
        self, aliases: pl.DataFrame, splitter: CliticSplitter, zipf: Callable[[str], float]
    ) -> None:
        self.splitter = splitter
        self.names = frozenset(n.replace("ة", "ه") for n in splitter.names)
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
                word = ("ال" if article else "") + piece
                if (
                    len(piece) >= MIN_STEM
                    and len(word) >= MIN_WORD
                    and zipf(word.replace("ه", "ة")) < COMMON_ALIAS_WORD
                    and zipf(word) < COMMON_ALIAS_WORD
                ):
                    owners.setdefault((piece, article), set()).add(eid)
        self.stems = frozenset(stems)
        self.owners = {k: frozenset(v) for k, v in owners.items()}
        self.neighbours: dict[str, set[str]] = {}
        for stem, _ in self.owners:
            for form in {stem, *_deletions(stem)}:
                self.neighbours.setdefault(form, set()).add(stem)
        self.lengths = frozenset(len(stem) + d for stem, _ in self.owners for d in (-1, 0, 1))
        self.joined: dict[str, tuple[Piece, ...]] = {}
        self.heads: dict[str, tuple[Piece, ...]] = {}
        self.tails: dict[str, tuple[Piece, ...]] = {}
        for alias in aliases["alias"].to_list():
            words = normalize(alias).split()
            for word in words:
                if len(word) >= _GLUED_SIDE and word.isalpha():
                    self.heads.setdefault(self._key(word), self._word_pieces(word))
                    if len(words) == 1:
                        self.tails.setdefault(self._key(word), self._word_pieces(word))
            for spelled in joined_aliases(alias):
                for word in normalize(spelled).split():
                    if word not in words:
                        self.joined.setdefault(self._key(word), self._joined_pieces(word, words))
        self.heads.update(self.joined)
        self._memo: dict[str, tuple[str, tuple[Piece, ...]] | None] = {}

    @staticmethod
    def _key(word: str) -> str:
        return word.replace("ة", "ه")

    def _word_pieces(self, word: str) -> tuple[Piece, ...]:
        """The pieces of one normalized word, as the matcher cuts it."""
        pieces = self.splitter.pieces(word)
        if not pieces:
            return ((0, len(word), self._key(word), None),)
        return tuple((s, e, self._key(n), c or None) for s, e, n, c in pieces)

    def _joined_pieces(self, joined: str, words: list[str]) -> tuple[Piece, ...]:
        """The pieces of a word that is alias words run together (in ``words``, in order)."""
        out: list[Piece] = []
        at, i = 0, 0
        while at < len(joined):
            while i < len(words) and not joined.startswith(words[i], at):
                i += 1
            word = words[i]
            out += _shift(self._word_pieces(word), at)
            at, i = at + len(word), i + 1
        return tuple(out)

    def respell(self, word: str) -> tuple[Piece, ...] | None:
        """The pieces of a normalized word read as a respelled alias word, or ``None``.

        Pieces are ``(start, end, norm, clitic)`` in the word (``clitic`` is ``"conj"``,
        ``"prep"``, ``"article"`` or ``None``); the ``norm`` of a stem is the alias's key
        piece (ة read as ه), so that it matches the alias.
        """
        found = self.respelling(word)
        return None if found is None else found[1]

    def respelling(self, word: str) -> tuple[str, tuple[Piece, ...]] | None:
        """How a normalized word is respelled: ``(kind, pieces)`` with kind ``joined`` (a
        lost space inside a name), ``glued`` (two names glued by و), ``substitution`` (one
        letter substituted) or ``typo`` (another edit), the pieces as :meth:`respell` gives
        them; ``None`` when it is not."""
        found = self._memo.get(word, False)
        if found is False:
            found = self._memo[word] = self._respell(word)
        return found

    def _respell(self, word: str):
        key = self._key(word)
        if len(key) < SHORTEST:
            return None
        cuts = prefixes(key)
        if any(rest in self.stems or rest in self.names for _, _, rest in cuts):
            return None  # an exact stem or a name: the matcher's, not a respelling
        frequency = self.zipf(word)
        if frequency < KNOWN_JOINED:
            found = self._lost_space(key, cuts)
            if found is not None:
                return "joined", found
        if frequency >= KNOWN_WORD:
            return None
        found = self._glued(key, cuts)
        if found is not None:
            return "glued", found
        found = self._typo(word, cuts)
        return None if found is None else found

    @staticmethod
    def _front(clitics: str) -> list[Piece]:
        return [
            (i, i + 1, letter, "conj" if letter in "وف" else "prep")
            for i, letter in enumerate(clitics)
        ]

    def _lost_space(self, key: str, cuts) -> tuple[Piece, ...] | None:
        for clitics, article, rest in cuts:
            if article == "ل":  # للولاياتالمتحدة: the ل stands for the article
                pieces = self.joined.get("ال" + rest)
                if pieces and pieces[0][2] == "ال":
                    shifted = [(0, 1, "ال", "article"), *_shift(pieces[1:], -1)]
                    return tuple(self._front(clitics) + _shift(shifted, len(clitics)))
            elif not article:
                pieces = self.joined.get(rest)
                if pieces:
                    return tuple(self._front(clitics) + _shift(pieces, len(clitics)))
        return None

    def _glued(self, key: str, cuts) -> tuple[Piece, ...] | None:
        for clitics, article, rest in cuts:
            if article or len(clitics) > 1:
                continue
            for at in range(_GLUED_SIDE, len(rest) - _GLUED_SIDE):
                if rest[at] != "و":
                    continue
                head, tail = self.heads.get(rest[:at]), self.tails.get(rest[at + 1 :])
                if head and tail:
                    glue = [(at, at + 1, "و", "conj")]
                    pieces = [*head, *glue, *_shift(tail, at + 1)]
                    return tuple(self._front(clitics) + _shift(pieces, len(clitics)))
        return None

    def _typo(self, word: str, cuts) -> tuple[Piece, ...] | None:
        for clitics, article, rest in cuts:
            if len(rest) not in self.lengths:
                continue
            written = word[len(clitics) + len(article) :]
            if self.zipf(("ال" if article else "") + written) >= KNOWN_WORD:
                continue  # a word of its own once its clitics are set aside
            chosen = self._closest(rest, bool(article))
            if chosen is None:
                continue
            edit = one_edit(chosen, rest)
            kind = "substitution" if edit and edit[0] == "substitute" else "typo"
            pieces = self._front(clitics)
            at = len(clitics)
            if article:
                pieces.append((at, at + len(article), "ال", "article"))
                at += len(article)
            pieces.append((at, len(word), chosen, None))
            return kind, tuple(pieces)
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
    the words that :meth:`SpellingIndex.respelling` respells cut into the pieces it gives, and a
    column ``respelled`` with the kind of respelling of those pieces (``typo``, ``joined``,
    ``glued``; null for the others; the ``word`` columns are dropped)."""
    long = pl.col("word_end") - pl.col("word_start") >= SHORTEST
    candidates = (
        pieces.filter((pl.col("kind") == "word") & long)
        .unique("word", keep="first", maintain_order=True)
        .select("article_id", "sentence_id", "word", "word_start", "word_end")
    )
    plain = pieces.drop("word", "word_start", "word_end").with_columns(
        respelled=pl.lit(None, dtype=pl.String)
    )
    if candidates.is_empty():
        return plain
    texts = dict(articles.select("article_id", "text").iter_rows())
    rows, respelled = [], []
    for article, sentence, word, start, end in candidates.iter_rows():
        written = texts[article][start:end]
        found = index.respelling(normalize(written))
        if found is None:
            continue
        kind, found = found
        respelled.append(word)
        _, at = normalize_with_map(written)
        glued = False
        for p_start, p_end, norm, clitic in found:
            if clitic in ("conj", "prep"):
                glued = True
                continue
            lo, hi = at[p_start], at[p_end]
            piece = written[lo:hi]
            rows.append(
                (article, sentence, start + lo, start + hi, piece, norm, clitic, glued, kind)
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
        "glued": pl.Boolean,
        "respelled": pl.String,
    }
    added = pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        key=pl.col("norm"), kind=pl.lit("word"), is_stopword=pl.lit(False)
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


def respelled_matches(pieces: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """The alias matches (``row``, ``n``, ``entity_id``, ``method`` …) of a respelled stream
    with ``method="spelling"`` where they read a respelled word, and without the matches that
    rest on a typo alone: a typo counts inside an alias whose other words are written right
    (ينس ستولتنرغ), or, unless it substitutes a letter (a substituted letter makes other
    names and words far more often than a dropped, doubled or transposed one), where the same
    entity is also found without a typo in the article (ماكنيزي after ماكينزي)."""
    if found.is_empty():
        return found
    kind = pieces["respelled"]
    plain = (kind.is_null() & (pieces["clitic"].fill_null("") != "article")).cast(pl.Int64)
    counts = {
        "_any": kind.is_not_null().cast(pl.Int64),
        "_typo": kind.is_in(["typo", "substitution"]).fill_null(False).cast(pl.Int64),
        "_substituted": (kind == "substitution").fill_null(False).cast(pl.Int64),
        "_plain": plain,
    }
    first = found["row"].cast(pl.Int64)
    last = first + found["n"].cast(pl.Int64) - 1
    columns = {}
    for name, flags in counts.items():
        seen = flags.cum_sum()
        columns[name] = seen.gather(last) - seen.gather(first) + flags.gather(first)
    found = found.with_columns(
        _article=pieces["article_id"].gather(first), **{k: v for k, v in columns.items()}
    )
    written = found.filter(pl.col("_typo") == 0).select("_article", "entity_id").unique()
    sure = found.join(
        written.with_columns(_named=pl.lit(True)), on=["_article", "entity_id"], how="left"
    )
    named = pl.col("_named").fill_null(False) & (pl.col("_substituted") == 0)
    keep = (pl.col("_typo") == 0) | (pl.col("_plain") > 0) | named
    return (
        sure.filter(keep)
        .with_columns(
            method=pl.when(pl.col("_any") > 0).then(pl.lit("spelling")).otherwise("method")
        )
        .drop("_article", "_any", "_typo", "_substituted", "_plain", "_named")
        .sort("row")
    )
