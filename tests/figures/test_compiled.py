"""The compiled path of extract_figures (numba kernels) gives exactly the reference's frame.

The reference is ``compiled=False`` (polars queries and the Python grammar). Every column,
every row and every offset must be equal on the shipped seed, the practice corpus, the
held-out sets, a generated corpus and hypothesis-made text; and without numba the default
call is the reference.
"""

import subprocess
import sys
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from toolkit.datasets import (
    heldout_articles,
    heldout_figure_phrases,
    heldout_passages,
    practice_articles,
    seed_articles,
)
from toolkit.figures import FIGURE_SCHEMA, extract_figures
from toolkit.figures.jit import available
from toolkit.lexicons import load_entities
from toolkit.lexicons.figures import (
    load_figure_nouns,
    load_figure_words,
    load_months,
    load_number_words,
)

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the benchmarks package lives beside the toolkit
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import articles as generated_articles  # noqa: E402

PHRASES = pl.read_csv(ROOT / "tests" / "data" / "figure_phrases.csv", infer_schema=False)

pytestmark = pytest.mark.skipif(not available(), reason="numba is a dependency of the project")


def both(frame: pl.DataFrame, **options) -> tuple[pl.DataFrame, pl.DataFrame]:
    reference = extract_figures(frame, compiled=False, **options)
    compiled = extract_figures(frame, compiled=True, **options)
    return reference, compiled


def assert_same(frame: pl.DataFrame, **options) -> pl.DataFrame:
    """The two paths' frames equal, column for column and row for row; the reference."""
    reference, compiled = both(frame, **options)
    assert dict(compiled.schema) == FIGURE_SCHEMA
    assert_frame_equal(compiled, reference, check_exact=True)
    return reference


def of_texts(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": [f"t{i:04d}" for i in range(len(texts))], "text": texts},
        schema={"article_id": pl.String, "text": pl.String},
    )


# --------------------------------------------------------------------------------------------
# The corpora
# --------------------------------------------------------------------------------------------


def test_seed_article():
    found = assert_same(seed_articles())
    assert found.height > 0
    assert_same(seed_articles(), subjects=False)


def test_practice_corpus():
    found = assert_same(practice_articles())
    assert found.height > 20
    assert found["subject"].drop_nulls().len() > 0  # subjects are compared, not only numbers


def test_heldout_passages_and_articles():
    for articles, _ in (heldout_passages(), heldout_articles()):
        assert assert_same(articles).height > 10


def test_figure_phrases_heldout_and_development():
    for phrases in (heldout_figure_phrases()["phrase"], PHRASES["phrase"]):
        found = assert_same(of_texts(phrases.to_list()))
        assert found["article_id"].n_unique() > 80


def test_the_phrases_as_one_article():
    """Phrases in one text: windows that meet, groups close together, one long article."""
    text = "، ".join(heldout_figure_phrases()["phrase"].to_list() + PHRASES["phrase"].to_list())
    assert assert_same(of_texts([text, "\n".join(reversed(text.split("، ")))])).height > 150


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    return pl.concat(list(generated_articles(400, seed=3))).select("article_id", "text")


def test_generated_corpus(generated):
    found = assert_same(generated)
    assert found.height > 3000
    assert set(found["kind"]) >= {"troops", "date", "duration", "percent"}


def test_generated_corpus_in_parts_and_with_mentions(generated):
    """The same articles in another call shape: a slice, without subjects, with mentions."""
    from toolkit.entities import extract_entities

    part = generated.slice(100, 60)
    assert_same(part, subjects=False)
    mentions = extract_entities(part)
    assert_same(part, mentions=mentions)


def test_damaged_articles():
    """Articles damaged as real input is (benchmarks/fuzz.py): zero-width and bidi controls,
    emoji, presentation forms, Persian letters, control characters, random characters."""
    import random

    from benchmarks.fuzz import _sentences, make_article

    rng = random.Random(7)
    sentences = _sentences(7)
    found = assert_same(of_texts([make_article(rng, sentences) for _ in range(300)]))
    assert found.height > 300


# --------------------------------------------------------------------------------------------
# Hypothesis-made text
# --------------------------------------------------------------------------------------------

_DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
_TATWEEL = "\u0640"
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_PUNCTUATION = [*"،.,؛;:/-–()[]«»\"'%٪$?!؟\n", "...", " - ", " / ", "\u200f", "\u00a0"]
_CLITICS = ["", "", "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "وب", "ول"]
_SPELLINGS = [("ا", "أ"), ("ا", "إ"), ("ا", "آ"), ("ي", "ى"), ("ة", "ه"), ("ه", "ة")]


def _presentation_forms() -> dict[str, list[str]]:
    """Each Arabic letter's presentation forms (U+FB50–U+FEFF) that NFKC maps back to it."""
    forms: dict[str, list[str]] = {}
    for code in [*range(0xFB50, 0xFDFF), *range(0xFE70, 0xFEFF)]:
        char = chr(code)
        if unicodedata.category(char).startswith("L"):
            base = unicodedata.normalize("NFKC", char)
            if len(base) == 1 and "\u0621" <= base <= "\u064a":
                forms.setdefault(base, []).append(char)
    return forms


_FORMS = _presentation_forms()


def _words() -> list[str]:
    """The figures' own words: number words, counted nouns, months, figure words, entities."""
    months = load_months()["name"].to_list()
    words = [
        *load_number_words()["word"].to_list(),
        *load_figure_nouns()["word"].to_list(),
        *months,
        *[f"{a}/{b}" for a in months[:15] for b in months[15:]],
        *load_figure_words()["word"].to_list(),
        *load_entities()["aliases"].explode().head(300).to_list(),
    ]
    return sorted({w for w in words if w})


_WORDS = _words()


@st.composite
def _number(draw) -> str:
    digits = draw(
        st.one_of(
            st.integers(0, 40).map(str),
            st.integers(1900, 2100).map(str),
            st.integers(0, 10**6).map(str),
            st.sampled_from(["2,500", "2.5", "١٢٫٥", "٢٬٥٠٠", "0012", "3/4", "15/2/2021"]),
            st.text("0123456789", min_size=1, max_size=25),
        )
    )
    return draw(st.sampled_from([digits, digits.translate(_EASTERN), digits.translate(_PERSIAN)]))


@st.composite
def _word(draw) -> str:
    word = draw(st.sampled_from(_WORDS))
    for plain, other in _SPELLINGS:
        if plain in word and draw(st.integers(0, 7)) == 0:
            word = word.replace(plain, other, 1)
    return draw(st.sampled_from(_CLITICS)) + word


@st.composite
def _decorated(draw, token: str) -> str:
    """``token`` with diacritics, tatweel and presentation forms among its letters."""
    out = []
    for char in token:
        if char in _FORMS and draw(st.integers(0, 9)) == 0:
            char = draw(st.sampled_from(_FORMS[char]))
        out.append(char)
        if char.isalpha() and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from([*_DIACRITICS, _TATWEEL, _TATWEEL * 3])))
    return "".join(out)


@st.composite
def _text(draw) -> str:
    pieces = draw(
        st.lists(
            st.one_of(_word(), _word(), _number(), st.sampled_from(_PUNCTUATION)),
            min_size=1,
            max_size=40,
        )
    )
    out = []
    for piece in pieces:
        if draw(st.integers(0, 2)) == 0:
            piece = draw(_decorated(piece))
        out.append(draw(st.sampled_from([" ", " ", " ", "", "\n", "  ", "، "])))
        out.append(piece)
    return "".join(out)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(_text(), min_size=1, max_size=3))
def test_hypothesis_text(texts):
    assert_same(of_texts(texts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩ /-.,،ـ\u064eوفي الف جندي", max_size=60))
def test_hypothesis_characters(text):
    """Digits, separators and marks close together, no words needed."""
    assert_same(of_texts([text]))


# --------------------------------------------------------------------------------------------
# Without numba
# --------------------------------------------------------------------------------------------


def test_without_numba_the_default_is_the_reference(tmp_path):
    """A process where numba cannot be imported: ``available()`` is False and a call that
    asks for the kernels (``compiled=True``) gives the reference's frame."""
    script = (
        "import sys; sys.modules['numba'] = None\n"
        "from toolkit.datasets import practice_articles\n"
        "from toolkit.figures import extract_figures\n"
        "from toolkit.figures.jit import available\n"
        "assert not available()\n"
        "found = extract_figures(practice_articles(), compiled=True)\n"
        f"found.write_parquet({str(tmp_path / 'f.parquet')!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=300)
    fallback = pl.read_parquet(tmp_path / "f.parquet")
    reference, compiled = both(practice_articles())
    assert fallback.height > 20
    assert_frame_equal(fallback, reference, check_exact=True)
    assert_frame_equal(fallback, compiled, check_exact=True)


def test_compiled_path_is_taken_when_numba_is_there(monkeypatch):
    """``compiled=True`` uses the kernels (so the equality above compares two paths); the
    default call is the reference."""
    import toolkit.figures.compiled as compiled

    calls = []
    real = compiled.compiled_rows
    monkeypatch.setattr(compiled, "compiled_rows", lambda *a: calls.append(1) or real(*a))
    extract_figures(seed_articles(), compiled=True)
    assert calls == [1]
    extract_figures(seed_articles())
    assert calls == [1]


def test_an_edited_lexicon_set(tmp_path):
    """Both paths read the same edited files: a new month form and a new troop noun."""
    from toolkit.lexicons import SHIPPED

    months = (SHIPPED / "months.csv").read_text(encoding="utf-8")
    (tmp_path / "months.csv").write_text(months + "جانفي,1,Maghreb,\n", encoding="utf-8")
    nouns = (SHIPPED / "figure_nouns.csv").read_text(encoding="utf-8")
    (tmp_path / "figure_nouns.csv").write_text(
        nouns + "مظلي,troops,soldier,,a paratrooper,\n", encoding="utf-8"
    )
    texts = [
        "وصلت في 3 جانفي 2020 نحو 40 مظلي و2500 جندي أمريكي.",
        "في جانفي/كانون الثاني 2021 غادر ٣٠ مظلي أمريكي.",
    ]
    found = assert_same(of_texts(texts), lexicons=tmp_path)
    assert ("3 جانفي 2020", "date") in found.select("surface", "kind").rows()
    kinds = dict(found.filter(pl.col("noun") == "مظلي").select("surface", "kind").rows())
    assert set(kinds.values()) == {"troops"}, kinds
    shipped = extract_figures(of_texts(texts))
    assert "troops" not in shipped.filter(pl.col("noun") == "مظلي")["kind"].to_list()


def test_the_figures_bench_compares_equal_frames():
    """The plumbing of ``benchmarks/figures.py`` (no time is checked)."""
    from benchmarks.figures import _markdown, throughput

    articles = pl.concat(list(generated_articles(30, seed=1))).select("article_id", "text")
    speed = throughput(articles, 1, subjects=False)
    assert speed["equal"] and speed["figures"] > 100
    assert set(speed["runs"]) == {"reference", "compiled"}
    mode = {**speed, "mb_per_s": {"reference": 1.0, "compiled": 2.0}, "ratio": 2.0}
    document = {
        "machine": {"cpus": 2, "load_average": [1.0, 1.0]},
        "corpus": {"articles": 30, "text_bytes": 10**5, "seed": 1},
        "first_call": {
            "cold_cache": {"import": 1, "first_call": 2, "second_call": 0.1},
            "warm_cache": {"import": 1, "first_call": 0.5, "second_call": 0.1},
        },
        "throughput": {"no subjects": mode},
    }
    text = _markdown(document)
    assert "**2.0×**" in text and "cold numba cache" in text
