"""Named entities: gazetteer matching with clitic-aware boundaries, title patterns, frequency.

How a mention is found
----------------------
Articles are tokenized with clitics split off (:func:`toolkit.tokenize` with ``clitics=True``);
conjunctions and prepositions (و ف ب ك ل) are set aside, the article ال stays. Every alias in
the lexicon goes through exactly the same steps, so ``للناتو`` (ل + ال + ناتو) matches the alias
``الناتو`` (ال + ناتو), while ``إيران`` never matches inside ``الإيراني`` (ال + إيراني) and
``العراق`` never inside ``العراقية``: a match always covers whole pieces. Matching is
insensitive to diacritics, tatweel, alef forms, ى/ي and ة/ه.

**Longest match wins**: ``الحكومة العراقية`` is one mention, not ``العراق`` inside it; when
two matches overlap, the one that starts first (and, at the same start, the longer) is kept.

**Nested names**: the lexicon has no entries for "the administration of X"; in
``إدارة جو بايدن`` the mention is ``جو بايدن`` (Joe Biden, PERSON), whose party,
``us_administration``, carries the administration. So ``بايدن``, ``جو بايدن`` and
``إدارة بايدن`` all count toward Biden and toward the US administration.

Offsets point into the original text; in the ``لل`` form the mention starts at the stem
(``للناتو`` gives the surface ``ناتو``), elsewhere at the article (``والعراق`` gives ``العراق``).

Two paths, one result
---------------------
The rules above are written once, on the clitic token stream (:func:`_extract_entities_reference`,
the reference). :func:`extract_entities` computes the same frame without building that stream:
the text becomes arrays of code points, only the words whose suffix is an alias piece are split
by the tokenizer's own clitic rule, and aliases are followed piece by piece through a trie (see
"The fast path" below). Articles it cannot reproduce exactly (presentation forms such as ﻻ,
combining marks that normalization keeps, a diacritic or tatweel right after a digit, tatweel
opening a word) and lexicons it cannot express (an alias ending in a lone ال) go to the
reference. ``tests/test_entities_fast.py`` checks that both give the same frame.
"""

from __future__ import annotations

import itertools
import os
import threading
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import polars as pl

from toolkit.arabic import normalization_map, normalize_expr, sentence_spans, with_groups
from toolkit.arabic.charsets import DIACRITICS, MARKS, TATWEEL
from toolkit.lexicons import clitic_splitter, load_entities, stopwords
from toolkit.text import token_spans

__all__ = [
    "MENTION_SCHEMA",
    "TITLE_PATTERNS",
    "entity_cooccurrence",
    "entity_frequency",
    "extract_entities",
]

MENTION_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "entity": pl.String,
    "name_en": pl.String,
    "name_ar": pl.String,
    "label": pl.String,
    "party": pl.String,
    "method": pl.String,
}

#: Titles after which an unknown name is proposed as a PERSON (``method="pattern"``).
TITLE_PATTERNS = (
    "الرئيس",
    "رئيس الوزراء",
    "رئيس الحكومة",
    "رئيس البرلمان",
    "رئيس مجلس النواب",
    "وزير الخارجية",
    "وزير الدفاع",
    "وزير الداخلية",
    "وزيرة الخارجية",
    "الأمين العام للناتو",
    "الأمين العام للحلف",
    "الأمين العام",
    "الجنرال",
    "اللواء",
    "العميد",
    "زعيم",
    "النائب",
    "السفير",
    "السفيرة",
    "المبعوث",
    "المتحدث باسم",
    "المتحدثة باسم",
)


def _key(expr: pl.Expr) -> pl.Expr:
    """The matching key of a piece: normalized, and ة read as ه."""
    return expr.str.replace_all("ة", "ه", literal=True)


def _stream(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The pieces that names are matched on: tokens with و ف ب ك ل set aside, and so are
    tokens that normalize to nothing (a direction mark or a joiner between two words)."""
    return (
        token_spans(df.lazy().select("article_id", "text"), clitics=True)
        .filter(pl.col("clitic").is_null() | (pl.col("clitic") == "article"))
        .with_columns(key=_key(pl.col("norm")))
        .filter(pl.col("key") != "")
        .collect()
    )


def _phrase_keys(phrases: Iterable[str]) -> list[str]:
    """Key sequences of lexicon phrases, split exactly as article text is."""
    phrases = list(phrases)
    frame = pl.DataFrame({"article_id": [str(i) for i in range(len(phrases))], "text": phrases})
    keys = (
        _stream(frame)
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("key").str.join(" "))
        .with_columns(pl.col("article_id").cast(pl.Int64))
        .sort("article_id")
    )
    out = [""] * len(phrases)
    for index, key in keys.iter_rows():
        out[index] = key
    return out


@cache
def _alias_table_cached(path: str | None) -> pl.DataFrame:
    return _alias_table(load_entities(path))


def _alias_table(lexicon: pl.DataFrame) -> pl.DataFrame:
    aliases = lexicon.select("entity_id", pl.col("aliases").alias("alias")).explode("alias")
    keys = _phrase_keys(aliases["alias"])
    return (
        aliases.with_columns(key=pl.Series(keys, dtype=pl.String))
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .join(
            lexicon.select(pl.col("entity_id"), "name_en", "name_ar", "label", "party"),
            on="entity_id",
        )
    )


def _resolve_lexicon(lexicon) -> tuple[pl.DataFrame, pl.DataFrame]:
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        path = None if lexicon is None else str(lexicon)
        return load_entities(path), _alias_table_cached(path)
    return lexicon, _alias_table(lexicon)


def _match(stream: pl.DataFrame, phrases: pl.DataFrame) -> pl.DataFrame:
    """Rows of ``stream`` where a phrase (``key`` with ``n`` pieces) starts; longest wins.

    Candidates grow one piece at a time and are dropped as soon as what they have read is no
    phrase's beginning, so long phrases cost little. Returns ``row`` (index into the stream),
    ``n`` and the phrase's other columns, with overlapping matches resolved: the earliest start
    wins, and the longest at the same start.
    """
    keys, articles = stream["key"], stream["article_id"]
    pieces = phrases["key"].str.split(" ")
    longest = int(phrases["n"].max() or 0)
    found = []
    rows = pl.Series("row", range(len(keys)), dtype=pl.Int64)
    gram = keys
    for n in range(1, longest + 1):
        if n > 1:
            nxt = rows + (n - 1)
            keep = (nxt < len(keys)).to_numpy()
            rows, gram, nxt = rows.filter(keep), gram.filter(keep), nxt.filter(keep)
            same = (articles.gather(nxt) == articles.gather(rows)).to_numpy()
            rows, gram, nxt = rows.filter(same), gram.filter(same), nxt.filter(same)
            gram = gram + " " + keys.gather(nxt)
        prefixes = pieces.filter(pieces.list.len() >= n).list.head(n).list.join(" ").unique()
        alive = gram.is_in(prefixes.implode()).to_numpy()
        rows, gram = rows.filter(alive), gram.filter(alive)
        if rows.is_empty():
            break
        wanted = phrases.filter(pl.col("n") == n)
        if wanted.height:
            found.append(pl.DataFrame({"row": rows, "key": gram}).join(wanted, on="key"))
    if not found:
        return pl.DataFrame(schema={"row": pl.Int64, "n": pl.Int64, **dict(phrases.schema)})
    matches = (
        pl.concat(found, how="vertical_relaxed")
        .sort(["row", "n"], descending=[False, True])
        .unique("row", keep="first", maintain_order=True)
        .with_columns(stop=pl.col("row") + pl.col("n"))
    )
    reach = matches["stop"].cum_max().shift(1).fill_null(-1)
    return matches.filter(pl.col("row") >= reach).drop("stop")


def _spans(stream: pl.DataFrame, matches: pl.DataFrame) -> pl.DataFrame:
    """Offsets of matches: from the first piece (the stem after a لل) to the last piece."""
    first = matches["row"].cast(pl.Int64)
    last = first + matches["n"].cast(pl.Int64) - 1
    # The article of لل is one letter (ل, perhaps as a presentation form or with a mark).
    one_letter = stream["token"].gather(first).str.count_matches(r"\p{Lo}") == 1
    lil = ((stream["clitic"].gather(first) == "article") & one_letter).fill_null(False)
    start_row = first + lil.cast(pl.Int64)
    return matches.with_columns(
        article_id=stream["article_id"].gather(first),
        sentence_id=stream["sentence_id"].gather(first).cast(pl.Int64),
        start=stream["start"].gather(start_row).cast(pl.Int64),
        end=stream["end"].gather(last).cast(pl.Int64),
    )


@cache
def _title_table() -> pl.DataFrame:
    keys = _phrase_keys(TITLE_PATTERNS)
    return (
        pl.DataFrame({"title": TITLE_PATTERNS, "key": keys})
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .unique("key", maintain_order=True)
    )


def _is_nisba(key: str) -> bool:
    return key.endswith(("ي", "يه", "يين", "يون"))


_WINDOW = 13  # pieces read after a title: up to 3 modifiers (ال + word) and 3 name words


def _pattern_mentions(stream: pl.DataFrame, matches: pl.DataFrame) -> list[dict]:
    """Propose PERSON names that follow a title and are not in the lexicon.

    Only the few pieces after each title are read (in Python); ``matches`` are the lexicon
    matches, whose pieces are never part of a proposed name.
    """
    titles = _match(stream, _title_table())
    if titles.is_empty():
        return []
    size = stream.height
    taken = np.zeros(size + 1, dtype=bool)
    if matches.height:
        lengths = matches["n"].cast(pl.Int64).to_numpy()
        starts = np.repeat(matches["row"].cast(pl.Int64).to_numpy(), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        taken[starts + offsets] = True
    first = (titles["row"] + titles["n"]).cast(pl.Int64).to_numpy()
    anchor = stream["article_id"].gather(titles["row"]).to_list()
    return _propose(stream, taken, first, anchor)


def _propose(
    stream: pl.DataFrame, taken: np.ndarray, first: np.ndarray, anchor: list
) -> list[dict]:
    """The names after titles: ``first`` is the stream row after each title, ``anchor`` the
    title's article, ``taken`` marks the rows inside lexicon matches."""
    size = stream.height
    if size == 0 or len(first) == 0:
        return []
    index = np.minimum(first[:, None] + np.arange(_WINDOW)[None, :], size - 1).ravel()
    gathered = pl.Series(index)
    window = {
        name: stream[name].gather(gathered).to_list()
        for name in ("key", "clitic", "kind", "article_id")
    }
    window["taken"] = taken[index].tolist()
    window["index"] = index.tolist()
    stop = stopwords()
    out = []
    for t, start in enumerate(first.tolist()):
        base = t * _WINDOW

        def ok(j, t=t, start=start, base=base):
            return j < _WINDOW and start + j < size and window["article_id"][base + j] == anchor[t]

        def at(name, j, base=base):
            return window[name][base + j]

        j = 0
        # Skip the title's own modifiers (ال + noun or nisba: الإيراني البارز).
        while j < 6 and ok(j + 1) and at("clitic", j) == "article" and not at("taken", j):
            j += 2
        name = []
        while (
            ok(j)
            and len(name) < 3
            and not at("taken", j)
            and at("kind", j) == "word"
            and at("key", j) not in stop
        ):
            if at("clitic", j) == "article":
                if not name or not ok(j + 1) or at("taken", j + 1) or _is_nisba(at("key", j + 1)):
                    break
                name.append((j, j + 1))
                j += 2
                continue
            name.append((j, j))
            j += 1
        if not name or (len(name) == 1 and len(at("key", name[0][1])) < 3):
            continue
        out.append({"row": start + name[0][0], "n": name[-1][1] - name[0][0] + 1})
    return out


def _surfaces(articles: pl.DataFrame, spans: pl.DataFrame) -> pl.Series:
    """``text[start:end]`` of each span, sliced in Python: a polars ``str.slice`` counts the
    characters from the start of the text, which is quadratic on a long article."""
    texts = dict(articles.select("article_id", "text").iter_rows())
    rows = spans.select("article_id", "start", "end").iter_rows()
    return pl.Series([texts[a][s:e] for a, s, e in rows], dtype=pl.String)


# --------------------------------------------------------------------------------------------
# The fast path: the same mentions without a frame of clitic pieces
# --------------------------------------------------------------------------------------------
#
# Articles are joined into one array of code points per chunk of about 2 million characters
# (numpy; chunks run on two threads). Diacritics, tatweel and zero-width or directional marks
# are removed (every kept character remembers its offset in the text) and letters are
# normalized one to one. Tokens are the runs of letters, the numbers and the single other
# characters, exactly as the tokenizer cuts them. A token can only take part in a match if one
# of its suffixes (after a prefix the clitic rule can cut: و ف, ب ك ل, ال or the ل of لل) is a
# piece of some alias or title: those suffixes are found by hashing (64-bit polynomial hashes;
# ة and ه spellings of a piece are all hashed), and only the distinct candidate words are split
# with the tokenizer's own rule (``_clitic_split``, cached across calls). The stream the
# reference matches on is then numbered 2 * token (the article piece, when there is one) and
# 2 * token + 1 (the stem), a piece reading ال has code 0 (an article or a lone آل alike, as in
# the reference), and phrases are walked piece by piece through a trie, with the reference's
# longest-match and overlap rules. Names after titles are read by the reference rule itself
# (``_propose``) on the few tokens after the titles where a name can start.
# Articles the fast path cannot reproduce exactly (presentation forms, marks that normalization
# keeps, a diacritic or tatweel after a digit, tatweel opening a word) go to the reference.

_WS, _LET, _DIG, _NSEP, _OTH, _REM, _BAD = range(7)
_WHITE_SPACE = frozenset((*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B)))
_WHITE_SPACE |= {0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
_PRIME = 1_000_003
_MASK64 = (1 << 64) - 1
_CHUNK = 2_000_000  # characters per chunk of articles
_THREADS = 2
_MAX_PREFIX = 4  # و + ب + ال


def _prefix_tables() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Letters that may start a clitic, their ids (1-6), and per length k the id shapes
    (base 8) of the prefixes the clitic rule can cut: [و ف] [ب ك ل] (ال, or ل after ل)."""
    letters = "وفبكلا"
    is_letter = np.zeros(0x110000, dtype=bool)
    ids = np.zeros(0x110000, dtype=np.int64)
    for n, ch in enumerate(letters, start=1):
        is_letter[ord(ch)] = True
        ids[ord(ch)] = n
    shapes = [np.zeros(1, dtype=bool)] + [
        np.zeros(8**k, dtype=bool) for k in range(1, _MAX_PREFIX + 1)
    ]
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for art in ("", "ال", *(("ل",) if prep == "ل" else ())):
                prefix = conj + prep + art
                if prefix:
                    code = 0
                    for ch in prefix:
                        code = code * 8 + letters.index(ch) + 1
                    shapes[len(prefix)][code] = True
    return is_letter, ids, shapes


_PREFIX_LETTER, _PREFIX_LETTER_ID, _PREFIX_SHAPES = _prefix_tables()
# Arabic letters U+0621-U+064A as 1-42, everything else 0 (for the stem filter).
_LETTER_ID = np.zeros(0x110000, dtype=np.uint8)
_LETTER_ID[0x0621:0x064B] = np.arange(1, 43, dtype=np.uint8)
_PREFIX_OF_LETTER = np.zeros(64, dtype=np.int64)  # letter id -> prefix letter id (0 for none)
for _ch in "وفبكلا":
    _PREFIX_OF_LETTER[_LETTER_ID[ord(_ch)]] = _PREFIX_LETTER_ID[ord(_ch)]


class _Chars:
    """Lookup tables over code points, filled for the code points met so far."""

    def __init__(self) -> None:
        size = 0x110000
        self.known = np.zeros(size, dtype=bool)
        self.cls = np.zeros(size, dtype=np.uint8)
        self.code = np.zeros(size, dtype=np.uint32)
        self.hamza = np.zeros(size, dtype=bool)
        removed = {*DIACRITICS, TATWEEL, *MARKS}
        self.removed = removed
        self._fill(np.arange(0x10000))

    def fill(self, cp: np.ndarray) -> None:
        if not len(cp) or cp.max() <= 0xFFFF:  # the whole BMP is filled at the start
            return
        unknown = cp[~self.known[cp]]
        if not len(unknown):
            return
        with _LOCK:
            self._fill(np.unique(unknown))

    def _fill(self, new: np.ndarray) -> None:
        table = normalization_map()
        for c in new.tolist():
            ch = chr(c)
            cat = unicodedata.category(ch)
            out = table.get(ch, ch)
            if ch in self.removed:
                cls = _REM if cat in ("Mn", "Mc", "Me", "Cf") or ch == TATWEEL else _BAD
            elif 0xFB50 <= c <= 0xFDFF or 0xFE70 <= c <= 0xFEFF or len(out) != 1:
                cls = _BAD
            elif cat[0] == "M" or cat in ("Cf", "Cn"):
                cls = _BAD  # Cn: unassigned here, perhaps a letter for the regex engine
            elif c in _WHITE_SPACE:
                cls = _WS
            elif cat[0] == "L":
                cls = _LET
            elif cat == "Nd":
                cls = _DIG
            elif ch in ".,٫٬":
                cls = _NSEP
            else:
                cls = _OTH
            self.cls[c] = cls
            self.code[c] = ord(out) if len(out) == 1 else 0
            self.hamza[c] = ch in "أإآ"
            self.known[c] = True


@cache
def _chars() -> _Chars:
    return _Chars()


_POWERS: list[np.ndarray] = []


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``P**i`` and ``P**-i`` modulo 2**64 for ``i <= size``."""
    if not _POWERS or len(_POWERS[0]) <= size:
        n = max(size + 1, _CHUNK + 1)
        inverse = pow(_PRIME, -1, 1 << 64)
        up = np.full(n, _PRIME, dtype=np.uint64)
        up[0] = 1
        down = np.full(n, inverse, dtype=np.uint64)
        down[0] = 1
        _POWERS[:] = [np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)]
    return _POWERS[0], _POWERS[1]


def _hash_str(text: str) -> int:
    h, p = 0, 1
    for ch in text:
        h = (h + ord(ch) * p) & _MASK64
        p = (p * _PRIME) & _MASK64
    return h


def _slot(h: np.ndarray, bits: int) -> np.ndarray:
    return ((h * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)).astype(np.int64)


class _Matcher:
    """Groups of phrases (aliases, titles) as sequences of piece codes: one stem table for all
    and a trie per group.

    A piece reading ال (an article, or a lone آل) has code 0, any other piece its stem id + 1.
    """

    def __init__(self, groups: list[list[str]]) -> None:
        stems: dict[str, int] = {}
        groups_pieces = [[key.split(" ") for key in keys] for keys in groups]
        for sequences in groups_pieces:
            for pieces in sequences:
                for piece in pieces:
                    if piece != "ال":
                        stems.setdefault(piece, len(stems))
        self.stems = stems
        # Keys read ة as ه; the text keeps ة (the clitic rule needs it): hash every spelling.
        hashes, ids = [], []
        for stem, sid in stems.items():
            for form in _spellings(stem):
                hashes.append(_hash_str(form))
                ids.append(sid)
        hashes_np = np.array(hashes, dtype=np.uint64)
        ids_np = np.array(ids, dtype=np.int64)
        bits = 12
        while True:
            slots = _slot(hashes_np, bits)
            if len(np.unique(slots)) == len(slots) or bits >= 26:
                break
            bits += 1
        self.bits = bits
        self.slot_hash = np.zeros(1 << bits, dtype=np.uint64)
        self.slot_id = np.full(1 << bits, -1, dtype=np.int64)
        order = np.argsort(slots, kind="stable")
        slots, hashes_np, ids_np = slots[order], hashes_np[order], ids_np[order]
        unique = np.r_[True, slots[1:] != slots[:-1]]
        self.slot_hash[slots[unique]] = hashes_np[unique]
        self.slot_id[slots[unique]] = ids_np[unique]
        # Colliding slots (very rare): those hashes are looked up exactly in a sorted array.
        self.extra_hash = hashes_np[~unique]
        self.extra_id = ids_np[~unique]
        extra = np.argsort(self.extra_hash)
        self.extra_hash, self.extra_id = self.extra_hash[extra], self.extra_id[extra]
        # A quick filter before hashing: (first, second, last letter) and length.
        longest = max((len(s) for s in stems), default=0)
        lengths = np.zeros(longest + 2, dtype=bool)
        shapes = np.zeros(64**3, dtype=bool)
        for stem in stems:
            lengths[len(stem)] = True
            for form in _spellings(stem):
                ends = (form[0], form[min(1, len(form) - 1)], form[-1])
                ids = [int(_LETTER_ID[ord(ch)]) for ch in ends]
                shapes[(ids[0] * 64 + ids[1]) * 64 + ids[2]] = True
        self.lengths, self.shapes = lengths, shapes
        # A trie per group: node * codes + code -> child.
        self.codes = len(stems) + 1
        self.tries = [self._trie(sequences) for sequences in groups_pieces]

    def _trie(self, sequences: list[list[str]]) -> tuple:
        edges: dict[int, int] = {}
        terminal = [-1]
        for index, pieces in enumerate(sequences):
            node = 0
            for piece in pieces:
                edge = node * self.codes + (0 if piece == "ال" else self.stems[piece] + 1)
                if edge not in edges:
                    edges[edge] = len(terminal)
                    terminal.append(-1)
                node = edges[edge]
            terminal[node] = index
        keys_sorted = sorted(edges)
        dense = None
        if len(terminal) * self.codes <= 20_000_000:
            dense = np.full(len(terminal) * self.codes, -1, dtype=np.int32)
            dense[keys_sorted] = [edges[k] for k in keys_sorted]
        return (
            np.array(keys_sorted, dtype=np.int64),
            np.array([edges[k] for k in keys_sorted], dtype=np.int64),
            np.array(terminal, dtype=np.int64),
            dense,
        )

    def lookup(self, h: np.ndarray) -> np.ndarray:
        """Stem ids of hashes (-1 when no stem has that hash)."""
        slots = _slot(h, self.bits)
        found = self.slot_id[slots]
        found = np.where(self.slot_hash[slots] == h, found, -1)
        if len(self.extra_hash):
            at = np.minimum(np.searchsorted(self.extra_hash, h), len(self.extra_hash) - 1)
            found = np.where((found < 0) & (self.extra_hash[at] == h), self.extra_id[at], found)
        return found

    def step(self, trie: int, node: np.ndarray, code: np.ndarray) -> np.ndarray:
        """Children of ``node`` along ``code`` in a group's trie (-1 when there is none)."""
        edge_key, edge_child, _, dense = self.tries[trie]
        if not len(edge_key):
            return np.full(len(node), -1, dtype=np.int64)
        query = node * self.codes + code
        if dense is not None:
            return dense[query].astype(np.int64)
        at = np.minimum(np.searchsorted(edge_key, query), len(edge_key) - 1)
        return np.where(edge_key[at] == query, edge_child[at], -1)


@cache
def _matcher_for(*groups: tuple[str, ...]) -> _Matcher | None:
    """``None`` when a phrase ends with (or is) a piece reading ال: a match could then end
    inside a word, which the fast path does not follow."""
    for keys in groups:
        if any(not key or key == "ال" or key.endswith(" ال") for key in keys):
            return None
        if any(piece.count("ه") > 6 for key in keys for piece in key.split(" ")):
            return None  # too many spellings to hash
    return _Matcher([list(keys) for keys in groups])


def _matcher(aliases: pl.DataFrame, patterns: bool) -> _Matcher | None:
    """The matcher of the aliases (group 0) and, with ``patterns``, of the titles (group 1)."""
    groups = [tuple(aliases["key"].to_list())]
    if patterns:
        groups.append(tuple(_title_table()["key"].to_list()))
    return _matcher_for(*groups)


class _HashSet:
    def __init__(self, hashes: list[int]) -> None:
        self.hashes = np.unique(np.array(hashes, dtype=np.uint64))

    def contains(self, h: np.ndarray) -> np.ndarray:
        if not len(self.hashes):
            return np.zeros(len(h), dtype=bool)
        at = np.minimum(np.searchsorted(self.hashes, h), len(self.hashes) - 1)
        return self.hashes[at] == h


def _spellings(key: str) -> list[str]:
    """The spellings a key (ة read as ه) can have in normalized text: each ه may be a ة."""
    spots = [i for i, ch in enumerate(key) if ch == "ه"][:6]
    out = []
    for mask in range(1 << len(spots)):
        chars = list(key)
        for bit, i in enumerate(spots):
            if mask >> bit & 1:
                chars[i] = "ة"
        out.append("".join(chars))
    return out


@cache
def _stop_hashes() -> _HashSet:
    """Hashes of the text spellings whose key is a stopword (a stopword with ة is no key)."""
    words = [w for w in stopwords() if "ة" not in w]
    return _HashSet([_hash_str(form) for w in words for form in _spellings(w)])


class _Splits:
    """The clitic splits met so far, by word identity (a hash of the normalized word, its
    length and the hamzas the rule looks at), packed as stem | article << 8 | length << 16."""

    def __init__(self) -> None:
        # One tuple, replaced whole, so that threads never read mismatched arrays.
        self.table = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))

    def find(self, ident: np.ndarray) -> np.ndarray:
        known, value = self.table
        if not len(known):
            return np.full(len(ident), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(known, ident), len(known) - 1)
        return np.where(known[at] == ident, value[at], -1)

    def add(self, ident: np.ndarray, value: np.ndarray) -> None:
        with _LOCK:
            known, known_value = self.table
            ident, value = np.r_[known, ident], np.r_[known_value, value]
            order = np.argsort(ident, kind="stable")
            ident, value = ident[order], value[order]
            keep = np.r_[True, ident[1:] != ident[:-1]]
            self.table = (ident[keep], value[keep])


_SPLITS = _Splits()
_LOCK = threading.Lock()


class _Chunk:
    """One chunk of articles as arrays: kept characters, tokens, their splits."""

    def __init__(self, texts: list[str], chars: _Chars) -> None:
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        self.lengths = lengths
        self.offset = np.zeros(len(texts) + 1, dtype=np.int64)
        self.offset[1:] = np.cumsum(lengths + 1)
        joined = "\x00".join(texts) + "\x00"
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        chars.fill(cp)
        self.bad = np.zeros(len(texts), dtype=bool)
        kind = chars.cls[cp]
        if kind.max(initial=0) >= _BAD:
            self._mark(np.flatnonzero(kind == _BAD))
        keep = kind != _REM
        orig = np.flatnonzero(keep)
        removed = np.flatnonzero(~keep) if len(orig) < len(cp) else orig[:0]
        if len(removed):
            before = kind[np.maximum(removed - 1, 0)]
            after_number = (removed > 0) & ((before == _DIG) | (before == _NSEP))
            self._mark(removed[after_number])
            tatweel = removed[cp[removed] == 0x0640]
            previous = np.searchsorted(orig, tatweel) - 1
            opens = (previous < 0) | (kind[orig[np.maximum(previous, 0)]] != _LET)
            self._mark(tatweel[opens])
        self.cp, self.orig = cp, orig
        c = kind[orig]
        code = chars.code[cp[orig]]
        self.code = code
        size = len(orig)
        # Tokens: runs of letters, numbers (digits joined by one separator), single others.
        is_let = c == _LET
        is_num = c == _DIG
        if size > 2:
            joins = (c[1:-1] == _NSEP) & is_num[:-2] & is_num[2:]
            is_num[1:-1] |= joins
        starts = (c >= _NSEP) & ~is_num
        ends = starts.copy()
        if size:
            starts[0] |= is_let[0] | is_num[0]
            ends[-1] |= is_let[-1] | is_num[-1]
        starts[1:] |= (is_let[1:] & ~is_let[:-1]) | (is_num[1:] & ~is_num[:-1])
        ends[:-1] |= (is_let[:-1] & ~is_let[1:]) | (is_num[:-1] & ~is_num[1:])
        self.ts = ts = np.flatnonzero(starts)
        self.te = te = np.flatnonzero(ends) + 1
        self.word = is_let[ts]
        # Every article ends with its separator token, so article i owns tokens from the first
        # at or after its offset.
        firsts = np.searchsorted(orig[ts], self.offset[:-1])
        counts = np.diff(np.r_[firsts, len(ts)])
        self.article = np.repeat(np.arange(len(texts)), counts)
        self.last_token = np.r_[firsts[1:], len(ts)] - 1
        up, down = _powers(size)
        self.down = down
        prefix = np.zeros(size + 1, dtype=np.uint64)
        np.cumsum(code.astype(np.uint64) * up[:size], out=prefix[1:])
        self.prefix = prefix
        self.length = length = te - ts
        first = code[ts]
        self.letter = _LETTER_ID[code]
        self.last_letter = self.letter[te - 1].astype(np.int64)
        lone_al = self.word & (length == 2) & (first == ord("ا"))
        lone_al[lone_al] = code[ts[lone_al] + 1] == ord("ل")
        self.lone_al = lone_al
        self.prefixed = self.word & _PREFIX_LETTER[first]
        tokens = len(ts)
        self.stem_k = np.zeros(tokens, dtype=np.int64)
        self.art_k = np.zeros(tokens, dtype=np.int64)
        self.art_len = np.zeros(tokens, dtype=np.int64)
        self.has_art = np.zeros(tokens, dtype=bool)
        self._shapes: list[np.ndarray] | None = None

    def shapes(self) -> list[np.ndarray]:
        """For k = 1..4, the words whose first k letters can be clitics (و ف، ب ك ل، ال)."""
        if self._shapes is None:
            prefixed = np.flatnonzero(self.prefixed)
            base, length = self.ts[prefixed], self.length[prefixed]
            top = len(self.letter) - 1
            self._shapes = []
            shape = np.zeros(len(prefixed), dtype=np.int64)
            for k in range(1, _MAX_PREFIX + 1):
                letter = self.letter[np.minimum(base + k - 1, top)]
                shape = shape * 8 + _PREFIX_OF_LETTER[letter]
                ok = _PREFIX_SHAPES[k][shape] & (length > k)
                self._shapes.append(prefixed[ok])
        return self._shapes

    def _mark(self, positions: np.ndarray) -> None:
        if len(positions):
            self.bad[np.searchsorted(self.offset, positions, side="right") - 1] = True

    def hash(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        return (self.prefix[end] - self.prefix[start]) * self.down[start]

    def hits(self, matcher: _Matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tokens, prefix lengths and stem ids of the token suffixes that are stems."""
        found_t, found_k, found_s = [], [], []
        top = len(matcher.lengths) - 1
        for k in range(_MAX_PREFIX + 1):
            idx = None if k == 0 else self.shapes()[k - 1]
            start = self.ts + k if idx is None else self.ts[idx] + k
            end = self.te if idx is None else self.te[idx]
            last = self.last_letter if idx is None else self.last_letter[idx]
            second = self.letter[np.minimum(start + 1, end - 1)]
            shape = (self.letter[start].astype(np.int64) * 64 + second) * 64 + last
            ok = matcher.shapes[shape] & matcher.lengths[np.minimum(end - start, top)]
            chosen = np.flatnonzero(ok)
            idx = chosen if idx is None else idx[chosen]
            start, end = start[chosen], end[chosen]
            stem = matcher.lookup(self.hash(start, end))
            hit = stem >= 0
            found_t.append(idx[hit])
            found_k.append(np.full(int(hit.sum()), k, dtype=np.int64))
            found_s.append(stem[hit])
        return np.concatenate(found_t), np.concatenate(found_k), np.concatenate(found_s)

    def split(self, tokens: np.ndarray) -> None:
        """The clitic split of the given tokens (only words that may carry a prefix)."""
        tokens = tokens[self.prefixed[tokens]]
        if not len(tokens):
            return
        start, end = self.ts[tokens], self.te[tokens]
        # The rule reads a hamza on the alef at letter 1 or 2 (بإيران، وبإيران), as
        # _split_word finds it: among the first 4 characters, or the first 6 when some of
        # them are diacritics, tatweel or marks.
        size = len(self.code)
        bits = [np.zeros(len(tokens), dtype=bool), np.zeros(len(tokens), dtype=bool)]
        alef = np.zeros(len(tokens), dtype=bool)
        for i in (1, 2):
            alef |= (start + i < end) & (self.code[np.minimum(start + i, size - 1)] == ord("ا"))
        some = np.flatnonzero(alef)
        if len(some):
            s0, e0 = start[some], end[some]
            o_start, o_end = self.orig[s0], self.orig[e0]
            last = len(self.cp) - 1
            hamza4 = np.zeros(len(some), dtype=bool)
            for j in range(4):
                at = o_start + j
                hamza4 |= (at < o_end) & self.cp_hamza(np.minimum(at, last))
            for n, i in enumerate((1, 2)):
                o_at = self.orig[np.minimum(s0 + i, size - 1)]
                near = (s0 + i < e0) & (o_at - o_start < 6)
                bits[n][some] = hamza4 & near & self.cp_hamza(o_at)
        ident = (
            self.hash(start, end)
            ^ ((end - start).astype(np.uint64) * np.uint64(0x100000001B3))
            ^ (bits[0].astype(np.uint64) << np.uint64(62))
            ^ (bits[1].astype(np.uint64) << np.uint64(61))
        )
        packed = _SPLITS.find(ident)
        missing = packed < 0
        if missing.any():
            unique, first = np.unique(ident[missing], return_index=True)
            rows = np.flatnonzero(missing)[first]
            values = []
            for rep in rows.tolist():
                s, e = int(start[rep]), int(end[rep])
                norm = self.code[s:e].tobytes().decode("utf-32-le")
                hamzas = frozenset(i for i, b in ((1, bits[0][rep]), (2, bits[1][rep])) if b)
                stem, a_k, a_len = 0, 0, 0
                pieces = clitic_splitter().pieces(norm, hamzas)
                if pieces:
                    stem = pieces[-1][0]
                    for p_start, p_end, _, clitic in pieces:
                        if clitic == "article":
                            a_k, a_len = p_start, p_end - p_start
                values.append(stem | a_k << 8 | a_len << 16)
            _SPLITS.add(unique, np.array(values, dtype=np.int64))
            packed = _SPLITS.find(ident)
        self.stem_k[tokens] = packed & 0xFF
        self.art_k[tokens] = packed >> 8 & 0xFF
        self.art_len[tokens] = packed >> 16
        self.has_art[tokens] = packed >> 16 > 0

    def cp_hamza(self, positions: np.ndarray) -> np.ndarray:
        return _chars().hamza[self.cp[positions]]

    def units(self, t: np.ndarray, k: np.ndarray, stem: np.ndarray) -> np.ndarray:
        """Per token, the code of its stem piece (0 for a lone ال, -1 for no phrase piece)."""
        code = np.full(len(self.ts), -1, dtype=np.int64)
        real = k == self.stem_k[t]
        code[t[real]] = stem[real] + 1
        code[self.lone_al] = 0
        return code

    def matches(self, matcher: _Matcher, code: np.ndarray, trie: int) -> tuple[np.ndarray, ...]:
        """Longest, non-overlapping matches as first token, first piece (0 the article, 1 the
        stem), last token and phrase. Pieces are numbered 2 * token + (0 or 1), as rows of the
        reference stream would be (a token without article simply has no even piece)."""
        tokens = len(self.ts)
        begin = np.flatnonzero(code >= 0)
        art = begin[self.has_art[begin]]
        # A piece p is 2 * token + 1 for a stem, 2 * token for an article.
        piece = np.r_[2 * art, 2 * begin + 1]
        first = np.r_[np.zeros(len(art), dtype=np.int64), code[begin]]
        terminal = matcher.tries[trie][2]
        node = matcher.step(trie, np.zeros(len(piece), dtype=np.int64), first)
        alive = node >= 0
        start, piece, node = piece[alive], piece[alive], node[alive]
        found = []
        has_art = self.has_art
        article = self.article
        while len(start):
            phrase = terminal[node]
            hit = phrase >= 0
            if hit.any():
                found.append((start[hit], piece[hit], phrase[hit]))
            # The next piece: the stem after an article, else the next token's first piece.
            stem = piece & 1
            token = piece >> 1
            nxt = token + stem
            ok = nxt < tokens
            start, piece, node, stem, token, nxt = (
                x[ok] for x in (start, piece, node, stem, token, nxt)
            )
            ok = (stem == 0) | (article[nxt] == article[token])
            start, piece, node, stem, nxt = (x[ok] for x in (start, piece, node, stem, nxt))
            piece = 2 * nxt + (1 - stem * has_art[nxt])
            step = np.where(piece & 1, code[nxt], 0)
            node = np.where(step >= 0, matcher.step(trie, node, np.maximum(step, 0)), -1)
            ok = node >= 0
            start, piece, node = start[ok], piece[ok], node[ok]
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        row, last_piece, phrase = (np.concatenate(parts) for parts in zip(*found, strict=True))
        stop = (last_piece >> 1) * 2 + 2
        order = np.lexsort((-stop, row))
        row, stop, phrase = row[order], stop[order], phrase[order]
        one = np.r_[True, row[1:] != row[:-1]]
        row, stop, phrase = row[one], stop[one], phrase[one]
        reach = np.r_[-1, np.maximum.accumulate(stop)[:-1]]
        kept = row >= reach
        row, stop, phrase = row[kept], stop[kept], phrase[kept]
        return row >> 1, row & 1, (stop >> 1) - 1, phrase

    def may_name(self, after: np.ndarray, row: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """Whether the rule of :func:`_propose` can find a name from token ``after`` on (a
        necessary condition: the few titles that pass are read by the rule itself).

        The rule skips up to three modifiers (ال + word, not in a lexicon match), then needs a
        word without article, outside the lexicon matches (``row``/``stop``: their pieces)
        and no stopword.
        """
        tokens = len(self.ts)
        if not len(after):
            return np.zeros(0, dtype=bool)
        home = self.article[np.minimum(after, tokens - 1)]
        near = np.minimum(after[:, None] + np.arange(4)[None, :], tokens - 1).ravel()
        self.split(near)

        def covered(piece: np.ndarray) -> np.ndarray:
            if not len(row):
                return np.zeros(len(piece), dtype=bool)
            at = np.searchsorted(row, piece, side="right") - 1
            return (at >= 0) & (stop[np.maximum(at, 0)] > piece)

        def inside(t: np.ndarray) -> np.ndarray:
            return (t < tokens) & (self.article[np.minimum(t, tokens - 1)] == home)

        v = after.copy()
        going = inside(v)
        for _ in range(3):
            t = np.minimum(v, tokens - 1)
            skip = going & self.has_art[t] & ~covered(2 * t)
            v = np.where(skip, v + 1, v)
            going = skip & inside(v)
        ok = inside(v)
        t = np.minimum(v, tokens - 1)
        ok &= self.word[t] & ~self.has_art[t] & ~covered(2 * t + 1)
        ok &= ~_stop_hashes().contains(self.hash(self.ts[t] + self.stem_k[t], self.te[t]))
        return ok

    def spans(self, t0, w0, last) -> tuple[np.ndarray, ...]:
        """Article, first-piece start, start and end (offsets into the article's text)."""
        base = self.ts[t0]
        stem = self.orig[base + self.stem_k[t0]]
        article_piece = self.orig[base + self.art_k[t0]]
        lead = w0 == 0
        first = np.where(lead, article_piece, stem)
        start = np.where(lead & (self.art_len[t0] == 2), article_piece, stem)
        end = np.where(self.word[last], self.orig[self.te[last]], self.orig[self.te[last] - 1] + 1)
        article = self.article[t0]
        origin = self.offset[article]
        return article, first - origin, start - origin, end - origin


def _fast_mentions(articles: pl.DataFrame, aliases: pl.DataFrame, patterns: bool) -> pl.DataFrame:
    """Mentions (without ``surface``) as :func:`_reference_mentions` finds them."""
    matcher = _matcher(aliases, patterns)
    ids = articles["article_id"]
    if matcher is None or ids.null_count() or ids.n_unique() != len(ids):
        return _reference_mentions(articles, aliases, patterns)
    pool = ThreadPoolExecutor(1)  # sentences are cut (by polars) while numpy matches
    sentences = pool.submit(_sentence_starts, articles)
    pool.shutdown(wait=False)
    texts = articles["text"].fill_null("").to_list()
    sizes = articles["text"].str.len_chars().fill_null(0).to_numpy()
    chars = _chars()
    bad = np.zeros(len(texts), dtype=bool)
    lexicon_parts, window_parts = [], []
    edges, total = [0], 0
    for index, size in enumerate(sizes.tolist()):
        total += size + 1
        if total >= _CHUNK:
            edges.append(index + 1)
            total = 0
    if edges[-1] != len(texts):
        edges.append(len(texts))
    spans = list(itertools.pairwise(edges))
    if len(spans) > 1 and _THREADS > 1:
        with ThreadPoolExecutor(_THREADS) as threads:  # numpy lets go of the GIL
            scanned = list(
                threads.map(lambda span: _scan(texts, *span, chars, matcher, patterns), spans)
            )
    else:
        scanned = [_scan(texts, *span, chars, matcher, patterns) for span in spans]
    for (lo, hi), (chunk_bad, lexicon_part, window_part) in zip(spans, scanned, strict=True):
        bad[lo:hi] |= chunk_bad
        lexicon_parts.append(lexicon_part)
        if window_part is not None:
            window_parts.append(window_part)
    frames = []
    lexicon = _concat_parts(lexicon_parts, 5)
    good = ~bad[lexicon[0]]
    art_index, first, start, end, phrase = (x[good] for x in lexicon)
    meta = aliases.select(
        pl.col("entity_id").alias("entity"), "name_en", "name_ar", "label", "party"
    )
    found = pl.DataFrame(
        {"_article": art_index, "_first": first, "start": start, "end": end}
    ).with_columns(meta[phrase].with_columns(method=pl.lit("lexicon")))
    frames.append(found)
    if window_parts:
        proposed = _window_mentions(texts, _concat_parts(window_parts, 3), bad, found)
        if proposed is not None:
            frames.append(proposed)
    mentions = pl.concat(frames, how="diagonal_relaxed")
    article = mentions["_article"].to_numpy()
    starts, stops = mentions["start"].to_numpy(), mentions["end"].to_numpy()
    surface = [
        texts[a][b:e]
        for a, b, e in zip(article.tolist(), starts.tolist(), stops.tolist(), strict=True)
    ]
    mentions = mentions.with_columns(
        article_id=articles["article_id"].gather(pl.Series(article, dtype=pl.Int64)),
        sentence_id=pl.Series(
            _sentence_ids(sentences.result(), article, mentions["_first"].to_numpy())
        ),
        surface=pl.Series(surface, dtype=pl.String),
    )
    parts = [mentions]
    if bad.any():
        rows = np.flatnonzero(bad)
        subset = articles[pl.Series(rows, dtype=pl.Int64)]
        slow = _reference_mentions(subset, aliases, patterns)
        index = pl.DataFrame({"article_id": subset["article_id"], "_article": rows})
        slow = slow.join(index, on="article_id", how="left").with_columns(
            surface=_surfaces(subset, slow)
        )
        parts.append(slow)
    return pl.concat(
        [f.select("_article", *MENTION_SCHEMA).cast(MENTION_SCHEMA) for f in parts],
        how="vertical_relaxed",
    )


def _sentence_starts(articles: pl.DataFrame) -> tuple[np.ndarray, ...]:
    """Article index, start and sentence_id of every sentence, in text order."""
    frame = articles.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("article_id"), "text")
    sentences = sentence_spans(frame).select("article_id", "start", "sentence_id").collect()
    return tuple(sentences[c].cast(pl.Int64).to_numpy() for c in sentences.columns)


def _sentence_ids(sentences: tuple[np.ndarray, ...], article: np.ndarray, at: np.ndarray):
    """The sentence each offset ``at`` of article ``article`` falls in (1 before the first)."""
    s_article, s_start, s_id = sentences
    if not len(s_article):
        return np.ones(len(article), dtype=np.int64)
    key = (s_article << 32) | s_start
    where = np.searchsorted(key, (article.astype(np.int64) << 32) | at, side="right") - 1
    safe = np.maximum(where, 0)
    return np.where((where >= 0) & (s_article[safe] == article), s_id[safe], 1)


def _scan(texts: list[str], lo: int, hi: int, chars: _Chars, matcher: _Matcher, patterns: bool):
    """Lexicon matches (article, first-piece start, start, end, phrase) and title windows
    (article, start, end) of the articles ``lo:hi``, and which of them need the reference."""
    chunk = _Chunk(texts[lo:hi], chars)
    hits = chunk.hits(matcher)
    chunk.split(hits[0])
    code = chunk.units(*hits)
    t0, w0, last, phrase = chunk.matches(matcher, code, 0)
    article, first, start, end = chunk.spans(t0, w0, last)
    lexicon = (article + lo, first, start, end, phrase)
    if not patterns:
        return chunk.bad, lexicon, None
    n0, n_w0, n_last, _ = chunk.matches(matcher, code, 1)
    ok = chunk.may_name(n_last + 1, 2 * t0 + w0, 2 * last + 2)
    n0, n_w0, n_last = n0[ok], n_w0[ok], n_last[ok]
    after = n_last + 1
    t_article, _, _, t_end = chunk.spans(n0, n_w0, n_last)
    # The last token of an article is the separator after it.
    w_last = np.minimum(after + _WINDOW - 1, chunk.last_token[t_article] - 1)
    w_end = chunk.orig[chunk.te[w_last]] - chunk.offset[t_article]
    w_end = np.minimum(w_end, chunk.lengths[t_article])
    return chunk.bad, lexicon, (t_article + lo, t_end, w_end)


def _concat_parts(parts: list[tuple], width: int) -> tuple[np.ndarray, ...]:
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(width))
    return tuple(np.concatenate([p[i] for p in parts]).astype(np.int64) for i in range(width))


def _window_mentions(
    texts: list[str], windows: tuple[np.ndarray, ...], bad: np.ndarray, found: pl.DataFrame
) -> pl.DataFrame | None:
    """Names proposed after titles, read by the reference rule on the few tokens after each
    title (``windows``: article, start, end)."""
    article, w_start, w_end = windows
    good = ~bad[article]
    article, w_start, w_end = article[good], w_start[good], w_end[good]
    if not len(article):
        return None
    pieces = [
        texts[a][s:e]
        for a, s, e in zip(article.tolist(), w_start.tolist(), w_end.tolist(), strict=True)
    ]
    frame = pl.DataFrame(
        {"article_id": [str(i) for i in range(len(pieces))], "text": pieces},
        schema={"article_id": pl.String, "text": pl.String},
    )
    stream = _stream(frame).with_columns(_w=pl.col("article_id").cast(pl.Int64))
    if stream.is_empty():
        return None
    window = stream["_w"].to_numpy()
    absolute = w_start[window] + stream["start"].to_numpy()
    owner = article[window]
    # Pieces inside a lexicon match are taken.
    lex_article = found["_article"].to_numpy()
    lex_first = found["_first"].to_numpy()
    lex_end = found["end"].to_numpy()
    key = (lex_article << 32) | lex_first
    order = np.argsort(key, kind="stable")
    key, lex_end_sorted, lex_article_sorted = key[order], lex_end[order], lex_article[order]
    probe = (owner << 32) | absolute
    at = np.searchsorted(key, probe, side="right") - 1
    taken = np.zeros(stream.height + 1, dtype=bool)
    if len(key):
        safe = np.maximum(at, 0)
        taken[:-1] = (
            (at >= 0) & (lex_article_sorted[safe] == owner) & (lex_end_sorted[safe] > absolute)
        )
    starts = np.r_[True, window[1:] != window[:-1]]
    first = np.flatnonzero(starts)
    anchor = stream["article_id"].gather(pl.Series(first)).to_list()
    found_names = _propose(stream, taken, first, anchor)
    if not found_names:
        return None
    spans = _spans(stream, pl.DataFrame(found_names, schema={"row": pl.Int64, "n": pl.Int64}))
    rows = pl.Series(found_names and [f["row"] for f in found_names], dtype=pl.Int64)
    w = stream["_w"].gather(rows).to_numpy()
    shift = w_start[w]
    return _as_pattern(
        pl.DataFrame(
            {
                "_article": article[w],
                "_first": shift + stream["start"].gather(rows).to_numpy(),
                "start": shift + spans["start"].to_numpy(),
                "end": shift + spans["end"].to_numpy(),
            }
        )
    )


def extract_entities(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    patterns: bool = True,
) -> pl.DataFrame:
    """Find the named-entity mentions in articles.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``.
    gazetteer
        An entities frame (as from :func:`toolkit.lexicons.load_entities`) or the path of an
        entities CSV; by default the shipped gazetteer.
    patterns
        Also propose PERSON names that follow a title (الرئيس X، وزير الدفاع X، الجنرال X …)
        and are not in the gazetteer; they come out with ``method="pattern"``.

    Returns
    -------
    polars.DataFrame
        One row per mention: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets
        into ``text``), ``surface`` (``text[start:end]``), ``entity`` (the canonical id),
        ``name_en``, ``name_ar``, ``label``, ``party`` and ``method`` (how it was found:
        ``lexicon`` or ``pattern``), in text order.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وقال الأمين العام للناتو إن إيران"]})
    >>> extract_entities(df).select("surface", "entity", "label").rows()
    [('ناتو', 'nato', 'ORG'), ('إيران', 'iran', 'GPE')]
    """
    return _extract(articles, gazetteer, patterns, _fast_mentions)


def _extract_entities_reference(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    patterns: bool = True,
) -> pl.DataFrame:
    """:func:`extract_entities` computed on the full clitic token stream (the reference that
    the fast path is tested against, and the path for articles the fast path leaves aside)."""
    return _extract(articles, gazetteer, patterns, _reference_mentions)


def _extract(df, lexicon, patterns: bool, mentions_of) -> pl.DataFrame:
    """The articles (ids and texts as strings) through ``mentions_of``, then :func:`_finish`."""
    _, aliases = _resolve_lexicon(lexicon)
    articles = (
        df.lazy().select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
    ).collect()
    return _finish(articles, mentions_of(articles, aliases, patterns))


def _reference_mentions(
    articles: pl.DataFrame, aliases: pl.DataFrame, patterns: bool
) -> pl.DataFrame:
    """Mentions (without ``surface``) found on the clitic token stream of ``articles``."""
    stream = _stream(articles)
    matches = _spans(stream, _match(stream, aliases)).with_columns(method=pl.lit("lexicon"))
    frames = [matches.rename({"entity_id": "entity"})]
    if patterns:
        found = _pattern_mentions(stream, matches)
        if found:
            proposed = _spans(stream, pl.DataFrame(found, schema={"row": pl.Int64, "n": pl.Int64}))
            frames.append(_as_pattern(proposed))
    return _select_mentions(frames)


_PRE_SCHEMA = {c: t for c, t in MENTION_SCHEMA.items() if c != "surface"}


def _as_pattern(proposed: pl.DataFrame) -> pl.DataFrame:
    return proposed.with_columns(
        entity=None,
        name_en=None,
        name_ar=None,
        label=pl.lit("PERSON"),
        party=None,
        method=pl.lit("pattern"),
    )


def _select_mentions(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if not frames:
        return pl.DataFrame(schema=_PRE_SCHEMA)
    return pl.concat(
        [f.select(list(_PRE_SCHEMA)).cast(_PRE_SCHEMA) for f in frames], how="vertical_relaxed"
    )


def _finish(articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Surfaces, pattern entity ids, the output schema and the text order."""
    if "_article" in mentions.columns:  # the fast path: surfaces and article order are known
        pattern = pl.col("entity").is_null()
        return (
            mentions.sort("_article", "start")
            .with_columns(
                entity=pl.when(pattern)
                .then(pl.lit("pattern:") + normalize_expr("surface"))
                .otherwise("entity"),
                name_ar=pl.coalesce("name_ar", "surface"),
            )
            .select(list(MENTION_SCHEMA))
            .cast(MENTION_SCHEMA)
        )
    mentions = (
        mentions.with_columns(surface=_surfaces(articles, mentions))
        .with_columns(
            entity=pl.coalesce("entity", pl.lit("pattern:") + normalize_expr("surface")),
            name_ar=pl.coalesce("name_ar", "surface"),
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )
    order = articles.select("article_id").with_row_index("_article")
    return (
        mentions.join(order, on="article_id", how="left").sort("_article", "start").drop("_article")
    )


def entity_frequency(
    mentions: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    per: pl.DataFrame | None = None,
    merge: bool = True,
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mention counts, document frequency and rates per 1,000 tokens.

    Parameters
    ----------
    mentions
        The frame from :func:`extract_entities`.
    by
        Column(s) to group by: ``label``, ``party``, ``article_id``, or article metadata such as
        ``source``, ``month`` or ``week`` (taken from ``articles``).
    per
        The token frame from :func:`toolkit.tokenize` of the same articles; when given, a
        ``per_1000`` column gives mentions per 1,000 tokens of the group.
    merge
        Count canonical entities (aliases merged); with ``False`` count raw surface forms.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, then ``entity``, ``name_ar``, ``name_en``, ``label``, ``party``
        (or ``surface`` when ``merge=False``), ``mentions``, ``documents`` and optionally
        ``per_1000``, most frequent first.
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(mentions, groups, articles)
    keys = ["entity", "name_ar", "name_en", "label", "party"] if merge else ["surface", "label"]
    keys = [k for k in keys if k not in groups]
    counts = frame.group_by([*groups, *keys]).agg(
        mentions=pl.len(), documents=pl.col("article_id").n_unique()
    )
    if per is not None:
        token_groups = [g for g in groups if g not in ("label", "party")]
        tokens = with_groups(per.filter(pl.col("kind") != "punct"), token_groups, articles)
        totals = tokens.group_by(token_groups or pl.lit(1).alias("_all")).agg(_tokens=pl.len())
        if token_groups:
            counts = counts.join(totals, on=token_groups, how="left")
        else:
            counts = counts.with_columns(_tokens=pl.lit(totals["_tokens"].sum()))
        counts = counts.with_columns(per_1000=pl.col("mentions") * 1000.0 / pl.col("_tokens"))
        counts = counts.drop("_tokens")
    return counts.sort(
        [*groups, "mentions", keys[0]], descending=[False] * len(groups) + [True, False]
    )


def entity_cooccurrence(mentions: pl.DataFrame, *, min_count: int = 1) -> pl.DataFrame:
    """Pairs of entities mentioned in the same sentence, for a heatmap or a network.

    Returns ``entity_a``, ``entity_b`` (``entity_a < entity_b``), their English names, and
    ``sentences`` (how many sentences mention both) and ``articles``.
    """
    units = mentions.select("article_id", "sentence_id", "entity", "name_en").unique()
    pairs = (
        units.join(units, on=["article_id", "sentence_id"], suffix="_b")
        .filter(pl.col("entity") < pl.col("entity_b"))
        .group_by("entity", "entity_b")
        .agg(
            pl.col("name_en").first().alias("name_en_a"),
            pl.col("name_en_b").first(),
            sentences=pl.len(),
            articles=pl.col("article_id").n_unique(),
        )
        .rename({"entity": "entity_a"})
        .filter(pl.col("sentences") >= min_count)
    )
    return pairs.sort(["sentences", "entity_a", "entity_b"], descending=[True, False, False])
