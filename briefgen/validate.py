"""Validate everything a build reads, and report every problem at once.

`check()` loads audience profiles, data and template words, compiles every
template (base and overrides) and checks that the bundled body font can draw
every character; it raises ValidationFailed with all problems, or returns the
validated Inputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import jinja2

from .audiences import Audience, load_audiences
from .errors import Location, Problem, ValidationFailed
from .fonts import missing_glyphs, texts_of
from .load import load_record
from .model import Record
from .paths import Project
from .words import load_strings


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, validated: data, audiences, template words."""
    record: Record
    audiences: dict[str, Audience]
    strings: dict


def check(project: Project) -> Inputs:
    """Validate audiences, data, template strings, templates and glyph coverage;
    raise once with every problem."""
    problems: list[Problem] = []
    audiences = record = strings = None
    try:
        audiences = load_audiences(project.templates)
    except ValidationFailed as failed:
        problems += failed.problems
    try:
        record = load_record(project.data, set(audiences) if audiences else None)
    except ValidationFailed as failed:
        problems += failed.problems
    try:
        strings = load_strings(project.templates / "strings.yaml")
    except ValidationFailed as failed:
        problems += failed.problems
    problems += check_templates(project, (audiences or {}).values())
    if record is not None:
        problems += missing_glyphs(project.fonts, record_texts(record, project))
    if audiences and strings:
        problems += missing_glyphs(project.fonts, template_texts(audiences, strings))
    if problems:
        raise ValidationFailed(problems)
    return Inputs(record, audiences, strings)


def record_texts(record: Record, project: Project):
    for entity in record.entities.values():
        for path, text in texts_of(entity, f"entities.{entity.id}"):
            yield "data/entities.yaml", path, text
    for relationship in record.relationships.values():
        for path, text in texts_of(relationship):
            yield relationship.file, path, text


def template_texts(audiences: dict[str, Audience], strings: dict):
    for audience in audiences.values():
        shown = f"templates/audiences/{audience.name}/audience.yaml"
        for path, text in texts_of({"title": audience.title, "marking": audience.marking}):
            yield shown, path, text
    for path, text in texts_of(strings):
        yield "templates/strings.yaml", path, text


def check_templates(project: Project, audiences: Iterable[Audience]) -> list[Problem]:
    """Compile every template, base and audience overrides, before any document."""
    from .render import template_environment, template_loader
    problems = []
    folders = [(project.templates, None)] + [(a.folder, a.folder) for a in audiences]
    for folder, audience_folder in folders:
        env = template_environment(template_loader(project.templates, audience_folder))
        loader = jinja2.FileSystemLoader(str(folder))
        for name in loader.list_templates():
            if not name.endswith((".html", ".css")) or (audience_folder is None and name.startswith("audiences/")):
                continue
            try:
                env.get_template(name)
            except jinja2.TemplateError as err:
                line = getattr(err, "lineno", 0) or 0
                shown = (folder / name).relative_to(project.root) if folder.is_relative_to(project.root) else folder / name
                problems.append(Problem(Location(str(shown), line, 1 if line else 0), f"template: {err.message}"))
    return problems
