"""Output folders written whole or not at all (toolkit.outputs.staging): the swap, what is
removed (only the toolkit's own files, unchanged), stale staging folders, the lock."""

from __future__ import annotations

import pytest

from toolkit.outputs import FolderLock, OutputError, StagedOutput, read_manifest, staging_folders


def _run(out, files: dict[str, str], **options) -> dict:
    with StagedOutput(out, kind="test", names=list(files), **options) as stage:
        for name, text in files.items():
            (stage.path / name).parent.mkdir(parents=True, exist_ok=True)
            (stage.path / name).write_text(text, encoding="utf-8")
        return stage.commit({"toolkit_version": "test"})


def test_the_previous_run_is_replaced_and_only_its_unchanged_files_removed(tmp_path):
    out = tmp_path / "out"
    _run(out, {"a.txt": "1", "sub/b.txt": "1", "sub/c.txt": "1"})
    (out / "sub" / "c.txt").write_text("edited by hand", encoding="utf-8")
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    report = _run(out, {"a.txt": "2"})
    assert sorted(report["files"]) == ["a.txt"] and report["complete"] is True
    assert (out / "a.txt").read_text() == "2"
    assert not (out / "sub" / "b.txt").exists()  # the previous run's, unchanged: removed
    assert (out / "sub" / "c.txt").read_text() == "edited by hand"  # changed since: kept
    assert (out / "mine.txt").read_text() == "mine"
    assert read_manifest(out)["run_id"] == report["run_id"]


def test_a_failed_run_changes_nothing_and_a_stale_staging_folder_goes(tmp_path):
    out = tmp_path / "out"
    _run(out, {"a.txt": "1"})
    with pytest.raises(RuntimeError), StagedOutput(out, kind="test", names=["a.txt"]) as stage:
        (stage.path / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("the run fails")
    assert (out / "a.txt").read_text() == "1" and not staging_folders(out)
    stale = StagedOutput(out, kind="test")
    stale.__enter__()
    stale.lock.release()  # as if its process had been killed: the lock is gone, not the folder
    (out / ".run-user").mkdir()  # a folder of the user's with a similar name
    assert staging_folders(out) == [stale.staging]
    _run(out, {"a.txt": "3"})
    assert not stale.staging.exists() and (out / ".run-user").is_dir()


def test_foreign_files_at_the_names_of_outputs_are_never_written_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("the user's", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError):
            _run(out, {"a.txt": "1"}, force=force)
    assert (out / "a.txt").read_text() == "the user's"
    with pytest.raises(OutputError, match="holds files that are not results"):
        _run(out, {"b.txt": "1"})
    _run(out, {"b.txt": "1"}, force=True)
    with pytest.raises(OutputError, match="not written by an earlier run"):  # at commit too
        with StagedOutput(out, kind="test", names=[]) as stage:
            (stage.path / "a.txt").write_text("1", encoding="utf-8")
            stage.commit({"toolkit_version": "test"})
    assert (out / "a.txt").read_text() == "the user's"


def test_the_lock_names_its_holder_and_is_free_after(tmp_path):
    with FolderLock(tmp_path, option="--out"):
        with pytest.raises(OutputError, match=r"another run is writing to .* \(process \d+"):
            FolderLock(tmp_path, option="--out").acquire()
    with FolderLock(tmp_path):
        pass
