//! Hostile and broken input (issue 12): each test pins one row of the issue's
//! table with the input given there. Readers must end, never panic, keep what
//! they can and report the rest with its place and record number.

use std::time::Duration;

use archcite::model::{Agent, Role};
use archcite::Format;

use crate::common::{archcite, read_with, root, write_with};

/// A seed example, written in `format` by archcite itself.
fn example_in(format: Format) -> String {
    let text = std::fs::read_to_string(root().join("examples/rgani-5-61-462.json")).unwrap();
    let record: archcite::model::Record = serde_json::from_str(&text).unwrap();
    write_with(format, &[record])
}

/// The CLI on `input` (named `name`) ends within a few seconds; its output.
fn run_cli(args: &[&str], name: &str, input: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, input).unwrap();
    archcite().args(args).arg(&path).timeout(Duration::from_secs(20)).output().unwrap()
}

#[test]
fn regression_json_stray_bracket_or_comma_after_an_object_ends() {
    for input in [r#"{"title":"x"}]"#, r#"{"title":"x"},"#] {
        for format in [Format::Json, Format::CslJson] {
            let input =
                if format == Format::CslJson { input.replace("{", r#"{"id":"a","#) } else { input.into() };
            let results = read_with(format, &input);
            assert!(results.len() <= 3, "{format:?} {input}: {} results", results.len());
            let err = results.iter().find_map(|r| r.as_ref().err()).expect("the stray text is reported");
            let column = if format == Format::CslJson { 23 } else { 14 };
            assert!(err.message.starts_with("unexpected `"), "{err}");
            assert_eq!(err.position.map(|p| (p.line, p.column)), Some((1, column)), "{err}");
        }
        assert_eq!(read_with(Format::Json, input).iter().filter(|r| r.is_ok()).count(), 1);
        for args in [&["convert", "--to", "jsonl"][..], &["validate"][..], &["cite"][..]] {
            let out = run_cli(args, "stray.json", input);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(out.stderr.len() < 4096, "{args:?}: {} bytes of stderr", out.stderr.len());
            assert!(out.stdout.len() < 4096, "{args:?}: {} bytes of stdout", out.stdout.len());
        }
    }
}

#[test]
fn regression_json_empty_elements_and_extra_commas_in_an_array_end() {
    for input in ["[,,,]", "[{\"title\":\"x\"},,{\"title\":\"y\"}]", "[}", "{]", "[[[[", "]]]]"] {
        let results = read_with(Format::Json, input);
        assert!(results.len() <= input.len() + 1, "{input}: {} results", results.len());
    }
    let ok = read_with(Format::Json, "[{\"title\":\"x\"},,{\"title\":\"y\"}]");
    assert_eq!(ok.iter().filter(|r| r.is_ok()).count(), 2, "both records survive the extra comma");
}

#[test]
fn regression_ris_author_with_empty_family_name_is_kept_not_a_panic() {
    let records = read_with(Format::Ris, "TY  - MANSCPT\nTI  - T\nAU  - , X\nER  - \n");
    let record = records[0].as_ref().expect("the record is read");
    assert_eq!(record.agents[0].agent.display_name(), ", X");
}

#[test]
fn regression_tei_author_with_empty_family_name_is_kept_not_a_panic() {
    let tei = example_in(Format::Tei);
    let start = tei.find("<author").unwrap();
    let end = tei[start..].find("</author>").unwrap() + start + "</author>".len();
    let tei = format!("{}<author>, X</author>{}", &tei[..start], &tei[end..]);
    let records = read_with(Format::Tei, &tei);
    let record = records[0].as_ref().expect("the record is read");
    assert!(record.agents.iter().any(|c| c.agent.display_name() == ", X"), "{:?}", record.agents);
}

#[test]
fn regression_dc_contributor_with_only_a_role_label_is_kept_not_a_panic() {
    for format in [Format::Dc, Format::Dcterms] {
        let xml = example_in(format);
        let tag = "dc:contributor";
        let open = xml.find(&format!("<{tag}>")).unwrap_or_else(|| panic!("{format:?}: {xml}"));
        let xml = format!("{}<{tag}> (translator)</{tag}>\n{}", &xml[..open], &xml[open..]);
        let records = read_with(format, &xml);
        let record = records[0].as_ref().expect("the record is read");
        let kept = record.agents.iter().any(|c| c.agent.display_name().contains("(translator)"));
        assert!(kept, "{format:?}: the text is kept as a name: {:?}", record.agents);
    }
}

#[test]
fn regression_bib_crossref_and_xdata_to_itself_are_notes_not_a_stack_overflow() {
    let cases = [
        (Format::Bibtex, "@misc{a, title={A}, crossref={a}}\n", "crossref"),
        (Format::Biblatex, "@misc{a, title={A}, xdata={a}}\n", "xdata"),
        (
            Format::Biblatex,
            "@misc{a, title={A}, crossref={b}}\n@misc{b, title={B}, crossref={a}}\n",
            "crossref",
        ),
    ];
    for (format, input, field) in cases {
        for result in read_with(format, input) {
            let record = result.unwrap_or_else(|e| panic!("{input}: {e}"));
            let kept = record.extra.iter().find(|e| e.field.as_str() == field);
            assert!(kept.is_some(), "{input}: the {field} is kept: {:?}", record.extra);
        }
    }
}

#[test]
fn regression_bib_deeply_nested_braces_are_refused_by_a_named_limit() {
    let deep = format!(
        "@misc{{a, title={{{}x{}}}}}\n@misc{{b, title={{B}}}}\n",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    let results = read_with(Format::Bibtex, &deep);
    let err = results[0].as_ref().expect_err("refused");
    assert!(err.message.contains("limit of 256"), "{err}");
    assert!(err.help.as_deref().unwrap_or("").contains("ARCHCITE_MAX_NESTING"), "{err}");
    assert_eq!(err.record, Some(1));
    assert!(results[1].is_ok(), "the next entry is still read");
}

#[test]
fn regression_bib_nesting_limit_is_raised_by_its_variable() {
    let input = format!("@misc{{a, title={{{}x{}}}}}\n", "{".repeat(300), "}".repeat(300));
    let refused = run_cli(&["convert", "--to", "jsonl"], "deep.bib", &input);
    assert_eq!(refused.status.code(), Some(1));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.bib");
    std::fs::write(&path, &input).unwrap();
    let raised =
        archcite().env("ARCHCITE_MAX_NESTING", "400").args(["convert", "--to", "jsonl"]).arg(&path).output();
    let raised = raised.unwrap();
    assert_eq!(raised.status.code(), Some(0), "{}", String::from_utf8_lossy(&raised.stderr));
}

#[test]
fn regression_html_deeply_nested_divs_are_refused_by_a_named_limit() {
    let page = format!(
        "<!DOCTYPE html><html><body>{}x{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let err = read_with(Format::ArchivePage, &page).remove(0).expect_err("refused");
    assert!(err.message.contains("depth of nested HTML elements"), "{err}");
    assert!(err.help.as_deref().unwrap_or("").contains("ARCHCITE_MAX_NESTING"), "{err}");
}

#[test]
fn regression_html_page_past_the_size_limit_is_refused_before_parsing() {
    let page = format!("<!DOCTYPE html><html><body><p>{}</p></body></html>", "x".repeat((16 << 20) + 1));
    let err = read_with(Format::ArchivePage, &page).remove(0).expect_err("refused");
    assert!(err.help.as_deref().unwrap_or("").contains("ARCHCITE_MAX_HTML_BYTES"), "{err}");
}

/// A collection of 100 copies of the example with one broken tag in record 50.
fn batch_with_broken_record(format: Format, record_tag: &str, break_at: &str) -> String {
    let one = example_in(format);
    let start = one.find(&format!("<{record_tag}")).unwrap();
    let end = one.rfind(&format!("</{record_tag}>")).unwrap() + record_tag.len() + 3;
    let record = &one[start..end];
    let open_end = record.find('>').unwrap();
    let attrs = &record[record_tag.len() + 1..open_end];
    let plain = format!("<{record_tag}>{}", &record[open_end + 1..]);
    let broken = plain.replacen(break_at, &format!("{break_at}<unclosed>"), 1);
    assert_ne!(broken, plain, "the break point is in the record");
    let mut records = vec![plain; 100];
    records[49] = broken;
    let records = records.join("\n");
    if attrs.trim().is_empty() {
        // Written in a container already (MARCXML): fill it.
        return format!("{}{records}{}", &one[..start], &one[end..]);
    }
    // One record written alone carries the namespaces: give them to a container.
    let prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    format!("{prolog}\n<{record_tag}Collection{attrs}>\n{records}\n</{record_tag}Collection>\n")
}

#[test]
fn regression_marcxml_and_mods_batch_with_one_unclosed_tag_loses_only_that_record() {
    for (format, tag, at) in
        [(Format::Marcxml, "record", "<subfield code=\"a\">"), (Format::Mods, "mods", "<title>")]
    {
        let batch = batch_with_broken_record(format, tag, at);
        let results = read_with(format, &batch);
        assert_eq!(results.len(), 100, "{format:?}: every record is accounted for");
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 99, "{format:?}");
        let err = results[49].as_ref().expect_err("record 50 is refused");
        assert_eq!(err.record, Some(50), "{format:?}: {err}");
        assert!(err.position.is_some(), "{format:?}: {err}");

        let out = run_cli(&["convert", "--to", "jsonl", "--from", format.name()], "batch.xml", &batch);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 99, "{format:?}: {stderr}");
        assert!(stderr.contains("99 records written, 1 skipped"), "{format:?}: {stderr}");
        assert!(stderr.contains("batch.xml:") && stderr.contains("record 50"), "{format:?}: {stderr}");
    }
}

#[test]
fn regression_ris_record_without_er_is_named_at_its_own_line() {
    let input = "TY  - MANSCPT\nTI  - First\nTY  - MANSCPT\nTI  - Second\nER  - \n";
    let results = read_with(Format::Ris, input);
    assert_eq!(results.len(), 2);
    let err = results[0].as_ref().expect_err("the unclosed record is reported");
    assert_eq!((err.record, err.position.map(|p| p.line)), (Some(1), Some(1)), "{err}");
    assert!(err.message.contains("line 3"), "{err}");
    assert_eq!(results[1].as_ref().expect("the next record is read").title.as_deref().unwrap(), "Second");
}

#[test]
fn regression_ris_junk_line_in_a_record_is_reported_not_glued_to_a_name() {
    let input = "TY  - MANSCPT\nTI  - T\nA4  - Goldberg, Gary\nthis line is junk\nER  - \n\
                 TY  - MANSCPT\nTI  - U\nN1  - A long note\nthat wraps\nER  - \n";
    let results = read_with(Format::Ris, input);
    let err = results[0].as_ref().expect_err("the broken record is refused");
    assert_eq!((err.record, err.position.map(|p| p.line)), (Some(1), Some(4)), "{err}");
    let wrapped = results[1].as_ref().expect("a wrapped note is still a continuation");
    assert!(wrapped.notes.iter().any(|n| n.text.as_str() == "A long note that wraps"), "{:?}", wrapped.notes);
    assert!(results.iter().flatten().all(|r| r
        .agents_in(Role::Translator)
        .all(|c| !matches!(&c.agent, Agent::Person(p) if p.display_name().contains("junk")))));
}

#[test]
fn regression_json_lines_with_a_byte_order_mark_is_read() {
    let results = read_with(Format::Jsonl, "\u{feff}{\"title\":\"x\"}\n{\"title\":\"y\"}\n");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 2, "{results:?}");
}

#[test]
fn regression_edtf_negative_year_is_read_and_written() {
    let date: archcite::model::EdtfDate = "-0044-03-15".parse().expect("EDTF level 1 allows negative years");
    assert_eq!(date.to_string(), "-0044-03-15");
    assert_eq!(date.start().unwrap().year(), -44);
    let results = read_with(Format::Json, r#"{"title":"x","date":"-0044-03-15"}"#);
    let record = results[0].as_ref().expect("read");
    for format in
        [Format::Json, Format::Jsonl, Format::Bibtex, Format::Biblatex, Format::Ris, Format::CslJson]
    {
        let text = write_with(format, std::slice::from_ref(record));
        let back = read_with(format, &text).remove(0).unwrap_or_else(|e| panic!("{format:?}: {e}\n{text}"));
        let year = back.date.as_ref().and_then(|d| d.start()).map(|d| d.year());
        assert_eq!(year, Some(-44), "{format:?}: {text}");
    }
}

/// Every input a fuzz target ever failed on (tests/fixtures/fuzz, named
/// `<target>-<what>.<ext>`) is read to its end without a panic.
#[test]
fn regression_every_fuzz_finding_is_read_to_its_end() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        if let Some(rest) = name.strip_prefix("roundtrip-") {
            replay_roundtrip(rest, &std::fs::read(&path).unwrap());
            seen += 1;
            continue;
        }
        let format =
            [Format::CslJson, Format::Jsonl, Format::Json, Format::Biblatex, Format::Bibtex, Format::Ris]
                .into_iter()
                .chain([Format::Dcterms, Format::Dc, Format::Tei, Format::Marcxml, Format::Mods])
                .find(|f| name.starts_with(&format!("{}-", f.name())))
                .unwrap_or_else(|| panic!("{name}: no format named in the file name"));
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let results = read_with(format, &text);
        assert!(results.len() <= bytes.len() + 1, "{name}: {} results", results.len());
        seen += 1;
    }
    assert!(seen >= 3, "the findings are kept");
}

#[test]
fn regression_bibtex_dashes_next_to_dashes_round_trip() {
    for title in ["A –- B", "–—", "-–", "a—-b", "x--y"] {
        let record: archcite::model::Record =
            serde_json::from_value(serde_json::json!({"title": title})).unwrap();
        let text = write_with(Format::Bibtex, std::slice::from_ref(&record));
        let back = read_with(Format::Bibtex, &text).remove(0).unwrap();
        assert_eq!(back.title.as_deref().unwrap(), title, "{text}");
    }
}

#[test]
fn regression_ris_line_with_a_multibyte_character_at_byte_five_is_not_a_panic() {
    for input in ["AU-€\n", "TY  - GEN\nTI – Title\nER  - \n", "TY  - GEN\nTTаа\nER  - \n"] {
        let results = read_with(Format::Ris, input);
        assert!(results.iter().all(Result::is_err), "{input}: {results:?}");
    }
}

/// A roundtrip finding: the first byte picks the reader (as the fuzz target's
/// list orders them); every record read is written in every format and must be
/// read back by archcite's own reader.
fn replay_roundtrip(name: &str, bytes: &[u8]) {
    const READERS: &[Format] = &[
        Format::Json,
        Format::Jsonl,
        Format::CslJson,
        Format::Bibtex,
        Format::Biblatex,
        Format::Ris,
        Format::Dc,
        Format::Dcterms,
        Format::Tei,
        Format::Marcxml,
        Format::Mods,
        Format::ArchivePage,
    ];
    let Some((&pick, data)) = bytes.split_first() else { return };
    let from = READERS[usize::from(pick) % READERS.len()];
    let text = String::from_utf8_lossy(data);
    for record in read_with(from, &text).into_iter().flatten() {
        for &to in Format::ALL.iter().filter(|f| f.writer().is_some() && f.readable()) {
            let Ok(written) = to.write_string(std::slice::from_ref(&record)) else { continue };
            let back = read_with(to, &written);
            assert!(back.len() == 1 && back[0].is_ok(), "{name}: {from:?} -> {to:?}: {back:?}\n{written}");
        }
    }
}

#[test]
fn regression_bib_xdata_and_crossref_webs_are_resolved_once_per_entry() {
    // Ten entries each naming all ten by `xdata` and the next by `crossref`:
    // resolved path by path this is 10^8 parses; each entry is parsed once.
    let keys: Vec<String> = (0..10).map(|i| format!("e{i}")).collect();
    let all = keys.join(",");
    let bib: String = (0..10)
        .map(|i| {
            format!(
                "@book{{e{i}, title={{T{i}}}, f{i}={{v{i}}}, xdata={{{all}}}, crossref={{e{}}}}}\n",
                (i + 1) % 10
            )
        })
        .collect();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let records: Vec<_> = read_with(Format::Biblatex, &bib).into_iter().map(Result::unwrap).collect();
        sender.send(records).unwrap();
    });
    let records = receiver.recv_timeout(Duration::from_secs(20)).expect("resolved in time");
    assert_eq!(records.len(), 10);
    // Every entry took every other's own field through the web.
    let fields =
        |r: &archcite::model::Record| r.extra.iter().filter(|e| e.field.as_str().starts_with('f')).count();
    assert!(records.iter().all(|r| fields(r) == 10), "{:?}", records[0].extra);
}
