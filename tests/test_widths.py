"""Figure frames and text columns come from the kinds' own stylesheets
(briefgen/render/widths.py lays out a small probe page), not from numbers
measured by hand: the shipped ones come out as they were measured, and a
project's stylesheet or kind of its own gets the widths it lays out."""
from __future__ import annotations

import datetime as dt
import math

import pytest

from conftest import write
from briefgen.paths import Project
from briefgen.record.kinds import load_kinds, shipped_kinds
from briefgen.render import widths as widths_module
from briefgen.render.checks import check
from briefgen.render.widths import widths
from briefgen.view.select import Options, document_view
from test_kinds import MEMO_HTML, PROFILE, strings_with_memo

# The widths measured by hand before they were measured from the stylesheets.
HAND_FRAMES = {("briefing", "a4"): 481.0, ("briefing", "letter"): 498.0, ("briefing", "a5"): 305.0,
               ("factsheet", "a4"): 322.0, ("factsheet", "letter"): 333.5, ("factsheet", "a5"): 203.0}
HAND_COLUMNS = {("briefing", "a4"): (465.1, 12.0), ("briefing", "letter"): (481.8, 12.0),
                ("briefing", "a5"): (289.3, 12.0), ("factsheet", "a4"): (311.3, 11.0),
                ("factsheet", "letter"): (322.5, 11.0), ("factsheet", "a5"): (192.0, 11.0),
                ("card", "a5"): (336.1, 11.0)}
A4_LESS_20MM_MARGINS = (210 - 2 * 20) * 72 / 25.4      # page.css: the briefing's page, in points


@pytest.mark.parametrize("doc,paper", sorted(HAND_COLUMNS))
def test_the_shipped_kinds_measure_as_they_were_measured_by_hand(doc, paper):
    measured = widths(Project(), shipped_kinds()[doc], paper)
    width, size = HAND_COLUMNS[(doc, paper)]
    assert abs(measured.column.width_pt - width) < 1 and measured.column.size_pt == size, measured
    if (doc, paper) in HAND_FRAMES:
        assert abs(measured.frame - HAND_FRAMES[(doc, paper)]) <= 1, measured
        assert measured.frame == int(measured.frame)        # whole points, rounded down


def test_the_shipped_documents_keep_their_frames():
    """481 and 322 pt: what the shipped A4 documents' figures have always been
    drawn at; the card draws none."""
    kinds = shipped_kinds()
    assert widths(Project(), kinds["briefing"], "a4").frame == 481.0
    assert widths(Project(), kinds["factsheet"], "a4").frame == 322.0
    assert kinds["card"].figures == () and kinds["card"].frame is None


def page_css_with_margin(margin: str) -> str:
    shipped = Project().template_file("css/page.css").read_text(encoding="utf-8")
    assert "margin: 22mm 20mm 22mm 20mm;" in shipped
    return shipped.replace("margin: 22mm 20mm 22mm 20mm;", f"margin: 22mm {margin} 22mm {margin};")


def test_a_projects_page_margins_change_the_frame_and_the_column(tmp_path):
    write(tmp_path, "templates/css/page.css", page_css_with_margin("40mm"))
    project = Project.at(tmp_path)
    shipped = widths(Project(), shipped_kinds()["briefing"], "a4")
    wider_margins = widths(project, shipped_kinds()["briefing"], "a4")
    narrower = 2 * 20 * 72 / 25.4          # 20 mm more on each side, in points
    assert abs((shipped.column.width_pt - wider_margins.column.width_pt) - narrower) < 0.1
    assert wider_margins.frame == math.floor(A4_LESS_20MM_MARGINS - narrower) < shipped.frame


def memo_project(tmp_path, css: str):
    write(tmp_path, "templates/documents.yaml",
          "memo:\n  paper: a4\n  one_page: no\n  parts: [summary, chronology]\n  figures: [timeline]\n")
    write(tmp_path, "templates/memo.html", MEMO_HTML)
    write(tmp_path, "templates/css/memo.css", css)
    write(tmp_path, "templates/strings.yaml", strings_with_memo())
    write(tmp_path, "templates/audiences/memo-desk/audience.yaml", PROFILE)
    return Project.at(tmp_path)


def test_a_project_kind_with_a_narrower_column_draws_narrower_figures(tmp_path):
    """The memo's stylesheet narrows its main column by 30 mm a side: its
    figures are drawn to what is left, not to the briefing's width."""
    project = memo_project(tmp_path, ".main { margin-inline: 30mm; }\n")
    memo = load_kinds(project.template_layers)["memo"]
    measured = widths(project, memo, "a4")
    assert measured.frame == math.floor(A4_LESS_20MM_MARGINS - 2 * 30 * 72 / 25.4), measured
    inputs = check(project)
    options = Options(inputs.audiences["memo-desk"], "memo", "en", dt.date(2026, 11, 29), "a4", "western",
                      fonts=project.fonts, kind=memo, frame=measured.frame)
    view = document_view(inputs.record, inputs.record.relationships["qatar-nato"], options, inputs.strings)
    figure = view["figures"]["timeline"]
    assert figure.width == measured.frame < 481, figure.width
    assert f'width="{measured.frame:.2f}"' in figure.svg, figure.svg[:200]


def test_a_view_of_a_kind_with_figures_needs_their_width():
    inputs = check(Project())
    options = Options(inputs.audiences["press"], "briefing", "en", dt.date(2026, 11, 29), "a4", "western",
                      fonts=Project().fonts)
    with pytest.raises(ValueError, match="Options.frame"):
        document_view(inputs.record, inputs.record.relationships["qatar-nato"], options, inputs.strings)


def test_a_measurement_is_kept_on_disk_by_the_stylesheets_contents(tmp_path, monkeypatch):
    """A later process measures nothing while the stylesheets are unchanged,
    and measures again when one changes."""
    write(tmp_path, "templates/css/page.css", page_css_with_margin("30mm"))
    project, briefing = Project.at(tmp_path), shipped_kinds()["briefing"]
    monkeypatch.setattr(widths_module, "cache_file", lambda project: tmp_path / "widths.json")
    first = widths(project, briefing, "a4")
    assert (tmp_path / "widths.json").is_file()
    monkeypatch.setattr(widths_module, "_measured", {})      # as a new process starts
    laid_out = []
    monkeypatch.setattr(widths_module, "lay_out_probe",
                        lambda *args: laid_out.append(args) or widths_module.Measured(1.0, 1.0, 1.0))
    assert widths(project, briefing, "a4") == first and not laid_out
    write(tmp_path, "templates/css/page.css", page_css_with_margin("31mm"))
    assert widths(project, briefing, "a4").frame == 1.0 and len(laid_out) == 1
