"""Whose force a figure counts: nisbas, given mentions, a custom gazetteer."""

import polars as pl
import pytest
from figures_support import figures_of, one

from toolkit.datasets import course_articles
from toolkit.figures import (
    extract_figures,
)

# --------------------------------------------------------------------------------------------
# Subjects
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("يوجد نحو 2500 جندي أمريكي في العراق", "us_administration"),
        ("يوجد نحو 2500 جندي أميركي في العراق", "us_administration"),
        ("انتشرت 3000 من القوات العراقية", "iraqi_government"),
        ("وصل 500 من عناصر التحالف الدولي إلى القاعدة", "us_led_coalition"),
        ("أرسل الناتو 400 مستشار إلى بغداد", "nato"),
        ("القوات الأمريكية التي لا يتجاوز عددها 2500 جندي", "us_administration"),
        ("وصل 400 جندي بريطاني", None),  # a nisba with no party: null, not a guess
        ("في العراق 400 جندي", None),  # a place is not an owner
        ("وصل 400 جندي إلى القاعدة", None),
    ],
)
def test_subjects(text, subject):
    assert one(text)["subject"] == subject


def test_subjects_can_be_switched_off():
    row = figures_of("أرسل الناتو 400 مستشار", subjects=False).row(0, named=True)
    assert row["subject"] is None and row["kind"] == "troops"


def test_given_mentions_give_the_same_figures(seed):
    from toolkit.entities import extract_entities

    tricky = pl.DataFrame(
        {
            "article_id": ["t1", "t2", "t3", "t4"],
            "text": [
                "قال الناتو إن لديه قوة تزيد عن 300، ثم أرسلت الولايات المتحدة 500 جندي.",
                "وفي العراق 2500 عنصر من التحالف الدولي، وأرسلت إيران نحو 200 مستشار إلى سوريا.",
                # damaged as real input is: a thin space, a tatweel run, a clitic on an
                # adjective (no alias as written), presentation forms
                "وذكرت مصادر أن البرلمان بالعراقي وافق على بقاء لا\u2006يتجاوز أربعة "
                "ـــــــآلاف عنصر لأغراض التدريب.",
                "وقالت الحكومة بالعراقية إن 1500 جندي سيبقون، وأرسل \ufe8d\ufedf\ufee8\ufe8e"
                "\ufe97\ufeee 300 جندي.",
            ],
        }
    )
    for articles in (course_articles(), seed, tricky):
        plain = extract_figures(articles)
        assert plain["subject"].drop_nulls().len() > 0
        given = extract_figures(articles, mentions=extract_entities(articles))
        assert given.equals(plain)
        assert extract_figures(articles, mentions=extract_entities(articles).lazy()).equals(plain)
    none = extract_figures(tricky, mentions=extract_entities(tricky).head(0))
    assert none["subject"].drop_nulls().len() < plain["subject"].drop_nulls().len()
    with pytest.raises(ValueError, match="party"):
        extract_figures(tricky, mentions=pl.DataFrame({"article_id": ["t1"], "start": [0]}))


def test_a_custom_lexicon_gives_subjects_its_default_aliases_do_not(tmp_path):
    """The clause pre-filter follows the lexicon in use: an entity that only a custom lexicon
    knows (here added to the shipped one) gives subjects, whether the figures read the
    entities with ``gazetteer=`` or are given mentions found with it."""
    from toolkit.entities import extract_entities
    from toolkit.lexicons import lexicon_path, load_entities

    shipped = lexicon_path("entities.csv").read_text(encoding="utf-8").rstrip("\n")
    assert "الصقور" not in shipped
    path = tmp_path / "entities.csv"
    row = (
        "falcons,كتائب الصقور,Falcons Brigades,ORG,iran_backed_militias,كتائب الصقور|ألوية الصقور,"
    )
    path.write_text(f"{shipped}\n{row}\n", encoding="utf-8")
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "text": [
                "وأعلنت كتائب الصقور أن لديها أكثر من 300 مقاتل في المنطقة.",
                "وقال الناتو إن لديه قوة تزيد عن 300، ثم أرسلت ألوية الصقور 500 مقاتل.",
            ],
        }
    )
    expected = [
        ("أكثر من 300 مقاتل", "iran_backed_militias", "كتائب الصقور"),
        ("تزيد عن 300", "nato", "الناتو"),
        ("500 مقاتل", "iran_backed_militias", "ألوية الصقور"),
    ]
    columns = ["surface", "subject", "subject_surface"]
    default = extract_figures(articles).select(columns).rows()
    assert [row[1] for row in default] == [None, "nato", None]
    for figures in (
        extract_figures(articles, gazetteer=path),
        extract_figures(articles, gazetteer=str(path)),
        extract_figures(articles, gazetteer=load_entities(path)),
        extract_figures(articles, mentions=extract_entities(articles, gazetteer=path)),
        extract_figures(
            articles, mentions=extract_entities(articles, gazetteer=load_entities(path))
        ),
    ):
        assert figures.select(columns).rows() == expected
    # the custom entity alone: mentions of it count though no shipped alias is in the clause
    alone = tmp_path / "alone.csv"
    alone.write_text(f"{shipped.splitlines()[0]}\n{row}\n", encoding="utf-8")
    given = extract_figures(articles, mentions=extract_entities(articles, gazetteer=alone))
    assert given.select(columns).rows() == [expected[0], ("تزيد عن 300", None, None), expected[2]]
    assert extract_figures(articles, gazetteer=alone).equals(given)
