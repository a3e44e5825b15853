"""reports/manifest.json as a snapshot plus an append-only journal: recording
a document costs the same at any corpus size, and nothing recorded is lost."""
import json

from briefgen.rebuild.manifest import Manifest


def entry(i: int, name: str = "") -> dict:
    """An entry; given its path, with the ids that path says (a disagreeing entry is malformed)."""
    relation, audience, file = name.split("/") if name else (f"r{i}", "press", "briefing.ar.pdf")
    doc, lang = file.split(".")[:2]
    return {"relation": relation, "audience": audience, "doc": doc, "lang": lang,
            "key": f"{i:064x}", "pages": 7, "status": "built", "inputs": {"templates": {}, "files": []}}


def test_recording_a_document_appends_a_line_whatever_the_corpus_size(tmp_path):
    manifest = Manifest(tmp_path / "manifest.json")
    for i in range(2400):
        manifest.put(f"r{i}/press/briefing.ar.pdf", entry(i))
    manifest.save()
    reopened = Manifest(tmp_path / "manifest.json")
    assert len(reopened.entries) == 2400
    size = reopened.journal.stat().st_size if reopened.journal.exists() else 0
    reopened.put("r0/press/briefing.ar.pdf", entry(0))
    grown = reopened.journal.stat().st_size - size
    snapshot = (tmp_path / "manifest.json").stat().st_size
    assert grown < 1000 < snapshot / 100, (grown, snapshot)   # one line, not the whole manifest again


def test_a_killed_build_keeps_every_recorded_document_and_ignores_a_torn_line(tmp_path):
    path = tmp_path / "manifest.json"
    first = Manifest(path)
    first.put("r/a/a.ar.pdf", entry(1, "r/a/a.ar.pdf"))
    first.save()                                  # the snapshot of an earlier build
    second = Manifest(path)
    second.put("r/a/b.ar.pdf", entry(2, "r/a/b.ar.pdf"))
    second.remove("r/a/a.ar.pdf")
    # killed here, without save(), in the middle of writing the next line
    with open(second.journal, "ab") as journal:
        journal.write(b'\n{"version": 1, "put": "r/a/c.ar.pdf", "ent')
    recovered = Manifest(path)
    assert set(recovered.entries) == {"r/a/b.ar.pdf"}
    recovered.put("r/a/d.ar.pdf", entry(4, "r/a/d.ar.pdf"))              # a torn line never swallows the next one
    assert set(Manifest(path).entries) == {"r/a/b.ar.pdf", "r/a/d.ar.pdf"}
    recovered.save()
    assert not recovered.journal.exists()
    assert set(json.loads(path.read_text())["outputs"]) == {"r/a/b.ar.pdf", "r/a/d.ar.pdf"}


def test_replaying_a_journal_over_its_own_snapshot_changes_nothing(tmp_path):
    """A kill between writing the snapshot and emptying the journal."""
    path = tmp_path / "manifest.json"
    manifest = Manifest(path)
    manifest.put("r/a/a.ar.pdf", entry(1, "r/a/a.ar.pdf"))
    manifest.put("r/a/a.ar.pdf", {**entry(1, "r/a/a.ar.pdf"), "pages": 9})
    manifest.put("r/a/b.ar.pdf", entry(2, "r/a/b.ar.pdf"))
    manifest.remove("r/a/b.ar.pdf")
    kept = manifest.journal.read_bytes()
    manifest.save()
    manifest.journal.write_bytes(kept)            # the journal survived the kill
    assert Manifest(path).entries == {"r/a/a.ar.pdf": {**entry(1, "r/a/a.ar.pdf"), "pages": 9}}


def test_a_damaged_manifest_or_journal_loses_only_what_is_malformed(tmp_path):
    """A snapshot that was a list, or an entry that was a number, raised
    AttributeError out of `build` (a traceback); now it is rebuilt."""
    path = tmp_path / "manifest.json"
    good = Manifest(path)
    good.put("r/a/a.ar.pdf", entry(1, "r/a/a.ar.pdf"))
    good.save()
    version = json.loads(path.read_text())["version"]
    path.write_text("[]")
    assert Manifest(path).entries == {}
    path.write_text(json.dumps({"version": version, "outputs": []}))
    assert Manifest(path).entries == {}
    path.write_text(json.dumps({"version": version, "outputs": {"r/a/a.ar.pdf": entry(1, "r/a/a.ar.pdf"), "r/a/b.ar.pdf": 5}}))
    damaged = Manifest(path)
    assert set(damaged.entries) == {"r/a/a.ar.pdf"}
    with open(damaged.journal, "ab") as journal:
        for change in ({"version": version, "put": "r/a/c.ar.pdf", "entry": 5},
                       {"version": version, "put": ["r/a/c.ar.pdf"], "entry": entry(3, "r/a/c.ar.pdf")}, [1], 7):
            journal.write(json.dumps(change).encode() + b"\n")
    assert set(Manifest(path).entries) == {"r/a/a.ar.pdf"}


def test_a_journal_line_naming_a_path_outside_reports_or_malformed_is_skipped_by_line(tmp_path):
    """Every name a build would delete or write beside is confined to reports/
    (links resolved), and every field has the type a build reads: a journal
    entry with `"audience": {"a": 1}` made every build end in `unhashable type`."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (reports / "linked").symlink_to(tmp_path / "elsewhere")
    lines = [{"version": 1, "put": "../data/relations/qatar-nato.yaml", "entry": {"relation": "gone"}},
             {"version": 1, "put": str(tmp_path / "elsewhere" / "x.pdf"), "entry": {"relation": "gone"}},
             {"version": 1, "put": "linked/press/x.pdf", "entry": {"relation": "gone"}},
             {"version": 1, "put": "r/press/a.ar.pdf", "entry": {**entry(1, "r/press/a.ar.pdf"), "audience": {"a": 1}}},
             {"version": 1, "put": "r/press/b.ar.pdf", "entry": {**entry(2, "r/press/b.ar.pdf"), "inputs": {"templates": [1]}}},
             {"version": 1, "remove": {"a": 1}},
             {"version": 1, "put": "r/press/c.ar.pdf", "entry": entry(3, "r/press/c.ar.pdf")}]
    (reports / "manifest.journal").write_text("\n" + "\n".join(json.dumps(line) for line in lines))
    manifest = Manifest(reports / "manifest.json")
    assert set(manifest.entries) == {"r/press/c.ar.pdf"}
    journal = str(reports / "manifest.journal")
    shown = [str(w) for w in manifest.warnings]
    assert [w.where.line for w in manifest.warnings] == [2, 3, 4, 5, 6, 7], shown
    assert all(w.where.file == journal for w in manifest.warnings), shown
    assert "'../data/relations/qatar-nato.yaml' is not a document's path under reports/" in shown[0]
    assert f"leads to {tmp_path / 'elsewhere' / 'press' / 'x.pdf'}, outside {reports}" in shown[2]
    assert shown[3] == f"{journal}:5:1: entry.audience: expected text, got an object; skipped"
    assert "entry.inputs: expected {templates:" in shown[4]
    assert "remove: expected a document's path, got an object" in shown[5]


def test_a_manifest_nothing_changed_in_is_not_written_again(tmp_path):
    """A no-op rebuild writes no snapshot; one with a change, a damaged
    entry or a journal to fold in does."""
    path = tmp_path / "manifest.json"
    first = Manifest(path)
    first.put("r/a/a.ar.pdf", entry(1, "r/a/a.ar.pdf"))
    first.save()
    written = path.stat().st_mtime_ns, path.stat().st_ino
    Manifest(path).save()
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == written
    changed = Manifest(path)
    changed.put("r/a/b.ar.pdf", entry(2, "r/a/b.ar.pdf"), durable=False)
    changed.save()
    assert path.stat().st_ino != written[1] and set(Manifest(path).entries) == {"r/a/a.ar.pdf", "r/a/b.ar.pdf"}
    data = json.loads(path.read_text())
    data["outputs"]["r/a/c.ar.pdf"] = ["not an entry"]
    path.write_text(json.dumps(data))
    damaged = path.stat().st_ino
    Manifest(path).save()       # the damaged entry is dropped from a new snapshot
    assert path.stat().st_ino != damaged and "r/a/c.ar.pdf" not in json.loads(path.read_text())["outputs"]


def test_a_snapshot_name_skipped_is_named_by_the_snapshots_own_field(tmp_path):
    # "put" is the journal's word; a hand-edited manifest.json has "outputs" (it said "put:").
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"version": 1, "outputs": {".drafts/../../outside/x.pdf": entry(1)}}, indent=1))
    [warning] = Manifest(path).warnings
    assert str(warning).startswith(f"{path}:4:1: outputs: '.drafts/../../outside/x.pdf' is not a document's path"), \
        str(warning)
