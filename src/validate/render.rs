//! Diagnostics for people (rustc style: the line, a caret, the help) and for
//! tools (one JSON object per line).

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// Render one diagnostic for a terminal. `line_text` is the input line it points
/// at, when the input was text.
pub fn human(d: &Diagnostic, line_text: Option<&str>) -> String {
    let mut s = String::new();
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let _ = writeln!(s, "{label}[{}]: {}", d.code, d.message);
    let mut place = d.source.clone();
    if let (Some(l), Some(c)) = (d.line, d.column) {
        let _ = write!(place, ":{l}:{c}");
    }
    if let Some(n) = d.record {
        let _ = write!(place, " (record {n})");
    }
    let gutter = d.line.map_or(1, |l| l.to_string().len());
    let pad = " ".repeat(gutter);
    let _ = writeln!(s, "{pad}--> {place}");
    if let (Some(l), Some(c), Some(text)) = (d.line, d.column, line_text) {
        let shown = text.trim_end_matches(['\r', '\n']);
        let before: String =
            shown.chars().take(c.saturating_sub(1)).map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect();
        let width = token_width(shown.chars().skip(c.saturating_sub(1)));
        let _ = writeln!(s, "{pad} |");
        let _ = writeln!(s, "{l} | {shown}");
        let _ = writeln!(s, "{pad} | {before}{}", "^".repeat(width));
    }
    if !d.path.is_empty() {
        let _ = writeln!(s, "{pad} = path: {}", d.path);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(s, "{pad} = help: {h}");
    }
    s
}

/// The width of the JSON token starting here: a whole string, or a bare word.
fn token_width(mut rest: impl Iterator<Item = char>) -> usize {
    let Some(first) = rest.next() else { return 1 };
    if first == '"' {
        let mut n = 1;
        let mut escaped = false;
        for ch in rest {
            n += 1;
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => return n,
                _ => {}
            }
        }
        return n;
    }
    if matches!(first, '{' | '[') {
        return 1;
    }
    1 + rest.take_while(|c| !matches!(c, ',' | '}' | ']' | ' ' | '\t')).count()
}

/// One diagnostic as a compact JSON object (stable field names).
pub fn json(d: &Diagnostic) -> String {
    serde_json::to_string(d).expect("diagnostics serialise")
}
