"""`make run` starts the server without reaching out to the internet.

By default a headless Streamlit asks checkip.amazonaws.com for the machine's address
to print an "External URL", once over HTTP and once over HTTPS, each with a 1 s
timeout, before it listens. The atlas is offline: .streamlit/config.toml names the
address to print, so no such request is made.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlparse

import pytest

from live import ROOT, server_log, start_server, stop_server

pytestmark = pytest.mark.e2e


def test_the_server_starts_without_an_outbound_request() -> None:
    # Every HTTP(S) request the server makes goes to this proxy, which records it.
    proxy = socket.create_server(("127.0.0.1", 0))
    proxy.settimeout(0.2)
    seen: list[bytes] = []
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            try:
                connection, _ = proxy.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    seen.append(connection.recv(200))
                except OSError:
                    seen.append(b"?")

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    address = f"http://127.0.0.1:{proxy.getsockname()[1]}"
    proxies = {"HTTP_PROXY": address, "HTTPS_PROXY": address, "NO_PROXY": ""}
    try:
        # As `make run` starts it: no --server.address (the tests' servers name one).
        proc, url = start_server(ROOT / "dashboard.py", proxies, address=None)
        try:
            time.sleep(1)
        finally:
            stop_server(proc)
    finally:
        done.set()
        listener.join(timeout=5)
        proxy.close()
    output = server_log(url).read_text()
    assert f"http://localhost:{urlparse(url).port}" in output
    assert "External URL" not in output
    assert seen == [], f"the server made requests: {seen}"
