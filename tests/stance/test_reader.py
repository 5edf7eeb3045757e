"""The compiled reader: built from a lexicon set, with that set's clitic splitter."""

import os
import time

from toolkit.lexicons import Lexicons, clitic_splitter
from toolkit.stance.reader import reader_for


def test_the_reader_holds_the_clitic_splitter_of_its_lexicons(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    reader = reader_for(lexicons=copies)
    assert reader.splitter is clitic_splitter(copies)
    assert reader_for(lexicons=copies) is reader  # nothing changed: the same reader
    # the alias index splits names with the reader's splitter: وارد is read و + ارد …
    path = copies.path("entities.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write("test_person,وارد الفلاني,Test Person,PERSON,iraqi_government,وارد الفلاني,\n")
    with open(copies.path("clitics.csv"), "a", encoding="utf-8", newline="") as handle:
        handle.write("وارد,guard,a name,\n")
    later = time.time_ns() + 2_000_000_000
    for name in ("entities.csv", "clitics.csv"):
        os.utime(copies.path(name), ns=(later, later))
    edited = reader_for(lexicons=copies)
    assert edited is not reader and edited.splitter is clitic_splitter(copies)
    # … unless the copy's clitics.csv keeps it whole
    assert edited.aliases.get("وارد") and not edited.aliases.get("ارد")


def test_the_reader_is_built_again_when_a_grammar_word_changes(tmp_path):
    copies = Lexicons().snapshot(tmp_path / "lexicons")
    reader = reader_for(lexicons=copies)
    assert "صباحا" not in reader.grammar.filler
    with open(copies.path("grammar_words.csv"), "a", encoding="utf-8", newline="") as handle:
        handle.write("صباحاً,filler,in the morning,وأضاف صباحاً أن\n")
    later = time.time_ns() + 2_000_000_000
    os.utime(copies.path("grammar_words.csv"), ns=(later, later))
    assert "صباحا" in reader_for(lexicons=copies).grammar.filler
