"""What changed since the last issue: the items of two views of one document
compared, and the box a document prints about them ("New since the last
issue (29 November 2026)").

Both views are cleared views (select.document_view): the earlier one as the
build stored it (rebuild/issues.py), the current one as just made. Nothing
here reads the record, so a document can only ever name items its audience
was shown. An item is an event of the chronology or a section of the
record's own, by id; it has changed when what it prints has, not when only
its derived parts have (its source numbers, its place on a timeline).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..record.model import PartialDate
from ..record.words import fill
from .digest import digest_of
from .localize import Localizer

# What an event prints, of its view (select.ViewBuilder.event): a change to any
# of these is a change to the item. Cites, years and positions follow from them.
EVENT_CONTENT = ("kind", "when", "title", "description", "place", "decided_by", "period",
                 "participants", "highlights", "hosted")
# Parts of a view that are not the record's content: they are left out of the
# stored view (the words of the templates, drawings made from the chronology,
# the box itself, which would otherwise report on the issue before the last).
NOT_STORED = ("words", "figures", "changes")
# The box lists at most this many items (it shares the first page with the
# title and the contents); the rest are counted in its last line, and marked
# where they are printed (the chronology).
BOX_ENTRIES = 6


@dataclass(frozen=True)
class Item:
    id: str
    title: str        # as the issue printed it (plain text)
    digest: str       # of what it printed


@dataclass(frozen=True)
class Changes:
    added: tuple[Item, ...] = ()
    changed: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def as_json(self) -> dict:
        return {how: [{"id": item.id, "title": item.title} for item in getattr(self, how)]
                for how in ("added", "changed", "removed")}


def stored_view(view: dict) -> dict:
    """The part of a view that is kept as its issue: all the cleared content."""
    return {name: value for name, value in view.items() if name not in NOT_STORED}


def items_of(view: dict) -> dict[str, Item]:
    """id -> Item, in the order the document prints them. `view` is a view as
    made, or as read back from its stored JSON (malformed parts are skipped)."""
    items = {}
    for event in listed(view.get("chronology")):
        if isinstance(event.get("id"), str):
            content = {name: event.get(name) for name in EVENT_CONTENT}
            items[event["id"]] = Item(event["id"], plain(event.get("title")), digest_of(content))
    custom = view.get("custom")
    for section_id, section in (custom.items() if isinstance(custom, dict) else ()):
        if isinstance(section, dict):
            items[f"section:{section_id}"] = Item(f"section:{section_id}", plain(section.get("title")),
                                                  digest_of(section))
    return items


def listed(value) -> list[dict]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def plain(text) -> str:
    """A printed field as plain text (the view's fields are HTML)."""
    return Markup(text).striptags() if isinstance(text, str) else ""


def compare(earlier: dict, current: dict) -> Changes:
    """What `current` adds, changes and removes against `earlier` (views)."""
    before, now = items_of(earlier), items_of(current)
    return Changes(added=tuple(item for id, item in now.items() if id not in before),
                   changed=tuple(item for id, item in now.items() if id in before and before[id].digest != item.digest),
                   removed=tuple(item for id, item in before.items() if id not in now))


def with_changes(view: dict, earlier: dict, since: dt.date) -> dict:
    """The view with its box, doc.changes, when items were added or changed
    since the issue of `since` (`earlier`, its stored view); the view as it
    was when nothing was, so an unchanged document keeps its bytes."""
    changes = compare(earlier, view)
    shown = {item.id for item in changes.added + changes.changed}
    if not shown:
        return view
    words = view["words"]["changes"]
    loc = Localizer(view["lang"], view["digits"])
    date = loc.date(PartialDate(since.year, since.month, since.day))
    how = {item.id: "added" for item in changes.added} | {item.id: "changed" for item in changes.changed}
    titles = {event["id"]: event for event in view["chronology"]}
    items = [{"id": id, "how": how[id], "label": words[how[id]],
              "when": titles[id]["when"] if id in titles else None,
              "title": titles[id]["title"] if id in titles else custom_title(view, id)}
             for id in items_of(view) if id in shown]
    more = len(items) - BOX_ENTRIES if len(items) > BOX_ENTRIES + 1 else 0
    return {**view, "changes": {"title": loc.text(fill(words["title"], date=date)), "since": date,
                                "entries": items[:len(items) - more], "ids": [item["id"] for item in items],
                                "more": loc.text(fill(words["more"], count=str(more))) if more else None}}


def custom_title(view: dict, item_id: str):
    return view["custom"][item_id.removeprefix("section:")]["title"]
