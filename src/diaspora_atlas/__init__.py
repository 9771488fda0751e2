"""Koryo Atlas: a historical atlas of the Korean diaspora in Russia and Central Asia.

The names below are imported on first use (PEP 562): importing a light module such
as ``diaspora_atlas.startup`` must not pull in geopandas, because the server imports
it before it starts listening (see startup.py).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .data import Atlas, load_atlas, validate_atlas
    from .errors import AtlasError, DataError, Problem, UnknownPlaceError, UsageError
    from .gazetteer import Gazetteer
    from .timeline import AtlasView

_HOMES = {
    "Atlas": ".data",
    "load_atlas": ".data",
    "validate_atlas": ".data",
    "AtlasError": ".errors",
    "DataError": ".errors",
    "Problem": ".errors",
    "UnknownPlaceError": ".errors",
    "UsageError": ".errors",
    "Gazetteer": ".gazetteer",
    "AtlasView": ".timeline",
}
__all__ = [
    "Atlas",
    "AtlasError",
    "AtlasView",
    "DataError",
    "Gazetteer",
    "Problem",
    "UnknownPlaceError",
    "UsageError",
    "load_atlas",
    "validate_atlas",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
