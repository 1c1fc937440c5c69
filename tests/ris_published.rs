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

/// The lines of a RIS file as a multiset, blank lines and trailing space aside.
fn line_set(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    lines
}

#[test]
fn embase_ovid_and_rayyan_files_come_back_line_for_line() {
    // Variant tags (JF and JO, A1, T1, N2, Y1), names as written ("Liu R."),
    // a repeated ISSN, `LA  - English`, KW and its lines without a tag,
    // SP holding a range, Ovid's numbers before TY and NL and links after ER.
    for name in ["embase", "ovid-psycinfo", "rayyan"] {
        let path = format!("tests/fixtures/ris-published/{name}.ris");
        let input = std::fs::read_to_string(&path).unwrap();
        let once = write_with(Format::Ris, &read(&path));
        assert_eq!(line_set(&once), line_set(&input), "{name}:\n{once}");
        let back: Vec<Record> = read_with(Format::Ris, &once).into_iter().map(Result::unwrap).collect();
        assert_eq!(write_with(Format::Ris, &back), once, "{name}");
    }
}

#[test]
fn the_model_holds_meanings_and_the_markers_only_forms() {
    let r = &read("tests/fixtures/ris-published/embase.ris")[0];
    assert_eq!(r.container.as_ref().and_then(|c| c.title.as_deref()), Some("Endoscopic Ultrasound"));
    assert_eq!(r.languages.original.first().map(|l| l.as_str()), Some("en"));
    assert_eq!(r.identifiers.iter().filter(|i| i.scheme == IdScheme::Issn).count(), 1);
    let marker = |f: &str| r.extra.iter().find(|e| e.field.as_str() == f).map(|e| e.value.as_str());
    assert_eq!(marker("tag-of:container.title"), Some("JF,JO"));
    assert_eq!(marker("tag-of:agents[author]"), Some("A1"));
    assert_eq!(marker("tag-of:identifiers[issn]"), Some("SN,SN"));
    let ovid = read("tests/fixtures/ris-published/ovid-psycinfo.ris");
    assert_eq!(ovid.len(), 2);
    assert_eq!(ovid[0].identifier(&IdScheme::Doi).map(|d| d.as_str()), Some("10.1002/cpp.2398"));
    assert!(ovid[1].extra.iter().any(|e| e.field.as_str() == "before-TY" && e.value == "2."));
    assert!(ovid[0].extra.iter().any(|e| e.field.as_str() == "after-ER" && e.value.starts_with("NL  - ")));
    let scopus = &read("tests/fixtures/ris-published/scopus.ris")[0];
    assert_eq!(scopus.identifier(&IdScheme::Issn).map(|d| d.as_str()), Some("03064530"));
    let rayyan = read("tests/fixtures/ris-published/rayyan.ris");
    assert_eq!(rayyan[0].keywords.len(), 13, "each line of KW is a keyword");
    assert_eq!(rayyan[0].container.as_ref().and_then(|c| c.pages.as_deref()), Some("1-5"));
}

#[test]
fn a_tag_line_after_er_closed_by_another_er_is_a_record_without_ty() {
    let text = "TY  - JOUR\nTI  - One\nER  - \nTI  - Two\nAU  - Doe, J.\nER  - \n";
    let results = read_with(Format::Ris, text);
    assert_eq!(results.len(), 2);
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.position.unwrap().line, 4, "{e}");
    assert!(e.message.contains("has no `TY  - `"), "{e}");
}

#[test]
fn a_type_ris_cannot_write_as_ty_survives_in_a_note_and_comes_back() {
    // Not of the 2011 list (`XYZ`), and not a type code at all.
    for ty in ["XYZ", "MANSChe History and Public Policy"] {
        let input = format!("TY  - {ty}\r\nTI  - A\r\nER  - \r\n");
        let once = read_with(Format::Ris, &input).remove(0).expect("record reads");
        let out = write_with(Format::Ris, std::slice::from_ref(&once));
        assert!(
            out.starts_with("TY  - GEN\r\n") && out.contains(&format!("N1  - RIS type: {ty}\r\n")),
            "{out}"
        );
        let back = read_with(Format::Ris, &out).remove(0).expect("read back");
        assert_eq!(back, once, "{out}");
        assert!(Format::Ris.losses(&once).is_empty(), "{:?}", Format::Ris.losses(&once));
    }
}

/// Exports joined with `cat` keep each one's byte-order mark: a line of
/// space and marks is blank, and a mark before `TY` is no part of the tag.
#[test]
fn byte_order_marks_inside_a_ris_file_are_skipped() {
    let text = " \u{feff}\nTY  - BOOK\nT1  - One\nER  - \n\u{feff}TY  - JOUR\nT1  - Two\nER  - \n";
    let records = Format::Ris.read_str(text).unwrap();
    let titles: Vec<_> = records.iter().map(|r| r.title.as_deref().unwrap().to_string()).collect();
    assert_eq!(titles, ["One", "Two"]);
}
