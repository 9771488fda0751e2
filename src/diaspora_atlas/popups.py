"""Popup and tooltip text for the map: every string from data is escaped here.

Popups answer "says who?": each figure carries its year, its method and a link to its
source; where sources disagree all figures are listed and the one drawn is marked.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .records import Event, MovementFigure, Polity, Population, Relation

if TYPE_CHECKING:
    from .records import Place
    from .timeline import (
        AtlasView,
        EventInView,
        FigureInView,
        MovementInView,
        TieInView,
    )

METHOD_LABELS = {
    "census": "census",
    "official_estimate": "official estimate",
    "estimate": "estimate",
    "official_report": "official report",
    "document_claim": "figure given in a document",
}


def h(text: object) -> str:
    """Escape anything for HTML text and attribute values."""
    return escape(str(text), quote=True)


def source_link(view: AtlasView, source_id: str) -> str:
    """The source's title, linked when it has a web address."""
    source = view.atlas.sources[source_id]
    title = h(source.title)
    url = source.url or ""
    if url.startswith(("https://", "http://")):
        return (
            f'<a href="{h(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
        )
    if source.seed_file:
        return f"{title} (seed document {h(source.seed_file)})"
    return title


QUOTE_CHARS = 160  # map popups stay light; exports and the place panel quote in full


def _quote(text: str) -> str:
    short = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."
    return (
        f'<blockquote style="margin:2px 0 4px 8px;color:#555">"{h(short)}"</blockquote>'
    )


def _card(title: str, body: list[str]) -> str:
    return (
        f'<div class="atlas-popup" style="min-width:220px;max-width:340px">'
        f"<b>{title}</b><br>{''.join(body)}</div>"
    )


def place_tooltip(view: AtlasView, place: Place) -> str:
    """Plain text: the name in the year, today's name, Russian and Korean names."""
    shown = view.name_of(place.place_id)
    names = [shown]
    if place.name_en != shown:
        names.append(f"today {place.name_en}")
    names += [n for n in (place.name_ru, place.name_ko) if n]
    return " · ".join(names)


def _population_line(view: AtlasView, row: Population, shown: bool) -> str:
    mark = " <b>(shown on the map)</b>" if shown else ""
    approx = "about " if row.approximate else ""
    span = ""
    if row.people_low is not None or row.people_high is not None:
        span = f" (range {row.people_low or '?'}-{row.people_high or '?'})"
    return (
        f"<li>{approx}{row.people:,}{span} in {row.year}, "
        f"{h(METHOD_LABELS[row.method])}: {source_link(view, row.source_id)}"
        f"{mark}{_quote(row.quote)}</li>"
    )


def figure_popup(view: AtlasView, shown: FigureInView) -> str:
    """Every source's figure for the place and year; the one drawn is marked."""
    figure = shown.figure
    name = h(view.name_of(shown.place.place_id))
    head = f"Koreans in {name}: {figure.people:,} ({figure.year})"
    # Always the figure's own year, never the map's: the text is the same in every
    # year the figure is shown, so the layer is built once for all of them.
    body = [f"The latest figure up to the map's year is of {figure.year}.<br>"]
    if shown.disputed:
        body.append("<b>Sources disagree:</b>")
    body.append("<ul style='padding-left:16px;margin:2px 0'>")
    body += [_population_line(view, row, row is figure) for row in shown.alternatives]
    body.append("</ul>")
    if figure.note:
        body.append(f"<small>{h(figure.note)}</small>")
    return _card(head, body)


def _movement_figure_line(view: AtlasView, row: MovementFigure) -> str:
    mark = " <b>(default)</b>" if row.is_default else ""
    approx = "about " if row.approximate else ""
    return (
        f"<li>{approx}{row.people:,} people: {source_link(view, row.source_id)}"
        f"{mark}{_quote(row.quote)}</li>"
    )


def movement_popup(view: AtlasView, shown: MovementInView) -> str:
    """Route, years, and every source's number, with the whole it is part of."""
    movement = shown.movement
    stops = " → ".join(h(view.name_of(p)) for p in movement.stops)
    body = [
        f"{movement.year_from}-{movement.year_to} · {h(movement.kind)} · "
        f"{h(movement.mode)}<br>{stops}<br>"
    ]
    if shown.alternatives:
        body.append("<ul style='padding-left:16px;margin:2px 0'>")
        body += [_movement_figure_line(view, f) for f in shown.alternatives]
        body.append("</ul>")
    else:
        body.append("<i>No sourced number of people.</i><br>")
    if shown.whole is not None and shown.whole_figures:
        body.append(
            f"Part of <b>{h(shown.whole.title)}</b>; its total by source:"
            "<ul style='padding-left:16px;margin:2px 0'>"
        )
        body += [_movement_figure_line(view, f) for f in shown.whole_figures]
        body.append("</ul>")
    body.append(
        f"Route: {source_link(view, movement.source_id)}{_quote(movement.quote)}"
    )
    return _card(h(movement.title), body)


def _event_line(view: AtlasView, event: Event) -> str:
    return (
        f"{h(str(event.date))}: {source_link(view, event.source_id)}"
        f"{_quote(event.quote)}"
    )


def event_popup(view: AtlasView, shown: EventInView) -> str:
    """The event, its source, and other sources' versions of it."""
    event = shown.event
    body = [
        f"{h(event.description)}<br>" if event.description else "",
        _event_line(view, event),
    ]
    if shown.alternatives:
        body.append("<b>Other sources date it differently:</b><br>")
        body += [_event_line(view, e) for e in shown.alternatives]
    if event.note:
        body.append(f"<small>{h(event.note)}</small>")
    return _card(f"{h(str(event.date))}: {h(event.title)}", body)


def _relation_line(view: AtlasView, row: Relation) -> str:
    when = h(str(row.date or row.year))
    mark = " <b>(shown)</b>" if row.is_default else ""
    return (
        f"<li>{when}: {source_link(view, row.source_id)}{mark}{_quote(row.quote)}</li>"
    )


def tie_popup(view: AtlasView, tie: TieInView) -> str:
    """When ties began (every source's date) and the latest trade figure."""
    a, b = (
        h(view.name_of(tie.country_a.place_id)),
        h(view.name_of(tie.country_b.place_id)),
    )
    body = ["Diplomatic ties:<ul style='padding-left:16px;margin:2px 0'>"]
    body += [_relation_line(view, r) for r in tie.alternatives]
    body.append("</ul>")
    if tie.trade is not None:
        from .layers import format_usd

        body.append(
            f"Trade {h(format_usd(tie.trade.value_usd))} in {tie.trade.year}: "
            f"{source_link(view, tie.trade.source_id)}"
            f"{_quote(tie.trade.quote)}"
        )
    if tie.ties.note:
        body.append(f"<small>{h(tie.ties.note)}</small>")
    return _card(f"{a} - {b}", body)


def polity_popup(view: AtlasView, polity: Polity) -> str:
    """The polity's names, years and source."""
    years = f"{polity.year_from}-{polity.year_to or ''}"
    names = " · ".join(h(n) for n in (polity.name_ru, polity.name_ko) if n)
    body = [
        f"{names}<br>{years}<br>",
        source_link(view, polity.source_id),
        _quote(polity.quote),
    ]
    if polity.note:
        body.append(f"<small>{h(polity.note)}</small>")
    return _card(h(polity.name_en), body)


def highlight(passage: str, name: str) -> str:
    """The passage, escaped, with every occurrence of ``name`` marked."""
    parts = passage.split(name)
    return f"<mark>{h(name)}</mark>".join(h(part) for part in parts)


def mention_popup(view: AtlasView, place_id: str, mentions: list) -> str:
    """Each document naming the place, with one passage and the name marked."""
    by_doc: dict[str, list] = {}
    for mention in mentions:
        by_doc.setdefault(mention.document, []).append(mention)
    body = []
    for doc, found in sorted(by_doc.items()):
        first = found[0]
        passage = first.passage
        if len(passage) > QUOTE_CHARS:
            at = max(0, passage.find(first.text) - QUOTE_CHARS // 2)
            passage = "..." + passage[at : at + QUOTE_CHARS] + "..."
        body.append(
            f"<b>{h(doc)}</b> ({len(found)}):<blockquote style='margin:2px 0 4px 8px'>"
            f"{highlight(passage, first.text)}</blockquote>"
        )
    return _card(f"{h(view.name_of(place_id))} in the seed documents", body)
