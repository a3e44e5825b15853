"""WCAG AA contrast for every piece of text in every audience's documents:
4.5:1, or 3:1 for large text (18 pt, or 14 pt bold), measured on WeasyPrint's
laid-out boxes (computed colours, backgrounds composited from the page down)
and on the text of the SVG figures."""
import base64
import datetime as dt
import re
import urllib.parse

import pytest
from weasyprint.formatting_structure import boxes

from briefgen.render.engine import Renderer, project_fetcher
from briefgen.view.select import Options, document_view
from briefgen.paths import Project
from conftest import ROOT
from briefgen.render.checks import check
from briefgen.render.widths import frame_of

WHITE = (1.0, 1.0, 1.0)
PROJECT = Project()
INPUTS = check(PROJECT)
DOCUMENTS = [(a.name, doc, lang) for a in INPUTS.audiences.values() for doc in a.documents for lang in a.languages]


def luminance(rgb) -> float:
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgba(colour) -> tuple:
    srgb = colour.to("srgb")
    return (*srgb.coordinates, srgb.alpha)


def over(colour: tuple, background: tuple) -> tuple:
    *rgb, alpha = colour
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, background))


def low_contrast_boxes(box, background=WHITE):
    """(ratio, needed, text) for every text box below AA, walking down from the page
    and compositing each background on the way."""
    fill = rgba(box.style["background_color"])
    if fill[3] > 0:
        background = over(fill, background)
    if isinstance(box, boxes.TextBox) and box.text.strip():
        style = box.style
        large = style["font_size"] >= 24 or (style["font_weight"] >= 700 and style["font_size"] >= 18.66)
        needed = 3.0 if large else 4.5
        ratio = contrast(over(rgba(style["color"]), background), background)
        if ratio < needed:
            yield round(ratio, 2), needed, box.text[:40]
    for child in getattr(box, "children", ()):
        yield from low_contrast_boxes(child, background)


def svg_text_colours(html: str):
    """Fill colours of <text> in the figures (data: URIs), drawn on white."""
    for uri in re.findall(r'src="(data:image/svg\+xml[^"]*)"', html):
        header, _, payload = uri.partition(",")
        svg = base64.b64decode(payload).decode() if ";base64" in header else urllib.parse.unquote(payload)
        for fill, label in re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"[^>]*>([^<]*)<', svg):
            yield tuple(int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)), label


@pytest.fixture(scope="module")
def renderer():
    return Renderer(PROJECT)


@pytest.mark.parametrize("audience,doc,lang", DOCUMENTS, ids=["/".join(d) for d in DOCUMENTS])
def test_every_text_meets_wcag_aa(renderer, audience, doc, lang):
    profile = INPUTS.audiences[audience]
    kind = INPUTS.kinds[doc]
    options = Options(profile, doc, lang, dt.date(2026, 11, 29), kind.paper_for("a4"), "western",
                      fonts=ROOT / "fonts", frame=frame_of(PROJECT)(kind, kind.paper_for("a4")))
    view = document_view(INPUTS.record, INPUTS.record.relationships["qatar-nato"], options, INPUTS.strings)
    html = renderer.html(view, profile)
    fetch = project_fetcher(PROJECT, profile.search_folders)     # as Renderer.pdf has it: its logo may be read
    document = renderer.layout(html, renderer.stylesheets(view, profile, fetch), f"{audience}/{doc}.{lang}", fetch)
    failing = {found for page in document.pages for found in low_contrast_boxes(page._page_box)}
    assert failing == set(), failing
    svg = {(round(contrast(c, WHITE), 2), label) for c, label in svg_text_colours(html) if contrast(c, WHITE) < 4.5}
    assert svg == set(), svg
