"""The compiled kernels (:mod:`toolkit.entities.kernel`: the character scan and the phrase
walk) give every array of :class:`toolkit.entities.chunk.Chunk` and every match that the numpy
reference gives, and so the same mentions:
on the seed, the practice corpus, the held-out articles and passages, a generated corpus,
strings the fast path must send to the reference, and hypothesis-made text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from toolkit.datasets import heldout_articles, heldout_passages, practice_articles, seed_articles
from toolkit.entities import FastPath, extract_entities
from toolkit.entities.chars import chars
from toolkit.entities.chunk import Chunk, splits_for
from toolkit.entities.kernel import available, walk_phrases
from toolkit.entities.matcher import head_hashes, matcher, stop_hashes
from toolkit.entities.mentions import entity_tables

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not available(), reason="numba is a dependency of the project")


def chunk(texts: list[str], compiled: bool) -> Chunk:
    tables = entity_tables(None, None)
    return Chunk(
        texts,
        chars(),
        tables.splitter,
        splits_for(tables.splitter),
        stop_hashes(tables),
        head_hashes(tables),
        compiled=compiled,
    )


def assert_same_chunk(texts: list[str]) -> Chunk:
    """Every array of the chunk is equal both ways (the powers up to the chunk's size)."""
    reference, compiled = chunk(texts, False), chunk(texts, True)
    arrays = {k: v for k, v in vars(reference).items() if isinstance(v, np.ndarray)}
    assert {"orig", "code", "ts", "te", "prefix", "letter", "bad", "word", "article"} <= set(arrays)
    for name, want in arrays.items():
        got = getattr(compiled, name)
        if name == "down":
            size = len(reference.code) + 1
            want, got = want[:size], got[:size]
        assert got.dtype == want.dtype, name
        np.testing.assert_array_equal(got, want, err_msg=name)
    return reference


def assert_same_walk(texts: list[str]) -> int:
    """The suffix hits, and the phrase walk's matches for each trie (aliases, titles,
    candidate phrases), are the same both ways, and the compiled walk gives the same with the
    trie's sorted edges as with its dense table; the matches compared."""
    tables = entity_tables(None, None)
    phrases = matcher(tables, True, tables.candidates(False))
    found = {}
    hits_of = {}
    for compiled in (False, True):
        made = chunk(texts, compiled)
        hits = hits_of[compiled] = made.hits(phrases)
        made.split(hits[0])
        code = made.units(*hits)
        found[compiled] = [made.matches(phrases, code, trie) for trie in (0, 1, 2)]
        if compiled:
            for trie in (0, 1, 2):
                edge_key, edge_child, terminal, _ = phrases.tries[trie]
                sparse = walk_phrases(
                    code,
                    made.has_art,
                    made.article,
                    phrases.codes,
                    (edge_key, edge_child, terminal, None),
                )
                for got, want in zip(sparse, found[True][trie], strict=True):
                    np.testing.assert_array_equal(got, want)
    for want, got in zip(hits_of[False], hits_of[True], strict=True):
        assert want.dtype == got.dtype
        np.testing.assert_array_equal(got, want)
    count = 0
    for want, got in zip(found[False], found[True], strict=True):
        for a, b in zip(want, got, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(b, a)
        count += len(want[0])
    return count


def assert_same_mentions(articles: pl.DataFrame) -> pl.DataFrame:
    found = extract_entities(articles, fast=FastPath(compiled=True))
    assert_frame_equal(found, extract_entities(articles, fast=FastPath(compiled=False)))
    return found


SHIPPED = {
    "seed": seed_articles,
    "practice": practice_articles,
    "heldout_articles": lambda: heldout_articles()[0],
    "heldout_passages": lambda: heldout_passages()[0],
}


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_texts(name):
    articles = SHIPPED[name]()
    made = assert_same_chunk(articles["text"].to_list())
    assert len(made.ts) > 100
    assert assert_same_walk(articles["text"].to_list()) > 0
    assert assert_same_mentions(articles).height > 0


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import articles

    return next(articles(300, seed=11)).select("article_id", "text")


def test_generated_corpus(generated):
    assert_same_chunk(generated["text"].to_list())
    assert assert_same_walk(generated["text"].to_list()) > 1000
    found = assert_same_mentions(generated)
    assert found.height > 3000
    small = FastPath(chunk_chars=20_000, compiled=True)
    assert_frame_equal(extract_entities(generated, fast=small), found)


#: Strings the scan must mark (their articles go to the reference) or cut with care.
TRICKY = [
    "ﻟﻠﻨﺎﺗﻮ والعراق",  # presentation forms
    "ـالعراق ـبغداد",  # tatweel opening a word
    "٣ـالعراق 5ًالعراق ٢٠٢١َ العراق",  # a removed character after a number
    "العراق 1.ً5 بغداد",  # ... after a number's separator
    "بغداد ,ـ العراق",  # ... after a separator alone
    "\u064eالعراق \u0651بغداد",  # diacritics opening the text
    "العِـــراق وبَغْدَاد وإيـــران",  # removed inside words
    "١٬٥ 1.5 2,500 ٢٬٥٠٠ 1..5 .5 5. ,",  # numbers and separators
    "🇮🇶 العراق 👍إيران👍 \U0001d400 \U00020000",  # outside the Basic Multilingual Plane
    "\u200fالعراق\u200f \u202bإيران\u202c \ufeffالناتو \u0300 \u06e9 \u0600",
    "",
    " ",
    "ال ال والـ",
]


def test_tricky_strings():
    made = assert_same_chunk(TRICKY)
    assert_same_walk(TRICKY)
    assert made.bad.any() and not made.bad.all()
    for text in TRICKY:
        assert_same_chunk([text])
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(TRICKY))], "text": TRICKY})
    assert_same_mentions(articles)


LETTERS = [*"ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآءؤئ", "ال", "لل", "ک", "ی", "ﻻ", "ﷲ"]
MARKS = ["\u064e", "\u0650", "\u0651", "\u0640", "\u200c", "\u200d", "\u200f", "\u0670", "\u0300"]
OTHER = [" ", "  ", "، ", ".", ",", "٫", "٬", "\n", "-", "2", "٢", "۵", "a", "\u00a0", "😀"]
WORDS = ["العراق", "إيران", "بغداد", "الناتو", "جو بايدن", "الرئيس", "وزير الدفاع", "قال"]
PIECE = st.one_of(
    st.sampled_from(LETTERS + MARKS + OTHER),
    st.tuples(st.sampled_from(["", "و", "ب", "لل", "وال"]), st.sampled_from(WORDS)).map("".join),
)
TEXT = st.lists(PIECE, max_size=40).map("".join)


@settings(
    max_examples=int(os.environ.get("ENTITY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_hypothesis_text(texts):
    assert_same_chunk(texts)
    assert_same_walk(texts)
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts})
    assert_same_mentions(articles)


def test_the_kernel_is_cached_on_disk(tmp_path):
    """A first process compiles the kernel into NUMBA_CACHE_DIR, a second one loads it."""
    code = (
        "from toolkit.entities import kernel; kernel.warm(); "
        "print(sum(kernel._compiled().stats.cache_hits.values()))"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    assert sorted(tmp_path.rglob("*.nbi")), "no index written"
    assert [run.stdout.split() for run in runs] == [["0"], ["1"]]
