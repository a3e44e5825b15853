"""data/ -> typed records, with every problem reported by file:line:column and field.

`load_record(data_dir)` reads data/entities.yaml and data/relations/*.yaml,
checks each field's shape (yamlnodes.py), then checks what refers to what
(ids that must exist, ids that must be unique). It raises ValidationFailed
once, with all problems, or returns a Record.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import yaml

from ..errors import Location, Problem, ValidationFailed
from ..paths import relation_files, relative_name, stray_relation_files
from .languages import LANGUAGES, REQUIRED_LANGUAGES
from .model import (EVENT_KINDS, CustomSection, Entity, Event, Framework, KeyFact, Note,
                    Programme, Record, Relationship, Source, Table, TableRow, Text)
from .yamlnodes import NodeReader, did_you_mean, looks_like_path, read_yaml
from .acceptance import read_accepts
from .audiences import SECTIONS as BUILT_IN_SECTIONS

ENTITY_KINDS = ("country", "organisation", "body", "city", "building")
PROGRAMME_KINDS = ("training", "exchange")


class RecordReader(NodeReader):
    """A NodeReader that also remembers every reference it reads, to check later."""

    def __init__(self, shown_as: str, problems: list[Problem]):
        super().__init__(shown_as, problems)
        self.references: list[tuple[str, str, Location]] = []   # (namespace, id, where)

    def ref(self, namespace: str):
        def read(node: yaml.Node, path: str) -> Optional[str]:
            value = self.ident(node, path)
            if value is not None:
                self.references.append((namespace, value, self.at(node, path)))
            return value
        return read


def load_record(data_dir: Path, audiences: Optional[set[str]] = None,
                project_root: Optional[Path] = None, entity_files: Optional[list[Path]] = None) -> Record:
    """Everything in data/, or ValidationFailed with every problem.
    audiences: the names notes may be addressed to (None: not checked);
    project_root: the folder messages name files from (None: absolute names);
    entity_files: see load_record_partly."""
    record, shared, per_file = load_record_partly(data_dir, audiences, project_root, entity_files)
    problems = shared + [p for found in per_file.values() for p in found]
    if problems:
        raise ValidationFailed(problems)
    return record


def load_record_partly(data_dir: Path, audiences: Optional[set[str]] = None, project_root: Optional[Path] = None,
                       entity_files: Optional[list[Path]] = None
                       ) -> tuple[Record, list[Problem], dict[str, list[Problem]]]:
    """The valid relationships, the problems every relationship shares (in
    entities.yaml), and the problems of each invalid relationship file: one bad
    file does not stop the others from being built. entity_files: the
    entities.yaml files, in order (Project.entity_files; default data/'s own)."""
    shared: list[Problem] = []
    digests: dict[str, str] = {}
    files = entity_files or [data_dir / "entities.yaml"]
    entities, entity_refs = load_entities(files, shared, project_root, digests)
    # An unknown entity names where entities come from: a project's list adds to the shipped one.
    hints = {"entity": f" (entities are read from {' and '.join(relative_name(f, project_root) for f in files)})"}
    check_references(entity_refs, {"entity": set(entities)}, shared, hints)
    check_part_of_cycles(entities, entity_refs, shared)
    relationships: dict[str, Relationship] = {}
    per_file: dict[str, list[Problem]] = {}
    section_ids: set[str] = set()
    for path in relation_files(data_dir):
        problems: list[Problem] = []
        relationship = load_relationship(path, data_dir, entities, audiences, problems, section_ids,
                                         project_root, hints, digests)
        if relationship is not None and relationship.id in relationships:
            problems.append(Problem(Location(relationship.file, path="id"),
                                    f"relationship id {relationship.id!r} is also used by "
                                    f"{relationships[relationship.id].file}"))
        if problems:
            per_file[relative_name(path, project_root)] = problems
        elif relationship is not None:
            relationships[relationship.id] = relationship
    for path in stray_relation_files(data_dir):
        shown = relative_name(path, project_root)
        per_file[shown] = [stray_file_problem(path, shown)]
    return Record(entities=entities, relationships=relationships, section_ids=frozenset(section_ids),
                  digests=digests), shared, per_file


def stray_file_problem(path: Path, shown: str) -> Problem:
    """A file (or folder) in data/relations/ that no command would read: said,
    not skipped, since a qatar-eu.yml is a relationship its author expects to
    see built. Like an invalid relationship file, it leaves the others built."""
    if path.is_dir():
        return Problem(Location(shown), "a folder; relationship files are read from data/relations/ itself, "
                                        "not from folders in it: move its files up, or the folder out of data/")
    stem = path.stem.removesuffix(".yaml").removesuffix(".YAML")      # x.yaml.yml, x.YAML: x.yaml
    return Problem(Location(shown), f"not read: relationship files end in .yaml; rename it to {stem}.yaml "
                                    f"(or, if it is not a relationship, move it out of data/relations/)")


def load_entities(files: list[Path], problems: list[Problem], project_root: Optional[Path] = None,
                  digests: Optional[dict[str, str]] = None):
    """{id: entity} from each file in turn, a later file adding entities or
    replacing an earlier one's by id; and every reference they make."""
    entities: dict[str, Entity] = {}
    references = []
    for path in files:
        found, refs = load_entity_file(path, problems, project_root, digests)
        entities.update(found)
        references += refs
    return entities, references


def load_entity_file(path: Path, problems: list[Problem], project_root: Optional[Path] = None,
                     digests: Optional[dict[str, str]] = None):
    reader = RecordReader(relative_name(path, project_root), problems)
    root = read_yaml(path, reader.file, problems, digests=digests)
    fields = reader.mapping(root, "") if root is not None else None
    if fields is None:
        return {}, []
    entities: dict[str, Entity] = {}
    table = fields.get("entities", reader.mapping)
    fields.finish()
    if table is None:
        return {}, []
    for key, (key_node, value_node) in table.fields.items():
        table.used.add(key)
        if reader.ident(key_node, key) is None:
            continue
        entity = read_entity(reader, key, value_node, f"entities.{key}")
        if entity is not None:
            entities[key] = entity
    return entities, reader.references


def read_entity(reader: RecordReader, key: str, node: yaml.Node, path: str) -> Optional[Entity]:
    return reader.record(lambda fields: entity_from(reader, key, fields))(node, path)


def entity_from(reader: RecordReader, key: str, fields) -> Optional[Entity]:
    entity = Entity(
        id=key,
        kind=fields.get("kind", reader.choice(ENTITY_KINDS)),
        name=fields.get("name", reader.text),
        short=fields.optional("short", reader.text),
        part_of=fields.optional("part_of", reader.ref("entity")),
        draft=fields.optional("draft", reader.flag, False) or False,
    )
    return entity if entity.kind and entity.name else None


def load_relationship(path: Path, data_dir: Path, entities: dict[str, Entity],
                      audiences: Optional[set[str]], problems: list[Problem],
                      section_ids: Optional[set[str]] = None, project_root: Optional[Path] = None,
                      hints: Optional[dict[str, str]] = None,
                      digests: Optional[dict[str, str]] = None) -> Optional[Relationship]:
    reader = RecordReader(relative_name(path, project_root), problems)
    before = len(problems)
    root = read_yaml(path, reader.file, problems, digests=digests)
    fields = reader.mapping(root, "") if root is not None else None
    if fields is None:
        return None
    relationship = read_relationship(reader, fields)
    fields.finish()
    if section_ids is not None:
        section_ids.update(s.id for s in relationship.sections if s.id)
    namespaces = {
        "entity": set(entities),
        "event": {e.id for e in relationship.events},
        "source": {s.id for s in relationship.sources},
    }
    if audiences is not None:
        namespaces["audience"] = audiences
    else:
        reader.references = [r for r in reader.references if r[0] != "audience"]
    check_unique(reader, fields, relationship)
    check_references(reader.references, namespaces, problems, hints)
    check_relationship(reader, fields, relationship)
    if relationship.id and relationship.id != path.stem:
        reader.fail(fields.node_of("id"), "id", f"id {relationship.id!r} must match the file name {path.stem!r}")
    return relationship if len(problems) == before else None


def none_yet(read):
    """A required list written with nothing under it (`events:`) is empty: so
    new-relation can write its commented example right under the key, and
    uncommenting it is all it takes (after `events: []` it is a YAML error)."""
    def read_list(node: yaml.Node, path: str):
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value == "":
            return ()
        return read(node, path)
    return read_list


def read_relationship(reader: RecordReader, fields) -> Relationship:
    paragraphs = reader.list_of(reader.text)
    records = lambda build: reader.list_of(reader.record(lambda item: build(reader, item)))
    return Relationship(
        id=fields.get("id", reader.ident),
        file=reader.file,
        parties=fields.get("parties", reader.list_of(reader.ref("entity")), ()),
        title=fields.get("title", reader.text),
        updated=to_date(fields.get("updated", reader.date)),
        summary=fields.get("summary", paragraphs, ()),
        background=fields.optional("background", paragraphs, ()),
        objectives=fields.optional("objectives", paragraphs, ()),
        areas=fields.get("areas", paragraphs, ()),
        engagement=fields.optional("engagement", paragraphs, ()),
        exchanges=fields.optional("exchanges", paragraphs, ()),
        assessment=fields.optional("assessment", paragraphs, ()),
        keywords=fields.optional("keywords", paragraphs, ()),
        frameworks=fields.optional("frameworks", records(framework_from), ()),
        events=fields.get("events", none_yet(records(event_from)), ()),
        programmes=fields.optional("programmes", records(programme_from), ()),
        sources=fields.get("sources", none_yet(records(source_from)), ()),
        talking_points=fields.optional("talking_points", records(note_from), ()),
        notes=fields.optional("notes", records(note_from), ()),
        sections=fields.optional("sections", records(section_from), ()),
        accept=fields.optional("accept", lambda n, p: read_accepts(reader, n, p), ()),
        draft=fields.optional("draft", reader.flag, False) or False,
        source_span=fields.optional("source_span", reader.span),
    )


def to_date(value) -> Optional[dt.date]:
    """`updated` must be a full day: it is the data's date of last change."""
    if value is None or value.day is None:
        return None
    return dt.date(value.year, value.month, value.day)


def framework_from(reader: RecordReader, fields) -> Framework:
    return Framework(
        id=fields.get("id", reader.ident),
        name=fields.get("name", reader.text),
        short=fields.optional("short", reader.text),
        joined=fields.get("joined", reader.date),
        description=fields.get("description", reader.text),
        sources=fields.get("sources", reader.list_of(reader.ref("source")), ()),
        classification=reader.classification(fields),
    )


def event_from(reader: RecordReader, fields) -> Event:
    texts = reader.list_of(reader.text)
    event = Event(
        id=fields.get("id", reader.ident),
        kind=fields.get("kind", reader.choice(EVENT_KINDS)),
        title=fields.get("title", reader.text),
        description=fields.get("description", reader.text),
        date=fields.optional("date", reader.date),
        after=fields.optional("after", reader.ref("event")),
        period=fields.optional("period", reader.period),
        place=fields.optional("place", reader.ref("entity")),
        hosted_by=fields.optional("hosted_by", reader.ref("entity")),
        decided_by=fields.optional("decided_by", reader.ref("entity")),
        participants=fields.optional("participants", texts, ()),
        highlights=fields.optional("highlights", texts, ()),
        sources=fields.get("sources", reader.list_of(reader.ref("source")), ()),
        classification=reader.classification(fields),
        hijri=fields.optional("hijri", reader.hijri),
        draft=fields.optional("draft", reader.flag, False) or False,
        source_span=fields.optional("source_span", reader.span),
    )
    if not fields.has("date") and not fields.has("after"):
        reader.fail(fields.node, fields.child("date"),
                    "required field is missing (or give `after:` with the id of the event it followed)")
    return event


def programme_from(reader: RecordReader, fields) -> Programme:
    return Programme(
        id=fields.get("id", reader.ident),
        kind=fields.get("kind", reader.choice(PROGRAMME_KINDS)),
        name=fields.get("name", reader.text),
        description=fields.get("description", reader.text),
        frequency=fields.get("frequency", reader.text),
        place=fields.optional("place", reader.ref("entity")),
        participants=fields.optional("participants", reader.list_of(reader.text), ()),
        editions=fields.optional("editions", reader.list_of(reader.ref("event")), ()),
        sources=fields.get("sources", reader.list_of(reader.ref("source")), ()),
        classification=reader.classification(fields),
    )


def source_from(reader: RecordReader, fields) -> Source:
    """A citation. A path on a disk is not one: `file:` and local paths are refused."""
    source = Source(
        id=fields.get("id", reader.ident),
        title=fields.get("title", reader.text),
        # a language strings.yaml names in every document (`languages:`)
        language=fields.get("language", reader.choice(REQUIRED_LANGUAGES)),
        publisher=fields.get("publisher", reader.text),
        url=fields.optional("url", reader.web_address),
        published=fields.optional("published", reader.date),
        accessed=fields.optional("accessed", reader.date),
        covers=fields.optional("covers", reader.period),
        classification=reader.classification(fields),
    )
    if fields.has("file"):
        fields.used.add("file")
        reader.fail(fields.node_of("file"), fields.child("file"), NOT_A_CITATION)
    if not fields.has("published") and not fields.has("accessed"):
        reader.fail(fields.node, fields.child("published"),
                    "required field is missing: give `published:` (the date of publication) "
                    "or `accessed:` (the day it was retrieved)")
    for name in ("title", "publisher"):
        text = getattr(source, name)
        for lang, wording in text.wordings.items() if text is not None else ():
            if looks_like_path(wording):
                reader.fail(fields.node_of(name), fields.child(f"{name}.{lang}"),
                            f"{wording!r} is a path on a disk; {NOT_A_CITATION}")
    return source


NOT_A_CITATION = ("a source is cited, not pointed at on a disk: give its publisher, title, language, "
                  "`published:` or `accessed:`, and `url:` when it is on the web")


def note_from(reader: RecordReader, fields) -> Optional[Note]:
    """A talking point or note: `text`, and optionally `audiences`, `tags`, `classification`."""
    note = Note(
        text=fields.get("text", reader.text),
        audiences=fields.optional("audiences", reader.list_of(reader.ref("audience")), ()),
        tags=fields.optional("tags", reader.list_of(reader.ident), ()),
        events=fields.optional("events", reader.list_of(reader.ref("event")), ()),
        sources=fields.optional("sources", reader.list_of(reader.ref("source")), ()),
        classification=reader.classification(fields),
        internal=fields.optional("internal", reader.choice(("yes", "no")), "no") == "yes",
    )
    return note if note.text else None


# Ids a custom section may not take: the built-in sections, and the generic
# section template's own name (sections/custom.html).
RESERVED_SECTION_IDS = set(BUILT_IN_SECTIONS) | {"custom"}


def section_from(reader: RecordReader, fields) -> Optional[CustomSection]:
    """A section of the relationship's own: id, title, who it is for, and
    content as paragraphs, bullets, a table and/or dated key facts."""
    texts = reader.list_of(reader.text)
    section = CustomSection(
        id=fields.get("id", reader.ident),
        title=fields.get("title", reader.text),
        paragraphs=fields.optional("paragraphs", texts, ()),
        bullets=fields.optional("bullets", texts, ()),
        table=fields.optional("table", reader.record(lambda table: table_from(reader, table))),
        facts=fields.optional("facts", reader.list_of(reader.record(lambda fact: fact_from(reader, fact))), ()),
        audiences=fields.optional("audiences", reader.list_of(reader.ref("audience")), ()),
        tags=fields.optional("tags", reader.list_of(reader.ident), ()),
        classification=reader.classification(fields),
    )
    if section.id in RESERVED_SECTION_IDS:
        reader.fail(fields.node_of("id"), fields.child("id"),
                    f"{section.id!r} is the name of a built-in section; choose another id")
    if not any(fields.has(k) for k in CONTENT_FIELDS):
        reader.fail(fields.node, fields.path,
                    f"a section needs content: one or more of {', '.join(CONTENT_FIELDS)}")
    return section if section.id and section.title else None


CONTENT_FIELDS = ("paragraphs", "bullets", "table", "facts")


def table_from(reader: RecordReader, fields) -> Optional[Table]:
    """columns: bilingual headers; rows: each a list of cells (or {cells:, classification:})."""
    columns = fields.get("columns", reader.list_of(reader.text), ())
    rows = fields.get("rows", reader.list_of(lambda node, path: row_from(reader, node, path, len(columns))), ())
    table = Table(columns=columns, rows=rows, classification=reader.classification(fields))
    if fields.has("columns") and not columns:
        reader.fail(fields.node_of("columns"), fields.child("columns"), "expected at least one column")
    return table if columns else None


def row_from(reader: RecordReader, node: yaml.Node, path: str, width: int) -> Optional[TableRow]:
    """A row: a list of cells, or {cells: [...], classification: ...}."""
    classification = "public"
    if isinstance(node, yaml.MappingNode):
        fields = reader.mapping(node, path)
        classification = reader.classification(fields)
        present = fields.has("cells")
        node, path = fields.node_of("cells"), fields.child("cells")
        fields.used.add("cells")
        fields.finish()
        if not present:
            reader.fail(fields.node, path, "required field is missing")
            return None
    if not isinstance(node, yaml.SequenceNode):
        reader.fail(node, path, "expected a list of cells, one per column")
        return None
    if width and len(node.value) != width:
        reader.fail(node, path, f"expected {width} cell(s), one per column, got {len(node.value)}")
        return None
    cells = reader.list_of(lambda n, p: cell_from(reader, n, p))(node, path)
    return TableRow(cells=cells, classification=classification) if width and len(cells) == width else None


def cell_from(reader: RecordReader, node: yaml.Node, path: str) -> Optional[Text]:
    """A cell is a text {ar:, en:}, or a plain value printed alike in every
    language (a figure, a year: its digits follow the document's style)."""
    if isinstance(node, yaml.MappingNode):
        return reader.text(node, path)
    value = reader.string(node, path)
    return Text(**{lang: value for lang in LANGUAGES}) if value is not None else None


def fact_from(reader: RecordReader, fields) -> Optional[KeyFact]:
    fact = KeyFact(date=fields.get("date", reader.date), text=fields.get("text", reader.text),
                   classification=reader.classification(fields))
    return fact if fact.date and fact.text else None


def check_unique(reader: RecordReader, fields, relationship: Relationship) -> None:
    """Ids name things across the whole file (events, frameworks, programmes, sources)."""
    seen: dict[str, str] = {}
    groups = [("frameworks", relationship.frameworks), ("events", relationship.events),
              ("programmes", relationship.programmes), ("sources", relationship.sources)]
    groups.append(("sections", relationship.sections))
    for group, items in groups:
        for index, item in enumerate(items):
            path = f"{group}[{index}].id"
            if item.id in seen:
                node = fields.node_of(group).value[index]
                reader.fail(node, path, f"duplicate id {item.id!r}: already used at {seen[item.id]}")
            elif item.id:
                seen[item.id] = path


def check_references(references, namespaces: dict[str, set[str]], problems: list[Problem],
                     hints: Optional[dict[str, str]] = None) -> None:
    """hints: what to add to an unknown id's message, by namespace (where entities come from)."""
    for namespace, value, where in references:
        known = namespaces[namespace]
        if value not in known:
            problems.append(Problem(where, f"unknown {namespace} {value!r}{did_you_mean(value, known)}"
                                           f"{(hints or {}).get(namespace, '')}"))


def check_part_of_cycles(entities: dict[str, Entity], references, problems: list[Problem]) -> None:
    """An entity cannot be inside itself (a part_of b, b part_of a): whatever
    walks up from a place to its country would never stop. One problem per
    cycle, at the part_of of its first entity, naming every entity in it."""
    written = {where.path: where for _, _, where in references}
    reported: set[frozenset[str]] = set()
    for start in sorted(entities):
        chain, current = [start], entities[start].part_of
        while current in entities and current not in chain:
            chain.append(current)
            current = entities[current].part_of
        if current != start or frozenset(chain) in reported:
            continue
        reported.add(frozenset(chain))
        path = f"entities.{start}.part_of"
        problems.append(Problem(written.get(path, Location("data/entities.yaml", path=path)),
                                f"part_of goes round in a circle: {' -> '.join(chain + [start])}; "
                                f"an entity cannot be part of itself"))


def check_relationship(reader: RecordReader, fields, relationship: Relationship) -> None:
    if relationship.updated is None and fields.has("updated"):
        reader.fail(fields.node_of("updated"), "updated", "expected a full date YYYY-MM-DD (the day the data last changed)")
    if len(relationship.parties) < 2:
        reader.fail(fields.node_of("parties"), "parties", "expected at least two parties")
    events = {e.id: e for e in relationship.events}
    for index, event in enumerate(relationship.events):
        if event.after in events and events[event.after].date is None:
            reader.fail(fields.node_of("events").value[index], f"events[{index}].after",
                        f"{event.after!r} has no date itself; `after` must name a dated event")
    for programme in relationship.programmes:
        for edition in programme.editions:
            if edition in events and events[edition].kind != "training":
                reader.fail(fields.node_of("programmes"), f"programmes.{programme.id}.editions",
                            f"edition {edition!r} is a {events[edition].kind} event, expected kind training")
