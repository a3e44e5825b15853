"""Stage 3, rendering: a view made into HTML (Jinja2, sandboxed, confined to
the template folders) and laid out by WeasyPrint.

engine (the Renderer; rebuild/job.py runs it for one document) · checks (templates and fonts, before any document) · fonts · kashida ·
overflow (text past the margins) · tagging (PDF/UA structure).
"""
