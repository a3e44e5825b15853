"""What a build did: each document's outcome and the totals (build.build;
run.py says them), apart from build.py so a no-op known at a glance
(rebuild/unchanged.py) need not import what a render needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional


@dataclass
class Outcome:
    job: Any        # build.Job; for a no-op known at a glance, unchanged.Known
    status: str                     # built | up to date | failed
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    error: Optional[str] = None
    peak_rss_mb: float = 0.0
    invalid: bool = False           # failed on a template error (exit 2)
    # editorial (code, message): parts left out, type shrunk; not those the data accepts
    warnings: list[tuple[str, str]] = field(default_factory=list)
    changed: Optional[bool] = None  # its items differ from the last issue's; None: no earlier issue
    # Where its file is when not the job's output: below reports/.drafts/ while it
    # shows unconfirmed drafted items (rebuild/drafts.py).
    draft_output: Any = None

    @property
    def path(self):
        """Where its file is (or would be, had it not failed)."""
        return self.draft_output or self.job.output

    @property
    def is_draft(self) -> bool:
        """Its file is below reports/.drafts/: not for publishing."""
        return self.draft_output is not None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Slower-path notices (a missing system library), each once however many
    # documents and workers met it: the output is right, so no document fails.
    notices: list[str] = field(default_factory=list)
    index_error: Optional[str] = None     # an index template failed (the documents are written)
    errors: list[str] = field(default_factory=list)     # not a document's: an index the guard refused
    unkept_issues: str = ""     # no earlier issue kept for documents built: said once, before the rest

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def text(self) -> str:
        built = [o for o in self.outcomes if o.status == "built"]
        pages = sum(o.pages for o in built)
        line = (f"{len(built)} written, {pages} page{'' if pages == 1 else 's'}, "
                f"{self.count('up to date')} up to date, {self.seconds:.1f} s")
        if self.removed:
            line += f"; {len(self.removed)} removed"
        if self.failures:
            line += f"; {len(self.failures)} failed: " + ", ".join(o.job.name for o in self.failures)
        if self.errors:
            line += f"; {len(self.errors)} index(es) not written"
        if any(o.changed is not None for o in built):
            line += f"; {sum(bool(o.changed) for o in built)} changed in content since the last issue"
        drafts = sum(1 for o in self.outcomes if o.is_draft and o.status != "failed")
        if drafts:      # written or up to date: either way not published (docs/drafting.md)
            line += f"; {drafts} draft(s) below .drafts/, not for publishing"
        return line


Progress = Callable[[int, int, Outcome], None]


def up_to_date(job, entry: dict, warnings: list[tuple[str, str]], draft_output=None) -> Outcome:
    return Outcome(job, "up to date", pages=entry.get("pages", 0), bytes=entry.get("bytes", 0), warnings=warnings,
                   draft_output=draft_output)
