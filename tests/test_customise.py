"""Customising without touching Python: sections declared in a relationship
file, placed by a profile, validated, cleared, drawn by one generic template."""
import re
import shutil
import subprocess

import pypdf
import pytest

from briefgen.errors import ValidationFailed
from briefgen.paths import Project
from briefgen.render.checks import check
from conftest import ISSUED, ROOT, cli_in, page_texts, published, searchable, shared

ECONOMIC = """
sections:
  - id: economic
    title: {ar: العلاقات الاقتصادية, en: Economic relations}
    paragraphs:
      - {ar: "[توضيحي] تعاون اقتصادي مع NATO Science for Peace منذ 2019.", en: "[Illustrative] Economic cooperation since 2019, «quoted»."}
    bullets:
      - {ar: "[توضيحي] البند الأول", en: "[Illustrative] First item"}
      - {ar: "<b>وسم</b> {{ doc.title }}", en: "<script>alert(1)</script> {% raw %} {{ doc.title }}"}
    table:
      columns: [{ar: السنة, en: Year}, {ar: البند, en: Item}]
      rows:
        - [2019, {ar: "[توضيحي] بند الجدول", en: "[Illustrative] table item"}]
        - cells: ["2020", {ar: "صف سري لا يظهر", en: "CONFIDENTIAL ROW"}]
          classification: confidential
        - ["2021", {ar: "خلية مقيدة", en: "RESTRICTED CELL", classification: restricted}]
{rows}
    facts:
      - date: 2020-05
        text: {ar: "[توضيحي] حقيقة لاحقة", en: "[Illustrative] later fact"}
      - date: 2018
        text: {ar: "[توضيحي] حقيقة سابقة", en: "[Illustrative] earlier fact"}
  - id: annex
    title: {ar: ملحق مقيد, en: RESTRICTED ANNEX TITLE}
    classification: restricted
    bullets:
      - {ar: "نص الملحق المقيد", en: "RESTRICTED ANNEX TEXT"}
  - id: leaders
    title: {ar: للقيادة فقط, en: LEADERSHIP ONLY}
    tags: [leadership]
    paragraphs:
      - {ar: "فقرة للقيادة", en: "LEADERSHIP PARAGRAPH"}
"""
# Dense: dozens of rows with long labels, Latin and digits inside Arabic.
DENSE_ROWS = "\n".join(
    f'        - ["{2000 + i}", {{ar: "[توضيحي] بند طويل رقم {i} عن برنامج NATO–ICI للشراكة الفردية (IPCP) وموقع https://www.nato.int/{i}", '
    f'en: "[Illustrative] long item {i} on the NATO–ICI Individual Partnership (IPCP), see https://www.nato.int/{i}"}}]'
    for i in range(40))

SPARSE = """id: sparse
parties: [qatar, nato]
title: {ar: علاقة قليلة البيانات, en: A sparse relationship}
updated: 2020-01-01
summary:
  - {ar: ملخص قصير, en: A short summary}
areas:
  - {ar: مجال واحد, en: One area}
events:
  - id: one
    kind: meeting
    date: 2019
    title: {ar: اجتماع, en: A meeting}
    description: {ar: وصف, en: A description}
    sources: [s1]
sources:
  - id: s1
    publisher: {ar: ناشر, en: A publisher}
    title: {ar: مصدر, en: A source}
    language: en
    accessed: 2019-03-05
sections:
  - id: economic
    title: {ar: العلاقات الاقتصادية, en: Economic relations}
    facts:
      - date: 2019-03-04
        text: {ar: حقيقة وحيدة, en: The only fact}
"""


def make_project(tmp_path):
    for part in ("briefgen", "templates", "data", "fonts"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "generate.py", tmp_path / "generate.py")
    return tmp_path


def add_sections(project, text: str) -> None:
    record = project / "data" / "relations" / "qatar-nato.yaml"
    record.write_text(record.read_text(encoding="utf-8") + text, encoding="utf-8")


def set_sections(project, audience: str, sections: str, **extra) -> None:
    profile = project / "templates" / "audiences" / audience / "audience.yaml"
    lines = []
    for line in profile.read_text(encoding="utf-8").splitlines():
        key = line.split(":")[0]
        if key == "sections":
            line = f"sections: [{sections}]"
        elif key in extra:
            line = f"{key}: {extra[key]}"
        lines.append(line)
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def custom(tmp_path_factory):
    """One build: the shipped record with its own sections (one restricted, one
    for a tag, hostile text, a dense table) and a sparse record, for the press
    (public) and the delegation (restricted, tag officials)."""
    def make(project):
        make_project(project)
        add_sections(project, ECONOMIC.replace("{rows}", DENSE_ROWS))
        (project / "data" / "relations" / "sparse.yaml").write_text(SPARSE, encoding="utf-8")
        set_sections(project, "press", "summary, economic, annex, leaders, background, sources")
        set_sections(project, "delegation", "talking_points, economic, summary, annex, leaders, sources",
                     languages="[ar]")
        result = cli_in(project, "build", "--audience", "press", "--audience", "delegation", "--doc", "briefing",
                        "--issued", ISSUED)
        assert result.returncode == 0, result.stderr
    return shared(tmp_path_factory, "custom", make) / "reports"


def readable(pdf) -> str:
    """Everything a reader could find: both text layers, bookmarks, metadata."""
    reader = pypdf.PdfReader(pdf)
    outline, stack = [], list(reader.outline)
    while stack:
        item = stack.pop()
        stack.extend(item) if isinstance(item, list) else outline.append(item.title)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(page_texts(pdf) + [poppler, " ".join(outline), metadata])


def bookmarks(pdf) -> list[str]:
    reader = pypdf.PdfReader(pdf)
    titles, stack = [], list(reader.outline)[::-1]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item[::-1])
        else:
            titles.append(item.title)
    return titles


def test_a_declared_section_is_placed_where_the_profile_says_in_contents_and_bookmarks(custom):
    pdf = custom / "qatar-nato" / "press" / "briefing.en.pdf"
    marks = bookmarks(pdf)
    assert marks.index("Summary") < marks.index("Economic relations") < marks.index("Framework and background")
    contents = page_texts(pdf)[0]
    assert contents.index("Summary") < contents.index("Economic relations") < contents.index("Framework and")
    ar = custom / "qatar-nato" / "delegation" / "briefing.ar.pdf"
    assert bookmarks(ar).index("العلاقات الاقتصادية") < bookmarks(ar).index("الملخص")   # its own order


def test_a_declared_section_shows_its_paragraphs_bullets_table_and_dated_facts(custom):
    text = "\n".join(page_texts(custom / "qatar-nato" / "press" / "briefing.en.pdf"))
    for expected in ("Economic cooperation since 2019", "First item", "Year", "Item", "[Illustrative] table item",
                     "long item 39 on the NATO–ICI"):
        assert expected in text
    assert text.index("earlier fact") < text.index("later fact"), "key facts go in date order"
    assert "2018" in text and "May 2020" in text
    arabic = searchable("\n".join(page_texts(custom / "qatar-nato" / "delegation" / "briefing.ar.pdf")))
    assert "البند الأول" in arabic and "حقيقة وحيدة" not in arabic
    assert "مايو 2020م" in arabic


def test_nothing_of_a_section_above_clearance_reaches_press_text_bookmarks_or_metadata(custom):
    for lang in ("ar", "en"):
        seen = readable(custom / "qatar-nato" / "press" / f"briefing.{lang}.pdf")
        for secret in ("RESTRICTED ANNEX", "ملحق مقيد", "نص الملحق", "CONFIDENTIAL ROW", "صف سري",
                       "RESTRICTED CELL", "خلية مقيدة", "LEADERSHIP", "للقيادة"):
            assert secret not in seen, (lang, secret)


def test_a_restricted_audience_gets_what_it_is_cleared_for_and_no_more(custom):
    seen = searchable(readable(custom / "qatar-nato" / "delegation" / "briefing.ar.pdf"))
    assert "ملحق مقيد" in seen and "نص الملحق المقيد" in seen and "خلية مقيدة" in seen
    assert "صف سري" not in seen          # confidential: above the delegation's clearance
    assert "للقيادة" not in seen         # for the tag leadership, which the delegation lacks


def test_html_and_jinja_in_a_section_print_literally(custom):
    text = "\n".join(page_texts(custom / "qatar-nato" / "press" / "briefing.en.pdf"))
    assert "<script>alert(1)</script> {% raw %} {{ doc.title }}" in text
    arabic = "\n".join(page_texts(custom / "qatar-nato" / "press" / "briefing.ar.pdf"))
    # Arabic lines extract in visual order round Latin runs: look for the pieces.
    assert "doc.title" in arabic and "وسم" in arabic and ("<b" in arabic or "b>" in arabic)


def test_a_sparse_record_gets_the_section_and_skips_what_it_lacks(custom):
    pdf = custom / "sparse" / "press" / "briefing.en.pdf"
    text = "\n".join(page_texts(pdf))
    assert "Economic relations" in text and "4 March 2019" in text and "The only fact" in text
    assert "Year" not in text                                   # no table in this record
    assert "Economic relations" in bookmarks(pdf)


def test_section_mistakes_are_named_by_file_line_and_column(tmp_path):
    project = make_project(tmp_path)
    add_sections(project, """
sections:
  - id: summary
    title: {ar: ملخص آخر, en: Another summary}
    paragraphs: [{ar: نص, en: text}]
  - id: trade
    title: {ar: التجارة, en: Trade}
    audiences: [ministre]
  - id: figures
    title: {ar: أرقام, en: Figures}
    table:
      columns: [{ar: أ, en: A}, {ar: ب, en: B}]
      rows:
        - [1, 2, 3]
    facts:
      - date: 2019-02-30
        text: {ar: خطأ, en: wrong}
""")
    set_sections(project, "press", "summary, economc, trade, figures")
    with pytest.raises(ValidationFailed) as failed:
        check(Project(root=project, reports=project / "reports", data=project / "data"))
    report = failed.value.report()
    record = "data/relations/qatar-nato.yaml"
    for expected in (r"sections\[0\]\.id: 'summary' is the name of a built-in section",
                     r"sections\[1\]: a section needs content",
                     r"sections\[1\]\.audiences\[0\]: unknown audience 'ministre' \(did you mean 'minister'\?\)",
                     r"sections\[2\]\.table\.rows\[0\]: expected 2 cell\(s\), one per column, got 3",
                     r"sections\[2\]\.facts\[0\]\.date: day 30 does not exist"):
        assert re.search(rf"{record}:\d+:\d+: {expected}", report), (expected, report)
    assert re.search(r"templates/audiences/press/audience\.yaml:\d+:\d+: sections\[1\]: expected one of "
                                   r".*got 'economc'", report), report


def test_a_one_off_paper_is_written_apart_and_never_rendered_back(tmp_path, matrix):
    out = published(tmp_path, matrix)
    narrow = ("build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--issued", ISSUED,
              "--reports", str(out))
    standard = out / "qatar-nato" / "press" / "factsheet.en.pdf"
    before = standard.read_bytes()
    result = cli_in(ROOT, *narrow, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    letter = out / "qatar-nato" / "press" / "factsheet.en.letter.pdf"
    assert [round(float(x)) for x in pypdf.PdfReader(letter).pages[0].mediabox[2:]] == [612, 792]
    assert standard.read_bytes() == before
    again = cli_in(ROOT, *narrow)
    assert "qatar-nato/press/factsheet.en: up to date" in again.stderr and "1 up to date" in again.stdout
    import json
    manifest = json.loads((out / "manifest.json").read_text())["outputs"]
    assert manifest["qatar-nato/press/factsheet.en.letter.pdf"]["variant"] == "letter"
    assert manifest["qatar-nato/press/factsheet.en.pdf"]["variant"] == ""
