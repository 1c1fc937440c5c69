//! `archcite cite`: formatted citations in bundled and user CSL styles.

use archcite::cite::{style, CiteError, Citer, Mode, OutputFormat};
use archcite::model::Record;

use crate::common::{archcite, examples, root, with_snapshots};

const RGANI: &str = "examples/rgani-5-61-462.json";

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Run `archcite cite ARGS` and return (exit code, stdout, stderr).
fn cite(args: &[&str]) -> (Option<i32>, String, String) {
    let out = archcite().current_dir(root()).arg("cite").args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn citer(style_name: &str, locale: &str, mode: Option<Mode>) -> Citer {
    Citer::new(style::load(style_name).unwrap(), Some(locale), mode).unwrap()
}

#[test]
fn acceptance_chicago_full_note_for_the_rgani_record() {
    let (code, out, err) = cite(&[RGANI]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    for piece in [
        "N. Sudarikov, ",
        "“Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers,”",
        "April 14, 1969",
        "Russian State Archive of Contemporary History (RGANI), Moscow",
        "Fond 5, Opis 61, Delo 462, Listi 95–101",
        "trans. Gary Goldberg",
        "Memorandum of Conversation",
        "History and Public Policy Program Digital Archive",
    ] {
        assert!(out.contains(piece), "missing {piece:?} in\n{out}");
    }
}

#[test]
fn apa_mla_and_a_csl_file_give_different_correct_outputs() {
    let (_, apa, _) = cite(&["--style", "apa", RGANI]);
    let (_, mla, _) = cite(&["--style", "mla", RGANI]);
    let csl = fixture("csl/archival-fields.csl");
    let (code, file, err) = cite(&["--style", csl.to_str().unwrap(), RGANI]);
    assert_eq!(code, Some(0), "{err}");

    assert!(apa.starts_with("Sudarikov, N. (1969). Record of a Conversation"), "{apa}");
    assert!(apa.contains("(G. Goldberg, Trans.) [Memorandum of Conversation]"), "{apa}");
    assert!(apa.contains("(Fond 5, Opis 61, Delo 462, Listi 95–101)"), "{apa}");

    assert!(mla.starts_with("Sudarikov, N. “Record of a Conversation"), "{mla}");
    assert!(mla.contains("translated by Gary Goldberg"), "{mla}");
    assert!(mla.contains("14 Apr. 1969"), "{mla}");

    assert_eq!(
        file.trim_end(),
        "Sudarikov, N. | Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and \
         Chairman of the DPRK Cabinet of Ministers | memorandum of conversation | 1969-04-14 | Russian State \
         Archive of Contemporary History (RGANI), Moscow | Fond 5, Opis 61, Delo 462, Listi 95–101 | \
         translated by Gary Goldberg."
    );
    assert!(apa != mla && mla != file && apa != file);
}

#[test]
fn a_dependent_csl_file_renders_with_its_bundled_parent() {
    let dep = fixture("csl/dependent-apa.csl");
    let (code, out, err) = cite(&["--style", dep.to_str().unwrap(), RGANI]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Sudarikov, N. (1969)."), "{out}");
}

#[test]
fn snapshots_every_example_in_four_styles_and_two_locales() {
    let examples = examples();
    for style_name in ["chicago-notes", "apa", "mla", "gost-r-705-2008-numeric", "mhra-notes"] {
        for locale in ["en-US", "ru-RU"] {
            let citer = citer(style_name, locale, None);
            let text: String = examples
                .iter()
                .enumerate()
                .map(|(i, (name, record))| {
                    format!("{name}:\n{}\n\n", cited(&citer, record, i, OutputFormat::Text))
                })
                .collect();
            with_snapshots(|| insta::assert_snapshot!(format!("cite-{style_name}-{locale}"), text));
        }
    }
}

/// The citation, or the error written into the snapshot instead of a panic.
fn cited(citer: &Citer, record: &Record, i: usize, format: OutputFormat) -> String {
    citer.cite(record, i, format).unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn snapshots_html_and_markdown() {
    let examples = examples();
    for (format, name) in [(OutputFormat::Html, "html"), (OutputFormat::Markdown, "markdown")] {
        let citer = citer("chicago-notes", "en-US", None);
        let text: String = examples
            .iter()
            .enumerate()
            .map(|(i, (_, r))| format!("{}\n", cited(&citer, r, i, format)))
            .collect();
        with_snapshots(|| insta::assert_snapshot!(format!("cite-chicago-notes-{name}"), text));
    }
}

#[test]
fn every_mode_renders_something_different_for_an_author_date_style() {
    let record = &examples().into_iter().find(|(n, _)| n == "rgani-5-61-462").unwrap().1;
    let render = |mode| citer("chicago-author-date", "en-US", Some(mode)).cite(record, 0, OutputFormat::Text);
    assert_eq!(render(Mode::InText).unwrap(), "(Sudarikov 1969)");
    assert!(render(Mode::Bibliography).unwrap().starts_with("Sudarikov, N. 1969. “Record of a Conversation"));
    // The default for an in-text style is its bibliography entry.
    assert_eq!(citer("apa", "en-US", None).mode(), Mode::Bibliography);
    assert_eq!(citer("chicago-notes", "en-US", None).mode(), Mode::Note);
}

#[test]
fn ru_locale_changes_terms_dates_and_the_location_convention() {
    let (code, out, err) = cite(&["--locale", "ru-RU", RGANI]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("«Record of a Conversation"), "{out}");
    assert!(out.contains("пер. Gary Goldberg"), "{out}");
    assert!(out.contains("1969 г."), "{out}");
    assert!(out.contains("f. 5, op. 61, d. 462, ll. 95–101"), "{out}");
    // A language alone finds its bundled locale.
    let (_, by_language, _) = cite(&["--locale", "ru", RGANI]);
    assert_eq!(by_language, out);
}

#[test]
fn html_output_is_well_formed_and_escaped() {
    let markup = fixture("cite/markup-in-title.json");
    let (code, out, err) =
        cite(&["--format", "html", RGANI, "examples/mnl-ol-xix-j-1-j-1955.json", markup.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 3);
    let elements = parse_xml(&format!("<root>{out}</root>"));
    assert_eq!(elements.iter().filter(|e| *e == "div").count(), 3, "{out}");
    assert!(elements.contains(&"i".to_string()), "the container title is in italics: {out}");
    assert!(elements.contains(&"a".to_string()), "the URL is a link: {out}");
    assert!(out.contains("US &amp; UK Policy &lt;"), "{out}");
    assert!(out.contains("href=\"https://archive.example.org/doc?id=1&amp;lang=en\""), "{out}");
}

/// The names of every element, or a panic naming the XML error.
fn parse_xml(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                names.push(String::from_utf8_lossy(e.name().as_ref()).into())
            }
            Ok(quick_xml::events::Event::Eof) => return names,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{xml}", reader.buffer_position()),
        }
    }
}

#[test]
fn markdown_uses_emphasis_and_escapes_specials() {
    let markup = fixture("cite/markup-in-title.json");
    let (_, out, _) = cite(&["--style", "apa", "--format", "markdown", RGANI, markup.to_str().unwrap()]);
    assert!(out.contains("In *History and Public Policy Program Digital Archive*."), "{out}");
    assert!(out.contains("\\[Memorandum of Conversation\\]"), "{out}");
    assert!(out.contains("\\<Draft\\>"), "{out}");
    assert!(out.contains("\n\n"), "citations are separate paragraphs: {out}");
}

#[test]
fn list_styles_names_the_bundled_styles_and_aliases() {
    let (code, out, _) = cite(&["--list-styles"]);
    assert_eq!(code, Some(0));
    let names: Vec<&str> = out.lines().collect();
    for name in [
        "chicago-notes",
        "chicago-author-date",
        "apa",
        "mla",
        "turabian-fullnote-8",
        "mhra-notes",
        "modern-humanities-research-association-notes",
        "gost-r-705-2008-numeric",
    ] {
        assert!(names.contains(&name), "{name} not listed");
    }
    // Every listed name loads.
    for name in names {
        assert!(style::load(name).is_ok(), "{name}");
    }
}

#[test]
fn unknown_style_is_answered_with_the_closest_names() {
    let (code, out, err) = cite(&["--style", "chicgo-notes", RGANI]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("unknown style `chicgo-notes`; did you mean `chicago-notes`"), "{err}");
    let (_, _, err) = cite(&["--style", "mhra-note", RGANI]);
    assert!(err.contains("`mhra-notes`"), "{err}");
}

#[test]
fn unknown_locale_is_a_usage_error() {
    let (code, _, err) = cite(&["--locale", "en-UZ", RGANI]);
    // en-UZ falls back to English; a language with no locale at all is refused.
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = cite(&["--locale", "qq-QQ", RGANI]);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown locale `qq-QQ`"), "{err}");
}

#[test]
fn broken_csl_files_are_usage_errors_naming_the_file_and_the_place() {
    for (file, message) in [
        ("csl/broken.csl", "not a valid CSL style: at `citation.layout"),
        ("csl/not-a-style.csl", "not a valid CSL style"),
        ("csl/no-such-style.csl", "cannot read the style"),
    ] {
        let path = fixture(file);
        let (code, out, err) = cite(&["--style", path.to_str().unwrap(), RGANI]);
        assert_eq!(code, Some(2), "{file}: {err}");
        assert!(out.is_empty(), "{file}");
        assert!(err.contains(&format!("{}: {message}", path.display())), "{file}: {err}");
    }
}

#[test]
fn a_record_missing_its_provenance_is_named_and_the_others_are_cited() {
    let path = fixture("cite/one-uncitable.jsonl");
    let (code, out, err) = cite(&[path.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{}: record 2: “Note Found Without Provenance”: cannot cite", path.display())),
        "{err}"
    );
    assert!(err.contains("no archival reference and no publication"), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("“Ciphered Telegram from Pyongyang,” April 14, 1969"), "{out}");
    assert!(lines[1].contains("[1970?]"), "an approximate date stays approximate: {out}");
}

#[test]
fn invalid_records_are_reported_and_stdin_works_with_from() {
    let input = "{\"title\":\"One\",\"references\":[{\"raw\":\"GARF, f. R-9401\"}]}\n{\"title\":\"Two\",\"date\":\"1969-13\"}\n";
    let out = archcite().args(["cite", "--from", "jsonl"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "“One,” unpublished manuscript, n.d., GARF, f. R-9401.\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("record 2"));
}

#[test]
fn a_style_without_a_bibliography_refuses_bibliography_mode() {
    let no_bib = fixture("csl/archival-fields.csl");
    let mut loaded = style::load(no_bib.to_str().unwrap()).unwrap();
    loaded.csl.bibliography = None;
    let err = Citer::new(loaded, None, Some(Mode::Bibliography)).err().unwrap();
    assert!(err.to_string().contains("has no bibliography"), "{err}");
}

#[test]
fn the_library_reports_missing_provenance_as_an_error_value() {
    let record: Record = serde_json::from_str(r#"{"title": "Alone"}"#).unwrap();
    let err = citer("apa", "en-US", None).cite(&record, 0, OutputFormat::Text).unwrap_err();
    assert!(matches!(err, CiteError::Missing(_)));
}

/// Parsed once: the property below runs many cases against the same styles.
fn odd_record_citers() -> &'static [Citer] {
    static CITERS: std::sync::OnceLock<Vec<Citer>> = std::sync::OnceLock::new();
    CITERS.get_or_init(|| {
        ["chicago-notes", "apa", "gost-r-705-2008-numeric"].map(|s| citer(s, "en-US", None)).into()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Validation, not unwinding, keeps odd records away from the processor's panics.
    #[test]
    fn odd_records_are_cited_or_refused_without_a_processor_failure(
        title in "\\PC*[a-zA-Zа-я]\\PC*",
        date in proptest::option::of((0i32..=9999, proptest::option::of(1u8..=12), 0u8..3)),
        family in "[\\p{L}' -]{0,12}[\\p{L}]",
        level in "\\PC{0,8}[0-9]{1,3}(-[0-9]{1,3})?",
        has_reference in proptest::bool::ANY,
    ) {
        let date = date.map(|(y, m, q)| {
            let base = match m { Some(m) => format!("{y:04}-{m:02}"), None => format!("{y:04}") };
            base + ["", "~", "?"][q as usize]
        });
        let mut json = serde_json::json!({
            "title": title,
            "agents": [{"role": "author", "person": {"family": family}},
                       {"role": "translator", "organization": {"name": family}}],
        });
        if let Some(d) = date { json["date"] = d.into(); }
        if has_reference {
            json["references"] = serde_json::json!([{"repository": {"name": "An Archive"},
                "levels": [{"kind": "listi", "value": level}, {"kind": "box-number", "value": level}]}]);
        }
        let record: Record = serde_json::from_value(json).unwrap();
        for citer in odd_record_citers() {
            let result = citer.cite(&record, 0, OutputFormat::Html);
            proptest::prop_assert!(!matches!(result, Err(CiteError::Processor(_))), "{result:?}");
            proptest::prop_assert_eq!(result.is_ok(), has_reference);
        }
    }
}

#[test]
fn a_long_batch_is_cited_in_input_order_with_its_failures_in_place() {
    let mut input = String::new();
    for i in 1..=600 {
        let provenance = if i % 150 == 0 { "" } else { r#","references":[{"raw":"GARF, f. R-9401"}]"# };
        input.push_str(&format!("{{\"title\":\"Document {i}\"{provenance}}}\n"));
    }
    let out =
        archcite().args(["cite", "--from", "jsonl", "--style", "apa"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let numbers: Vec<usize> = stdout
        .lines()
        .map(|l| l.strip_prefix("Document ").and_then(|r| r.split('.').next()).unwrap().parse().unwrap())
        .collect();
    let expected: Vec<usize> = (1..=600).filter(|i| i % 150 != 0).collect();
    assert_eq!(numbers, expected);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let failed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(failed.len(), 4, "{stderr}");
    assert!(failed[0].contains("record 150: “Document 150”") && failed[3].contains("record 600"), "{stderr}");
}

/// `cite` and `convert --to csl-json` share one mapping: for every example, and
/// for a record whose repository has only a raw location, the item a citation is
/// rendered from says what the CSL-JSON file says about the archive, the
/// location, the names in each role and the date.
#[test]
fn cite_and_csl_json_agree_on_archive_location_roles_and_dates() {
    use archcite::cite::entry::{to_item, LocationForm};
    use archcite::Format;
    let mut records = examples();
    let raw_only: Record = serde_json::from_str(
        r#"{"title": "Letter", "date": "1969-04/1969-06",
            "references": [{"repository": {"name": "Hoover Institution Archives"},
                            "raw": "Special Folder, box 3"}]}"#,
    )
    .unwrap();
    records.push(("raw-only".into(), raw_only));
    for (name, record) in &records {
        let file: serde_json::Value =
            serde_json::from_str(&crate::common::write_with(Format::CslJson, std::slice::from_ref(record)))
                .unwrap();
        let file = &file[0];
        let cited = serde_json::to_value(to_item(record, 0, LocationForm::Short).unwrap()).unwrap();
        let text =
            |v: &serde_json::Value| v.as_str().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        assert_eq!(text(&cited["archive"]), text(&file["archive"]), "{name}: archive");
        assert_eq!(text(&cited["archive_place"]), text(&file["archive-place"]), "{name}: archive place");
        assert_eq!(text(&cited["archive_location"]), text(&file["archive_location"]), "{name}: location");
        assert!(file["archive_location"].is_string() || record.references.is_empty(), "{name}: no location");
        for role in ["author", "recipient", "editor", "contributor", "translator"] {
            let count = |v: &serde_json::Value| v[role].as_array().map_or(0, Vec::len);
            assert_eq!(count(&cited), count(file), "{name}: {role}");
        }
        // The processor's item writes date parts bare; a file under `date-parts`.
        let parts = |v: &serde_json::Value| match &v["issued"] {
            serde_json::Value::Array(p) => p.first().cloned(),
            d => d["date-parts"].get(0).cloned(),
        };
        assert_eq!(parts(&cited), parts(file), "{name}: date");
        assert_eq!(parts(&cited).is_some(), record.date.is_some(), "{name}: date");
    }
    let raw =
        serde_json::to_value(to_item(&records.last().unwrap().1, 0, LocationForm::Short).unwrap()).unwrap();
    assert_eq!(raw["archive_location"], "Special Folder, box 3");
}

/// `cite DIR` reads a directory as `convert DIR` does: every example, recursively.
#[test]
fn cite_reads_a_directory_like_convert() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("nested");
    std::fs::create_dir(&nested).unwrap();
    for (name, record) in examples() {
        let text = serde_json::to_string(&record).unwrap();
        std::fs::write(nested.join(format!("{name}.json")), text).unwrap();
    }
    let out = archcite().args(["cite"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.lines().count(), examples().len(), "{stdout}");
}
