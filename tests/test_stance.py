"""Stance by party: one test per rule on sentences written for these tests, the lexicon
checks, the evaluation and aggregation, and the scores on the seed and held-out gold."""

import datetime as dt
import shutil

import polars as pl
import pytest

from toolkit.evaluate import evaluate_stance
from toolkit.lexicons import LexiconError, lexicon_path, load_speakers, load_stance_cues
from toolkit.lexicons.patterns import parse_pattern
from toolkit.stance import CLAIM_SCHEMA, classify_stance, explain_stance, party_stance


def claims_of(*sentences: str, **options) -> pl.DataFrame:
    text = "\n".join(sentences)
    return classify_stance(pl.DataFrame({"article_id": ["t"], "text": [text]}), **options)


def reading(*sentences: str, **options) -> dict[tuple[int, str], str]:
    """{(sentence_id, party): stance} of a short text."""
    claims = claims_of(*sentences, **options)
    return {(s, p): st for s, p, st in claims.select("sentence_id", "party", "stance").rows()}


def rule_of(claims: pl.DataFrame, party: str) -> str:
    return claims.filter(party=party)["rule"].item()


# ---- negation ------------------------------------------------------------------------------


def test_negated_withdrawal_is_support():
    claims = claims_of("قال مسؤول أمريكي إن واشنطن لا تنوي سحب قواتها من العراق.")
    assert claims.select("party", "stance").rows() == [("us_administration", "support")]
    assert rule_of(claims, "us_administration") == "speaker:negated"


def test_not_acceptable_is_oppose():
    text = "وقال التيار الصدري إن وجود القوات الأمريكية غير مقبول."
    assert reading(text) == {(1, "sadrist_movement"): "oppose"}


def test_no_longer_needing_combat_troops_is_oppose_of_combat_forces():
    claims = claims_of("وقال وزير الخارجية العراقي إن بلاده لم تعد بحاجة إلى قوات قتالية أمريكية.")
    assert claims.select("party", "stance", "aspect").row(0) == (
        "iraqi_government",
        "oppose",
        "combat",
    )


def test_stopping_attacks_is_no_position():
    text = "وأعلنت كتائب حزب الله وقف الهجمات على القوات الأمريكية."
    assert reading(text) == {(1, "iran_backed_militias"): "neutral"}


def test_fixed_phrases_with_la_do_not_negate():
    text = "وتواصل أحزاب عدة، ولا سيما التيار الصدري، المطالبة بانسحاب القوات الأمريكية."
    assert reading(text)[(1, "sadrist_movement")] == "oppose"


# ---- attribution ---------------------------------------------------------------------------


def test_reporting_verb_without_subject_carries_the_previous_speaker_over():
    claims = claims_of(
        "قال مسؤول عراقي رفيع إن المحادثات مع واشنطن ستستمر.",
        "وأضاف أن الحكومة تريد جدولا زمنيا لانسحاب القوات الأمريكية.",
    )
    second = claims.filter(sentence_id=2).row(0, named=True)
    assert (second["party"], second["stance"], second["rule"]) == (
        "iraqi_government",
        "oppose",
        "carry_over:cue",
    )
    # The speaker is where it was named: in the first sentence.
    assert second["speaker"] == "مسؤول عراقي"
    assert second["speaker_end"] < claims.filter(sentence_id=2)["start"].item()


def test_anaphoric_subject_finds_its_antecedent_past_another_speaker():
    claims = claims_of(
        "قال مسؤول كبير في البنتاغون إن المحادثات كانت مثمرة.",
        "وذكرت وكالة رويترز أن الجولة المقبلة ستعقد في بغداد.",
        "وقال المسؤول إن القوات الأمريكية ستبقى في العراق.",
    )
    third = claims.filter(sentence_id=3)
    assert third.select("party", "stance", "rule").row(0) == (
        "us_administration",
        "support",
        "carry_over:cue",
    )


def test_a_participle_continues_the_sentence_speaker():
    text = "وجدد التيار الصدري رفضه لأي وجود عسكري أجنبي، مطالبا بخروج القوات الأمريكية فورا."
    claims = claims_of(text)
    assert claims.select("party", "stance").rows() == [("sadrist_movement", "oppose")]
    cues = [e["text"] for e in claims["evidence"][0] if e["kind"] == "cue"]
    assert any("بخروج" in cue or "خروج" in cue for cue in cues)


def test_group_nouns_name_their_party():
    assert reading("وقالت فصائل مسلحة موالية لإيران إنها ستواصل استهداف القوات الأمريكية.") == {
        (1, "iran_backed_militias"): "oppose"
    }
    assert reading("ويرى كثير من العراقيين أن الوجود العسكري الأمريكي احتلال.") == {
        (1, "iraqi_public"): "oppose"
    }


def test_officials_with_two_nisbas_speak_for_both_governments():
    text = "وأكد مسؤولون عراقيون وأمريكيون أنهم يؤيدون بقاء المستشارين الأمريكيين."
    assert reading(text) == {
        (1, "iraqi_government"): "support",
        (1, "us_administration"): "support",
    }


def test_speaker_without_party_hands_over_to_the_reported_subject():
    claims = claims_of("وقالت مصادر إن الحشد الشعبي يرفض بقاء القوات الأمريكية.")
    assert claims.select("party", "stance", "rule").row(0) == (
        "iran_backed_militias",
        "oppose",
        "embedded:cue",
    )


def test_a_partitive_min_keeps_its_group_as_holder():
    text = "وأظهر استطلاع أن 60% من العراقيين يؤيدون خروج القوات الأجنبية."
    assert reading(text) == {(1, "iraqi_public"): "oppose"}


def test_names_after_a_preposition_or_as_object_hold_no_position():
    # إلى إدارة بايدن is where a request goes; القادة العراقيين is who is urged.
    text = "ودعت واشنطن القادة العراقيين إلى الإبقاء على القوات الأمريكية."
    assert reading(text) == {(1, "us_administration"): "support"}
    text = "أرسل مسؤولون عراقيون طلبا إلى إدارة بايدن بشأن انسحاب القوات الأمريكية."
    assert reading(text) == {(1, "iraqi_government"): "oppose"}


def test_an_action_states_the_actors_position():
    claims = claims_of("وأطلقت فصائل مسلحة صواريخ على قاعدة تستضيف قوات أمريكية غرب بغداد.")
    assert claims.select("party", "stance", "rule").row(0) == (
        "iran_backed_militias",
        "oppose",
        "actor:cue",
    )


def test_a_source_marker_names_a_neutral_holder():
    claims = claims_of("ويوجد نحو 2500 جندي أمريكي في العراق، بحسب البنتاغون.")
    assert claims.select("party", "stance", "rule").row(0) == (
        "us_administration",
        "neutral",
        "source:neutral",
    )


def test_a_negated_relative_clause_attaches_to_its_own_subject():
    text = "وصوت البرلمان العراقي على قرار يطالب بخروج القوات الأجنبية، وهو ما لم تلتزم به واشنطن."
    assert reading(text) == {(1, "iraqi_parliament"): "oppose", (1, "us_administration"): "neutral"}


# ---- mixed, conditions, comparisons, modality ---------------------------------------------


def test_withdraw_combat_keep_trainers_is_mixed():
    text = (
        "وقالت الحكومة العراقية إنها تريد انسحاب القوات القتالية الأمريكية مع الإبقاء على المدربين."
    )
    claims = claims_of(text)
    assert claims.select("stance", "aspect").row(0) == ("mixed", "combat")
    assert rule_of(claims, "iraqi_government") == "speaker:mixed"


def test_training_without_combat_troops_is_mixed_by_the_limit_rule():
    text = (
        "وقال الناطق باسم الحكومة العراقية إن بغداد تحتاج إلى التدريب والمشورة من دون قوات "
        "قتالية أجنبية."
    )
    claims = claims_of(text)
    assert claims.select("party", "stance").row(0) == ("iraqi_government", "mixed")
    assert rule_of(claims, "iraqi_government") == "speaker:limit"


def test_a_threat_unless_they_leave_stays_oppose():
    text = "وهددت كتائب حزب الله باستهداف القوات الأمريكية إذا لم تنسحب من العراق."
    claims = claims_of(text)
    assert claims.select("party", "stance", "rule").row(0) == (
        "iran_backed_militias",
        "oppose",
        "speaker:conditional",
    )


def test_support_on_a_condition_is_mixed():
    text = (
        "وقال رئيس إقليم كردستان إن الإقليم يقبل بقاء القوات الأمريكية إذا اقتصر دورها على التدريب."
    )
    assert reading(text) == {(1, "kurdistan_region"): "mixed"}


def test_names_inside_a_condition_hold_nothing():
    text = (
        "وقالت مصادر إن الفصائل وافقت على وقف الهجمات ضد القوات الأمريكية إذا طلب رئيس الوزراء "
        "مصطفى الكاظمي انسحابها."
    )
    found = reading(text)
    assert found[(1, "iran_backed_militias")] in ("oppose", "mixed")
    assert (1, "iraqi_government") not in found


def test_preferred_over_us_troops_is_oppose():
    claims = claims_of("ويرى العراقيون أن مهمة الناتو مقبولة أكثر من القوات الأمريكية.")
    assert claims.select("party", "stance", "rule").row(0) == (
        "iraqi_public",
        "oppose",
        "speaker:comparative",
    )


def test_a_hedge_halves_the_score_but_keeps_the_label():
    claims = claims_of("وقال مسؤول أمريكي إن واشنطن قد تسحب بعض قواتها من العراق.")
    assert claims.select("stance", "score").row(0) == ("oppose", -0.5)


@pytest.mark.parametrize(
    ("text", "party", "stance"),
    [
        ("وأكد وزير الدفاع الأمريكي لويد أوستن أن بلاده ستحتفظ بقوات في العراق.",
         "us_administration", "support"),
        ("وقال البنتاغون إنه ليس هناك أي خطط لسحب القوات الأمريكية من العراق.",
         "us_administration", "support"),
        ("وقال زعيم التيار الصدري مقتدى الصدر إنه لا بد من إنهاء الوجود الأمريكي.",
         "sadrist_movement", "oppose"),
        ("وقال قيادي في عصائب أهل الحق إنه لا يمكن القبول ببقاء قوات أجنبية.",
         "iran_backed_militias", "oppose"),
        ("وقال قيادي في عصائب أهل الحق إن المقاومة ستستمر حتى خروج آخر جندي أمريكي.",
         "iran_backed_militias", "oppose"),
        ("وترفض طهران الوجود الأمريكي في المنطقة.", "iran", "oppose"),
        ("وقال النائب عن تحالف الفتح إنه يجب أن تغادر القوات الأجنبية البلاد.",
         "fatah_alliance", "oppose"),
    ],
)  # fmt: skip
def test_common_phrasings(text, party, stance):
    assert reading(text) == {(1, party): stance}


# ---- the target ------------------------------------------------------------------------------


def test_nato_expanding_its_own_mission_is_not_a_position_on_us_troops():
    text = (
        "وقال الأمين العام لحلف شمال الأطلسي إن الحلف سيزيد عدد قواته في العراق بطلب من "
        "الحكومة العراقية."
    )
    assert reading(text) == {(1, "nato"): "neutral"}
    assert reading("وأعلن الناتو نشر ألف جندي إضافي في العراق لتدريب القوات العراقية.") == {
        (1, "nato"): "neutral"
    }


def test_withdrawal_of_other_forces_is_off_target():
    text = "وقال مسؤول عراقي إن الحكومة ستطالب بانسحاب القوات التركية من شمال البلاد."
    assert reading(text) == {(1, "iraqi_government"): "neutral"}


def test_bare_forces_belong_to_the_owner_named_earlier_in_the_article():
    found = reading(
        "قالت وزارة الدفاع الأمريكية إن لديها 2500 جندي في العراق.",
        "وأضافت أنها لا تنوي خفض هذا العدد.",
    )
    assert found[(2, "us_administration")] == "support"


def test_a_second_target_with_its_own_cue_file(tmp_path):
    rows = [
        "cue,polarity,aspect,kind,negated,example,note",
        "توسيع/توسع …2 مهمة,support,all,stance,,توسيع مهمة الحلف,expanding the mission",
        "الناتو/الحلف,,,target,,الناتو,NATO is the target here",
        "حلف شمال الأطلسي,,,target,,حلف شمال الأطلسي,",
        "القوات الأمريكية,,,other,,القوات الأمريكية,US troops are not",
        "مهمة/بعثة,,,force,,مهمة,",
    ]
    path = tmp_path / "stance_cues_nato_mission.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    text = "ورحبت الحكومة العراقية بتوسيع مهمة الناتو التدريبية في العراق."
    assert reading(text) == {(1, "iraqi_government"): "neutral"}
    claims = claims_of(text, cues=path, target="nato_mission")
    assert claims.select("party", "stance", "target").row(0) == (
        "iraqi_government",
        "support",
        "nato_mission",
    )


# ---- the frame -----------------------------------------------------------------------------


def test_offsets_point_into_the_original_text(seed):
    claims = classify_stance(seed)
    assert claims.schema == pl.Schema(CLAIM_SCHEMA)
    text = seed["text"][0]
    for row in claims.iter_rows(named=True):
        assert text[row["start"] : row["end"]] == row["sentence"]
        if row["cue"] is not None:
            assert text[row["cue_start"] : row["cue_end"]] == row["cue"]
        if row["speaker"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
        for item in row["evidence"]:
            assert text[item["start"] : item["end"]] == item["text"]
        assert -1.0 <= row["score"] <= 1.0
        assert (row["cue"] is None) == (row["stance"] == "neutral")


def test_diacritics_and_tatweel_keep_exact_offsets():
    text = "وأكّدَ البرلمانُ العراقيّ رفضَهُ بقـاء القـوات الأمـريكية."
    claims = claims_of(text)
    row = claims.row(0, named=True)
    assert (row["party"], row["stance"]) == ("iraqi_parliament", "oppose")
    assert text[row["cue_start"] : row["cue_end"]] == row["cue"] == "رفضَهُ بقـاء"


def test_no_candidates_gives_an_empty_frame_with_the_schema():
    claims = claims_of("الطقس معتدل في بغداد اليوم.")
    assert claims.is_empty() and claims.schema == pl.Schema(CLAIM_SCHEMA)


def test_explain_stance_lists_what_was_read():
    steps = explain_stance("وأكد مسؤولون عراقيون انسحاب القوات الأمريكية.")
    assert steps["layer"].to_list() == ["clause", "holder", "cue", "claim"]
    assert "row" in steps.filter(layer="cue")["detail"].item()


# ---- lexicons --------------------------------------------------------------------------------


def test_the_shipped_lexicons_load():
    cues = load_stance_cues()
    assert {"support", "oppose", "mixed"} <= set(cues["polarity"])
    assert {"target", "other", "host", "force", "negation", "condition"} <= set(cues["kind"])
    assert {"group", "head", "nisba", "verb", "source"} == set(load_speakers()["kind"])


def test_pattern_syntax():
    p = parse_pattern("ضربات …2 على/ضد …")
    assert (len(p.slots), p.gaps, p.reach) == (2, (2,), 4)
    assert parse_pattern("أمريكي*").slots[0].starts == frozenset({"امريكي"})
    for bad, reason in [
        ("… انسحاب", "start with a gap"),
        ("انسحاب … …", "two gaps"),
        ("ان*سحاب", "only start or end"),
        ("withdrawal", "not an Arabic word"),
        ("انسحاب …40 قوات", "larger than"),
    ]:
        with pytest.raises(ValueError, match=reason):
            parse_pattern(bad)


def test_a_bad_cue_file_names_every_row_and_reason(tmp_path):
    rows = [
        "cue,polarity,aspect,kind,negated,example,note",
        "انسحاب*,oppose,all,,,الانسحاب,ok",
        "بقاء,likes,all,,,بقاء,bad polarity",
        "ان*سحاب,oppose,all,,,,bad pattern",
        "رحيل,oppose,all,,,طرد القوات,example does not match",
        "القوات الأمريكية,,,targets,,,unknown kind",
        "طرد,oppose,forever,,,,bad aspect",
    ]
    path = tmp_path / "cues.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_stance_cues(path)
    message = str(error.value)
    assert str(path) in message
    for row, reason in [
        (3, "polarity 'likes'"),
        (4, "only start or end"),
        (5, "does not match its own example"),
        (6, "unknown kind 'targets'"),
        (7, "aspect 'forever'"),
    ]:
        assert f"row {row}: " in message and reason in message


def test_a_cue_file_without_target_rows_is_refused(tmp_path):
    path = tmp_path / "cues.csv"
    path.write_text("cue,polarity,aspect,example,note\nانسحاب*,oppose,all,,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="no 'target' rows"):
        load_stance_cues(path)


def test_an_unknown_target_says_which_targets_exist():
    with pytest.raises(LexiconError, match="shipped targets: us_troops"):
        claims_of("قال مسؤول أمريكي إن القوات ستبقى.", target="mars_base")
    with pytest.raises(ValueError, match="lower-case"):
        claims_of("قال مسؤول أمريكي إن القوات ستبقى.", target="../etc")


def test_a_bad_speakers_file_is_refused(tmp_path):
    path = tmp_path / "speakers.csv"
    shutil.copy(lexicon_path("speakers.csv"), path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("المتظاهرين,group,protesters,,\n")
    with pytest.raises(LexiconError, match=r"needs a party from parties\.csv"):
        load_speakers(path)


def test_adding_a_cue_changes_the_reading():
    text = "وطالب التيار الصدري بترحيل القوات الأمريكية."
    assert reading(text) == {(1, "sadrist_movement"): "neutral"}
    extra = pl.DataFrame(
        {"cue": ["ترحيل"], "polarity": ["oppose"], "aspect": ["all"],
         "example": ["بترحيل القوات"], "note": ["deportation"]}
    )  # fmt: skip
    cues = pl.concat([load_stance_cues(), extra], how="diagonal")
    assert reading(text, cues=cues) == {(1, "sadrist_movement"): "oppose"}


# ---- aggregation and evaluation ----------------------------------------------------------


def test_party_stance_counts_and_picks_the_strongest_evidence():
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "published": [dt.date(2021, 1, 5), dt.date(2021, 2, 7)],
            "text": [
                "دعا التيار الصدري إلى انسحاب القوات الأمريكية.\nوقال التيار الصدري إن الحكومة ستجتمع.",
                "وقال مسؤول أمريكي إن واشنطن قد تسحب بعض قواتها.",
            ],
        }
    )
    claims = classify_stance(articles)
    summary = party_stance(claims)
    sadr = summary.filter(party="sadrist_movement").row(0, named=True)
    assert (sadr["claims"], sadr["oppose"], sadr["neutral"], sadr["net"]) == (2, 1, 1, -1.0)
    assert sadr["leaning"] == "oppose" and sadr["evidence_sentence_id"] == 1
    by_month = party_stance(claims, by="month", articles=articles)
    assert by_month["month"].to_list() == [dt.date(2021, 1, 1), dt.date(2021, 2, 1)]
    assert by_month.filter(party="us_administration")["net"].item() == -0.5


def test_evaluate_stance_counts_accepted_labels():
    gold = {
        "article_id": "t",
        "stance": [
            {"party": "sadrist_movement", "stance": "oppose", "accept": ["oppose"], "sentence": 1},
            {"party": "iraqi_government", "stance": "mixed", "accept": ["mixed", "oppose"],
             "sentence": 2},
            {"party": "nato", "stance": "oppose", "accept": ["oppose", "neutral"], "sentence": 3},
            {"party": "iran", "stance": "oppose", "accept": ["oppose"], "sentence": 4},
        ],
    }  # fmt: skip
    claims = pl.DataFrame(
        {
            "article_id": ["t"] * 4,
            "sentence_id": [1, 2, 3, 5],
            "party": ["sadrist_movement", "iraqi_government", "nato", "iran"],
            "stance": ["oppose", "support", "neutral", "oppose"],
            "cue": ["انسحاب", "بقاء", None, "خروج"],
            "rule": ["speaker:cue"] * 4,
            "sentence": ["…"] * 4,
        }
    )
    scores = evaluate_stance(claims, gold)
    # Predictions: sentence 1 right, 2 wrong label, 5 has no gold claim → P = 1/3.
    # Gold: 1 found, 2 not, 3 found (neutral accepted), 4 missed → R = 2/4.
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 2, 2)
    assert scores["precision"] == pytest.approx(1 / 3) and scores["recall"] == 0.5
    confusion = scores["confusion"]
    assert confusion.filter(gold="mixed")["support"].item() == 1
    assert confusion.filter(gold="none")["oppose"].item() == 1
    assert scores["errors"].height == 3


def test_seed_gold_non_neutral_f1(seed, gold):
    scores = evaluate_stance(classify_stance(seed), gold)
    assert scores["f1"] >= 0.9, scores["errors"]


# ---- views -----------------------------------------------------------------------------------

EVIL = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "</div><div>"]


@pytest.mark.parametrize("evil", EVIL)
def test_evidence_html_escapes_all_article_text(evil):
    from toolkit.views.stance import evidence_html

    text = f"قال مسؤول عراقي {evil} إن الحكومة تطالب بانسحاب القوات الأمريكية {evil}."
    articles = pl.DataFrame({"article_id": [f"a{evil}"], "text": [text]})
    out = evidence_html(classify_stance(articles), articles)
    assert evil not in out and "<script" not in out and "<img" not in out
    assert 'dir="rtl"' in out and 'lang="ar"' in out
    assert '<mark class="tk-cue"' in out and '<mark class="tk-speaker"' in out
    assert "speaker:cue" in out  # the rule is shown


def test_evidence_html_quotes_a_speaker_from_an_earlier_sentence():
    from toolkit.views.stance import evidence_html

    text = "قال مسؤول عراقي إن المحادثات ستستمر.\nوأضاف أن الحكومة تطالب بانسحاب القوات الأمريكية."
    articles = pl.DataFrame({"article_id": ["a"], "text": [text]})
    out = evidence_html(classify_stance(articles).filter(sentence_id=2), articles)
    assert "speaker named earlier" in out and "مسؤول عراقي</mark>" in out


def test_stance_explorer_controls_change_the_html(seed):
    from toolkit.views.stance import stance_explorer

    view = stance_explorer(classify_stance(seed), seed)
    everything = view.result
    view.controls["party"].value = "iraqi_parliament"
    parliament = view.result
    assert parliament != everything and "البرلمان العراقي" in parliament
    view.controls["stance"].value = "support"
    assert view.result != parliament and "0 claims" in view.result
    assert view.draws == 3


def test_party_chart_has_bilingual_names_and_no_missing_glyphs(seed):
    import warnings

    from toolkit.views.plots import figure_png
    from toolkit.views.stance import plot_party_stance

    summary = party_stance(classify_stance(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plot_party_stance(summary, note="note")
        png = figure_png(figure)
    assert png.startswith(b"\x89PNG") and png == figure_png(plot_party_stance(summary, note="note"))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "البرلمان العراقي (Iraqi parliament)" in labels
    assert len(figure.axes) == 2  # the diverging bars and the neutral panel
    english = plot_party_stance(summary, lang="en")
    assert "Iraqi parliament" in [t.get_text() for t in english.axes[0].get_yticklabels()]


def test_stance_over_time_needs_dates():
    from matplotlib.figure import Figure

    from toolkit.datasets import course_articles
    from toolkit.views.stance import stance_over_time

    articles = course_articles()
    claims = classify_stance(articles)
    figure = stance_over_time(claims, articles)
    assert isinstance(figure, Figure)
    assert "undated" in figure.get_supxlabel() and "synthetic" in figure.get_supxlabel()
    undated = articles.with_columns(published=None)
    assert "needs publication dates" in stance_over_time(claims, undated)


def test_heldout_passages_modest_floor():
    """Passages written and annotated without seeing these rules (tests/heldout/).

    With the rules frozen before they were first read: precision 0.81, recall 0.575,
    F1 0.672 (17 true positives, 4 false positives, 17 misses). The floor leaves room for
    edits to the cue file without hiding a collapse.
    """
    from toolkit.datasets import heldout_passages

    passages, golds = heldout_passages()
    scores = evaluate_stance(classify_stance(passages), golds)
    assert scores["f1"] >= 0.55 and scores["precision"] >= 0.7, scores["errors"]


def test_evaluate_stance_takes_a_minimal_frame(gold):
    claims = pl.DataFrame(
        {"article_id": [gold[0]["article_id"]], "sentence_id": [8],
         "party": ["iraqi_parliament"], "stance": ["oppose"]}
    )  # fmt: skip
    scores = evaluate_stance(claims, gold)
    assert (scores["tp"], scores["fp"]) == (1, 0) and scores["precision"] == 1.0


# ---- reading once: the memory of readings and words read without diacritics ---------------


def _without_memory(monkeypatch, articles: pl.DataFrame) -> pl.DataFrame:
    return classify_stance(articles, memo=False)


def test_remembered_readings_equal_fresh_ones_on_the_shipped_texts(monkeypatch):
    from toolkit.datasets import heldout_passages, practice_articles, seed_articles

    for articles in (seed_articles(), practice_articles(), heldout_passages()[0]):
        assert classify_stance(articles).equals(_without_memory(monkeypatch, articles))


def test_remembered_readings_equal_fresh_ones_on_a_generated_corpus(monkeypatch):
    """Generated news repeats sentences, with and without diacritics, tatweel and clitics,
    across and inside articles: the remembered readings (same sentence, or words that read
    alike) must give what reading every sentence afresh gives, carried-over speakers and
    owners of bare forces included."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])  # the benchmarks package beside the toolkit
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.generate import articles

    corpus = pl.concat(list(articles(400, seed=5))).select("article_id", "text")
    remembered = classify_stance(corpus)
    assert remembered.height > 1000
    assert remembered.equals(_without_memory(monkeypatch, corpus))


def test_a_sentence_read_again_in_another_context_asks_the_context_again(monkeypatch):
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
    assert claims.equals(_without_memory(monkeypatch, articles))
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


def test_a_word_reads_the_same_with_diacritics_and_tatweel():
    plain = "وقال الأمين العام للناتو إن الحلف يدعم بإنهاء وجود القوات الأمريكية."
    marked = "وقال الأمين العام لَلْنّاتو إن الحلف يدعم بـــإنهاءِ وجودِ القوات الأمريكية."
    one, other = claims_of(plain), claims_of(marked)
    columns = ["party", "stance", "rule"]
    assert one.select(columns).rows() == other.select(columns).rows() != []
    assert one["speaker"].to_list() == ["ناتو"] and other["speaker"].to_list() == ["نّاتو"]
    assert one["cue"].to_list() == ["إنهاء وجود"] and other["cue"].to_list() == ["إنهاءِ وجودِ"]


def test_reading_in_several_processes_gives_the_same_claims():
    from toolkit.datasets import practice_articles

    articles = practice_articles()
    alone = classify_stance(articles, workers=1)
    assert classify_stance(articles, workers=2).equals(alone)
    assert classify_stance(articles.head(1), workers=3).equals(classify_stance(articles.head(1)))


def test_entity_and_cue_frames_read_the_same_when_passed_again():
    from toolkit.lexicons import load_entities

    text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    frame = pl.DataFrame({"article_id": ["a"], "text": [text]})
    entities, cues = load_entities(), load_stance_cues()
    first = classify_stance(frame, gazetteer=entities, cues=cues)
    assert first.select("party", "stance").rows() == [("sadrist_movement", "oppose")]
    assert classify_stance(frame, gazetteer=entities.clone(), cues=cues.clone()).equals(first)
    biden = pl.DataFrame({"article_id": ["b"], "text": ["دعا بايدن إلى انسحاب القوات الأمريكية."]})
    assert classify_stance(biden, gazetteer=entities)["party"].to_list() == ["us_administration"]
    fewer = entities.filter(pl.col("entity_id") != "joe_biden")
    assert classify_stance(biden, gazetteer=fewer).is_empty()


def test_a_sentence_read_as_its_lightened_text_keeps_exact_offsets(monkeypatch):
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
    assert claims.equals(_without_memory(monkeypatch, articles))
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
