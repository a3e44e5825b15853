"""The minister's card for a record with many events and no talking points
(a new user's report): the card then prints its chronology (card.html), so,
like the fact sheet, it lists the most recent events until it fits its one A5
page and says how many earlier ones the briefing has, rather than failing the
build that `check` passed. The card says so in templates/documents.yaml
(`fewer_events: yes`): its parts do not list the chronology it falls back to."""
from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest
import yaml

from conftest import ISSUED, ROOT, cli_in, page_texts, poppler_text, searchable, shared, write

EVENTS = 45
LINE = "… وفي الإحاطة أحداث سابقة أخرى عددها {n}"


def dense_project(project):
    """A project of its own: one relationship of 45 yearly meetings (1982-2026),
    no talking points; each meeting named by its number (ev-N) in its title."""
    write(project, "data/entities.yaml",
          "entities:\n  eu:\n    kind: organisation\n    name: {ar: الاتحاد الأوروبي, en: European Union}\n")
    made = cli_in(project, "new-relation", "qatar-eu", "--parties", "qatar,eu")
    assert made.returncode == 0, made.stderr
    path = project / "data" / "relations" / "qatar-eu.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["events"] = [{"id": f"ev-{n}", "kind": "meeting", "date": f"{1981 + n}-03-01",
                         "title": {"ar": f"اجتماع اللجنة المشتركة ev-{n}", "en": f"Joint committee, ev-{n}"},
                         "description": {"ar": "عقدت اللجنة اجتماعها.", "en": "The committee met."},
                         "sources": []} for n in range(1, EVENTS + 1)]
    record["sources"] = record.get("sources") or []     # the scaffold's are commented out
    assert not record.get("talking_points")
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_card(project):
    return cli_in(project, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED)


@pytest.fixture(scope="module")
def dense_card(tmp_path_factory):
    def make(folder):
        dense_project(folder)
        result = build_card(folder)
        (folder / "result.json").write_text(json.dumps([result.returncode, result.stdout + result.stderr]))
    folder = shared(tmp_path_factory, "dense-card", make)
    status, output = json.loads((folder / "result.json").read_text())
    entry = json.loads((folder / "reports" / "manifest.json").read_text())["outputs"]["qatar-eu/minister/card.ar.pdf"]
    return folder / "reports" / "qatar-eu" / "minister" / "card.ar.pdf", status, output, entry


def test_the_card_is_built_on_one_page_with_the_most_recent_events_and_the_line(dense_card):
    pdf, status, output, entry = dense_card
    assert status == 0, output
    left = entry["earlier_events"]
    assert 2 <= left < EVENTS
    assert (f"warning[selected-events]: qatar-eu/minister/card.ar: too dense for one page: lists the "
            f"{EVENTS - left} most recent of {EVENTS} events and says that {left} earlier ones are in the briefing"
            in output), output
    document = pdfium.PdfDocument(str(pdf))
    assert len(document) == 1
    document.close()
    # Without the ellipsis: pdfium reads Amiri's as three full stops.
    line = searchable(LINE.format(n=left).lstrip("… "))
    for reader, text in (("pdfium", " ".join(page_texts(pdf))), ("poppler", poppler_text(pdf))):
        text = searchable(text)
        assert line in text, f"{reader}: {line!r} not in the page"
        listed = sorted(int(n) for n in re.findall(r"\bev-(\d+)\b", text))
        # The most recent meetings, each once (the last among them), none of the earlier ones (not the first).
        assert listed == list(range(left + 1, EVENTS + 1)), (reader, listed)


def test_a_kind_that_says_no_fails_as_before(tmp_path):
    """fewer_events is the registry's to say: the card told not to select
    fails by name, as every card did before."""
    dense_project(tmp_path)
    registry = (ROOT / "templates" / "documents.yaml").read_text(encoding="utf-8")
    write(tmp_path, "templates/documents.yaml", registry.replace("fewer_events: yes", "fewer_events: no"))
    result = build_card(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error: qatar-eu/minister/card.ar: the card needs" in result.stderr, result.stderr
    assert not (tmp_path / "reports" / "qatar-eu" / "minister" / "card.ar.pdf").exists()


def test_a_card_too_long_for_its_talking_points_fails_without_trying_fewer_events(tmp_path, monkeypatch):
    """With talking points the card prints no chronology: listing fewer
    events cannot shorten it, so it fails after its own layouts, not one
    more per shorter list (six more with these 45 events)."""
    from briefgen.render import engine
    dense_project(tmp_path)
    path = tmp_path / "data" / "relations" / "qatar-eu.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["talking_points"] = [{"text": {"ar": "نقطة حديث طويلة عن التعاون بين الجانبين " * 25,
                                          "en": "A long talking point on the cooperation " * 25}}
                                for _ in range(6)]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    layouts, real = [], engine.Renderer.laid_out
    monkeypatch.setattr(engine.Renderer, "laid_out", lambda self, *a, **k: layouts.append(1) or real(self, *a, **k))
    result = cli_in(tmp_path, "build", "--audience", "minister", "--doc", "card", "--issued", ISSUED,
                    "--workers", "1")
    assert result.returncode == 1 and "error: qatar-eu/minister/card.ar: the card needs" in result.stderr, \
        result.stdout + result.stderr
    assert "selected-events" not in result.stderr
    assert len(layouts) <= 3, len(layouts)
