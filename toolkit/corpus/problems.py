"""Problems found in a corpus: one per file (and line), the error that lists them all, and the
warning of a load that skipped them."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

__all__ = ["CorpusError", "CorpusWarning", "Problem", "problem_frame"]


class CorpusError(ValueError):
    """Raised when a corpus has problems; the message lists every problem found.

    Attributes
    ----------
    problems : polars.DataFrame
        One row per problem, with columns ``path``, ``line`` and ``reason``.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problem_frame(problems)
        lines = [f"{len(problems)} problem(s) found in the corpus:"]
        lines += [f"  - {p}" for p in problems]
        lines.append('Fix the files, or pass errors="skip" to load the good articles.')
        super().__init__("\n".join(lines))


class CorpusWarning(UserWarning):
    """Warned once by ``load_articles(..., errors="skip")`` with what was skipped."""


@dataclass(frozen=True)
class Problem:
    """One problem with one file (and line, for line-based formats)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


def problem_frame(problems: list[Problem]) -> pl.DataFrame:
    """Problems as a frame with columns ``path``, ``line`` and ``reason`` (what
    :func:`toolkit.check_corpus` returns).

    Examples
    --------
    >>> problem_frame([Problem("a.csv", "no 'text' column")]).row(0)
    ('a.csv', None, "no 'text' column")
    """
    return pl.DataFrame(
        {
            "path": [p.path for p in problems],
            "line": [p.line for p in problems],
            "reason": [p.reason for p in problems],
        },
        schema={"path": pl.String, "line": pl.Int64, "reason": pl.String},
    )
