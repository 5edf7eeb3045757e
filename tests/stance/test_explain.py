"""explain_stance: the reading of a sentence, layer by layer."""

from toolkit.stance import explain_stance


def test_explain_stance_lists_what_was_read():
    steps = explain_stance("وأكد مسؤولون عراقيون انسحاب القوات الأمريكية.")
    assert steps["layer"].to_list() == ["clause", "holder", "cue", "claim"]
    assert "row" in steps.filter(layer="cue")["detail"].item()


def test_explain_stance_shows_conditions_and_modifiers():
    steps = explain_stance("وهددت كتائب حزب الله باستهداف القوات الأمريكية إذا لم تنسحب من العراق.")
    assert "conditional clause" in steps.filter(layer="clause")["detail"].to_list()
    assert {"condition", "negation"} <= set(steps.filter(layer="modifier")["detail"])
    assert steps.filter(layer="claim")["detail"].item().startswith("oppose (speaker:conditional")


def _why(text: str) -> str:
    steps = explain_stance(text)
    assert steps["layer"].to_list()[-1] == "no claim", steps
    return steps["detail"].to_list()[-1]


def test_a_sentence_without_a_position_says_why():
    assert _why("وقال الوزير إن الاجتماع كان مثمراً.").startswith("no cue")
    theatre = _why("وأعلن البنتاغون انسحاب القوات الأمريكية من أفغانستان.")
    assert theatre.startswith("off target") and "another theatre" in theatre
    country = _why("دعا التيار الصدري إلى انسحاب القوات التركية من العراق.")
    assert country.startswith("off target") and "another country" in country
    assert _why("انسحاب القوات الأمريكية من العراق ضروري.").startswith("no holder found")


def test_a_sentence_with_a_position_has_no_verdict_row():
    steps = explain_stance("دعا التيار الصدري إلى انسحاب القوات الأمريكية من العراق.")
    assert "no claim" not in steps["layer"].to_list()
