"""``diaspora-atlas sources check``: the seeds and the dataset, in step."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from .sources import Coverage, Mention, coverage, documents


def add_sources_parser(commands: argparse._SubParsersAction) -> None:
    """Register the ``sources`` subcommand."""
    sources = commands.add_parser("sources", help="the seed documents and the dataset")
    actions = sources.add_subparsers(dest="action", required=True)
    check = actions.add_parser(
        "check",
        help="every place, year, date and figure of the seeds is used or left out "
        "with a reason (exit 1 otherwise)",
    )
    check.add_argument("--data", type=Path, default=None)
    check.set_defaults(handler=run_check)


def where(mention: Mention, texts: dict[str, str]) -> str:
    """``seeds/file.txt:line``."""
    line = texts[mention.document].count("\n", 0, mention.start) + 1
    return f"seeds/{mention.document}:{line}"


def report(result: Coverage, texts: dict[str, str]) -> list[str]:
    """The lines ``sources check`` prints."""
    lines = []
    for name in sorted(texts):
        facts = [c for c in result.facts if c.mention.document == name]
        status = Counter(c.status for c in facts)
        places = [m for m in result.places if m.document == name]
        lines.append(
            f"{name}: {len(places)} place mentions ({len({m.place_id for m in places})}"
            f" places), {len(facts)} years/dates/figures: {status['dataset']} used, "
            f"{status['left_out']} left out, {status['missing']} missing"
        )
    for covered in result.missing:
        m = covered.mention
        lines.append(
            f"{where(m, texts)}: {m.kind} {m.text!r} is neither in the "
            f'dataset nor in left_out.csv: "{m.passage}"'
        )
    for m in result.unknown_places:
        lines.append(
            f"{where(m, texts)}: place {m.text!r} is not in the atlas and not "
            f'in left_out.csv: "{m.passage}"'
        )
    return lines


def run_check(args: argparse.Namespace) -> int:
    """Print the coverage of the seeds; exit 1 when something is unaccounted for."""
    from .cli import default_data_dir
    from .data import load_atlas

    atlas = load_atlas(args.data or default_data_dir())
    result = coverage(atlas)
    texts = {d.name: d.text for d in documents(atlas)}
    for line in report(result, texts):
        print(line)
    if result.ok:
        print("ok: every year, date, figure and place of the seeds is accounted for")
        return 0
    return 1
