"""Batches of articles processed side by side in worker processes, results in order.

The per-article stages are pure functions of a batch, and much of their time is Python that
holds the GIL, so more cores need more processes. :class:`BatchWorkers` starts ``count``
fresh interpreters (``python -c``: nothing of the caller's script or notebook runs again
there), hands each a batch at a time as an Arrow IPC file, and gives the results back in
batch order, whichever worker finishes first. A worker that fails raises in the caller with
the worker's traceback.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path

import polars as pl

__all__ = [
    "MAX_WORKERS",
    "PARALLEL_BYTES",
    "BatchWorkers",
    "WorkerError",
    "default_workers",
    "numba_available",
    "source_hash",
]

#: Most worker processes started by default (each holds the lexicons and its own memory).
MAX_WORKERS = 4
#: Text (UTF-8 bytes) above which a stage or the pipeline starts workers by default: below it,
#: starting processes costs more than it saves.
PARALLEL_BYTES = 16_000_000


class WorkerError(RuntimeError):
    """A batch worker failed or was killed; the message has its last words."""


def default_workers() -> int:
    """One worker per core, at most :data:`MAX_WORKERS`."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


class BatchWorkers:
    """``count`` worker processes that run ``target`` on batches of articles.

    ``target`` names a function as ``"module:function"``; it is called in the worker as
    ``function(batch, **options)`` and returns a dict of frames. Use as a context manager::

        with BatchWorkers("toolkit.pipeline.batch:batch_tables", 2, {"gazetteer": None}) as pool:
            for tables in pool.map(batches):
                ...
    """

    def __init__(self, target: str, count: int, options: dict | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="toolkit-workers-"))
        root = str(Path(__file__).resolve().parents[1])  # the workers import this toolkit
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path}
        # the cores are shared between the workers: no worker's polars takes them all
        env.setdefault("POLARS_MAX_THREADS", str(max(1, (os.cpu_count() or 1) // count)))
        code = "import sys, toolkit.workers as w; w._serve(sys.argv[1], sys.argv[2])"
        self.workers = []
        for number in range(count):
            errors = open(self.folder / f"worker-{number}.err", "w+b")
            process = subprocess.Popen(
                [sys.executable, "-c", code, target, json.dumps(options or {})],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
                text=True,
            )
            self.workers.append((process, errors))
        # one thread per worker hands its answer lines over (pipes cannot be waited on
        # together portably); an empty line means the worker's output ended
        self.answers: queue.Queue[tuple[int, str]] = queue.Queue()
        self.readers = [
            threading.Thread(
                target=_hand_over, args=(number, process.stdout, self.answers), daemon=True
            )
            for number, (process, _errors) in enumerate(self.workers)
        ]
        for reader in self.readers:
            reader.start()

    def __enter__(self) -> BatchWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def map(self, batches: Iterable[pl.DataFrame]) -> Iterator[dict[str, pl.DataFrame]]:
        """The target's result for each batch, in batch order; at most one batch per worker
        is handed over at a time, so memory stays bounded however many batches come."""
        idle = list(range(len(self.workers)))
        running: dict[int, int] = {}  # worker → batch number
        done: dict[int, dict[str, pl.DataFrame]] = {}
        batches, following, number = iter(batches), 0, 0
        exhausted = False
        while True:
            while idle and not exhausted:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                worker = idle.pop()
                self._send(worker, number, batch)
                running[worker] = number
                number += 1
            while following in done:
                yield done.pop(following)
                following += 1
            if not running:
                return
            worker, line = self.answers.get()
            finished = running.pop(worker)
            done[finished] = self._receive(worker, finished, line)
            idle.append(worker)

    def _send(self, worker: int, number: int, batch: pl.DataFrame) -> None:
        source = self.folder / f"batch-{number}.arrow"
        batch.write_ipc(source)
        job = {"source": str(source), "result": str(self.folder / f"result-{number}")}
        process = self.workers[worker][0]
        try:
            process.stdin.write(json.dumps(job) + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            self._fail(worker, "the worker process is gone")

    def _receive(self, worker: int, number: int, line: str) -> dict[str, pl.DataFrame]:
        if not line:
            self._fail(worker, "the worker process ended")
        answer = json.loads(line)
        if "error" in answer:
            self._fail(worker, answer["error"])
        result = Path(answer["result"])
        frames = {name: read_ipc(result / f"{name}.arrow") for name in answer["tables"]}
        shutil.rmtree(result, ignore_errors=True)
        (self.folder / f"batch-{number}.arrow").unlink(missing_ok=True)
        return frames

    def _fail(self, worker: int, reason: str) -> None:
        process, errors = self.workers[worker]
        try:
            process.wait(timeout=5)  # a worker on its way out has its last words written
        except subprocess.TimeoutExpired:
            pass
        errors.flush()
        errors.seek(0)
        tail = errors.read().decode(errors="replace")[-4000:]
        code = process.returncode
        if code is not None and code < 0:  # ended by a signal: SIGKILL is the kernel's OOM killer
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            reason += (
                f" (killed by {name}: it may have run out of memory; smaller batches need "
                "less, try a smaller --batch-size or batch_size=)"
            )
        self.close()  # the other workers stop, and the temporary folder is removed
        raise WorkerError(f"a batch worker failed: {reason}\n{tail}".rstrip())

    def close(self) -> None:
        """Stop the workers and remove their files."""
        for process, _errors in self.workers:
            if process.stdin and not process.stdin.closed:
                try:
                    process.stdin.close()  # the worker's loop ends at end of input
                except BrokenPipeError:
                    pass
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for reader in self.readers:
            reader.join(timeout=5)  # its worker has ended: its output is at its end
        for process, errors in self.workers:
            if process.stdout:
                process.stdout.close()
            errors.close()
        self.workers = []
        shutil.rmtree(self.folder, ignore_errors=True)


def _hand_over(number: int, stream, answers: queue.Queue) -> None:
    for line in stream:
        answers.put((number, line))
    answers.put((number, ""))


def read_ipc(path: str | os.PathLike) -> pl.DataFrame:
    """An Arrow IPC file read into memory (not mapped: the file is removed after)."""
    return pl.read_ipc(io.BytesIO(Path(path).read_bytes()))


def _serve(target: str, options: str) -> None:
    """A worker's loop: a JSON job per input line, a JSON answer per output line."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever the stages print goes to the error file, not into the answers
    sys.stdout = sys.stderr
    module, name = target.split(":")
    function = getattr(import_module(module), name)
    keywords = json.loads(options)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            tables = function(read_ipc(Path(job["source"])), **keywords)
            result = Path(job["result"])
            result.mkdir(parents=True, exist_ok=True)
            for table, frame in tables.items():
                frame.write_ipc(result / f"{table}.arrow")
            answer = {"result": str(result), "tables": list(tables)}
        except Exception:  # reported to the caller, which raises
            answer = {"error": traceback.format_exc()}
        print(json.dumps(answer), file=answers, flush=True)


@functools.cache
def numba_available() -> bool:
    """Whether numba can be imported here (the compiled kernels of the stages need it)."""
    try:
        import numba  # noqa: F401
    except ImportError:  # pragma: no cover - numba is a dependency
        return False
    return True


def source_hash(folder: Path, names: Iterable[str]) -> int:
    """A hash of the source files ``names`` in ``folder``: what keys a compiled kernel's disk
    cache, so an edited kernel module is compiled again."""
    digest = hashlib.sha256()
    for name in names:
        digest.update((folder / name).read_bytes())
    return int(digest.hexdigest()[:15], 16)
