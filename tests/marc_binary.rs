//! Binary MARC 21 (ISO 2709): the writer against pymarc, the reader on real
//! `.mrc` files from pymarc's and marc4j's test data (see
//! `tests/fixtures/marc/SOURCES.md`), MARC-8, damaged records and the
//! characters XML forbids.

use std::path::{Path, PathBuf};

use archcite::formats::Source;
use archcite::model::Record;
use archcite::Format;

use crate::common::{archcite, examples, root};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/marc").join(name)
}

/// Every record of a `.mrc` file and the warnings its reader gave.
fn read_mrc(bytes: Vec<u8>) -> (Vec<Result<Record, archcite::Error>>, Vec<String>) {
    let source = Source::new("input.mrc", std::io::Cursor::new(bytes));
    let warnings = source.warnings.clone();
    let items: Vec<_> = Format::Marc.read(source).collect();
    (items, warnings.take().iter().map(ToString::to_string).collect())
}

fn write_mrc(records: &[Record]) -> Vec<u8> {
    let mut out = Vec::new();
    Format::Marc.write_to(&mut out, records).unwrap();
    out
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/marc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mrc"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_example_reads_back_from_binary_as_from_marcxml() {
    for (name, record) in examples() {
        let mrc = write_mrc(std::slice::from_ref(&record));
        // Leader: length, 'a' for UTF-8, base address; terminators in place.
        assert_eq!(&mrc[..5], format!("{:05}", mrc.len()).as_bytes(), "{name}");
        assert_eq!(mrc[9], b'a', "{name}");
        assert_eq!(mrc.last(), Some(&0x1D), "{name}");
        let (back, warnings) = read_mrc(mrc.clone());
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let back = back.into_iter().next().unwrap().unwrap();
        let xml = Format::Marcxml.write_string(std::slice::from_ref(&record)).unwrap();
        let from_xml = Format::Marcxml.read_str(&xml).unwrap().remove(0);
        assert_eq!(back, from_xml, "{name}: binary and MARCXML read back differently");
        // MARC -> model -> MARC is byte-identical.
        assert_eq!(write_mrc(&[back]), mrc, "{name}");
    }
}

/// The records of each real file, and what a few of them must decode to
/// (MARC-8 Latin with diacritics, Cyrillic in 880, EACC, the UTF-8 ones).
#[test]
fn real_files_read_record_by_record() {
    let expect: &[(&str, usize, &str)] = &[
        ("marc4j-summerland.mrc", 1, "Summerland"),
        ("marc4j-chabon.mrc", 2, "Kavalier and Clay"),
        ("marc4j-brkrtest.mrc", 8, ""),
        ("marc4j-selectedRecs.mrc", 11, ""),
        ("marc4j-cyrillic_capital_e.mrc", 2, "Вор, шпион и убийца"),
        ("marc4j-loongboonmee.mrc", 2, "ลุงบุญมีระลึกชาติ"),
        ("pymarc-test.mrc", 10, "Perl"),
        ("pymarc-marc8.mrc", 1, ""),
        ("pymarc-diacritic.mrc", 1, ""),
        ("pymarc-utf8_with_leader_flag.mrc", 1, ""),
        ("pymarc-bad_eacc_encoding.mrc", 1, ""),
    ];
    for (file, count, text) in expect {
        let (items, _) = read_mrc(std::fs::read(fixture(file)).unwrap());
        let records: Vec<Record> = items.into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), *count, "{file}");
        let json = serde_json::to_string(&records).unwrap();
        assert!(json.contains(text), "{file}: no {text:?} in {json}");
    }
    // Every file, damaged ones included, reads to the end without a panic,
    // and every record read is written back as MARC that reads again.
    for path in all_fixtures() {
        let (items, _) = read_mrc(std::fs::read(&path).unwrap());
        let good: Vec<Record> = items.into_iter().filter_map(Result::ok).collect();
        let (again, _) = read_mrc(write_mrc(&good));
        assert_eq!(again.len(), good.len(), "{}", path.display());
        assert!(again.iter().all(Result::is_ok), "{}", path.display());
    }
}

#[test]
fn marc8_records_decode_as_pymarc_decodes_them() {
    // pymarc's marc8.dat and utf8_with_leader_flag.dat: one record in MARC-8
    // and in UTF-8, with a uniform title in French.
    let (mut items, warnings) = read_mrc(std::fs::read(fixture("pymarc-marc8.mrc")).unwrap());
    assert!(warnings.is_empty(), "{warnings:?}");
    let marc8 = items.remove(0).unwrap();
    let utf8 =
        read_mrc(std::fs::read(fixture("pymarc-utf8_with_leader_flag.mrc")).unwrap()).0.remove(0).unwrap();
    // The UTF-8 twin is decomposed (NFD); MARC-8 is decoded to NFC.
    assert_eq!(
        (&marc8.title, &marc8.agents, &marc8.publication),
        (&utf8.title, &utf8.agents, &utf8.publication)
    );
    let uniform = &marc8.alternate_titles[0].title;
    assert_eq!(uniform.as_str(), "De la solitude \u{e0} la communaut\u{e9}");
}

#[test]
fn the_leader_is_not_believed_over_the_bytes() {
    // Leader says MARC-8, the bytes are UTF-8 (pymarc's utf8_without_leader_flag).
    let (items, warnings) = read_mrc(std::fs::read(fixture("pymarc-utf8_without_leader_flag.mrc")).unwrap());
    let lied = items.into_iter().next().unwrap().unwrap();
    let truth =
        read_mrc(std::fs::read(fixture("pymarc-utf8_with_leader_flag.mrc")).unwrap()).0.remove(0).unwrap();
    assert_eq!(lied.title, truth.title);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("record 1") && warnings[0].contains("says MARC-8"), "{warnings:?}");
    // Leader says UTF-8, the bytes are MARC-8: pymarc's marc8.dat with Leader/09 `a`.
    let mut bytes = std::fs::read(fixture("pymarc-marc8.mrc")).unwrap();
    assert_eq!(bytes[9], b' ');
    bytes[9] = b'a';
    let (items, warnings) = read_mrc(bytes);
    let marc8 = read_mrc(std::fs::read(fixture("pymarc-marc8.mrc")).unwrap()).0.remove(0).unwrap();
    assert_eq!(items[0].as_ref().unwrap().title, marc8.title);
    assert!(warnings.iter().any(|w| w.contains("record 1") && w.contains("says UTF-8")), "{warnings:?}");
}

/// 100 records, three damaged in three ways: 97 are written, the three are named.
#[test]
fn three_damaged_records_of_a_hundred_are_named_and_the_rest_converted() {
    let (_, example) = examples().remove(0);
    let records: Vec<Record> = (1..=100)
        .map(|n| {
            let mut r = example.clone();
            r.key = archcite::model::NonEmpty::new(&format!("rec-{n:03}"));
            r
        })
        .collect();
    let mut file = Vec::new();
    let mut starts = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let mut one = write_mrc(std::slice::from_ref(r));
        match i + 1 {
            // A record length that is not the record's.
            10 => one[4] = if one[4] == b'9' { b'8' } else { one[4] + 1 },
            // A directory entry whose length is not digits.
            50 => one[24 + 3..24 + 7].copy_from_slice(b"x1y2"),
            // No record terminator.
            90 => {
                one.pop();
            }
            _ => {}
        }
        starts.push(file.len());
        file.extend(one);
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.mrc");
    std::fs::write(&input, &file).unwrap();
    let out = archcite().args(["convert", "--to", "marcxml"]).arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("97 records written, 3 skipped"), "{stderr}");
    for n in [10, 50, 90] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!(": record {n}: ")))
            .unwrap_or_else(|| panic!("record {n} not named: {stderr}"));
        let at: usize =
            line.split("at byte ").nth(1).and_then(|s| s.split(':').next()).unwrap().parse().unwrap();
        assert!((starts[n - 1]..starts[n - 1] + 1700).contains(&at), "{line}");
    }
    let xml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(xml.matches("<record>").count(), 97);
    for n in [10, 50, 90] {
        assert!(!xml.contains(&format!(">rec-{n:03}<")), "record {n} was written");
    }
    assert!(xml.contains(">rec-089<") && xml.contains(">rec-091<"));
}

#[test]
fn characters_xml_forbids_are_named_and_replaced_on_request() {
    let input = fixture("marc4j-bad-characters-in-various-fields.mrc");
    let out = archcite().args(["convert", "--to", "marcxml"]).arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("record 1") && stderr.contains("U+0014"), "{stderr}");
    assert!(stderr.contains("--replace-invalid-chars"), "{stderr}");
    let out = archcite()
        .args(["convert", "--replace-invalid-chars", "--to", "marcxml"])
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("read as U+FFFD"), "{stderr}");
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains('\u{FFFD}') && !xml.contains('\u{14}'));
    // The XML reads back: it is valid.
    assert_eq!(Format::Marcxml.read_str(&xml).unwrap().len(), 1);
}

#[test]
fn the_format_is_known_by_extension_and_by_content() {
    assert_eq!(Format::from_extension("mrc"), Some(Format::Marc));
    let bytes = std::fs::read(fixture("marc4j-summerland.mrc")).unwrap();
    assert_eq!(Format::sniff(&bytes), Some(Format::Marc));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.dat");
    std::fs::write(&path, &bytes).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A record longer than ISO 2709 allows is refused with a reason, not cut.
#[test]
fn a_record_too_long_for_iso2709_is_refused() {
    let (_, mut r) = examples().remove(0);
    r.summary = archcite::model::NonEmpty::new(&"x".repeat(12_000));
    let err = Format::Marc.write_to(&mut Vec::new(), [&r]).unwrap_err();
    assert!(err.message.contains("9999 bytes a field"), "{err}");
}

// ---------------------------------------------------------------- pymarc

/// The conformance kit's Python, when it has pymarc.
fn pymarc_python() -> Option<PathBuf> {
    let state = std::env::var_os("CONFORMANCE_STATE").map(PathBuf::from).or_else(|| {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
        Some(cache.join("conformance"))
    })?;
    let python = state.join("venv/bin/python");
    let ok = std::process::Command::new(&python)
        .args(["-c", "import pymarc"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

/// pymarc reads what `--to marc` writes, record for record, and its MARCXML
/// of those records equals archcite's `--to marcxml` of the same input
/// (`scripts/pymarc-compare.py`): for the examples and every real file.
#[test]
fn conformance_pymarc_reads_marc_as_archcite_writes_marcxml() {
    let Some(python) = pymarc_python() else {
        return eprintln!(
            "conformance: pymarc not found (run ../shared/conformance/install.sh); pymarc comparison skipped"
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<PathBuf> = vec![root().join("examples")];
    inputs.extend(all_fixtures());
    let mut failures = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let (mrc, xml) = (dir.path().join(format!("{i}.mrc")), dir.path().join(format!("{i}.xml")));
        for (to, path) in [("marc", &mrc), ("marcxml", &xml)] {
            archcite()
                .args(["convert", "--replace-invalid-chars", "--to", to, "-o"])
                .arg(path)
                .arg(input)
                .output()
                .unwrap();
        }
        if !mrc.exists() {
            // Every record of the input is damaged (none to compare).
            continue;
        }
        let out = std::process::Command::new(&python)
            .arg(root().join("scripts/pymarc-compare.py"))
            .arg(&mrc)
            .arg(&xml)
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{}:\n{}{}",
                input.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The reader hands out each record as soon as its terminator is read: a
/// record comes before the input that follows it is read (here, fails).
#[test]
fn records_stream_one_at_a_time() {
    struct ThenFail(std::io::Cursor<Vec<u8>>);
    impl std::io::Read for ThenFail {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the rest of the file is not there yet")),
                n => Ok(n),
            }
        }
    }
    let first = std::fs::read(fixture("marc4j-summerland.mrc")).unwrap();
    let reader = std::io::BufReader::with_capacity(64, ThenFail(std::io::Cursor::new(first)));
    let mut records = Format::Marc.read(Source::new("stream.mrc", reader));
    assert_eq!(records.next().unwrap().unwrap().title.as_deref(), Some("Summerland"));
    let err = records.next().unwrap().unwrap_err();
    assert!(err.message.contains("not there yet"), "{err}");
    assert!(records.next().is_none());
}

/// Every field pymarc decodes from a real file (MARC-8 Latin with every
/// diacritic, Cyrillic, Greek, EACC, Thai references, UTF-8) is in
/// archcite's MARCXML of the file: the MARC-8 decoder agrees with pymarc's
/// (`scripts/pymarc-compare.py --decoded`). Left out, the files whose bytes
/// pymarc decodes wrongly or not at all: a lying leader, damaged EACC,
/// Windows-1251 under a MARC-8 leader, a UTF-8 character split by a
/// delimiter, escapes and control characters pymarc writes into invalid XML,
/// and Greek whose punctuation the Greek set lacks (pymarc writes a space
/// for each, archcite the ASCII character).
#[test]
fn conformance_marc8_decodes_as_pymarc_decodes() {
    let Some(python) = pymarc_python() else {
        return eprintln!("conformance: pymarc not found (run ../shared/conformance/install.sh); skipped");
    };
    const PYMARC_WRONG: &[&str] = &[
        "marc4j-bad-characters-in-various-fields.mrc",
        "marc4j-chinese_mangled_multibyte.mrc",
        "marc4j-greekmissingcharsetchange.mrc",
        "pymarc-1251.mrc",
        "pymarc-bad_eacc_encoding.mrc",
        "pymarc-bad_marc8_escape.mrc",
        "pymarc-utf8_invalid.mrc",
        "pymarc-utf8_without_leader_flag.mrc",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for input in all_fixtures() {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        if PYMARC_WRONG.contains(&name.as_str()) {
            continue;
        }
        let xml = dir.path().join(format!("{name}.xml"));
        archcite().args(["convert", "--to", "marcxml", "-o"]).arg(&xml).arg(&input).output().unwrap();
        if !xml.exists() {
            continue;
        }
        let out = std::process::Command::new(&python)
            .arg(root().join("scripts/pymarc-compare.py"))
            .arg("--decoded")
            .arg(&input)
            .arg(&xml)
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
