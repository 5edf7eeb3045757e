"""Where the compiled kernels are cached: never in git's way, and a read-only install works."""

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from toolkit.figures.jit import available

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not available(), reason="numba is a dependency of the project")

MODULE = textwrap.dedent(
    '''
    from toolkit.figures.jit import kernel


    def _make_total(version):
        def total(values):
            """The sum of ``values``, plus nothing: ``version`` keys the cache."""
            s = 0
            for v in values:
                s += v
            return s + version * 0

        return total


    total = kernel(_make_total)
    '''
)


def _module(folder: Path, name: str):
    """A module holding one kernel made by :func:`toolkit.figures.jit.kernel`."""
    folder.mkdir(parents=True)
    path = folder / f"{name}.py"
    path.write_text(MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cached(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.nbi")) + sorted(folder.rglob("*.nbc"))


@pytest.fixture
def no_cache_dir(monkeypatch, tmp_path):
    """numba as a user without NUMBA_CACHE_DIR, its user cache in ``tmp_path/user``."""
    from numba.core import config

    monkeypatch.setattr(config, "CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    return tmp_path / "user"


def test_a_kernel_is_cached_beside_its_module(no_cache_dir, tmp_path):
    module = _module(tmp_path / "package", "beside")
    assert module.total()(np.arange(10)) == 45
    assert _cached(tmp_path / "package" / "__pycache__")
    assert not _cached(no_cache_dir)


def test_a_read_only_install_caches_in_the_user_cache(no_cache_dir, tmp_path, monkeypatch):
    """The package folder cannot be written (a system or Binder install): numba's user
    cache takes the compiled code, and nothing is written beside the module."""
    from numba.core import caching

    def read_only(self):
        raise PermissionError(13, "Read-only file system", self.get_cache_path())

    monkeypatch.setattr(caching.InTreeCacheLocator, "ensure_cache_path", read_only)
    module = _module(tmp_path / "package", "readonly")
    assert module.total()(np.arange(5)) == 10
    assert _cached(no_cache_dir)
    assert not _cached(tmp_path / "package")


def test_with_no_writable_folder_the_kernel_still_runs(no_cache_dir, tmp_path, monkeypatch):
    from numba.core import caching

    def read_only(self):
        raise PermissionError(13, "Read-only file system", self.get_cache_path())

    monkeypatch.setattr(caching.InTreeCacheLocator, "ensure_cache_path", read_only)
    monkeypatch.setattr(caching.UserWideCacheLocator, "ensure_cache_path", read_only)
    module = _module(tmp_path / "package", "nowhere")
    with pytest.warns(RuntimeWarning, match="NUMBA_CACHE_DIR"):
        total = module.total()
    assert total(np.arange(4)) == 6
    assert not _cached(tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_kernel_cache_leaves_git_status_clean():
    """After the figures' kernels have run here, their cache files are ignored by git."""
    import polars as pl

    from toolkit.figures import extract_figures

    if subprocess.run(["git", "-C", str(ROOT), "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    extract_figures(
        pl.DataFrame({"article_id": ["a"], "text": ["وصل نحو 2500 جندي."]}), compiled=True
    )
    folder = ROOT / "toolkit" / "figures" / "__pycache__"
    cached = _cached(folder)
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all", "toolkit"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".nbi" not in status and ".nbc" not in status, status
    if cached:  # numba cached beside the modules (not in NUMBA_CACHE_DIR or a user cache)
        ignored = subprocess.run(
            ["git", "-C", str(ROOT), "check-ignore", *map(str, cached[:5])],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert len(ignored) == len(cached[:5])
