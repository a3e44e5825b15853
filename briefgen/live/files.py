"""What the preview may read from disk, decided in one place for every route.

reports/ is written by builds but can be edited by anyone who can write the
project: a thumbnail or PDF replaced by a link to data/ (the record, with what
clearance removes) or to another audience's folder must not be served. So a
file is read only as every reader reads (paths.read_confined): links resolved,
inside the folder it belongs to, a regular file with no other hard link.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..output.pdf import PdfWriter
from ..paths import DRAFTS, Project, read_confined


def read_inside(path: Path, root: Path, *below: str) -> Optional[bytes]:
    """The bytes of `path` if the read policy allows it from root/below...;
    None otherwise (missing, a folder, elsewhere, or a hard link to any file).

    `root` may itself be a link (reports/ on another disk); the folders
    `below` it may not: reports/<relation>/<audience> must be that very folder,
    not a link to another audience's."""
    try:
        return read_confined(path, root.resolve(strict=True).joinpath(*below))
    except (OSError, RuntimeError):   # refused, missing, or a loop of links
        return None


def read_output(project: Project, row: dict, pdf: bool) -> Optional[bytes]:
    """A document's PDF (or its thumbnail), found by the build's own path rule
    from its index row, read only from its own audience's folder; its draft
    below reports/.drafts/ first (rebuild/drafts.py: there only while the
    document shows unconfirmed items, so the newer of the two)."""
    try:
        path = project.output_path(row["relation"], row["audience"], row["doc"], row["lang"], PdfWriter.suffix)
    except ValueError:   # reports/<relation> or <audience> is a link out of reports/
        return None
    draft = project.draft_path(path)
    found = read_inside(draft if pdf else project.thumbnail_path(draft), project.reports,
                        DRAFTS, row["relation"], row["audience"])
    return found if found is not None else read_inside(path if pdf else project.thumbnail_path(path),
                                                       project.reports, row["relation"], row["audience"])
