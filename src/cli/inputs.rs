//! The one input pipeline of `convert`, `cite` and `validate`: the same inputs
//! (files, directories read recursively, standard input), the same messages for
//! an input that cannot be opened, whose format cannot be told or that holds no
//! record, the same numbering, warnings and progress.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use archcite::error::{ErrorKind, RecordError};
use archcite::format::Unparsed;
use archcite::formats::Source;
use archcite::model::Record;
use archcite::Format;

use super::io::{detect, open, InputSpec, Progress};
use super::report::{stderr_line, Reporter};

/// Expand the INPUT arguments: none means standard input; a directory means
/// every file in it, recursively, in path order, that holds a format archcite
/// reads: by its extension, any `.xml` (its content tells which vocabulary),
/// or, when `--from` names the format, every file that is not hidden.
pub fn expand_with(
    inputs: &[String],
    from: Option<Format>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<InputSpec>, String> {
    let mut specs = expand(inputs, from)?;
    for spec in &mut specs {
        spec.encoding = encoding;
    }
    Ok(specs)
}

/// The inputs named on the command line, directories expanded.
pub fn expand(inputs: &[String], from: Option<Format>) -> Result<Vec<InputSpec>, String> {
    if inputs.is_empty() {
        return Ok(vec![InputSpec {
            path: "-".into(),
            nothing_readable: false,
            encoding: None,
            replace_invalid: false,
        }]);
    }
    let mut specs = Vec::new();
    for path in inputs {
        if path == "-" || !Path::new(path).is_dir() {
            specs.push(InputSpec {
                path: path.clone(),
                nothing_readable: false,
                encoding: None,
                replace_invalid: false,
            });
            continue;
        }
        let before = specs.len();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("{path}: cannot read the directory: {e}"))?;
            if entry.file_type().is_file() && wanted(entry.path(), from) {
                let path = entry.path().to_string_lossy().into_owned();
                specs.push(InputSpec {
                    path,
                    nothing_readable: false,
                    encoding: None,
                    replace_invalid: false,
                });
            }
        }
        // A directory that gives nothing is said to, not taken for an empty success.
        if specs.len() == before {
            specs.push(InputSpec {
                path: path.clone(),
                nothing_readable: true,
                encoding: None,
                replace_invalid: false,
            });
        }
    }
    Ok(specs)
}

fn wanted(path: &Path, from: Option<Format>) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    from.is_some() || Format::from_extension(ext).is_some() || ext.eq_ignore_ascii_case("xml")
}

/// One input, opened, with the format it is read as.
pub struct Opened {
    /// The input as named on the command line (or found in a directory).
    pub path: Arc<str>,
    /// Its bytes.
    pub source: Source,
    /// Its format.
    pub format: Format,
}

/// Open every input and tell its format, handing each to `each` in order, or
/// the error for an input whose format cannot be told (an invalid input, exit
/// 1, which the command reports where its diagnostics go). An input that cannot
/// be opened is an I/O error (exit 2), reported here; the run goes on with the
/// next input.
pub fn for_each_input(
    specs: &[InputSpec],
    from: Option<Format>,
    reporter: &mut Reporter,
    mut each: impl FnMut(Result<Opened, RecordError>, &mut Reporter) -> ControlFlow<()>,
) {
    for spec in specs {
        if spec.nothing_readable {
            if each(Err(nothing_readable(&spec.path, from)), reporter).is_break() {
                break;
            }
            continue;
        }
        let mut source = match open(spec) {
            Ok(s) => s,
            Err(e) => {
                reporter.fatal(&format!("{}: cannot open: {e}", spec.path));
                continue;
            }
        };
        let opened = match detect(from, &mut source) {
            Some(format) => Ok(Opened { path: spec.path.as_str().into(), source, format }),
            None => Err(unknown_format(&source.name)),
        };
        if each(opened, reporter).is_break() {
            break;
        }
    }
}

/// A record read, with where it came from.
pub struct Numbered {
    /// The input's path.
    pub input: Arc<str>,
    /// The record's number in its input, 1-based (refused records count).
    pub in_input: usize,
    /// The record's number in the whole run, 1-based (refused records count).
    pub in_run: usize,
    /// The record.
    pub record: Box<Record>,
}

/// What [`for_each_record`] hands on.
pub enum Item {
    /// A record read.
    Record(Numbered),
    /// A record refused by its reader (counted here, reported by the command,
    /// which knows where the message belongs among its output).
    Refused(RecordError),
}

/// What [`for_each_found`] hands on.
pub enum Found {
    /// A record read or refused.
    Item(Item),
    /// A record found but not parsed yet: whoever takes it parses it with
    /// [`Pending::parse`], on any thread, and counts a refusal.
    Unparsed(Pending),
}

/// A record found in its input, to be parsed.
pub struct Pending {
    input: Arc<str>,
    name: Arc<str>,
    in_input: usize,
    in_run: usize,
    raw: Unparsed,
}

impl Pending {
    /// Parse the record: [`Item::Record`] or [`Item::Refused`].
    pub fn parse(self) -> Item {
        match self.raw.parse(&self.name) {
            Ok(record) => Item::Record(Numbered {
                input: self.input,
                in_input: self.in_input,
                in_run: self.in_run,
                record: Box::new(record),
            }),
            Err(e) => Item::Refused(e),
        }
    }
}

/// Read every record of every input, in order, reporting each input without
/// any record alike for every command and format, and the readers' warnings;
/// returns how many records or inputs were refused.
pub fn for_each_record(
    specs: &[InputSpec],
    from: Option<Format>,
    reporter: &mut Reporter,
    mut each: impl FnMut(Item, &mut Reporter) -> ControlFlow<()>,
) -> usize {
    let mut late = 0;
    let refused = for_each_found(specs, from, false, reporter, |found, reporter| match found {
        Found::Item(item) => each(item, reporter),
        Found::Unparsed(p) => {
            let item = p.parse();
            late += usize::from(matches!(item, Item::Refused(_)));
            each(item, reporter)
        }
    });
    refused + late
}

/// [`for_each_record`], and with `defer` the records of formats that
/// [`Format::split`] can find without parsing come unparsed: their
/// refusals are for the caller to count.
pub fn for_each_found(
    specs: &[InputSpec],
    from: Option<Format>,
    defer: bool,
    reporter: &mut Reporter,
    mut each: impl FnMut(Found, &mut Reporter) -> ControlFlow<()>,
) -> usize {
    let progress = Progress::new();
    let (mut refused, mut in_run) = (0, 0);
    for_each_input(specs, from, reporter, |opened, reporter| {
        let opened = match opened {
            Ok(o) => o,
            Err(e) => {
                refused += 1;
                return progress.suspend(|| each(Found::Item(Item::Refused(e)), reporter));
            }
        };
        let warnings = opened.source.warnings.clone();
        let name = opened.source.name.clone();
        let shared_name: Arc<str> = name.as_str().into();
        let mut in_input = 0;
        for result in units(opened.format, opened.source, defer) {
            progress.tick(&opened.path);
            in_input += 1;
            in_run += 1;
            for w in warnings.take() {
                progress.suspend(|| stderr_line(format_args!("warning: {w}")));
            }
            let input = opened.path.clone();
            let item = match result {
                Ok(Unit::Record(record)) => {
                    Found::Item(Item::Record(Numbered { input, in_input, in_run, record }))
                }
                Ok(Unit::Raw(raw)) => {
                    let name = shared_name.clone();
                    Found::Unparsed(Pending { input, name, in_input, in_run, raw })
                }
                Err(e) => {
                    refused += 1;
                    Found::Item(Item::Refused(e))
                }
            };
            if progress.suspend(|| each(item, reporter)).is_break() {
                return ControlFlow::Break(());
            }
        }
        if in_input == 0 {
            progress.suspend(|| reporter.record_error(&no_record(&name, from.is_some())));
        }
        ControlFlow::Continue(())
    });
    progress.finish();
    refused
}

/// One record of an input: parsed, or found with its parser.
enum Unit {
    Record(Box<Record>),
    Raw(Unparsed),
}

/// The records of one input: unparsed where `defer` asks and the format allows.
fn units(
    format: Format,
    source: archcite::formats::Source,
    defer: bool,
) -> Box<dyn Iterator<Item = Result<Unit, RecordError>>> {
    let source = match defer {
        true => match format.split(source) {
            Ok(found) => return Box::new(found.map(|r| r.map(Unit::Raw))),
            Err(source) => source,
        },
        false => source,
    };
    Box::new(format.read(source).map(|r| r.map(|r| Unit::Record(Box::new(r)))))
}

/// An input from which no record at all was read. Some readers say so
/// themselves; for every other format it is said here, so that an empty input
/// fails alike whatever its format.
pub fn no_record(name: &str, format_given: bool) -> RecordError {
    let help = if format_given {
        "check that this is the file you meant, and that --from names its format"
    } else {
        "check that this is the file you meant; if it holds records, name its format with --from"
    };
    RecordError::new(ErrorKind::Empty, name, "no record in the input").help(help)
}

/// A directory in which no file could be recognised.
fn nothing_readable(dir: &str, from: Option<Format>) -> RecordError {
    let help = match from {
        Some(_) => "check the directory: every file that is not hidden is read when --from is given",
        None => "name the files' format with --from to read every file, whatever its extension",
    };
    RecordError::new(ErrorKind::Empty, dir, "no file of a format archcite reads in this directory").help(help)
}

/// An input whose format the name and the first bytes do not tell.
pub fn unknown_format(name: &str) -> RecordError {
    RecordError::new(
        ErrorKind::UnknownFormat,
        name,
        "cannot tell the input's format from its name or content",
    )
    .help("name the format with --from, e.g. --from json")
}
