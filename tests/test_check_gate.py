"""`check` as a gate (issue 21): a timetable that passes it cannot crash
`schedule`; every warning has a code and can be accepted with a reason;
messages speak the data's language and name files relative to the project."""
import datetime as dt
import json
import shutil
from pathlib import Path

from briefgen.live.schedule import Run, next_times
from conftest import ISSUED, ROOT, cli_in, data_with

NEVER_AND_OUT_OF_RANGE = """runs:
  - name: never
    cron: "0 6 31 2 *"
  - name: late
    cron: "0 25 * * 0"
"""
SHORTHANDS = ("@daily", "@weekly", "@monthly", "@yearly", "@annually", "@hourly", "@midnight")


def test_check_refuses_a_cron_that_never_fires_and_names_the_field_out_of_range(tmp_path):
    (tmp_path / "schedule.yaml").write_text(NEVER_AND_OUT_OF_RANGE, encoding="utf-8")
    for command in (("check",), ("schedule", "--list")):
        result = cli_in(tmp_path, *command)
        assert result.returncode == 2, result.stderr
        assert "schedule.yaml:3:11: runs[0].cron: '0 6 31 2 *' never fires" in result.stderr
        assert "schedule.yaml:5:11: runs[1].cron: '0 25 * * 0' is not a cron expression" in result.stderr
        assert "hour 25 is out of range 0–23" in result.stderr
        assert "Traceback" not in result.stderr


def test_cron_shorthands_pass_check_and_list_their_times(tmp_path):
    runs = "".join(f'  - name: run-{i}\n    cron: "{cron}"\n' for i, cron in enumerate(SHORTHANDS))
    (tmp_path / "schedule.yaml").write_text("timezone: UTC\nruns:\n" + runs, encoding="utf-8")
    checked = cli_in(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr
    listed = cli_in(tmp_path, "schedule", "--list")
    assert listed.returncode == 0, listed.stderr
    for i, cron in enumerate(SHORTHANDS):
        assert f"run-{i} ({cron}): " in listed.stdout
    assert "run-1 (@weekly): Sun " in listed.stdout and " 00:00," in listed.stdout


def test_the_next_run_of_a_cron_that_never_fires_is_none_not_a_crash():
    # check refuses it; a timetable edited after check must still not crash schedule.
    assert next_times(Run("never", "0 6 31 2 *"), dt.datetime(2026, 1, 1), 3) == []
    assert len(next_times(Run("leap", "0 6 29 2 *"), dt.datetime(2026, 1, 1), 2)) == 2


# A young relationship: nothing hosted, no summary; one area restricted (empty
# for public audiences), an event citing no source, a Latin comma in Arabic.
GATE_RECORD = """id: gate
parties: [qatar, belgium]
updated: 2026-11-29
title: {ar: العلاقات القطرية البلجيكية, en: Qatar–Belgium relations}
summary: []
areas:
  - {ar: مجال تعاون مقيد, en: A restricted area of cooperation, classification: restricted}
events:
  - id: first-meeting
    kind: meeting
    date: 2020-05
    title: {ar: اجتماع ثنائي في الدوحة, en: A bilateral meeting in Doha}
    description: {ar: "اجتمع ممثلو الجانبين, في الدوحة.", en: "Representatives of both sides met in Doha."}
    sources: []
sources:
  - id: notice
    publisher: {ar: جهة النشر, en: The publisher}
    title: {ar: بيان عن الاجتماع, en: A notice of the meeting}
    language: en
    published: 2020-06
"""


def gate_data(tmp_path, accept: str = "") -> Path:
    data = data_with(tmp_path / "data")
    (data / "relations" / "gate.yaml").write_text(GATE_RECORD + accept, encoding="utf-8")
    return data


def check_json(data, *options) -> tuple[dict, str]:
    result = cli_in(ROOT, "check", "--json", "--data", str(data), "--reports", str(data.parent / "reports"), *options)
    return json.loads(result.stdout), result.stderr


def test_every_warning_has_a_code_in_its_line_and_in_json(tmp_path):
    data = gate_data(tmp_path)
    summary, stderr = check_json(data)
    codes = sorted(w["code"] for w in summary["warnings"])
    assert codes == ["empty-section", "empty-section", "empty-section", "latin-punctuation", "missing-source"]
    assert "warning[missing-source]: " in stderr and "events[0].sources: 'first-meeting' cites no source" in stderr
    assert "warning[empty-section]: templates/audiences/press/audience.yaml:5:21: sections[1]: " in stderr
    assert cli_in(ROOT, "check", "--strict", "--data", str(data), "--reports", str(tmp_path / "reports")).returncode == 2


def test_a_record_that_simply_lacks_a_part_gives_no_warning(tmp_path):
    # Nothing hosted, no summary, no talking points: the shipped profiles list
    # those sections, which stay out silently until there is something to show.
    summary, stderr = check_json(data_with(tmp_path / "data", ROOT / "tests" / "records" / "sparse.yaml"), "--strict")
    assert summary["status"] == 0 and summary["warnings"] == [], stderr


ACCEPT_ALL = """accept:
  - warning: missing-source
    field: events[0]
    reason: "The ministry's notice is not public yet."
  - warning: latin-punctuation
    field: events[0].description
    reason: "Quoted as the source wrote it."
  - warning: empty-section
    reason: "The area of cooperation is restricted; public documents go without it."
"""


def test_accepted_warnings_let_check_strict_pass(tmp_path):
    data = gate_data(tmp_path, ACCEPT_ALL)
    summary, stderr = check_json(data, "--strict")
    assert summary["status"] == 0 and summary["warnings"] == [], stderr
    # Narrowed to one section, an accept leaves the others' warnings.
    narrowed = ACCEPT_ALL.replace("  - warning: empty-section\n", "  - warning: empty-section\n    section: areas\n")
    (data / "relations" / "gate.yaml").write_text(GATE_RECORD + narrowed, encoding="utf-8")
    summary, _ = check_json(data, "--strict")
    assert summary["status"] == 2
    assert [w["message"].split(":")[0] for w in summary["warnings"]] == ["gate/press/briefing", "gate/training/briefing"]


def test_an_accept_with_an_unknown_code_or_no_reason_is_an_error(tmp_path):
    data = gate_data(tmp_path, "accept:\n  - warning: mising-source\n    reason: x\n  - warning: missing-source\n")
    result = cli_in(ROOT, "check", "--data", str(data), "--reports", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert "gate.yaml:22:14: accept[0].warning: unknown warning 'mising-source' (did you mean 'missing-source'?)" \
        in result.stderr
    assert "gate.yaml:24:5: accept[1].reason: required field is missing: say why" in result.stderr


def test_a_profile_accepts_a_document_warning_for_its_audience(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project / "templates")
    gate_data(project)
    profile = project / "templates" / "audiences" / "press" / "audience.yaml"
    lines = len(profile.read_text(encoding="utf-8").splitlines())
    profile.write_text(profile.read_text(encoding="utf-8") + "accept:\n  - warning: empty-section\n"
                       "    reason: Public documents go without the restricted area.\n", encoding="utf-8")
    result = cli_in(project, "check", "--json")
    names = [w["message"].split(":")[0] for w in json.loads(result.stdout)["warnings"] if w["code"] == "empty-section"]
    assert names == ["gate/training/briefing"], result.stderr
    profile.write_text(profile.read_text(encoding="utf-8") + "  - warning: missing-source\n    reason: x\n",
                       encoding="utf-8")
    result = cli_in(project, "check")
    assert result.returncode == 2
    assert f"templates/audiences/press/audience.yaml:{lines + 4}:14: accept[1].warning: missing-source is about a " \
           "relationship's text: accept it in the relationship file" in result.stderr


def test_build_json_carries_each_documents_warnings(tmp_path):
    data = gate_data(tmp_path)
    result = cli_in(ROOT, "build", "--json", "--data", str(data), "--reports", str(tmp_path / "reports"), "--relation",
                    "gate", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--issued", ISSUED)
    assert result.returncode == 0, result.stderr
    [document] = json.loads(result.stdout)["documents"]
    assert document["warnings"] == [{"code": "empty-section",
                                     "message": "areas has nothing to show; left out, heading and all"}]
    assert "warning[empty-section]: gate/press/factsheet.en: areas has nothing to show" in result.stderr


def test_a_field_wanting_a_text_says_so_by_example(tmp_path):
    data = gate_data(tmp_path)
    record = data / "relations" / "gate.yaml"
    record.write_text(GATE_RECORD.replace("publisher: {ar: جهة النشر, en: The publisher}", "publisher: EEAS"),
                      encoding="utf-8")
    result = cli_in(ROOT, "check", "--data", str(data), "--reports", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert (f"{record}:17:16: sources[0].publisher: expected a text in both languages, "
            f"e.g. {{ar: \"…\", en: \"…\"}}, got 'EEAS'") in result.stderr, result.stderr


def test_messages_name_files_relative_to_the_project_wherever_the_tool_runs(tmp_path, monkeypatch):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(ROOT / "templates", project / "templates")
    gate_data(project)
    record = project / "data" / "relations" / "gate.yaml"
    monkeypatch.chdir(elsewhere)
    run = lambda *args: cli_in(project, *args)
    record.write_text(GATE_RECORD.replace("publisher: {ar: جهة النشر, en: The publisher}", "publisher: EEAS"),
                      encoding="utf-8")
    invalid = run("check")                                   # validation
    assert invalid.returncode == 2
    assert invalid.stderr.startswith("data/relations/gate.yaml:17:16: sources[0].publisher: "), invalid.stderr
    record.write_text(GATE_RECORD, encoding="utf-8")
    linted = run("check")                                    # lint
    assert "warning[missing-source]: data/relations/gate.yaml:14:14: " in linted.stderr, linted.stderr
    css = project / "templates" / "audiences" / "press" / "audience.css"
    css.write_text("@import url(missing.css);\n", encoding="utf-8")
    failed = run("build", "--audience", "press", "--doc", "factsheet", "--lang", "en", "--workers", "1")
    assert failed.returncode == 1                            # a build failure
    assert "error: gate/press/factsheet.en: templates/audiences/press/audience.css: WeasyPrint reported" \
        in failed.stderr, failed.stderr
