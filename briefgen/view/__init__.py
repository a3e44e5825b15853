"""Stage 2, the view: what one audience may see of a relationship, in one
language, as the plain data a template receives.

clearance (remove what the audience is not cleared for) · select (the view) ·
localize and inline (digits, dates, direction, isolated runs) · charts and
placement (figures) · textwidth (label widths, from the fonts) · schema (what
templates may read) · lint (editorial warnings on the record and its views).
"""
