"""grammar_words.csv: validated on load, and an edit is used by the next call."""

import os
import shutil
import time

import pytest

from toolkit.lexicons import LexiconError, Lexicons, lexicon_path
from toolkit.lexicons.grammar import GRAMMAR_KINDS, grammar_words, load_grammar_words


def test_the_shipped_grammar_words_load_with_every_kind():
    words = load_grammar_words()
    assert set(words["kind"]) == set(GRAMMAR_KINDS)
    sets = grammar_words()
    assert "فيما" in sets["clause_opener"] and "فان" in sets["clause_opener_written"]
    assert "اداره" in sets["lead_noun"]  # ة read as ه, as the reader compares words
    assert words.filter(kind="preposition").height == len(sets["preposition"])


def test_a_bad_grammar_word_file_names_every_row_and_reason(tmp_path):
    path = tmp_path / "grammar_words.csv"
    shutil.copy(lexicon_path("grammar_words.csv"), path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("ثم,clause_starter,unknown kind,\n")
        handle.write("فيما,clause_opener,a duplicate,\n")
        handle.write("حيثما,clause_opener,not in its example,وقال إن القوات ستبقى\n")
        handle.write("في حين,clause_opener,two words,\n")
    rows = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(LexiconError) as error:
        load_grammar_words(path)
    message = str(error.value)
    assert str(path) in message
    for row, reason in [
        (rows - 3, "unknown kind 'clause_starter'"),
        (rows - 2, "duplicate clause_opener word 'فيما'"),
        (rows - 1, "'حيثما' is not in its own example"),
        (rows, "'في حين' is more than one word"),
    ]:
        assert f"row {row}: {reason}" in message, message


def test_an_edited_copy_is_used_by_the_next_call(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    assert "صباحا" not in grammar_words(lexicons=copies)["filler"]
    path = copies.path("grammar_words.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write("صباحاً,filler,in the morning,وأضاف صباحاً أن\n")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))
    assert "صباحا" in grammar_words(lexicons=copies)["filler"]
    assert "صباحا" in grammar_words(path)["filler"]
    assert "صباحا" not in grammar_words()["filler"]  # the shipped file is unchanged
