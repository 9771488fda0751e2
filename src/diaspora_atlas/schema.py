"""The columns of every file in geodata/: one source of truth for loader and docs.

``data.py`` validates against these specs and ``tests/test_geodata_docs.py`` checks that
``geodata/README.md`` documents exactly these columns, so code, data and data dictionary
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLACE_KINDS = (
    "union",
    "country",
    "region",
    "province",
    "island",
    "city",
    "town",
    "village",
    "site",
)
LANGS = ("en", "ru", "ko", "ja", "kk", "uz", "ky", "zh")
NAME_KINDS = ("official", "historical", "variant")
MEASURES = ("ethnic_koreans", "korean_citizens", "former_soviet_koreans")
METHODS = (
    "census",
    "official_estimate",
    "estimate",
    "official_report",
    "document_claim",
)
MOVEMENT_KINDS = (
    "migration",
    "deportation",
    "labour_draft",
    "repatriation",
    "return",
    "labour_migration",
    "delegation",
)
MODES = ("land", "rail", "sea", "air", "mixed")
EVENT_CATEGORIES = (
    "diplomacy",
    "summit",
    "trade",
    "migration",
    "deportation",
    "war",
    "culture",
    "space",
    "politics",
    "law",
)
RELATION_MEASURES = (
    "diplomatic_ties",
    "trade_total",
    "exports",
    "imports",
    "investment_cumulative",
    "debt",
)
SOURCE_KINDS = ("seed", "census", "reference", "dataset", "treaty", "news")


@dataclass(frozen=True)
class Column:
    """One column: how to parse it, whether it may be empty, and what it means."""

    name: str
    type: str  # id, text, int, float, year, date, bool, enum, ref, refs
    description: str
    required: bool = True
    unit: str = ""
    allowed: tuple[str, ...] = ()
    ref: str = ""  # table an id points to, for ref/refs
    example: str = ""
    # Years of names, capitals and polities may precede the atlas's first year
    # (Vernyi was named in 1855); fact years may not.
    any_year: bool = False


@dataclass(frozen=True)
class Table:
    """A CSV file of geodata/ and its columns."""

    file: str
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in file order."""
        return tuple(c.name for c in self.columns)


def _source_columns() -> tuple[Column, ...]:
    """Provenance columns every fact-bearing table ends with."""
    return (
        Column(
            "source_id",
            "ref",
            "The source that states this row.",
            ref="sources",
            example="seed_003",
        ),
        Column(
            "quote",
            "text",
            "The passage of the source this row is taken from, "
            "quoted exactly (checked against the text for seed documents).",
            example="Around 200,000 Korean descendants live in Russia.",
        ),
        Column(
            "note",
            "text",
            "Anything a reader should know: what is counted, why "
            "this figure is or is not the default.",
            required=False,
        ),
    )


SOURCES = Table(
    "sources.csv",
    "source_id",
    "Every source a row cites: the seed documents, census tables, reference works.",
    (
        Column(
            "source_id",
            "id",
            "Identifier cited by other files.",
            example="census_ussr_1989",
        ),
        Column(
            "kind",
            "enum",
            "What sort of source it is.",
            allowed=SOURCE_KINDS,
            example="census",
        ),
        Column(
            "title",
            "text",
            "Title of the document or page.",
            example="Russia-South Korea relations",
        ),
        Column(
            "author",
            "text",
            "Author or producing body.",
            required=False,
            example="Moon Gwang-lip",
        ),
        Column(
            "published",
            "text",
            "Publication date or year, as precise as known.",
            required=False,
            example="2010-11",
        ),
        Column("url", "text", "Where the source can be read.", required=False),
        Column(
            "seed_file",
            "text",
            "File name in seeds/ for seed documents.",
            required=False,
            example="003_4b999c1c49506524.txt",
        ),
        Column(
            "licence",
            "text",
            "Licence or terms of the source.",
            required=False,
            example="CC BY-SA 4.0",
        ),
        Column(
            "accessed",
            "date",
            "When the copy used here was read.",
            required=False,
            example="2026-11-23",
        ),
        Column(
            "note",
            "text",
            "How the source was found and how far to trust it.",
            required=False,
        ),
    ),
)

PLACES = Table(
    "places.csv",
    "place_id",
    "Every place the atlas draws or names: cities, islands, provinces, countries.",
    (
        Column("place_id", "id", "Lowercase slug.", example="vladivostok"),
        Column("name_en", "text", "English name in use today.", example="Vladivostok"),
        Column(
            "name_ru",
            "text",
            "Russian name (Cyrillic).",
            required=False,
            example="Владивосток",
        ),
        Column(
            "name_ko",
            "text",
            "Korean name (Hangul).",
            required=False,
            example="블라디보스토크",
        ),
        Column(
            "kind",
            "enum",
            "What sort of place it is; 'union' is a group of "
            "countries (USSR, former USSR) whose figures are totals, not drawn as "
            "symbols.",
            allowed=PLACE_KINDS,
            example="city",
        ),
        Column(
            "lat",
            "float",
            "Latitude, WGS84. Empty when anchor_id gives it.",
            required=False,
            unit="degrees north",
            example="43.10562",
        ),
        Column(
            "lon",
            "float",
            "Longitude, WGS84. Empty when anchor_id gives it.",
            required=False,
            unit="degrees east",
            example="131.87353",
        ),
        Column(
            "geonames_id",
            "int",
            "GeoNames id of the place, where one was "
            "verified (the coordinates then come from GeoNames).",
            required=False,
            example="2013348",
        ),
        Column(
            "anchor_id",
            "ref",
            "A place whose coordinates stand for this one (a "
            "region drawn at its administrative centre).",
            required=False,
            ref="places",
            example="vladivostok",
        ),
        Column(
            "country_id",
            "ref",
            "The modern country the place lies in.",
            required=False,
            ref="places",
            example="russia",
        ),
        Column(
            "adm0_a3",
            "text",
            "Natural Earth country code, for countries: links "
            "the place to its polygon in boundaries/.",
            required=False,
            example="RUS",
        ),
        Column(
            "coord_source_id",
            "ref",
            "The source of the coordinates.",
            required=False,
            ref="sources",
            example="geonames",
        ),
        Column("note", "text", "Anything a reader should know.", required=False),
    ),
)

PLACE_NAMES = Table(
    "place_names.csv",
    "name_id",
    "Other names of places: historical names with the years they were in use, "
    "variants and spellings found in the sources.",
    (
        Column("name_id", "id", "Identifier of the row.", example="almaty_alma_ata"),
        Column("place_id", "ref", "The place.", ref="places", example="almaty"),
        Column("name", "text", "The name as written.", example="Alma-Ata"),
        Column(
            "lang",
            "enum",
            "Language or script of the name.",
            allowed=LANGS,
            example="en",
        ),
        Column(
            "kind",
            "enum",
            "official: the official name during the years given; "
            "historical: an older common name; variant: another spelling.",
            allowed=NAME_KINDS,
            example="official",
        ),
        Column(
            "year_from",
            "year",
            "First year the name was in use (inclusive).",
            required=False,
            unit="year",
            example="1921",
            any_year=True,
        ),
        Column(
            "year_to",
            "year",
            "Last year the name was in use (inclusive).",
            required=False,
            unit="year",
            example="1993",
            any_year=True,
        ),
        *_source_columns(),
    ),
)

CAPITALS = Table(
    "capitals.csv",
    "capital_row",
    "Which city was a country's capital in which years (relations are drawn between "
    "capitals).",
    (
        Column(
            "capital_row", "id", "Identifier of the row.", example="kazakhstan_almaty"
        ),
        Column("country_id", "ref", "The country.", ref="places", example="kazakhstan"),
        Column("capital_id", "ref", "Its capital.", ref="places", example="almaty"),
        Column(
            "year_from",
            "year",
            "First year (inclusive).",
            required=False,
            unit="year",
            example="1991",
            any_year=True,
        ),
        Column(
            "year_to",
            "year",
            "Last year (inclusive).",
            required=False,
            unit="year",
            example="1997",
            any_year=True,
        ),
        *_source_columns(),
    ),
)

POPULATIONS = Table(
    "populations.csv",
    "population_id",
    "Korean population of a place or territory in a year. Rows with the same place, "
    "year and measure are alternative figures; exactly one of them is the default.",
    (
        Column(
            "population_id",
            "id",
            "Identifier of the row.",
            example="kazakhstan_2009_census",
        ),
        Column(
            "place_id", "ref", "Territory counted.", ref="places", example="kazakhstan"
        ),
        Column(
            "year", "year", "Year the figure refers to.", unit="year", example="2009"
        ),
        Column(
            "measure",
            "enum",
            "Who is counted: ethnic Koreans; citizens of a Korean "
            "state; or Koryo-saram and Sakhalin Koreans living in South Korea.",
            allowed=MEASURES,
            example="ethnic_koreans",
        ),
        Column("people", "int", "The figure.", unit="persons", example="100385"),
        Column(
            "people_low",
            "int",
            "Lower bound, where the source gives a range.",
            required=False,
            unit="persons",
        ),
        Column(
            "people_high",
            "int",
            "Upper bound, where the source gives a range.",
            required=False,
            unit="persons",
        ),
        Column(
            "method",
            "enum",
            "How the figure was produced.",
            allowed=METHODS,
            example="census",
        ),
        Column(
            "approximate",
            "bool",
            "true when the source gives a round or "
            "approximate figure ('roughly 100,000').",
            example="false",
        ),
        Column(
            "is_default",
            "bool",
            "true for the figure the map shows among "
            "alternatives for the same place, year and measure; at most one. When "
            "every figure of a year is doubted, none is, and the map skips that year.",
            example="true",
        ),
        Column(
            "shown_until",
            "year",
            "Last year the map may show this figure as the "
            "latest one, where history ended it early (the 1937 deportation emptied "
            "the Far East); otherwise figure_max_age in atlas.toml decides.",
            required=False,
            unit="year",
            example="1937",
        ),
        *_source_columns(),
    ),
)

MOVEMENTS = Table(
    "movements.csv",
    "movement_id",
    "Movements of people: migrations, the deportation, labour drafts, returns. "
    "A movement with parts (part_of) is drawn through its parts.",
    (
        Column("movement_id", "id", "Identifier.", example="deportation_1937_kazakh"),
        Column(
            "kind",
            "enum",
            "What sort of movement.",
            allowed=MOVEMENT_KINDS,
            example="deportation",
        ),
        Column(
            "title",
            "text",
            "Short title shown on the map.",
            example="1937 deportation to the Kazakh SSR",
        ),
        Column(
            "origin_id", "ref", "Where it started.", ref="places", example="vladivostok"
        ),
        Column(
            "destination_id", "ref", "Where it ended.", ref="places", example="ushtobe"
        ),
        Column(
            "via",
            "refs",
            "Waypoints in order, separated by ';' (the railway).",
            required=False,
            ref="places",
            example="khabarovsk;chita;novosibirsk",
        ),
        Column(
            "year_from", "year", "First year (inclusive).", unit="year", example="1937"
        ),
        Column(
            "year_to", "year", "Last year (inclusive).", unit="year", example="1937"
        ),
        Column("mode", "enum", "How people travelled.", allowed=MODES, example="rail"),
        Column(
            "part_of",
            "ref",
            "The movement this is a part of.",
            required=False,
            ref="movements",
            example="deportation_1937",
        ),
        *_source_columns(),
    ),
)

MOVEMENT_FIGURES = Table(
    "movement_figures.csv",
    "figure_id",
    "How many people a movement carried, one row per source; exactly one default "
    "per movement.",
    (
        Column("figure_id", "id", "Identifier.", example="deportation_1937_nkvd"),
        Column(
            "movement_id",
            "ref",
            "The movement.",
            ref="movements",
            example="deportation_1937",
        ),
        Column("people", "int", "Number of people.", unit="persons", example="171781"),
        Column("people_low", "int", "Lower bound.", required=False, unit="persons"),
        Column("people_high", "int", "Upper bound.", required=False, unit="persons"),
        Column(
            "approximate",
            "bool",
            "true for a round or approximate figure.",
            example="false",
        ),
        Column(
            "is_default", "bool", "true for the figure the map shows.", example="true"
        ),
        *_source_columns(),
    ),
)

EVENTS = Table(
    "events.csv",
    "event_id",
    "Dated events with their places. Rows sharing a dispute_id are different "
    "sources' versions of one event; exactly one of them is the default.",
    (
        Column("event_id", "id", "Identifier.", example="rok_ussr_ties_1990"),
        Column(
            "date",
            "date",
            "YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source.",
            example="1990-09-30",
        ),
        Column("title", "text", "Short title.", example="Korea-Soviet diplomatic ties"),
        Column(
            "category",
            "enum",
            "What sort of event.",
            allowed=EVENT_CATEGORIES,
            example="diplomacy",
        ),
        Column(
            "place_ids",
            "refs",
            "Places of the event, separated by ';'.",
            ref="places",
            example="moscow;seoul",
        ),
        Column("description", "text", "One or two sentences.", required=False),
        Column(
            "dispute_id",
            "text",
            "Shared by rows that are versions of one event.",
            required=False,
            example="rok_ussr_ties",
        ),
        Column(
            "is_default",
            "bool",
            "false for a version the map does not show.",
            example="true",
        ),
        *_source_columns(),
    ),
)

RELATIONS = Table(
    "relations.csv",
    "relation_id",
    "Figures on a pair of countries: ties established, trade, investment, debt. "
    "Rows with the same pair, measure and year are alternatives (for "
    "diplomatic_ties the year is the fact, so rows of one pair are alternatives).",
    (
        Column("relation_id", "id", "Identifier.", example="kor_rus_trade_2008"),
        Column(
            "country_a",
            "ref",
            "First country (the exporter, investor or creditor where it matters).",
            ref="places",
            example="south_korea",
        ),
        Column("country_b", "ref", "Second country.", ref="places", example="russia"),
        Column(
            "measure",
            "enum",
            "What the figure is.",
            allowed=RELATION_MEASURES,
            example="trade_total",
        ),
        Column(
            "year",
            "year",
            "Year of the figure, or the year ties were established.",
            unit="year",
            example="2008",
        ),
        Column(
            "date",
            "date",
            "Exact date where known (diplomatic ties).",
            required=False,
            example="1990-09-30",
        ),
        Column(
            "value_usd",
            "float",
            "Amount in US dollars of the time (empty for diplomatic_ties).",
            required=False,
            unit="USD",
            example="18100000000",
        ),
        Column(
            "is_default", "bool", "true for the figure the map shows.", example="true"
        ),
        *_source_columns(),
    ),
)

POLITIES = Table(
    "polities.csv",
    "polity_id",
    "Historical states and territories, composed from modern country polygons "
    "(members) and clip areas (boundaries/clips.geojson).",
    (
        Column("polity_id", "id", "Identifier.", example="ussr"),
        Column("name_en", "text", "Name shown on the map.", example="Soviet Union"),
        Column(
            "name_ru", "text", "Russian name.", required=False, example="Советский Союз"
        ),
        Column("name_ko", "text", "Korean name.", required=False, example="소련"),
        Column(
            "year_from",
            "year",
            "First year drawn (inclusive).",
            unit="year",
            example="1922",
            any_year=True,
        ),
        Column(
            "year_to",
            "year",
            "Last year drawn (inclusive).",
            required=False,
            unit="year",
            example="1991",
            any_year=True,
        ),
        Column(
            "members",
            "text",
            "Natural Earth ADM0_A3 codes joined by ';'.",
            required=False,
            example="RUS;KAZ;UZB",
        ),
        Column(
            "within_clip",
            "text",
            "Clip id the polity is cut to.",
            required=False,
            example="south_of_38",
        ),
        Column(
            "minus_clips",
            "text",
            "Clip ids whose areas are removed, ';'.",
            required=False,
            example="karafuto",
        ),
        Column(
            "style",
            "enum",
            "Colour family on the map.",
            allowed=(
                "russia",
                "japan",
                "korea",
                "korea_north",
                "korea_south",
                "central_asia",
                "other",
            ),
            example="russia",
        ),
        *_source_columns(),
    ),
)

LEFT_OUT = Table(
    "left_out.csv",
    "left_out_id",
    "Years, dates, figures and place-like words of the seed documents that the "
    "dataset deliberately does not use, each with the reason; `diaspora-atlas sources "
    "check` fails on any that is neither used nor listed here.",
    (
        Column("left_out_id", "id", "Identifier.", example="seed_001_dialect_share"),
        Column(
            "source_id", "ref", "The seed document.", ref="sources", example="seed_001"
        ),
        Column(
            "text",
            "text",
            "What is left out, as the document writes it.",
            example="3 percent",
        ),
        Column(
            "quote",
            "text",
            "The passage it stands in, quoted exactly.",
            example="with less than 3 percent of the population speaking it",
        ),
        Column(
            "reason",
            "text",
            "Why the atlas does not use it.",
            example="A share of speakers, not a figure a map can show.",
        ),
    ),
)

TABLES: tuple[Table, ...] = (
    SOURCES,
    PLACES,
    PLACE_NAMES,
    CAPITALS,
    POPULATIONS,
    MOVEMENTS,
    MOVEMENT_FIGURES,
    EVENTS,
    RELATIONS,
    POLITIES,
    LEFT_OUT,
)
TABLES_BY_NAME: dict[str, Table] = {t.file.removesuffix(".csv"): t for t in TABLES}
