"""Problems found in the data or templates, reported together and by place."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 0        # 1-based; 0 when the whole file is meant
    column: int = 0
    path: str = ""       # field path inside the file, e.g. events[3].date

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return where


@dataclass(frozen=True, order=True)
class Problem:
    where: Location
    message: str
    code: str = ""       # a warning's code (record/acceptance.py), e.g. empty-section

    def __str__(self) -> str:
        field = f" {self.where.path}:" if self.where.path else ""
        return f"{self.where}:{field} {self.message}"


class ValidationFailed(Exception):
    """Raised once, at the end of a stage, with every problem that stage found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} problem(s) found.")
        return "\n".join(lines)


class BuildError(Exception):
    """A document could not be produced; the message names the document."""
