"""Reading in several processes (workers=) gives the claims of reading in this one."""

import polars as pl

from toolkit.lexicons import load_entities, load_stance_cues
from toolkit.stance import MemoSettings, classify_stance
from toolkit.stance.parallel import parts_of


def test_reading_in_several_processes_gives_the_same_claims():
    from toolkit.datasets import practice_articles

    articles = practice_articles()
    alone = classify_stance(articles, workers=1)
    assert classify_stance(articles, workers=2).equals(alone)
    assert classify_stance(articles.head(1), workers=3).equals(classify_stance(articles.head(1)))


def test_workers_get_the_frames_and_options_of_the_call(seed):
    """Cue and entity frames, and the memo option, are handed over to the workers."""
    from toolkit.datasets import practice_articles

    articles = pl.concat([seed, practice_articles()], how="diagonal").select("article_id", "text")
    cues, entities = load_stance_cues(), load_entities()
    options = {"cues": cues, "gazetteer": entities, "memo": MemoSettings(contexts=1)}
    alone = classify_stance(articles, workers=1, **options)
    assert classify_stance(articles, workers=2, **options).equals(alone)
    assert alone.equals(classify_stance(articles, workers=1))


def test_parts_are_cut_between_articles():
    columns = pl.DataFrame(
        {
            "article_id": ["a", "a", "b", "c", "c", "c"],
            "sentence_id": [1, 2, 1, 1, 2, 3],
            "start": [0] * 6,
            "end": [10] * 6,
            "text": ["x" * 10] * 6,
        }
    )
    parts = parts_of(columns, 2)
    assert len(parts) == 2 and pl.concat(parts).equals(columns)
    ids = [set(p["article_id"]) for p in parts]
    assert not ids[0] & ids[1]
    single = parts_of(columns, 1)
    assert len(single) == 1 and single[0].equals(columns)
    assert len(parts_of(columns, None)) == 1  # small: read in this process
