"""Reading once: the memory of readings (memo=) gives exactly the claims of reading afresh."""

import sys
from pathlib import Path

import polars as pl
import pytest

from toolkit.stance import MemoSettings, classify_stance


def _without_memory(articles: pl.DataFrame) -> pl.DataFrame:
    return classify_stance(articles, memo=False)


def test_remembered_readings_equal_fresh_ones_on_the_shipped_texts():
    from toolkit.datasets import heldout_passages, practice_articles, seed_articles

    for articles in (seed_articles(), practice_articles(), heldout_passages()[0]):
        assert classify_stance(articles).equals(_without_memory(articles))


def _generated(count: int, seed: int) -> pl.DataFrame:
    root = str(Path(__file__).resolve().parents[2])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    return pl.concat(list(articles(count, seed=seed))).select("article_id", "text")


def test_remembered_readings_equal_fresh_ones_on_a_generated_corpus():
    """Generated news repeats sentences, with and without diacritics, tatweel and clitics,
    across and inside articles: the remembered readings (same sentence, or words that read
    alike) must give what reading every sentence afresh gives, carried-over speakers and
    owners of bare forces included."""
    corpus = _generated(400, 5)
    remembered = classify_stance(corpus)
    assert remembered.height > 1000
    assert remembered.equals(_without_memory(corpus))


def test_a_small_memory_forgets_and_still_reads_the_same():
    """Tight limits: the memory starts afresh, drops contexts, and leaves long sentences
    unremembered; the claims stay those of reading afresh."""
    corpus = _generated(60, 11)
    fresh = _without_memory(corpus)
    for settings in (
        MemoSettings(sentences=3, contexts=1),
        MemoSettings(chars=80, words=12),
        MemoSettings(sentences=0),
    ):
        assert classify_stance(corpus, memo=settings).equals(fresh), settings


def test_memo_takes_true_false_or_settings(claims_of):
    text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    assert claims_of(text, memo=True).equals(claims_of(text, memo=MemoSettings()))
    with pytest.raises(TypeError, match="memo must be"):
        claims_of(text, memo=100)


def test_a_sentence_read_again_in_another_context_asks_the_context_again():
    said = "وقال التيار الصدري إن الحكومة مستمرة."
    again = "وأضاف أن انسحاب القوات الأمريكية ضروري."
    alike = "وأضـاف أنّ انسحابَ القواتِ الأمريكية ضروري."  # reads like `again`
    texts = [
        "\n".join([said, again, alike]),
        "\n".join(["وقال بايدن إن الحكومة مستمرة.", alike, again]),
        "\n".join([again, alike]),  # nobody to carry over
    ]
    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "text": texts})
    claims = classify_stance(articles)
    assert claims.equals(_without_memory(articles))
    found = {
        (a, s, p): rule.split(":")[0]
        for a, s, p, rule in claims.select("article_id", "sentence_id", "party", "rule").rows()
    }
    assert found[("a", 2, "sadrist_movement")] == found[("a", 3, "sadrist_movement")]
    assert found[("a", 3, "sadrist_movement")] == "carry_over"
    assert found[("b", 2, "us_administration")] == found[("b", 3, "us_administration")]
    assert found[("b", 2, "us_administration")] == "carry_over"
    assert not [key for key in found if key[0] == "c"]
    for row in claims.iter_rows(named=True):
        text = texts["abc".index(row["article_id"])]
        for name in ("cue", "speaker"):
            if row[name] is not None:
                assert text[row[f"{name}_start"] : row[f"{name}_end"]] == row[name]


def test_a_sentence_read_as_its_lightened_text_keeps_exact_offsets():
    """Variants of one sentence (diacritics, tatweel, Eastern digits, zero-width and
    directional marks) are read once, as their lightened text, and each keeps its own offsets:
    a word still ends after its last diacritic and before a directional mark."""
    plain = "وقال التيار الصدري إن 2500 جندي أمريكي يجب أن يغادروا، ورفض بقاء القوات الأمريكية."
    variants = [
        plain,
        plain.replace("الصدري", "الصَّدْرِيِّ").replace("القوات", "القُوّاتِ"),
        plain.replace("بقاء", "بقـــاء").replace("2500", "٢٥٠٠"),
        plain.replace(" ", " \u200f").replace("التيار", "التيار\u200e"),
        plain.replace("الصدري", "الصدري\u200b").replace("بقاء", "\u200dبقاء"),
    ]
    articles = pl.DataFrame(
        {"article_id": [f"v{k}" for k in range(len(variants))], "text": variants}
    )
    claims = classify_stance(articles)
    assert claims.equals(_without_memory(articles))
    labels = claims.filter(article_id="v0").select("party", "stance", "rule").rows()
    assert labels
    for k, text in enumerate(variants):
        found = claims.filter(article_id=f"v{k}")
        assert found.select("party", "stance", "rule").rows() == labels
        for row in found.iter_rows(named=True):
            for name in ("cue", "speaker"):
                if row[name] is not None:
                    start, end = row[f"{name}_start"], row[f"{name}_end"]
                    assert text[start:end] == row[name]
                    assert not row[name][-1].isspace() and row[name][-1] not in "\u200e\u200f"
    marked = claims.filter(article_id="v1")["speaker"].to_list()
    assert "التيار الصَّدْرِيِّ" in marked
