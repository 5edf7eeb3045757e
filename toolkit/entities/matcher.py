"""The fast path's phrase matcher: the stems of the aliases and titles as hashes, and a trie of
piece codes per group of phrases; and the hashes of the stopwords.

A piece reading ال (an article, or a lone آل) has code 0, any other piece its stem id + 1.
Matchers are kept by the phrases' keys (their whole input, so they cannot go stale) for the
last few sets of keys; the stopword hashes by the stopwords file's stamp. Both are emptied by
:func:`toolkit.clear_caches`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from toolkit.entities.chars import LETTER_ID, HashSet, hash_many, slot, spellings
from toolkit.entities.tables import EntityTables
from toolkit.lexicons import cached, on_clear

__all__ = ["Matcher", "matcher", "matcher_for", "stop_hashes"]


class Matcher:
    """Groups of phrases (aliases, titles) as sequences of piece codes: one stem table for all
    and a trie per group."""

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
        forms, ids = [], []
        for stem, sid in stems.items():
            for form in spellings(stem):
                forms.append(form)
                ids.append(sid)
        hashes_np = hash_many(forms)
        ids_np = np.array(ids, dtype=np.int64)
        bits = 12
        while True:
            slots = slot(hashes_np, bits)
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
            for form in spellings(stem):
                ends = (form[0], form[min(1, len(form) - 1)], form[-1])
                letter_ids = [int(LETTER_ID[ord(ch)]) for ch in ends]
                shapes[(letter_ids[0] * 64 + letter_ids[1]) * 64 + letter_ids[2]] = True
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
        slots = slot(h, self.bits)
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


@lru_cache(maxsize=16)
def matcher_for(*groups: tuple[str, ...]) -> Matcher | None:
    """The matcher of groups of phrase keys; ``None`` when a phrase ends with (or is) a piece
    reading ال: a match could then end inside a word, which the fast path does not follow."""
    for keys in groups:
        if any(not key or key == "ال" or key.endswith(" ال") for key in keys):
            return None
        if any(piece.count("ه") > 6 for key in keys for piece in key.split(" ")):
            return None  # too many spellings to hash
    return Matcher([list(keys) for keys in groups])


on_clear(matcher_for.cache_clear)


def matcher(tables: EntityTables, patterns: bool, candidates=None) -> Matcher | None:
    """The matcher of the aliases (group 0), with ``patterns`` of the titles (group 1) and of
    the ``key`` of the ``candidates`` phrases (group 2)."""
    groups = [tuple(tables.aliases["key"].to_list())]
    groups.append(tuple(tables.titles["key"].to_list()) if patterns else ())
    groups.append(tuple(candidates["key"].to_list()) if candidates is not None else ())
    return matcher_for(*groups)


def stop_hashes(tables: EntityTables) -> HashSet:
    """Hashes of the text spellings whose key is a stopword (a stopword with ة is no key)."""

    def build() -> HashSet:
        words = [w for w in tables.stopwords if "ة" not in w]
        return HashSet(hash_many([form for w in words for form in spellings(w)]))

    return cached("entity_stop_hashes", [tables.lexicons.path("stopwords.csv")], build)


def head_hashes(tables: EntityTables) -> HashSet:
    """Hashes of the text spellings of the organisation nouns (``org_head``), also with a
    preposition the clitic rule left on (لحلف): the words a body that a title is followed by
    may start with (see :meth:`toolkit.entities.chunk.Chunk.may_name`)."""
    forms = [
        prefix + form
        for key in tables.org_heads
        for form in spellings(key)
        for prefix in ("", "ب", "ك", "ل")
    ]
    return HashSet(hash_many(forms))
