"""Title patterns: PERSON names proposed after a title (الرئيس X، وزير الدفاع X، الجنرال X).

The titles, the nisba endings and the nouns organisations' names start with are data
(``toolkit/lexicons/titles.csv``). After a title the rule

1. skips the title's own modifiers (up to three times ال + a word not in a lexicon match:
   الإيراني البارز);
2. skips the body the person heads or speaks for, when a noun of kind ``org_head`` comes next
   (رئيس هيئة النزاهة، الأمين العام لمنظمة التعاون الإسلامي): a title followed by an
   organisation proposes no person unless a name follows the organisation (an organisation
   the gazetteer knows is skipped whole: الأمين العام لمنظمة التعاون الإسلامي حسين طه);
3. reads a name of up to three words: each a word outside the lexicon matches, no stopword and
   with no conjunction or preposition glued to it (بلهجة، وهو), or ال + a word that is no
   adjective (ال + word never starts a name; a word with a nisba ending is an adjective when
   it is a nisba of a place of the gazetteer or a frequent word, :data:`ADJECTIVE`);
4. drops the name when its first word is a frequent ordinary word (word-frequency evidence,
   :data:`ORDINARY`: أمس، يوم، يجب), and a frequent ordinary word at the end of a name of
   three (the sentence going on: استقبل نبيه بري الوفد; a name of two stays: نواف سلام); words
   of the gazetteer's names never count as ordinary.

A title may name the person's place, body or field before the name (محافظ الأنبار X،
القيادي في التيار الوطني الشيعي X، الباحث في الشأن السياسي X): :func:`placed_names`, a later
source, reads the name after such a complement with the same rule.

A name of one word needs three letters, and a rarer word (:data:`SINGLE`) unless an ال-word
follows it (الحاج حامد الجزائري); one followed by a word with a clitic glued to it is a verb
and its object (رئيس الوزراء أوعز بتشديد، أوعز بالتريث), not a name. Proposed names come out with ``label="PERSON"`` and
``method="pattern"``; both paths read names with :func:`propose`.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from toolkit.arabic import normalize
from toolkit.entities.found import Found
from toolkit.entities.repeats import with_sentences
from toolkit.entities.stream import match, spans, stream
from toolkit.entities.tables import EntityTables
from toolkit.lexicons.mention_words import load_mention_words

__all__ = [
    "ADJECTIVE",
    "ORDINARY",
    "PLACED_REACH",
    "SINGLE",
    "TRAILING",
    "TRAILING_DEFINITE",
    "WINDOW",
    "as_pattern",
    "pattern_mentions",
    "placed_names",
    "propose",
]

#: Pieces read after a title: up to 3 modifiers (ال + word), an organisation's name and 3 name
#: words.
WINDOW = 16
#: How frequent (Zipf) a word that is no word of a gazetteer name may be and still start a
#: name after a title; end one (without and with ال); be an ال-word with a nisba ending inside
#: one (a surname such as الموسوي, not an adjective such as الإسلامي).
ORDINARY = 4.5
TRAILING = 4.8
TRAILING_DEFINITE = 4.0
ADJECTIVE = 4.0
#: How frequent (Zipf) a word may be and still be a name of one word after a title (rarer
#: than a first word of a longer name must be: الرئيس الأمريكي آنذاك).
SINGLE = 4.0


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


def _name_reader(tables: EntityTables):
    """The tests of one name word after a title, from the tables of the call."""
    zipf, names, heads = tables.zipf, tables.splitter.names, tables.org_heads

    def ordinary(norm: str, threshold: float) -> bool:
        """A frequent word that is no word of a name of the gazetteer (يوم، يجب، تفاصيل)."""
        return norm not in names and zipf(norm) >= threshold

    def org_head(key: str) -> bool:
        """The first noun of an organisation's name, maybe with a preposition the clitic rule
        left on (لحلف)."""
        return key in heads or (key[:1] in "بكل" and key[1:] in heads)

    def adjective(norm: str) -> bool:
        """ال + an adjective, not a surname: a nisba of a place of the gazetteer (العراقي), or
        a word with a nisba ending that is frequent (الإسلامي; surnames are rarer: الموسوي)."""
        word = "ال" + norm
        key = word.replace("ة", "ه")
        if key in tables.place_nisbas:
            return True
        return key.endswith(tables.nisba_endings) and ordinary(word, ADJECTIVE)

    return ordinary, org_head, adjective


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
        for name in ("key", "norm", "clitic", "kind", "article_id", "glued", "token")
    }
    window["taken"] = taken[index].tolist()
    stop = tables.stopwords
    ordinary, org_head, adjective = _name_reader(tables)
    out = []
    for t, start in enumerate(first.tolist()):
        base = t * WINDOW

        def ok(j, t=t, start=start, base=base):
            return j < WINDOW and start + j < size and window["article_id"][base + j] == anchor[t]

        def at(name, j, base=base):
            return window[name][base + j]

        def word(j):
            return ok(j) and not at("taken", j) and at("kind", j) == "word"

        def article(j):
            """ال, not the start of a name written with hamza (إلبروس، ألكسندر)."""
            return at("clitic", j) == "article" and at("token", j)[:1] not in "أإ"

        j = 0
        # Skip the title's own modifiers (ال + noun or nisba: الإيراني البارز).
        while j < 6 and ok(j + 1) and article(j) and not at("taken", j):
            j += 2
        # Skip the body the person heads or speaks for (رئيس هيئة النزاهة، الأمين العام لمنظمة
        # التعاون الإسلامي): its first noun, and the words with ال after it; a body the
        # gazetteer knows is skipped whole.
        while (
            ok(j)
            and at("kind", j) == "word"
            and at("clitic", j) != "article"
            and org_head(at("key", j))
        ):
            if at("taken", j):
                while ok(j) and at("taken", j):
                    j += 1
                continue
            j += 1
            k = 0
            while k < 3 and word(j) and article(j) and word(j + 1):
                j, k = j + 2, k + 1
        if not word(j) or at("glued", j) or article(j):
            continue  # no name starts with a clitic or ال (بلهجة، للصحفيين)
        hamza = at("clitic", j) == "article"  # إلبروس: one word, read as ال + بروس
        spelled = ("ال" if hamza else "") + at("norm", j + hamza)
        if at("key", j) in stop or ordinary(spelled, ORDINARY):
            continue  # a common word after the title (أمس، يوم، يجب)
        name = []
        while word(j) and len(name) < 3 and at("key", j) not in stop and not at("glued", j):
            if at("clitic", j) == "article":
                hamza = not article(j)
                if (
                    not word(j + 1)
                    or at("glued", j + 1)
                    or (not hamza and adjective(at("norm", j + 1)))
                ):
                    break
                name.append((j, j + 1))
                j += 2
                continue
            name.append((j, j))
            j += 1
        # A frequent word at the end of three is the sentence going on (استقبل نبيه بري
        # الوفد); two words stay a name (نواف سلام).
        while len(name) > 2:
            last_at, last = name[-1]
            threshold = TRAILING_DEFINITE if last != last_at else TRAILING
            spelled = ("ال" if last != last_at else "") + at("norm", last)
            if not ordinary(spelled, threshold):
                break
            name.pop()
        if not name or (len(name) == 1 and len(at("key", name[0][1])) < 3):
            continue
        single = len(name) == 1 and name[0][0] == name[0][1]
        if single and not (ok(j) and article(j)) and ordinary(at("norm", j - 1), SINGLE):
            continue  # one fairly frequent word, no surname after it: the sentence (آنذاك)
        if single and ok(j) and at("glued", j) and at("kind", j) == "word":
            continue  # one word, then a word with a clitic: a verb and its object (رئيس
            # الوزراء أوعز بتشديد الإجراءات); a name of one word goes on with a surname
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


#: Characters read after a title's complement for the name that follows it.
PLACED_REACH = 90
#: How far (characters) after a title's match a complement may start (three modifiers and a
#: field word fit).
_NEAR = 40
#: The most characters between a body and a mention after it for the mention to be its name.
_GAP = 2
_SPACES = re.compile(r"\s+")


def placed_names(found: Found) -> pl.DataFrame:
    """The mentions of ``found`` with the names that follow a title and its complement added
    (``method="pattern"``, as other proposed names).

    Copy names a person by title, a complement, then the name: a place (محافظ الأنبار صهيب
    الراوي، قائممقام سنجار فهد حامد), a body the gazetteer knows that starts with no
    organisation noun (عضو المكتب السياسي للحزب الديمقراطي الكوردستاني X، القيادي في التيار
    الوطني الشيعي X), or a field after a field word (``title_field`` of
    ``mention_words.csv``: الباحث في الشأن السياسي X). The title rule stops at the lexicon
    match or the field word, so this source reads on from the end of every ``GPE``, ``LOC``
    or ``ORG`` mention right after a title as ``titles.csv`` writes it, maybe with up to three
    ال + word modifiers and a field word (no clitic glued to a place: بالبصرة is no
    complement; ل before a body is: للحزب), and of every field word up to three words after a
    title, with :func:`propose`, on the text up to :data:`PLACED_REACH` characters on; a name
    that overlaps a mention is left out. A body followed right away by another mention has
    its name already (زعيم التيار الصدري مقتدى الصدر) and is not read.

    Examples
    --------
    >>> import polars as pl
    >>> from toolkit.entities import extract_entities
    >>> text = "وقال محافظ البصرة أسعد العيداني إن الوضع مستقر"
    >>> df = pl.DataFrame({"article_id": ["a"], "text": [text]})
    >>> extract_entities(df).select("surface", "method").rows()
    [('البصرة', 'lexicon'), ('أسعد العيداني', 'pattern')]
    """
    mentions = found.mentions
    tables = found.tables
    splitter = tables.splitter
    words = load_mention_words(lexicons=tables.lexicons)
    snippets, owners = [], []

    def complement(article: str, start: int, end: int, clitics: str) -> None:
        text = texts[article]
        if start and not text[start - 1].isspace() and text[start - 1] not in clitics:
            return  # a clitic glued to a place (بالبصرة) makes it no complement
        snippets.append(text[end : end + PLACED_REACH])
        owners.append((article, end))

    # Only a body right after a title's shape is read (the title, ال-words, perhaps a field
    # word and the ل glued to the body): polars finds the shapes, their ends are located in
    # the text, and a body must start there; a body followed right away by another mention has
    # its name found already (زعيم التيار الصدري مقتدى الصدر).
    title_list = sorted(tables.titles["title"].to_list(), key=len, reverse=True)
    titles_alt = "|".join(map(re.escape, title_list))
    raw_fields = words.filter(kind="title_field")["word"].to_list()
    fields_alt = "|".join(map(re.escape, raw_fields or ["\uffff"]))
    tail = rf"(?:{titles_alt})(?:\s+ال\S+){{0,3}}(?:\s+(?:{fields_alt}))?\s+ل{{0,2}}"
    # A field word after a title and its ال-words, then the field's ال-words (الباحث في
    # الشأن السياسي X): the name starts where the shape ends.
    field_shape = rf"(?:{titles_alt})(?:\s+ال\S+){{0,3}}\s+(?:{fields_alt})(?:\s+ال\S+){{1,3}}\s+"
    shaped = found.articles.select(
        "article_id",
        "text",
        _shapes=pl.col("text").str.extract_all(tail),
        _fields=pl.col("text").str.extract_all(field_shape),
    ).filter((pl.col("_shapes").list.len() > 0) | (pl.col("_fields").list.len() > 0))
    texts = dict(shaped.select("article_id", "text").iter_rows())
    shapes = shaped.select("article_id", "_shapes")
    anchors = []
    for article, found_shapes in shapes.iter_rows():
        text, at = texts[article], 0
        for shape in found_shapes:
            at = text.find(shape, at)
            if at < 0:
                break
            # A body may start after any space of the shape (محافظ البصرة: البصرة is an
            # ال-word the shape takes in) or at its end (للحزب: after the ل).
            anchors += [(article, at + m.end()) for m in _SPACES.finditer(shape)]
            at += len(shape)
            anchors.append((article, at))
    if anchors:
        following = pl.col("start").shift(-1).over("article_id")
        bodies = (
            mentions.select("article_id", "start", "end", "label")
            .with_columns(_next=following)
            .filter(
                pl.col("label").is_in(["GPE", "LOC", "ORG"])
                & (pl.col("_next").is_null() | (pl.col("_next") - pl.col("end") > _GAP))
            )
            .join(
                pl.DataFrame(
                    anchors, schema={"article_id": pl.String, "start": pl.Int64}, orient="row"
                ).unique(),
                on=["article_id", "start"],
            )
            .select("article_id", "start", "end", "label")
        )
        for article, start, end, label in bodies.iter_rows():
            complement(article, start, end, "" if label != "ORG" else "ل")
    for article, found_shapes in shaped.select("article_id", "_fields").iter_rows():
        text, at = texts[article], 0
        for matched in found_shapes or []:
            at = text.find(matched, at)
            if at < 0:
                break
            at += len(matched)
            complement(article, at, at, "")
    if not snippets:
        return mentions
    frame = pl.DataFrame(
        {"article_id": [str(i) for i in range(len(snippets))], "text": snippets},
        schema={"article_id": pl.String, "text": pl.String},
    )
    pieces = stream(frame, splitter)
    if pieces.is_empty():
        return mentions
    taken = np.zeros(pieces.height + 1, dtype=bool)
    for row, n in match(pieces, tables.aliases).select("row", "n").iter_rows():
        taken[row : row + n] = True
    ids = pieces["article_id"].to_numpy()
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    anchor = pieces["article_id"].gather(pl.Series(first)).to_list()
    proposed = propose(pieces, taken, first, anchor, tables)
    if not proposed:
        return mentions
    names = spans(pieces, pl.DataFrame(proposed, schema={"row": pl.Int64, "n": pl.Int64}))
    involved = list({article for article, _ in owners})
    spans_of = found.taken(pl.Series(involved, dtype=pl.String))
    rows, seen = [], set()
    for snippet, start, end in names.select("article_id", "start", "end").iter_rows():
        article, shift = owners[int(snippet)]
        start, end = start + shift, end + shift
        if (article, start) in seen or any(
            s < end and start < e for s, e in spans_of.get(article, [])
        ):
            continue
        seen.add((article, start))
        surface = texts[article][start:end]
        rows.append(
            {
                "article_id": article,
                "start": start,
                "end": end,
                "surface": surface,
                "entity": "pattern:" + normalize(surface),
                "name_en": None,
                "name_ar": surface,
                "label": "PERSON",
                "party": None,
                "method": "pattern",
            }
        )
    if not rows:
        return mentions
    new = with_sentences(found, pl.DataFrame(rows))
    order = found.articles.select("article_id").with_row_index("_article")
    return (
        pl.concat([mentions, new], how="vertical")
        .join(order, on="article_id", how="left")
        .sort("_article", "start")
        .drop("_article")
    )
