//! Line-level helpers: the page as lines, blocks of lines, and the text
//! normalisation records use.

use std::ops::Range;

/// The page split into lines: byte-order mark dropped, Windows and old Mac line
/// ends read as `\n`.
pub fn page_lines(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n').map(str::to_string).collect()
}

/// The line with every run of whitespace (no-break spaces included) made one
/// space and both ends trimmed: the form labels and names are compared in.
pub fn clean(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the line has nothing but whitespace.
pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The blocks (runs of non-blank lines) inside `range`, as line ranges.
pub fn blocks(lines: &[String], range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in range.clone() {
        match (is_blank(&lines[i]), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

/// The text of `lines` as records hold it: each line right-trimmed, runs of
/// blank lines made one blank line, the whole trimmed.
pub fn normalise_text<'a>(lines: impl IntoIterator<Item = &'a String>) -> String {
    let mut out = String::new();
    let mut blank_run = false;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if blank_run {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank_run = false;
        out.push_str(line);
    }
    out
}

/// The lines of `range` joined by single spaces (a source line wrapped by the browser).
pub fn joined(lines: &[String], range: Range<usize>) -> String {
    clean(&lines[range].join(" "))
}

/// True when the text has letters and none of them is lower case.
pub fn is_all_caps(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// Lower case letters and digits only: for comparing two forms of one title.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_normalisation_collapses_blank_runs() {
        let lines = page_lines("\r\n  a  \r\n\r\n\r\n b\u{a0}\u{a0}\r\nc\r\n\r\n");
        assert_eq!(normalise_text(&lines), "  a\n\n b\nc");
    }

    #[test]
    fn blocks_are_runs_of_non_blank_lines() {
        let lines = page_lines("a\nb\n\n\nc\n");
        assert_eq!(blocks(&lines, 0..lines.len()), vec![0..2, 4..5]);
    }
}
