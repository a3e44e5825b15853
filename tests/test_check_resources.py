"""`check` refuses, by template or stylesheet file and line, what a build's URL
fetcher would refuse (render/resources.py): an image outside templates/ and
fonts/, another audience's file, data/ through a style, an @import or an
attachment. Before this, check said ok and the build failed (a new user's
report: a project's card.html showing /usr/share/pixmaps/debian-logo.png)."""
from __future__ import annotations

import pytest

from conftest import ROOT, cli_in, write

PRESS = "templates/audiences/press"
REFUSED = "documents may only use files under templates/ (their own audience's folder, no other) and fonts/"


def press_body(project, html: str) -> None:
    """The press fact sheet with `html` on the template's third line."""
    write(project, f"{PRESS}/factsheet.html",
          '{% extends "base/factsheet.html" %}\n{% block body %}\n' + html + '\n{{ super() }}{% endblock %}\n')


def check_refuses(project, *expected: str) -> str:
    result = cli_in(project, "check")
    assert result.returncode == 2 and "ok:" not in result.stdout, result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_project_card_showing_a_system_image_fails_check_at_its_line(tmp_path):
    card = (ROOT / "templates" / "card.html").read_text(encoding="utf-8")
    assert card.count("{% block body %}\n") == 1
    write(tmp_path, "templates/card.html", card.replace(
        "{% block body %}\n", '{% block body %}\n  <img src="file:///usr/share/pixmaps/debian-logo.png" alt="">\n'))
    line = card.splitlines().index("{% block body %}") + 2
    check_refuses(tmp_path, f"templates/card.html:{line}:13: template: refused "
                            f"'file:///usr/share/pixmaps/debian-logo.png': {REFUSED} (rendering qatar-nato/minister/card.ar)")


@pytest.mark.parametrize("html,url", [
    ('<img src="audiences/minister/emblem.svg" alt="">', "templates/audiences/minister/emblem.svg"),
    ('<div style="background: url(../data/entities.yaml)">x</div>', "data/entities.yaml"),
    ('<link rel="attachment" href="../data/relations/qatar-nato.yaml">', "data/relations/qatar-nato.yaml"),
    ('<a rel="attachment" href="../data/entities.yaml">notes</a>', "data/entities.yaml"),
    ('<style>@import "../data/entities.yaml";</style>', "data/entities.yaml"),
    ('<svg><image href="http://example.org/x.png"/></svg>', "http://example.org/x.png"),
    ('<image src="file:///etc/hostname" alt="">', "file:///etc/hostname"),     # an <img> to HTML's parser
    # a repeated attribute: the first is the one HTML's parser keeps
    ('<img src="file:///etc/hostname" src="audiences/press/mark.svg" alt="">', "file:///etc/hostname"),
])
def test_what_a_press_template_may_not_fetch_fails_check_at_its_line(tmp_path, html, url):
    press_body(tmp_path, html)
    stderr = check_refuses(tmp_path, f"{PRESS}/factsheet.html:3:", f"{REFUSED} (rendering qatar-nato/press/factsheet.")
    assert f"/{url}'" in stderr or f"'{url}'" in stderr, stderr


def test_a_stylesheet_fetching_data_fails_check_at_its_line(tmp_path):
    write(tmp_path, f"{PRESS}/audience.css", "p { color: black; }\n"
          "@font-face { font-family: X; src: url(../../../data/entities.yaml); }\n")
    check_refuses(tmp_path, f"{PRESS}/audience.css:2:", "stylesheet: refused 'file://", "/data/entities.yaml'")


def test_what_a_build_fetches_or_never_fetches_passes(tmp_path):
    """A link is printed, not fetched; fonts/, the audience's own folder and a
    small data: URL are a document's to use; a fragment names nothing."""
    write(tmp_path, f"{PRESS}/mark.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    press_body(tmp_path, '<a href="file:///etc/passwd">x</a> <a href="https://example.org/">y</a>'
                         '<img src="audiences/press/mark.svg" alt=""><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'
                         '<svg><rect style="fill: url(#g)"/></svg>'
                         # never applied, so never fetched; and markup Python's HTML parser gives up on
                         '<link rel="alternate stylesheet" href="file:///etc/hostname"><![if x]><![foo[ y ]]>')
    result = cli_in(tmp_path, "check")
    assert result.returncode == 0 and result.stdout.startswith("ok:"), result.stderr


def test_a_kind_stylesheet_importing_a_system_file_fails_check_at_its_line(tmp_path):
    """The minister's first document's stylesheet (briefing.css), as a project replaces it."""
    css = (ROOT / "templates" / "css" / "briefing.css").read_text(encoding="utf-8")
    write(tmp_path, "templates/css/briefing.css", '@import url("file:///etc/hostname");\n' + css)
    check_refuses(tmp_path, "templates/css/briefing.css:1:9: stylesheet: refused 'file:///etc/hostname'")


def test_a_base_that_is_no_url_fails_check_not_with_a_traceback(tmp_path):
    """The build fails on it (ValueError: Invalid IPv6 URL); check names it."""
    press_body(tmp_path, '<base href="http://[x"><img src="audiences/press/mark.svg" alt="">')
    check_refuses(tmp_path, f"{PRESS}/factsheet.html:3:", "refused 'http://[x': not a URL")


def test_a_loop_of_links_in_data_is_refused_by_name_not_with_a_traceback(tmp_path):
    relations = tmp_path / "data" / "relations"
    relations.mkdir(parents=True)
    (relations / "loop").symlink_to("loop")
    check_refuses(tmp_path, "data/relations/loop: a loop of links, which leads to no file; refused")
