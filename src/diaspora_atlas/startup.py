"""The server's start: import the map stack and load the atlas before a browser asks.

Between the server answering and a browser's first run of the page, the browser
spends a second or more loading Streamlit's own scripts while the server idles. The
first run then spent about two seconds importing folium, pandas and geopandas and
loading the atlas. Started when the server starts, that work overlaps the browser's,
and the first map is drawn about a second sooner (BENCHMARKS.md, cold start).

This module is imported by the server before it listens, so it imports nothing heavy
itself; the work happens on a thread.
"""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .data import Atlas

_started: dict[Path, Future[Atlas]] = {}
_lock = threading.Lock()


def warm_start(data_dir: Path) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A lifespan for ``st.App``: begins loading ``data_dir`` when the server starts."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        begin_loading(data_dir)
        yield

    return lifespan


def begin_loading(data_dir: Path) -> None:
    """Import the page's modules and load the atlas on a background thread."""
    future: Future[Atlas] = Future()
    with _lock:
        _started[_key(data_dir)] = future
    threading.Thread(
        target=_warm, args=(data_dir, future), name="atlas-warm-start", daemon=True
    ).start()


def take_started(data_dir: Path) -> Future[Atlas] | None:
    """The load begun for ``data_dir``, once: a later load reads the files again.

    So after a data error, fixing the files and reloading the page shows the fix.
    """
    with _lock:
        return _started.pop(_key(data_dir), None)


def _key(data_dir: Path) -> Path:
    return Path(data_dir).resolve()


def _map_module_files() -> None:
    """Fill ``inspect``'s map of module files, so the page's first run need not.

    streamlit_folium declares its component when the page imports it, and Streamlit
    then finds the declaring module with ``inspect.getmodule``, which on its first use
    resolves the real path of every loaded module's file: about 0.2 s with geopandas
    and pandas loaded, on the first run's critical path. Later lookups only resolve
    the modules loaded since.
    """
    inspect.getmodule(sys._getframe())


def _warm(data_dir: Path, future: Future[Atlas]) -> None:
    try:
        # Not streamlit_folium itself: it registers its component only when imported
        # by a page run, so the page imports it (the rest of its imports are here).
        import folium.plugins  # noqa: F401

        # Streamlit's private emoji table (st.set_page_config checks the page icon
        # against it): worth warming, not worth failing the page over.
        with suppress(ImportError):
            import streamlit.emojis  # noqa: F401

        from . import page  # noqa: F401  (the page's modules: geopandas, folium...)
        from .data import load_atlas
        from .year_route import serve

        atlas = load_atlas(data_dir)
        serve(data_dir, atlas)  # the map may ask for years before a page has run
        _map_module_files()
        future.set_result(atlas)
    except BaseException as error:  # the page raises it when it asks for the atlas
        future.set_exception(error)
