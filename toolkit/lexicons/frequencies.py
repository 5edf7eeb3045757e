"""How often Arabic words are written: the evidence the clitic splitter weighs.

The frequencies are the Arabic data that ships inside the ``wordfreq`` package (offline; no
download), read once, normalized as the toolkit normalizes text (variants of one normalized
word are added up) and kept as two compact arrays: 64-bit hashes of the words, sorted, and
their Zipf values (log10 of occurrences per billion words: 7 for the commonest words, 3 for
a word met about once per million, 0 here for an unknown word). The arrays are cached on disk
(in ``$XDG_CACHE_HOME/arabic-news-toolkit`` or ``~/.cache/arabic-news-toolkit``, keyed by the
versions of wordfreq and of the normalization) so that a new process loads them in
milliseconds; when the folder cannot be written they are rebuilt in memory (about a second).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from toolkit.arabic import normalize

__all__ = ["WordFrequencies", "word_frequencies"]

#: Bumped whenever the way the table is built changes (it is part of the cache's key).
_TABLE_VERSION = 2
_LANGUAGE = "ar"


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class WordFrequencies:
    """Zipf values of normalized Arabic words (see the module documentation).

    Examples
    --------
    >>> table = word_frequencies()
    >>> table.zipf("بغداد") > 4 > table.zipf("غداد")
    True
    """

    def __init__(self, keys: np.ndarray, zipf: np.ndarray):
        self.keys = keys
        self.values = zipf
        self._memo: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        """The Zipf value of a normalized word (0.0 for a word the table does not know)."""
        found = self._memo.get(word)
        if found is None:
            h = _hash(word)
            at = int(np.searchsorted(self.keys, np.uint64(h)))
            hit = at < len(self.keys) and int(self.keys[at]) == h
            found = self._memo[word] = float(self.values[at]) if hit else 0.0
        return found

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def build(cls) -> WordFrequencies:
        """Read wordfreq's Arabic list and make the table (about a second)."""
        import wordfreq

        totals: dict[str, float] = {}
        for rank, bucket in enumerate(wordfreq.get_frequency_list(_LANGUAGE)):
            share = 10 ** (-rank / 100)  # wordfreq's buckets: one per centibel
            for word in bucket:
                key = normalize(word)
                totals[key] = totals.get(key, 0.0) + share
        keys = np.fromiter((_hash(w) for w in totals), dtype=np.uint64, count=len(totals))
        zipf = np.fromiter(
            (math.log10(f * 1e9) for f in totals.values()), dtype=np.float32, count=len(totals)
        )
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], zipf[order])


def _cache_file() -> Path:
    folder = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = metadata.version("wordfreq")
    name = f"wordfreq-{_LANGUAGE}-{version}-table{_TABLE_VERSION}.npz"
    return Path(folder) / "arabic-news-toolkit" / name


@cache
def word_frequencies() -> WordFrequencies:
    """The word-frequency table, loaded once per process (from the disk cache if it exists).

    The table depends only on the installed wordfreq version, never on the lexicon files.
    """
    path = _cache_file()
    try:
        with np.load(path) as saved:
            return WordFrequencies(saved["keys"], saved["zipf"])
    except (OSError, ValueError, KeyError):
        pass
    table = WordFrequencies.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as f:
            np.savez(f, keys=table.keys, zipf=table.values)
        os.replace(f.name, path)  # atomic: a reader never sees half a file
    except OSError:
        pass
    return table
