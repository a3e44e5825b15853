"""What each output depends on, its key, and reports/manifest.json.

An output's key is a hash of exactly what it depends on (its "input_key",
the hash of its input files and options, answers first: rebuild/inputs.py):
- its view: the slice of the data it shows, after clearance, in its language,
  with the date of issue and the template words (select.document_view);
- every template its render loaded (recorded by the renderer, re-resolved
  through the audience's search path, so a new override is noticed), its
  stylesheets, the fonts;
- the versions of briefgen, WeasyPrint and pydyf.
A build renders an output only when its key changed or its file is missing.

The key a build records is made from the files as they were read BEFORE the
document was rendered (InputSnapshot): a file saved while the document renders
then differs from what the key says, and the next build renders it again.
Files are named relative to the project, so a moved or copied project keeps
its keys.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable, Optional


from .. import __version__
from .atomic import write_atomically
from ..paths import DRAFTS, Project, audience_name, confined, relative_name
from ..errors import Location, Problem
from ..record.yamlnodes import ID

MANIFEST_VERSION = 1
# What a key holds for a file that is not there — a template looked for and not
# found (an optional override such as sections/<id>.html), or an input file gone:
# the same word when a build records it and when the next one resolves it again,
# locally and on a cluster worker, or the output would never be up to date.
MISSING = "missing"


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    from importlib.metadata import version     # here: a no-op known at a glance asks for it, not for its import
    return {"briefgen": __version__, "weasyprint": version("weasyprint"), "pydyf": version("pydyf")}


class FileHashes:
    """Content hashes of files, read again only when a file's size or
    modification time changes (so a long-lived worker or watcher stays right)."""

    def __init__(self):
        self._known: dict[tuple, str] = {}

    def of(self, path: Path | str) -> str:
        try:
            info = os.stat(path)
        except OSError:
            return MISSING
        if not stat.S_ISREG(info.st_mode):
            return MISSING        # a name read from the manifest may be a pipe: never read one
        key = (str(path), info.st_mtime_ns, info.st_size)
        if key not in self._known:
            try:
                self._known[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                return MISSING
        return self._known[key]


@dataclass
class Dependencies:
    """The files one output was made from (beside its view), relative to the project."""
    templates: dict[str, str] = field(default_factory=dict)    # template name -> file
    files: list[str] = field(default_factory=list)             # stylesheets, fonts, logo

    def as_json(self) -> dict:
        return {"templates": self.templates, "files": self.files}


class InputSnapshot:
    """The content hash of every file under templates/ and fonts/, taken at one
    moment: before a document is rendered, so its key says what it was made from."""

    def __init__(self, root: Path, folders: list[Path], hashes: FileHashes):
        here = os.getcwd()      # what relative_name's absolute() is relative to
        self.hashes = {_name_in(path, str(root), here): hashes.of(path)
                       for folder in folders for path in files_below(str(folder))}

    def of(self, name: str) -> str:
        return self.hashes.get(name, MISSING)


def files_below(folder: str) -> list[str]:
    """Every file below `folder`, as Path(folder).rglob("*") lists them (a
    folder a symbolic link names is not entered), less what a __pycache__
    folder holds. Beside the regular files and links to them, it also lists
    what is neither (a broken link, a pipe): FileHashes.of gives those
    MISSING, the hash of a name not listed (InputSnapshot.of). os.walk tells a
    folder from a file by the directory entry, where is_file() asks the
    system about each path: a third of the snapshot's time (docs/scale.md,
    "Our own work per document")."""
    found = []
    for here, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [os.path.join(here, name) for name in names if name != "__pycache__"]
    return found


def shown_name(path: Path | str, root: Path) -> str:
    """Project.shown(path) for a project at `root`, remembered: a document's
    dependencies name the same few dozen files for every document rendered."""
    return _name_in(str(path), str(root), os.getcwd())


@lru_cache(maxsize=4096)
def _name_in(path: str, root: str, working_folder: str) -> str:
    """relative_name, remembered: a snapshot names every template and font
    file for each document rendered, the same names each time (issue 27;
    docs/scale.md, "Our own work per document")."""
    return relative_name(path, root)


def output_key(view_hash: str, templates: dict[str, str], files: list[str], hash_of) -> str:
    """The key of an output from its view hash, {template name: file it was
    loaded from} and its other files; hash_of(file) gives a file's content hash."""
    parts = [view_hash, json.dumps(tool_versions(), sort_keys=True)]
    for name in sorted(templates):
        parts.append(f"{name}={templates[name]}:{hash_of(templates[name])}")
    for name in sorted(files):
        parts.append(f"{name}:{hash_of(name)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# An output's name in the manifest: <relation>/<audience>/<doc>.<lang>[.<variant>].<format's suffix>
# (Project.output_path): .pdf, or another registered writer's (output/formats.py); a draft's
# the same below .drafts/ (Project.draft_path).
OUTPUT_NAME = re.compile(rf"^(?:{re.escape(DRAFTS)}/)?{ID}/{ID}/[a-z0-9][a-z0-9.-]*\.[a-z0-9]+$")
TEXT_FIELDS = ("relation", "audience", "doc", "lang", "variant", "format", "key", "input_key", "status", "built_at")
NUMBER_FIELDS = ("pages", "bytes", "render_seconds", "worker_peak_rss_mb", "fit_pt")
NAME_FIELDS = ("title", "label", "audience_title")     # {ar: text, en: text}


def manifest_name(output: Path, project: Project) -> str:
    """An output's name in the manifest: its path below reports/."""
    return output.relative_to(project.reports).as_posix()


def kind_of(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def name_problem(name, reports: Path, folders: dict | None = None) -> str | None:
    """Why a name read from the manifest may not be acted on (a build deletes
    and writes beside the files it names): a document's path under reports/,
    still inside reports/ once links are resolved, or nothing. `folders`:
    see resolved."""
    if not isinstance(name, str) or not OUTPUT_NAME.match(name):
        return (f"{name!r} is not a document's path under reports/ "
                f"(<relation>/<audience>/<file>.<format>, or that below {DRAFTS}/)" if isinstance(name, str) else
                f"expected a document's path, got {kind_of(name)}")
    target = resolved(reports / name, folders)
    if not target.is_relative_to(resolved(reports, folders)):
        return f"{name!r} leads to {target}, outside {reports}"
    return None


def resolved(path: Path, folders: dict | None = None) -> Path:
    """path.resolve(); `folders` remembers the folders resolved, for one pass
    over a manifest's names (a few hundred documents in a few dozen folders):
    the same answer unless the file itself is a link, which is resolved whole.
    Never kept longer (a folder may be replaced by a link between builds)."""
    if folders is None or path.is_symlink():
        return path.resolve()
    if path.parent not in folders:
        folders[path.parent] = path.parent.resolve()
    return folders[path.parent] / path.name


def entry_problem(entry, name: str | None = None) -> tuple[str, str] | None:
    """(field, what is wrong) for an entry that lacks the shape a build reads,
    or whose ids disagree with its path `name` (a prune and the indexes act
    on the ids, the files are found by the path: both must name one document)."""
    if not isinstance(entry, dict):
        return "entry", f"expected an object, got {kind_of(entry)}"
    for key in TEXT_FIELDS:
        if key in entry and not isinstance(entry[key], str):
            return f"entry.{key}", f"expected text, got {kind_of(entry[key])}"
    disagreement = name is not None and path_disagreement(name, entry)
    if disagreement:
        return disagreement
    if entry.get("error") is not None and not isinstance(entry["error"], str):
        return "entry.error", f"expected text, got {kind_of(entry['error'])}"
    for key in NUMBER_FIELDS:
        if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], (int, float))):
            return f"entry.{key}", f"expected a number, got {kind_of(entry[key])}"
    for key in NAME_FIELDS:
        if key in entry and not (isinstance(entry[key], dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in entry[key].items())):
            return f"entry.{key}", "expected {ar: text, en: text}"
    warnings = entry.get("warnings", [])
    if not (isinstance(warnings, list) and all(isinstance(w, list) and len(w) == 2 and all(isinstance(t, str) for t in w)
                                               for w in warnings)):
        return "entry.warnings", "expected [[code, message], ...]"
    inputs = entry.get("inputs", {})
    if not (isinstance(inputs, dict) and set(inputs) <= {"templates", "files"}
            and isinstance(inputs.get("templates", {}), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in inputs.get("templates", {}).items())
            and isinstance(inputs.get("files", []), list) and all(isinstance(f, str) for f in inputs.get("files", []))):
        return "entry.inputs", "expected {templates: {name: file}, files: [file, ...]}"
    return None


def path_disagreement(name: str, entry: dict) -> tuple[str, str] | None:
    """(field, what is wrong) if the entry's relation, audience, doc, lang or
    variant is not what its path <relation>/<audience>/<doc>.<lang>[.<variant>].<suffix> says, or
    its format's suffix not the path's (a format no longer registered is not
    judged: its file is pruned, build.remove_orphans)."""
    relation, audience, file = audience_name(name).split("/")
    for key, expected in (("relation", relation), ("audience", audience)):
        if entry.get(key) != expected:
            return f"entry.{key}", f"{entry.get(key)!r} disagrees with the path {name!r}"
    doc, lang, variant = entry.get("doc"), entry.get("lang"), entry.get("variant")
    if not (doc and lang) or not file.startswith(f"{doc}.{lang}.") or (
            variant is not None and PurePosixPath(file).stem != f"{doc}.{lang}{'.' + variant if variant else ''}"):
        field = "doc" if not doc or not file.startswith(f"{doc}.") else "lang" if not lang or \
            not file.startswith(f"{doc}.{lang}.") else "variant"
        return f"entry.{field}", f"{entry.get(field)!r} disagrees with the path {name!r}"
    from ..output.formats import DEFAULT_FORMAT, writer_for     # the writers: not a no-op's import (unchanged.py)
    writer = writer_for(entry.get("format", DEFAULT_FORMAT))
    if writer is not None and PurePosixPath(file).suffix != writer.suffix:
        return "entry.format", f"{entry.get('format', DEFAULT_FORMAT)!r} disagrees with the path {name!r}"
    return None


def current_key(view_hash: str, deps: Dependencies, root: Path, hashes: FileHashes,
                resolve: Callable[[str], str]) -> str:
    """The key an output would have now. `resolve(template name)` gives the
    file that name loads now through the audience's search path (or MISSING),
    so a newly added override that shadows a base template is noticed."""
    templates = {name: resolve(name) for name in deps.templates}
    return output_key(view_hash, templates, deps.files,
                      lambda name: MISSING if name == MISSING else hashes.of(root / name))


def resolver(env, root: Path) -> Callable[[str], str]:
    """resolve(template name) -> the file it loads now through the Jinja
    environment `env`, relative to the project, or MISSING: looked up once per name (one environment is one
    audience's search path, for one build)."""
    import jinja2      # the renderer's: not a no-op's import (unchanged.py)
    found: dict[str, str] = {}

    def resolve(name: str) -> str:
        if name not in found:
            try:
                _, filename, _ = env.loader.get_source(env, name)
                found[name] = relative_name(filename, root)
            except jinja2.TemplateError:     # not found, or refused (a link out): rendered again
                found[name] = MISSING
        return found[name]
    return resolve


class Manifest:
    """reports/manifest.json, one entry per output keyed by its path under
    reports/, kept as a snapshot plus a journal.

    Each change is appended to reports/manifest.journal as one JSON line and
    flushed to disk as the document finishes, so recording a document costs
    the same whatever the size of the corpus (rewriting the whole manifest
    after every document was quadratic). `save()` writes a new snapshot
    atomically and then empties the journal. Loading replays the journal over
    the snapshot: a build killed at any moment keeps every document it
    recorded; a torn last line is ignored. Replaying is idempotent, so a kill
    between the snapshot and the truncation loses nothing either."""

    def __init__(self, path: Path, shown: Callable[[Path], str] = str):
        self.path = path
        self.shown = shown      # how messages name a file (Project.shown: relative to the project)
        self.journal = path.with_suffix(".journal")
        self.entries: dict[str, dict] = {}
        # Lines and entries skipped as malformed or naming a path outside
        # reports/, by file:line: a build prints them, and so does check.
        self.warnings: list[Problem] = []
        self._appender = None
        self._folders: dict | None = {}     # folders resolved while loading (name_problem), then let go
        # Anything to write since the snapshot: a journal replayed, an entry put or removed,
        # a snapshot missing, damaged, of other tools' versions or with entries skipped.
        self.changed = True
        content = self._regular(path)
        if content is not None:
            try:
                text = content.decode("utf-8")
                data = json.loads(text)
                if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION:
                    self.entries = self._well_formed(data.get("outputs"), text)
                    self.changed = bool(self.warnings) or data.get("tools") != tool_versions()
            except (OSError, ValueError):
                self.entries = {}   # unreadable: everything is rebuilt, nothing is lost
        self._replay()
        self._folders = None

    def _well_formed(self, outputs, text: str) -> dict[str, dict]:
        """The entries of a snapshot that have the shape a build reads; a damaged or
        hand-edited one (a list, a number for an entry) loses only what is malformed."""
        if not isinstance(outputs, dict):
            return {}
        kept = {}
        for name, entry in outputs.items():
            problem = self._problem(name, entry)
            if problem:
                line = text.count("\n", 0, max(text.find(json.dumps(name, ensure_ascii=False) + ":"), 0)) + 1
                field, message = problem
                # The snapshot's own word for its names ("put" is the journal's).
                self._warn(self.path, line, "outputs" if field == "put" else field, message)
            else:
                kept[name] = entry
        return kept

    def _problem(self, name, entry=None, removing: bool = False) -> tuple[str, str] | None:
        problem = name_problem(name, self.path.parent, self._folders)
        if problem:
            return ("remove" if removing else "put"), problem
        return None if removing else entry_problem(entry, name)

    def _warn(self, file: Path, line: int, field: str, message: str) -> None:
        self.warnings.append(Problem(Location(self.shown(file), line, 1, field), f"{message}; skipped",
                                     code="manifest-entry"))

    def _regular(self, path: Path) -> bytes | None:
        """The file's bytes; None if missing, or, with a warning, if not a regular file."""
        content = regular_file_bytes(path)
        if content is None and (path.is_symlink() or path.exists()):
            self._warn(path, 0, "", "not a regular file (a link, or a FIFO that would block); not read, "
                                    "the next build replaces it")
        return content

    def _replay(self) -> None:
        content = self._regular(self.journal)
        if content is None:
            return
        lines = content.splitlines()
        self.changed = self.changed or any(line.strip() for line in lines)
        for number, line in enumerate(lines, start=1):
            if line.strip():
                problem = self._apply(line)
                if problem:
                    self._warn(self.journal, number, *problem)

    def _apply(self, line: bytes) -> tuple[str, str] | None:
        """Replay one journal line, or say why it is skipped."""
        try:
            change = json.loads(line)
        except ValueError:
            return "", "not a whole JSON line (cut short by a crash?)"
        if not isinstance(change, dict) or change.get("version") != MANIFEST_VERSION:
            return "", f"not a change written by this version of briefgen (version {MANIFEST_VERSION})"
        if "remove" in change:
            problem = self._problem(change["remove"], removing=True)
            if not problem:
                self.entries.pop(change["remove"], None)
            return problem
        if "put" not in change:
            return "put", "neither put nor remove"
        problem = self._problem(change["put"], change.get("entry"))
        if not problem:
            self.entries[change["put"]] = change["entry"]
        return problem

    def get(self, output: str) -> Optional[dict]:
        return self.entries.get(output)

    def put(self, output: str, entry: dict, durable: bool = True) -> None:
        """Record an entry. `durable=False`: not flushed to disk line by line
        (an entry whose loss in a crash costs time only, such as a new input
        key for an output that did not change: the snapshot keeps it)."""
        self.entries[output] = entry
        self.changed = True
        self._append({"version": MANIFEST_VERSION, "put": output, "entry": entry}, durable)

    def remove(self, output: str) -> None:
        self.entries.pop(output, None)
        self.changed = True
        self._append({"version": MANIFEST_VERSION, "remove": output})

    def _append(self, change: dict, durable: bool = True) -> None:
        if self._appender is None:
            reports = self.path.parent
            reports.mkdir(parents=True, exist_ok=True)
            confined(self.journal, reports)
            if self.journal.exists() and not self.journal.is_file():
                self.journal.unlink()       # a FIFO (warned about on loading): our name, not our file
            # O_NOFOLLOW: a link put in its place since is not written through.
            fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
            self._appender = os.fdopen(fd, "ab")
        # One write per line, newline first: a line torn by an earlier crash
        # never swallows this one.
        self._appender.write(b"\n" + json.dumps(change, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self._appender.flush()
        if durable:
            os.fdatasync(self._appender.fileno())

    def save(self) -> None:
        """Write the snapshot atomically, then empty the journal; nothing if
        nothing changed since a sound snapshot was written (a no-op rebuild)."""
        if not self.changed:
            return
        text = json.dumps({"version": MANIFEST_VERSION, "tools": tool_versions(), "outputs": self.entries},
                          ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.path, text.encode("utf-8"), self.path.parent)
        if self._appender is not None:
            self._appender.close()
            self._appender = None
        confined(self.journal, self.path.parent).unlink(missing_ok=True)


def regular_file_bytes(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file, else None (missing, a link,
    or a FIFO that would block a build and check for ever: O_NONBLOCK opens it
    without waiting, and fstat says what was opened)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        return file.read() if stat.S_ISREG(os.fstat(file.fileno()).st_mode) else None
