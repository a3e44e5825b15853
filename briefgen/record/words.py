"""The words templates print (templates/strings.yaml), validated like the data.

The file is read with the data files' guards (size, UTF-8, no anchors or
aliases, depth, duplicate keys; yamlnodes.read_yaml). Every value is a
non-empty text or a mapping of them; both languages have the same keys; the
keys the code itself reads are present. A few strings have placeholders,
filled by `fill()` with named fields only: `check` refuses any other
placeholder, so `{date.__class__.__mro__}` is an error, never Python's
internals printed in a document.
"""
from __future__ import annotations

import string
from pathlib import Path
from typing import Optional

import yaml

from ..errors import Problem, ValidationFailed
from .languages import LANGUAGES, REQUIRED_LANGUAGES
from .model import CLASSIFICATIONS, EVENT_KINDS
from .yamlnodes import NodeReader, did_you_mean, read_yaml

# The strings filled in by the code, and the placeholders each may use.
PLACEHOLDERS = {
    "after": ("date",),
    "earlier_events": ("count",),
    "changes.title": ("date",),
    "ended": ("period",),
    "citation.covers": ("period",),
    "changes.more": ("count",),
    "figures.timeline_alt": ("count", "first", "last", "items"),
    "figures.activity_alt": ("items",),
    "figures.caption": ("number", "title"),
    "figures.numbered": ("number", "description"),
    "figures.uncounted": ("items",),
}
# Keys the code reads (the fields templates name are checked by `check` against
# the view), besides documents.<kind> for each kind of document (kinds.py).
REQUIRED = (("after", "undated", "comma", "semicolon", "colon", "draft", "figures.timeline", "figures.activity",
             "figures.open_date", "figures.number_1", "figures.number_2", "changes.added", "changes.changed")
            + tuple(PLACEHOLDERS)
            + tuple(f"kinds.{k}" for k in EVENT_KINDS)
            + tuple(f"classification.{c}" for c in CLASSIFICATIONS)
            + tuple(f"languages.{lang}" for lang in REQUIRED_LANGUAGES))


def load_strings(path: Path, shown_as: str = "templates/strings.yaml", kinds: tuple[str, ...] = ()) -> dict:
    """{language: {key: text or mapping}}, or ValidationFailed with every problem.
    `kinds`: the kinds of document (templates/documents.yaml), each of which needs its label.
    Arabic and English are required; another language of the table
    (record/languages.py) is optional, and complete when given."""
    problems: list[Problem] = []
    root = read_yaml(path, shown_as, problems)
    reader = NodeReader(shown_as, problems)
    table, nodes = {}, {}
    if root is not None:
        fields = reader.mapping(root, "")
        if fields is not None:
            for lang in LANGUAGES:
                if lang in REQUIRED_LANGUAGES or fields.has(lang):
                    table[lang] = fields.get(lang, lambda node, where: read_table(reader, node, where, nodes), {})
            fields.finish()
    if not problems:
        check_keys(reader, root, table, nodes, REQUIRED + tuple(f"documents.{kind}" for kind in kinds))
        check_placeholders(reader, table, nodes)
    if problems:
        raise ValidationFailed(problems)
    return table


def read_table(reader: NodeReader, node: yaml.Node, path: str, nodes: dict) -> dict:
    """A mapping whose values are texts or further mappings; `nodes` remembers
    where each key path was written."""
    nodes[path] = node
    fields = reader.mapping(node, path)
    if fields is None:
        return {}
    table = {}
    for key in list(fields.fields):
        value_node = fields.node_of(key)
        child = fields.child(key)
        if isinstance(value_node, yaml.MappingNode):
            table[key] = fields.get(key, lambda n, p: read_table(reader, n, p, nodes))
        else:
            nodes[child] = value_node
            value = fields.get(key, lambda n, p: reader.scalar(n, p, "text"))   # kept as written: ", " has its space
            if value is not None:
                table[key] = value
    return table


def check_keys(reader: NodeReader, root, table: dict, nodes: dict, required: tuple[str, ...]) -> None:
    first = REQUIRED_LANGUAGES[0]
    reference = set(key_paths(table[first]))
    for key in required:
        if key not in reference:
            parent = key.rpartition(".")[0]
            where = nodes.get(f"{first}.{parent}" if parent else first, root)
            reader.fail(where, f"{first}.{key}", "missing: the documents print this string")
    for lang in [lang for lang in table if lang != first]:
        keys = set(key_paths(table[lang]))
        for key in sorted(reference - keys):
            parent = key.rpartition(".")[0]
            where = nodes.get(f"{lang}.{parent}" if parent else lang, root)
            reader.fail(where, f"{lang}.{key}", f"missing in this language (written in {first})")
        for key in sorted(keys - reference):
            reader.fail(nodes[f"{lang}.{key}"], f"{lang}.{key}", f"not in {first}: unknown key"
                        f"{did_you_mean(key, reference)}")


def check_placeholders(reader: NodeReader, table: dict, nodes: dict) -> None:
    for lang in table:
        for key, allowed in PLACEHOLDERS.items():
            text = lookup(table[lang], key)
            if isinstance(text, str):
                problem = placeholder_problem(text, allowed)
                if problem:
                    reader.fail(nodes[f"{lang}.{key}"], f"{lang}.{key}", problem)


def placeholder_problem(text: str, allowed: tuple[str, ...]) -> Optional[str]:
    """Why `text` cannot be filled with `allowed` names, or None."""
    expected = ", ".join("{" + name + "}" for name in allowed)
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError as err:
        return f"{err} (write a literal brace as {{{{ or }}}}; this string may use {expected})"
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return f"placeholder {shown} is not allowed; this string may use {expected}, by name only"
    return None


def fill(text: str, **values) -> str:
    """A string with its {name} placeholders replaced by values. Only plain
    names are filled (no attributes, indexes, conversions or formats: `check`
    refuses them); anything else is left as written."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return text
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is not None:
            if name in values and not spec and not conversion:
                out.append(str(values[name]))
            else:
                out.append("{" + name + "}")
    return "".join(out)


def lookup(table: dict, key: str):
    for part in key.split("."):
        if not isinstance(table, dict) or part not in table:
            return None
        table = table[part]
    return table


def key_paths(table, prefix: str = ""):
    if isinstance(table, dict):
        for key, value in table.items():
            yield from key_paths(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix
