"""The document: what one audience may see of a relationship, in one
language, made into HTML and then PDF.

clearance (remove what the audience is not cleared for) · select (the view a
template sees) · localize (digits, dates, direction) · charts (figures) ·
render (Jinja2 + WeasyPrint) · fonts (the bundled fonts only).
"""
