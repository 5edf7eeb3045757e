"""Format check of the held-out set (no toolkit import): runs validate_heldout.py."""

import runpy
from pathlib import Path


def test_heldout_files_are_consistent():
    mod = runpy.run_path(str(Path(__file__).resolve().parent / "validate_heldout.py"))
    assert mod["main"]() == 0
