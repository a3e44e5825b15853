"""Text that cannot break and is wider than the text area fails its document
by name (it used to print cut off, silently); a long address breaks instead."""
from conftest import ISSUED, ROOT, data_with, page_texts, run_cli

SPARSE = ROOT / "tests" / "records" / "sparse.yaml"
SUMMARY_AR = "اجتمع ممثلو الجانبين في الدوحة."
SUMMARY_EN = "Representatives of both sides met in Doha."
UNBREAKABLE = "<<keep|" + " ".join(["اتفاقية التعاون الأمني الشامل"] * 6) + ">>"
ADDRESS = "https://www.example.org/" + "/".join(["relations-and-partnership-programmes"] * 5) + "/index.html"


def with_summary(data, ar: str, en: str) -> None:
    record = data / "relations" / "sparse.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("summary: []", f"summary:\n  - {{ar: '{ar}', en: '{en}'}}"), encoding="utf-8")


def delegation_briefing(data, reports, lang):
    return run_cli("build", "--data", str(data), "--reports", str(reports), "--audience", "delegation",
                   "--doc", "briefing", "--lang", lang, "--issued", ISSUED, "--workers", "1")


def test_a_line_that_cannot_break_fails_its_document_and_keeps_the_published_file(tmp_path):
    data = data_with(tmp_path / "data", SPARSE)
    reports = tmp_path / "reports"
    assert delegation_briefing(data, reports, "ar").returncode == 0
    published = {p: p.read_bytes() for p in reports.rglob("*.pdf")}
    assert published
    with_summary(data, f"{SUMMARY_AR} {UNBREAKABLE}", SUMMARY_EN)
    result = delegation_briefing(data, reports, "ar")
    assert result.returncode == 1, result.stderr
    assert "sparse/delegation/briefing.ar" in result.stderr
    assert "pt past the margin" in result.stderr and "اتفاقية التعاون" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in reports.rglob("*.pdf")} == published


def test_a_line_past_the_right_margin_fails_a_left_to_right_document(tmp_path):
    """The same for English, whose lines start at the left: the overflow is on
    the right (the Arabic test above only ever overflows on the left)."""
    data = data_with(tmp_path / "data", SPARSE)
    unbreakable = "<<keep|" + " ".join(["comprehensive security cooperation agreement"] * 6) + ">>"
    with_summary(data, SUMMARY_AR, f"{SUMMARY_EN} {unbreakable}")
    result = delegation_briefing(data, tmp_path / "reports", "en")
    assert result.returncode == 1, result.stderr
    assert "sparse/delegation/briefing.en: page" in result.stderr, result.stderr
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
