"""The toolkit's command line: ``python -m toolkit course`` and ``python -m toolkit analyze``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _listing(title: str, items: list, limit: int | None = None) -> None:
    """Print ``items`` (problems or skipped files: ``path``, ``reason``, maybe ``line``)."""
    if not items:
        return
    print(f"{title} ({len(items)}):")
    for item in items[:limit] if limit else items:
        get = item.get if isinstance(item, dict) else lambda key, i=item: getattr(i, key, None)
        line = get("line")
        where = get("path") if line is None else f"{get('path')}, line {line}"
        print(f"  - {where}: {get('reason')}")
    if limit and len(items) > limit:
        print(f"  … and {len(items) - limit} more (all are in the run report)")


def _course(args: argparse.Namespace) -> int:
    from toolkit.corpus import CorpusError
    from toolkit.course import NotebookError, check_course_corpus, course_notebooks, run_course

    corpus = args.corpus or None  # make run passes an empty CORPUS for the shipped data
    text_column = args.text_column or "text"
    try:
        checked = check_course_corpus(corpus, text_column=text_column, skip_bad=args.skip_bad)
    except CorpusError as exc:
        print(f"error: CORPUS={corpus}: no notebook was run.", file=sys.stderr)
        for row in exc.problems.to_dicts():
            where = row["path"] if row["line"] is None else f"{row['path']}, line {row['line']}"
            print(f"  - {where}: {row['reason']}", file=sys.stderr)
        hint = f" (the text column is {text_column!r}; TEXT_COLUMN=… names another)"
        print(
            "Fix the files, or run with --skip-bad to use the good articles" + hint,
            file=sys.stderr,
        )
        return 2
    where = corpus or "the shipped data (data/articles + data/practice)"
    print(f"Running the course notebooks on {where} …", flush=True)
    if checked.articles is not None:
        print(f"  {checked.articles.height:,} article(s), text column {text_column!r}")
    _listing("Files not read", checked.skipped)
    _listing("Problems skipped (--skip-bad)", checked.problems, limit=20)
    try:
        notebooks = None
        if args.notebooks is not None:
            notebooks = course_notebooks(args.notebooks)
            if not notebooks:
                print(f"error: no notebooks (NN_name.ipynb) in {args.notebooks}", file=sys.stderr)
                return 2
        summary = run_course(corpus=corpus, out=args.out, checked=checked, notebooks=notebooks)
    except NotebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"{args.out} still holds the previous run's files.", file=sys.stderr)
        return 1
    out = Path(args.out)
    for item in summary:
        print(f"  ran {item['name']:<32} {item['seconds']:>6.1f} s  {item['figures']} figure(s)")
    print(f"Executed notebooks: {out / 'notebooks'}")
    print(f"HTML exports:       {out / 'html'}")
    print(f"Figures (PNG):      {out / 'figures'}")
    return 0


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be more than 0")
    return number


def _analyze(args: argparse.Namespace) -> int:
    from toolkit.pipeline import InputError, analyze_path
    from toolkit.workers import WorkerError

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        report = analyze_path(
            args.path,
            args.out,
            batch_size=args.batch_size,
            skip_bad=args.skip_bad,
            gazetteer=args.gazetteer,
            cues=args.cues,
            speakers=args.speakers,
            lexicons=args.lexicons,
            progress=progress,
            workers=args.workers,
            force=args.force,
            text_column=args.text_column or "text",
            max_article_bytes=int(args.max_article_mb * 1_000_000),
        )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"{args.out} was left as it was.", file=sys.stderr)
        return 1
    out = Path(args.out)
    print(
        f"Analyzed {report['articles']:,} article(s), {report['text_megabytes']:,} MB of text, "
        f"in {report['seconds']} s ({report['mode']})."
    )
    for name, rows in report["tables"].items():
        print(f"  {name:<18} {rows:>10,} rows   {out / (name + '.parquet')} (+ .csv)")
    _listing("Files not read", report["skipped"])
    if report["problems"]:
        print(f"Skipped {len(report['problems'])} problem(s) in the input:")
        _listing("Problems skipped (--skip-bad)", report["problems"], limit=20)
    quality = report["stance_quality"]
    print(
        f"Stance reader on the {quality['set']}"
        + (" with the edited lexicons" if quality["edited"] else "")
        + f": precision {quality['precision']:.2f}, recall {quality['recall']:.2f} "
        "(per label, with intervals, in the run report)."
    )
    print(f"Run report:         {out / 'run_report.md'} (and run_report.json)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``python -m toolkit --help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Arabic news toolkit: run the course notebooks or analyze a corpus.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    course = commands.add_parser(
        "course", help="execute every course notebook headless and export HTML and figures"
    )
    course.add_argument(
        "--corpus",
        metavar="PATH",
        help="a file or folder of your own articles (default: the shipped data)",
    )
    course.add_argument("--out", default="build", metavar="DIR", help="output folder (build)")
    course.add_argument(
        "--text-column",
        metavar="NAME",
        default="text",
        help="the column (or JSON field) of the text in .csv, .jsonl and .parquet files (text)",
    )
    course.add_argument(
        "--skip-bad",
        action="store_true",
        help="run on the good articles when the corpus has problems (they are listed) "
        "instead of stopping before any notebook runs",
    )
    course.add_argument(
        "--notebooks",
        metavar="DIR",
        help="a folder of notebooks (NN_name.ipynb) to run instead of the course's",
    )
    course.set_defaults(func=_course)

    analyze = commands.add_parser(
        "analyze",
        help="run the whole pipeline on a corpus and write its tables (Parquet and CSV)",
        description=(
            "Run the pipeline (entities, figures, stance) on a corpus and write the tables "
            "entities, entity_frequency, figures, figure_comparison, stance_claims and "
            "party_stance to DIR, each as .parquet and .csv, with a run report "
            "(run_report.json and run_report.md: counts, problems found in the input, the "
            "files not read and why, the toolkit version and the lexicons' SHA-256). Hidden "
            "files and README or LICENSE files are not read. A corpus of Parquet files is streamed "
            "in batches with bounded memory; other formats are loaded first. The run writes "
            "into a folder of its own inside DIR and moves its files in at the end, "
            "run_report.json last (complete, with each file's SHA-256); a second run into DIR "
            "while one goes on stops. In the CSV files, a text cell that begins with = + - @, "
            "a tab or a carriage return gets a leading ' (no spreadsheet runs it as a formula); "
            "the Parquet files are exact. Read the results in Python with "
            "toolkit.pipeline.read_results(DIR), which checks them against the report."
        ),
        epilog=(
            "Exit status: 0 on success, 2 on bad input (the problems are listed), an --out that "
            "cannot be used or a bad option, 1 when a batch worker failed. A path that starts with a dash goes after '--' or as ./-name: "
            "python -m toolkit analyze --out results -- -odd/path"
        ),
    )
    analyze.add_argument(
        "path",
        metavar="PATH",
        help="the corpus: a file or a folder (.parquet, .jsonl, .csv, .md, .txt; read recursively)",
    )
    analyze.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="output folder (created if missing): new, empty, or of earlier results; not the "
        "input, not inside it, and holding no input file",
    )
    analyze.add_argument(
        "--force",
        action="store_true",
        help="write into an --out that holds other files (the results go beside them; no file "
        "the toolkit did not write is ever written over or deleted)",
    )
    analyze.add_argument(
        "--text-column",
        metavar="NAME",
        default="text",
        help="the column (or JSON field) of the text in .csv, .jsonl and .parquet files (text)",
    )
    analyze.add_argument(
        "--max-article-mb",
        type=_megabytes,
        default=25,
        metavar="MB",
        help="the most text one article may have; a longer one is a problem that names it "
        "(analyzing an article takes about 40 times its text in memory) (25)",
    )
    analyze.add_argument(
        "--skip-bad",
        action="store_true",
        help="leave out bad files and articles (listed in the run report) instead of stopping",
    )
    analyze.add_argument(
        "--batch-size",
        type=_positive,
        default=2000,
        metavar="N",
        help="articles per batch; smaller uses less memory, the results are the same (2000)",
    )
    analyze.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="processes that run batches side by side; each needs about the memory of a "
        "one-process run, the results are the same (1)",
    )
    analyze.add_argument(
        "--gazetteer",
        metavar="CSV",
        help="an entities file (the gazetteer) to use instead of entities.csv (of --lexicons, "
        "or the shipped one)",
    )
    analyze.add_argument(
        "--cues",
        metavar="CSV",
        help="a stance cue file to use instead of stance_cues_us_troops.csv",
    )
    analyze.add_argument(
        "--speakers",
        metavar="CSV",
        help="a speakers file to use instead of speakers.csv",
    )
    analyze.add_argument(
        "--lexicons",
        metavar="DIR",
        help="a folder of edited lexicon files (named as in toolkit/lexicons/; a file missing "
        "there is the shipped one). Every lexicon file is copied when the run starts, so "
        "edits made while it runs are not used; the run report has each file's SHA-256",
    )
    bar = analyze.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar (default: when the error stream is a terminal)",
    )
    bar.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show a progress bar"
    )
    analyze.set_defaults(func=_analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path too long, a folder without permission …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
