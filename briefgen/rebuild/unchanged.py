"""A no-op rebuild known at a glance: when every input is, byte for byte,
what the last clean build saw, and reports/ is as that build left it, the
build is "everything up to date" without reading the record, validating it,
planning or keying a document (run.run).

What the last clean build remembers, in reports/.unchanged.json (beside
.checked.json and .indexes.json, hidden, listed by no index):
- `inputs`: the digest of everything a build's outcome depends on
  (`inputs_key`): the record's files as the bytes it parsed, the template
  layers, fonts/, the code and what is installed (inputs.InputFiles.at_a_glance,
  taken before anything read them), the command's selection and date of issue,
  and where the project's folders are;
- `reports`: the digest of what it left in reports/ that a build reads
  (`reports_state`): manifest.json and its journal, the indexes, each
  output's and thumbnail's presence, each document's kept issues (the earlier
  one as bytes: it is an input of the "new since the last issue" box), and
  which folders are links;
- the documents, as the manifest names them (no text of the record: ids,
  file names, digests). Their pages, bytes and warnings are the manifest's.

A build with the same `inputs` takes the lock, finds the same `reports`, and
says each document up to date from the manifest, having written nothing. Any
other build takes the full path, whose outcome this file cannot change: it is
read as untrusted input (anything but its exact shape is no memory), a
forged one can only claim what the manifest it must match already claims, and
losing it, or any error reading or writing it, costs time only. `check`
never reads it; `build --force` and `--cluster` never take this path.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import astuple, dataclass, field
from pathlib import Path

from ..paths import DRAFTS, Project, relative_name
from ..view.digest import digest_of
from .atomic import write_atomically
from .inputs import InputFiles
from .issues import FOLDER as ISSUES, dates_of
from .manifest import MISSING, regular_file_bytes

NAME = ".unchanged.json"
VERSION = 1
# A name under reports/ as the manifest keeps it: <relation>/<audience>/<file>, no
# hidden or parent part (a forged memory names nothing outside reports/); a
# document's output may be that below .drafts/ (rebuild/drafts.py).
OUTPUT = re.compile(r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
ENTRY = re.compile(rf"^(?:{re.escape(DRAFTS)}/)?{OUTPUT.pattern[1:]}")
PART = re.compile(r"^[a-z0-9][a-z0-9.-]*$|^$")
JOB_NAME = re.compile(r"^[a-z0-9][a-z0-9./-]*$")     # build.Job.name


@dataclass(frozen=True)
class Known:
    """A document as the last clean build planned it: what the summary and
    --json say of it (build.Job.described), and where its outputs are."""
    name: str
    relation: str
    audience: str
    doc: str
    lang: str
    variant: str
    entry: str        # its output under reports/, as the manifest names it: [.drafts/]<relation>/<audience>/<file>
    issues: str       # its folder of kept issues, under reports/.issues/
    output: Path = field(compare=False)     # reports/<entry>

    def described(self) -> dict:
        return {"name": self.name, "relation": self.relation, "audience": self.audience, "doc": self.doc,
                "lang": self.lang, "variant": self.variant}

    def row(self) -> list[str]:
        return list(astuple(self)[:8])

    @classmethod
    def of(cls, name: str, relation: str, audience: str, doc: str, lang: str, variant: str, output: Path,
           issues: str, reports: Path) -> "Known":
        return cls(name, relation, audience, doc, lang, variant, output.relative_to(reports).as_posix(), issues,
                   output)

    @classmethod
    def read(cls, row, reports: Path) -> "Known | None":
        """From the memory's JSON, or None unless it has the exact shape."""
        if not (isinstance(row, list) and len(row) == 8 and all(isinstance(v, str) for v in row)):
            return None
        *fields, entry, issues = row
        if not (ENTRY.match(entry) and OUTPUT.match(issues) and JOB_NAME.match(fields[0])
                and all(PART.match(f) for f in fields[1:])):
            return None
        return cls(*fields, entry, issues, reports / entry)


def record_digests(project: Project) -> dict[str, str] | None:
    """{file as the loader names it: sha256 of its bytes} for every record
    file a build would read, or None if one is not a regular file (a link, a
    FIFO: the full path judges it)."""
    found = {}
    for path in project.record_files():
        content = regular_file_bytes(path)
        if content is None:
            return None
        found[relative_name(path, project.root)] = hashlib.sha256(content).hexdigest()
    return found


def inputs_key(project: Project, files: InputFiles, record: dict[str, str], selection, issued: dt.date) -> str:
    """The digest of every input of a build's outcome (the module's docstring).
    `record`: record_digests, or at the end of a build the loader's digests of
    the very bytes it parsed (Record.digests)."""
    folders = [project.root, project.data, project.reports, project.fonts, *project.template_layers]
    return digest_of({"version": VERSION, "files": files.at_a_glance(), "record": record,
                      "selection": repr(astuple(selection)), "issued": issued.isoformat(),
                      "folders": [str(folder) for folder in folders]})


def reports_state(project: Project, documents: list[Known], entries: dict, issued: dt.date) -> str:
    """The digest of what a build reads in reports/ besides this memory: the
    manifest and its journal, every index, which outputs and thumbnails of the
    manifest's entries are there (as files or links), which of their folders
    are links, and each document's kept issues (the dates; the earlier
    issue's bytes). One listing per folder, not a look per file."""
    reports = str(project.reports)
    by_folder: dict[str, list[str]] = {}
    for name in sorted(entries):
        folder, _, file = name.rpartition("/")
        by_folder.setdefault(folder, []).append(file)
    present, links, indexes = [], set(), [digest(os.path.join(reports, "index.html"))]
    for folder, files in by_folder.items():
        here = os.path.join(reports, folder)
        parts = folder.split("/")     # every folder below reports/ down to it (.drafts/ too)
        links.update(path for path in (os.path.join(reports, *parts[:n]) for n in range(1, len(parts) + 1))
                     if os.path.islink(path))
        listed, thumbnails = listing(here), listing(os.path.join(here, "thumbnails"))
        present += [(folder, file, listed.get(file), thumbnails.get(os.path.splitext(file)[0] + ".png"))
                    for file in files]
        indexes.append(digest(os.path.join(here, "index.html")))
    kept = [issues_state(project.reports / ISSUES / known.issues, issued) for known in documents]
    return digest_of([digest(os.path.join(reports, "manifest.json")),
                      os.path.lexists(os.path.join(reports, "manifest.journal")),
                      digest(os.path.join(reports, ".indexes.json")), indexes, present, sorted(links), kept])


def listing(folder: str) -> dict[str, str]:
    """{name: "file", "link" or "other"} of what a folder holds ({} if none)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: "link" if entry.is_symlink() else "file" if entry.is_file() else "other"
                    for entry in entries}
    except OSError:
        return {}


def issues_state(folder: Path, issued: dt.date) -> list:
    """The dates kept in one document's folder of issues, and the digest of the
    bytes of the latest before `issued` (the issue its box compares with)."""
    if os.path.islink(folder):
        return ["link"]
    dates = dates_of(folder)
    earlier = [day for day in dates if day < issued]
    return [[day.isoformat() for day in dates], digest(folder / f"{earlier[-1].isoformat()}.json") if earlier else MISSING]


def digest(path: Path | str) -> str:
    content = regular_file_bytes(path)
    return MISSING if content is None else hashlib.sha256(content).hexdigest()


def manifest_entries(project: Project) -> dict | None:
    """The manifest's entries, or None unless it reads as one."""
    try:
        data = json.loads(regular_file_bytes(project.reports / "manifest.json") or b"null")
    except ValueError:
        return None
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not (isinstance(outputs, dict) and all(isinstance(entry, dict) for entry in outputs.values())):
        return None
    return outputs


def remembered(project: Project, key: str) -> dict | None:
    """The memory, if it is of a build of inputs `key` and has its shape."""
    try:
        known = json.loads(regular_file_bytes(project.reports / NAME) or b"null")
    except ValueError:
        return None
    if not (isinstance(known, dict) and known.get("version") == VERSION and known.get("inputs") == key
            and isinstance(known.get("reports"), str) and isinstance(known.get("documents"), list)):
        return None
    return known


def recall(project: Project, key: str, issued: dt.date) -> list[tuple[Known, dict]] | None:
    """Each document with its manifest entry, if the memory says a build of
    inputs `key` left reports/ as it is now; else None. Call under the lock."""
    known = remembered(project, key)
    if known is None:
        return None
    documents = [Known.read(row, project.reports) for row in known["documents"]]
    entries = manifest_entries(project)
    if not documents or None in documents or entries is None or any(
            not usable(entries.get(d.entry)) for d in documents):
        return None
    if reports_state(project, documents, entries, issued) != known["reports"]:
        return None
    return [(d, entries[d.entry]) for d in documents]


def usable(entry) -> bool:
    """A manifest entry a no-op would have found up to date, in the shape its summary reads."""
    return (isinstance(entry, dict) and entry.get("status") != "failed"
            and isinstance(entry.get("pages", 0), int) and isinstance(entry.get("bytes", 0), int)
            and isinstance(entry.get("warnings"), list)
            and all(isinstance(w, list) and len(w) == 2 and all(isinstance(p, str) for p in w)
                    for w in entry["warnings"]))


def remember(project: Project, key: str, documents: list[Known], issued: dt.date) -> None:
    """After a clean build, under its lock: what the next one needs to know it has nothing to do."""
    entries = manifest_entries(project)
    if entries is None:
        return
    text = json.dumps({"version": VERSION, "inputs": key,
                       "reports": reports_state(project, documents, entries, issued),
                       "documents": [d.row() for d in documents]})
    try:
        write_atomically(project.reports / NAME, text.encode(), project.reports)
    except OSError:      # costs the next build its full path
        pass

