"""What the map shows at a year: figures, movements, events, ties, borders."""

from __future__ import annotations

import pytest

from diaspora_atlas import UsageError
from diaspora_atlas.timeline import change_years, step_year


def figures(view) -> dict[str, int]:
    return {f.place.place_id: f.figure.people for f in view.figures}


def test_no_figure_before_the_first(tiny_atlas) -> None:
    assert figures(tiny_atlas.at(1929)) == {}


def test_latest_figure_at_or_before_the_year(tiny_atlas) -> None:
    assert figures(tiny_atlas.at(1939)) == {"gamma": 800}
    assert figures(tiny_atlas.at(1958)) == {"gamma": 800}
    assert figures(tiny_atlas.at(1959)) == {"gamma": 1000}


def test_figure_dropped_after_its_shown_until(tiny_atlas) -> None:
    assert figures(tiny_atlas.at(1937))["alpha"] == 2000
    assert "alpha" not in figures(tiny_atlas.at(1938))


def test_stale_figure_dropped_past_max_age(tiny_atlas) -> None:
    assert "gamma" in figures(tiny_atlas.at(1979))  # 1959 + 20
    assert "gamma" not in figures(tiny_atlas.at(1980))


def test_default_shown_and_alternatives_kept(tiny_atlas) -> None:
    [shown] = tiny_atlas.at(1960).figures
    assert shown.figure.people == 1000
    assert sorted(a.people for a in shown.alternatives) == [900, 1000]
    assert shown.disputed


def test_unions_are_totals_not_symbols(tiny_atlas) -> None:
    view = tiny_atlas.at(1960)
    assert [t.place.place_id for t in view.totals] == ["union"]
    assert "union" not in figures(view)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1936, {}),
        (1937, {"move_1937_part": "active"}),
        (1938, {"move_1937_part": "active"}),
        (1939, {"move_1937_part": "past"}),
    ],
)
def test_movement_state(tiny_atlas, year, expected) -> None:
    shown = {m.movement.movement_id: m.state for m in tiny_atlas.at(year).movements}
    assert shown == expected


def test_movement_drawn_through_its_parts_with_the_whole_figure(tiny_atlas) -> None:
    [part] = tiny_atlas.at(1937).movements
    assert part.whole.movement_id == "move_1937"
    assert [f.people for f in part.whole_figures] == [1000]
    assert part.figure.people == 600


def test_events_only_in_their_year_with_other_versions(tiny_atlas) -> None:
    assert tiny_atlas.at(1991).events == ()
    [event] = tiny_atlas.at(1992).events
    assert event.event.event_id == "ties_1992"
    assert [e.event_id for e in event.alternatives] == ["ties_1992_seed"]
    assert tiny_atlas.at(1993).events == ()


def test_ties_from_their_year_with_recent_trade(tiny_atlas) -> None:
    assert tiny_atlas.at(1991).ties == ()
    [tie] = tiny_atlas.at(1992).ties
    assert tie.trade is None
    assert tiny_atlas.at(1995).ties[0].trade.value_usd == 1e9
    assert tiny_atlas.at(1998).ties[0].trade.value_usd == 1e9  # 3 years old
    assert tiny_atlas.at(1999).ties[0].trade is None


@pytest.mark.parametrize(
    ("year", "polities"),
    [
        (1921, []),
        (1922, ["union"]),
        (1991, ["union"]),
        (1992, ["aland_modern"]),
    ],
)
def test_borders_in_force(tiny_atlas, year, polities) -> None:
    assert [p.polity_id for p in tiny_atlas.at(year).polities] == polities


def test_name_in_use_that_year(tiny_atlas) -> None:
    assert tiny_atlas.at(1937).name_of("gamma") == "Old Gamma"
    assert tiny_atlas.at(1951).name_of("gamma") == "Gamma"


def test_year_outside_range_is_refused(tiny_atlas) -> None:
    with pytest.raises(UsageError, match="outside the atlas's range 1860-2025"):
        tiny_atlas.at(1700)


def test_views_are_cached(tiny_atlas) -> None:
    assert tiny_atlas.at(1937) is tiny_atlas.at(1937)


def test_stepping_between_change_years(tiny_atlas) -> None:
    years = change_years(tiny_atlas)
    assert 1937 in years and 1939 in years
    assert step_year(tiny_atlas, 1937, 1) == min(y for y in years if y > 1937)
    assert step_year(tiny_atlas, 1937, -1) == max(y for y in years if y < 1937)
    assert step_year(tiny_atlas, max(years), 1) == max(years)
