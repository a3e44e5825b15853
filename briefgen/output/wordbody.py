"""A document's HTML (the same the PDF is laid out from: its view, after
clearance, through the audience's templates) as a Word body: headings, body
paragraphs, numbered and bulleted lists, tables (label/value parts as
two-column tables), figures as images with their text alternatives.

Each paragraph takes its direction from the HTML (the nearest `dir`, the
document's own at the root) and carries it in its own w:pPr; each run takes
its language and direction from the nearest `lang`/`dir` (view/inline.py
isolates every run of the other script in a <bdi dir lang>), so an English
name inside Arabic text keeps its place, as in the PDF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Optional
from xml.sax.saxutils import quoteattr

from .ooxml import NOT_XML, Parts, field_end, field_start, paragraph, text_run
from ..record.languages import LANGUAGE

HEADINGS = {"h1": "Title", "h2": "Heading1", "h3": "Heading2", "h4": "Heading2", "h5": "Heading2", "h6": "Heading2"}
CONTAINERS = {"body", "div", "section", "header", "footer", "main", "aside", "nav", "article", "p", "dt", "dd",
              "figcaption", "blockquote", "address", "td", "th", "li"}
BLOCKS = CONTAINERS | set(HEADINGS) | {"ul", "ol", "table", "dl", "figure", "thead", "tbody", "tr", "hr"}
SKIPPED = {"head", "script", "style", "img", "svg", "template"}
BOLD = {"strong", "b", "th", "dt"}
BOLD_CLASSES = {"b", "n"}            # macros.html: a figure label's bold segment, a key's number
CAPTION_CLASSES = {"chart-note", "caption"}
# Lists whose items print their own number ("[1]" in sources, a figure key's "1"):
# Word's numbering would say it twice.
SELF_NUMBERED = {"source-list", "chart-key"}
TABLE_OF_CONTENTS = 'TOC \\o "1-1" \\h \\z \\u'      # Heading 1 paragraphs, as links
SPACES = re.compile(r"[ \t\n\r\f]+")
EMU_PER_POINT = 12700


@dataclass(frozen=True)
class Style:
    """What an element passes down to the text inside it."""
    lang: str
    rtl: bool                       # the runs' direction
    block_rtl: bool                 # the paragraphs' direction
    bold: bool = False
    superscript: bool = False
    contents: bool = False          # inside the contents list (<nav>)


@dataclass
class Image:
    png: bytes
    width: float        # points
    height: float
    alt: str


@dataclass
class Converter:
    """Turns the HTML tree into body XML; `figure_image(kind)` gives the
    image of the view's figure of that kind (or None)."""
    figure_image: Callable[[str], Optional[Image]]
    parts: Parts = field(default_factory=lambda: Parts(""))
    out: list[str] = field(default_factory=list)
    number: int = 0         # the list whose number the next paragraph takes (0: none)

    def body(self, root) -> Parts:
        lang = root.get("lang") or "en"
        rtl = _rtl(root.get("dir"), lang)
        body = next((child for child in root if _tag(child) == "body"), root)
        self.blocks(body, Style(lang, rtl, rtl), "Body")
        self.parts.body = "".join(self.out)
        return self.parts

    # -- blocks -------------------------------------------------------------
    def blocks(self, element, style: Style, paragraph_style: str) -> None:
        """The element's content as paragraphs of `paragraph_style`: inline
        content gathers into a paragraph, each block child starts its own."""
        runs: list[tuple[str, Style]] = []
        for piece, piece_style in self.pieces(element, style):
            if isinstance(piece, str):
                runs.append((piece, piece_style))
                continue
            self.flush(runs, paragraph_style, style)
            runs = []
            self.block(piece, piece_style, paragraph_style)
        self.flush(runs, paragraph_style, style)

    def pieces(self, element, style: Style) -> Iterator[tuple[object, Style]]:
        """Text (with its style) and block elements, in document order."""
        if element.text:
            yield element.text, style
        for child in element:
            tag = _tag(child)
            if tag in SKIPPED:
                pass
            elif tag == "br":
                yield "\n", style
            elif tag in BLOCKS:
                yield child, self.inherit(child, style)
            else:
                yield from self.pieces(child, self.inherit(child, style))
            if child.tail:
                yield child.tail, style

    def inherit(self, element, style: Style) -> Style:
        lang = element.get("lang") or style.lang
        direction = element.get("dir")
        rtl = _rtl(direction, lang) if (direction or element.get("lang")) else style.rtl
        tag, classes = _tag(element), _classes(element)
        block_rtl = rtl if (tag in BLOCKS and direction) else style.block_rtl
        return replace(style, lang=lang, rtl=rtl, block_rtl=block_rtl,
                       bold=style.bold or tag in BOLD or bool(classes & BOLD_CLASSES),
                       superscript=style.superscript or tag == "sup", contents=style.contents or tag == "nav")

    def block(self, element, style: Style, paragraph_style: str) -> None:
        tag, classes = _tag(element), _classes(element)
        if tag in HEADINGS:
            # A contents list's own heading is not a heading of the document's outline.
            self.blocks(element, style, "ContentsHeading" if style.contents else HEADINGS[tag])
        elif tag in ("ul", "ol"):
            self.list(element, style, numbered=tag == "ol" and not classes & SELF_NUMBERED)
        elif tag == "table" and style.contents:
            self.contents(list(self.rows(element)), style)
        elif tag == "table":
            self.table(list(self.rows(element)), style)
        elif tag == "dl":
            self.table(self.definition_rows(element), style)
        elif tag == "figure":
            self.figure(element, style)
        elif tag != "hr":
            self.blocks(element, style, "Caption" if tag == "figcaption" or classes & CAPTION_CLASSES
                        else paragraph_style)

    def flush(self, runs: list[tuple[str, Style]], paragraph_style: str, style: Style) -> None:
        """A paragraph of these runs, if they hold any text; the first paragraph
        of a list item takes the list's number (self.number)."""
        xml = self.run_xml(runs)
        if xml:
            self.out.append(paragraph(paragraph_style, xml, style.block_rtl, self.number))
            self.number = 0

    def run_xml(self, runs: list[tuple[str, Style]]) -> str:
        """The runs as Word runs; empty if there is no text."""
        texts = _collapsed(runs)
        if not any(text.strip() for text, _ in texts):
            return ""
        return "".join(_run(text, style) for text, style in _merged(texts) if text)

    # -- lists, tables, figures --------------------------------------------------
    def list(self, element, style: Style, numbered: bool) -> None:
        """One Word list per HTML list: each item's first paragraph numbered (or
        bulleted), a numbered list starting again at 1."""
        items = [child for child in element if _tag(child) == "li"]
        if not items:
            return
        if not numbered and _classes(element) & SELF_NUMBERED:
            for item in items:
                self.blocks(item, self.inherit(item, style), "Caption" if "chart-key" in _classes(element) else "Body")
            return
        self.parts.lists.append("number" if numbered else "bullet")
        number = len(self.parts.lists)
        for item in items:
            self.number = number
            self.blocks(item, self.inherit(item, style), "ListNumber" if numbered else "ListBullet")
        self.number = 0

    def rows(self, table) -> Iterator[tuple[bool, list]]:
        """(header?, cells) for each row, the head's first."""
        for child in table:
            tag = _tag(child)
            if tag == "tr":
                yield False, [cell for cell in child if _tag(cell) in ("td", "th")]
            elif tag in ("thead", "tbody", "tfoot"):
                for row in child:
                    if _tag(row) == "tr":
                        yield tag == "thead", [cell for cell in row if _tag(cell) in ("td", "th")]

    def definition_rows(self, element) -> list[tuple[bool, list]]:
        """A <dl>'s terms and their descriptions, two to a row."""
        rows, term = [], None
        for child in element:
            if _tag(child) == "dt":
                term = child
            elif _tag(child) == "dd":
                rows.append((False, [term, child] if term is not None else [child]))
                term = None
        return rows + ([(False, [term])] if term is not None else [])

    def table(self, rows: list[tuple[bool, list]], style: Style) -> None:
        rows = _without_empty_columns([(head, cells) for head, cells in rows if cells])
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        xml = ['<w:tbl><w:tblPr><w:tblStyle w:val="Table"/>' + ("<w:bidiVisual/>" if style.block_rtl else "")
               + '<w:tblW w:w="5000" w:type="pct"/>' + _table_look(rows[0][0]) + "</w:tblPr><w:tblGrid>"
               + "".join('<w:gridCol/>' for _ in range(columns)) + "</w:tblGrid>"]
        for head, cells in rows:
            xml.append("<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if head else ""))
            for index, cell in enumerate(cells):
                span = columns - len(cells) + 1 if index == len(cells) - 1 else 1
                xml.append("<w:tc><w:tcPr>" + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + "</w:tcPr>"
                           + self.cell(cell, style) + "</w:tc>")
            xml.append("</w:tr>")
        self.out.append("".join(xml) + "</w:tbl>")

    def contents(self, rows: list[tuple[bool, list]], style: Style) -> None:
        """The contents list as Word's own table of contents (a TOC field over
        the Heading 1 paragraphs), showing the entries as the PDF lists them
        until Word updates it with page numbers."""
        entries = []
        for _, cells in rows:
            runs = [piece for cell in cells for piece in [*self.pieces(cell, self.inherit(cell, style)), (" ", style)]]
            xml = self.run_xml(runs)
            if xml:
                entries.append(xml)
        if not entries:
            return
        entries[0] = field_start(TABLE_OF_CONTENTS, style.block_rtl) + entries[0]
        entries[-1] += field_end(style.block_rtl)
        self.out += [paragraph("Contents1", entry, style.block_rtl) for entry in entries]

    def cell(self, cell, style: Style) -> str:
        """A cell's paragraphs (Word needs at least one)."""
        outer, self.out = self.out, []
        self.blocks(cell, self.inherit(cell, style), "TableText")
        inner, self.out = self.out, outer
        if not inner or inner[-1].endswith("</w:tbl>"):     # Word wants a cell to end with a paragraph
            inner.append(paragraph("TableText", "", style.block_rtl))
        return "".join(inner)

    def figure(self, element, style: Style) -> None:
        """The figure as an image with its text alternative, then what it
        prints in words (a key to numbered labels, a note, the caption)."""
        kinds = [c[len("figure-"):] for c in _classes(element) if c.startswith("figure-")]
        image = next((found for found in map(self.figure_image, kinds) if found is not None), None)
        if image is not None:
            self.parts.images.append(image.png)
            self.out.append(paragraph("Figure", _drawing(len(self.parts.images), image), style.block_rtl))
        for child in element:
            if "chart" not in _classes(child) and "chart-legend" not in _classes(child):
                self.block(child, self.inherit(child, style), "Caption")


def _tag(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _rtl(direction: Optional[str], lang: str) -> bool:
    if direction in ("rtl", "ltr"):
        return direction == "rtl"
    language = LANGUAGE.get((lang or "").split("-")[0])
    return bool(language and language.rtl)


def _without_empty_columns(rows: list[tuple[bool, list]]) -> list[tuple[bool, list]]:
    """Rows without the columns no row has text in (the contents' page numbers,
    which only the PDF's layout fills)."""
    width = max((len(cells) for _, cells in rows), default=0)
    empty = {i for i in range(width)
             if all(i >= len(cells) or not "".join(cells[i].itertext()).strip() for _, cells in rows)}
    return [(head, kept) for head, cells in rows if (kept := [c for i, c in enumerate(cells) if i not in empty])]


def _table_look(header: bool) -> str:
    """Which of the table style's conditional parts apply: the header row's only if it has one."""
    flags = 0x0600 | (0x0020 if header else 0)      # no banding; first row
    return (f'<w:tblLook w:val="{flags:04X}" w:firstRow="{int(header)}" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')


def _collapsed(runs: list[tuple[str, Style]]) -> list[tuple[str, Style]]:
    """White space as HTML lays it out: runs of it one space, none at the
    paragraph's ends or after a line break ("\n", a <br>)."""
    texts, previous_space = [], True
    for text, style in runs:
        if text != "\n":
            text = SPACES.sub(" ", text)
            text = text.lstrip(" ") if previous_space else text
        if text:
            texts.append((text, style))
            previous_space = text == "\n" or text.endswith(" ")
    while texts and texts[-1][0] in (" ", "\n"):
        texts.pop()
    if texts:
        texts[-1] = (texts[-1][0].rstrip(" "), texts[-1][1])
    return texts


def _merged(texts: list[tuple[str, Style]]) -> list[tuple[str, Style]]:
    """Neighbouring pieces of one style as one run (Word's own habit; fewer, longer runs to edit)."""
    merged: list[tuple[str, Style]] = []
    for text, style in texts:
        if merged and merged[-1][1] == style and "\n" not in (text, merged[-1][0]):
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def _run(text: str, style: Style) -> str:
    """A run in its language and direction; bold and superscript by character style."""
    if text == "\n":
        return "<w:r><w:br/></w:r>"
    run = text_run(text, style.rtl, style.lang)
    character = "Strong" if style.bold else ("Reference" if style.superscript else "")
    if style.bold and style.superscript:
        run = run.replace("<w:rPr>", '<w:rPr><w:vertAlign w:val="superscript"/>', 1)
    if character:
        run = run.replace("<w:rPr>", f'<w:rPr><w:rStyle w:val="{character}"/>', 1)
    return run


def _drawing(number: int, image: Image) -> str:
    """An inline picture (DrawingML) whose description (wp:docPr descr) is the figure's text alternative."""
    cx, cy = round(image.width * EMU_PER_POINT), round(image.height * EMU_PER_POINT)
    alt = quoteattr(NOT_XML.sub("", image.alt))
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="Figure {number}" descr={alt}/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="image{number}.png" descr={alt}/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="rImage{number}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")

