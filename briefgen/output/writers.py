"""What a writer is: it turns one document's view into the bytes of one
output format, with the files that go beside it, what the leak guard reads
and the manifest fields it adds. The rebuild stage knows writers only through
this interface (rebuild/job.py renders with one, rebuild/build.py writes,
records and prunes what it returns); output/formats.py holds them by name.

A new format is a Writer subclass registered there: PDF (output/pdf.py) is one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Written:
    """One document in one format, in memory: nothing is on disk yet."""
    content: bytes                 # the output itself, reports/<relation>/<audience>/<doc>.<lang>.<suffix>
    pages: int = 0
    # Files beside it, by the key of Writer.companions: {"thumbnail": PNG bytes, ".html": ...}.
    companions: dict[str, bytes] = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)   # {where: its letters()}, for the leak guard
    entry: dict = field(default_factory=dict)                # manifest fields this format adds (the PDF's fit_pt)


class Writer:
    """One output format. Subclasses set `format` and `suffix` and write();
    they are sent to worker processes with each document, so they hold no
    state of their own."""
    format: str = ""
    suffix: str = ""
    # Keys of companions written only with --html; without it, a build removes them.
    debug: tuple[str, ...] = ()

    def write(self, renderer, view: dict, audience, name: str, debug_html: bool, kind=None) -> Written:
        """Render `view` (already cleared for `audience`) with `renderer`
        (render.engine.Renderer); `name` is the document's, for messages;
        `kind` what view["kind"] is (record/kinds.py; None: the shipped kind).
        Raises BuildError or jinja2.TemplateError as rendering does."""
        raise NotImplementedError

    def companions(self, project, output: Path) -> dict[str, Path]:
        """Every file this format may place beside `output`, by key: a build
        writes those write() returned and prunes them all with the output."""
        return {}

