"""The years a step away, as the map fetches them: the step's own calls, by URL."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from diaspora_atlas import prefetch, year_route
from diaspora_atlas.sources import documents

LAYERS = ("places", "diaspora", "routes", "borders")


def query_of(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert parts.path == year_route.PATH
    return dict(parse_qsl(parts.query))


def test_the_answer_draws_what_the_step_draws(tiny_atlas, tmp_path) -> None:
    url = year_route.year_layers_url(1938, LAYERS, None)
    body = year_route.year_layers_body(tiny_atlas, query_of(url), tmp_path)
    step = prefetch.year_calls(tiny_atlas, 1938, LAYERS, tmp_path, inline_max=0)
    assert body["year"] == 1938
    assert body["calls"] == year_route.calls_list(step)
    assert body["digest"] == year_route.calls_digest(step)
    # Every layer but the borders' ids is a published file the map fetches once.
    for name, function, argument in body["calls"]:
        if name == "borders":
            assert function == "atlasShapes"
            continue
        assert function == "atlasDrawFrom"
        path = json.loads(argument).removeprefix("/app/static/")
        assert (tmp_path / path).is_file()


def test_the_same_map_has_the_same_digest(tiny_atlas, tmp_path) -> None:
    def digest(year: int) -> str:
        return year_route.calls_digest(
            prefetch.year_calls(tiny_atlas, year, LAYERS, tmp_path)
        )

    same = prefetch.year_payloads(tiny_atlas, 1951, LAYERS) == (
        prefetch.year_payloads(tiny_atlas, 1950, LAYERS)
    )
    assert (digest(1950) == digest(1951)) == same
    assert digest(1937) != digest(1938)


def test_documents_travel_in_the_url(tiny_atlas, tmp_path) -> None:
    name = documents(tiny_atlas)[0].name
    url = year_route.year_layers_url(1937, ("mentions",), frozenset({name}))
    year, layers, chosen = year_route.parse_query(tiny_atlas, query_of(url))
    assert (year, layers, chosen) == (1937, ("mentions",), frozenset({name}))
    plain = year_route.year_layers_url(1937, ("places",), None)
    assert "documents" not in query_of(plain)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "soon"}, "year: 'soon' is not a year"),
        ({"year": "99"}, "year: 99 is outside"),
        ({"year": "1937", "layers": "places,<b>"}, "layers: no layer called '<b>'"),
        ({"year": "1937", "documents": "x.md"}, "documents: no seed document"),
    ],
)
def test_a_bad_request_names_its_parameter(tiny_atlas, query, message) -> None:
    with pytest.raises(year_route.BadQuery, match=re.escape(message)):
        year_route.parse_query(tiny_atlas, query)


def test_the_step_tells_the_map_its_year_and_the_neighbours(tiny_atlas, tmp_path):
    calls = prefetch.year_calls(tiny_atlas, 1937, LAYERS, tmp_path, inline_max=0)
    script = year_route.preload_script(1937, calls, [1938, 1936], LAYERS, None)
    found = re.fullmatch(
        r"window\.atlasPreload && atlasPreload\(1937, (\{.*\}), (\{.*\})\);\n",
        script,
    )
    assert found, script
    shown = json.loads(found.group(1))
    assert shown == {
        "url": year_route.year_layers_url(1937, LAYERS, None),
        "digest": year_route.calls_digest(calls),
        "calls": year_route.calls_list(calls),
    }
    urls = json.loads(found.group(2))
    assert list(urls) == ["1938", "1936"]
    assert query_of(urls["1938"])["year"] == "1938"
    # Data-made text (document names) cannot close the script element.
    hostile = year_route.preload_script(1937, calls, [1938], LAYERS, frozenset({"</"}))
    assert "</" not in hostile


def test_layers_sent_inline_are_not_sent_twice(tiny_atlas, tmp_path) -> None:
    calls = prefetch.year_calls(tiny_atlas, 1937, LAYERS, tmp_path)
    assert any(function == "atlasDraw" for function, _ in calls.values())
    script = year_route.preload_script(1937, calls, [1938], LAYERS, None)
    shown = json.loads(re.search(r"atlasPreload\(1937, (\{.*?\}), ", script)[1])
    assert shown["calls"] is None
    assert shown["digest"] == year_route.calls_digest(calls)
