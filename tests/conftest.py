"""Shared fixtures: tiny atlases in tmp_path, the real atlas, versions in the header."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from atlas_factory import write_atlas

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"


@pytest.fixture
def fresh_python():
    """Runs Python code in a new interpreter at the project root; gives its stdout.

    For what one process cannot show twice: which modules an import pulls in, what
    a start leaves behind.
    """

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    return run


def pytest_report_header(config: pytest.Config) -> list[str]:
    import folium
    import geopandas
    import pyogrio
    import shapely
    import streamlit
    import streamlit_folium

    chromium = shutil.which("chromium")
    version = "missing"
    if chromium:
        out = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, timeout=30
        )
        version = out.stdout.strip() or out.stderr.strip().splitlines()[-1]
    return [
        f"streamlit {streamlit.__version__}, folium {folium.__version__}, "
        f"streamlit-folium {getattr(streamlit_folium, '__version__', '?')}, "
        f"geopandas {geopandas.__version__}, shapely {shapely.__version__}, "
        f"GDAL {pyogrio.__gdal_version_string__}",
        f"chromium: {version}",
    ]


SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On CI a skipped test is an untested feature: fail the run."""
    if os.environ.get("CI") and SKIPPED and exitstatus == 0:
        print(
            f"\nCI: {len(SKIPPED)} test(s) skipped, which CI does not allow: "
            + ", ".join(SKIPPED)
        )
        session.exitstatus = 1


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A valid tiny atlas's data directory, fresh for each test."""
    return write_atlas(tmp_path)


@pytest.fixture
def tiny_atlas(tiny_data: Path):
    from diaspora_atlas import load_atlas

    return load_atlas(tiny_data)


@pytest.fixture(scope="session")
def atlas():
    """The shipped atlas (tests about the real data only)."""
    from diaspora_atlas import load_atlas

    return load_atlas(GEODATA)
