"""The annotation store: every answer appended to a JSON-lines file the moment it is given.

One line per answer, never rewritten::

    {"time": "2026-11-30T09:12:04.512Z", "item": "stance:a:4:iran", "annotator": "Layla",
     "label": "oppose", "note": "", "party": null, "positions": null, "kind": "stance",
     "reading": "oppose", "sentence_sha256": "9f2c…"}

``time`` is UTC; ``item`` is the sample's stable key; ``label`` the answer (see
:data:`toolkit.validate.session.LABELS`); ``party`` the right party of a ``wrong_party``
answer; ``positions`` the parties' positions recorded in a whole sentence (a list of
``{"party", "stance"}``); ``reading`` what the system read when the annotator answered;
``sentence_sha256`` the fingerprint of the sentence the annotator saw.

Because each line is written and flushed (``fsync``) before the widget moves on, a dead kernel
loses at most the answer being typed. Reading takes the **last** answer per item and annotator,
so changing one's mind is one more line. A line cut short by a crash is skipped with a warning.
When the corpus changes under a sample, the sentence's hash no longer matches the one stored
with the answer: :func:`check_answers` flags the item instead of keeping an answer given to
another sentence.

Where answers go: the ``folder`` you pass, else the folder in the ``ANNOTATIONS``
environment variable, else a temporary folder made once per Python process (so headless runs —
``make run``, the tests — never write into the repository and rerun identically). To keep your
answers between sessions, pass a folder of your own or set ``ANNOTATIONS``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import polars as pl

__all__ = [
    "ANSWER_SCHEMA",
    "AnnotationStore",
    "annotation_folder",
    "annotator_path",
    "check_answers",
    "read_answers",
]

#: The columns of :func:`read_answers`.
ANSWER_SCHEMA = {
    "item": pl.String,
    "annotator": pl.String,
    "label": pl.String,
    "note": pl.String,
    "party": pl.String,
    "positions": pl.List(pl.Struct({"party": pl.String, "stance": pl.String})),
    "kind": pl.String,
    "reading": pl.String,
    "sentence_sha256": pl.String,
    "time": pl.String,
    "file": pl.String,
    "line": pl.Int64,
}

_REPOSITORY = Path(__file__).resolve().parents[2]


@cache
def _temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="annotations-"))


def annotation_folder(folder: str | os.PathLike | None = None) -> Path:
    """Where answers are written: ``folder``, else ``$ANNOTATIONS``, else a temporary folder.

    The temporary folder is made once per Python process (a kernel restart makes a new one:
    set ``ANNOTATIONS`` or pass ``folder`` to keep answers). A folder inside the toolkit's own
    repository gets a warning: answers there would end up in its commits.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["ANNOTATIONS"] = tempfile.mkdtemp()
    >>> annotation_folder() == Path(os.environ.pop("ANNOTATIONS"))
    True
    """
    chosen = folder if folder is not None else os.environ.get("ANNOTATIONS") or None
    path = _temporary_folder() if chosen is None else Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    if path.is_relative_to(_REPOSITORY) and (_REPOSITORY / ".git").exists():
        warnings.warn(
            f"annotations are written inside the toolkit's repository ({path}); choose a "
            "folder outside it (ANNOTATIONS=...) so they do not end up in its commits",
            UserWarning,
            stacklevel=2,
        )
    return path


def annotator_path(annotator: str, folder: str | os.PathLike | None = None) -> Path:
    """The file of one annotator's answers: ``<folder>/<annotator>.jsonl``.

    The name keeps letters (Arabic too), digits, ``-`` and ``_``; anything else becomes ``_``.

    Examples
    --------
    >>> annotator_path("Layla K.", "/tmp/answers").name
    'Layla_K_.jsonl'
    """
    name = annotator.strip()
    if not name:
        raise ValueError("an annotator needs a name (it is written with every answer)")
    safe = re.sub(r"[^\w\-]", "_", name)
    return annotation_folder(folder) / f"{safe}.jsonl"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class AnnotationStore:
    """An append-only JSON-lines file of answers.

    Parameters
    ----------
    path
        The file (created on the first answer); see :func:`annotator_path`.

    Examples
    --------
    >>> import tempfile
    >>> store = AnnotationStore(Path(tempfile.mkdtemp()) / "layla.jsonl")
    >>> record = store.append(item="stance:a:1:iran", annotator="Layla", label="oppose",
    ...                       sentence_sha256="ab12")
    >>> sorted(record)
    ['annotator', 'item', 'kind', 'label', 'note', 'party', 'positions', 'reading', 'sentence_sha256', 'time']
    >>> store.append(item="stance:a:1:iran", annotator="Layla", label="mixed",
    ...              sentence_sha256="ab12")["label"]
    'mixed'
    >>> store.latest()["label"].to_list()
    ['mixed']
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def append(
        self,
        *,
        item: str,
        annotator: str,
        label: str,
        sentence_sha256: str,
        note: str = "",
        party: str | None = None,
        positions: list[dict] | None = None,
        kind: str | None = None,
        reading: str | None = None,
    ) -> dict:
        """Write one answer at once (flushed and synced to disk) and return the record."""
        if not annotator or not annotator.strip():
            raise ValueError("an annotator needs a name (it is written with every answer)")
        record = {
            "time": _now(),
            "item": item,
            "annotator": annotator.strip(),
            "label": label,
            "note": note or "",
            "party": party,
            "positions": positions,
            "kind": kind,
            "reading": reading,
            "sentence_sha256": sentence_sha256,
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as handle:
            # a line cut short by a crash: start on a fresh line so this one stays readable
            if handle.tell() > 0:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    handle.write(b"\n")
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        return record

    def records(self) -> list[dict]:
        """Every answer in the file, in the order written (unreadable lines skipped)."""
        return list(_read_lines(self.path))

    def latest(self) -> pl.DataFrame:
        """The last answer per item and annotator (see :func:`read_answers`)."""
        return read_answers(self.path)


def _read_lines(path: Path) -> Iterable[dict]:
    if not path.exists():
        return
    bad = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                bad.append(number)
                continue
            if not isinstance(record, dict) or not {"item", "annotator", "label"} <= set(record):
                bad.append(number)
                continue
            yield {**record, "file": str(path), "line": number}
    if bad:
        warnings.warn(
            f"{path}: skipped {len(bad)} unreadable line(s) {bad[:10]} (a line cut short when "
            "the kernel died, or edited by hand); every other answer was read",
            UserWarning,
            stacklevel=3,
        )


def _files(sources) -> list[Path]:
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    files = []
    for source in sources:
        path = Path(source)
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def read_answers(sources, *, all_answers: bool = False) -> pl.DataFrame:
    """The answers in one or more files or folders: the last one per item and annotator.

    Parameters
    ----------
    sources
        A ``.jsonl`` file, a folder of them, or a list of files and folders.
    all_answers
        Keep every line (earlier answers too), in the order written.

    Returns
    -------
    polars.DataFrame
        The columns of :data:`ANSWER_SCHEMA`, sorted by item and annotator; ``file`` and
        ``line`` say where each answer was read.

    Examples
    --------
    >>> from toolkit.datasets import demo_validation
    >>> answers = read_answers(demo_validation()["annotators"])
    >>> sorted(answers["annotator"].unique())
    ['demo_a', 'demo_b']
    """
    rows = [record for path in _files(sources) for record in _read_lines(path)]
    rows = [{name: record.get(name) for name in ANSWER_SCHEMA} for record in rows]
    frame = pl.DataFrame(rows, schema=ANSWER_SCHEMA, orient="row") if rows else None
    if frame is None:
        return pl.DataFrame(schema=ANSWER_SCHEMA)
    if all_answers:
        return frame
    return (
        frame.with_row_index("_order")
        .sort("_order")
        .unique(["item", "annotator"], keep="last", maintain_order=True)
        .sort("item", "annotator")
        .drop("_order")
    )


def check_answers(answers: pl.DataFrame, sample: pl.DataFrame) -> pl.DataFrame:
    """The answers with ``status``: ``ok``, ``changed`` (the sentence's text is not the one
    answered: the corpus changed) or ``not_in_sample`` (no such item in ``sample``).

    Examples
    --------
    >>> sample = pl.DataFrame({"item": ["x", "y"], "sentence_sha256": ["h1", "h2"]})
    >>> answers = pl.DataFrame({"item": ["x", "y", "z"], "sentence_sha256": ["h1", "old", "h3"]})
    >>> check_answers(answers, sample)["status"].to_list()
    ['ok', 'changed', 'not_in_sample']
    """
    current = sample.select("item", pl.col("sentence_sha256").alias("_current"))
    checked = answers.join(current, on="item", how="left", maintain_order="left")
    status = (
        pl.when(pl.col("_current").is_null())
        .then(pl.lit("not_in_sample"))
        .when(pl.col("_current") != pl.col("sentence_sha256"))
        .then(pl.lit("changed"))
        .otherwise(pl.lit("ok"))
    )
    return checked.with_columns(status=status).drop("_current")
