"""The lexicons of one batch run, fixed at its start.

A run reads its lexicon files in every process (this one and each worker), batch after batch,
and the lexicon caches read a file again as soon as it changed: a file edited while a run goes
on would be read half-way through, and the workers could see different versions. So a run
first copies every lexicon file it will read into a folder of its own
(:meth:`toolkit.lexicons.Lexicons.snapshot`; an explicit ``gazetteer=``, ``cues=`` or
``speakers=`` file is copied in under its lexicon name), hands that folder to every stage and
every worker, and records the SHA-256 of the copies: the bytes the run parsed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.lexicons import LexiconError, Lexicons, as_lexicons

__all__ = ["CUES_FILE", "EXPLICIT_FILES", "TARGET", "RunLexicons", "run_lexicons", "take_snapshot"]

#: The stance target of the pipeline.
TARGET = "us_troops"
#: The cue file of :data:`TARGET`.
CUES_FILE = f"stance_cues_{TARGET}.csv"
#: The lexicon name of each file that may be given on its own.
EXPLICIT_FILES = {"gazetteer": "entities.csv", "cues": CUES_FILE, "speakers": "speakers.csv"}


@dataclass(frozen=True)
class RunLexicons:
    """The snapshot of a run's lexicons.

    Attributes
    ----------
    folder
        The folder of the copies (every lexicon file of the set, by its lexicon name).
    checksums
        SHA-256 of each copy, by file name: the bytes the run parses.
    sources
        The file each copy was made from, by file name.
    explicit
        The ``gazetteer``/``cues``/``speakers`` paths given, by option.
    """

    folder: str
    checksums: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    explicit: dict[str, str] = field(default_factory=dict)

    @property
    def lexicons(self) -> Lexicons:
        """The snapshot as a lexicon set."""
        return Lexicons(self.folder)

    def stage_options(self) -> dict[str, str]:
        """The lexicon options of every stage and worker: the snapshot folder and, for the
        stages that take them one by one, the entity, cue and speaker copies (paths)."""
        options = {name: str(Path(self.folder) / file) for name, file in EXPLICIT_FILES.items()}
        return {**options, "lexicons": self.folder}

    def report_checksums(self) -> dict[str, str]:
        """:attr:`checksums`, and each explicit file's under its own path too."""
        given = {path: self.checksums[EXPLICIT_FILES[name]] for name, path in self.explicit.items()}
        return {**self.checksums, **given}


def take_snapshot(
    into: str | os.PathLike,
    *,
    gazetteer: str | os.PathLike | None = None,
    cues: str | os.PathLike | None = None,
    speakers: str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> RunLexicons:
    """Copy every lexicon file a run reads into ``into``; return the snapshot.

    ``lexicons`` is the set (a :class:`toolkit.lexicons.Lexicons` or a folder of edited
    copies, whose missing files come from the shipped set; ``None``: the shipped files);
    ``gazetteer``, ``cues`` and ``speakers`` replace its ``entities.csv``, cue file and
    ``speakers.csv``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     run = take_snapshot(folder)
    ...     sorted(run.checksums) == Lexicons().names()
    True
    """
    chosen = as_lexicons(lexicons)
    snapshot = chosen.snapshot(into)
    sources = {name: str(chosen.path(name)) for name in chosen.names()}
    explicit = {}
    for option, path in (("gazetteer", gazetteer), ("cues", cues), ("speakers", speakers)):
        if path is None:
            continue
        name = EXPLICIT_FILES[option]
        try:
            shutil.copyfile(path, Path(snapshot.folder) / name)
        except OSError as exc:
            reason = f"cannot read the file: {exc.strerror}"
            raise LexiconError(path, [(None, reason)]) from None
        sources[name] = explicit[option] = str(path)
    return RunLexicons(snapshot.folder, snapshot.checksums(), sources, explicit)


@contextmanager
def run_lexicons(**files) -> Iterator[RunLexicons]:
    """:func:`take_snapshot` into a temporary folder that is removed when the run ends.

    Examples
    --------
    >>> with run_lexicons() as run:
    ...     Path(run.stage_options()["gazetteer"]).name
    'entities.csv'
    >>> Path(run.folder).exists()
    False
    """
    with tempfile.TemporaryDirectory(prefix="toolkit-run-lexicons-") as folder:
        yield take_snapshot(folder, **files)
