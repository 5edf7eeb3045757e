"""The Arabic text layer: normalization, sentences, tokens, clitics, frequencies and KWIC.

Every function here takes a polars frame with at least ``article_id`` and ``text`` (as made by
:func:`toolkit.load_articles`, or by hand) and returns a frame whose ``start``/``end`` columns
are character offsets into ``text`` exactly as given, so ``text[start:end]`` is always the
reported surface. Normalization makes a *separate* ``norm`` column and never replaces the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import polars as pl

__all__ = [
    "NORMALIZE_OPTIONS",
    "kwic",
    "normalize",
    "normalize_expr",
    "normalize_with_map",
    "split_clitics",
    "split_sentences",
    "stopwords",
    "token_frequency",
    "tokenize",
]

# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------

#: The options of :func:`normalize` and their defaults.
NORMALIZE_OPTIONS = {
    "diacritics": True,
    "tatweel": True,
    "alef": True,
    "alef_maksura": True,
    "teh_marbuta": False,
    "digits": True,
    "presentation_forms": True,
    "persian_letters": True,
    "marks": True,
}

_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"]
_DIACRITICS += [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E5, 0x06E6)]
_TATWEEL = "\u0640"
_ALEF = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
_ALEF_MAKSURA = {"ى": "ي"}
_TEH_MARBUTA = {"ة": "ه"}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
_PERSIAN = {"ک": "ك", "ی": "ي", "ي\u0654": "ئ"}
# Zero-width characters and directional marks/embeddings/isolates, and the soft hyphen.
_MARKS = [chr(c) for c in [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065)]]
_MARKS += [chr(c) for c in range(0x2066, 0x206A)] + ["\ufeff", "\u061c", "\u00ad"]


def _presentation_forms() -> dict[str, str]:
    table = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        char = chr(code)
        if unicodedata.category(char) == "Cn":
            continue
        base = unicodedata.normalize("NFKC", char).strip()
        if base != char:
            table[char] = base
    return table


@cache
def _table(**options: bool) -> dict[str, str]:
    unknown = set(options) - set(NORMALIZE_OPTIONS)
    if unknown:
        raise TypeError(f"unknown normalization option(s): {', '.join(sorted(unknown))}")
    opts = NORMALIZE_OPTIONS | options
    simple: dict[str, str] = {}
    if opts["diacritics"]:
        simple |= dict.fromkeys(_DIACRITICS, "")
    if opts["tatweel"]:
        simple[_TATWEEL] = ""
    if opts["alef"]:
        simple |= _ALEF
    if opts["alef_maksura"]:
        simple |= _ALEF_MAKSURA
    if opts["teh_marbuta"]:
        simple |= _TEH_MARBUTA
    if opts["digits"]:
        simple |= _DIGITS
    if opts["persian_letters"]:
        simple |= {k: v for k, v in _PERSIAN.items() if len(k) == 1}
    if opts["marks"]:
        simple |= dict.fromkeys(_MARKS, "")
    table = dict(simple)
    if opts["presentation_forms"]:
        for char, base in _presentation_forms().items():
            table[char] = "".join(simple.get(c, c) for c in base)
    return table


# Characters that normalization removes or expands (so offsets shift after them).
_RESHAPING = re.compile(
    "[" + re.escape("".join([*_DIACRITICS, _TATWEEL, *_MARKS])) + "\ufb50-\ufdff\ufe70-\ufeff]"
)


@cache
def _translation(**options: bool) -> dict[int, str]:
    return str.maketrans(_table(**options))


def normalize(text: str, **options: bool) -> str:
    """Normalize Arabic text for matching and counting.

    Keyword-only options (all ``True`` unless noted): ``diacritics`` removes harakat, shadda,
    sukun, tanween and dagger alef; ``tatweel`` removes kashida; ``alef`` maps أ إ آ ٱ to ا;
    ``alef_maksura`` maps ى to ي; ``teh_marbuta`` (default ``False``) maps ة to ه; ``digits``
    maps Eastern Arabic-Indic ٠–٩ and Persian ۰–۹ to ASCII; ``presentation_forms`` maps
    U+FB50–FDFF and U+FE70–FEFF (as copied from PDFs) to base letters; ``persian_letters`` maps
    ک to ك and ی to ي; ``marks`` removes zero-width characters and directional marks.

    The result is a new string; use :func:`normalize_with_map` to keep the way back to the
    original offsets, and :func:`normalize_expr` on polars columns (same output).

    Examples
    --------
    >>> normalize("العَـــرَاق ٢٠٢٠ إلى")
    'العراق 2020 الي'
    >>> normalize("مدرسة", teh_marbuta=True)
    'مدرسه'
    """
    return text.translate(_translation(**options))


def normalize_expr(expr: pl.Expr | str, **options: bool) -> pl.Expr:
    """The vectorized form of :func:`normalize` for a polars column (identical output).

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["أَمريكا"]}).select(normalize_expr("t")).item()
    'امريكا'
    """
    column = pl.col(expr) if isinstance(expr, str) else expr
    return column.str.replace_many(_table(**options))


def normalize_with_map(text: str, **options: bool) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, for each normalized character, its original offset.

    The returned list has one more entry than the normalized string: its last value is
    ``len(text)``, so a normalized span ``[i, j)`` maps back to ``text[index[i]:index[j]]``
    (which includes any diacritics or tatweel that normalization removed inside the span).

    Examples
    --------
    >>> norm, index = normalize_with_map("بِالعِراق")
    >>> norm, "بِالعِراق"[index[1]:index[len(norm)]]
    ('بالعراق', 'العِراق')
    """
    table = _table(**options)
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        out = table.get(char, char)
        chars.append(out)
        index.extend([position] * len(out))
    index.append(len(text))
    norm = "".join(chars)
    # A removed character sitting inside a span belongs with the character before it, so a
    # span's end is the start of the next kept character.
    return norm, index


# --------------------------------------------------------------------------------------------
# Spans: the vectorized primitive behind sentences and tokens
# --------------------------------------------------------------------------------------------


def regex_pieces(
    frame: pl.DataFrame | pl.LazyFrame, cover: str, *, index: str | None = None
) -> pl.LazyFrame:
    """Cut every article's text into consecutive pieces with a regex that matches everywhere.

    ``cover`` must match at every position of any text (end it with ``|(?s:.)``), so the
    pieces tile the text and each piece's offsets are the running sum of the lengths before it
    (taken inside each article's list of pieces, before they are exploded into rows).
    Returns a lazy frame with ``article_id``, ``piece``, ``start`` and ``end`` (characters),
    and with ``index`` given, a column of that name numbering the pieces of each article.
    """
    length = pl.element().str.len_chars().cast(pl.Int64)
    lists = {"end": pl.col("piece").list.eval(length.cum_sum())}
    if index:
        lists[index] = pl.col("piece").list.eval(pl.int_range(pl.len()))
    return (
        frame.lazy()
        .select("article_id", pl.col("text").str.extract_all(cover).alias("piece"))
        .with_columns(**lists)
        .explode("piece", *lists)
        .drop_nulls("piece")
        .with_columns(start=pl.col("end") - pl.col("piece").str.len_chars().cast(pl.Int64))
    )


_TERMINATORS = ".!?؟…"
_SENTENCE_ATOM = (
    r"(?:\d[.,٫٬]\d|“[^”\n]*”|«[^»\n]*»|\"[^\"\n]*\"|[^\n" + re.escape(_TERMINATORS) + r"])"
)
_SENTENCE_COVER = (
    rf"{_SENTENCE_ATOM}+[{re.escape(_TERMINATORS)}]*[\"”»’')\]]*"
    rf"|\n|[{re.escape(_TERMINATORS)}]+|(?s:.)"
)


def split_sentences(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Split each article into sentences.

    Sentences end at ``.``, ``!``, ``?``, ``؟``, ``…`` (with any closing quotes after them) and
    at line breaks. A full stop or comma between digits (``3.5``, ``2,500``) and punctuation
    inside a quotation (“…”, «…», "…") on the same line does not end a sentence, and dashes
    never do. Surrounding whitespace is not part of a sentence.

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``sentence_id`` (1-based), ``start``, ``end``, ``text``.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["قال إن 3.5 ألف جندي. وأضاف: لا!"]})
    >>> split_sentences(df)["text"].to_list()
    ['قال إن 3.5 ألف جندي.', 'وأضاف: لا!']
    """
    return _sentences(df).collect()


def _sentences(df: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    lead = pl.col("piece").str.len_chars() - pl.col("piece").str.strip_chars_start().str.len_chars()
    trail = pl.col("piece").str.len_chars() - pl.col("piece").str.strip_chars_end().str.len_chars()
    return (
        regex_pieces(df, _SENTENCE_COVER)
        .filter(pl.col("piece").str.strip_chars() != "")
        .select(
            "article_id",
            (pl.int_range(pl.len()).over("article_id") + 1).alias("sentence_id"),
            (pl.col("start") + lead).alias("start"),
            (pl.col("end") - trail).alias("end"),
            pl.col("piece").str.strip_chars().alias("text"),
        )
    )


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

# Every piece is optional leading whitespace plus one token, so the pieces tile the text.
_TOKEN_COVER = (
    r"\s*(?:"
    r"\d+(?:[.,٫٬]\d+)*"  # numbers keep their separators: 2,500 and ٢٬٥٠٠ are one token
    r"|\p{L}[\p{L}\p{M}\p{Cf}]*"  # words keep their diacritics, tatweel and joiners
    r"|[\p{M}\p{Cf}]+"
    r"|(?s:.))"
)

TOKEN_KINDS = ("word", "number", "punct", "latin", "other")


def _kind() -> pl.Expr:
    token = pl.col("token")
    return (
        pl.when(token.str.contains(r"^\d"))
        .then(pl.lit("number"))
        .when(token.str.contains(r"^\p{L}") & token.str.contains(r"\p{Arabic}"))
        .then(pl.lit("word"))
        .when(token.str.contains(r"^\p{Latin}"))
        .then(pl.lit("latin"))
        .when(token.str.contains(r"^\p{P}+$"))
        .then(pl.lit("punct"))
        .otherwise(pl.lit("other"))
    )


def tokenize(df: pl.DataFrame | pl.LazyFrame, *, clitics: bool = False) -> pl.DataFrame:
    """Split articles into tokens with exact offsets.

    Arabic punctuation (، ؛ ؟) and quotes are tokens of their own; numbers keep their
    separators (``2,500`` and ``٢٬٥٠٠`` are one token each); diacritized and tatweel-stretched
    words stay whole. With ``clitics=True`` the proclitics و ف ب ك ل and the article ال
    (including the ``لل`` of ``للناتو``) become tokens of their own (see :func:`split_clitics`).

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``sentence_id``, ``token_id`` (0-based within the article), ``start``,
        ``end``, ``token`` (surface), ``norm`` (normalized form; the article in ``لل`` is
        ``ال``), ``kind`` (word, number, punct, latin, other), ``is_stopword``, and with
        ``clitics=True`` also ``clitic`` (``conj``, ``prep``, ``article`` or null for a stem).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وللناتو ٢٬٥٠٠ جنديٍ."]})
    >>> tokenize(df)["token"].to_list()
    ['وللناتو', '٢٬٥٠٠', 'جنديٍ', '.']
    >>> tokenize(df, clitics=True).select("token", "norm").head(4).rows()
    [('و', 'و'), ('ل', 'ل'), ('ل', 'ال'), ('ناتو', 'ناتو')]
    """
    return _tokens(df, clitics=clitics).collect()


def _vocabulary(tokens: pl.DataFrame) -> pl.DataFrame:
    """``norm``, ``kind`` and ``is_stopword`` of each distinct token, computed once."""
    return (
        tokens.select(pl.col("token").unique())
        .with_columns(norm=normalize_expr("token"), kind=_kind())
        .with_columns(is_stopword=pl.col("norm").is_in(sorted(stopwords())))
    )


def _tokens(df: pl.DataFrame | pl.LazyFrame, *, clitics: bool = False) -> pl.LazyFrame:
    articles = df.lazy().select("article_id", "text")
    # Only the last piece of an article can be whitespace alone, so a piece's position in its
    # article's list is its token_id.
    tokens = (
        regex_pieces(articles, _TOKEN_COVER, index="token_id")
        .with_columns(token=pl.col("piece").str.strip_chars_start())
        .filter(pl.col("token") != "")
        .select(
            "article_id",
            "token_id",
            (pl.col("end") - pl.col("token").str.len_chars().cast(pl.Int64)).alias("start"),
            "end",
            "token",
        )
    )
    # the sentences are cut at the same time as the tokens (two independent queries)
    sentences = _sentences(articles).select("article_id", "sentence_id", "start")
    tokens, sentences = pl.collect_all([tokens, sentences])
    vocabulary = _vocabulary(tokens)
    if clitics:
        tokens, vocabulary = _split_clitic_tokens(tokens, vocabulary)
    tokens = _look_up(tokens, vocabulary)
    tokens = tokens.with_columns(sentence_id=_sentence_of(tokens, sentences)).lazy()
    if clitics:
        tokens = tokens.with_columns(
            norm=pl.coalesce("p_norm", "norm"),
            is_stopword=pl.when(pl.col("clitic").is_null())
            .then("is_stopword")
            .otherwise(pl.coalesce("p_norm", "norm").is_in(sorted(stopwords()))),
            token_id=pl.int_range(pl.len()).over("article_id"),
        )
    columns = ["article_id", "sentence_id", "token_id", "start", "end", "token", "norm", "kind"]
    columns += ["is_stopword"] + (["clitic"] if clitics else [])
    return tokens.select(columns)


def _look_up(tokens: pl.DataFrame, vocabulary: pl.DataFrame) -> pl.DataFrame:
    """Every token row with its vocabulary entry's other columns (a left join on ``token``,
    done as a dictionary lookup of each token's row number, then a gather: cheaper)."""
    row = pl.Series(range(vocabulary.height), dtype=pl.UInt32)
    index = tokens["token"].replace_strict(vocabulary["token"], row, default=None)
    return tokens.hstack(vocabulary.drop("token").select(pl.all().gather(index)).get_columns())


def _sentence_of(tokens: pl.DataFrame, sentences: pl.DataFrame) -> pl.Series:
    """The ``sentence_id`` of the sentence each token starts in.

    Tokens and sentences come in the same article order (both tile the same texts, so an
    article has tokens exactly when it has sentences), and each is sorted by ``start``
    within its article: one binary search of (article run, start) among the sentences finds
    the last sentence starting at or before the token, as a backward as-of join by article
    would, without hashing the article ids.
    """
    if tokens.height == 0 or sentences.height == 0:
        return pl.repeat(1, tokens.height, dtype=pl.Int64, eager=True).alias("sentence_id")
    runs = [frame["article_id"].rle_id().cast(pl.Int64) for frame in (sentences, tokens)]
    keys = [
        run * 2**40 + frame["start"] for run, frame in zip(runs, (sentences, tokens), strict=True)
    ]
    index = (keys[0].search_sorted(keys[1], side="right") - 1).clip(0)
    same_article = runs[0].gather(index) == runs[1]
    found = sentences["sentence_id"].gather(index)
    return found.zip_with(same_article, pl.repeat(1, tokens.height, dtype=found.dtype, eager=True))


# Words that start with و ف ب ك ل or ال but are not prefixed (checked in normalized form).
CLITIC_GUARD = frozenset(
    """
    وزير وزيره وزيرة وزراء وزارة وزاره وزارات وفد وفود وقت وضع وجود وصول ولاية ولايه ولايات
    واشنطن وكالة وكاله وكالات وطني وطنية وطنيه وسط وراء وقف وافق وافقت وافقوا واحد واحدة واحده
    وحدة وحده وحدات وقع وقعت وزن وعد وعود وسائل وثيقة وثيقه ورقة ورقه وقائع ولي ورد وردت وصف
    وصفت والي وادي وجه وجهة وجهه وجهت واجه واجهت واقع واضح واضحة
    فرنسا فيلق فريق فصائل فصيل فترة فتره فقط فيما فوق فعل فعلا فتح فتوى فرصة فرصه فرض فرع فكرة
    فكره فلسطين فنزويلا فيينا فيديو فيه فيها في فإن فان
    بغداد بريطانيا بايدن بلينكن بومبيو بيروت برلمان برلين بلجيكا بولندا بلغاريا باكستان بوتين
    بلد بلاد بيان بين بعد بعض بدء بشأن بسبب باسم بصرة البصرة بعدما بينما بل بنك بناء بدأ بدأت
    بدات بدا بقاء بقيه بقية برنامج بحث بحر بارز بارزة بيت بالغ باب بيع بطل
    لبنان لجنة لجنه لقاء لكن لكنه لكنها لندن لوكسمبورغ ليبيا لاتفيا ليتوانيا لواء لله لذلك
    لدى لدي لقد لعل لماذا لها له لهم لأن لان لم لن لا ليس ليست ما
    كركوك كتلة كتله كتائب كلمة كلمه كبير كبيرة كبيره كندا كما كان كانت كانوا كل كلا كيف كوبا
    كرواتيا كوسوفو كوريا كردستان كوردستان كاظمي
    الله الذي التي الذين اللذين اللتين اللاتي اللواتي الا الي الان الى
    """.split()
)

# Short words that a conjunction may precede although they have fewer than three letters.
_SHORT_STEMS = frozenset("هو هي هم هن هما لا لم لن ما من في قد ان لو مع عن اي ذا".split())
_CONJ, _PREP = "وف", "بكل"


@cache
def _clitic_split(
    norm: str, hamzas: frozenset[int] = frozenset()
) -> tuple[tuple[int, int, str, str], ...]:
    """Split a normalized word: a tuple of ``(start, end, norm, clitic)`` pieces.

    ``hamzas`` are the positions where the word had an alef with hamza (أ إ آ) before
    normalization: a preposition before one (بإيران، لأمريكا) is a clitic.
    """
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0
    if norm in CLITIC_GUARD:
        return ()
    if (
        len(norm) > 1
        and norm[0] in _CONJ
        and (len(norm) - 1 >= 3 or norm[1:] in _SHORT_STEMS)
        and norm[1:] not in ("",)
    ):
        pieces.append((0, 1, norm[0], "conj"))
        pos = 1
    rest = norm[pos:]
    lil = False
    if rest and rest[0] in _PREP and rest not in CLITIC_GUARD:
        after = rest[1:]
        hamza = (pos + 1) in hamzas
        if after.startswith("ال") and len(after) >= 4 and after not in CLITIC_GUARD:
            pieces.append((pos, pos + 1, rest[0], "prep"))
            pos += 1
        elif rest[0] == "ل" and after.startswith("ل") and len(after) >= 3 and rest not in ("لله",):
            pieces.append((pos, pos + 1, "ل", "prep"))
            pos += 1
            lil = True
        elif (len(after) >= 4 and not after.startswith("ا")) or (len(after) >= 3 and hamza):
            pieces.append((pos, pos + 1, rest[0], "prep"))
            pos += 1
        elif len(after) >= 4 and rest[0] == "ل":
            pieces.append((pos, pos + 1, rest[0], "prep"))
            pos += 1
    rest = norm[pos:]
    if lil:
        pieces.append((pos, pos + 1, "ال", "article"))
        pos += 1
    elif rest.startswith("ال") and len(rest) - 2 >= 2 and rest not in CLITIC_GUARD:
        pieces.append((pos, pos + 2, "ال", "article"))
        pos += 2
    if not pieces:
        return ()
    pieces.append((pos, len(norm), norm[pos:], ""))
    return tuple(pieces)


def split_clitics(word: str) -> list[tuple[int, int, str, str | None]]:
    """Split the proclitics and the article off one word, with offsets into ``word``.

    Peels, in order, a conjunction (و ف), a preposition (ب ك ل) and the article (ال, or the
    ``ل`` that replaces it after ``ل`` as in ``للناتو``). Words that only look prefixed are kept
    whole by :data:`CLITIC_GUARD` (وزير، بغداد، لبنان …) and by minimum-stem rules: a
    conjunction needs a stem of 3 letters (or a short function word such as هو or لا), a
    preposition needs the article after it or a stem of 4 letters, and the article needs 2.

    Returns
    -------
    list of (start, end, norm, clitic)
        ``clitic`` is ``"conj"``, ``"prep"``, ``"article"`` or ``None`` for the stem. A word
        with nothing to split comes back as one piece.

    Examples
    --------
    >>> [(p[2], p[3]) for p in split_clitics("وللناتو")]
    [('و', 'conj'), ('ل', 'prep'), ('ال', 'article'), ('ناتو', None)]
    >>> split_clitics("وزير")
    [(0, 4, 'وزير', None)]
    """
    return _split_word(word, normalize(word))


def _split_word(word: str, norm: str) -> list[tuple[int, int, str, str | None]]:
    """:func:`split_clitics` for a word whose normalized form is already known."""
    hamzas = frozenset(i for i, char in enumerate(word[:4]) if char in "أإآ")
    if hamzas and _RESHAPING.search(word[:4]):
        light = normalize(word[:6], alef=False)
        hamzas = frozenset(i for i, char in enumerate(light[:3]) if char in "أإآ")
    pieces = _clitic_split(norm, hamzas)
    if not pieces:
        return [(0, len(word), norm, None)]
    cuts = {0: 0, len(norm): len(word)}
    inner = sorted({start for start, *_ in pieces} - set(cuts))
    if not _RESHAPING.search(word):
        cuts.update((p, p) for p in inner)
    else:  # characters removed or expanded: walk to the original offsets of the cuts
        table, produced, wanted = _table(), 0, iter(inner)
        target = next(wanted, None)
        for position, char in enumerate(word):
            if target is None:
                break
            out = table.get(char, char)
            if out and produced == target:
                cuts[target] = position
                target = next(wanted, None)
            produced += len(out)
    out = [
        (cuts.get(s, 0), cuts.get(e, 0), piece_norm, clitic or None)
        for s, e, piece_norm, clitic in pieces
    ]
    if any(start >= end for start, end, _, _ in out):
        # A ligature (ﻻ) expanded into several letters: the split has no exact offsets.
        return [(0, len(word), norm, None)]
    return out


def _split_clitic_tokens(
    tokens: pl.DataFrame, vocabulary: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split word tokens into clitic pieces; the split is computed once per distinct word.

    The splits form a flat table with one row per piece, so a left join (one token row to its
    pieces) does the exploding. Returns the new tokens (with ``p_norm`` and ``clitic``) and the
    vocabulary extended with the pieces' surfaces.
    """
    candidates = vocabulary.filter(
        pl.col("norm").str.contains(r"^[وفبكلا]") & pl.col("token").str.contains(r"^\p{L}")
    )
    rows = []
    for word, norm in candidates.select("token", "norm").iter_rows():
        pieces = _split_word(word, norm)
        if len(pieces) > 1:
            rows.extend((word, s, e, n, c) for s, e, n, c in pieces)
    schema = {
        "token": pl.String,
        "p_start": pl.Int64,
        "p_end": pl.Int64,
        "p_norm": pl.String,
        "clitic": pl.String,
    }
    splits = pl.DataFrame(rows, schema=schema, orient="row")
    length = pl.col("p_end") - pl.col("p_start")
    split = tokens.join(splits, on="token", how="left", maintain_order="left").with_columns(
        token=pl.when(pl.col("p_start").is_null())
        .then(pl.col("token"))
        .otherwise(pl.col("token").str.slice(pl.col("p_start"), length)),
        start=pl.col("start") + pl.col("p_start").fill_null(0),
        end=pl.when(pl.col("p_end").is_null())
        .then(pl.col("end"))
        .otherwise(pl.col("start") + pl.col("p_end")),
        p_norm=pl.when(pl.col("clitic") == "article").then(pl.col("p_norm")),
    )
    pieces = split.select("token").unique().join(vocabulary, on="token", how="anti")
    vocabulary = pl.concat([vocabulary, _vocabulary(pieces)])
    return split.drop("p_start", "p_end"), vocabulary


# --------------------------------------------------------------------------------------------
# Stopwords, frequencies, KWIC
# --------------------------------------------------------------------------------------------


@cache
def _stopword_rows() -> tuple[tuple[str, str], ...]:
    from toolkit.lexicon import load_stopwords  # validated, with file, row and reason on errors

    rows = load_stopwords().select("word", "category").iter_rows()
    return tuple((normalize(word), category) for word, category in rows)


def stopwords(category: str | None = None) -> frozenset[str]:
    """The shipped Arabic stopwords, in normalized form.

    ``category`` selects ``"function"`` words or ``"reporting_verb"``; ``None`` gives both. The
    list is the editable file ``toolkit/lexicons/stopwords.csv`` (see its README for sources).

    Examples
    --------
    >>> "في" in stopwords("function")
    True
    """
    return frozenset(w for w, c in _stopword_rows() if category is None or c == category)


def _time_column(by: str) -> pl.Expr | None:
    if by == "month":
        return pl.col("published").dt.truncate("1mo").alias("month")
    if by == "week":
        return pl.col("published").dt.truncate("1w").alias("week")
    return None


def with_groups(
    frame: pl.DataFrame, by: Iterable[str], articles: pl.DataFrame | None
) -> pl.DataFrame:
    """Add the grouping columns ``by`` to ``frame`` (joining article metadata if needed).

    ``month`` and ``week`` are derived from the articles' ``published`` date.
    """
    missing = [b for b in by if b not in frame.columns]
    if not missing:
        return frame
    if articles is None:
        raise ValueError(
            f"cannot group by {missing}: the frame has no such column; pass articles= "
            "(the frame from load_articles) to take them from the article metadata"
        )
    meta = articles.select(
        "article_id",
        *[_time_column(b) if _time_column(b) is not None else pl.col(b) for b in missing],
    )
    return frame.join(meta, on="article_id", how="left")


def token_frequency(
    tokens: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    normalized: bool = True,
    drop_stopwords: bool = True,
    kinds: Iterable[str] = ("word", "latin"),
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Count terms, with rates per 1,000 tokens, optionally per group.

    Parameters
    ----------
    tokens
        The frame from :func:`tokenize`.
    by
        Column name(s) to group by, for example ``"article_id"``, ``"source"``, ``"month"`` or
        ``"week"``; metadata columns come from ``articles`` when ``tokens`` lacks them.
    normalized
        Count the normalized form (``norm``) rather than the surface (``token``).
    drop_stopwords
        Leave out the shipped stopwords (they still count in the rate's denominator).
    kinds
        Token kinds to count.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``term``, ``count``, ``documents`` (articles containing the term)
        and ``per_1000`` (count per 1,000 counted tokens in the group), most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> toks = tokenize(pl.DataFrame({"article_id": ["a"], "text": ["العراق وإيران والعراق"]}))
    >>> token_frequency(toks).row(0)
    ('العراق', 1, 1, 333.3333333333333)
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(tokens, groups, articles).filter(pl.col("kind").is_in(list(kinds)))
    totals = frame.group_by(groups or pl.lit(1).alias("_all")).agg(_total=pl.len())
    if drop_stopwords:
        frame = frame.filter(~pl.col("is_stopword"))
    term = pl.col("norm" if normalized else "token").alias("term")
    counts = frame.group_by([*groups, term]).agg(
        count=pl.len(), documents=pl.col("article_id").n_unique()
    )
    if groups:
        counts = counts.join(totals, on=groups, how="left")
    else:
        counts = counts.with_columns(_total=totals["_total"].first())
    return (
        counts.with_columns(per_1000=pl.col("count") * 1000.0 / pl.col("_total"))
        .drop("_total")
        .sort([*groups, "count", "term"], descending=[False] * len(groups) + [True, False])
    )


def kwic(
    df: pl.DataFrame | pl.LazyFrame,
    term: str,
    *,
    window: int = 40,
    normalized: bool = True,
    clitics: bool = True,
) -> pl.DataFrame:
    """Keyword in context: every occurrence of ``term`` with its left and right context.

    ``term`` (one or more words) is matched as whole words on normalized text when
    ``normalized`` is true, so ``أمريكا`` also finds ``امريكا`` and ``أمـريكا``; with
    ``clitics`` it may carry attached و ف ب ك ل and ال (``بالعراق`` for ``العراق``).

    Returns
    -------
    polars.DataFrame
        ``article_id``, ``start``, ``end`` (offsets of the match in the original text),
        ``left``, ``match``, ``right`` (``window`` characters of context on each side).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وصل إلى العِراق ثم غادر العراقيين"]})
    >>> kwic(df, "العراق", window=8).select("left", "match", "right").row(0)
    ('وصل إلى ', 'العِراق', ' ثم غادر')
    """
    schema = {
        "article_id": pl.String,
        "start": pl.Int64,
        "end": pl.Int64,
        "left": pl.String,
        "match": pl.String,
        "right": pl.String,
    }
    needle = normalize(term).strip() if normalized else term.strip()
    if not needle:
        return pl.DataFrame(schema=schema)
    haystack = normalize_expr("text") if normalized else pl.col("text")
    candidates = (
        df.lazy()
        .select(pl.col("article_id").cast(pl.String), "text")
        .filter(haystack.str.contains(needle, literal=True))
        .collect()
    )
    prefix = r"(?:[وف]?[بكل]?(?:ال)?)?" if clitics else ""
    bare = needle[2:] if clitics and needle.startswith("ال") else needle
    forms = "|".join(re.escape(form) for form in dict.fromkeys([needle, bare]) if form)
    pattern = re.compile(rf"(?<![\w]){prefix}(?:{forms})(?![\w])")
    rows = []
    for article_id, text in candidates.select("article_id", "text").iter_rows():
        norm, index = normalize_with_map(text) if normalized else (text, list(range(len(text) + 1)))
        for match in pattern.finditer(norm):
            if match.end() == match.start():
                continue
            # A match inside a ligature that normalization expands (ﷺ, ﷲ) is the whole ligature.
            start = index[match.start()]
            end = max(index[match.end()], index[match.end() - 1] + 1)
            rows.append(
                (
                    article_id,
                    start,
                    end,
                    text[max(0, start - window) : start],
                    text[start:end],
                    text[end : end + window],
                )
            )
    return pl.DataFrame(rows, schema=schema, orient="row")
