"""The largest record a build is made for (README: "Limits"); `check` refuses more.

Measured with bench/limits.py: a record at every maximum at once builds all
its documents with each worker within the memory docs/reference.md gives; without
limits a 10,000-event record passed `check` and ran for minutes at 1.4 GB a
worker.
"""
MAX_EVENTS = 150              # events in one relationship
MAX_ITEMS = 100               # items in any other list (paragraphs, sources, frameworks, participants, ...)
MAX_TITLE_CHARS = 200         # a title, name or short name, in each language
MAX_TEXT_CHARS = 1_500        # any other single text (a paragraph, a description), in each language
MAX_RECORD_CHARS = 60_000     # all the text of one relationship, in each language
MAX_YEARS_SPANNED = 150       # from the earliest to the latest event of the chronology
MAX_PAGES = 80                # pages of one document (enforced when rendering)
MAX_LOGO_BYTES = 2_000_000    # an audience's logo: an 18 MB SVG took 135 s and 1.5 GB for one document

TITLE_FIELDS = ("title", "name", "short")
