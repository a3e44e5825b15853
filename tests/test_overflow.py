"""Text that cannot break and is wider than the text area, or than its own
column, fails its document by name (it used to print cut off or overprinted,
silently); a long address breaks instead.
A <<keep|…>> span wider than the narrowest text column of the documents the
profiles ask for is refused by check, by line; one that fits that column but
not a narrower page (--paper a5) is still caught by the build."""
from briefgen.paths import Project
from briefgen.record.kinds import shipped_kinds
from briefgen.render.widths import widths
from briefgen.view.textwidth import em_width
from conftest import ISSUED, ROOT, cli_in, data_with, page_texts

SPARSE = ROOT / "tests" / "records" / "sparse.yaml"
SUMMARY_AR = "اجتمع ممثلو الجانبين في الدوحة."
SUMMARY_EN = "Representatives of both sides met in Doha."
UNBREAKABLE = "<<keep|" + " ".join(["اتفاقية التعاون الأمني الشامل"] * 6) + ">>"
# Spans that pass check (narrower than the A4 fact sheet's main column, the
# narrowest the delegation's A4 profile makes) but not an A5 briefing's summary.
FITS_A4_AR = "اتفاقية التعاون الأمني الشامل اتفاقية التعاون الأمني الشامل والشراكة الدفاعية الكاملة"
FITS_A4_EN = "comprehensive security cooperation agreement and the partnership"
A5_PAGE_PT = 306.1 + 6      # an A5 briefing's paragraph, and what overflow.py lets through
ADDRESS = "https://www.example.org/" + "/".join(["relations-and-partnership-programmes"] * 5) + "/index.html"


def with_summary(data, ar: str, en: str) -> None:
    record = data / "relations" / "sparse.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("summary: []", f"summary:\n  - {{ar: '{ar}', en: '{en}'}}"), encoding="utf-8")


def delegation_briefing(data, reports, lang, *options):
    return cli_in(ROOT, "build", "--data", str(data), "--reports", str(reports), "--audience", "delegation",
                  "--doc", "briefing", "--lang", lang, "--issued", ISSUED, "--workers", "1", *options)


def passes_check_but_not_a5(span: str) -> str:
    """The span as markup, after asserting the premise: wider than an A5
    page's line, narrower than the column check holds spans to."""
    column = widths(Project(), shipped_kinds()["factsheet"], "a4").column
    ems = em_width(span, False, str(ROOT / "fonts"))
    assert ems * 12 > A5_PAGE_PT and ems * column.size_pt < column.width_pt, ems
    return f"<<keep|{span}>>"


def test_an_over_long_keep_span_is_refused_by_check_by_line_and_field(tmp_path):
    """It used to pass check, then fail every document at layout."""
    data = data_with(tmp_path / "data", SPARSE)
    with_summary(data, f"{SUMMARY_AR} {UNBREAKABLE}", SUMMARY_EN)
    result = cli_in(ROOT, "check", "--data", str(data))
    assert result.returncode == 2, result.stderr
    record = data / "relations" / "sparse.yaml"
    line = next(n for n, text in enumerate(record.read_text(encoding="utf-8").splitlines(), 1) if "<<keep|" in text)
    column = record.read_text(encoding="utf-8").splitlines()[line - 1].index("<<keep|") + 1
    assert f"sparse.yaml:{line}:{column}: summary[0].ar: a <<keep|…>> span " in result.stderr, result.stderr
    assert "pt wide cannot fit the narrowest text column (A4 fact sheet, 311 pt at 11 pt)" \
        in result.stderr, result.stderr
    built = delegation_briefing(data, tmp_path / "reports", "ar")     # a build validates the same way
    assert built.returncode == 2 and "summary[0].ar: a <<keep|…>> span" in built.stderr, built.stderr
    assert "past the margin" not in built.stderr and not list((tmp_path / "reports").rglob("*.pdf"))


def test_a_line_that_cannot_break_fails_its_document_and_keeps_the_published_file(tmp_path):
    """The build's own guard, behind check's: a span that fits the profile's
    papers, on an A5 page asked for on the command line."""
    data = data_with(tmp_path / "data", SPARSE)
    reports = tmp_path / "reports"
    assert delegation_briefing(data, reports, "ar", "--paper", "a5").returncode == 0
    published = {p: p.read_bytes() for p in reports.rglob("*.pdf")}
    assert published
    with_summary(data, f"{SUMMARY_AR} {passes_check_but_not_a5(FITS_A4_AR)}", SUMMARY_EN)
    assert cli_in(ROOT, "check", "--data", str(data)).returncode == 0
    result = delegation_briefing(data, reports, "ar", "--paper", "a5")
    assert result.returncode == 1, result.stderr
    assert "sparse/delegation/briefing.ar.a5" in result.stderr
    assert "pt past the margin" in result.stderr and "اتفاقية التعاون" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in reports.rglob("*.pdf")} == published


def test_a_line_past_the_right_margin_fails_a_left_to_right_document(tmp_path):
    """The same for English, whose lines start at the left: the overflow is on
    the right (the Arabic test above only ever overflows on the left)."""
    data = data_with(tmp_path / "data", SPARSE)
    with_summary(data, SUMMARY_AR, f"{SUMMARY_EN} {passes_check_but_not_a5(FITS_A4_EN)}")
    result = delegation_briefing(data, tmp_path / "reports", "en", "--paper", "a5")
    assert result.returncode == 1, result.stderr
    assert "sparse/delegation/briefing.en.a5: page" in result.stderr, result.stderr
    assert "pt past the margin" in result.stderr and "comprehensive security" in result.stderr, result.stderr
    assert not list((tmp_path / "reports").rglob("*.pdf"))


def test_a_long_address_breaks_inside_the_text_area(tmp_path):
    data = data_with(tmp_path / "data", SPARSE)
    with_summary(data, f"{SUMMARY_AR} انظر {ADDRESS}", f"{SUMMARY_EN} See {ADDRESS}")
    for lang in ("en", "ar"):
        result = delegation_briefing(data, tmp_path / "reports", lang)
        assert result.returncode == 0, result.stderr
        text = "".join(page_texts(tmp_path / "reports" / "sparse" / "delegation" / f"briefing.{lang}.pdf"))
        assert "relations-and-partnership-programmes" in text


def test_the_bound_follows_the_papers_the_profiles_ask_for(tmp_path):
    """An audience printing on A5 narrows every span's bound to its A5 fact
    sheet's main column: a span that fits A4 is refused by check."""
    project = tmp_path / "project"
    data_with(project / "data", SPARSE)
    profile = project / "templates" / "audiences" / "delegation" / "audience.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text((ROOT / "templates" / "audiences" / "delegation" / "audience.yaml").read_text(encoding="utf-8")
                       + "paper: a5\n", encoding="utf-8")
    with_summary(project / "data", f"{SUMMARY_AR} {passes_check_but_not_a5(FITS_A4_AR)}", SUMMARY_EN)
    result = cli_in(project, "check")
    assert result.returncode == 2, result.stderr
    assert "summary[0].ar: a <<keep|…>> span " in result.stderr and \
        "cannot fit the narrowest text column (A5 fact sheet, 192 pt at 11 pt)" in result.stderr, \
        result.stderr


def test_a_line_past_its_column_fails_the_document_though_inside_the_page(tmp_path):
    """A left-to-right fact sheet sets the events hosted in its side panel
    (templates/factsheet.html): an unbreakable title there that fits the main
    column, and so passes the margin check, overprinted the main column's
    chronology (seen at 70 dpi). The build now holds the document's text to
    the block it is set in, and keeps the file already published."""
    data = data_with(tmp_path / "data", SPARSE)
    record = data / "relations" / "sparse.yaml"
    hosted = ("    kind: conference\n    date: 2020-05\n    place: doha\n    hosted_by: qatar\n"
              "    title: {ar: مؤتمر في الدوحة, en: '%s'}\n")
    original = record.read_text(encoding="utf-8")
    plain = original.replace("    kind: meeting\n    date: 2020-05\n    title: {ar: اجتماع ثنائي في الدوحة, "
                             "en: A bilateral meeting in Doha}\n", hosted % "A conference in Doha")
    assert plain != original
    record.write_text(plain, encoding="utf-8")
    reports = tmp_path / "reports"
    sheet = ("build", "--data", str(data), "--reports", str(reports), "--audience", "press", "--doc", "factsheet",
             "--lang", "en", "--issued", ISSUED, "--workers", "1")
    assert cli_in(ROOT, *sheet).returncode == 0
    published = {p: p.read_bytes() for p in reports.rglob("*.pdf")}
    assert published
    record.write_text(original.replace("    kind: meeting\n    date: 2020-05\n    title: {ar: اجتماع ثنائي في الدوحة, "
                                       "en: A bilateral meeting in Doha}\n",
                                       hosted % "<<keep|Conference on NATO and Gulf Security Doha>>"),
                      encoding="utf-8")
    assert cli_in(ROOT, "check", "--data", str(data)).returncode == 0     # it fits the main column
    result = cli_in(ROOT, *sheet)
    assert result.returncode == 1, result.stderr
    assert "sparse/press/factsheet.en: page 1: text runs" in result.stderr, result.stderr
    assert "pt past its column: “Conference on NATO and Gulf Security Doha”" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in reports.rglob("*.pdf")} == published


def test_generated_text_may_hang_outside_its_column_the_documents_may_not():
    """A list number or bullet a stylesheet hangs in the margin (page.css:
    li::before) is held to the page only; a no-wrap span of the document's own
    wider than its list item, inside the page, is named with its column."""
    from weasyprint import HTML
    from briefgen.render.overflow import text_past_margins
    html = ('<style>li { width: 120pt } .keep { white-space: nowrap }</style>'     # bullets: ::marker, outside
            '<ul dir="rtl"><li>بند قصير</li><li><span class="keep">اتفاقية التعاون الأمني الشامل والشراكة</span></li></ul>')
    found = text_past_margins(HTML(string=html).render())
    assert [(o.edge, o.text) for o in found] == [("its column", "اتفاقية التعاون الأمني الشامل والشراكة")]
