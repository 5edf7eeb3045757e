"""The toolkit's command line: ``python -m toolkit course`` and ``python -m toolkit analyze``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _course(args: argparse.Namespace) -> int:
    from toolkit.course import run_course

    where = args.corpus or "the shipped data (data/articles + data/practice)"
    print(f"Running the course notebooks on {where} …", flush=True)
    summary = run_course(corpus=args.corpus, out=args.out)
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


def _analyze(args: argparse.Namespace) -> int:
    from toolkit.pipeline import InputError, analyze_path

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
        )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    print(
        f"Analyzed {report['articles']:,} article(s), {report['text_megabytes']:,} MB of text, "
        f"in {report['seconds']} s ({report['mode']})."
    )
    for name, rows in report["tables"].items():
        print(f"  {name:<18} {rows:>10,} rows   {out / (name + '.parquet')} (+ .csv)")
    if report["problems"]:
        print(f"Skipped {len(report['problems'])} problem(s) in the input; see the run report.")
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
            "in batches with bounded memory; other formats are loaded first. Read the results "
            "in Python with toolkit.pipeline.read_results(DIR)."
        ),
        epilog=(
            "Exit status: 0 on success, 2 on bad input (the problems are listed) or a bad "
            "option. A path that starts with a dash goes after '--' or as ./-name: "
            "python -m toolkit analyze --out results -- -odd/path"
        ),
    )
    analyze.add_argument(
        "path",
        metavar="PATH",
        help="the corpus: a file or a folder (.parquet, .jsonl, .csv, .md, .txt; read recursively)",
    )
    analyze.add_argument(
        "--out", required=True, metavar="DIR", help="output folder (created if missing)"
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


if __name__ == "__main__":
    sys.exit(main())
