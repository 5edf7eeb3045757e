"""Load, check and scan corpora of articles.

The first stage of the data's path. Every later stage takes a polars frame with at least
``article_id`` and ``text``; :func:`load_articles` builds that frame from files on disk.

Supported files
---------------
``.txt``
    One article per file; ``article_id`` is the file's stem.
``.md`` / ``.markdown``
    One article per file, with optional YAML front matter between ``---`` lines (``title``,
    ``source``, ``published`` or ``date``, ``url``, ``language``, ``article_id`` and any other
    keys, which become extra columns).
``.html`` / ``.htm``
    One article per saved web page, read with trafilatura (:mod:`toolkit.corpus.webpages`):
    ``text`` is the page's main text as trafilatura extracts it, boilerplate (navigation,
    advertisements, footers) dropped; ``title``, ``published`` (the page's publication date),
    ``source`` (the site name, else the domain), ``language`` (``<html lang>``) and ``url``
    come from the page's metadata. A page with no main text is a problem naming the file.
``.jsonl`` / ``.ndjson``, ``.csv``, ``.parquet``
    One article per line or row, with a ``text`` column and optional metadata columns. Without
    an ``article_id`` (or ``id``) column, articles are numbered ``<stem>-<row>`` from 1.

Text files (and pages that declare no charset) are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256, and
the encoding used is recorded. Line endings become ``\\n``; nothing else in the text changes,
so offsets point into exactly what a reader sees. A metadata field named like a column the
loader sets itself (``path``, ``encoding``; ``text`` in front matter) is kept with the suffix
``_field`` (``path_field`` …). YAML front matter is read with a safe loader that also refuses
aliases (``*name``), so a few bytes cannot expand into billions of values.

Which files are read
--------------------
:func:`corpus_files` holds the one rule that every reader follows (:func:`load_articles`,
:func:`check_corpus`, :func:`scan_articles` and the batch pipeline): a folder is read
recursively in sorted order; hidden files and folders and files named ``README*`` or
``LICENSE*`` are documentation, not articles, and are skipped; any other file that is no
article format is a problem. See :mod:`toolkit.corpus.files`.

Modules: :mod:`~toolkit.corpus.files` (which files), :mod:`~toolkit.corpus.encodings` (bytes to
text), :mod:`~toolkit.corpus.read` (formats, front matter, records),
:mod:`~toolkit.corpus.webpages` (saved web pages),
:mod:`~toolkit.corpus.load` (the frame), :mod:`~toolkit.corpus.problems`.
"""

from toolkit.corpus.encodings import decode_bytes
from toolkit.corpus.files import (
    HTML_SUFFIXES,
    IGNORED_PREFIXES,
    SUPPORTED_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    CorpusFiles,
    Skipped,
    corpus_files,
)
from toolkit.corpus.load import (
    ARTICLE_COLUMNS,
    PROGRESS_THRESHOLD,
    check_corpus,
    free_name,
    load_articles,
    published_date,
    scan_articles,
)
from toolkit.corpus.problems import CorpusError, CorpusWarning, Problem, problem_frame
from toolkit.corpus.read import FrontMatterLoader
from toolkit.corpus.webpages import decode_page, read_page

__all__ = [
    "ARTICLE_COLUMNS",
    "HTML_SUFFIXES",
    "IGNORED_PREFIXES",
    "PROGRESS_THRESHOLD",
    "SUPPORTED_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "CorpusError",
    "CorpusFiles",
    "CorpusWarning",
    "FrontMatterLoader",
    "Problem",
    "Skipped",
    "check_corpus",
    "corpus_files",
    "decode_bytes",
    "decode_page",
    "free_name",
    "load_articles",
    "problem_frame",
    "published_date",
    "read_page",
    "scan_articles",
]
