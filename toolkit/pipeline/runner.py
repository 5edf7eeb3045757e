"""Running a run's batches: in this process or in worker processes, with a progress display.

:func:`batch_runner` gives a function from batches to their
:func:`toolkit.pipeline.batch.batch_tables`, in batch order, whichever way they run; the same
options (the run's lexicon snapshot) go to every batch and every worker.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from contextlib import contextmanager

from toolkit.pipeline.batch import batch_tables
from toolkit.workers import BatchWorkers

__all__ = [
    "WORKER_TARGET",
    "Progress",
    "batch_runner",
    "check_batch_size",
    "check_workers",
    "fewer_malloc_arenas",
    "trim_malloc",
]

#: The function the worker processes run on each batch.
WORKER_TARGET = "toolkit.pipeline.batch:batch_tables"


def fewer_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas (``mallopt(M_ARENA_MAX)``, as ``MALLOC_ARENA_MAX`` does).

    Each thread that allocates gets an arena of its own by default, and the freed memory of
    batch after batch stays spread over them: a streamed run's resident memory then creeps up
    batch by batch. A no-op where the C library is not glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # -8 is M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def trim_malloc() -> None:
    """Give the C heap's free memory back to the system (glibc's ``malloc_trim(0)``), as a
    batch's intermediates are freed; a no-op where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def batch_runner(workers: int, options: dict, *, compare: bool, in_process: bool = True):
    """A function from batches to their :func:`~toolkit.pipeline.batch.batch_tables`, in
    order: in this process (``workers=1`` and ``in_process``), or in ``workers`` processes.
    ``options`` are the keyword options of every batch (JSON values: they go to the workers).

    Examples
    --------
    >>> import polars as pl
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس إن 300 جندي سيبقون."]})
    >>> with batch_runner(1, {}, compare=False) as run:
    ...     [tables["articles"].height for tables in run([batch, batch])]
    [1, 1]
    """
    options = {**options, "compare": compare}
    if workers <= 1 and in_process:
        yield lambda batches: (batch_tables(batch, **options) for batch in batches)
        return
    # one process per batch already: stance reads each batch in its worker, not in more
    options["stance_workers"] = 1
    with BatchWorkers(WORKER_TARGET, workers, options) as pool:
        yield pool.map


def check_batch_size(batch_size: int) -> None:
    """Raise ``ValueError`` unless ``batch_size`` is a positive whole number.

    Examples
    --------
    >>> check_batch_size(0)
    Traceback (most recent call last):
    ValueError: batch_size must be a positive whole number of articles, not 0
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(
            f"batch_size must be a positive whole number of articles, not {batch_size!r}"
        )


def check_workers(workers: int) -> None:
    """Raise ``ValueError`` unless ``workers`` is a positive whole number.

    Examples
    --------
    >>> check_workers(2.5)
    Traceback (most recent call last):
    ValueError: workers must be a positive whole number, not 2.5
    """
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive whole number, not {workers!r}")


class Progress:
    """A run's progress: a progress bar (with ``show``) and the caller's ``on_batch``, called
    after each batch with the number of articles done so far.

    Examples
    --------
    >>> shown = Progress(10, False, on_batch=print)
    >>> shown.update(4); shown.update(6); shown.close()
    4
    10
    """

    def __init__(
        self, total: int | None, show: bool, on_batch: Callable[[int], object] | None = None
    ):
        self.bar = _bar(total) if show else None
        self.on_batch = on_batch
        self.done = 0

    def update(self, articles: int) -> None:
        self.done += articles
        if self.bar is not None:
            self.bar.update(articles)
        if self.on_batch is not None:
            self.on_batch(self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _bar(total: int | None):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="analyzing", unit="article")
