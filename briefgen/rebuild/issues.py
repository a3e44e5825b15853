"""The issues a build kept: per document, the cleared view each date of issue
was rendered from, so the next issue can say what is new since (view/changes.py).

    reports/.issues/<relation>/<audience>/<doc>.<lang>[.<variant>]/<YYYY-MM-DD>.json

Under reports/ (a build writes nowhere else) but outside every audience's
folder, which may be published: a view holds what its audience was cleared
for and nothing more (view/clearance.py ran before it was made), so the
press office's stored views hold only public text; the delegation's hold
restricted text and must not be published, like reports/manifest.json.
Written atomically, read only as regular files inside reports/ (a link put
there is refused, never followed), and a file that is not a stored view is
skipped with a warning: it costs the box, never the document.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..paths import Project, ReadRefused, read_confined
from ..view.changes import Changes, compare, stored_view
from ..view.digest import digest_of
from .atomic import write_atomically

FOLDER = ".issues"
ISSUE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")


@dataclass(frozen=True)
class Issue:
    issued: dt.date
    view: dict          # the stored view (view/changes.py: stored_view), as read back
    digest: str         # of that view: an input of the next issue's key


def folder_of(project: Project, relation: str, audience: str, stem: str) -> Path:
    """Where one document's issues are kept; `stem` is <doc>.<lang>[.<variant>]."""
    return project.reports / FOLDER / relation / audience / stem


def stored_bytes(view: dict) -> bytes:
    """The file that keeps the view an issue was rendered from."""
    return json.dumps(stored_view(view), sort_keys=True, ensure_ascii=False, default=str, indent=0).encode("utf-8")


def keep(project: Project, folder: Path, issued: dt.date, view: dict) -> None:
    """Store the view an issue was rendered from (OSError if it cannot be written)."""
    write_atomically(folder / f"{issued.isoformat()}.json", stored_bytes(view), project.reports)


def dates_of(folder: Path) -> list[dt.date]:
    """The dates of issue kept in a document's folder, earliest first."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in folder.iterdir():
        match = ISSUE_FILE.match(path.name)
        if match:
            try:
                found.append(dt.date.fromisoformat(match.group(1)))
            except ValueError:
                continue
    return sorted(found)


def previous(project: Project, folder: Path, issued: dt.date,
             warn: Callable[[str], None] = lambda message: None,
             dates: Optional[list[dt.date]] = None) -> Optional[Issue]:
    """The last issue kept with a date before `issued` (one that cannot be
    read is skipped, with a warning), or None. `dates`: the folder's
    dates_of, if the caller has listed it already."""
    for day in reversed([d for d in (dates_of(folder) if dates is None else dates) if d < issued]):
        issue = read(project, folder, day, warn)
        if issue is not None:
            return issue
    return None


def read(project: Project, folder: Path, day: dt.date, warn: Callable[[str], None]) -> Optional[Issue]:
    path = folder / f"{day.isoformat()}.json"
    shown = project.shown(path)
    try:
        through = link_on_the_way(project, path)
        if through:
            raise ReadRefused(0, f"{shown!r} is {through}, not this document's own file")
        size = path.stat().st_size
        if size > MAX_ISSUE_BYTES:
            raise ValueError(f"{size:,} bytes; a stored view is under {MAX_ISSUE_BYTES:,}")
        view = json.loads(read_confined(path, project.reports.resolve(), name=shown))
    except ReadRefused as refused:
        warn(f"warning: {refused.strerror}; not read as an earlier issue")
        return None
    except (OSError, ValueError) as err:
        warn(f"warning: {shown}:1:1: not a stored view ({err}); skipped")
        return None
    wrong = not_this_documents(view, folder)
    if wrong:
        warn(f"warning: {shown}:1:1: not a stored view of this document ({wrong}); skipped")
        return None
    return Issue(day, view, digest_of(view))


# A stored view holds one document's cleared record: the shipped one's is about
# 60 KB; a record at every limit (README: Limits) stays well under this.
MAX_ISSUE_BYTES = 8_000_000


def link_on_the_way(project: Project, path: Path) -> str:
    """What leads `path` elsewhere than its name says (a link to …), or "" if
    nothing does, no link on the way from reports/: a link inside reports/ to
    another audience's kept issue would show that audience's items as this
    one's (what it may not see)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):      # a loop of links
        return "a loop of links"
    if resolved == project.reports.resolve() / path.relative_to(project.reports):
        return ""
    return f"a link to {resolved}"


def not_this_documents(view, folder: Path) -> str:
    """Why `view` is not a stored view of the document whose issues `folder`
    keeps (reports/.issues/<relation>/<audience>/<doc>.<lang>[.<variant>]), or "":
    an object with a chronology, made for this audience, kind and language (a
    copy of another audience's file, or `{}`, would make the box say anything)."""
    if not isinstance(view, dict) or not isinstance(view.get("chronology"), list):
        return "expected an object with a chronology"
    doc, _, rest = folder.name.partition(".")
    lang = rest.partition(".")[0]
    audience = view.get("audience") if isinstance(view.get("audience"), dict) else {}
    made_for = (audience.get("name"), view.get("kind"), view.get("lang"))
    if made_for != (folder.parent.name, doc, lang):
        return f"it was made for {'/'.join(str(part) for part in made_for)}"
    return ""


def documents(project: Project) -> list[tuple[str, str, str, Path]]:
    """(relation, audience, stem, folder) of every document with kept issues."""
    root = project.reports / FOLDER
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted((relation.name, audience.name, stem.name, stem)
                  for relation in sorted(root.iterdir()) if relation.is_dir() and not relation.is_symlink()
                  for audience in sorted(relation.iterdir()) if audience.is_dir() and not audience.is_symlink()
                  for stem in sorted(audience.iterdir()) if stem.is_dir() and not stem.is_symlink())


@dataclass(frozen=True)
class DocumentChanges:
    """What one document's latest issue changed against an earlier one."""
    relation: str
    audience: str
    document: str                 # <doc>.<lang>[.<variant>]
    issued: dt.date               # its latest issue
    since: Optional[dt.date]      # the issue compared with; None: none kept (everything is added)
    changes: Changes

    def as_json(self) -> dict:
        return {"relation": self.relation, "audience": self.audience, "document": self.document,
                "issued": self.issued.isoformat(), "since": self.since.isoformat() if self.since else None,
                **self.changes.as_json()}


def latest_changes(project: Project, since: Optional[dt.date] = None,
                   warn: Callable[[str], None] = lambda message: None) -> list[DocumentChanges]:
    """For every document with kept issues: its latest issue against the issue
    before it, or, with `since`, against the last issue of that date or before
    (none: everything it shows counts as added)."""
    found = []
    for relation, audience, stem, folder in documents(project):
        dates = dates_of(folder)
        # The last issue that reads as one: a damaged later file is named, not the end of the document.
        latest = previous(project, folder, dates[-1] + dt.timedelta(days=1), warn) if dates else None
        if latest is None:
            continue
        earlier_dates = [d for d in dates if (d <= min(since, latest.issued) if since else d < latest.issued)]
        earlier = previous(project, folder, max(earlier_dates) + dt.timedelta(days=1), warn) if earlier_dates else None
        found.append(DocumentChanges(relation, audience, stem, latest.issued, earlier and earlier.issued,
                                     compare(earlier.view if earlier else {}, latest.view)))
    return found
