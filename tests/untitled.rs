//! Untitled records: a document without a title (a letter, a set description,
//! a catalogue record with no 245) is read as untitled in every format, written
//! without a title where the format allows it, and with a devised title in
//! square brackets (DACS 2.3.18-2.3.19), marked as devised, where the format
//! requires one (MARC, MODS, TEI), which reads back as no title.

use archcite::model::Record;
use archcite::Format;

use crate::common::{archcite, read_with, root, write_with};

const NO_TITLE: &str = "tests/fixtures/invalid/no-title.json";
const SUDARIKOV: &str = "[Letter from N. Sudarikov to Kim Il Sung, 1969 April 14]";

fn read_one(format: Format, text: &str) -> Record {
    let mut read = read_with(format, text);
    assert_eq!(read.len(), 1, "{format:?}: {text}");
    read.remove(0).unwrap_or_else(|e| panic!("{format:?}: {e}\n{text}"))
}

fn no_title() -> Record {
    read_one(Format::Json, &std::fs::read_to_string(root().join(NO_TITLE)).unwrap())
}

fn realworld(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/realworld").join(path)).unwrap()
}

#[test]
fn untitled_records_of_the_corpus_are_read_in_every_format() {
    // A Dublin Core set description without dc:title (DPLA, Harvard).
    let dc = r#"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:creator>Harvard University Library</dc:creator>
                <dc:description>This collection of nearly 600 broadsides highlights crime and capital punishment, primarily in England, as seen through the popular press in the 18th and 19th century.</dc:description>
            </oai_dc:dc>"#;
    let r = read_one(Format::Dc, dc);
    assert_eq!(r.title, None);
    assert!(r.summary.as_deref().unwrap().starts_with("This collection of nearly 600 broadsides"));
    // An EndNote personal communication (a letter) with no TI (Zotero's RIS cases).
    let ris = "TY  - PCOMM\nN1  - Record Number: 360\nA1  - Author Name, Author2 Name2\nA2  - Recipient\nPY  - Date of Letter\nAV  - Address/Availability\nUR  - Location/URL\nN2  - Abstract\nKW  - Keywords1, Keywords2, Keywords3\nER  - \n";
    let r = read_one(Format::Ris, ris);
    assert_eq!(r.title, None);
    assert!(!r.agents.is_empty());
    // A Scopus record with only the journal (T2).
    let ris = "TY  - JOUR\nT2  - Prostate Cancer Mortality Statistics 2015\nPY  - 0000\nN1  - Cited By :1\nN1  - Export Date: 13 July 2022\nER  - \n";
    assert_eq!(read_one(Format::Ris, ris).title, None);
    // A MARC record with notes and no 245 (LC's MARC-to-BIBFRAME test records).
    let marc = r#"<collection xmlns="http://www.loc.gov/MARC21/slim">
  <record>
    <controlfield tag="001">1</controlfield>
    <controlfield tag="008">030830s2003    bn            000 1 srp  </controlfield>
    <datafield tag="500" ind1=" " ind2=" ">
      <subfield code="a">Reprint has ISBN for the set and for each volume.</subfield>
    </datafield>
  </record>
</collection>"#;
    let r = read_one(Format::Marcxml, marc);
    assert_eq!(r.title, None);
    assert_eq!(r.notes.len(), 1);
    // A CSL item with no title (the CSL test suite).
    let csl = r#"[{"editor": [{"family": "编者"}], "id": "ITEM-1", "type": "book"}]"#;
    let r = read_one(Format::CslJson, csl);
    assert_eq!(r.title, None);
    assert!(r.extra.is_empty(), "no marker stands in for the title: {:?}", r.extra);
    // A biblatex entry set with no title (biblatex's own examples).
    let bib = "@set{set,\n  entryset     = {herrmann,aksin,yoon},\n  annotation   = {A \\texttt{set} with three members.},\n}\n";
    assert_eq!(read_one(Format::Biblatex, bib).title, None);
    // MODS with no titleInfo.
    let mods = r#"<mods xmlns="http://www.loc.gov/mods/v3"><genre>letter</genre><originInfo><dateCreated encoding="w3cdtf">1969</dateCreated></originInfo></mods>"#;
    assert_eq!(read_one(Format::Mods, mods).title, None);
}

#[test]
fn a_tei_manuscript_with_an_empty_title_keeps_its_shelfmark_as_its_reference_not_its_title() {
    // Fihrist's corpus has a manuscript whose titleStmt/title is empty.
    let read = read_with(Format::Tei, &realworld("tei/fihrist-mss-corpus.xml"));
    let untitled: Vec<&Record> =
        read.iter().filter_map(|r| r.as_ref().ok()).filter(|r| r.title.is_none()).collect();
    assert_eq!(untitled.len(), 1);
    assert!(!untitled[0].references.is_empty(), "the shelfmark stays the reference");
}

#[test]
fn a_record_with_nothing_in_it_is_still_refused_with_its_position() {
    for (format, text) in [
        (Format::Ris, "TY  - JOUR\nER  - \n"),
        (Format::Bibtex, "@article{k,\n}\n"),
        (Format::Dc, "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\"/>"),
        (Format::Mods, "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo><title/></titleInfo></mods>"),
    ] {
        let read = read_with(format, text);
        let err = read.into_iter().find_map(Result::err).unwrap_or_else(|| panic!("{format:?}: read {text}"));
        assert!(err.position.is_some(), "{format:?}: {err}");
    }
}

#[test]
fn formats_that_allow_no_title_write_none_and_read_back_untitled() {
    let record = no_title();
    for format in [
        Format::Json,
        Format::Jsonl,
        Format::CslJson,
        Format::Bibtex,
        Format::Biblatex,
        Format::Ris,
        Format::Dc,
        Format::Dcterms,
    ] {
        let written = write_with(format, std::slice::from_ref(&record));
        assert!(!written.contains("[Letter"), "{format:?} devised a title:\n{written}");
        assert_eq!(read_one(format, &written).title, None, "{format:?}:\n{written}");
        assert!(format.losses(&record).iter().all(|l| l.devised.is_none()), "{format:?}");
    }
    // Native output is the record as it was: no `title` key at all.
    let json = write_with(Format::Json, std::slice::from_ref(&record));
    assert!(!json.contains("\"title\""), "{json}");
}

#[test]
fn marc_mods_and_tei_write_a_devised_title_in_brackets_that_reads_back_as_none() {
    let record = no_title();
    let marc = write_with(Format::Marcxml, std::slice::from_ref(&record));
    assert!(marc.contains(&format!("<subfield code=\"a\">{SUDARIKOV}</subfield>")), "{marc}");
    assert!(marc.contains(r#"<datafield tag="245" ind1="1" ind2="0">"#), "{marc}");
    assert!(marc.contains("Title devised by cataloguer."), "{marc}");
    let mods = write_with(Format::Mods, std::slice::from_ref(&record));
    assert!(
        mods.contains(&format!("<titleInfo supplied=\"yes\">\n    <title>{SUDARIKOV}</title>")),
        "{mods}"
    );
    let tei = write_with(Format::Tei, std::slice::from_ref(&record));
    assert!(tei.contains(&format!("<title type=\"devised\">{SUDARIKOV}</title>")), "{tei}");
    for (format, text) in [(Format::Marcxml, &marc), (Format::Mods, &mods), (Format::Tei, &tei)] {
        let back = read_one(format, text);
        assert_eq!(back.title, None, "{format:?}:\n{text}");
        assert!(back.notes.is_empty(), "{format:?}: the mark is not a note: {:?}", back.notes);
        assert_eq!(write_with(format, &[back]), *text, "{format:?}: stable");
    }
}

#[test]
fn a_title_a_cataloguer_devised_in_other_words_stays_the_title() {
    let marc = r#"<record xmlns="http://www.loc.gov/MARC21/slim">
  <leader>00000ntc a2200000 a 4500</leader>
  <datafield tag="245" ind1="0" ind2="0"><subfield code="a">[Letter to his brother]</subfield></datafield>
  <datafield tag="500" ind1=" " ind2=" "><subfield code="a">Title devised by cataloger.</subfield></datafield>
</record>"#;
    assert_eq!(read_one(Format::Marcxml, marc).title.as_deref(), Some("[Letter to his brother]"));
    let mods = r#"<mods xmlns="http://www.loc.gov/mods/v3"><titleInfo supplied="yes"><title>[Letter to his brother]</title></titleInfo></mods>"#;
    assert_eq!(read_one(Format::Mods, mods).title.as_deref(), Some("[Letter to his brother]"));
}

#[test]
fn devised_titles_follow_dacs() {
    let devised = |json: &str| {
        let r = read_one(Format::Json, json);
        let marc = write_with(Format::Marcxml, &[r]);
        let at = marc.find("<datafield tag=\"245\"").unwrap();
        let a = &marc[at..];
        let start = a.find("<subfield code=\"a\">").unwrap() + "<subfield code=\"a\">".len();
        a[start..start + a[start..].find('<').unwrap()].to_string()
    };
    assert_eq!(devised(r#"{"type": "memorandum", "date": "1969"}"#), "[Memorandum, 1969]");
    assert_eq!(devised(r#"{"summary": "Nothing else is known."}"#), "[Untitled]");
    assert_eq!(devised(r#"{"type": "telegram", "date": "1950-06~"}"#), "[Telegram, approximately 1950 June]");
    assert_eq!(
        devised(
            r#"{"date": "1969/1970", "agents": [{"role": "author", "organization": {"name": "Ministry of Foreign Affairs"}}]}"#
        ),
        "[Untitled document from Ministry of Foreign Affairs, 1969–1970]"
    );
}

#[test]
fn validate_warns_no_title_and_suggests_a_devised_title() {
    let out =
        archcite().current_dir(root()).args(["validate", "--format", "json", NO_TITLE]).output().unwrap();
    assert!(out.status.success(), "a warning, not an error: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find(|l| l.contains("\"no-title\"")).unwrap_or_else(|| panic!("{stdout}"));
    let d: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(d["severity"], "warning");
    assert!(d["help"].as_str().unwrap().contains(SUDARIKOV), "{d}");
}

#[test]
fn cite_renders_an_untitled_record() {
    // The example record without its title.
    let mut example: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap())
            .unwrap();
    example.as_object_mut().unwrap().remove("title");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("untitled.json");
    std::fs::write(&path, example.to_string()).unwrap();
    for style in ["chicago-notes", "apa", "mla"] {
        let out = archcite().args(["cite", "--style", style]).arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{style}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("1969") && stdout.contains("RGANI"), "{style}: {stdout}");
    }
}

#[test]
fn marc_mods_and_tei_of_an_untitled_record_pass_the_real_validators() {
    crate::common::assert_accepted_by_real_consumers(
        &[("untitled".to_string(), no_title())],
        &[Format::Marcxml, Format::Mods, Format::Tei],
    );
}

#[test]
fn a_record_a_format_would_write_empty_is_refused_not_written_unreadable() {
    // Each holds something, but nothing beyond a type or key that these formats
    // carry: written, every reader would refuse the record as empty.
    let cases = [
        r#"{}"#,
        r#"{"work_type":"book"}"#,
        r#"{"key":"k"}"#,
        r#"{"extra":[{"format":"ris","field":"XX","value":"a"}]}"#,
    ];
    for text in cases {
        let record = read_one(Format::Json, text);
        // A RIS tag is kept by RIS and by CSL-JSON's custom block, which keeps every field.
        let keeps = |f: &Format| text.contains("ris") && matches!(f, Format::Ris | Format::CslJson);
        let foreign =
            |f: &&Format| f.writer().is_some() && !matches!(f, Format::Json | Format::Jsonl) && !keeps(f);
        for format in Format::ALL.iter().filter(foreign) {
            let err = format.write_string(std::slice::from_ref(&record)).expect_err(text);
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("holds nothing {} can carry", format.name())),
                "{format:?} {text}: {shown}"
            );
        }
    }
    // One field the format does carry is enough: the record is written and read back.
    let kept = read_one(Format::Json, r#"{"extra":[{"format":"ris","field":"XX","value":"a"}]}"#);
    let ris = write_with(Format::Ris, &[kept]);
    assert_eq!(read_one(Format::Ris, &ris).extra_of("ris").count(), 1, "{ris}");
    let cli = archcite()
        .args(["convert", "--from", "jsonl", "--to", "dc", "-"])
        .write_stdin("{\"work_type\":\"book\"}\n")
        .output()
        .unwrap();
    assert!(!cli.status.success());
    assert!(String::from_utf8_lossy(&cli.stderr).contains("record 1: the record holds nothing dc can carry"));
}
