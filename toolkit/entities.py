"""Named entities: gazetteer matching with clitic-aware boundaries, title patterns, frequency.

How a mention is found
----------------------
Articles are tokenized with clitics split off (:func:`toolkit.tokenize` with ``clitics=True``);
conjunctions and prepositions (و ف ب ك ل) are set aside, the article ال stays. Every alias in
the lexicon goes through exactly the same steps, so ``للناتو`` (ل + ال + ناتو) matches the alias
``الناتو`` (ال + ناتو), while ``إيران`` never matches inside ``الإيراني`` (ال + إيراني) and
``العراق`` never inside ``العراقية``: a match always covers whole pieces. Matching is
insensitive to diacritics, tatweel, alef forms, ى/ي and ة/ه.

**Longest match wins**: ``الحكومة العراقية`` is one mention, not ``العراق`` inside it; when
two matches overlap, the one that starts first (and, at the same start, the longer) is kept.

**Nested names**: the lexicon has no entries for "the administration of X"; in
``إدارة جو بايدن`` the mention is ``جو بايدن`` (Joe Biden, PERSON), whose party,
``us_administration``, carries the administration. So ``بايدن``, ``جو بايدن`` and
``إدارة بايدن`` all count toward Biden and toward the US administration.

Offsets point into the original text; in the ``لل`` form the mention starts at the stem
(``للناتو`` gives the surface ``ناتو``), elsewhere at the article (``والعراق`` gives ``العراق``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache

import numpy as np
import polars as pl

from toolkit.lexicon import load_entities
from toolkit.text import _tokens, normalize_expr, stopwords, with_groups

__all__ = [
    "MENTION_SCHEMA",
    "TITLE_PATTERNS",
    "entity_cooccurrence",
    "entity_frequency",
    "extract_entities",
]

MENTION_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "entity": pl.String,
    "name_en": pl.String,
    "name_ar": pl.String,
    "label": pl.String,
    "party": pl.String,
    "source": pl.String,
}

#: Titles after which an unknown name is proposed as a PERSON (``source="pattern"``).
TITLE_PATTERNS = (
    "الرئيس",
    "رئيس الوزراء",
    "رئيس الحكومة",
    "رئيس البرلمان",
    "رئيس مجلس النواب",
    "وزير الخارجية",
    "وزير الدفاع",
    "وزير الداخلية",
    "وزيرة الخارجية",
    "الأمين العام للناتو",
    "الأمين العام للحلف",
    "الأمين العام",
    "الجنرال",
    "اللواء",
    "العميد",
    "زعيم",
    "النائب",
    "السفير",
    "السفيرة",
    "المبعوث",
    "المتحدث باسم",
    "المتحدثة باسم",
)


def _key(expr: pl.Expr) -> pl.Expr:
    """The matching key of a piece: normalized, and ة read as ه."""
    return expr.str.replace_all("ة", "ه", literal=True)


def _stream(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The pieces that names are matched on: tokens with و ف ب ك ل set aside, and so are
    tokens that normalize to nothing (a direction mark or a joiner between two words)."""
    return (
        _tokens(df.lazy().select("article_id", "text"), clitics=True)
        .filter(pl.col("clitic").is_null() | (pl.col("clitic") == "article"))
        .with_columns(key=_key(pl.col("norm")))
        .filter(pl.col("key") != "")
        .collect()
    )


def _phrase_keys(phrases: Iterable[str]) -> list[str]:
    """Key sequences of lexicon phrases, split exactly as article text is."""
    phrases = list(phrases)
    frame = pl.DataFrame({"article_id": [str(i) for i in range(len(phrases))], "text": phrases})
    keys = (
        _stream(frame)
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("key").str.join(" "))
        .with_columns(pl.col("article_id").cast(pl.Int64))
        .sort("article_id")
    )
    out = [""] * len(phrases)
    for index, key in keys.iter_rows():
        out[index] = key
    return out


@cache
def _alias_table_cached(path: str | None) -> pl.DataFrame:
    return _alias_table(load_entities(path))


def _alias_table(lexicon: pl.DataFrame) -> pl.DataFrame:
    aliases = lexicon.select("entity_id", pl.col("aliases").alias("alias")).explode("alias")
    keys = _phrase_keys(aliases["alias"])
    return (
        aliases.with_columns(key=pl.Series(keys, dtype=pl.String))
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .join(
            lexicon.select(pl.col("entity_id"), "name_en", "name_ar", "label", "party"),
            on="entity_id",
        )
    )


def _resolve_lexicon(lexicon) -> tuple[pl.DataFrame, pl.DataFrame]:
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        path = None if lexicon is None else str(lexicon)
        return load_entities(path), _alias_table_cached(path)
    return lexicon, _alias_table(lexicon)


def _match(stream: pl.DataFrame, phrases: pl.DataFrame) -> pl.DataFrame:
    """Rows of ``stream`` where a phrase (``key`` with ``n`` pieces) starts; longest wins.

    Candidates grow one piece at a time and are dropped as soon as what they have read is no
    phrase's beginning, so long phrases cost little. Returns ``row`` (index into the stream),
    ``n`` and the phrase's other columns, with overlapping matches resolved: the earliest start
    wins, and the longest at the same start.
    """
    keys, articles = stream["key"], stream["article_id"]
    pieces = phrases["key"].str.split(" ")
    longest = int(phrases["n"].max() or 0)
    found = []
    rows = pl.Series("row", range(len(keys)), dtype=pl.Int64)
    gram = keys
    for n in range(1, longest + 1):
        if n > 1:
            nxt = rows + (n - 1)
            keep = (nxt < len(keys)).to_numpy()
            rows, gram, nxt = rows.filter(keep), gram.filter(keep), nxt.filter(keep)
            same = (articles.gather(nxt) == articles.gather(rows)).to_numpy()
            rows, gram, nxt = rows.filter(same), gram.filter(same), nxt.filter(same)
            gram = gram + " " + keys.gather(nxt)
        prefixes = pieces.filter(pieces.list.len() >= n).list.head(n).list.join(" ").unique()
        alive = gram.is_in(prefixes.implode()).to_numpy()
        rows, gram = rows.filter(alive), gram.filter(alive)
        if rows.is_empty():
            break
        wanted = phrases.filter(pl.col("n") == n)
        if wanted.height:
            found.append(pl.DataFrame({"row": rows, "key": gram}).join(wanted, on="key"))
    if not found:
        return pl.DataFrame(schema={"row": pl.Int64, "n": pl.Int64, **dict(phrases.schema)})
    matches = (
        pl.concat(found, how="vertical_relaxed")
        .sort(["row", "n"], descending=[False, True])
        .unique("row", keep="first", maintain_order=True)
        .with_columns(stop=pl.col("row") + pl.col("n"))
    )
    reach = matches["stop"].cum_max().shift(1).fill_null(-1)
    return matches.filter(pl.col("row") >= reach).drop("stop")


def _spans(stream: pl.DataFrame, matches: pl.DataFrame) -> pl.DataFrame:
    """Offsets of matches: from the first piece (the stem after a لل) to the last piece."""
    first = matches["row"].cast(pl.Int64)
    last = first + matches["n"].cast(pl.Int64) - 1
    # The article of لل is one letter (ل, perhaps as a presentation form or with a mark).
    one_letter = stream["token"].gather(first).str.count_matches(r"\p{Lo}") == 1
    lil = ((stream["clitic"].gather(first) == "article") & one_letter).fill_null(False)
    start_row = first + lil.cast(pl.Int64)
    return matches.with_columns(
        article_id=stream["article_id"].gather(first),
        sentence_id=stream["sentence_id"].gather(first).cast(pl.Int64),
        start=stream["start"].gather(start_row).cast(pl.Int64),
        end=stream["end"].gather(last).cast(pl.Int64),
    )


@cache
def _title_table() -> pl.DataFrame:
    keys = _phrase_keys(TITLE_PATTERNS)
    return (
        pl.DataFrame({"title": TITLE_PATTERNS, "key": keys})
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .unique("key", maintain_order=True)
    )


def _is_nisba(key: str) -> bool:
    return key.endswith(("ي", "يه", "يين", "يون"))


_WINDOW = 13  # pieces read after a title: up to 3 modifiers (ال + word) and 3 name words


def _pattern_mentions(stream: pl.DataFrame, matches: pl.DataFrame) -> list[dict]:
    """Propose PERSON names that follow a title and are not in the lexicon.

    Only the few pieces after each title are read (in Python); ``matches`` are the lexicon
    matches, whose pieces are never part of a proposed name.
    """
    titles = _match(stream, _title_table())
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
    index = np.minimum(first[:, None] + np.arange(_WINDOW)[None, :], size - 1).ravel()
    gathered = pl.Series(index)
    window = {
        name: stream[name].gather(gathered).to_list()
        for name in ("key", "clitic", "kind", "article_id")
    }
    window["taken"] = taken[index].tolist()
    window["index"] = index.tolist()
    anchor = stream["article_id"].gather(titles["row"]).to_list()
    stop = stopwords()
    out = []
    for t, start in enumerate(first.tolist()):
        base = t * _WINDOW

        def ok(j, t=t, start=start, base=base):
            return j < _WINDOW and start + j < size and window["article_id"][base + j] == anchor[t]

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
                if not name or not ok(j + 1) or at("taken", j + 1) or _is_nisba(at("key", j + 1)):
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


def _surfaces(articles: pl.DataFrame, spans: pl.DataFrame) -> pl.Series:
    """``text[start:end]`` of each span, sliced in Python: a polars ``str.slice`` counts the
    characters from the start of the text, which is quadratic on a long article."""
    texts = dict(articles.select("article_id", "text").iter_rows())
    rows = spans.select("article_id", "start", "end").iter_rows()
    return pl.Series([texts[a][s:e] for a, s, e in rows], dtype=pl.String)


def extract_entities(
    df: pl.DataFrame | pl.LazyFrame,
    *,
    lexicon: pl.DataFrame | str | os.PathLike | None = None,
    patterns: bool = True,
) -> pl.DataFrame:
    """Find the named-entity mentions in articles.

    Parameters
    ----------
    df
        Articles: any frame with ``article_id`` and ``text``.
    lexicon
        An entities frame (as from :func:`toolkit.lexicon.load_entities`) or the path of an
        entities CSV; by default the shipped gazetteer.
    patterns
        Also propose PERSON names that follow a title (الرئيس X، وزير الدفاع X، الجنرال X …)
        and are not in the lexicon; they come out with ``source="pattern"``.

    Returns
    -------
    polars.DataFrame
        One row per mention: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets
        into ``text``), ``surface`` (``text[start:end]``), ``entity`` (the canonical id),
        ``name_en``, ``name_ar``, ``label``, ``party`` and ``source`` (``lexicon`` or
        ``pattern``), in text order.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وقال الأمين العام للناتو إن إيران"]})
    >>> extract_entities(df).select("surface", "entity", "label").rows()
    [('ناتو', 'nato', 'ORG'), ('إيران', 'iran', 'GPE')]
    """
    lexicon_frame, aliases = _resolve_lexicon(lexicon)
    del lexicon_frame
    articles = (
        df.lazy().select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
    ).collect()
    stream = _stream(articles)
    matches = _spans(stream, _match(stream, aliases)).with_columns(source=pl.lit("lexicon"))
    frames = [matches.rename({"entity_id": "entity"})]
    if patterns:
        found = _pattern_mentions(stream, matches)
        if found:
            proposed = _spans(stream, pl.DataFrame(found, schema={"row": pl.Int64, "n": pl.Int64}))
            frames.append(
                proposed.with_columns(
                    entity=None,
                    name_en=None,
                    name_ar=None,
                    label=pl.lit("PERSON"),
                    party=None,
                    source=pl.lit("pattern"),
                )
            )
    mentions = pl.concat(
        [f.select([c for c in MENTION_SCHEMA if c != "surface"]) for f in frames],
        how="vertical_relaxed",
    )
    mentions = (
        mentions.with_columns(surface=_surfaces(articles, mentions))
        .with_columns(
            entity=pl.coalesce("entity", pl.lit("pattern:") + normalize_expr("surface")),
            name_ar=pl.coalesce("name_ar", "surface"),
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )
    order = articles.select("article_id").with_row_index("_article")
    return (
        mentions.join(order, on="article_id", how="left").sort("_article", "start").drop("_article")
    )


def entity_frequency(
    mentions: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    per: pl.DataFrame | None = None,
    merge: bool = True,
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mention counts, document frequency and rates per 1,000 tokens.

    Parameters
    ----------
    mentions
        The frame from :func:`extract_entities`.
    by
        Column(s) to group by: ``label``, ``party``, ``article_id``, or article metadata such as
        ``source``, ``month`` or ``week`` (taken from ``articles``).
    per
        The token frame from :func:`toolkit.tokenize` of the same articles; when given, a
        ``per_1000`` column gives mentions per 1,000 tokens of the group.
    merge
        Count canonical entities (aliases merged); with ``False`` count raw surface forms.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, then ``entity``, ``name_ar``, ``name_en``, ``label``, ``party``
        (or ``surface`` when ``merge=False``), ``mentions``, ``documents`` and optionally
        ``per_1000``, most frequent first.
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(mentions, groups, articles)
    keys = ["entity", "name_ar", "name_en", "label", "party"] if merge else ["surface", "label"]
    keys = [k for k in keys if k not in groups]
    counts = frame.group_by([*groups, *keys]).agg(
        mentions=pl.len(), documents=pl.col("article_id").n_unique()
    )
    if per is not None:
        token_groups = [g for g in groups if g not in ("label", "party")]
        tokens = with_groups(per.filter(pl.col("kind") != "punct"), token_groups, articles)
        totals = tokens.group_by(token_groups or pl.lit(1).alias("_all")).agg(_tokens=pl.len())
        if token_groups:
            counts = counts.join(totals, on=token_groups, how="left")
        else:
            counts = counts.with_columns(_tokens=pl.lit(totals["_tokens"].sum()))
        counts = counts.with_columns(per_1000=pl.col("mentions") * 1000.0 / pl.col("_tokens"))
        counts = counts.drop("_tokens")
    return counts.sort(
        [*groups, "mentions", keys[0]], descending=[False] * len(groups) + [True, False]
    )


def entity_cooccurrence(mentions: pl.DataFrame, *, min_count: int = 1) -> pl.DataFrame:
    """Pairs of entities mentioned in the same sentence, for a heatmap or a network.

    Returns ``entity_a``, ``entity_b`` (``entity_a < entity_b``), their English names, and
    ``sentences`` (how many sentences mention both) and ``articles``.
    """
    units = mentions.select("article_id", "sentence_id", "entity", "name_en").unique()
    pairs = (
        units.join(units, on=["article_id", "sentence_id"], suffix="_b")
        .filter(pl.col("entity") < pl.col("entity_b"))
        .group_by("entity", "entity_b")
        .agg(
            pl.col("name_en").first().alias("name_en_a"),
            pl.col("name_en_b").first(),
            sentences=pl.len(),
            articles=pl.col("article_id").n_unique(),
        )
        .rename({"entity": "entity_a"})
        .filter(pl.col("sentences") >= min_count)
    )
    return pairs.sort(["sentences", "entity_a", "entity_b"], descending=[True, False, False])
