"""Figures read back from the PDFs: labels are real text (no presentation forms,
logical order), and nothing collides — on the shipped record, on a dense record
(32 events over three years, several on one day, open dates) and on a sparse
one (a single event), in both languages, in the briefing and the fact sheet.

The geometry is taken from the PDF, not from the placement code: pdfium's text
rectangles, and the bounding boxes of the vector paths the SVG layer drew
(markers, bars, leaders, axis, ticks, grid lines)."""
from __future__ import annotations

import ctypes
import re
import subprocess

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from conftest import ISSUED, ROOT, cli_in, page_texts, searchable, shared

PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CHART_STROKES = {"#9a9497", "#c9c3c5", "#5b5b60", "#e4e0e1"}     # leaders (now, before), axes and ticks, grid
KIND_COLOURS = {"#7a1430", "#b5651d", "#14506e", "#2f5d3a", "#8a6d00", "#5b3f8c", "#3d3d3d"}
KINDS = ["accession", "visit", "conference", "meeting", "training", "agreement", "accreditation"]
TITLES = {
    "ar": "اجتماع لجنة التنسيق رقم {n}",
    "en": "Coordination committee, no. {n}",
}


# -- reading a page's geometry ---------------------------------------------------

def colour(obj, getter) -> str:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    getter(obj.raw, r, g, b, a)
    return "#%02x%02x%02x" % (r.value, g.value, b.value)


def paths(page) -> list[tuple[tuple[float, float, float, float], str, str]]:
    """(bounds, stroke colour, fill colour) of every vector path drawn on the page itself."""
    out = []
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH:
            out.append((tuple(obj.get_bounds()), colour(obj, pdfium.raw.FPDFPageObj_GetStrokeColor),
                        colour(obj, pdfium.raw.FPDFPageObj_GetFillColor)))
    return out


def is_chart_mark(box, stroke: str, fill: str) -> bool:
    """What the figure's SVG drew: markers (small), bars (a kind's colour edged in
    white), leaders, axes, ticks and grid lines (their own greys). Page furniture
    (a heading's rule, a panel's background) is none of these."""
    return is_marker(box) or stroke in CHART_STROKES or (fill in KIND_COLOURS and stroke == "#ffffff")


def text_rects(page) -> list[tuple[tuple[float, float, float, float], str]]:
    """Runs of text (words, or phrases without a break) with the union of their
    glyphs' tight boxes: what ink a reader sees, not the font's line box."""
    textpage = page.get_textpage()
    runs, box, text, origin = [], None, "", None
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium.raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        this_origin = (x.value, y.value)
        if char.isspace() or (origin is not None and abs(this_origin[1] - origin[1]) > 1):
            if box:
                runs.append((box, text))
            box, text, origin = None, "", None
            if char.isspace():
                continue
        l, b, r, t = textpage.get_charbox(i)
        box = (l, b, r, t) if box is None else (min(box[0], l), min(box[1], b), max(box[2], r), max(box[3], t))
        text, origin = text + char, this_origin
    if box:
        runs.append((box, text))
    return runs


def is_marker(box) -> bool:
    return box[2] - box[0] < 15 and box[3] - box[1] < 15


def overlap(a, b, slack: float = 0.3) -> bool:
    """Boxes (left, bottom, right, top) overlapping by more than `slack` points."""
    return (a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3])


def chart_regions(page) -> list[tuple[float, float]]:
    """Vertical extents (bottom, top) of the figures on a page: where the chart's
    own strokes are, grown by room for the labels they lead to."""
    ys = sorted((box[1], box[3]) for box, stroke, _ in paths(page) if stroke in CHART_STROKES)
    regions: list[list[float]] = []
    for bottom, top in ys:
        if regions and bottom <= regions[-1][1] + 60:
            regions[-1][1] = max(regions[-1][1], top)
        else:
            regions.append([bottom, top])
    return [(bottom - 14, top + 36) for bottom, top in regions]


def collisions(pdf) -> list[str]:
    """Every text rectangle in a figure that touches another text rectangle or a
    drawn path (marker, bar, leader, axis, tick, grid line), or passes the page's
    content edge."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        width = page.get_width()
        shapes, texts = paths(page), text_rects(page)
        for bottom, top in chart_regions(page):
            inside = lambda box: box[1] < top and box[3] > bottom
            words = [(box, text) for box, text in texts if inside(box)]
            marks = [box for box, stroke, fill in shapes if inside(box) and is_chart_mark(box, stroke, fill)]
            for i, (box, text) in enumerate(words):
                if box[0] < 20 or box[2] > width - 20:
                    found.append(f"page {number}: {text!r} passes the page edge")
                for other, other_text in words[i + 1:]:
                    if overlap(box, other):
                        found.append(f"page {number}: {text!r} overlaps {other_text!r}")
                for mark in marks:
                    if overlap(box, mark):
                        found.append(f"page {number}: {text!r} overlaps a drawn mark at {[round(v) for v in mark]}")
    document.close()
    return found


def marker_overlaps(pdf) -> list[str]:
    """Pairs of drawn markers (small shapes in a kind's colour) that overlap."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        marks = [box for box, stroke, fill in paths(page)
                 if is_marker(box) and box[3] - box[1] > 2.5 and (fill in KIND_COLOURS or stroke in KIND_COLOURS)]
        for i, box in enumerate(marks):
            found += [f"page {number}: markers at {[round(v) for v in box]} and {[round(v) for v in other]}"
                      for other in marks[i + 1:] if overlap(box, other)]
    document.close()
    return found


def figure_pages(pdf) -> list[int]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [i for i, page in enumerate(document) if chart_regions(page)]
    finally:
        document.close()


def pdftotext(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# -- records ------------------------------------------------------------------------

def dense_events() -> list[dict]:
    """32 events over 2014-2016: most months, extra ones on 10 March 2015 and 11 July
    2016 (three on that day), year- and month-precision dates, two open dates."""
    events, n = [], 0
    def add(date=None, after=None, kind=None):
        nonlocal n
        n += 1
        event = {"id": f"e{n}", "kind": kind or KINDS[n % 6],
                 "title": {lang: text.format(n=n) for lang, text in TITLES.items()},
                 "description": {"ar": "وصف قصير.", "en": "A short description."}, "sources": ["mofa"]}
        event.update({"date": date} if date else {"after": after})
        events.append(event)
    for year in (2014, 2015, 2016):
        for month in (1, 2, 3, 5, 7, 8, 10, 12):
            add(f"{year}-{month:02d}-{(month * 7) % 27 + 1:02d}" if month % 3 else f"{year}-{month:02d}")
    add("2015"), add("2015-03-10"), add("2015-03-10"), add("2015-03-10")
    add("2016-07-11"), add("2016-07-11", kind="agreement")
    add(after="e30", kind="accreditation"), add(after="e5", kind="accreditation")
    return events


def write_record(tmp_path, name: str, events: list[dict]):
    data = tmp_path / "data"
    (data / "relations").mkdir(parents=True)
    (data / "entities.yaml").write_text((ROOT / "data" / "entities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    record = yaml.safe_load((ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8"))
    # Little prose, so that the fact sheet can hold a chronology of 32 rows on its one page.
    brief = [{"ar": "سجل تجريبي كثيف الأحداث.", "en": "A test record dense with events."}]
    record.update(id=name, events=events, summary=brief, areas=[dict(brief[0])])
    for key in ("programmes", "talking_points", "notes"):
        record.pop(key, None)
    (data / "relations" / f"{name}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")
    return data


@pytest.fixture(scope="session", params=["dense", "sparse"])
def synthetic(request, tmp_path_factory):
    def make(tmp):
        events = dense_events() if request.param == "dense" else dense_events()[:1]
        data = write_record(tmp, request.param, events)
        result = cli_in(ROOT, "build", "--data", str(data), "--reports", str(tmp / "reports"),
                        "--audience", "delegation", "--issued", ISSUED)
        assert result.returncode == 0, result.stderr + result.stdout
    return shared(tmp_path_factory, f"synthetic-{request.param}", make) / "reports" / request.param / "delegation"


# -- tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("doc", ["briefing.ar", "briefing.en", "factsheet.ar", "factsheet.en"])
def test_shipped_figures_collide_with_nothing(built, doc):
    pdf = built / f"{doc}.pdf"
    assert figure_pages(pdf), "no figure found"
    assert collisions(pdf) == []
    assert marker_overlaps(pdf) == []


@pytest.mark.parametrize("doc", ["briefing.ar", "briefing.en", "factsheet.ar", "factsheet.en"])
def test_dense_and_sparse_figures_collide_with_nothing(synthetic, doc):
    pdf = synthetic / f"{doc}.pdf"
    assert figure_pages(pdf), "no figure found"
    assert collisions(pdf) == []
    assert marker_overlaps(pdf) == []
    assert PRESENTATION.findall(pdftotext(pdf)) == []


@pytest.mark.parametrize("doc", ["briefing.ar", "factsheet.ar", "briefing.en", "factsheet.en"])
def test_labels_are_logical_text_in_both_readers(built, doc):
    pdf = built / f"{doc}.pdf"
    poppler = pdftotext(pdf)
    assert PRESENTATION.findall(poppler) == []
    pages = page_texts(pdf)
    figure = " ".join(pages[i] for i in figure_pages(pdf))
    # The open-dated accreditation's label, as the source words it.
    after = {"ar": "بعد 11 يوليو 2016م", "en": "After 11 July 2016"}[doc[-2:]]
    assert searchable(after) in searchable(figure)
    # poppler puts the space beside a number on the wrong side ("بعد  11يوليو"), in body
    # text too; compare without spaces.
    squeeze = lambda text: "".join(searchable(BIDI_CONTROLS.sub("", text)).split())
    assert squeeze(after) in squeeze(poppler)


def tagged_figures(pdf) -> list[tuple[object, object]]:
    """(Figure element, its parent) for every Figure in a tagged PDF."""
    found = []

    def walk(element, parent):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element and str(element.S) == "/Figure":
            found.append((element, parent))
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid, element)
    walk(pdf.Root.StructTreeRoot, None)
    return found


@pytest.mark.parametrize("doc", ["briefing.ar", "briefing.en", "factsheet.ar"])
def test_a_screen_reader_hears_each_figure_once(built, doc):
    """Labels are tagged inside their Figure (whose alternative stands for them),
    not as text beside it that a screen reader would read after the alternative."""
    with pikepdf.open(built / f"{doc}.pdf") as pdf:
        charts = [(figure, parent) for figure, parent in tagged_figures(pdf)
                  if str(figure.get("/Alt", "")).startswith(("الشكل", "Figure"))]
        assert charts
        for figure, parent in charts:
            assert len(parent.K) == 1, "labels left beside the figure"
            labels = [kid for kid in figure.K if isinstance(kid, pikepdf.Dictionary)]
            assert labels and all(str(kid.S) == "/Span" and kid.P == figure for kid in labels)
