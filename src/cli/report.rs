//! Messages on standard error and the exit code they add up to.
//!
//! Exit codes: 0 all went well; 1 some input or record was invalid (the others
//! were still processed); 2 usage or I/O error.

use std::io;
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
        eprintln!("error: {e}");
        self.raise(Outcome::Invalid)
    }

    /// Count an invalid record reported elsewhere.
    pub fn invalid(&mut self) -> Outcome {
        self.raise(Outcome::Invalid)
    }

    /// A usage error.
    pub fn usage(&mut self, message: &str) -> Outcome {
        eprintln!("error: {message}");
        self.raise(Outcome::Fatal)
    }

    /// An I/O or other fatal error.
    pub fn fatal(&mut self, message: &str) -> Outcome {
        eprintln!("error: {message}");
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
