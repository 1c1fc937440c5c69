//! CSL-JSON, BibTeX and BibLaTeX: exact output per example, round trips,
//! inert escaping, malformed input through the CLI, citation keys, and the
//! real consumers in `../shared/conformance`.

use std::process::Command;

use archcite::model::Record;
use archcite::Format;

use crate::common::{archcite, conformance_check, examples, read_with, root, with_snapshots, write_with};

/// The formats of this module, by CLI name.
const FORMATS: [(&str, Format); 3] =
    [("csl-json", Format::CslJson), ("bibtex", Format::Bibtex), ("biblatex", Format::Biblatex)];

fn read_ok(format: Format, text: &str) -> Vec<Record> {
    read_with(format, text).into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}\n{text}"))).collect()
}

#[test]
fn every_example_in_every_format_matches_its_snapshot() {
    for (name, record) in examples() {
        for (format_name, format) in FORMATS {
            let text = write_with(format, std::slice::from_ref(&record));
            with_snapshots(|| insta::assert_snapshot!(format!("{format_name}-{name}"), text));
        }
    }
}

#[test]
fn csl_json_round_trip_is_lossless_for_every_example() {
    for (name, record) in examples() {
        let text = write_with(Format::CslJson, std::slice::from_ref(&record));
        let back = read_ok(Format::CslJson, &text);
        assert_eq!(back, vec![record], "{name}");
    }
}

/// The record that sets every model field. The destructuring names every
/// field of `Record`: a new field does not compile here until the fixture sets
/// it, and then the round trip below fails until CSL-JSON carries it.
fn every_field() -> Record {
    let text =
        std::fs::read_to_string(crate::common::root().join("tests/fixtures/valid/every-field.json")).unwrap();
    let record: Record = serde_json::from_str(&text).unwrap();
    let Record {
        schema_version,
        key,
        title: _,
        subtitle,
        short_title,
        original_title,
        alternate_titles,
        work_type,
        document_type,
        date,
        issued,
        events,
        languages,
        agents,
        references,
        publication,
        container,
        series,
        edition,
        number,
        extent,
        medium,
        identifiers,
        original,
        rights,
        summary,
        notes,
        subjects,
        keywords,
        places,
        people,
        related,
        published_sources,
        text,
        extra,
    } = &record;
    let set = [
        schema_version.is_some(),
        key.is_some(),
        subtitle.is_some(),
        short_title.is_some(),
        original_title.is_some(),
        !alternate_titles.is_empty(),
        work_type.is_some(),
        document_type.is_some(),
        date.is_some(),
        issued.is_some(),
        !events.is_empty(),
        !languages.is_empty(),
        !agents.is_empty(),
        !references.is_empty(),
        publication.is_some(),
        container.is_some(),
        series.is_some(),
        edition.is_some(),
        number.is_some(),
        extent.is_some(),
        medium.is_some(),
        !identifiers.is_empty(),
        original.is_some(),
        rights.is_some(),
        summary.is_some(),
        !notes.is_empty(),
        !subjects.is_empty(),
        !keywords.is_empty(),
        !places.is_empty(),
        !people.is_empty(),
        !related.is_empty(),
        !published_sources.is_empty(),
        text.is_some(),
        !extra.is_empty(),
    ];
    assert!(set.iter().all(|s| *s), "every-field.json leaves a field unset: {set:?}");
    record
}

#[test]
fn csl_json_carries_every_model_field() {
    let mut record = every_field();
    let text = write_with(Format::CslJson, std::slice::from_ref(&record));
    let back = read_ok(Format::CslJson, &text);
    // The schema version is the file's, not the record's: absent means current.
    record.schema_version = None;
    assert_eq!(back, vec![record], "{text}");
}

#[test]
fn csl_json_round_trip_keeps_dates_csl_cannot_say() {
    let (_, base) = examples().remove(0);
    for date in
        ["1969?", "1969-04~", "1969/1970", "1969~/1970~", "1969-04/..", "../1970", "1969%", "1969/1970?"]
    {
        let mut record = base.clone();
        record.date = Some(date.parse().unwrap());
        let back = read_ok(Format::CslJson, &write_with(Format::CslJson, std::slice::from_ref(&record)));
        assert_eq!(back[0].date, record.date, "{date}");
    }
}

#[test]
fn csl_json_is_told_from_native_json_by_content() {
    let (name, _) = &examples()[0];
    let native = root().join("examples").join(format!("{name}.json"));
    let csl = archcite().args(["convert", "--to", "csl-json"]).arg(&native).output().unwrap();
    assert!(csl.status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("items.json");
    std::fs::write(&path, &csl.stdout).unwrap();
    let back = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
    assert!(back.status.success(), "{}", String::from_utf8_lossy(&back.stderr));
    assert_eq!(back.stdout, std::fs::read(&native).unwrap());
}

#[test]
fn csl_json_from_other_producers_keeps_what_has_no_place_in_extra() {
    let zotero = r#"[{"id": "http://zotero.org/items/ABC", "type": "manuscript", "citation-key": "kim1969",
        "title": "Letter", "author": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
        "issued": {"date-parts": [["1969", "4"]], "circa": true}, "archive": "Some Archive",
        "archive_location": "Box 4, Folder 2", "language": "English", "container-title": "Papers",
        "URL": "https://example.org/1", "note": "A note", "citation-label": "Gogh69"}]"#;
    let r = read_ok(Format::CslJson, zotero).remove(0);
    assert_eq!(r.key.as_deref(), Some("kim1969"));
    assert_eq!(r.date.as_ref().unwrap().to_string(), "1969-04~");
    assert_eq!(r.agents[0].agent.display_name(), "Vincent van Gogh");
    assert_eq!(r.references[0].repository.as_ref().unwrap().label(), "Some Archive");
    assert_eq!(r.references[0].raw.as_deref(), Some("Box 4, Folder 2"));
    assert_eq!(r.languages.original[0].as_str(), "en");
    let notes: Vec<(String, String)> =
        r.notes.iter().map(|n| (n.kind.as_str().into(), n.text.to_string())).collect();
    assert_eq!(notes, [("general".to_string(), "A note".to_string())]);
    assert_eq!(r.container.as_ref().and_then(|c| c.title.as_deref()), Some("Papers"));
    // What the model has no field for, or holds in another form, is kept in
    // `extra` and written back as it was.
    let extra: Vec<(&str, &str)> = r.extra.iter().map(|e| (e.field.as_str(), e.value.as_str())).collect();
    assert!(extra.contains(&("citation-label", "Gogh69")), "{extra:?}");
    assert!(extra.contains(&("language", "English")), "{extra:?}");
    let back = write_with(Format::CslJson, std::slice::from_ref(&r));
    for kept in
        [r#""citation-label": "Gogh69""#, r#""language": "English""#, r#""non-dropping-particle": "van""#]
    {
        assert!(back.contains(kept), "{kept}\n{back}");
    }
}

#[test]
fn a_bad_csl_item_is_reported_with_its_position_and_the_others_come_through() {
    let record = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed").1;
    let good = write_with(Format::CslJson, &[record.clone(), record]);
    let bad = good.replacen("\"date-parts\": [", "\"date-parts\": \"1969\", \"x\": [", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, &bad).unwrap();
    let out =
        archcite().args(["convert", "--from", "csl-json", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.json:20:21: record 1: field `issued.date-parts`"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "{stderr}");
}

/// Run `check.sh FORMAT FILE` with CHECK_STRICT=1; `None` when its tools are
/// not installed (exit 3) or the script is absent.
fn strict_check(format: &str, text: &str, name: &str) -> Option<(bool, String)> {
    let script = conformance_check()?;
    let dir = tempfile::tempdir().unwrap();
    let ext = if format == "csl-json" { "json" } else { "bib" };
    let path = dir.path().join(format!("{name}.{ext}"));
    std::fs::write(&path, text).unwrap();
    let out =
        Command::new("bash").arg(script).args([format]).arg(&path).env("CHECK_STRICT", "1").output().ok()?;
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.code() == Some(3) {
        eprintln!("notice: conformance tools missing, {format} not checked:\n{report}");
        return None;
    }
    Some((out.status.success(), report))
}

#[test]
fn real_consumers_accept_every_example_in_every_format() {
    let formats: Vec<Format> = FORMATS.iter().map(|(_, f)| *f).collect();
    crate::common::assert_accepted_by_real_consumers(&examples(), &formats);
}

#[test]
fn pandoc_renders_the_seed_with_repository_location_and_translator() {
    if Command::new("pandoc").arg("--version").output().is_err() {
        eprintln!("notice: pandoc is not installed; not rendering");
        return;
    }
    let style = "/usr/share/citation-style-language/styles/chicago-fullnote-bibliography.csl";
    if !std::path::Path::new(style).exists() {
        eprintln!("notice: {style} is not installed; not rendering");
        return;
    }
    let record = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed").1;
    let dir = tempfile::tempdir().unwrap();
    let bib = dir.path().join("seed.json");
    std::fs::write(&bib, write_with(Format::CslJson, &[record])).unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(&doc, "---\nnocite: \"@*\"\n---\n").unwrap();
    let out = Command::new("pandoc")
        .arg(&doc)
        .args(["--citeproc", "--csl", style, "-t", "plain", "--wrap=none", "--bibliography"])
        .arg(&bib)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for expected in [
        "Russian State Archive of Contemporary History (RGANI)",
        "f. 5, op. 61, d. 462, ll. 95–101",
        "Translated by Gary Goldberg",
    ] {
        assert!(text.to_lowercase().contains(&expected.to_lowercase()), "missing {expected:?} in {text}");
    }
}

/// Values that TeX or BibTeX would act on if they were written as they are.
const NASTY: [&str; 6] = [
    r"\input{/etc/passwd}",
    "100% sure # not a comment",
    "unbalanced { brace",
    "} @misc{evil, title = {x}}",
    r"$x^2_i$ & ~ a--b \\ \relax",
    "Ünnep – Łódź “quoted” Ким Ир Сен 김일성",
];

fn nasty_record(title: &str) -> Record {
    let mut r = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed").1;
    r.title = archcite::model::NonEmpty::new(title);
    r.summary = archcite::model::NonEmpty::new(&format!("Summary: {title}"));
    r
}

#[test]
fn tex_specials_come_out_inert_and_read_back_to_the_same_value() {
    for (format_name, format) in [("bibtex", Format::Bibtex), ("biblatex", Format::Biblatex)] {
        let records: Vec<Record> = NASTY.iter().map(|t| nasty_record(t)).collect();
        let text = write_with(format, &records);
        assert!(!text.contains(r"\input{"), "{text}");
        assert!(!text.contains("\n@misc{evil"), "{text}");
        let back = read_ok(format, &text);
        assert_eq!(back.len(), NASTY.len(), "{format_name}: {text}");
        for (r, nasty) in back.iter().zip(NASTY) {
            assert_eq!(r.title.as_deref().unwrap(), nasty, "{format_name}");
            if format == Format::Biblatex {
                assert_eq!(r.summary.as_deref(), Some(format!("Summary: {nasty}").as_str()));
            }
        }
        if let Some((ok, report)) = strict_check(format_name, &text, "nasty") {
            assert!(ok, "{format_name}:\n{report}\n{text}");
        }
    }
}

#[test]
fn bib_formats_read_back_what_they_wrote() {
    let seed = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed").1;
    for format in [Format::Bibtex, Format::Biblatex] {
        let back = read_ok(format, &write_with(format, std::slice::from_ref(&seed))).remove(0);
        assert_eq!(back.key.as_deref(), Some("rgani-5-61-462-1969"));
        assert_eq!(back.title, seed.title);
        assert_eq!(back.agents[0], seed.agents[0], "{format:?}");
        let reference = &back.references[0];
        assert!(
            reference.raw.as_deref().unwrap().contains("f. 5, op. 61, d. 462, ll. 95–101"),
            "{reference:?}"
        );
        if format == Format::Biblatex {
            assert_eq!(back.date, seed.date);
            assert_eq!(back.languages, seed.languages);
            assert_eq!(reference.repository.as_ref().unwrap().abbreviation.as_deref(), Some("RGANI"));
            assert_eq!(back.summary, seed.summary);
        } else {
            // BibTeX's `year`, `month` and `day` say the whole date.
            assert_eq!(back.date, seed.date);
        }
    }
}

#[test]
fn a_bib_file_with_a_bad_entry_reports_it_and_converts_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.bib");
    let text = "@misc{one, title = {One}, year = {1969}}\n\
                @misc{two, title = {Two} year = {1970}}\n\
                @misc{three, title = {Three, with {an open brace}\n\
                @misc{four, title = {Four}}\n";
    std::fs::write(&path, text).unwrap();
    let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.bib:2:26: record 2: expected comma"), "{stderr}");
    assert!(stderr.contains("bad.bib:4:1: record 3: unexpected end of file"), "{stderr}");
    let titles: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Record>(l).unwrap().title.unwrap().to_string())
        .collect();
    assert_eq!(titles, ["One", "Four"]);
}

#[test]
fn citation_keys_are_readable_unique_and_the_records_own_key_wins() {
    let seed = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed").1;
    let mut own = seed.clone();
    own.key = archcite::model::NonEmpty::new("brezhnev letter");
    let text = write_with(Format::Biblatex, &[seed.clone(), seed.clone(), own.clone(), own, seed]);
    let keys: Vec<&str> =
        text.lines().filter_map(|l| l.strip_prefix("@misc{")).map(|l| l.trim_end_matches(',')).collect();
    assert_eq!(
        keys,
        [
            "rgani-5-61-462-1969",
            "rgani-5-61-462-1969-2",
            "brezhnev-letter",
            "brezhnev-letter-2",
            "rgani-5-61-462-1969-3"
        ]
    );
}

#[test]
fn bib_extension_means_bibtex_unless_biblatex_fields_are_used() {
    let (name, _) = examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").expect("seed");
    let native = root().join("examples").join(format!("{name}.json"));
    for (to, reads_date) in [("bibtex", "1969-04-14"), ("biblatex", "1969-04-14")] {
        let out = archcite().args(["convert", "--to", to]).arg(&native).output().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("refs.bib");
        std::fs::write(&path, &out.stdout).unwrap();
        let back = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
        let record: Record = serde_json::from_slice(&back.stdout).unwrap();
        assert_eq!(record.date.unwrap().to_string(), reads_date, "{to}");
    }
}

/// Items written by an earlier archcite (`custom.archcite` 1) kept only the
/// publication's record ID in `custom`; they still read back whole.
#[test]
fn csl_json_custom_version_1_still_reads() {
    let item = r#"[{"id": "x", "type": "manuscript", "title": "Telegram",
        "source": "Digital Archive", "URL": "https://example.org/document/1",
        "custom": {"archcite": 1, "record_id": "113395",
                   "references": [{"levels": [{"kind": "fond", "value": "5"}]}],
                   "notes": [{"kind": "stamp", "text": "CPSU CC stamp"}],
                   "someone-elses": "kept"}}]"#;
    let record = read_ok(Format::CslJson, item).remove(0);
    let publication = record.publication.as_ref().expect("publication");
    assert_eq!(publication.record_id.as_deref(), Some("113395"));
    assert_eq!(publication.collection.as_deref(), Some("Digital Archive"));
    assert_eq!(record.references.len(), 1);
    assert_eq!(record.notes.len(), 1, "{:?}", record.notes);
    let extra: Vec<(&str, &str, &str)> =
        record.extra.iter().map(|e| (e.format.as_str(), e.field.as_str(), e.value.as_str())).collect();
    assert_eq!(extra, [("csl-json", "custom.someone-elses", "kept")]);
}
