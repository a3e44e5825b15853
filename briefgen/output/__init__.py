"""Stage 4, outputs: what a rendered document becomes on disk, and the last
look at it before it may be written.

withheld (the leak guard: no text above the audience's clearance in any
surface of a file) · thumbnails (the first page, for the indexes).
"""
