"""The real dashboard on loopback, and what its map shows (for the browser tests)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, Route

from diaspora_atlas import load_atlas
from diaspora_atlas.prefetch import year_payloads

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:", "file:")
ARTIFACTS = ROOT / "test-results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(
    script: Path, port: int, address: str | None = "127.0.0.1"
) -> list[str]:
    """`streamlit run` of a page, headless on a loopback port (tests and benchmark).

    ``address=None`` binds as `make run` does, naming no address.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        *(["--server.address", address] if address else []),
        "--browser.gatherUsageStats",
        "false",
    ]


def server_log(url: str) -> Path:
    """The output of the server ``start_server`` started at ``url``."""
    return ARTIFACTS / f"streamlit-{urlparse(url).port}.log"


def start_server(
    script: Path, env: dict[str, str] | None = None, address: str | None = "127.0.0.1"
) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free port; raise with its output if it dies."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = server_log(url)
    log.parent.mkdir(exist_ok=True)
    stream = log.open("w")
    proc = subprocess.Popen(
        streamlit_command(script, port, address),
        cwd=ROOT,
        stdout=stream,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not answer in 60 s:\n{log.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP = "document.querySelector('" + IFRAME.replace("'", "\\'") + "')"


class Guard:
    """Requests that tried to leave loopback, and errors the page reported."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def wait_for_map(page: Page, timeout_ms: float = 60_000) -> None:
    """Until the year layers are drawn and nothing is still being fetched."""
    page.wait_for_function(
        f"() => {{ const f = {MAP}, w = f && f.contentWindow;"
        " return !!w && w.atlasDrawCount > 0 && !w.atlasDrawPending; }",
        timeout=timeout_ms,
    )


def drawn_counts(page: Page) -> list[int]:
    """Features in each year layer on the map, bottom first (borders excluded)."""
    return page.evaluate(f"() => {MAP}.contentWindow.atlasShownCounts()")


def expected_counts(data: Path, year: int, layers: list[str]) -> list[int]:
    """Features per year layer that the package builds for this year and layers."""
    atlas = load_atlas(data)
    payloads = year_payloads(atlas, year, [n for n in layers if n != "borders"])
    return [len(json.loads(text)["f"]) for text in payloads.values()]
