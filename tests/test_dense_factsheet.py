"""A record too dense for a one-page fact sheet still gets one (issue 24, item 5):
the shipped record with 36 more events, whose fact sheets need 2-3 pages even at
8 pt, lists its most recent events and says, in the document's language, how
many earlier ones the briefing has; the build exits 0 and warns, naming the
document. Read back with both readers."""
from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest
import yaml

from conftest import ISSUED, ROOT, cli_in, page_texts, poppler_text, searchable, shared

EXTRA = 36
TITLES = {"ar": "اجتماع لجنة التنسيق رقم {n}", "en": "Coordination committee, no. {n}"}
LINE = {"ar": "… وفي الإحاطة أحداث سابقة أخرى عددها {n}", "en": "… and {n} earlier events in the briefing"}


def dense_record(data):
    (data / "relations").mkdir(parents=True)
    (data / "entities.yaml").write_text((ROOT / "data" / "entities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    record = yaml.safe_load((ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8"))
    # Monthly meetings after the shipped events (2005-2016), the last in December 2019.
    record["events"] += [{"id": f"meeting-{n}", "kind": "meeting",
                          "title": {lang: title.format(n=n) for lang, title in TITLES.items()},
                          "description": {"ar": "وصف قصير.", "en": "A short description."}, "sources": ["mofa"],
                          "date": f"{2017 + (n - 1) // 12}-{(n - 1) % 12 + 1:02d}-15"} for n in range(1, EXTRA + 1)]
    record["id"] = "dense"
    (data / "relations" / "dense.yaml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    def make(folder):
        dense_record(folder / "data")
        result = cli_in(ROOT, "build", "--data", str(folder / "data"), "--reports", str(folder / "reports"),
                        "--audience", "press", "--doc", "factsheet", "--issued", ISSUED)
        (folder / "result.json").write_text(json.dumps([result.returncode, result.stdout + result.stderr]))
    folder = shared(tmp_path_factory, "dense-factsheet", make)
    status, output = json.loads((folder / "result.json").read_text())
    manifest = json.loads((folder / "reports" / "manifest.json").read_text())["outputs"]
    return folder / "reports" / "dense" / "press", status, output, manifest


def test_the_build_exits_0_and_names_what_it_left_out(dense):
    _, status, output, manifest = dense
    assert status == 0, output
    for lang in ("ar", "en"):
        entry = next(e for name, e in manifest.items() if name.endswith(f"press/factsheet.{lang}.pdf"))
        left = entry["earlier_events"]
        assert 2 <= left < 9 + EXTRA
        assert (f"warning[selected-events]: dense/press/factsheet.{lang}: too dense for one page: lists the "
                f"{9 + EXTRA - left} most recent of {9 + EXTRA} events and says that {left} earlier ones are "
                f"in the briefing") in output


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_one_page_with_the_most_recent_events_and_the_line(dense, lang):
    folder, _, _, manifest = dense
    pdf = folder / f"factsheet.{lang}.pdf"
    document = pdfium.PdfDocument(str(pdf))
    assert len(document) == 1
    document.close()
    left = next(e for name, e in manifest.items() if name.endswith(f"press/factsheet.{lang}.pdf"))["earlier_events"]
    kept = 9 + EXTRA - left
    assert kept < EXTRA, "the test expects only added meetings to be listed"
    # Without the ellipsis: pdfium reads Amiri's as three full stops.
    line = searchable(LINE[lang].format(n=left).lstrip("… "))
    number = re.escape(TITLES[lang].format(n="")) + r"(\d+)\b"
    for reader, text in (("pdfium", " ".join(page_texts(pdf))), ("poppler", poppler_text(pdf))):
        text = searchable(text)
        assert line in text, f"{reader}: {line!r} not in the page"
        listed = sorted(int(n) for n in re.findall(number, text))
        # The most recent `kept` meetings, each once, and none of the earlier ones.
        assert listed == list(range(EXTRA - kept + 1, EXTRA + 1)), reader


def test_the_shipped_fact_sheets_list_every_event(built):
    """A fact sheet that fits lists everything and says nothing of a selection."""
    for lang in ("ar", "en"):
        text = searchable(" ".join(page_texts(built / f"factsheet.{lang}.pdf")))
        assert searchable(LINE[lang].split("{n}")[0].strip()) not in text
