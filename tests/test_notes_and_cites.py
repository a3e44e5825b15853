"""Citations where they support the claim, and research notes kept out of
every document (issue 26, item 4)."""
import shutil

import pytest

from briefgen.output.withheld import Guard, letters
from briefgen.paths import Project
from briefgen.record.validate import check_record
from briefgen.view.select import Options, document_view
from conftest import CLEARANCE_RECORD, ROOT, page_texts, searchable

RESEARCH_NOTE = "[Illustrative] An internal research note: the second source contradicts the first"
INTERNAL = f"""  - internal: yes
    audiences: [delegation]
    text:
      ar: "[توضيحي] ملاحظة بحثية داخلية: المصدر الثاني يخالف الأول في التاريخ"
      en: "{RESEARCH_NOTE}"
"""


def test_the_chronology_cites_once_and_each_card_at_its_paragraph(matrix):
    text = searchable(" ".join(page_texts(matrix / "delegation" / "briefing.en.pdf")))
    chronology = text[text.index("Chronology Date"):text.index("Events hosted", text.index("Chronology Date"))]
    assert chronology.count("[1]") == 1 and chronology.rstrip().endswith("Source: [1]"), chronology
    assert "Conference on NATO and Gulf Security[1]" not in text          # a card's heading cites nothing
    assert "Initiative. [1]" in text                                      # its paragraph does
    # 27 times "[1]" before (the count, the source list's own number included): now one a
    # talking point, framework, card, programme and note, one for the table, and the list's
    assert text.count("[1]") == 19


@pytest.fixture(scope="module")
def noted(tmp_path_factory):
    """The clearance test record with a research note marked internal, for the delegation."""
    folder = tmp_path_factory.mktemp("noted")
    (folder / "data" / "relations").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "entities.yaml", folder / "data" / "entities.yaml")
    record = CLEARANCE_RECORD.read_text(encoding="utf-8").replace("notes:\n", "notes:\n" + INTERNAL, 1)
    (folder / "data" / "relations" / "clearance.yaml").write_text(record, encoding="utf-8")
    project = Project.at(folder)
    return project, check_record(project)


@pytest.mark.parametrize("clearance", ["public", "restricted", "secret"])
def test_a_research_note_reaches_no_document_and_the_guard_looks_for_it(noted, clearance):
    project, inputs = noted
    assert inputs.problems == ()
    relationship = inputs.record.relationships["clearance"]
    assert any(note.internal for note in relationship.notes)
    audience = inputs.audiences["delegation"].__class__(**{**vars(inputs.audiences["delegation"]),
                                                           "clearance": clearance})
    options = Options(audience=audience, doc="card", lang="en", issued=__import__("datetime").date(2026, 11, 29),
                      paper="a5", digits="western", fonts=project.fonts, kind=inputs.kinds["card"])
    view = document_view(inputs.record, relationship, options, inputs.strings)
    assert RESEARCH_NOTE not in str(view["notes"]) and RESEARCH_NOTE not in str(view)
    found = Guard(inputs.record).find("clearance/delegation/briefing.en", "clearance", audience,
                                      {"the text layer": letters(f"Notes. {RESEARCH_NOTE}.")})
    assert found and "withheld text of notes[0] (classification internal)" in found, found
