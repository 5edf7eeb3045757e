"""The batch pipeline: streaming equals in memory, the analyze command, bad input, Dask."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import toolkit as tk
from toolkit.__main__ import build_parser, main
from toolkit.lexicons import lexicon_path
from toolkit.pipeline import (
    TABLES,
    InputError,
    analyze,
    analyze_dask,
    analyze_path,
    read_results,
)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks package lives beside the toolkit
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

EXPECTED = list(TABLES)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """A small generated corpus: 45 articles in three Parquet and three JSONL files."""
    out = tmp_path_factory.mktemp("corpus")
    generate(out, count=45, part=15)
    return out


@pytest.fixture(scope="session")
def streamed(corpus, tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("streamed")
    report = analyze_path(corpus / "parquet", out, batch_size=7)
    return report, out


def _assert_same(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    assert list(left) == list(right)
    for name in left:
        assert_frame_equal(left[name], right[name], check_dtypes=True), name


def test_streamed_equals_in_memory(corpus, streamed):
    report, out = streamed
    assert report["mode"] == "streamed Parquet"
    assert report["batches"] == 9  # 3 files of 15 articles, 7 at a time: 7 + 7 + 1 per file
    articles = tk.load_articles(corpus / "parquet")
    in_memory = analyze(articles, batch_size=1000)
    assert list(in_memory) == EXPECTED
    assert in_memory["entities"].height > 0
    _assert_same(in_memory, read_results(out))


def test_figures_compared_in_small_chunks_equal_in_memory(corpus, streamed, tmp_path):
    """The streamed run compares figures from its parts a chunk at a time; 9 at a time is
    the same table as all at once."""
    analyze_path(corpus / "parquet", tmp_path, batch_size=7, chunk_rows=9)
    chunked = read_results(tmp_path)["figure_comparison"]
    assert chunked.height > 3 * 9
    assert_frame_equal(chunked, read_results(streamed[1])["figure_comparison"])


def test_worker_processes_give_the_same_tables(corpus, streamed, tmp_path):
    """Batches run side by side in two worker processes (finishing in any order) give the
    tables of one process, in memory and streamed."""
    articles = tk.load_articles(corpus / "parquet")
    _assert_same(analyze(articles, batch_size=4, workers=2), analyze(articles, batch_size=4))
    report = analyze_path(corpus / "parquet", tmp_path, batch_size=7, workers=2)
    assert report["batches"] == 9
    _assert_same(read_results(tmp_path), read_results(streamed[1]))


def test_a_failing_worker_raises_with_its_traceback():
    from toolkit.workers import BatchWorkers

    bad = pl.DataFrame({"article_id": ["a"], "body": ["no text column"]})
    with BatchWorkers("toolkit.pipeline:_batch_tables", 1) as pool:
        with pytest.raises(RuntimeError, match=r"(?s)a batch worker failed.*ColumnNotFound"):
            list(pool.map([bad]))
    with BatchWorkers("toolkit.pipeline:no_such_function", 1) as pool:
        with pytest.raises(RuntimeError, match=r"(?s)worker process ended.*no_such_function"):
            list(pool.map([bad]))


def test_batch_size_does_not_change_results(corpus):
    articles = tk.load_articles(corpus / "parquet").head(20)
    _assert_same(analyze(articles, batch_size=3), analyze(articles, batch_size=20))


def test_summaries_added_up_from_batches_equal_the_whole_corpus_at_once(corpus):
    from toolkit.entities import entity_frequency, extract_entities
    from toolkit.stance import classify_stance, party_stance

    articles = tk.load_articles(corpus / "parquet").head(30)
    tables = analyze(articles, batch_size=4)  # party_stance and frequency from 8 partials
    claims = classify_stance(articles.select("article_id", "text"))
    assert tables["party_stance"].height > 1
    assert_frame_equal(tables["party_stance"], party_stance(claims))
    frequency = entity_frequency(extract_entities(articles.select("article_id", "text")))
    assert_frame_equal(
        tables["entity_frequency"].sort("entity"),
        frequency.select(tables["entity_frequency"].columns).sort("entity"),
        check_dtypes=False,
    )


def test_jsonl_in_memory_path_equals_streamed(corpus, streamed, tmp_path):
    report = analyze_path(corpus / "jsonl", tmp_path, batch_size=10)
    assert report["mode"] == "loaded in memory"
    _assert_same(read_results(tmp_path), read_results(streamed[1]))


def test_outputs_parquet_csv_and_report(streamed):
    report, out = streamed
    for name in EXPECTED:
        parquet = pl.read_parquet(out / f"{name}.parquet")
        csv = pl.read_csv(out / f"{name}.csv", infer_schema=False)
        assert csv.height == parquet.height == report["tables"][name]
        assert csv.columns == parquet.columns
    saved = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert saved["articles"] == 45
    assert 50 < saved["peak_memory_megabytes"] < 10_000
    assert saved["toolkit_version"] == tk.__version__
    assert saved["problems"] == []
    entities_csv = lexicon_path("entities.csv")
    assert saved["lexicon_sha256"]["entities.csv"] == (
        hashlib.sha256(entities_csv.read_bytes()).hexdigest()
    )
    markdown = (out / "run_report.md").read_text(encoding="utf-8")
    assert "# Run report" in markdown and "entities.csv" in markdown
    assert not (out / "_parts").exists()  # the part files are merged and removed


def test_read_results_rejects_a_folder_without_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match="no analysis tables"):
        read_results(tmp_path)


def _bad_parquet(folder: Path) -> Path:
    folder.mkdir(parents=True)
    pl.DataFrame(
        {
            "article_id": ["a", "b", "a", "c"],
            "text": ["قال الرئيس جو بايدن إن 2500 جندي سيبقون في العراق.", "  ", "نص مكرر", None],
        }
    ).write_parquet(folder / "news.parquet")
    return folder


def test_bad_parquet_fails_with_every_problem(tmp_path, capsys):
    corpus = _bad_parquet(tmp_path / "in")
    status = main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--no-progress"])
    assert status == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    assert "line 2: empty article" in err
    assert "line 3: duplicate article_id 'a'" in err
    assert "line 4: empty article" in err
    assert "--skip-bad" in err
    assert not (tmp_path / "out" / "entities.parquet").exists()


def test_skip_bad_parquet_analyzes_the_good_articles(tmp_path, capsys):
    corpus = _bad_parquet(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--skip-bad", "--no-progress"]) == 0
    assert "Skipped 3 problem(s)" in capsys.readouterr().out
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1
    assert [p["line"] for p in report["problems"]] == [2, 3, 4]
    entities = read_results(out)["entities"]
    assert set(entities["article_id"]) == {"a"}
    assert "جو بايدن" in entities["surface"].to_list()


def test_bad_jsonl_and_skip_bad(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"id": "x1", "text": "قال وزير الدفاع إن القوات ستبقى في العراق."}\n'
        "{not json\n"
        '{"id": "x2", "text": ""}\n',
        encoding="utf-8",
    )
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o1"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "line 2: malformed JSON" in err and "line 3: empty article" in err
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o2"), "--skip-bad"]) == 0
    report = json.loads((tmp_path / "o2" / "run_report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 1 and len(report["problems"]) == 2


def test_unreadable_parquet_and_missing_path(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o")]) == 2
    assert "broken.parquet: unreadable Parquet" in capsys.readouterr().err
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--skip-bad"]) == 2
    assert "no articles to analyze" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(InputError):
        analyze_path(tmp_path / "missing", tmp_path / "o")


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


def test_help_documents_every_option():
    parser = build_parser()
    analyze_parser = parser._subparsers._group_actions[0].choices["analyze"]
    text = analyze_parser.format_help()
    for action in analyze_parser._actions:
        for option in action.option_strings:
            assert option in text
        assert action.help, f"{action.dest} has no help"
    assert "--skip-bad" in text and "run_report" in text and "--" in text
    args = parser.parse_args(["course", "--out", "somewhere"])  # the course command still works
    assert args.command == "course" and args.out == "somewhere" and args.corpus is None


def test_bad_batch_size(capsys, tmp_path):
    with pytest.raises(SystemExit):
        main(["analyze", ".", "--out", str(tmp_path), "--batch-size", "0"])
    assert "must be 1 or more" in capsys.readouterr().err
    with pytest.raises(ValueError, match="batch_size"):
        analyze(pl.DataFrame({"article_id": ["a"], "text": ["x"]}), batch_size=0)


def test_dask_equals_single_machine(corpus, streamed, tmp_path):
    pytest.importorskip(
        "dask.dataframe", reason='Dask is not installed (the optional "scale" extra)'
    )
    distributed = pytest.importorskip(
        "distributed", reason='distributed is not installed (the optional "scale" extra)'
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        counts = analyze_dask(corpus / "parquet", tmp_path, client=client)
    assert counts == {name: streamed[0]["tables"][name] for name in EXPECTED}
    _assert_same(read_results(tmp_path), read_results(streamed[1]))


def test_tables_constant_lists_every_output():
    assert set(EXPECTED) <= set(TABLES)
