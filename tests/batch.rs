//! Catalogue batches: directories, one file per record, the closing summary.

use crate::common::{archcite, root};

/// A directory of `n` one-record files, the `bad`-th of them malformed.
fn batch_dir(n: usize, bad: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=n {
        let sub = dir.path().join(format!("part-{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let text = if i == bad {
            "{\"title\": \"Broken\", \"date\": \n".to_string()
        } else {
            format!("{{\"title\": \"Record {i}\", \"publication\": {{\"record_id\": \"{i}\"}}}}\n")
        };
        std::fs::write(sub.join(format!("r{i:04}.json")), text).unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "not a record").unwrap();
    dir
}

#[test]
fn a_directory_with_one_malformed_file_converts_the_rest_and_names_it() {
    let dir = batch_dir(1000, 357);
    let out_file = dir.path().join("../batch-out.jsonl");
    let out =
        archcite().args(["convert", "--to", "jsonl", "-o"]).arg(&out_file).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("r0357.json:2:1"), "{stderr}");
    assert!(stderr.ends_with("999 records written, 1 skipped\n"), "{stderr}");
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(written.lines().count(), 999);
    // Records come in path order: part-0/r0007.json is the first file.
    assert!(written.starts_with("{\"title\":\"Record 7\""), "{}", &written[..60]);
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn split_writes_one_file_per_record_named_by_key_or_number() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"key\": \"rgani-5-61-462-1969\", \"title\": \"A\"}\n{\"title\": \"B\"}\n{\"key\": \"rgani-5-61-462-1969\", \"title\": \"C\"}\n";
    let out = archcite()
        .args(["convert", "--from", "jsonl", "--to", "json", "--split"])
        .arg(dir.path().join("out"))
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["record-000002.json", "rgani-5-61-462-1969-2.json", "rgani-5-61-462-1969.json"]);
    let c = std::fs::read_to_string(dir.path().join("out/rgani-5-61-462-1969-2.json")).unwrap();
    assert!(c.contains("\"title\": \"C\""));
}

#[test]
fn summary_counts_written_and_skipped() {
    let path = root().join("tests/fixtures/bad-input/batch-one-bad.jsonl");
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(path).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("2 records written, 1 skipped\n"));
}

#[test]
fn a_refused_record_is_reported_where_it_stood_among_the_written_records_messages() {
    // 300 JSON Lines records, each written to BibTeX with a loss warning
    // (BibTeX has no field for a rights statement); the 150th is broken. Its
    // error comes after the 149th record's warning and before the 151st's,
    // however the reading and writing threads are scheduled.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.jsonl");
    let lines: String = (1..=300)
        .map(|i| match i {
            150 => "{\"title\": \"Broken\", \"date\": }\n".to_string(),
            _ => format!("{{\"title\": \"Record {i}\", \"rights\": {{\"statement\": \"Free to reuse\"}}}}\n"),
        })
        .collect();
    std::fs::write(&path, lines).unwrap();
    let out = archcite()
        .args(["convert", "--to", "bibtex", "-o"])
        .arg(dir.path().join("out.bib"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let at = |needle: &str| stderr.find(needle).unwrap_or_else(|| panic!("no {needle:?} in {stderr}"));
    let error = at("batch.jsonl:150:");
    assert!(at("record 149: bibtex cannot carry") < error, "{stderr}");
    assert!(error < at("record 151: bibtex cannot carry"), "{stderr}");
    assert!(stderr.ends_with("299 records written, 1 skipped\n"), "{stderr}");
}

/// A mixed batch: JSON Lines with records of every kind (kept, warned about,
/// broken, refused by the writer, sharing a key), a `.bib` file (read in
/// order, not split) and a CSL-JSON file with a bad item.
fn mixed_batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (1..=700)
        .map(|i| match i % 97 {
            13 => "{\"title\": \"Broken\", \"date\": }\n".to_string(),
            // Nothing any format but the native ones carries: refused by the writer.
            41 => "{\"extra\": [{\"format\": \"x\", \"field\": \"y\", \"value\": \"z\"}]}\n".to_string(),
            // The same key again: made unique in order.
            n if n % 5 == 0 => "{\"key\": \"same\", \"title\": \"Same key\"}\n".to_string(),
            n if n % 3 == 0 => {
                format!("{{\"title\": \"Record {i}\", \"rights\": {{\"statement\": \"Free to reuse\"}}}}\n")
            }
            _ => format!("{{\"title\": \"Record {i}\", \"date\": \"1969-04-{:02}\"}}\n", i % 28 + 1),
        })
        .collect();
    std::fs::write(dir.path().join("a.jsonl"), lines).unwrap();
    let bib: String = (1..=150)
        .map(|i| match i {
            77 => "@misc{broken title = {No comma after the key}}\n\n".to_string(),
            _ => format!("@book{{same, title = {{Book {i}}}, year = {{19{:02}}}}}\n\n", i % 100),
        })
        .collect();
    std::fs::write(dir.path().join("b.bib"), bib).unwrap();
    let csl = "[{\"id\": \"same\", \"type\": \"book\", \"title\": \"CSL\"},\n {\"id\": \"x\", \"type\": \"book\", \"author\": 5},\n {\"id\": \"same\", \"type\": \"article\", \"title\": \"Again\"}]\n";
    std::fs::write(dir.path().join("c.csljson"), csl).unwrap();
    // XML collections: a malformed record (read on past), a value the
    // reader refuses (refused where the record is made) and good ones.
    let mods: String = (1..=200)
        .map(|i| match i {
            60 => "<mods><titleInfo><title>Broken</titl></titleInfo></mods>\n".to_string(),
            90 => "<mods><titleInfo><title>Bad date</title></titleInfo><originInfo><dateIssued encoding=\"w3cdtf\">19x9</dateIssued></originInfo></mods>\n".to_string(),
            _ => format!("<mods><titleInfo><title>MODS {i}</title></titleInfo><originInfo><dateIssued encoding=\"w3cdtf\">19{:02}</dateIssued></originInfo></mods>\n", i % 100),
        })
        .collect();
    let mods = format!("<modsCollection xmlns=\"http://www.loc.gov/mods/v3\">\n{mods}</modsCollection>\n");
    std::fs::write(dir.path().join("d.xml"), mods).unwrap();
    let marc: String = (1..=150)
        .map(|i| format!("<record><leader>00000nam a2200000 a 4500</leader><datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">Catalogue record {i}</subfield></datafield></record>\n"))
        .collect();
    let marc = format!("<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n{marc}</collection>\n");
    std::fs::write(dir.path().join("e.xml"), marc).unwrap();
    dir
}

#[test]
fn output_and_messages_are_the_same_whatever_the_number_of_jobs() {
    let dir = mixed_batch();
    let inputs = ["a.jsonl", "b.bib", "c.csljson", "d.xml", "e.xml"].map(|f| dir.path().join(f));
    for to in ["jsonl", "json", "csl-json", "bibtex", "ris", "marcxml", "marc", "mods", "tei", "dc"] {
        let run = |jobs: &str| {
            let out =
                archcite().args(["convert", "--jobs", jobs, "--to", to]).args(&inputs).output().unwrap();
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        };
        let one = run("1");
        assert_eq!(one.0, Some(1), "{to}: {}", one.2);
        assert!(one.2.contains("a.jsonl:13:"), "{to}: the broken line is reported: {}", one.2);
        assert!(one.2.contains("c.csljson:2:"), "{to}: the bad item is reported: {}", one.2);
        assert!(one.2.contains("b.bib:"), "{to}: the bad entry is reported: {}", one.2);
        assert!(one.2.contains("d.xml:61:"), "{to}: the malformed MODS record is reported: {}", one.2);
        assert!(one.2.contains("d.xml:91:"), "{to}: the refused MODS value is reported: {}", one.2);
        assert!(
            one.1.contains("Catalogue record 150") || to == "marc",
            "{to}: the MARCXML records are written"
        );
        for jobs in ["2", "4"] {
            let many = run(jobs);
            assert!(one == many, "{to}: --jobs 1 and --jobs {jobs} differ\n{}\n---\n{}", one.2, many.2);
        }
    }
}
