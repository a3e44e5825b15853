"""Stage 6, the long-lived commands: serve (live preview), watch and schedule.

    watch.py (file notifications) -> preview.py (rebuild in warm workers) ->
    state.py -> server.py and pages.py (web pages, Server-Sent Events) with the
    pages as printed (images.py); schedule.py runs builds on a timetable.
"""
