"""The build, as a story: load -> validate -> plan -> for each document:
select -> render -> write atomically -> report.

A document that fails is reported by name; the others are still written.
Invalid data stops the build before anything is written.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

import jinja2

from .errors import BuildError, Problem, ValidationFailed
from .fonts import missing_glyphs, texts_of
from .load import load_record
from .model import LANGUAGES, Record
from .paths import Project
from .select import DOCUMENTS, Options, document_view
from .words import load_strings


@dataclass(frozen=True)
class Job:
    relation: str
    options: Options
    output: Path

    @property
    def name(self) -> str:
        return f"{self.relation}/{self.options.doc}.{self.options.lang}"


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


def check(project: Project) -> tuple[Record, dict]:
    """Validate data, template strings, templates and glyph coverage; raise once."""
    problems: list[Problem] = []
    record = strings = None
    try:
        record = load_record(project.data)
    except ValidationFailed as failed:
        problems += failed.problems
    try:
        strings = load_strings(project.templates / "strings.yaml")
    except ValidationFailed as failed:
        problems += failed.problems
    problems += check_templates(project)
    if record is not None:
        problems += missing_glyphs(project.fonts, record_texts(record, project))
    if problems:
        raise ValidationFailed(problems)
    return record, strings


def record_texts(record: Record, project: Project):
    for entity in record.entities.values():
        for path, text in texts_of(entity, f"entities.{entity.id}"):
            yield "data/entities.yaml", path, text
    for relationship in record.relationships.values():
        for path, text in texts_of(relationship):
            yield relationship.file, path, text


def check_templates(project: Project) -> list[Problem]:
    """Compile every template so a syntax error is found before any document."""
    from .errors import Location
    from .render import template_environment
    env = template_environment([project.templates])
    problems = []
    for name in env.list_templates(extensions=["html", "css"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            problems.append(Problem(Location(f"templates/{name}", err.lineno or 0, 1), f"template syntax: {err.message}"))
    return problems


def plan(record: Record, project: Project, relations: Iterable[str] | None = None,
         docs: Iterable[str] = DOCUMENTS, langs: Iterable[str] = LANGUAGES,
         base: Options = Options()) -> list[Job]:
    chosen = list(relations) if relations else sorted(record.relationships)
    unknown = [r for r in chosen if r not in record.relationships]
    if unknown:
        raise BuildError(f"unknown relationship: {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(record.relationships))})")
    return [Job(rel, replace(base, doc=doc, lang=lang), project.output_path(rel, doc, lang))
            for rel in chosen for doc in docs for lang in langs]


def run(jobs: list[Job], record: Record, strings: dict, project: Project,
        progress: Callable[[int, int, Outcome], None] = lambda i, n, o: None) -> Summary:
    from .render import Renderer
    started = time.perf_counter()
    renderer = Renderer(project)
    summary = Summary()
    for index, job in enumerate(jobs, start=1):
        outcome = build_one(job, record, strings, renderer)
        summary.outcomes.append(outcome)
        progress(index, len(jobs), outcome)
    summary.seconds = time.perf_counter() - started
    return summary


def build_one(job: Job, record: Record, strings: dict, renderer) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(job)
    try:
        view = document_view(record, record.relationships[job.relation], job.options, strings)
        pdf, outcome.pages = renderer.pdf(view, job.name)
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
