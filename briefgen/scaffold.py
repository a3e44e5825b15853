"""`generate.py new-audience NAME --from press`: copy an audience folder to start a new one."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .errors import BuildError

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def own_templates(project, echo=print) -> Path:
    """The project's templates/ folder, made from the shipped one first if the
    project has none of its own (a new audience is written there, never into
    the shipped templates)."""
    from .paths import SHIPPED
    own = project.root / "templates"
    if project.templates != own and project.root != SHIPPED:
        shutil.copytree(project.templates, own)
        echo(f"copied the shipped templates to {own}, so this project can change them")
    return own


def scaffold_audience(templates: Path, name: str, source: str) -> Path:
    folder = templates / "audiences"
    if not NAME.match(name):
        raise BuildError(f"audience name {name!r}: use lower-case letters, digits and hyphens")
    if not (folder / source / "audience.yaml").is_file():
        known = ", ".join(sorted(p.parent.name for p in folder.glob("*/audience.yaml")))
        raise BuildError(f"no audience {source!r} to copy (known: {known})")
    target = folder / name
    if target.exists():
        raise BuildError(f"{target} already exists")
    shutil.copytree(folder / source, target)
    profile = target / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(f"# Scaffolded from {source!r}: change the title, then what this audience needs.\n"
                       + text, encoding="utf-8")
    return target


RELATION = """\
# Scaffolded by `generate.py new-relation`: it passes `check` and builds as it
# is. Replace the placeholder texts, then add what the README's "Data format
# reference" lists (frameworks, events, programmes, sources, talking points...).
id: {id}
parties: [{parties}]
title: {{ar: {title_ar}, en: {title_en}}}
updated: {updated}               # the day the data last changed; printed on documents
summary:
  - {{ar: "ملخص العلاقة، يكتب هنا.", en: "The summary of the relationship, written here."}}
areas:
  - {{ar: "مجال من مجالات التعاون.", en: "An area of cooperation."}}
events: []
  # - id: first-visit
  #   kind: visit                # accession, visit, conference, meeting, training, agreement, accreditation
  #   date: 2024-05-12           # YYYY, YYYY-MM or YYYY-MM-DD, at the precision you know
  #   place: {first}
  #   title: {{ar: ..., en: ...}}
  #   description: {{ar: ..., en: ...}}
  #   sources: [ministry]
sources: []
  # - id: ministry
  #   publisher: {{ar: ..., en: ...}}
  #   title: {{ar: ..., en: ...}}   # the work's own title
  #   language: ar
  #   accessed: {updated}        # or published:
  #   url: https://...
"""


def scaffold_relation(project, relation_id: str, parties: list[str], today) -> Path:
    """data/relations/ID.yaml of the project: a minimal record naming known
    entities (the shipped ones and the project's), never over an existing file
    and never into the shipped data/."""
    from .record.load import load_entities
    from .errors import Problem
    from .record.yamlnodes import did_you_mean
    if not NAME.match(relation_id):
        raise BuildError(f"relationship id {relation_id!r}: use lower-case letters, digits and hyphens")
    problems: list[Problem] = []
    entities, _ = load_entities(project.entity_files(), project.data, problems)
    if problems:
        raise BuildError("the entities cannot be read:\n" + "\n".join(str(p) for p in problems))
    where = " and ".join(str(f) for f in project.entity_files())
    for party in parties:
        if party not in entities:
            raise BuildError(f"--parties: unknown entity {party!r}{did_you_mean(party, entities)} "
                             f"(entities are read from {where}; add it to data/entities.yaml)")
    if len(parties) < 2 or len(set(parties)) < len(parties):
        raise BuildError("--parties: expected at least two different entities, e.g. --parties qatar,nato")
    target = project.root / "data" / "relations" / f"{relation_id}.yaml"
    if target.exists():
        raise BuildError(f"{target} already exists; not overwritten")
    names = {lang: [getattr(entities[p].short or entities[p].name, lang) for p in parties] for lang in ("ar", "en")}
    text = RELATION.format(id=relation_id, parties=", ".join(parties), updated=today.isoformat(), first=parties[0],
                           # JSON strings are YAML's double-quoted strings: any name is safe in them.
                           title_ar=json.dumps("العلاقات بين " + "، ".join(names["ar"][:-1]) + " و" + names["ar"][-1],
                                               ensure_ascii=False),
                           title_en=json.dumps("–".join(names["en"]) + " relations", ensure_ascii=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:      # "x": never over a file made meanwhile
        out.write(text)
    return target
