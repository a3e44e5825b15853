"""The Word package (OOXML, .docx) around a document's body: styles named for
their role, numbering, the classification marking and page numbers in the
header and footer, page size, core properties, and the zip itself with fixed
timestamps and a fixed order of parts, so equal inputs give equal bytes.

Written by hand with zipfile rather than through python-docx: its zip takes
the clock's time, and every part here is a few lines.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NAMESPACES = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')

# The bundled faces (templates/css/fonts.css): the body in Amiri for both scripts,
# headings and the running heads in Noto Kufi Arabic (Arabic) and Noto Sans (Latin), as base.css sets them.
BODY_FONT = ("Amiri", "Amiri")                  # (Latin, complex script)
HEADING_FONT = ("Noto Sans", "Noto Kufi Arabic")
FONTS = ("Amiri", "Noto Kufi Arabic", "Noto Sans")

# Page sizes and margins in twentieths of a point, as css/page.css sets them (22 mm, 20 mm).
PAPER_TWIPS = {"a4": (11906, 16838), "letter": (12240, 15840), "a5": (8391, 11906)}
MARGIN_TWIPS = (1247, 1134)          # (top and bottom, the sides)
PAGE_NUMBERS = {"western": "decimal", "arabic-indic": "hindiNumbers"}

# (style id, name, based on, font, size in points, bold, colour, extra paragraph properties)
# Word's own names for its built-in styles ("heading 1", "caption"), so Word shows them as
# Heading 1 and Caption and lists headings in its navigation pane and contents.
PARAGRAPH_STYLES = (
    ("Body", "Body", None, BODY_FONT, 12, False, None, '<w:spacing w:after="110" w:line="360" w:lineRule="auto"/><w:jc w:val="both"/>'),
    ("Title", "Title", None, HEADING_FONT, 20, True, "accent", '<w:spacing w:after="200"/>'),
    ("Heading1", "heading 1", None, HEADING_FONT, 15.5, True, "accent",
     '<w:keepNext/><w:spacing w:before="280" w:after="100"/><w:outlineLvl w:val="0"/>'),
    ("Heading2", "heading 2", None, HEADING_FONT, 12.5, True, "accent",
     '<w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="1"/>'),
    ("ContentsHeading", "TOC Heading", None, HEADING_FONT, 13, True, "accent", '<w:keepNext/>'),
    ("Contents1", "toc 1", None, BODY_FONT, 11, False, None, '<w:spacing w:after="40"/>'),
    ("TableText", "Table Text", None, BODY_FONT, 11, False, None, '<w:spacing w:after="0" w:line="300" w:lineRule="auto"/>'),
    ("Caption", "caption", None, BODY_FONT, 9.5, False, "muted", '<w:spacing w:after="160"/>'),
    ("Classification", "Classification", None, HEADING_FONT, 8.5, True, "accent", '<w:spacing w:after="0"/><w:jc w:val="center"/>'),
    ("RunningHead", "Running Head", None, HEADING_FONT, 8.5, False, "muted", '<w:spacing w:after="0"/>'),
    ("ListNumber", "List Number", "Body", BODY_FONT, 12, False, None, ""),
    ("ListBullet", "List Bullet", "Body", BODY_FONT, 12, False, None, ""),
    ("Figure", "Figure", None, BODY_FONT, 12, False, None, '<w:keepNext/><w:spacing w:after="60"/><w:jc w:val="center"/>'),
)
# (style id, name, run properties): emphasis is weight, never italics (Arabic has none).
CHARACTER_STYLES = (
    ("Strong", "Strong", "<w:b/><w:bCs/>"),
    ("Reference", "Reference", '<w:vertAlign w:val="superscript"/>'),
)
MUTED = "5B5B60"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Page:
    """What the package says beyond the body: from the view."""
    lang: str
    rtl: bool
    paper: str
    digits: str
    marking: str
    accent: str               # #rrggbb
    title: str
    subject: str
    keywords: str
    created: dt.datetime
    words_page: str           # "Page", "صفحة"
    words_of: str             # "of", "من"


@dataclass
class Parts:
    """The document's own parts: the body XML, its lists' numbering and its images."""
    body: str
    lists: list[str] = field(default_factory=list)        # "bullet" or "number", one numbering instance each
    images: list[bytes] = field(default_factory=list)      # PNG, word/media/image<n>.png, r:id rImage<n>


def package(page: Page, parts: Parts) -> bytes:
    """The .docx bytes: every part, in a fixed order, dated page.created."""
    files = {
        "[Content_Types].xml": content_types(bool(parts.images)),
        "_rels/.rels": package_rels(),
        "docProps/core.xml": core_properties(page),
        "docProps/app.xml": app_properties(),
        "word/document.xml": document(page, parts.body),
        "word/_rels/document.xml.rels": document_rels(len(parts.images)),
        "word/styles.xml": styles(page),
        "word/numbering.xml": numbering(parts.lists, page.digits),
        "word/settings.xml": settings(page),
        "word/fontTable.xml": font_table(),
        "word/header1.xml": header(page),
        "word/footer1.xml": footer(page),
    }
    stamp = max(page.created, dt.datetime(1980, 1, 1, tzinfo=page.created.tzinfo)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(_entry(name, stamp), text.encode("utf-8"))
        for number, png in enumerate(parts.images, start=1):
            archive.writestr(_entry(f"word/media/image{number}.png", stamp, zipfile.ZIP_STORED), png)
    return out.getvalue()


def _entry(name: str, stamp: tuple, compression: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    info.create_system = 3          # not the build machine's: fixed
    return info


def content_types(images: bool) -> str:
    overrides = {
        "/word/document.xml": "wordprocessingml.document.main+xml",
        "/word/styles.xml": "wordprocessingml.styles+xml",
        "/word/numbering.xml": "wordprocessingml.numbering+xml",
        "/word/settings.xml": "wordprocessingml.settings+xml",
        "/word/fontTable.xml": "wordprocessingml.fontTable+xml",
        "/word/header1.xml": "wordprocessingml.header+xml",
        "/word/footer1.xml": "wordprocessingml.footer+xml",
        "/docProps/app.xml": "extended-properties+xml",
    }
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + ('<Default Extension="png" ContentType="image/png"/>' if images else "")
            + "".join(f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
                      for part, kind in overrides.items())
            + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>")


def package_rels() -> str:
    return (XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>")


def document_rels(images: int) -> str:
    kinds = {"styles": "styles.xml", "numbering": "numbering.xml", "settings": "settings.xml",
             "fontTable": "fontTable.xml", "header": "header1.xml", "footer": "footer1.xml"}
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = [f'<Relationship Id="r{kind.capitalize()}" Type="{base}{kind}" Target="{target}"/>'
            for kind, target in kinds.items()]
    rels += [f'<Relationship Id="rImage{n}" Type="{base}image" Target="media/image{n}.png"/>'
             for n in range(1, images + 1)]
    return XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">' + "".join(rels) + "</Relationships>"


def core_properties(page: Page) -> str:
    """Title, subject, keywords and language; created and modified at the document's fixed date."""
    when = page.created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(page.title)}</dc:title><dc:subject>{xml_text(page.subject)}</dc:subject>"
            f"<dc:creator>briefgen</dc:creator><cp:keywords>{xml_text(page.keywords)}</cp:keywords>"
            f"<dc:language>{xml_text(page.lang)}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "</cp:coreProperties>")


def app_properties() -> str:
    return (XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>briefgen</Application></Properties>")


def document(page: Page, body: str) -> str:
    width, height = PAPER_TWIPS[page.paper]
    top, side = MARGIN_TWIPS
    section = ('<w:sectPr><w:headerReference w:type="default" r:id="rHeader"/>'
               '<w:footerReference w:type="default" r:id="rFooter"/>'
               f'<w:pgSz w:w="{width}" w:h="{height}"/>'
               f'<w:pgMar w:top="{top}" w:right="{side}" w:bottom="{top}" w:left="{side}" w:header="567" '
               'w:footer="567" w:gutter="0"/>'
               f'<w:pgNumType w:fmt="{PAGE_NUMBERS.get(page.digits, "decimal")}"/>'
               + ("<w:bidi/>" if page.rtl else "") + "</w:sectPr>")
    return XML_HEAD + f"<w:document {NAMESPACES}><w:body>{body}{section}</w:body></w:document>"


def run_fonts(fonts: tuple[str, str]) -> str:
    latin, complex_script = fonts
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{complex_script}"/>'


def styles(page: Page) -> str:
    """Paragraph, character and table styles named for their role, each with its
    complex-script font and size (w:cs, w:szCs) beside the Latin ones."""
    colours = {"accent": page.accent.lstrip("#").upper(), "muted": MUTED, None: None}
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr>{run_fonts(BODY_FONT)}<w:sz w:val="24"/><w:szCs w:val="24"/>'
                f'<w:lang w:val="en-GB" w:bidi="ar-QA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>')
    out = [XML_HEAD, f'<w:styles xmlns:w="{W_NS}">', defaults]
    for style_id, name, based, fonts, size, bold, colour, layout in PARAGRAPH_STYLES:
        half_points = round(size * 2)
        colour_xml = f'<w:color w:val="{colours[colour]}"/>' if colour else ""
        default = ' w:default="1"' if style_id == "Body" else ""
        out.append(f'<w:style w:type="paragraph" w:styleId="{style_id}"{default}>'
                   f'<w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based}"/>' if based else "")
                   + '<w:qFormat/>'
                   + f"<w:pPr>{layout}</w:pPr>"
                   + f"<w:rPr>{run_fonts(fonts)}{'<w:b/><w:bCs/>' if bold else ''}{colour_xml}"
                     f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr></w:style>')
    for style_id, name, properties in CHARACTER_STYLES:
        out.append(f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                   f"<w:rPr>{properties}</w:rPr></w:style>")
    accent = colours["accent"]
    border = lambda side, colour, size: f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{colour}"/>'
    out.append('<w:style w:type="table" w:styleId="Table"><w:name w:val="Table"/><w:tblPr>'
               '<w:tblBorders>' + border("bottom", "C9C3C5", 4) + border("insideH", "C9C3C5", 4) + "</w:tblBorders>"
               '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
               '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'
               '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
               f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{accent}"/></w:tcPr></w:tblStylePr></w:style>')
    out.append("</w:styles>")
    return "".join(out)


def numbering(lists: list[str], digits: str) -> str:
    """Two list kinds (numbered in the document's digits, bulleted) and one
    instance per list, so each numbered list starts again at 1."""
    number_format = PAGE_NUMBERS.get(digits, "decimal")
    level = lambda fmt, text: (f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                               f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                               '<w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>')
    out = [XML_HEAD, f'<w:numbering xmlns:w="{W_NS}">',
           f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>{level(number_format, "%1.")}</w:abstractNum>',
           f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>{level("bullet", "•")}</w:abstractNum>']
    for number, kind in enumerate(lists, start=1):
        abstract = 0 if kind == "number" else 1
        restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if abstract == 0 else ""
        out.append(f'<w:num w:numId="{number}"><w:abstractNumId w:val="{abstract}"/>{restart}</w:num>')
    out.append("</w:numbering>")
    return "".join(out)


def settings(page: Page) -> str:
    lang = f'<w:themeFontLang w:val="en-GB" w:bidi="{page.lang if page.rtl else "ar-QA"}"/>'
    # In the schema's order (Word refuses another): compat before themeFontLang.
    return (XML_HEAD + f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            f'w:val="15"/></w:compat>{lang}</w:settings>')


def font_table() -> str:
    return (XML_HEAD + f'<w:fonts xmlns:w="{W_NS}">'
            + "".join(f'<w:font w:name="{name}"><w:charset w:val="00"/></w:font>' for name in FONTS)
            + "</w:fonts>")


def paragraph(style: str, runs: str, rtl: bool, number: int = 0) -> str:
    """One paragraph; w:bidi in its own properties when it is right to left,
    whatever its style says; `number`: the list (numbering instance) it is an item of."""
    listed = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{number}"/></w:numPr>' if number else ""
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{listed}{"<w:bidi/>" if rtl else ""}</w:pPr>'
            f'{runs}</w:p>')


def xml_text(text: str) -> str:
    """Text escaped for XML, without the control characters XML 1.0 cannot hold
    (Word refuses a file with one)."""
    return escape(NOT_XML.sub("", text))


def text_run(text: str, rtl: bool, lang: str) -> str:
    """A run of text in `lang`; a right-to-left one is marked w:rtl (Word then
    sets it with the complex-script font and size)."""
    language = f'<w:lang w:bidi="{lang}"/>' if rtl else f'<w:lang w:val="{lang}"/>'
    return (f'<w:r><w:rPr>{"<w:rtl/>" if rtl else ""}{language}</w:rPr>'
            f'<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')


def field_start(instruction: str, rtl: bool) -> str:
    """The runs that open a field and end its instruction; what follows, up to
    field_end (perhaps paragraphs later), is what it shows until Word updates it."""
    properties = f'<w:rPr>{"<w:rtl/>" if rtl else ""}</w:rPr>'
    return (f'<w:r>{properties}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{properties}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
            f'<w:r>{properties}<w:fldChar w:fldCharType="separate"/></w:r>')


def field_end(rtl: bool) -> str:
    return f'<w:r><w:rPr>{"<w:rtl/>" if rtl else ""}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'


def field_run(instruction: str, shown: str, rtl: bool, lang: str) -> str:
    """A field (PAGE, NUMPAGES) with the value it shows until Word updates it."""
    return field_start(instruction, rtl) + text_run(shown, rtl, lang) + field_end(rtl)


def header(page: Page) -> str:
    """The overall marking at the top of every page."""
    return (XML_HEAD + f"<w:hdr {NAMESPACES}>"
            + paragraph("Classification", text_run(page.marking, page.rtl, page.lang), page.rtl) + "</w:hdr>")


def footer(page: Page) -> str:
    """The marking again at the bottom, then "Page N of M" (PAGE, NUMPAGES fields)."""
    rtl, lang = page.rtl, page.lang
    numbers = (text_run(page.words_page + " ", rtl, lang) + field_run("PAGE", "1", rtl, lang)
               + text_run(" " + page.words_of + " ", rtl, lang) + field_run("NUMPAGES", "1", rtl, lang))
    return (XML_HEAD + f"<w:ftr {NAMESPACES}>"
            + paragraph("Classification", text_run(page.marking, rtl, lang), rtl)
            + paragraph("RunningHead", numbers, rtl) + "</w:ftr>")
