"""A document's inputs, each named and hashed: the up-to-date check's first,
cheap question (build.sort_out).

Everything a document is made from, as named hashes (`INPUTS`, the one table
to extend when a document comes to depend on something more):
- its relationship's file and the entity files, as the bytes the loader parsed
  (Record.digests: no second read that a save could slip between);
- every file its render may read — the templates, stylesheets, profile, logo
  and strings on its audience's search path, templates/documents.yaml, the
  fonts (Project.refusal) — and the briefgen code;
- the versions of the libraries the view and the render run;
- its options: date of issue, paper, digits, PDF variant, marks, creation date,
  the figures' frame, the one-off variant, the format;
- the last issue's view it is compared with ("new since the last issue",
  rebuild/issues.py), or none.

The manifest remembers the digest of these beside the output's key. A build
that finds the same digest takes the document as up to date without computing
its view; any other goes on to compute the view and compare the output's key
as before, and only a changed key renders. So an input missing from this table
would leave a document stale: tests/test_rebuilds.py changes each one.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..paths import Project, relative_name
from ..view.digest import digest_of
from .fingerprint import CODE
from .manifest import MISSING, FileHashes, files_below, tool_versions

if TYPE_CHECKING:      # the record's reader: not a no-op's import (unchanged.py)
    from ..record.validate import Inputs

_hashes = FileHashes()     # a long-lived watch or preview reads a file again only when it changed

# Libraries whose version can change a view or a render beyond what
# manifest.tool_versions names: label widths (uharfbuzz), dates (hijridate),
# direction (python-bidi), templates (Jinja2, MarkupSafe), the YAML read,
# WeasyPrint's own parsers and font subsetting.
LIBRARIES = ("uharfbuzz", "hijridate", "python-bidi", "Jinja2", "MarkupSafe", "PyYAML", "tinycss2",
             "cssselect2", "tinyhtml5", "fonttools", "pyphen", "pillow", "brotli", "zopfli")


@lru_cache(maxsize=1)
def library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version
    found = dict(tool_versions())
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = MISSING
    return digest_of(found)


def installed() -> list[str]:
    """The metadata folder of every distribution on the import path, in the
    order it is searched: each is named <name>-<version>.dist-info (or
    .egg-info), so a library installed, removed, upgraded or shadowed changes
    the list, as it would change library_versions. One listing per folder,
    no metadata read."""
    found = []
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        found += [f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info"))]
    return found


def sorted_files_below(folder: Path) -> list[Path]:
    """The regular files (and links to them) of files_below, in the order of
    sorted(folder.rglob("*")): part by part, so "a/b" comes before "a-c".
    os.walk and strings: pathlib's listing and sorting were most of a save's
    hashing in the preview (docs/scale.md)."""
    if "__pycache__" in folder.parts:
        return []
    found = [path for path in files_below(str(folder)) if os.path.isfile(path)]
    found.sort(key=lambda path: path.split(os.sep))
    return [Path(path) for path in found]


class InputFiles:
    """The content hashes of every file under the template layers and fonts/,
    and of the code, taken BEFORE `check` reads the profiles, strings and kinds
    (run.run, the preview): a file saved after this differs from what the
    manifest remembers, so the next build looks again (a hash taken after the
    read could describe a newer file than the one the view was made from)."""

    def __init__(self, project: Project):
        folders = [*project.template_layers, project.fonts, CODE]
        self.hashes = {path: _hashes.of(path) for folder in folders for path in sorted_files_below(folder)}
        self.layers = project.template_layers
        self.installed = installed()

    def all(self) -> str:
        """The digest of every file here and of the libraries' versions."""
        return digest_of([self._files(), library_versions()])

    def at_a_glance(self) -> str:
        """The digest of every file here and of what is installed, by name and
        version (`installed`): what a no-op known at a glance is keyed by
        (unchanged.py), cheaper than asking each library its version."""
        return digest_of([self._files(), self.installed])

    def _files(self) -> list[tuple[str, str]]:
        return [(str(path), value) for path, value in self.hashes.items()]

    def of_audience(self, folders: tuple[Path, ...]) -> str:
        """The digest of the files a document of an audience whose folders
        these are may read (Project.refusal): not another audience's folder."""
        others = [layer / "audiences" for layer in self.layers]
        return digest_of([(str(path), value) for path, value in self.hashes.items()
                       if not any(path.is_relative_to(o) for o in others)
                       or any(path.is_relative_to(f) for f in folders)])


class InputHashes:
    """The named hashes of each job's inputs, for one build: what is shared by
    an audience's documents is hashed once per audience."""

    def __init__(self, project: Project, inputs: Inputs, files: InputFiles):
        self.project, self.inputs, self.files = project, inputs, files
        self._rendering: dict[str, str] = {}
        # {output path: the digest of the last issue's view it compares with}, set by
        # build.sort_out before it asks for the key (rebuild/issues.py reads the issues).
        self.previous: dict[Path, str] = {}
        # Named as Project.shown names them, worked out once a build (relative_name is most of a key's cost).
        self._reports, self._fonts = project.shown(project.reports), project.shown(project.fonts)
        entity_files = [relative_name(path, project.root) for path in project.entity_files()]
        self.entities = digest_of([(name, inputs.record.digests.get(name, MISSING)) for name in entity_files])

    def rendering(self, audience) -> str:
        """Every file a document of this audience may read while it renders, and the code."""
        if audience.name not in self._rendering:
            self._rendering[audience.name] = self.files.of_audience(audience.search_folders)
        return self._rendering[audience.name]

    def relation(self, job) -> str:
        relationship = self.inputs.record.relationships[job.relation]
        return self.inputs.record.digests.get(relationship.file, MISSING)

    def options(self, job) -> str:
        # The output, reports/<relation>/<audience>/<file>, as Project.shown names it.
        below = job.output.relative_to(self.project.reports).parts
        output = "/".join((self._reports, *below) if self._reports != "." else below)
        return digest_of({"options": plain_options(job.options, self.project, self._fonts), "variant": job.variant,
                       "format": job.writer.format, "output": output})

    def of(self, job) -> dict[str, str]:
        """{input's name: its hash} for this job."""
        return {name: hash_of(self, job) for name, hash_of in INPUTS.items()}

    def key(self, job) -> str:
        """The digest of all of them, as the manifest remembers it ("input_key")."""
        return digest_of(self.of(job))

# The inputs a document is made from, by name (see the module's docstring).
INPUTS: dict[str, Callable[[InputHashes, object], str]] = {
    "relation": InputHashes.relation,
    "entities": lambda hashes, job: hashes.entities,
    "rendering": lambda hashes, job: hashes.rendering(job.options.audience),
    "libraries": lambda hashes, job: library_versions(),
    "options": InputHashes.options,
    "previous": lambda hashes, job: hashes.previous.get(job.output, MISSING),
}


def plain_options(options, project: Project, fonts_shown: str | None = None) -> dict:
    """Every field of a document's Options as plain values: the audience and
    kind by name (their files are in "rendering"), paths as the project names
    them (`fonts_shown`: project.shown(options.fonts), if the caller has it)."""
    plain = {}
    for field in dataclasses.fields(options):
        value = getattr(options, field.name)
        if hasattr(value, "name") and not isinstance(value, str) and field.name in ("audience", "kind"):
            value = value.name
        elif field.name == "fonts":
            value = fonts_shown if fonts_shown is not None and value == project.fonts else project.shown(value)
        plain[field.name] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
    return plain
