"""A deterministic generator of synthetic Arabic news corpora, at any size.

Articles are recombined from the sentences of the seed article (``data/articles``), of the
practice corpus (``data/practice``) and of templates that exercise what the toolkit must get
right: diacritics, tatweel, Eastern Arabic and Persian digits, number words (ألفين وخمسمائة،
ثلاثة آلاف), qualifiers (نحو، أكثر من), clitics (وللناتو، بالعراق) and alef/ya variants. Each
sentence in the pool is a varied copy of one of those; each article draws 8–30 sentences.

Everything comes from seeded RNGs, one per block of :data:`BLOCK` articles, so a corpus is
the same on every machine, and the first *N* articles of a larger corpus are the corpus of
size *N*. The text is synthetic: use it for speed and memory, never for conclusions.

Command line::

    python -m benchmarks.generate --size 20k --out build/bench/corpus-20k
    python -m benchmarks.generate --size 80MB --out build/bench/corpus-80mb --formats parquet

writes ``parquet/part-00000.parquet …`` and ``jsonl/part-00000.jsonl …`` (``PART`` articles
per file) plus ``manifest.json`` (parameters, article count, text bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl

__all__ = [
    "BLOCK",
    "PART",
    "articles",
    "generate",
    "parse_size",
    "sentence_pool",
]

#: Articles per RNG block: article *i* depends only on the seed and on block ``i // BLOCK``.
BLOCK = 1000
#: Articles per output part file.
PART = 10_000
POOL_SIZE = 20_000
FORMATS = ("parquet", "jsonl")

_HARAKAT = ["\u064e", "\u064f", "\u0650", "\u0652", "\u0651", "\u064b", "\u064d"]
_TATWEEL = "\u0640"
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_WORD = re.compile(r"[\u0621-\u064A]{4,}")
_DIGITS = re.compile(r"\d+")

_OUTLETS = [
    "وكالة الأنباء التعليمية",
    "صحيفة الرافدين التجريبية",
    "موقع الخبر التعليمي",
    "إذاعة دجلة للتدريب",
    "نشرة الفرات التجريبية",
    "قناة بلاد الرافدين التعليمية",
]
_PEOPLE = [
    ("رئيس الوزراء", "مصطفى الكاظمي"),
    ("الرئيس", "جو بايدن"),
    ("وزير الخارجية", "أنتوني بلينكن"),
    ("وزير الدفاع", "لويد أوستن"),
    ("الأمين العام للناتو", "ينس ستولتنبرغ"),
    ("الجنرال", "كينيث ماكنزي"),
    ("المتحدث باسم", "التحالف الدولي"),
    ("النائب", "حسن سالم"),
    ("السفير", "ماثيو تولر"),
    ("زعيم التيار الصدري", "مقتدى الصدر"),
    ("وزير الخارجية العراقي", "فؤاد حسين"),
    ("المبعوث", "بريت ماكغورك"),
]
_PLACES = [
    "العراق",
    "بغداد",
    "أربيل",
    "قاعدة عين الأسد",
    "الأنبار",
    "إقليم كردستان",
    "سوريا",
    "إيران",
    "الكويت",
    "البصرة",
]
_ACTORS = [
    "الحكومة العراقية",
    "البرلمان العراقي",
    "الإدارة الأمريكية",
    "البنتاغون",
    "حلف الناتو",
    "التحالف الدولي",
    "الحشد الشعبي",
    "كتائب حزب الله",
    "التيار الصدري",
    "وزارة الخارجية الأمريكية",
    "القيادة المركزية الأمريكية",
    "طهران",
]
_QUALIFIERS = ["نحو", "حوالي", "أكثر من", "أقل من", "ما لا يقل عن", "قرابة", "زهاء", "لا يتجاوز"]
_TROOPS = ["جندي", "عسكري", "مستشار عسكري", "جندي أمريكي", "عنصر"]
_NUMBER_WORDS = [
    (2500, "ألفين وخمسمائة"),
    (3000, "ثلاثة آلاف"),
    (5200, "خمسة آلاف ومئتين"),
    (2000, "ألفي"),
    (500, "خمسمائة"),
    (4000, "أربعة آلاف"),
    (12, "اثني عشر"),
    (3, "ثلاثة"),
    (6, "ستة"),
    (18, "ثمانية عشر"),
]
_DURATIONS = ["أشهر", "شهرًا", "عامين", "سنوات", "أسابيع", "يومًا"]
_MONTHS = ["كانون الثاني/يناير", "حزيران/يونيو", "أيلول/سبتمبر", "تموز/يوليو", "نيسان/أبريل"]
_TEMPLATES = [
    "قال {title} {person} إن {qual} {num} {troop} سيبقون في {place} حتى نهاية عام {year}.",
    "وأكد {actor} رفضه لبقاء القوات الأجنبية في {place}، مطالبًا بانسحابها خلال {numword} {duration}.",
    "وأعلن {actor} أن عدد القوات الأمريكية في {place} سينخفض من {num} إلى {num2} {troop} بحلول {month} {year}.",
    "ودعا {title} {person} إلى جدولة الانسحاب الأمريكي من {place} في غضون {num_small} {duration}.",
    "وذكرت مصادر أن {actor} وافق على بقاء {qual} {numword} {troop} لأغراض التدريب والاستشارة.",
    "وللناتو وللتحالف دور في تدريب القوات العراقية، بحسب {actor}، الذي قال إن المهمة ستستمر {num_small} {duration} أخرى.",
    "وشدّد {title} {person} على أن «القوات القتالية ستغادر {place}» وأن عددها لا يتجاوز {num} {troop}.",
    "وبالعراق اليوم {qual} {num} {troop}، وفي الكويت {qual2} {num2} آخرين، وفق {actor}.",
    "وفي {month} {year} صوّت البرلمان على قرار يطالب الحكومة بإنهاء وجود القوات الأجنبية، بنسبة {pct}%.",
    "ورحّب {actor} بالاتفاق، وقال إن كلفة المهمة بلغت {num} مليون دولار خلال {num_small} {duration}.",
    "فيما اعتبر {actor} أن الوجود الأمريكي «ضروري» لمواجهة تنظيم داعش في {place}.",
    "وأضاف {title} {person}: «لن نقبل بأي وجود عسكري أجنبي على أرض {place}».",
]


def _seed_sentences() -> list[str]:
    """The sentences of the seed article and the practice corpus, in corpus order."""
    from toolkit.arabic import split_sentences
    from toolkit.datasets import practice_articles, seed_articles

    frame = pl.concat([seed_articles(), practice_articles()], how="diagonal_relaxed")
    return split_sentences(frame.select("article_id", "text"))["text"].to_list()


def _fill(template: str, rng: random.Random) -> str:
    title, person = rng.choice(_PEOPLE)
    number, words = rng.choice(_NUMBER_WORDS)
    return template.format(
        title=title,
        person=person,
        place=rng.choice(_PLACES),
        actor=rng.choice(_ACTORS),
        qual=rng.choice(_QUALIFIERS),
        qual2=rng.choice(_QUALIFIERS),
        num=rng.choice([2500, 3000, 5200, 800, 1500, 4000, 2000, 12000, 900]),
        num2=rng.choice([2500, 3000, 500, 1000, 2200]),
        num_small=rng.choice([3, 6, 12, 18, 24, 2, 9]),
        numword=words if rng.random() < 0.9 else str(number),
        troop=rng.choice(_TROOPS),
        duration=rng.choice(_DURATIONS),
        month=rng.choice(_MONTHS),
        year=rng.choice([2020, 2021, 2022, 2023, 2024]),
        pct=rng.choice([60, 75, 51, 88]),
    )


def _diacritize(word: str, rng: random.Random) -> str:
    return "".join(
        ch + (rng.choice(_HARAKAT) if _ARABIC_LETTER.match(ch) and rng.random() < 0.5 else "")
        for ch in word
    )


def _stretch(word: str, rng: random.Random) -> str:
    cut = rng.randrange(1, len(word) - 1)
    if word[cut - 1] in "اأإآدذرزوةى":  # letters that do not join to the left
        return word
    return word[:cut] + _TATWEEL * rng.randint(1, 4) + word[cut:]


def _vary(sentence: str, rng: random.Random) -> str:
    """One varied copy of a sentence: diacritics, tatweel, digits, clitics, spelling."""
    if rng.random() < 0.25:
        sentence = _WORD.sub(
            lambda m: _diacritize(m.group(), rng) if rng.random() < 0.3 else m.group(), sentence
        )
    if rng.random() < 0.2:
        sentence = _WORD.sub(
            lambda m: _stretch(m.group(), rng) if rng.random() < 0.15 else m.group(), sentence
        )
    if rng.random() < 0.3:
        table = _EASTERN if rng.random() < 0.8 else _PERSIAN
        sentence = _DIGITS.sub(lambda m: m.group().translate(table), sentence)
    elif rng.random() < 0.2:
        sentence = _DIGITS.sub(lambda m: str(int(m.group()) + rng.randint(-50, 50)), sentence)
    if rng.random() < 0.15:
        sentence = (
            sentence.replace("أ", "ا") if rng.random() < 0.5 else sentence.replace("ي ", "ى ")
        )
    if rng.random() < 0.2 and not sentence.startswith(("و", "ف")):
        sentence = rng.choice(["و", "ف"]) + sentence
    if rng.random() < 0.1:
        sentence = sentence.replace(" العراق", " بالعراق", 1).replace(" الناتو", " للناتو", 1)
    return sentence


def sentence_pool(seed: int = 0, size: int = POOL_SIZE) -> list[str]:
    """``size`` varied sentences (about a third from templates), the same for the same seed."""
    rng = random.Random(f"pool-{seed}")
    base = _seed_sentences()
    pool = []
    for _ in range(size):
        if rng.random() < 0.35:
            sentence = _fill(rng.choice(_TEMPLATES), rng)
        else:
            sentence = rng.choice(base)
        pool.append(_vary(sentence, rng))
    return pool


def _block(index: int, seed: int, pool: list[str]) -> Iterator[dict]:
    rng = random.Random(f"block-{seed}-{index}")
    epoch = dt.date(2019, 1, 1)
    for number in range(index * BLOCK, (index + 1) * BLOCK):
        count = rng.randint(8, 30)
        # Half the sentences are varied again here, so the vocabulary keeps growing with the
        # corpus (new spellings, numbers and clitic forms) as it does in real news.
        picks = [s if rng.random() < 0.5 else _vary(s, rng) for s in rng.choices(pool, k=count)]
        paragraphs, current = [], []
        for sentence in picks:
            current.append(sentence)
            if rng.random() < 0.3:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        text = "\n".join(paragraphs)
        yield {
            "article_id": f"bench-{number:08d}",
            "title": picks[0][:60].strip(),
            "source": rng.choice(_OUTLETS),
            "published": (epoch + dt.timedelta(days=rng.randrange(5 * 365))).isoformat(),
            "language": "ar",
            "synthetic": True,
            "text": text,
        }


def articles(
    count: int | None = None, *, max_bytes: int | None = None, seed: int = 0
) -> Iterator[pl.DataFrame]:
    """Frames of generated articles, one per block, until ``count`` articles or ``max_bytes``
    bytes of UTF-8 text (whichever is given; the last block is cut to fit ``count``)."""
    if count is None and max_bytes is None:
        raise ValueError("give count or max_bytes")
    pool = sentence_pool(seed)
    made, size, index = 0, 0, 0
    while (count is None or made < count) and (max_bytes is None or size < max_bytes):
        rows = list(_block(index, seed, pool))
        if count is not None:
            rows = rows[: count - made]
        frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
        made += frame.height
        size += int(frame["text"].str.len_bytes().sum())
        index += 1
        yield frame


_SCHEMA = {
    "article_id": pl.String,
    "title": pl.String,
    "source": pl.String,
    "published": pl.String,
    "language": pl.String,
    "synthetic": pl.Boolean,
    "text": pl.String,
}


def parse_size(size: str) -> tuple[int | None, int | None]:
    """``"20k"``/``"1000"`` → (articles, None); ``"80MB"``/``"2GB"`` → (None, bytes)."""
    text = size.strip().lower().replace("_", "").replace(",", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(k|m|kb|mb|gb|b)?", text)
    if not match:
        raise ValueError(
            f"size {size!r}: use an article count (1000, 20k, 1m) or bytes (80MB, 2GB)"
        )
    value, unit = float(match.group(1)), match.group(2) or ""
    if unit in ("", "k", "m"):
        return int(value * {"": 1, "k": 1e3, "m": 1e6}[unit]), None
    return None, int(value * {"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9}[unit])


def generate(
    out: str | Path,
    *,
    count: int | None = None,
    max_bytes: int | None = None,
    seed: int = 0,
    formats: tuple[str, ...] = FORMATS,
    part: int = PART,
    progress: bool = False,
) -> dict:
    """Write a corpus under ``out`` and return its manifest (also written as manifest.json).

    An existing corpus with the same manifest parameters is reused, not rewritten.
    """
    out = Path(out)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; use {', '.join(FORMATS)}")
    params = {"count": count, "max_bytes": max_bytes, "seed": seed, "part": part}
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("params") == params and set(formats) <= set(old.get("formats", [])):
            return old
    for fmt in formats:
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("part-*"):
            stale.unlink()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=count, desc="generating", unit="article")
    buffer: list[pl.DataFrame] = []
    buffered = parts = total = size = 0

    def write(frame: pl.DataFrame) -> None:
        nonlocal parts
        if "parquet" in formats:
            frame.write_parquet(out / "parquet" / f"part-{parts:05d}.parquet", row_group_size=2000)
        if "jsonl" in formats:
            frame.write_ndjson(out / "jsonl" / f"part-{parts:05d}.jsonl")
        parts += 1

    for frame in articles(count, max_bytes=max_bytes, seed=seed):
        buffer.append(frame)
        buffered += frame.height
        total += frame.height
        size += int(frame["text"].str.len_bytes().sum())
        if bar is not None:
            bar.update(frame.height)
        while buffered >= part:
            whole = pl.concat(buffer)
            write(whole.head(part))
            rest = whole.slice(part)
            buffer, buffered = [rest], rest.height
    if buffered:
        write(pl.concat(buffer))
    if bar is not None:
        bar.close()
    manifest = {
        "params": params,
        "formats": list(formats),
        "articles": total,
        "text_bytes": size,
        "parts": parts,
        "note": "synthetic text recombined from data/articles, data/practice and templates",
    }
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def bench_corpus(
    out: Path, size: str, seed: int, *, formats: tuple[str, ...] = FORMATS, log=print
) -> tuple[Path, dict]:
    """The corpus of ``size`` and ``seed`` under ``out`` (``corpus-<size>-seed<seed>``, made or
    reused by :func:`generate` in ``formats``) and its manifest, logged."""
    count, max_bytes = parse_size(size)
    corpus = out / f"corpus-{size.lower()}-seed{seed}"
    log(f"corpus: {corpus} …")
    manifest = generate(corpus, count=count, max_bytes=max_bytes, seed=seed, formats=formats)
    log(f"  {manifest['articles']:,} articles, {manifest['text_bytes'] / 1e6:,.1f} MB of text")
    return corpus, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a deterministic synthetic Arabic corpus as Parquet and JSONL parts.",
    )
    parser.add_argument(
        "--size",
        default="1k",
        help="articles (1000, 20k, 1m) or UTF-8 text bytes (80MB, 2GB); default 1k",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    parser.add_argument(
        "--formats",
        default="parquet,jsonl",
        help="comma-separated: parquet, jsonl (default both)",
    )
    parser.add_argument("--part", type=int, default=PART, help=f"articles per file ({PART})")
    args = parser.parse_args(argv)
    count, max_bytes = parse_size(args.size)
    manifest = generate(
        args.out,
        count=count,
        max_bytes=max_bytes,
        seed=args.seed,
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
        part=args.part,
        progress=sys.stderr.isatty(),
    )
    mb = manifest["text_bytes"] / 1e6
    print(f"{manifest['articles']:,} articles, {mb:,.1f} MB of text in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
