"""Speed path: a run whose lexicon bytes are those of an earlier run in this process reads the
earlier run's snapshot folder again.

The lexicon caches are keyed by each file's path, size and modification time, so a fresh
snapshot folder per run (:func:`toolkit.pipeline.snapshot.run_lexicons`, the reference) makes
every in-process run build its gazetteer, cue reader and word lists again, and fills the caches
with copies. :func:`reused_lexicons` takes the fresh snapshot all the same (the bytes of this
run, checksummed), then, when a kept folder holds exactly those bytes, hands out the kept
folder instead: the same paths and stamps, so the caches are warm. A kept folder is never
written to after it was made, and its bytes are checked again before each reuse.

At most :data:`KEEP` folders are kept (the latest used); they are removed when the process
ends, or by :func:`toolkit.clear_caches` once no run uses them. ``tests/pipeline/test_snapshot.py``
checks that both ways give the same runs.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.lexicons import on_clear
from toolkit.pipeline.snapshot import RunLexicons, take_snapshot

__all__ = ["KEEP", "reused_lexicons"]

#: Snapshot folders kept for reuse at most (each holds one version of the lexicon set).
KEEP = 4


@dataclass
class _Kept:
    folder: str
    users: int = 0
    evicted: bool = False


_KEPT: OrderedDict[tuple, _Kept] = OrderedDict()  # by the (name, SHA-256) pairs of its files
_LOCK = threading.Lock()


def _intact(folder: str, checksums: dict[str, str]) -> bool:
    """Whether ``folder`` still holds exactly the files of ``checksums``."""
    try:
        found = {p.name for p in Path(folder).iterdir()}
        return found == set(checksums) and all(
            hashlib.sha256((Path(folder) / name).read_bytes()).hexdigest() == digest
            for name, digest in checksums.items()
        )
    except OSError:
        return False


def _evict(key: tuple) -> None:
    kept = _KEPT.pop(key)
    kept.evicted = True
    if kept.users == 0:
        shutil.rmtree(kept.folder, ignore_errors=True)


@contextmanager
def reused_lexicons(**files) -> Iterator[RunLexicons]:
    """:func:`~toolkit.pipeline.snapshot.run_lexicons`, in a kept folder of the same bytes
    when there is one (``files``: ``gazetteer``, ``cues``, ``speakers``, ``lexicons``).

    Examples
    --------
    >>> with reused_lexicons() as first:
    ...     pass
    >>> with reused_lexicons() as second:
    ...     second.folder == first.folder and second.checksums == first.checksums
    True
    """
    with tempfile.TemporaryDirectory(prefix="toolkit-run-lexicons-") as folder:
        fresh = take_snapshot(folder, **files)
        key = tuple(sorted(fresh.checksums.items()))
        with _LOCK:
            kept = _KEPT.get(key)
            if kept is not None and not _intact(kept.folder, fresh.checksums):
                _evict(key)
                kept = None
            if kept is None:
                kept = _Kept(tempfile.mkdtemp(prefix="toolkit-lexicons-"))
                shutil.copytree(folder, kept.folder, dirs_exist_ok=True)
                _KEPT[key] = kept
            _KEPT.move_to_end(key)
            kept.users += 1
            while len(_KEPT) > KEEP:
                _evict(next(iter(_KEPT)))
    try:
        yield replace(fresh, folder=kept.folder)
    finally:
        with _LOCK:
            kept.users -= 1
            if kept.evicted and kept.users == 0:
                shutil.rmtree(kept.folder, ignore_errors=True)


@on_clear
@atexit.register
def _forget() -> None:
    """Remove every kept folder that no run uses (the others when their run ends)."""
    with _LOCK:
        for key in list(_KEPT):
            _evict(key)
