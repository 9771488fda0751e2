"""The seed documents as the Sources tab shows them.

Places are marked and linked to the map; years, dates and figures are marked and
listed with what the dataset does with each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from .popups import h
from .sources import Coverage, Document, find_facts, find_mentions

if TYPE_CHECKING:
    from .data import Atlas

PLACE_STYLE = "background:#c7eae5;border-radius:2px;padding:0 1px"
FACT_STYLE = "background:#fee8c8;border-radius:2px;padding:0 1px"


def document_title(atlas: Atlas, document: Document) -> str:
    """The title sources.csv gives the seed file, else its file name."""
    for source in atlas.sources.values():
        if source.seed_file == document.name:
            return source.title
    return document.name


def highlighted_html(atlas: Atlas, document: Document, year: int) -> str:
    """The document as escaped HTML: places link to the map, facts are marked."""
    marks: list[tuple[int, int, str]] = []
    for mention in find_mentions(atlas):
        if mention.document == document.name:
            query = urlencode({"year": year, "place": mention.place_id})
            marks.append(
                (
                    mention.start,
                    mention.end,
                    f'<a href="?{h(query)}" target="_self" style="{PLACE_STYLE}" '
                    f'title="Open {h(mention.place_id)} on the map">'
                    f"{h(mention.text)}</a>",
                )
            )
    taken = [(s, e) for s, e, _ in marks]
    for fact in find_facts(document):
        if not any(fact.start < e and s < fact.end for s, e in taken):
            marks.append(
                (
                    fact.start,
                    fact.end,
                    f'<span style="{FACT_STYLE}">{h(fact.text)}</span>',
                )
            )
    parts, at = [], 0
    for start, end, html in sorted(marks):
        parts += [h(document.text[at:start]), html]
        at = end
    parts.append(h(document.text[at:]))
    paragraphs = "".join(parts).split("\n\n")
    return "".join(
        f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip()
    )


def document_facts(result: Coverage, document: Document) -> list[dict[str, Any]]:
    """Each year, date and figure of the document and where the dataset uses it."""
    return [
        {
            "kind": covered.mention.kind,
            "text": covered.mention.text,
            "status": {"dataset": "used", "left_out": "left out", "missing": "MISSING"}[
                covered.status
            ],
            "used by": ", ".join(covered.rows) if covered.status == "dataset" else "",
            "reason": covered.reason,
            "sentence": covered.mention.passage,
        }
        for covered in result.facts
        if covered.mention.document == document.name
    ]
