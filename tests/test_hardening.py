"""Bad input, hostile content and faults: a clear error, nothing lost, nothing leaked."""
import re
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from briefgen.errors import ValidationFailed
from briefgen.record.load import load_record
from conftest import ISSUED, cli_in, page_texts, published, run_in

RELATION = "data/relations/qatar-nato.yaml"
PRESS_AR = ("--audience", "press", "--lang", "ar", "--doc", "factsheet", "--issued", ISSUED)


def edit(project, name, old, new):
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def second_relationship(project, broken: bytes):
    (project / "data" / "relations" / "broken.yaml").write_bytes(broken)


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfeid: broken\n", r"broken\.yaml:1:1: file is not UTF-8 text"),
    (b"", r"broken\.yaml:1:1: file is empty"),
    (b"id: broken\nparties: [qatar, nato\n", r"broken\.yaml:\d+:\d+: YAML syntax"),
    (b"a: &x [1, 2]\nb: *x\n", r"broken\.yaml:1:4: YAML anchors and aliases .* are not allowed"),
    (b"a: " + b"[" * 100 + b"]" * 100 + b"\n", r"broken\.yaml:1:\d+: nesting deeper than 32 levels"),
    (b"- just\n- a list\n", r"broken\.yaml:1:1: expected a mapping of fields, got a list"),
    (b"id: broken\nparties: qatar\n", r"broken\.yaml:2:10: parties: expected a list, got 'qatar'"),
    (b"x: '" + b"a" * 2_100_000 + b"'\n", r"broken\.yaml:1:2000001: file is 2,100,006 bytes; the limit is 2,000,000"),
], ids=["not-utf8", "empty", "syntax", "alias", "deep", "list", "wrong-type", "huge"])
def test_a_bad_file_is_reported_and_the_other_relationships_still_build(project_copy, content, message):
    second_relationship(project_copy, content)
    # The minister's card: the cheapest document to show that the good relationship builds.
    result = cli_in(project_copy, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED)
    assert result.returncode == 2, result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert "not built (invalid): broken" in result.stderr
    reports = project_copy / "reports"
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.pdf")) == [
        "qatar-nato/minister/card.ar.pdf"]


def test_an_alias_bomb_is_refused_quickly(data_copy):
    levels = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    (data_copy / "relations" / "bomb.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_record(data_copy)
    assert any("anchors and aliases" in str(p) for p in failed.value.problems)


def test_duplicate_keys_and_wrong_types_are_named(data_copy):
    path = data_copy / "relations" / "qatar-nato.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: qatar-nato\n", "id: qatar-nato\nid: qatar-nato\n", 1)
                        .replace("updated: 2026-11-29", "updated: [2026]", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_record(data_copy)
    reports = [str(p) for p in failed.value.problems]
    assert any(re.search(r"qatar-nato\.yaml:6:1: id: duplicate key: this field is written twice", r) for r in reports), reports
    assert any(re.search(r"qatar-nato\.yaml:8:10: updated: expected a date \(YYYY, YYYY-MM or YYYY-MM-DD\), got a list", r)
               for r in reports), reports


HOSTILE = '<b>bold</b> {{ 7*7 }} {% if true %}x{% endif %} </style><script>alert(1)</script> url(http://example.invalid/x.png)'


def test_html_jinja_and_css_in_data_print_literally(project_copy):
    edit(project_copy, RELATION, "en: Qatar joins the Istanbul Cooperation Initiative}",
         f"en: \"Qatar joins {HOSTILE}\"}}")
    # The press office's briefing: the shortest English one that prints the event's title.
    result = cli_in(project_copy, "build", "--audience", "press", "--lang", "en", "--doc", "briefing",
                    "--issued", ISSUED)
    assert result.returncode == 0, result.stderr
    text = " ".join(page_texts(project_copy / "reports" / "qatar-nato" / "press" / "briefing.en.pdf"))
    flat = " ".join(text.split())
    assert "<b>bold</b> {{ 7*7 }} {% if true %}x{% endif %}" in flat
    assert "<script>alert(1)</script>" in flat and "49" not in flat.split("{{ 7*7 }}")[1][:5]


def test_a_marking_cannot_break_out_of_its_css_string(project_copy):
    edit(project_copy, "templates/audiences/press/audience.yaml", "marking: {ar: للنشر العام, en: For public release}",
         'marking: {ar: للنشر العام, en: "Public\\" } body { display: none } @page { x: \\""}')
    result = cli_in(project_copy, "build", "--audience", "press", "--lang", "en", "--doc", "factsheet",
                    "--issued", ISSUED)
    assert result.returncode == 0, result.stderr
    text = page_texts(project_copy / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf")[0]
    assert 'Public" } body { display: none }' in text
    assert "Key facts" in text          # the body is still displayed


def override(project, audience, name, content):
    path = project / "templates" / "audiences" / audience / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def test_audience_templates_render_in_a_sandbox(project_copy):
    override(project_copy, "press", "factsheet.html",
             '{% extends "base/factsheet.html" %}{% block body %}'
             '{{ doc.words.__class__.__mro__[1].__subclasses__() }}{% endblock %}')
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 2          # a template error, like invalid data (issue 14)
    assert "qatar-nato/press/factsheet.ar: template error" in result.stderr
    assert "unsafe" in result.stderr or "access to attribute" in result.stderr
    assert not (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf").exists()


@pytest.mark.parametrize("url,expected", [
    ("http://example.invalid/logo.png", "refused 'http://example.invalid/logo.png'"),
    ("https://example.invalid/font.woff", "refused 'https://example.invalid/font.woff'"),
    ("file:///etc/hostname", "refused 'file:///etc/hostname'"),
    ("data:image/png;base64," + "A" * 300_000, "refused a data: URL of 300,022 characters"),
], ids=["http", "https", "file", "big-data-url"])
def test_rendering_never_fetches_outside_the_project(project_copy, url, expected):
    # The minister's card: the cheapest document to render (a fetch is refused while laying out).
    override(project_copy, "minister", "card.html",
             '{% extends "base/card.html" %}{% block body %}'
             f'<img src="{url}" alt="">{{{{ super() }}}}{{% endblock %}}')
    result = cli_in(project_copy, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED)
    assert result.returncode == 1, result.stderr
    assert "qatar-nato/minister/card.ar: WeasyPrint reported:" in result.stderr
    assert expected in result.stderr


def red_png_data_url() -> str:
    import base64
    import io
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), (255, 0, 0)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_small_data_url_is_allowed(project_copy):
    """The inline image is drawn, not just accepted: a pure red block (a colour no
    template uses) appears on the rasterised page, at about the size asked for."""
    import pypdfium2 as pdfium
    override(project_copy, "press", "factsheet.html",
             '{% extends "base/factsheet.html" %}{% block body %}'
             f'<img src="{red_png_data_url()}" alt="a red block" style="width:40mm;height:20mm">'
             '{{ super() }}{% endblock %}')
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 0, result.stderr
    document = pdfium.PdfDocument(str(project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf"))
    try:
        image = document[0].render(scale=72 / 72).to_pil().convert("RGB")   # 1 px per point
    finally:
        document.close()
    pixels = image.tobytes()
    red = sum(1 for i in range(0, len(pixels), 3) if pixels[i] > 230 and pixels[i + 1] < 30 and pixels[i + 2] < 30)
    # 40 mm x 20 mm is about 113 x 57 pt; the fact sheet may shrink (8/11 at the least).
    assert 113 * 57 * (8 / 11) ** 2 * 0.8 < red < 113 * 57 * 1.2, red


def test_ids_cannot_make_a_path_escape_reports(project_copy):
    source = (project_copy / RELATION).read_text(encoding="utf-8")
    (project_copy / "data" / "relations" / "..%2Fescape.yaml").write_text(
        source.replace("id: qatar-nato", "id: ../escape", 1), encoding="utf-8")
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 2
    assert "id: expected an id of lower-case letters, digits and hyphens, got '../escape'" in result.stderr
    assert not any(p.name.endswith(".pdf") for p in project_copy.glob("*/*.pdf"))
    assert not (project_copy / "escape").exists()


def test_a_missing_font_file_is_a_clear_error(project_copy):
    (project_copy / "fonts" / "Amiri-Bold.ttf").unlink()
    result = cli_in(project_copy, "build", *PRESS_AR)
    assert result.returncode == 2
    assert re.search(r"templates/css/fonts\.css:4:\d+: font file (\.\./\.\./fonts/)?Amiri-Bold\.ttf does not exist",
                     result.stderr), result.stderr


def test_an_exception_inside_weasyprint_fails_only_that_document(project_copy, matrix):
    published(project_copy, matrix)
    before = (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf").read_bytes()
    # A thousand nested boxes exhaust the recursion of WeasyPrint's box building (element_to_box,
    # where 3000 fail too, for half the CPU; a few hundred fail later, in other frames).
    override(project_copy, "press", "factsheet.html",
             '{% extends "base/factsheet.html" %}{% block body %}'
             '{{ super() }}' + "<div>" * 1000 + "x" + "</div>" * 1000 + '{% endblock %}')
    # In a process of its own: the recursion is exhausted there, not in the test's.
    result = run_in(project_copy, "build", "--audience", "press", "--lang", "en", "--issued", ISSUED)
    assert result.returncode == 1
    assert re.search(r"qatar-nato/press/factsheet\.en: rendering failed: RecursionError", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    # The earlier fact sheet is intact; the briefing, which the override does not touch, is up to date.
    assert (project_copy / "reports" / "qatar-nato" / "press" / "factsheet.ar.pdf").read_bytes() == before
    assert "qatar-nato/press/briefing.en: up to date" in result.stderr


def limit_file_size(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # get EFBIG from write() instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_fails_the_document_by_name_and_keeps_the_earlier_one(project_copy):
    # Its own build, not `published`: the whole matrix's manifest is over the file size limit below.
    # The minister's card (about 40 kB): the cheapest document over that limit.
    card = ("--audience", "minister", "--doc", "card")
    assert cli_in(project_copy, "build", *card, "--issued", ISSUED).returncode == 0
    reports = project_copy / "reports" / "qatar-nato" / "minister"
    before = {p.name: p.read_bytes() for p in reports.glob("*.pdf")}
    result = run_in(project_copy, "build", *card, "--issued", "2026-12-01",
                    "--workers", "1", preexec_fn=limit_file_size(20_000))
    assert result.returncode == 1, result.stderr
    assert "qatar-nato/minister/card.ar: cannot write" in result.stderr and "File too large" in result.stderr
    assert {p.name: p.read_bytes() for p in reports.glob("*.pdf")} == before
    assert not list(reports.glob(".*.tmp"))


def read_only_mounts_work() -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / / 2>/dev/null && echo ok"],
                           capture_output=True, text=True)
    return probe.stdout.strip() == "ok"


@pytest.mark.skipif(shutil.which("unshare") is None or not read_only_mounts_work(),
                    reason="needs a private mount namespace (unshare -m) to make reports/ read-only as root")
def test_a_read_only_reports_folder_is_a_clear_error(project_copy, matrix):
    reports = published(project_copy, matrix)
    before = (reports / "qatar-nato" / "press" / "factsheet.ar.pdf").read_bytes()
    # Root ignores file modes, so mount reports/ read-only in a private mount namespace.
    script = (f"mount --bind {reports} {reports} && mount -o remount,bind,ro {reports} && "
              f"exec {sys.executable} generate.py build --audience press --lang en --doc factsheet "
              f"--issued 2026-12-01 --workers 1")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=project_copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # Named relative to the project, like every path in a message.
    assert "error: cannot write to reports: Read-only file system" in result.stderr, result.stderr
    assert (reports / "qatar-nato" / "press" / "factsheet.ar.pdf").read_bytes() == before
