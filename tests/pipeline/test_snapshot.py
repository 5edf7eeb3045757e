"""A run's lexicons are copied when it starts: every batch and every worker reads those bytes,
whatever is edited while the run goes on, and the report records their SHA-256."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import polars as pl
import pytest

import toolkit as tk
from toolkit.lexicons import LexiconError, Lexicons, lexicon_path
from toolkit.pipeline import analyze, analyze_path, process_batch, read_results, take_snapshot
from toolkit.pipeline.snapshot import run_lexicons


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _without_biden(path: Path) -> None:
    """Drop Joe Biden from an entities file (an edit the tables show), with a later mtime."""
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(r for r in rows if "بايدن" not in r), encoding="utf-8", newline="")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def _biden(tables: dict[str, pl.DataFrame]) -> int:
    return tables["entities"].filter(pl.col("entity") == "joe_biden").height


def test_the_snapshot_holds_every_file_and_the_explicit_ones_under_their_names(tmp_path):
    gazetteer = tmp_path / "my entities.csv"
    gazetteer.write_bytes(lexicon_path("entities.csv").read_bytes() + b"\n")
    run = take_snapshot(tmp_path / "snap", gazetteer=gazetteer)
    assert sorted(run.checksums) == Lexicons().names()
    assert run.checksums["entities.csv"] == _sha(gazetteer) != _sha(lexicon_path("entities.csv"))
    assert run.checksums["parties.csv"] == _sha(lexicon_path("parties.csv"))
    assert run.sources["entities.csv"] == str(gazetteer)
    assert run.report_checksums()[str(gazetteer)] == run.checksums["entities.csv"]
    options = run.stage_options()
    assert options["lexicons"] == run.folder
    assert Path(options["gazetteer"]) == Path(run.folder) / "entities.csv"
    assert Path(options["cues"]).name == "stance_cues_us_troops.csv"
    for name, digest in run.checksums.items():
        assert _sha(Path(run.folder) / name) == digest
    with run_lexicons() as temporary:
        assert Path(temporary.folder).is_dir()
    assert not Path(temporary.folder).exists()  # removed when the run ends
    with pytest.raises(LexiconError, match="cannot read the file"):
        take_snapshot(tmp_path / "again", speakers=tmp_path / "missing.csv")


def test_an_edit_during_a_streamed_run_is_not_seen_by_any_worker(corpus, streamed, tmp_path):
    """The entities file is edited after the first of nine batches, while two workers run:
    the tables are those of the unedited file, and the report has its checksum."""
    edited = Lexicons().snapshot(tmp_path / "lexicons")
    entities = Path(edited.path("entities.csv"))
    before = _sha(entities)
    edits = []

    def edit(done: int) -> None:
        if not edits:
            _without_biden(entities)
            edits.append(done)

    out = tmp_path / "out"
    report = analyze_path(
        corpus / "parquet", out, batch_size=7, workers=2, lexicons=edited.folder, on_batch=edit
    )
    assert edits == [7] and _sha(entities) != before  # edited after the first batch
    assert report["batches"] == 9
    assert report["lexicon_sha256"]["entities.csv"] == before
    tables = read_results(out)
    assert _biden(tables) > 0
    for name, frame in read_results(streamed[1]).items():
        assert tables[name].equals(frame), name
    # the edit is used by the next run
    again = analyze_path(corpus / "parquet", tmp_path / "again", batch_size=7, lexicons=edited)
    assert again["lexicon_sha256"]["entities.csv"] == _sha(entities)
    assert _biden(read_results(tmp_path / "again")) == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_an_edit_during_a_run_in_memory_is_not_seen(corpus, tmp_path, workers):
    articles = tk.load_articles(corpus / "parquet")
    gazetteer = tmp_path / "entities.csv"
    gazetteer.write_bytes(lexicon_path("entities.csv").read_bytes())
    calls = []

    def edit(done: int) -> None:
        calls.append(done)
        if len(calls) == 1:
            _without_biden(gazetteer)

    tables = analyze(articles, batch_size=5, workers=workers, gazetteer=gazetteer, on_batch=edit)
    assert calls == list(range(5, 46, 5))
    unedited = analyze(articles, batch_size=45)
    for name, frame in unedited.items():
        assert tables[name].equals(frame), name
    assert _biden(tables) > 0
    edited = analyze(articles, batch_size=45, gazetteer=gazetteer)
    assert _biden(edited) == 0
    assert not edited["stance_claims"].equals(unedited["stance_claims"])  # stance sees it too


def test_a_run_of_the_same_bytes_reuses_the_kept_snapshot(corpus, tmp_path):
    """The speed path (toolkit.pipeline.reuse) against the reference (a fresh folder every
    run): the same tables; the folder is reused only while it holds the same bytes."""
    from toolkit.pipeline.reuse import KEEP, reused_lexicons

    articles = tk.load_articles(corpus / "parquet").head(12)
    gazetteer = tmp_path / "entities.csv"
    gazetteer.write_bytes(lexicon_path("entities.csv").read_bytes())
    with reused_lexicons(gazetteer=gazetteer) as first, run_lexicons(gazetteer=gazetteer) as fresh:
        assert first.checksums == fresh.checksums and first.sources == fresh.sources
        assert first.folder != fresh.folder
        with reused_lexicons(gazetteer=gazetteer) as second:
            assert second.folder == first.folder  # while the first run goes on, too
    with reused_lexicons(gazetteer=gazetteer) as third:
        assert third.folder == first.folder
    _without_biden(gazetteer)
    with reused_lexicons(gazetteer=gazetteer) as edited:
        assert edited.folder != first.folder
        assert edited.checksums["entities.csv"] == _sha(gazetteer)
    (Path(edited.folder) / "entities.csv").write_bytes(b"entity_id\n")  # a damaged kept copy
    with reused_lexicons(gazetteer=gazetteer) as again:
        assert again.folder != edited.folder and _intact_copy(again, gazetteer)
    assert not Path(edited.folder).exists()
    folders = []
    for extra in range(KEEP + 1):  # more versions than are kept: the oldest go
        gazetteer.write_bytes(lexicon_path("entities.csv").read_bytes() + b"\n" * (extra + 1))
        with reused_lexicons(gazetteer=gazetteer) as run:
            folders.append(run.folder)
    assert not Path(folders[0]).exists() and Path(folders[-1]).exists()
    tk.clear_caches()
    assert not Path(folders[-1]).exists()
    # the tables of runs that reuse a folder are those of the reference
    gazetteer.write_bytes(lexicon_path("entities.csv").read_bytes())
    reused = [analyze(articles, batch_size=5, gazetteer=gazetteer) for _ in range(2)]
    with run_lexicons(gazetteer=gazetteer) as fresh:
        reference = process_batch(articles, **fresh.stage_options())
    for name, frame in reference.items():
        assert reused[0][name].equals(frame) and reused[1][name].equals(frame), name


def _intact_copy(run, gazetteer: Path) -> bool:
    return (Path(run.folder) / "entities.csv").read_bytes() == gazetteer.read_bytes()
