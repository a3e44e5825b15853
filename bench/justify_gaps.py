"""Word gaps in justified paragraphs: how wide the spaces of each justified
line are, as WeasyPrint laid them out (issue 11, item 5).

    .venv/bin/python bench/justify_gaps.py [--data DIR] [--relation ID] [--audience NAME] [--json]

For every justified line that is not a paragraph's last, the gap is the
font's space plus the word spacing justification added to it, in points and
as a multiple of the normal space. Prints, per document, the number of
justified lines, the median and widest gap and the share of lines whose gaps
exceed 1.5x the normal space (where a reader sees rivers of white); --json
prints the same as JSON (tests/test_mixed_script.py reads it).

Measured on the Qatar–NATO delegation documents, 2026-11-29: see the table
in docs/arabic.md ("Justified text: word gaps").
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.render.engine import Renderer, project_fetcher  # noqa: E402
from briefgen.view.select import Options, document_view  # noqa: E402
from briefgen.paths import Project  # noqa: E402
from briefgen.render.checks import check  # noqa: E402
from briefgen.render.widths import frame_of  # noqa: E402

PT_PER_PX = 0.75
SPACE_EM = {"Amiri": 0.292}      # the space advance of the body face, in em


@dataclass
class Gap:
    document: str
    text: str            # the line, for the report
    gap_pt: float        # the widest space of the line
    ratio: float         # that gap over the normal space


def justified_lines(page_box):
    """Line boxes of justified blocks, without each block's last line."""
    for box in page_box.descendants():
        if type(box).__name__ != "LineBox" or box.style["text_align_all"] != "justify":
            continue
        yield box


def text_boxes(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from text_boxes(child)


def line_gap(line) -> tuple[float, float, str] | None:
    """(widest gap in pt, over the normal space, text) of one line; None if not stretched."""
    widest, normal, text = 0.0, 0.0, ""
    for box in text_boxes(line):
        text += box.text
        if " " not in box.text:
            continue
        space = box.style["font_size"] * SPACE_EM.get(box.style["font_family"][0], 0.26)
        gap = space + box.justification_spacing + (box.style["word_spacing"] or 0)
        if gap > widest:
            widest, normal = gap, space
    if not normal or widest <= normal + 0.01:
        return None
    return widest * PT_PER_PX, widest / normal, text


def gaps(renderer: Renderer, view: dict, audience, name: str) -> list[Gap]:
    """Lay the document out as the build would and measure every stretched line."""
    fetch = project_fetcher(renderer.project, audience.search_folders)    # what the document may read
    html, sheets = renderer.html(view, audience), renderer.stylesheets(view, audience, fetch)
    if view["kind"] in ("factsheet", "card"):
        drawing = renderer.pdf(view, audience, name)          # finds the size the sheet is set at
        sheets = sheets + [renderer.fit_stylesheet(drawing.fit_pt)]
    document = renderer.layout(html, sheets, name, fetch)
    found = []
    for page in document.pages:
        for line in justified_lines(page._page_box):
            measured = line_gap(line)
            if measured:
                found.append(Gap(name, measured[2].strip(), round(measured[0], 2), round(measured[1], 2)))
    return found


def measure(project: Project, relation: str, audience_name: str, docs=("briefing", "factsheet"),
            langs=("ar", "en")) -> dict[str, list[Gap]]:
    inputs = check(project)
    renderer, frame = Renderer(project), frame_of(project)
    audience = inputs.audiences[audience_name]
    rel = inputs.record.relationships[relation]
    found = {}
    for doc in docs:
        for lang in langs:
            options = Options(audience=audience, doc=doc, lang=lang, issued=dt.date(2026, 11, 29),
                              paper=audience.paper, digits=audience.digits, fonts=project.fonts,
                              frame=frame(inputs.kinds[doc], audience.paper))
            view = document_view(inputs.record, rel, options, inputs.strings)
            name = f"{relation}/{audience_name}/{doc}.{lang}"
            found[name] = gaps(renderer, view, audience, name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--relation", default="qatar-nato")
    parser.add_argument("--audience", default="delegation")
    parser.add_argument("--json", action="store_true", help="print every line's gap as JSON")
    args = parser.parse_args()
    project = Project(root=ROOT, data=args.data.resolve())
    if args.json:
        found = measure(project, args.relation, args.audience)
        print(json.dumps({name: [vars(g) for g in gaps] for name, gaps in found.items()}, ensure_ascii=False))
        return
    print(f"{'document':42} {'lines':>5} {'median':>7} {'widest':>7} {'x space':>7} {'>1.5x':>6}")
    for name, found in measure(project, args.relation, args.audience).items():
        if not found:
            print(f"{name:42} {0:5}")
            continue
        widest = max(found, key=lambda g: g.gap_pt)
        loose = sum(g.ratio > 1.5 for g in found) / len(found)
        print(f"{name:42} {len(found):5} {statistics.median(g.gap_pt for g in found):6.2f}pt "
              f"{widest.gap_pt:6.2f}pt {widest.ratio:6.2f}x {loose:6.0%}")


if __name__ == "__main__":
    main()
