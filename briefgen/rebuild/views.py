"""A document's view, its hash and what changed since its last issue, made
where it is wanted: by the build process (build.sort_out) when few documents
need one, by the local worker that renders it when many do (a full build:
a new date of issue changes every view), so a full build's serial part is
the plan and the hashing of inputs, not the views.

A local worker is one of our own processes: it may be given the record. It
gets only what the view reads (`Recipe`: the document's relationship, the
entities, the template words, the last issue kept) and, when the output on
disk may be up to date, the key the manifest remembers for it: the worker
compares the output's key as the build would have and renders nothing if it
is the same (a comment edited, the code changed without changing this view).
A Dask worker never gets a Recipe: for --cluster the build computes each view,
already cleared for its audience (rebuild/cluster.py), so no worker there
sees the record.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from ..paths import Project
from ..record.model import Record
from ..view.changes import compare, with_changes
from ..view.digest import view_digest
from ..view.select import document_view
from .drafts import shows_draft
from .issues import Issue
from .manifest import Dependencies, FileHashes, current_key, resolver

# Views are made by the workers when a build has more than this many per local
# worker to make: fewer cost the build process less (about 5 ms each) than
# starting workers that may find nothing to render (a comment edited in one
# relationship file: its dozen documents keep their output keys).
ON_WORKERS_ABOVE = 20


@dataclass(frozen=True)
class Recipe:
    """What a local worker needs to make one document's view."""
    record: Record                 # the document's relationship and the entities, nothing else
    strings: dict                  # templates/strings.yaml, as the build read it
    earlier: Optional[Issue]       # the last issue kept before this date, or None
    kept: Optional[tuple[str, Dependencies]] = None   # the manifest's key and files of the output on disk
    kept_draft: Optional[tuple[str, Dependencies]] = None    # those of its draft (rebuild/drafts.py)


def recipe(record: Record, relation: str, strings: dict, earlier: Optional[Issue],
           kept: Optional[tuple[str, Dependencies]], kept_draft: Optional[tuple[str, Dependencies]] = None) -> Recipe:
    own = Record(entities=record.entities, relationships={relation: record.relationships[relation]},
                 section_ids=record.section_ids)
    return Recipe(own, strings, earlier, kept, kept_draft)


def view_of(job, record: Record, strings: dict, earlier: Optional[Issue]) -> tuple[dict, str]:
    """(the view, its hash): the last issue's view is one more input of the
    output's key, what the "new since the last issue" box compares with."""
    view = document_view(record, record.relationships[job.relation], job.options, strings)
    if earlier is not None and job.options.shows_changes:
        view = with_changes(view, earlier.view, earlier.issued)
    return view, view_digest(view) if earlier is None else view_digest({"view": view, "earlier": earlier.digest})


def changed_since(earlier: Optional[Issue], view: dict) -> Optional[bool]:
    """Whether its items differ from the last issue's (None: no earlier issue kept)."""
    return None if earlier is None else bool(compare(earlier.view, view))


class CurrentKeys:
    """Outputs' keys as the files are now (each template resolved once per audience)."""

    def __init__(self, project: Project):
        self.project, self.hashes, self.resolvers = project, FileHashes(), {}

    def of(self, job, view_hash: str, deps: Dependencies) -> str:
        from ..render.engine import audience_environment
        audience = job.options.audience
        if audience.name not in self.resolvers:
            env = audience_environment(self.project.template_layers, audience.search_folders)
            self.resolvers[audience.name] = resolver(env, self.project.root)
        return current_key(view_hash, deps, self.project.root, self.hashes, self.resolvers[audience.name])


def realise(project: Project, task, keys: CurrentKeys):
    """On a local worker: the task with its view made from its recipe (and the
    recipe dropped: the build has the record), and whether the output on disk
    is already what it would render."""
    made = task.recipe
    view, view_hash = view_of(task.job, made.record, made.strings, made.earlier)
    done = replace(task, view=view, view_hash=view_hash, changed=changed_since(made.earlier, view), recipe=None)
    kept = made.kept_draft if shows_draft(view) else made.kept     # the file its view would be written to
    return done, kept is not None and kept[0] == keys.of(task.job, view_hash, kept[1])


def workers_make_views(stale: int, workers: int, cluster, pool) -> bool:
    """Whether the views of `stale` documents are made on the workers: only in
    the build's own pool of local processes (not a cluster's: those never see
    the record; not serve's warm pool, which renders a few at a time), and
    when there are more than ON_WORKERS_ABOVE per worker."""
    return cluster is None and pool is None and workers > 1 and stale > ON_WORKERS_ABOVE * workers
