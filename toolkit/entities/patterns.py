"""Title patterns: PERSON names proposed after a title (الرئيس X، وزير الدفاع X، الجنرال X).

The titles and the nisba endings are data (``toolkit/lexicons/titles.csv``). After a title the
rule skips the title's own modifiers (up to three times ال + a word not in a lexicon match:
الإيراني البارز), then reads a name of up to three words: each a word outside the lexicon
matches and no stopword, or ال + a word that is not a nisba (ال + word never starts a name).
A name of one word needs three letters. Proposed names come out with ``label="PERSON"`` and
``method="pattern"``; both paths read names with :func:`propose`.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from toolkit.entities.stream import match
from toolkit.entities.tables import EntityTables

__all__ = ["WINDOW", "as_pattern", "pattern_mentions", "propose"]

WINDOW = 13  # pieces read after a title: up to 3 modifiers (ال + word) and 3 name words


def pattern_mentions(
    stream: pl.DataFrame, matches: pl.DataFrame, tables: EntityTables
) -> list[dict]:
    """Propose PERSON names that follow a title and are not in the lexicon.

    Only the few pieces after each title are read (in Python); ``matches`` are the lexicon
    matches, whose pieces are never part of a proposed name. Returns ``row`` and ``n`` of each
    name (pieces of ``stream``).
    """
    titles = match(stream, tables.titles)
    if titles.is_empty():
        return []
    size = stream.height
    taken = np.zeros(size + 1, dtype=bool)
    if matches.height:
        lengths = matches["n"].cast(pl.Int64).to_numpy()
        starts = np.repeat(matches["row"].cast(pl.Int64).to_numpy(), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        taken[starts + offsets] = True
    first = (titles["row"] + titles["n"]).cast(pl.Int64).to_numpy()
    anchor = stream["article_id"].gather(titles["row"]).to_list()
    return propose(stream, taken, first, anchor, tables)


def propose(
    stream: pl.DataFrame, taken: np.ndarray, first: np.ndarray, anchor: list, tables: EntityTables
) -> list[dict]:
    """The names after titles: ``first`` is the stream row after each title, ``anchor`` the
    title's article, ``taken`` marks the rows inside lexicon matches."""
    size = stream.height
    if size == 0 or len(first) == 0:
        return []
    index = np.minimum(first[:, None] + np.arange(WINDOW)[None, :], size - 1).ravel()
    gathered = pl.Series(index)
    window = {
        name: stream[name].gather(gathered).to_list()
        for name in ("key", "clitic", "kind", "article_id")
    }
    window["taken"] = taken[index].tolist()
    window["index"] = index.tolist()
    stop = tables.stopwords
    endings = tables.nisba_endings
    out = []
    for t, start in enumerate(first.tolist()):
        base = t * WINDOW

        def ok(j, t=t, start=start, base=base):
            return j < WINDOW and start + j < size and window["article_id"][base + j] == anchor[t]

        def at(name, j, base=base):
            return window[name][base + j]

        j = 0
        # Skip the title's own modifiers (ال + noun or nisba: الإيراني البارز).
        while j < 6 and ok(j + 1) and at("clitic", j) == "article" and not at("taken", j):
            j += 2
        name = []
        while (
            ok(j)
            and len(name) < 3
            and not at("taken", j)
            and at("kind", j) == "word"
            and at("key", j) not in stop
        ):
            if at("clitic", j) == "article":
                if (
                    not name
                    or not ok(j + 1)
                    or at("taken", j + 1)
                    or at("key", j + 1).endswith(endings)
                ):
                    break
                name.append((j, j + 1))
                j += 2
                continue
            name.append((j, j))
            j += 1
        if not name or (len(name) == 1 and len(at("key", name[0][1])) < 3):
            continue
        out.append({"row": start + name[0][0], "n": name[-1][1] - name[0][0] + 1})
    return out


def as_pattern(proposed: pl.DataFrame) -> pl.DataFrame:
    """Spans of proposed names as mentions: no entity yet, ``PERSON``, ``method="pattern"``."""
    return proposed.with_columns(
        entity=None,
        name_en=None,
        name_ar=None,
        label=pl.lit("PERSON"),
        party=None,
        method=pl.lit("pattern"),
    )
