"""`make bench`: speed and size of the atlas on this machine, printed as a table.

Every figure is a median over repeated runs, and every comparison is made in the same
run: the dashboard against a naive page that rebuilds and remounts the whole map, the
real atlas against synthetic ones 10 and 100 times bigger; the pages compared walk
the slider in turns, so the machine's changes of speed weigh on each alike. Run with
`--quick` for fewer repetitions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))  # the browser tests' server helpers

from synthetic import make  # noqa: E402

from live import (  # noqa: E402
    CHROMIUM_ARGS,
    IFRAME,
    MAP,
    free_port,
    streamlit_command,
    wait_for_map,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIRST_STEP_YEAR = 1930  # the step benchmark walks year by year from here
WARM_UP_STEPS = 3
STEP_TURNS = 5  # turns each page takes in the interleaved walks


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


@contextmanager
def server(script: Path, data: Path | None = None):
    """A real `streamlit run` on loopback; yields (url, perf_counter at start)."""
    port = free_port()
    env = {**os.environ}
    if data is not None:
        env["DIASPORA_ATLAS_DATA"] = str(data)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*streamlit_command(script, port), "--server.enableStaticServing", "true"],
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
def reference_page(name: str):
    """A benchmark page next to links to the app's static files and Streamlit config.

    The same config (no GC after each run, no file watching) keeps the comparison
    about the page, not about settings.
    """
    folder = Path(tempfile.mkdtemp(prefix="bench-page-"))
    shutil.copy(ROOT / "benchmarks" / name, folder)
    (folder / "static").symlink_to(ROOT / "static")
    (folder / ".streamlit").symlink_to(ROOT / ".streamlit")
    try:
        yield folder / name
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


def draw_count(page) -> int:
    return page.evaluate(
        f"() => {{ const f = {MAP};"
        " return (f && f.contentWindow.atlasDrawCount) || 0; }"
    )


def wait_settled(page) -> None:
    """Until the map has drawn its year layers and nothing is on its way."""
    wait_for_map(page, timeout_ms=120_000)  # polls every animation frame
    page.wait_for_timeout(500)


def wait_drawn(page, timeout: float = 60) -> None:
    page.frame_locator(IFRAME).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=timeout * 1000
    )


def step_app(page, meter: Meter, year: int, redraw: bool) -> tuple[float, int, float]:
    """One ArrowRight on the slider until the map and the headline show ``year``.

    When the map changes, the map's step ends when its year layers are redrawn:
    once the draw counter moves and no frame is pending, ``atlasDrawnAt`` marks the
    end. A year the map fetched ahead is drawn before the page's run answers
    (year_route.py); the page's step ends when the headline shows the year. When
    nothing on the map changes the map is left alone, and both end then.
    Returns the map's seconds, the bytes of the step, and the page's seconds.
    """
    before, bytes_before = draw_count(page), meter.total
    page.get_by_role("slider", name="Year").press("ArrowRight")
    if redraw:
        page.wait_for_function(
            f"n => {{ const f = {MAP}, w = f && f.contentWindow;"
            " return !!w && w.atlasDrawCount > n && !w.atlasDrawPending; }",
            arg=before,
            polling="raf",
            timeout=60_000,
        )
        drawn = page.evaluate(f"() => {MAP}.contentWindow.atlasDrawnAt")
    shown = page.wait_for_function(
        "y => [...document.querySelectorAll('h3')].some(h => h.innerText.trim()"
        " === String(y)) && performance.timeOrigin + performance.now()",
        arg=year,
        polling="raf",
        timeout=60_000,
    ).json_value()
    start = page.evaluate("() => __stepStart")
    page.wait_for_timeout(150)  # let late frames of this step arrive before counting
    map_end = drawn if redraw else shown
    return (map_end - start) / 1000, meter.total - bytes_before, (shown - start) / 1000


def step_naive(
    page, meter: Meter, year: int, redraw: bool
) -> tuple[float, int, float] | None:
    """One ArrowRight until the map is drawn again (None: it was not redrawn).

    st_folium leaves the map alone when its arguments do not change, so a step to a
    year with the same map draws nothing; such steps are not timed.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    bytes_before = meter.total
    page.get_by_role("slider", name="Year").press("ArrowRight")
    drawn = (
        "[...document.querySelectorAll(s)].map(f => f.contentWindow).find(w => w &&"
        " w.atlasDrawnAt > window.__stepStart && !w.atlasDrawPending)"
    )
    try:
        page.wait_for_function(
            f"s => !!{drawn}", arg=IFRAME, polling="raf", timeout=5000
        )
    except PlaywrightTimeout:
        return None
    elapsed = page.evaluate(f"s => {drawn}.atlasDrawnAt - __stepStart", IFRAME)
    page.wait_for_timeout(150)
    return elapsed / 1000, meter.total - bytes_before, elapsed / 1000


@dataclass
class Steps:
    """Medians of a walk along the slider, one year per step."""

    redraw_seconds: float  # steps to a year whose map differs from the last one
    redraw_bytes: float
    redraw_busy_seconds: float  # the page's main thread at work during such a step
    redraw_page_seconds: float  # such steps until the headline shows the year too
    still_seconds: float | None  # steps to a year whose map is the same (app only)


class Walk:
    """A page walking the slider one year per ArrowRight from FIRST_STEP_YEAR."""

    def __init__(self, browser, url: str, stepper, data: Path) -> None:
        from diaspora_atlas import load_atlas

        self.atlas = load_atlas(data)
        self.layers = self.atlas.meta.default_layers
        self.stepper = stepper
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.add_init_script(STEP_CLOCK_JS)
        self.meter = Meter(self.page)
        # The renderer's own count of time spent in tasks: what a step costs the
        # browser, less moved than the wall clock by what else the machine does.
        self.devtools = self.page.context.new_cdp_session(self.page)
        self.devtools.send("Performance.enable")
        self.page.goto(f"{url}?year={FIRST_STEP_YEAR}")
        wait_drawn(self.page)
        if stepper is step_app:
            wait_settled(self.page)
        self.page.get_by_role("slider", name="Year").focus()
        self.year = FIRST_STEP_YEAR
        self.redraws: list[float] = []
        self.sizes: list[float] = []
        self.busy: list[float] = []
        self.pages: list[float] = []
        self.stills: list[float] = []
        self.take(WARM_UP_STEPS, timed=False)  # the JIT and the caches warm up first

    def take(self, steps: int, timed: bool = True) -> None:
        from diaspora_atlas.prefetch import year_payloads

        for _ in range(steps):
            self.year += 1
            # Both pages leave the map alone when nothing on it changes (st_folium
            # gets the same arguments); only the dashboard's other steps are timed.
            redraw = year_payloads(self.atlas, self.year, self.layers) != year_payloads(
                self.atlas, self.year - 1, self.layers
            )
            busy_before = self.busy_seconds()
            step = self.stepper(self.page, self.meter, self.year, redraw)
            if not timed or step is None:
                continue
            seconds, size, page_seconds = step
            if redraw or self.stepper is step_naive:
                self.redraws.append(seconds)
                self.sizes.append(size)
                self.pages.append(page_seconds)
                self.busy.append(self.busy_seconds() - busy_before)
            else:
                self.stills.append(seconds)

    def busy_seconds(self) -> float:
        metrics = self.devtools.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def result(self) -> Steps:
        self.page.close()
        return Steps(
            statistics.median(self.redraws),
            statistics.median(self.sizes),
            statistics.median(self.busy),
            statistics.median(self.pages),
            statistics.median(self.stills) if self.stills else None,
        )


def interleaved_steps(browser, walks: dict[str, tuple], steps: int) -> dict[str, Steps]:
    """Every page walks the same years, in turns of a few steps each.

    ``walks`` maps a name to ``(url, stepper, data)``. Turns rotate, so a change in
    the machine's speed during the run (it happens here) weighs on every page alike
    and the ratios between them (dashboard / naive, 100x / 1x) stay fair.
    """
    started = {name: Walk(browser, *args) for name, args in walks.items()}
    names = list(started)
    turn = max(1, steps // STEP_TURNS)
    for index in range(0, steps, turn):
        for name in names:
            # The first step after another page's turn ran ~15-20 ms slower (a
            # probe of 6 turns of 4 steps): one untimed step brings back the state
            # of a continuous walk.
            started[name].take(1, timed=False)
            started[name].take(min(turn, steps - index))
            started[name].page.wait_for_timeout(1000)  # its server's builds end
        names = names[1:] + names[:1]
    return {name: walk.result() for name, walk in started.items()}


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
    """Seconds from starting the server to the frame that first shows the map.

    The end is the map's own clock (``atlasFirstDrawnAt``), as for a slider step:
    the test driver notices the drawn paths a few hundred ms later when the page is
    busy with the run that follows the map's first report.
    """
    if fresh:
        forget_published_geo()
    return seconds_to_shown(
        browser,
        ROOT / "dashboard.py",
        f"() => {{ const f = {MAP}; return f && f.contentWindow.atlasFirstDrawnAt; }}",
    )


def seconds_to_shown(browser, script: Path, shown_js: str) -> float:
    """Seconds from starting ``script``'s server to what a new page shows.

    ``shown_js`` returns the time it was shown, in ms since the epoch, once it is.
    The browser's tab is opened before the server starts, as a user's browser is
    open before they go to the page: opening one here (a Playwright context and
    page, ~0.15-0.3 s) is the benchmark's own time, not the server's.
    """
    page = browser.new_page()
    try:
        with server(script) as (url, started):
            started_at = time.time() - (time.perf_counter() - started)
            page.goto(url)
            shown_at = page.wait_for_function(shown_js, timeout=60_000).json_value()
    finally:
        page.close()
    return shown_at / 1000 - started_at


def floor_figures(browser, steps: int, runs: int) -> None:
    """Streamlit alone on this machine now (benchmarks/floor_page.py)."""
    with reference_page("floor_page.py") as page_file:
        floor_measured(browser, page_file, steps, runs)


def floor_measured(browser, page_file: Path, steps: int, runs: int) -> None:
    """Cold start to the page shown, and a slider step to the heading shown."""
    heading_shown = "() => document.querySelector('h3') && Date.now()"
    record(
        "Streamlit alone: server start to a slider page shown",
        statistics.median(
            seconds_to_shown(browser, page_file, heading_shown) for _ in range(runs)
        ),
        "s",
    )
    with server(page_file) as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(STEP_CLOCK_JS)
        meter = Meter(page)
        page.goto(url)
        page.get_by_role("slider", name="Year").focus()
        seconds = []
        for index in range(WARM_UP_STEPS + steps):
            step = step_app(page, meter, FIRST_STEP_YEAR + index + 1, redraw=False)
            if index >= WARM_UP_STEPS:
                seconds.append(step[0])
        page.close()
    record(
        "Streamlit alone: slider step to heading shown",
        statistics.median(seconds) * 1000,
        "ms",
    )


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


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(
        description="Speed and size of the atlas on this machine (BENCHMARKS.md)."
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions (about 10 minutes)"
    )
    quick = parser.parse_args(argv).quick
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
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
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
        floor_figures(browser, steps, runs)
        with server(ROOT / "dashboard.py") as (url, _):
            _seconds, size = first_load(browser, url)
        record("first page load: bytes received", size / 1000, "kB")
        with ExitStack() as servers:
            naive_page = servers.enter_context(reference_page("naive_dashboard.py"))
            urls = {
                "app": servers.enter_context(server(ROOT / "dashboard.py"))[0],
                "naive": servers.enter_context(server(naive_page, ROOT / "geodata"))[0],
                "10x": servers.enter_context(
                    server(ROOT / "dashboard.py", data["10x"])
                )[0],
                "100x": servers.enter_context(
                    server(ROOT / "dashboard.py", data["100x"])
                )[0],
            }
            walked = interleaved_steps(
                browser,
                {
                    "app": (urls["app"], step_app, data["1x"]),
                    "naive": (urls["naive"], step_naive, data["1x"]),
                    "10x": (urls["10x"], step_app, data["10x"]),
                    "100x": (urls["100x"], step_app, data["100x"]),
                },
                steps,
            )
        app, naive = walked["app"], walked["naive"]
        record(
            "slider step to map redrawn: naive baseline",
            naive.redraw_seconds * 1000,
            "ms",
        )
        record("bytes per slider step: naive baseline", naive.redraw_bytes / 1000, "kB")
        for name, walk in (("naive baseline", naive), ("dashboard", app)):
            record(
                f"browser main-thread time per redraw step: {name}",
                walk.redraw_busy_seconds * 1000,
                "ms",
            )
        record(
            "slider step to map redrawn: dashboard",
            app.redraw_seconds * 1000,
            "ms",
            "(target < 150 ms and < 1/3 of naive)",
            app.redraw_seconds < 0.150
            and app.redraw_seconds < naive.redraw_seconds / 3,
        )
        record(
            "slider step to map and headline updated: dashboard",
            app.redraw_page_seconds * 1000,
            "ms",
        )
        record(
            "bytes per slider step: dashboard",
            app.redraw_bytes / 1000,
            "kB",
            "(target < 50 kB)",
            app.redraw_bytes < 50_000,
        )
        if app.still_seconds is not None:
            record(
                "slider step to a year with the same map: dashboard",
                app.still_seconds * 1000,
                "ms",
            )
        growth = {label: walked[label] for label in ("10x", "100x")}
        for label in growth:
            record(
                f"[{label}] slider step to map redrawn",
                growth[label].redraw_seconds * 1000,
                "ms",
            )
            record(
                f"[{label}] bytes per slider step",
                growth[label].redraw_bytes / 1000,
                "kB",
            )
        ratio = growth["100x"].redraw_seconds / app.redraw_seconds
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
