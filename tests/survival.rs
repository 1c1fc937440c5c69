//! Real bibliographic records survive (issue 14): every file of
//! tests/fixtures/realworld is read in its format F, written as native JSON,
//! read back and written as F again; then the raw fields of the original and
//! of the output are compared with extractors that share no code with
//! archcite's readers (the `biblatex` crate's raw parser, a RIS tag splitter,
//! serde_json, quick-xml events).
//!
//! For every field found in at least [`MIN_RECORDS`] records of a format, at
//! least [`THRESHOLD`] of those records must keep all the field's values.
//! A second check: the output of F -> json -> F, taken round once more, comes
//! back byte for byte.
//!
//! Run with `cargo test --test integration survival -- --ignored --nocapture`
//! to see each format's table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use archcite::formats::Source;
use archcite::model::Record;
use archcite::Format;
use quick_xml::events::Event;
use unicode_normalization::UnicodeNormalization;

use crate::common::root;

/// The share of records that must keep a field. Pinned by
/// `survival_bar_is_not_lowered`: lowering it means changing that test too.
const THRESHOLD: f64 = 0.95;

/// Fields in fewer records than this are listed but not scored: one odd
/// record must not decide a field.
const MIN_RECORDS: usize = 5;

/// Fields that are not data about the work but about the file written, and
/// so change on every writing by design. Nothing else may go here; pinned by
/// `survival_bar_is_not_lowered`.
const ARTIFACTS: &[(&str, &str, &str)] = &[(
    "marcxml",
    "005",
    "MARC 005 is the date and time of the latest transaction on the record; a writer stamps its own",
)];

#[test]
fn survival_bar_is_not_lowered() {
    assert_eq!(THRESHOLD, 0.95, "issue 14 asks for 95% of records keeping each field");
    assert_eq!(MIN_RECORDS, 5);
    let artifacts: Vec<_> = ARTIFACTS.iter().map(|(f, field, _)| (*f, *field)).collect();
    assert_eq!(artifacts, [("marcxml", "005")], "only pure artifacts may be left out of the comparison");
}

#[test]
fn bibtex_fields_survive() {
    survive(Kind::Bib(Format::Bibtex));
}

#[test]
fn biblatex_fields_survive() {
    survive(Kind::Bib(Format::Biblatex));
}

#[test]
fn ris_fields_survive() {
    survive(Kind::Ris);
}

#[test]
fn csl_json_fields_survive() {
    survive(Kind::Csl);
}

#[test]
fn marcxml_fields_survive() {
    survive(Kind::Marc);
}

#[test]
fn mods_fields_survive() {
    survive(Kind::Mods);
}

#[test]
fn dc_fields_survive() {
    survive(Kind::Dc);
}

#[test]
fn tei_fields_survive() {
    survive(Kind::Tei);
}

/// One record's fields: name -> values, each value normalised.
type Fields = BTreeMap<String, Vec<String>>;

#[derive(Clone, Copy)]
enum Kind {
    Bib(Format),
    Ris,
    Csl,
    Marc,
    Mods,
    Dc,
    Tei,
}

impl Kind {
    fn format(self) -> Format {
        match self {
            Kind::Bib(f) => f,
            Kind::Ris => Format::Ris,
            Kind::Csl => Format::CslJson,
            Kind::Marc => Format::Marcxml,
            Kind::Mods => Format::Mods,
            Kind::Dc => Format::Dc,
            Kind::Tei => Format::Tei,
        }
    }

    /// The fixture folders of the format and the format each is read with.
    ///
    /// OAI-PMH responses count as Dublin Core: they are read with the
    /// `oai-pmh` reader, since a harvested response is what people hand to
    /// archcite, and written as `dc` (archcite cannot write OAI-PMH). The
    /// original's fields are those of each `<oai_dc:dc>` in the response, so
    /// the comparison is the same as for a `dc` file; the header (OAI
    /// identifier, datestamp) is not part of the record and is not compared.
    fn dirs(self) -> Vec<(&'static str, Format)> {
        match self {
            Kind::Bib(f) => vec![("bib", f)],
            Kind::Ris => vec![("ris", Format::Ris)],
            Kind::Csl => vec![("csl-json", Format::CslJson)],
            Kind::Marc => vec![("marcxml", Format::Marcxml)],
            Kind::Mods => vec![("mods", Format::Mods)],
            Kind::Dc => vec![("dc", Format::Dc), ("oai", Format::OaiPmh)],
            Kind::Tei => vec![("tei", Format::Tei)],
        }
    }

    /// The records of a file, in order; `None` for a record that is in the
    /// file but not of this format (an OAI-PMH record carrying MARC or MODS):
    /// it keeps its place, so positions still match, and is not scored.
    fn extract(self, text: &str, read_as: Format) -> Result<Vec<Option<Fields>>, String> {
        let all = |records: Vec<Fields>| records.into_iter().map(Some).collect();
        let xml = |name: &str, fields: fn(&Node) -> Fields| -> Result<Vec<Option<Fields>>, String> {
            Ok(xml_records(text, name)?.iter().map(|r| Some(fields(r))).collect())
        };
        match self {
            Kind::Bib(f) => bib_fields(text, f),
            Kind::Ris => Ok(all(ris_fields(text))),
            Kind::Csl => csl_fields(text).map(all),
            Kind::Marc => xml("record", marc_fields),
            Kind::Mods => xml("mods", mods_fields),
            Kind::Dc if read_as == Format::OaiPmh => oai_records(text),
            Kind::Dc if read_as == Format::Dcterms => xml("qualifieddc", dc_fields),
            Kind::Dc => xml("dc", dc_fields),
            Kind::Tei => xml("TEI", tei_fields),
        }
    }
}

/// Per field: records having it, records keeping it, a few examples of losses.
#[derive(Default)]
struct Tally {
    with: usize,
    kept: usize,
    losses: Vec<String>,
}

fn survive(kind: Kind) {
    let format = kind.format();
    let base = root().join("tests/fixtures/realworld");
    let mut problems = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut files = 0;
    let mut records = 0;
    for (dir, read_as) in kind.dirs() {
        let Some(paths) = fixture_files(&base.join(dir)) else {
            problems.push(format!(
                "tests/fixtures/realworld/{dir}/ is missing or empty: the survival test of {} needs \
                 real files there (fixtures are required)",
                format.name()
            ));
            continue;
        };
        for path in paths {
            files += 1;
            let name = path.strip_prefix(&base).unwrap_or(&path).display().to_string();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            // Qualified Dublin Core (an OCLC `oai_qdc` export) is read and
            // written as qualified Dublin Core, element for element.
            let read_as = match read_as {
                Format::Dc if text.contains("qualifieddc") => Format::Dcterms,
                other => other,
            };
            records += file_survival(kind, read_as, &name, &text, &mut tallies, &mut problems);
        }
    }
    let low = report(format, files, records, &tallies);
    problems.extend(low);
    assert!(problems.is_empty(), "{}: {}", format.name(), problems.join("\n"));
}

/// Compare one file's records with their round trip; returns how many
/// records the original holds.
fn file_survival(
    kind: Kind,
    read_as: Format,
    name: &str,
    text: &str,
    tallies: &mut BTreeMap<String, Tally>,
    problems: &mut Vec<String>,
) -> usize {
    let format = if read_as == Format::Dcterms { read_as } else { kind.format() };
    let originals = match kind.extract(text, read_as) {
        Ok(records) => records,
        Err(e) => {
            problems.push(format!("{name}: the test cannot read the original: {e}"));
            return 0;
        }
    };
    // One result per record: a record refused keeps its place as `None`.
    let read: Vec<Option<Record>> = read_as
        .read(Source::from_text(name, text))
        .enumerate()
        .map(|(i, r)| {
            r.map_err(|e| {
                if !excluded(name, i + 1) {
                    problems.push(format!("{name}: record {} not read: {e}", i + 1))
                }
            })
            .ok()
        })
        .collect();
    if read.len() != originals.len() {
        problems.push(format!(
            "{name}: {} records in the file, archcite read {}",
            originals.len(),
            read.len()
        ));
    }
    let good: Vec<Record> = read.iter().flatten().cloned().collect();
    let output = match round_trip(format, &good) {
        Ok(out) => out,
        Err(e) => {
            problems.push(format!("{name}: round trip failed: {e}"));
            String::new()
        }
    };
    let written = kind.extract(&output, format).unwrap_or_else(|e| {
        problems.push(format!("{name}: the {} written cannot be read back by the test: {e}", format.name()));
        Vec::new()
    });
    if written.len() != good.len() {
        problems.push(format!("{name}: {} records read, {} written", good.len(), written.len()));
    }
    // Input record i is output record j, where j counts the records read.
    let mut j = 0;
    for (i, original) in originals.iter().enumerate() {
        let out = match read.get(i) {
            Some(Some(_)) => {
                j += 1;
                written.get(j - 1).cloned().flatten()
            }
            _ => None,
        };
        let Some(original) = original else { continue };
        let out = out.unwrap_or_default();
        for (field, values) in original {
            if ARTIFACTS.iter().any(|(f, a, _)| *f == format.name() && a == field) {
                continue;
            }
            let tally = tallies.entry(field.clone()).or_default();
            tally.with += 1;
            if kept(kind, field, values, &out) {
                tally.kept += 1;
            } else if tally.losses.len() < 3 {
                let got: Vec<_> =
                    same_meaning(kind, field).iter().flat_map(|f| out.get(*f)).flatten().cloned().collect();
                tally.losses.push(format!("{name} #{}: {values:?} -> {got:?}", i + 1));
            }
        }
    }
    if !output.is_empty() {
        // The second check: F -> json -> F once more gives the same text.
        match format.read_str(&output).map_err(|e| e.to_string()).and_then(|r| round_trip(format, &r)) {
            Ok(again) if again == output => {}
            Ok(again) => problems.push(format!(
                "{name}: {} -> json -> {} is not stable: {}",
                format.name(),
                format.name(),
                first_difference(&output, &again)
            )),
            Err(e) => problems.push(format!("{name}: the written {} does not read back: {e}", format.name())),
        }
    }
    originals.len()
}

/// True when tests/fixtures/realworld/EXCLUSIONS.tsv lists the record as
/// refused on purpose (the corpus test checks that it is refused).
fn excluded(file: &str, record: usize) -> bool {
    let list =
        std::fs::read_to_string(root().join("tests/fixtures/realworld/EXCLUSIONS.tsv")).unwrap_or_default();
    list.lines().any(|l| {
        let mut cols = l.split('\t');
        cols.next() == Some(file) && cols.next().and_then(|n| n.parse().ok()) == Some(record)
    })
}

/// Records -> native JSON -> records -> `format`.
fn round_trip(format: Format, records: &[Record]) -> Result<String, String> {
    let json = Format::Json.write_string(records).map_err(|e| e.to_string())?;
    let back = Format::Json.read_str(&json).map_err(|e| format!("json does not read back: {e}"))?;
    format.write_string(&back).map_err(|e| e.to_string())
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(a.lines().count().min(b.lines().count()));
    let at = |t: &str| t.lines().nth(line).unwrap_or("<end>").to_string();
    format!("line {}: {:?} then {:?}", line + 1, at(a), at(b))
}

/// The regular files of a fixture folder, sorted; None when there is none.
fn fixture_files(dir: &Path) -> Option<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .collect();
    paths.sort();
    (!paths.is_empty()).then_some(paths)
}

/// Print the table; return the fields below the bar.
fn report(format: Format, files: usize, records: usize, tallies: &BTreeMap<String, Tally>) -> Vec<String> {
    let mut low = Vec::new();
    let scored: Vec<_> = tallies.iter().filter(|(_, t)| t.with >= MIN_RECORDS).collect();
    eprintln!("\n== survival of {}: {files} files, {records} records", format.name());
    eprintln!("{:<60} {:>8} {:>8}", "field", "records", "% kept");
    for (field, t) in &scored {
        let share = t.kept as f64 / t.with as f64;
        let mark = if share < THRESHOLD { "  <" } else { "" };
        eprintln!("{field:<60} {:>8} {:>7.1}%{mark}", t.with, 100.0 * share);
        if share < THRESHOLD {
            low.push(format!("{field}: {:.1}% of {} records keep it", 100.0 * share, t.with));
        }
    }
    for (field, t) in tallies.iter().filter(|(_, t)| t.with < MIN_RECORDS) {
        eprintln!("{field:<60} {:>8} {:>7.1}%  (not scored)", t.with, 100.0 * t.kept as f64 / t.with as f64);
    }
    if scored.is_empty() {
        low.push(format!(
            "no field is in {MIN_RECORDS} records or more ({records} records in {files} files): \
             the corpus is too small to score"
        ));
    }
    let lost: Vec<_> = tallies.iter().filter(|(_, t)| t.kept < t.with).collect();
    if !lost.is_empty() {
        eprintln!("-- examples of values lost (original -> written):");
        for (field, t) in lost {
            for example in &t.losses {
                eprintln!("   {field}: {example}");
            }
        }
    }
    low
}

// ---------------------------------------------------------------------------
// Comparison

/// Trimmed, inner white space collapsed to one space, NFC.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect()
}

/// Fields of the same meaning, where a writer may rightly put a value: the
/// field itself first. Aliases only, from each format's own documentation.
fn same_meaning(kind: Kind, field: &str) -> Vec<&str> {
    // biblatex manual, §2.2.5 "Field Aliases": biber reads the first of each
    // pair as the second. BibTeX styles know the first.
    const BIB: &[(&str, &str)] = &[
        ("address", "location"),
        ("annote", "annotation"),
        ("archiveprefix", "eprinttype"),
        ("journal", "journaltitle"),
        ("key", "sortkey"),
        ("pdf", "file"),
        ("primaryclass", "eprintclass"),
        ("school", "institution"),
    ];
    // RIS (2011 RefMan specification): TI and T1 are both the primary title,
    // AU and A1 the primary authors, AB and N2 the abstract; PY, Y1 and DA
    // all carry the date of publication (values compared normalised, see
    // `ris_date`).
    const RIS: &[&[&str]] = &[&["TI", "T1"], &["AU", "A1"], &["AB", "N2"], &["PY", "Y1", "DA"]];
    let mut fields = vec![field];
    match kind {
        Kind::Bib(_) => {
            for (a, b) in BIB {
                if field == *a {
                    fields.push(b);
                } else if field == *b {
                    fields.push(a);
                }
            }
        }
        Kind::Ris => {
            if let Some(group) = RIS.iter().find(|g| g.contains(&field)) {
                fields.extend(group.iter().filter(|f| **f != field));
            }
        }
        _ => {}
    }
    fields
}

/// Whether every original value of `field` is in the output, in the field or
/// one of the same meaning (as a multiset: a value twice must be there twice).
fn kept(kind: Kind, field: &str, values: &[String], out: &Fields) -> bool {
    let mut pool: Vec<&String> =
        same_meaning(kind, field).iter().flat_map(|f| out.get(*f)).flatten().collect();
    values.iter().all(|v| match pool.iter().position(|p| *p == v) {
        Some(at) => {
            pool.swap_remove(at);
            true
        }
        None => matches!(kind, Kind::Bib(_)) && bib_date_kept(field, v, out),
    })
}

/// BibTeX's `year` and `month` and BibLaTeX's `date` say the same thing: a
/// BibLaTeX writer may rightly turn year and month into `date` (biblatex
/// manual §2.3.8), a BibTeX writer `date` into year and month.
fn bib_date_kept(field: &str, value: &str, out: &Fields) -> bool {
    let dates = out.get("date").map(Vec::as_slice).unwrap_or_default();
    let has = |f: &str, v: &str| out.get(f).is_some_and(|vs| vs.iter().any(|x| x == v));
    match field {
        "year" => dates.iter().any(|d| d.starts_with(value)),
        "month" => dates.iter().any(|d| {
            d.split('-').nth(1).and_then(|m| m.parse::<u32>().ok()).map(|m| m.to_string()).as_deref()
                == Some(value)
        }),
        "date" => {
            let mut parts = value.split('-');
            let (year, month) = (parts.next().unwrap_or(""), parts.next());
            let plain = value.chars().all(|c| c.is_ascii_digit() || c == '-') && parts.next().is_none();
            let month = month.and_then(|m| m.parse::<u32>().ok()).map(|m| m.to_string());
            plain && has("year", year) && month.is_none_or(|m| has("month", &m))
        }
        _ => false,
    }
}

fn push(fields: &mut Fields, name: impl Into<String>, value: &str) {
    let value = norm(value);
    if !value.is_empty() {
        fields.entry(name.into()).or_default().push(value);
    }
}

// ---------------------------------------------------------------------------
// BibTeX and BibLaTeX: the `biblatex` crate's raw parser, fields by name

/// BibTeX's predefined month macros (plain.bst), and the names people write.
const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Fields biber reads verbatim (biblatex manual §2.2.1, data type "verbatim"):
/// their text is compared as written, not as TeX.
const VERBATIM: &[&str] = &["file", "pdf", "url", "urlraw", "doi", "eprint", "verba", "verbb", "verbc"];

/// Fields holding a list of names separated by `and`.
const NAME_FIELDS: &[&str] = &[
    "author",
    "editor",
    "translator",
    "editora",
    "editorb",
    "editorc",
    "annotator",
    "commentator",
    "introduction",
    "foreword",
    "afterword",
    "bookauthor",
    "holder",
];

/// The biblatex manual's entry type aliases (§2.1.2), for the BibLaTeX
/// dialect: `@phdthesis` is `@thesis` with type `phdthesis`, and so on.
/// The entry types of the standard BibTeX styles (plain.bst and kin).
const BIBTEX_TYPES: &[&str] = &[
    "article",
    "book",
    "booklet",
    "conference",
    "inbook",
    "incollection",
    "inproceedings",
    "manual",
    "mastersthesis",
    "misc",
    "phdthesis",
    "proceedings",
    "techreport",
    "unpublished",
];

/// A type BibTeX's standard styles lack, as the standard type of the same
/// kind of work (BibLaTeX manual §2.1.1 describes each): consumers of BibTeX
/// drop entries of other types, so a BibTeX writer must write one of these.
/// Types with no nearer kin are `misc`, which is what the styles fall back to.
fn bibtex_type(t: &str) -> &str {
    match t {
        t if BIBTEX_TYPES.contains(&t) => t,
        "collection" | "mvbook" | "mvcollection" | "reference" | "mvreference" => "book",
        "mvproceedings" => "proceedings",
        "bookinbook" | "suppbook" => "inbook",
        "inreference" | "suppcollection" => "incollection",
        "suppperiodical" => "article",
        "report" => "techreport",
        // A thesis of unknown degree: the doctorate, as BibLaTeX's `type` default does not say.
        "thesis" => "phdthesis",
        _ => "misc",
    }
}

fn biblatex_type(t: &str) -> &str {
    match t {
        "conference" => "inproceedings",
        "electronic" | "www" => "online",
        "mastersthesis" | "phdthesis" => "thesis",
        "techreport" => "report",
        other => other,
    }
}

/// The entries of a `.bib` file, each parsed alone with the macros of the
/// file, so that one broken entry costs that entry only; `None` for an
/// entry the crate cannot parse (it keeps its place and is not scored).
fn bib_fields(text: &str, dialect: Format) -> Result<Vec<Option<Fields>>, String> {
    let items = split_items(text);
    let strings: String =
        items.iter().filter(|i| i.kind == "string").map(|i| i.text.as_str()).collect::<Vec<_>>().join("\n");
    let macros: BTreeMap<String, String> = biblatex::RawBibliography::parse(&strings)
        .map_err(|e| format!("the @string macros are not BibTeX: {e:?}"))?
        .abbreviations
        .iter()
        .map(|p| (p.key.v.to_lowercase(), chunks_text(&p.value.v, &BTreeMap::new())))
        .collect();
    let entries = items.iter().filter(|i| !matches!(i.kind.as_str(), "string" | "comment" | "preamble"));
    Ok(entries
        .map(|item| {
            let text = format!("{strings}\n{}", item.text);
            let raw = biblatex::RawBibliography::parse(&text).ok()?;
            let entry = &raw.entries.first()?.v;
            let mut fields = Fields::new();
            let kind = entry.kind.v.to_lowercase();
            let kind = match dialect {
                Format::Biblatex => biblatex_type(&kind).to_string(),
                _ => bibtex_type(&kind).to_string(),
            };
            push(&mut fields, "@type", &kind);
            if !item.keyless {
                push(&mut fields, "@key", entry.key.v);
            }
            for pair in &entry.fields {
                let name = pair.key.v.to_lowercase();
                let value = chunks_text(&pair.value.v, &macros);
                if NAME_FIELDS.contains(&name.as_str()) {
                    for person in split_names(&value) {
                        push(&mut fields, name.as_str(), &bib_name(&person));
                    }
                } else if name == "keywords" {
                    for k in value.split([',', ';']) {
                        push(&mut fields, "keywords", &detex(k));
                    }
                } else if name == "month" {
                    let m = detex(&value).to_lowercase();
                    let number = MONTHS.iter().position(|p| m.starts_with(p)).map(|i| (i + 1).to_string());
                    let number = number.or_else(|| m.parse::<u32>().ok().map(|n| n.to_string()));
                    push(&mut fields, name, &number.unwrap_or(m));
                } else if VERBATIM.contains(&name.as_str()) {
                    push(&mut fields, name, &value);
                } else {
                    push(&mut fields, name, &detex(&value));
                }
            }
            Some(fields)
        })
        .collect())
}

/// The top-level items of a `.bib` file, each as text the crate's raw parser
/// takes, with its lower-case type: BibTeX allows `@type( ... )` as well as
/// `@type{ ... }` and the crate only the second, so the first is rewritten to
/// it (the closing parenthesis is the first one outside braces and quotes).
/// An `@` not followed by a delimiter (`@Comment text`) is not an item, as
/// for BibTeX, which skips text between entries. An entry without a key (an
/// EndNote export) gets a placeholder the crate needs; `keyless` says so.
struct Item {
    kind: String,
    text: String,
    keyless: bool,
}

fn split_items(text: &str) -> Vec<Item> {
    let chars: Vec<char> = text.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '@' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut kind = String::new();
        // White space and `%` comment lines may stand between `@` and the type.
        while j < chars.len() {
            match chars[j] {
                '%' if kind.is_empty() => {
                    while j < chars.len() && chars[j] != '\n' {
                        j += 1;
                    }
                }
                c if c.is_alphanumeric() || c == '_' => kind.push(c.to_ascii_lowercase()),
                c if c.is_whitespace() => {}
                _ => break,
            }
            j += 1;
        }
        let open = chars.get(j).copied();
        if !matches!(open, Some('(' | '{')) {
            i = j.max(i + 1);
            continue;
        }
        let (mut depth, mut quoted, mut k) = (0usize, false, j + 1);
        while k < chars.len() {
            match (chars[k], open) {
                ('}', Some('{')) if depth == 0 => break,
                (')', Some('(')) if depth == 0 && !quoted => break,
                ('{', _) => depth += 1,
                ('}', _) => depth = depth.saturating_sub(1),
                ('"', _) if depth == 0 => quoted = !quoted,
                _ => {}
            }
            k += 1;
        }
        let body: String = chars[j + 1..k.min(chars.len())].iter().collect();
        let head = body.trim_start();
        let entry = !matches!(kind.as_str(), "string" | "comment" | "preamble");
        let keyless = entry && head.find(['=', ',']).is_some_and(|at| head[at..].starts_with('='));
        let body = if keyless { format!("keyless,{body}") } else { body };
        items.push(Item { text: format!("@{kind}{{{body}}}"), kind, keyless });
        i = k + 1;
    }
    items
}

/// A field's text: braced and quoted parts as written, @string macros
/// replaced by their text; an undefined macro is its name.
fn chunks_text(
    chunks: &[biblatex::Spanned<biblatex::RawChunk>],
    macros: &BTreeMap<String, String>,
) -> String {
    chunks
        .iter()
        .map(|c| match &c.v {
            biblatex::RawChunk::Normal(s) => s.to_string(),
            biblatex::RawChunk::Abbreviation(name) => {
                let lower = name.to_lowercase();
                macros.get(&lower).cloned().unwrap_or_else(|| name.to_string())
            }
        })
        .collect()
}

/// Split a name list on ` and ` outside braces.
fn split_names(value: &str) -> Vec<String> {
    let mut names = vec![String::new()];
    let mut depth = 0usize;
    for word in value.split_whitespace() {
        if depth == 0 && word.eq_ignore_ascii_case("and") {
            names.push(String::new());
            continue;
        }
        let current = names.last_mut().expect("one name at least");
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        for c in word.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    names.into_iter().filter(|n| !n.is_empty()).collect()
}

/// One BibTeX name as "von Last, First" (", Jr" after it), TeX removed:
/// "First von Last", "von Last, First" and "von Last, Jr, First" alike.
fn bib_name(name: &str) -> String {
    let parts = split_top(name, ',');
    let (family, given, jr) = match parts.as_slice() {
        [one] => {
            let words = split_top(one, ' ');
            // The von part starts at the first lower-case word before the last.
            let last = words.len().saturating_sub(1);
            let von = (1..last).find(|&i| detex(&words[i]).starts_with(|c: char| c.is_lowercase()));
            let start = von.unwrap_or(last);
            (words[start..].join(" "), words[..start].join(" "), String::new())
        }
        [last, first] => (last.clone(), first.clone(), String::new()),
        [last, jr, first, ..] => (last.clone(), first.clone(), jr.clone()),
        [] => return String::new(),
    };
    let mut out = detex(&family);
    for part in [given, jr] {
        let part = detex(&part);
        if !part.is_empty() {
            out.push_str(", ");
            out.push_str(&part);
        }
    }
    out
}

/// Split on `sep` outside braces, trimming; empty pieces dropped.
fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        pieces.last_mut().expect("one piece at least").push(c);
    }
    pieces.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// TeX markup that does not change the text, removed: accents to letters,
/// escaped specials to themselves, `~` to a space, grouping braces and the
/// names of formatting commands (their argument stays).
fn detex(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '{' | '}' => {}
            '~' => out.push(' '),
            '\\' => {
                let Some(&next) = chars.get(i) else { break };
                // A letter accent is a one-letter command: `\t{oo}` is, `\texttt` is not.
                let one_letter =
                    !next.is_ascii_alphabetic() || !chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic());
                if let Some(mark) = accent(next).filter(|_| one_letter) {
                    // \'e, \'{e}, \' e, \v{s}, \c c, {\'\i}
                    let letter_cmd = next.is_ascii_alphabetic();
                    i += 1;
                    while i < chars.len() && (chars[i] == '{' || (letter_cmd && chars[i] == ' ')) {
                        i += 1;
                    }
                    let mut base = chars.get(i).copied().unwrap_or(' ');
                    if base == '\\' && matches!(chars.get(i + 1), Some('i' | 'j')) {
                        i += 1;
                        base = chars[i];
                    }
                    i += 1;
                    out.push(base);
                    out.push(mark);
                } else if next.is_ascii_alphabetic() {
                    let start = i;
                    while i < chars.len() && chars[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    let word: String = chars[start..i].iter().collect();
                    // A starred form (`\enquote*`) is the same command.
                    let starred = chars.get(i) == Some(&'*');
                    if starred {
                        i += 1;
                    }
                    if chars.get(i) == Some(&' ') {
                        i += 1;
                    }
                    // csquotes' \enquote prints its argument in quotes (single when starred).
                    if word == "enquote" && chars.get(i) == Some(&'{') {
                        let end = closing_brace(&chars, i);
                        let inner: String = chars[i + 1..end].iter().collect();
                        let (open, close) = if starred { ('‘', '’') } else { ('“', '”') };
                        out.push(open);
                        out.push_str(&detex(&inner));
                        out.push(close);
                        i = end + 1;
                        continue;
                    }
                    out.push_str(match word.as_str() {
                        "ss" => "ß",
                        "o" => "ø",
                        "O" => "Ø",
                        "ae" => "æ",
                        "AE" => "Æ",
                        "oe" => "œ",
                        "OE" => "Œ",
                        "aa" => "å",
                        "AA" => "Å",
                        "l" => "ł",
                        "L" => "Ł",
                        "i" => "ı",
                        "j" => "ȷ",
                        "textquotedblleft" => "“",
                        "textquotedblright" => "”",
                        "textquoteleft" => "‘",
                        "textquoteright" => "’",
                        "guillemotleft" => "«",
                        "guillemotright" => "»",
                        "slash" => "/",
                        "textendash" => "–",
                        "textemdash" => "—",
                        _ => "",
                    });
                } else if matches!(next, '-' | '/') {
                    // A discretionary hyphen, an italic correction: nothing printed.
                    i += 1;
                } else {
                    // \& \% \$ \# \_ \{ \} and the like: the character.
                    i += 1;
                    out.push(if next == '\\' { ' ' } else { next });
                }
            }
            // TeX's quote ligatures.
            '`' if chars.get(i) == Some(&'`') => {
                i += 1;
                out.push('“');
            }
            '\'' if chars.get(i) == Some(&'\'') => {
                i += 1;
                out.push('”');
            }
            // TeX's ligatures: `---` and `--` print as dashes.
            '-' if chars.get(i) == Some(&'-') => {
                let em = chars.get(i + 1) == Some(&'-');
                i += if em { 2 } else { 1 };
                out.push(if em { '—' } else { '–' });
            }
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

/// The index of the `}` closing the group that opens at `open` (or the end).
fn closing_brace(chars: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    chars.len().saturating_sub(1).max(open)
}

/// The combining mark of a TeX accent command.
fn accent(c: char) -> Option<char> {
    Some(match c {
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '"' => '\u{308}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        'u' => '\u{306}',
        'v' => '\u{30c}',
        'H' => '\u{30b}',
        'c' => '\u{327}',
        'k' => '\u{328}',
        'r' => '\u{30a}',
        'd' => '\u{323}',
        'b' => '\u{331}',
        't' => '\u{361}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// RIS: tag -> values

fn ris_fields(text: &str) -> Vec<Fields> {
    let mut records = Vec::new();
    let mut current: Option<Fields> = None;
    let mut last: Option<String> = None;
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}');
        match ris_tag(line) {
            Some(("ER", _)) => {
                records.extend(current.take());
                last = None;
            }
            Some((tag, value)) => {
                // A record starts at TY; tag lines between ER and the next TY
                // (Ovid's `NL`) belong to the record before them.
                let fields = match (&mut current, records.last_mut()) {
                    (None, Some(previous)) if tag != "TY" => previous,
                    _ => current.get_or_insert_with(Fields::new),
                };
                fields.entry(tag.to_string()).or_default().push(value.to_string());
                last = Some(tag.to_string());
            }
            None => {
                // A continuation line belongs to the value before it.
                let fields = current.as_mut().or(records.last_mut());
                if let (Some(fields), Some(tag)) = (fields, &last) {
                    if let Some(v) = fields.get_mut(tag).and_then(|vs| vs.last_mut()) {
                        v.push(' ');
                        v.push_str(line);
                    }
                }
            }
        }
    }
    records.extend(current);
    for fields in &mut records {
        let old = std::mem::take(fields);
        for (tag, values) in old {
            for v in values {
                let v = if matches!(tag.as_str(), "PY" | "Y1" | "DA" | "Y2") { ris_date(&v) } else { v };
                let v = if tag == "TY" { v.to_uppercase() } else { v };
                push(fields, tag.as_str(), &v);
            }
        }
    }
    records
}

/// `TAG  - value` (two letters or a letter and a digit), as the RIS
/// specification writes it, or `TAG - value` as some exporters do.
fn ris_tag(line: &str) -> Option<(&str, &str)> {
    let tag = line.get(..2)?;
    let ok = tag.chars().next()?.is_ascii_uppercase()
        && tag.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !ok {
        return None;
    }
    let rest = &line[2..];
    let rest = rest.strip_prefix("  -").or_else(|| rest.strip_prefix(" -"))?;
    Some((tag, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// A RIS date `YYYY/MM/DD/other` with its empty parts and zero padding
/// dropped: `2019///` is `2019`, `2019/05/17/` is `2019/5/17`.
fn ris_date(v: &str) -> String {
    let parts: Vec<String> = v
        .trim()
        .split('/')
        .map(|p| p.trim().parse::<u32>().map(|n| n.to_string()).unwrap_or_else(|_| p.trim().to_string()))
        .collect();
    let keep = parts.iter().rposition(|p| !p.is_empty()).map_or(0, |i| i + 1);
    parts[..keep].join("/")
}

// ---------------------------------------------------------------------------
// CSL-JSON: serde_json, the top-level variables of each item

fn csl_fields(text: &str) -> Result<Vec<Fields>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        item @ serde_json::Value::Object(_) => vec![item],
        _ => return Err("CSL-JSON is an array of items".into()),
    };
    Ok(items
        .iter()
        .map(|item| {
            let mut fields = Fields::new();
            for (name, value) in item.as_object().into_iter().flatten() {
                for v in csl_values(value) {
                    push(&mut fields, name.as_str(), &v);
                }
            }
            fields
        })
        .collect())
}

/// A variable's values: strings and numbers as text, names as
/// "family, given" (particles and suffix with them) or their literal, dates
/// as their date-parts ("2019-5-17", a range "a/b") or raw or literal text.
fn csl_values(value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    match value {
        Value::Null => vec![],
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(csl_values).collect(),
        Value::Object(o) if o.contains_key("date-parts") => {
            let parts = o["date-parts"].as_array().cloned().unwrap_or_default();
            let dates: Vec<String> = parts
                .iter()
                .map(|p| {
                    let p = p.as_array().cloned().unwrap_or_default();
                    let p: Vec<String> =
                        p.iter().map(|x| text(Some(x)).trim().trim_start_matches('0').to_string()).collect();
                    p.join("-")
                })
                .collect();
            vec![dates.join("/")]
        }
        Value::Object(o)
            if o.contains_key("raw") || o.contains_key("literal") && !o.contains_key("family") =>
        {
            vec![text(o.get("raw").or_else(|| o.get("literal")))]
        }
        Value::Object(o) if o.contains_key("family") || o.contains_key("given") => {
            let family = [text(o.get("non-dropping-particle")), text(o.get("family"))].join(" ");
            let given = [text(o.get("given")), text(o.get("dropping-particle"))].join(" ");
            let mut name = norm(&family);
            for part in [norm(&given), norm(&text(o.get("suffix")))] {
                if !part.is_empty() {
                    name.push_str(", ");
                    name.push_str(&part);
                }
            }
            vec![name]
        }
        other => vec![other.to_string()],
    }
}

// ---------------------------------------------------------------------------
// XML: a small tree from quick-xml events, local names only

#[derive(Default, Clone, Debug)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    /// The element's own text (not its children's).
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// All text inside, in document order.
    fn all_text(&self) -> String {
        let mut out = self.text.clone();
        for c in &self.children {
            out.push(' ');
            out.push_str(&c.all_text());
        }
        out
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    name.rsplit(':').next().unwrap_or_default().to_string()
}

/// The document as a tree of local names.
fn parse_xml(text: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack = vec![Node::default()];
    let open = |e: &quick_xml::events::BytesStart| Node {
        name: local(e.name().as_ref()),
        attrs: e
            .attributes()
            .flatten()
            .filter(|a| a.key.as_namespace_binding().is_none())
            .map(|a| (local(a.key.as_ref()), a.unescape_value().map(|v| v.into_owned()).unwrap_or_default()))
            .collect(),
        ..Node::default()
    };
    loop {
        let event = reader.read_event().map_err(|e| format!("not XML: {e}"))?;
        let top = stack.last_mut().expect("the document node");
        match event {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => top.children.push(open(&e)),
            Event::End(_) => {
                let done = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(done);
            }
            Event::Text(t) => top.text.push_str(&t.xml10_content().unwrap_or_default()),
            Event::CData(t) => top.text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => top.text.push(c),
                    _ => top.text.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap_or("")),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(stack.swap_remove(0))
}

/// Every element named `name`, outermost only, in document order.
fn xml_records(text: &str, name: &str) -> Result<Vec<Node>, String> {
    fn find(node: &Node, name: &str, out: &mut Vec<Node>) {
        for c in &node.children {
            if c.name == name {
                out.push(c.clone());
            } else {
                find(c, name, out);
            }
        }
    }
    let mut out = Vec::new();
    if !text.trim().is_empty() {
        find(&parse_xml(text)?, name, &mut out);
    }
    Ok(out)
}

/// MARCXML: "TAG$c" for every subfield of every data field, the control
/// fields 001-007 whole, and the parts of the leader and of 008 that say
/// something about the work (the rest are fill or the cataloguing agency's
/// bookkeeping): LDR/06 type of record, LDR/07 bibliographic level, 008/06
/// type of date, 008/07-10 date 1, 008/11-14 date 2, 008/15-17 place of
/// publication, 008/35-37 language. Blank or fill positions are no value.
fn marc_fields(record: &Node) -> Fields {
    let mut fields = Fields::new();
    let slice = |s: &str, a: usize, b: usize| s.chars().skip(a).take(b - a).collect::<String>();
    let positions = |fields: &mut Fields, name: &str, value: &str, spans: &[(usize, usize, &str)]| {
        for (a, b, label) in spans {
            let part = slice(value, *a, *b);
            if !part.trim_matches(|c| c == ' ' || c == '|' || c == '#').is_empty() {
                push(fields, format!("{name}/{label}"), &part);
            }
        }
    };
    for c in &record.children {
        match c.name.as_str() {
            "leader" => positions(&mut fields, "LDR", &c.text, &[(6, 7, "06"), (7, 8, "07")]),
            "controlfield" => {
                let tag = c.attr("tag").unwrap_or("???");
                if tag == "008" {
                    let spans = [
                        (6, 7, "06"),
                        (7, 11, "07-10"),
                        (11, 15, "11-14"),
                        (15, 18, "15-17"),
                        (35, 38, "35-37"),
                    ];
                    positions(&mut fields, "008", &c.text, &spans);
                } else {
                    push(&mut fields, tag, &c.text);
                }
            }
            "datafield" => {
                let tag = c.attr("tag").unwrap_or("???");
                for s in c.children.iter().filter(|s| s.name == "subfield") {
                    push(&mut fields, format!("{tag}${}", s.attr("code").unwrap_or("?")), &s.all_text());
                }
            }
            _ => {}
        }
    }
    fields
}

/// An element's name in a path, with the attributes that qualify what it
/// holds (`identifier[@type=isbn]`, `subject[@authority=lcsh]`,
/// `dateIssued[@point=start]`); `encoding`, `lang`, `displayLabel` and the
/// like change how a value is written, not what it is, and are left out.
fn step(node: &Node, qualifiers: &[&str]) -> String {
    let mut s = node.name.clone();
    for q in qualifiers {
        if let Some(v) = node.attr(q) {
            s.push_str(&format!("[@{q}={}]", v.trim()));
        }
    }
    s
}

/// Every element with text of its own, as its path from below the record
/// root; with `data_attrs`, attributes that hold a value (`@when`) too.
fn paths(node: &Node, prefix: &str, qualifiers: &[&str], data_attrs: &[&str], fields: &mut Fields) {
    for c in &node.children {
        let path =
            if prefix.is_empty() { step(c, qualifiers) } else { format!("{prefix}/{}", step(c, qualifiers)) };
        if !c.text.trim().is_empty() {
            push(fields, path.as_str(), &c.all_text());
        }
        for a in data_attrs {
            if let Some(v) = c.attr(a) {
                push(fields, format!("{path}/@{a}"), v);
            }
        }
        paths(c, &path, qualifiers, data_attrs, fields);
    }
}

/// MODS: element paths below `<mods>`, qualified by type, authority, point
/// and unit.
fn mods_fields(record: &Node) -> Fields {
    let mut fields = Fields::new();
    paths(record, "", &["type", "authority", "point", "unit"], &[], &mut fields);
    fields
}

/// Simple Dublin Core: the element's local name.
fn dc_fields(record: &Node) -> Fields {
    let mut fields = Fields::new();
    for c in &record.children {
        push(&mut fields, c.name.as_str(), &c.all_text());
    }
    fields
}

/// The `<oai_dc:dc>` of each OAI-PMH record the oai-pmh reader gives a
/// record for (deleted ones it skips); other metadata keeps its place only.
fn oai_records(text: &str) -> Result<Vec<Option<Fields>>, String> {
    Ok(xml_records(text, "record")?
        .iter()
        .filter(|r| r.child("header").and_then(|h| h.attr("status")) != Some("deleted"))
        .map(|r| {
            let inner = r.child("metadata").and_then(|m| m.children.first());
            inner.filter(|i| i.name == "dc").map(dc_fields)
        })
        .collect())
}

/// TEI: element paths within `<teiHeader>`, qualified by type, role and
/// unit, with the attributes that carry dates, languages and targets.
fn tei_fields(record: &Node) -> Fields {
    let mut fields = Fields::new();
    if let Some(header) = record.child("teiHeader") {
        let data = ["when", "notBefore", "notAfter", "from", "to", "ident", "target"];
        paths(header, "", &["type", "role", "unit"], &data, &mut fields);
    }
    fields
}
