"""``python -m toolkit analyze``: options, odd paths, errors."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from toolkit.__main__ import build_parser, main
from toolkit.lexicons import Lexicons, lexicon_path
from toolkit.pipeline import analyze, read_results


def test_odd_paths(tmp_path, monkeypatch, capsys):
    """Spaces, Arabic and a leading dash, in the input and the output."""
    monkeypatch.chdir(tmp_path)
    corpus = Path("-odd dir") / "مقالات الأخبار"
    corpus.mkdir(parents=True)
    (corpus / "خبر 1.md").write_text(
        "قال رئيس الوزراء مصطفى الكاظمي إن نحو 2500 جندي أمريكي سيبقون.", encoding="utf-8"
    )
    out = "-نتائج التحليل"
    assert main(["analyze", f"--out={out}", "--no-progress", "--", str(corpus)]) == 0
    assert read_results(out)["entities"].height > 0
    assert main(["analyze", f"./{corpus}", "--out", f"./{out}", "--no-progress"]) == 0
    assert "Analyzed 1 article(s)" in capsys.readouterr().out


def _analyze_parser():
    parser = build_parser()
    return parser, parser._subparsers._group_actions[0].choices["analyze"]


def test_help_documents_every_option():
    parser, analyze_parser = _analyze_parser()
    text = analyze_parser.format_help()
    for action in analyze_parser._actions:
        for option in action.option_strings:
            assert option in text
        assert action.help, f"{action.dest} has no help"
    assert "--skip-bad" in text and "run_report" in text and "--" in text
    for option in ("--gazetteer", "--cues", "--speakers", "--lexicons"):
        assert option in text
    args = parser.parse_args(["course", "--out", "somewhere"])  # the course command still works
    assert args.command == "course" and args.out == "somewhere" and args.corpus is None


def test_bad_batch_size(capsys, tmp_path):
    with pytest.raises(SystemExit):
        main(["analyze", ".", "--out", str(tmp_path), "--batch-size", "0"])
    assert "must be 1 or more" in capsys.readouterr().err
    with pytest.raises(ValueError, match="batch_size"):
        analyze(pl.DataFrame({"article_id": ["a"], "text": ["x"]}), batch_size=0)


ODD = ["مقالات الأخبار", "-dash dir", "--looks-like-an-option", "a b/ج د"]


@pytest.mark.parametrize("name", ODD)
def test_analyze_a_single_file_with_an_odd_path(tmp_path, monkeypatch, name, capsys):
    monkeypatch.chdir(tmp_path)
    corpus = Path(name) / "خبر 1.jsonl"
    corpus.parent.mkdir(parents=True)
    corpus.write_text(
        json.dumps({"id": "x", "text": "قال الرئيس جو بايدن إن 2500 جندي سيبقون."}) + "\n",
        encoding="utf-8",
    )
    entities = Path(name) / "كيانات مخصصة.csv"
    shutil.copy(lexicon_path("entities.csv"), entities)
    out = f"{name}-نتائج"
    argv = [
        "analyze",
        f"--out={out}",
        f"--gazetteer={entities}",
        "--no-progress",
        "--",
        str(corpus),
    ]
    assert main(argv) == 0
    assert read_results(out)["entities"]["surface"].to_list() == ["جو بايدن"]
    report = json.loads((Path(out) / "run_report.json").read_text(encoding="utf-8"))
    assert report["input"] == str(corpus) and str(entities) in report["lexicon_sha256"]
    missing = Path(name) / "لا يوجد"
    assert main(["analyze", f"--out={out}", "--", str(missing)]) == 2
    assert f"no such file or folder: {missing}" in capsys.readouterr().err


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lexicon_options_are_used_and_recorded(tmp_path, capsys):
    """--lexicons DIR (a folder of edited copies; missing files come from the shipped set),
    and --gazetteer, --cues and --speakers files, each copied under its lexicon name."""
    corpus = tmp_path / "in.jsonl"
    text = "قال الرئيس جو بايدن إن 2500 جندي سيبقون."
    corpus.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    edited = tmp_path / "lexicons"
    edited.mkdir()
    rows = lexicon_path("entities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (edited / "entities.csv").write_text(
        "".join(r for r in rows if "بايدن" not in r), encoding="utf-8", newline=""
    )
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["analyze", str(corpus), "--out", str(out), f"--lexicons={edited}"]) == 0
    assert "Stance reader on the held-out" in capsys.readouterr().out
    entities = read_results(out)["entities"]
    assert "lexicon" not in entities.filter(pl.col("surface") == "جو بايدن")["method"].to_list()
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["lexicon_sha256"]["entities.csv"] == _sha(edited / "entities.csv")
    assert report["lexicon_sources"]["entities.csv"] == str(edited / "entities.csv")
    assert report["stance_quality"]["edited"] == ["entities.csv"]  # scored with the edit
    assert report["lexicon_sha256"]["speakers.csv"] == _sha(lexicon_path("speakers.csv"))
    cues = tmp_path / "my cues.csv"
    speakers = tmp_path / "my speakers.csv"
    shutil.copy(Lexicons().path("stance_cues_us_troops.csv"), cues)
    shutil.copy(Lexicons().path("speakers.csv"), speakers)
    with open(speakers, "a", encoding="utf-8") as handle:
        handle.write("\n")  # other bytes, the same speakers
    argv = ["analyze", str(corpus), "--out", str(out), f"--cues={cues}", f"--speakers={speakers}"]
    assert main(argv) == 0
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["lexicon_sha256"]["stance_cues_us_troops.csv"] == _sha(cues)
    assert (
        report["lexicon_sha256"]["speakers.csv"]
        == _sha(speakers)
        != _sha(lexicon_path("speakers.csv"))
    )
    assert report["lexicon_sha256"][str(speakers)] == _sha(speakers)
    assert report["lexicon_sources"]["speakers.csv"] == str(speakers)
    capsys.readouterr()
    assert main(["analyze", str(corpus), "--out", str(out), "--cues", str(tmp_path / "no")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    assert main(["analyze", str(corpus), "--out", str(out), "--lexicons", str(corpus)]) == 2
    assert "not a folder of lexicon files" in capsys.readouterr().err
