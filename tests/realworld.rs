//! Files people actually have (tests/fixtures/realworld, each with its source):
//! read whole, nothing refused, what they carry kept.

use archcite::Format;

use crate::common::{archcite, read_with, root};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/realworld").join(path)).unwrap()
}

#[test]
fn bibtex_as_people_write_it_parenthesis_delimiters() {
    let records: Vec<_> = read_with(Format::Bibtex, &fixture("bib/epfl-big-paren-entries.bib"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[0].title.as_str(),
        "Transforms and Operators for Directional Bioimage Analysis: A Survey"
    );
    assert_eq!(records[0].agents[0].agent.display_name(), "Z. Püspöki");
    assert_eq!(records[1].agents[5].agent.display_name(), "D.A. Rüfenacht");
    assert_eq!(records[2].date.as_ref().map(|d| d.to_string()).as_deref(), Some("2012"));
    assert_eq!(records[1].key.as_deref(), Some("http://bigwww.epfl.ch/publications/fonck0901.html"));
}

#[test]
fn bibtex_as_people_write_it_string_macros_in_parentheses_and_undefined_macros() {
    let bib = "@string(WC = \"Wilson Center\")\n\
               @misc{a, title = {A}, publisher = WC # { Press}, howpublished = UNDEFINED, month = sept, year = 1999}\n";
    let record = read_with(Format::Bibtex, bib).remove(0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1999-09"));
    let notes: Vec<String> = record.notes.iter().map(|n| format!("{}: {}", n.kind, n.text)).collect();
    assert!(notes.iter().any(|n| n.ends_with("Wilson Center Press")), "{notes:?}");
    // The undefined macro is kept as its text, and the CLI warns about it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("macros.bib");
    std::fs::write(&path, bib).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("UNDEFINED"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("`UNDEFINED` is not a defined @string macro"),
        "{stderr}"
    );
}

#[test]
fn ris_with_lenient_tag_spacing() {
    // As Scopus and several exporters write it: one space each side of the hyphen.
    let ris = "TY - JOUR\nTI - Soviet Policy toward North Korea\nAU - Radchenko, Sergey\nPY - 2005\nER - \n";
    let record = read_with(Format::Ris, ris).remove(0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.title.as_str(), "Soviet Policy toward North Korea");
    assert_eq!(record.agents.len(), 1);
    assert_eq!(Format::sniff(ris.as_bytes()), Some(Format::Ris));
}

#[test]
fn directories_of_xml_files_are_read_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap();
    let record = Format::Json.read_str(&example).unwrap();
    for format in [Format::Marcxml, Format::Mods, Format::Dc, Format::Tei] {
        let path = dir.path().join(format!("{}.xml", format.name()));
        std::fs::write(path, format.write_string(&record).unwrap()).unwrap();
    }
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("4 records written, 0 skipped"), "{stderr}");
}

#[test]
fn directories_without_a_readable_file_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt.bak"), "nothing").unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no file of a format archcite reads"), "{stderr}");
}
