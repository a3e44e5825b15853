"""Print-ready and archival PDFs: PDF/UA-1 and PDF/A-3 structure, print marks,
the A5 card, reproducible bytes. (No PDF/A or PDF/UA validator can be installed
here: Maven Central, where veraPDF lives, is not reachable; pikepdf checks the
structure the variants require.)"""
import datetime as dt

import pikepdf
import pytest

from conftest import ISSUED, ROOT, cli_in, page_texts

MM = 72 / 25.4


def structure(pdf) -> dict:
    """Counts of structure element types, and the figures' alternative texts."""
    found: dict = {"alts": []}

    def walk(element):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            kind = str(element.S)
            found[kind] = found.get(kind, 0) + 1
            if kind == "/Figure":
                found["alts"].append(str(element.get("/Alt", "")))
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid)
    walk(pdf.Root.StructTreeRoot)
    return found


def fonts_embedded_on_every_page(pdf) -> bool:
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    return False
    return True


@pytest.mark.parametrize("name,lang", [("briefing.ar", "ar"), ("briefing.en", "en"), ("factsheet.ar", "ar")])
def test_pdf_ua_1_is_tagged_with_language_headings_tables_lists_and_figures(built, name, lang):
    with pikepdf.open(built / f"{name}.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        found = structure(pdf)
        assert found.get("/H1") and found.get("/Table") and found.get("/Figure")
        if name.startswith("briefing"):
            assert found.get("/H2", 0) >= 8 and found.get("/L") and found.get("/LI")
        assert all(alt.strip() for alt in found["alts"])
        assert fonts_embedded_on_every_page(pdf)
        metadata = str(pdf.open_metadata())
        assert 'pdfuaid:part="1"' in metadata


def test_figure_alternatives_are_logical_text_in_the_document_language(built):
    with pikepdf.open(built / "briefing.ar.pdf") as pdf:
        alts = structure(pdf)["alts"]
    assert any(alt.startswith("الشكل الأول: خط زمني يضم 9 أحداث من 16 فبراير 2005م") for alt in alts)
    assert any(alt.startswith("الشكل الثاني: مخطط أعمدة لعدد الأحداث في كل عام حسب النوع") for alt in alts)


def test_decorations_are_marked_as_artifacts(built):
    """Rules, backgrounds and borders are /Artifact marked content (WeasyPrint
    keeps the running heads' margin boxes out of the structure tree too)."""
    with pikepdf.open(built / "briefing.ar.pdf") as pdf:
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[2]))
    assert b"/Artifact BMC" in content


def test_pdf_a_3a_for_the_training_course(matrix):
    with pikepdf.open(matrix / "training" / "briefing.en.pdf") as pdf:
        metadata = str(pdf.open_metadata())
        assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="A"' in metadata
        assert len(pdf.Root.OutputIntents) == 1
        assert "/StructTreeRoot" in pdf.Root and fonts_embedded_on_every_page(pdf)


def test_no_variant_means_an_untagged_plain_pdf(tmp_path):
    # The minister's card (its profile asks for PDF/UA-1): the cheapest document to render.
    result = cli_in(ROOT, "build", "--audience", "minister", "--doc", "card", "--pdf-variant", "none",
                    "--issued", ISSUED, "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # A variant other than the profile's is a one-off, written apart (issue 14).
    with pikepdf.open(tmp_path / "qatar-nato" / "minister" / "card.ar.none.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_print_marks_add_bleed_and_crop_marks_around_the_trim(tmp_path):
    # The minister's briefing: an A4 one of two pages, the cheapest.
    result = cli_in(ROOT, "build", "--audience", "minister", "--doc", "briefing", "--print-marks",
                    "--issued", ISSUED, "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "qatar-nato" / "minister" / "briefing.ar.marks.pdf") as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        media = [float(v) for v in page.MediaBox]
    assert round(trim[2] - trim[0]) == 595 and round(trim[3] - trim[1]) == 842      # A4
    assert all(abs(abs(b - t) - 3 * MM) < 0.1 for b, t in zip(bleed, trim))          # 3 mm all round
    assert media == bleed
    # Crop marks are drawn in the bleed, outside the trimmed page: ink in the top-left corner band.
    import pypdfium2 as pdfium
    image = pdfium.PdfDocument(str(tmp_path / "qatar-nato" / "minister" / "briefing.ar.marks.pdf"))[0].render(scale=2).to_pil()
    band = image.convert("L").crop((0, 0, int(2 * 3 * MM), int(2 * 20 * MM)))
    assert min(band.tobytes()) < 100


@pytest.mark.parametrize("paper,size", [("a5", (420, 595)), ("letter", (612, 792))])
def test_other_paper_sizes(tmp_path, paper, size):
    # The minister's briefing (A4 in its profile, two pages): the cheapest paged document.
    result = cli_in(ROOT, "build", "--audience", "minister", "--doc", "briefing", "--paper", paper,
                    "--issued", ISSUED, "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "qatar-nato" / "minister" / f"briefing.ar.{paper}.pdf") as pdf:
        box = pdf.pages[0].MediaBox
        assert (round(float(box[2])), round(float(box[3]))) == size


def test_the_minister_gets_an_a5_talking_points_card(matrix):
    card = matrix / "minister" / "card.ar.pdf"
    with pikepdf.open(card) as pdf:
        assert len(pdf.pages) == 1
        box = pdf.pages[0].MediaBox
        assert (round(float(box[2])), round(float(box[3]))) == (420, 595)
    text = " ".join(page_texts(card)[0].split())
    assert "نقاط الحديث" in text and "التأكيد على أن مبادرة إسطنبول للتعاون" in text and "حقائق أساسية" in text


def test_same_inputs_give_byte_identical_pdfs(tmp_path, matrix):
    """The press office's documents built again, in this process with one worker,
    are the bytes the session's build wrote (a process of its own, a worker per core)."""
    result = cli_in(ROOT, "build", "--audience", "press", "--issued", ISSUED, "--reports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pdfs = sorted((tmp_path / "qatar-nato" / "press").glob("*.pdf"))
    assert len(pdfs) == 4
    for pdf in pdfs:
        assert pdf.read_bytes() == (matrix / "press" / pdf.name).read_bytes(), pdf.name


def test_creation_date_comes_from_the_data_or_source_date_epoch(tmp_path, matrix, monkeypatch):
    # The build command reads SOURCE_DATE_EPOCH (briefgen/cli.py), not start-up: set here, for this build.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 1, 2, tzinfo=dt.timezone.utc).timestamp())))
    assert cli_in(ROOT, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED,
                  "--reports", str(tmp_path)).returncode == 0        # the cheapest document
    dates = {}
    for run, folder in (("data", matrix / "minister"), ("epoch", tmp_path / "qatar-nato" / "minister")):
        with pikepdf.open(folder / "card.ar.pdf") as pdf:
            dates[run] = str(pdf.docinfo["/CreationDate"])
    assert dates["data"].startswith("D:20261129")      # updated: 2026-11-29 in the record
    assert dates["epoch"].startswith("D:20300102")
