"""Stage 4, outputs: what a rendered document becomes on disk, and the last
look at it before it may be written.

writers (what a writer is: one format's bytes, the files beside them) · pdf
(the PDF writer) · formats (the writers by name) · withheld (the leak guard:
no text above the audience's clearance in any surface of a file) · thumbnails
(the first page, for the indexes).
"""
