//! EAD3 finding aids: records that share levels share components, every
//! example and a batch of real-world records are valid against the official
//! schemas, EAD3 → records → EAD3 is stable, and components that hold no
//! item are reported when read.

use archcite::formats::ead::Ead3Writer;
use archcite::formats::{Source, Writer};
use archcite::model::{Level, LevelKind, Record, Role};
use archcite::ne;
use archcite::Format;

use crate::common::{archcite, conformance_check, examples, root, with_snapshots, write_with};

/// The batch as EAD3, dated so that the output does not change from day to day.
fn ead3(records: &[Record]) -> String {
    let mut w = Ead3Writer::dated("2026-01-01");
    let mut out = Vec::new();
    w.begin(&mut out).unwrap();
    for r in records {
        w.write(&mut out, r).unwrap();
    }
    w.end(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Read EAD3 text: the records and the warnings.
fn read(text: &str) -> (Vec<Record>, Vec<String>) {
    let source = Source::from_text("finding-aid.xml", text);
    let warnings = source.warnings.clone();
    let records = Format::Ead3.read(source).collect::<Result<Vec<_>, _>>().unwrap_or_else(|e| panic!("{e}"));
    (records, warnings.take().into_iter().map(|w| w.to_string()).collect())
}

fn rgani() -> Record {
    examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap().1
}

/// The RGANI example at another place in fond 5.
fn at(levels: &[(&str, &str)], title: &str) -> Record {
    let mut r = rgani();
    r.title = Some(ne!(title));
    let reference = &mut r.references[0];
    reference.raw = None;
    reference.levels =
        levels.iter().map(|(k, v)| Level::new(k.parse::<LevelKind>().unwrap(), v).unwrap()).collect();
    r
}

/// Four documents of fond 5: two in one delo, one in another delo of the
/// same opis, one in another opis.
fn one_fond() -> Vec<Record> {
    vec![
        rgani(),
        at(&[("fond", "5"), ("opis", "61"), ("delo", "462"), ("listi", "102-104")], "Second record"),
        at(&[("fond", "5"), ("opis", "61"), ("delo", "463"), ("listi", "1")], "Third record"),
        at(&[("fond", "5"), ("opis", "30"), ("delo", "10")], "Fourth record"),
    ]
}

#[test]
fn snapshots_of_every_example() {
    for (name, record) in examples() {
        let text = ead3(std::slice::from_ref(&record));
        with_snapshots(|| insta::assert_snapshot!(format!("ead3__{name}"), text));
    }
}

#[test]
fn a_batch_from_one_fond_is_one_nested_tree() {
    let text = ead3(&one_fond());
    with_snapshots(|| insta::assert_snapshot!("ead3__one-fond", text));
    let count = |s: &str| text.matches(s).count();
    assert_eq!(count("<c level=\"fonds\">"), 1, "{text}");
    assert_eq!(count("<c level=\"series\">"), 2, "{text}");
    assert_eq!(count("<c level=\"file\">"), 3, "{text}");
    assert_eq!(count("<c level=\"item\">"), 4, "{text}");
    // One repository: named once, in the archdesc.
    assert_eq!(count("<repository>"), 1, "{text}");
    let archdesc = text.find("<archdesc").unwrap();
    assert!(text.find("<repository>").unwrap() > archdesc && text.find("<repository>") < text.find("<dsc>"));
    // The two documents of delo 462 sit in the same file component.
    let d462 = text.find("<unitid localtype=\"delo\">462</unitid>").unwrap();
    let d463 = text.find("<unitid localtype=\"delo\">463</unitid>").unwrap();
    let between = &text[d462..d463];
    assert_eq!(between.matches("<c level=\"item\">").count(), 2, "{between}");
}

#[test]
fn several_repositories_each_name_their_own_tree() {
    let mut records: Vec<Record> = examples().into_iter().map(|(_, r)| r).collect();
    let mut loose = Record::new(ne!("A record with no archival reference"));
    loose.date = Some("1950".parse().unwrap());
    records.push(loose);
    let text = ead3(&records);
    let archdesc_did = &text[text.find("<archdesc").unwrap()..text.find("<dsc>").unwrap()];
    assert!(!archdesc_did.contains("<repository"), "{archdesc_did}");
    // Four repositories, one per tree, and the record without one.
    assert_eq!(text.matches("<repository>").count(), 4, "{text}");
    let (back, _) = read(&text);
    assert_eq!(back, read(&ead3(&back)).0);
    assert_eq!(back.len(), records.len());
    // In the order of the tree: the record without a repository comes last.
    for (r, b) in records.iter().zip(&back) {
        assert_eq!(r.references.first(), b.references.first(), "{:?}", r.title);
        assert!(b.references.len() <= 1);
    }
}

#[test]
fn every_example_reads_back_with_every_field_ead3_carries() {
    for (name, record) in examples() {
        let (back, warnings) = read(&ead3(std::slice::from_ref(&record)));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert_eq!(back.len(), 1, "{name}");
        let lost: Vec<String> = Format::Ead3.losses(&record).iter().map(|l| l.field.to_string()).collect();
        // What is not lost comes back exactly: drop the lost fields and compare.
        let mut expected = record.clone();
        expected.text = None;
        expected.publication = expected
            .publication
            .and_then(|p| archcite::model::Publication { url: p.url, ..Default::default() }.non_empty());
        expected.languages.translation.clear();
        expected.references.truncate(1);
        expected
            .agents
            .retain(|c| Format::Ead3.carries(&archcite::model::Field::of("agents", c.role.as_str())));
        expected.agents.iter_mut().for_each(|c| c.on_behalf_of = None);
        // Agents come back grouped by where EAD3 puts them: creators
        // (origination), then obtained-by (acqinfo), then every other role
        // (controlaccess: participants, translators, funders...), each group
        // in record order.
        let group = |c: &archcite::model::Contributor| match c.role {
            Role::Author | Role::Recorder => 0,
            Role::ObtainedBy => 1,
            _ => 2,
        };
        expected.agents.sort_by_key(group);
        assert!(!lost.iter().any(|f| f == "references" || f == "title"), "{name}: {lost:?}");
        assert_eq!(back[0], expected, "{name}: lost {lost:?}");
    }
}

#[test]
fn ead3_to_records_to_ead3_is_stable() {
    let mut batches: Vec<(String, Vec<Record>)> = vec![
        ("examples".into(), examples().into_iter().map(|(_, r)| r).collect()),
        ("one fond".into(), one_fond()),
    ];
    for (name, path) in REALWORLD {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        let format = Format::sniff(text.as_bytes()).unwrap();
        batches.push((name.to_string(), format.read_str(&text).unwrap()));
    }
    for (name, records) in batches {
        let first = ead3(&records);
        let (back, warnings) = read(&first);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert_eq!(back.len(), records.len(), "{name}");
        let second = ead3(&back);
        assert_eq!(first, second, "{name}");
        assert_eq!(read(&second).0, back, "{name}");
    }
}

/// Real-world records with archival references (shelf marks, call numbers),
/// as archcite reads them.
const REALWORLD: &[(&str, &str)] = &[
    ("british library MARC", "tests/fixtures/realworld/marcxml/lc-m2b-british-library.xml"),
    ("GWU MARC", "tests/fixtures/realworld/marcxml/lc-m2b-gwu.xml"),
    ("NYPL MODS", "tests/fixtures/realworld/mods/dpla-nypl.xml"),
    ("Stanford MODS", "tests/fixtures/realworld/mods/sul-dlss-mods-shpc1.xml"),
    ("Bodleian TEI", "tests/fixtures/realworld/tei/bodleian-medieval-mss-corpus.xml"),
    ("Syriaca TEI", "tests/fixtures/realworld/tei/syriaca-manuscripts-corpus.xml"),
];

#[test]
fn components_that_hold_no_item_are_reported() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<ead xmlns="http://ead3.archivists.org/schema/">
  <control><recordid>x</recordid><filedesc><titlestmt><titleproper>X</titleproper></titlestmt></filedesc>
    <maintenancestatus value="new"/><maintenanceagency><agencyname>X</agencyname></maintenanceagency>
    <maintenancehistory><maintenanceevent><eventtype value="created"/><eventdatetime>2020</eventdatetime>
    <agenttype value="human"/><agent>X</agent></maintenanceevent></maintenancehistory></control>
  <archdesc level="fonds">
    <did><repository><corpname><part>Hoover Institution Library &amp; Archives</part></corpname></repository>
      <unitid>2000C86</unitid><unittitle>Papers</unittitle></did>
    <dsc>
      <c level="series"><did><unitid>Series 1</unitid><unittitle>Correspondence</unittitle></did>
        <c level="file"><did><unitid>Box 3, Folder 7</unitid></did>
          <c level="item"><did><unittitle>Letter to the
             editor</unittitle><unitdate normal="1951-03-02">2 March 1951</unitdate></did></c>
        </c>
      </c>
      <c level="series"><did><unitid>Series 2</unitid><unittitle>Photographs</unittitle></did>
        <c level="file"><did><unitid>Box 9</unitid></did></c>
      </c>
    </dsc>
  </archdesc>
</ead>"#;
    let (records, warnings) = read(text);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.title.as_deref(), Some("Letter to the editor"));
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1951-03-02"));
    let reference = &r.references[0];
    assert_eq!(
        reference.repository.as_ref().map(|x| x.full_label()),
        Some("Hoover Institution Library & Archives")
    );
    let levels: Vec<String> = reference.levels.iter().map(|l| format!("{}={}", l.kind, l.value)).collect();
    assert_eq!(levels, ["fond=2000C86", "series=Series 1", "file=Box 3, Folder 7"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("series-level component Series 2 (Photographs) holds no item-level component"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("line 17"), "{warnings:?}");

    // An item within an item is a record too, below its parent's levels.
    let nested = text.replace(
        "</unitdate></did></c>",
        r#"</unitdate><unitid>p. 2</unitid></did><c level="item"><did><unittitle>Enclosure</unittitle></did></c></c>"#,
    );
    let (records, _) = read(&nested);
    let titles: Vec<&str> = records.iter().filter_map(|r| r.title.as_deref()).collect();
    assert_eq!(titles, ["Letter to the editor", "Enclosure"]);
    let last = records[1].references[0].levels.last().map(|l| l.value.to_string());
    assert_eq!(last.as_deref(), Some("p. 2"));

    // Without any item-level component, the lowest components are the records.
    let files_only = text.replace(r#"<c level="item">"#, r#"<c level="otherlevel" otherlevel="piece">"#);
    let (records, warnings) = read(&files_only);
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(warnings[0].contains("no item-level component: its lowest components are read"), "{warnings:?}");
}

#[test]
fn text_that_xml_cannot_carry_is_refused_naming_the_record() {
    let mut bad = rgani();
    bad.summary = Some(ne!("a\u{1}b"));
    let err = Format::Ead3.write_string(&[rgani(), bad]).unwrap_err();
    assert!(err.to_string().contains("record 2") && err.to_string().contains("U+0001"), "{err}");
}

#[test]
fn the_format_is_sniffed_and_converted_on_the_command_line() {
    let text = write_with(Format::Ead3, &one_fond());
    assert_eq!(Format::sniff(text.as_bytes()), Some(Format::Ead3));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fond-5.xml");
    std::fs::write(&path, &text).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
}

// ---------------------------------------------------------------- real validators

#[test]
fn conformance_ead3() {
    let Some(check) = conformance_check() else {
        return eprintln!("conformance: ../shared/conformance not found; skipped");
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, record) in examples() {
        files.push((name, ead3(std::slice::from_ref(&record))));
    }
    files.push(("examples".into(), ead3(&examples().into_iter().map(|(_, r)| r).collect::<Vec<_>>())));
    files.push(("one-fond".into(), ead3(&one_fond())));
    for (name, path) in REALWORLD {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        let records = Format::sniff(text.as_bytes()).unwrap().read_str(&text).unwrap();
        files.push((name.replace(' ', "-"), ead3(&records)));
    }
    // Public finding aids (EAD3 and EAD 2002) read and written again.
    for name in ["umn-clrc-2155", "ncsu-mc00212", "stanford-a0011-ead2002"] {
        let text = std::fs::read_to_string(root().join(format!("tests/fixtures/realworld/ead3/{name}.xml")))
            .unwrap();
        files.push((format!("{name}-again"), ead3(&read(&text).0)));
    }
    let mut failures = Vec::new();
    for (name, text) in files {
        let path = dir.path().join(format!("{name}.ead.xml"));
        std::fs::write(&path, text).unwrap();
        let out = std::process::Command::new("bash")
            .arg(&check)
            .arg("ead3")
            .arg(&path)
            .env("CHECK_QUIET", "1")
            .env("CHECK_STRICT", "1")
            .output()
            .unwrap();
        let report =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        match out.status.code() {
            Some(0) => {}
            Some(3) => {
                return eprintln!("conformance: validators not installed (run install.sh); skipped\n{report}")
            }
            _ => failures.push(format!("{name}:\n{report}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Finding aids published by real repositories (the EAD3 samples of the
/// Society of American Archivists' schema repository): their components
/// have no item level, so their lowest components are read, with a warning,
/// each with its collection, box and folder, its repository and its title.
#[test]
fn public_finding_aids_read_with_every_lowest_component() {
    let cases: [(&str, usize, &[&str], &str); 2] = [
        (
            "tests/fixtures/realworld/ead3/umn-clrc-2155.xml",
            3,
            &["collection=CLRC-2155", "box=1", "folder=1"],
            "University of Minnesota. Children's Literature Research Collections. [clrc]",
        ),
        (
            "tests/fixtures/realworld/ead3/ncsu-mc00212.xml",
            2,
            &["collection=MC 00212", "flatbox=1"],
            "North Carolina State University Libraries, Special Collections Research Center",
        ),
    ];
    for (path, count, levels, repository) in cases {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        assert_eq!(Format::sniff(text.as_bytes()), Some(Format::Ead3), "{path}");
        let (records, warnings) = read(&text);
        let components = text.matches("<c>").count() + text.matches("<c0").count();
        assert_eq!(records.len(), count, "{path}: {records:?}");
        assert!(components >= count, "{path}");
        assert!(warnings.iter().any(|w| w.contains("no item-level component")), "{path}: {warnings:?}");
        let first = &records[0];
        let reference = &first.references[0];
        let got: Vec<String> = reference.levels.iter().map(|l| format!("{}={}", l.kind, l.value)).collect();
        assert_eq!(got, levels, "{path}");
        assert_eq!(reference.repository.as_ref().map(|r| r.full_label()), Some(repository), "{path}");
        // Another tool's padding is not the title's.
        let title = first.title.as_deref().unwrap();
        assert_eq!(title, title.trim(), "{path}");
        // What was read is written back as a valid tree under the same repository.
        let again = ead3(&records);
        assert_eq!(read(&again).0, records, "{path}");
    }
}

#[test]
fn bad_finding_aids_are_refused_with_message_and_position() {
    crate::common::assert_refused_with_positions(&[
        (
            "no-archdesc",
            Format::Ead3,
            "<ead xmlns=\"http://ead3.archivists.org/schema/\">\n  <control/>\n</ead>",
            "<ead> has no <archdesc>",
            1,
            1,
        ),
        (
            "empty-item",
            Format::Ead3,
            "<ead xmlns=\"http://ead3.archivists.org/schema/\"><archdesc level=\"fonds\"><did/><dsc>\n  <c level=\"item\"><did/></c></dsc></archdesc></ead>",
            "an item-level component holds nothing archcite can read",
            2,
            3,
        ),
        (
            "doctype",
            Format::Ead3,
            "<!DOCTYPE ead SYSTEM \"ead.dtd\">\n<ead xmlns=\"http://ead3.archivists.org/schema/\"/>",
            "DOCTYPE declarations are not allowed",
            1,
            1,
        ),
    ]);
    // The good items of a finding aid are kept beside a bad one.
    let text = "<ead xmlns=\"http://ead3.archivists.org/schema/\"><archdesc level=\"fonds\"><did/><dsc>\
        <c level=\"item\"><did><unittitle>Kept</unittitle></did></c><c level=\"item\"><did/></c></dsc></archdesc></ead>";
    let results = crate::common::read_with(Format::Ead3, text);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().title.as_deref(), Some("Kept"));
    assert!(results[1].is_err());
}

/// An EAD 2002 finding aid as ArchivesSpace exports it (Stanford's, kept by
/// ArcLight as a test fixture): `c01`, `container/@type`, `dao/@xlink:href`,
/// names as inverted text.
#[test]
fn an_ead_2002_finding_aid_reads_with_its_component() {
    let path = "tests/fixtures/realworld/ead3/stanford-a0011-ead2002.xml";
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    assert_eq!(Format::sniff(text.as_bytes()), Some(Format::Ead3));
    let (records, warnings) = read(&text);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let r = &records[0];
    assert_eq!(r.title.as_deref(), Some("Photograph Album"));
    let reference = &r.references[0];
    let levels: Vec<String> = reference.levels.iter().map(|l| format!("{}={}", l.kind, l.value)).collect();
    assert_eq!(levels, ["collection=A0011", "box=1"]);
    assert_eq!(
        reference.repository.as_ref().map(|x| x.full_label()),
        Some("Department of Special Collections and University Archives")
    );
    assert_eq!(
        r.publication.as_ref().and_then(|p| p.url.as_ref()).map(|u| u.as_str()),
        Some("http://purl.stanford.edu/kc844kt2526")
    );
    match &r.agents[..] {
        [c] => {
            assert_eq!(c.role, Role::Author);
            assert_eq!(c.agent.display_name(), "Leland Stanford");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn translators_and_funders_are_access_points_with_their_role_and_read_back() {
    let record = rgani();
    let text = ead3(std::slice::from_ref(&record));
    assert!(text.contains("<persname relator=\"translator\">"), "{text}");
    assert_eq!(text.matches("<corpname relator=\"funder\">").count(), 2, "{text}");
    let lost: Vec<String> = Format::Ead3.losses(&record).iter().map(|l| l.field.to_string()).collect();
    assert!(!lost.iter().any(|f| f.starts_with("agents[")), "{lost:?}");
    let (back, _) = read(&text);
    let roles = |r: &Record, role: Role| r.agents_in(role).map(|c| c.agent.clone()).collect::<Vec<_>>();
    assert_eq!(roles(&back[0], Role::Translator), roles(&record, Role::Translator));
    assert_eq!(roles(&back[0], Role::Funder), roles(&record, Role::Funder));
    assert_eq!(roles(&back[0], Role::Funder).len(), 2);
}
