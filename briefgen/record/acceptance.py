"""Editorial warnings by code, and accepting one with a reason.

Every warning `check` (and a build) prints has a stable code. A relationship
file or an audience profile may accept one, saying why, so that
`check --strict` can gate publication without editing the shipped profiles:

    accept:
      - warning: missing-source
        field: events[3]            # optional: this field and below only
        reason: "The ministry's notice is not public yet."
      - warning: empty-section
        section: hosted             # optional: this section or part only
        reason: "Nothing hosted yet."

A record's text warnings are accepted in its own file; a document's
(empty-section, small-fit) in the relationship file (every audience) or in
the audience's profile (every relationship).
"""
from __future__ import annotations

from typing import Optional

from .model import Accept
from .yamlnodes import NodeReader, did_you_mean

# code -> what it warns about; these about a record's text ...
RECORD_WARNINGS = {
    "repeated-sentence": "a sentence that repeats an earlier one",
    "missing-source": "an event, framework or programme that cites no source",
    "latin-punctuation": "Latin , ; ? or ASCII quotes in Arabic text",
    "mixed-digits": "Western and Arabic-Indic digits in one text",
    "translation-length": "one language much shorter than the other",
    "placeholder": "a text or address still as new-relation wrote it, or only dots",
    "missing-translation": "a text a document shows, not written in its language (English is printed)",
    "ended-period": "a sentence that says a period over by today still holds (\"currently\", \"حاليا\")",
    "draft": "an item `draft` wrote from a source page, not yet confirmed (remove its `draft: true`)",
}
# ... and these about a document.
DOCUMENT_WARNINGS = {
    "empty-section": "a section or part the audience's documents leave out, having nothing to show",
    "small-fit": "a one-page document set below 9 pt to fit",
    "selected-events": "a one-page document that lists only the most recent events, the rest being too many",
}
WARNINGS = {**RECORD_WARNINGS, **DOCUMENT_WARNINGS}


def read_accepts(reader: NodeReader, node, path: str, in_profile: bool = False) -> tuple[Accept, ...]:
    """`accept:`, a list of {warning, reason, field or section}; in a profile
    only the warnings about documents."""
    return reader.list_of(lambda n, p: read_accept(reader, n, p, in_profile))(node, path)


def read_accept(reader: NodeReader, node, path: str, in_profile: bool) -> Optional[Accept]:
    fields = reader.mapping(node, path)
    if fields is None:
        return None
    code = fields.get("warning", lambda n, p: warning_code(reader, n, p, in_profile))
    if not fields.has("reason"):
        reader.fail(node, f"{path}.reason", "required field is missing: say why this warning is accepted "
                                            "(reason: \"…\")")
    reason = fields.optional("reason", reader.string)
    field = fields.optional("field", reader.string)
    section = fields.optional("section", reader.string)
    if field is not None and code in DOCUMENT_WARNINGS:
        reader.fail(fields.node_of("field"), f"{path}.field", f"{code} is about a document: narrow it with "
                                                              f"`section:`, not `field:`")
    if section is not None and code != "empty-section":
        reader.fail(fields.node_of("section"), f"{path}.section", "only empty-section can be narrowed to a "
                                                                  "section; use `field:` for a record's warnings")
    fields.finish()
    if code is None or reason is None:
        return None
    return Accept(code, reason, field, section)


def warning_code(reader: NodeReader, node, path: str, in_profile: bool) -> Optional[str]:
    value = reader.scalar(node, path, "a warning code")
    if value is None:
        return None
    known = DOCUMENT_WARNINGS if in_profile else WARNINGS
    if value in RECORD_WARNINGS and in_profile:
        reader.fail(node, path, f"{value} is about a relationship's text: accept it in the relationship file")
        return None
    if value not in known:
        reader.fail(node, path, f"unknown warning {value!r}{did_you_mean(value, known)}; "
                                f"expected one of {', '.join(known)}")
        return None
    return value


def accepted(accepts: tuple[Accept, ...], code: str, subject: str = "") -> bool:
    """Whether a warning (its code; the field path or section it is about) is
    accepted by one of `accepts`."""
    return any(a.warning == code and covers(a, subject) for a in accepts)


def covers(accept: Accept, subject: str) -> bool:
    if accept.section is not None:
        return subject == accept.section
    if accept.field is not None:
        return subject == accept.field or subject.startswith((accept.field + ".", accept.field + "["))
    return True
