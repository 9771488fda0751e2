"""The year panels' HTML: what the headline and the events list say, and escaping."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from diaspora_atlas import load_atlas
from diaspora_atlas.panels import events_html, headline_html, legend_panel_html
from diaspora_atlas.story import headline

from atlas_factory import ROWS, write_atlas

HOSTILE = "<script>alert(1)</script> \"q\" 'q' <img src=x onerror=alert(2)>"


class Tags(HTMLParser):
    """The tags and the text of an HTML fragment, as a browser would read them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_atlas(tmp_path):
    rows = json.loads(json.dumps(ROWS))
    rows["events"][0]["title"] = HOSTILE
    rows["sources"][0]["title"] = HOSTILE
    return load_atlas(write_atlas(tmp_path, rows))


def test_text_from_data_stays_text(tmp_path) -> None:
    view = hostile_atlas(tmp_path).at(1992)
    for html in (headline_html(view), events_html(view)):
        parsed = Tags(html)
        assert not {"script", "img"} & set(parsed.tags)
        assert HOSTILE in "".join(parsed.text)


def test_headline_names_the_year_and_counts_what_it_leaves_out(atlas) -> None:
    view = atlas.at(1937)
    parsed = Tags(headline_html(view, lines=2))
    assert parsed.tags.count("h3") == 1 and parsed.text[0] == "1937"
    assert parsed.tags.count("li") == 3  # two happenings, then the rest counted
    listed = len(headline(view).happenings)
    assert listed > 3
    assert f"and {listed - 2} more events, listed under the map" in parsed.text
    assert any(t.startswith("Key figures in view:") for t in parsed.text)


def test_a_quiet_year_says_so(tiny_atlas) -> None:
    view = tiny_atlas.at(1870)
    assert not view.events
    assert "No dated event or movement begins this year." in headline_html(view)
    assert "No dated event in this year." in events_html(view)


def test_events_list_each_event_with_its_source(atlas) -> None:
    view = atlas.at(1937)
    text = "".join(Tags(events_html(view)).text)
    for shown in view.events:
        source = atlas.sources[shown.event.source_id].title
        assert f"{shown.event.date} {shown.event.title} — {source}" in text


def test_the_legend_panel_is_legend_then_attribution() -> None:
    html = legend_panel_html("<div>LEGEND</div>", "Basemap & co")
    assert Tags(html).text == ["Legend", "LEGEND", "Basemap & co"]
    assert "Basemap &amp; co" in html
