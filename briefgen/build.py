"""The build, as a story: load -> validate -> plan -> for each document:
select -> render -> write atomically -> report.

A document that fails is reported by name; the others are still written.
Invalid data stops the build before anything is written.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import jinja2

from .audiences import Audience, load_audiences
from .errors import BuildError, Problem, ValidationFailed
from .fonts import missing_glyphs, texts_of
from .load import load_record
from .model import Record
from .paths import Project
from .select import Options, document_view
from .words import load_strings


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, validated: data, audiences, template words."""
    record: Record
    audiences: dict[str, Audience]
    strings: dict


@dataclass(frozen=True)
class Job:
    relation: str
    options: Options
    output: Path

    @property
    def name(self) -> str:
        o = self.options
        return f"{self.relation}/{o.audience.name}/{o.doc}.{o.lang}"


@dataclass
class Outcome:
    job: Job
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    def text(self) -> str:
        done = [o for o in self.outcomes if not o.error]
        pages = sum(o.pages for o in done)
        line = f"{len(done)} written, {pages} page{'' if pages == 1 else 's'}, {self.seconds:.1f} s"
        if self.failures:
            line += f"; {len(self.failures)} failed: " + ", ".join(o.job.name for o in self.failures)
        return line


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
    from .errors import Location
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


@dataclass(frozen=True)
class Selection:
    """What the command line narrowed the matrix to; None means all."""
    relations: tuple[str, ...] | None = None
    audiences: tuple[str, ...] | None = None
    docs: tuple[str, ...] | None = None
    langs: tuple[str, ...] | None = None
    paper: str | None = None       # overrides the audience's paper
    digits: str | None = None      # overrides the audience's digits


def plan(inputs: Inputs, project: Project, selection: Selection, issued) -> list[Job]:
    """relationship x audience x document x language, as the profiles say."""
    relations = pick("relationship", selection.relations, sorted(inputs.record.relationships))
    audiences = pick("audience", selection.audiences, sorted(inputs.audiences))
    jobs = []
    for relation in relations:
        for name in audiences:
            audience = inputs.audiences[name]
            for doc in audience.documents:
                for lang in audience.languages:
                    if (selection.docs and doc not in selection.docs) or (selection.langs and lang not in selection.langs):
                        continue
                    options = Options(audience=audience, doc=doc, lang=lang, issued=issued,
                                      paper=selection.paper or audience.paper,
                                      digits=selection.digits or audience.digits)
                    jobs.append(Job(relation, options, project.output_path(relation, name, doc, lang)))
    return jobs


def pick(kind: str, wanted, known: list[str]) -> list[str]:
    if not wanted:
        return known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise BuildError(f"unknown {kind}: {', '.join(unknown)} (known: {', '.join(known)})")
    return list(wanted)


def run(jobs: list[Job], inputs: Inputs, project: Project,
        progress: Callable[[int, int, Outcome], None] = lambda i, n, o: None) -> Summary:
    from .render import Renderer
    started = time.perf_counter()
    renderer = Renderer(project)
    summary = Summary()
    for index, job in enumerate(jobs, start=1):
        outcome = build_one(job, inputs, renderer)
        summary.outcomes.append(outcome)
        progress(index, len(jobs), outcome)
    summary.seconds = time.perf_counter() - started
    return summary


def build_one(job: Job, inputs: Inputs, renderer) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(job)
    try:
        record = inputs.record
        view = document_view(record, record.relationships[job.relation], job.options, inputs.strings)
        pdf, outcome.pages = renderer.pdf(view, job.options.audience, job.name)
        write_atomically(job.output, pdf)
        outcome.bytes = len(pdf)
    except BuildError as err:
        outcome.error = str(err)
    except jinja2.TemplateError as err:
        where = f" ({err.filename}:{err.lineno})" if getattr(err, "lineno", None) else ""
        outcome.error = f"{job.name}: template error{where}: {err}"
    except OSError as err:
        outcome.error = f"{job.name}: cannot write {job.output}: {err.strerror or err}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target, flush to disk, then rename: a reader or a crash
    sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
