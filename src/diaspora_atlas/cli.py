"""The ``diaspora-atlas`` command: validate data, geocode names, export snapshots.

Errors the user can cause are printed as one clear message each (no traceback) and
the command exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import AtlasError, DataError, UnknownPlaceError

REPO_DATA = Path(__file__).resolve().parents[2] / "geodata"


def default_data_dir() -> Path:
    """$DIASPORA_ATLAS_DATA, else ./geodata, else the repository's geodata/."""
    if os.environ.get("DIASPORA_ATLAS_DATA"):
        return Path(os.environ["DIASPORA_ATLAS_DATA"])
    here = Path("geodata")
    return here if here.is_dir() else REPO_DATA


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="diaspora-atlas",
        description="Koryo Atlas: the Korean diaspora in Russia and Central Asia.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check the atlas data")
    validate.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=None,
        help="data directory (default: geodata)",
    )

    geocode = commands.add_parser("geocode", help="resolve place names")
    geocode.add_argument("names", nargs="+", metavar="NAME")
    geocode.add_argument("--year", type=int, help="prefer names in use that year")
    geocode.add_argument("--json", action="store_true", help="one JSON object per name")
    geocode.add_argument("--data", type=Path, default=None)
    geocode.add_argument(
        "--no-fallback",
        action="store_true",
        help="only the atlas's own places, no GeoNames cities",
    )
    from .export_cli import add_export_parser
    from .sources_cli import add_sources_parser

    add_export_parser(commands)
    add_sources_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (errors printed, no traceback)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) if hasattr(args, "handler") else _dispatch(args)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.data or default_data_dir())
    if args.command == "geocode":
        return cmd_geocode(args)
    raise AssertionError(args.command)


def cmd_validate(data: Path) -> int:
    """Print every problem and return 1, or a one-line summary and return 0."""
    from .data import load_atlas, table_counts

    try:
        atlas = load_atlas(data)
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(f"{data}: ok: {table_counts(atlas)}")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    """Resolve each name; return 1 if any name is unknown."""
    from .data import load_atlas
    from .gazetteer import Gazetteer

    atlas = load_atlas(args.data or default_data_dir())
    gazetteer = Gazetteer(atlas, fallback=not args.no_fallback)
    status = 0
    for name in args.names:
        try:
            match = gazetteer.resolve(name, year=args.year)
        except UnknownPlaceError as exc:
            status = 1
            if args.json:
                print(
                    json.dumps(
                        {
                            "query": name,
                            "error": "unknown place",
                            "suggestions": exc.suggestions,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                print(f"{name}: {exc}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(match.as_dict(), ensure_ascii=False))
        else:
            via = f" (as {match.matched!r})" if match.matched != match.name else ""
            print(
                f"{name}: {match.name}{via} [{match.id}, {match.kind}] "
                f"{match.lat:.4f}, {match.lon:.4f} from {match.source}"
            )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
