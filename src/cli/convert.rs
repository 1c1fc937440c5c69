//! `archcite convert`: read records in one format, write them in another.
//!
//! Batches the way catalogue work needs them: many inputs and directories, JSON
//! Lines, one collection file or one file per record (`--split`), records in
//! input order, a progress bar on a terminal, and a closing summary that names
//! every skipped record.
//!
//! A run that writes no record never creates or replaces an `-o` file: an input
//! with no record at all is an error (exit 1) in every format, not an empty
//! collection written over yesterday's catalogue.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use archcite::error::WriteError;
use archcite::error::{ErrorKind, RecordError};
use archcite::formats::{KeySlot, Writer};
use archcite::model::Record;
use archcite::Format;

use super::inputs::{expand_with, for_each_record, Item, Numbered};
use super::io::Output;
use super::report::{stderr_line, Outcome, Reporter};
use super::split::Names;

mod parallel;

/// Arguments of `convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Format of the inputs; inferred from the extension or the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<Format>,
    /// Encoding of the inputs when it is not UTF-8 and the file does not say
    /// (a `.bib` or RIS file in windows-1251, koi8-r, iso-8859-1, ...); a byte order mark still wins.
    #[arg(long, value_name = "LABEL", value_parser = super::io::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Format to write.
    #[arg(long, value_enum)]
    pub to: Format,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "split")]
    pub output: Option<PathBuf>,
    /// Write one file per record into DIR (created if missing), named by citation key or
    /// by the record's number in the run.
    #[arg(long, value_name = "DIR")]
    pub split: Option<PathBuf>,
    /// Threads that parse and render records (default: the machine's cores). The
    /// output is the same whatever N; `--jobs 1` reads on one thread and writes on another.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// In binary MARC input, read the characters XML 1.0 forbids (control characters
    /// that records carry now and then) as U+FFFD, so that a MARCXML, MODS, Dublin Core
    /// or TEI output stays valid; without it each such record is named and refused by
    /// those writers.
    #[arg(long)]
    pub replace_invalid_chars: bool,
    /// Input files or directories (read recursively, by extension); `-` or none reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Where converted records go.
enum Sink {
    /// One output holding every record.
    Single { writer: Box<dyn Writer + Send>, output: Output, buf: Vec<u8> },
    /// One file per record in a directory.
    Split { dir: PathBuf, format: Format, names: Names },
}

impl Sink {
    fn open(to: Format, output: Option<&Path>, split: Option<&Path>) -> Result<Sink, String> {
        let Some(mut writer) = to.writer() else {
            return Err(format!("archcite cannot write `{}`", to.name()));
        };
        if let Some(dir) = split {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            return Ok(Sink::Split { dir: dir.to_path_buf(), format: to, names: Names::default() });
        }
        let mut output = Output::open(output).map_err(|e| format!("cannot create the output file: {e}"))?;
        writer.begin(output.writer()).map_err(|e| format!("cannot write the output: {e}"))?;
        Ok(Sink::Single { writer, output, buf: Vec::new() })
    }

    /// A writer that renders records for this sink on another thread, when
    /// the sink is one output and its writer can render records apart.
    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        match self {
            Sink::Single { writer, .. } => writer.renderer(),
            Sink::Split { .. } => None,
        }
    }

    /// Place a record that a [`Sink::renderer`] rendered.
    fn place(&mut self, rendered: &mut Vec<u8>, key: Option<KeySlot>) -> std::io::Result<()> {
        match self {
            Sink::Single { writer, output, .. } => writer.place(output.writer(), rendered, key),
            Sink::Split { .. } => Err(std::io::Error::other("a directory of files takes records one by one")),
        }
    }

    /// Write one record, the `number`-th of the run.
    fn write(&mut self, number: usize, record: &Record) -> Result<(), SinkError> {
        match self {
            Sink::Single { writer, output, buf } => {
                // Render into a buffer first so a failing record leaves no half entry.
                buf.clear();
                writer.write(buf, record).map_err(SinkError::from)?;
                output.writer().write_all(buf).map_err(SinkError::Io)
            }
            Sink::Split { dir, format, names } => {
                let name = names.next(record, number);
                let path = dir.join(format!("{name}.{}", format.extension()));
                write_one(*format, record, &path)
            }
        }
    }

    /// Close the output. A file that would hold no record is neither created
    /// nor put in place of an existing one (an empty TEI corpus is not even
    /// valid); its path is returned to say so.
    fn finish(self, written: usize) -> std::io::Result<Option<PathBuf>> {
        match self {
            Sink::Single { output: Output::File { target, .. }, .. } if written == 0 => Ok(Some(target)),
            Sink::Single { mut writer, mut output, .. } => {
                writer.end(output.writer())?;
                output.commit().map(|()| None)
            }
            Sink::Split { .. } => Ok(None),
        }
    }
}

fn write_one(format: Format, record: &Record, path: &Path) -> Result<(), SinkError> {
    let mut buf = Vec::new();
    // Into memory, so the only failure is the record's own.
    format.write_to(&mut buf, [record]).map_err(|e| SinkError::Record(e.message.clone()))?;
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

/// What the writing thread reports when it is done.
struct Written {
    written: usize,
    /// Records not written: refused by their reader or their writer.
    refused: usize,
    /// Of those, the ones found after reading (by the writer, or by a
    /// parser on another thread): the reading thread did not count them.
    unwritten: usize,
    /// The `-o` file, when it was left as it was because no record was written.
    unchanged: Option<PathBuf>,
}

/// What the reading thread hands the writing thread, in input order.
enum Event {
    Record(Numbered),
    /// A record its reader refused: reported among the written records'
    /// messages, where it stood in the input.
    Refused(RecordError),
}

/// Records handed over at a time. One at a time, the two threads spent a
/// third of a run waking each other; sixteen make that negligible (64 was no
/// faster) and keep few records in flight: the channel holds [`QUEUED`]
/// batches, and 64 a batch held about 0.5 MB more at the peak.
const BATCH: usize = 16;
const QUEUED: usize = 2;

/// Run `convert`.
///
/// With `--jobs 1`, reading and parsing run on this thread, rendering and
/// writing on another, joined by a bounded channel of batches. With more,
/// this thread finds the records, N threads parse and render batches of them,
/// and one thread puts the rendered batches in input order into the output
/// (see [`parallel`]). Either way records stay in input order, messages come
/// in the order of their records, and memory stays flat.
pub fn run(args: ConvertArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    let mut specs = match expand_with(&args.inputs, args.from, args.encoding) {
        Ok(s) => s,
        Err(e) => return reporter.fatal(&e),
    };
    for spec in &mut specs {
        spec.replace_invalid = args.replace_invalid_chars;
    }
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let spec = SinkSpec { to: args.to, output: args.output.clone(), split: args.split.clone() };
    // One file per record is named in order, and a writer may render only in order.
    let renders = args.to.writer().and_then(|w| w.renderer()).is_some();
    if jobs > 1 && args.split.is_none() && renders {
        let sink = match Sink::open(spec.to, spec.output.as_deref(), None) {
            Ok(sink) => sink,
            Err(e) => return reporter.usage(&e),
        };
        let done = parallel::run(&args, &specs, sink, jobs, &mut reporter);
        return finish_run(done, &mut reporter);
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Event>>(QUEUED);
    let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<Result<(), String>>(1);
    let writer = std::thread::spawn(move || write_all(spec, rx, ready_tx));
    if let Ok(Err(e)) | Err(e) = ready_rx.recv().map_err(|e| e.to_string()) {
        let _ = writer.join();
        return reporter.usage(&e);
    }
    let skipped = read_all(&args, &specs, &tx, &mut reporter);
    drop(tx);
    let done = match writer.join() {
        Ok(Ok(mut w)) => {
            w.refused += skipped;
            Ok(Ok(w))
        }
        other => other,
    };
    finish_run(done, &mut reporter)
}

/// The closing lines and the outcome of a run, from what its writing thread reports.
fn finish_run(done: std::thread::Result<std::io::Result<Written>>, reporter: &mut Reporter) -> Outcome {
    match done {
        Ok(Ok(w)) => {
            if w.unwritten > 0 {
                reporter.invalid();
            }
            if let Some(target) = w.unchanged {
                stderr_line(format_args!("note: no record written: {} left as it was", target.display()));
            }
            stderr_line(format_args!("{} records written, {} skipped", w.written, w.refused));
            reporter.outcome()
        }
        Ok(Err(e)) => reporter.io_error(e),
        Err(_) => reporter.fatal("the writer stopped unexpectedly"),
    }
}

/// Read every input and send its records on; returns how many were refused.
fn read_all(
    args: &ConvertArgs,
    specs: &[super::io::InputSpec],
    tx: &std::sync::mpsc::SyncSender<Vec<Event>>,
    reporter: &mut Reporter,
) -> usize {
    let mut batch = Vec::with_capacity(BATCH);
    let mut stopped = false;
    let refused = for_each_record(specs, args.from, reporter, |item, reporter| {
        batch.push(match item {
            Item::Record(r) => Event::Record(r),
            Item::Refused(e) => {
                reporter.invalid();
                Event::Refused(e)
            }
        });
        if batch.len() < BATCH {
            return ControlFlow::Continue(());
        }
        // A closed channel means the writer stopped (a closed pipe, a full disk).
        match tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => {
                stopped = true;
                ControlFlow::Break(())
            }
        }
    });
    if !stopped && !batch.is_empty() {
        let _ = tx.send(batch);
    }
    refused
}

/// Which fields of a written record the output format left out: a line
/// for each devised value, then one naming every field left out.
fn loss_lines(to: Format, r: &Numbered) -> Vec<String> {
    let losses = to.losses(&r.record);
    let (devised, losses): (Vec<_>, Vec<_>) = losses.into_iter().partition(|l| l.devised.is_some());
    let mut lines: Vec<String> =
        devised.iter().map(|loss| format!("warning: {}: record {}: {loss}", r.input, r.in_input)).collect();
    if !losses.is_empty() {
        let fields: Vec<String> = losses.iter().map(|l| format!("`{}`", l.field)).collect();
        lines.push(format!(
            "warning: {}: record {}: {} cannot carry {}; left out",
            r.input,
            r.in_input,
            to.name(),
            fields.join(", ")
        ));
    }
    lines
}

/// The message of a record its writer refused.
fn unwritable(r: &Numbered, message: String) -> String {
    let e = RecordError::new(ErrorKind::Unrepresentable, &*r.input, message).in_record(r.in_input);
    format!("error: {e}")
}

/// Where the writing thread writes.
struct SinkSpec {
    to: Format,
    output: Option<PathBuf>,
    split: Option<PathBuf>,
}

/// The writing thread: open the sink, write what comes, close it.
fn write_all(
    spec: SinkSpec,
    rx: std::sync::mpsc::Receiver<Vec<Event>>,
    ready: std::sync::mpsc::SyncSender<Result<(), String>>,
) -> std::io::Result<Written> {
    let mut sink = match Sink::open(spec.to, spec.output.as_deref(), spec.split.as_deref()) {
        Ok(s) => {
            let _ = ready.send(Ok(()));
            s
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return Ok(Written { written: 0, refused: 0, unwritten: 0, unchanged: None });
        }
    };
    let (mut written, mut refused) = (0, 0);
    for event in rx.into_iter().flatten() {
        let r = match event {
            Event::Record(r) => r,
            Event::Refused(e) => {
                stderr_line(format_args!("error: {e}"));
                continue;
            }
        };
        match sink.write(r.in_run, &r.record) {
            Ok(()) => {
                written += 1;
                loss_lines(spec.to, &r).iter().for_each(stderr_line);
            }
            Err(SinkError::Record(m)) => {
                refused += 1;
                stderr_line(unwritable(&r, m));
            }
            Err(SinkError::Io(e)) => return Err(e),
        }
    }
    let unchanged = sink.finish(written)?;
    Ok(Written { written, refused, unwritten: refused, unchanged })
}
