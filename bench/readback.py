"""How both PDF readers read back the Arabic documents of a build (issue 24):
words of the view not found, and items read in logical order (page numbers,
full dates, citation markers, list numbers, bracketed names), per reader.

    .venv/bin/python generate.py build --issued 2026-11-29 --reports /tmp/r --html
    .venv/bin/python bench/readback.py [-v] /tmp/r [/tmp/r-before]

Needs --html (the view's words come from the HTML beside each PDF). Each
row says how many each reader found "of" how many the page holds: what the
view's text holds (its HTML, markup stripped), and what the page styles add
on every page but the first (the running head's date, "صفحة N من M") and
before each talking point (its number: css/page.css). -v: per document and
reader, each item found fewer times than the page holds, the ones it lacks.
The figures of docs/arabic.md ("The text layer") were taken with it."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

MARKS = re.compile("[\u200c-\u200f\u202a-\u202e\u2066-\u2069\ufffe]")
WORD = re.compile(r"[\u0621-\u065F\u0670-\u06D3\u0640]+")
MONTHS = "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
ITEMS = {
    "page numbers 'صفحة N من M'": r"صفحة \d+ من \d+",
    "full dates '17 نوفمبر 2006م'": rf"(?<![\d:])\d+ (?:{MONTHS}) \d{{4}}م",
    "label, colon, date": rf"(?:الحدث|الانضمام): (?:بعد )?\d+ (?:{MONTHS})",
    "citation markers '[1]'": r"\[\d+\]",
    "reversed markers ']1['": r"\]\d+\[",
    "list numbers '1. word'": r"(?:^| )\d+\. ?[\u0621-\u064a]",
    "reversed list numbers '.1'": r"\.\d+",
    "list numbers joined '1.word'": r"(?:^| )\d+\.[\u0621-\u064a]",
    "bracketed names": r"\((?:مبادرة إسطنبول للتعاون|المبادرة)\)",
    "bracketed place and date": rf"\(الدوحة، (?:{MONTHS}) \d{{4}}م\)",
    "a colon, a quote 'قطر: «'": r"[\u0621-\u064a]: «",
    "any text in brackets '(…)'": r"\([^()\n]{1,80}\)",
    "any text in guillemets '«…»'": r"«[^«»\n]{1,120}»",
    "percentages '15٪', '15%'": r"[\d٠-٩]+(?:[.,٫][\d٠-٩]+)?\s?[%٪]",
    "years with their era '2016م', '1448هـ'": r"[\d٠-٩]{4}(?:م|هـ)",
}


WRONG = {"reversed markers ']1['", "reversed list numbers '.1'", "list numbers joined '1.word'"}   # counted as read


def searched(text: str) -> str:
    return " ".join(MARKS.sub("", text).split())


def readers(pdf: Path) -> dict[str, str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        pdfium_text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
    return {"pdfium": searched(pdfium_text), "poppler": searched(poppler)}


# Where the view's text is cut in lines: blocks, and a figure's labels, each
# placed on its own ("2" beside "ديسمبر 2014م" is no date); a table's cells
# are set apart by a space
BLOCK = re.compile(r'<(?:p|li|div|tr|dt|dd|h\d|span class="chart-(?:label|line)\b)')


def view_text(page: str, factsheet: bool) -> str:
    """The text the view prints, one line per block: markup stripped, and the
    fact sheet's figure caption, which is not drawn (templates/css/factsheet.css)."""
    page = re.sub(r"(?s)<(style|script|svg|head)\b.*?</\1>", " ", page)
    if factsheet:
        page = re.sub(r"(?s)<figcaption\b.*?</figcaption>", " ", page)
    page = re.sub(r"<(?:td|th|br)\b", lambda m: " " + m.group(0), BLOCK.sub(lambda m: "\n" + m.group(0), page))
    text = html.unescape(re.sub(r"<[^>]+>", "", page))      # an inline tag adds no space
    return "\n".join(filter(None, map(searched, text.split("\n"))))


def page_text(page: str, pages: int) -> str:
    """What the page styles draw that the view's text does not hold
    (css/page.css): on every page but the first, the running head's date
    (the issue date, first in the view's text) and "صفحة N من M"; each
    talking point's number ("1. " before the point's first word)."""
    drawn = []
    if 'class="briefing' in page:      # a fact sheet's and a card's margins are cleared (their css)
        issued = re.search(rf"\d+ (?:{MONTHS}) \d{{4}}م", view_text(page, False))
        drawn = [f"{issued.group(0) if issued else ''}\nصفحة {n} من {pages}" for n in range(2, pages + 1)]
    points = re.findall(r'(?s)<ol class="points">(.*?)</ol>', page)
    for block in points:
        items = re.findall(r"(?s)<li\b[^>]*>(.*?)</li>", block)
        drawn += [f"{n}. {WORD.search(html.unescape(item)).group(0)}" for n, item in enumerate(items, 1)]
    return "\n".join(drawn)


def view_words(text: str) -> Counter:
    return Counter(WORD.findall(text))


def pages_of(pdf: Path) -> int:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def matches(pattern: str, text: str) -> Counter:
    return Counter(m.strip() for m in re.findall(pattern, text, re.M))


def measure(reports: Path) -> tuple[Counter, dict]:
    """(found, misses): found[(reader, item)] the matches of the page the
    reader gives back (a wrong reading, a "reversed" item: every match), and
    found[("view", item)] those the page holds, summed over the documents;
    misses[(document, reader, item)] what the reader lacks, and adds."""
    totals: Counter = Counter()
    misses: dict = {}
    for pdf in sorted(reports.rglob("*.ar.pdf")):
        page = pdf.with_suffix(".html").read_text(encoding="utf-8")
        text = view_text(page, ".factsheet" in pdf.name or pdf.name.startswith("factsheet"))
        held = f"{text}\n{page_text(page, pages_of(pdf))}"
        name = str(pdf.relative_to(reports).with_suffix(""))
        for item, pattern in ITEMS.items():
            totals[("view", item)] += sum(matches(pattern, held).values())
        for reader, read in readers(pdf).items():
            totals[(reader, "words of the view not found")] += sum(
                max(n - view_words(read)[w], 0) for w, n in view_words(text).items())
            for item, pattern in ITEMS.items():
                page_has, reader_has = matches(pattern, held), matches(pattern, read)
                totals[(reader, item)] += sum((reader_has if item in WRONG else reader_has & page_has).values())
                lack, add = page_has - reader_has, reader_has - page_has
                if (lack or add) and item not in WRONG:
                    misses[(name, reader, item)] = (sorted(lack.elements()), sorted(add.elements()))
    return totals, misses


def main(args: list[str]) -> None:
    verbose = "-v" in args
    measured = [measure(Path(folder)) for folder in args if folder != "-v"]
    found = [totals for totals, _ in measured]
    for item in ["words of the view not found", *ITEMS]:
        held = "" if item.startswith("words") or item in WRONG else f" of {found[0][('view', item)]}"
        cells = [" → ".join(str(f[(reader, item)]) for f in reversed(found)) + held
                 for reader in ("pdfium", "poppler")]
        print(f"{item:32} pdfium {cells[0]:16} poppler {cells[1]}")
    if verbose:
        for (name, reader, item), (lack, add) in measured[0][1].items():
            print(f"  {name} {reader} {item}: lacks {' | '.join(lack) or '-'}; adds {' | '.join(add) or '-'}")


if __name__ == "__main__":
    main(sys.argv[1:])
