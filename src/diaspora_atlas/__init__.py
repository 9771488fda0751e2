"""Koryo Atlas: a historical atlas of the Korean diaspora in Russia and Central Asia."""

from .data import Atlas, load_atlas, validate_atlas
from .errors import AtlasError, DataError, Problem, UnknownPlaceError, UsageError
from .gazetteer import Gazetteer
from .timeline import AtlasView

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
