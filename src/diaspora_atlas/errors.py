"""Error types: every problem a user can cause names where it is and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class AtlasError(Exception):
    """Base of every error the package raises on purpose (the CLI prints these)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, located as ``file:line: column: message``."""

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.column}: {self.message}"
            if self.column
            else (f"{where}: {self.message}")
        )


class DataError(AtlasError):
    """The data directory has one or more problems; all of them are listed."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the atlas data"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line, problem.column, problem.message)


class UnknownPlaceError(AtlasError):
    """A name matched no place; carries the closest suggestions."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place {query!r}.{hint}")


class UsageError(AtlasError):
    """A command-line or URL argument is not usable (bad year, layer, bbox ...)."""
