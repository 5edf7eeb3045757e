"""Which files of a corpus are read: the one rule that :func:`toolkit.load_articles`,
:func:`toolkit.check_corpus` and the batch pipeline (``python -m toolkit analyze``) follow.

A corpus is a file or a folder. A file given by name is always read (whatever its name). A
folder is walked recursively, each folder's entries in sorted order of their names, and
following symbolic links (a folder reached twice is a symlink loop). Then, in a folder:

* **read**: every file whose suffix is an article format (:data:`SUPPORTED_SUFFIXES`: ``.txt``,
  ``.md``, ``.markdown``, ``.html``, ``.htm``, ``.jsonl``, ``.ndjson``, ``.csv``, ``.parquet``,
  in any case);
* **skipped, by design** (:attr:`CorpusFiles.skipped`, with the reason; not a problem):
  hidden files and folders (the name starts with ``.``, such as ``.git`` or ``.DS_Store``;
  a hidden folder is not entered) and documentation files: the name up to its first dot is
  ``README``, ``LICENSE`` or ``LICENCE`` in any case, alone or followed by ``-`` or ``_`` and
  more (``README.md``, ``readme.txt``, ``LICENSE``, ``LICENSE-MIT.txt``, ``README_ar.md``;
  :func:`is_documentation`). Other names that merely begin so (``Readmission.txt``,
  ``licensed_operators.txt``) are articles;
* **problems** (:attr:`CorpusFiles.problems`, each a :class:`Problem`): a file of any other
  type (``unsupported file type '.docx'``), a broken symbolic link or special file, a symlink
  loop, a folder or entry that cannot be read, and a path that does not exist.

Problems stop a load (``errors="raise"``, and ``analyze`` without ``--skip-bad``). Every
skipped file is listed with its reason: by :func:`toolkit.check_corpus` (rows of kind
``skipped``), in the pipeline's run report and in the summaries that ``python -m toolkit
analyze`` and ``make run`` print. The walk keeps no Python stack per folder, so a tree of any
depth is walked; a path the system cannot open (too long, say) is a problem naming it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.corpus.problems import Problem

__all__ = [
    "HTML_SUFFIXES",
    "IGNORED_PREFIXES",
    "SUPPORTED_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "CorpusFiles",
    "Skipped",
    "corpus_files",
    "is_documentation",
    "unsupported_problem",
]

#: One article per file.
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
#: One article per saved web page (read with trafilatura: :mod:`toolkit.corpus.webpages`).
HTML_SUFFIXES = {".html", ".htm"}
#: One article per line or row.
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".parquet"}
#: Every article format: the files of a folder that are read.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES
#: The names of documentation files (in any case; see :func:`is_documentation`).
IGNORED_PREFIXES = ("readme", "license", "licence")
_DOCUMENTATION = re.compile(r"(?:readme|licen[cs]e)(?:[-_][^.]*)?", re.IGNORECASE)

HIDDEN = "hidden (the name starts with '.')"
DOCUMENTATION = "documentation, not an article (README or LICENSE file)"


@dataclass(frozen=True)
class Skipped:
    """A file or folder that is not read, by design, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class CorpusFiles:
    """The files of a corpus, as :func:`corpus_files` found them.

    Attributes
    ----------
    found
        Every file that is not skipped, in reading order: the article files and the files of
        an unsupported type (which are problems when read).
    problems
        What could not be walked: a missing path, symlink loops, broken symbolic links,
        unreadable folders (the unsupported files are in :attr:`unsupported`).
    skipped
        Hidden files and folders and documentation files, with the reason.
    """

    found: tuple[Path, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def files(self) -> list[Path]:
        """The article files: those of :attr:`found` in a supported format."""
        return [p for p in self.found if p.suffix.lower() in SUPPORTED_SUFFIXES]

    @property
    def unsupported(self) -> list[Path]:
        """The files of :attr:`found` that are no article format."""
        return [p for p in self.found if p.suffix.lower() not in SUPPORTED_SUFFIXES]

    def all_problems(self) -> list[Problem]:
        """:attr:`problems`, then a problem for each of the :attr:`unsupported` files."""
        return [*self.problems, *(unsupported_problem(p) for p in self.unsupported)]


def is_documentation(name: str) -> bool:
    """Whether a file name is a documentation file's, not an article's: the name up to its
    first dot is ``README``, ``LICENSE`` or ``LICENCE`` (any case), alone or followed by
    ``-`` or ``_`` and more.

    Examples
    --------
    >>> [is_documentation(n) for n in ["README.md", "LICENSE", "license-mit.txt", "README_ar.md"]]
    [True, True, True, True]
    >>> [is_documentation(n) for n in ["Readmission.txt", "licensed_operators.txt", "readme1.txt"]]
    [False, False, False]
    """
    return _DOCUMENTATION.fullmatch(name.split(".", 1)[0]) is not None


def unsupported_problem(path: Path) -> Problem:
    """The problem of a file that is no article format.

    Examples
    --------
    >>> unsupported_problem(Path("notes.docx")).reason.startswith("unsupported file type '.docx'")
    True
    """
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    suffix = path.suffix.lower()
    return Problem(str(path), f"unsupported file type '{suffix}' (supported: {supported})")


def corpus_files(path: str | os.PathLike) -> CorpusFiles:
    """The files of a corpus that are read, those skipped and the problems, by the rule of
    this module's docstring.

    Examples
    --------
    >>> listing = corpus_files("data/practice")
    >>> len(listing.files), listing.problems
    (23, ())
    >>> [(Path(s.path).name, s.reason) for s in listing.skipped]
    [('README.md', 'documentation, not an article (README or LICENSE file)')]
    """
    root = Path(path)
    try:
        if root.is_file():
            return CorpusFiles((root,))
        exists = root.exists()
    except OSError as exc:  # a path too long to look at, say
        return CorpusFiles((), (Problem(str(root), f"cannot read: {exc.strerror or exc}"),))
    if not exists:
        return CorpusFiles((), (Problem(str(root), "no such file or folder"),))
    found: list[Path] = []
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    seen: set = set()

    def entries(folder: Path) -> list[os.DirEntry]:
        try:
            info = os.stat(folder)
            # a folder's identity: device and inode (a path of its own where there are none)
            identity = (info.st_dev, info.st_ino) if info.st_ino else os.path.realpath(folder)
            if identity in seen:
                problems.append(Problem(str(folder), "symlink loop: folder already visited"))
                return []
            seen.add(identity)
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), f"cannot list folder: {exc.strerror}"))
            return []

    # depth first, each folder's entries in name order: a stack of the entries still to see
    pending = [iter(entries(root))]
    while pending:
        entry = next(pending[-1], None)
        if entry is None:
            pending.pop()
            continue
        path = Path(entry.path)
        if entry.name.startswith("."):
            skipped.append(Skipped(str(path), HIDDEN))
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
            is_file = entry.is_file(follow_symlinks=True)
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot read: {exc.strerror}"))
            continue
        if is_dir:
            pending.append(iter(entries(path)))
        elif is_file:
            if is_documentation(entry.name):
                skipped.append(Skipped(str(path), DOCUMENTATION))
            else:
                found.append(path)
        else:
            problems.append(Problem(str(path), "broken symlink or special file"))
    return CorpusFiles(tuple(found), tuple(problems), tuple(skipped))
