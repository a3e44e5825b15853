"""The placeholder texts `new-relation` writes (briefgen/scaffold.py): they pass
validation, so a scaffolded record builds at once, and the editorial lint names
each one still there (warning code `placeholder`)."""
from __future__ import annotations

PLACEHOLDERS = {
    "summary": {"ar": "ملخص العلاقة، يكتب هنا.", "en": "The summary of the relationship, written here."},
    "areas": {"ar": "مجال من مجالات التعاون.", "en": "An area of cooperation."},
    # `draft` (briefgen/draft/): a citation whose page does not name its publisher.
    "publisher": {"ar": "الناشر، يكتب هنا.", "en": "The publisher, written here."},
}
# `draft` writes a text the page gives in one language as this mark and the
# original in the other (briefgen/draft/write.py); the lint names each one left.
TO_TRANSLATE = {"ar": "[للترجمة] ", "en": "[to translate] "}
PLACEHOLDER_TEXTS = frozenset(text for texts in PLACEHOLDERS.values() for text in texts.values())
