"""The widths a document kind lays out on a paper, measured from its own
stylesheets: the figure frame (the width charts.py draws figures to) and the
narrowest line of running text (the bound check holds <<keep|…>> spans to).

A small probe page is laid out with the kind's real stylesheets — base.css,
page.css rendered for the paper, css/<kind>.css, each from the first template
layer that has it, and for a one-page kind its largest fit size — and the
boxes' widths are read back. So a project's own kind, or a project's copy of
a stylesheet with other margins, gets the widths its stylesheets give, with no
number to keep in step by hand. An audience's own audience.css is not looked
at: a figure or a line it pushes past the margin is still refused by the
build (overflow.text_past_margins).

A measurement costs a WeasyPrint layout (about 60 ms, and importing WeasyPrint
in a process that renders nothing): it is kept for the process, and on disk
keyed by the stylesheets' contents, so a build whose stylesheets have not
changed measures nothing.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from ..paths import Project
from ..record.kinds import Kind
from .engine import FIT_LARGEST_PT, audience_environment, css_string, project_fetcher
from .fonts import fontconfig_home, isolate_fontconfig
from .overflow import Column, PX_PER_PT

PAPER_NAMES = {"a4": "A4", "letter": "Letter", "a5": "A5"}
# Where a kind's templates put figures and running text: the fact sheet's main
# column (main.main in div.sheet, beside aside.panel; a kind whose stylesheet
# does not style those classes lays them out as plain blocks, the page's width),
# and in it a figure, a paragraph, a list item and an event's description. The
# list is ul.hosted, the one list of the fact sheet's main column; elsewhere a
# list's indent is the same for every list (base.css: the card's numbered
# points, a briefing's bullets). Not covered: table cells, the fact sheet's
# side panel (in a left-to-right sheet the events hosted too, set there by
# templates/factsheet.html), a heading set larger; the build still refuses a
# line that runs past the margin or past its own block there (overflow.py).
# Holding every span to the panel would refuse names that fit everywhere else.
PROBE = """<!DOCTYPE html>
<html lang="en" dir="ltr" class="{kind} paper-{paper}"><body>
<div class="sheet"><aside class="panel"></aside><main class="main">
<figure class="figure" data-probe="frame"><div class="chart"></div></figure>
<p data-probe="text"></p>
<ul class="hosted"><li data-probe="text"></li></ul>
<article class="event"><p data-probe="text"></p></article>
</main></div></body></html>
"""
# What page.css is rendered with for the probe: the paper, left to right (the
# margins and paddings that set a width are the same both ways), and the
# fields the shipped page.css reads, neutral; a project's page.css that reads
# others gets blanks (its real render reports any error by file and line).
PROBE_VIEW = {"dir": "ltr", "digits": "western", "print_marks": False, "marking": "",
              "issued": {"gregorian": ""}, "words": {"page": "", "of": ""},
              "audience": {"accent": "#000", "accent_soft": "#fff"}}
# Part of the disk key: a change to the probe or to how it is read measures again.
PROBE_VERSION = "1"
CACHE_FILE = "widths.json"
MAX_CACHED = 64


@dataclass(frozen=True)
class Widths:
    frame: float      # figures' width in points: whole points, rounded down, or the kind's `frame:`
    column: Column    # the narrowest line of running text


@dataclass(frozen=True)
class Measured:
    frame_pt: float
    column_pt: float
    size_pt: float


_measured: dict[str, Measured] = {}     # by the probe's key: the stylesheets' contents


def widths(project: Project, kind: Kind, paper: str) -> Widths:
    """The frame and the text column of `kind` on `paper` in this project."""
    sheets = probe_sheets(project, kind, paper)
    measured = measure(project, kind.name, paper, sheets)
    # Rounded down, a figure never reaches past its column (and the shipped
    # A4 documents keep the whole-point widths they have always been drawn at).
    frame = kind.frame if kind.frame is not None else float(math.floor(measured.frame_pt))
    called = f"{PAPER_NAMES[paper]} {kind.shown}"
    return Widths(frame, Column(called, measured.column_pt, measured.size_pt))


def frame_of(project: Project) -> Callable[[Kind, str], float]:
    """(kind, paper) -> the frame, what the makers of views pass to Options;
    each asked once (a build's matrix asks the same few many times)."""
    return functools.cache(lambda kind, paper: widths(project, kind, paper).frame)


def probe_sheets(project: Project, kind: Kind, paper: str) -> list[str]:
    """The stylesheets' text, in cascade order (fonts.css names faces only: left out,
    it would load every font for a page without text)."""
    sheets = [project.template_file("css/base.css").read_text(encoding="utf-8"),
              probe_page_css(project, paper),
              project.template_file(f"css/{kind.name}.css").read_text(encoding="utf-8")]
    if kind.one_page:     # measured at its largest size, where rem-sized indents are widest
        sheets.append(f"html {{ font-size: {FIT_LARGEST_PT}pt; }}")
    return sheets


def probe_page_css(project: Project, paper: str) -> str:
    env = audience_environment(project.template_layers, None).overlay(undefined=jinja2.ChainableUndefined)
    env.filters["css_string"] = css_string
    try:
        return env.get_template("css/page.css").render(doc={**PROBE_VIEW, "paper": paper})
    except Exception:       # reported where it belongs: check renders page.css with every real view
        return ""


def probe_key(kind: str, paper: str, sheets: list[str]) -> str:
    text = json.dumps([PROBE_VERSION, PROBE, kind, paper, weasyprint_version(), sheets])
    return hashlib.sha256(text.encode()).hexdigest()


def weasyprint_version() -> str:
    from importlib.metadata import version
    return version("weasyprint")


def measure(project: Project, kind: str, paper: str, sheets: list[str]) -> Measured:
    """The probe's widths: from this process, else from disk, else laid out."""
    key = probe_key(kind, paper, sheets)
    if key not in _measured:
        stored = read_cache(project)
        if key in stored:
            _measured[key] = Measured(**stored[key])
        else:
            _measured[key] = lay_out_probe(project, kind, paper, sheets)
            write_cache(project, {**stored, key: vars(_measured[key])})
    return _measured[key]


def lay_out_probe(project: Project, kind: str, paper: str, sheets: list[str]) -> Measured:
    isolate_fontconfig(project.fonts)       # as the Renderer does, before WeasyPrint starts
    from weasyprint import CSS, HTML
    fetch = project_fetcher(project)
    base = str(project.templates) + "/"
    document = HTML(string=PROBE.format(kind=kind, paper=paper), base_url=base, url_fetcher=fetch).render(
        stylesheets=[CSS(string=sheet, base_url=base, url_fetcher=fetch) for sheet in sheets])
    probed = {"frame": [], "text": []}
    for box in document.pages[0]._page_box.descendants():
        element = getattr(box, "element", None)
        role = element.get("data-probe") if element is not None else None
        # The element's own box (an <li>'s marker has a box of its own, after it).
        if role and getattr(box, "pseudo_type", None) is None and all(b.element is not element for b in probed[role]):
            probed[role].append(box)
    frame = probed["frame"][0]
    text = min(probed["text"], key=lambda box: box.width)
    return Measured(round(frame.width / PX_PER_PT, 2), round(text.width / PX_PER_PT, 2),
                    round(text.style["font_size"] / PX_PER_PT, 2))


def cache_file(project: Project) -> Path:
    """In this user's own briefgen folder for the project's fonts/ (fonts.py:
    made private, never another user's), beside fontconfig's cache."""
    return fontconfig_home(project.fonts.resolve()) / CACHE_FILE


def read_cache(project: Project) -> dict:
    try:
        stored = json.loads(cache_file(project).read_text(encoding="utf-8"))
        return {key: value for key, value in stored.items()
                if isinstance(value, dict) and set(value) == {"frame_pt", "column_pt", "size_pt"}}
    except (OSError, ValueError, AttributeError):
        return {}       # none yet, or unreadable: measured again


def write_cache(project: Project, stored: dict) -> None:
    """Written beside and renamed: workers and parallel builds never read half a file.
    Only the latest entries are kept (a project's kinds and papers are few)."""
    path = cache_file(project)
    kept = dict(list(stored.items())[-MAX_CACHED:])
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(kept, handle)
        os.replace(temp, path)
    except OSError:
        pass            # measured again next time
