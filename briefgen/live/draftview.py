"""`serve`'s side-by-side view of a draft (/draft/<relation>): the page's text as
`draft` read it (data/drafts/<relation>.source.txt) with each sentence that
yielded an unconfirmed item highlighted, beside the list of those items and
the field each is at. Confirming stays an edit of the YAML (remove the
item's `draft: true`); the view follows it on the next load.

Listed: whatever still marked `draft: true` keeps a document a draft
(view/select.py, shows_draft) — the record's own title, parties and summary, its
events, the drafted entities (data/entities.yaml) it names — so that "0 item(s)"
means the next build publishes. Only public items are shown: the preview's
pages are the analyst's, but a drafted record is the project's like any other,
and what an analyst classified after drafting is only counted here. Files are
read with the record's own guards (paths.read_confined); everything is escaped."""
from __future__ import annotations

from html import escape
from typing import Optional

from ..draft.language import language_of
from ..errors import Problem
from ..paths import Project, ReadRefused, read_confined
from ..record.load import load_entities, load_relationship
from ..record.model import Entity, Relationship

PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/_preview/preview.css">
<style>
.draft-view {{ display: grid; grid-template-columns: 3fr 2fr; gap: 1.5rem; margin: 1rem; }}
.draft-view pre {{ white-space: pre-wrap; font: 1rem/1.8 "Amiri", "Noto Naskh Arabic", serif; }}
.draft-view mark {{ background: #fde9a8; }}
.draft-view li {{ margin-bottom: 0.6rem; }}
.draft-view .where {{ color: #555; font-size: 0.85em; }}
</style></head>
<body><h1>{title}</h1>
<p>{count} item(s) to confirm: check each against its sentence, then remove its <code>draft: true</code> at the field under it.{hidden}</p>
<div class="draft-view"><pre>{text}</pre><ol>{items}</ol></div>
</body></html>
"""


def draft_view(project: Project, relation: str) -> Optional[str]:
    """The page, or None when there is no such record or no text it was drafted from."""
    # The record and its source text from one data folder: the one the build reads (--data, or data/).
    data = project.data.resolve()
    record_file = project.data / "relations" / f"{relation}.yaml"
    try:
        text = read_confined(project.data / "drafts" / f"{relation}.source.txt", data).decode("utf-8")
    except (ReadRefused, OSError, UnicodeDecodeError):
        return None
    record, entities = read_record(project, record_file)
    if record is None:
        return None
    events = [(index, event) for index, event in enumerate(record.events) if event.draft]
    shown = [(index, event) for index, event in events if event.classification == "public"]
    items = ([("record", record.source_span, record_item(record, project.shown(record_file)))] if record.draft else [])
    items += [(f"s{index}", event.source_span, event_item(index, event, project.shown(record_file)))
              for index, event in shown]
    entities_file = project.shown(project.root / "data" / "entities.yaml")     # where `draft` proposes them
    public_entities = drafted_entities(record, entities, public_only=True)
    items += [(None, None, entity_item(entity, entities_file)) for entity in public_entities]
    lang = page_language(text)
    # Classified: drafted events, and drafted entities only they name.
    hidden = len(events) - len(shown) + len(drafted_entities(record, entities, public_only=False)) - len(public_entities)
    return PAGE.format(lang=lang, dir="rtl" if lang == "ar" else "ltr", title=escape(record.title.get(lang)),
                       count=len(items) + hidden,
                       hidden=f" ({hidden} of them classified, not shown here.)" if hidden else "",
                       text=highlighted(text, [(anchor, span.start, span.end) for anchor, span, _ in items
                                               if span is not None and 0 <= span.start <= span.end <= len(text)]),
                       items="".join(html for _, _, html in items))


def page_language(text: str) -> str:
    """The page's language as `draft` read it; Arabic, the first language, for
    a text edited to hold no letter (language_of refuses it)."""
    try:
        return language_of(text) if text.strip() else "en"
    except ValueError:
        return "ar"


def drafted_entities(record: Relationship, entities: dict[str, Entity], public_only: bool) -> list[Entity]:
    """The drafted entities the record names: its parties, the places, hosts and
    deciders of its events (confirmed or not; public ones only, or all), each once."""
    named = [*record.parties, *(name for event in record.events
                                if event.classification == "public" or not public_only
                                for name in (event.place, event.hosted_by, event.decided_by))]
    return [record_entity for entity_id in dict.fromkeys(named)
            if (record_entity := entities.get(entity_id)) is not None and record_entity.draft]


def read_record(project: Project, path) -> tuple[Optional[Relationship], dict[str, Entity]]:
    """The record (None if unreadable) and every entity, the project's and the shipped."""
    problems: list[Problem] = []
    entities, _ = load_entities(project.entity_files(), problems, project.root)
    if problems or not path.is_file():
        return None, entities
    return load_relationship(path, project.data, entities, None, problems, None, project.root), entities


def highlighted(text: str, spans: list[tuple[str, int, int]]) -> str:
    """The text escaped, each span in a <mark id="<anchor>"> (overlaps: the first wins)."""
    out, at = [], 0
    for anchor, start, end in sorted(spans, key=lambda s: s[1]):
        if start < at:
            continue
        out += [escape(text[at:start]), f'<mark id="{anchor}">', escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def record_item(record: Relationship, file: str) -> str:
    return (f'<li><a href="#record">title · parties · summary</a><br>'
            f'{escape(record.title.ar)} / {escape(record.title.en)}<br>'
            f'<span class="where">{escape(file)}: draft</span></li>')


def event_item(index: int, event, file: str) -> str:
    when = event.date.iso() if event.date else f"after {event.after}"
    place = f" · {escape(event.place)}" if event.place else ""
    return (f'<li><a href="#s{index}">{escape(event.kind)} · {escape(when)}{place}</a><br>'
            f'{escape(event.title.ar)} / {escape(event.title.en)}<br>'
            f'<span class="where">{escape(file)}: events[{index}] ({escape(event.id)})</span></li>')


def entity_item(entity: Entity, file: str) -> str:
    return (f'<li>{escape(entity.kind)} · {escape(entity.id)}<br>'
            f'{escape(entity.name.ar)} / {escape(entity.name.en)}<br>'
            f'<span class="where">{escape(file)}: entities.{escape(entity.id)}</span></li>')
