"""`serve`'s side-by-side view of a draft (/draft/<relation>): the page's text as
`draft` read it (data/drafts/<relation>.source.txt) with each sentence that
yielded an unconfirmed item highlighted, beside the list of those items and
the field each is at. Confirming stays an edit of the YAML (remove the
item's `draft: true`); the view follows it on the next load.

Only items still marked `draft: true` and public are listed: the preview's
pages are the analyst's, but a drafted record is the project's like any other,
and what an analyst classified after drafting is not shown here. Files are read
with the record's own guards (paths.read_confined); everything is escaped."""
from __future__ import annotations

from html import escape
from typing import Optional

from ..draft.language import language_of
from ..errors import Problem
from ..paths import Project, ReadRefused, read_confined
from ..record.load import load_entities, load_relationship
from ..record.model import Relationship

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
<p>{count} item(s) to confirm: check each against its sentence, then remove its <code>draft: true</code> in {file}.</p>
<div class="draft-view"><pre>{text}</pre><ol>{items}</ol></div>
</body></html>
"""


def draft_view(project: Project, relation: str) -> Optional[str]:
    """The page, or None when there is no such record or no text it was drafted from."""
    data = (project.root / "data").resolve()
    record_file = project.data / "relations" / f"{relation}.yaml"
    try:
        text = read_confined(project.root / "data" / "drafts" / f"{relation}.source.txt", data).decode("utf-8")
    except (ReadRefused, OSError, UnicodeDecodeError):
        return None
    record = read_record(project, record_file)
    if record is None:
        return None
    items = [(index, event) for index, event in enumerate(record.events)
             if event.draft and event.classification == "public" and event.source_span is not None
             and 0 <= event.source_span.start <= event.source_span.end <= len(text)]
    lang = language_of(text) if text.strip() else "en"
    return PAGE.format(lang=lang, dir="rtl" if lang == "ar" else "ltr", title=escape(record.title.get(lang)),
                       count=len(items), file=escape(project.shown(record_file)),
                       text=highlighted(text, [(i, e.source_span.start, e.source_span.end) for i, e in items]),
                       items="".join(item_html(index, event) for index, event in items))


def read_record(project: Project, path) -> Optional[Relationship]:
    problems: list[Problem] = []
    entities, _ = load_entities(project.entity_files(), problems, project.root)
    if problems or not path.is_file():
        return None
    return load_relationship(path, project.data, entities, None, problems, None, project.root)


def highlighted(text: str, spans: list[tuple[int, int, int]]) -> str:
    """The text escaped, each span in a <mark id="s<index>"> (overlaps: the first wins)."""
    out, at = [], 0
    for index, start, end in sorted(spans, key=lambda s: s[1]):
        if start < at:
            continue
        out += [escape(text[at:start]), f'<mark id="s{index}">', escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def item_html(index: int, event) -> str:
    when = event.date.iso() if event.date else f"after {event.after}"
    place = f" · {escape(event.place)}" if event.place else ""
    return (f'<li><a href="#s{index}">{escape(event.kind)} · {escape(when)}{place}</a><br>'
            f'{escape(event.title.ar)} / {escape(event.title.en)}<br>'
            f'<span class="where">events[{index}] ({escape(event.id)})</span></li>')
