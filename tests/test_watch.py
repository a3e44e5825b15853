"""The watcher (briefgen/live/watch.py) hands a save over as soon as the
kernel says the file is whole (closed after writing, renamed into place), and
waits for the settle otherwise: a file renamed away to be written anew, an
editor's temporary file closed before it is renamed over the record. Real
files, real inotify events; a settle long enough to tell the two apart."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from briefgen.live.watch import FileWatcher

SETTLE = 2.0        # long, so that a batch handed over at once is plainly not the settle's
AT_ONCE = 1.0       # handed over within this: without the settle
PAUSE = 0.4         # an editor's pause between two steps of one save (an fsync on a slow disk)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "data").mkdir()
    record = tmp_path / "data" / "record.yaml"
    record.write_text("summary: one\n", encoding="utf-8")
    return tmp_path / "data"


def timed_batch(watcher: FileWatcher, folder: Path, save) -> tuple[list[str], float, str]:
    """The batch of `save` (run on a thread), the seconds from the save's start
    until it was handed over, and the record's text at that moment."""
    started = time.monotonic()
    threading.Thread(target=save, daemon=True).start()
    batch = watcher.next_batch(timeout=10)
    seconds = time.monotonic() - started
    record = folder / "record.yaml"
    return [Path(p).name for p in batch or []], seconds, record.read_text(encoding="utf-8") if record.exists() else None


@pytest.fixture
def watcher(folder):
    with FileWatcher([folder], settle=SETTLE) as watching:
        time.sleep(0.2)     # inotify's watches in place
        yield watching


def test_a_plain_write_is_handed_over_without_the_settle(watcher, folder):
    save = lambda: (folder / "record.yaml").write_text("summary: two\n", encoding="utf-8")
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert batch == ["record.yaml"] and text == "summary: two\n"
    assert seconds < AT_ONCE, f"{seconds:.2f} s: the batch waited for the settle"


@pytest.mark.skipif(shutil.which("sed") is None, reason="no sed")
def test_sed_in_place_is_handed_over_without_the_settle(watcher, folder):
    """sed -i writes a temporary file sedXXXXXX and renames it over the record."""
    save = lambda: subprocess.run(["sed", "-i", "s/one/three/", str(folder / "record.yaml")], check=True)
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert "record.yaml" in batch and text == "summary: three\n"
    assert seconds < AT_ONCE, f"{seconds:.2f} s: the batch waited for the settle"


def test_a_file_renamed_away_is_awaited_until_it_is_written_again(watcher, folder):
    """vim's backup rename: the record renamed to record.yaml~, then written
    anew. Handing the batch over after the rename would build without the record."""
    record = folder / "record.yaml"

    def save():
        os.rename(record, folder / "record.yaml~")
        time.sleep(PAUSE)
        record.write_text("summary: four\n", encoding="utf-8")
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert batch == ["record.yaml"] and text == "summary: four\n"
    assert PAUSE <= seconds < PAUSE + AT_ONCE


def test_a_temporary_file_closed_does_not_end_the_save(watcher, folder):
    """An atomic save: a temporary file (no suffix of a project's files)
    written, closed, and renamed over the record after a pause. Its close is
    not the save's end: one batch, with the record in it."""
    temporary = folder / "tmp8f3kq2"

    def save():
        temporary.write_text("summary: five\n", encoding="utf-8")
        time.sleep(PAUSE)
        os.replace(temporary, folder / "record.yaml")
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert "record.yaml" in batch and text == "summary: five\n"
    assert PAUSE <= seconds < PAUSE + AT_ONCE


def test_a_file_still_being_written_waits_for_the_settle(watcher, folder):
    """Written, not closed: nothing says the save is over; the settle decides."""
    with open(folder / "record.yaml", "a", encoding="utf-8") as out:
        started = time.monotonic()
        out.write("more: text\n")
        out.flush()
        batch = watcher.next_batch(timeout=10)
        seconds = time.monotonic() - started
    assert [Path(p).name for p in batch] == ["record.yaml"]
    assert seconds >= SETTLE * 0.9


def test_a_save_of_two_files_waits_for_the_one_renamed_away(watcher, folder):
    """Two files saved at once (an editor's "save all"): the template written
    whole, then the record renamed away to be written anew. The template's
    close does not end the batch while the record is gone."""
    record = folder / "record.yaml"
    (folder / "page.html").write_text("<p>one</p>", encoding="utf-8")
    os.rename(record, folder / "record.yaml~")
    time.sleep(0.3)     # both saves' events are waiting when the batch is read

    def save():
        time.sleep(PAUSE)
        record.write_text("summary: six\n", encoding="utf-8")
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert batch == ["page.html", "record.yaml"] and text == "summary: six\n"
    assert PAUSE <= seconds < PAUSE + AT_ONCE


@pytest.mark.skipif(shutil.which("vim") is None, reason="no vim")
def test_vim_is_handed_over_without_the_settle(watcher, folder):
    """vim's `:wq` (it writes the file in place; its swap file is hidden and ignored)."""
    save = lambda: subprocess.run(["vim", "-Es", "-u", "NONE", "-N", "-c", "s/one/seven/", "-c", "wq",
                                   str(folder / "record.yaml")], check=True, stdin=subprocess.DEVNULL)
    batch, seconds, text = timed_batch(watcher, folder, save)
    assert batch == ["record.yaml"] and text == "summary: seven\n"
    assert seconds < AT_ONCE, f"{seconds:.2f} s: the batch waited for the settle"
