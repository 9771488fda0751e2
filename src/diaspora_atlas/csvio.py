"""Read one CSV file of geodata/ into typed cells, collecting every problem on the way.

Nothing stops at the first error: a broken file yields all its problems, each located
as ``file:line: column: what is wrong``, and the rows that did parse.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem
from .records import PartialDate
from .schema import Column, Table

SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST_NAME_YEAR = 800


@dataclass(frozen=True)
class Row:
    """A parsed row and the line it starts on; ``ok`` is False if a cell failed."""

    line: int
    cells: dict[str, Any]
    ok: bool = True


@dataclass(frozen=True)
class YearRange:
    """The atlas's first and last year, for checking year cells."""

    first: int
    last: int


def decode_utf8(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    """Decode bytes as UTF-8; on failure name the line and replace the bad bytes."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem(
            shown,
            line,
            "",
            f"not valid UTF-8 (byte {data[exc.start]:#04x}"
            f" at offset {exc.start}); save the file as UTF-8",
        )
        return data.decode("utf-8-sig", errors="replace"), [problem]


def read_table(
    path: Path, table: Table, years: YearRange, shown: str
) -> tuple[list[Row], list[Problem]]:
    """Parse ``path`` against ``table``; return the good rows and all problems."""
    if not path.is_file():
        return [], [Problem(shown, 0, "", "file is missing")]
    text, problems = decode_utf8(path.read_bytes(), shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [
            *problems,
            Problem(
                shown,
                1,
                "",
                f"file is empty: expected a header row with {', '.join(table.names)}",
            ),
        ]
    except csv.Error as exc:
        return [], [*problems, Problem(shown, 1, "", f"cannot read CSV header: {exc}")]
    problems += _check_header(header, table, shown)
    known = [name if name in table.names else None for name in header]
    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(shown, line, "", f"broken CSV: {exc}"))
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            problems.append(
                Problem(
                    shown,
                    start,
                    "",
                    f"expected {len(header)} fields as in the header, found {len(raw)}",
                )
            )
            continue
        cells, row_problems = _parse_row(
            dict(zip(known, raw, strict=True)), table, years, shown, start
        )
        problems += row_problems
        rows.append(Row(start, cells, ok=not row_problems))
    return rows, problems


def _check_header(header: list[str], table: Table, shown: str) -> list[Problem]:
    problems = []
    missing = [c.name for c in table.columns if c.name not in header]
    unknown = [h for h in header if h not in table.names]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    for name in missing:
        problems.append(Problem(shown, 1, name, "required column is missing"))
    for name in unknown:
        problems.append(
            Problem(
                shown,
                1,
                name or "(empty)",
                f"unknown column; expected only {', '.join(table.names)}",
            )
        )
    for name in duplicated:
        problems.append(Problem(shown, 1, name, "column appears twice"))
    return problems


def _parse_row(
    raw: dict[str | None, str], table: Table, years: YearRange, shown: str, line: int
) -> tuple[dict[str, Any], list[Problem]]:
    cells: dict[str, Any] = {}
    problems = []
    for column in table.columns:
        text = (raw.get(column.name) or "").strip()
        try:
            cells[column.name] = parse_cell(text, column, years)
        except ValueError as exc:
            cells[column.name] = None
            problems.append(Problem(shown, line, column.name, str(exc)))
    return cells, problems


def parse_cell(text: str, column: Column, years: YearRange) -> Any:
    """Turn one cell into its Python value, or raise ValueError saying why not."""
    if not text:
        if column.required:
            raise ValueError("required value is empty")
        return () if column.type == "refs" else None
    parse = _PARSERS[column.type]
    return parse(text, column, years)


def _parse_id(text: str, column: Column, years: YearRange) -> str:
    if not SLUG.match(text):
        raise ValueError(
            f"expected a lowercase id of letters, digits and '_', got {text!r}"
        )
    return text


def _parse_refs(text: str, column: Column, years: YearRange) -> tuple[str, ...]:
    return tuple(_parse_id(part.strip(), column, years) for part in text.split(";"))


def _parse_int(text: str, column: Column, years: YearRange) -> int:
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f"expected a whole number, got {text!r}")
    return int(text)


def _parse_float(text: str, column: Column, years: YearRange) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {text!r}")
    return value


def _parse_year(text: str, column: Column, years: YearRange) -> int:
    if not re.fullmatch(r"\d{3,4}", text):
        raise ValueError(f"expected a year such as 1937, got {text!r}")
    year = int(text)
    first = EARLIEST_NAME_YEAR if column.any_year else years.first
    if not first <= year <= years.last:
        raise ValueError(
            f"year {year} is outside the atlas's range {first}-{years.last}"
        )
    return year


def _parse_date(text: str, column: Column, years: YearRange) -> PartialDate:
    match = DATE.match(text)
    if not match:
        raise ValueError(
            f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}"
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 and 12 in {text!r}")
    if day is not None:
        import datetime

        try:
            datetime.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date") from None
    if column.name != "accessed" and not years.first <= year <= years.last:
        raise ValueError(
            f"year {year} is outside the atlas's range {years.first}-{years.last}"
        )
    return PartialDate(year, month, day)


def _parse_bool(text: str, column: Column, years: YearRange) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return lowered == "true"


def _parse_enum(text: str, column: Column, years: YearRange) -> str:
    if text not in column.allowed:
        raise ValueError(f"expected one of {', '.join(column.allowed)}, got {text!r}")
    return text


def _parse_text(text: str, column: Column, years: YearRange) -> str:
    return text


_PARSERS = {
    "id": _parse_id,
    "ref": _parse_id,
    "refs": _parse_refs,
    "int": _parse_int,
    "float": _parse_float,
    "year": _parse_year,
    "date": _parse_date,
    "bool": _parse_bool,
    "enum": _parse_enum,
    "text": _parse_text,
}
