"""How the compiled kernels of the figures are compiled: numba, cached on disk, keyed by source.

A kernel is a plain Python function made by a factory (``def _make(version): def kernel(...)``)
and compiled by :func:`kernel` with numba in ``nopython`` mode, ``cache=True``: the machine
code is written to ``NUMBA_CACHE_DIR`` when it is set, else next to the module in
``__pycache__`` (ignored by git), else (a read-only install) to numba's user cache
(``~/.cache/numba``), so a new notebook kernel loads it instead of compiling again. With no
writable folder the kernels are compiled in every process, with a warning. Helpers a kernel
calls are compiled into it (:func:`helper`).

numba keys its disk cache by the kernel's own bytecode, not by the helpers it calls from other
modules, so an edited helper would leave a stale kernel in the cache. The factory's ``version``
closes that gap: it is a hash of the source of every kernel module and of every module whose
constants the kernels read (:data:`KERNEL_MODULES`), and numba keys the cache by a closure's
values too, so editing any of them compiles afresh.

numba is imported only when a kernel is first used (``import toolkit`` does not pay for it);
:func:`available` says whether it can be.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from pathlib import Path

from toolkit.workers import numba_available, source_hash

__all__ = ["KERNEL_MODULES", "available", "helper", "inline", "kernel", "version"]

#: The modules whose source keys the cache of every kernel.
KERNEL_MODULES = (
    "jit.py",
    "candidates.py",
    "schema.py",
    "features.py",
    "codepoints.py",
    "scan.py",
    "kernel_tokens.py",
    "kernel_number.py",
    "kernel_context.py",
    "kernel_phrase.py",
    "subjects.py",
    "clauses.py",
)
_HERE = Path(__file__).resolve().parent


@functools.cache
def version() -> int:
    """A hash of the source of the kernel modules (what keys the kernels' disk cache)."""
    return source_hash(_HERE, KERNEL_MODULES)


#: Whether numba can be imported here (the compiled path needs it).
available = numba_available


def helper(function: Callable) -> Callable:
    """A function that kernels call: compiled into them, never cached on its own."""
    import numba

    return numba.njit(nogil=True)(function)


def inline(function: Callable) -> Callable:
    """A small helper that kernels call in their innermost loops: inlined into its callers
    by numba (no call, no arguments passed)."""
    import numba

    return numba.njit(nogil=True, inline="always")(function)


def kernel(factory: Callable[[int], Callable]) -> Callable[[], Callable]:
    """A kernel made by ``factory(version)``, compiled at first use and cached on disk.

    Returns a function that gives the compiled kernel (compiling or loading it the first
    time it is called in a process).
    """

    @functools.cache
    def compiled() -> Callable:
        import numba

        function = factory(version())
        try:
            return numba.njit(cache=True, nogil=True)(function)
        except RuntimeError as error:  # no folder to cache in: compile in every process
            if "cannot cache" not in str(error):
                raise
            warnings.warn(
                f"the figures kernel {function.__qualname__!r} cannot be cached on disk "
                f"({error}); it is compiled again in every new process. Set NUMBA_CACHE_DIR "
                "to a writable folder to keep the compiled code.",
                RuntimeWarning,
                stacklevel=2,
            )
            return numba.njit(cache=False, nogil=True)(function)

    compiled.__doc__ = factory.__doc__
    return compiled
