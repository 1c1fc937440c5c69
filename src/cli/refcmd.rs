//! `archcite ref`: parse provenance lines into references and credits, or
//! format them in a chosen convention.

use super::report::{stderr_line, Outcome, Reporter};
use std::io::{BufRead, Write};

use serde_json::{json, Value};

use archcite::model::ArchivalReference;
use archcite::refparse::{parse_line, render, ParsedLine, RenderStyle};

/// The `ref` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum RefCommand {
    /// Parse reference lines into archives, levels and credits.
    Parse {
        /// Print JSON (one object per line; JSON Lines when several).
        #[arg(long)]
        json: bool,
        /// Lines to parse; none or "-" reads standard input.
        lines: Vec<String>,
    },
    /// Rewrite the references of each line in one convention.
    Format {
        /// The convention.
        #[arg(long, value_enum, default_value = "full")]
        style: RenderStyle,
        /// Lines to format; none or "-" reads standard input.
        lines: Vec<String>,
    },
}

/// Turns one parsed line into its output text.
type Emit = Box<dyn Fn(&ParsedLine) -> String>;

/// Run a `ref` subcommand. Unparsed text is a warning, not a failure.
pub fn run(cmd: RefCommand) -> Outcome {
    let (lines, emit): (Vec<String>, Emit) = match cmd {
        RefCommand::Parse { json, lines } => {
            let emit: Box<dyn Fn(&ParsedLine) -> String> =
                if json { Box::new(|p| to_json(p).to_string()) } else { Box::new(summary) };
            (lines, emit)
        }
        RefCommand::Format { style, lines } => (lines, Box::new(move |p| format_line(p, style))),
    };
    let lines = match input_lines(lines) {
        Ok(l) => l,
        Err(e) => {
            return Reporter::stderr().fatal(&format!("cannot read standard input: {e}"));
        }
    };
    let mut out = std::io::stdout().lock();
    for (n, line) in lines.iter().enumerate() {
        let parsed = parse_line(line);
        if !parsed.unparsed.is_empty() {
            stderr_line(format_args!("warning: line {}: unparsed text: \"{}\"", n + 1, parsed.unparsed));
        }
        if let Err(e) = writeln!(out, "{}", emit(&parsed)) {
            // A closed pipe: the reader has what it wants.
            return Reporter::stderr().io_error(e);
        }
    }
    Outcome::Ok
}

/// The lines from the arguments, or from standard input for none or "-".
fn input_lines(args: Vec<String>) -> std::io::Result<Vec<String>> {
    if !args.is_empty() && args.iter().all(|a| a != "-") {
        return Ok(args);
    }
    let mut out = Vec::new();
    for a in args.iter().filter(|a| *a != "-") {
        out.push(a.clone());
    }
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(line);
        }
    }
    Ok(out)
}

/// The JSON shape of the issue: input, references, credits, unparsed.
pub fn to_json(p: &ParsedLine) -> Value {
    json!({
        "input": p.input,
        "references": p.references.iter().map(reference_json).collect::<Vec<_>>(),
        "credits": p.credits.iter().map(|c| json!({
            "role": c.role.as_str(),
            "name": c.name,
            "on_behalf_of": c.on_behalf_of,
        })).collect::<Vec<_>>(),
        "notes": p.notes,
        "unparsed": p.unparsed,
    })
}

fn reference_json(r: &ArchivalReference) -> Value {
    json!({
        "repository": r.repository.as_ref().map(|repo| json!({
            "abbreviation": repo.abbreviation.as_deref(),
            "name": repo.name.as_deref(),
            "known": repo.known,
        })),
        "levels": r.levels.iter().map(|l| json!({"kind": l.kind.as_str(), "value": l.value.as_str()})).collect::<Vec<_>>(),
        "raw": r.raw.as_deref(),
    })
}

/// A readable summary: one block per line.
fn summary(p: &ParsedLine) -> String {
    let mut s = format!("{}\n", p.input);
    for r in &p.references {
        let repo = r.repository.as_ref().map_or("(archive not named)", |x| x.label());
        let unknown =
            if r.repository.as_ref().is_some_and(|x| !x.known) { " (not in the registry)" } else { "" };
        s.push_str(&format!("  reference: {repo}{unknown}\n"));
        for l in &r.levels {
            s.push_str(&format!("    {:<20} {}\n", l.kind.as_str(), l.value));
        }
    }
    for c in &p.credits {
        let org = c.on_behalf_of.as_deref().map(|o| format!(" (for {o})")).unwrap_or_default();
        s.push_str(&format!("  {}: {}{org}\n", c.role.label(), c.name));
    }
    for n in &p.notes {
        s.push_str(&format!("  note: {n}\n"));
    }
    for src in &p.published_sources {
        s.push_str(&format!("  published in: {src}\n"));
    }
    if !p.unparsed.is_empty() {
        s.push_str(&format!("  unparsed: {}\n", p.unparsed));
    }
    s.trim_end().to_string()
}

/// The line's references rendered in `style`, separated by "; ".
fn format_line(p: &ParsedLine, style: RenderStyle) -> String {
    p.references.iter().map(|r| render(r, style)).collect::<Vec<_>>().join("; ")
}
