"""What the figures' tests share: the phrase cases and two ways to read figures."""

from pathlib import Path

import polars as pl

from toolkit.figures import extract_figures

HERE = Path(__file__).parent
PHRASES = pl.read_csv(HERE / "data" / "figure_phrases.csv", infer_schema=False)
FIELDS = ("value", "low", "high", "qualifier", "kind", "unit")


def figures_of(*texts: str, **options) -> pl.DataFrame:
    frame = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return extract_figures(frame, **options)


def one(text: str) -> dict:
    found = figures_of(text)
    assert found.height == 1, found.select("surface", "value", "kind").rows()
    return found.row(0, named=True)
