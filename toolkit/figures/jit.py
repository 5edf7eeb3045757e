"""How the compiled kernels of the figures are compiled: numba, cached on disk, keyed by source.

A kernel is a plain Python function made by a factory (``def _make(version): def kernel(...)``)
and compiled by :func:`kernel` with numba in ``nopython`` mode, ``cache=True``: the machine
code is written next to the module (or to numba's user cache when that folder is read-only),
so a new notebook kernel loads it instead of compiling again. Helpers a kernel calls are
compiled into it (:func:`helper`).

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
import hashlib
from collections.abc import Callable
from pathlib import Path

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
    "kernel_phrase.py",
    "subjects.py",
    "clauses.py",
)
_HERE = Path(__file__).resolve().parent


@functools.cache
def version() -> int:
    """A hash of the source of the kernel modules (what keys the kernels' disk cache)."""
    digest = hashlib.sha256()
    for name in KERNEL_MODULES:
        digest.update((_HERE / name).read_bytes())
    return int(digest.hexdigest()[:15], 16)


@functools.cache
def available() -> bool:
    """Whether numba can be imported here (the compiled path needs it)."""
    try:
        import numba  # noqa: F401
    except ImportError:  # pragma: no cover - numba is a dependency
        return False
    return True


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

        return numba.njit(cache=True, nogil=True)(factory(version()))

    compiled.__doc__ = factory.__doc__
    return compiled
