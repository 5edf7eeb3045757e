"""Outlets cited by their bare name where the punctuation marks the citation.

An organisation's alias that starts with a head noun (``org_head`` of ``titles.csv``: وكالة
المعلومة، قناة الميادين، موقع الحل نت) is often cited without it: «المعلومة/ خاص»، «في تصريح
لـ/المعلومة/»، «قال لـ"الميادين"». The bare rest of the alias is ambiguous (المعلومة is also
'the information', الميادين 'the squares'), so the gazetteer leaves it out; this source adds it
as a mention of the organisation (``method="coreference"``) only where the punctuation shows a
name:

- between slashes or quotes (/المعلومة/، "الميادين"، «الميادين»);
- right after the preposition written apart (لـ المعلومة، لـالميادين);
- at the start of a line, followed by a slash or a dash (the dateline: المعلومة/ خاص).

The bare rest must be one or two words that are no alias of any entity themselves, and it is
never read inside another mention.
"""

from __future__ import annotations

import bisect
import re

import polars as pl

from toolkit.arabic import normalize
from toolkit.entities.found import Found
from toolkit.entities.repeats import with_sentences

__all__ = ["bare_names", "cited_mentions"]

_OPEN = "/\"«“'"
_CLOSE = "/\"»”'"


def bare_names(found: Found) -> dict[str, str]:
    """The bare rest of each organisation alias that starts with a head noun → the entity
    (the rests that are aliases, or that two entities share, left out)."""
    aliases = found.tables.aliases.filter(pl.col("label") == "ORG")
    heads = found.tables.org_heads
    known = {normalize(a) for a in found.tables.aliases["alias"].to_list()}
    out: dict[str, str] = {}
    shared: set[str] = set()
    for entity, alias in aliases.select("entity_id", "alias").iter_rows():
        words = alias.split()
        if len(words) < 2 or normalize(words[0]).replace("ة", "ه") not in heads:
            continue
        rest = " ".join(words[1:])
        if len(words) > 3 or len(rest) < 4 or normalize(rest) in known:
            continue
        if rest in out and out[rest] != entity:
            shared.add(rest)
        out[rest] = entity
    return {rest: entity for rest, entity in out.items() if rest not in shared}


def _pattern(rests: list[str]) -> re.Pattern:
    names = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
    return re.compile(
        rf"(?:(?<=[{_OPEN}])\s?(?P<q>{names})\s?(?=[{_CLOSE}])"
        rf"|(?<=لـ)\s?[{_OPEN}]?(?P<l>{names})(?!\w)"
        rf"|(?:^|(?<=\n))(?P<d>{names})\s?(?=[/\-–]))"
    )


def cited_mentions(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` with bare cited outlet names added (module documentation).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "وقال النائب في تصريح لـ/المعلومة/ إن القرار نهائي"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "entity").rows()
    [('المعلومة', 'al_maalomah')]
    """
    mentions = found.mentions
    rests = bare_names(found)
    if not rests:
        return mentions
    pattern = _pattern(list(rests))
    spans: dict[str, list[tuple[int, int]]] = {}
    for article, start, end in mentions.select("article_id", "start", "end").iter_rows():
        spans.setdefault(article, []).append((start, end))
    rows = []
    for article, text in found.articles.select("article_id", "text").iter_rows():
        if text is None:
            continue
        taken = spans.get(article, [])
        starts = [s for s, _ in taken]
        for m in pattern.finditer(text):
            group = next(g for g in ("q", "l", "d") if m.group(g) is not None)
            start, end = m.span(group)
            at = bisect.bisect_right(starts, start)
            if (at and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end):
                continue  # inside or across a mention
            rows.append((article, start, end, m.group(group), rests[m.group(group)]))
    if not rows:
        return mentions
    new = pl.DataFrame(
        rows, schema=["article_id", "start", "end", "surface", "entity"], orient="row"
    ).cast({"start": pl.Int64, "end": pl.Int64})
    entities = found.tables.entities.rename({"entity_id": "entity"})
    new = with_sentences(
        found,
        new.with_columns(sentence_id=pl.lit(1, pl.Int64), method=pl.lit("coreference")).join(
            entities, on="entity", how="left"
        ),
    )
    order = found.articles.select("article_id").with_row_index("_article")
    return (
        pl.concat([mentions, new], how="vertical")
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .drop("_article")
    )
