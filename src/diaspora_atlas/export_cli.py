"""``diaspora-atlas export``: the dashboard's snapshots, from the command line.

Every argument is checked before anything is written, and each file is written
atomically, so a bad argument or a failure leaves no partial file behind.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import replace
from pathlib import Path

from .errors import UsageError
from .export import (
    AREAS,
    FORMATS,
    ExportRequest,
    export_bytes,
    layer_ids,
    parse_bbox,
    parse_size,
    write_atomic,
)

GIF_FRAME_MS = 1200


def add_export_parser(commands: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand."""
    export = commands.add_parser(
        "export", help="write map snapshots (PNG, SVG, PDF, HTML, GeoJSON, CSV)"
    )
    when = export.add_mutually_exclusive_group()
    when.add_argument(
        "--year", type=int, help="one year (default: the atlas's first view)"
    )
    when.add_argument(
        "--years", help="a series: START:END:STEP or a list 1937,1945,1991"
    )
    export.add_argument(
        "--layers",
        default=None,
        help="comma-separated layers, ids or dashboard labels "
        "(default: the atlas's default layers)",
    )
    export.add_argument("--format", dest="fmt", default="png", choices=FORMATS)
    export.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        help="file (one year) or directory (default: current directory)",
    )
    export.add_argument("--size", default="1600x1000", help="WIDTHxHEIGHT in pixels")
    export.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="resolution multiplier for PNG (2 = twice the pixels)",
    )
    export.add_argument(
        "--bbox",
        default="eurasia",
        help=f"west,south,east,north or one of {', '.join(AREAS)}",
    )
    export.add_argument(
        "--animate",
        action="store_true",
        help="with --years and PNG: also write an animated GIF",
    )
    export.add_argument("--data", type=Path, default=None)
    export.set_defaults(handler=run_export)


def parse_years(text: str, first: int, last: int) -> list[int]:
    """'1860:2020:10' or '1937,1945' -> years, all inside the atlas's range."""
    try:
        if ":" in text:
            parts = [int(p) for p in text.split(":")]
            start, end = parts[0], parts[1]
            step = parts[2] if len(parts) > 2 else 1
            if len(parts) > 3 or step <= 0 or end < start:
                raise ValueError
            years = list(range(start, end + 1, step))
        else:
            years = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise UsageError(
            f"--years: expected START:END:STEP or 1937,1945, got {text!r}"
        ) from None
    if not years:
        raise UsageError("--years: no years given")
    return [check_year(y, first, last) for y in years]


def check_year(year: int, first: int, last: int) -> int:
    """The year itself, or a UsageError naming the atlas's range."""
    if not first <= year <= last:
        raise UsageError(f"year {year} is outside the atlas's range {first}-{last}")
    return year


def run_export(args: argparse.Namespace) -> int:
    """Check every argument, then write the files and report them."""
    from .cli import default_data_dir
    from .data import load_atlas

    atlas = load_atlas(args.data or default_data_dir())
    first, last = atlas.first_year, atlas.last_year
    if args.years:
        years = parse_years(args.years, first, last)
    else:
        years = [check_year(args.year or atlas.meta.initial_year, first, last)]
    layers = (
        layer_ids(args.layers.split(","))
        if args.layers is not None
        else atlas.meta.default_layers
    )
    width, height = parse_size(args.size)
    if not 0.25 <= args.scale <= 8:
        raise UsageError(f"--scale must be between 0.25 and 8, got {args.scale}")
    if args.animate and (len(years) < 2 or args.fmt != "png"):
        raise UsageError(
            "--animate needs --years with at least two years and --format png"
        )
    template = ExportRequest(
        years[0],
        tuple(layers),
        args.fmt,
        parse_bbox(args.bbox),
        width,
        height,
        args.scale,
    )
    targets = _targets(args.out, template, years)
    written, frames = [], []
    for year, path in _progress(list(zip(years, targets, strict=True))):
        request = replace(template, year=year)
        data = export_bytes(atlas.at(year), request)
        write_atomic(path, data)
        written.append(path)
        if args.animate:
            frames.append(data)
    if args.animate:
        gif = targets[0].parent / template.filename().replace(
            f"_{years[0]}_", f"_{years[0]}-{years[-1]}_"
        ).replace(".png", ".gif")
        write_atomic(gif, animated_gif(frames))
        written.append(gif)
    for path in written:
        print(path)
    return 0


def _targets(out: Path, template: ExportRequest, years: list[int]) -> list[Path]:
    """One path per year; a series always goes to a directory, made when missing."""
    as_dir = out.is_dir() or len(years) > 1 or str(out).endswith(("/", "\\"))
    if as_dir:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out: {out} is a file, not a directory")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"--out: cannot create directory {out}: {exc.strerror}"
            ) from None
        return [out / replace(template, year=y).filename() for y in years]
    if not out.parent.exists():
        raise UsageError(f"--out: directory {out.parent} does not exist")
    return [out]


def _progress(items: list) -> list:
    """A progress bar on stderr for series longer than a few files."""
    if len(items) < 4:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="exporting", unit="file", file=sys.stderr)


def animated_gif(frames: list[bytes], frame_ms: int = GIF_FRAME_MS) -> bytes:
    """An animated GIF of PNG frames (each frame carries its year in the title)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(frame)).convert("RGB") for frame in frames]
    palette = [
        image.quantize(colors=255, method=Image.Quantize.MEDIANCUT) for image in images
    ]
    buffer = io.BytesIO()
    palette[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=palette[1:],
        duration=frame_ms,
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()
