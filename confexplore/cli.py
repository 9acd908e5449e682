"""The ``confexplore`` command.

``confexplore info [FILE ...]`` prints the sources, record and paper counts and
the problems of the bundled catalog, or of the files given.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

__all__ = ["main"]


def _info(paths: Sequence[str], *, problems_limit: int) -> int:
    from .catalog import load_catalog
    from .errors import CatalogWarning, ParseError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CatalogWarning)  # the problems are printed below
            cat = load_catalog(list(paths) or None)
    except ParseError as exc:
        print(f"confexplore: {exc}", file=sys.stderr)
        return 2
    papers = cat.papers
    print(f"{len(cat.sources)} sources, {len(cat.records)} records, {len(papers)} papers, "
          f"{len(cat.talks)} talks, {len(cat.problems)} problems")
    print()
    width = max(len(str(n)) for n in cat.sources["name"])
    print(f"{'source':<{width}}  {'format':<13} {'venue':<8} {'year':<5} records")
    for row in cat.sources.itertuples(index=False):
        venue = "" if row.venue is None or str(row.venue) == "<NA>" else row.venue
        year = "" if row.year is None or str(row.year) == "<NA>" else row.year
        print(f"{row.name:<{width}}  {row.format:<13} {venue!s:<8} {year!s:<5} {row.records:>7}")
    print()
    linked = int((papers["sources"].map(len) > 1).sum())
    print(f"papers linked from more than one source: {linked}")
    by = papers.groupby(["venue", "year"], dropna=False).size()
    for (venue, year), n in by.items():
        print(f"  {venue} {year}: {n} papers")
    if len(cat.problems):
        print()
        print("problems (source:line kind: message):")
        for row in cat.problems.head(problems_limit).itertuples(index=False):
            line = "" if str(row.line) == "<NA>" else f":{row.line}"
            print(f"  {row.source}{line} {row.kind}: {row.message}")
        if len(cat.problems) > problems_limit:
            print(f"  … and {len(cat.problems) - problems_limit} more (use --problems N)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="confexplore", description="Explore conference paper catalogs.")
    sub = parser.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="print sources, record and paper counts, and problems")
    info.add_argument("files", nargs="*", help="catalog files (default: the bundled catalog)")
    info.add_argument("--problems", type=int, default=50, metavar="N", help="show at most N problems (default 50)")
    args = parser.parse_args(argv)
    if args.command == "info":
        try:
            return _info(args.files, problems_limit=args.problems)
        except BrokenPipeError:  # e.g. `confexplore info | head`
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    parser.error(f"unknown command {args.command!r}")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
