//! `archcite validate`: every problem of every record, with its place and a fix.

use std::io::Write;
use std::ops::ControlFlow;

use archcite::formats::json::raw_records;
use archcite::formats::Source;
use archcite::validate::{from_error, render, Diagnostic, Severity, Validator};
use archcite::Format;

use super::inputs::{expand_with, for_each_input, no_record, Opened};
use super::report::{stderr_line, Outcome, Reporter};

/// Arguments of `validate`.
#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Format of the inputs; inferred from the extension or the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<Format>,
    /// Encoding of the inputs when it is not UTF-8 and the file does not say
    /// (a `.bib` or RIS file in windows-1251, koi8-r, iso-8859-1, ...); a byte order mark still wins.
    #[arg(long, value_name = "LABEL", value_parser = super::io::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Output for people (`human`) or for tools (`json`: one object per line).
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Also warn about every field that writing the records in this format
    /// would leave out (`not-carried`): what converting to it would lose.
    #[arg(long = "for", visible_alias = "to", value_enum, value_name = "FORMAT")]
    pub for_format: Option<Format>,
    /// Exit 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// How diagnostics are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// rustc-style text with the offending line and a caret.
    Human,
    /// JSON Lines, one diagnostic per line.
    Json,
}

struct Tally {
    records: usize,
    errors: usize,
    warnings: usize,
    io_failed: bool,
    /// Standard output is gone (a closed pipe or a failed write): stop reading.
    stopped: bool,
    format: OutputFormat,
    out: std::io::BufWriter<std::io::Stdout>,
}

impl Tally {
    fn emit(&mut self, d: &Diagnostic, line_text: Option<&str>) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => {}
        }
        let text = match self.format {
            OutputFormat::Human => render::human(d, line_text),
            OutputFormat::Json => render::json(d) + "\n",
        };
        self.write(text.as_bytes());
    }

    /// Write to standard output; a closed pipe stops the run quietly, any other
    /// failure (a full disk behind `>`) stops it as an I/O error.
    fn write(&mut self, bytes: &[u8]) {
        if self.stopped {
            return;
        }
        if let Err(e) = self.out.write_all(bytes) {
            self.stop(e);
        }
    }

    fn stop(&mut self, e: std::io::Error) {
        self.stopped = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            stderr_line(format_args!("error: cannot write the output: {e}"));
            self.io_failed = true;
        }
    }
}

/// Run `validate`.
pub fn run(args: ValidateArgs) -> Outcome {
    let mut validator = Validator::default();
    if let Some(format) = args.for_format {
        if format.writer().is_none() {
            return super::report::Reporter::stderr().usage(&format!(
                "archcite cannot write `{}`; --for takes a format archcite writes",
                format.name()
            ));
        }
        validator = validator.for_format(format);
    }
    let mut t = Tally {
        records: 0,
        errors: 0,
        warnings: 0,
        io_failed: false,
        stopped: false,
        format: args.format,
        out: std::io::BufWriter::new(std::io::stdout()),
    };
    let specs = match expand_with(&args.inputs, args.from, args.encoding) {
        Ok(s) => s,
        Err(e) => {
            stderr_line(format_args!("error: {e}"));
            return Outcome::Fatal;
        }
    };
    let mut reporter = Reporter::stderr();
    for_each_input(&specs, args.from, &mut reporter, |opened, _| {
        let before = t.records;
        let name = match opened {
            Err(e) => {
                t.emit(&from_error(&e), None);
                return ControlFlow::Continue(());
            }
            Ok(Opened { source, format: f @ (Format::Json | Format::Jsonl | Format::CslJson), .. }) => {
                let name = source.name.clone();
                native(&mut validator, source, f, &mut t);
                name
            }
            Ok(Opened {
                source,
                format:
                    f @ (Format::Bibtex
                    | Format::Biblatex
                    | Format::Ris
                    | Format::Marcxml
                    | Format::Mods
                    | Format::Dc
                    | Format::Dcterms
                    | Format::Tei
                    | Format::OaiPmh),
                ..
            }) => {
                let name = source.name.clone();
                whole(&mut validator, source, f, &mut t);
                name
            }
            Ok(Opened { source, format, .. }) => {
                let name = source.name.clone();
                other(&mut validator, source, format, &mut t);
                name
            }
        };
        if t.records == before {
            t.emit(&from_error(&no_record(&name, args.from.is_some())), None);
        }
        if t.stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    t.io_failed |= reporter.outcome() == Outcome::Fatal;
    let summary = format!("{} records, {} errors, {} warnings", t.records, t.errors, t.warnings);
    match t.format {
        OutputFormat::Human => t.write(format!("{summary}\n").as_bytes()),
        OutputFormat::Json => stderr_line(&summary),
    }
    if let Err(e) = t.out.flush() {
        if !t.stopped {
            t.stop(e);
        }
    }
    if t.io_failed {
        Outcome::Fatal
    } else if t.errors > 0 || (args.deny_warnings && t.warnings > 0) {
        Outcome::Invalid
    } else {
        Outcome::Ok
    }
}

/// JSON records, each checked on its own text: native records, or CSL-JSON items.
fn native(validator: &mut Validator, source: Source, format: Format, t: &mut Tally) {
    let name = source.name.clone();
    for raw in raw_records(source, format == Format::Jsonl) {
        if t.stopped {
            return;
        }
        t.records += 1;
        match raw {
            Err(e) => t.emit(&from_error(&e), None),
            Ok(raw) => {
                let diagnostics = match format {
                    Format::CslJson => validator.check_csl(&name, &raw),
                    _ => validator.check_native(&name, &raw),
                };
                for d in diagnostics {
                    let line = d.line.and_then(|l| line_of_record(&raw, l));
                    t.emit(&d, line.as_deref());
                }
            }
        }
    }
}

/// The input line `line` as it appears in the input, rebuilt from the record's
/// text (the part of the first line before the record is blank).
fn line_of_record(raw: &archcite::formats::json::RawRecord, line: usize) -> Option<String> {
    let rel = line.checked_sub(raw.start.line)?;
    let text = raw.text.lines().nth(rel)?;
    Some(if rel == 0 { format!("{}{text}", " ".repeat(raw.start.column - 1)) } else { text.to_string() })
}

/// A `.bib` or RIS input, read whole, every record checked at its fields.
fn whole(validator: &mut Validator, source: Source, format: Format, t: &mut Tally) {
    let (name, text) = match source.read_text() {
        Ok(x) => x,
        Err(e) => {
            t.records += 1;
            return t.emit(&from_error(&e), None);
        }
    };
    let (records, diagnostics) = match format {
        Format::Ris => validator.check_ris(&name, &text),
        Format::Marcxml => validator.check_marc(&name, &text),
        Format::Mods | Format::Dc | Format::Dcterms | Format::Tei | Format::OaiPmh => {
            validator.check_xml(&name, &text, format)
        }
        _ => validator.check_bib(&name, &text, format),
    };
    t.records += records;
    // Indexed once: a large input may have a diagnostic on every record.
    let lines: Vec<&str> = text.lines().collect();
    for d in diagnostics {
        if t.stopped {
            return;
        }
        let line = d.line.and_then(|l| lines.get(l.checked_sub(1)?).copied());
        t.emit(&d, line);
    }
}

fn other(validator: &mut Validator, source: Source, format: Format, t: &mut Tally) {
    let (name, text) = match source.read_text() {
        Ok(x) => x,
        Err(e) => {
            t.records += 1;
            return t.emit(&from_error(&e), None);
        }
    };
    let reader = format.reader();
    let reader_source = Source::from_text(name.clone(), text.clone());
    for (i, record) in reader.read(reader_source).enumerate() {
        if t.stopped {
            return;
        }
        t.records += 1;
        match record {
            Err(e) => {
                let line = e.position.and_then(|p| text.lines().nth(p.line - 1)).map(str::to_string);
                t.emit(&from_error(&e), line.as_deref());
            }
            Ok(r) => {
                for d in validator.check_record(&name, i + 1, &r) {
                    t.emit(&d, None);
                }
            }
        }
    }
}
