"""The document kinds: templates/documents.yaml, validated like the data.

What varies by kind of document (its paper, whether it must fit one page, the
parts it prints, the figures it draws) is read here, once, and every later
stage asks the registry instead of comparing names. The file is layered like
the other template files: a project's templates/documents.yaml adds kinds, or
replaces one by name, over the shipped one; a kind needs no Python, only its
template (templates/<name>.html) and stylesheet (templates/css/<name>.css).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Location, Problem, ValidationFailed
from ..paths import SHIPPED
from .languages import LANGUAGES
from .yamlnodes import ID_PATTERN, MappingReader, NodeReader, read_yaml

REGISTRY = "documents.yaml"
PAPERS = ("a4", "letter", "a5")
# The figures a kind may draw (view/charts.py draws them, view/select.py names them).
FIGURES = ("timeline", "activity", "timeline_compact")
# What a kind with fixed parts may list: the parts of the view that can come out empty.
PARTS = ("talking_points", "key_facts", "summary", "background", "objectives", "areas", "engagement",
         "exchanges", "assessment", "notes", "frameworks", "chronology", "hosted", "visits", "programmes",
         "agreements", "representation", "sources")


@dataclass(frozen=True)
class Kind:
    name: str
    paper: str                            # "audience", or the paper it is always made on
    one_page: bool
    parts: Optional[tuple[str, ...]]      # None: the profile's sections
    figures: tuple[str, ...] = ()
    called: str = ""                      # its name in messages ("fact sheet")
    frame: Optional[float] = None         # figures' width in points; None: derived from the stylesheet
    changes: bool = False                 # prints what is new since the last issue (view/changes.py)
    # A one-page kind's text, in ems of the body face, per language, that sets
    # at FIT_START_PT with the page full less the fit's margin: where the fit
    # starts (render/engine.py fit_start). A language not listed starts there.
    fit_text: tuple[tuple[str, float], ...] = ()
    # Whether a one-page document too dense at the smallest size lists fewer
    # events, the most recent (view/select.py selects); None: as its parts say.
    # Said where the parts do not: the card prints a chronology of its own,
    # not listed in its parts, when there are no talking points.
    fewer_events: Optional[bool] = None

    @property
    def shown(self) -> str:
        return self.called or self.name

    @property
    def fixed_paper(self) -> bool:
        return self.paper != "audience"

    def fit_text_in(self, lang: str) -> Optional[float]:
        return dict(self.fit_text).get(lang)

    def paper_for(self, chosen: str) -> str:
        """The paper a document of this kind is made on, given the audience's (or --paper's)."""
        return self.paper if self.fixed_paper else chosen


def load_kinds(layers: Path | tuple[Path, ...], shown=str) -> dict[str, Kind]:
    """{name: Kind} from the template layers' documents.yaml, the shipped
    file first and each earlier layer's entries over it (Project.template_layers
    lists the project's own first); ValidationFailed with every problem."""
    layers = layers if isinstance(layers, tuple) else (layers,)
    problems: list[Problem] = []
    kinds: dict[str, Kind] = {}
    files = [layer / REGISTRY for layer in reversed(layers) if (layer / REGISTRY).is_file()]
    for path in files:
        kinds.update(read_registry(path, shown(path), layers, problems))
    if not files:
        problems.append(Problem(Location(shown(layers[0] / REGISTRY)), "no document kinds: the file is missing"))
    if problems:
        raise ValidationFailed(problems)
    return kinds


@functools.cache
def shipped_kinds() -> dict[str, Kind]:
    """The shipped kinds, for a view made without a project's registry (tests, tools)."""
    return load_kinds(SHIPPED / "templates")


def read_registry(path: Path, name_shown: str, layers: tuple[Path, ...], problems: list[Problem]) -> dict[str, Kind]:
    reader = NodeReader(name_shown, problems)
    root = read_yaml(path, name_shown, problems)
    fields = reader.mapping(root, "") if root is not None else None
    if fields is None:
        return {}
    kinds = {}
    for name in fields.fields:
        kind = fields.get(name, reader.record(lambda entry, name=name: read_kind(reader, entry, name, layers)))
        if kind is not None:
            kinds[name] = kind
    return kinds


def read_kind(reader: NodeReader, entry: MappingReader, name: str, layers: tuple[Path, ...]) -> Optional[Kind]:
    before = len(reader.problems)
    if not ID_PATTERN.match(name):
        reader.fail(entry.node, entry.path, f"a kind's name is lower-case letters, digits and hyphens, got {name!r}")
    for needed in (f"{name}.html", f"css/{name}.css"):
        if not any((layer / needed).is_file() for layer in layers):
            reader.fail(entry.node, entry.path, f"no templates/{needed}: a kind is drawn by its template "
                                                f"and stylesheet")
    kind = Kind(name=name,
                paper=entry.get("paper", reader.choice(("audience",) + PAPERS)),
                one_page=entry.get("one_page", reader.choice(("yes", "no"))) == "yes",
                parts=entry.get("parts", lambda node, path: read_parts(reader, node, path)),
                figures=entry.optional("figures", reader.list_of(reader.choice(FIGURES)), ()),
                called=entry.optional("called", reader.string, "") or "",
                frame=entry.optional("frame", lambda node, path: read_points(reader, node, path)),
                changes=entry.optional("changes", reader.choice(("yes", "no")), "no") == "yes",
                fit_text=entry.optional("fit_text", lambda node, path: read_fit_text(reader, node, path), ()),
                fewer_events=yes_or_no(entry.optional("fewer_events", reader.choice(("yes", "no")))))
    # Only the one-page fit reads these: on another kind they would be ignored unsaid.
    if kind.fit_text and not kind.one_page:
        reader.fail(entry.node_of("fit_text"), entry.child("fit_text"),
                    "only a one-page kind (one_page: yes) starts its fit from its text")
    if kind.fewer_events and not kind.one_page:
        reader.fail(entry.node_of("fewer_events"), entry.child("fewer_events"),
                    "only a one-page kind (one_page: yes) lists fewer events to fit its page")
    return kind if len(reader.problems) == before else None


def yes_or_no(value: Optional[str]) -> Optional[bool]:
    return None if value is None else value == "yes"


def read_parts(reader: NodeReader, node, path: str) -> Optional[tuple[str, ...]]:
    """`sections`, or a list of fixed parts."""
    if getattr(node, "value", None) == "sections":
        return None
    return reader.list_of(reader.choice(PARTS))(node, path)


def read_fit_text(reader: NodeReader, node, path: str) -> tuple[tuple[str, float], ...]:
    """{language: ems}: a one-page kind's calibrated text per language (Kind.fit_text)."""
    fields = reader.mapping(node, path)
    if fields is None:
        return ()
    amounts = []
    for lang in fields.fields:
        value = fields.get(lang, lambda n, p: reader.scalar(n, p, "a number of ems"))
        if lang not in LANGUAGES:
            reader.fail(fields.node_of(lang), fields.child(lang), f"expected a language ({', '.join(LANGUAGES)}), "
                                                                  f"got {lang!r}")
            continue
        try:
            ems = float(value) if value is not None else None
        except ValueError:
            ems = None
        if value is not None and (ems is None or not 10 <= ems <= 100000):
            reader.fail(fields.node_of(lang), fields.child(lang), f"expected ems between 10 and 100000, got {value!r}")
        elif ems is not None:
            amounts.append((lang, ems))
    return tuple(amounts)


def read_points(reader: NodeReader, node, path: str) -> Optional[float]:
    value = reader.scalar(node, path, "a width in points")
    try:
        points = float(value) if value is not None else None
    except ValueError:
        points = None
    if value is not None and (points is None or not 20 <= points <= 2000):
        reader.fail(node, path, f"expected a width in points between 20 and 2000, got {value!r}")
        return None
    return points
