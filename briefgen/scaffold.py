"""Scaffolds: `generate.py new-audience NAME --from press` (a profile to edit)
and `generate.py new-relation ID --parties a,b` (a minimal record)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import BuildError
from .record.languages import REQUIRED_LANGUAGES
from .record.placeholders import PLACEHOLDERS
from .record.yamlnodes import ID_PATTERN



def without_logo(profile: str) -> str:
    """The profile with its `logo:` commented out: the logo is a file of the
    copied audience's folder, which is not copied (this audience names its own).
    A `branding:` left with nothing under it is commented out too."""
    lines = profile.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(r"^\s+logo:", line):
            lines[i] = re.sub(r"^(\s+)", r"\1# ", line.rstrip("\n")) + "   # put your own file in this folder\n"
            rest = [l for l in lines[i + 1:] if l.strip() and not l.lstrip().startswith("#")]
            alone = lines[i - 1].startswith("branding:") and (not rest or not rest[0][0].isspace())
            if i and alone:
                lines[i - 1] = "# " + lines[i - 1]
    return "".join(lines)


def without_marking(profile: str) -> str:
    """The profile with its `marking:` (and any lines under it) commented out:
    the copied audience's wording, e.g. "for public release", would otherwise
    stand on every page of an audience later given a higher clearance."""
    lines = profile.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("marking:"):
            # A YAML comment, so that uncommenting the line gives valid YAML.
            lines[i] = ("# " + line.rstrip("\n") + "   # copied wording: only for clearance public; "
                        "otherwise pages carry their classification\n")
            for j in range(i + 1, len(lines)):
                if not lines[j][:1].isspace() or not lines[j].strip():
                    break
                lines[j] = "# " + lines[j]
    return "".join(lines)


def scaffold_audience(project, name: str, source: str) -> Path:
    """templates/audiences/NAME/ of the project holding only a copy of SOURCE's
    profile: every template, stylesheet and override comes from the template
    layers (the project's, then the shipped ones), so later fixes reach it;
    the folder is there for the overrides this audience will want."""
    if not ID_PATTERN.match(name):
        raise BuildError(f"audience name {name!r}: use lower-case letters, digits and hyphens")
    profiles = {p.parent.name: p for layer in reversed(project.template_layers)
                for p in (layer / "audiences").glob("*/audience.yaml")}     # the first layer's wins
    if source not in profiles:
        raise BuildError(f"no audience {source!r} to copy (known: {', '.join(sorted(profiles))})")
    target = project.root / "templates" / "audiences" / name
    if target.exists() or name in profiles:
        where = target if target.exists() else profiles[name].parent
        raise BuildError(f"audience {name!r} already exists ({project.shown(where)})")
    target.mkdir(parents=True)
    text = without_marking(without_logo(profiles[source].read_text(encoding="utf-8")))
    (target / "audience.yaml").write_text(
        f"# Scaffolded from {source!r}: change the title, then what this audience needs. Templates and\n"
        f"# stylesheets put in this folder override the shipped ones of the same name.\n" + text, encoding="utf-8")
    return target


# The texts a new record starts with: `check --strict` names any still left
# (view/lint.py), so none reaches a published document unnoticed.

# The examples are commented out right under their keys (`events:` with
# nothing under it is an empty list), so removing the "# " is all it takes.
RELATION = """\
# Scaffolded by `new-relation`: it passes `check` and builds as it is, and
# `check --strict` names what is still a placeholder. Replace the placeholder
# texts, then add what docs/data-format.md lists (frameworks, events,
# programmes, sources, talking points...).
id: {id}
parties: [{parties}]
title: {{ar: {title_ar}, en: {title_en}}}
updated: {updated}               # the day the data last changed; printed on documents
summary:
  - {{ar: "{summary_ar}", en: "{summary_en}"}}
areas:
  - {{ar: "{areas_ar}", en: "{areas_en}"}}
events:                          # none yet; to add one, uncomment the example (remove each "# ")
  # - id: first-visit
  #   kind: visit                # accession, visit, conference, meeting, training, agreement, accreditation
  #   date: 2024-05-12           # YYYY, YYYY-MM or YYYY-MM-DD, at the precision you know
  #   place: {first}
  #   title: {{ar: ..., en: ...}}
  #   description: {{ar: ..., en: ...}}
  #   sources: [ministry]
sources:                         # none yet; likewise
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
    if not ID_PATTERN.match(relation_id):
        raise BuildError(f"relationship id {relation_id!r}: use lower-case letters, digits and hyphens")
    problems: list[Problem] = []
    entities, _ = load_entities(project.entity_files(), problems, project.root)
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
    # is_symlink: a dangling link "exists" too (open "x" would refuse it with a traceback).
    if target.exists() or target.is_symlink():
        raise BuildError(f"{project.shown(target)} already exists; not overwritten")
    names = {lang: [getattr(entities[p].short or entities[p].name, lang) for p in parties] for lang in REQUIRED_LANGUAGES}
    text = RELATION.format(id=relation_id, parties=", ".join(parties), updated=today.isoformat(), first=parties[0],
                           **{f"{part}_{lang}": text for part, texts in PLACEHOLDERS.items()
                              for lang, text in texts.items()},
                           # JSON strings are YAML's double-quoted strings: any name is safe in them.
                           title_ar=json.dumps("العلاقات بين " + "، ".join(names["ar"][:-1]) + " و" + names["ar"][-1],
                                               ensure_ascii=False),
                           title_en=json.dumps("–".join(names["en"]) + " relations", ensure_ascii=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as out:      # "x": never over a file made meanwhile
            out.write(text)
    except FileExistsError:
        raise BuildError(f"{project.shown(target)} already exists; not overwritten") from None
    return target
