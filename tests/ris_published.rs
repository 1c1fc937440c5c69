//! RIS of published works, as Scopus and Zotero (PubMed) export them: each
//! tag lands in its model field, and what has no field comes back in place.

use archcite::model::{IdScheme, Record};
use archcite::Format;

use crate::common::{read_with, write_with};

fn read(path: &str) -> Vec<Record> {
    let text = std::fs::read_to_string(path).expect("fixture");
    read_with(Format::Ris, &text).into_iter().map(|r| r.expect("record reads")).collect()
}

#[test]
fn a_pubmed_article_fills_the_bibliographic_fields() {
    let r = &read("tests/fixtures/ris-published/pubmed-zotero.ris")[0];
    assert_eq!(r.work_type.map(|w| w.csl()), Some("article-journal"));
    let c = r.container.as_ref().expect("container");
    assert_eq!(c.title.as_deref(), Some("Przeglad gastroenterologiczny"));
    assert_eq!(c.short_title.as_deref(), Some("Prz Gastroenterol"));
    assert_eq!(
        (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
        (Some("14"), Some("2"), Some("121–128"))
    );
    assert_eq!(r.identifier(&IdScheme::Doi).map(|d| d.as_str()), Some("10.5114/pg.2018.81081"));
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2019"));
    assert_eq!(r.languages.original.first().map(|l| l.as_str()), Some("en"));
    assert_eq!(r.keywords.len(), 5);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn a_scopus_article_keeps_its_notes_as_written_and_its_other_tags_in_extra() {
    let r = &read("tests/fixtures/ris-published/scopus.ris")[0];
    assert_eq!(r.container.as_ref().and_then(|c| c.title.as_deref()), Some("Psychoneuroendocrinology"));
    assert_eq!(r.number.as_deref(), Some("104501"), "C7 is the article number");
    assert_eq!(r.publication.as_ref().and_then(|p| p.publisher.as_deref()), Some("Elsevier Ltd"));
    assert!(r.notes.iter().any(|n| n.text.as_str() == "Export Date: 18 November 2019"), "{:?}", r.notes);
    assert!(r.extra.iter().any(|e| e.format.as_str() == "ris" && e.field.as_str() == "AD"));
    let out = write_with(Format::Ris, std::slice::from_ref(r));
    assert!(out.contains("TY  - JOUR\r\n") && out.contains("VL  - 111\r\n"), "{out}");
    assert!(!out.contains("General note"), "{out}");
}

#[test]
fn ris_to_model_to_ris_is_stable_and_keeps_every_value() {
    for path in ["tests/fixtures/ris-published/pubmed-zotero.ris", "tests/fixtures/ris-published/scopus.ris"]
    {
        let input = std::fs::read_to_string(path).unwrap();
        let once = write_with(Format::Ris, &read(path));
        let back: Vec<Record> = read_with(Format::Ris, &once).into_iter().map(Result::unwrap).collect();
        assert_eq!(write_with(Format::Ris, &back), once, "{path}");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let out = squash(&once);
        for line in input.lines() {
            let Some((tag, value)) = line.split_once("  - ") else { continue };
            // Dates, pages and languages are rewritten in RIS's own form.
            if ["PY", "DA", "SP", "EP", "LA", "ER", "TY"].contains(&tag) || value.trim().is_empty() {
                continue;
            }
            assert!(out.contains(&squash(value)), "{path}: {tag} `{value}` is lost");
        }
    }
}

#[test]
fn citation_js_and_rispy_read_published_records() {
    let records: Vec<(String, Record)> = read("tests/fixtures/ris-published/pubmed-zotero.ris")
        .into_iter()
        .enumerate()
        .map(|(i, r)| (format!("pubmed-{i}"), r))
        .collect();
    crate::common::assert_accepted_by_real_consumers(&records, &[Format::Ris]);
}
