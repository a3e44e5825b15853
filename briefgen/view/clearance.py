"""Remove from a record everything above an audience's clearance, before templating.

Every item (event, framework, programme, source, note, and any single text)
may carry a classification; absent means public. `redact()` returns a copy of
the relationship holding only what the clearance allows, so no template can
print the rest. `highest_classification()` gives the document's overall marking.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

from ..record.model import CLASSIFICATIONS, Relationship, rank

# Fields without which an item means nothing: if one is removed, so is the item.
ESSENTIAL = {"title", "name", "text", "publisher"}
# Lists that must stay whole: a table row without one of its cells would shift
# the rest into the wrong columns, a table without one of its headers likewise.
WHOLE = {"cells", "columns"}


@lru_cache(maxsize=256)
def cleared(relationship: Relationship, clearance: str) -> tuple[Relationship, str]:
    """The redacted relationship and its overall marking, memoised for the few
    clearances a build uses (once per relationship and clearance, not per
    document). Keyed by the record's value (it is frozen, so hashable): a record
    read again gives the same answer, an edited one a new one."""
    kept = redact(relationship, clearance)
    return kept, highest_classification(kept)


def cleared_title(relationship: Relationship, clearance: str):
    """The relationship's title as `cleared` leaves it, without redacting the
    rest: what the indexes name a document by (rebuild/build.py plan), for a
    build that may compute no view at all (a no-op rebuild)."""
    return _filter(relationship.title, rank(clearance))


def redact(relationship: Relationship, clearance: str) -> Relationship:
    return _drop_dangling_references(_filter(relationship, rank(clearance)))


def removes(value: Any, allowed: int) -> bool:
    """Whether clearance at rank `allowed` removes this part whole (the leak guard asks)."""
    return _filter(value, allowed) is None


def _filter(value: Any, allowed: int) -> Any:
    """The value with every part above `allowed` removed; None if the value itself goes."""
    if dataclasses.is_dataclass(value):
        # An internal note (a research note) is for no audience, whatever its level:
        # removed here, it is also what the leak guard looks for in every document.
        if rank(getattr(value, "classification", "public")) > allowed or getattr(value, "internal", False):
            return None
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _filter(old, allowed)
            if new is None and old is not None:
                if field.name in ESSENTIAL:
                    return None
            if field.name in WHOLE and len(new) != len(old):
                return None
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_filter(item, allowed) for item in value)
        return tuple(item for item in items if item is not None)
    return value


def _drop_dangling_references(relationship: Relationship) -> Relationship:
    """Ids that pointed at removed items: programme editions lose them, and an
    event known only as `after` a removed one loses that anchor too."""
    events = {e.id for e in relationship.events}
    sources = {s.id for s in relationship.sources}
    fix_sources = lambda item: dataclasses.replace(item, sources=tuple(s for s in item.sources if s in sources))
    fix_note = lambda note: fix_sources(dataclasses.replace(note, events=tuple(e for e in note.events if e in events)))
    return dataclasses.replace(
        relationship,
        events=tuple(fix_sources(dataclasses.replace(e, after=e.after if e.after in events else None))
                     for e in relationship.events),
        frameworks=tuple(fix_sources(f) for f in relationship.frameworks),
        programmes=tuple(fix_sources(dataclasses.replace(p, editions=tuple(x for x in p.editions if x in events)))
                         for p in relationship.programmes),
        talking_points=tuple(fix_note(n) for n in relationship.talking_points),
        notes=tuple(fix_note(n) for n in relationship.notes),
    )


def highest_classification(value: Any) -> str:
    """The highest classification anywhere in the value (public when none)."""
    levels = [0]
    _collect(value, levels)
    return CLASSIFICATIONS[max(levels)]


def _collect(value: Any, levels: list[int]) -> None:
    if dataclasses.is_dataclass(value):
        levels.append(rank(getattr(value, "classification", "public")))
        for field in dataclasses.fields(value):
            _collect(getattr(value, field.name), levels)
    elif isinstance(value, tuple):
        for item in value:
            _collect(item, levels)
