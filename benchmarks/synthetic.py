"""Synthetic atlases N times the real one, for measuring how cost grows.

Not data: a copy of geodata/ where every place, population figure, movement (with its
figures) and event is repeated N times, each copy a small step away so nothing lands on
the same point. Sources, polities and boundaries are shared. Written to a temporary
folder; never shipped, never shown as history.

    python benchmarks/synthetic.py 10 /tmp/atlas-10x
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIFT = 0.37  # degrees between copies


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _copy(value: str, k: int) -> str:
    """An id of copy k (copy 0 is the original)."""
    return value if k == 0 or not value else f"{value}_x{k}"


def _ids(value: str, k: int) -> str:
    return ";".join(_copy(v, k) for v in value.split(";")) if value else value


def make(factor: int, out: Path) -> Path:
    """Write an atlas ``factor`` times the real one to ``out``; return its data dir."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "seeds", out / "seeds")
    data = out / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    places_fields, places = _read(data / "places.csv")
    grown = []
    for k in range(factor):
        for row in places:
            copy = dict(
                row,
                place_id=_copy(row["place_id"], k),
                anchor_id=_copy(row["anchor_id"], k),
                country_id=_copy(row["country_id"], k),
                adm0_a3=row["adm0_a3"] if k == 0 else "",
                geonames_id=row["geonames_id"] if k == 0 else "",
            )
            if row["lat"] and k:
                copy["lat"] = f"{max(-80.0, float(row['lat']) - SHIFT * k % 60):.4f}"
                copy["lon"] = f"{(float(row['lon']) + SHIFT * k) % 179:.4f}"
            grown.append(copy)
    _write(data / "places.csv", places_fields, grown)
    for name, refs in (
        ("populations.csv", {"population_id": _copy, "place_id": _copy}),
        (
            "movements.csv",
            {
                "movement_id": _copy,
                "origin_id": _copy,
                "destination_id": _copy,
                "via": _ids,
                "part_of": _copy,
            },
        ),
        ("movement_figures.csv", {"figure_id": _copy, "movement_id": _copy}),
        ("events.csv", {"event_id": _copy, "place_ids": _ids, "dispute_id": _copy}),
    ):
        fields, rows = _read(data / name)
        copies = []
        for k in range(factor):
            for row in rows:
                copy = dict(row)
                for column, rename in refs.items():
                    copy[column] = rename(row[column], k)
                if k:  # copies cite a dataset source: their quotes are not in a seed
                    copy["source_id"], copy["quote"] = "geonames", "synthetic copy"
                copies.append(copy)
        _write(data / name, fields, copies)
    return data


if __name__ == "__main__":
    print(make(int(sys.argv[1]), Path(sys.argv[2])))
