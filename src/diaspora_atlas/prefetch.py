"""Year layers (and their legend) ready before they are asked for.

A slider step asks for the layers of a year next to the one on screen. Building
them (view, layer frames, compact JSON, legend) is most of a step's server time, so
after each step one background worker builds the neighbouring years; when the next
step comes
they are cached, or the step waits for the build already under way instead of doing
it twice. Everything is kept in bounded caches: memory does not grow with use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING

from . import styles
from .interactive import layer_payload
from .layers import build_layers, layer_at
from .legend import legend_html, legend_items

if TYPE_CHECKING:
    from .data import Atlas

PAYLOAD_CACHE_SIZE = 512  # layers x years; about 70 years of all layers at once
Key = tuple["Atlas", int, str, "frozenset[str] | None"]

_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-prefetch")
_lock = threading.Lock()
_building: dict[Key, Future[str]] = {}


@lru_cache(maxsize=PAYLOAD_CACHE_SIZE)
def _payload(
    atlas: Atlas, year: int, name: str, documents: frozenset[str] | None
) -> str:
    return layer_payload(name, layer_at(atlas.at(year), name, documents))


@lru_cache(maxsize=PAYLOAD_CACHE_SIZE // 4)
def year_legend_html(
    atlas: Atlas,
    year: int,
    enabled: tuple[str, ...],
    documents: frozenset[str] | None = None,
) -> str:
    """The legend of what the map draws in ``year`` ("" when no layer is on)."""
    built = build_layers(atlas.at(year), enabled, documents)
    return legend_html(legend_items(built)) if built else ""


def _key(atlas: Atlas, year: int, name: str, documents: frozenset[str] | None) -> Key:
    return (atlas, year, name, documents if name == "mentions" else None)


def year_payloads(
    atlas: Atlas,
    year: int,
    enabled: Iterable[str],
    documents: frozenset[str] | None = None,
) -> dict[str, str]:
    """The enabled layers of ``year`` as ``layer_payload`` texts, bottom first."""
    wanted = set(enabled)
    payloads = {}
    for name in styles.LAYER_ORDER:
        if name not in wanted:
            continue
        key = _key(atlas, year, name, documents)
        with _lock:
            future = _building.get(key)
        payloads[name] = future.result() if future else _payload(*key)
    return payloads


def neighbour_years(atlas: Atlas, year: int) -> list[int]:
    """The years a step from ``year`` lands on: one year, or the next change."""
    from .timeline import step_year

    found = [year + 1, year - 1, step_year(atlas, year, 1), step_year(atlas, year, -1)]
    years = [y for y in dict.fromkeys(found) if y != year]
    return [y for y in years if atlas.first_year <= y <= atlas.last_year]


def prefetch(
    atlas: Atlas,
    years: Iterable[int],
    enabled: Iterable[str],
    documents: frozenset[str] | None = None,
) -> None:
    """Build these years' layers in the background (no-op for those under way)."""
    enabled = tuple(enabled)
    names = [name for name in styles.LAYER_ORDER if name in set(enabled)]
    for year in years:
        _worker.submit(year_legend_html, atlas, year, enabled, documents)
        for name in names:
            key = _key(atlas, year, name, documents)
            with _lock:
                if key in _building:
                    continue
                future = _worker.submit(_payload, *key)
                _building[key] = future
            future.add_done_callback(lambda _f, k=key: _forget(k))


def _forget(key: Key) -> None:
    with _lock:
        _building.pop(key, None)


def wait_idle() -> None:
    """Block until the worker has built everything asked of it (tests, benchmarks)."""
    _worker.submit(lambda: None).result()


def clear() -> None:
    """Forget every built payload (benchmarks measuring cold builds)."""
    _payload.cache_clear()
    year_legend_html.cache_clear()
