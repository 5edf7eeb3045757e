"""Fuzz the whole pipeline with generated Arabic-heavy articles; report every broken invariant.

Each article is a real-looking sentence (from :func:`benchmarks.generate.sentence_pool` or a
list of domain phrases) that is then *damaged* the way real input is: diacritics and tatweel
runs inside words, zero-width joiners and bidi controls between letters, odd spaces, digits
of three systems, Arabic presentation forms (as copied from PDFs), Persian letters, emoji with
skin tones and ZWJ sequences, Latin with combining marks, HTML, control characters, and
sometimes pure random characters from all of these. Articles go through every public stage in
batches, and each row is checked against the promises the toolkit makes:

* offsets slice the original text to the reported surface (tokens, sentences, KWIC, entity
  mentions, figures with their number and sentence, stance claims with cue, speaker and
  evidence);
* nothing raises but the documented errors, and two runs give the same result;
* an article's rows do not depend on the other articles of its batch (checked on a sample);
* the article survives a round trip through every file format of the loader;
* the HTML views show the article text as text (no tag or attribute from the article).

A failing batch is bisected down to the single article that breaks it, and the report gives
the stage, the error and the article (as a Python literal, to paste into a test)::

    python -m benchmarks.fuzz --articles 10000 --seed 0 --out build/fuzz

writes ``build/fuzz/report.json`` and ``build/fuzz/report.md`` and exits 1 when anything
failed. It is not part of ``make test`` (10,000 articles take a few minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import polars as pl

__all__ = [
    "ALPHABET",
    "EVIL_HTML",
    "PHRASES",
    "check_batch",
    "make_article",
    "run",
]

# ---- the characters real input brings -------------------------------------------------------

LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱ"
HARAKAT = [chr(c) for c in range(0x064B, 0x0656)] + ["\u0670", "\u06e1", "\u06ed"]
TATWEEL = "\u0640"
DIGITS = "0123456789" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"
PUNCTUATION = [*"،؛؟.!…:-–—()[]%٪٫٬,;?/'", "..."]
QUOTES = list('«»“”‘’"')
SPACES = [" ", "\n", "\t", "\u00a0", "\u202f", "\u205f", "\u3000"]
SPACES += [chr(c) for c in range(0x2000, 0x200B)]
BIDI = ["\u200e", "\u200f", "\u061c"] + [chr(c) for c in range(0x202A, 0x202F)]
BIDI += [chr(c) for c in range(0x2066, 0x206A)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
PRESENTATION = [
    chr(c)
    for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]
    if unicodedata.category(chr(c)) != "Cn"
]
#: Presentation forms that normalization expands into several letters (ﻻ ﷲ ﷺ ﷽ …).
LIGATURES = [c for c in PRESENTATION if len(unicodedata.normalize("NFKC", c).strip()) > 1]
PERSIAN = list("کگپچژیۀہےٹڈڑںھۓ")
EMOJI = [
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧\u200d👦",
    "🇮🇶",
    "🇺🇸",
    "❤\ufe0f",
    "🏳\ufe0f\u200d🌈",
    "1\ufe0f\u20e3",
    "👩🏿\u200d🔬",
]
LATIN = ["NATO", "US", "Biden", "e\u0301", "a\u0308", "Z\u0335\u0336", "n\u0303o", "café", "ﬁ"]
CONTROL = ["\x00", "\x07", "\x1b", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
#: Article text that must never become markup in a view.
EVIL_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '</div><div id="pwn">',
    "&amp;",
    "&lt;b&gt;",
]

#: Every single character above, for random text.
ALPHABET = sorted(
    set(LETTERS)
    | set(HARAKAT)
    | {TATWEEL}
    | set(DIGITS)
    | {p for p in PUNCTUATION if len(p) == 1}
    | set(QUOTES)
    | set(SPACES)
    | set(BIDI)
    | set(ZERO_WIDTH)
    | set(PRESENTATION[::7])
    | set(LIGATURES[::5])
    | set(PERSIAN)
    | set("abcXYZé\u0301\u0308")
)

#: Real words and phrases of the troop-presence debate, number words and qualifiers.
PHRASES = [
    "ثلاثة آلاف",
    "ألفين وخمسمائة",
    "نحو",
    "أكثر من",
    "القوات الأمريكية",
    "الانسحاب",
    "قال",
    "الناتو",
    "للناتو",
    "العراق",
    "بالعراق",
    "والعراق",
    "جندي",
    "جنديٍّ أمريكيٍّ",
    "قوات التحالف",
    "واشنطن",
    "بغداد",
    "إيران",
    "الحكومة العراقية",
    "البرلمان العراقي",
    "التيار الصدري",
    "دعا",
    "طالب",
    "رفض",
    "أكد",
    "مسؤول أمريكي",
    "الرئيس جو بايدن",
    "رئيس الوزراء مصطفى الكاظمي",
    "الأمين العام للناتو",
    "بقاء",
    "انسحاب",
    "سحب",
    "لا",
    "لن",
    "إذا لم",
    "حتى نهاية العام",
    "2500",
    "٢٥٠٠",
    "۲۵۰۰",
    "3.5",
    "2,500",
    "٢٬٥٠٠",
    "50%",
    "٪٥٠",
    "مليون دولار",
    "شهرا",
    "عام 2021",
    "يناير",
    "كانون الثاني",
    "المتحدث باسم",
    "وزير الدفاع",
    "ينسحب",
    "القتالية",
    "التدريب والمشورة",
    "إن",
    "أن",
    "في",
    "من",
    "على",
    "الميليشيات المدعومة من إيران",
    "وفقا لـ",
    "بحسب",
    "3500 جندي إضافي",
    "بين 2000 و3000",
    "عشرات الآلاف",
    "مئات",
    "نصف",
    "١٢ شهراً",
    "في 15 كانون الثاني/يناير 2020",
    "31/12/2021",
    "منذ عام 2003",
]
#: Dates that no calendar has (typos in real reports), drawn rarely.
IMPOSSIBLE_DATES = ["في 31/02/2021", "في 29 فبراير 2021", "في 31 نيسان/أبريل 2021"]

_PRESENTATION_OF: dict[str, list[str]] = {}
for _char in PRESENTATION:
    _base = unicodedata.normalize("NFKC", _char)
    if len(_base) == 1:
        _PRESENTATION_OF.setdefault(_base, []).append(_char)


def _sentences(seed: int) -> list[str]:
    from benchmarks.generate import sentence_pool

    return sentence_pool(seed=seed, size=2000)


def _damage(text: str, rng: random.Random, rate: float) -> str:
    """Insert, replace and reshape characters the way copied and converted text does."""
    out = []
    for char in text:
        roll = rng.random()
        if char == " " and roll < rate:
            out.append(rng.choice([*SPACES, "  ", " \u200f"]))
            continue
        if char.isdigit() and roll < rate:
            out.append(DIGITS[int(unicodedata.digit(char, 0)) + 10 * rng.randrange(3)])
            continue
        if char in _PRESENTATION_OF and roll < rate:
            out.append(rng.choice(_PRESENTATION_OF[char]))
            continue
        if char == "ل" and roll < rate:
            out.append(rng.choice(["ﻻ", "ﻼ", "ﷲ", "ﷺ", "ﻟ", "ﻠ"]))
            continue
        if char == "ي" and roll < rate / 3:
            out.append("ی")
            continue
        if char == "ك" and roll < rate / 3:
            out.append("ک")
            continue
        out.append(char)
        roll = rng.random()
        if roll < rate:
            pool = rng.choice(
                [HARAKAT, [TATWEEL * rng.randint(1, 8)], ZERO_WIDTH, BIDI, HARAKAT, HARAKAT]
            )
            out.append(rng.choice(pool))
    return "".join(out)


def _noise(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return rng.choice(EMOJI)
    if kind < 0.2:
        return rng.choice(["الرئيس ", "وزير الدفاع ", "", "لل"]) + rng.choice(LIGATURES)
    if kind < 0.35:
        return rng.choice(LATIN)
    if kind < 0.45:
        return rng.choice(EVIL_HTML)
    if kind < 0.5:
        return rng.choice(CONTROL)
    if kind < 0.6:
        return rng.choice(BIDI) + rng.choice(PHRASES) + rng.choice(BIDI)
    if kind < 0.7:
        return rng.choice(QUOTES) + rng.choice(PHRASES) + rng.choice(QUOTES)
    if kind < 0.8:
        return TATWEEL * rng.randint(5, 60)
    return "".join(rng.choices(ALPHABET, k=rng.randint(1, 12)))


def make_article(rng: random.Random, sentences: list[str]) -> str:
    """One article: sentences and phrases, damaged at a random rate, with noise between."""
    shape = rng.random()
    if shape < 0.05:  # pure random characters
        return "".join(rng.choices(ALPHABET + EMOJI, k=rng.randint(1, 400)))
    if shape < 0.1:  # one long line without sentence punctuation
        return " ".join(rng.choices(PHRASES, k=rng.randint(50, 400)))
    rate = rng.choice([0.0, 0.02, 0.1, 0.3])
    parts = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(sentences))
        elif roll < 0.85:
            words = rng.choices(PHRASES, k=rng.randint(2, 14))
            parts.append(" ".join(words) + rng.choice([".", "؟", "!", "", "،", "…", "\n"]))
        else:
            parts.append(_noise(rng))
        parts.append(rng.choice([" ", " ", "\n", "\n\n", "", " " + _noise(rng) + " "]))
    if rng.random() < 0.003:
        parts.append(" " + rng.choice(IMPOSSIBLE_DATES) + ".")
    text = _damage("".join(parts), rng, rate)
    return text if text.strip() else text + "نص"


# ---- invariants -------------------------------------------------------------------------------


class Failure(Exception):
    """A broken invariant (not an exception of the toolkit itself)."""


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def _slices(frame: pl.DataFrame, texts: dict, start: str, end: str, surface: str, what: str):
    for row in frame.select("article_id", start, end, surface).iter_rows():
        article_id, s, e, value = row
        if s is None and e is None:
            continue
        text = texts[article_id]
        _expect(
            s is not None and e is not None and 0 <= s <= e <= len(text),
            f"{what}: offsets {s}:{e} outside the text of {article_id!r} (length {len(text)})",
        )
        _expect(
            text[s:e] == value,
            f"{what}: text[{s}:{e}] = {text[s:e]!r} but the frame says {value!r} ({article_id!r})",
        )


def _in_sentence(frame, sentences, what: str, column: str = "start") -> None:
    """Each row's ``column`` lies in the sentence its ``sentence_id`` names."""
    joined = frame.select("article_id", "sentence_id", column).join(
        sentences.select("article_id", "sentence_id", s0="start", s1="end"),
        on=["article_id", "sentence_id"],
        how="left",
    )
    bad = joined.filter(
        pl.col("s0").is_null() | (pl.col(column) < pl.col("s0")) | (pl.col(column) > pl.col("s1"))
    )
    _expect(bad.is_empty(), f"{what}: {column} outside its sentence: {bad.head(3).rows()}")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


#: The tags the views make themselves.
VIEW_TAGS = {
    "div",
    "span",
    "mark",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "b",
    "i",
    "br",
    "small",
    "code",
    "bdi",
    "caption",
}


def check_html(html: str, what: str) -> None:
    """No tag, event handler or id that a view does not make itself."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        _expect(tag in VIEW_TAGS, f"{what}: unexpected <{tag}> in the HTML")
        for name, value in attrs:
            _expect(not name.startswith("on"), f"{what}: event handler {name}= in the HTML")
            _expect(value != "pwn", f"{what}: attribute {name}={value!r} from the article")


def _stage(name: str, function: Callable, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Failure:
        raise
    except Exception as exc:
        raise Failure(f"{name} raised {type(exc).__name__}: {exc}") from exc


def check_batch(articles: pl.DataFrame, *, views: bool = True, files: bool = True) -> None:
    """Run every stage on ``articles`` (``article_id``, ``text``) and check every invariant.

    Raises :class:`Failure` naming the first broken one.
    """
    import toolkit as tk
    from toolkit.figures import compare_figures, extract_figures
    from toolkit.pipeline import analyze
    from toolkit.stance import classify_stance, party_stance

    texts = dict(articles.select("article_id", "text").iter_rows())

    # normalization: three forms agree, and the map points back
    normalized = _stage("normalize_expr", articles.select, tk.normalize_expr("text"))["text"]
    for (article_id, text), expr_norm in zip(texts.items(), normalized, strict=True):
        norm, index = _stage("normalize_with_map", tk.normalize_with_map, text)
        _expect(norm == tk.normalize(text) == expr_norm, f"normalize forms differ ({article_id})")
        _expect(
            len(index) == len(norm) + 1 and index[-1] == len(text) and index == sorted(index),
            f"normalize_with_map index is not a monotone map back ({article_id})",
        )

    sentences = _stage("split_sentences", tk.split_sentences, articles)
    _slices(sentences, texts, "start", "end", "text", "split_sentences")
    for clitics in (False, True):
        tokens = _stage("tokenize", tk.tokenize, articles, clitics=clitics)
        _slices(tokens, texts, "start", "end", "token", f"tokenize(clitics={clitics})")
        ordered = tokens.group_by("article_id").agg(
            ok=(pl.col("start") >= pl.col("end").shift(1).fill_null(0)).all()
            & (pl.col("end") > pl.col("start")).all()
        )
        _expect(ordered["ok"].all(), f"tokenize(clitics={clitics}): overlapping or empty tokens")
    _stage("token_frequency", tk.token_frequency, tokens, by="article_id")
    for term in ("العراق", "الناتو", "جندي", "القوات الأمريكية", "الله", "لا", "😀", "<script>"):
        lines = _stage("kwic", tk.kwic, articles, term, window=20)
        _slices(lines, texts, "start", "end", "match", f"kwic({term!r})")
        _expect((lines["end"] > lines["start"]).all(), f"kwic({term!r}): an empty match")

    mentions = _stage("extract_entities", tk.extract_entities, articles)
    _slices(mentions, texts, "start", "end", "surface", "extract_entities")
    _in_sentence(mentions, sentences, "extract_entities")
    frequency = _stage("entity_frequency", tk.entity_frequency, mentions, per=tokens)
    _expect(
        int(frequency["mentions"].sum() or 0) == mentions.height, "entity_frequency lost mentions"
    )
    _stage("entity_cooccurrence", tk.entity_cooccurrence, mentions)

    figures = _stage("extract_figures", extract_figures, articles)
    _slices(figures, texts, "start", "end", "surface", "extract_figures")
    for row in figures.iter_rows(named=True):
        s0, s1 = row["sentence_start"], row["sentence_end"]
        _expect(
            s0 <= row["number_start"] <= row["number_end"] <= s1 and s0 <= row["start"],
            f"extract_figures: number or phrase outside its sentence: {row}",
        )
        text = texts[row["article_id"]]
        match = sentences.filter(
            (pl.col("article_id") == row["article_id"]) & (pl.col("start") == s0)
        )
        _expect(
            match.height == 1 and match["end"][0] == s1,
            f"extract_figures: sentence {s0}:{s1} is not a sentence of {row['article_id']!r}",
        )
        _expect(text[s0:s1].strip() == text[s0:s1], "extract_figures: sentence has spaces")
    _stage("compare_figures", compare_figures, figures, kind=None)

    claims = _stage("classify_stance", classify_stance, articles)
    _slices(claims, texts, "start", "end", "sentence", "classify_stance sentence")
    _in_sentence(claims, sentences, "classify_stance")
    _in_sentence(claims.drop_nulls("cue_start"), sentences, "classify_stance cue", "cue_start")
    _slices(claims, texts, "cue_start", "cue_end", "cue", "classify_stance cue")
    _slices(claims, texts, "speaker_start", "speaker_end", "speaker", "classify_stance speaker")
    evidence = claims.select("article_id", "evidence").explode("evidence").drop_nulls("evidence")
    evidence = evidence.unnest("evidence")
    _slices(evidence, texts, "start", "end", "text", "classify_stance evidence")
    _stage("party_stance", party_stance, claims)

    # determinism, and batch independence on a sample
    again = _stage("analyze", analyze, articles)
    _expect(again["entities"].equals(mentions), "extract_entities differs between two runs")
    _expect(again["figures"].equals(figures), "extract_figures differs between two runs")
    _expect(again["stance_claims"].equals(claims), "classify_stance differs between two runs")
    for article_id in list(texts)[:: max(1, len(texts) // 3)]:
        alone = articles.filter(pl.col("article_id") == article_id)
        for name, table in (("entities", mentions), ("figures", figures), ("claims", claims)):
            function = {
                "entities": tk.extract_entities,
                "figures": extract_figures,
                "claims": classify_stance,
            }[name]
            mine = table.filter(pl.col("article_id") == article_id)
            _expect(
                _stage(name, function, alone).equals(mine),
                f"{name} of {article_id!r} depend on the other articles of the batch",
            )

    if views:
        _check_views(articles, mentions, figures, claims)
    if files:
        _check_files(articles)


def _check_views(articles, mentions, figures, claims) -> None:
    from toolkit.arabic import kwic
    from toolkit.views.entities import reading_html
    from toolkit.views.figures import figure_table_html
    from toolkit.views.html import kwic_html
    from toolkit.views.stance import evidence_html
    from toolkit.views.text import normalization_html

    for article_id, text in articles.select("article_id", "text").iter_rows():
        chosen = mentions.filter(pl.col("article_id") == article_id)
        check_html(_stage("reading_html", reading_html, text, chosen), "reading_html")
        check_html(_stage("normalization_html", normalization_html, text), "normalization_html")
    check_html(_stage("kwic_html", kwic_html, kwic(articles, "العراق")), "kwic_html")
    check_html(
        _stage("figure_table_html", figure_table_html, figures, articles, max_rows=10_000),
        "figure_table_html",
    )
    check_html(
        _stage("evidence_html", evidence_html, claims, articles, limit=10_000), "evidence_html"
    )


def _check_files(articles: pl.DataFrame) -> None:
    """Every article survives .txt, .jsonl, .csv and .parquet (line endings become \\n)."""
    import toolkit as tk
    from toolkit.corpus import CorpusError

    expected = {
        a: t.replace("\r\n", "\n").replace("\r", "\n")
        for a, t in articles.select("article_id", "text").iter_rows()
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rows = [{"article_id": a, "text": t} for a, t in articles.iter_rows()]
        (root / "a.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        articles.write_parquet(root / "b.parquet")
        loaded = {}
        for name in ("a.jsonl", "b.parquet"):
            frame = _stage(f"load_articles({name})", tk.load_articles, root / name)
            loaded[name] = dict(frame.select("article_id", "text").iter_rows())
        articles.select("article_id", "text").write_csv(root / "c.csv")
        try:
            frame = tk.load_articles(root / "c.csv")
            loaded["c.csv"] = dict(frame.select("article_id", "text").iter_rows())
        except CorpusError as error:  # only documented refusals: control characters
            _expect("binary data" in str(error), f"load_articles(c.csv): {error}")
        for name, got in loaded.items():
            for article_id, text in expected.items():
                _expect(
                    got.get(article_id) == text,
                    f"load_articles({name}) changed the text of {article_id!r}",
                )
        for article_id, text in list(expected.items())[:5]:
            path = root / f"{article_id}.txt"
            path.write_text(text, encoding="utf-8")
            try:
                frame = tk.load_articles(path)
            except CorpusError as error:
                _expect(
                    "binary data" in str(error) or "empty article" in str(error),
                    f"load_articles(.txt) refused {article_id!r}: {error}",
                )
                continue
            _expect(frame["text"][0] == text, f"load_articles(.txt) changed {article_id!r}")


# ---- the run ----------------------------------------------------------------------------------


def _bisect(articles: pl.DataFrame, check: Callable[[pl.DataFrame], None]) -> pl.DataFrame:
    """The smallest failing slice (ideally one article) of a failing batch."""
    while articles.height > 1:
        half = articles.height // 2
        for part in (articles.head(half), articles.slice(half)):
            try:
                check(part)
            except Failure:
                articles = part
                break
        else:  # fails only together: keep the whole
            return articles
    return articles


def run(count: int = 10_000, *, seed: int = 0, batch: int = 200, out: Path | None = None) -> dict:
    """Fuzz ``count`` articles in batches; return (and write under ``out``) the report."""
    rng = random.Random(f"fuzz-{seed}")
    sentences = _sentences(seed)
    failures: list[dict] = []
    seen: dict[str, int] = {}
    began = time.perf_counter()
    done = failed = 0
    for first in range(0, count, batch):
        size = min(batch, count - first)
        texts = [make_article(rng, sentences) for _ in range(size)]
        frame = pl.DataFrame(
            {"article_id": [f"f{first + i:06d}" for i in range(size)], "text": texts}
        )
        views = (first // batch) % 5 == 0
        files = (first // batch) % 5 == 0

        def check(part, views=views, files=files):
            check_batch(part, views=views, files=files)

        # A failing article is set aside and the rest of the batch checked again, so that one
        # bad article does not hide the others' results.
        pending = frame
        while not pending.is_empty():
            try:
                check(pending)
                break
            except Failure as failure:
                culprit = _bisect(pending, check)
                pending = pending.filter(
                    ~pl.col("article_id").is_in(culprit["article_id"].implode())
                )
                failed += culprit.height
                message, where = str(failure), ""
                try:
                    check(culprit)
                except Failure as again:
                    message = str(again)
                    cause = again.__cause__
                    where = "".join(traceback.format_exception(cause)) if cause else ""
                key = re.sub(r"\d+", "#", message.splitlines()[0])[:160]  # one per kind
                if key not in seen:
                    seen[key] = len(failures)
                    failures.append(
                        {
                            "message": message,
                            "count": 0,
                            "articles": culprit.select("article_id", "text").rows(),
                            "traceback": where,
                        }
                    )
                failures[seen[key]]["count"] += culprit.height
                print(f"  FAIL {message[:160]}", file=sys.stderr, flush=True)
        done += size
        if (first // batch) % 10 == 0:
            print(f"  {done:,} articles, {len(failures)} distinct failure(s)", flush=True)
    seconds = time.perf_counter() - began
    report = {
        "articles": done,
        "failed_articles": failed,
        "seed": seed,
        "seconds": round(seconds, 1),
        "failures": failures,
    }
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        lines = [f"# Fuzz: {done:,} articles, seed {seed}, {seconds:.0f} s", ""]
        if not failures:
            lines.append("Clean: no invariant broken, no exception.")
        else:
            lines.append(f"{failed:,} article(s) failed, {len(failures)} distinct failure(s).")
            lines.append("")
        for item in failures:
            title = item["message"].splitlines()[0][:200]
            lines += ["## " + title, "", f"{item['count']} article(s); the first:"]
            lines += ["", "```python"]
            lines += [repr(row) for row in item["articles"][:3]]
            lines += ["```", "", "```", item["traceback"], "```", ""]
        (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=0, help="the RNG seed (0)")
    parser.add_argument("--batch", type=int, default=200, help="articles per batch (200)")
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"), help="report folder")
    args = parser.parse_args(argv)
    report = run(args.articles, seed=args.seed, batch=args.batch, out=args.out)
    failures = report["failures"]
    print(
        f"{report['articles']:,} articles in {report['seconds']} s: "
        + ("clean" if not failures else f"{len(failures)} distinct failure(s)")
        + f"; report in {args.out / 'report.md'}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
