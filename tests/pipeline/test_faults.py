"""Fault injection: runs killed with SIGKILL (``kill -9``) at several points, and two runs
into one folder. After any interrupted run, ``read_results`` gives the previous complete
result or refuses, never a mix; the next run needs no ``--force`` and no cleaning up."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from toolkit.outputs import OutputError, read_manifest, staging_folders
from toolkit.pipeline import analyze_path, read_results
from toolkit.pipeline.results import ResultsError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _run(options: dict, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}
    return subprocess.Popen(
        [sys.executable, str(HERE / "fault_runner.py"), json.dumps(options)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.fixture(scope="module")
def previous(corpus, tmp_path_factory) -> tuple[Path, dict[str, pl.DataFrame]]:
    """A complete run on the first 15 articles: the result an interrupted run must not spoil."""
    out = tmp_path_factory.mktemp("previous") / "results"
    first = sorted((corpus / "parquet").glob("*.parquet"))[0]
    analyze_path(first, out, batch_size=15)
    return out, read_results(out)


def _same(left: dict, right: dict) -> bool:
    return list(left) == list(right) and all(left[n].equals(right[n]) for n in left)


# the step a run is killed at, and what read_results gives afterwards
KILLS = {
    "batch 1": "previous",  # during the batches (two worker processes)
    "table figures": "previous",  # during the merge, between two table writes
    "table figure_comparison": "previous",
    "staged": "previous",  # everything written, nothing moved in yet
    "swap entities.csv": "refused",  # in the middle of the moves
    "swap stance_claims.parquet": "refused",  # every file moved in but the report
}


@pytest.mark.parametrize("step", KILLS)
def test_a_run_killed_at_any_point_leaves_the_previous_result_or_a_refusal(
    corpus, previous, tmp_path, step
):
    out = tmp_path / "results"
    shutil.copytree(previous[0], out)
    options = {"path": str(corpus / "parquet"), "out": str(out), "batch_size": 15}
    workers = 2 if step.startswith("batch") else 1  # two workers while they run
    killed = _run({**options, "kill_at": step, "workers": workers})
    _, err = killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL, err
    try:
        tables = read_results(out)
    except ResultsError as error:
        assert KILLS[step] == "refused", f"{step}: {error}"
        assert "does not hold the files its run report lists" in str(error)
    else:
        assert KILLS[step] == "previous", step
        assert _same(tables, previous[1])  # exactly the previous run, nothing of the new one
    if step not in ("batch 1", "swap entities.csv"):
        return
    # the next run goes ahead: the killed run's lock is gone, its staging folder removed
    report = analyze_path(corpus / "parquet", out, batch_size=15)
    assert report["articles"] == 45 and not staging_folders(out)
    assert read_results(out)["entities"]["article_id"].n_unique() == 45


def test_a_first_run_killed_while_moving_in_is_no_obstacle(corpus, tmp_path):
    out = tmp_path / "results"
    killed = _run(
        {"path": str(corpus / "parquet"), "out": str(out), "kill_at": "swap figures.parquet"}
    )
    killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL
    assert (out / "entities.parquet").exists() and not (out / "run_report.json").exists()
    with pytest.raises(ResultsError, match="no complete run"):
        read_results(out)
    # the files it moved in are known by its staging folder: no --force needed
    assert analyze_path(corpus / "parquet", out)["articles"] == 45
    assert read_manifest(out)["complete"] is True and not staging_folders(out)


def test_two_runs_into_one_folder(corpus, previous, tmp_path):
    """A second run while one goes on stops with a clear message and writes nothing; readers
    see the previous result until the first run is done; then its result, whole."""
    out = tmp_path / "results"
    shutil.copytree(previous[0], out)
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = _run(
        {
            "path": str(corpus / "parquet"),
            "out": str(out),
            "batch_size": 15,
            "pause_at": "batch 0",
            "ready": str(ready),
            "go": str(go),
        }
    )
    try:
        deadline = time.monotonic() + 300
        while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), first.stderr.read() if first.poll() is not None else "timeout"
        with pytest.raises(OutputError, match=rf"another run is writing to .*process {first.pid}"):
            analyze_path(corpus / "parquet", out, batch_size=15)
        assert _same(read_results(out), previous[1])  # the first run has moved nothing yet
    finally:
        go.touch()
    output, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert json.loads(output)["articles"] == 45
    assert read_results(out)["entities"]["article_id"].n_unique() == 45


def test_a_second_run_from_inside_a_run_stops_too(corpus, tmp_path):
    """The lock holds in one process as well (each run opens the lock file itself)."""
    out = tmp_path / "results"
    refused = []

    def second(done: int) -> None:
        if not refused:
            with pytest.raises(OutputError) as error:
                analyze_path(corpus / "parquet", out)
            refused.append(str(error.value))

    analyze_path(corpus / "parquet", out, batch_size=15, on_batch=second)
    assert "another run is writing to" in refused[0] and "choose another --out" in refused[0]
    assert read_results(out)["entities"]["article_id"].n_unique() == 45


def test_a_killed_batch_worker_says_why_and_leaves_no_temporary_folder(monkeypatch):
    from toolkit.workers import BatchWorkers, WorkerError

    monkeypatch.setenv("PYTHONPATH", str(HERE))  # the workers import fault_targets
    batch = pl.DataFrame({"article_id": ["a"], "text": ["نص"]})
    with BatchWorkers("fault_targets:killed", 2) as pool:
        folder = pool.folder
        with pytest.raises(WorkerError) as error:
            list(pool.map([batch, batch]))
    message = str(error.value)
    assert "killed by SIGKILL" in message and "out of memory" in message
    assert "--batch-size" in message
    assert not folder.exists()
