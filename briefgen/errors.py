"""Problems found in the data or templates, reported together and by place."""
from __future__ import annotations

from dataclasses import dataclass

# Exit statuses: 0 all written or up to date; 1 some document failed (each
# named); 2 invalid data, templates or options (every problem listed as
# file:line:column: field: message; valid relationships are still built);
# 3 another build holds reports/ (--no-wait).
EXIT_FAILED, EXIT_INVALID, EXIT_LOCKED = 1, 2, 3


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


def problems_json(problems) -> list[dict]:
    """Problems and warnings; a warning also has its `code`."""
    return [{**({"code": p.code} if p.code else {}), "file": p.where.file, "line": p.where.line,
             "column": p.where.column, "field": p.where.path, "message": p.message} for p in sorted(set(problems))]
