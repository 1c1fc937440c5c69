//! Opening inputs and writing outputs safely.
//!
//! Outputs named with `-o` are written to a temporary file beside the target and
//! renamed into place only when the run got far enough to write a whole file, so
//! an interrupted or failed run never leaves a half-written output (see
//! [`super::tempfiles`] for how the temporary file itself never stays behind).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use archcite::formats::Source;
use archcite::Format;

use super::tempfiles::Temp;

/// An input named on the command line, not yet opened.
pub struct InputSpec {
    /// The path, or `-` for standard input.
    pub path: String,
    /// A directory in which no file holds a format archcite reads.
    pub nothing_readable: bool,
    /// The encoding the user named for the input (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Read characters XML 1.0 forbids as U+FFFD (`--replace-invalid-chars`).
    pub replace_invalid: bool,
}

/// `--encoding LABEL`: an encoding by one of its WHATWG labels.
pub fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("`{label}` is not an encoding name archcite knows; try utf-8, windows-1251, koi8-r, iso-8859-1, utf-16le")
    })
}

/// A progress bar on standard error, drawn only when it is a terminal.
pub struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    /// A spinner counting records.
    pub fn new() -> Self {
        use std::io::IsTerminal;
        let bar = if io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            let style =
                indicatif::ProgressStyle::with_template("{spinner} {pos} records ({per_sec}) {wide_msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
            bar.set_style(style);
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Progress { bar }
    }

    /// One more record from `input`.
    pub fn tick(&self, input: &str) {
        self.bar.inc(1);
        if self.bar.position() % 1024 == 1 {
            self.bar.set_message(input.to_string());
        }
    }

    /// Print a message without tearing the bar.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Remove the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Open an input: a buffered reader and its display name.
pub fn open(spec: &InputSpec) -> io::Result<Source> {
    let source = if spec.path == "-" {
        Source::new("<stdin>", BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let file = File::open(&spec.path)?;
        if file.metadata()?.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        Source::new(spec.path.clone(), BufReader::with_capacity(1 << 16, file))
    };
    let source = if spec.replace_invalid { source.replacing_invalid_chars() } else { source };
    Ok(match spec.encoding {
        Some(encoding) => source.decoded(encoding),
        None => source,
    })
}

/// The input's format: `--from`, else the extension, else its first bytes.
pub fn detect(from: Option<Format>, source: &mut Source) -> Option<Format> {
    if let Some(f) = from {
        return Some(f);
    }
    let by_ext =
        Path::new(&source.name).extension().and_then(|e| e.to_str()).and_then(Format::from_extension);
    let head = source.reader.fill_buf().ok()?;
    match by_ext {
        Some(f) => Some(f.refine(head)),
        None => Format::sniff(head),
    }
}

/// Where records are written.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file renamed to `target` on success.
    File { temp: BufWriter<Temp>, target: PathBuf },
    /// A target that is not a regular file (`/dev/null`, a named pipe):
    /// written in place, since renaming over it would replace the device.
    Device(BufWriter<File>),
}

impl Output {
    /// Standard output, or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> io::Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())));
        };
        // A symbolic link stays a link: the file it points to is replaced.
        let target = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
            Err(e) => return Err(e),
        };
        if target.metadata().is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new().write(true).open(&target)?;
            return Ok(Output::Device(BufWriter::with_capacity(1 << 16, file)));
        }
        let temp = Temp::beside(&target)?;
        Ok(Output::File { temp: BufWriter::with_capacity(1 << 16, temp), target })
    }

    /// Write through to the destination.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { temp, .. } => temp,
            Output::Device(w) => w,
        }
    }

    /// Flush and, for a file, move it into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::Device(mut w) => w.flush(),
            Output::File { temp, target } => temp.into_inner().map_err(|e| e.into_error())?.persist(&target),
        }
    }
}
