//! No silent loss on the way out: converting a record to a format that has no
//! place for some of its fields says so on stderr, naming the record and every
//! such field; `validate --for FORMAT` reports the same fields as diagnostics.

use crate::common::{archcite, root};
use archcite::Format;

const EVERY_FIELD: &str = "tests/fixtures/valid/every-field.json";

fn every_field() -> archcite::model::Record {
    let text = std::fs::read_to_string(root().join(EVERY_FIELD)).unwrap();
    Format::Json.read_str(&text).unwrap().remove(0)
}

#[test]
fn convert_names_the_record_and_every_field_the_output_cannot_carry() {
    let record = every_field();
    for format in Format::ALL.iter().copied().filter(|f| f.writer().is_some()) {
        let out = archcite()
            .current_dir(root())
            .args(["convert", "--to", format.name(), EVERY_FIELD])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {}", format.name(), String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let losses = format.losses(&record);
        let warning = stderr.lines().find(|l| l.starts_with("warning:") && l.contains("cannot carry"));
        if losses.is_empty() {
            assert!(warning.is_none(), "{}: {stderr}", format.name());
            continue;
        }
        let warning = warning.unwrap_or_else(|| panic!("{}: no loss warning in {stderr}", format.name()));
        assert!(warning.contains(&format!("{EVERY_FIELD}: record 1:")), "{warning}");
        for loss in &losses {
            assert!(
                warning.contains(&format!("`{}`", loss.field)),
                "{}: {} not named in {warning}",
                format.name(),
                loss.field
            );
        }
    }
}

#[test]
fn formats_that_carry_everything_report_no_loss() {
    let record = every_field();
    for format in [Format::Json, Format::Jsonl, Format::CslJson] {
        assert_eq!(format.losses(&record), vec![], "{}", format.name());
    }
}

#[test]
fn validate_for_a_format_points_at_each_field_it_cannot_carry() {
    let record = every_field();
    let losses = Format::Ris.losses(&record);
    assert!(!losses.is_empty(), "the every-field record has fields RIS cannot carry");
    let out = archcite()
        .current_dir(root())
        .args(["validate", "--format", "json", "--for", "ris", EVERY_FIELD])
        .output()
        .unwrap();
    // Warnings only: the record itself is valid.
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let not_carried: Vec<&serde_json::Value> = lines.iter().filter(|d| d["code"] == "not-carried").collect();
    assert_eq!(not_carried.len(), losses.len(), "{lines:?}");
    for d in &not_carried {
        assert_eq!(d["severity"], "warning");
        assert!(d["line"].as_u64().is_some(), "positioned: {d}");
        assert!(d["path"].as_str().unwrap().starts_with('/'));
    }
    // --deny-warnings turns the losses into a failing run.
    archcite()
        .current_dir(root())
        .args(["validate", "--deny-warnings", "--for", "ris", EVERY_FIELD])
        .assert()
        .code(1);
}

#[test]
fn validate_for_a_format_archcite_cannot_write_is_a_usage_error() {
    archcite().current_dir(root()).args(["validate", "--for", "archive-page", EVERY_FIELD]).assert().code(2);
}

#[test]
fn an_untitled_record_written_where_a_title_is_required_reports_the_devised_title() {
    let path = "tests/fixtures/invalid/no-title.json";
    let record =
        Format::Json.read_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap().remove(0);
    for format in [Format::Marcxml, Format::Mods, Format::Tei] {
        let losses = format.losses(&record);
        let devised = losses.iter().find(|l| l.devised.is_some()).expect("a devised title is reported");
        assert_eq!(devised.field.to_string(), "title");
        assert!(devised.to_string().contains("devised"), "{devised}");
        let out =
            archcite().current_dir(root()).args(["convert", "--to", format.name(), path]).output().unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.lines().find(|l| l.contains("devised")).unwrap_or_else(|| panic!("{stderr}"));
        assert!(
            line.starts_with(&format!("warning: {path}: record 1: {} requires a `title`", format.name())),
            "{line}"
        );
        assert!(line.contains("[Letter from N. Sudarikov to Kim Il Sung, 1969 April 14]"), "{line}");
    }
    // A format that allows no title reports nothing about it.
    assert!(Format::Ris.losses(&record).iter().all(|l| l.field.to_string() != "title"));
}

/// A name RIS places by the record's type is no loss: a series editor is
/// `A2` in a book; in a letter, where `A2` is the recipient, it has no tag.
#[test]
fn ris_names_losses_by_the_record_type() {
    let book =
        "TY  - BOOK\nAU  - Smith, Bob\nA2  - Martin, Steve\nT1  - A Book\nY1  - 2015/october\nER  - \n";
    let records = Format::Ris.read_str(book).unwrap();
    assert_eq!(records[0].date.as_ref().map(|d| d.to_string()).as_deref(), Some("2015-10"));
    assert!(Format::Ris.losses(&records[0]).is_empty(), "{:?}", Format::Ris.losses(&records[0]));
    let written = Format::Ris.write_string(&records).unwrap();
    assert!(written.contains("A2  - Martin, Steve") && written.contains("Y1  - 2015/october"), "{written}");
    let mut letter = records[0].clone();
    letter.work_type = Some(archcite::model::WorkType::PersonalCommunication);
    let losses: Vec<String> = Format::Ris.losses(&letter).iter().map(|l| l.field.to_string()).collect();
    assert_eq!(losses, ["agents[collection-editor]"]);
}
