"""Files we write: atomically, with ordinary permissions; set-up and fontconfig
that give the same answer every run."""
import errno
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefgen.rebuild import atomic
from briefgen.rebuild.atomic import write_atomically
from conftest import ISSUED, ROOT

OLD, NEW = b"the published file\n" * 5, b"%PDF-1.7 the new file\n" * 500


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "briefing.ar.pdf"
    target.write_bytes(OLD)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # EFBIG from write(), not death
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))    # a real write() that stops half way
    try:
        with pytest.raises(OSError) as failure:
            write_atomically(target, NEW, tmp_path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert failure.value.errno == errno.EFBIG
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_rename_that_fails_leaves_the_old_file_and_renames_only_a_complete_one(tmp_path, monkeypatch):
    target = tmp_path / "briefing.ar.pdf"
    target.write_bytes(OLD)
    synced, seen = [], []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))

    def failing_replace(source, destination):
        seen.append((Path(source).read_bytes(), Path(destination).read_bytes(), len(synced)))
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_atomically(target, NEW, tmp_path)
    # At the rename: the new file complete and on disk, the old one untouched.
    assert seen == [(NEW, OLD, 1)]
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []

    monkeypatch.setattr(atomic.os, "replace", real_replace)
    write_atomically(target, NEW, tmp_path)
    assert target.read_bytes() == NEW and leftovers(tmp_path) == []


def test_a_documents_files_are_flushed_to_disk_together_and_a_failure_still_raises(tmp_path, monkeypatch):
    """write_all (a document, its thumbnail, its issue: rebuild/build.py record):
    each file written atomically, their fsyncs at the same time rather than in
    turn (three fsyncs meeting at a barrier, which times out if they come one
    after the other); one that fails raises, and none is put in place: not
    the thumbnail of a document not published, nor its issue (what the next
    issue says is new since), nor a temporary left."""
    import threading
    files = {tmp_path / "a" / "briefing.ar.pdf": NEW, tmp_path / "a" / "thumbnails" / "briefing.ar.png": OLD,
             tmp_path / ".issues" / "2026-11-29.json": b"{}"}
    meeting, real_fsync = threading.Barrier(3, timeout=5), os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (meeting.wait(), real_fsync(fd)))
    atomic.write_all(files, tmp_path)
    assert {path: path.read_bytes() for path in files} == files
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    blocked = dict(files)
    (tmp_path / "b").write_bytes(b"a file where a folder should be")
    blocked[tmp_path / "b" / "briefing.ar.png"] = b"x"
    for path in files:
        path.unlink()
    with pytest.raises(OSError):
        atomic.write_all(blocked, tmp_path)
    assert [path for path in files if path.exists()] == []
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_ordinary_permissions_under_the_umask(tmp_path, umask, expected):
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.pdf", NEW, tmp_path)
    finally:
        os.umask(previous)
    assert mode_of(tmp_path / "new.pdf") == expected


def test_the_umask_is_read_without_being_changed_under_another_thread(monkeypatch):
    """write_all's threads each ask ordinary_mode for a new file's mode at
    once: reading the umask by setting it let one thread read the 022 another
    had set for a moment, give a 0644 file under an operator's 077, and leave
    the process at 022 (setting it back to what it read)."""
    import threading
    import time
    real_umask, meeting = os.umask, threading.Barrier(2, timeout=5)

    def slow_umask(mask):      # the moment between setting and setting back, made long
        previous = real_umask(mask)
        time.sleep(0.05)
        return previous
    monkeypatch.setattr(atomic.os, "umask", slow_umask)
    previous = real_umask(0o077)
    try:
        read = []
        threads = [threading.Thread(target=lambda: (meeting.wait(), read.append(atomic.current_umask())))
                   for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        left = real_umask(0o077)
    finally:
        real_umask(previous)
    assert read == [0o077, 0o077] and left == 0o077


def test_a_rewritten_file_keeps_the_permissions_it_was_given(tmp_path):
    target = tmp_path / "index.html"
    write_atomically(target, OLD, tmp_path)
    target.chmod(0o640)
    write_atomically(target, NEW, tmp_path)
    assert mode_of(target) == 0o640 and target.read_bytes() == NEW


def test_every_output_of_a_build_is_readable_like_an_ordinary_file(matrix):
    umask = os.umask(0)
    os.umask(umask)
    reports = matrix.parent
    outputs = [reports / "manifest.json", reports / "index.html", *reports.rglob("*.pdf"), *reports.rglob("*.png")]
    assert len(outputs) > 20
    assert {p.relative_to(reports).as_posix(): oct(mode_of(p)) for p in outputs if mode_of(p) != 0o666 & ~umask} == {}


# -- setup.sh ------------------------------------------------------------------

FAKE_LDCONFIG = """#!/bin/sh
echo "{count} libs found in cache '/etc/ld.so.cache'"
for lib in {libs}; do printf '\\t%s (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/%s\\n' "$lib" "$lib"; done
# A real cache is long: far more than a pipe holds once grep has stopped reading.
yes '	libfiller.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libfiller.so.0' | head -n 20000
"""
LIBRARIES = ["libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz.so.0", "libharfbuzz-subset.so.0",
             "libfontconfig.so.1"]


def fake_machine(tmp_path: Path, libraries: list[str]) -> tuple[Path, dict]:
    """A copy of setup.sh with its venv already made, and a PATH whose ldconfig,
    apt-get and sudo are fakes (apt-get records what it was asked for)."""
    project = tmp_path / "project"
    project.mkdir(parents=True)
    for name in ("setup.sh", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, project / name)
    (project / ".venv" / "bin").mkdir(parents=True)
    tools = tmp_path / "bin"
    tools.mkdir()
    scripts = {
        "ldconfig": FAKE_LDCONFIG.format(count=len(libraries), libs=" ".join(libraries)),
        "apt-get": f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n',
        "sudo": '#!/bin/sh\nexec "$@"\n',
        "pdftoppm": "#!/bin/sh\n",
    }
    for name, text in scripts.items():
        (tools / name).write_text(text)
        (tools / name).chmod(0o755)
    python = project / ".venv" / "bin" / "python"
    python.write_text("#!/bin/sh\n")       # pip install -q ... : nothing to do here
    python.chmod(0o755)
    return project, {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}"}


def apt_requests(tmp_path: Path) -> list[str]:
    log = tmp_path / "apt-get.log"
    return log.read_text().splitlines() if log.exists() else []


def test_setup_finds_present_libraries_every_run_and_asks_only_for_missing_ones(tmp_path):
    project, env = fake_machine(tmp_path, LIBRARIES)
    for _ in range(3):
        result = subprocess.run(["bash", "setup.sh"], cwd=project, env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
    assert apt_requests(tmp_path) == [], "setup.sh reported a present library as missing"

    project, env = fake_machine(tmp_path / "second", [lib for lib in LIBRARIES if "fontconfig" not in lib])
    result = subprocess.run(["bash", "setup.sh"], cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "installing system packages: libfontconfig1" in result.stderr
    assert apt_requests(tmp_path / "second")[-1].endswith("--no-install-recommends libfontconfig1")


# -- fontconfig ----------------------------------------------------------------

def can_run_as_nobody() -> bool:
    return os.getuid() == 0 and shutil.which("setpriv") is not None


@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run a build as a second user")
def test_a_second_user_building_the_same_checkout_gets_no_fontconfig_error(tmp_path):
    """Two people build one checkout (a shared /tmp): the second must not get
    'Fontconfig error: No writable cache directories' on stderr."""
    shared = Path(tempfile.mkdtemp(prefix="briefgen-shared-"))
    try:
        for part in ("briefgen", "templates", "data", "fonts"):
            shutil.copytree(ROOT / part, shared / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "generate.py", shared / "generate.py")
        shared.chmod(0o755)
        # The card: the cheapest document (any would do: fontconfig is set up before any).
        command = [sys.executable, "generate.py", "build", "--audience", "minister", "--doc", "card",
                   "--issued", ISSUED, "--workers", "1"]
        first = subprocess.run(command + ["--reports", str(shared / "reports-root")], cwd=shared,
                               capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr
        os.utime(shared / "fonts")            # fonts/ changed since: fontconfig must write its cache again
        theirs = shared / "reports-nobody"
        theirs.mkdir()
        os.chown(theirs, 65534, 65534)
        second = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command,
                                 "--reports", str(theirs)], cwd=shared, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        assert "Fontconfig" not in first.stderr + second.stderr, second.stderr
    finally:
        shutil.rmtree(shared, ignore_errors=True)
