"""Year layers (and their legend) ready before they are asked for.

A slider step asks for the layers of a year next to the one on screen. Building them
(view, layer frames, compact JSON, legend) is most of a step's server time, so after
each step one background worker builds the neighbouring years, most likely first,
and drops what is no longer a step away. It begins after a short pause, while the
browser draws the step. When the next step comes its layers are cached, or it waits
for the build under way instead of doing it twice (one still queued, it builds).

A layer is sent as a URL: its JSON is a file named by its digest
(geo.publish_layer), so a layer unchanged between two years is fetched and built
once by the browser, which fetches the neighbouring years ahead (year_route.py).
Only the first map of a page has its small layers inline. The worker writes the
files too, so a step does not. Every cache here is bounded: memory does not grow
with use.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .geo import publish_layer
from .interactive import inline_call, layer_payload
from .layers import borders_without_shapes, in_drawing_order, layer_at
from .legend import legend_html, legend_items
from .timeline import epoch_year, step_year

if TYPE_CHECKING:
    import geopandas as gpd

    from .data import Atlas

# The builds begin this long after a step: until then the browser draws the step's
# map, and on one machine the builds take the CPU (and the server's interpreter,
# which sends the step's last messages) from it. `make bench`: 1x step 133 ms with
# the pause against 161 ms without (interleaved, 4 x 24 steps). A step asking for
# a build still queued builds it at once (``_get``).
START_AFTER_SECONDS = 0.15
INLINE_MAX = 32_000  # characters of layer JSON sent with a step; bigger is fetched
PAYLOAD_CACHE_SIZE = 512  # layers x years; about 70 years of all layers at once
Key = tuple["Atlas", int, str, "frozenset[str] | None"]


class Payload(NamedTuple):
    """One layer of one year as JSON (``layer_payload``), and its digest."""

    text: str
    digest: str


_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-prefetch")
_lock = threading.RLock()  # cancel() runs done-callbacks, which take it again
_building: dict[Key, Future[Payload]] = {}
_pause: Future[None] | None = None


@lru_cache(maxsize=PAYLOAD_CACHE_SIZE)
def _payload(
    atlas: Atlas, year: int, name: str, documents: frozenset[str] | None
) -> Payload:
    text = layer_payload(name, _frame_for_map(atlas, year, name, documents))
    return Payload(text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:20])


def year_legend_html(
    atlas: Atlas,
    year: int,
    enabled: tuple[str, ...],
    documents: frozenset[str] | None = None,
) -> str:
    """The legend of what the map draws in ``year`` ("" when no layer is on)."""
    return _legend_html(atlas, epoch_year(atlas, year), enabled, documents)


@lru_cache(maxsize=PAYLOAD_CACHE_SIZE // 4)
def _legend_html(
    atlas: Atlas, epoch: int, enabled: tuple[str, ...], documents: frozenset[str] | None
) -> str:
    # Each layer's frame under its payload's key: the frames the payloads were built
    # from, cached (the Places layer's epoch is usually an earlier year).
    built = {
        name: _frame_for_map(*_key(atlas, epoch, name, documents))
        for name in in_drawing_order(enabled)
    }
    return legend_html(legend_items(built)) if built else ""


def _frame_for_map(
    atlas: Atlas, year: int, name: str, documents: frozenset[str] | None
) -> gpd.GeoDataFrame:
    """A layer's frame as the interactive map and its legend need it.

    The Borders layer comes without its polygons: the browser has the shapes already.
    """
    view = atlas.at(year)
    if name == "borders":
        return borders_without_shapes(view)
    return layer_at(view, name, documents)


def _key(atlas: Atlas, year: int, name: str, documents: frozenset[str] | None) -> Key:
    """Years with the same layer share a key: a layer is built once per epoch."""
    return (
        atlas,
        epoch_year(atlas, year, name),
        name,
        documents if name == "mentions" else None,
    )


def _get(key: Key) -> Payload:
    with _lock:
        future = _building.get(key)
        if future is not None and future.cancel():  # queued, not begun: build it here
            _building.pop(key, None)
            future = None
    return future.result() if future else _payload(*key)


def year_payloads(
    atlas: Atlas,
    year: int,
    enabled: Iterable[str],
    documents: frozenset[str] | None = None,
) -> dict[str, str]:
    """The enabled layers of ``year`` as ``layer_payload`` texts, bottom first."""
    return {
        name: _get(_key(atlas, year, name, documents)).text
        for name in in_drawing_order(enabled)
    }


def year_calls(
    atlas: Atlas,
    year: int,
    enabled: Iterable[str],
    static_dir: Path,
    documents: frozenset[str] | None = None,
    inline_max: int | None = None,
) -> dict[str, tuple[str, str]]:
    """What the map runs per layer: ``(function, JSON argument)``, bottom first.

    Borders are the ids of the polities in force (their shapes come once). A layer
    of up to ``inline_max`` characters (default ``INLINE_MAX``) travels with the
    step (``atlasDraw``); a bigger one is the URL of its published JSON
    (``atlasDrawFrom``), fetched once and kept built by the browser.
    """
    calls = {}
    for name in in_drawing_order(enabled):
        payload = _get(_key(atlas, year, name, documents))
        if _fetched(name, payload, inline_max):
            url = publish_layer(payload.text, payload.digest, static_dir)
            calls[name] = ("atlasDrawFrom", json.dumps(url))
        else:
            calls[name] = inline_call(name, payload.text)
    return calls


def _fetched(name: str, payload: Payload, inline_max: int | None = None) -> bool:
    """Whether the browser fetches this layer as a file instead of with the step."""
    limit = INLINE_MAX if inline_max is None else inline_max
    return name != "borders" and len(payload.text) > limit


def neighbour_years(atlas: Atlas, year: int, direction: int = 1) -> list[int]:
    """The years a step from ``year`` lands on, the way the user is going first."""
    ahead, back = (1, -1) if direction >= 0 else (-1, 1)
    found = [
        year + ahead,
        step_year(atlas, year, ahead),
        year + back,
        step_year(atlas, year, back),
    ]
    return _other_years(atlas, year, found)


def preload_years(atlas: Atlas, year: int, direction: int = 1) -> list[int]:
    """The years the map fetches ahead: the neighbours, and two years on.

    Two years on, so that steps taken faster than a step's round trip (a few a
    second) still find the next year fetched by the step before.
    """
    ahead = 1 if direction >= 0 else -1
    found = [*neighbour_years(atlas, year, direction), year + 2 * ahead]
    return _other_years(atlas, year, found)


def _other_years(atlas: Atlas, year: int, found: Iterable[int]) -> list[int]:
    """``found`` in order, once each, without ``year``, within the atlas's years."""
    return [
        y
        for y in dict.fromkeys(found)
        if y != year and atlas.first_year <= y <= atlas.last_year
    ]


def _build(key: Key, static_dir: Path | None) -> Payload:
    payload = _payload(*key)
    # Every step after a page's first sends its layers as files (year_map).
    if static_dir is not None and _fetched(key[2], payload, inline_max=0):
        publish_layer(payload.text, payload.digest, static_dir)
    return payload


def prefetch(
    atlas: Atlas,
    years: Iterable[int],
    enabled: Iterable[str],
    documents: frozenset[str] | None = None,
    static_dir: Path | None = None,
) -> None:
    """Build (and publish) these years' layers in the background, in this order.

    Work queued for other years and not yet started is dropped: after a step only
    the new neighbours matter.
    """
    enabled = tuple(enabled)
    wanted = [
        _key(atlas, year, name, documents)
        for year in years
        for name in in_drawing_order(enabled)
    ]
    global _pause
    with _lock:
        if _pause is not None:
            _pause.cancel()  # a pause not begun yet: this call's replaces it
        _pause = _worker.submit(time.sleep, START_AFTER_SECONDS)
        for key, future in list(_building.items()):
            if key not in wanted and future.cancel():
                _building.pop(key, None)  # cancel() may have run _forget already
        for key in wanted:
            if key in _building:
                continue
            future = _worker.submit(_build, key, static_dir)
            _building[key] = future
            future.add_done_callback(lambda f, k=key: _forget(k, f))
    for year in years:
        _worker.submit(year_legend_html, atlas, year, enabled, documents)


def _forget(key: Key, future: Future[Payload]) -> None:
    with _lock:
        if _building.get(key) is future:
            del _building[key]


def wait_idle() -> None:
    """Block until the worker has built everything asked of it (tests, benchmarks)."""
    _worker.submit(lambda: None).result()


def clear() -> None:
    """Forget every built payload (benchmarks measuring cold builds)."""
    _payload.cache_clear()
    _legend_html.cache_clear()
