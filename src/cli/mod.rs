//! The command-line interface: arguments, dispatch and exit codes.

pub mod cite;
pub mod convert;
pub mod inputs;
pub mod io;
pub mod refcmd;
pub mod report;
pub mod split;
pub mod tempfiles;
pub mod validate;

use clap::{CommandFactory, Parser, Subcommand};

pub use report::Outcome;

/// archcite: archival provenance, captured once, written as citations and
/// catalogue records.
#[derive(Parser, Debug)]
#[command(name = "archcite", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert records between formats.
    Convert(convert::ConvertArgs),
    /// Check records and report every problem with its place and a fix.
    Validate(validate::ValidateArgs),
    /// Print one formatted citation per record in a CSL style.
    Cite(cite::CiteArgs),
    /// Parse and render archival reference and provenance lines.
    Ref {
        #[command(subcommand)]
        command: refcmd::RefCommand,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Parse the arguments and run the command.
pub fn main() -> Outcome {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Cite(args) => cite::run(args),
        Command::Ref { command } => refcmd::run(command),
        Command::Completions { shell } => {
            // Rendered first: clap_complete panics on a write error such as a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "archcite", &mut script);
            match std::io::Write::write_all(&mut std::io::stdout().lock(), &script) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    report::Reporter::stderr().fatal(&format!("cannot write the output: {e}"))
                }
                _ => Outcome::Ok,
            }
        }
    }
}
