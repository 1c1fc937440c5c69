//! `archcite convert`: read records in one format, write them in another.

use std::path::PathBuf;

use archcite::error::RecordError;
use archcite::formats::Format;

use super::io::{detect, input_specs, open, Output};
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
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Run `convert`.
pub fn run(args: ConvertArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    let Some(mut writer) = args.to.writer() else {
        return reporter.usage(&format!("archcite cannot write `{}`", args.to.name()));
    };
    let mut output = match Output::open(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => return reporter.fatal(&format!("cannot create the output file: {e}")),
    };
    if let Err(e) = writer.begin(output.writer()) {
        return reporter.io_error(e);
    }
    let mut buf = Vec::new();
    let (mut written, mut refused) = (0usize, 0usize);
    for spec in input_specs(&args.inputs) {
        let mut source = match open(&spec) {
            Ok(s) => s,
            Err(e) => {
                reporter.fatal(&format!("{}: cannot open: {e}", spec.path));
                continue;
            }
        };
        let Some(reader) = detect(args.from, &mut source).and_then(Format::reader) else {
            reporter.record_error(&unknown_format(&source.name, args.from));
            continue;
        };
        for record in reader.read(source) {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    reporter.record_error(&e);
                    refused += 1;
                    continue;
                }
            };
            buf.clear();
            if let Err(e) = writer.write(&mut buf, &record) {
                reporter.record_error(&RecordError::new(&spec.path, e.to_string()));
                continue;
            }
            if let Err(e) = output.writer().write_all(&buf) {
                return reporter.io_error(e);
            }
            written += 1;
        }
    }
    if written == 0 && refused > 0 {
        // Every record was refused: leave no output file that looks like a result
        // (dropping the temporary file removes it).
        return reporter.outcome();
    }
    if let Err(e) = writer.end(output.writer()).and_then(|()| output.commit()) {
        return reporter.io_error(e);
    }
    reporter.outcome()
}

fn unknown_format(name: &str, from: Option<Format>) -> RecordError {
    let message = match from {
        Some(f) => format!("archcite cannot read `{}`", f.name()),
        None => "cannot tell the input's format from its name or content".to_string(),
    };
    RecordError::new(name, message).help("name the format with --from, e.g. --from json")
}
