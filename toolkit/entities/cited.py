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
never read inside another mention. An outlet (an alias that starts with an ``outlet_head`` of
``mention_words.csv``: قناة، وكالة، صحيفة، موقع) is also found by its bare name right after a
``citation`` word of that file (نقلت الميادين، مراسل الميادين، وأفادت المعلومة), the word
perhaps with a ``prefix`` glued to it.

:func:`institution_mentions` reads the ``institution_head`` nouns of ``mention_words.csv``
(جامعة، معهد، كلية), and the ``research_head`` nouns (مركز) when an ``institution_tail`` follows
the place (للدراسات): such a noun right before a place mention (جامعة بغداد، مركز بغداد
للدراسات) makes one ORG mention over both (and the tail), ``method="institution"``, with no party and the id
``institution:`` and the normalized surface (as a proposed name's ``pattern:``); the place is
not mentioned there (Baghdad does not speak in «الأستاذ في جامعة بغداد»).
"""

from __future__ import annotations

import bisect
import re

import polars as pl

from toolkit.arabic import normalize, normalize_expr
from toolkit.entities.found import Found, mention_rows
from toolkit.entities.repeats import with_sentences
from toolkit.entities.stream import phrase_keys
from toolkit.lexicons.mention_words import load_mention_words

__all__ = ["bare_names", "cited_mentions", "institution_mentions", "paired_mentions"]

_OPEN = "/\"«“'"
_CLOSE = "/\"»”'"


def _words(found: Found, kind: str) -> list[str]:
    words = load_mention_words(lexicons=found.tables.lexicons)
    return words.filter(pl.col("kind") == kind)["word"].to_list()


def bare_names(found: Found, heads: frozenset[str] | None = None) -> dict[str, str]:
    """The bare rest of each organisation alias that starts with a head noun (``heads``, keys
    with ة read as ه; by default the ``org_head`` nouns) → the entity (the rests that are
    aliases, or that two entities share, left out)."""
    aliases = found.tables.aliases.filter(pl.col("label") == "ORG")
    if heads is None:
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


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _pattern(rests: list[str], outlets: list[str], citations: list[str], prefixes: str):
    names = _alternatives(rests)
    parts = (
        [
            rf"(?<=[{_OPEN}])\s?(?P<q>{names})\s?(?=[{_CLOSE}])",
            rf"(?<=لـ)\s?[{_OPEN}]?(?P<l>{names})(?!\w)",
            rf"(?:^|(?<=\n))(?P<d>{names})\s?(?=[/\-–])",
        ]
        if rests
        else []
    )
    if outlets and citations:
        glued = f"[{re.escape(prefixes)}]{{0,2}}" if prefixes else ""
        parts.append(
            rf"(?<!\w){glued}(?:{_alternatives(citations)})\s+(?P<c>{_alternatives(outlets)})(?!\w)"
        )
    return re.compile("(?:" + "|".join(parts) + ")")


#: Python's ``\s`` (``str.isspace``) as a class that polars' regex engine reads the same way.
_SPACE = "[" + "".join(f"\\x{{{c:x}}}" for c in range(0x110000) if chr(c).isspace()) + "]"


def _prefilter(rests: list[str], outlets: list[str], citations: list[str], prefixes: str) -> str:
    """A pattern for polars (no look-around) that matches every text :func:`_pattern` can
    match in: the look-arounds become plain characters or are dropped, so it may match more,
    never less."""

    def alternatives(words) -> str:
        return "|".join(pl.escape_regex(w) for w in sorted(words, key=len, reverse=True))

    names, opens, closes = alternatives(rests), pl.escape_regex(_OPEN), pl.escape_regex(_CLOSE)
    parts = (
        [
            rf"[{opens}]{_SPACE}?(?:{names}){_SPACE}?[{closes}]",
            rf"لـ{_SPACE}?[{opens}]?(?:{names})",
            rf"(?m:^)(?:{names}){_SPACE}?[/\-–]",
        ]
        if rests
        else []
    )
    if outlets and citations:
        parts.append(rf"(?:{alternatives(citations)}){_SPACE}+(?:{alternatives(outlets)})")
    return "|".join(parts)


def _heads(words: list[str]) -> frozenset[str]:
    return frozenset(normalize(w).replace("ة", "ه") for w in words)


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
    outlets = bare_names(found, _heads(_words(found, "outlet_head")))
    if not rests and not outlets:
        return mentions
    prefixes = "".join(_words(found, "prefix"))
    citations = _words(found, "citation")
    pattern = _pattern(list(rests), list(outlets), citations, prefixes)
    # Only the articles polars finds a possible citation in are searched with look-arounds.
    could = _prefilter(list(rests), list(outlets), citations, prefixes)
    cited = found.articles.filter(pl.col("text").str.contains(could))
    rests = {**outlets, **rests}
    spans = found.taken(cited["article_id"])
    rows = []
    for article, text in cited.select("article_id", "text").iter_rows():
        taken = spans.get(article, [])
        starts = [s for s, _ in taken]
        for m in pattern.finditer(text):
            group = next(g for g in ("q", "l", "d", "c") if m.groupdict().get(g) is not None)
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


def institution_mentions(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` where an ``institution_head`` noun right before a place
    mention (جامعة بغداد، لمعهد واشنطن) turns the place into one ORG mention over both
    (module documentation).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وقال الأستاذ في جامعة بغداد إن"]})
    >>> extract_entities(df).select("start", "end", "surface", "label", "method").rows()
    [(16, 27, 'جامعة بغداد', 'ORG', 'institution')]
    """
    mentions = found.mentions
    heads, research = _words(found, "institution_head"), _words(found, "research_head")
    if not (heads or research) or mentions.is_empty():
        return mentions
    prefixes = "".join(_words(found, "prefix"))
    glued = f"[{re.escape(prefixes)}]{{0,2}}" if prefixes else ""
    before = re.compile(rf"(?<!\w){glued}(?P<h>{_alternatives(heads + research)})\s+$")
    tails = _words(found, "institution_tail")
    after = re.compile(rf"\s+(?:{_alternatives(tails)})(?!\w)") if tails else None
    # Only articles that contain one of the nouns can match (the search runs in polars).
    with_heads = found.articles.filter(pl.col("text").str.contains_any(heads + research))
    texts = dict(with_heads.select("article_id", "text").iter_rows())
    places = mentions.with_row_index("_row").filter(
        pl.col("label").is_in(["GPE", "LOC"])
        & (pl.col("method") == "lexicon")
        & pl.col("article_id").is_in(with_heads["article_id"].implode())
    )
    starts = mentions["start"].to_list()
    mention_articles = mentions["article_id"].to_list()
    drop, rows = [], []
    for row, article, sentence, start, end in places.select(
        "_row", "article_id", "sentence_id", "start", "end"
    ).iter_rows():
        text = texts.get(article) or ""
        m = before.search(text, max(0, start - 40), start)
        if m is None:
            continue
        tail = after.match(text, end) if after is not None else None
        if tail is None and m.group("h") not in heads:
            continue  # a research noun needs its tail (مركز الموصل: the city centre)
        stop = tail.end() if tail is not None else end
        nxt = row + 1
        if nxt < len(starts) and starts[nxt] < stop and mention_articles[nxt] == article:
            stop = end  # the tail is part of another mention
        head = m.start("h")
        drop.append(row)
        rows.append((article, sentence, head, stop, text[head:stop]))
    if not rows:
        return mentions
    new = pl.DataFrame(
        rows, schema=["article_id", "sentence_id", "start", "end", "surface"], orient="row"
    ).with_columns(
        entity=pl.lit("institution:") + normalize_expr("surface"),
        name_en=pl.lit(None, pl.String),
        name_ar=pl.col("surface"),
        label=pl.lit("ORG"),
        party=pl.lit(None, pl.String),
        method=pl.lit("institution"),
    )
    order = found.articles.select("article_id").with_row_index("_article")
    kept = mentions.with_row_index("_row").filter(~pl.col("_row").is_in(drop)).drop("_row")
    return (
        pl.concat([kept, new.select(list(kept.columns)).cast(dict(kept.schema))], how="vertical")
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .drop("_article")
    )


#: The second name after a dual head noun: و, then one or two words.
_PAIRED = re.compile(r"\s+و(\w+)(?:\s+(\w+))?")


def _singular(dual: str) -> str:
    """The singular of a dual head (normalized): قاعدتي → قاعده، معسكري → معسكر."""
    stem = dual[:-1] if dual[-1:] in "يا" else dual
    return stem[:-1] + "ه" if stem.endswith("ت") else stem


def paired_mentions(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` with the second of two names after a dual head noun added
    (``method="paired"``).

    Copy names two bases, airports or camps with one head noun in the dual: «قاعدتي عين الأسد
    وحرير»، «مطاري بغداد وأربيل». The second name is often no alias alone (حرير is 'silk'),
    but the singular head and it are (قاعدة حرير). After a mention whose word before it is a
    ``dual_head`` of ``mention_words.csv``, a و and the next one or two words are a mention
    of the entity whose alias is the singular head with those words (two words first); the
    mention starts after the و.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "ويبقى المستشارون في قاعدتي عين الأسد وحرير بعد نهاية المهمة"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "entity", "method").rows()
    [('عين الأسد', 'ain_al_asad', 'lexicon'), ('حرير', 'harir_base', 'paired')]
    """
    mentions = found.mentions
    tables = found.tables
    raw = _words(found, "dual_head")
    if not raw or mentions.is_empty():
        return mentions
    dual_re = re.compile(r"(?<!\w)[وف]?(" + _alternatives(raw) + r")\s+")
    # Only the articles with a dual head (polars first) are read.
    with_heads = found.articles.filter(pl.col("text").str.contains_any(raw))
    texts = dict(with_heads.select("article_id", "text").iter_rows())
    if not texts:
        return mentions
    # The start of the word after each dual head, and the singular of the head.
    after_head = {
        article: {m.end(): _singular(normalize(m.group(1))) for m in dual_re.finditer(text)}
        for article, text in texts.items()
    }
    wanted = []
    for article, sentence, start, end in (
        mentions.filter(pl.col("article_id").is_in(list(texts)))
        .select("article_id", "sentence_id", "start", "end")
        .iter_rows()
    ):
        head = after_head[article].get(start)
        if head is None:
            continue
        text = texts[article]
        m = _PAIRED.match(text, end)
        if m is None:
            continue
        for last in (2, 1):
            if m.group(last) is None:
                continue
            phrase = " ".join(m.group(k) for k in range(1, last + 1))
            wanted.append((article, sentence, m.start(1), m.end(last), f"{head} {phrase}"))
    if not wanted:
        return mentions
    keys = phrase_keys([w[4] for w in wanted], tables.splitter)
    aliases = dict(tables.aliases.select("key", "entity_id").iter_rows())
    involved = list({w[0] for w in wanted})
    spans = found.taken(pl.Series(involved, dtype=pl.String))
    rows, done = [], set()
    for (article, sentence, start, end, _), key in zip(wanted, keys, strict=True):
        entity = aliases.get(key)
        if entity is None or (article, start) in done:
            continue
        if any(s < end and start < e for s, e in spans.get(article, [])):
            continue
        done.add((article, start))
        rows.append((article, sentence, start, end, texts[article][start:end], entity, "paired"))
    schema = {
        "article_id": pl.String,
        "sentence_id": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "surface": pl.String,
        "entity": pl.String,
        "method": pl.String,
    }
    return mention_rows(found, pl.DataFrame(rows, schema=schema, orient="row"))
