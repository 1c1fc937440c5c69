//! RIS: snapshots, what comes back, malformed input, and the real readers.

use archcite::model::{Record, Role};
use archcite::Format;

use crate::common::{archcite, examples, read_with, with_snapshots, write_with};

#[test]
fn snapshots_of_every_example() {
    with_snapshots(|| {
        for (name, record) in examples() {
            insta::assert_snapshot!(
                format!("ris-{name}"),
                write_with(Format::Ris, std::slice::from_ref(&record))
            );
        }
    });
}

/// What RIS carries, as it carries it.
fn ris_view(r: &Record) -> serde_json::Value {
    let names = |role: Role| r.agents_in(role).map(|c| c.agent.display_name()).collect::<Vec<_>>();
    let first = r.references.first();
    serde_json::json!({
        "title": r.title, "type": r.document_type, "date": r.date.as_ref().map(|d| d.to_string()),
        "authors": names(Role::Author), "translators": names(Role::Translator),
        "obtained_by": names(Role::ObtainedBy), "funders": names(Role::Funder),
        "repository": first.and_then(|x| x.repository.as_ref()).map(|x| x.label().to_string()),
        "levels": first.map(|x| x.levels.clone()),
        "other_references": r.references.len(),
        "publication": r.publication.as_ref().map(|p| serde_json::json!([p.collection, p.publisher, p.url, p.record_id])),
        "original_languages": r.languages.original, "summary": r.summary,
        "rights": r.rights.as_ref().and_then(|x| x.statement.as_ref()).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
        "notes": r.notes.iter().map(|n| (n.kind.as_str().to_string(), n.text.split_whitespace().collect::<Vec<_>>().join(" "))).collect::<Vec<_>>(),
    })
}

#[test]
fn every_example_reads_back_what_ris_carries() {
    for (name, record) in examples() {
        let back = read_with(Format::Ris, &write_with(Format::Ris, std::slice::from_ref(&record)));
        assert_eq!(back.len(), 1, "{name}");
        let back = back.into_iter().next().unwrap().unwrap();
        assert_eq!(ris_view(&back), ris_view(&record), "{name}");
    }
}

#[test]
fn ris_to_model_to_ris_is_stable() {
    let all: Vec<Record> = examples().into_iter().map(|(_, r)| r).collect();
    let once = write_with(Format::Ris, &all);
    let back: Vec<Record> = read_with(Format::Ris, &once).into_iter().map(Result::unwrap).collect();
    assert_eq!(write_with(Format::Ris, &back), once);
}

#[test]
fn malformed_records_are_reported_and_the_others_read() {
    let text = "TY  - MANSCPT\r\nTI  - Good\r\nER  - \r\n\r\nTY  - MANSCPT\r\nAU  - No title, A.\r\nER  - \r\nTY  - MANSCPT\r\nTI  - Bad date\r\nDA  - 1969/13/01/\r\nER  - \r\nTY  - MANSCPT\r\nTI  - Good too\r\nER  - \r\nTY  - MANSCPT\r\nTI  - Never closed\r\n";
    let results = read_with(Format::Ris, text);
    let summary: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(rec) => format!("ok {}", rec.title.as_deref().unwrap_or("(untitled)")),
            Err(e) => format!("{}:{} {}", e.position.unwrap().line, e.position.unwrap().column, e.message),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "ok Good",
            "ok (untitled)",
            "8:1 DA `1969/13/01/`: month 13 does not exist: use 01-12",
            "ok Good too",
            "15:1 the last record is not closed",
        ]
    );
}

#[test]
fn a_line_that_is_not_a_tag_outside_a_record_is_an_error_with_its_line() {
    let out = archcite()
        .args(["convert", "--from", "ris", "--to", "jsonl"])
        .write_stdin("hello\nTY  - MANSCPT\nTI  - x\nER  - \n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:1:1: `hello` is not a RIS tag line"), "{stderr}");
    // A manuscript without a location in an archive is a published work's type, not archcite's archival shape.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"title\":\"x\",\"work_type\":\"manuscript\"}\n");
}

#[test]
fn rispy_and_citation_js_read_every_example() {
    crate::common::assert_accepted_by_real_consumers(&examples(), &[Format::Ris]);
}
