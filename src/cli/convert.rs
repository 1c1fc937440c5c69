//! `archcite convert`: read records in one format, write them in another.
//!
//! Batches the way catalogue work needs them: many inputs and directories, JSON
//! Lines, one collection file or one file per record (`--split`), records in
//! input order, a progress bar on a terminal, and a closing summary that names
//! every skipped record.

use std::path::{Path, PathBuf};

use archcite::error::RecordError;
use archcite::error::WriteError;
use archcite::formats::{Format, Writer};
use archcite::model::Record;

use super::io::{detect, expand_inputs, open, Output, Progress};
use super::report::{Outcome, Reporter};

/// Arguments of `convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Format of the inputs; inferred from the extension or the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<Format>,
    /// Format to write.
    #[arg(long, value_enum)]
    pub to: Format,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "split")]
    pub output: Option<PathBuf>,
    /// Write one file per record into DIR (created if missing), named by citation key.
    #[arg(long, value_name = "DIR")]
    pub split: Option<PathBuf>,
    /// Input files or directories (read recursively, by extension); `-` or none reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Where converted records go.
enum Sink {
    /// One output holding every record.
    Single { writer: Box<dyn Writer>, output: Output, buf: Vec<u8> },
    /// One file per record in a directory.
    Split { dir: PathBuf, format: Format, used: std::collections::HashSet<String> },
}

impl Sink {
    fn open(args: &ConvertArgs) -> Result<Sink, String> {
        if args.to.writer().is_none() {
            return Err(format!("archcite cannot write `{}`", args.to.name()));
        }
        if let Some(dir) = &args.split {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            return Ok(Sink::Split { dir: dir.clone(), format: args.to, used: Default::default() });
        }
        let mut writer = args.to.writer().expect("checked above");
        let mut output = Output::open(args.output.as_deref())
            .map_err(|e| format!("cannot create the output file: {e}"))?;
        writer.begin(output.writer()).map_err(|e| format!("cannot write the output: {e}"))?;
        Ok(Sink::Single { writer, output, buf: Vec::new() })
    }

    /// Write one record.
    fn write(&mut self, number: usize, record: &Record) -> Result<(), SinkError> {
        match self {
            Sink::Single { writer, output, buf } => {
                // Render into a buffer first so a failing record leaves no half entry.
                buf.clear();
                writer.write(buf, record).map_err(SinkError::from)?;
                output.writer().write_all(buf).map_err(SinkError::Io)
            }
            Sink::Split { dir, format, used } => {
                let name = unique_name(used, record, number);
                let path = dir.join(format!("{name}.{}", format.extension()));
                write_one(*format, record, &path)
            }
        }
    }

    /// Close the output. A file that would hold no record because every record
    /// was refused is not created (an empty TEI corpus is not even valid).
    fn finish(self, discard: bool) -> std::io::Result<()> {
        match self {
            Sink::Single { output: Output::File { .. }, .. } if discard => Ok(()),
            Sink::Single { mut writer, mut output, .. } => {
                writer.end(output.writer())?;
                output.commit()
            }
            Sink::Split { .. } => Ok(()),
        }
    }
}

/// A file name for one record: its key when it has one, else its number.
fn unique_name(used: &mut std::collections::HashSet<String>, record: &Record, number: usize) -> String {
    let base: String = match &record.key {
        Some(k) => {
            k.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
        }
        None => format!("record-{number:06}"),
    };
    let mut name = base.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

fn write_one(format: Format, record: &Record, path: &Path) -> Result<(), SinkError> {
    let mut writer = format.writer().expect("the sink checked the format");
    let mut buf = Vec::new();
    writer.begin(&mut buf).map_err(SinkError::Io)?;
    writer.write(&mut buf, record)?;
    writer.end(&mut buf).map_err(SinkError::Io)?;
    let mut out = Output::open(Some(path)).map_err(SinkError::Io)?;
    out.writer().write_all(&buf).map_err(SinkError::Io)?;
    out.commit().map_err(SinkError::Io)
}

/// Why a record was not written: its own fault, or the output's.
enum SinkError {
    Record(String),
    Io(std::io::Error),
}

impl From<WriteError> for SinkError {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io(e) => SinkError::Io(e),
            other => SinkError::Record(other.to_string()),
        }
    }
}

/// Run `convert`.
pub fn run(args: ConvertArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    let specs = match expand_inputs(&args.inputs) {
        Ok(s) => s,
        Err(e) => return reporter.fatal(&e),
    };
    let mut sink = match Sink::open(&args) {
        Ok(s) => s,
        Err(e) => return reporter.usage(&e),
    };
    let progress = Progress::new();
    let (mut written, mut skipped) = (0usize, 0usize);
    for spec in &specs {
        let mut source = match open(spec) {
            Ok(s) => s,
            Err(e) => {
                progress.suspend(|| reporter.fatal(&format!("{}: cannot open: {e}", spec.path)));
                continue;
            }
        };
        let Some(reader) = detect(args.from, &mut source).and_then(Format::reader) else {
            progress.suspend(|| reporter.record_error(&unknown_format(&source.name, args.from)));
            skipped += 1;
            continue;
        };
        for (i, record) in reader.read(source).enumerate() {
            progress.tick(&spec.path);
            let result = record.and_then(|r| match sink.write(i + 1, &r) {
                Err(SinkError::Record(m)) => Err(RecordError::new(&spec.path, m).in_record(i + 1)),
                other => Ok(other),
            });
            match result {
                Ok(Ok(())) => written += 1,
                Ok(Err(SinkError::Io(e))) => return reporter.io_error(e),
                Ok(Err(SinkError::Record(_))) => unreachable!("mapped to a record error above"),
                Err(e) => {
                    skipped += 1;
                    progress.suspend(|| reporter.record_error(&e));
                }
            }
        }
    }
    progress.finish();
    if let Err(e) = sink.finish(written == 0 && skipped > 0) {
        return reporter.io_error(e);
    }
    eprintln!("{written} records written, {skipped} skipped");
    reporter.outcome()
}

fn unknown_format(name: &str, from: Option<Format>) -> RecordError {
    let message = match from {
        Some(f) => format!("archcite cannot read `{}`", f.name()),
        None => "cannot tell the input's format from its name or content".to_string(),
    };
    RecordError::new(name, message).help("name the format with --from, e.g. --from json")
}
