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

/// The codes and lines of a JSON run's diagnostics.
fn codes_and_lines(out: &std::process::Output) -> Vec<(String, u64)> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap_or(0)))
        .collect()
}

/// Real records of each XML format, as their publishers wrote them: no error.
/// The one warning is a real one: the Miami record credits "Primus; Jurassic 5".
#[test]
fn real_xml_records_validate_without_errors() {
    let cases: &[(&str, &str, &str)] = &[
        ("mods", "mods/dpla-connecticut.xml", "1 records, 0 errors, 0 warnings"),
        ("mods", "mods/fsu-cookbooks-herbals-harvest.xml", "35 records, 0 errors, 0 warnings"),
        ("dc", "dc/share-arxiv-0704.0004.xml", "1 records, 0 errors, 0 warnings"),
        ("dc", "dc/pyoai-eur-dspace-2003-oai_dc.xml", "16 records, 0 errors, 0 warnings"),
        ("dcterms", "dc/pymods-repox-qualifieddc.xml", "3 records, 0 errors, 1 warnings"),
        ("tei", "tei/bodleian-MS_Auct_D_2_4.xml", "1 records, 0 errors, 0 warnings"),
        ("tei", "tei/bodleian-medieval-mss-corpus.xml", "40 records, 0 errors, 0 warnings"),
        ("tei", "tei/fihrist-MS_A_Walker_57.xml", "1 records, 0 errors, 0 warnings"),
        ("tei", "tei/syriaca-manuscript-114.xml", "1 records, 0 errors, 0 warnings"),
        ("oai-pmh", "oai/helda-listrecords-oai_dc.xml", "1 records, 0 errors, 0 warnings"),
        ("oai-pmh", "oai/dpla-harvard-listrecords-mods.xml", "10 records, 0 errors, 0 warnings"),
    ];
    let mut wrong = Vec::new();
    for (format, file, summary) in cases {
        let path = format!("tests/fixtures/realworld/{file}");
        let out = validate(&["--from", format, &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if stdout.lines().last() != Some(*summary) {
            wrong.push(format!("{file}:\n{stdout}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let warned = validate(&[
        "--from",
        "dcterms",
        "--format",
        "json",
        "tests/fixtures/realworld/dc/pymods-repox-qualifieddc.xml",
    ]);
    assert_eq!(codes_and_lines(&warned), [("names-run-together".to_string(), 24)]);
}

/// Errors that real catalogues carry are found where they are.
#[test]
fn errors_in_real_xml_records_are_found_at_their_element() {
    // Stanford writes `en` where MODS's authority iso639-2b wants `eng`.
    let mods = validate(&[
        "--from",
        "mods",
        "--format",
        "json",
        "tests/fixtures/realworld/mods/sul-dlss-mods-shpc1.xml",
    ]);
    assert!(
        codes_and_lines(&mods).contains(&("language-tag".to_string(), 22)),
        "{:?}",
        codes_and_lines(&mods)
    );
    // Two EarthWorks records link to `http//purl.stanford.edu/...`.
    let urls = validate(&[
        "--from",
        "mods",
        "--format",
        "json",
        "tests/fixtures/realworld/mods/stanford-earthworks-mods.xml",
    ]);
    let found: Vec<u64> =
        codes_and_lines(&urls).into_iter().filter(|(c, _)| c == "url-malformed").map(|(_, l)| l).collect();
    assert_eq!(found, [1320, 4031]);
    // A Syriaca change with `when=""`.
    let tei = validate(&[
        "--from",
        "tei",
        "--format",
        "json",
        "tests/fixtures/realworld/tei/syriaca-manuscripts-corpus.xml",
    ]);
    let found: Vec<(String, u64)> =
        codes_and_lines(&tei).into_iter().filter(|(c, _)| c != "repository-unknown").collect();
    assert_eq!(found, [("date-invalid".to_string(), 3196)]);
}

/// A value the reader refuses (a date against its encoding, a language tag)
/// is reported, and the record is read without it so the rules on the model
/// run on the rest: a backwards leaf range in the same record is found too.
#[test]
fn a_refused_xml_value_does_not_hide_the_rest_of_the_record() {
    let mods = r#"<mods xmlns="http://www.loc.gov/mods/v3">
  <titleInfo><title>Record of a Conversation</title></titleInfo>
  <originInfo><dateCreated encoding="w3cdtf">14.04.1969</dateCreated></originInfo>
  <location>
    <physicalLocation>Russian State Archive of Contemporary History</physicalLocation>
    <shelfLocator>f. 5, op. 61, d. 462, ll. 195–101</shelfLocator>
  </location>
</mods>
"#;
    let out = validate_stdin(&["--from", "mods", "--format", "json"], mods);
    assert_eq!(codes_and_lines(&out), [("date-invalid".to_string(), 3), ("range-backwards".to_string(), 6)]);
    let tei = std::fs::read_to_string(root().join("tests/fixtures/invalid/tei/range-backwards.xml"))
        .unwrap()
        .replace(r#"ident="ru""#, r#"ident="ru_RU""#);
    let out = validate_stdin(&["--from", "tei", "--format", "json"], &tei);
    assert_eq!(
        codes_and_lines(&out),
        [("range-backwards".to_string(), 28), ("language-tag".to_string(), 44)]
    );
}

/// An OAI-PMH response is checked by the rules of the format its metadata is
/// in, at the lines of the response.
#[test]
fn oai_pmh_records_get_the_rules_of_their_metadata_format() {
    let response = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2026-01-05T10:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="oai_dc">https://repository.example.org/oai</request>
  <ListRecords>
    <record>
      <header>
        <identifier>oai:repository.example.org:114567</identifier>
        <datestamp>2026-01-04</datestamp>
      </header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>Record of a Conversation with Kim Il Sung</dc:title>
          <dc:author>Sudarikov, N.</dc:author>
          <dc:identifier>http//digitalarchive.wilsoncenter.org/document/114567</dc:identifier>
        </oai_dc:dc>
      </metadata>
    </record>
    <record>
      <header status="deleted">
        <identifier>oai:repository.example.org:114568</identifier>
        <datestamp>2026-01-04</datestamp>
      </header>
    </record>
  </ListRecords>
</OAI-PMH>
"#;
    let out = validate_stdin(&["--from", "oai-pmh", "--format", "json"], response);
    assert_eq!(
        codes_and_lines(&out),
        [("unknown-element".to_string(), 14), ("url-malformed".to_string(), 15)]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 records, 2 errors"), "{out:?}");
}
