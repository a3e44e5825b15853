"""The words templates print (templates/strings.yaml), checked for both languages."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Location, Problem, ValidationFailed
from .model import LANGUAGES


def load_strings(path: Path, shown_as: str = "templates/strings.yaml") -> dict:
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ValidationFailed([Problem(Location(shown_as), f"cannot read the template strings: {err}")])
    problems = [Problem(Location(shown_as, path=lang), "language is missing")
                for lang in LANGUAGES if not isinstance(table, dict) or lang not in table]
    if not problems:
        reference = set(key_paths(table[LANGUAGES[0]]))
        for lang in LANGUAGES[1:]:
            keys = set(key_paths(table[lang]))
            for key in sorted(reference - keys):
                problems.append(Problem(Location(shown_as, path=f"{lang}.{key}"), "missing in this language"))
            for key in sorted(keys - reference):
                problems.append(Problem(Location(shown_as, path=f"{lang}.{key}"),
                                        f"not in {LANGUAGES[0]}: unknown key"))
    if problems:
        raise ValidationFailed(problems)
    return table


def key_paths(table, prefix: str = ""):
    if isinstance(table, dict):
        for key, value in table.items():
            yield from key_paths(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix
