//! Notes that the document text marks clearly: stamps, copy numbers,
//! distribution lists, annotations and classification lines.
//!
//! Only what the text itself flags is taken, and taken verbatim (the text keeps
//! it too): a bracketed paragraph that says it is a stamp or a handwritten note,
//! a "Copy Nº 2" line, a numbered list "1 – Cde. X / 2 – Cde. Y" or a
//! "Distribution:" paragraph, a line that is only a classification ("Top
//! Secret"). Nothing is inferred from running prose.

use crate::model::NoteKind;

/// Classifications a line may consist of, lower case.
const CLASSIFICATIONS: &[&str] = &[
    "top secret",
    "secret",
    "strictly secret",
    "confidential",
    "strictly confidential",
    "for official use only",
    "restricted",
    "unclassified",
    "top secret – special importance",
    "top secret - special importance",
];

/// The notes the normalised document `text` marks, in text order.
pub fn text_notes(text: &str) -> Vec<(NoteKind, String)> {
    let mut notes = Vec::new();
    for paragraph in text.split("\n\n") {
        if let Some(kind) = bracketed_kind(paragraph) {
            notes.push((kind, paragraph.trim().to_string()));
            continue;
        }
        let lower = paragraph.trim_start().to_lowercase();
        if lower.starts_with("distribution:") || lower.starts_with("distributed to:") {
            notes.push((NoteKind::Distribution, paragraph.trim().to_string()));
            continue;
        }
        line_notes(paragraph, &mut notes);
    }
    notes
}

/// A paragraph in brackets that calls itself a stamp or a handwritten note.
fn bracketed_kind(paragraph: &str) -> Option<NoteKind> {
    let p = paragraph.trim();
    let closed = p.ends_with(']') || p.ends_with("].");
    if !p.starts_with('[') || !closed {
        return None;
    }
    let lower = p.to_lowercase();
    if lower.contains("stamp") {
        Some(NoteKind::Stamp)
    } else if lower.starts_with("[handwritten") || lower.starts_with("[handwriting") {
        Some(NoteKind::Annotation)
    } else {
        None
    }
}

fn line_notes(paragraph: &str, notes: &mut Vec<(NoteKind, String)>) {
    let lines: Vec<&str> = paragraph.lines().map(str::trim).collect();
    let mut i = 0;
    while i < lines.len() {
        let run = numbered_run(&lines[i..]);
        if run >= 2 {
            notes.push((NoteKind::Distribution, lines[i..i + run].join("\n")));
            i += run;
            continue;
        }
        if is_copy_number(lines[i]) {
            notes.push((NoteKind::CopyNumber, lines[i].to_string()));
        } else if is_classification(lines[i]) {
            notes.push((NoteKind::Classification, lines[i].to_string()));
        }
        i += 1;
    }
}

/// How many lines from the start read "1 – ...", "2 – ...", ... in sequence.
fn numbered_run(lines: &[&str]) -> usize {
    lines.iter().enumerate().take_while(|(i, line)| list_number(line) == Some(i + 1)).count()
}

fn list_number(line: &str) -> Option<usize> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    let rest = line[digits.len()..].trim_start();
    let rest = rest.strip_prefix(['–', '—', '-'])?;
    (rest.starts_with(' ') && !rest.trim().is_empty()).then(|| digits.parse().ok())?
}

/// "Copy Nº 2", "Copy No. 1", "Copy # 3", "Copy 2 of 5".
fn is_copy_number(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("Copy ").or_else(|| line.strip_prefix("COPY ")) else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = ["Nº", "N°", "No.", "No", "NO.", "#", "№"]
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest)
        .trim()
        .trim_end_matches('.');
    let (number, of) = match rest.split_once(" of ") {
        Some((n, total)) => (n.trim(), Some(total.trim())),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(number) && of.is_none_or(digits)
}

pub fn is_classification(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c == '[' || c == ']' || c == '(' || c == ')' || c == '.').trim();
    CLASSIFICATIONS.contains(&t.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_marked_notes_only() {
        let text =
            "[CPSU CC stamp;\n12 JUNE 1969]\n\nCopy Nº 2\n\nTOP SECRET\n\nHe said the stamp was fine.\n\n\
                    [N. Sudarikov]\n\n1 – Cde. V. V. Kuznetsov\n2 – Cde. K. V. Rusakov\n10 June 1969 Nº 362";
        let notes = text_notes(text);
        assert_eq!(
            notes,
            vec![
                (NoteKind::Stamp, "[CPSU CC stamp;\n12 JUNE 1969]".to_string()),
                (NoteKind::CopyNumber, "Copy Nº 2".to_string()),
                (NoteKind::Classification, "TOP SECRET".to_string()),
                (NoteKind::Distribution, "1 – Cde. V. V. Kuznetsov\n2 – Cde. K. V. Rusakov".to_string()),
            ]
        );
    }

    #[test]
    fn a_single_numbered_point_is_not_a_list() {
        assert!(text_notes("1 – the first point of the talks.\n\nCopy of the letter").is_empty());
    }
}
