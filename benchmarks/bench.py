"""`make bench`: speed and size of the atlas on this machine, printed as a table.

Every figure is a median over repeated runs, and every comparison is made in the same
run: the dashboard against a naive page that rebuilds and remounts the whole map, the
real atlas against synthetic ones 10 and 100 times bigger. Run with `--quick` for
fewer repetitions.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
FIRST_STEP_YEAR = 1930  # the step benchmark walks year by year from here
WARM_UP_STEPS = 3


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None


RESULTS: list[Figure] = []


def record(
    name: str, value: float, unit: str, target: str = "", ok: bool | None = None
) -> float:
    RESULTS.append(Figure(name, value, unit, target, ok))
    flag = "" if ok is None else ("  ok" if ok else "  MISSES TARGET")
    print(f"  {name}: {value:,.3f} {unit} {target}{flag}", flush=True)
    return value


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- servers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(script: Path, data: Path | None = None):
    """A real `streamlit run` on loopback; yields (url, perf_counter at start)."""
    port = free_port()
    env = {**os.environ}
    if data is not None:
        env["DIASPORA_ATLAS_DATA"] = str(data)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.enableStaticServing",
            "true",
        ],
        cwd=script.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{script} exited early")
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.05)
        yield url, start
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def naive_app():
    """The naive page next to a link to the app's static files."""
    folder = Path(tempfile.mkdtemp(prefix="naive-"))
    shutil.copy(ROOT / "benchmarks" / "naive_dashboard.py", folder)
    (folder / "static").symlink_to(ROOT / "static")
    try:
        yield folder / "naive_dashboard.py"
    finally:
        shutil.rmtree(folder)


# --- browser measurements -------------------------------------------------------------


class Meter:
    """Counts the bytes the page receives: HTTP bodies and websocket frames."""

    def __init__(self, page) -> None:
        self.http = 0
        self.ws = 0
        page.on("requestfinished", self._request)
        page.on("websocket", self._socket)

    def _request(self, request) -> None:
        with suppress(Exception):
            self.http += request.sizes()["responseBodySize"]

    def _socket(self, ws) -> None:
        ws.on("framereceived", lambda payload: self._frame(payload))

    def _frame(self, payload) -> None:
        self.ws += len(payload)

    @property
    def total(self) -> int:
        return self.http + self.ws


# When the last key was pressed, on the clock the map's runtime uses for
# ``atlasDrawnAt`` (the start of the frame that shows the last layer drawn), so a step
# is timed inside the browser, without the test driver's own round trips.
STEP_CLOCK_JS = """
if (window === window.top) {
  document.addEventListener('keydown', () => {
    window.__stepStart = performance.timeOrigin + performance.now();
  }, true);
}
"""
FRAME = "document.querySelector('" + IFRAME.replace("'", "\\'") + "')"


def draw_count(page) -> int:
    return page.evaluate(f"() => {FRAME}.contentWindow.atlasDrawCount || 0")


def wait_settled(page) -> None:
    """Until the map has drawn its year layers and nothing is on its way."""
    page.wait_for_function(
        f"() => {{ const f = {FRAME}, w = f && f.contentWindow;"
        " return !!w && w.atlasDrawCount > 0 && !w.atlasDrawPending; }",
        polling="raf",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


def wait_drawn(page, timeout: float = 60) -> None:
    page.frame_locator(IFRAME).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=timeout * 1000
    )


def step_app(page, meter: Meter) -> tuple[float, int]:
    """One ArrowRight on the slider until the year layers are redrawn.

    st_folium evaluates all year layers in one go, so once the draw counter moves
    and no frame is pending, ``atlasDrawnAt`` marks the end of the step.
    """
    before, bytes_before = draw_count(page), meter.total
    page.get_by_role("slider", name="Year").press("ArrowRight")
    page.wait_for_function(
        f"n => {{ const f = {FRAME}, w = f && f.contentWindow;"
        " return !!w && w.atlasDrawCount > n && !w.atlasDrawPending; }",
        arg=before,
        polling="raf",
        timeout=60_000,
    )
    elapsed = page.evaluate(f"() => {FRAME}.contentWindow.atlasDrawnAt - __stepStart")
    page.wait_for_timeout(150)  # let late frames of this step arrive before counting
    return elapsed / 1000, meter.total - bytes_before


def step_naive(page, meter: Meter) -> tuple[float, int]:
    """One ArrowRight until a new map iframe has drawn its layers."""
    page.evaluate(
        "s => document.querySelectorAll(s).forEach(f => f.dataset.old = '1')", IFRAME
    )
    bytes_before = meter.total
    page.get_by_role("slider", name="Year").press("ArrowRight")
    fresh = (
        "[...document.querySelectorAll(s)].find(f => !f.dataset.old &&"
        " f.contentWindow && f.contentWindow.atlasDrawCount > 0 &&"
        " !f.contentWindow.atlasDrawPending)"
    )
    page.wait_for_function(f"s => !!{fresh}", arg=IFRAME, polling="raf", timeout=60_000)
    elapsed = page.evaluate(
        f"s => {fresh}.contentWindow.atlasDrawnAt - __stepStart", IFRAME
    )
    page.wait_for_timeout(150)
    return elapsed / 1000, meter.total - bytes_before


def browser_steps(browser, url: str, stepper, steps: int) -> tuple[float, float]:
    """Median seconds and bytes per slider step, walking on from FIRST_STEP_YEAR."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(STEP_CLOCK_JS)
    meter = Meter(page)
    page.goto(f"{url}?year={FIRST_STEP_YEAR}")
    wait_drawn(page)
    if stepper is step_app:
        wait_settled(page)
    page.get_by_role("slider", name="Year").focus()
    for _ in range(WARM_UP_STEPS):  # the browser's JIT and the caches warm up
        stepper(page, meter)
    times, sizes = [], []
    for _ in range(steps):
        seconds, size = stepper(page, meter)
        times.append(seconds)
        sizes.append(size)
    page.close()
    return statistics.median(times), statistics.median(sizes)


def first_load(browser, url: str) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    meter = Meter(page)
    start = time.perf_counter()
    page.goto(url)
    wait_drawn(page)
    page.wait_for_timeout(1000)  # fetched borders arrive after the first paths
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed, meter.total


def forget_published_geo() -> None:
    """Make the next server simplify the shapes again, as after a data change."""
    for manifest in (ROOT / "static" / "geo").glob("manifest-*.json"):
        manifest.unlink()


def cold_start(browser, fresh: bool = False) -> float:
    if fresh:
        forget_published_geo()
    with server(ROOT / "dashboard.py") as (url, started):
        page = browser.new_page()
        page.goto(url)
        wait_drawn(page)
        elapsed = time.perf_counter() - started
        page.close()
    return elapsed


# --- package measurements -------------------------------------------------------------


def package_figures(data: Path, label: str, repeat: int) -> None:
    from diaspora_atlas import load_atlas
    from diaspora_atlas.layers import build_layers, layer_at
    from diaspora_atlas.timeline import _view_at, change_years

    atlas = load_atlas(data)
    years = change_years(atlas)[:40]
    layers = ("places", "diaspora", "routes", "events", "relations", "borders")

    def cold_views() -> None:
        _view_at.cache_clear()
        layer_at.cache_clear()
        for year in years:
            build_layers(atlas.at(year), layers)

    seconds = median_time(cold_views, repeat) / len(years)
    record(f"[{label}] view + all layers at a year, uncached", seconds * 1000, "ms")
    seconds = median_time(
        lambda: [build_layers(atlas.at(y), layers) for y in years], repeat
    ) / len(years)
    record(f"[{label}] view + all layers at a year, cached", seconds * 1000, "ms")


def export_figures(repeat: int) -> None:
    from diaspora_atlas import load_atlas
    from diaspora_atlas.export import ExportRequest, export_bytes

    atlas = load_atlas(ROOT / "geodata")
    layers = atlas.meta.default_layers
    for fmt, target in (("png", 1.5), ("svg", None), ("html", None)):
        request = ExportRequest(1937, layers, fmt)
        export_bytes(atlas.at(1937), request)  # warm caches, fonts
        seconds = median_time(lambda r=request: export_bytes(atlas.at(1937), r), repeat)
        record(
            f"export {fmt.upper()} 1600x1000, 1937",
            seconds,
            "s",
            f"(target < {target} s)" if target else "",
            seconds < target if target else None,
        )
    years = list(range(1860, 2021, 10))
    start = time.perf_counter()
    for year in years:
        export_bytes(
            atlas.at(year),
            ExportRequest(year, layers, "png", width_px=800, height_px=500),
        )
    record(
        f"export series of {len(years)} PNG (800x500)", time.perf_counter() - start, "s"
    )


def main() -> int:
    from playwright.sync_api import sync_playwright

    quick = "--quick" in sys.argv
    steps = 10 if quick else 30
    repeat = 3 if quick else 5
    print(
        f"Koryo Atlas benchmark ({'quick' if quick else 'full'}), "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    data = {
        "1x": ROOT / "geodata",
        "10x": make(10, work / "10x"),
        "100x": make(100, work / "100x"),
    }
    print("Package (no browser)")
    for label, folder in data.items():
        package_figures(folder, label, repeat)
    print("Exports")
    export_figures(repeat)
    print("Browser (headless chromium, real streamlit server on loopback)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        runs = 3 if quick else 5
        cold_start(browser)  # the first server after an install compiles bytecode
        cold = statistics.median(cold_start(browser) for _ in range(runs))
        record(
            "cold start: server start to first map drawn",
            cold,
            "s",
            "(target < 5 s)",
            cold < 5,
        )
        fresh = statistics.median(cold_start(browser, fresh=True) for _ in range(runs))
        record("cold start after a data change (shapes simplified again)", fresh, "s")
        with server(ROOT / "dashboard.py") as (url, _):
            _seconds, size = first_load(browser, url)
            record("first page load: bytes received", size / 1000, "kB")
            app_step, app_bytes = browser_steps(browser, url, step_app, steps)
        with naive_app() as naive, server(naive, ROOT / "geodata") as (url, _):
            naive_step, naive_bytes = browser_steps(browser, url, step_naive, steps)
        record("slider step to map redrawn: naive baseline", naive_step * 1000, "ms")
        record("bytes per slider step: naive baseline", naive_bytes / 1000, "kB")
        record(
            "slider step to map redrawn: dashboard",
            app_step * 1000,
            "ms",
            "(target < 150 ms and < 1/3 of naive)",
            app_step < 0.150 and app_step < naive_step / 3,
        )
        record(
            "bytes per slider step: dashboard",
            app_bytes / 1000,
            "kB",
            "(target < 50 kB)",
            app_bytes < 50_000,
        )
        growth = {}
        for label in ("10x", "100x"):
            with server(ROOT / "dashboard.py", data[label]) as (url, _):
                growth[label] = browser_steps(browser, url, step_app, steps)
            record(
                f"[{label}] slider step to map redrawn", growth[label][0] * 1000, "ms"
            )
            record(f"[{label}] bytes per slider step", growth[label][1] / 1000, "kB")
        ratio = growth["100x"][0] / app_step
        record(
            "[100x] step time / real atlas step time",
            ratio,
            "x",
            "(target <= 3x)",
            ratio <= 3,
        )
        browser.close()
    shutil.rmtree(work)
    missed = [f.name for f in RESULTS if f.ok is False]
    print("\nTargets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
