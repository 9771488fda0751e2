"""Neighbouring years built in the background give the same layers, once."""

import json

from diaspora_atlas import prefetch
from diaspora_atlas.interactive import layer_payload
from diaspora_atlas.layers import build_layers

LAYERS = ("places", "diaspora", "routes", "borders")


def test_payloads_are_the_layers_of_the_year(tiny_atlas) -> None:
    payloads = prefetch.year_payloads(tiny_atlas, 1937, LAYERS)
    built = build_layers(tiny_atlas.at(1937), LAYERS)
    assert list(payloads) == list(built)  # drawing order, bottom first
    for name, frame in built.items():
        assert payloads[name] == layer_payload(name, frame)
    assert json.loads(payloads["borders"]) == list(built["borders"]["polity_id"])


def test_prefetched_years_are_not_built_again(tiny_atlas) -> None:
    years = prefetch.neighbour_years(tiny_atlas, 1950)
    prefetch.prefetch(tiny_atlas, years, LAYERS)
    prefetch.wait_idle()
    misses = prefetch._payload.cache_info().misses
    for year in years:
        prefetch.year_payloads(tiny_atlas, year, LAYERS)
    assert prefetch._payload.cache_info().misses == misses


def test_neighbours_are_one_step_away_and_inside_the_atlas(tiny_atlas) -> None:
    first, last = tiny_atlas.first_year, tiny_atlas.last_year
    assert prefetch.neighbour_years(tiny_atlas, first)[0] == first + 1
    assert all(first <= y <= last for y in prefetch.neighbour_years(tiny_atlas, last))
    assert last not in prefetch.neighbour_years(tiny_atlas, last)
    middle = prefetch.neighbour_years(tiny_atlas, 1950)
    assert {1949, 1951} <= set(middle) and len(middle) == len(set(middle))


def test_caches_are_bounded() -> None:
    assert prefetch._payload.cache_info().maxsize == prefetch.PAYLOAD_CACHE_SIZE
    assert prefetch._legend_html.cache_info().maxsize is not None


def test_legend_matches_what_is_drawn(tiny_atlas) -> None:
    assert prefetch.year_legend_html(tiny_atlas, 1937, ()) == ""
    legend = prefetch.year_legend_html(tiny_atlas, 1937, LAYERS)
    assert "Deportation" in legend or "deportation" in legend


def test_new_steps_drop_queued_work_for_old_neighbours(tiny_atlas) -> None:
    years = list(range(tiny_atlas.first_year, tiny_atlas.first_year + 30))
    prefetch.clear()
    prefetch.prefetch(tiny_atlas, years, LAYERS)  # the worker is busy with these
    prefetch.prefetch(tiny_atlas, [1950, 1951], LAYERS)  # cancels the rest, no error
    prefetch.wait_idle()
    assert not prefetch._building
    misses = prefetch._payload.cache_info().misses
    prefetch.year_payloads(tiny_atlas, 1951, LAYERS)
    assert prefetch._payload.cache_info().misses == misses


def test_big_layers_are_published_as_files_named_by_content(
    tiny_atlas, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(prefetch, "INLINE_MAX", 10)  # every layer counts as big
    calls = prefetch.year_calls(tiny_atlas, 1937, LAYERS, tmp_path)
    assert calls["borders"][0] == "atlasShapes"
    for name in ("places", "diaspora", "routes"):
        function, argument = calls[name]
        url = json.loads(argument)
        assert function == "atlasDrawFrom"
        assert url.startswith("/app/static/geo/layers/")
        path = tmp_path / url.removeprefix("/app/static/")
        assert (
            path.read_text(encoding="utf-8")
            == prefetch.year_payloads(tiny_atlas, 1937, [name])[name]
        )
    again = prefetch.year_calls(tiny_atlas, 1937, LAYERS, tmp_path)
    assert again == calls  # same content, same files


def test_small_layers_travel_with_the_step(tiny_atlas, tmp_path) -> None:
    calls = prefetch.year_calls(tiny_atlas, 1937, LAYERS, tmp_path)
    payloads = prefetch.year_payloads(tiny_atlas, 1937, LAYERS)
    assert calls["places"] == ("atlasDraw", payloads["places"])
    assert not (tmp_path / "geo" / "layers").exists()


def test_the_worker_writes_the_files_a_step_will_send(tiny_atlas, tmp_path) -> None:
    prefetch.clear()
    prefetch.prefetch(tiny_atlas, [1938], LAYERS, None, tmp_path)
    prefetch.wait_idle()
    written = set((tmp_path / "geo" / "layers").iterdir())
    calls = prefetch.year_calls(tiny_atlas, 1938, LAYERS, tmp_path, inline_max=0)
    urls = [json.loads(a) for f, a in calls.values() if f == "atlasDrawFrom"]
    assert len(urls) == len(LAYERS) - 1  # all but the borders' ids
    assert {tmp_path / u.removeprefix("/app/static/") for u in urls} == written


def test_every_year_draws_the_layers_of_its_epoch(atlas) -> None:
    """Layers are built once per stretch of unchanged years: nothing may differ."""
    from diaspora_atlas.styles import LAYER_ORDER
    from diaspora_atlas.timeline import change_years, epoch_year

    changes = set(change_years(atlas))
    for year in range(atlas.first_year, atlas.last_year + 1):
        epoch = epoch_year(atlas, year)
        assert epoch <= year and (epoch == year or year not in changes)
        if epoch == year:
            continue
        here = build_layers(atlas.at(year), LAYER_ORDER)
        there = build_layers(atlas.at(epoch), LAYER_ORDER)
        for name in LAYER_ORDER:
            assert layer_payload(name, here[name]) == layer_payload(
                name, there[name]
            ), f"{name} in {year} differs from {epoch}: a change year is missing"


def test_the_places_layer_changes_only_with_names(atlas) -> None:
    """Places have epochs of their own (names): each year's Places layer is that of
    its places epoch, and there are far fewer of those than of the whole map."""
    from diaspora_atlas.layers import layer_at
    from diaspora_atlas.timeline import change_years, epoch_year, name_change_years

    def places(year: int) -> str:
        return layer_payload("places", layer_at(atlas.at(year), "places"))

    for year in range(atlas.first_year, atlas.last_year + 1):
        epoch = epoch_year(atlas, year, "places")
        assert epoch <= year
        assert places(year) == places(epoch), f"{year} differs from {epoch}"
    assert 5 < len(name_change_years(atlas)) < len(change_years(atlas)) / 2


def test_one_build_serves_a_stretch_of_years(tiny_atlas) -> None:
    from diaspora_atlas.timeline import change_years

    years = change_years(tiny_atlas)
    first, second = years[0], years[1]
    assert second - first > 1, "the tiny atlas needs a stretch of unchanged years"
    prefetch.year_payloads(tiny_atlas, first, LAYERS)
    misses = prefetch._payload.cache_info().misses
    for year in range(first, second):
        prefetch.year_payloads(tiny_atlas, year, LAYERS)
    assert prefetch._payload.cache_info().misses == misses


def test_every_years_legend_is_that_of_its_layers(atlas) -> None:
    """Legends are built once per epoch from cached frames: never a stale one."""
    from diaspora_atlas.legend import legend_html, legend_items
    from diaspora_atlas.styles import LAYER_ORDER

    for year in range(atlas.first_year, atlas.last_year + 1):
        expected = legend_html(legend_items(build_layers(atlas.at(year), LAYER_ORDER)))
        assert prefetch.year_legend_html(atlas, year, LAYER_ORDER) == expected, year


def test_builds_wait_for_the_browser_and_a_step_does_not_wait_for_them(
    tiny_atlas, monkeypatch
) -> None:
    """The builds begin after a pause (the browser draws the step meanwhile); a
    step asking for a layer still queued builds it itself instead of waiting."""
    monkeypatch.setattr(prefetch, "START_AFTER_SECONDS", 1.0)
    prefetch.clear()
    prefetch.prefetch(tiny_atlas, [1951], LAYERS)
    queued = dict(prefetch._building)
    assert queued and not any(f.running() or f.done() for f in queued.values())
    payloads = prefetch.year_payloads(tiny_atlas, 1951, LAYERS)
    assert all(f.cancelled() for f in queued.values())
    assert payloads == {
        name: layer_payload(name, frame)
        for name, frame in build_layers(tiny_atlas.at(1951), LAYERS).items()
    }
    prefetch.wait_idle()


def test_pauses_do_not_pile_up_when_steps_come_fast(tiny_atlas, monkeypatch) -> None:
    monkeypatch.setattr(prefetch, "START_AFTER_SECONDS", 0.5)
    pauses = []
    for year in range(1940, 1946):
        prefetch.prefetch(tiny_atlas, [year + 1], LAYERS)
        pauses.append(prefetch._pause)
    assert sum(not p.cancelled() for p in pauses) <= 2  # the one begun, the last
    prefetch.wait_idle()
    assert not prefetch._building


def test_the_map_fetches_the_neighbours_and_two_years_on(tiny_atlas) -> None:
    forward = prefetch.preload_years(tiny_atlas, 1950, 1)
    assert forward[: len(prefetch.neighbour_years(tiny_atlas, 1950, 1))] == (
        prefetch.neighbour_years(tiny_atlas, 1950, 1)
    )
    assert 1952 in forward and 1948 not in forward
    assert 1948 in prefetch.preload_years(tiny_atlas, 1950, -1)
    last = tiny_atlas.last_year
    assert all(y <= last for y in prefetch.preload_years(tiny_atlas, last - 1, 1))
    assert len(forward) == len(set(forward)) and 1950 not in forward
