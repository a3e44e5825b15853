"""Nothing that passes `check` crashes a later command, and nothing crashes
`check` itself: every bad input is a problem named by file:line:column
(exit status 2), never a traceback (issue 22)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main
from conftest import ROOT

RELATION = Path("data/relations/qatar-nato.yaml")
PLACE = re.compile(r"^\S+:\d+:\d+: ", re.M)       # file:line:column: at the start of a message line


def invoke(*args: str):
    """The command line, in this process (no interpreter start-up): exit code, stderr, stdout."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from {args}: {result.exception!r}\n{result.stderr}") \
            from result.exception
    return result.exit_code, result.stderr, result.stdout


def project_with_data(tmp_path: Path) -> Path:
    """A project holding its own copy of data/ (templates and fonts are the shipped ones)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` by `new`; the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("old, new, field", [
    ("  - id: ici-accession", "  - id: ICI-accession", "events[0].id"),
    ("  - id: ici-accession", "  - id: ../x", "events[0].id"),
    ("  - id: ici-accession", "  - id: [1]", "events[0].id"),
    ("    kind: accession", "    kind: 7", "events[0].kind"),
    ("id: qatar-nato", "id: ../x", "id"),
])
def test_an_invalid_id_or_kind_is_a_check_error(tmp_path, old, new, field):
    project = project_with_data(tmp_path)
    line = edit(project / RELATION, old, new)
    status, err, _ = invoke("--project", str(project), "check")
    assert status == 2, err
    assert re.search(rf"qatar-nato\.yaml:{line}:\d+: {re.escape(field)}: expected ", err), err
    assert "Traceback" not in err
