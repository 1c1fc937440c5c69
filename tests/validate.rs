//! `archcite validate`: one fixture per rule, its human and JSON output snapshotted.

use crate::common::{archcite, root, with_snapshots};

/// The fixtures, as paths under `tests/fixtures/invalid/`: native records at
/// the top, other formats in a folder named after the format.
fn fixtures() -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/invalid")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            for inner in std::fs::read_dir(entry.path()).unwrap() {
                names.push(format!("{name}/{}", inner.unwrap().file_name().to_string_lossy()));
            }
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

/// `validate` arguments for a fixture: `--from` its folder's format, if any.
fn fixture_args<'a>(name: &'a str, path: &'a str) -> Vec<&'a str> {
    match name.split_once('/') {
        Some((format, _)) => vec!["--from", format, path],
        None => vec![path],
    }
}

/// The rule a fixture is named after: its file name without the extension.
fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap();
    file.rsplit_once('.').map_or(file, |(s, _)| s)
}

fn validate(args: &[&str]) -> std::process::Output {
    archcite().current_dir(root()).arg("validate").args(args).output().unwrap()
}

#[test]
fn each_fixture_triggers_the_rule_it_is_named_after() {
    let mut wrong = Vec::new();
    for name in fixtures() {
        let path = format!("tests/fixtures/invalid/{name}");
        let args: Vec<&str> = ["--format", "json"].into_iter().chain(fixture_args(&name, &path)).collect();
        let out = validate(&args);
        let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_string()
            })
            .collect();
        if !codes.iter().any(|c| c == stem(&name)) {
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
            let args = fixture_args(&name, &path);
            let human = validate(&args);
            let json_args: Vec<&str> = ["--format", "json"].into_iter().chain(args.iter().copied()).collect();
            let json = validate(&json_args);
            let shown = format!(
                "exit: {:?}\n{}--- json (exit {:?}) ---\n{}{}",
                human.status.code(),
                String::from_utf8_lossy(&human.stdout),
                json.status.code(),
                String::from_utf8_lossy(&json.stdout),
                String::from_utf8_lossy(&json.stderr),
            );
            insta::assert_snapshot!(format!("validate-{}", name.replace('/', "-")), shown);
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

/// Issue 19: a CSL-JSON item with three problems gives three diagnostics, each
/// at the line of its variable and with its rule's code.
const THREE_PROBLEMS: &str = r#"[
  {
    "id": "x",
    "type": "manuscript",
    "title": "Test",
    "issued": {"date-parts": [[1969, 13, 45]]},
    "archive": "RGANI",
    "archive_location": "f. 5, op. 61, d. 462, ll. 195-101",
    "URL": "http//digitalarchive.example.org/document/1"
  }
]
"#;

fn validate_stdin(args: &[&str], input: &str) -> std::process::Output {
    archcite().current_dir(root()).arg("validate").args(args).write_stdin(input).output().unwrap()
}

#[test]
fn issue_19_every_problem_of_a_csl_item_at_its_own_line() {
    let json = validate_stdin(&["--from", "csl-json", "--format", "json"], THREE_PROBLEMS);
    assert_eq!(json.status.code(), Some(1));
    let found: Vec<(String, u64)> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let expected = [("date-invalid", 6), ("range-backwards", 8), ("url-malformed", 9)];
    assert_eq!(found, expected.map(|(c, l)| (c.to_string(), l)));
    let human = validate_stdin(&["--from", "csl-json"], THREE_PROBLEMS);
    with_snapshots(|| {
        insta::assert_snapshot!(
            "validate-issue-19-csl-three-problems",
            format!(
                "{}--- json ---\n{}",
                String::from_utf8_lossy(&human.stdout),
                String::from_utf8_lossy(&json.stdout)
            )
        );
    });
}

#[test]
fn a_malformed_url_does_not_hide_a_backwards_range_in_a_native_record() {
    let record = r#"{"title": "Note", "rights": {"statement": "Public domain"},
 "references": [{"repository": {"abbreviation": "RGANI"}, "levels": [{"kind": "fond", "value": "5"}, {"kind": "listi", "value": "195-101"}]}],
 "publication": {"url": "http//digitalarchive.example.org/document/1"}}"#;
    let out = validate_stdin(&["--from", "json", "--format", "json"], record);
    let found: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["path"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        found,
        [("range-backwards", "/references/0/levels/1/value"), ("url-malformed", "/publication/url")]
            .map(|(c, p)| (c.to_string(), p.to_string()))
    );
}

#[test]
fn validate_to_marcxml_names_what_marc_cannot_carry() {
    let item = r#"[{"id": "d1", "type": "dataset", "title": "Survey results", "version": "2.1"}]"#;
    let out = validate_stdin(&["--from", "csl-json", "--format", "json", "--to", "marcxml"], item);
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let lost: Vec<&serde_json::Value> = lines.iter().filter(|d| d["code"] == "not-carried").collect();
    assert!(
        lost.iter().any(|d| d["path"] == "/version"
            && d["line"] == 1
            && d["message"].as_str().unwrap().contains("marcxml")),
        "{lines:?}"
    );
    // Without --to the item is clean.
    let plain = validate_stdin(&["--from", "csl-json", "--format", "json"], item);
    assert_eq!(String::from_utf8_lossy(&plain.stdout), "");
}
