import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from hypothesis import settings

from toolkit.datasets import DATA_DIR, seed_articles, seed_gold

# The suite reruns the same way: property tests draw the same examples on every machine (a
# red CI is a change, not a draw). `HYPOTHESIS_PROFILE=explore make test` draws new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

SEED_TEXT_PATH = DATA_DIR.parent.parent / "shared" / "seed" / "000_4969ed8d5fc84dd6.txt"


@pytest.fixture(scope="session")
def seed():
    return seed_articles()


@pytest.fixture(scope="session")
def gold():
    return seed_gold()
