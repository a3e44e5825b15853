"""Word gaps of justified Arabic lines, spaces only against kashida.

    .venv/bin/python bench/kashida_gaps.py [--audience press] [--doc briefing --doc factsheet]
                                           [--lines] [--pdf-dir DIR]

Lays out each Arabic document of the shipped record twice in this process —
as its audience has it (`justify: spaces`) and with `justify: kashida` — and
reads WeasyPrint's laid-out lines: for every justified line (one whose text
boxes WeasyPrint spread, so never a paragraph's last line) each word gap is the
font's natural space plus the spacing WeasyPrint added to it. Prints, per
document, the mean and the widest gap of the lines (in pt and as a multiple of
the natural space) and how many lines have a gap wider than 1.5 natural spaces,
the issue's target, and the render's CPU time (best of three, warm; CPU, not
wall clock, so other work on the machine does not count); with --lines, every
line, before and after side by side. --pdf-dir writes both PDFs, for
looking at them (pdftoppm -r 70 -png ...).

What it does not see: a gap made wider by something else than justification.
(The space after a kept unit drawn a space wider, 12.3 pt after «لسمو الأمير
الوالد», was WeasyPrint's trailing-space removal in right-to-left lines:
repaired by render/trailing_space.py; bench/justify_gaps.py counts such gaps.)
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1.5
PT = 0.75       # WeasyPrint lays out in CSS px; 1px = 0.75pt


def laid_out(engine, view, audience, name):
    """WeasyPrint's Document for a view (at the size the fit loop settles on), the
    PDF bytes, and the best of three timings of the whole render (engine.pdf)."""
    from briefgen.record.kinds import shipped_kinds
    from briefgen.render.engine import project_fetcher
    fetch = project_fetcher(engine.project, audience.search_folders)    # what the document may read
    html, sheets = engine.html(view, audience), engine.stylesheets(view, audience, fetch)
    seconds = []
    for _ in range(3):
        started = time.process_time()
        drawing = engine.pdf(view, audience, name)
        seconds.append(time.process_time() - started)
    if shipped_kinds()[view["kind"]].one_page:
        sheets = sheets + [engine.fit_stylesheet(drawing.fit_pt)]
    return engine.layout(html, sheets, name, fetch), drawing.pdf, min(seconds)


def justified_lines(document):
    """(natural space, [gap per space], tatweels inserted) for every line WeasyPrint
    justified (or elongated), in page order."""
    from weasyprint.formatting_structure import boxes
    from briefgen.render.kashida import BOX_KEY, MEASURE

    def walk(box):
        if isinstance(box, boxes.LineBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from texts(child)

    for page in document.pages:
        for line in walk(page._page_box):
            boxes_ = list(texts(line))
            if not any("justification_spacing" in b.__dict__ or hasattr(b, BOX_KEY) for b in boxes_):
                continue
            gaps, natural = [], None
            for box in boxes_:
                spaces = box.text.count(" ") + box.text.count("\u00a0")
                if not spaces:
                    continue
                space = MEASURE.width(None, box.style, " ")
                natural = natural or space
                word_spacing = box.style["word_spacing"] or 0
                gaps += [space + word_spacing + box.justification_spacing] * spaces
            if gaps:
                inserted = sum(len(getattr(b, BOX_KEY)[1][0]) for b in boxes_ if hasattr(b, BOX_KEY))
                yield natural, gaps, inserted


def summary(lines) -> dict:
    widest = [max(g) for _, g, _ in lines]
    natural = statistics.median(n for n, _, _ in lines)
    return {"lines": len(lines), "natural": natural,
            "mean": statistics.mean(statistics.mean(g) for _, g, _ in lines), "widest": max(widest),
            "over": sum(w > TARGET * n for (n, _, _), w in zip(lines, widest)),
            "tatweels": sum(t for _, _, t in lines)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--audience", action="append")
    parser.add_argument("--doc", action="append")
    parser.add_argument("--lines", action="store_true", help="print every justified line")
    parser.add_argument("--pdf-dir", type=Path)
    args = parser.parse_args()

    from briefgen.paths import Project
    from briefgen.render.checks import check
    from briefgen.rebuild.build import Selection, plan
    from briefgen.view.select import document_view
    from briefgen.rebuild.job import Renderers

    project = Project(root=ROOT, reports=ROOT / "reports", data=ROOT / "data")
    inputs = check(project)
    selection = Selection(audiences=tuple(args.audience or ("delegation", "press")),
                          docs=tuple(args.doc or ("briefing", "factsheet")), langs=("ar",))
    jobs = plan(inputs, project, selection, dt.date(2026, 11, 29))
    engine = Renderers().of(project)
    print(f"{'document':34} {'justify':8} {'lines':>5} {'space':>6} {'mean gap':>14} "
          f"{'widest gap':>14} {'> 1.5x':>7} {'tatweels':>8} {'CPU':>7}")
    for job in jobs:
        laid = {}
        for justify in ("spaces", "kashida"):
            options = dataclasses.replace(job.options, audience=dataclasses.replace(
                job.options.audience, justify=justify))
            view = document_view(inputs.record, inputs.record.relationships[job.relation], options,
                                 inputs.strings)
            document, pdf, seconds = laid_out(engine, view, options.audience, job.name)
            if args.pdf_dir:
                args.pdf_dir.mkdir(parents=True, exist_ok=True)
                (args.pdf_dir / f"{job.name.replace('/', '_')}.{justify}.pdf").write_bytes(pdf)
            laid[justify] = lines = list(justified_lines(document))
            s = summary(lines)
            ratio = lambda px: f"{px * PT:5.2f}pt {px / s['natural']:4.2f}x"
            print(f"{job.name:34} {justify:8} {s['lines']:5} {s['natural'] * PT:4.2f}pt "
                  f"{ratio(s['mean']):>14} {ratio(s['widest']):>14} {s['over']:7} {s['tatweels']:8} "
                  f"{seconds:6.2f}s")
        if args.lines:
            print(f"    {'line':>4}  {'spaces only: mean / widest':>27}  {'kashida: mean / widest':>27}  tatweels")
            for n, (before, after) in enumerate(zip(laid["spaces"], laid["kashida"]), 1):
                cell = lambda line: (f"{statistics.mean(line[1]) * PT:5.2f} / {max(line[1]) * PT:5.2f}pt "
                                     f"({max(line[1]) / line[0]:4.2f}x)")
                print(f"    {n:4}  {cell(before):>27}  {cell(after):>27}  {after[2]:8}")

if __name__ == "__main__":
    main()
