//! `archcite validate`: one fixture per rule, its human and JSON output snapshotted.

use crate::common::{archcite, root, with_snapshots};

fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn validate(args: &[&str]) -> std::process::Output {
    archcite().current_dir(root()).arg("validate").args(args).output().unwrap()
}

#[test]
fn each_fixture_triggers_the_rule_it_is_named_after() {
    let mut wrong = Vec::new();
    for name in fixtures() {
        let stem = name.rsplit_once('.').unwrap().0.to_string();
        let out = validate(&["--format", "json", &format!("tests/fixtures/invalid/{name}")]);
        let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_string()
            })
            .collect();
        if !codes.contains(&stem) {
            wrong.push(format!("{name}: got {codes:?}"));
        }
    }
    assert!(wrong.is_empty(), "fixtures that do not trigger their rule:\n{}", wrong.join("\n"));
}

#[test]
fn human_and_json_output_of_every_fixture() {
    with_snapshots(|| {
        for name in fixtures() {
            let path = format!("tests/fixtures/invalid/{name}");
            let human = validate(&[&path]);
            let json = validate(&["--format", "json", &path]);
            let shown = format!(
                "exit: {:?}\n{}--- json (exit {:?}) ---\n{}{}",
                human.status.code(),
                String::from_utf8_lossy(&human.stdout),
                json.status.code(),
                String::from_utf8_lossy(&json.stdout),
                String::from_utf8_lossy(&json.stderr),
            );
            insta::assert_snapshot!(format!("validate-{name}"), shown);
        }
    });
}

#[test]
fn examples_validate_clean() {
    let files: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .map(|name| format!("examples/{name}"))
        .collect();
    let args: Vec<&str> = ["--deny-warnings"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let out = validate(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.trim(), format!("{} records, 0 errors, 0 warnings", files.len()));
    // A directory is read recursively, with the same result.
    let dir = validate(&["--deny-warnings", "examples"]);
    assert_eq!(String::from_utf8_lossy(&dir.stdout), stdout);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let path = "tests/fixtures/invalid/no-rights.json";
    assert_eq!(validate(&[path]).status.code(), Some(0));
    assert_eq!(validate(&["--deny-warnings", path]).status.code(), Some(1));
}

#[test]
fn a_batch_goes_on_after_a_bad_record() {
    let out = validate(&["tests/fixtures/invalid/invalid-json.jsonl"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.ends_with("3 records, 1 errors, 0 warnings\n"), "{stdout}");
    assert!(stdout.contains("invalid-json.jsonl:2:"), "{stdout}");
}

#[test]
fn every_problem_of_a_record_is_reported_at_once() {
    let record = r#"{"title": " x", "date": "1969-02-30", "languages": {"original": ["??"]}, "publication": {"url": "nope"}}"#;
    let out = archcite()
        .args(["validate", "--format", "json", "--from", "jsonl"])
        .write_stdin(record)
        .output()
        .unwrap();
    let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_string())
        .collect();
    for code in ["padded-string", "date-invalid", "language-tag", "url-malformed"] {
        assert!(codes.iter().any(|c| c == code), "{code} missing from {codes:?}");
    }
}

/// (format, malformed input): each must give a diagnostic with a line and column.
const MALFORMED: &[(&str, &str)] = &[
    ("json", "[\n  {\"title\": \"cut short\",\n"),
    ("jsonl", "{\"title\": \"ok\"}\n{\"title\": \n"),
    ("csl-json", "[{\"id\": \"a\", \"type\": \"manuscript\", \"title\": \"x\", \"issued\": {\"date-parts\": [[\"x\"]]}}]\n"),
    ("dc", "<?xml version=\"1.0\"?>\n<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"\n xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:title>x</dc:titl>\n</oai_dc:dc>\n"),
    ("tei", "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <teiHeader>\n"),
    ("bibtex", "@misc{a,\n  title = {unbalanced,\n}\n"),
    ("biblatex", "@misc{b,\n  title = {x}\n  date = {1969}\n}\n"),
    ("ris", "TY  - MANSCPT\nTI  - never closed\n"),
    ("archive-page", "\n\n"),
];

#[test]
fn malformed_input_of_every_readable_format_gives_positions_not_panics() {
    let mut wrong = Vec::new();
    for (format, text) in MALFORMED {
        let out = archcite()
            .args(["validate", "--format", "json", "--from", format])
            .write_stdin(*text)
            .output()
            .unwrap();
        let diagnostics: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        // An empty page has no place to point at; everything else has one.
        let needs_place = *format != "archive-page";
        let placed = diagnostics.iter().any(|d| {
            d["severity"] == "error" && (!needs_place || (d["line"].is_u64() && d["column"].is_u64()))
        });
        if out.status.code() != Some(1) || !placed {
            wrong.push(format!(
                "{format}: exit {:?}: {diagnostics:?} {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
