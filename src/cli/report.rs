//! Messages on standard error and the exit code they add up to.
//!
//! Exit codes: 0 all went well; 1 some input or record was invalid (the others
//! were still processed), or there was no record at all; 2 usage or I/O error.
//!
//! Nothing here panics when standard error is closed (`archcite ... 2>&1 | head -1`):
//! a message nobody can read is dropped where `eprintln!` would panic.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use archcite::error::RecordError;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything was processed.
    Ok = 0,
    /// Some input was invalid.
    Invalid = 1,
    /// Usage or I/O error.
    Fatal = 2,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(o as u8)
    }
}

/// Print one line on standard error, ignoring a closed or failing stderr: there
/// is nowhere left to report that, and the exit code still tells how the run went.
pub fn stderr_line(message: impl Display) {
    // One write per line, so lines of the reading and writing threads never interleave.
    let line = format!("{message}\n");
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Prints problems and keeps the worst outcome.
pub struct Reporter {
    worst: Outcome,
}

impl Reporter {
    /// A reporter writing to standard error.
    pub fn stderr() -> Self {
        Reporter { worst: Outcome::Ok }
    }

    fn raise(&mut self, o: Outcome) -> Outcome {
        self.worst = self.worst.max(o);
        self.worst
    }

    /// An invalid record or input.
    pub fn record_error(&mut self, e: &RecordError) -> Outcome {
        stderr_line(format_args!("error: {e}"));
        self.raise(Outcome::Invalid)
    }

    /// Count an invalid record reported elsewhere.
    pub fn invalid(&mut self) -> Outcome {
        self.raise(Outcome::Invalid)
    }

    /// A usage error.
    pub fn usage(&mut self, message: &str) -> Outcome {
        stderr_line(format_args!("error: {message}"));
        self.raise(Outcome::Fatal)
    }

    /// An I/O or other fatal error.
    pub fn fatal(&mut self, message: &str) -> Outcome {
        stderr_line(format_args!("error: {message}"));
        self.raise(Outcome::Fatal)
    }

    /// An output error; a closed pipe (`archcite ... | head`) is not one.
    pub fn io_error(&mut self, e: io::Error) -> Outcome {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return self.worst;
        }
        self.fatal(&format!("cannot write the output: {e}"))
    }

    /// The exit outcome so far.
    pub fn outcome(&self) -> Outcome {
        self.worst
    }
}
