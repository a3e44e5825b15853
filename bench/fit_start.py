"""Where the one-page fit starts, and how many layouts it makes, on the shipped
record, a sparse one and denser ones (docs/scale.md, "A start from the text").

    .venv/bin/python bench/fit_start.py            # the table
    .venv/bin/python bench/fit_start.py --fills    # and each sheet's fill from 8 to 11 pt (slow)

For each one-page document: the text it prints, in ems of the body face
(render/engine.py printed_text, the measure Kind.fit_text is calibrated in),
the size the fit starts at, the sizes it lays out and the size it finds. The
line "calibrated" says which fit_text in templates/documents.yaml makes the
shipped sheets start at the size they settle on. Records are made in a scratch
folder: tests/records/sparse.yaml, the shipped one with 4, 5, 6 and 10 monthly
meetings more (as tests/test_dense_factsheet.py makes it with 36), and with
four summary paragraphs more (as tests/test_editorial.py makes it).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.paths import Project                                       # noqa: E402
from briefgen.render.checks import check                                  # noqa: E402
from briefgen.render.engine import (FIT_FILL_POWER, FIT_START_PT, Renderer, TooLong, pages_used,  # noqa: E402
                                    printed_text, project_fetcher)
from briefgen.render.widths import frame_of                               # noqa: E402
from briefgen.view.select import Options, document_view                   # noqa: E402
from briefgen.view.textwidth import shaped_em                             # noqa: E402

DOCUMENTS = (("press", "factsheet", "ar"), ("press", "factsheet", "en"), ("minister", "card", "ar"))
SHIPPED_PT = {("factsheet", "ar"): 10, ("factsheet", "en"): 10, ("card", "ar"): 10}   # tests/test_fit.py


def denser(extra: int) -> dict:
    record = yaml.safe_load((ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8"))
    record["events"] += [{"id": f"meeting-{n}", "kind": "meeting",
                          "title": {"ar": f"اجتماع لجنة التنسيق رقم {n}", "en": f"Coordination committee, no. {n}"},
                          "description": {"ar": "وصف قصير.", "en": "A short description."}, "sources": ["mofa"],
                          "date": f"{2017 + (n - 1) // 12}-{(n - 1) % 12 + 1:02d}-15"} for n in range(1, extra + 1)]
    record["id"] = f"dense-{extra}"
    return record


def project_with(folder: Path, name: str, text: str) -> Project:
    (folder / "data" / "relations").mkdir(parents=True)
    (folder / "data" / "entities.yaml").write_bytes((ROOT / "data" / "entities.yaml").read_bytes())
    (folder / "data" / "relations" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return Project.at(folder)


def records(scratch: Path) -> list[tuple[Project, str]]:
    made = [(Project(), "qatar-nato"),
            (project_with(scratch / "sparse", "sparse", (ROOT / "tests/records/sparse.yaml").read_text(encoding="utf-8")),
             "sparse")]
    for extra in (4, 5, 6, 10):
        text = yaml.safe_dump(denser(extra), allow_unicode=True, sort_keys=False)
        made.append((project_with(scratch / f"dense-{extra}", f"dense-{extra}", text), f"dense-{extra}"))
    made.append((project_with(scratch / "longer", "longer", longer()), "longer"))
    return made


def longer() -> str:
    """The shipped record with four summary paragraphs more (tests/test_editorial.py)."""
    text = (ROOT / "data" / "relations" / "qatar-nato.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"  - ar: فقرة إضافية رقم {i} لاختبار تصغير الصحيفة، تتحدث عن مجالات التعاون المختلفة بين الجانبين وعن "
        f"الزيارات والمؤتمرات والبرامج التدريبية التي عقدت خلال السنوات الماضية.\n"
        f"    en: Additional paragraph number {i} to test the shrinking of the sheet.\n" for i in range(1, 5))
    return text.replace("id: qatar-nato", "id: longer", 1).replace("summary:\n", "summary:\n" + extra, 1)


def one(project: Project, relation: str, audience: str, doc: str, lang: str, fills: bool) -> dict:
    inputs = check(project)
    profile, kind = inputs.audiences[audience], inputs.kinds[doc]
    paper = kind.paper_for("a4")
    options = Options(profile, doc, lang, dt.date(2026, 11, 29), paper, profile.digits,
                      fonts=project.fonts, frame=frame_of(project)(kind, paper))
    view = document_view(inputs.record, inputs.record.relationships[relation], options, inputs.strings)
    renderer = Renderer(project)
    try:
        fetch = project_fetcher(project, profile.search_folders)
        source = renderer.parse(renderer.html(view, profile), fetch)
        ems = shaped_em(printed_text(source), False, str(project.fonts))
        sizes, laid_out, fit_stylesheet = [], renderer.laid_out, renderer.fit_stylesheet
        renderer.fit_stylesheet = lambda size: sizes.append(size) or fit_stylesheet(size)
        try:
            found = renderer.pdf(view, profile, f"{relation}/{audience}/{doc}.{lang}", kind).fit_pt
        except TooLong:         # a build lists fewer events then (docs/documents.md)
            found = "too long at 8 pt"
        renderer.fit_stylesheet = fit_stylesheet
        row = {"document": f"{relation}/{audience}/{doc}.{lang}", "ems": ems, "sizes": sizes, "found": found,
               "kind": doc, "lang": lang}
        if fills:
            sheets = renderer.stylesheets(view, profile, fetch)
            row["fills"] = {s: round(pages_used(laid_out(source, sheets + [fit_stylesheet(s)], "fill", fetch).document), 3)
                            for s in (8, 8.5, 9, 9.5, 10, 10.5, 11)}
        return row
    finally:
        renderer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fills", action="store_true", help="lay each sheet out from 8 to 11 pt too")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="fit-start-") as scratch:
        for project, relation in records(Path(scratch)):
            for audience, doc, lang in DOCUMENTS:
                rows.append(one(project, relation, audience, doc, lang, args.fills))
    print("| document | text, ems | sizes laid out | size found |" + (" fills 8-11 pt |" if args.fills else ""))
    print("| --- | --- | --- | --- |" + (" --- |" if args.fills else ""))
    for row in rows:
        print(f"| {row['document']} | {row['ems']:.1f} | {', '.join(f'{s:g}' for s in row['sizes'])} | "
              f"{row['found']} |" + (f" {row['fills']} |" if args.fills else ""))
    one_page = len(rows)
    print(f"\nlayouts per one-page document: {sum(len(r['sizes']) for r in rows) / one_page:.2f} "
          f"(shipped record: {sum(len(r['sizes']) for r in rows[:3]) / 3:.2f})")
    print("calibrated (fit_text, the shipped sheets starting at the size they settle on):")
    for row in rows[:3]:
        settles = SHIPPED_PT[(row["kind"], row["lang"])]
        print(f"  {row['kind']} {row['lang']}: {row['ems'] * (settles / FIT_START_PT) ** FIT_FILL_POWER:.0f}")


if __name__ == "__main__":
    main()
