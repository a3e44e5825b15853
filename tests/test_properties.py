"""Property-based tests: any input to the loader and the text helpers either
works or fails with the documented validation error, never anything else."""
import re
import shutil
import string
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings, strategies as st
from markupsafe import Markup

from briefgen.errors import Problem, ValidationFailed
from briefgen.record import markup
from briefgen.record.load import load_record
from briefgen.view.localize import Localizer, direction_of
from briefgen.record.model import PartialDate
from briefgen.record.yamlnodes import parse_partial_date
from conftest import ROOT

ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B)) + "\u064B\u064E\u0651\u0640٠١٢٣٤٥٦٧٨٩،؛"
TEXT = st.text(alphabet=st.sampled_from(ARABIC + string.printable + "–«»"), max_size=60)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), TEXT,
                    st.sampled_from(["2006-11-17", "2014-12", "2014", "2015-02-30", "2016-13", "qatar", "nato"]))
KEYS = st.sampled_from(["id", "kind", "title", "date", "ar", "en", "events", "parties", "sources", "summary",
                        "areas", "updated", "place", "period", "start", "end", "classification", "text"]) | TEXT
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
                           max_leaves=25)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_text(content: bytes):
    """Load data/ with the shipped entities and one relationship file of this content."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        (data / "relations").mkdir(parents=True)
        shutil.copy(ROOT / "data" / "entities.yaml", data)
        (data / "relations" / "generated.yaml").write_bytes(content)
        try:
            return load_record(data)
        except ValidationFailed as failed:
            assert failed.problems and all(isinstance(p, Problem) for p in failed.problems)
            assert all("generated.yaml" in str(p) for p in failed.problems)
            return None


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_load_or_fail_with_validation_errors(content):
    load_text(content)


@SETTINGS
@given(YAML_VALUES)
def test_any_yaml_structure_loads_or_fails_with_validation_errors(value):
    load_text(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.dictionaries(st.sampled_from(["id", "parties", "title", "updated", "summary", "areas", "events",
                                        "sources", "frameworks", "notes"]), YAML_VALUES, max_size=10))
def test_relationship_shaped_yaml_loads_or_fails_with_validation_errors(fields):
    load_text(yaml.safe_dump(fields, allow_unicode=True).encode("utf-8"))


TAGS = re.compile(r'<bdi dir="(?:ltr|rtl)" lang="(?:en|ar)">|</bdi>|<span class="(?:keep|address)">|</span>')
# What the view may change, and only this: double quotation marks (set in the
# language around them), digits and their signs (Arabic-Indic for an audience
# that asks), markup (removed).
SAME_READING = str.maketrans("“”«»٠١٢٣٤٥٦٧٨٩٪٫٬", '""""0123456789%.,')


@SETTINGS
@given(TEXT, st.sampled_from(["ar", "en"]), st.sampled_from(["western", "arabic-indic"]))
def test_localized_text_is_escaped_markup_keeping_every_letter(value, lang, digits):
    html = Localizer(lang, digits).text(value)
    assert isinstance(html, Markup)
    # Removing our own tags and unescaping gives back the input, quotes and digits aside.
    plain = TAGS.sub("", str(html))
    assert "<" not in plain and ">" not in plain
    assert Markup(plain).unescape().translate(SAME_READING) == markup.plain(value).translate(SAME_READING)


@SETTINGS
@given(st.text(max_size=20))
def test_any_string_parses_as_a_date_or_explains_why_not(value):
    parsed, problem = parse_partial_date(value)
    assert (parsed is None) != (problem is None)
    if parsed is not None:
        assert isinstance(parsed, PartialDate) and 1 <= (parsed.month or 1) <= 12


@SETTINGS
@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28))
def test_every_real_day_formats_in_both_languages(year, month, day):
    date = PartialDate(year, month, day)
    assert Localizer("ar").date(date).endswith(f"{year}م")
    assert Localizer("en").date(date).endswith(str(year))
    assert parse_partial_date(date.iso()) == (date, None)


def first_strong_direction(text: str) -> str:
    """The oracle: Unicode's own bidi classes, read directly (UAX #9 rules P2-P3:
    the first L, R or AL outside isolates)."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
        if depth:
            continue
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@SETTINGS
@given(st.text(alphabet=st.sampled_from(ARABIC + string.printable + "–«»\u05d0\u2067\u2069\u200f"), max_size=30))
def test_direction_is_always_one_of_two(value):
    """One of two, and the right one: that of the first strong character
    (rtl for Arabic or Hebrew letters, ltr for Latin ones or for none)."""
    line = value.split("\n")[0].split("\r")[0]
    assert direction_of(line) == first_strong_direction(line)


# --- Records that pass `check` build without a traceback -------------------------------------
# Generated relationships (texts in both scripts with hostile punctuation, dates at every
# precision over the whole range of years, classifications wherever the model allows them,
# references between items) are validated as `check` does; each one that passes is built,
# one document per example, in this process (the renderer is set up once).

SAFE_TEXT = st.text(alphabet=st.sampled_from(ARABIC + string.ascii_letters + string.digits
                                              + " .,;:!?()[]{}<>&%'\"/\\-–«»#*@_=+~|"),
                    min_size=1, max_size=40).filter(lambda t: t.strip())
LEVELS = st.sampled_from(["public", "public", "restricted", "confidential", "secret"])
ENTITY_IDS = st.sampled_from(["qatar", "nato", "nac", "belgium", "doha", "brussels", "nato-hq"])
DOCUMENTS = st.sampled_from([("press", "factsheet", "ar"), ("press", "factsheet", "en"),
                             ("delegation", "briefing", "ar"), ("delegation", "briefing", "en"),
                             ("minister", "card", "ar"), ("minister", "briefing", "ar"),
                             ("training", "briefing", "ar"), ("training", "briefing", "en")])


@st.composite
def texts(draw, odds=5):
    """A text, classified about once in `odds`: rarely where `check` refuses that
    (a required text; then nothing is built), often where clearance removes it."""
    text = {"ar": draw(SAFE_TEXT), "en": draw(SAFE_TEXT)}
    if draw(st.integers(0, odds)) == 0:
        text["classification"] = draw(LEVELS)
    return text


@st.composite
def dates(draw, base: int, precision=None):
    year = base + draw(st.integers(0, 40)) if draw(st.integers(0, 40)) else draw(st.integers(1, 9999))
    precision = precision or draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    return f"{year:04d}-{month:02d}" + (f"-{draw(st.integers(1, 28)):02d}" if precision == "day" else "")


@st.composite
def relationships(draw):
    base = draw(st.sampled_from([1, 1000, 1990, 2020]) | st.integers(1, 9959))
    sources = [{"id": f"s{n}", "title": draw(texts()), "language": draw(st.sampled_from(["ar", "en"])),
                "classification": draw(LEVELS)} for n in range(draw(st.integers(1, 3)))]
    source_ids = st.lists(st.sampled_from([s["id"] for s in sources]), min_size=1, max_size=2, unique=True)
    events = []
    for n in range(draw(st.integers(1, 7))):
        event = {"id": f"e{n}", "kind": draw(st.sampled_from(["accession", "visit", "conference", "meeting",
                                                             "training", "agreement", "accreditation"])),
                 "title": draw(texts()), "description": draw(texts(odds=40)), "sources": draw(source_ids),
                 "classification": draw(LEVELS)}
        dated = [e["id"] for e in events if "date" in e]
        if dated and draw(st.integers(0, 4)) == 0:
            event["after"] = draw(st.sampled_from(dated))
        else:
            event["date"] = draw(dates(base))
        for field in ("place", "hosted_by", "decided_by"):
            if draw(st.booleans()):
                event[field] = draw(ENTITY_IDS)
        if draw(st.booleans()):
            event["period"] = {"start": draw(dates(base, "year")), "end": draw(dates(base + 41, "year"))}
        if draw(st.booleans()):
            event["highlights"] = draw(st.lists(texts(), max_size=2))
        events.append(event)
    record = {
        "id": "generated", "parties": ["qatar", "nato"], "title": draw(texts(odds=40)),
        "updated": draw(dates(base, "day")),
        "summary": draw(st.lists(texts(), min_size=1, max_size=2)),
        "areas": draw(st.lists(texts(), min_size=1, max_size=2)),
        "events": events, "sources": sources,
        "talking_points": [{"text": draw(texts()), "classification": draw(LEVELS)}
                           for _ in range(draw(st.integers(0, 2)))],
    }
    if draw(st.booleans()):
        record["frameworks"] = [{"id": "f0", "name": draw(texts()), "short": draw(texts()),
                                 "joined": draw(dates(base)), "description": draw(texts(odds=40)),
                                 "sources": draw(source_ids), "classification": draw(LEVELS)}]
    training = [e["id"] for e in events if e["kind"] == "training"]
    if training and draw(st.booleans()):
        record["programmes"] = [{"id": "p0", "kind": "training", "name": draw(texts()),
                                 "description": draw(texts(odds=40)), "frequency": draw(texts(odds=40)),
                                 "participants": draw(st.lists(texts(), max_size=2)),
                                 "editions": training, "sources": draw(source_ids)}]
    return record


def small_record(**changes) -> dict:
    text = {"ar": "نص", "en": "Text"}
    record = {"id": "generated", "parties": ["qatar", "nato"], "title": text, "updated": "2026-11-29",
              "summary": [text], "areas": [text], "sources": [{"id": "s0", "title": text, "language": "ar"}],
              "events": [{"id": "e0", "kind": "visit", "date": "2016-01", "title": text, "description": text,
                          "sources": ["s0"]}]}
    return {**record, **changes}


OLD_EVENT = {"id": "e1", "kind": "meeting", "date": "0001-01-01", "title": {"ar": "نص", "en": "Old"},
             "description": {"ar": "نص", "en": "Text"}, "sources": ["s0"]}


@settings(max_examples=14, deadline=None, suppress_health_check=list(HealthCheck))
@given(relationships(), DOCUMENTS, st.sampled_from(["western", "arabic-indic"]))
# Each of these passed `check` and then crashed or failed the build (issue 10).
@example(small_record(title={"ar": "نص", "en": "Text", "classification": "restricted"}),
         ("press", "factsheet", "en"), "western")
@example(small_record(updated="0000-01-01"), ("press", "factsheet", "en"), "western")
@example(small_record(events=small_record()["events"] + [OLD_EVENT]), ("delegation", "briefing", "en"), "western")
def test_every_record_that_passes_check_builds(record, document, digits):
    from briefgen.cli import run_build
    from briefgen.paths import Project
    from briefgen.rebuild.build import Selection
    from briefgen.render.checks import check
    import datetime as dt
    audience, doc, lang = document
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        (data / "relations").mkdir(parents=True)
        shutil.copy(ROOT / "data" / "entities.yaml", data)
        (data / "relations" / "generated.yaml").write_text(yaml.safe_dump(record, allow_unicode=True),
                                                           encoding="utf-8")
        project = Project(root=ROOT, reports=Path(scratch) / "reports", data=data)
        inputs = check(project)
        if inputs.problems:      # refused by `check`: nothing to build (its messages are tested elsewhere)
            assert all("generated.yaml:" in str(p) for p in inputs.problems)
            event("refused by check")
            return
        event("built")
        lines = []
        selection = Selection(relations=("generated",), audiences=(audience,), docs=(doc,), langs=(lang,),
                              digits=digits)
        status = run_build(project, selection, dt.date(2026, 11, 29), workers=1,
                           echo=lambda message, err=False: lines.append(message))
        output = "\n".join(lines)
        # A fact sheet or card that cannot fit one page fails by name; nothing else may fail.
        failures = [l for l in lines if l.startswith("error:") and "even with 8pt text" not in l]
        assert status in (0, 1) and not failures, output
