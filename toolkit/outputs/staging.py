"""Output folders written whole or not at all: a lock, a staging folder, a swap at the end.

A run that writes a folder of results (``python -m toolkit analyze --out``, the course's
``build/``) goes through :class:`StagedOutput`:

1. It takes the folder's lock (:class:`FolderLock`: ``fcntl.flock`` on ``.toolkit.lock``). A
   second run into the same folder stops with a message naming the first; the lock goes with
   its process, so a run killed with ``kill -9`` blocks nobody.
2. It writes everything into a staging folder of its own inside the folder
   (``.run-<id>/``): the folder itself is not touched while the run goes on, so a run that
   fails or is killed leaves the previous results as they were.
3. At the end (:meth:`StagedOutput.commit`) it moves each file into place and writes the
   manifest last: ``run_report.json``, with ``"complete": true`` and each file's size and
   SHA-256. A reader checks the files against it (:func:`verify_files`), so a folder caught
   half-way through the moves is refused, never read as a mix of two runs.

The toolkit writes only the files it names, and deletes only files it wrote. A file at one of
its names that no earlier run wrote stops the run (whatever ``force`` says); a file of the
previous run that this run does not write again is removed only when it is unchanged since.
The staging folder of a killed run is removed by the next run, under the lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

__all__ = [
    "LOCK",
    "MANIFEST",
    "STAGING_PREFIX",
    "FolderLock",
    "OutputError",
    "StagedOutput",
    "add_checkpoint",
    "checkpoint",
    "file_digest",
    "legacy_files",
    "read_manifest",
    "staging_folders",
    "verify_files",
]

#: The lock file of an output folder (kept: it marks the folder as the toolkit's).
LOCK = ".toolkit.lock"
#: The staging folders of runs: ``.run-<id>``.
STAGING_PREFIX = ".run-"
#: The file that marks a staging folder as the toolkit's.
STAGING_MARK = ".toolkit-staging"
#: The manifest of a complete run, written last.
MANIFEST = "run_report.json"
#: Files an operating system puts in any folder; they do not make a folder "not empty".
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}

_PENDING = "manifest.json"  # the manifest inside a staging folder, before it is moved in


class OutputError(ValueError):
    """The output folder cannot be used as asked (the message says why and what to do)."""


# --------------------------------------------------------------------------------------------
# Checkpoints: named steps of a run, where fault-injection tests stop it
# --------------------------------------------------------------------------------------------

_HOOKS: list[Callable[[str], object]] = []


def add_checkpoint(hook: Callable[[str], object]) -> Callable[[], None]:
    """Call ``hook(step)`` at every checkpoint of every run; return a function that removes it.

    The steps are ``"batch <n>"`` (a batch's parts written), ``"table <name>"`` (a table
    written in the staging folder), ``"staged"`` (everything written, before the moves),
    ``"swap <file>"`` (a file moved into place) and ``"committed"`` (the manifest in place).
    Tests use it to kill a run at a given point.

    Examples
    --------
    >>> seen = []
    >>> remove = add_checkpoint(seen.append)
    >>> checkpoint("batch 0"); remove(); checkpoint("batch 1")
    >>> seen
    ['batch 0']
    """
    _HOOKS.append(hook)
    return lambda: _HOOKS.remove(hook)


def checkpoint(step: str) -> None:
    """Tell the hooks of :func:`add_checkpoint` that a run reached ``step``."""
    for hook in list(_HOOKS):
        hook(step)


# --------------------------------------------------------------------------------------------
# Files and manifests
# --------------------------------------------------------------------------------------------


def file_digest(path: str | os.PathLike, handle=None) -> dict:
    """``{"bytes": size, "sha256": hex digest}`` of a file (or of an open binary ``handle``,
    read from its start and left at its end).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a"
    >>> _ = path.write_bytes(b"abc")
    >>> file_digest(path)["sha256"][:12]
    'ba7816bf8f01'
    """
    if handle is None:
        with open(path, "rb") as handle:
            return file_digest(path, handle)
    digest, size = hashlib.sha256(), 0
    handle.seek(0)
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    return {"bytes": size, "sha256": digest.hexdigest()}


def read_manifest(folder: str | os.PathLike, name: str = MANIFEST) -> dict | None:
    """The manifest (run report) in ``folder`` as a dict, or ``None`` when there is none or
    it is not one of this toolkit's (not JSON, no ``toolkit_version``)."""
    try:
        report = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and "toolkit_version" in report else None


def staging_folders(folder: str | os.PathLike) -> list[Path]:
    """The staging folders in ``folder``: of a run going on, or of one that was interrupted."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    return sorted(
        p
        for p in entries
        if p.name.startswith(STAGING_PREFIX) and p.is_dir() and (p / STAGING_MARK).exists()
    )


def verify_files(folder: str | os.PathLike, manifest: dict) -> list[str]:
    """The files of ``manifest["files"]`` that are missing in ``folder`` or differ from it
    (size or SHA-256), as messages; empty when every file is as the run wrote it."""
    problems = []
    for name, expected in manifest.get("files", {}).items():
        path = Path(folder) / name
        try:
            found = file_digest(path)
        except OSError as exc:
            problems.append(f"{name}: {exc.strerror or exc}")
            continue
        if found != {"bytes": expected.get("bytes"), "sha256": expected.get("sha256")}:
            problems.append(f"{name}: not the file the run wrote (its size or SHA-256 differs)")
    return problems


# --------------------------------------------------------------------------------------------
# The lock
# --------------------------------------------------------------------------------------------


class FolderLock:
    """The lock of an output folder: ``fcntl.flock`` on its ``.toolkit.lock`` file (a
    process id checked for liveness where the file system has no locks). The operating system
    drops the lock when its process ends, however it ends.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with FolderLock(folder):
    ...     try:
    ...         FolderLock(folder).acquire()
    ...     except OutputError as error:
    ...         print(str(error)[:31])
    another run is writing to /tmp/
    >>> with FolderLock(folder):  # free again
    ...     pass
    """

    def __init__(self, folder: str | os.PathLike, *, option: str = "output folder"):
        self.folder = Path(folder)
        self.path = self.folder / LOCK
        self.option = option
        self.handle = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            held = not _lock(handle)
        except OSError:  # no locks on this file system: the holder's process id
            held = _holder_alive(self.path)
        if held:
            holder = _holder(self.path)
            handle.close()
            raise OutputError(
                f"another run is writing to {self.folder}{holder}: wait for it to finish, or "
                f"choose another {self.option}"
            )
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "started": started}) + "\n")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is None:
            return
        try:
            self.handle.seek(0)
            self.handle.truncate()  # no holder named
            self.handle.flush()
        finally:
            _unlock(self.handle)
            self.handle.close()
            self.handle = None


def _lock(handle) -> bool:
    """Try to lock ``handle``'s file; ``False`` when another holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def _holder_info(path: Path) -> dict:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _holder(path: Path) -> str:
    info = _holder_info(path)
    if "pid" not in info:
        return ""
    return f" (process {info['pid']}, started {info.get('started', '?')})"


def _holder_alive(path: Path) -> bool:
    pid = _holder_info(path).get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


# --------------------------------------------------------------------------------------------
# The staged output folder
# --------------------------------------------------------------------------------------------


class StagedOutput:
    """An output folder written in a staging folder and swapped in at the end.

    Parameters
    ----------
    folder
        The output folder (created with its parents if missing).
    kind
        What writes it (``"analyze"``, ``"course"``): recorded in the manifest; a folder is an
        earlier results folder of the same kind only.
    names
        The files (paths relative to ``folder``) the run will write, checked before it starts.
    legacy
        A function giving the files of a folder without a manifest that the toolkit wrote
        (before manifests existed); those may be replaced.
    only_results
        Refuse a folder that holds anything but earlier results of this kind (unless
        ``force``): for ``--out`` folders, which users choose.
    force
        Write into such a folder anyway, beside its files (never over them).
    option
        How the folder is named in messages (``"--out"``).

    Use as a context manager: write into :attr:`path` (and temporary files into
    :attr:`scratch`), then call :meth:`commit`. Leaving without a commit (an error) removes
    the staging folder and leaves the output folder as it was.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "results"
    >>> with StagedOutput(out, kind="example", names=["a.txt"]) as stage:
    ...     _ = (stage.path / "a.txt").write_text("first")
    ...     report = stage.commit({"toolkit_version": "0"})
    >>> sorted(p.name for p in out.iterdir()), report["complete"], sorted(report["files"])
    (['.toolkit.lock', 'a.txt', 'run_report.json'], True, ['a.txt'])
    """

    def __init__(
        self,
        folder: str | os.PathLike,
        *,
        kind: str,
        names: Sequence[str] = (),
        legacy: Callable[[Path], Iterable[str]] | None = None,
        only_results: bool = True,
        force: bool = False,
        option: str = "output folder",
    ):
        self.folder = Path(folder)
        self.kind = kind
        self.names = list(names)
        self.legacy = legacy
        self.only_results = only_results
        self.force = force
        self.option = option
        self.lock = FolderLock(self.folder, option=option)
        self.run_id = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"
        self.staging = self.folder / f"{STAGING_PREFIX}{self.run_id}"
        self.owned: set[str] = set()
        self.previous: dict | None = None

    @property
    def path(self) -> Path:
        """Where the run writes its files (the layout they will have in the folder)."""
        return self.staging / "out"

    @property
    def scratch(self) -> Path:
        """Where the run keeps temporary files (removed, never moved in)."""
        return self.staging / "scratch"

    # -- checks ----------------------------------------------------------------------------

    def check(self) -> None:
        """Raise :class:`OutputError` if the folder cannot be used (read-only; done again,
        under the lock, when the run starts)."""
        folder = self.folder
        try:
            if folder.exists() and not folder.is_dir():
                raise OutputError(f"{self.option} {folder} is a file, not a folder")
            if not folder.exists():
                return
            entries = [p.name for p in folder.iterdir()]
        except OSError as exc:
            raise OutputError(f"{self.option} {folder}: {exc.strerror or exc}") from None
        self.previous = manifest = read_manifest(folder)
        if manifest is not None and manifest.get("kind", self.kind) != self.kind:
            manifest = None  # another kind of results: its files are not ours to replace
        owned: set[str] = set()
        if manifest is not None and "files" in manifest:
            owned |= set(manifest["files"])
        elif self.legacy is not None:
            owned |= set(self.legacy(folder))
        owned |= _moved_by_interrupted_runs(folder)
        self.owned = owned
        ours = {LOCK, MANIFEST} if manifest is not None else {LOCK}
        tops = {name.split("/", 1)[0] for name in owned}
        foreign = [
            name
            for name in sorted(entries)
            if name not in ours
            and name not in SYSTEM_FILES
            and not name.startswith(STAGING_PREFIX)
            and not (name in tops and _only_owned(folder, name, owned))
        ]
        if self.only_results and foreign and not self.force and manifest is None and not owned:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise OutputError(
                f"{self.option} {folder} holds files that are not results of an earlier run "
                f"({shown}): choose a new or empty folder, or pass --force to write the "
                "results beside those files (the toolkit never changes or deletes a file it "
                "did not write)"
            )
        self._refuse_foreign(self.names)

    def _refuse_foreign(self, names: Iterable[str]) -> None:
        clashes = []
        for name in names:
            target = self.folder / name
            if name == MANIFEST:
                if target.exists() and read_manifest(self.folder) is None:
                    clashes.append(target)
            elif (target.exists() or target.is_symlink()) and name not in self.owned:
                clashes.append(target)
        if clashes:
            listed = "\n".join(f"  - {p}" for p in clashes[:20])
            raise OutputError(
                f"{len(clashes)} file(s) in {self.folder} have the names of the results but "
                f"were not written by an earlier run of the toolkit:\n{listed}\n"
                "The toolkit never writes over such a file: move it away, or choose another "
                f"{self.option}."
            )

    # -- the run ---------------------------------------------------------------------------

    def __enter__(self) -> StagedOutput:
        self.check()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create {self.option} {self.folder}: {exc.strerror or exc}"
            ) from None
        self.lock.acquire()
        try:
            self.check()  # again: another run may have finished in between
            for stale in staging_folders(self.folder):
                shutil.rmtree(stale, ignore_errors=True)
            self.path.mkdir(parents=True)
            self.scratch.mkdir()
            started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            mark = {"pid": os.getpid(), "started": started, "kind": self.kind}
            (self.staging / STAGING_MARK).write_text(json.dumps(mark), encoding="utf-8")
        except BaseException:
            self._clean_up()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._clean_up()

    def _clean_up(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.lock.release()

    def commit(self, report: dict) -> dict:
        """Move every file of :attr:`path` into the folder, remove the previous run's files
        this run did not write again (when unchanged), and write the manifest last:
        ``report`` with ``kind``, ``run_id``, ``complete: true`` and ``files`` (each file's
        ``bytes`` and ``sha256``). Returns the manifest."""
        written = sorted(
            p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
        )
        self._refuse_foreign(written)
        files = {name: file_digest(self.path / name) for name in written}
        manifest = {
            **report,
            "kind": self.kind,
            "run_id": self.run_id,
            "complete": True,
            "files": files,
        }
        pending = self.staging / _PENDING
        pending.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        checkpoint("staged")
        for name in written:
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / name, target)
            checkpoint(f"swap {name}")
        self._remove_previous(set(written))
        os.replace(pending, self.folder / MANIFEST)
        checkpoint("committed")
        return manifest

    def _remove_previous(self, written: set[str]) -> None:
        """The previous run's files that this run did not write again, when unchanged."""
        previous = self.previous if self.previous and self.previous.get("kind") == self.kind else {}
        recorded = previous.get("files", {}) if previous else {}
        for name in sorted(self.owned - written):
            path = self.folder / name
            try:
                if name in recorded and file_digest(path) != {
                    "bytes": recorded[name].get("bytes"),
                    "sha256": recorded[name].get("sha256"),
                }:
                    continue  # changed since: no longer the toolkit's file
                path.unlink()
            except OSError:
                continue


def _only_owned(folder: Path, top: str, owned: set[str]) -> bool:
    """Whether the entry ``top`` of ``folder`` holds only files of ``owned``."""
    path = folder / top
    if path.is_file():
        return top in owned
    try:
        inside = [p.relative_to(folder).as_posix() for p in path.rglob("*") if not p.is_dir()]
    except OSError:
        return False
    return all(name in owned or Path(name).name in SYSTEM_FILES for name in inside)


def _moved_by_interrupted_runs(folder: Path) -> set[str]:
    """The files an interrupted run had moved into ``folder`` before it was stopped: listed in
    its staging folder's pending manifest, with the same bytes."""
    moved = set()
    for staging in staging_folders(folder):
        try:
            pending = json.loads((staging / _PENDING).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for name, expected in pending.get("files", {}).items():
            path = folder / name
            if not path.is_file():
                continue
            try:
                if file_digest(path) == {"bytes": expected["bytes"], "sha256": expected["sha256"]}:
                    moved.add(name)
            except (OSError, KeyError, TypeError):
                continue
    return moved


def legacy_files(patterns: Sequence[str]) -> Callable[[Path], set[str]]:
    """A ``legacy`` function for :class:`StagedOutput`: the files of a folder whose paths
    (relative, with ``/``) match one of the regular expressions ``patterns``."""
    compiled = [re.compile(p) for p in patterns]

    def found(folder: Path) -> set[str]:
        names = set()
        try:
            for path in folder.rglob("*"):
                name = path.relative_to(folder).as_posix()
                if path.is_file() and any(c.fullmatch(name) for c in compiled):
                    names.add(name)
        except OSError:
            pass
        return names

    return found
