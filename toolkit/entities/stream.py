"""The clitic token stream that names are matched on, and the reference matcher over it.

Articles are tokenized with clitics split off (the tokenizer of :mod:`toolkit.arabic` with the
clitic splitter of the call's lexicon set); conjunctions and prepositions (و ف ب ك ل) are set
aside, the article ال stays, and every piece gets its matching key (normalized, ة read as ه).
Lexicon phrases (aliases, titles) go through exactly the same steps (:func:`phrase_keys`), so
a match always covers whole pieces: ``للناتو`` (ل + ال + ناتو) matches ``الناتو``, while
``إيران`` never matches inside ``الإيراني``.

:func:`match` finds the phrases in a stream, longest first, and :func:`spans` turns matches
into offsets of the original text. This is the reference; :mod:`toolkit.entities.fast`
computes the same matches without building the stream.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from toolkit.arabic import CliticSplitter, token_spans

__all__ = ["key_expr", "match", "phrase_keys", "spans", "stream", "surfaces"]


def key_expr(expr: pl.Expr) -> pl.Expr:
    """The matching key of a piece: normalized, and ة read as ه."""
    return expr.str.replace_all("ة", "ه", literal=True)


def stream(
    df: pl.DataFrame | pl.LazyFrame, splitter: CliticSplitter, *, words: bool = False
) -> pl.DataFrame:
    """The pieces that names are matched on: tokens with و ف ب ك ل set aside, and so are
    tokens that normalize to nothing (a direction mark or a joiner between two words).

    Columns: those of :func:`toolkit.tokenize` with ``clitics=True`` (``is_stopword`` is not
    filled in), ``key``, and ``glued`` (the piece comes right after a conjunction or a
    preposition set aside: حادة in بحادة); with ``words``, also ``word`` (a number per word of the text,
    the same for the pieces of one word), ``word_start`` and ``word_end`` (its offsets, the
    clitics set aside included).
    """
    pieces = token_spans(df.lazy().select("article_id", "text"), clitics=True, splitter=splitter)
    pieces = pieces.with_columns(
        glued=(
            pl.col("clitic").shift(1).is_in(["conj", "prep"])
            & (pl.col("start") == pl.col("end").shift(1))
            & (pl.col("article_id") == pl.col("article_id").shift(1))
        ).fill_null(False)
    )
    if words:
        # Two words are never adjacent (letters run on into one token), so adjacent word
        # pieces are the pieces of one word.
        same = (
            (pl.col("kind") == "word")
            & (pl.col("kind").shift(1) == "word")
            & (pl.col("start") == pl.col("end").shift(1))
            & (pl.col("article_id") == pl.col("article_id").shift(1))
        )
        pieces = pieces.with_columns(word=(~same.fill_null(False)).cum_sum()).with_columns(
            word_start=pl.col("start").min().over("word"),
            word_end=pl.col("end").max().over("word"),
        )
    return (
        pieces.filter(pl.col("clitic").is_null() | (pl.col("clitic") == "article"))
        .with_columns(key=key_expr(pl.col("norm")))
        .filter(pl.col("key") != "")
        .collect()
    )


def phrase_keys(phrases: Iterable[str], splitter: CliticSplitter) -> list[str]:
    """Key sequences of lexicon phrases (pieces joined by a space), split exactly as article
    text is; ``""`` for a phrase without pieces."""
    phrases = list(phrases)
    if not phrases:
        return []
    frame = pl.DataFrame({"article_id": [str(i) for i in range(len(phrases))], "text": phrases})
    keys = (
        stream(frame, splitter)
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("key").str.join(" "))
        .with_columns(pl.col("article_id").cast(pl.Int64))
        .sort("article_id")
    )
    out = [""] * len(phrases)
    for index, key in keys.iter_rows():
        out[index] = key
    return out


def match(stream: pl.DataFrame, phrases: pl.DataFrame) -> pl.DataFrame:
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


def spans(stream: pl.DataFrame, matches: pl.DataFrame) -> pl.DataFrame:
    """Offsets of matches (``row``, ``n``): from the first piece (the stem after a لل) to the
    last piece, with the ``article_id`` and ``sentence_id`` of the first."""
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


def surfaces(articles: pl.DataFrame, spans: pl.DataFrame) -> pl.Series:
    """``text[start:end]`` of each span, sliced in Python: a polars ``str.slice`` counts the
    characters from the start of the text, which is quadratic on a long article."""
    texts = dict(articles.select("article_id", "text").iter_rows())
    rows = spans.select("article_id", "start", "end").iter_rows()
    return pl.Series([texts[a][s:e] for a, s, e in rows], dtype=pl.String)
