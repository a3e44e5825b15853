"""Templates against the view: the declared schema matches what the code
builds, a misspelt field fails `check` by template file and line, and a
template error in a build names its file and line (exit 2)."""
import datetime as dt
import re


from briefgen.view.schema import VIEW
from briefgen.view.select import Options, document_view
from briefgen.paths import Project
from briefgen.render.checks import check
from briefgen.render.widths import frame_of
from conftest import ROOT, cli_in

INPUTS = check(Project())
FRAME = frame_of(Project())


def views():
    for audience in INPUTS.audiences.values():
        for doc in audience.documents:
            for lang in audience.languages:
                for relationship in INPUTS.record.relationships.values():
                    options = Options(audience, doc, lang, dt.date(2026, 11, 29), audience.paper, audience.digits,
                                      fonts=ROOT / "fonts", frame=FRAME(INPUTS.kinds[doc], audience.paper))
                    yield f"{audience.name}/{doc}.{lang}", document_view(INPUTS.record, relationship, options,
                                                                         INPUTS.strings)


def mismatches(value, fields, where):
    """Where a built view differs from the declared schema (names only)."""
    if isinstance(value, dict) and fields:
        required = {name for name, spec in fields.items() if not spec.optional}
        if not required <= set(value) <= set(fields):
            yield f"{where}: built {sorted(set(value) - set(fields))}, declared only {sorted(required - set(value))}"
        for name in set(value) & set(fields):
            yield from mismatches_of(value[name], fields[name], f"{where}.{name}")


def mismatches_of(value, spec, where):
    if value is None or spec.type == "strings":
        return
    if spec.type == "mapping of section":
        for key, item in value.items():
            yield from mismatches(item, spec.fields, f"{where}.{key}")
    elif spec.type.startswith("list"):
        for item in value:
            yield from mismatches(item, spec.fields, f"{where}[]")
    else:
        yield from mismatches(value, spec.fields, where)


def test_every_view_the_code_builds_matches_the_declared_schema():
    problems = [p for name, view in views() for p in mismatches(view, VIEW, "doc")]
    assert not problems, "update briefgen/view/schema.py:\n" + "\n".join(sorted(set(problems))[:20])


def test_a_misspelt_field_fails_check_with_file_and_line_even_in_a_branch_not_taken(project_copy):
    sheet = project_copy / "templates" / "factsheet.html"
    lines = sheet.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if "{{ doc.title }}</h1>" in line)
    lines[number - 1] = lines[number - 1].replace("doc.title", "doc.titel")
    lines.append('{% if doc.kind == "never" %}{{ doc.audience.titel }}{{ doc.words.sectons.summary }}{% endif %}')
    lines.append('{% for item in doc.chronology if item.hosted %}{{ item.whne }}{% endfor %}')
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli_in(project_copy, "check")
    assert result.returncode == 2
    assert f"templates/factsheet.html:{number}:1: template: 'doc' has no field 'titel' (did you mean 'title'?)" \
        in result.stderr, result.stderr
    last = len(lines) - 1
    assert f"templates/factsheet.html:{last}:1: template: 'doc.audience' has no field 'titel'" in result.stderr
    assert re.search(rf"templates/factsheet.html:{last}:1: template: 'doc.words' has no entry 'sectons' in "
                     r"templates/strings.yaml \(did you mean 'sections'\?\)", result.stderr)
    assert f"templates/factsheet.html:{last + 1}:1: template: 'doc.chronology[]' has no field 'whne' " \
           f"(did you mean 'when'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_template_failing_on_real_data_fails_check_and_build_by_file_and_line(project_copy, tmp_path):
    override = project_copy / "templates" / "audiences" / "press" / "sections"
    override.mkdir(parents=True)
    (override / "summary.html").write_text(
        '<section class="chapter">\n<h2 id="summary">x</h2>\n{{ (doc.chronology | first).nope }}\n</section>\n',
        encoding="utf-8")
    shown = "templates/audiences/press/sections/summary.html:3"
    result = cli_in(project_copy, "check")
    assert result.returncode == 2 and f"{shown}:1: template: 'dict object' has no attribute 'nope'" in result.stderr
    result = cli_in(project_copy, "build", "--audience", "press", "--doc", "briefing", "--lang", "en",
                    "--reports", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert f"qatar-nato/press/briefing.en: template error: {shown}: 'dict object' has no attribute 'nope'" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_python_error_raised_inside_a_template_is_the_templates_error_in_check_and_build(project_copy, tmp_path):
    """{{ 1 // 0 }} raises ZeroDivisionError, not a Jinja error: still the template's
    fault, named by its file and line, exit 2 (it was "rendering failed", exit 1)."""
    override = project_copy / "templates" / "audiences" / "press" / "sections"
    override.mkdir(parents=True)
    (override / "summary.html").write_text('<section class="chapter">\n<h2 id="summary">x</h2>\n{{ 1 // 0 }}\n'
                                           '</section>\n', encoding="utf-8")
    shown = "templates/audiences/press/sections/summary.html:3"
    assert f"{shown}:1: template: integer division or modulo by zero" in cli_in(project_copy, "check").stderr
    result = cli_in(project_copy, "build", "--audience", "press", "--doc", "briefing", "--lang", "en",
                    "--reports", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert f"qatar-nato/press/briefing.en: template error: {shown}: integer division or modulo by zero" \
        in result.stderr


def test_the_template_reference_in_docs_is_current():
    from briefgen.view.schema import reference_markdown
    written = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert written == reference_markdown(), "run: python generate.py template-reference --output docs/templates.md"


def test_every_class_the_reference_lists_is_on_the_documents():
    """Rendered HTML of every shipped document (and a declared section) carries each class."""
    from briefgen.render.engine import audience_environment
    from briefgen.view.schema import CLASSES
    from briefgen.record.model import CustomSection, KeyFact, PartialDate, Table, TableRow, Text
    import dataclasses
    word = Text(ar="نص", en="text")
    section = CustomSection(id="economic", title=word, paragraphs=(word,), table=Table((word,), (TableRow((word,)),)),
                            facts=(KeyFact(PartialDate(2020), word),))
    relationship = INPUTS.record.relationships["qatar-nato"]
    record = dataclasses.replace(INPUTS.record, relationships={
        "qatar-nato": dataclasses.replace(relationship, sections=(section,))})
    html = []
    for audience in INPUTS.audiences.values():
        audience = dataclasses.replace(audience, sections=audience.sections + ("economic",))
        env = audience_environment(ROOT / "templates", audience.folder)
        for doc in audience.documents:
            options = Options(audience, doc, "ar", dt.date(2026, 11, 29), audience.paper, audience.digits,
                              fonts=ROOT / "fonts", frame=FRAME(INPUTS.kinds[doc], audience.paper))
            view = document_view(record, record.relationships["qatar-nato"], options, INPUTS.strings)
            html.append(env.get_template(f"{doc}.html").render(doc=view))
    classes = set(re.findall(r'class="([^"]*)"', "\n".join(html)))
    classes = {c for attr in classes for c in attr.split()}
    for name in CLASSES:
        example = name.replace("<id>", "economic").replace("<kind>", "visit")
        assert example in classes, f".{example} is in docs/templates.md but on no document"


def test_hijri_hidden_by_audience_css_on_every_document(project_copy, tmp_path, matrix):
    """The editor's case: one line in audience.css hides the Hijri date on the
    briefing, the fact sheet and the card alike."""
    from briefgen.view.localize import Localizer
    hijri = Localizer("ar").hijri(dt.date(2026, 11, 29))
    year = hijri.split()[-1]              # e.g. 1448هـ
    shipped = [matrix / "press" / "factsheet.ar.pdf", matrix / "press" / "briefing.ar.pdf",
               matrix / "minister" / "card.ar.pdf"]
    from conftest import page_texts
    assert all(year in "".join(page_texts(pdf)) for pdf in shipped)        # shown by default
    for audience in ("press", "minister"):
        css = project_copy / "templates" / "audiences" / audience / "audience.css"
        css.write_text(".hijri{display:none}\n", encoding="utf-8")
    out = tmp_path / "out"
    for audience, docs in (("press", ("factsheet", "briefing")), ("minister", ("card",))):
        args = ["build", "--audience", audience, "--lang", "ar", "--issued", "2026-11-29", "--reports", str(out)]
        for doc in docs:
            args += ["--doc", doc]
        result = cli_in(project_copy, *args)
        assert result.returncode == 0, result.stderr
    for pdf in (out / "qatar-nato" / "press" / "factsheet.ar.pdf", out / "qatar-nato" / "press" / "briefing.ar.pdf",
                out / "qatar-nato" / "minister" / "card.ar.pdf"):
        text = "".join(page_texts(pdf))
        assert year not in text and "29 نوفمبر 2026م" in text, pdf.name


def test_an_audience_overrides_the_generic_section_template_for_all_or_for_one(tmp_path):
    """sections/custom.html in an audience folder draws every declared section;
    sections/<id>.html one of them; the names tried are recorded as inputs, so
    adding such an override later rebuilds the documents it changes."""
    import dataclasses
    from briefgen.render.engine import audience_environment
    from briefgen.record.model import CustomSection, Text
    word = Text(ar="نص", en="text")
    sections = tuple(CustomSection(id=i, title=Text(ar=i, en=i), paragraphs=(word,)) for i in ("economic", "energy"))
    relationship = dataclasses.replace(INPUTS.record.relationships["qatar-nato"], sections=sections)
    audience = dataclasses.replace(INPUTS.audiences["press"], folder=tmp_path,
                                   sections=("summary", "economic", "energy"))
    options = Options(audience, "briefing", "en", dt.date(2026, 11, 29), "a4", "western", fonts=ROOT / "fonts",
                      frame=FRAME(INPUTS.kinds["briefing"], "a4"))
    view = document_view(INPUTS.record, relationship, options, INPUTS.strings)
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "custom.html").write_text('<section class="mine">{{ doc.custom[id].title }}</section>')
    (tmp_path / "sections" / "energy.html").write_text('<section class="energy-only">E</section>')
    env = audience_environment(ROOT / "templates", tmp_path)
    env.recorded = {}
    html = env.get_template("briefing.html").render(doc=view)
    assert '<section class="mine">economic</section>' in html and '<section class="energy-only">E</section>' in html
    assert env.recorded["sections/economic.html"] == ""            # tried, missing: an input all the same
    assert env.recorded["sections/custom.html"].startswith(str(tmp_path))


def test_a_template_edited_between_two_environments_is_compiled_anew(tmp_path):
    """Templates compiled once per process are shared by every environment
    (render/engine.py, CompiledTemplates), keyed by their source: the same file,
    edited, gives the new text, in the same environment's next load too."""
    from briefgen.render.engine import audience_environment
    (tmp_path / "t.html").write_text("first {{ 1 + 1 }}", encoding="utf-8")
    assert audience_environment(tmp_path, None).get_template("t.html").render() == "first 2"
    assert audience_environment(tmp_path, None).get_template("t.html").render() == "first 2"
    (tmp_path / "t.html").write_text("second {{ 2 + 2 }}", encoding="utf-8")
    env = audience_environment(tmp_path, None)
    assert env.get_template("t.html").render() == "second 4"
    other = tmp_path / "other"
    other.mkdir()
    (other / "t.html").write_text("third", encoding="utf-8")
    assert audience_environment(other, None).get_template("t.html").render() == "third"
