"""Format check of the composed development articles (tests/data/dev_articles): runs the set's
own plain-Python check (no toolkit import)."""

import runpy
from pathlib import Path

CHECK = Path(__file__).resolve().parents[1] / "data" / "dev_articles" / "check_dev_articles.py"


def test_dev_articles_are_consistent(capsys):
    assert runpy.run_path(str(CHECK))["main"]() == 0
    assert "OK" in capsys.readouterr().out
