//! Validation: every problem in a batch of records, each with a stable code, a
//! severity, a JSON pointer into the record, the line and column when the input
//! was text, a message and a suggested fix.
//!
//! Native records are checked in three passes so that all problems show at once:
//! the JSON Schema (structure), checks of typed values on the raw JSON (dates,
//! URLs, language tags, empty or padded strings — serde would stop at the first),
//! then rules on the typed [`Record`]. Records of other formats get the model
//! rules. Rules never panic and never stop at the first finding.

mod bib;
mod csl;
mod dc;
mod lenient;
mod marc;
mod mods;
mod raw;
pub mod render;
mod ris;
mod rules;
mod schema;
mod tei;
mod xml;

use std::collections::HashMap;

use crate::error::{Position, RecordError};
use crate::formats::json::{parse_record, RawRecord};
use crate::formats::json_path::{self, Step};
use crate::model::Record;

pub use schema::RecordSchema;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong; fails a run with `--deny-warnings`.
    Warning,
    /// Wrong: the record should not be imported as it is.
    Error,
}

/// One problem found in one record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `folio-range-backwards`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The input's name.
    pub source: String,
    /// The record's number in its input, 1-based.
    pub record: Option<usize>,
    /// JSON pointer to the field, e.g. `/references/0/levels/3/value`.
    pub path: String,
    /// Line in the input, when the input was text.
    pub line: Option<usize>,
    /// Column (characters) in the input, when the input was text.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A finding before it is placed in an input.
#[derive(Debug, Clone)]
pub struct Finding {
    code: &'static str,
    severity: Severity,
    path: String,
    /// Point at the key rather than the value (unknown fields).
    at_key: bool,
    message: String,
    help: Option<String>,
}

impl Finding {
    fn new(
        code: &'static str,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding { code, severity, path: path.into(), at_key: false, message: message.into(), help: None }
    }
    fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, path, message)
    }
    fn warning(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, path, message)
    }
    fn info(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Info, path, message)
    }
    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }
}

/// Validates records one by one and remembers what a batch must not repeat.
pub struct Validator {
    schema: RecordSchema,
    today: chrono::NaiveDate,
    record_ids: HashMap<String, (String, usize)>,
    keys: HashMap<String, (String, usize)>,
    /// The format the records are meant for: what it cannot carry is a warning.
    target: Option<crate::Format>,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new(chrono::Local::now().date_naive())
    }
}

impl Validator {
    /// A validator that judges "in the future" against `today`.
    pub fn new(today: chrono::NaiveDate) -> Self {
        Validator {
            schema: RecordSchema::new(),
            today,
            record_ids: HashMap::new(),
            keys: HashMap::new(),
            target: None,
        }
    }

    /// Also warn (`not-carried`) about every field that writing the records in
    /// `format` would leave out.
    pub fn for_format(mut self, format: crate::Format) -> Self {
        self.target = Some(format);
        self
    }

    /// Check one native record from its JSON text, with positions.
    pub fn check_native(&mut self, source: &str, raw: &RawRecord) -> Vec<Diagnostic> {
        let value = match serde_json::from_str::<serde_json::Value>(&raw.text) {
            Ok(value) => value,
            Err(e) => return vec![not_json(raw, source, e)],
        };
        let mut findings = raw::check(&value);
        let covered: Vec<String> = findings.iter().map(|x| x.path.clone()).collect();
        findings.extend(self.schema.check(&value).into_iter().filter(|x| !covered.contains(&x.path)));
        match parse_record(raw, source) {
            Ok(record) => findings.extend(self.model_findings(&record, source, raw.number)),
            Err(e) if !findings.iter().any(|f| f.severity == Severity::Error) => {
                return vec![from_error(&e)];
            }
            // The values found wrong above are left out and the rest is read,
            // so that the model rules run on it too.
            Err(_) => {
                let (record, left_out) = lenient::read_native(value);
                if let Some(record) = record {
                    let model = self.model_findings(&record, source, raw.number);
                    findings.extend(model.into_iter().filter(|f| !lenient::under_any(&f.path, &left_out)));
                }
            }
        }
        let mut out: Vec<Diagnostic> = findings.into_iter().map(|f| place(f, source, Some(raw))).collect();
        sort(&mut out);
        out
    }

    /// Check one CSL-JSON item from its JSON text, with positions: the CSL
    /// 1.0.2 schema's types and variables, the item's dates, URL and language,
    /// then the model rules on the item read as far as it goes, each pointed
    /// at the variable it was read from.
    pub fn check_csl(&mut self, source: &str, raw: &RawRecord) -> Vec<Diagnostic> {
        // The item's members with their values unparsed: only the few values
        // the rules look at are parsed, and an item is read once more, whole.
        let item = match serde_json::from_str::<csl::Members>(&raw.text) {
            Ok(item) => item,
            Err(e) => {
                return match serde_json::from_str::<serde_json::Value>(&raw.text) {
                    Err(_) => vec![not_json(raw, source, e)],
                    Ok(_) => vec![place(csl::not_an_object(), source, Some(raw))],
                }
            }
        };
        let mut findings = csl::check(&item);
        let (record, refused) = crate::formats::csl::read_lenient(&raw.text);
        let left_out: Vec<String> = refused.iter().map(|(p, _)| p.clone()).collect();
        for (pointer, message) in refused {
            let top = |p: &str| p.split('/').nth(1).map(str::to_string);
            let reported =
                findings.iter().any(|f| f.severity == Severity::Error && top(&f.path) == top(&pointer));
            if !reported {
                findings.push(
                    Finding::error("invalid-record", pointer, message)
                        .help("fix the value; the rest of the item was read without it"),
                );
            }
        }
        if let Some(record) = record {
            for mut f in self.model_findings(&record, source, raw.number) {
                // CSL has no variable for rights: asking for them is no rule of the format.
                if NATIVE_ONLY.contains(&f.code) {
                    continue;
                }
                f.path = csl::item_pointer(&f.path, &record, &item);
                if !lenient::under_any(&f.path, &left_out) || f.path.is_empty() {
                    findings.push(f);
                }
            }
        }
        let mut out: Vec<Diagnostic> = findings.into_iter().map(|f| place(f, source, Some(raw))).collect();
        sort(&mut out);
        out
    }

    /// Check a `.bib` input (`format` is BibTeX or BibLaTeX): the rules of the
    /// format on every entry (entry types and mandatory fields of biber's data
    /// model, undefined macros, LaTeX special characters, URLs, dates), then
    /// the model rules on each record, each at the field it concerns. Gives
    /// the number of records and the diagnostics.
    pub fn check_bib(&mut self, source: &str, text: &str, format: crate::Format) -> (usize, Vec<Diagnostic>) {
        std::thread::scope(|scope| {
            // The entries are checked on a thread of their own while the reader
            // reads their records, in step: memory holds the few entries between
            // the two, not the input's, and the run takes little longer than a read.
            let (tx, rx) = std::sync::mpsc::sync_channel(256);
            let mut pass = bib::Pass::new(format == crate::Format::Bibtex);
            let (bytes, name) = (text.as_bytes().to_vec(), source.to_string());
            scope.spawn(move || {
                let reader = Box::new(std::io::Cursor::new(bytes));
                for block in crate::formats::bib::Blocks::new(name, reader).flatten() {
                    let kind = crate::formats::bib::block_kind(&block.text);
                    let checked = pass.block(block, &kind);
                    // The reader side stops listening once it has what it needs.
                    if checked.is_some_and(|c| tx.send(c).is_err()) {
                        break;
                    }
                }
            });
            self.bib_in_step(source, text, format, || rx.recv().ok())
        })
    }

    fn bib_in_step(
        &mut self,
        source: &str,
        text: &str,
        format: crate::Format,
        mut next_entry: impl FnMut() -> Option<(bib::Entry, Vec<(Finding, Position)>)>,
    ) -> (usize, Vec<Diagnostic>) {
        let mut pending: std::collections::VecDeque<(bib::Entry, Vec<(Finding, Position)>)> =
            Default::default();
        let mut out = Vec::new();
        let mut records = 0;
        let read =
            format.reader().read(crate::formats::Source::from_text(source.to_string(), text.to_string()));
        for (i, result) in read.enumerate() {
            records += 1;
            let record = match result {
                Ok(record) => record,
                Err(e) => {
                    out.push(from_error(&e));
                    continue;
                }
            };
            // The entry the record was read from: the next one of its key.
            let key = record.key.as_deref();
            let matches = |e: &bib::Entry| key.is_none_or(|k| e.key == k);
            let entry = loop {
                if let Some(j) = pending.iter().position(|(e, _)| matches(e)) {
                    break pending.remove(j);
                }
                match next_entry() {
                    Some(found) => pending.push_back(found),
                    None => break None,
                }
            };
            let Some((entry, found)) = entry else {
                out.extend(self.model_findings(&record, source, i + 1).into_iter().map(|f| {
                    let mut d = place(f, source, None);
                    d.record = Some(i + 1);
                    d
                }));
                continue;
            };
            let mut own: Vec<Diagnostic> =
                found.into_iter().map(|(f, p)| place_at(f, source, Some(i + 1), Some(p))).collect();
            for mut f in self.model_findings(&record, source, i + 1) {
                if NATIVE_ONLY.contains(&f.code) {
                    continue;
                }
                f.path = bib::entry_pointer(&f.path, &record, &entry);
                let at = entry.position(&f.path);
                let d = place_at(f, source, Some(i + 1), Some(at));
                if !own.iter().any(|o| o.code == d.code && o.path == d.path) {
                    own.push(d);
                }
            }
            sort(&mut own);
            out.extend(own);
        }
        // Entries no record came from (the reader refused them): their findings still count.
        let rest = pending.into_iter().chain(std::iter::from_fn(next_entry));
        out.extend(rest.flat_map(|(_, found)| found).map(|(f, p)| place_at(f, source, None, Some(p))));
        (records, out)
    }

    /// Check a RIS input: the tags and types of the RIS specification, records
    /// without `ER` (closed, then read, so the model rules run on them too),
    /// years and URLs, then the model rules on each record, each at its tag
    /// line. Gives the number of records and the diagnostics.
    pub fn check_ris(&mut self, source: &str, text: &str) -> (usize, Vec<Diagnostic>) {
        let (mut entries, repaired, added) = ris::scan(text);
        let original_line = |l: usize| l - added.iter().filter(|a| **a < l).count();
        let read =
            crate::Format::Ris.reader().read(crate::formats::Source::from_text(source.to_string(), repaired));
        let mut out = Vec::new();
        let (mut records, mut next) = (0, 0);
        for result in read {
            records += 1;
            let record = match result {
                Ok(record) => record,
                Err(mut e) => {
                    if let Some(p) = e.position.as_mut() {
                        p.line = original_line(p.line);
                    }
                    next = e.record.unwrap_or(next);
                    out.push(from_error(&e));
                    continue;
                }
            };
            next += 1;
            let Some(entry) = entries.get_mut(next - 1) else { continue };
            let mut own: Vec<Diagnostic> = std::mem::take(&mut entry.found)
                .into_iter()
                .map(|(f, p)| place_at(f, source, Some(next), Some(p)))
                .collect();
            for mut f in self.model_findings(&record, source, next) {
                if NATIVE_ONLY.contains(&f.code) {
                    continue;
                }
                f.path = ris::tag_pointer(&f.path, &record, entry);
                let at = entry.position(&f.path);
                let d = place_at(f, source, Some(next), Some(at));
                if !own.iter().any(|o| o.code == d.code && o.path == d.path) {
                    own.push(d);
                }
            }
            sort(&mut own);
            out.extend(own);
        }
        // Records the reader refused: their findings still count.
        for (i, entry) in entries.into_iter().enumerate() {
            out.extend(entry.found.into_iter().map(|(f, p)| place_at(f, source, Some(i + 1), Some(p))));
        }
        (records, out)
    }

    /// Check a MARCXML input: leader, `008` and how they agree, indicators,
    /// non-repeatable fields repeated, a missing `245`, then the model rules
    /// on each record, each at its element. Gives the number of records and
    /// the diagnostics.
    pub fn check_marc(&mut self, source: &str, text: &str) -> (usize, Vec<Diagnostic>) {
        type Checked = Option<(marc::Elements, Vec<(Finding, usize)>)>;
        // The rules see each record element as the reader parses it.
        let slot: std::rc::Rc<std::cell::RefCell<Checked>> = std::rc::Rc::default();
        let seen = slot.clone();
        let input = crate::formats::Source::from_text(source.to_string(), text.to_string());
        let read = crate::formats::xml::read_records(input, &crate::formats::marc::ROOTS, move |e, ctx| {
            *seen.borrow_mut() = Some(marc::check(e));
            crate::formats::marc::record_from_element(e, ctx)
        });
        let lines = marc::Lines::new(text);
        let (mut records, mut out) = (0, Vec::new());
        for result in read {
            records += 1;
            let checked = slot.borrow_mut().take();
            let Some((elements, found)) = checked else {
                out.extend(result.err().map(|e| from_error(&e)));
                continue;
            };
            let at = |offset: usize| Some(lines.position(text, offset));
            let mut own: Vec<Diagnostic> =
                found.into_iter().map(|(f, o)| place_at(f, source, Some(records), at(o))).collect();
            match result {
                Err(e) if !own.iter().any(|d| d.severity == Severity::Error) => own.push(from_error(&e)),
                Err(_) => {}
                Ok(record) => {
                    for mut f in self.model_findings(&record, source, records) {
                        let untitled = f.code == "no-title" && own.iter().any(|d| d.path == "/245");
                        if NATIVE_ONLY.contains(&f.code) || untitled {
                            continue;
                        }
                        f.path = marc::tag_pointer(&f.path, &record, &elements);
                        let d = place_at(f.clone(), source, Some(records), at(elements.offset(&f.path)));
                        own.push(d);
                    }
                }
            }
            sort(&mut own);
            out.extend(own);
        }
        (records, out)
    }

    /// Check a MODS, Dublin Core (`dc`, `dcterms`), TEI, OAI-PMH or MARCXML
    /// input: the rules of the format on each record element (for OAI-PMH,
    /// those of the format its metadata is in), then the model rules on the
    /// record read as far as it goes, each at its element or attribute. Gives
    /// the number of records and the diagnostics. Another format's records are
    /// read by its reader and get the model rules, without positions.
    pub fn check_xml(&mut self, source: &str, text: &str, format: crate::Format) -> (usize, Vec<Diagnostic>) {
        use crate::formats::{dc as dc_format, mods as mods_format, oai, tei as tei_format, xml as x};
        type Read = fn(&x::Element, &x::Context) -> Result<Option<Record>, RecordError>;
        let (roots, read): (&'static x::Roots, Read) = match format {
            crate::Format::Mods => {
                (&mods_format::ROOTS, |e, c| mods_format::record_from_element(e, c).map(Some))
            }
            crate::Format::Dc => {
                (&dc_format::SIMPLE_ROOTS, |e, c| dc_format::record_from_element(e, c).map(Some))
            }
            crate::Format::Dcterms => {
                (&dc_format::QUALIFIED_ROOTS, |e, c| dc_format::record_from_element(e, c).map(Some))
            }
            crate::Format::Tei => {
                (&tei_format::ROOTS, |e, c| tei_format::record_from_element(e, c).map(Some))
            }
            crate::Format::OaiPmh => (&oai::ROOTS, oai::record_from_element),
            crate::Format::Marcxml => (&crate::formats::marc::ROOTS, |e, c| {
                crate::formats::marc::record_from_element(e, c).map(Some)
            }),
            // Not an XML format of records: its reader and the model rules.
            _ => return self.check_read(source, text, format),
        };
        let input = crate::formats::Source::from_text(source.to_string(), text.to_string());
        let elements = match x::RecordElements::new(input, roots) {
            Ok(elements) => elements,
            Err(e) => return (1, vec![from_error(&e)]),
        };
        let lines = marc::Lines::new(text);
        let at = |a: xml::At| {
            let offset = a.attr.and_then(|n| xml::attr_offset(text, a.offset, n)).unwrap_or(a.offset);
            Some(lines.position(text, offset))
        };
        let (mut records, mut out) = (0, Vec::new());
        for item in elements {
            records += 1;
            let (e, ctx) = match item {
                Ok(x) => x,
                Err(e) => {
                    out.push(from_error(&e));
                    continue;
                }
            };
            // The record element of the format's rules: an OAI-PMH record's metadata.
            let inner = match format {
                crate::Format::OaiPmh => e.first(oai::OAI_NS, "metadata").and_then(|m| m.elements().next()),
                _ => Some(&e),
            };
            let rules = inner.and_then(|i| XmlRules::of(i).map(|r| (r, i)));
            let found = rules.map(|(r, i)| r.check(i)).unwrap_or_default();
            let mut result = read(&e, &ctx);
            let refused: Vec<xml::At> = found.iter().map(|(_, a)| *a).filter(|a| a.unreadable).collect();
            if result.is_err() && !refused.is_empty() {
                // Read again without the values the reader refuses, so that the model rules run on the rest.
                if let Ok(r) = read(&xml::without(&e, &refused), &ctx) {
                    result = Ok(r);
                }
            }
            let mut own: Vec<Diagnostic> =
                found.into_iter().map(|(f, a)| place_at(f, source, Some(records), at(a))).collect();
            match result {
                Err(err) => {
                    // Unless a rule has said it at the same line already.
                    let line = err.position.map(|p| p.line);
                    if !own.iter().any(|d| d.severity == Severity::Error && d.line == line) {
                        own.push(from_error(&err));
                    }
                }
                // A deleted OAI-PMH record: no record.
                Ok(None) => {
                    records -= 1;
                    continue;
                }
                Ok(Some(record)) => {
                    for mut f in self.model_findings(&record, source, records) {
                        let titled = own.iter().any(|d| {
                            d.code == "no-title"
                                || (d.code == "missing-field"
                                    && (d.path.ends_with("title") || d.path == "/245"))
                        });
                        let judged = rules.is_none_or(|(r, i)| r.judges(f.code, &f.path, i));
                        if NATIVE_ONLY.contains(&f.code) || (f.code == "no-title" && titled) || !judged {
                            continue;
                        }
                        let (path, offset) = match rules {
                            Some((r, i)) => r.place(&f.path, &record, i),
                            None => (String::new(), e.offset),
                        };
                        f.path = path;
                        let d = place_at(f, source, Some(records), Some(lines.position(text, offset)));
                        if !own.iter().any(|o| o.code == d.code && o.line == d.line) {
                            own.push(d);
                        }
                    }
                }
            }
            sort(&mut own);
            out.extend(own);
        }
        (records, out)
    }

    /// The records of `text` as `format`'s reader reads them, with the model rules.
    fn check_read(&mut self, source: &str, text: &str, format: crate::Format) -> (usize, Vec<Diagnostic>) {
        let read =
            format.reader().read(crate::formats::Source::from_text(source.to_string(), text.to_string()));
        let (mut records, mut out) = (0, Vec::new());
        for result in read {
            records += 1;
            match result {
                Ok(record) => out.extend(self.check_record(source, records, &record)),
                Err(e) => out.push(from_error(&e)),
            }
        }
        (records, out)
    }

    /// Check a record read from any format (no text positions).
    pub fn check_record(&mut self, source: &str, number: usize, record: &Record) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .model_findings(record, source, number)
            .into_iter()
            .map(|f| {
                let mut d = place(f, source, None);
                d.record = Some(number);
                d
            })
            .collect();
        sort(&mut out);
        out
    }

    fn model_findings(&mut self, record: &Record, source: &str, number: usize) -> Vec<Finding> {
        let mut f = rules::check(record, self.today);
        if let Some(format) = self.target {
            f.extend(format.losses(record).iter().map(|loss| not_carried(record, loss)));
        }
        let here = (source.to_string(), number);
        if let Some(id) = record.publication.as_ref().and_then(|p| p.record_id.as_ref()) {
            if let Some(first) = self.record_ids.get(id.as_str()) {
                f.push(duplicate("duplicate-record-id", "/publication/record_id", "record ID", id, first));
            } else {
                self.record_ids.insert(id.to_string(), here.clone());
            }
        }
        if let Some(key) = &record.key {
            if let Some(first) = self.keys.get(key.as_str()) {
                f.push(duplicate("duplicate-key", "/key", "citation key", key, first));
            } else {
                self.keys.insert(key.to_string(), here);
            }
        }
        f
    }
}

/// The rules of one XML format, chosen by the record element.
#[derive(Debug, Clone, Copy)]
enum XmlRules {
    Mods,
    Dc,
    Tei,
    Marc,
}

impl XmlRules {
    fn of(e: &crate::formats::xml::Element) -> Option<Self> {
        use crate::formats::{dc, marc, mods, tei};
        match (e.ns.as_str(), e.name.as_str()) {
            (mods::MODS_NS, "mods") => Some(XmlRules::Mods),
            (dc::OAI_DC_NS, "dc") | (_, "qualifieddc") => Some(XmlRules::Dc),
            (tei::TEI_NS, "TEI") => Some(XmlRules::Tei),
            (marc::MARC_NS, "record") => Some(XmlRules::Marc),
            _ => None,
        }
    }

    fn check(self, e: &crate::formats::xml::Element) -> xml::Found {
        match self {
            XmlRules::Mods => mods::check(e),
            XmlRules::Dc => dc::check(e),
            XmlRules::Tei => tei::check(e),
            XmlRules::Marc => marc::check(e)
                .1
                .into_iter()
                .map(|(f, offset)| (f, xml::At { offset, attr: None, unreadable: false }))
                .collect(),
        }
    }

    /// Whether the model finding `code` at `path` judges the record (not the way it is read).
    fn judges(self, code: &str, path: &str, e: &crate::formats::xml::Element) -> bool {
        match self {
            XmlRules::Tei => tei::judges(code, path, e),
            _ => true,
        }
    }

    /// The path and offset of the element a model finding's field was read from.
    fn place(self, path: &str, record: &Record, e: &crate::formats::xml::Element) -> (String, usize) {
        match self {
            XmlRules::Mods => mods::place(path, record, e),
            XmlRules::Dc => dc::place(path, record, e),
            XmlRules::Tei => tei::place(path, record, e),
            XmlRules::Marc => {
                let (elements, _) = marc::check(e);
                let tag = marc::tag_pointer(path, record, &elements);
                let offset = elements.offset(&tag);
                (tag, offset)
            }
        }
    }
}

/// Rules about what only the native format holds, which records read from
/// another format are not judged by.
const NATIVE_ONLY: &[&str] = &["no-rights"];

/// Text that is not JSON, placed in the input as records are.
fn not_json(raw: &RawRecord, source: &str, e: serde_json::Error) -> Diagnostic {
    let e = parse_record(raw, source).err().unwrap_or_else(|| {
        crate::error::Error::new(crate::error::ErrorKind::Json, source, e.to_string()).at(raw.start)
    });
    from_error(&e)
}

fn not_carried(record: &Record, loss: &crate::Loss) -> Finding {
    let format = loss.format.name();
    if loss.devised.is_some() {
        return Finding::warning("not-carried", field_pointer(record, &loss.field), loss.to_string())
            .help("give the record a title, or keep the devised one: it is marked as devised and read back as no title");
    }
    Finding::warning(
        "not-carried",
        field_pointer(record, &loss.field),
        format!("{format} has no place for `{}`: writing this record as {format} leaves it out", loss.field),
    )
    .help("keep the record in native JSON or CSL-JSON as well, which carry every field")
}

/// The JSON pointer of a field in a record: the first element of a typed list
/// that holds it.
fn field_pointer(record: &Record, field: &crate::model::Field) -> String {
    let Some(q) = field.qualifier.as_deref() else {
        return format!("/{}", field.path.replace('.', "/"));
    };
    let (list, sub) = field.path.split_once('.').map_or((field.path, None), |(l, s)| (l, Some(s)));
    let index = match list {
        "agents" => record.agents.iter().position(|c| c.role.as_str() == q),
        "identifiers" => record.identifiers.iter().position(|i| i.scheme.as_str() == q),
        "notes" => record.notes.iter().position(|n| n.kind.as_str() == q),
        "events" => record.events.iter().position(|e| e.kind.as_str() == q),
        "alternate_titles" => {
            record.alternate_titles.iter().position(|t| t.kind.as_ref().map_or("any", |k| k.as_str()) == q)
        }
        "extra" => record.extra.iter().position(|e| format!("{}:{}", e.format, e.field) == q),
        _ => None,
    };
    match (index, sub) {
        (Some(i), Some("original_script")) => format!("/{list}/{i}/person/original_script"),
        (Some(i), Some(sub)) => format!("/{list}/{i}/{sub}"),
        (Some(i), None) => format!("/{list}/{i}"),
        (None, _) => format!("/{list}"),
    }
}

fn duplicate(code: &'static str, path: &str, what: &str, value: &str, first: &(String, usize)) -> Finding {
    Finding::error(
        code,
        path,
        format!("{what} `{value}` is already used by record {} of {}", first.1, first.0),
    )
    .help(format!("give each record its own {what}"))
}

/// A reader's error as a diagnostic, with the code of its kind.
pub fn from_error(e: &RecordError) -> Diagnostic {
    Diagnostic {
        code: e.code(),
        severity: Severity::Error,
        source: e.source.clone(),
        record: e.record,
        path: e.field.as_deref().map(pointer_from_field).unwrap_or_default(),
        line: e.position.map(|p| p.line),
        column: e.position.map(|p| p.column),
        message: e.message.clone(),
        help: e.help.clone(),
    }
}

/// `agents[0].role` → `/agents/0/role`.
fn pointer_from_field(field: &str) -> String {
    pointer_from_steps(&json_path::parse_path(field))
}

fn pointer_from_steps(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{k}"),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// `/agents/0/role` → steps.
fn steps(pointer: &str) -> Vec<Step> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| match s.parse() {
            Ok(i) => Step::Index(i),
            Err(_) => Step::Key(s.replace("~1", "/").replace("~0", "~")),
        })
        .collect()
}

fn place(f: Finding, source: &str, raw: Option<&RawRecord>) -> Diagnostic {
    let position: Option<Position> = raw.and_then(|r| {
        let at = json_path::locate(&r.text, &steps(&f.path))?;
        let offset = if f.at_key { at.key.unwrap_or(at.value) } else { at.value };
        Some(r.position(offset))
    });
    place_at(f, source, raw.map(|r| r.number), position)
}

/// A finding at a known position in the input.
fn place_at(f: Finding, source: &str, record: Option<usize>, position: Option<Position>) -> Diagnostic {
    Diagnostic {
        code: f.code,
        severity: f.severity,
        source: source.to_string(),
        record,
        path: f.path,
        line: position.map(|p| p.line),
        column: position.map(|p| p.column),
        message: f.message,
        help: f.help,
    }
}

fn sort(d: &mut [Diagnostic]) {
    d.sort_by_key(|x| (x.line.unwrap_or(usize::MAX), x.column.unwrap_or(0), std::cmp::Reverse(x.severity)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    #[test]
    fn check_xml_of_a_format_without_xml_rules_reads_and_runs_the_model_rules() {
        let text =
            r#"{"title": "Note", "references": [{"levels": [{"kind": "listi", "value": "195-101"}]}]}"#;
        let (records, found) = Validator::new(today()).check_xml("x.jsonl", text, crate::Format::Jsonl);
        assert_eq!(records, 1);
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"range-backwards"), "{codes:?}");
        assert!(found.iter().all(|d| d.line.is_none()));
    }

    #[test]
    fn check_xml_places_marcxml_findings_at_their_fields() {
        let text = "<record xmlns=\"http://www.loc.gov/MARC21/slim\">\n  <leader>00000ntm a2200000 i 4500</leader>\n  <datafield tag=\"852\" ind1=\" \" ind2=\" \"><subfield code=\"a\">Russian State Archive of Contemporary History</subfield><subfield code=\"j\">f. 5, op. 61, d. 462, ll. 195–101</subfield></datafield>\n</record>\n";
        let (records, found) = Validator::new(today()).check_xml("x.xml", text, crate::Format::Marcxml);
        assert_eq!(records, 1);
        let at: Vec<(&str, Option<usize>)> = found.iter().map(|d| (d.code, d.line)).collect();
        assert!(at.contains(&("missing-field", Some(1))), "{at:?}");
        assert!(at.contains(&("range-backwards", Some(3))), "{at:?}");
    }
}
