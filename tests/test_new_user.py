"""What a new user tripped on, following the README with an installed tool and
a project folder of their own (issue 21): scaffolds that mislead, messages for
checkout users only, check and schedule disagreeing. In-process where that
proves the point; no PDF is rendered."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT, invoke


def in_project(project: Path, *args: str):
    return invoke("--project", str(project), *args)


def scaffold_relation(project: Path) -> Path:
    status, stderr, _ = in_project(project, "new-relation", "qatar-eu", "--parties", "qatar,nato")
    assert status == 0, stderr
    return project / "data" / "relations" / "qatar-eu.yaml"


def set_line(profile: Path, pattern: str, line: str) -> None:
    text, changed = re.subn(pattern, line, profile.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert changed == 1, pattern
    profile.write_text(text, encoding="utf-8")


def test_a_new_audience_does_not_inherit_a_marking_and_a_restricted_one_cannot_have_one(tmp_path):
    assert in_project(tmp_path, "new-audience", "embassy", "--from", "press")[0] == 0
    profile = tmp_path / "templates" / "audiences" / "embassy" / "audience.yaml"
    text = profile.read_text(encoding="utf-8")
    assert not re.search(r"^marking:", text, re.M), text
    assert "# marking: {ar: للنشر العام, en: For public release}   # " in text
    # The note is a YAML comment: uncommenting the line as written is valid, and public may word its own.
    set_line(profile, r"^# (marking: .*)$", r"\1")
    status, stderr, stdout = in_project(tmp_path, "check")
    assert status == 0 and stdout.startswith("ok:"), stderr
    # Restricted pages never say "for public release": a marking above public is an error, by line.
    set_line(profile, r"^clearance: public$", "clearance: restricted")
    status, stderr, _ = in_project(tmp_path, "check")
    line = next(i for i, l in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("marking"))
    assert status == 2
    assert f"templates/audiences/embassy/audience.yaml:{line}:10: marking: a profile's own marking" in stderr, stderr
    assert "cleared for restricted" in stderr and "Traceback" not in stderr


def test_check_strict_names_the_scaffolds_placeholders_and_says_it_failed(tmp_path):
    record = scaffold_relation(tmp_path)
    status, stderr, stdout = in_project(tmp_path, "check")
    assert status == 0 and stdout.startswith("ok: 1 relationship(s)"), stderr     # as the README promises
    status, stderr, stdout = in_project(tmp_path, "check", "--strict")
    assert status == 2 and "ok:" not in stdout, stdout
    shown = record.relative_to(tmp_path).as_posix()
    for field in ("summary[0].ar", "summary[0].en", "areas[0].ar", "areas[0].en"):
        assert re.search(rf"warning\[placeholder\]: {shown}:\d+:\d+: {re.escape(field)}: .* is a placeholder",
                         stderr), stderr
    assert "not ok (--strict): 4 editorial warning(s)" in stderr, stderr


def test_uncommenting_the_scaffolds_examples_as_written_is_valid(tmp_path):
    record = scaffold_relation(tmp_path)
    # What a user does: remove the "# " of the indented example lines.
    text, uncommented = re.subn(r"^(\s+)# ", r"\1", record.read_text(encoding="utf-8"), flags=re.M)
    assert uncommented > 10
    record.write_text(text, encoding="utf-8")
    status, stderr, stdout = in_project(tmp_path, "check")
    assert status == 0 and "YAML syntax" not in stderr, stderr
    # Its "..." and "https://..." are placeholders, which --strict will not let through.
    status, stderr, _ = in_project(tmp_path, "check", "--strict")
    assert status == 2
    for field in ("events[0].title.ar", "events[0].description.en", "sources[0].publisher.ar"):
        assert f": {field}: '...' is a placeholder" in stderr, stderr
    assert ": sources[0].url: 'https://...' is a placeholder" in stderr, stderr


def test_messages_name_the_command_as_it_was_typed_and_the_docs_where_they_are(tmp_path):
    def created(*command: str) -> str:
        result = subprocess.run([sys.executable, *command, "--project", str(tmp_path), "new-audience",
                                 f"a{len(list(tmp_path.rglob('audience.yaml')))}"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout
    installed = created("-m", "briefgen")
    assert "run `briefgen check`" in installed and "`briefgen schedule --list`" in installed, installed
    assert "generate.py" not in installed
    checkout = created(str(ROOT / "generate.py"))
    assert "run `generate.py check`" in checkout and "briefgen check" not in checkout, checkout
    record = scaffold_relation(tmp_path).read_text(encoding="utf-8")
    assert "docs/data-format.md" in record and "README" not in record
    assert "docs/rebuilding.md" in invoke("schedule", "--help")[2]


def test_without_a_schedule_check_says_so_and_schedule_says_how_to_make_one(tmp_path):
    status, stderr, stdout = in_project(tmp_path, "check")
    assert status == 0 and "no schedule.yaml" in stdout and "schedule checked" not in stdout, stdout
    status, stderr, _ = in_project(tmp_path, "schedule", "--list")
    assert status == 2
    assert "no timetable at schedule.yaml: write one" in stderr and 'README: "Rebuild on a schedule"' in stderr


def test_building_only_an_invalid_relationship_does_not_claim_to_build_others(tmp_path):
    record = scaffold_relation(tmp_path)
    record.write_text(record.read_text(encoding="utf-8").replace("parties: [qatar, nato]", "parties: qatar"),
                      encoding="utf-8")
    # The project's data/relations/ replaces the shipped one: qatar-eu is all there is.
    for args in (("build", "--relation", "qatar-eu"), ("build",)):
        status, stderr, _ = in_project(tmp_path, *args, "--doc", "factsheet", "--lang", "en")
        assert status == 2, stderr
        assert "not built (invalid): qatar-eu" in stderr and "building the other" not in stderr, stderr
    assert not (tmp_path / "reports").exists() or not list((tmp_path / "reports").rglob("*.pdf"))


def test_a_relationship_file_not_ending_in_yaml_is_refused_by_name_not_left_unread(tmp_path):
    record = scaffold_relation(tmp_path)
    misnamed = record.rename(record.with_suffix(".yml"))
    relations = misnamed.parent
    # An editor's leftovers are not relationships anyone meant: ignored, as before.
    for leftover in ("qatar-eu.yaml~", ".qatar-eu.yaml.swp", "#qatar-eu.yaml#", "qatar-eu.yaml.bak"):
        (relations / leftover).write_text("not yaml: [", encoding="utf-8")
    (relations / "notes.json").write_text("{}", encoding="utf-8")
    (relations / "gulf").mkdir()
    status, stderr, stdout = in_project(tmp_path, "check")
    assert status == 2 and "ok:" not in stdout, stdout
    assert ("data/relations/qatar-eu.yml: not read: relationship files end in .yaml; rename it to qatar-eu.yaml"
            in stderr), stderr
    assert "data/relations/notes.json: not read: relationship files end in .yaml" in stderr, stderr
    assert "data/relations/gulf: a folder; relationship files are read from data/relations/ itself" in stderr
    assert "3 problem(s) found" in stderr and "swp" not in stderr and "~" not in stderr and "#" not in stderr
    status, stderr, _ = in_project(tmp_path, "build", "--doc", "factsheet", "--lang", "en")
    assert status == 2 and "data/relations/qatar-eu.yml: not read" in stderr, stderr
    assert "not built (invalid): gulf, notes, qatar-eu" in stderr, stderr


def test_a_stray_file_added_after_a_clean_build_is_not_passed_over_as_a_no_op(tmp_path):
    scaffold_relation(tmp_path)
    for expected in (0, 0):     # the second build is the no-op known at a glance
        status, stderr, stdout = in_project(tmp_path, "build", "--doc", "factsheet", "--lang", "en")
        assert status == expected, stderr
    (tmp_path / "data" / "relations" / "qatar-mena.yml").write_text("id: qatar-mena\n", encoding="utf-8")
    status, stderr, _ = in_project(tmp_path, "build", "--doc", "factsheet", "--lang", "en")
    assert status == 2, stderr
    assert "data/relations/qatar-mena.yml: not read: relationship files end in .yaml" in stderr, stderr
    # The relationships whose files are well named are still built (or up to date), their files kept.
    assert (tmp_path / "reports" / "qatar-eu" / "press" / "factsheet.en.pdf").is_file(), stderr


def test_a_broken_relationship_file_does_not_refuse_the_profile_that_lists_its_section(tmp_path):
    """A profile lists a section that only an unreadable relationship file
    declares (a half-saved file under serve): that file's problem is named,
    not the profile, which every document shares; a section written nowhere
    is still refused."""
    record = scaffold_relation(tmp_path)
    record.write_text(record.read_text(encoding="utf-8") + textwrap.dedent("""
        sections:
          - id: economic
            title: {ar: العلاقات الاقتصادية, en: Economic relations}
            paragraphs:
              - {ar: نص, en: Text}
        """), encoding="utf-8")
    profile = tmp_path / "templates" / "audiences" / "press" / "audience.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text((ROOT / "templates" / "audiences" / "press" / "audience.yaml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    set_line(profile, r"^sections: \[summary,", "sections: [summary, economic,")
    record.write_bytes(record.read_bytes().replace("نص".encode(), b"\xff"))     # not UTF-8 any more
    status, stderr, _ = in_project(tmp_path, "check")
    assert status == 2 and "data/relations/qatar-eu.yaml" in stderr and "not UTF-8" in stderr, stderr
    assert "audience.yaml" not in stderr, stderr
    set_line(profile, r"^sections: \[summary, economic,", "sections: [summary, economc,")
    # only a declaration counts: the word elsewhere in an unread file does not excuse the profile
    (record.parent / "notes.txt").write_text("economc: a word, not a section's id\n", encoding="utf-8")
    status, stderr, _ = in_project(tmp_path, "check")
    assert "audience.yaml" in stderr and "got 'economc'" in stderr, stderr
