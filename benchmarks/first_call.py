"""The first call of a compiled stage, in fresh processes with numba's disk cache cold and
then warm (what a notebook pays on a kernel's first run, and on later kernel starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: Run in a fresh process: ``{setup}`` imports the stage, ``{call}`` runs it on ``frame``.
_CHILD = """
import json, sys, time
started = time.perf_counter()
import polars as pl
{setup}
imported = time.perf_counter()
frame = pl.DataFrame({{"article_id": ["a"], "text": [sys.argv[1]]}})
{call}
first = time.perf_counter()
{call}
second = time.perf_counter()
print(json.dumps({{"import": imported - started, "first_call": first - imported,
                  "second_call": second - first}}))
"""


def _one(script: str, sample: str, cache_dir: Path) -> dict:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script, sample], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_calls(setup: str, call: str, sample: str, log=print) -> dict:
    """Seconds to import, first call and second call on ``sample`` (one article), in a fresh
    process with an empty numba cache (``cold_cache``) and again with the cache it left
    (``warm_cache``)."""
    script = _CHILD.format(setup=setup, call=call)
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        log("first call, cold numba cache …")
        cold = _one(script, sample, Path(cache))
        log("first call, warm numba cache …")
        warm = _one(script, sample, Path(cache))
    return {"cold_cache": cold, "warm_cache": warm}
