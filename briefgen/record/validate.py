"""Validate the record: audience profiles, data and template words, every
problem reported at once. The stages after this one add their own checks of
what they read (render/checks.py: templates and fonts) before a build.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .audiences import Audience, check_sections, load_audiences
from .kinds import Kind, load_kinds
from ..errors import Location, Problem, ValidationFailed
from .load import load_record_partly
from .languages import LANGUAGES
from .model import Record, Relationship
from ..paths import Project, named_file, read_confined
from .walk import texts_of
from .words import load_strings
from . import limits
from .yamlnodes import MAX_FILE_BYTES, find_node, location_of


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, validated: data, audiences, template words.
    `record` holds only valid relationships; `problems` are those of the
    relationship files left out (reported, and the build exits 2)."""
    record: Record
    audiences: dict[str, Audience]
    strings: dict
    problems: tuple[Problem, ...] = ()
    invalid: tuple[str, ...] = ()       # ids (file names) of the relationships left out
    kinds: dict[str, Kind] = field(default_factory=dict)    # the document kinds (templates/documents.yaml)


@dataclass
class Reading:
    """What reading the record found, before later stages add the problems of
    their own inputs: `fatal` problems are shared by every document (profiles,
    entities, templates, fonts); `per_file` leaves one relationship out."""
    record: Record
    audiences: dict[str, Audience] | None
    strings: dict | None
    fatal: list[Problem] = field(default_factory=list)
    per_file: dict[str, list[Problem]] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)

    def leave_out(self, relationship: Relationship, problems: list[Problem]) -> None:
        if problems:
            self.per_file.setdefault(relationship.file, []).extend(problems)

    def inputs(self) -> Inputs:
        """The validated inputs, or ValidationFailed with every problem."""
        problems = tuple(p for found in self.per_file.values() for p in found)
        if self.fatal:
            raise ValidationFailed(self.fatal + list(problems))
        kept = {id_: rel for id_, rel in self.record.relationships.items() if rel.file not in self.per_file}
        invalid = tuple(sorted(Path(file).stem for file in self.per_file))
        return Inputs(Record(self.record.entities, kept, self.record.section_ids, self.record.digests), self.audiences, self.strings,
                      problems, invalid, self.kinds)


def read(project: Project) -> Reading:
    """Read document kinds, audiences, data and template strings, each problem found."""
    escapes = links_out_of_project(project)
    if escapes:         # refused unread: nothing below may read a file a link leads to
        raise ValidationFailed(escapes)
    fatal: list[Problem] = []
    audiences = strings = None
    kinds: dict[str, Kind] = {}
    try:
        kinds = load_kinds(project.template_layers, project.shown)
        audiences = load_audiences(project.template_layers, project.root, tuple(kinds))
    except ValidationFailed as failed:
        fatal += failed.problems
    record, shared, per_file = load_record_partly(project.data, set(audiences) if audiences else None,
                                                  project.root, project.entity_files())
    fatal += shared
    if audiences:
        fatal += check_sections(audiences, record.section_ids, written_in(project, per_file))
    try:
        strings = load_strings(project.template_file("strings.yaml"),
                               project.shown(project.template_file("strings.yaml")), tuple(kinds))
    except ValidationFailed as failed:
        fatal += failed.problems
    if audiences and strings:
        fatal += languages_without_words(audiences, strings, project)
    reading = Reading(record, audiences, strings, fatal, per_file, kinds)
    for relationship in record.relationships.values():
        reading.leave_out(relationship, over_limits(relationship, project))
    return reading


def written_in(project: Project, unread: dict[str, list[Problem]]):
    """Whether an id is declared (`id: <it>`) in one of the relationship files
    that could not be read (`unread`: by the name shown): a section a profile
    lists may be declared there, and the file's own problems say what to fix; the profile,
    which every document shares, is not refused for it (a half-saved file under
    `serve` would stop every document). The files are read only if asked."""
    @functools.cache
    def texts() -> tuple[str, ...]:
        found = []
        for shown in unread:
            path = named_file(shown, project.root)
            try:    # as the loader reads them: inside data/, a regular file, one link, within the limit
                if path.stat().st_size <= MAX_FILE_BYTES:
                    found.append(read_confined(path, project.data.resolve(), name=shown).decode("utf-8", "replace"))
            except OSError:      # a folder, a link out: nothing declared there
                pass
        return tuple(found)

    def written(word: str) -> bool:
        declared = re.compile(r"\bid\s*:\s*['\"]?" + re.escape(word) + r"(?![\w-])")
        return any(declared.search(text) for text in texts())
    return written


def languages_without_words(audiences: dict[str, Audience], strings: dict, project: Project) -> list[Problem]:
    """A profile may ask for a language of the table only if strings.yaml has
    its words (Arabic and English it must have; another is optional there)."""
    shown = project.shown(project.template_file("strings.yaml"))
    return [Problem(location_of(find_node(audience.folder / "audience.yaml", "languages"),
                                project.shown(audience.folder / "audience.yaml"), "languages"),
                    f"{lang} documents need their words: add a `{lang}:` section to {shown} "
                    f"(docs/customising.md, Adding a language)")
            for audience in audiences.values() for lang in audience.languages if lang not in strings]


def check_record(project: Project) -> Inputs:
    """The record alone validated (render/checks.check adds templates and fonts)."""
    return read(project).inputs()


def links_out_of_project(project: Project) -> list[Problem]:
    """A project folder is untrusted input (a clone): its data/, templates/ and
    fonts/, and whatever is below them, may not lead outside it (Project.escapes),
    nor into one another (Project.crossings)."""
    problems = []
    for link, target in project.escapes():
        message = ("a loop of links, which leads to no file; refused" if target is None else
                   f"a file with {link.lstat().st_nlink - 1} other hard link(s), which may be any file "
                   f"(the record, a key); refused" if link == target else
                   f"a link to {target}, outside the project folder {project.root}; refused")
        problems.append(Problem(Location(project.shown(link)), message))
    if not problems:     # (a link out of the project is named once, as such)
        problems += [Problem(Location(project.shown(path)), message) for path, message in project.crossings()]
    return problems


def over_limits(relationship, project: Project) -> list[Problem]:
    """The limits of a whole record (per-field and per-list ones are checked
    while reading): its text per language, and the years its chronology
    spans (the figures draw every year of it)."""
    problems = []
    texts = list(texts_of(relationship))
    for lang in LANGUAGES:
        total = sum(len(text) for path, text in texts if path.endswith(f".{lang}"))
        if total > limits.MAX_RECORD_CHARS:
            problems.append(Problem(Location(relationship.file, 1, 1),
                                    f"{total:,} characters of text in {lang}; the limit is "
                                    f"{limits.MAX_RECORD_CHARS:,} for one relationship (README: Limits)"))
    dated = [(e.date.year, i) for i, e in enumerate(relationship.events) if e.date]
    if dated and max(dated)[0] - min(dated)[0] + 1 > limits.MAX_YEARS_SPANNED:
        (first, i), (last, j) = min(dated), max(dated)
        middle = sorted(dated)[len(dated) // 2][0]
        if last - middle > middle - first:      # name the outlier: usually one mistyped year
            i = j
        path = project.root / relationship.file     # an absolute name stays itself
        where = location_of(find_node(path, f"events[{i}].date"), relationship.file, f"events[{i}].date")
        problems.append(Problem(where, f"the chronology runs from {first} to {last} ({last - first + 1} years); "
                                       f"the limit is {limits.MAX_YEARS_SPANNED} years (README: Limits)"))
    return problems


