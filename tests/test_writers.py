"""Outputs are written by writers (output/writers.py): a format registered
at run time builds, in this process, with no change to the rebuild stage —
its file and manifest entry, up to date on a second build, judged by the leak
guard, pruned once no longer registered."""
import html
import json

import pytest

from briefgen.output.formats import register, unregister
from briefgen.output.withheld import letters
from briefgen.output.writers import Writer, Written
from conftest import ISSUED, ROOT, invoke

PRESS_SHEET = ("--project", str(ROOT), "--audience", "press", "--doc", "factsheet", "--lang", "en",
               "--issued", ISSUED, "--workers", "1")
# A talking point the press is not cleared for (tests/test_leak_guard.py).
TALKING_POINT_EN = ("Stress that the Istanbul Cooperation Initiative is the framework that brings Qatar and "
                    "NATO together, and that both sides are keen to develop practical cooperation.")


class TitleWriter(Writer):
    """The view's title as plain text, and whatever `extra` holds."""
    format = "txt"
    suffix = ".txt"
    extra = ""

    def write(self, renderer, view, audience, name, debug_html, kind=None):
        text = html.unescape(str(view["title"])) + ("\n" + self.extra if self.extra else "") + "\n"
        return Written(text.encode("utf-8"), pages=1, surfaces={"the text file": letters(text)},
                       entry={"words": len(text.split())})


@pytest.fixture
def title_writer():
    writer = TitleWriter()
    register(writer)
    yield writer
    unregister("txt")


def test_a_registered_writer_builds_is_kept_up_to_date_guarded_and_pruned(title_writer, tmp_path):
    reports = tmp_path / "reports"
    build = lambda *more: invoke("build", *PRESS_SHEET, "--reports", str(reports), *more)
    output = reports / "qatar-nato" / "press" / "factsheet.en.txt"

    status, stderr, stdout = build("--format", "txt")
    assert status == 0, stderr
    assert output.read_text(encoding="utf-8") == "Qatar's Relations with NATO\n"
    assert not (reports / "qatar-nato" / "press" / "factsheet.en.pdf").exists()
    assert not (reports / "qatar-nato" / "press" / "thumbnails").exists()
    entry = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["outputs"][
        "qatar-nato/press/factsheet.en.txt"]
    assert (entry["format"], entry["status"], entry["pages"], entry["words"]) == ("txt", "built", 1, 4)
    assert "qatar-nato/press/factsheet.en.txt: 1 page(s)" in stderr

    status, stderr, stdout = build("--format", "txt")
    assert status == 0 and stdout.startswith("0 written, 0 pages, 1 up to date"), stdout

    title_writer.extra = TALKING_POINT_EN      # above the press's clearance: the leak guard refuses it
    status, stderr, stdout = build("--format", "txt", "--force")
    assert status == 1
    assert ("error: qatar-nato/press/factsheet.en.txt: withheld text of talking_points[0] (classification "
            "restricted) found in the text file") in stderr, stderr
    assert output.read_text(encoding="utf-8") == "Qatar's Relations with NATO\n"    # the earlier file stays

    unregister("txt")       # the format is no longer asked for: a build prunes its files
    status, stderr, stdout = build()
    assert status == 0, stderr
    assert "removed qatar-nato/press/factsheet.en.txt" in stderr
    assert not output.exists() and (reports / "qatar-nato" / "press" / "factsheet.en.pdf").is_file()


def test_an_unknown_format_is_named_with_those_known(tmp_path):
    status, stderr, _ = invoke("build", *PRESS_SHEET, "--reports", str(tmp_path / "reports"), "--format", "odt")
    assert status == 2
    assert "error: unknown format: odt (known: docx, pdf)" in stderr
    assert not (tmp_path / "reports").exists()
