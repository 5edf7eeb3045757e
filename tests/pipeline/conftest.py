"""Fixtures of the pipeline tests: a small generated corpus, its streamed run, and a check
that two runs gave the same tables."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from toolkit.pipeline import TABLES, analyze_path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the benchmarks package lives beside the toolkit
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

EXPECTED = list(TABLES)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """A small generated corpus: 45 articles in three Parquet and three JSONL files."""
    out = tmp_path_factory.mktemp("corpus")
    generate(out, count=45, part=15)
    return out


@pytest.fixture(scope="session")
def streamed(corpus, tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("streamed")
    report = analyze_path(corpus / "parquet", out, batch_size=7)
    return report, out


def _assert_same(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    assert list(left) == list(right)
    for name in left:
        assert_frame_equal(left[name], right[name], check_dtypes=True), name


@pytest.fixture(scope="session")
def assert_same():
    """A function that asserts two runs' tables are the same, table by table."""
    return _assert_same
