"""The tables the compiled kernels read, built from one :class:`~toolkit.figures.lexicon.Grammar`.

:func:`compiled_grammar` gives one :class:`CompiledGrammar` per state of the lexicon files,
keyed like the grammar itself (:func:`toolkit.lexicons.cached` over
:func:`~toolkit.figures.lexicon.grammar_paths`), so an edited file is used by the next call
of the compiled path too. It holds

* the tries of the candidate scan (:mod:`toolkit.figures.scan`): the number words (the
  anchors of the reference regex) and the number keys (those words with their clitics);
* the features of every word the parse has met (:mod:`toolkit.figures.features`), kept as
  the grammar keeps its own look-ups, so they go with it when a file changes.
"""

from __future__ import annotations

import itertools
import os
import re

import numpy as np

from toolkit.figures.features import N_FLOAT, N_INT, Q, left_tables, word_features
from toolkit.figures.lexicon import ANCHOR_CLITICS, PLACEHOLDER, Grammar, grammar, grammar_paths
from toolkit.lexicons import Lexicons, as_lexicons, cached

__all__ = ["CompiledGrammar", "compiled_grammar", "trie"]

_BLOCK = 0x0600  # the lexicon's words are Arabic letters: U+0621-U+064A, U+0671-U+06D3


def trie(words, symbols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A trie of ``words`` as a table: ``trans[node, symbol]`` (the next node, -1 for none)
    and ``term[node]`` (a word ends there); node 0 is the root, ``symbols`` maps a code point
    of the Arabic block (minus U+0600) to its symbol (1 …)."""
    width = int(symbols.max()) + 1
    rows: list[list[int]] = [[-1] * width]
    term = [False]
    for word in words:
        node = 0
        for char in word:
            y = int(symbols[ord(char) - _BLOCK])
            if rows[node][y] < 0:
                rows[node][y] = len(rows)
                rows.append([-1] * width)
                term.append(False)
            node = rows[node][y]
        term[node] = True
    return np.array(rows, dtype=np.int32), np.array(term, dtype=np.bool_)


class CompiledGrammar:
    """The kernels' tables of one :class:`~toolkit.figures.lexicon.Grammar` (see the module
    docstring); made by :func:`compiled_grammar`."""

    def __init__(self, g: Grammar) -> None:
        self.grammar = g
        self.placeholder = ord(PLACEHOLDER)
        words = sorted(g.words)
        keys = sorted(g.number_keys)
        prefixes = sorted(
            {"".join(p) for p in itertools.product(*(("", *g) for g in ANCHOR_CLITICS))}
        )
        letters = sorted({c for w in (*words, *keys, *prefixes) for c in w})
        outside = [c for c in letters if not _BLOCK <= ord(c) < _BLOCK + 0x100]
        if outside:  # the lexicon files are validated: their words are Arabic letters
            raise ValueError(f"number words with letters outside the Arabic block: {outside}")
        symbols = np.zeros(0x100, dtype=np.int64)
        for n, char in enumerate(letters, start=1):
            symbols[ord(char) - _BLOCK] = n
        clitic_trans, clitic_term = trie(prefixes, symbols)  # "" too: the root is a prefix
        trans, term = trie(words, symbols)
        key_trans, key_term = trie(keys, symbols)
        #: The tries of the candidate scan (see :func:`toolkit.figures.scan.scan_windows`).
        self.scan_tables = (clitic_trans, clitic_term, symbols, trans, term, key_trans, key_term)
        #: Features of the words met so far, by word (:mod:`toolkit.figures.features`).
        self.word_features: dict[str, tuple] = {}
        firsts = sorted({first for first, _ in g.month_pairs})
        #: The strings the features number: units, parties, first words of month pairs.
        self.names: dict[str, dict[str, int]] = {
            "unit": {u: n for n, u in enumerate(("percent", "USD", "soldier"))},
            "party": {},
            "first": {f: n for n, f in enumerate(firsts)},
        }
        self.month_pairs = [
            (self.names["first"][first], second, month)
            for (first, second), month in sorted(g.month_pairs.items())
        ]
        self.predicates, (self.left_head, self.left_words) = left_tables(g)
        self.any_predicate = re.compile(
            "|".join(f"(?:{p.pattern})" for p in self.predicates) or "(?!)"
        )
        if len(g.right) > 62:
            raise ValueError("more right-hand qualifiers than the compiled parse can hold (62)")
        self.right = np.array(
            [(Q[name], len(words)) for name, words in g.right] or np.zeros((0, 2)),
            dtype=np.int64,
        ).reshape(-1, 2)
        self.change_empty = g.change_re.search("") is not None

    def features(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows of features of ``keys`` (integers, floats, left-phrase predicates)."""
        known = self.word_features
        for key in keys:
            if key not in known:
                ints, floats = word_features(self.grammar, key, self.names)
                matched = ()
                if self.any_predicate.fullmatch(key):
                    matched = tuple(n for n, p in enumerate(self.predicates) if p.fullmatch(key))
                known[key] = (ints, floats, matched)
        rows = [known[key] for key in keys]
        ki = np.array([r[0] for r in rows], dtype=np.int64).reshape(len(rows), N_INT)
        kf = np.array([r[1] for r in rows], dtype=np.float64).reshape(len(rows), N_FLOAT)
        kp = np.zeros((len(rows), max(len(self.predicates), 1)), dtype=np.uint8)
        for n, row in enumerate(rows):
            if row[2]:
                kp[n, list(row[2])] = 1
        return ki, kf, kp


def compiled_grammar(lexicons: Lexicons | str | os.PathLike | None = None) -> CompiledGrammar:
    """The :class:`CompiledGrammar` of a lexicon set, made again when one of its files
    changed (with the :class:`~toolkit.figures.lexicon.Grammar` it is built from)."""
    lexicons = as_lexicons(lexicons)
    return cached(
        "figure_compiled_grammar",
        grammar_paths(lexicons),
        lambda: CompiledGrammar(grammar(lexicons)),
    )
