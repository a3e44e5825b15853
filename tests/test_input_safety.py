"""What templates and shared inputs may reach: a document reads only templates/
(its own audience's folder, no other) and fonts/, never data/; template
strings, profiles and the timetable are read with the data files' guards."""
import re

import pikepdf
import pytest

from conftest import ISSUED, run_in

PRESS_EN = ("--audience", "press", "--lang", "en", "--doc", "factsheet", "--issued", ISSUED)
PRESS = "templates/audiences/press"


def write(project, name, content):
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def press_body(project, html):
    write(project, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}{% block body %}' + html + '{{ super() }}{% endblock %}')


def attachments(pdf):
    with pikepdf.open(pdf) as document:
        return list(document.attachments)


LEAKS = {
    # Attachments are fetched when the PDF is written: each would embed the unredacted record.
    "attachment": ('<link rel="attachment" href="../data/relations/qatar-nato.yaml">'
                   '<a rel="attachment" href="audiences/press/leak.yaml">notes</a>',
                   None,
                   ["data/relations/qatar-nato.yaml", "audiences/press/leak.yaml"]),
    # Images, url() in a style, another audience's folder: fetched while laying out.
    "layout": ('<img src="audiences/minister/emblem.svg" alt="">'
               '<div style="background: url(../data/entities.yaml)">x</div>',
               None,
               ["templates/audiences/minister/emblem.svg", "data/entities.yaml"]),
    # A stylesheet's @import and @font-face (fonts are refused silently by WeasyPrint).
    "stylesheet": ("",
                   '@import url(../../../data/relations/qatar-nato.yaml);\n'
                   '@font-face { font-family: X; src: url(../../../data/entities.yaml); }\n',
                   ["data/relations/qatar-nato.yaml", "data/entities.yaml"]),
}


@pytest.mark.parametrize("case", LEAKS)
def test_a_document_cannot_fetch_data_or_another_audiences_files(project_copy, case):
    html, css, refused = LEAKS[case]
    (project_copy / PRESS / "leak.yaml").symlink_to("../../../data/relations/qatar-nato.yaml")
    press_body(project_copy, html)
    if css:
        write(project_copy, f"{PRESS}/audience.css", css)
    result = run_in(project_copy, "build", *PRESS_EN)
    assert result.returncode == 1, result.stderr
    for name in refused:
        assert re.search(rf"refused 'file://[^']*/{re.escape(name)}'", result.stderr), (name, result.stderr)
    assert "Traceback" not in result.stderr
    pdf = project_copy / "reports" / "qatar-nato" / "press" / "factsheet.en.pdf"
    assert not pdf.exists() or not attachments(pdf)


def test_a_template_linked_outside_the_template_folders_is_refused(project_copy):
    (project_copy / PRESS / "pw.html").symlink_to("/etc/passwd")
    write(project_copy, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}\n{% block body %}\n  {% include "pw.html" %}{{ super() }}{% endblock %}\n')
    for command in (("check",), ("build", *PRESS_EN)):
        result = run_in(project_copy, *command)
        assert result.returncode == 2, result.stderr
        assert ("templates/audiences/press/factsheet.html:3:15: template: template 'pw.html' is a link to "
                "/etc/passwd, outside press/; refused") in result.stderr
        assert "root:" not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert not (project_copy / "reports" / "qatar-nato").exists()
