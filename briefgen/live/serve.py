"""Live preview: `generate.py serve`.

    watch (live/watch.py) -> rebuild in warm workers (preview.py) -> state
    (state.py) -> web pages and Server-Sent Events (server.py, pages.py) with
    the pages as printed (images.py)

The preview renders into reports/ through the normal incremental build, so it
keeps the build's guarantees (the lock on reports/, atomic writes, nothing
lost on an invalid edit) and writes nothing anywhere else: page images are
kept in memory, made as soon as an open document's PDF is written (only the
pages whose pixels changed), the others' on request.
"""
from __future__ import annotations

import datetime as dt
import signal
from typing import Callable, Optional

from ..paths import Project
from .images import PageImages
from .preview import Rebuilder
from .server import PreviewServer, is_loopback
from .state import PreviewState


def serve(project: Project, selection, issued: Optional[dt.date], workers: int, host: str, port: int,
          progress: Callable = lambda i, n, o: None, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    state, images = PreviewState(), PageImages()
    loopback = is_loopback(host)
    server = PreviewServer((host, port), project, state, loopback_only=loopback, images=images)
    rebuilder = Rebuilder(project, selection, issued, workers, state, progress=progress, echo=echo, images=images)
    shown_host = f"[{host}]" if ":" in host else host
    echo(f"serving http://{shown_host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    if not loopback:
        echo(f"warning: listening on {host}: anyone who can reach this machine sees every audience's documents")
    signal.signal(signal.SIGTERM, _interrupt)
    rebuilder.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.stopping.set()
        rebuilder.close()
        server.server_close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
