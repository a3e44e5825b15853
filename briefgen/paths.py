"""Where the project's inputs and outputs live, and which files rendering may read.

A project is a folder holding data/, templates/, fonts/, schedule.yaml and
reports/. Any of data/, templates/ and fonts/ it lacks is taken from the ones
shipped with briefgen (the checkout's own folders, or their copies inside an
installed package), so one install serves several projects.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
# What ships with briefgen: the checkout's folders, or, once pip-installed, the
# copies pyproject.toml puts in the package (briefgen/shipped/).
SHIPPED = Path(__file__).resolve().parent / "shipped" \
    if (Path(__file__).resolve().parent / "shipped" / "templates").is_dir() else ROOT
PROJECT_VARIABLE = "BRIEFGEN_PROJECT"
OWN_FOLDERS = ("data", "templates", "fonts")
NOWHERE = Path("/nonexistent/briefgen-refused")     # a folder that holds nothing
# reports/.drafts/: a document showing unconfirmed drafted items (docs/drafting.md) goes
# here, at its audience path below it, never into the audience's folder, which may be published.
DRAFTS = ".drafts"


def is_draft_name(name: str) -> bool:
    """Is this name below reports/ (as the manifest keeps it) a draft's, below .drafts/?"""
    return name.startswith(f"{DRAFTS}/")


def audience_name(name: str) -> str:
    """A draft's name as its document is named in its audience's folder (any other name as it is)."""
    return name.removeprefix(f"{DRAFTS}/")


def relative_name(path: Path | str, root: Path | None) -> str:
    """THE name of a file in messages, keys and the manifest: relative to `root`
    (the project folder) when below it, wherever the tool runs from; absolute
    otherwise (shipped templates, --data elsewhere) or without a root."""
    path = Path(path).absolute()
    if root is not None and path.is_relative_to(Path(root).absolute()):
        return path.relative_to(Path(root).absolute()).as_posix()
    return path.as_posix()


def relation_files(data: Path) -> list[Path]:
    """data/relations/*.yaml, in the order they are read (record/load.py)."""
    return sorted((data / "relations").glob("*.yaml"))


# What editors and tools leave beside the files they write: hidden names (swap
# files, `draft`'s temporaries), backups (name~, name.bak), autosaves (#name#).
# Never a relationship a user meant to add, so not worth a refusal.
LEFTOVER_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".tmp")


def stray_relation_files(data: Path) -> list[Path]:
    """What else data/relations/ holds (a name.yml, a .json, a folder), which
    no command reads: each is refused by name (record/load.py) rather than
    left out unsaid. Editors' leftovers are not listed."""
    folder = data / "relations"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir()
                  if not path.name.endswith(".yaml") and not path.name.startswith(".")
                  and not path.name.endswith(LEFTOVER_SUFFIXES)
                  and not (path.name.startswith("#") and path.name.endswith("#")))


def named_file(shown: str, root: Path) -> Path:
    """The file a message names (relative_name's inverse)."""
    return Path(root) / shown


def installed_copy(resolved: Path) -> bool:
    """A file of an installed package's shipped folders: trusted (pip wrote
    it; its hard links are the installer's, not an editor's)."""
    return SHIPPED != ROOT and resolved.is_relative_to(SHIPPED.resolve())


class ReadRefused(OSError):
    """A file the read policy refuses (confinement); `strerror` says why, and
    `errno` is ENOENT when it is only missing."""


def confinement(path: Path, folder: Path, hidden: Path | None = None, name: str | None = None) -> str | None:
    """THE decision of what may be read, for every reader: the document and
    index template loaders, the URL fetcher (through Project.refusal), the YAML
    readers and the preview's files (all through read_confined). Why `path` may
    not be read from `folder` (already resolved), or None. Judged where links
    lead; inside the folder but not below `hidden` (other audiences' folders); a
    regular file; outside an installed package, a file with no other hard link
    (a hard link to the record is the record). `name`: the file as messages show it."""
    refused = _refusal(path, folder, hidden, name or path.name)
    return refused.strerror if refused else None


def read_confined(path: Path, folder: Path, hidden: Path | None = None, name: str | None = None) -> bytes:
    """The bytes of `path`, if confinement allows them; else ReadRefused. Opened
    where the link led, not following a link put there since, nor waiting on a
    FIFO; the open file judged again (regular, one link)."""
    name = name or path.name
    refused = _refusal(path, folder, hidden, name)
    if refused:
        raise refused
    # O_NOFOLLOW: a link put in the file's place after the decision is not followed;
    # O_NONBLOCK: opening a FIFO put there does not wait for a writer.
    handle = os.open(path.resolve(), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as file:
        refused = _not_a_single_file(os.fstat(file.fileno()), path.resolve(), name)
        if refused:
            raise refused
        return file.read()


def _refusal(path: Path, folder: Path, hidden: Path | None, name: str) -> ReadRefused | None:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):     # a loop of links
        return ReadRefused(errno.ELOOP, f"{name!r} is a loop of links")
    if not resolved.is_relative_to(folder) or (hidden is not None and resolved.is_relative_to(hidden)):
        where = f"in {hidden.name}/" if hidden is not None and resolved.is_relative_to(hidden) else \
            f"outside {folder.name}/"
        return ReadRefused(errno.EACCES, f"{name!r} is a link to {resolved}, {where}"
                           if resolved != path.absolute() else f"{name!r} is {where}")
    try:
        info = resolved.stat()
    except OSError:
        return ReadRefused(errno.ENOENT, f"{name!r} does not exist")
    return _not_a_single_file(info, resolved, name)


def _not_a_single_file(info: os.stat_result, resolved: Path, name: str) -> ReadRefused | None:
    if not stat.S_ISREG(info.st_mode):
        return ReadRefused(errno.EACCES, f"{name!r} is not a regular file")
    if info.st_nlink > 1 and not installed_copy(resolved):
        return ReadRefused(errno.EACCES, f"{name!r} has {info.st_nlink - 1} other hard link(s), which may be any file")
    return None


def links_out(folder: Path, home: Path, hard_links: bool) -> list[tuple[Path, Path | None]]:
    """(link, target) for the folder and everything below it that leads
    outside `home` (resolved), links not followed, the target None for a loop
    of links (it leads nowhere a reader could use); with hard_links, also
    (file, file) for each regular file with more than one hard link."""
    found = []
    if not _leads_into(folder, home):
        return [(folder, _resolved(folder))]
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            if path.is_symlink() and not _leads_into(path, home):
                found.append((path, _resolved(path)))
            elif hard_links and name in files and not path.is_symlink() and path.lstat().st_nlink > 1:
                found.append((path, path))
    return found


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):     # a loop of links
        return None


def _leads_into(path: Path, home: Path) -> bool:
    resolved = _resolved(path)
    return resolved is not None and resolved.is_relative_to(home)


class OutsideReports(OSError):
    """A build was about to write or remove a file it may not (see write_problem):
    an OSError, so each caller's handling of an unwritable file applies (a
    document fails, an index is not written) and nothing is done."""


class OutputOutsideReports(BuildError, ValueError):
    """A planned document's path leads through a link (Project.output_path):
    a named error of check and build (exit 2), never a traceback."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


def write_problem(path: Path, reports: Path, shown=str) -> str | None:
    """THE decision of where a build may write or remove a file: the PDFs,
    thumbnails, index.html, --html files, manifest, journal, lock and
    temporaries. Why not, or None: `path` must be named below `reports`, no
    folder or file below reports/ may be a link (a linked thumbnails/ would
    carry a prune or a write anywhere, the templates included), and its
    folder, links resolved, must lie inside reports/ resolved. reports/ itself
    may be a link (another disk): Project.reports_problem judges it."""
    reports, path = Path(reports).absolute(), Path(path).absolute()
    if ".." in path.parts or path == reports or not path.is_relative_to(reports):
        return f"{shown(path)} is not below {shown(reports)}"
    here = reports
    for part in path.relative_to(reports).parts:
        here = here / part
        if here.is_symlink():
            return (f"{shown(here)} is a link to {here.resolve()}; a build never writes or removes "
                    f"through a link below {shown(reports)}")
    if not path.parent.resolve().is_relative_to(reports.resolve()):
        return f"{shown(path)} leads to {path.parent.resolve()}, outside {shown(reports)}"
    return None


def confined(path: Path, reports: Path, shown=str) -> Path:
    """`path`, if a build may write or remove it (write_problem); else OutsideReports."""
    problem = write_problem(path, reports, shown)
    if problem:
        raise OutsideReports(problem + "; refused")
    return path


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    reports: Path = ROOT / "reports"
    data: Path = ROOT / "data"
    templates_dir: Optional[Path] = None     # default: root/templates
    fonts_dir: Optional[Path] = None         # default: root/fonts

    @property
    def templates(self) -> Path:
        return self.templates_dir or self.root / "templates"

    @property
    def template_layers(self) -> tuple[Path, ...]:
        """The templates/ folders, searched file by file: the project's own, then
        the shipped one. A project holding one profile or one override gets every
        other template from what ships (and later fixes to it)."""
        shipped = SHIPPED / "templates"
        if self.templates.absolute() == shipped.absolute() or not shipped.is_dir():
            return (self.templates,)
        return (self.templates, shipped)

    def template_file(self, name: str) -> Path:
        """templates/<name> from the first layer that has it (else the project's own path)."""
        return next((layer / name for layer in self.template_layers if (layer / name).is_file()),
                    self.templates / name)

    @property
    def fonts(self) -> Path:
        return self.fonts_dir or self.root / "fonts"

    @property
    def schedule(self) -> Path:
        return self.root / "schedule.yaml"

    def shown(self, path: Path) -> str:
        """A file as every message names it: relative to the project folder, wherever
        the tool runs from; absolute only outside it (relative_name)."""
        return relative_name(path, self.root)

    @classmethod
    def at(cls, folder: Path, data: Optional[Path] = None, reports: Optional[Path] = None) -> "Project":
        """The project in a folder: its own data/, templates/, fonts/ where it has
        them, the shipped ones where it does not; reports/ always its own."""
        folder = folder.absolute()
        own = lambda name: folder / name if (folder / name).is_dir() else SHIPPED / name
        return cls(root=folder, reports=(reports or folder / "reports").absolute(),
                   data=(data or own("data")).absolute(), templates_dir=own("templates"), fonts_dir=own("fonts"))

    def record_files(self) -> list[Path]:
        """Every file of the record, in the order the loader reads them: the
        entity files, then each relationship's (record/load.py), then the stray
        files the loader refuses (a new one must not pass for a no-op build)."""
        return self.entity_files() + relation_files(self.data) + stray_relation_files(self.data)

    def entity_files(self) -> list[Path]:
        """The entities.yaml files, in the order they are read: the shipped list,
        then data/'s own, whose entities add to or replace the shipped ones by id
        (a project's data/ need not copy the shipped list to name qatar or nato)."""
        shipped, own = SHIPPED / "data" / "entities.yaml", self.data / "entities.yaml"
        if own.absolute() == shipped.absolute() or not shipped.is_file():
            return [own]
        return [shipped] + ([own] if own.is_file() else [])

    def borrowed(self) -> list[str]:
        """The folders taken from the shipped ones, for the user to know."""
        return [name for name, path in (("data", self.data), ("templates", self.templates), ("fonts", self.fonts))
                if not path.is_relative_to(self.root) and path.is_relative_to(SHIPPED)]

    def readable(self, path: Path, audience_folder: Path | tuple[Path, ...] | None = None) -> bool:
        """May a document read this file? (see refusal)"""
        return self.refusal(path, audience_folder) is None

    def refusal(self, path: Path, audience_folder: Path | tuple[Path, ...] | None = None) -> str | None:
        """Why a document may not read this file, or None if it may: only
        templates/ (but not another audience's folder), the document's own
        audience folder(s: the project's and the shipped one) and fonts/, in
        every template layer, judged after resolving symlinks (see
        confinement). Never data/ nor reports/: a template that could fetch a
        record, or an earlier restricted PDF, could print what clearance removed."""
        resolved = path.resolve()
        if any(resolved.is_relative_to(d.resolve()) for d in (self.data, self.reports)):
            return f"{path.name} is in {'data' if resolved.is_relative_to(self.data.resolve()) else 'reports'}/"
        own = audience_folder if isinstance(audience_folder, tuple) else (audience_folder,) if audience_folder else ()
        for folder in map(self.trusted_folder, own):
            if resolved.is_relative_to(folder):
                return confinement(path, folder)
        for layer in self.template_layers:
            folder = self.trusted_folder(layer)
            if resolved.is_relative_to(folder):
                return confinement(path, folder, hidden=self.trusted_folder(layer / "audiences"))
        return confinement(path, self.trusted_folder(self.fonts))

    def trusted_folder(self, folder: Path) -> Path:
        """Where a folder of the project leads, if that is inside the project
        or the shipped folders; else a path nothing lies in. A cloned project is
        untrusted input: its fonts/ linked to ~ must not make ~ readable."""
        resolved = folder.resolve()
        if resolved.is_relative_to(self.root.resolve()) or resolved.is_relative_to(SHIPPED.resolve()):
            return resolved
        return NOWHERE

    def layered(self, path: Path) -> Path:
        """A file named under the project's templates/ that only the shipped
        layer has (a shipped audience's logo, URLs being relative to the
        project's templates/): that one. Any other path as it is."""
        first, *others = self.template_layers
        if path.is_file() or not others or not path.is_relative_to(first):
            return path
        relative = path.relative_to(first)
        if ".." in relative.parts:
            return path
        return next((layer / relative for layer in others if (layer / relative).is_file()), path)

    def local_path(self, url: str, audience_folder: Path | tuple[Path, ...] | None = None) -> Path | None:
        """The file a file: URL names, if a document may read it (see readable)."""
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = self.layered(Path(unquote(parsed.path)))
        return path.resolve() if self.readable(path, audience_folder) else None

    def reports_problem(self) -> str | None:
        """Why reports/ may not be written, or None: inside data/, templates/ or
        fonts/ (the project's or the shipped ones), a restricted briefing would
        become something a template can attach or a loader read; containing one
        of them, a prune or an index could touch them. Judged where links lead."""
        reports = self.reports.resolve()
        shown = self.shown(self.reports) + (f" (a link to {self.shown(reports)})"
                                            if reports != self.reports.absolute() else "")
        if self.reports.absolute() == self.root / "reports" and not reports.is_relative_to(self.root.resolve()):
            # A cloned project can ship `reports -> ~`: a build would write and prune there.
            return (f"the project's reports folder {shown} leads outside the project; refused "
                    f"(if you mean it, pass --reports {reports})")
        for name, folder in [("data", self.data), ("templates", self.templates), ("fonts", self.fonts)] + \
                [(name, base / name) for base in (self.root, SHIPPED) for name in OWN_FOLDERS]:
            folder = folder.resolve()
            if reports.is_relative_to(folder):
                return f"the reports folder {shown} is inside {name}/ ({self.shown(folder)}); refused"
            if folder.is_relative_to(reports):
                return f"the reports folder {shown} contains {name}/ ({self.shown(folder)}); refused"
        return None

    def escapes(self) -> list[tuple[Path, Path | None]]:
        """(link, where it leads) for each of the project's own data/, templates/,
        fonts/ (and every folder and file below) that leads outside the project
        folder, and each file of its templates/ and fonts/ with other hard links
        (link, link), or (link, None) for a loop of links: a cloned project is
        untrusted input. --data given on the command line is judged against
        itself; shipped folders are trusted."""
        found = []
        for folder in (self.data, self.templates, self.fonts):
            if folder.is_relative_to(SHIPPED) and not folder.is_relative_to(self.root):
                continue
            home = self.root if folder.is_relative_to(self.root) else folder
            found += links_out(folder, home.resolve(), hard_links=folder != self.data)
        return found

    def crossings(self) -> list[tuple[Path, str]]:
        """(path, why refused) for what lets a template read the record without
        leaving the project (escapes sees only links out of it): data/,
        templates/, fonts/ overlapping once links are resolved (one inside
        another), and a link below the project's own templates/ or fonts/
        leading out of that same folder (templates/audiences/press -> ../../data)."""
        found, folders = [], {"data": self.data, "templates": self.templates, "fonts": self.fonts}
        for name, folder in folders.items():
            for other, around in folders.items():
                if name != other and folder.resolve().is_relative_to(around.resolve()):
                    found.append((folder, f"{name}/ (at {folder.resolve()}) is inside {other}/ "
                                          f"({around.resolve()}); the inputs may not overlap; refused"))
        for name in ("templates", "fonts"):
            folder = folders[name]
            if folder.is_relative_to(SHIPPED) and not folder.is_relative_to(self.root):
                continue        # the shipped folders are trusted
            home = folder.resolve()
            for parent, dirs, files in os.walk(folder):
                for entry in dirs + files:
                    path = Path(parent) / entry
                    if path.is_symlink() and not path.resolve().is_relative_to(home):
                        found.append((path, f"a link to {path.resolve()}, outside {name}/; a link in {name}/ "
                                            f"must stay inside it; refused"))
        return found

    def output_path(self, relation: str, audience: str, doc: str, lang: str, suffix: str, variant: str = "",
                    judged: Optional[set] = None) -> Path:
        """reports/<relation>/<audience>/<doc>.<lang>[.<variant>]<suffix>, the
        suffix its format's (".pdf"). Ids are validated as [a-z0-9-]; this
        checks again, as the last line of defence, that no name can place a
        file outside reports/. `judged`: the folders this caller (one plan)
        found sound already, each judged once; the file itself is still
        looked at (a link there is judged whole)."""
        path = self.reports / relation / audience / f"{doc}.{lang}{'.' + variant if variant else ''}{suffix}"
        if judged is not None and path.parent in judged and not path.is_symlink():
            return path
        problem = write_problem(path, self.reports, self.shown)
        if problem:
            link = next((p for p in path.parents if p.is_symlink() and p.is_relative_to(self.reports)), path)
            raise OutputOutsideReports(self.shown(link), problem + "; refused (remove the link: a build "
                                       "writes only into real folders below reports/)")
        if judged is not None:
            judged.add(path.parent)
        return path

    def draft_path(self, output: Path) -> Path:
        """reports/.drafts/<relation>/<audience>/<file> for the output
        reports/<relation>/<audience>/<file>: where the document goes while it
        shows unconfirmed drafted items, outside every audience's folder, so
        the file published there stays as it was (docs/drafting.md)."""
        return self.reports / DRAFTS / output.relative_to(self.reports)

    def thumbnail_path(self, output: Path) -> Path:
        """reports/<relation>/<audience>/thumbnails/<doc>.<lang>.png for
        reports/<relation>/<audience>/<doc>.<lang>.pdf: inside the audience's
        folder, so publishing that folder publishes its thumbnails and no others."""
        return output.parent / "thumbnails" / output.with_suffix(".png").name


def find_project(option: Optional[Path]) -> Path:
    """The project folder: --project, else $BRIEFGEN_PROJECT, else the current
    folder when it holds data/ and templates/, else the shipped one."""
    if option is not None:
        return option
    if os.environ.get(PROJECT_VARIABLE):
        return Path(os.environ[PROJECT_VARIABLE])
    here = Path.cwd()
    if (here / "data").is_dir() and (here / "templates").is_dir():
        return here
    # In a checkout, the checkout; once installed, the current folder (reports/
    # there, everything else shipped), never the installed package itself.
    return SHIPPED if SHIPPED == ROOT else here
