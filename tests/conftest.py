import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from toolkit.datasets import DATA_DIR, seed_articles, seed_gold

SEED_TEXT_PATH = DATA_DIR.parent.parent / "shared" / "seed" / "000_4969ed8d5fc84dd6.txt"


@pytest.fixture(scope="session")
def seed():
    return seed_articles()


@pytest.fixture(scope="session")
def gold():
    return seed_gold()
