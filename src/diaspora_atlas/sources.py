"""The seed documents as a map: where each names a place, a year or a figure.

Every document in ``seeds/`` (plain text or Markdown; a new file is picked up as is) is
searched for every name the gazetteer knows, longest names first so "South Korea" is
not also read as "Korea", with word boundaries so "Korean" is not "Korea". Each mention
keeps its document, character offsets and the sentence around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .gazetteer import atlas_name_entries

if TYPE_CHECKING:
    from .data import Atlas

SEED_SUFFIXES = (".txt", ".md", ".markdown")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])|\n\s*\n")
# Words that are also place names but, in these texts, are not places.
NOT_PLACES = {"Korean", "Koreans", "Russian", "Russians", "Soviet", "Soviets"}


@dataclass(frozen=True)
class Document:
    """A seed document's name and text."""

    name: str
    text: str


@dataclass(frozen=True)
class Mention:
    """A place named in a document."""

    document: str
    start: int
    end: int
    place_id: str
    text: str
    passage: str
    passage_start: int


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


@lru_cache(maxsize=8)
def _name_pattern(atlas: Atlas) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of all Latin-script names, longest first, and name -> place."""
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


@lru_cache(maxsize=8)
def find_mentions(atlas: Atlas) -> tuple[Mention, ...]:
    """Every place mention in every seed document."""
    pattern, owners = _name_pattern(atlas)
    mentions = []
    for document in seed_documents(atlas.meta.seeds_dir):
        for match in pattern.finditer(document.text):
            begin, passage = sentence_around(document.text, match.start(), match.end())
            mentions.append(
                Mention(
                    document.name,
                    match.start(),
                    match.end(),
                    owners[match.group(1)],
                    match.group(1),
                    passage,
                    begin,
                )
            )
    return tuple(mentions)


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
