//! The native JSON / JSON Lines format and the `convert` command.

use crate::common::{archcite, examples, root};

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures").join(name)
}

#[test]
fn examples_round_trip_byte_for_byte() {
    for (name, _) in examples() {
        let path = root().join("examples").join(format!("{name}.json"));
        let original = std::fs::read(&path).unwrap();
        let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&original), "{name}");
    }
}

#[test]
fn every_field_fixture_round_trips_byte_for_byte() {
    let path = fixture("valid/every-field.json");
    let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string(&path).unwrap());
}

#[test]
fn several_inputs_become_one_array_and_back_to_json_lines() {
    let ex = |n: &str| root().join("examples").join(n);
    let out = archcite()
        .args(["convert", "--to", "json"])
        .arg(ex("rgani-5-61-462.json"))
        .arg(ex("rgaspi-17-162-18.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let array: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(array.as_array().map(Vec::len), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("[\n  {\n    \"title\""));

    let lines = archcite()
        .args(["convert", "--from", "json", "--to", "jsonl"])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert!(lines.status.success());
    let text = String::from_utf8(lines.stdout).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.lines().all(|l| l.starts_with("{\"title\":")));
}

/// (fixture, text the message must contain, line:column it must point at)
const BAD_INPUTS: &[(&str, &str, &str)] = &[
    ("truncated.json", "EOF while parsing an object", ":4:1"),
    ("wrong-type.json", "invalid type: string \"not a list\", expected a sequence", ":3:15"),
    ("unknown-field.json", "unknown field `titel`", ":3:3"),
    ("impossible-date.json", "1969-02-30 does not exist in the calendar", ":3:11"),
    ("date-in-prose.json", "`April 14, 1969` is not an EDTF date", ":3:11"),
    ("relative-url.json", "relative URL without a base", ":4:12"),
    ("empty-title.json", "empty text", ":2:12"),
    ("person-and-organization.json", "exactly one of `person` and `organization`", ":4:5"),
    ("unknown-role.json", "unknown variant `translater`", ":5:15"),
    ("bad-language.json", "`Russian language` is not a BCP 47 language tag", ":4:18"),
    ("bad-level-kind.json", "`Fond` is not a level kind", ":5:27"),
];

#[test]
fn each_bad_input_names_file_position_and_field_and_exits_1() {
    let mut failures = Vec::new();
    for (file, message, position) in BAD_INPUTS {
        let path = fixture(&format!("bad-input/{file}"));
        let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let located = format!("{}{position}", path.display());
        if out.status.code() != Some(1) || !stderr.contains(message) || !stderr.contains(&located) {
            failures.push(format!("{file}: exit {:?}\n{stderr}", out.status.code()));
        }
    }
    assert!(failures.is_empty(), "bad inputs not reported as expected:\n{}", failures.join("\n"));
}

#[test]
fn field_paths_name_the_failing_field() {
    let path = fixture("bad-input/unknown-role.json");
    let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("field `agents[0].role`"));
}

#[test]
fn a_bad_record_in_a_batch_is_reported_and_the_rest_go_through() {
    let path = fixture("bad-input/batch-one-bad.jsonl");
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("batch-one-bad.jsonl:2:") && stderr.contains("record 2"), "{stderr}");
    assert!(stderr.contains("month 13 does not exist"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "{\"title\":\"Good one\"}\n{\"title\":\"Another good one\"}\n");
}

#[test]
fn a_bad_element_in_an_array_does_not_stop_the_others() {
    let input = "[\n  {\"title\": \"one\"},\n  {\"title\": \"two\", \"date\": \"1969-02-30\"},\n  {\"title\": \"three\"}\n]\n";
    let out =
        archcite().args(["convert", "--from", "json", "--to", "jsonl"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:3:28: record 2: field `date`"));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "{\"title\":\"one\"}\n{\"title\":\"three\"}\n");
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let good = root().join("examples/rgani-5-61-462.json");
    let ok = archcite().args(["convert", "--to", "json", "-o"]).arg(&target).arg(&good).output().unwrap();
    assert!(ok.status.success());
    assert_eq!(std::fs::read(&target).unwrap(), std::fs::read(&good).unwrap());

    // An unwritable destination fails with exit 2 and leaves nothing behind.
    let missing_dir = dir.path().join("no/such/dir/out.json");
    let out =
        archcite().args(["convert", "--to", "json", "-o"]).arg(&missing_dir).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("out.json")]);
}

#[test]
fn missing_input_is_an_io_error_with_exit_2() {
    let out = archcite().args(["convert", "--to", "json", "/no/such/file.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.json: cannot open"));
}

#[test]
fn usage_errors_exit_2() {
    let out = archcite().args(["convert", "--to", "no-such-format"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = archcite().args(["convert"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn format_is_inferred_from_content_on_stdin() {
    let one = "{\"title\": \"A\"}\n{\"title\": \"B\"}\n";
    let out = archcite().args(["convert", "--to", "json"]).write_stdin(one).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn empty_and_non_json_inputs_are_refused() {
    let out =
        archcite().args(["convert", "--from", "json", "--to", "json"]).write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the input is empty"));
    let out = archcite().args(["convert", "--to", "json"]).write_stdin("hello").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the input's format"));
}

#[test]
fn help_exists_for_every_subcommand() {
    for sub in ["convert", "completions"] {
        let out = archcite().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: archcite"));
    }
}
