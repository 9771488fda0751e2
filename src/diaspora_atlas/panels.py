"""HTML of the year panels beside and under the map: headline, legend, events.

HTML rather than markdown because a slider step sends every element of the year view
again, and the browser parsed each markdown element anew on every step; an HTML
element is inserted as it is. Fewer, larger elements cost less per step than many
small ones (BENCHMARKS.md, "Markdown and layout blocks rendered again on every step").
The legend is the exception: Streamlit sanitizes and inserts an HTML element again
only when its text changed, and the legend (most of the panel's HTML) changes with
the layers' contents, not with every year, so it is an element of its own.
Every string from data goes through ``h``.
"""

from __future__ import annotations

from .popups import h
from .story import headline
from .timeline import AtlasView

HEADLINE_LINES = 4
NOTE_STYLE = "color:#6b6f7b;font-size:0.8rem;margin:0.4rem 0"
# Streamlit styles its markdown, not st.html: inline styles keep the panels looking
# like the markdown they replaced. Not a <style> element: one inserted on every step
# made the browser recompute the style of the whole page.
H3_STYLE = (
    "font-size:1.75rem;font-weight:600;line-height:1.2;margin:0;padding:0.75rem 0 1rem"
)
UL_STYLE = "margin:0 0 1rem;padding-left:1.5rem"
LI_STYLE = "margin:0.2rem 0"


def note(text: str) -> str:
    """A small grey line (hints, attributions)."""
    return f"<p style='{NOTE_STYLE}'>{h(text)}</p>"


def headline_html(view: AtlasView, lines: int = HEADLINE_LINES) -> str:
    """The year, its first ``lines`` happenings, and the key figures in view."""
    story = headline(view)
    items = [
        f"<li style='{LI_STYLE}'>{h(text)}</li>" for text in story.happenings[:lines]
    ]
    extra = len(story.happenings) - lines
    if extra > 0:
        items.append(
            f"<li style='{LI_STYLE}'><em>and {extra} more event{'s' * (extra > 1)}, "
            "listed under the map</em></li>"
        )
    parts = [
        f"<h3 style='{H3_STYLE}'>{view.year}</h3>",
        f"<ul style='{UL_STYLE}'>{''.join(items)}</ul>"
        if items
        else "<p><em>No dated event or movement begins this year.</em></p>",
    ]
    if story.figures:
        parts.append(note(f"Key figures in view: {'; '.join(story.figures)}"))
    return "".join(parts)


def legend_panel_html(legend: str, attribution: str) -> str:
    """The legend (already HTML) under its title, then the basemap's attribution."""
    return f"<div><strong>Legend</strong></div>{legend}{note(attribution)}"


def events_html(view: AtlasView) -> str:
    """Every event of the year, dated, with the title of its source."""
    sources = view.atlas.sources
    items = [
        f"<li style='{LI_STYLE}'><strong>{h(shown.event.date)}</strong> "
        f"{h(shown.event.title)} — <em>{h(sources[shown.event.source_id].title)}</em>"
        "</li>"
        for shown in view.events
    ]
    body = (
        f"<ul style='{UL_STYLE}'>{''.join(items)}</ul>"
        if items
        else note("No dated event in this year.")
    )
    return (
        f"<p style='margin:0 0 1rem'><strong>Events of {view.year}</strong></p>{body}"
    )
