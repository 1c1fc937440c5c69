//! MARCXML and MODS: exact output, stable round trips, what each format carries
//! back into the model, malformed input, and the real validators.

use archcite::model::{
    Agent, EdtfDate, Event, EventKind, LevelKind, Note, NoteKind, Record, Related, Rights,
};
use archcite::ne;
use archcite::Format;

use crate::common::{archcite, examples, read_with, with_snapshots, write_with};

const FORMATS: [Format; 2] = [Format::Marcxml, Format::Mods];

fn read_all(format: Format, text: &str) -> Vec<Record> {
    read_with(format, text).into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect()
}

#[test]
fn snapshots_of_every_example_in_both_formats() {
    for (name, record) in examples() {
        for format in FORMATS {
            let text = write_with(format, std::slice::from_ref(&record));
            with_snapshots(|| insta::assert_snapshot!(format!("{}__{name}", format.name()), text));
        }
    }
}

/// Values no example has: qualified dates, open intervals, terms outside the
/// vocabularies, a licence and holder, related records, a key.
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
        date: "../1970-01%".parse().unwrap(),
        note: None,
    });
    r.notes.push(Note { kind: NoteKind::Classification, text: ne!("Top Secret <sic> & \"more\"") });
    r.agents[7].on_behalf_of = Some(ne!("NKIDP"));
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
    r.languages.translation.push("de".parse().unwrap());
    r
}

fn all_records() -> Vec<(String, Record)> {
    let mut records = examples();
    records.push(("unusual".into(), unusual_record()));
    records
}

#[test]
fn second_generation_is_byte_identical() {
    for (name, record) in all_records() {
        for format in FORMATS {
            let first = write_with(format, std::slice::from_ref(&record));
            let second = write_with(format, &read_all(format, &first));
            assert_eq!(second, first, "{name} as {}", format.name());
        }
    }
}

#[test]
fn several_records_stream_as_one_collection_and_come_back_in_order() {
    let records: Vec<Record> = all_records().into_iter().map(|(_, r)| r).collect();
    for format in FORMATS {
        let text = write_with(format, &records);
        let back = read_all(format, &text);
        assert_eq!(back.len(), records.len());
        assert_eq!(write_with(format, &back), text, "{}", format.name());
        assert_eq!(Format::sniff(text.as_bytes()), Some(format));
    }
    let one = write_with(Format::Marcxml, &records[..1]);
    assert!(one.contains("<collection xmlns=\"http://www.loc.gov/MARC21/slim\""), "{one}");
    let one = write_with(Format::Mods, &records[..1]);
    assert!(one.contains("\n<mods xmlns=\"http://www.loc.gov/mods/v3\""), "{one}");
    assert!(write_with(Format::Mods, &records).contains("<modsCollection"));
}

/// The fields both catalogue formats carry, as they carry them.
fn catalogue_view(r: &Record) -> serde_json::Value {
    let agents: Vec<_> = r
        .agents
        .iter()
        .map(|c| {
            let abbreviation_free = match &c.agent {
                Agent::Person(p) => serde_json::json!(p),
                Agent::Organization(o) => serde_json::json!(o.name),
            };
            serde_json::json!([c.role, abbreviation_free, c.on_behalf_of])
        })
        .collect();
    let mut agents = agents;
    agents.sort_by_key(|a| a.to_string());
    let references: Vec<_> = r
        .references
        .iter()
        .map(|x| {
            serde_json::json!([x.repository.as_ref().map(|r| r.full_label().to_string()), x.levels, x.raw])
        })
        .collect();
    serde_json::json!({
        "key": r.key, "title": r.title, "original_title": r.original_title, "type": r.document_type,
        "date": r.date, "events": r.events, "languages": r.languages, "agents": agents,
        "references": references, "publication": r.publication, "rights": r.rights, "summary": r.summary,
        "notes": r.notes, "subjects": r.subjects, "places": r.places, "people": r.people,
        "related": r.related, "published_sources": r.published_sources,
    })
}

#[test]
fn what_each_format_carries_comes_back() {
    for (name, record) in all_records() {
        for format in FORMATS {
            let back = read_all(format, &write_with(format, std::slice::from_ref(&record))).remove(0);
            assert_eq!(catalogue_view(&back), catalogue_view(&record), "{name} as {}", format.name());
            assert_eq!(back.text, None, "{name}: the text has no home in {}", format.name());
        }
    }
}

#[test]
fn levels_come_back_from_the_shelf_mark() {
    let (_, record) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    for format in FORMATS {
        let text = write_with(format, std::slice::from_ref(&record));
        assert!(text.contains("f. 5, op. 61, d. 462, ll. 95–101"), "{text}");
        let back = read_all(format, &text).remove(0);
        let kinds: Vec<&LevelKind> = back.references[0].levels.iter().map(|l| &l.kind).collect();
        assert_eq!(kinds, [&LevelKind::Fond, &LevelKind::Opis, &LevelKind::Delo, &LevelKind::Listi]);
        assert_eq!(back.references[0].repository.as_ref().unwrap().abbreviation.as_deref(), Some("RGANI"));
    }
}

#[test]
fn marc_fixed_fields_are_consistent() {
    let (_, record) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap();
    let text = write_with(Format::Marcxml, std::slice::from_ref(&record));
    let field = |tag: &str| {
        let start = text.find(&format!("tag=\"{tag}\">")).unwrap() + 10;
        text[start..start + text[start..].find('<').unwrap()].to_string()
    };
    let leader = text.split("<leader>").nth(1).unwrap().split('<').next().unwrap();
    assert_eq!(leader.len(), 24);
    assert_eq!((&leader[6..8], &leader[10..12], &leader[20..24]), ("tm", "22", "4500"));
    let fixed = field("008");
    assert_eq!(fixed.chars().count(), 40, "{fixed}");
    assert_eq!(&fixed[6..15], "e19690414");
    assert_eq!(&fixed[35..38], "eng");
    assert!(text.contains("<subfield code=\"a\">7 leaves</subfield>"));
    assert!(text.contains("<subfield code=\"4\">trl</subfield>"));
}

#[test]
fn qualified_dates_survive_both_formats() {
    let mut record = Record::new(ne!("A note"));
    for date in ["1969~", "1969-04?", "1969%", "1969-04/1969-06", "../1970", "1969-04-01~/.."] {
        record.date = Some(date.parse::<EdtfDate>().unwrap());
        for format in FORMATS {
            let back = read_all(format, &write_with(format, std::slice::from_ref(&record))).remove(0);
            assert_eq!(back.date, record.date, "{date} {}", format.name());
        }
    }
    let text = write_with(Format::Mods, std::slice::from_ref(&record));
    assert!(text.contains("point=\"start\""), "{text}");
    record.date = Some("1969~".parse().unwrap());
    let text = write_with(Format::Mods, std::slice::from_ref(&record));
    assert!(text.contains("qualifier=\"approximate\">1969</dateCreated>"), "{text}");
}

#[test]
fn text_that_xml_cannot_carry_is_refused_not_written() {
    let record = Record::new(archcite::model::NonEmpty::try_from("bell \u{7} here".to_string()).unwrap());
    for format in FORMATS {
        let mut out = Vec::new();
        let err = format.writer().unwrap().write(&mut out, &record).unwrap_err();
        assert!(err.to_string().contains("U+0007 cannot be written in XML 1.0"), "{err}");
        assert!(out.is_empty());
    }
}

// ---------------------------------------------------------------- malformed input

const DOCTYPE: &str = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\"/>";

/// (name, format, input, message, line, column)
const BAD: &[crate::common::BadInput] = &[
    ("marc-doctype", Format::Marcxml, DOCTYPE, "DOCTYPE declarations are not allowed", 2, 1),
    (
        "marc-truncated",
        Format::Marcxml,
        "<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n  <record>\n    <leader>",
        "the document ends before <leader> (line 3) is closed",
        3,
        13,
    ),
    (
        "marc-wrong-root",
        Format::Marcxml,
        "<?xml version=\"1.0\"?>\n<mods xmlns=\"http://www.loc.gov/mods/v3\"/>",
        "the root element is <{http://www.loc.gov/mods/v3}mods>, not <{http://www.loc.gov/MARC21/slim}record> or <{http://www.loc.gov/MARC21/slim}collection>",
        2,
        1,
    ),
    (
        // A record may lack a title (it is read untitled), not everything.
        "marc-empty",
        Format::Marcxml,
        "<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n  <record>\n    <leader>00000ntm a2200000 c 4500</leader>\n  </record>\n</collection>",
        "<record> holds no field: there is no record to read",
        2,
        3,
    ),
    (
        "marc-bad-date",
        Format::Marcxml,
        "<record xmlns=\"http://www.loc.gov/MARC21/slim\">\n<datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">T</subfield></datafield>\n<datafield tag=\"046\" ind1=\" \" ind2=\" \"><subfield code=\"k\">1969-02-30</subfield></datafield>\n</record>",
        "046: 1969-02-30 does not exist in the calendar",
        3,
        1,
    ),
    (
        "mods-mismatched",
        Format::Mods,
        "<mods xmlns=\"http://www.loc.gov/mods/v3\">\n  <titleInfo><title>A</titleInfo>\n</mods>",
        "malformed XML: ill-formed document: expected `</title>`, but `</titleInfo>` was found",
        2,
        22,
    ),
    (
        "mods-wrong-root",
        Format::Mods,
        "<collection xmlns=\"http://www.loc.gov/MARC21/slim\"/>",
        "the root element is <{http://www.loc.gov/MARC21/slim}collection>, not <{http://www.loc.gov/mods/v3}mods> or <{http://www.loc.gov/mods/v3}modsCollection>",
        1,
        1,
    ),
    (
        "mods-doctype",
        Format::Mods,
        "<!DOCTYPE mods>\n<mods xmlns=\"http://www.loc.gov/mods/v3\"/>",
        "DOCTYPE declarations are not allowed",
        1,
        1,
    ),
    (
        // A record may lack a title (it is read untitled), not everything.
        "mods-empty",
        Format::Mods,
        "<mods xmlns=\"http://www.loc.gov/mods/v3\">\n  <titleInfo><title> </title></titleInfo>\n</mods>",
        "<mods> holds no field: there is no record to read",
        1,
        1,
    ),
    (
        "mods-bad-date",
        Format::Mods,
        "<mods xmlns=\"http://www.loc.gov/mods/v3\">\n  <titleInfo><title>A</title></titleInfo>\n  <originInfo><dateCreated encoding=\"w3cdtf\">April 1969</dateCreated></originInfo>\n</mods>",
        "<dateCreated>: `April 1969` is not an EDTF date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally with ~ ? or %, or START/END",
        3,
        15,
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
fn the_format_is_known_by_extension_and_by_root() {
    let dir = tempfile::tempdir().unwrap();
    let (_, record) = examples().remove(0);
    for (format, ext) in [(Format::Marcxml, "marcxml"), (Format::Marcxml, "mrcx"), (Format::Mods, "mods")] {
        assert_eq!(Format::from_extension(ext), Some(format));
        let text = write_with(format, std::slice::from_ref(&record));
        for file in [format!("record.{ext}"), format!("record-{ext}.xml")] {
            let path = dir.path().join(file);
            std::fs::write(&path, &text).unwrap();
            let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
            assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        }
    }
}

// ---------------------------------------------------------------- real validators

#[test]
fn conformance_marcxml_mods() {
    crate::common::assert_accepted_by_real_consumers(&all_records(), &FORMATS);
}

/// MODS allows `alternativeName` in a name of its own but neither it nor
/// `altRepGroup` in a subject's name: a person discussed keeps the original
/// script in a parallel subject of the same group, valid and read back.
#[test]
fn a_person_discussed_keeps_the_original_script_in_a_parallel_subject() {
    let mut r = Record::untitled();
    r.title = Some(ne!("Dīvān"));
    let mut hafiz = archcite::model::Person::new(ne!("Ḥāfiẓ"), None);
    hafiz.original_script = Some(ne!("حافظ"));
    r.people = vec![hafiz.clone(), archcite::model::Person::new(ne!("Sa'di"), None)];
    let mods = write_with(Format::Mods, std::slice::from_ref(&r));
    assert!(!mods.contains("alternativeName"), "{mods}");
    assert!(mods.contains(r#"<subject altRepGroup="person-1" script="Arab">"#), "{mods}");
    let back = read_all(Format::Mods, &mods).remove(0);
    assert_eq!(back.people, r.people);
}

/// A shelf mark written with a hyphen in its leaf range (as catalogues type
/// it) is read into levels in both formats, and written back as it was.
#[test]
fn shelf_marks_with_a_hyphen_are_read_into_levels_and_kept_as_written() {
    let shelf = "f. 5, op. 61, d. 462, ll. 95-101";
    let marc = format!(
        "<record xmlns=\"http://www.loc.gov/MARC21/slim\"><leader>00000ntm a2200000 a 4500</leader>\
         <datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">Record of a conversation</subfield></datafield>\
         <datafield tag=\"852\" ind1=\" \" ind2=\" \"><subfield code=\"a\">RGANI</subfield><subfield code=\"j\">{shelf}</subfield></datafield></record>"
    );
    let mods = format!(
        "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo><title>Record of a conversation</title></titleInfo>\
         <location><physicalLocation>RGANI</physicalLocation><shelfLocator>{shelf}</shelfLocator></location></mods>"
    );
    for (format, text) in [(Format::Marcxml, marc), (Format::Mods, mods)] {
        let r = read_all(format, &text).remove(0);
        let kinds: Vec<String> = r.references[0].levels.iter().map(|l| format!("{:?}", l.kind)).collect();
        assert_eq!(kinds.len(), 4, "{format:?}: {kinds:?}");
        assert_eq!(r.references[0].levels[3].value.as_str(), "95-101", "{format:?}");
        let written = write_with(format, std::slice::from_ref(&r));
        assert!(written.contains(shelf), "{format:?}: {written}");
    }
}
