"""`make run` starts the server without reaching out to the internet.

By default a headless Streamlit asks checkip.amazonaws.com for the machine's address
to print an "External URL", once over HTTP and once over HTTPS, each with a 1 s
timeout, before it listens. The atlas is offline: .streamlit/config.toml names the
address to print, so no such request is made.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from live import ROOT, free_port, stop_server

pytestmark = pytest.mark.e2e


def test_the_server_starts_without_an_outbound_request(tmp_path) -> None:
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
    port = free_port()
    log = tmp_path / "streamlit.log"
    env = {
        **os.environ,
        "HTTP_PROXY": address,
        "HTTPS_PROXY": address,
        "NO_PROXY": "",
    }
    # As `make run` starts it: no --server.address (the tests' servers name one).
    with log.open("w") as stream:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                    health, timeout=2
                ) as reply:
                    if reply.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"no server:\n{log.read_text()}")
        time.sleep(1)
    finally:
        stop_server(proc)
        done.set()
        listener.join(timeout=5)
        proxy.close()
    output = log.read_text()
    assert f"http://localhost:{port}" in output
    assert "External URL" not in output
    assert seen == [], f"the server made requests: {seen}"
