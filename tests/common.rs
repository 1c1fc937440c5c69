//! Helpers shared by every integration test: snapshot settings, example records,
//! the binary under test, and the real validators in `../shared/conformance`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use archcite::model::Record;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Insta settings: every snapshot lives in the top-level `snapshots/` folder.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Run `body` with the shared snapshot settings.
pub fn with_snapshots<R>(body: impl FnOnce() -> R) -> R {
    snapshot_settings().bind(body)
}

/// Every `examples/*.json` record with its file stem, sorted by name.
pub fn examples() -> Vec<(String, Record)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable example");
            let record: Record =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), record)
        })
        .collect()
}

/// The `archcite` binary built for this test run.
pub fn archcite() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("archcite").expect("binary is built")
}

/// `../shared/conformance/check.sh`, when present and its tools are installed.
pub fn conformance_check() -> Option<PathBuf> {
    let script = root().join("../shared/conformance/check.sh");
    script.exists().then_some(script)
}

/// Write records with the library's front door, as `convert` does.
pub fn write_with(format: archcite::Format, records: &[Record]) -> String {
    format.write_string(records).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

/// Read text with the library's front door, one result per record.
pub fn read_with(format: archcite::Format, text: &str) -> Vec<Result<Record, archcite::Error>> {
    format.read(archcite::formats::Source::from_text("input", text)).collect()
}

/// A malformed input: name, format, text, the message and the line and column
/// the error must give.
pub type BadInput = (&'static str, archcite::Format, &'static str, &'static str, usize, usize);

/// The first error a format's reader gives for `text`.
pub fn read_error(format: archcite::Format, text: &str) -> archcite::error::RecordError {
    let err = read_with(format, text).into_iter().find_map(Result::err);
    err.unwrap_or_else(|| panic!("no error for {text}"))
}

/// Each bad input is refused by the library with its message and position.
pub fn assert_refused_with_positions(cases: &[BadInput]) {
    for (name, format, input, message, line, column) in cases {
        let err = read_error(*format, input);
        assert_eq!(err.message, *message, "{name}: {err}");
        let pos = err.position.unwrap_or_else(|| panic!("{name}: no position in {err}"));
        assert_eq!((pos.line, pos.column), (*line, *column), "{name}: {err}");
    }
}

/// Each bad input, converted on the command line, exits 1 with file:line:column
/// and the message, and leaves no `-o` file behind.
pub fn assert_cli_refuses(cases: &[BadInput]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, format, input, message, line, column) in cases {
        let path = dir.path().join(format!("{name}.xml"));
        std::fs::write(&path, input).unwrap();
        let out_path = dir.path().join(format!("{name}.json"));
        let out = archcite()
            .args(["convert", "--from", format.name(), "--to", "json", "-o"])
            .arg(&out_path)
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        let expected = format!("{name}.xml:{line}:{column}");
        assert!(stderr.contains(&expected) && stderr.contains(message), "{name}: {stderr}");
        assert!(!out_path.exists(), "{name}: output left behind");
    }
}

/// Each record written in each format passes every real validator of
/// `../shared/conformance` (strictly, but for RIS: its `AV` tag is a WARN in rispy).
/// Skipped with a notice where the kit or its tools are absent; CI installs them.
pub fn assert_accepted_by_real_consumers(records: &[(String, Record)], formats: &[archcite::Format]) {
    use archcite::Format;
    let Some(check) = conformance_check() else {
        return eprintln!("conformance: ../shared/conformance not found; skipped");
    };
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, record) in records {
        for &format in formats {
            // Consumers such as pandoc tell a file's format by its extension.
            let path = dir.path().join(format!("{name}-{}.{}", format.name(), format.extension()));
            std::fs::write(&path, write_with(format, std::slice::from_ref(record))).unwrap();
            let mut cmd = std::process::Command::new("bash");
            cmd.arg(&check).arg(format.name()).arg(&path).env("CHECK_QUIET", "1");
            cmd.env("CHECK_STRICT", if format == Format::Ris { "0" } else { "1" });
            if format == Format::Tei {
                // jing validates against tei_all too, in a fraction of xmllint's time.
                cmd.env("CHECK_SKIP", "xmllint-relaxng");
            }
            let out = cmd.output().unwrap();
            let report =
                format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            match out.status.code() {
                Some(0) => {}
                Some(3) => {
                    return eprintln!(
                        "conformance: validators not installed (run install.sh); skipped\n{report}"
                    )
                }
                _ => failures.push(format!("{name} as {}:\n{report}", format.name())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
