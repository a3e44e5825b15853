"""build --html: the exact HTML and CSS given to WeasyPrint, beside the PDF."""


def test_html_writes_the_html_and_css_beside_each_rendered_pdf(press_factsheet_html, matrix):
    reports, _ = press_factsheet_html       # the press's Arabic fact sheet built with --html
    folder = reports / "qatar-nato" / "press"
    html = (folder / "factsheet.ar.html").read_text(encoding="utf-8")
    css = (folder / "factsheet.ar.css").read_text(encoding="utf-8")
    assert (folder / "factsheet.ar.pdf").is_file()
    assert html.lstrip().lower().startswith("<!doctype html>") and 'lang="ar"' in html and 'dir="rtl"' in html
    assert "العلاقات القطرية مع الناتو" in html
    # Every stylesheet in cascade order, the rendered page sheet after base.css, and the fitted size last.
    order = [css.index(marker) for marker in ("/* templates/css/fonts.css */", "/* templates/css/base.css */",
                                              "/* css/page.css, rendered for this document */",
                                              "/* templates/css/factsheet.css */",
                                              "/* the size the one-page fit settled on */")]
    assert order == sorted(order)
    assert css.rstrip().endswith("pt; }")
    # Without --html (the session's build), nothing but the PDF (and its index and thumbnail) is written.
    plain = matrix.parent
    assert not list(plain.rglob("*.css")) and [p.name for p in plain.rglob("*.html")] != []
    assert not [p for p in plain.rglob("*.html") if p.name.startswith("factsheet")]
