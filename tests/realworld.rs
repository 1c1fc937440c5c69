//! Files people actually have (tests/fixtures/realworld, each with its source):
//! read whole, nothing refused, what they carry kept.

use archcite::Format;

use crate::common::{archcite, read_with, root};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/realworld").join(path)).unwrap()
}

#[test]
fn bibtex_as_people_write_it_parenthesis_delimiters() {
    let records: Vec<_> = read_with(Format::Bibtex, &fixture("bib/epfl-big-paren-entries.bib"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[0].title.as_deref().unwrap(),
        "Transforms and Operators for Directional Bioimage Analysis: A Survey"
    );
    assert_eq!(records[0].agents[0].agent.display_name(), "Z. Püspöki");
    assert_eq!(records[1].agents[5].agent.display_name(), "D.A. Rüfenacht");
    assert_eq!(records[2].date.as_ref().map(|d| d.to_string()).as_deref(), Some("2012"));
    assert_eq!(records[1].key.as_deref(), Some("http://bigwww.epfl.ch/publications/fonck0901.html"));
}

#[test]
fn bibtex_as_people_write_it_string_macros_in_parentheses_and_undefined_macros() {
    let bib = "@string(WC = \"Wilson Center\")\n\
               @misc{a, title = {A}, publisher = WC # { Press}, howpublished = UNDEFINED, month = sept, year = 1999}\n";
    let record = read_with(Format::Bibtex, bib).remove(0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1999-09"));
    let publisher = record.publication.as_ref().and_then(|p| p.publisher.as_deref());
    assert_eq!(publisher, Some("Wilson Center Press"), "{record:?}");
    // The undefined macro is kept as its text, and the CLI warns about it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("macros.bib");
    std::fs::write(&path, bib).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("UNDEFINED"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("`UNDEFINED` is not a defined @string macro"),
        "{stderr}"
    );
}

#[test]
fn ris_with_lenient_tag_spacing() {
    // As Scopus and several exporters write it: one space each side of the hyphen.
    let ris = "TY - JOUR\nTI - Soviet Policy toward North Korea\nAU - Radchenko, Sergey\nPY - 2005\nER - \n";
    let record = read_with(Format::Ris, ris).remove(0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.title.as_deref().unwrap(), "Soviet Policy toward North Korea");
    assert_eq!(record.agents.len(), 1);
    assert_eq!(Format::sniff(ris.as_bytes()), Some(Format::Ris));
}

#[test]
fn directories_of_xml_files_are_read_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap();
    let record = Format::Json.read_str(&example).unwrap();
    for format in [Format::Marcxml, Format::Mods, Format::Dc, Format::Tei] {
        let path = dir.path().join(format!("{}.xml", format.name()));
        std::fs::write(path, format.write_string(&record).unwrap()).unwrap();
    }
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("4 records written, 0 skipped"), "{stderr}");
}

#[test]
fn directories_without_a_readable_file_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt.bak"), "nothing").unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no file of a format archcite reads"), "{stderr}");
}

#[test]
fn encodings_xml_declared_in_a_legacy_encoding_or_utf_16_is_decoded() {
    let native = r#"{"title": "Jelentés a koreai helyzetről", "date": "1955-02-26",
        "references": [{"repository": {"abbreviation": "MNL OL", "name": "Magyar Nemzeti Levéltár Országos Levéltára"},
                        "levels": [{"kind": "fond", "value": "XIX-J-1-j"}]}]}"#;
    let record = Format::Json.read_str(native).unwrap().remove(0);
    let mods = Format::Mods.write_string(std::slice::from_ref(&record)).unwrap();
    for (label, encoding) in
        [("ISO-8859-2", encoding_rs::ISO_8859_2), ("windows-1250", encoding_rs::WINDOWS_1250)]
    {
        let declared = mods.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""), 1);
        // What the encoding lacks (typographic quotes) becomes character references.
        let (bytes, _, _) = encoding.encode(&declared);
        let text = latin1_preview(&bytes);
        let read = Format::Mods
            .read(archcite::formats::Source::new("mods.xml", std::io::Cursor::new(bytes.into_owned())));
        let back: Vec<_> = read.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(back[0].title.as_deref().unwrap(), "Jelentés a koreai helyzetről", "{label}: {text}");
    }
    let mut cyrillic = record.clone();
    cyrillic.title = Some(archcite::ne!("Запись беседы с Ким Ир Сеном"));
    let marc = Format::Marcxml.write_string(std::slice::from_ref(&cyrillic)).unwrap();
    let declared = marc.replacen("encoding=\"UTF-8\"", "encoding=\"windows-1251\"", 1);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&declared);
    let back = Format::Marcxml
        .read(archcite::formats::Source::new("m.xml", std::io::Cursor::new(bytes.into_owned())));
    let back: Vec<_> = back.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back[0].title.as_deref().unwrap(), "Запись беседы с Ким Ир Сеном");
    // UTF-16 with its byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        marc.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1)
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let back = Format::Marcxml.read(archcite::formats::Source::new("m16.xml", std::io::Cursor::new(utf16)));
    assert_eq!(back.collect::<Result<Vec<_>, _>>().unwrap()[0].title, cyrillic.title);
}

/// `.bib` files as reference managers save them (tests/fixtures/encodings):
/// UTF-16 with and without a byte order mark, lines ended by a lone CR, and
/// Windows-1252 named by JabRef's `% Encoding:` first line, read by the
/// library and by `convert` alike.
#[test]
fn encodings_bib_files_in_utf_16_or_named_by_their_first_line_are_decoded() {
    let turkey = "Investigation of the best suture pattern to close a stuffed Christmas turkey";
    let cases = [
        ("jabref-utf16le-no-bom.bib", turkey),
        ("jabref-utf16be-bom.bib", turkey),
        ("jabref-utf16be-cr-lines.bib", "Ü ist ein Umlaut"),
        ("jabref-windows-1252-header.bib", "25° C"),
    ];
    for (file, value) in cases {
        let path = root().join("tests/fixtures/encodings").join(file);
        let bytes = std::fs::read(&path).unwrap();
        let source = archcite::formats::Source::new(file, std::io::Cursor::new(bytes));
        let records: Vec<_> =
            Format::Bibtex.read(source).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(records.len(), 1, "{file}");
        let text = records[0].title.as_ref().or(records[0].summary.as_ref()).map(|t| t.to_string());
        assert_eq!(text.as_deref(), Some(value), "{file}");
        let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
        let json = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(json.contains(&format!("\"{value}\"")), "{file}: no `{value}` in {json}");
    }
}

/// MARCXML without its namespace: a bare `<collection>` reads as MARCXML;
/// inside an SRU response a bare `<record>` is MARC when it opens with
/// `<leader>`, and the envelope's own `<record>` is not.
#[test]
fn marcxml_without_its_namespace_alone_or_in_an_sru_response() {
    let marc = r#"<record><leader>00000nam a2200000 a 4500</leader>
        <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Bare title</subfield></datafield></record>"#;
    let titles = |text: String| -> (Vec<String>, Vec<String>) {
        let source = archcite::formats::Source::from_text("in.xml", text);
        let warnings = source.warnings.clone();
        let read: Vec<_> =
            Format::Marcxml.read(source).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
        let titles = read.iter().map(|r| r.title.as_deref().unwrap().to_string()).collect();
        (titles, warnings.take().into_iter().map(|w| w.message).collect())
    };
    let (found, warned) = titles(format!("<collection>{marc}{marc}</collection>"));
    assert_eq!(found, ["Bare title", "Bare title"]);
    assert!(warned.is_empty(), "{warned:?}");
    assert_eq!(Format::sniff(format!("<collection>{marc}</collection>").as_bytes()), Some(Format::Marcxml));
    let sru = format!(
        r#"<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><records>
           <record><recordSchema>marcxml</recordSchema><recordData>{}</recordData></record>
           </records></searchRetrieveResponse>"#,
        marc.replacen("<record>", r#"<record xmlns="">"#, 1)
    );
    let (found, warned) = titles(sru);
    assert_eq!(found, ["Bare title"]);
    assert!(warned.iter().any(|w| w.contains("searchRetrieveResponse")), "{warned:?}");
    let path = root().join("tests/fixtures/realworld/marcxml/jabref-b3kat-sru-book.xml");
    let (found, _) = titles(std::fs::read_to_string(path).unwrap());
    assert_eq!(found, ["Marketing Automation with Mailchimp"]);
}

/// The bytes as Latin-1 text, for a failure message.
fn latin1_preview(bytes: &[u8]) -> String {
    bytes.iter().take(200).map(|&b| char::from(b)).collect()
}

/// After the Dublin Core record of the OAI-PMH specification's GetRecord
/// example, with the date-time and locale forms real repository harvests carry.
#[test]
fn values_as_real_records_write_them_languages_and_datetimes() {
    let dc = r#"<?xml version="1.0" encoding="UTF-8"?>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title>Using Structural Metadata to Localize Experience of Digital Content</dc:title>
  <dc:creator>Dushay, Naomi</dc:creator>
  <dc:date>2003-04-15T10:18:51Z</dc:date>
  <dc:language>en_US</dc:language>
  <dc:language>русский</dc:language>
  <dc:language>Old Church Slavonic and Greek</dc:language>
</oai_dc:dc>"#;
    let record = Format::Dc.read_str(dc).unwrap_or_else(|e| panic!("{e}")).remove(0);
    assert_eq!(record.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2003-04-15"));
    let tags: Vec<String> = record.languages.original.iter().map(|t| t.to_string()).collect();
    assert_eq!(tags, ["en-US", "ru"]);
    assert!(
        record.notes.iter().any(|n| n.text.as_str() == "Old Church Slavonic and Greek"),
        "kept, not refused"
    );
    for (written, tag) in
        [("eng", "en"), ("rus", "ru"), ("English", "en"), ("ger", "de"), ("zh_Hans", "zh-Hans")]
    {
        let parsed = archcite::model::LanguageTag::parse_loose(written).map(|t| t.to_string());
        assert_eq!(parsed.as_deref(), Some(tag), "{written}");
    }
    // Any language ISO 639-2 names, by any of its English names.
    for (written, tag) in [("Old Church Slavonic", "cu"), ("lat", "la"), ("Syriac", "syr")] {
        let parsed = archcite::model::LanguageTag::parse_loose(written).map(|t| t.to_string());
        assert_eq!(parsed.as_deref(), Some(tag), "{written}");
    }
    let ris = "TY  - MANSCPT\nTI  - T\nLA  - Church Slavonic, Russian recension\nER  - \n";
    let record = Format::Ris.read_str(ris).unwrap().remove(0);
    // Kept, and written back as it came.
    assert!(
        record
            .extra
            .iter()
            .any(|e| e.field.as_str() == "LA" && e.value == "Church Slavonic, Russian recension"),
        "RIS keeps an unknown LA"
    );
    let again = Format::Ris.write_string(&[record]).unwrap();
    assert!(again.contains("LA  - Church Slavonic, Russian recension"), "{again}");
}

#[test]
fn oai_pmh_responses_list_records_with_oai_dc() {
    let text = fixture("oai/helda-listrecords-oai_dc.xml");
    assert_eq!(Format::sniff(text.as_bytes()), Some(Format::OaiPmh));
    let record = Format::OaiPmh.read_str(&text).unwrap_or_else(|e| panic!("{e}")).remove(0);
    assert_eq!(record.title.as_deref().unwrap(), "Perunan typpilannoitus luonnonmukaisessa viljelyssä");
    assert_eq!(record.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2007"));
    assert_eq!(record.subjects.len(), 6);
    assert!(record.events.iter().any(|e| e.date.to_string() == "2011-06-09"), "the datestamp is kept");
    let oai_id = "oai:helda.helsinki.fi:1975/7634";
    let kept = record.publication.as_ref().and_then(|p| p.record_id.as_deref()) == Some(oai_id)
        || record.notes.iter().any(|n| n.text.contains(oai_id));
    assert!(kept, "the OAI identifier is kept");
}

#[test]
fn oai_pmh_responses_marc21_mods_deleted_records_and_resumption_tokens() {
    let example = std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap();
    let record = Format::Json.read_str(&example).unwrap();
    let marc = Format::Marcxml.write_string(&record).unwrap();
    let marc_record = &marc[marc.find("<record>").unwrap()..marc.rfind("</record>").unwrap() + 9];
    let marc_record =
        marc_record.replacen("<record>", "<record xmlns=\"http://www.loc.gov/MARC21/slim\">", 1);
    let mods = Format::Mods.write_string(&record).unwrap();
    let mods_root = &mods[mods.find("<mods ").unwrap()..];
    let response = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2026-12-01T10:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="marc21">https://example.org/oai</request>
  <ListRecords>
    <record><header><identifier>oai:example.org:1</identifier><datestamp>2020-01-02</datestamp></header>
      <metadata>{marc_record}</metadata></record>
    <record><header status="deleted"><identifier>oai:example.org:2</identifier><datestamp>2020-01-03</datestamp></header></record>
    <record><header><identifier>oai:example.org:3</identifier><datestamp>2020-01-04</datestamp></header>
      <metadata>{mods_root}</metadata></record>
    <resumptionToken completeListSize="120" cursor="0">page-2</resumptionToken>
  </ListRecords>
</OAI-PMH>"#
    );
    let source = archcite::formats::Source::from_text("harvest.xml", response);
    let warnings = source.warnings.clone();
    let records: Vec<_> =
        Format::OaiPmh.read(source).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 2, "the deleted record is skipped");
    assert!(records.iter().all(|r| r
        .title
        .as_deref()
        .unwrap()
        .starts_with("Record of a Conversation with Kim Il Sung")));
    let said: Vec<String> = warnings.take().iter().map(|w| w.message.clone()).collect();
    assert!(said.iter().any(|m| m.contains("oai:example.org:2 is deleted")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("resumptionToken page-2")), "{said:?}");
}

#[test]
fn encodings_bib_and_ris_in_a_legacy_encoding_with_the_encoding_flag() {
    let dir = tempfile::tempdir().unwrap();
    // A Russian library exported in Windows-1251 and a RIS file in KOI8-R, as
    // older reference managers on Russian systems write them.
    let bib = "@book{ivanov1990,\n  title = {История дипломатии},\n  author = {Иванов, И. И.},\n  year = {1990}\n}\n";
    let ris = "TY  - BOOK\nTI  - История дипломатии\nAU  - Иванов, И. И.\nPY  - 1990\nER  - \n";
    let bib_path = dir.path().join("lib.bib");
    let ris_path = dir.path().join("lib.ris");
    std::fs::write(&bib_path, encoding_rs::WINDOWS_1251.encode(bib).0).unwrap();
    std::fs::write(&ris_path, encoding_rs::KOI8_R.encode(ris).0).unwrap();
    for (path, label) in [(&bib_path, "windows-1251"), (&ris_path, "koi8-r")] {
        // Without the flag: refused, and the message says which flag helps.
        let out = archcite().args(["convert", "--to", "json"]).arg(path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{label}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not UTF-8"), "{label}: {stderr}");
        // With it: read as written.
        let out =
            archcite().args(["convert", "--encoding", label, "--to", "json"]).arg(path).output().unwrap();
        assert!(out.status.success(), "{label}: {}", String::from_utf8_lossy(&out.stderr));
        let records = Format::Json.read_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
        assert_eq!(records[0].title.as_deref().unwrap(), "История дипломатии", "{label}");
    }
    // An encoding name nobody knows is a usage error that lists real ones.
    let out = archcite()
        .args(["convert", "--encoding", "cp-nonsense", "--to", "json"])
        .arg(&bib_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("windows-1251"));
}

#[test]
fn encodings_the_flag_overrides_a_wrong_xml_declaration() {
    let marc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\"><record><leader>00000ntm a2200000 a 4500</leader><datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">Запись беседы</subfield></datafield></record></collection>\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.xml");
    // The declaration says UTF-8, the bytes are Windows-1251: a common export bug.
    std::fs::write(&path, encoding_rs::WINDOWS_1251.encode(marc).0).unwrap();
    let out = archcite()
        .args(["convert", "--encoding", "windows-1251", "--to", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records = Format::Json.read_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(records[0].title.as_deref().unwrap(), "Запись беседы");
}

#[test]
fn encodings_utf_16_xml_is_recognised_without_from() {
    let record = crate::common::examples().remove(0).1;
    let marc = Format::Marcxml.write_string(std::slice::from_ref(&record)).unwrap();
    let declared = marc.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(declared.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xml");
    std::fs::write(&path, bytes).unwrap();
    let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back = Format::Json.read_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(back[0].title, record.title);
}

#[test]
fn directories_records_inside_a_harvesters_own_wrapper_are_read() {
    // A harvest saved by a harvester that wraps OAI-PMH records in its own
    // root element (Florida State University's MODS harvest).
    let harvest = r#"<repository xmlns="http://www.openarchives.org/OAI/2.0/oai_dc/">
<record><header><identifier>oai:fsu.digital.flvc.org:fsu_210608</identifier></header><metadata>
<mods:mods xmlns:mods="http://www.loc.gov/mods/v3"><mods:titleInfo><mods:title>A Book of Cookery</mods:title></mods:titleInfo></mods:mods>
</metadata></record>
<record><header><identifier>oai:fsu.digital.flvc.org:fsu_210609</identifier></header><metadata>
<mods:mods xmlns:mods="http://www.loc.gov/mods/v3"><mods:titleInfo><mods:title>The English Physician</mods:title></mods:titleInfo></mods:mods>
</metadata></record>
</repository>
"#;
    assert_eq!(Format::sniff(harvest.as_bytes()), Some(Format::Mods));
    let source = archcite::formats::Source::from_text("harvest.xml", harvest);
    let warnings = source.warnings.clone();
    let records: Vec<_> = Format::Mods.read(source).collect::<Result<_, _>>().unwrap();
    let titles: Vec<&str> = records.iter().map(|r| r.title.as_deref().unwrap()).collect();
    assert_eq!(titles, ["A Book of Cookery", "The English Physician"]);
    // Said, not silent: the root was not a MODS container.
    let said = warnings.take();
    assert!(said.iter().any(|w| w.message.contains("reading the <mods> records inside it")), "{said:?}");
    // A file with no record of the format inside stays refused.
    let other = "<repository><item>nothing</item></repository>";
    assert!(Format::Mods.read_str(other).is_err());
}

#[test]
fn bibtex_as_people_write_it_entries_without_a_key() {
    // EndNote's BibTeX export (kept by Better BibTeX's test fixtures).
    let bib = "@article{\n  author = {Huang, Y. and Mucke, L.},\n  title = {Alzheimer mechanisms and therapeutic strategies},\n  journal = {Cell},\n  year = {2012}\n}\n";
    let source = archcite::formats::Source::from_text("endnote.bib", bib);
    let warnings = source.warnings.clone();
    let records: Vec<_> = Format::Bibtex.read(source).collect::<Result<_, _>>().unwrap();
    assert_eq!(records[0].title.as_deref().unwrap(), "Alzheimer mechanisms and therapeutic strategies");
    assert_eq!(records[0].key, None, "no key invented in the record");
    assert!(warnings.take().iter().any(|w| w.message.contains("no citation key")));
    // Written again, it gets a key from the record and reads back the same.
    let again = Format::Bibtex.write_string(&records).unwrap();
    assert!(again.starts_with("@article{huang-2012,"), "{again}");
    // A keyless entry broken besides is refused at its own place in the input.
    let e = crate::common::read_error(Format::Bibtex, "@misc{atitle = {})\n");
    let at = e.position.expect("positioned");
    assert_eq!((at.line, at.column), (1, 14), "{e}");
}

/// The extra field `field` of `format` on a record, if any.
fn extra<'a>(record: &'a archcite::model::Record, format: &'a str, field: &str) -> Option<&'a str> {
    record.extra_of(format).find(|e| e.field.as_str() == field).map(|e| e.value.as_str())
}

#[test]
fn bibtex_as_people_write_it_crossref_inheritance_as_biber_does_it() {
    // biblatex's own examples: the child comes first, its @collection parent
    // 1,150 lines later; biber makes the collection's title the child's
    // booktitle and passes on editor, publisher, location and date.
    let records: Vec<_> = read_with(Format::Biblatex, &fixture("bib/biblatex-examples.bib"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let by_key = |k: &str| records.iter().find(|r| r.key.as_deref() == Some(k)).unwrap();
    let child = by_key("westfahl:space");
    assert_eq!(child.title.as_deref(), Some("The True Frontier"));
    assert_eq!(child.container.as_ref().and_then(|c| c.title.as_deref()), Some("Space and Beyond"));
    assert_eq!(extra(child, "biblatex", "booksubtitle"), Some("The Frontier Theme in Science Fiction"));
    let publication = child.publication.as_ref().unwrap();
    assert_eq!(publication.publisher.as_deref(), Some("Greenwood"));
    assert_eq!(child.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2000"));
    assert_eq!(child.agents.iter().filter(|a| a.role == archcite::model::Role::Editor).count(), 1);
    // The link is kept, and the parent is a record of its own.
    assert_eq!(extra(child, "biblatex", "crossref"), Some("westfahl:frontier"));
    assert_eq!(by_key("westfahl:frontier").title.as_deref(), Some("Space and Beyond"));
    // The order of the file is kept although the child waited for its parent.
    assert_eq!(records[0].key.as_deref(), Some("westfahl:space"));

    // A BibDesk library (Better BibTeX issue 3514): the date the children lacked.
    let records: Vec<_> = read_with(Format::Biblatex, &fixture("bib/bbt-issue-3514-crossref.bib"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    for child in records.iter().filter(|r| extra(r, "biblatex", "crossref").is_some()) {
        assert!(child.date.is_some(), "{:?} inherited no date", child.key);
        assert!(child.container.as_ref().is_some_and(|c| c.title.is_some()), "{:?}", child.key);
    }
}

#[test]
fn bibtex_as_people_write_it_xdata_mvbook_and_missing_parents() {
    // The biblatex manual's @xdata example (§3.14.6) and an @mvbook with a volume.
    let bib = "@xdata{hup, publisher = {Harvard University Press}, location = {Cambridge, Mass.}}\n\
               @book{a, author = {Author, A.}, title = {Title}, date = {1995}, xdata = {hup}}\n\
               @book{vol2, title = {Volume Two}, volume = {2}, crossref = {works}}\n\
               @mvbook{works, author = {Marx, Karl}, title = {Werke}, volumes = {43}, publisher = {Dietz}}\n\
               @inbook{orphan, title = {Chapter}, crossref = {nowhere}}\n";
    let records: Vec<_> = read_with(Format::Biblatex, bib)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<_> = records.iter().map(|r| r.key.as_deref().unwrap()).collect();
    // The @xdata entry is no record.
    assert_eq!(keys, ["a", "vol2", "works", "orphan"]);
    let publication = records[0].publication.as_ref().unwrap();
    assert_eq!(publication.publisher.as_deref(), Some("Harvard University Press"));
    assert_eq!(publication.place.as_deref(), Some("Cambridge, Mass."));
    // Its fields are the entry's own now: the link to it is not kept.
    assert_eq!(extra(&records[0], "biblatex", "xdata"), None);
    assert_eq!(records[1].title.as_deref(), Some("Volume Two"));
    assert_eq!(extra(&records[1], "biblatex", "maintitle"), Some("Werke"));
    assert_eq!(records[1].agents[0].agent.display_name(), "Karl Marx");
    assert_eq!(records[3].title.as_deref(), Some("Chapter"));
    assert_eq!(extra(&records[3], "biblatex", "crossref"), Some("nowhere"));

    // A missing parent is a warning naming the entry and the key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inherit.bib");
    std::fs::write(&path, bib).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`orphan` has `crossref = {nowhere}`"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
}

#[test]
fn bibtex_in_a_long_file_inherits_in_flat_memory_and_says_what_it_could_not() {
    // Past the first 256 KiB a reader keeps only the entries a child named
    // already and those of the types children inherit from: a @book parent
    // before its child still gives its fields, a @misc one is named in a
    // warning with the fix, and a parent after its child works as ever.
    let filler: String = (0..3000)
        .map(|i| format!("@misc{{fill{i}, title = {{Filler entry number {i} of a long catalogue file}}, year = {{1990}}}}\n"))
        .collect();
    assert!(filler.len() > 256 * 1024);
    let bib = format!(
        "{filler}@book{{parent, title = {{The Book}}, publisher = {{Dietz}}, year = {{1970}}}}\n\
         @misc{{early, title = {{Early}}, publisher = {{Lost Press}}}}\n\
         @inbook{{child, title = {{Chapter}}, crossref = {{parent}}}}\n\
         @inbook{{late, title = {{Late}}, crossref = {{early}}}}\n\
         @inbook{{before, title = {{Before}}, crossref = {{after}}}}\n\
         @book{{after, title = {{After}}, publisher = {{Later Press}}}}\n"
    );
    let records: Vec<_> = read_with(Format::Biblatex, &bib)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let by_key = |k: &str| records.iter().find(|r| r.key.as_deref() == Some(k)).unwrap();
    let container =
        |k: &str| by_key(k).container.as_ref().and_then(|c| c.title.as_deref()).map(str::to_string);
    assert_eq!(container("child").as_deref(), Some("The Book"));
    assert_eq!(container("before").as_deref(), Some("After"));
    assert_eq!(container("late"), None);
    assert_eq!(by_key("late").publication.as_ref().and_then(|p| p.publisher.as_deref()), None);
    assert_eq!(records.len(), 3006);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.bib");
    std::fs::write(&path, &bib).unwrap();
    let out =
        archcite().args(["convert", "--from", "biblatex", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`late` has `crossref = {early}`"), "{stderr}");
    assert!(stderr.contains("put `early` after the entries that name it"), "{stderr}");
    assert!(!stderr.contains("`child` has"), "{stderr}");
}

#[test]
fn bibtex_as_people_write_it_round_trip_through_json_is_stable_from_the_second_cycle() {
    // Inherited fields are written into the child on the way back (with its
    // `crossref`), so the first cycle adds them; from then on nothing changes,
    // and no placeholder of the reader (`\textasciitilde{}` for a tie in a
    // publisher) leaks into the file.
    let dir = tempfile::tempdir().unwrap();
    let mut bib = root().join("tests/fixtures/realworld/bib/biblatex-examples.bib");
    let mut written = Vec::new();
    for cycle in 0..3 {
        let json = dir.path().join(format!("c{cycle}.json"));
        let out = archcite()
            .args(["convert", "--from", "biblatex", "--to", "json", "-o"])
            .arg(&json)
            .arg(&bib)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        bib = dir.path().join(format!("c{cycle}.bib"));
        let out = archcite()
            .args(["convert", "--from", "json", "--to", "biblatex", "-o"])
            .arg(&bib)
            .arg(&json)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        written.push(std::fs::read_to_string(&bib).unwrap());
    }
    assert_eq!(written[1], written[2]);
    assert!(!written[1].contains("textasciitilde"), "a tie came back as a tilde");
    assert!(written[1].contains("C.~A. Kaemmerer"));
    assert!(!written[1].chars().any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c)));
}

#[test]
fn oai_pmh_responses_get_record_and_harvests_of_marc21_and_mods() {
    // GetRecord with oai_dc (sickle's test data): the identifier and datestamp kept.
    let text = fixture("oai/sickle-getrecord-utf8.xml");
    let records = Format::OaiPmh.read_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].title.as_deref(), Some("Sample Title"));
    let record_id = |r: &archcite::model::Record| r.publication.as_ref().and_then(|p| p.record_id.clone());
    assert_eq!(record_id(&records[0]).as_deref(), Some("oai:test.example.com:1996652"));
    assert!(records[0].events.iter().any(|e| e.date.to_string() == "2011-09-05"));

    // ListRecords with MARCXML (INSPIRE's conference records, 111 fields).
    let text = fixture("oai/invenio-inspire-listrecords-marcxml.xml");
    let records = Format::OaiPmh.read_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<String> = records.iter().map(|r| record_id(r).unwrap().to_string()).collect();
    assert_eq!(ids, ["oai:inspirehep.net:972855", "oai:inspirehep.net:974318"]);
    assert_eq!(
        records[1].agents[0].agent.display_name(),
        "2002 IEEE Nuclear and Space Radiation Effects Conference"
    );
    assert!(records.iter().all(|r| r.events.iter().any(|e| e.date.to_string() == "2014-05-02")));

    // ListRecords with MODS (Harvard's LibraryCloud, as DPLA harvests it):
    // ten records, and the resumption token says the harvest is partial.
    let text = fixture("oai/dpla-harvard-listrecords-mods.xml");
    let source = archcite::formats::Source::from_text("harvard.xml", text);
    let warnings = source.warnings.clone();
    let records: Vec<_> =
        Format::OaiPmh.read(source).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 10);
    assert_eq!(records[0].title.as_deref(), Some("Plate 1. Clematis cylindrica"));
    assert_eq!(record_id(&records[0]).as_deref(), Some("arn00007c00001"));
    let said: Vec<String> = warnings.take().iter().map(|w| w.message.clone()).collect();
    assert!(said.iter().any(|m| m.contains("resumptionToken")), "{said:?}");
}

#[test]
fn marc_and_mods_as_catalogues_write_them() {
    // A Library of Congress book record (marc4j's test data): 020, 100, 245
    // $a/$c, 250, 260, 300, 520, 650 as a catalogue writes them.
    let records = Format::Marcxml.read_str(&fixture("marcxml/marc4j-summerland.xml")).unwrap();
    let r = &records[0];
    assert_eq!(r.title.as_deref(), Some("Summerland"));
    assert_eq!(r.agents[0].agent.display_name(), "Michael Chabon");
    let publication = r.publication.as_ref().unwrap();
    assert_eq!(publication.publisher.as_deref(), Some("Miramax Books/Hyperion Books for Children"));
    assert_eq!(publication.place.as_deref(), Some("New York"));
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2002"));
    assert_eq!(r.edition.as_deref(), Some("1st ed"));
    assert_eq!(r.extent.as_deref(), Some("500 p. ; 22 cm"));
    assert_eq!(r.identifiers.iter().filter(|i| i.scheme == archcite::model::IdScheme::Isbn).count(), 2);
    assert!(r.subjects.iter().any(|s| s.as_str() == "Baseball--Fiction"));

    // A Korean serial from the LC MARC-to-BIBFRAME tests: 245 $6 linked to its
    // 880 in Hangul, read as the other-script form of the title.
    let records = Format::Marcxml.read_str(&fixture("marcxml/lc-m2b-880-korean.xml")).unwrap();
    let r = &records[0];
    assert_eq!(r.title.as_deref(), Some("Chŏn'guk Changaein Ch'eyuk Taehoe"));
    assert_eq!(r.subtitle.as_deref(), Some("[report]."));
    let other = r.alternate_titles.iter().find(|t| t.title.as_str() == "전국 장애인 체육 대회");
    assert!(other.is_some(), "{:?}", r.alternate_titles);

    // MODS converted from a catalogue record (FSU's herbals): titleInfo with
    // subTitle, originInfo, physicalDescription/extent, identifier type="oclc".
    let records: Vec<_> = read_with(Format::Mods, &fixture("mods/fsu-cookbooks-herbals-harvest.xml"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let r = records.iter().find(|r| r.title.as_deref() == Some("Caroli Clvsii Atrebat")).unwrap();
    assert_eq!(
        r.subtitle.as_deref(),
        Some("Rariorum aliquot stirpium per Hispanias obseruatarum Historia, libris dvobvs expressa...")
    );
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1576"));
    let publication = r.publication.as_ref().unwrap();
    assert_eq!(publication.publisher.as_deref(), Some("ex officina C. Plantini"));
    assert_eq!(r.extent.as_deref(), Some("529, [12] p. : illus. ; 18 cm."));
    assert!(r.identifiers.iter().any(|i| i.value.as_str() == "03880841"));
    assert_eq!(r.agents[0].agent.display_name(), "Carolus Clusius");
}
