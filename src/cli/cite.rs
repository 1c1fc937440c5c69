//! `archcite cite`: one formatted citation per record, in a CSL style.
//!
//! Exit codes: 0 every record cited; 1 some record could not be read or cited
//! (the others were); 2 usage error — an unknown style or locale, a broken
//! `.csl` file, an unreadable input or output.

use archcite::cite::{identity, style, ArchiveForm, Citer, Mode, OutputFormat, Position};
use archcite::error::{ErrorKind, RecordError};

use std::io::Write;
use std::ops::ControlFlow;

use archcite::model::Record;
use archcite::Format;

use super::inputs::{expand_with, for_each_record, Item};
use super::io::Output;
use super::report::{Outcome, Reporter};

/// Arguments of `cite`.
#[derive(clap::Args, Debug)]
pub struct CiteArgs {
    /// A bundled style name (see --list-styles), an archival style (gost-archival,
    /// chicago-archival, digital-archive) or a path to a .csl file.
    #[arg(long, value_name = "NAME|FILE.csl", default_value = "chicago-notes")]
    pub style: String,
    /// Locale for terms and dates, e.g. en-US, en-GB, ru-RU, de-DE; defaults to the style's.
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// What to render; defaults to a note for note styles and a bibliography entry otherwise.
    #[arg(long, value_enum)]
    pub mode: Option<CliMode>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CliFormat,
    /// Format of the inputs; inferred from the extension or the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<Format>,
    /// Encoding of the inputs when it is not UTF-8 and the file does not say
    /// (a `.bib` or RIS file in windows-1251, koi8-r, iso-8859-1, ...); a byte order mark still wins.
    #[arg(long, value_name = "LABEL", value_parser = super::io::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// How to name the repository: `short` (RGANI), `long` (Russian State Archive of
    /// Contemporary History) or `both` ("Name (ABBR)"). The archival styles choose
    /// (gost-archival short, chicago-archival long, digital-archive both); any other
    /// style gets `both` unless this is given.
    #[arg(long, value_enum, value_name = "FORM")]
    pub archive_form: Option<CliArchiveForm>,
    /// Cite the inputs as one text: notes in order, the first citation of a
    /// document in full and later ones shortened ("Ibid." / "Там же" where the
    /// style uses it); a bibliography sorted as the style says, each document
    /// once. Without it every record is cited on its own, as a first note.
    #[arg(long)]
    pub sequence: bool,
    /// Print every bundled style name and exit.
    #[arg(long)]
    pub list_styles: bool,
    /// Input files or directories (read recursively, by extension); `-` or none reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// `--mode` values.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum CliMode {
    /// A footnote (the full note of note styles).
    Note,
    /// A bibliography entry.
    Bibliography,
    /// An in-text citation.
    InText,
}

/// `--archive-form` values.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum CliArchiveForm {
    /// The abbreviation.
    Short,
    /// The full name.
    Long,
    /// The full name and the abbreviation in parentheses.
    Both,
}

/// `--format` values.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum CliFormat {
    /// Plain text, one citation per line.
    Text,
    /// One `<div class="csl-entry">` fragment per line.
    Html,
    /// Markdown, citations separated by a blank line.
    Markdown,
}

/// Run `cite`.
pub fn run(args: CiteArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    let mut output = match Output::open(None) {
        Ok(o) => o,
        Err(e) => return reporter.fatal(&format!("cannot open the output: {e}")),
    };
    if args.list_styles {
        let list: String = style::style_names().iter().map(|n| format!("{n}\n")).collect();
        return match output.writer().write_all(list.as_bytes()).and_then(|()| output.commit()) {
            Ok(()) => Outcome::Ok,
            Err(e) => reporter.io_error(e),
        };
    }
    let citer = match style::load(&args.style)
        .and_then(|s| Citer::new(s, args.locale.as_deref(), args.mode.map(mode)))
        .map(|c| match args.archive_form {
            Some(CliArchiveForm::Short) => c.with_archive_form(ArchiveForm::Short),
            Some(CliArchiveForm::Long) => c.with_archive_form(ArchiveForm::Long),
            Some(CliArchiveForm::Both) => c.with_archive_form(ArchiveForm::Both),
            None => c,
        }) {
        Ok(c) => c,
        Err(e) => return reporter.usage(&e.to_string()),
    };
    let format = output_format(args.format);
    let mut run = Run {
        citer: &citer,
        format,
        seen: 0,
        written: 0,
        batch: Vec::with_capacity(BATCH),
        notes: args.sequence.then(Notes::default),
        whole: args.sequence && citer.mode() == Mode::Bibliography,
    };
    let specs = match expand_with(&args.inputs, args.from, args.encoding) {
        Ok(s) => s,
        Err(e) => return reporter.fatal(&e),
    };
    let mut failed = None;
    for_each_record(&specs, args.from, &mut reporter, |item, reporter| {
        let flushed = match item {
            Item::Record(r) => {
                run.batch.push((r.input.to_string(), r.in_input, *r.record));
                if run.batch.len() < BATCH || run.whole {
                    return ControlFlow::Continue(());
                }
                run.flush(output.writer(), reporter)
            }
            // Keep messages in input order: cite what came before first.
            // A sorted bibliography is written at the end; its refusals are reported as they come.
            Item::Refused(e) if run.whole => {
                reporter.record_error(&e);
                Ok(())
            }
            Item::Refused(e) => run.flush(output.writer(), reporter).map(|()| {
                reporter.record_error(&e);
            }),
        };
        match flushed {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(e) = failed {
        return reporter.io_error(e);
    }
    let last = if run.whole {
        run.flush_bibliography(output.writer(), &mut reporter)
    } else {
        run.flush(output.writer(), &mut reporter)
    };
    if let Err(e) = last {
        return reporter.io_error(e);
    }
    if let Err(e) = output.commit() {
        return reporter.io_error(e);
    }
    reporter.outcome()
}

/// Records are cited in batches of this many, across the cores, and written in
/// input order; memory stays bounded however long the input.
const BATCH: usize = 256;

/// The state of one `cite` run: records waiting to be cited and counts so far.
struct Run<'a> {
    citer: &'a Citer,
    format: OutputFormat,
    seen: usize,
    written: usize,
    /// (input path, record number in that input, record).
    batch: Vec<(String, usize, Record)>,
    /// With --sequence, the documents cited so far.
    notes: Option<Notes>,
    /// With --sequence in bibliography mode: one sorted bibliography at the end.
    whole: bool,
}

/// The documents a run of notes has cited, to place each note.
#[derive(Default)]
struct Notes {
    cited: std::collections::HashSet<String>,
    last: Option<String>,
}

impl Notes {
    fn place(&mut self, record: &Record) -> Position {
        let id = identity(record);
        let position = if self.last.as_ref() == Some(&id) {
            Position::Ibid
        } else if self.cited.contains(&id) {
            Position::Subsequent
        } else {
            Position::First
        };
        self.cited.insert(id.clone());
        self.last = Some(id);
        position
    }
}

impl Run<'_> {
    /// Cite the waiting records, write them in order and report the ones that fail.
    fn flush(&mut self, out: &mut dyn Write, reporter: &mut Reporter) -> std::io::Result<()> {
        let records: Vec<(&Record, Position)> = match &mut self.notes {
            Some(notes) => self.batch.iter().map(|(_, _, r)| (r, notes.place(r))).collect(),
            None => self.batch.iter().map(|(_, _, r)| (r, Position::First)).collect(),
        };
        let results = self.citer.cite_batch_at(&records, self.seen, self.format);
        self.seen += records.len();
        for ((path, n, record), result) in self.batch.drain(..).zip(results) {
            match result {
                Ok(text) => {
                    let sep =
                        if self.format == OutputFormat::Markdown && self.written > 0 { "\n" } else { "" };
                    writeln!(out, "{sep}{text}")?;
                    self.written += 1;
                }
                Err(e) => {
                    reporter.record_error(
                        &RecordError::new(
                            ErrorKind::Citation,
                            path,
                            format!("“{}”: {e}", record.title.as_deref().unwrap_or("[Untitled]")),
                        )
                        .in_record(n),
                    );
                }
            }
        }
        Ok(())
    }
}

impl Run<'_> {
    /// Write the whole run's bibliography, sorted, and report the records that
    /// cannot be cited.
    fn flush_bibliography(&mut self, out: &mut dyn Write, reporter: &mut Reporter) -> std::io::Result<()> {
        let records: Vec<&Record> = self.batch.iter().map(|(_, _, r)| r).collect();
        let (entries, errors) = self.citer.bibliography_of(&records, self.seen, self.format);
        for (i, e) in errors {
            let (path, n, record) = &self.batch[i];
            reporter.record_error(
                &RecordError::new(
                    ErrorKind::Citation,
                    path.clone(),
                    format!("“{}”: {e}", record.title.as_deref().unwrap_or("[Untitled]")),
                )
                .in_record(*n),
            );
        }
        for text in entries {
            let sep = if self.format == OutputFormat::Markdown && self.written > 0 { "\n" } else { "" };
            writeln!(out, "{sep}{text}")?;
            self.written += 1;
        }
        self.seen += self.batch.len();
        self.batch.clear();
        Ok(())
    }
}

fn mode(m: CliMode) -> Mode {
    match m {
        CliMode::Note => Mode::Note,
        CliMode::Bibliography => Mode::Bibliography,
        CliMode::InText => Mode::InText,
    }
}

fn output_format(f: CliFormat) -> OutputFormat {
    match f {
        CliFormat::Text => OutputFormat::Text,
        CliFormat::Html => OutputFormat::Html,
        CliFormat::Markdown => OutputFormat::Markdown,
    }
}
