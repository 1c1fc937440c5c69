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
        let (shown, col) = window(text.trim_end_matches(['\r', '\n']), c);
        let before: String =
            shown.chars().take(col.saturating_sub(1)).map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect();
        let width = token_width(shown.chars().skip(col.saturating_sub(1)))
            .min(shown.chars().count() + 1 - col.min(shown.chars().count()));
        let _ = writeln!(s, "{pad} |");
        let _ = writeln!(s, "{l} | {shown}");
        let _ = writeln!(s, "{pad} | {before}{}", "^".repeat(width.max(1)));
    }
    if !d.path.is_empty() {
        let _ = writeln!(s, "{pad} = path: {}", d.path);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(s, "{pad} = help: {h}");
    }
    s
}

/// A long line (a JSON Lines record) cut to a window around column `c`, with the
/// column inside the window.
fn window(line: &str, c: usize) -> (String, usize) {
    const BEFORE: usize = 40;
    const WIDTH: usize = 140;
    let len = line.chars().count();
    if len <= WIDTH {
        return (line.to_string(), c);
    }
    let start = c.saturating_sub(1).saturating_sub(BEFORE);
    let end = (start + WIDTH).min(len);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut col = c - start;
    if start > 0 {
        shown.insert_str(0, "...");
        col += 3;
    }
    if end < len {
        shown.push_str("...");
    }
    (shown, col)
}

/// The width of the token starting here: a whole JSON string, or a bare word.
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
    // A bare word; an XML attribute (`type="x y"`) runs to its closing quote.
    let (mut n, mut last, mut quote) = (1, first, None);
    for ch in rest {
        match quote {
            Some(q) if ch == q => return n + 1,
            Some(_) => {}
            None if matches!(ch, ',' | '}' | ']' | ' ' | '\t') => return n,
            None if last == '=' && matches!(ch, '"' | '\'') => quote = Some(ch),
            None => {}
        }
        n += 1;
        last = ch;
    }
    n
}

/// One diagnostic as a compact JSON object (stable field names).
pub fn json(d: &Diagnostic) -> String {
    serde_json::to_string(d).expect("diagnostics serialise")
}
