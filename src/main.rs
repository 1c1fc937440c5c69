//! The `archcite` binary: a thin shell over the library.

// RecordError carries the place and help of a message; see the library's note.
#![allow(clippy::result_large_err)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main().into()
}
