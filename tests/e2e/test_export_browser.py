"""Exports as people use them: downloaded from the page, opened from disk offline."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from diaspora_atlas import load_atlas
from diaspora_atlas.export import ExportRequest, export_bytes
from diaspora_atlas.layers import build_layers

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ALL = ("places", "diaspora", "routes", "events", "relations", "borders")


def test_exported_html_works_from_disk_offline(watched_page: Page, tmp_path) -> None:
    atlas = load_atlas(ROOT / "geodata")
    view = atlas.at(1937)
    path = tmp_path / "snapshot.html"
    path.write_bytes(export_bytes(view, ExportRequest(1937, ALL, "html")))
    expected = sum(len(frame) for frame in build_layers(view, ALL).values())
    watched_page.goto(path.as_uri())
    expect(watched_page.locator("path.leaflet-interactive")).to_have_count(
        expected, timeout=30_000
    )
    expect(watched_page.get_by_text("Koryo Atlas: 1937")).to_be_visible()
    expect(watched_page.locator(".atlas-legend")).to_be_visible()


def test_hostile_text_stays_text_in_exported_html(watched_page: Page, tmp_path) -> None:
    from atlas_factory import ROWS, write_atlas

    rows = json.loads(json.dumps(ROWS))
    hostile = (
        "<img src=x onerror=alert(1)><script>alert(2)</script>\"'`${x}` \u202eevil"
    )
    rows["places"][0]["name_en"] = hostile
    rows["sources"][1]["title"] = hostile
    atlas = load_atlas(write_atlas(tmp_path / "data", rows))
    path = tmp_path / "hostile.html"
    path.write_bytes(export_bytes(atlas.at(1959), ExportRequest(1959, ALL, "html")))
    watched_page.goto(path.as_uri())
    expect(watched_page.locator("path.leaflet-interactive").first).to_be_attached()
    watched_page.locator("path.leaflet-interactive").first.click(force=True)
    watched_page.wait_for_timeout(300)
    assert watched_page.locator("img[src='x']").count() == 0  # guard: no dialog


def download(page: Page, label: str, target: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    saved = target / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def test_every_download_button_gives_its_file(
    watched_page: Page, app_url: str, tmp_path
) -> None:
    watched_page.goto(app_url + "?year=1937&layers=places,routes")
    expect(
        watched_page.frame_locator(IFRAME).locator("path.leaflet-interactive").first
    ).to_be_attached(timeout=60_000)
    watched_page.get_by_text("Export this view").click()  # built only when on
    files = {
        label: download(watched_page, label, tmp_path)
        for label in ("HTML", "PNG", "SVG", "PDF", "GeoJSON", "CSV")
    }
    assert files["PNG"].name == "koryo-atlas_1937_places-routes.png"
    assert Image.open(files["PNG"]).size == (1600, 1000)
    ET.fromstring(files["SVG"].read_bytes())
    assert files["PDF"].read_bytes().startswith(b"%PDF-")
    assert "Leaflet 1.9.3" in files["HTML"].read_text(encoding="utf-8")
    features = json.loads(files["GeoJSON"].read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["layer"] for f in features} == {"places", "routes"}
    header = files["CSV"].read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("view_year,layer,item,figure_year,value")
    assert Image.open(io.BytesIO(files["PNG"].read_bytes())).format == "PNG"
