"""Reading the seeds: place mentions, years, dates, figures, and their coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diaspora_atlas import load_atlas
from diaspora_atlas.cli import main
from diaspora_atlas.document_view import document_facts, highlighted_html
from diaspora_atlas.sources import (
    Document,
    coverage,
    documents,
    find_facts,
    find_mentions,
    quote_span,
)

ROOT = Path(__file__).resolve().parents[1]


def place_texts(atlas, text: str) -> list[tuple[str, str]]:
    """(name as written, place) for a made-up document."""
    from diaspora_atlas.sources import _name_pattern

    pattern, owners = _name_pattern(atlas)
    return [(m.group(1), owners[m.group(1)]) for m in pattern.finditer(text)]


def test_longest_name_wins_and_adjectives_are_not_places(atlas) -> None:
    found = place_texts(atlas, "South Korea and Korean firms; Korea itself; Koreans.")
    assert found == [("South Korea", "south_korea"), ("Korea", "korea")]


def test_place_inside_a_longer_phrase(atlas) -> None:
    assert place_texts(atlas, "the Sakhalin Koreans of Yuzhno-Sakhalinsk") == [
        ("Sakhalin", "sakhalin"),
        ("Yuzhno-Sakhalinsk", "yuzhno_sakhalinsk"),
    ]


def test_historical_names_and_variants(atlas) -> None:
    assert place_texts(atlas, "from Alma-Ata to Frunze via Kyongsang") == [
        ("Alma-Ata", "almaty"),
        ("Frunze", "bishkek"),
        ("Kyongsang", "gyeongsang"),
    ]


def test_a_surname_is_not_a_place(atlas) -> None:
    assert place_texts(atlas, "Kim Young Sam met Roh Tae Woo and Lee.") == []


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("established on January 28, 1992.", "date", "January 28, 1992"),
        ("signed on Sept. 30 1990 and", "date", "Sept. 30 1990"),
        ("opened in July 1989;", "date", "July 1989"),
        ("the story of 180,000 Koreans", "figure", "180,000"),
        ("amounted to $698 million in 2008", "figure", "$698 million"),
        ("was 4.2 billion US dollars.", "figure", "4.2 billion US dollars"),
        ("about 20 billion won on", "figure", "20 billion won"),
        ("less than 3 percent of", "figure", "3 percent"),
        ("between the 1860s and the 1930s", "year", "1860s"),
        ("Japan's 1910-1945 occupation", "year", "1910-1945"),
        ("by the mid-1990s had", "year", "mid-1990s"),
    ],
)
def test_years_dates_and_figures(text, kind, found) -> None:
    facts = find_facts(Document("made-up.txt", text))
    assert (facts[0].kind, facts[0].text) == (kind, found)


def test_a_date_keeps_its_year_and_a_figure_is_not_a_year() -> None:
    facts = find_facts(
        Document("x.txt", "On June 2, 1989, 180,000 people and 1,937 more.")
    )
    assert [(f.kind, f.text) for f in facts] == [
        ("date", "June 2, 1989"),
        ("figure", "180,000"),
        ("figure", "1,937"),
    ]


def test_mentions_keep_document_offsets_and_sentence(atlas) -> None:
    [mention] = [m for m in find_mentions(atlas) if m.text == "Nakhodka"]
    doc = next(d for d in documents(atlas) if d.name == mention.document)
    assert doc.text[mention.start : mention.end] == "Nakhodka"
    assert mention.passage.startswith("South Korea and Russia are working together")


def test_quotes_are_found_across_line_breaks() -> None:
    assert quote_span("one two\n  three four", "two three") == (4, 15)


def test_shipped_seeds_are_fully_accounted_for(atlas) -> None:
    result = coverage(atlas)
    assert result.missing == ()
    assert result.unknown_places == ()
    statuses = {c.status for c in result.facts}
    assert statuses == {"dataset", "left_out"}


def test_cli_sources_check_passes(capsys) -> None:
    assert main(["sources", "check", "--data", str(ROOT / "geodata")]) == 0
    assert "ok: every year, date, figure and place" in capsys.readouterr().out


def copy_repo_data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "geodata", tmp_path / "geodata")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "geodata"


def test_cli_sources_check_names_a_new_figure_without_a_row(tmp_path, capsys) -> None:
    data = copy_repo_data(tmp_path)
    seed = tmp_path / "seeds" / "003_4b999c1c49506524.txt"
    seed.write_text(seed.read_text() + "\nIn 2011, 12,345 Koreans moved to Omsk.\n")
    assert main(["sources", "check", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    line = len(seed.read_text().splitlines())
    assert f"seeds/003_4b999c1c49506524.txt:{line}: figure '12,345' is neither" in out
    assert f"seeds/003_4b999c1c49506524.txt:{line}: year '2011' is neither" in out
    assert "place 'Omsk' is not in the atlas" in out


def test_a_new_seed_file_is_picked_up(tmp_path) -> None:
    data = copy_repo_data(tmp_path)
    (tmp_path / "seeds" / "005_new.md").write_text("# Notes\n\nVladivostok in 1860.\n")
    atlas = load_atlas(data)
    assert "005_new.md" in {d.name for d in documents(atlas)}
    assert any(m.document == "005_new.md" for m in find_mentions(atlas))
    missing = [c.mention.text for c in coverage(atlas).missing]
    assert missing == ["1860"]


def test_document_view_escapes_and_links(atlas) -> None:
    doc = next(d for d in documents(atlas) if d.name.startswith("000"))
    html = highlighted_html(atlas, doc, 1992)
    assert '<a href="?year=1992&amp;place=almaty"' in html
    facts = document_facts(coverage(atlas), doc)
    assert {f["status"] for f in facts} <= {"used", "left out"}
    hostile = Document("x.txt", "<script>alert(1)</script> in Seoul")
    assert "<script>" not in highlighted_html(atlas, hostile, 2000)
