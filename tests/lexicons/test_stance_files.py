"""The stance lexicons: the cue file, the speakers file and the pattern syntax they use."""

import shutil

import pytest

from toolkit.lexicons import LexiconError, lexicon_path, load_speakers, load_stance_cues
from toolkit.lexicons.patterns import parse_pattern


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


def test_a_bad_speakers_file_is_refused(tmp_path):
    path = tmp_path / "speakers.csv"
    shutil.copy(lexicon_path("speakers.csv"), path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("المتظاهرين,group,protesters,,\n")
    with pytest.raises(LexiconError, match=r"needs a party from parties\.csv"):
        load_speakers(path)
