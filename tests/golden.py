"""The snapshots kept as golden images, shared by the test and `make baselines`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diaspora_atlas import load_atlas
from diaspora_atlas.export import AREAS, ExportRequest, export_bytes

ROOT = Path(__file__).resolve().parents[1]
BASELINE_DIR = ROOT / "tests" / "baseline"
ALL = ("places", "diaspora", "routes", "events", "relations", "borders")


@dataclass(frozen=True)
class Case:
    year: int
    area: str
    layers: tuple[str, ...]

    @property
    def request(self) -> ExportRequest:
        return ExportRequest(self.year, self.layers, "png", AREAS[self.area], 1000, 650)

    @property
    def filename(self) -> str:
        return self.request.filename().replace(".png", f"_{self.area}.png")


CASES = (
    Case(1937, "far-east", ALL),
    Case(1991, "eurasia", ALL),
    Case(2010, "central-asia", ("places", "diaspora", "relations", "borders")),
)


def render_case(case: Case) -> bytes:
    atlas = load_atlas(ROOT / "geodata")
    return export_bytes(atlas.at(case.year), case.request)
