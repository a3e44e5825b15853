"""Word gaps in justified paragraphs: how wide the spaces of each justified
line are, as WeasyPrint laid them out (issue 11, item 5), and what else
spoils a justified column (issue 24, item 6).

    .venv/bin/python bench/justify_gaps.py [--data DIR] [--relation ID] [--audience NAME]
                                           [--lang ar] [--doc card] [--justify kashida] [--json]

For every justified line that is not a paragraph's last, the gap is the
font's space plus the word spacing justification added to it, in points and
as a multiple of the normal space. Prints, per document, the number of
justified lines, the median and widest gap and the share of lines whose gaps
exceed 1.5x the normal space (where a reader sees rivers of white), and:
- double gaps: two neighbouring boxes of a line that do not touch (the space
  between them drawn wider than the line's others: a kept unit's neighbour
  moved away from it);
- short starts: lines whose text does not reach their start margin, or runs
  past either margin (a paragraph's last line may stop short of its end);
- one-word last lines: a paragraph of two lines or more whose last line is one word;
- early breaks: a line, not its block's last, holding one word when the next
  line's first word (or kept unit) would have fitted after it (WeasyPrint 70
  cut a text that fit but for its trailing space after its first word:
  render/first_line.py); measured in any block, justified or not, set in Amiri;
- elongations: the most kashida elongations on one line, the lines with more
  than two, and the mean tatweels per elongation (its length).
--justify kashida measures as if the audience asked for kashida. --json prints
the same as JSON (tests/test_mixed_script.py reads it).

Measured on the Qatar–NATO delegation documents, 2026-11-29: see the tables
in docs/arabic.md ("Justified text: word gaps").
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.render.engine import Renderer, project_fetcher, require_kashida  # noqa: E402
from briefgen.view.select import document_view, profile_options  # noqa: E402
from briefgen.paths import Project  # noqa: E402
from briefgen.render.checks import check  # noqa: E402
from briefgen.render.widths import frame_of  # noqa: E402
from briefgen.render.kashida import BOX_KEY  # noqa: E402
from briefgen.view.textwidth import em_width  # noqa: E402

PT_PER_PX = 0.75
TOUCH_PX = 0.1       # boxes this close touch (rounding)
SPACE_EM = {"Amiri": 0.292}      # the space advance of the body face, in em
FACES = ("Amiri",)               # the faces whose words are measured (view/textwidth.py's)
FONTS = str(ROOT / "fonts")      # where their files are (the shipped ones)


@dataclass
class Gap:
    document: str
    text: str            # the line, for the report
    gap_pt: float        # the widest space of the line
    ratio: float         # that gap over the normal space


@dataclass
class Column:
    """What spoils a document's justified column, beyond wide gaps."""
    double_gaps: list = field(default_factory=list)          # (text of the line, gap in pt)
    short_starts: list = field(default_factory=list)         # (text, pt short of the start, pt past the end)
    one_word_last_lines: list = field(default_factory=list)  # the paragraph's last words
    early_breaks: list = field(default_factory=list)         # (the line's one word, the next line's first)
    elongations: list = field(default_factory=list)          # per elongated line: (count, tatweels, text)


def justified_lines(page_box):
    """Line boxes of justified blocks (their last lines included; line_gap
    leaves out those WeasyPrint did not stretch)."""
    for box in page_box.descendants():
        if type(box).__name__ != "LineBox" or box.style["text_align_all"] != "justify":
            continue
        yield box


def justified_blocks(box):
    """(block, its line boxes) for every block whose lines are justified."""
    lines = [child for child in getattr(box, "children", ()) if type(child).__name__ == "LineBox"]
    if lines and lines[0].style["text_align_all"] == "justify":
        yield box, lines
    for child in getattr(box, "children", ()):
        if type(child).__name__ != "LineBox":
            yield from justified_blocks(child)


def line_text(line) -> str:
    return "".join(box.text for box in text_boxes(line)).strip()


def double_gap(line) -> float:
    """The widest space between two neighbouring text boxes of a line, in pt
    (0: they all touch)."""
    boxes = sorted(text_boxes(line), key=lambda box: box.position_x)
    gaps = [b.position_x - (a.position_x + a.width) for a, b in zip(boxes, boxes[1:])]
    return max([g for g in gaps if g > TOUCH_PX] or [0.0]) * PT_PER_PX


def edges(block, line) -> tuple[float, float]:
    """(how far the line's text stops short of its start margin, how far it
    runs past either margin), in pt."""
    boxes = list(text_boxes(line))
    left, right = min(b.position_x for b in boxes), max(b.position_x + b.width for b in boxes)
    start, end = block.content_box_x(), block.content_box_x() + block.width
    short = (end - right) if line.style["direction"] == "rtl" else (left - start)
    return max(short, 0.0) * PT_PER_PX, max(start - left, right - end, 0.0) * PT_PER_PX


def elongation_count(line) -> tuple[int, int]:
    """(elongations, tatweels) render/kashida.py put on a line."""
    marked = [getattr(box, BOX_KEY)[1] for box in text_boxes(line) if hasattr(box, BOX_KEY)]
    return sum(len(extended) for _, extended in marked), sum(len(inserted) for inserted, _ in marked)


def line_blocks(box):
    """(block, its line boxes) for every block that holds lines."""
    lines = [child for child in getattr(box, "children", ()) if type(child).__name__ == "LineBox"]
    if lines:
        yield box, lines
    for child in getattr(box, "children", ()):
        if type(child).__name__ != "LineBox":
            yield from line_blocks(child)


def flow_text(line) -> str:
    """The line's text outside its inline blocks (a list number, a legend's
    items), which are laid out apart and do not break."""
    text = ""
    for child in line.children:
        if type(child).__name__ == "TextBox":
            text += child.text
        elif type(child).__name__ == "InlineBox":
            text += flow_text(child)
    return text


def first_unit(line) -> tuple[str, float] | None:
    """The line's first word, or its first kept (nowrap) unit, and its width
    with the space before it in px; None if it is not set in Amiri."""
    box = next((b for b in text_boxes(line) if b.text.strip()), None)
    if box is None or box.style["font_family"][0] not in FACES:
        return None
    word = box.text.strip() if box.style["white_space"] == "nowrap" else box.text.split()[0]
    size, bold = box.style["font_size"], box.style["font_weight"] >= 600
    return word, (em_width(word, bold, FONTS) + SPACE_EM["Amiri"]) * size


def free_width(block, line) -> float:
    """How much of the block's width, in px, the line leaves empty at its end."""
    inline = [child for child in line.children if child.is_in_normal_flow()]
    if line.style["direction"] == "rtl":
        return min(child.position_x for child in inline) - block.content_box_x()
    return block.content_box_x() + block.width - max(child.position_x + child.margin_width() for child in inline)


def early_breaks(block, lines) -> list[tuple[str, str]]:
    """(the one word, the next line's first word) of each line that is not the
    block's last, holds one word, and had room for the next line's first word."""
    found = []
    if block.style["white_space"] != "normal":       # lines that break only where told to (figure labels)
        return found
    for line, following in zip(lines, lines[1:]):
        words, unit = flow_text(line).split(), first_unit(following)
        if len(words) == 1 and unit and unit[1] < free_width(block, line) - TOUCH_PX:
            found.append((words[0], unit[0]))
    return found


def column(document) -> Column:
    found = Column()
    for page in document.pages:
        for block, lines in line_blocks(page._page_box):
            lines = [line for line in lines if any(b.text.strip() for b in text_boxes(line))]
            found.early_breaks += early_breaks(block, lines)
        for block, lines in justified_blocks(page._page_box):
            lines = [line for line in lines if any(b.text.strip() for b in text_boxes(line))]
            for n, line in enumerate(lines):
                text, last = line_text(line), n == len(lines) - 1
                gap = double_gap(line)
                if gap:
                    found.double_gaps.append((text, round(gap, 2)))
                short, past = edges(block, line)
                if (short > TOUCH_PX and not (last and line.style["text_align_last"] == "auto")) or past > TOUCH_PX:
                    found.short_starts.append((text, round(short, 2), round(past, 2)))
                if last and len(lines) > 1 and len(text.split()) == 1:
                    found.one_word_last_lines.append(text)
                count, tatweels = elongation_count(line)
                if count:
                    found.elongations.append((count, tatweels, text))
    return found


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


def gaps(renderer: Renderer, view: dict, audience, name: str) -> tuple[list[Gap], Column]:
    """Lay the document out as the build would and measure every stretched line."""
    fetch = project_fetcher(renderer.project, audience.search_folders)    # what the document may read
    if view.get("justify") == "kashida":
        require_kashida(name)             # as Renderer.pdf does (inert where not asked for)
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
    return found, column(document)


def measure(project: Project, relation: str, audience_name: str, docs=("briefing", "factsheet"),
            langs=("ar", "en"), justify: str | None = None) -> dict[str, tuple[list[Gap], Column]]:
    inputs = check(project)
    renderer, frame = Renderer(project), frame_of(project)
    audience = inputs.audiences[audience_name]
    if justify:
        audience = dataclasses.replace(audience, justify=justify)
    rel = inputs.record.relationships[relation]
    found = {}
    for doc in docs:
        for lang in langs:
            # as the build sets it: a kind may have its own paper (the card is A5)
            options = profile_options(audience, inputs.kinds[doc], lang, dt.date(2026, 11, 29), project.fonts, frame)
            view = document_view(inputs.record, rel, options, inputs.strings)
            name = f"{relation}/{audience_name}/{doc}.{lang}"
            found[name] = gaps(renderer, view, audience, name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--relation", default="qatar-nato")
    parser.add_argument("--audience", default="delegation")
    parser.add_argument("--lang", action="append", help="only documents in this language (repeatable)")
    parser.add_argument("--doc", action="append", help="only this kind of document (repeatable; "
                        "default: briefing and factsheet)")
    parser.add_argument("--justify", choices=("spaces", "kashida"),
                        help="measure as if the audience asked for this (default: as its profile says)")
    parser.add_argument("--json", action="store_true", help="print every line's gap as JSON")
    args = parser.parse_args()
    project = Project(root=ROOT, data=args.data.resolve())
    measured = measure(project, args.relation, args.audience, docs=tuple(args.doc or ("briefing", "factsheet")),
                       langs=tuple(args.lang or ("ar", "en")), justify=args.justify)
    if args.json:
        print(json.dumps({name: {"gaps": [vars(g) for g in gaps], **vars(col)}
                          for name, (gaps, col) in measured.items()}, ensure_ascii=False))
        return
    print(f"{'document':36} {'lines':>5} {'median':>7} {'widest':>7} {'x space':>7} {'>1.5x':>6} "
          f"{'double':>6} {'short':>5} {'1-word':>6} {'early':>5} {'elong.':>6} {'>2/ln':>5} {'tatw.':>5}")
    for name, (found, col) in measured.items():
        if not found:
            print(f"{name:36} {0:5}")
            continue
        widest = max(found, key=lambda g: g.gap_pt)
        loose = sum(g.ratio > 1.5 for g in found) / len(found)
        most = max([count for count, _, _ in col.elongations] or [0])
        crowded = sum(count > 2 for count, _, _ in col.elongations)
        length = sum(t for _, t, _ in col.elongations) / max(sum(c for c, _, _ in col.elongations), 1)
        print(f"{name:36} {len(found):5} {statistics.median(g.gap_pt for g in found):6.2f}pt "
              f"{widest.gap_pt:6.2f}pt {widest.ratio:6.2f}x {loose:6.0%} {len(col.double_gaps):6} "
              f"{len(col.short_starts):5} {len(col.one_word_last_lines):6} {len(col.early_breaks):5} {most:6} {crowded:5} {length:5.2f}")


if __name__ == "__main__":
    main()
