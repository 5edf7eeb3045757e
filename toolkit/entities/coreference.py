"""Coreference within an article: a short form stands for the entity named in full before it.

حيدر العبادي … العبادي، عصائب أهل الحق … العصائب، أبو آلاء الولائي … الحاج أبو آلاء: a short
form of :attr:`~toolkit.entities.tables.EntityTables.short_forms` (derived from the gazetteer
or listed in ``short_forms.csv``, see :mod:`toolkit.entities.forms`) found by a path becomes a
mention (``method="coreference"``) of the entity it may stand for whose nearest full mention
comes before it in the same article (a mention from the gazetteer, a respelled one, or a bare
office title's holder; never another short form). With no such mention before it, a short
form stays no mention: a surname shared by two people (بارزاني, الصدر, الحكيم) goes to the
one named nearest before it, an ordinary word (الحركة, الحلف, التيار) counts only after the
full name.

A short form is not read as a name where its neighbours show another use:

- ``subject`` forms (a family name that is a fairly common word: حامد) only right before a
  complementizer (وأضاف حامد أن);
- ``after_title`` forms (a given name or an ordinary-word surname) only right after a title
  (الرئيس نيجيرفان، العميد سريع) or a word of kind ``person_before`` of ``mention_words.csv``
  (a verb of meeting or a kinship noun: والتقى باراك، ولم يلتق مسرور، وشقيقه ليث);
- a surname is an adjective after a noun with the article that is no title (الجيش السوداني;
  not with a preposition glued to it: نقل الوزير للسوداني رسالة),
  part of another name after a given name of the gazetteer (سعد العبادي), and a modifier when
  a name follows it (الرئيس السوداني عمر البشير);
- an organisation's short form followed by a word with the article is another phrase
  (الإطار الاستراتيجي، التيار الكهربائي).

A short form found inside a longer mention is that mention's; a name proposed after a title
that the short form covers (وأكد الرئيس نيجيرفان), or that starts with it (الحاج أبو آلاء بما:
a proposal that runs on), becomes the coreference mention.
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import polars as pl

from toolkit.arabic import normalize, normalize_expr
from toolkit.entities.context import REACH, before
from toolkit.entities.found import ROW_SCHEMA, Found, mention_rows
from toolkit.lexicons.grammar import grammar_words
from toolkit.lexicons.mention_words import load_mention_words

__all__ = ["ANTECEDENT_METHODS", "coreference_mentions"]

#: A word with the article, maybe after clitics (الجيش، والجيش، للجيش).
_DEFINITE = re.compile(r"^[وف]?(?:[بك]?ال|لل|ال)")
#: The mentions a short form may refer back to.
ANTECEDENT_METHODS = ("lexicon", "spelling", "office")


def _resolved(found: Found) -> pl.DataFrame:
    """The candidates that are short forms, each with the entity of the nearest full mention
    before it among the entities it may stand for (``entity``, ``kind``)."""
    forms = found.tables.short_forms.select("key", "entities", "kinds")
    # A candidate inside a mention that starts at or before it is that mention's (الحشد in
    # الحشد الشعبي); proposed names may be replaced, so they stay.
    found_before = (
        found.mentions.filter(pl.col("method") != "pattern")
        .select("article_id", pl.col("start").alias("_m"), pl.col("end").alias("_m_end"))
        .sort("_m")
    )
    inside = (
        found.candidates.with_row_index("_c")
        .sort("start")
        .join_asof(
            found_before,
            left_on="start",
            right_on="_m",
            by="article_id",
            strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("_m_end") > pl.col("start"))["_c"]
    )
    candidates = (
        found.candidates.with_row_index("_c")
        .filter(~pl.col("_c").is_in(inside.implode()))
        .join(forms, on="key")
        .explode("entities", "kinds")
        .rename({"entities": "entity", "kinds": "kind"})
    )
    antecedents = (
        found.mentions.filter(pl.col("method").is_in(ANTECEDENT_METHODS))
        .select("article_id", "entity", pl.col("end").alias("_before"))
        .sort("_before")
    )
    if candidates.is_empty() or antecedents.is_empty():
        return candidates.head(0).with_columns(_before=pl.lit(None, dtype=pl.Int64))
    return (
        candidates.with_columns(_at=pl.col("start"))
        .sort("_at")
        .join_asof(
            antecedents,
            left_on="_at",
            right_on="_before",
            by=["article_id", "entity"],
            strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("_before").is_not_null())
        .sort("_c", "_before", "entity", descending=[False, True, False])
        .unique("_c", keep="first", maintain_order=True)
    )


def coreference_mentions(found: Found, *, per_article: bool = False) -> pl.DataFrame:
    """The mentions of ``found`` with the short forms that refer back to a full mention
    added (see the module documentation).

    Each short form reads the two mentions before the end of it and the one after
    (``per_article``: looked up in a list of every mention of its article, as before; the
    two give the same frame).

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "قال أبو مهدي المهندس إن الفصائل جاهزة، وكان المهندس قد وصل"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "method").rows()
    [('أبو مهدي المهندس', 'lexicon'), ('المهندس', 'coreference')]
    """
    if found.candidates.is_empty():
        return found.mentions
    resolved = _resolved(found)
    if resolved.is_empty():
        return found.mentions
    tables, splitter = found.tables, found.tables.splitter
    ids = resolved["article_id"].unique().implode()  # only the articles with a short form
    texts = dict(
        found.articles.filter(pl.col("article_id").is_in(ids))
        .select("article_id", "text")
        .iter_rows()
    )
    resolved = _neighbours(resolved, texts)
    around = None if per_article else _around(found.mentions, resolved)
    if around is None:
        around = _around_per_article(found.mentions, resolved)
    rows, replaced = [], []
    for (article, sentence, start, end, surface, entity, kind, previous, definite), (
        covering,
        following,
    ) in zip(
        resolved.select(
            "article_id",
            "sentence_id",
            "start",
            "end",
            "surface",
            "entity",
            "kind",
            "_previous",
            "_definite",
        ).iter_rows(),
        around,
        strict=True,
    ):
        if any(
            m[3] != "pattern" or (m[0] != start and (m[0] < start or m[1] > end)) for m in covering
        ):
            continue  # inside a longer mention, or a name proposed around it
        text = texts[article]
        if not _fits(text, start, end, kind, previous, definite, following, tables, splitter):
            continue
        rows.append((article, sentence, start, end, surface, entity, "coreference"))
        replaced += [m[4] for m in covering]
    schema = ROW_SCHEMA
    drop = None
    if replaced:
        drop = pl.Series(range(found.mentions.height)).is_in(pl.Series(replaced).implode())
    return mention_rows(found, pl.DataFrame(rows, schema=schema, orient="row"), drop)


Span = tuple[int, int, str, str, int]


def _around_per_article(mentions: pl.DataFrame, resolved: pl.DataFrame):
    """For each short form, the mentions of its article that end after its start among the
    two that start before its end, and the mention after those (or ``None``)."""
    spans: dict[str, list[Span]] = {}
    for index, (article, start, end, label, method) in enumerate(
        mentions.select("article_id", "start", "end", "label", "method").iter_rows()
    ):
        spans.setdefault(article, []).append((start, end, label, method, index))
    starts = {article: [m[0] for m in ms] for article, ms in spans.items()}
    around = []
    for article, start, end in resolved.select("article_id", "start", "end").iter_rows():
        ms = spans.get(article, [])
        at = bisect.bisect_left(starts.get(article, []), end)
        covering = [m for m in ms[max(0, at - 2) : at] if m[1] > start]
        around.append((covering, ms[at] if at < len(ms) else None))
    return around


def _around(mentions: pl.DataFrame, resolved: pl.DataFrame):
    """:func:`_around_per_article` with one sorted search over all the mentions, reading only
    the mentions it gives; ``None`` when an article's mentions are not together and in start
    order, or an id is null."""
    ids = mentions["article_id"]
    if ids.null_count() or resolved["article_id"].null_count():
        return None
    new = ids.ne_missing(ids.shift(1)).fill_null(True).to_numpy()
    group = np.cumsum(new, dtype=np.int64) - 1
    m_start = mentions["start"].to_numpy().astype(np.int64)
    if len(ids) and (
        int(group[-1]) + 1 != ids.n_unique() or (np.diff(m_start) < 0)[~new[1:]].any()
    ):
        return None
    firsts = np.flatnonzero(new).astype(np.int64)
    bounds = pl.DataFrame(
        {
            "article_id": ids.gather(pl.Series(firsts, dtype=pl.Int64)),
            "_g": np.arange(len(firsts), dtype=np.int64),
            "_lo": firsts,
            "_hi": np.r_[firsts[1:], len(ids)].astype(np.int64),
        }
    )
    where = resolved.select("article_id", "start", "end").join(
        bounds, on="article_id", how="left", maintain_order="left"
    )
    lo = where["_lo"].fill_null(0).to_numpy()
    hi = where["_hi"].fill_null(0).to_numpy()
    probe = (where["_g"].fill_null(0).to_numpy() << 32) | where["end"].to_numpy()
    at = np.clip(np.searchsorted((group << 32) | m_start, probe), lo, hi)
    read = np.unique(np.concatenate([at - 2, at - 1, at]))
    read = read[(read >= 0) & (read < len(ids))]
    spans = mentions[pl.Series(read, dtype=pl.Int64)].select("start", "end", "label", "method")
    row = {int(i): (*r, int(i)) for i, r in zip(read.tolist(), spans.iter_rows(), strict=True)}
    around = []
    for a, low, high, start in zip(
        at.tolist(), lo.tolist(), hi.tolist(), where["start"].to_list(), strict=True
    ):
        covering = [row[i] for i in range(max(low, a - 2), a) if row[i][1] > start]
        around.append((covering, row[a] if a < high else None))
    return around


def _neighbours(resolved: pl.DataFrame, texts: dict[str, str]) -> pl.DataFrame:
    """The candidates with the word right before each (``_previous``: normalized, clitics and
    all; null after punctuation) and whether a word with the article follows it right away
    (``_definite``)."""
    rows = resolved.select("article_id", "start", "end").rows()
    before_text = [texts[a][max(0, s - REACH) : s] for a, s, _ in rows]
    after_text = [texts[a][e : e + REACH] for a, _, e in rows]
    snippets = pl.DataFrame({"b": before_text, "a": after_text}).select(
        _previous=normalize_expr("b").str.extract(r"(?:^|[\s\W])(\w+)\s+\w*$", 1),
        _definite=normalize_expr("a").str.contains(r"^\s+ال\w"),
    )
    return resolved.hstack(snippets)


_NEXT_WORD = re.compile(r"\s+(\w+)")


def _statement_follows(text: str, end: int, tables) -> bool:
    """Whether a complementizer (``grammar_words.csv``: أن، إن، أنه) comes right after
    ``end``: the short form is the subject of a reported statement (وأضاف حامد أن)."""
    following = _NEXT_WORD.match(text, end)
    words = grammar_words(lexicons=tables.lexicons)["complementizer"]
    return following is not None and normalize(following.group(1)) in words


def _person_before(previous: str | None, tables) -> bool:
    """Whether the word before a short form (normalized, maybe with و or ف) is a
    ``person_before`` word of the call's ``mention_words.csv``."""
    if previous is None:
        return False
    words = frozenset(
        normalize(w)
        for w in load_mention_words(lexicons=tables.lexicons).filter(kind="person_before")["word"]
    )
    return previous in words or (previous[:1] in "وف" and previous[1:] in words)


def _fits(text, start, end, kind, previous, definite, following, tables, splitter) -> bool:
    """Whether the neighbours of a short form let it stand for a name (module docs)."""
    if kind == "org_short":
        return not definite
    if kind == "subject":
        return _statement_follows(text, end, tables)
    if kind not in ("surname", "after_title"):
        return True
    article = previous is not None and bool(_DEFINITE.match(previous))
    titled = False
    glued: tuple[str, ...] = ()
    if kind == "after_title" or article:
        glued, pieces = before(text, start, splitter)
        titled = any(pieces[-len(t) :] == t for t in tables.title_keys)
    if kind == "after_title":
        return titled or _person_before(previous, tables)
    if _person_before(previous, tables):
        return True  # والتقى باراك: التقى looks like ال + a noun, but is a verb
    if article and not titled and not set(glued) & set("بكل"):
        return False  # an adjective: الجيش السوداني (never with a preposition: الوزير للسوداني)
    if previous is not None:
        word = previous.replace("ة", "ه")
        if word in tables.given_names or (word[:1] in "وف" and word[1:] in tables.given_names):
            return False  # part of another name: سعد العبادي
    if following is not None and following[2] == "PERSON":
        gap = text[end : following[0]]
        if 0 < len(gap) <= 2 and not gap.strip():
            return False  # a modifier: الرئيس السوداني عمر البشير
    return True
