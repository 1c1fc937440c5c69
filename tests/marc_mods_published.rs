//! MARCXML and MODS for published works: real catalogue records keep their
//! dates, identifiers, types and every field through a round trip, and the
//! bibliographic description archcite writes comes back.

use std::collections::BTreeMap;

use archcite::model::{Container, IdScheme, Identifier, Record, Series, TitleKind, WorkType};
use archcite::ne;
use archcite::Format;

use crate::common::{read_with, write_with};

fn read_all(format: Format, text: &str) -> Vec<Record> {
    read_with(format, text).into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect()
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("tests/fixtures/{path}")).expect("fixture")
}

/// How many elements of each name a document holds (`datafield 245` for MARC).
fn census(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for part in text.split('<').skip(1) {
        if part.starts_with(['/', '?', '!']) {
            continue;
        }
        let name: String =
            part.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        let key = match part.split_once("tag=\"") {
            Some((_, rest)) if name.ends_with("field") => format!("{name} {}", &rest[..3]),
            _ => name,
        };
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

/// F -> model -> F keeps every element of the input and is stable from the
/// second cycle.
fn round_trip_keeps_everything(format: Format, input: &str) -> Vec<Record> {
    let first = read_all(format, input);
    let once = write_with(format, &first);
    let (before, after) = (census(input), census(&once));
    for (name, n) in &before {
        assert!(after.get(name).copied().unwrap_or(0) >= *n, "{name}: {n} in, {after:?} out\n{once}");
    }
    let twice = write_with(format, &read_all(format, &once));
    let thrice = write_with(format, &read_all(format, &twice));
    assert_eq!(twice, thrice, "not stable from the second cycle");
    first
}

#[test]
fn real_marc_records_keep_type_date_identifiers_and_every_field() {
    let records =
        round_trip_keeps_everything(Format::Marcxml, &fixture("marcxml-published/pymarc-batch.xml"));
    let ray = &records[0];
    assert_eq!(ray.work_type, Some(WorkType::Song));
    assert_eq!(ray.date, Some("1957".parse().unwrap()));
    assert_eq!(ray.identifier(&IdScheme::Lccn).map(|v| v.as_str()), Some("91758335"));
    assert_eq!(ray.publication.as_ref().and_then(|p| p.publisher.as_deref()), Some("Atlantic"));
    assert!(ray.extent.as_deref().is_some_and(|e| e.starts_with("1 sound disc")));
    assert!(ray.subjects.iter().any(|s| s.starts_with("Jazz--1951-1960")), "{:?}", ray.subjects);
    let white_house = &records[1];
    assert_eq!(white_house.identifier(&IdScheme::Oclc).map(|v| v.as_str()), Some("44279786"));
    // Local fields are kept in extra and written back.
    assert!(white_house.extra.iter().any(|e| e.format.as_str() == "marcxml" && e.field.as_str() == "906"));
    let text = write_with(Format::Marcxml, &records);
    assert!(text.contains("<datafield tag=\"906\""), "{text}");
}

#[test]
fn alternate_script_fields_become_other_script_titles_and_names() {
    let r = round_trip_keeps_everything(Format::Marcxml, &fixture("marcxml-published/lc-m2b-880-arabic.xml"))
        .remove(0);
    assert_eq!(r.work_type, Some(WorkType::Book));
    assert_eq!(r.date, Some("2019".parse().unwrap()));
    assert!(r.subtitle.is_some());
    assert!(r.alternate_titles.iter().any(|t| t.kind == Some(TitleKind::OtherScript)));
    let scripts = r
        .agents
        .iter()
        .filter(|c| matches!(&c.agent, archcite::model::Agent::Person(p) if p.original_script.is_some()))
        .count();
    assert!(scripts >= 2, "{:?}", r.agents);
}

fn article() -> Record {
    let mut r = Record::new(ne!("The Sino-Soviet split"));
    r.work_type = Some(WorkType::ArticleJournal);
    r.subtitle = Some(ne!("New evidence"));
    r.date = Some("2003".parse().unwrap());
    r.container = Some(Container {
        title: Some(ne!("Journal of Cold War Studies")),
        volume: Some(ne!("5")),
        issue: Some(ne!("2")),
        pages: Some(ne!("95-101")),
        ..Container::default()
    });
    r.identifiers.push(Identifier::new(IdScheme::Issn, "1520-3972").unwrap());
    r.identifiers.push(Identifier::new(IdScheme::Doi, "10.1162/152039703321625382").unwrap());
    r
}

fn book() -> Record {
    let mut r = Record::new(ne!("Foreign relations of the United States"));
    r.work_type = Some(WorkType::Book);
    r.date = Some("2006".parse().unwrap());
    r.edition = Some(ne!("1st ed."));
    r.extent = Some(ne!("xii, 1024 p."));
    r.series = Some(Series {
        title: ne!("Foreign relations of the United States, 1969-1976"),
        number: Some(ne!("17")),
    });
    r.publication_mut().publisher = Some(ne!("Government Printing Office"));
    r.publication_mut().place = Some(ne!("Washington"));
    r.identifiers.push(Identifier::new(IdScheme::Isbn, "9780160762352").unwrap());
    r
}

#[test]
fn published_works_are_written_as_marc_describes_them_and_come_back() {
    let text = write_with(Format::Marcxml, &[article(), book()]);
    assert!(text.contains("<leader>00000nab a2200000 c 4500</leader>"), "{text}");
    assert!(text.contains("<leader>00000nam a2200000 c 4500</leader>"), "{text}");
    for needle in [
        "<subfield code=\"g\">Vol. 5, no. 2, p. 95-101</subfield>",
        "<datafield tag=\"022\"",
        "<subfield code=\"2\">doi</subfield>",
        "<datafield tag=\"020\"",
        "<datafield tag=\"264\" ind1=\" \" ind2=\"1\">",
        "<datafield tag=\"490\"",
        "<datafield tag=\"250\"",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    assert!(!text.contains("tag=\"524\""), "no preferred citation for published works\n{text}");
    let back = read_all(Format::Marcxml, &text);
    assert_eq!(back, vec![article(), book()]);
    let back = read_all(Format::Mods, &write_with(Format::Mods, &[article(), book()]));
    assert_eq!(back, vec![article(), book()], "mods");
}

#[test]
fn a_host_item_part_in_the_usual_shape_is_read_into_the_container() {
    let text = "<record xmlns=\"http://www.loc.gov/MARC21/slim\"><leader>00000cab a2200000 a 4500</leader>\
        <datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">An article</subfield></datafield>\
        <datafield tag=\"773\" ind1=\"0\" ind2=\" \"><subfield code=\"t\">Some journal.</subfield>\
        <subfield code=\"g\">Vol. 5, no. 2 (2003), p. 95-101</subfield><subfield code=\"x\">1234-5678</subfield></datafield>\
        </record>";
    let r = read_all(Format::Marcxml, text).remove(0);
    let c = r.container.clone().unwrap();
    assert_eq!(
        (c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
        (Some("5"), Some("2"), Some("95-101"))
    );
    assert_eq!(c.title.as_deref(), Some("Some journal"));
    assert_eq!(r.identifier(&IdScheme::Issn).map(|v| v.as_str()), Some("1234-5678"));
    assert_eq!(r.work_type, Some(WorkType::ArticleJournal));
    // The $g as written is kept with its field.
    let again = write_with(Format::Marcxml, &[r]);
    assert!(again.contains("Vol. 5, no. 2 (2003), p. 95-101"), "{again}");
}

#[test]
fn real_mods_records_keep_every_element() {
    for name in ["dpla-nypl.xml", "sul-dlss-mods-shpc1.xml"] {
        let records = round_trip_keeps_everything(Format::Mods, &fixture(&format!("mods-published/{name}")));
        assert!(records[0].work_type.is_some(), "{name}");
    }
    let shpc = read_all(Format::Mods, &fixture("mods-published/sul-dlss-mods-shpc1.xml")).remove(0);
    assert_eq!(shpc.medium.as_deref(), Some("black and white photographic print"));
    assert!(shpc
        .container
        .as_ref()
        .and_then(|c| c.title.as_deref())
        .is_some_and(|t| t.starts_with("Stanford")));
}

#[test]
fn mods_dates_in_words_and_published_dates_are_read() {
    let text = "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo><title>A book</title><subTitle>and more</subTitle></titleInfo>\
        <typeOfResource>text</typeOfResource>\
        <originInfo><place><placeTerm type=\"text\">London</placeTerm></place><publisher>Macmillan</publisher>\
        <dateIssued>[1887?]</dateIssued><issuance>monographic</issuance></originInfo>\
        <identifier type=\"isbn\">0877790191</identifier><identifier type=\"lccn\">87012345</identifier></mods>";
    let r = read_all(Format::Mods, text).remove(0);
    assert_eq!(r.work_type, Some(WorkType::Book));
    assert!(r.date.is_some(), "a date in words is read");
    assert_eq!(r.subtitle.as_deref(), Some("and more"));
    assert_eq!(r.publication.as_ref().and_then(|p| p.publisher.as_deref()), Some("Macmillan"));
    assert_eq!(r.identifier(&IdScheme::Isbn).map(|v| v.as_str()), Some("0877790191"));
    assert_eq!(r.identifier(&IdScheme::Lccn).map(|v| v.as_str()), Some("87012345"));
}

/// MARC's "9999" as the last date of a continuing resource is an open end,
/// not the year 9999 (Stanford's EarthWorks MODS write it so).
#[test]
fn a_marc_9999_end_date_is_an_open_end() {
    let text = "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo><title>National atlas</title></titleInfo>\
        <originInfo><dateIssued>1998-</dateIssued><dateIssued encoding=\"marc\" point=\"start\">1998</dateIssued>\
        <dateIssued encoding=\"marc\" point=\"end\">9999</dateIssued></originInfo></mods>";
    let r = read_all(Format::Mods, text).remove(0);
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("1998/.."));
}
