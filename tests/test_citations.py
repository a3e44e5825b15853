"""Comments, docstrings and docs cite only files that exist in this repository.

A file named in a comment is a promise to the next reader; once the file is moved
or lives elsewhere (the design notes outside the project), the comment sends them
nowhere. Cited are paths under the repository's own folders or the package's
stages (`record/load.py`, `docs/arabic.md`, `briefgen/paths.py`, and the retired
`document/`, `serve/`, `editorial/`) and bare Python or Markdown file names
(`inline.py`, `README.md`). Paths of a user's project (templates/audiences/<name>/…,
data/relations/x.yaml, reports/…) are examples, not citations, and are not checked;
nor is a name in quotes (a file a test writes)."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "briefgen"
SCANNED = ("briefgen", "tests", "bench", "docs", "tools")
SUFFIXES = (".py", ".md", ".html", ".css", ".yaml")
RETIRED = {"document", "serve", "editorial"}        # stages before the move: a citation of them is stale
CITED = re.compile(r"(?<![\w./<>{}:~\\\"'-])((?:[A-Za-z_][\w-]*/)*[\w-]+\.(?:py|md))\b")


def repository_folders() -> set[str]:
    return set(SCANNED) | {"fonts"} | {p.name for p in PACKAGE.iterdir() if p.is_dir()} | RETIRED


def known_names() -> set[str]:
    return {p.name for folder in SCANNED for p in (ROOT / folder).rglob("*")} | {p.name for p in ROOT.iterdir()}


def missing_citations(text: str, folders: set[str], names: set[str]) -> list[tuple[int, str]]:
    """(line, citation) for each file `text` cites that is not in the repository."""
    missing = []
    for match in CITED.finditer(text):
        cited = match.group(1)
        first, *rest = cited.split("/")
        if not rest:
            exists = cited in names
        elif first in folders:
            exists = (ROOT / cited).exists() or (PACKAGE / cited).exists()
        else:
            continue        # a project's file, or an example
        if not exists:
            missing.append((text.count("\n", 0, match.start()) + 1, cited))
    return missing


def scanned_files() -> list[Path]:
    """Every file scanned but this one, whose sample holds stale citations on purpose."""
    return sorted(p for folder in SCANNED for p in (ROOT / folder).rglob("*")
                  if p.suffix in SUFFIXES and p.is_file() and p != Path(__file__)) + [ROOT / "README.md"]


def test_every_cited_file_exists():
    folders, names = repository_folders(), known_names()
    stale = [f"{path.relative_to(ROOT)}:{line}: {cited}"
             for path in scanned_files()
             for line, cited in missing_citations(path.read_text(encoding="utf-8"), folders, names)]
    assert not stale, "cited but not in the repository:\n" + "\n".join(stale)


def test_a_stale_citation_is_found():
    folders, names = repository_folders(), known_names()
    text = ("# see record/load.py and docs/arabic.md (fine), README.md\n"
            "# the rule of document/render.py, the notes of DESIGN.md, view/gone.py\n"
            'path = tmp / "written_by_the_test.py"   # data/relations/x.yaml, templates/x/y.md\n')
    assert missing_citations(text, folders, names) == [(2, "document/render.py"), (2, "DESIGN.md"),
                                                       (2, "view/gone.py")]
