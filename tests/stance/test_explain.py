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
