"""SVG figures drawn from the chronology: a timeline and events per year by kind.

Each figure is an <img> with an SVG data: URL and a text alternative in the
document's language, in logical order (the alt text tagged PDFs and screen
readers use). In Arabic documents time runs right to left. Every label inside
the SVG goes through svglabels.svg_label, since WeasyPrint does not shape SVG
text.
"""
from __future__ import annotations

import base64
from collections import Counter
from xml.sax.saxutils import escape

from .svglabels import svg_label
from ..record.words import fill

KIND_STYLE = {   # kind -> (shape, colour): told apart by both, for print in grey too
    "accession": ("circle", "#7a1430"),
    "visit": ("diamond", "#b5651d"),
    "conference": ("square", "#14506e"),
    "meeting": ("triangle", "#2f5d3a"),
    "training": ("down", "#8a6d00"),
    "agreement": ("hexagon", "#5b3f8c"),
    "accreditation": ("cross", "#3d3d3d"),
}
FONT = "Amiri"
WIDTH = 1000


def position(date) -> float:
    """A fractional year for a date at any precision (the middle of what is known)."""
    if date.day is not None:
        return date.year + (date.month - 1) / 12 + (date.day - 0.5) / 365
    if date.month is not None:
        return date.year + (date.month - 0.5) / 12
    return date.year + 0.5


class Canvas:
    """Coordinates and text for one figure, in one reading direction."""

    def __init__(self, rtl: bool, first: int, last: int, margin: float = 50):
        self.rtl, self.first, self.last, self.margin = rtl, first, last, margin

    def x(self, year: float) -> float:
        span = max(self.last - self.first, 1)
        share = (year - self.first) / span
        usable = WIDTH - 2 * self.margin
        return WIDTH - self.margin - share * usable if self.rtl else self.margin + share * usable

    def text(self, x: float, y: float, label: str, size: float = 15, anchor: str = "middle",
             weight: str = "normal", colour: str = "#1d1d1f") -> str:
        drawn = svg_label(label, "R" if self.rtl else "L")
        return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
                f'text-anchor="{anchor}" fill="{colour}">{escape(drawn)}</text>')


def marker(kind: str, x: float, y: float, r: float = 7) -> str:
    shape, colour = KIND_STYLE[kind]
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    points = {
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.3), (1.2, 1), (-1.2, 1)],
        "down": [(0, 1.3), (1.2, -1), (-1.2, -1)],
        "hexagon": [(1.1, 0), (0.55, 0.95), (-0.55, 0.95), (-1.1, 0), (-0.55, -0.95), (0.55, -0.95)],
        "cross": [(-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4), (0.4, 1.2),
                  (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4), (-0.4, -0.4)],
    }[shape]
    path = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in points)
    return f'<polygon points="{path}" fill="{colour}"/>'


def svg_document(height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}">' + "".join(body) + "</svg>")


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def year_label(year: int, num, suffix: str) -> str:
    return num(f"{year}{suffix}")


def timeline(events: list[dict], words: dict, lang: str, num, compact: bool = False) -> dict | None:
    """events: chronology items with 'position', 'kind', 'kind_label', 'when'."""
    placed = [e for e in events if e["position"] is not None]
    if not placed:
        return None
    rtl = lang == "ar"
    first, last = int(min(e["position"] for e in placed)), int(max(e["position"] for e in placed)) + 1
    canvas = Canvas(rtl, first, last)
    # The compact timeline sits in the fact sheet's narrow column: bigger type, fewer ticks.
    big = 1.7 if compact else 1.0
    axis_y = 90 if compact else 200
    body = [f'<line x1="{canvas.margin}" y1="{axis_y}" x2="{WIDTH - canvas.margin}" y2="{axis_y}" '
            f'stroke="#5b5b60" stroke-width="2"/>']
    suffix = "م" if rtl else ""
    step = (2 if compact else 1) * (1 if last - first <= 14 else 2)
    for year in range(first, last + 1, step):
        x = canvas.x(year)
        body.append(f'<line x1="{x:.1f}" y1="{axis_y - 5}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="#5b5b60"/>')
        body.append(canvas.text(x, axis_y + 30 * big, year_label(year, num, suffix), 19 * big, colour="#5b5b60"))
    labels = [] if compact else place_labels(placed, canvas, axis_y)
    for event, (row, above) in zip(placed, labels or [(None, None)] * len(placed)):
        x = canvas.x(event["position"])
        if row is not None:
            y = axis_y - 40 - row * 52 if above else axis_y + 78 + row * 52
            tip = y + 8 if above else y - 40
            body.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{tip:.1f}" stroke="#c9c3c5"/>')
            # Keep the whole label inside the figure, even for an event at either end.
            half = label_width(event) / 2
            text_x = min(max(x, half + 4), WIDTH - half - 4)
            body.append(canvas.text(text_x, y - 20, event["when"], 20, weight="bold"))
            body.append(canvas.text(text_x, y + 4, event["kind_label"], 19, colour=KIND_STYLE[event["kind"]][1]))
        body.append(marker(event["kind"], x, axis_y, 9 * big))
    kinds = sorted({e["kind"] for e in placed}, key=list(KIND_STYLE).index)
    legend_y = axis_y + (105 if compact else 190)
    legend_body, rows = legend(kinds, words, canvas, legend_y, big)
    body += legend_body
    height = legend_y + (rows - 1) * 30 * big + 14
    alt = fill(words["figures"]["timeline_alt"],
        count=len(placed), first=placed[0]["when"], last=placed[-1]["when"],
        items=words["semicolon"].join(f'{e["when"]} {e["kind_label"]}: {e["plain_title"]}' for e in placed))
    return {"src": data_uri(svg_document(height + 6, body)), "alt": alt,
            "caption": words["figures"]["timeline"], "kind": "timeline-compact" if compact else "timeline"}


def label_width(event: dict) -> float:
    """An estimate of a timeline label's width at 20 units: Latin letters run
    wider than Arabic ones in these faces."""
    text = max(event["when"], event["kind_label"], key=len)
    per_char = 9.5 if any("\u0600" <= c <= "\u06ff" for c in text) else 11
    return len(text) * per_char


def place_labels(events: list[dict], canvas: Canvas, axis_y: float):
    """A row above or below the axis for each event's label, so none overlap."""
    ends: dict[tuple[bool, int], list[tuple[float, float]]] = {}
    placement = []
    for index, event in enumerate(events):
        half = label_width(event) / 2 + 6
        x = min(max(canvas.x(event["position"]), half), WIDTH - half)
        span = (x - half, x + half)
        above = index % 2 == 0
        for row in range(3):
            for side in (above, not above):
                taken = ends.setdefault((side, row), [])
                if all(span[1] < a or span[0] > b for a, b in taken):
                    taken.append(span)
                    placement.append((row, side))
                    break
            else:
                continue
            break
        else:
            placement.append((2, above))
    return placement


def legend(kinds: list[str], words: dict, canvas: Canvas, y: float, big: float = 1.0) -> tuple[list[str], int]:
    """Marker and name of each kind, in rows that start where reading starts."""
    body, start = [], WIDTH - canvas.margin if canvas.rtl else canvas.margin
    cursor, row = start, 0
    for kind in kinds:
        label = words["kinds"][kind]
        width = (len(label) * 10 + 56) * big
        if abs(cursor - start) + width > WIDTH - 2 * canvas.margin:
            cursor, row = start, row + 1
        line_y = y + row * 30 * big
        mark_x = cursor - 9 * big if canvas.rtl else cursor + 9 * big
        body.append(marker(kind, mark_x, line_y - 6 * big, 8 * big))
        text_x = cursor - 26 * big if canvas.rtl else cursor + 26 * big
        body.append(canvas.text(text_x, line_y, label, 19 * big, anchor="end" if canvas.rtl else "start"))
        cursor = cursor - width if canvas.rtl else cursor + width
    return body, row + 1


def activity(events: list[dict], words: dict, lang: str, num) -> dict | None:
    """Events per year, stacked by kind."""
    placed = [e for e in events if e["position"] is not None]
    if not placed:
        return None
    rtl = lang == "ar"
    per_year = Counter((int(e["position"]), e["kind"]) for e in placed)
    years = range(int(min(e["position"] for e in placed)), int(max(e["position"] for e in placed)) + 1)
    kinds = sorted({e["kind"] for e in placed}, key=list(KIND_STYLE).index)
    totals = {y: sum(per_year[(y, k)] for k in kinds) for y in years}
    top = max(totals.values())
    canvas = Canvas(rtl, years[0], years[-1] + 1, margin=70)
    base_y, unit = 200, 160 / max(top, 1)
    slot = (WIDTH - 2 * canvas.margin) / len(years)
    body = [f'<line x1="{canvas.margin}" y1="{base_y}" x2="{WIDTH - canvas.margin}" y2="{base_y}" stroke="#5b5b60"/>']
    for count in range(0, top + 1):
        y = base_y - count * unit
        body.append(f'<line x1="{canvas.margin}" y1="{y:.1f}" x2="{WIDTH - canvas.margin}" y2="{y:.1f}" '
                    f'stroke="#e4e0e1" stroke-width="1"/>')
        axis_x = WIDTH - canvas.margin + 22 if rtl else canvas.margin - 22
        body.append(canvas.text(axis_x, y + 6, num(str(count)), 18, colour="#5b5b60"))
    suffix = "م" if rtl else ""
    for year in years:
        centre = (canvas.x(year) + canvas.x(year + 1)) / 2
        stacked = base_y
        for kind in kinds:
            height = per_year[(year, kind)] * unit
            if height:
                body.append(f'<rect x="{centre - slot * 0.3:.1f}" y="{stacked - height:.1f}" width="{slot * 0.6:.1f}" '
                            f'height="{height:.1f}" fill="{KIND_STYLE[kind][1]}"/>')
                stacked -= height
        body.append(canvas.text(centre, base_y + 28, year_label(year, num, suffix), 17, colour="#5b5b60"))
    legend_body, rows = legend(kinds, words, canvas, base_y + 70)
    body += legend_body
    counts = words["semicolon"].join(
        f"{year_label(y, num, suffix)}: " + words["comma"].join(
            f"{words['kinds'][k]} {num(str(per_year[(y, k)]))}" for k in kinds if per_year[(y, k)])
        for y in years if totals[y])
    alt = fill(words["figures"]["activity_alt"], items=counts)
    return {"src": data_uri(svg_document(base_y + 86 + (rows - 1) * 30, body)), "alt": alt,
            "caption": words["figures"]["activity"], "kind": "activity"}
