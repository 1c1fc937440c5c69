//! The command-line interface: arguments, dispatch and exit codes.

pub mod cite;
pub mod convert;
pub mod harvest;
pub mod inputs;
pub mod io;
pub mod oai;
pub mod refcmd;
pub mod report;
pub mod serve;
pub mod split;
pub mod store;
pub mod tempfiles;
pub mod validate;

use clap::{CommandFactory, Parser, Subcommand};

pub use report::Outcome;

/// archcite: archival provenance, captured once, written as citations and
/// catalogue records.
#[derive(Parser, Debug)]
#[command(name = "archcite", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Add the archives in FILE (tab-separated, in the columns of the built-in
    /// data/archives.tsv) to the registry.
    #[arg(long, global = true, value_name = "FILE")]
    registry: Option<std::path::PathBuf>,
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
    /// Keep records for OAI-PMH harvesting: a record store on an embedded database.
    Store {
        #[command(subcommand)]
        command: store::StoreCommand,
    },
    /// Publish a record store over OAI-PMH 2.0 for harvesters.
    Serve(serve::ServeArgs),
    /// Harvest records from an OAI-PMH repository, incrementally.
    Harvest(harvest::HarvestArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Parse the arguments and run the command.
pub fn main() -> Outcome {
    let cli = Cli::parse();
    if let Some(path) = &cli.registry {
        let added = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| archcite::registry::extend(&text));
        if let Err(e) = added {
            return report::Reporter::stderr()
                .fatal(&format!("cannot read the registry {}: {e}", path.display()));
        }
    }
    match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Cite(args) => cite::run(args),
        Command::Ref { command } => refcmd::run(command),
        Command::Store { command } => store::run(command),
        Command::Serve(args) => serve::run(args),
        Command::Harvest(args) => harvest::run(args),
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
