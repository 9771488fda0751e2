"""The layers of a year as JSON, for the map to hold before the slider gets there.

A slider step through Streamlit is a round trip and a redraw of the page's elements:
about 100 ms on this machine before the map gets its new layers (BENCHMARKS.md).
After each step the map asks here for the layers of the years a step away, and
when the slider moves to one of them it draws them at once (interactive.py); the
step's own run then finds them drawn. The answer holds the calls a step sends
(``prefetch.year_calls``), each layer as the URL of its published JSON: a step
after the first sends them the same way, so what the map fetched ahead is not sent
again, and a layer that did not change is fetched once.

The page registers the atlas it loaded (``serve``); the server answers from it.
The server imports this module before it listens, so the map stack is imported only
when a request comes (startup.py loads it meanwhile).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

if TYPE_CHECKING:
    from .data import Atlas

PATH = "/atlas/year-layers"
_served: dict[Path, Atlas] = {}
_lock = threading.Lock()


class BadQuery(ValueError):
    """A parameter of the request that names no year, layer or document."""


def serve(data_dir: Path, atlas: Atlas) -> None:
    """Answer for ``data_dir`` from ``atlas`` (the page's, loaded once per server)."""
    with _lock:
        _served[Path(data_dir).resolve()] = atlas


def year_layers_url(
    year: int, layers: tuple[str, ...], documents: frozenset[str] | None
) -> str:
    """Where the map fetches the calls of ``year`` for these layers and documents."""
    query = {"year": str(year), "layers": ",".join(layers)}
    if documents:
        query["documents"] = ",".join(sorted(documents))
    return f"{PATH}?{urlencode(query)}"


def calls_list(calls: Mapping[str, tuple[str, str]]) -> list[list[str]]:
    """``[[layer, function, JSON argument], ...]``, as the map runs them."""
    return [[name, function, argument] for name, (function, argument) in calls.items()]


def calls_digest(calls: Mapping[str, tuple[str, str]]) -> str:
    """Names what a year's calls draw: the same digest, the same map."""
    text = json.dumps(calls_list(calls), separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def preload_script(
    year: int,
    calls: Mapping[str, tuple[str, str]],
    neighbours: Iterable[int],
    layers: tuple[str, ...],
    documents: frozenset[str] | None,
) -> str:
    """The step's word to the map: what it shows, and where the next years are.

    What it shows is the year, the digest of its calls and, when every layer is a
    URL (all steps but the first), the calls again, so that the map can draw this
    year at once when the slider comes back to it before the page's run answers.
    Without them the map would stay on the year drawn ahead: st_folium runs a
    step's script only when its text differs from the last one it ran.
    """
    from .interactive import script_json

    by_url = all(function != "atlasDraw" for function, _ in calls.values())
    shown = {
        "url": year_layers_url(year, layers, documents),  # kept while it matches
        "digest": calls_digest(calls),
        "calls": calls_list(calls) if by_url else None,
    }
    urls = {str(y): year_layers_url(y, layers, documents) for y in neighbours}
    return (
        f"window.atlasPreload && atlasPreload({int(year)}, "
        f"{script_json(json.dumps(shown))}, {script_json(json.dumps(urls))});\n"
    )


def parse_query(
    atlas: Atlas, query: Mapping[str, str]
) -> tuple[int, tuple[str, ...], frozenset[str] | None]:
    """Year, layers and documents of a request; ``BadQuery`` names what is wrong."""
    from .sources import documents as seed_documents
    from .styles import LAYER_LABELS

    text = query.get("year", "")
    try:
        year = int(text)
    except ValueError:
        raise BadQuery(f"year: {text!r} is not a year") from None
    if not atlas.first_year <= year <= atlas.last_year:
        raise BadQuery(f"year: {year} is outside {atlas.first_year}-{atlas.last_year}")
    layers = tuple(name for name in query.get("layers", "").split(",") if name)
    unknown = [name for name in layers if name not in LAYER_LABELS]
    if unknown:
        raise BadQuery(f"layers: no layer called {unknown[0]!r}")
    names = [name for name in query.get("documents", "").split(",") if name]
    known = {document.name for document in seed_documents(atlas)}
    missing = [name for name in names if name not in known]
    if missing:
        raise BadQuery(f"documents: no seed document called {missing[0]!r}")
    return year, layers, frozenset(names) or None


def year_layers_body(
    atlas: Atlas, query: Mapping[str, str], static_dir: Path
) -> dict[str, Any]:
    """The year, the digest of its calls, and the calls (``calls_list``)."""
    from .prefetch import year_calls

    year, layers, documents = parse_query(atlas, query)
    calls = year_calls(atlas, year, layers, static_dir, documents, inline_max=0)
    return {"year": year, "digest": calls_digest(calls), "calls": calls_list(calls)}


def routes(data_dir: Path, static_dir: Path) -> list[Route]:
    """The route of ``year_layers_url``, answering from ``data_dir``'s atlas."""
    key = Path(data_dir).resolve()

    async def year_layers(request: Request) -> Response:
        with _lock:
            atlas = _served.get(key)
        if atlas is None:
            return _json({"error": "the atlas is not loaded yet"}, 503)
        try:
            body = await run_in_threadpool(
                year_layers_body, atlas, request.query_params, static_dir
            )
        except BadQuery as error:
            return _json({"error": str(error)}, 400)
        return _json(body, 200)

    return [Route(PATH, year_layers, methods=["GET"])]


def _json(body: Any, status: int) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )
