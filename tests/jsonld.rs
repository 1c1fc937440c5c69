//! schema.org JSON-LD: every example, a batch of them and batches of
//! real-world records expand with a real JSON-LD processor (pyld, against the
//! vendored schema.org context, nothing fetched) without a term dropped; a
//! misspelt term fails that check; a snapshot per example; the archival chain, the holding archive and the
//! custody chain are where the mapping puts them; what JSON-LD cannot carry
//! is reported; `--from jsonld` is refused with a clear error.

use std::path::PathBuf;
use std::process::Command;

use archcite::model::Record;
use archcite::Format;
use serde_json::Value;

use crate::common::{archcite, examples, root, with_snapshots, write_with};

/// A Python that has pyld: `ARCHCITE_PYLD_PYTHON`, the virtual environment
/// `.ci/run` makes (`~/.cache/jsonld-venv`), or `python3`. `None` (and a
/// notice) when none has it, unless `ARCHCITE_REQUIRE_PYLD` is set, as CI
/// sets it: then the test fails.
fn pyld_python() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> =
        std::env::var_os("ARCHCITE_PYLD_PYTHON").map(PathBuf::from).into_iter().collect();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cache/jsonld-venv/bin/python"));
    }
    candidates.push(PathBuf::from("python3"));
    let found = candidates
        .into_iter()
        .find(|py| Command::new(py).args(["-c", "import pyld"]).output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(
            std::env::var_os("ARCHCITE_REQUIRE_PYLD").is_none(),
            "ARCHCITE_REQUIRE_PYLD is set but no Python with pyld was found (pip install pyld)"
        );
        eprintln!(
            "notice: pyld is not installed: JSON-LD expansion not checked (pip install pyld, or .ci/run)"
        );
    }
    found
}

/// Run `tests/jsonld_check.py` on `files`: its exit status and its report.
fn check(python: &PathBuf, files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(python)
        .arg(root().join("tests/jsonld_check.py"))
        .arg(root().join("schemas/jsonld/schemaorgcontext.jsonld"))
        .args(files)
        .output()
        .expect("python runs");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), report)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn snapshots_of_every_example() {
    for (name, record) in examples() {
        let text = write_with(Format::Jsonld, std::slice::from_ref(&record));
        with_snapshots(|| insta::assert_snapshot!(format!("jsonld__{name}"), text));
    }
}

#[test]
fn every_example_and_a_batch_expand_without_a_dropped_term() {
    let Some(python) = pyld_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<Record> = examples().into_iter().map(|(_, r)| r).collect();
    let mut files = Vec::new();
    for (name, record) in examples() {
        let path = dir.path().join(format!("{name}.jsonld"));
        std::fs::write(&path, write_with(Format::Jsonld, std::slice::from_ref(&record))).unwrap();
        files.push(path);
    }
    let batch = dir.path().join("batch.jsonld");
    std::fs::write(&batch, write_with(Format::Jsonld, &records)).unwrap();
    files.push(batch);
    // The first real-world file of each format, each a batch of its records.
    for folder in ["bib", "ris", "csl-json", "marcxml", "mods", "dc", "tei", "ead3"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/realworld").join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let text = std::fs::read_to_string(&paths[0]).unwrap();
        let format = Format::sniff(text.as_bytes()).unwrap_or_else(|| panic!("{}", paths[0].display()));
        let source = archcite::formats::Source::from_text("realworld", text);
        let records: Vec<Record> = format
            .read(source)
            .filter_map(Result::ok)
            .filter(|r| Format::Jsonld.carries_content(r))
            .collect();
        assert!(!records.is_empty(), "{}", paths[0].display());
        let path = dir.path().join(format!("realworld-{folder}.jsonld"));
        std::fs::write(&path, write_with(Format::Jsonld, &records)).unwrap();
        files.push(path);
    }
    let (ok, report) = check(&python, &files);
    assert!(ok, "{report}");
    assert_eq!(report.lines().filter(|l| l.starts_with("ok ")).count(), files.len(), "{report}");
}

#[test]
fn the_check_fails_on_a_misspelt_term_or_type() {
    let Some(python) = pyld_python() else { return };
    let (_, record) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    let good = write_with(Format::Jsonld, &[record]);
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("\"dateCreated\"", "\"dateCreatd\""),
        ("\"holdingArchive\"", "\"holdingArchiv\""),
        ("\"prov:wasGeneratedBy\"", "\"prov:wasGeneratdBy\""),
        ("\"ArchiveOrganization\"", "\"ArchiveOrganisation\""),
        ("\"@type\": \"prov:Attribution\"", "\"@type\": \"prov:Atribution\""),
    ];
    for (from, to) in cases {
        assert!(good.contains(from), "{from} not in the output");
        let path = dir.path().join("bad.jsonld");
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let (ok, report) = check(&python, &[path]);
        assert!(!ok, "{to}: {report}");
        assert!(report.contains(to.trim_matches('"').trim_start_matches("@type\": \"")), "{to}: {report}");
    }
}

#[test]
fn a_record_climbs_its_levels_to_the_holding_archive() {
    let (_, record) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    let doc = parse(&write_with(Format::Jsonld, &[record]));
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["@type"], "ArchiveComponent");
    assert_eq!(doc["dateCreated"], "1969-04-14");
    assert_eq!(doc["inLanguage"], "ru");
    let delo = &doc["isPartOf"][0];
    assert_eq!(delo["identifier"]["propertyID"], "delo");
    assert_eq!(delo["identifier"]["value"], "462");
    let opis = &delo["isPartOf"];
    assert_eq!(opis["identifier"]["propertyID"], "opis");
    let fond = &opis["isPartOf"];
    assert_eq!(fond["identifier"]["value"], "5");
    assert_eq!(fond["name"], "Fond 5");
    let archive = &fond["holdingArchive"];
    assert_eq!(archive["@type"], "ArchiveOrganization");
    assert_eq!(archive["name"], "Russian State Archive of Contemporary History");
    assert_eq!(archive["address"]["addressCountry"], "RU");
    assert_eq!(doc["holdingArchive"]["@id"], archive["@id"]);
    // The leaves are where the document is in its file, not a component.
    assert_eq!(doc["identifier"][0]["propertyID"], "listi");
    assert_eq!(doc["identifier"][0]["value"], "95-101");
    assert_eq!(doc["translator"]["familyName"], "Goldberg");
    assert_eq!(doc["funder"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_custody_chain_is_in_prov_terms() {
    let (_, record) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    let doc = parse(&write_with(Format::Jsonld, std::slice::from_ref(&record)));
    let created = &doc["prov:wasGeneratedBy"];
    assert_eq!(created["prov:endedAtTime"], "1969-04-14");
    let roles: Vec<&str> = doc["prov:qualifiedAttribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["prov:hadRole"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(roles.len(), record.agents.len());
    assert!(roles.contains(&"translator") && roles.contains(&"obtained by"), "{roles:?}");
    let translator = doc["prov:qualifiedAttribution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["prov:hadRole"]["name"] == "translator")
        .unwrap();
    assert_eq!(translator["prov:hadRole"]["@id"], "http://id.loc.gov/vocabulary/relators/trl");
    let used = doc["@reverse"]["prov:used"].as_array().unwrap();
    let names: Vec<&str> = used.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Registered", "Stamped", "Stamped", "obtained", "translated", "published"]);
    assert_eq!(used[0]["prov:endedAtTime"], "1969-06-10");
    assert_eq!(used[0]["description"], "Nº 362");
    assert_eq!(used[4]["prov:generated"]["inLanguage"], "en");
}

#[test]
fn a_batch_is_one_graph_and_shares_the_nodes_of_a_fond() {
    let (_, rgani) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    let mut second = rgani.clone();
    second.title = Some(archcite::ne!("Second record"));
    let doc = parse(&write_with(Format::Jsonld, &[rgani, second]));
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 2);
    assert!(graph.iter().all(|n| n.get("@context").is_none()));
    assert_eq!(graph[0]["isPartOf"][0]["@id"], graph[1]["isPartOf"][0]["@id"]);
    assert_eq!(parse(&write_with(Format::Jsonld, &[]))["@graph"], Value::Array(Vec::new()));
}

#[test]
fn a_published_work_takes_its_schema_type() {
    let text = r#"{"title":"The Cold War in Asia","work_type":"article-journal","date":"2005",
        "container":{"title":"Cold War International History Project Bulletin","volume":"6","issue":"7","pages":"1-20"},
        "identifiers":[{"scheme":"doi","value":"10.1000/xyz"}]}"#;
    let record = Format::Json.read_str(text).unwrap().remove(0);
    let doc = parse(&write_with(Format::Jsonld, &[record]));
    assert_eq!(doc["@type"], "ScholarlyArticle");
    assert_eq!(doc["datePublished"], "2005");
    assert_eq!(doc["pagination"], "1-20");
    let issue = &doc["isPartOf"];
    assert_eq!(issue["@type"], "PublicationIssue");
    assert_eq!(issue["isPartOf"]["@type"], "PublicationVolume");
    assert_eq!(issue["isPartOf"]["isPartOf"]["@type"], "Periodical");
    assert_eq!(doc["identifier"]["propertyID"], "doi");
    assert_eq!(doc["identifier"]["value"], "10.1000/xyz");
}

#[test]
fn what_json_ld_cannot_carry_is_reported() {
    let text = r#"{"title":"T","container":{"chapter":"3"},"related":[{"title":"Other"}],
        "extra":[{"format":"bibtex","field":"file","value":"x.pdf"}]}"#;
    let record = Format::Json.read_str(text).unwrap().remove(0);
    let lost: Vec<String> = Format::Jsonld.losses(&record).iter().map(|l| l.field.to_string()).collect();
    assert_eq!(lost, ["container.chapter", "related", "extra[bibtex:file]"]);
    let out = archcite()
        .args(["convert", "--from", "json", "--to", "jsonld", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`related`") && stderr.contains("`container.chapter`"), "{stderr}");
}

#[test]
fn reading_json_ld_is_refused_with_a_clear_error() {
    let out = archcite()
        .args(["convert", "--from", "jsonld", "--to", "json", "-"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not read it") && stderr.contains("--from json"), "{stderr}");
}

#[test]
fn a_registered_archive_is_named_by_its_isil_and_boxes_are_components() {
    let text = r#"{"title":"Memorandum","references":[{"repository":{"abbreviation":"NARA",
        "name":"National Archives and Records Administration","place":"College Park","country":"US"},
        "levels":[{"kind":"record-group","value":"59"},{"kind":"series","value":"Central Files"},
        {"kind":"box","value":"2145"},{"kind":"folder","value":"POL 27"}]}]}"#;
    let record = Format::Json.read_str(text).unwrap().remove(0);
    let doc = parse(&write_with(Format::Jsonld, &[record]));
    let folder = &doc["isPartOf"];
    assert_eq!(folder["identifier"]["propertyID"], "folder");
    assert_eq!(folder["isPartOf"]["identifier"]["propertyID"], "box");
    let group = &folder["isPartOf"]["isPartOf"]["isPartOf"];
    assert_eq!(group["identifier"]["propertyID"], "record-group");
    assert_eq!(group["name"], "RG 59", "{group}");
    let isil = &group["holdingArchive"]["identifier"];
    assert_eq!(isil["propertyID"], "ISIL");
    assert_eq!(isil["value"], "US-DNA");
}
