"""Names as journalists type them: one edit in a long alias word, a lost space inside a name or
between two names; the precision of edit-based matches on ordinary words one edit away."""

from __future__ import annotations

import polars as pl
import pytest
import wordfreq
from polars.testing import assert_frame_equal

from toolkit.arabic import normalize
from toolkit.entities import FastPath, extract_entities
from toolkit.entities.reference import extract_entities_reference
from toolkit.entities.spelling import one_edit, prefixes
from toolkit.entities.tables import entity_tables
from toolkit.lexicons.frequencies import word_frequencies


def frame(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})


def spelled(text: str) -> list[tuple[str, str]]:
    """(surface, entity) of the spelling mentions, checked on both paths."""
    articles = frame(text)
    fast = extract_entities(articles)
    assert_frame_equal(fast, extract_entities_reference(articles))
    for start, end, surface in fast.select("start", "end", "surface").iter_rows():
        assert text[start:end] == surface
    return fast.filter(pl.col("method") == "spelling").select("surface", "entity").rows()


def test_one_edit():
    assert one_edit("ماكينزي", "ماكنيزي") == ("transpose", 3)
    assert one_edit("بومبيو", "بومبيوو") == ("insert", 6)
    assert one_edit("ستولتنبرغ", "ستولتنرغ") == ("delete", 6)
    assert one_edit("سافايا", "سافاىا") == ("substitute", 4)
    assert one_edit("ماكينزي", "ماكينزي") is None
    assert one_edit("ماكينزي", "ماكنزيي") is None  # two edits


def test_prefixes_cut_as_the_matcher_cuts():
    cuts = {(c, a, r) for c, a, r in prefixes("وللناتو")}
    assert ("ول", "ل", "ناتو") in cuts and ("", "", "وللناتو") in cuts


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("أعلن الأمين العام ينس ستولتنرغ أن الحلف باق", "ينس ستولتنرغ", "jens_stoltenberg"),
        ("وقال وزير الخارجية الأسبق مايك بومبيوو إن", "مايك بومبيوو", "mike_pompeo"),
        (
            "ورحب رئيس الوزراء محمد شياع السوادني بالقرار",
            "محمد شياع السوادني",
            "mohammed_shia_al_sudani",
        ),
    ],
)
def test_a_typo_inside_an_alias_whose_other_words_are_right(text, surface, entity):
    assert spelled(text) == [(surface, entity)]


def test_a_typo_alone_needs_the_name_written_right_in_the_article():
    right = "وقال الجنرال فرانك ماكينزي إن القوات باقية. "
    assert spelled(right + "وأضاف ماكنيزي أن المهمة مستمرة") == [("ماكنيزي", "kenneth_mckenzie")]
    assert spelled("وأضاف ماكنيزي أن المهمة مستمرة") == []
    # with a clitic in front
    assert spelled(right + "وقال لماكنيزي إن") == [("ماكنيزي", "kenneth_mckenzie")]


def test_a_substitution_alone_is_no_mention():
    right = "وقال الجنرال فرانك ماكينزي إن القوات باقية. "
    assert spelled(right + "وأضاف ماكينري أن") == []  # ز → ر, alone


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("وقال حزبالله في بيان إن", [("حزبالله", "hezbollah_lebanon")]),
        ("ولدى الولاياتالمتحدة نحو 2500 جندي", [("الولاياتالمتحدة", "united_states")]),
        ("وقال جوبايدن إن القوات ستبقى", [("جوبايدن", "joe_biden")]),
        ("وهاتف وجوبايدن نظيره", [("جوبايدن", "joe_biden")]),
        (
            "وكانت الولاياتالمتحدةوالعراق قد اتفقتا",
            [("الولاياتالمتحدة", "united_states"), ("العراق", "iraq")],
        ),
        ("وتبادل العراقوإيران الرسائل", [("العراق", "iraq"), ("إيران", "iran")]),
    ],
)
def test_lost_spaces(text, found):
    mentions = extract_entities(frame(text))
    assert_frame_equal(mentions, extract_entities_reference(frame(text)))
    for start, end, surface in mentions.select("start", "end", "surface").iter_rows():
        assert text[start:end] == surface
    assert mentions.select("surface", "entity").rows() == found


def test_ordinary_words_are_not_respelled():
    index = entity_tables().spelling
    for word in ["كردستاني", "الكردستاني", "العراقية", "الحكومه", "الاموال", "عبدالله"]:
        assert index.respell(normalize(word)) is None, word


def test_articles_with_typos_go_to_the_reference_and_the_others_do_not():
    sent: list[int] = []
    fast = FastPath(on_reference=lambda a: sent.append(a.height))
    articles = frame(
        "قال ينس ستولتنرغ إن", "قال ينس ستولتنبرغ إن", "وقال حزبالله إن", "وقال العراقي إن"
    )
    found = extract_entities(articles, fast=fast)
    assert_frame_equal(found, extract_entities_reference(articles))
    assert sent == [1]  # only the typo; حزبالله is an alias


# ---- the precision of edit-based matches ------------------------------------------------


@pytest.fixture(scope="module")
def neighbours() -> list[tuple[str, str]]:
    """Words of wordfreq's Arabic vocabulary (offline) one edit away from an alias word the
    index may respell to: ordinary words, other names, and real misspellings of the name."""
    index = entity_tables().spelling
    vocabulary = {normalize(w) for bucket in wordfreq.get_frequency_list("ar") for w in bucket}
    out = []
    for word in sorted(vocabulary):
        if not word.isalpha():
            continue
        key = word.replace("ة", "ه")
        bare = key[2:] if key.startswith("ال") else None
        for article, rest in ((False, key), (True, bare)):
            if rest is None or len(rest) not in index.lengths:
                continue
            near = index.neighbours.get(rest, set()).union(
                *(index.neighbours.get(rest[:i] + rest[i + 1 :], set()) for i in range(len(rest)))
            )
            stem = next(
                (s for s in sorted(near) if (s, article) in index.owners and one_edit(s, rest)),
                None,
            )
            if stem is not None:
                out.append((word, stem))
                break
    return out


def _typos(stem: str, article: bool) -> dict[str, str]:
    """One typo of each kind in the middle of a stem, when it is no word and the word is long
    enough for the rule (seven letters with the article; six for a letter added)."""
    zipf = word_frequencies().zipf
    m = len(stem) // 2 - 1
    kinds = {
        "transpose": stem[:m] + stem[m + 1] + stem[m] + stem[m + 2 :],
        "double": stem[: m + 1] + stem[m] + stem[m + 1 :],
        "drop": stem[:m] + stem[m + 1 :],
        "substitute": stem[:m] + ("ت" if stem[m] != "ت" else "ث") + stem[m + 1 :],
    }
    size = len(stem) + 2 * article
    return {
        k: w
        for k, w in kinds.items()
        if w != stem and zipf(w.replace("ه", "ة")) == 0 and (size >= 7 or k == "double")
    }


def test_the_precision_of_edit_based_matches(neighbours):
    """Ordinary words one edit from an alias word (2,000 or so from wordfreq's vocabulary) in
    plain sentences are false matches if matched; typos of every kind inside their alias, and
    the same typos (but substitutions) alone after the name, are true matches if matched to
    the right entity. The precision is measured on both together."""
    assert len(neighbours) > 1000
    plain = [f"وقال {word} إن الوضع مستقر" for word, _ in neighbours]
    false = extract_entities(frame(*plain)).filter(pl.col("method") == "spelling").height
    tables = entity_tables()
    alone = set(tables.aliases.filter(pl.col("n") <= 2)["key"].to_list())  # one-word aliases
    texts, expected = [], []
    rows = tables.aliases.filter(pl.col("label") == "PERSON").select("entity_id", "alias", "key")
    for entity, alias, _ in rows.iter_rows():
        words = normalize(alias).split()
        if len(words) < 2:
            continue
        for i, word in enumerate(words):
            article = word.startswith("ال")
            stem = (word[2:] if article else word).replace("ة", "ه")
            if (stem, article) not in tables.spelling.owners:
                continue
            for kind, typo in _typos(stem, article).items():
                written = ("ال" if article else "") + typo
                inside = " ".join([*words[:i], written, *words[i + 1 :]])
                texts.append(f"وقال {inside} إن الوضع مستقر")
                expected.append(entity)
                by_itself = f"ال {stem}" if article else stem
                if kind != "substitute" and by_itself in alone:
                    texts.append(f"وقال {alias} إن الوضع مستقر. وأضاف {written} أن")
                    expected.append(entity)
    found = extract_entities(frame(*texts)).filter(pl.col("method") == "spelling")
    by_text = dict(found.group_by("article_id").agg(pl.col("entity").last()).iter_rows())
    right = sum(by_text.get(f"a{i}") == e for i, e in enumerate(expected))
    wrong = len(by_text) - right
    precision = right / (right + wrong + false)
    recall = right / len(expected)
    print(
        f"\nedit-based matches: {false} false matches on {len(neighbours)} vocabulary words; "
        f"{right} of {len(expected)} typos found ({wrong} with another entity); "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert false <= len(neighbours) * 0.005
    assert precision >= 0.95 and recall >= 0.8
