"""The indexes: one per audience folder, publishable; one for the operator.

reports/<relation>/<audience>/index.html lists that folder's documents alone,
with their first-page thumbnails in the folder's thumbnails/; every link is
relative and stays inside the folder, so the folder can be published as it is
and names no other audience's documents. reports/index.html (beside
manifest.json, outside every audience folder) is the operator's: every
document of every audience, named in Arabic and English, its status and
errors, and a link to each audience's index. `serve` lays out its front page
with the same template.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import Problem
from ..record.yamlnodes import ID
from ..view.digest import digest_of
from ..record.languages import LANGUAGE, REQUIRED_LANGUAGES
from .atomic import write_atomically
from .manifest import Manifest, regular_file_bytes
from ..output.formats import suffixes
from ..render.engine import CompiledTemplates
from ..paths import Project, ReadRefused, is_draft_name, read_confined, write_problem

INDEX = "index.html"
AUDIENCE_INDEX = "index-audience.html"     # the template of an audience folder's index
# A document showing items `draft` proposed: on the operator's index with this status, linked
# below reports/.drafts/ (rebuild/drafts.py), on no audience's.
DRAFT_STATUS = "draft — not for publishing"


def is_draft(name: str, entry: dict) -> bool:
    """A manifest entry of a document showing unconfirmed drafted items: below
    .drafts/ (or, written before drafts went there, marked so in its audience's folder)."""
    return is_draft_name(name) or entry.get("draft") is True


# The index templates compiled once per process (a preview writes the indexes
# at every save): by name, file and the checksum of the source read each time,
# so an edited template is compiled anew. Apart from the documents' cache
# (render/engine.py): compiled code depends on the environment's settings, and
# every environment sharing this one is made by index_environment alike.
COMPILED_INDEXES = CompiledTemplates()


def index_environment(templates: Path | tuple[Path, ...]) -> jinja2.Environment:
    # Templates are edited by many hands: the sandbox, as for documents.
    env = SandboxedEnvironment(loader=IndexLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined,
                               bytecode_cache=COMPILED_INDEXES)
    env.globals["language_words"] = LANGUAGE_WORDS
    return env


# Each document language's name in Arabic and English, for the indexes (and the live preview's pages).
LANGUAGE_WORDS = {code: language.names for code, language in LANGUAGE.items()}


class IndexLoader(jinja2.BaseLoader):
    """The two index templates and nothing else: an index is published beside
    an audience's documents, so it may not include a profile, another
    audience's file or data/. Read by the one read policy (paths.read_confined);
    each from the first template layer that has it (Project.template_layers)."""

    def __init__(self, templates: Path | tuple[Path, ...]):
        self.layers = templates if isinstance(templates, tuple) else (templates,)

    def get_source(self, environment, template):
        if template not in (INDEX, AUDIENCE_INDEX):
            raise jinja2.TemplateNotFound(template)
        layer = next((layer for layer in self.layers if (layer / template).exists()), self.layers[0])
        path = layer / template
        try:
            source = read_confined(path, layer.resolve(), name=template)
        except ReadRefused as refused:
            raise jinja2.TemplateError(f"index template {refused.strerror}; refused") from None
        # Up to date for the environment's life: it is made afresh for each use
        # (one write of the indexes, one page served), so each template is
        # read once there, not once per audience folder (and compiled only
        # when its source changed: COMPILED_INDEXES).
        return source.decode("utf-8"), str(path), lambda: True


def index_row(name: str, entry: dict) -> dict:
    """The fields the index shows for one manifest entry; entries written
    before documents had names fall back to their ids."""
    ids, audience, label = ({lang: entry.get(key, "") for lang in REQUIRED_LANGUAGES} for key in ("relation", "audience", "doc"))
    return {"name": str(PurePosixPath(name).with_suffix("")), "relation": entry.get("relation", ""),
            "audience": entry.get("audience", ""), "doc": entry.get("doc", ""), "lang": entry.get("lang", "en"),
            "title": entry.get("title") or ids, "label": entry.get("label") or label,
            "audience_title": entry.get("audience_title") or audience,
            "pages": entry.get("pages", 0),
            "status": DRAFT_STATUS if is_draft(name, entry) and entry.get("status") != "failed"
            else entry.get("status", ""),
            "built_at": entry.get("built_at", ""), "error": entry.get("error")}


# (folder's path within reports/ as parts, html) -> (write it?, error): the build's leak guard.
IndexGuard = Callable[[tuple, str], "tuple[bool, str | None]"]


def write_index(project: Project, manifest: Manifest, guard: IndexGuard = lambda folder, html: (True, None),
                inputs_key: str | None = None) -> list[str]:
    """Write the indexes; returns the errors of audience indexes the guard
    refused (each left as it was: whatever a template carried into it).
    `inputs_key`: the hash of the template layers and the code (inputs.InputFiles.all):
    given, the indexes are not made again while what they are made from is
    unchanged and each is still the file written (REMEMBERED)."""
    remembered = made_from(project, manifest, inputs_key) if inputs_key else None
    if remembered is not None and still_written(project, remembered):
        return []
    env = index_environment(project.template_layers)
    errors, written = [], {}
    for target, template, context in index_pages(project, manifest.entries, lambda path: path.is_file()):
        content = env.get_template(template).render(**context).encode("utf-8")
        refused = write_problem(target, project.reports, project.shown)
        if refused:      # a linked folder below reports/: never written through
            errors.append(f"{project.shown(target)} not written: {refused}")
            continue
        written[target] = content
        if template == INDEX or unchanged(target, content):
            # The operator's index is never published; an unchanged audience index was
            # judged when it was written (a no-op rebuild need not search again).
            write_if_changed(target, content, project.reports)
            continue
        # Judged as the audience whose folder it goes to, not as its entries say
        # (a forged entry would have another audience's text judged as theirs).
        write, error = guard(target.parent.relative_to(project.reports).parts, content.decode("utf-8"))
        if error:
            errors.append(error)
        if write:
            write_atomically(target, content, project.reports)
    if remembered is not None and not errors:
        remember(project, remembered, written)
    return errors


# reports/.indexes.json: the hash of what the indexes were last made from and
# of each index written. A hidden file the indexes do not list, read as
# untrusted input: anything but its exact shape, or an index that is not the
# file it names, and the indexes are made again (costing time, nothing else).
REMEMBERED = ".indexes.json"


def made_from(project: Project, manifest: Manifest, inputs_key: str) -> str | None:
    """The hash of everything the indexes are made from — the manifest's
    entries, which of their outputs and thumbnails are on disk, the templates
    and code (`inputs_key`) — or None if a folder below reports/ is a link
    (then each index is judged as it is written: paths.write_problem)."""
    folders, present = set(), []
    for name in sorted(manifest.entries):
        output = project.reports / name
        folders.update((output.parent, output.parent.parent))
        present.append((name, os.path.isfile(output), os.path.isfile(project.thumbnail_path(output))))
    if any(os.path.islink(folder) for folder in folders):
        return None
    return digest_of([inputs_key, manifest.entries, present])


def still_written(project: Project, made: str) -> bool:
    """Were the indexes last made from `made`, and is each still the file then written?"""
    try:
        known = json.loads(regular_file_bytes(project.reports / REMEMBERED) or b"null")
    except ValueError:
        return False
    if not (isinstance(known, dict) and known.get("version") == 1 and known.get("made_from") == made
            and isinstance(known.get("files"), dict)):
        return False
    return all(isinstance(name, str) and INDEX_PATH.match(name) and isinstance(digest, str)
               and hashlib.sha256(regular_file_bytes(project.reports / name) or b"").hexdigest() == digest
               for name, digest in known["files"].items())


# reports/index.html and <relation>/<audience>/index.html, by their names under reports/.
INDEX_PATH = re.compile(rf"^(?:{ID}/{ID}/)?{re.escape(INDEX)}$")


def remember(project: Project, made: str, written: dict[Path, bytes]) -> None:
    files = {target.relative_to(project.reports).as_posix(): hashlib.sha256(content).hexdigest()
             for target, content in written.items()}
    text = json.dumps({"version": 1, "made_from": made, "files": files}, sort_keys=True)
    try:
        write_atomically(project.reports / REMEMBERED, text.encode(), project.reports)
    except OSError:      # costs the next build the time to make them again
        pass


def index_pages(project: Project, entries: dict[str, dict], exists: Callable[[Path], bool]):
    """(file, template, what it receives) for reports/index.html and each
    audience folder's index, from manifest entries; `exists` says which
    outputs and thumbnails are on disk."""
    rows, folders, by_name = [], defaultdict(list), {}
    titles: dict[Path, dict] = {}       # folder -> its audience's title, drafts' included
    # The default format's entries first: another format's file (a .docx) is
    # listed in its PDF's row (`formats`), or in a row of its own if it has no PDF.
    for name, entry in sorted(entries.items(), key=lambda item: ("format" in item[1], item[0])):
        output, fields = project.reports / name, index_row(name, entry)
        row, folder_row = by_name.get(fields["name"], (None, None)) if "format" in entry else (None, None)
        if row is None:
            row = {**fields, "link": name, "pdf": name, "formats": [],
                   "thumbnail": shown_thumbnail(project, output, project.reports, exists)}
            rows.append(row)
        else:
            row["formats"].append({"format": entry["format"], "link": name, "status": fields["status"],
                                   "error": fields["error"]})
        if is_draft_name(name):      # the operator's alone: no audience folder's
            by_name[fields["name"]] = row, None
            continue
        if exists(output):      # a folder of drafts only still has its audience's title
            titles.setdefault(output.parent, fields["audience_title"])
        if entry.get("draft") is True:      # one written there before drafts went to .drafts/
            if exists(output):
                folders.setdefault(output.parent, [])     # its folder's index is still written, without it
            by_name[fields["name"]] = row, None
            continue
        if exists(output) and folder_row is None:
            folder_row = {**fields, "link": output.name, "pdf": output.name, "error": None, "formats": [],
                          "thumbnail": shown_thumbnail(project, output, output.parent, exists)}
            folders[output.parent].append(folder_row)
        elif exists(output):
            folder_row["formats"].append({"format": entry["format"], "link": output.name})
        by_name[fields["name"]] = row, folder_row
    audiences = [folder.relative_to(project.reports).as_posix() for folder in sorted(folders)]
    yield project.reports / INDEX, INDEX, {"rows": rows, "live": False, "audiences": audiences}
    for folder, documents in folders.items():
        # Only documents whose file is there, linked by name within the folder;
        # no status or error text (those name paths and belong to the operator).
        yield folder / INDEX, AUDIENCE_INDEX, {"documents": documents, "audience_title": titles.get(folder, {})}


def shown_thumbnail(project: Project, output: Path, relative_to: Path, exists: Callable[[Path], bool]) -> str | None:
    """The output's thumbnail as a link from `relative_to`, if there is one."""
    thumbnail = project.thumbnail_path(output)
    return thumbnail.relative_to(relative_to).as_posix() if exists(thumbnail) else None


def index_problems(project: Project, entries: dict[str, dict]) -> list[Problem]:
    """Render the indexes of these (planned) entries, as if every document were
    built, and name each template error by file and line: an index template that
    fails on real data (`{{ documents[0].__class__ }}`) fails `check`, not the
    build after every document was written. The live preview's front page too."""
    from ..render.engine import template_problem
    env = index_environment(project.template_layers)
    pages = list(index_pages(project, entries, lambda path: True))
    pages.append((None, INDEX, {"rows": pages[0][2]["rows"], "live": True, "problems": [], "activity": ""}))
    problems = {}
    for _, template, context in pages:
        try:
            env.get_template(template).render(**context)
        except Exception as err:    # a filter's TypeError as much as Jinja's own errors
            fallback = project.shown(project.templates / template)
            problems.setdefault(template, template_problem(err, project, fallback, "the index"))
    return list(problems.values())




def unchanged(path: Path, content: bytes) -> bool:
    """Is `path` a regular file holding `content`? Anything else (a FIFO put
    there would block the build, holding the lock) is not ours: it is
    replaced by the atomic rename, which never opens it."""
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer; O_NOFOLLOW: nor a link.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    with os.fdopen(handle, "rb") as file:
        return stat.S_ISREG(os.fstat(file.fileno()).st_mode) and file.read() == content


def write_if_changed(path: Path, content: bytes, reports: Path) -> None:
    """Every build rewrites the indexes; an unchanged one keeps its file (and
    its time), so a mirror of a published folder does not send it again."""
    if not unchanged(path, content):
        write_atomically(path, content, reports)


def remove_emptied_folder(project: Project, folder: Path) -> None:
    """After an audience folder's last document was pruned: its index, its
    thumbnails/ and the folders themselves, if nothing else is in them."""
    if any(any(folder.glob(f"*{suffix}")) for suffix in suffixes()) or write_problem(folder / INDEX, project.reports):
        return      # an output is left (a linked folder: never removed through)
    (folder / INDEX).unlink(missing_ok=True)
    # Up to reports/ itself: a draft's folder is one level deeper (reports/.drafts/relation/audience).
    above = folder.parents[:len(folder.relative_to(project.reports).parents) - 1]
    for empty in (project.thumbnail_path(folder / "x").parent, folder, *above):
        try:
            empty.rmdir()
        except OSError:
            return    # not empty (or not there): leave it
