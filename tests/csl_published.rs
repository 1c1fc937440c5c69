//! CSL-JSON for published works: real items (tests/fixtures/csl-published,
//! see its SOURCES.md) land in the model's fields, survive csl-json → json →
//! csl-json with every variable, and cite like articles and chapters.

use archcite::cite::{style, Citer, Mode, OutputFormat};
use archcite::model::{IdScheme, Record, Role, WorkType};
use archcite::Format;
use serde_json::Value;

use crate::common::{conformance_check, read_with, root, write_with};

fn items_text() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/csl-published/items.json")).unwrap()
}

fn read_ok(format: Format, text: &str) -> Vec<Record> {
    read_with(format, text).into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}\n{text}"))).collect()
}

fn by_key<'a>(records: &'a [Record], key: &str) -> &'a Record {
    records.iter().find(|r| r.key.as_deref() == Some(key)).unwrap_or_else(|| panic!("no {key}"))
}

/// csl-json → json → csl-json, as the CLI does it.
fn through_native(csl: &str) -> (String, String) {
    let native = write_with(Format::Json, &read_ok(Format::CslJson, csl));
    let back = write_with(Format::CslJson, &read_ok(Format::Json, &native));
    (native, back)
}

#[test]
fn a_journal_article_and_a_book_chapter_land_in_the_model_fields() {
    let records = read_ok(Format::CslJson, &items_text());
    let article = by_key(&records, "brittain2004");
    assert_eq!(article.work_type, Some(WorkType::ArticleJournal));
    let c = article.container.as_ref().expect("container");
    assert_eq!(c.title.as_deref(), Some("Journal of Sport and Social Issues"));
    assert_eq!(
        (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
        (Some("28"), Some("4"), Some("429–452"))
    );
    assert_eq!(article.identifier(&IdScheme::Doi).map(|d| d.as_str()), Some("10/fqd6hj"));
    assert_eq!(article.identifier(&IdScheme::Issn).map(|d| d.as_str()), Some("0193-7235"));
    assert_eq!(article.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2004"));
    assert!(article.references.is_empty());

    let chapter = by_key(&records, "duncan2002");
    assert_eq!(chapter.work_type, Some(WorkType::Chapter));
    assert_eq!(chapter.container.as_ref().and_then(|c| c.title.as_deref()), Some("MediaSport"));
    let editors: Vec<String> = chapter.agents_in(Role::Editor).map(|c| c.agent.display_name()).collect();
    assert_eq!(editors, ["Lawrence Wenner"]);
    let publication = chapter.publication.as_ref().expect("publication");
    assert_eq!(publication.publisher.as_deref(), Some("Routledge"));
    assert_eq!(publication.place.as_deref(), Some("London, United Kingdom"));
    assert_eq!(chapter.identifier(&IdScheme::Isbn).map(|d| d.as_str()), Some("978-0-203-01405-9"));
}

#[test]
fn real_items_keep_every_variable_through_native_json_and_are_stable() {
    let original = items_text();
    let (native1, csl1) = through_native(&original);
    let (native2, csl2) = through_native(&csl1);
    assert_eq!(native1, native2, "json is not stable from the second cycle");
    assert_eq!(csl1, csl2, "csl-json is not stable from the second cycle");
    let before: Vec<Value> = serde_json::from_str(&original).unwrap();
    let after: Vec<Value> = serde_json::from_str(&csl1).unwrap();
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        for (key, value) in a.as_object().unwrap() {
            // Date parts are numbers in CSL 1.0.2: a producer's "2004" is written 2004.
            let value = &numeric_date_parts(value);
            assert_eq!(b.get(key), Some(value), "`{key}` of {} changed:\n{csl1}", a["id"]);
        }
    }
}

/// A CSL date with its numeric strings in `date-parts` as numbers; any other value as it is.
fn numeric_date_parts(value: &Value) -> Value {
    let mut value = value.clone();
    if let Some(parts) = value.get_mut("date-parts").and_then(Value::as_array_mut) {
        for part in parts.iter_mut().filter_map(Value::as_array_mut).flatten() {
            if let Some(n) = part.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
                *part = Value::from(n);
            }
        }
    }
    value
}

#[test]
fn name_particles_seasons_literal_dates_and_unknown_variables_survive() {
    let item = r#"[{"id": "x", "type": "article-journal", "title": "T",
        "author": [{"family": "Oliveira", "given": "Regina", "dropping-particle": "de"},
                   {"family": "Bennett", "given": "Frank G.", "suffix": "Jr.", "comma-suffix": true},
                   {"family": "Mare", "given": "Walter", "non-dropping-particle": "de la"},
                   {"literal": "World Health Organization"}],
        "issued": {"date-parts": [[1998]], "season": 2},
        "accessed": {"raw": "2020-03-01"},
        "original-date": {"literal": "early 1850s"},
        "event-date": {"date-parts": [[1999, 5], [1999, 7]]},
        "language": "Portuguese", "DOI": "https://doi.org/10.1000/ABC",
        "citation-label": "Oli98", "status": "in press", "event-title": "A Congress",
        "references": "Cites 12 works", "jurisdiction": "us", "version": "2.1",
        "collection-number": "7", "number-of-volumes": 3, "year-suffix": "a"}]"#;
    let record = read_ok(Format::CslJson, item).remove(0);
    assert_eq!(record.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1998"));
    assert_eq!(record.languages.original.first().map(|l| l.as_str()), Some("pt"));
    assert_eq!(record.identifier(&IdScheme::Doi).map(|d| d.as_str()), Some("10.1000/ABC"));
    let extra: Vec<(&str, &str, &str)> =
        record.extra.iter().map(|e| (e.format.as_str(), e.field.as_str(), e.value.as_str())).collect();
    for kept in [
        ("csl-json", "citation-label", "Oli98"),
        ("csl-json", "status", "in press"),
        ("csl-json", "language", "Portuguese"),
        ("csl-json", "number-of-volumes", "3"),
        ("csl-json", "original-date", r#"{"literal":"early 1850s"}"#),
        // A series number without a series title has no place in the model.
        ("csl-json", "collection-number", "7"),
    ] {
        assert!(extra.contains(&kept), "{kept:?} not in {extra:?}");
    }
    let (_, back) = through_native(item);
    let before: Value = serde_json::from_str::<Vec<Value>>(item).unwrap().remove(0);
    let after: Value = serde_json::from_str::<Vec<Value>>(&back).unwrap().remove(0);
    for (key, value) in before.as_object().unwrap() {
        let expected = match (key.as_str(), value) {
            // A number kept in `extra` comes back as the same text.
            ("number-of-volumes", Value::Number(n)) => Value::String(n.to_string()),
            _ => value.clone(),
        };
        assert_eq!(after.get(key), Some(&expected), "`{key}` changed:\n{back}");
    }
}

#[test]
fn an_item_without_a_title_is_read_and_written_back_without_one() {
    let item = r#"[{"id": "pc", "type": "personal_communication", "author": [{"family": "Doe", "given": "J."}],
        "issued": {"date-parts": [[2001, 2, 3]]}}]"#;
    let record = read_ok(Format::CslJson, item).remove(0);
    assert_eq!(record.title, None);
    assert!(record.extra.is_empty(), "no marker stands in for the missing title: {:?}", record.extra);
    let (_, back) = through_native(item);
    let after: Value = serde_json::from_str::<Vec<Value>>(&back).unwrap().remove(0);
    assert!(after.get("title").is_none(), "{back}");
}

#[test]
fn an_archival_document_printed_in_a_volume_is_cited_by_the_volume_date_and_keeps_its_own() {
    let text = std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap();
    let mut record = read_ok(Format::Json, &text).remove(0);
    record.issued = Some("2005".parse().unwrap());
    let csl = write_with(Format::CslJson, std::slice::from_ref(&record));
    let item: Value = serde_json::from_str::<Vec<Value>>(&csl).unwrap().remove(0);
    assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2005]]));
    assert_eq!(item["custom"]["date"], "1969-04-14");
    assert_eq!(read_ok(Format::CslJson, &csl), vec![record]);
}

fn cite_all(style_name: &str, mode: Mode) -> Vec<String> {
    let citer = Citer::new(style::load(style_name).unwrap(), Some("en-US"), Some(mode)).unwrap();
    let records = read_ok(Format::CslJson, &items_text());
    ["brittain2004", "duncan2002"]
        .iter()
        .map(|k| {
            let i = records.iter().position(|r| r.key.as_deref() == Some(*k)).unwrap();
            citer.cite(&records[i], i, OutputFormat::Text).unwrap()
        })
        .collect()
}

#[test]
fn published_works_cite_like_articles_and_chapters_in_chicago_and_apa() {
    let chicago = cite_all("chicago-notes", Mode::Bibliography);
    assert!(
        chicago[0].contains("Journal of Sport and Social Issues 28, no. 4 (2004): 429–52"),
        "{}",
        chicago[0]
    );
    assert!(
        chicago[1].contains("In Mediasport, edited by Lawrence Wenner. Routledge, 2002"),
        "{}",
        chicago[1]
    );
    let apa = cite_all("apa", Mode::Bibliography);
    assert!(
        apa[0].starts_with("Brittain, I. (2004).")
            && apa[0]
                .contains("Journal of Sport and Social Issues, 28(4), 429–452. https://doi.org/10/fqd6hj"),
        "{}",
        apa[0]
    );
    assert!(apa[1].contains("In L. Wenner (Ed.), MediaSport (pp. 170–185). Routledge."), "{}", apa[1]);
}

#[test]
fn real_items_written_back_pass_the_real_validators() {
    let Some(script) = conformance_check() else { return };
    let (_, back) = through_native(&items_text());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("published.json");
    std::fs::write(&path, &back).unwrap();
    let out = std::process::Command::new("bash").arg(script).arg("csl-json").arg(&path).output().unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.code() == Some(3) {
        eprintln!("notice: conformance tools missing, csl-json not checked:\n{report}");
        return;
    }
    assert!(out.status.success(), "{report}\n{back}");
}
