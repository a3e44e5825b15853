"""How both PDF readers read back the Arabic documents of a build (issue 24):
words of the view not found, and items read in logical order (page numbers,
full dates, citation markers, list numbers, bracketed names), per reader.

    .venv/bin/python generate.py build --issued 2026-11-29 --reports /tmp/r --html
    .venv/bin/python bench/readback.py /tmp/r [/tmp/r-before]

Needs --html (the view's words come from the HTML beside each PDF). The
figures of docs/arabic.md ("The text layer") were taken with it."""
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
}


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


def view_words(page: str, factsheet: bool) -> Counter:
    page = re.sub(r"(?s)<(style|script|svg|head)\b.*?</\1>", " ", page)
    if factsheet:       # its figure caption is not drawn (templates/css/factsheet.css)
        page = re.sub(r"(?s)<figcaption\b.*?</figcaption>", " ", page)
    return Counter(WORD.findall(searched(html.unescape(re.sub(r"<[^>]+>", " ", page)))))


def measure(reports: Path) -> dict[tuple[str, str], int]:
    totals: Counter = Counter()
    for pdf in sorted(reports.rglob("*.ar.pdf")):
        view = view_words(pdf.with_suffix(".html").read_text(encoding="utf-8"), ".factsheet" in pdf.name
                          or pdf.name.startswith("factsheet"))
        for reader, text in readers(pdf).items():
            read = Counter(WORD.findall(text))
            totals[(reader, "words of the view not found")] += sum(max(n - read[w], 0) for w, n in view.items())
            for item, pattern in ITEMS.items():
                totals[(reader, item)] += len(re.findall(pattern, text))
    return totals


def main(folders: list[str]) -> None:
    found = [measure(Path(folder)) for folder in folders]
    for item in ["words of the view not found", *ITEMS]:
        cells = [" → ".join(str(f[(reader, item)]) for f in reversed(found)) for reader in ("pdfium", "poppler")]
        print(f"{item:32} pdfium {cells[0]:12} poppler {cells[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
