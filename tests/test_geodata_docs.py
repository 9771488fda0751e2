"""Documentation that tests keep honest: the data dictionary and the README."""

from __future__ import annotations

import re
from pathlib import Path

from diaspora_atlas.cli import build_parser
from diaspora_atlas.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]


def documented_columns() -> dict[str, list[str]]:
    text = (ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        name = re.match(r"`([\w.]+)`", block).group(1)
        tables[name] = re.findall(r"^\| `(\w+)` \|", block, flags=re.M)
    return tables


def test_every_file_and_column_is_in_the_data_dictionary() -> None:
    documented = documented_columns()
    assert set(documented) == {t.file for t in TABLES}
    for table in TABLES:
        assert documented[table.file] == list(table.names), table.file


def test_readme_gives_the_two_commands_and_real_subcommands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    for used in re.findall(r"diaspora-atlas (\w+)", readme):
        assert used in commands, f"README uses an unknown subcommand {used!r}"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
