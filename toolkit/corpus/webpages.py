"""Web pages saved as ``.html`` / ``.htm``: one article per page, read with trafilatura.

`trafilatura <https://trafilatura.readthedocs.io>`_ finds the page's main text and drops its
boilerplate (navigation, advertisements, footers, lists of other stories), and reads the
page's metadata. An article read from a page has:

* ``text``: the main text as trafilatura extracts it (paragraphs on lines of their own; the
  headline is often its first line). Offsets point into this text, as loaded;
* ``title``: the page's headline (``og:title``, the ``<h1>``, the ``<title>``);
* ``published``: the publication date from the page's metadata (``article:published_time``,
  ``<meta name="date">``, ``<time>``, a date in the page's address…; htmldate's choice of the
  original date, never the date of the download, and no guess from the running text);
* ``source``: the outlet, from the page's site name (``og:site_name`` …), else the domain of
  its address (``og:url`` or the canonical link);
* ``language``: the page's ``<html lang>``; ``url``: its address, when it gives one.

The bytes are decoded with the charset the page declares (``<meta charset>``), else as any
text file (:func:`toolkit.corpus.decode_bytes`: UTF-8, UTF-16 with BOM, Windows-1256). A page
with no main text (only navigation and links, say) is a problem naming the file, never an
empty article.
"""

from __future__ import annotations

import codecs
import logging
import re
from contextlib import contextmanager

from toolkit.corpus.encodings import decode_bytes

__all__ = ["PageError", "decode_page", "read_page"]

_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""", re.I)
NO_TEXT = (
    "no article text in the page: trafilatura found no main text (only navigation, links or "
    "other boilerplate, or an empty page)"
)


class PageError(ValueError):
    """A saved web page that cannot be read as an article; the message is the reason."""


def decode_page(data: bytes) -> tuple[str, str]:
    """The text of a saved page and its encoding: the charset the page declares in its first
    4 KB (``<meta charset="windows-1256">``), else as :func:`toolkit.corpus.decode_bytes`.

    Examples
    --------
    >>> page = '<meta charset="windows-1256"><p>سلام</p>'.encode("cp1256")
    >>> decode_page(page)
    ('<meta charset="windows-1256"><p>سلام</p>', 'windows-1256')
    """
    declared = _CHARSET.search(data[:4096])
    if declared is None or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return _decoded(data)
    name = declared.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise PageError(f"the page declares an unknown charset {name!r}") from None
    if codec in {"utf-8", "ascii"}:
        return _decoded(data)
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as exc:
        raise PageError(f"invalid {name} byte at offset {exc.start} (declared charset)") from None


def _decoded(data: bytes) -> tuple[str, str]:
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise PageError(str(exc)) from None


@contextmanager
def _quiet():
    """trafilatura and htmldate log what they discard; a load reports its problems itself."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def read_page(data: bytes) -> dict:
    """One saved web page as an article record: ``text``, ``title``, ``published``,
    ``source``, ``language``, ``url`` and ``encoding`` (see the module docstring).

    Raises :class:`PageError` when the page cannot be decoded or has no main text.

    Examples
    --------
    >>> page = (
    ...     '<html lang="ar"><head><meta property="og:site_name" content="صحيفة">'
    ...     '<meta property="article:published_time" content="2024-01-28"></head><body>'
    ...     '<nav><a href="/">الرئيسية</a></nav><article><h1>العنوان</h1>'
    ...     "<p>قال متحدث حكومي إن المحادثات ستستأنف الشهر المقبل في بغداد.</p></article>"
    ...     "<footer>جميع الحقوق محفوظة</footer></body></html>"
    ... )
    >>> record = read_page(page.encode("utf-8"))
    >>> record["title"], record["source"], record["published"], record["language"]
    ('العنوان', 'صحيفة', '2024-01-28', 'ar')
    >>> "الرئيسية" in record["text"] or "محفوظة" in record["text"]
    False
    """
    import trafilatura

    html, encoding = decode_page(data)
    with _quiet():
        try:
            document = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                favor_precision=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError) as exc:  # markup lxml cannot build a tree from
            raise PageError(f"not readable as HTML: {exc}") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise PageError(NO_TEXT)
    language = _LANG.search(html[:4096])
    record = {
        "title": document.title or None,
        "source": document.sitename or document.hostname or None,
        "published": document.date or None,
        "language": language.group(1) if language else None,
        "text": text,
        "encoding": encoding,
    }
    if document.url:
        record["url"] = document.url
    return record
