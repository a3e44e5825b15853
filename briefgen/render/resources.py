"""The files a document names, judged before any build: the URLs WeasyPrint
would fetch from its HTML (img, embed, object, svg image, stylesheet and
attachment links, style attributes and elements) and from its stylesheets
(url(), @import), each resolved as WeasyPrint resolves it and put to the
build's own URL policy (engine.fetchable). So `check` refuses, by file and
line, the image outside templates/ and fonts/ a build would refuse.

Only what WeasyPrint fetches is judged: a plain <a href> is a link in the
PDF, never fetched (the sources' web addresses are printed as links); an
alternate stylesheet is never applied. Not judged here: what a fetched file
names in turn (an SVG's linked image, a linked or imported stylesheet's
url()s) and SVG's xml:base; the build's fetcher still refuses those, by name,
and keeps the published file (docs/reference.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import tinycss2

from ..errors import Location, Problem
from ..paths import Project
from .engine import fetchable

# {element: its attributes WeasyPrint fetches}; <link> and <a> only with a rel it fetches.
# An <image src> outside SVG is an <img> to HTML's parser (WeasyPrint's); inside, judged all the same.
FETCHED = {"img": ("src",), "embed": ("src",), "object": ("data",), "image": ("href", "xlink:href", "src"),
           "link": ("href",), "a": ("href",)}
FETCHING_RELS = {"link": {"stylesheet", "attachment"}, "a": {"attachment"}}
NOT_FETCHED_RELS = {"alternate"}      # an alternate stylesheet is never applied, so never fetched


@dataclass(frozen=True)
class Named:
    """A URL as written, where: `line` and `column` in the text it was found
    in (0 when not known: a rendered template's output is not its source)."""
    url: str
    line: int = 0
    column: int = 0


def html_urls(html: str, base: str) -> list[tuple[str, str]]:
    """(URL as written, the base it resolves against) for each URL the HTML
    makes WeasyPrint fetch, in order; `base`: the document's, unless its first
    <base href> says otherwise (for the whole document, as WeasyPrint reads it)."""
    found = FetchedInHtml()
    try:
        found.feed(html)
        found.close()
    except Exception:    # markup Python's parser gives up on (<![foo[ ]]>) and WeasyPrint's reads: judged so far
        pass
    named = []
    try:
        base = urljoin(base, found.base) if found.base else base
    except ValueError:   # a <base href> that is no URL fails the build: named, the rest judged without it
        named = [(found.base, base)]
    return named + [(url, base) for url in found.urls]


class FetchedInHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.base = ""          # the first <base href>
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values: dict[str, str] = {}
        for name, value in attrs:       # a repeated attribute: the first counts, as for HTML's parser
            values.setdefault(name, value or "")
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        rels = set(values.get("rel", "").lower().split())
        if (tag in FETCHED and (tag not in FETCHING_RELS or rels & FETCHING_RELS[tag])
                and not rels & NOT_FETCHED_RELS):
            self.urls += [values[name] for name in FETCHED[tag] if values.get(name)]
        if "(" in values.get("style", ""):     # no url() without one (an escaped u\72l( has it too)
            self.urls += [named.url for named in css_urls(values["style"], declarations=True)]
        if tag == "style":      # its text is a stylesheet (handle_data)
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += [named.url for named in css_urls(data)]


def css_urls(css: str, declarations: bool = False) -> list[Named]:
    """Every url() and @import of a stylesheet (or of a style attribute's
    declarations), with its line and column in `css`."""
    nodes = tinycss2.parse_blocks_contents(css) if declarations else tinycss2.parse_stylesheet(css)
    found: list[Named] = []

    def walk(tokens) -> None:
        for token in tokens or ():
            if token.type == "url":
                found.append(Named(token.value, token.source_line, token.source_column))
            elif token.type == "function" and token.lower_name == "url":
                found.extend([Named(arg.value, token.source_line, token.source_column)
                              for arg in token.arguments if arg.type == "string"][:1])
            elif token.type == "at-rule" and token.lower_at_keyword == "import":
                strings = [t for t in token.prelude if t.type == "string"]
                if strings:
                    found.append(Named(strings[0].value, token.source_line, token.source_column))
                walk(t for t in token.prelude if t.type != "string")
                continue
            for part in ("prelude", "content", "value", "arguments"):
                inner = getattr(token, part, None)
                if isinstance(inner, list):
                    walk(inner)
    walk(nodes)
    return found


def refusal(project: Project, url: str, base: str, audience_folders: tuple[Path, ...]) -> str | None:
    """Why a build would refuse to fetch `url` written in a file whose URLs
    resolve against `base` (a file: URL ending in /), or None. A fragment
    alone (an SVG's url(#gradient)) names nothing to fetch."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    try:
        absolute = urljoin(base, url)
    except ValueError as err:      # http://[x: the build fails on it too
        return f"refused {url!r}: not a URL ({err})"
    try:
        fetchable(project, absolute, audience_folders)
    except ValueError as err:
        return str(err)
    return None


def folder_url(folder: Path) -> str:
    """A folder as the base URL WeasyPrint is given (render/engine.py: parse, stylesheet)."""
    return folder.absolute().as_uri() + "/"


def place_in(sources: list[Path], url: str) -> tuple[Path, int, int] | None:
    """Where `url` is written in the first of `sources` that has it (a rendered
    template's URL is found in the template that wrote it, unless computed)."""
    for source in sources:
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if url in line:
                return source, number, line.index(url) + 1
    return None


def refused_in_rendered(project: Project, text: str, is_html: bool, base: str, folders: tuple[Path, ...],
                        sources: list[Path], rendering: str) -> list[Problem]:
    """What a build would refuse among the URLs of a rendered template (a
    document's HTML, page.css), each named where a template in `sources` (those
    the render loaded, the document's own first) writes it, else by the first."""
    urls = html_urls(text, base) if is_html else [(named.url, base) for named in css_urls(text)]
    problems = []
    for url, against in urls:
        why = refusal(project, url, against, folders)
        if why:
            source, line, column = place_in(sources, url) or (sources[0], 0, 0)
            problems.append(Problem(Location(project.shown(source), line, column),
                                    f"template: {why} (rendering {rendering})"))
    return problems


def refused_in_stylesheet(project: Project, path: Path, base: str, folders: tuple[Path, ...]) -> list[Problem]:
    """What a build would refuse among a stylesheet file's url()s and @imports, by line."""
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []       # the build names a stylesheet it cannot read
    return [Problem(Location(project.shown(path), named.line, named.column), f"stylesheet: {why}")
            for named in css_urls(css) if (why := refusal(project, named.url, base, folders))]
