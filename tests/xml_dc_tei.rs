//! Dublin Core (oai_dc, qualifieddc) and TEI: exact output, round trips,
//! hostile and malformed XML, and the real validators.

use archcite::model::{Agent, EdtfDate, Event, EventKind, Note, NoteKind, Record, Related, Rights};
use archcite::ne;
use archcite::Format;

use crate::common::{archcite, examples, read_with, with_snapshots, write_with};

const FORMATS: [Format; 3] = [Format::Dc, Format::Dcterms, Format::Tei];

fn read_one(format: Format, text: &str) -> Record {
    let mut records = read_with(format, text);
    assert_eq!(records.len(), 1, "{records:?}");
    records.remove(0).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn snapshots_of_every_example_in_every_format() {
    for (name, record) in examples() {
        for format in FORMATS {
            let text = write_with(format, std::slice::from_ref(&record));
            with_snapshots(|| insta::assert_snapshot!(format!("{}__{name}", format.name()), text));
        }
    }
}

#[test]
fn tei_round_trip_is_lossless_for_every_example() {
    for (name, record) in examples() {
        let back = read_one(Format::Tei, &write_with(Format::Tei, std::slice::from_ref(&record)));
        assert_eq!(back, record, "{name}");
    }
}

/// Values no example has: qualified dates, open intervals, terms outside the
/// vocabularies, leaves between other levels, odd spacing in the text.
fn unusual_record() -> Record {
    let mut r = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap().1;
    r.key = Some(ne!("rgani-1969"));
    r.original_title = Some(ne!("Запись беседы с Ким Ир Сеном"));
    r.date = Some("1969-04~".parse().unwrap());
    r.events.push(Event {
        kind: EventKind::parse_loose("accessed").unwrap(),
        date: "2024-01-02?".parse().unwrap(),
        note: None,
    });
    r.events.push(Event {
        kind: EventKind::parse_loose("Filed Away").unwrap(),
        date: "../1970-01".parse().unwrap(),
        note: None,
    });
    r.notes.push(Note {
        kind: NoteKind::parse_loose("Seal Impression").unwrap(),
        text: ne!("A red seal <sic> & \"more\""),
    });
    r.agents[7].on_behalf_of = Some(ne!("NKIDP"));
    if let Agent::Organization(o) = &mut r.agents[7].agent {
        o.abbreviation = Some(ne!("KU"));
    }
    r.references[0].levels.swap(2, 3);
    r.references[0].raw = None;
    r.rights = Some(Rights {
        statement: Some(ne!("Reuse welcome.")),
        license: Some("https://creativecommons.org/licenses/by/4.0/".parse().unwrap()),
        holder: Some(ne!("Wilson Center")),
    });
    r.related.push(Related {
        title: Some(ne!("Letter from Brezhnev")),
        url: Some("https://example.org/document/1".parse().unwrap()),
        record_id: Some(ne!("1")),
    });
    r.published_sources.push(ne!("Reprinted in Cold War International History Project Bulletin 14"));
    r.subjects.push(ne!("Sino-Soviet split"));
    r.text = Some(verbatim("\n First.\n\n\n\nSecond\r\nline.  \n\n"));
    r
}

/// Text kept as written, padding included, as a record read from JSON keeps it.
fn verbatim(s: &str) -> archcite::model::NonEmpty {
    archcite::model::NonEmpty::try_from(s.to_string()).unwrap()
}

#[test]
fn tei_round_trip_keeps_unusual_values() {
    let record = unusual_record();
    let text = write_with(Format::Tei, std::slice::from_ref(&record));
    assert!(text.contains("when-custom=\"2024-01-02?\""), "{text}");
    assert!(text.contains("<origDate when=\"1969-04\" cert=\"medium\">1969-04~</origDate>"), "{text}");
    assert!(text.contains("<change type=\"other\" n=\"Filed Away\" notAfter=\"1970-01\">"), "{text}");
    assert_eq!(read_one(Format::Tei, &text), record);
}

/// The fields Dublin Core carries, as it carries them.
fn dc_view(r: &Record, qualified: bool) -> serde_json::Value {
    let agents: Vec<(String, String)> =
        r.agents.iter().map(|c| (c.role.as_str().to_string(), c.agent.display_name())).collect();
    let mut languages: Vec<&str> =
        r.languages.original.iter().chain(&r.languages.translation).map(|l| l.as_str()).collect();
    languages.dedup();
    let mut subjects: Vec<String> = r.subjects.iter().map(|s| s.to_string()).collect();
    subjects.extend(r.people.iter().map(|p| p.sort_name()));
    // DC carries a reference as its conventional string, read back into levels.
    let sources: Vec<String> = r.references.iter().map(archcite::refparse::conventional).collect();
    let publication =
        r.publication.as_ref().map(|p| serde_json::json!([p.collection, p.publisher, p.url, p.record_id]));
    let rights = r.rights.as_ref().map(|x| {
        serde_json::json!([x.statement, x.license, if qualified { x.holder.clone() } else { None }])
    });
    serde_json::json!({
        "title": r.title, "original_title": r.original_title, "type": r.document_type, "date": r.date,
        "events": r.events, "agents": agents, "languages": languages, "subjects": subjects,
        "places": r.places, "sources": sources, "publication": publication, "rights": rights,
        "summary": r.summary, "notes": r.notes,
    })
}

#[test]
fn dublin_core_keeps_what_it_can_carry() {
    for (name, record) in examples() {
        for (format, qualified) in [(Format::Dc, false), (Format::Dcterms, true)] {
            let back = read_one(format, &write_with(format, std::slice::from_ref(&record)));
            assert_eq!(dc_view(&back, qualified), dc_view(&record, qualified), "{name} {}", format.name());
        }
    }
}

#[test]
fn dublin_core_keeps_qualified_dates_as_edtf() {
    let mut record = Record::new(ne!("A note"));
    for date in ["1969~", "1969-04?", "1969-04/1969-06", "../1970"] {
        record.date = Some(date.parse::<EdtfDate>().unwrap());
        for format in [Format::Dc, Format::Dcterms] {
            let back = read_one(format, &write_with(format, std::slice::from_ref(&record)));
            assert_eq!(back.date, record.date, "{date} {}", format.name());
        }
    }
}

#[test]
fn several_records_share_one_container() {
    let records: Vec<Record> = examples().into_iter().map(|(_, r)| r).collect();
    let tei = write_with(Format::Tei, &records);
    assert!(tei.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<teiCorpus"), "{tei}");
    assert_eq!(read_with(Format::Tei, &tei).into_iter().map(Result::unwrap).collect::<Vec<_>>(), records);
    for format in [Format::Dc, Format::Dcterms] {
        let text = write_with(format, &records);
        assert!(text.contains("<records>\n"), "{text}");
        assert_eq!(read_with(format, &text).len(), records.len());
        assert_eq!(Format::sniff(text.as_bytes()), Some(format));
    }
    assert_eq!(Format::sniff(tei.as_bytes()), Some(Format::Tei));
}

#[test]
fn text_that_xml_cannot_carry_is_refused_not_written() {
    let record = Record::new(verbatim("bell \u{7} here"));
    for format in FORMATS {
        let mut out = Vec::new();
        let err = format.writer().unwrap().write(&mut out, &record).unwrap_err();
        assert!(err.to_string().contains("U+0007 cannot be written in XML 1.0"), "{err}");
        assert!(out.is_empty());
    }
}

// ---------------------------------------------------------------- hostile and malformed input

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>&lol3;</teiHeader></TEI>
"#;

const XXE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title>&xxe;</dc:title>
</oai_dc:dc>
"#;

/// (name, format, input, message, line, column)
const BAD: &[crate::common::BadInput] = &[
    ("billion-laughs", Format::Tei, BILLION_LAUGHS, "DOCTYPE declarations are not allowed", 2, 1),
    ("external-entity", Format::Dc, XXE, "DOCTYPE declarations are not allowed", 2, 1),
    (
        "undeclared-entity",
        Format::Dc,
        "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"\n xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:title>&xxe;</dc:title></oai_dc:dc>",
        "undefined entity `&xxe;`",
        3,
        13,
    ),
    (
        "truncated",
        Format::Tei,
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <teiHeader>\n    <fileDesc>",
        "the document ends before <fileDesc> (line 3) is closed",
        3,
        15,
    ),
    (
        "mismatched-tags",
        Format::Dcterms,
        "<qualifieddc xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:title>A</dc:creator>\n</qualifieddc>",
        "malformed XML: ill-formed document: expected `</dc:title>`, but `</dc:creator>` was found",
        2,
        14,
    ),
    (
        "wrong-root",
        Format::Tei,
        "<?xml version=\"1.0\"?>\n<mods xmlns=\"http://www.loc.gov/mods/v3\"/>",
        "the root element is <{http://www.loc.gov/mods/v3}mods>, not <{http://www.tei-c.org/ns/1.0}TEI> or <{http://www.tei-c.org/ns/1.0}teiCorpus>",
        2,
        1,
    ),
    (
        "missing-tei-header",
        Format::Tei,
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <text><body><p/></body></text>\n</TEI>",
        "<TEI> has no <teiHeader>",
        1,
        1,
    ),
    (
        // A record may lack a title (it is read untitled), not everything.
        "empty-record",
        Format::Dc,
        "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"\n xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:title> </dc:title>\n</oai_dc:dc>",
        "<dc> holds no field: there is no record to read",
        1,
        1,
    ),
];

#[test]
fn bad_xml_is_refused_with_message_and_position() {
    crate::common::assert_refused_with_positions(BAD);
}

#[test]
fn bad_xml_on_the_command_line_exits_1_and_leaves_no_output() {
    crate::common::assert_cli_refuses(BAD);
}

#[test]
fn the_format_of_an_xml_file_is_sniffed_from_its_root() {
    let dir = tempfile::tempdir().unwrap();
    let (_, record) = examples().remove(0);
    for format in FORMATS {
        let path = dir.path().join(format!("record-{}.xml", format.name()));
        std::fs::write(&path, write_with(format, std::slice::from_ref(&record))).unwrap();
        let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
        assert!(out.status.success(), "{}: {}", format.name(), String::from_utf8_lossy(&out.stderr));
    }
}

// ---------------------------------------------------------------- real validators

#[test]
fn conformance_dc_dcterms_tei() {
    let mut records = examples();
    records.push(("unusual".into(), unusual_record()));
    crate::common::assert_accepted_by_real_consumers(&records, &FORMATS);
}
