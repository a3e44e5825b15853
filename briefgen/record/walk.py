"""The one walk over a record's dataclasses: every value of a kind inside it,
with its field path as written in YAML (events[3].title.ar)."""
from __future__ import annotations

import dataclasses
from typing import Iterator

from .model import Text


def walk(value, path: str = "", leaf: type = str) -> Iterator[tuple[str, object]]:
    """(field path, value) for every `leaf` inside `value` (dataclasses, lists,
    tuples, dicts), not looking inside a leaf."""
    if isinstance(value, leaf):
        yield path, value
    elif isinstance(value, Text):     # its languages as written: title.ar, title.fr
        yield from walk({**value.wordings, "classification": value.classification}, path, leaf)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), f"{path}.{field.name}" if path else field.name, leaf)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]", leaf)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}" if path else str(key), leaf)


def texts_of(value, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a record, with its field path."""
    return walk(value, path, str)
