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
