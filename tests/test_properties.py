"""Property-based tests: any input to the loader and the text helpers either
works or fails with the documented validation error, never anything else."""
import re
import shutil
import string
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from markupsafe import Markup

from briefgen.errors import Problem, ValidationFailed
from briefgen.record import markup
from briefgen.record.load import load_record
from briefgen.document.localize import Localizer, direction_of
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


TAGS = re.compile(r'<bdi dir="(?:ltr|rtl)" lang="(?:en|ar)">|</bdi>|<span class="keep">|</span>')
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
