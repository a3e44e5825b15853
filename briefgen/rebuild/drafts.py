"""Where a document showing unconfirmed drafted items goes (docs/drafting.md).

Its view holds "draft" (view/select.py: an item `draft` proposed and no
analyst confirmed). Such a document is not for publishing, and an audience's
folder may be published as it is: so it is written below reports/.drafts/, at
its audience path (Project.draft_path), with every file beside it and its own
manifest entry. The audience's file — its companions, manifest entry and kept
issue — stays as it was, byte for byte, or absent if it never was published.
Once the items are confirmed (or removed), the build that finds the document
built or up to date without them removes the draft left below .drafts/.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

from ..errors import Location, Problem
from ..paths import DRAFTS, Project, confined, write_problem
from .index import remove_emptied_folder
from .manifest import Manifest, manifest_name


def shows_draft(view: Optional[dict]) -> bool:
    """Does this view show an unconfirmed drafted item? (None: a view that failed.)"""
    return view is not None and "draft" in view


def destination(job, view: Optional[dict], project: Project) -> Path:
    """Where the document rendered from `view` is written (build.Job)."""
    return project.draft_path(job.output) if shows_draft(view) else job.output


def remove_stale(job, project: Project, manifest: Manifest, notify: Callable[[str], None]) -> None:
    """The draft a document no longer is (its items confirmed): its file, the
    files beside it and its manifest entry, if any. Only below reports/
    (paths.confined), every file judged before any is removed."""
    draft = project.draft_path(job.output)
    name = manifest_name(draft, project)
    if manifest.get(name) is None and not os.path.lexists(draft):
        return
    files = [draft, *job.writer.companions(project, draft).values()]
    try:
        for path in files:
            confined(path, project.reports, project.shown)
        for path in files:
            path.unlink(missing_ok=True)
    except OSError as err:      # named as every path in a message is, relative to the project
        reason = f"{project.shown(Path(err.filename))}: {err.strerror}" if err.filename and err.strerror else err
        notify(f"warning: {name}, a draft since confirmed, not removed: {reason}")
        return
    manifest.remove(name)
    remove_emptied_folder(project, draft.parent)


def folder_problems(project: Project, jobs) -> list[Problem]:
    """What would keep a build from writing a draft of these jobs (build.Job),
    named by check before one is needed: reports/.drafts/ a file, or a link at
    or below it down to an audience's folder — as a linked audience folder is
    named (Project.output_path). The build itself then fails only the drafts."""
    drafts = project.reports / DRAFTS
    if not drafts.is_symlink() and drafts.exists() and not drafts.is_dir():
        return [Problem(Location(project.shown(drafts)), "not a folder: no draft can be written below it; "
                                                        "remove it (a build makes the folder)")]
    problems = {}
    for folder in {project.draft_path(job.output).parent for job in jobs}:
        problem = write_problem(folder, project.reports, project.shown)
        if problem:
            link = next((p for p in (folder, *folder.parents) if p.is_symlink()), folder)
            problems[link] = problem
    return [Problem(Location(project.shown(link)), f"{problem}; refused (remove the link: a build writes "
                                                   f"only into real folders below {project.shown(project.reports)}/)")
            for link, problem in sorted(problems.items())]
