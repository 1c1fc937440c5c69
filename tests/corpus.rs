//! Reading the real-world corpus (`tests/fixtures/realworld/`): at least 99%
//! of the records of every format are read, one file at a time and as a
//! directory; every record refused is listed in `EXCLUSIONS.tsv` with its
//! reason (and not counted), and every refusal names its file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use archcite::formats::Source;
use archcite::Format;

use crate::common::{archcite, root};

const DIRS: &[&str] = &["bib", "ris", "csl-json", "marcxml", "mods", "dc", "oai", "tei"];

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/realworld").join(dir))
        .unwrap_or_else(|e| panic!("tests/fixtures/realworld/{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The format archcite tells for a file, as `convert` does without `--from`.
fn format_of(path: &Path, bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(8192)];
    let by_ext = path.extension().and_then(|e| e.to_str()).and_then(Format::from_extension);
    by_ext
        .map(|f| f.refine(head))
        .or_else(|| Format::sniff(head))
        .unwrap_or_else(|| panic!("{}: format not told", path.display()))
}

/// `file<TAB>record<TAB>reason` lines: the records of the corpus that are refused on purpose.
fn exclusions() -> BTreeMap<(String, usize), String> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/realworld/EXCLUSIONS.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.splitn(3, '\t');
            let file = cols.next().unwrap().to_string();
            let record = cols.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("bad line: {l}"));
            let reason = cols.next().unwrap_or_else(|| panic!("no reason: {l}")).to_string();
            assert!(!reason.trim().is_empty(), "no reason: {l}");
            ((file, record), reason)
        })
        .collect()
}

struct Tally {
    read: usize,
    refused: Vec<(String, usize, String)>,
}

fn read_dir(dir: &str) -> Tally {
    let mut tally = Tally { read: 0, refused: Vec::new() };
    for path in files(dir) {
        let bytes = std::fs::read(&path).unwrap();
        let format = format_of(&path, &bytes);
        let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
        let mut n = 0;
        for result in format.read(Source::new(name.clone(), std::io::Cursor::new(bytes))) {
            n += 1;
            match result {
                Ok(_) => tally.read += 1,
                Err(e) => {
                    assert!(e.position.is_some(), "{name}: record {n} refused without a position: {e}");
                    tally.refused.push((name.clone(), n, e.to_string()));
                }
            }
        }
        assert!(n > 0, "{name}: no record read at all");
    }
    tally
}

#[test]
fn at_least_99_percent_of_every_format_is_read_and_every_refusal_is_listed() {
    let excluded = exclusions();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for dir in DIRS {
        let t = read_dir(dir);
        // Records excluded on purpose (with their reason) are not counted.
        let excluded_here =
            t.refused.iter().filter(|(f, n, _)| excluded.contains_key(&(f.clone(), *n))).count();
        let total = t.read + t.refused.len() - excluded_here;
        let share = 100.0 * t.read as f64 / total as f64;
        eprintln!(
            "{dir:10} {:5} records, {:5} read ({share:.1}%), {} refused",
            total,
            t.read,
            t.refused.len()
        );
        for (file, n, e) in &t.refused {
            seen.push((file.clone(), *n));
            if !excluded.contains_key(&(file.clone(), *n)) {
                problems.push(format!("{file}: record {n} refused and not in EXCLUSIONS.tsv: {e}"));
            }
        }
        if share < 99.0 {
            problems.push(format!("{dir}: only {share:.1}% of {total} records read"));
        }
    }
    for (file, n) in excluded.keys() {
        if !seen.contains(&(file.clone(), *n)) {
            problems
                .push(format!("EXCLUSIONS.tsv lists {file} record {n}, which is now read: remove the line"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_directory_reads_as_its_files_do() {
    for dir in DIRS {
        let t = read_dir(dir);
        let path = root().join("tests/fixtures/realworld").join(dir);
        let out = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
        let written = String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(written, t.read, "{dir}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{dir}: {stderr}");
        let summary = format!("{} records written, {} skipped", t.read, t.refused.len());
        assert!(stderr.contains(&summary), "{dir}: expected `{summary}` in {stderr}");
    }
}
