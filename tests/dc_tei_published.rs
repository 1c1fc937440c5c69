//! Real Dublin Core, OAI-PMH and TEI records keep what they carry: dates,
//! typed identifiers, organisations, work types, and every value the model
//! has no field for (in `extra`, written back to the same format); round
//! trips are stable from the second cycle on.

use archcite::model::{Agent, IdScheme, Record, Role, WorkType};
use archcite::Format;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("tests/fixtures/dc-tei-published/{name}")).expect("fixture")
}

fn read(format: Format, text: &str) -> Vec<Record> {
    format.read_str(text).unwrap_or_else(|e| panic!("{e}"))
}

/// F -> json -> F three times: the second and third outputs are identical.
fn assert_stable(format: Format, records: &[Record]) -> String {
    let through_json = |text: &str| {
        let json = Format::Json.write_string(&read(format, text)).expect("json");
        format.write_string(&read(Format::Json, &json)).expect("writes")
    };
    let first = format.write_string(records).expect("writes");
    let second = through_json(&first);
    let third = through_json(&second);
    assert_eq!(second, third, "{} is not stable from the second cycle", format.name());
    second
}

fn has_extra(r: &Record, format: &str, field: &str, value: &str) -> bool {
    r.extra_of(format).any(|e| e.field.as_str() == field && e.value.contains(value))
}

#[test]
fn helda_issn_is_an_identifier_and_a_department_an_organisation() {
    let r = read(Format::OaiPmh, &fixture("helda-listrecords-oai_dc.xml")).remove(0);
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2007"));
    assert_eq!(r.identifier(&IdScheme::Issn).map(|v| v.as_str()), Some("1796-6361"));
    assert_eq!(r.identifier(&IdScheme::Handle).map(|v| v.as_str()), Some("1975/7634"));
    let record_id = r.publication.as_ref().and_then(|p| p.record_id.as_deref());
    assert_ne!(record_id, Some("1796-6361"), "an ISSN is not the record ID");
    let department = r.agents.iter().find(|c| c.role == Role::Contributor).expect("contributor");
    assert!(
        matches!(&department.agent, Agent::Organization(o) if o.name.as_str() == "Helsingin yliopisto, soveltavan biologian laitos"),
        "{department:?}"
    );
    assert!(matches!(&r.agents[0].agent, Agent::Person(p) if p.family.as_str() == "Tall"));
    assert_eq!(r.work_type, Some(WorkType::Book));
    assert!(has_extra(&r, "oai-pmh", "setSpec", "hdl_10138_18081"), "{:?}", r.extra);
    assert!(has_extra(&r, "oai-pmh", "datestamp", "2011-06-09T14:38:35Z"));
    let dc = assert_stable(Format::Dc, &[r]);
    // Written back as the harvest spelled them (see dublin_core_is_written_back_as_it_was_read).
    for value in [">1796-6361<", "http://hdl.handle.net/1975/7634", "Helsingin yliopisto, soveltavan"] {
        assert!(dc.contains(value), "{value} in\n{dc}");
    }
}

#[test]
fn arxiv_dates_doi_and_journal_reference_survive_dublin_core() {
    let text = fixture("share-arxiv-0704.0001.xml");
    let r = read(Format::Dc, &text).remove(0);
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2007-04-02"));
    assert!(has_extra(&r, "dc", "date", "2007-07-24"), "the second version's date is kept");
    assert_eq!(r.identifier(&IdScheme::Doi).map(|v| v.as_str()), Some("10.1103/PhysRevD.76.013009"));
    assert_eq!(
        r.publication.as_ref().and_then(|p| p.url.as_ref()).map(|u| u.as_str()),
        Some("http://arxiv.org/abs/0704.0001")
    );
    assert!(has_extra(&r, "dc", "identifier", "Phys.Rev.D76:013009,2007"));
    assert_eq!(r.agents.iter().filter(|c| c.role == Role::Author).count(), 4);
    for format in [Format::Dc, Format::Dcterms] {
        let out = assert_stable(format, std::slice::from_ref(&r));
        let back = read(format, &out).remove(0);
        assert_eq!(back.date, r.date, "{}", format.name());
        assert_eq!(back.identifiers, r.identifiers, "{}", format.name());
        assert!(out.contains("2007-07-24"), "{}", format.name());
    }
    let dc = assert_stable(Format::Dc, &[r]);
    assert!(dc.contains("Phys.Rev.D76:013009,2007"));
}

#[test]
fn repository_types_become_work_types_and_the_genre_is_kept() {
    let records = read(Format::OaiPmh, &fixture("sickle-listrecords.xml"));
    let r = &records[0];
    assert_eq!(r.work_type, Some(WorkType::Article));
    assert_eq!(r.document_type.as_ref().map(|t| t.as_str()), Some("info:eu-repo/semantics/article"));
    assert!(has_extra(r, "dc", "type", "doc-type:article"));
    assert_eq!(r.published_sources.first().map(|s| s.as_str()), Some("Sample Source"));
    let dc = assert_stable(Format::Dc, &records);
    for value in ["info:eu-repo/semantics/article", "doc-type:article", "Sample Source"] {
        assert!(dc.contains(value), "{value}");
    }
}

#[test]
fn a_journal_citation_is_the_container() {
    let dc = r#"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title>An article</dc:title>
  <dc:source>Journal of Cold War Studies, 12(3), 45–67</dc:source>
  <dc:date>2003-04-15T10:18:51Z</dc:date>
  <dc:date>2012-05</dc:date>
  <dc:type>Journal Article</dc:type>
  <dc:format>application/pdf</dc:format>
  <dc:coverage>1945-1991</dc:coverage>
</oai_dc:dc>"#;
    let r = read(Format::Dc, dc).remove(0);
    let c = r.container.clone().expect("container");
    assert_eq!(
        (c.title.as_deref(), c.volume.as_deref(), c.issue.as_deref(), c.pages.as_deref()),
        (Some("Journal of Cold War Studies"), Some("12"), Some("3"), Some("45–67"))
    );
    assert_eq!(
        r.date.as_ref().map(|d| d.to_string()).as_deref(),
        Some("2012-05"),
        "the date, not the timestamp"
    );
    assert!(has_extra(&r, "dc", "date", "2003-04-15T10:18:51Z"));
    assert!(has_extra(&r, "dc", "format", "application/pdf"));
    assert!(has_extra(&r, "dc", "coverage", "1945-1991"));
    assert_eq!(r.work_type, Some(WorkType::ArticleJournal));
    for format in [Format::Dc, Format::Dcterms, Format::Tei] {
        let out = assert_stable(format, std::slice::from_ref(&r));
        let back = read(format, &out).remove(0);
        assert_eq!(back.container, r.container, "{}", format.name());
        assert_eq!(back.work_type, r.work_type, "{}", format.name());
    }
}

#[test]
fn a_catalogue_manuscript_description_is_kept_whole_in_tei() {
    let text = fixture("syriaca-manuscript-114.xml");
    let r = read(Format::Tei, &text).remove(0);
    assert!(!r.references.is_empty());
    assert!(
        r.extra_of("tei").any(|e| e.field.as_str() == "sourceDesc/msDesc"),
        "{:?}",
        r.extra.iter().map(|e| &e.field).collect::<Vec<_>>()
    );
    let out = assert_stable(Format::Tei, std::slice::from_ref(&r));
    // Every text of the original header is in the output.
    let header = |s: &str| s[s.find("<teiHeader").unwrap()..s.find("</teiHeader>").unwrap()].to_string();
    let words = |s: &str| {
        let mut plain = String::new();
        let mut in_tag = false;
        for ch in s.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    plain.push(' ')
                }
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        plain.split_whitespace().map(str::to_string).collect::<Vec<_>>()
    };
    let written = words(&header(&out)).join(" ");
    for w in words(&header(&text)) {
        assert!(written.contains(&w), "`{w}` is lost");
    }
}

/// A harvested record's own spellings (`nl`, `Article`, a bare ISBN, a
/// contributor without a role) come back as they were; values the record
/// gained (the OAI header's identifier) follow them; an edited element is
/// written in archcite's spelling.
#[test]
fn dublin_core_is_written_back_as_it_was_read() {
    let text = r#"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title>Neuromarketing</dc:title>
  <dc:contributor>Smidts, A.</dc:contributor>
  <dc:type>Article</dc:type>
  <dc:identifier>90-5892-036-4</dc:identifier>
  <dc:identifier>http://hdl.handle.net/1765/308</dc:identifier>
  <dc:language>nl</dc:language>
</oai_dc:dc>"#;
    let r = read(Format::Dc, text).remove(0);
    let dc = Format::Dc.write_string(std::slice::from_ref(&r)).unwrap();
    for line in [
        "<dc:contributor>Smidts, A.</dc:contributor>",
        "<dc:type>Article</dc:type>",
        "<dc:identifier>90-5892-036-4</dc:identifier>\n  <dc:identifier>http://hdl.handle.net/1765/308</dc:identifier>",
        "<dc:language>nl</dc:language>",
    ] {
        assert!(dc.contains(line), "{line} in\n{dc}");
    }
    assert!(!dc.contains("dut") && !dc.contains("urn:isbn") && !dc.contains("(contributor)"), "{dc}");
    // A value gained since: written after the ones read, in archcite's spelling.
    let mut gained = r.clone();
    gained.identifiers.push(archcite::model::Identifier::new(IdScheme::Issn, "1234-5678").unwrap());
    let dc = Format::Dc.write_string(std::slice::from_ref(&gained)).unwrap();
    assert!(
        dc.contains("http://hdl.handle.net/1765/308</dc:identifier>\n  <dc:identifier>urn:issn:1234-5678"),
        "{dc}"
    );
    // An edited language: the spelling read no longer names it.
    let mut edited = r.clone();
    edited.languages.original = vec!["de".parse().unwrap()];
    let dc = Format::Dc.write_string(std::slice::from_ref(&edited)).unwrap();
    assert!(dc.contains("<dc:language>ger</dc:language>") && !dc.contains(">nl<"), "{dc}");
    // archcite's own spelling reads back with nothing to keep as read.
    edited.extra.retain(|e| !e.is_marker());
    let own = Format::Dc.write_string(&[edited]).unwrap();
    let again = read(Format::Dc, &own).remove(0);
    assert!(again.extra.iter().all(|e| !e.field.starts_with('@')), "{:?}", again.extra);
}
