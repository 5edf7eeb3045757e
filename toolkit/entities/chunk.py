"""One chunk of articles as arrays for the fast path: kept characters, tokens, their clitic
splits, the phrase matches through the trie and their offsets.

Articles are joined into one array of code points. Diacritics, tatweel and zero-width or
directional marks are removed (every kept character remembers its offset in the text) and
letters are normalized one to one. Tokens are the runs of letters, the numbers and the single
other characters, exactly as the tokenizer cuts them. A token can only take part in a match if
one of its suffixes (after a prefix the clitic rule can cut: و ف, ب ك ل, ال or the ل of لل) is
a piece of some alias or title: those suffixes are found by hashing, and only the distinct
candidate words are split, by the call's own clitic splitter (:class:`Splits` remembers the
splits per splitter). Pieces are then numbered 2 * token (the article piece, when there is
one) and 2 * token + 1 (the stem), as rows of the reference stream would be, and phrases are
walked piece by piece through the trie, with the reference's longest-match and overlap rules.
Characters the fast path cannot reproduce exactly mark their article ``bad`` (it goes to the
reference).
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from toolkit.arabic import CliticSplitter
from toolkit.entities.chars import (
    BAD,
    DIG,
    LET,
    LETTER_ID,
    MAX_PREFIX,
    NSEP,
    PREFIX_LETTER,
    PREFIX_OF_LETTER,
    PREFIX_SHAPES,
    REM,
    Chars,
    HashSet,
    powers,
)
from toolkit.entities.matcher import Matcher
from toolkit.lexicons import on_clear

__all__ = ["Chunk", "Splits", "splits_for"]


class Splits:
    """The clitic splits met so far, by word identity (a hash of the normalized word, its
    length and the hamzas the rule looks at), packed as stem | article << 8 | length << 16."""

    def __init__(self) -> None:
        # One tuple, replaced whole, so that threads never read mismatched arrays.
        self.table = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
        self._lock = threading.Lock()

    def find(self, ident: np.ndarray) -> np.ndarray:
        known, value = self.table
        if not len(known):
            return np.full(len(ident), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(known, ident), len(known) - 1)
        return np.where(known[at] == ident, value[at], -1)

    def add(self, ident: np.ndarray, value: np.ndarray) -> None:
        with self._lock:
            known, known_value = self.table
            ident, value = np.r_[known, ident], np.r_[known_value, value]
            order = np.argsort(ident, kind="stable")
            ident, value = ident[order], value[order]
            keep = np.r_[True, ident[1:] != ident[:-1]]
            self.table = (ident[keep], value[keep])


# One memo of splits per clitic splitter: an edited clitics.csv gives a new splitter
# (toolkit.lexicons.clitic_splitter) and so a new memo; emptied by toolkit.clear_caches().
_SPLITS: weakref.WeakKeyDictionary[CliticSplitter, Splits] = weakref.WeakKeyDictionary()
_SPLITS_LOCK = threading.Lock()
on_clear(_SPLITS.clear)


def splits_for(splitter: CliticSplitter) -> Splits:
    """The memo of the splits made by ``splitter``."""
    with _SPLITS_LOCK:
        found = _SPLITS.get(splitter)
        if found is None:
            found = _SPLITS[splitter] = Splits()
        return found


class Chunk:
    """One chunk of articles as arrays: kept characters, tokens, their splits.

    ``splitter`` splits the candidate words (its splits are remembered in ``splits``);
    ``stops`` are the hashes of the stopwords, ``heads`` those of the organisation nouns (see
    :meth:`may_name`).
    """

    def __init__(
        self,
        texts: list[str],
        chars: Chars,
        splitter: CliticSplitter,
        splits: Splits,
        stops: HashSet,
        heads: HashSet | None = None,
        *,
        compiled: bool = False,
    ) -> None:
        self.chars, self.splitter, self.splits, self.stops = chars, splitter, splits, stops
        self.heads = heads
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        self.lengths = lengths
        self.offset = np.zeros(len(texts) + 1, dtype=np.int64)
        self.offset[1:] = np.cumsum(lengths + 1)
        joined = "\x00".join(texts) + "\x00"
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        chars.fill(cp)
        self.bad = np.zeros(len(texts), dtype=bool)
        self.compiled = compiled
        if compiled:
            self._scan_compiled(cp, len(texts))
        else:
            self._scan(cp, len(texts))
        self._tokens(len(texts))

    def _scan_compiled(self, cp: np.ndarray, articles: int) -> None:
        """The kept characters, tokens, prefix sums and letters from the compiled kernel."""
        from toolkit.entities.kernel import scan_chunk

        chars = self.chars
        up, self.down = powers(len(cp))
        self.cp = cp
        self.orig, self.code, self.ts, self.te, self.prefix, self.letter = scan_chunk(
            cp, chars.cls, chars.code, LETTER_ID, self.offset, up, self.bad
        )

    def _scan(self, cp: np.ndarray, articles: int) -> None:
        """The reference of :meth:`_scan_compiled`, in numpy."""
        chars = self.chars
        kind = chars.cls[cp]
        if kind.max(initial=0) >= BAD:
            self._mark(np.flatnonzero(kind == BAD))
        keep = kind != REM
        orig = np.flatnonzero(keep)
        removed = np.flatnonzero(~keep) if len(orig) < len(cp) else orig[:0]
        if len(removed):
            before = kind[np.maximum(removed - 1, 0)]
            after_number = (removed > 0) & ((before == DIG) | (before == NSEP))
            self._mark(removed[after_number])
            tatweel = removed[cp[removed] == 0x0640]
            previous = np.searchsorted(orig, tatweel) - 1
            opens = (previous < 0) | (kind[orig[np.maximum(previous, 0)]] != LET)
            self._mark(tatweel[opens])
        self.cp, self.orig = cp, orig
        c = kind[orig]
        code = chars.code[cp[orig]]
        self.code = code
        size = len(orig)
        # Tokens: runs of letters, numbers (digits joined by one separator), single others.
        is_let = c == LET
        is_num = c == DIG
        if size > 2:
            joins = (c[1:-1] == NSEP) & is_num[:-2] & is_num[2:]
            is_num[1:-1] |= joins
        starts = (c >= NSEP) & ~is_num
        ends = starts.copy()
        if size:
            starts[0] |= is_let[0] | is_num[0]
            ends[-1] |= is_let[-1] | is_num[-1]
        starts[1:] |= (is_let[1:] & ~is_let[:-1]) | (is_num[1:] & ~is_num[:-1])
        ends[:-1] |= (is_let[:-1] & ~is_let[1:]) | (is_num[:-1] & ~is_num[1:])
        self.ts = np.flatnonzero(starts)
        self.te = np.flatnonzero(ends) + 1
        up, down = powers(size)
        self.down = down
        prefix = np.zeros(size + 1, dtype=np.uint64)
        np.cumsum(code.astype(np.uint64) * up[:size], out=prefix[1:])
        self.prefix = prefix
        self.letter = LETTER_ID[code]

    def _tokens(self, articles: int) -> None:
        """What the tokens need besides their offsets: owner, length, first letters."""
        ts, te, code, orig = self.ts, self.te, self.code, self.orig
        self.word = self.chars.cls[self.cp[orig[ts]]] == LET
        # Every article ends with its separator token, so article i owns tokens from the first
        # at or after its offset.
        firsts = np.searchsorted(orig[ts], self.offset[:-1])
        counts = np.diff(np.r_[firsts, len(ts)])
        self.article = np.repeat(np.arange(articles), counts)
        self.last_token = np.r_[firsts[1:], len(ts)] - 1
        self.length = length = te - ts
        first = code[ts]
        self.last_letter = self.letter[te - 1].astype(np.int64)
        lone_al = self.word & (length == 2) & (first == ord("ا"))
        lone_al[lone_al] = code[ts[lone_al] + 1] == ord("ل")
        self.lone_al = lone_al
        self.prefixed = self.word & PREFIX_LETTER[first]
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
            for k in range(1, MAX_PREFIX + 1):
                letter = self.letter[np.minimum(base + k - 1, top)]
                shape = shape * 8 + PREFIX_OF_LETTER[letter]
                ok = PREFIX_SHAPES[k][shape] & (length > k)
                self._shapes.append(prefixed[ok])
        return self._shapes

    def _mark(self, positions: np.ndarray) -> None:
        if len(positions):
            self.bad[np.searchsorted(self.offset, positions, side="right") - 1] = True

    def hash(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        return (self.prefix[end] - self.prefix[start]) * self.down[start]

    def hits(self, matcher: Matcher) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tokens, prefix lengths and stem ids of the token suffixes that are stems (with
        ``compiled``, :func:`toolkit.entities.kernel.suffix_hits`)."""
        if self.compiled:
            from toolkit.entities.kernel import suffix_hits

            return suffix_hits(self, matcher)
        found_t, found_k, found_s = [], [], []
        top = len(matcher.lengths) - 1
        for k in range(MAX_PREFIX + 1):
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
        # CliticSplitter.split finds it: among the first 4 characters, or the first 6 when some of
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
        packed = self.splits.find(ident)
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
                pieces = self.splitter.pieces(norm, hamzas)
                if pieces:
                    stem = pieces[-1][0]
                    for p_start, p_end, _, clitic in pieces:
                        if clitic == "article":
                            a_k, a_len = p_start, p_end - p_start
                values.append(stem | a_k << 8 | a_len << 16)
            self.splits.add(unique, np.array(values, dtype=np.int64))
            packed = self.splits.find(ident)
        self.stem_k[tokens] = packed & 0xFF
        self.art_k[tokens] = packed >> 8 & 0xFF
        self.art_len[tokens] = packed >> 16
        self.has_art[tokens] = packed >> 16 > 0

    def cp_hamza(self, positions: np.ndarray) -> np.ndarray:
        return self.chars.hamza[self.cp[positions]]

    def units(self, t: np.ndarray, k: np.ndarray, stem: np.ndarray) -> np.ndarray:
        """Per token, the code of its stem piece (0 for a lone ال, -1 for no phrase piece)."""
        code = np.full(len(self.ts), -1, dtype=np.int64)
        real = k == self.stem_k[t]
        code[t[real]] = stem[real] + 1
        code[self.lone_al] = 0
        return code

    def matches(self, matcher: Matcher, code: np.ndarray, trie: int) -> tuple[np.ndarray, ...]:
        """Longest, non-overlapping matches as first token, first piece (0 the article, 1 the
        stem), last token and phrase. Pieces are numbered 2 * token + (0 or 1), as rows of the
        reference stream would be (a token without article simply has no even piece).
        With ``compiled``, the walk is :func:`toolkit.entities.kernel.walk_phrases`."""
        if self.compiled:
            from toolkit.entities.kernel import walk_phrases

            return walk_phrases(
                code, self.has_art, self.article, matcher.codes, matcher.tries[trie]
            )
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
        """Whether the rule of :func:`toolkit.entities.patterns.propose` can find a name from token ``after`` on (a
        necessary condition: the few titles that pass are read by the rule itself).

        The rule skips up to three modifiers (ال + word, not in a lexicon match), then needs a
        word without article and no stopword, outside the lexicon matches (``row``/``stop``:
        their pieces) unless it is an organisation noun (a body the gazetteer knows, which
        the rule skips: لمنظمة التعاون الإسلامي).
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
        stem = self.hash(self.ts[t] + self.stem_k[t], self.te[t])
        free = ~covered(2 * t + 1)
        if self.heads is not None:
            free |= self.heads.contains(stem)
        ok &= self.word[t] & ~self.has_art[t] & free
        ok &= ~self.stops.contains(stem)
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
