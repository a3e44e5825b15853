"""The press office's Arabic fact sheet, rasterised, compared with a stored reference image.

Regenerate after an intended change of look:  .venv/bin/python tests/update_reference.py
On failure the actual and difference images are written to tests/output/."""
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageStat

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference" / "factsheet.ar.png"
SCALE = 50 / 72           # 50 dpi: layout, not anti-aliasing, is what is compared


def rasterise(pdf: Path) -> Image.Image:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return document[0].render(scale=SCALE).to_pil().convert("L")
    finally:
        document.close()


def test_arabic_fact_sheet_matches_reference_image(built):
    actual = rasterise(built.parent / "press" / "factsheet.ar.pdf")
    expected = Image.open(REFERENCE).convert("L")
    assert actual.size == expected.size
    diff = ImageChops.difference(actual, expected)
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:]) / (diff.width * diff.height)
    if mean > 1.0 or changed > 0.005:
        out = HERE / "output"
        out.mkdir(exist_ok=True)
        actual.save(out / "factsheet.ar.actual.png")
        diff.point(lambda v: 255 - min(255, v * 4)).save(out / "factsheet.ar.diff.png")
    assert mean <= 1.0 and changed <= 0.005, f"mean difference {mean:.2f}, changed pixels {changed:.2%}"
