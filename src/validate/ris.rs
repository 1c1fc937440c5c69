//! RIS records: the tags and types of the RIS specification, records without
//! their `ER`, years and URLs, each at its tag line; and the tag lines the
//! model rules point at.
//!
//! A pass of its own over the lines; the reader `convert` uses is unchanged.
//! A record without its `ER` is closed here before the reader reads it, so that
//! the rules on the model run on it too.

use super::Finding;
use crate::error::Position;
use crate::model::Record;

/// The tags of the RIS specification (Research Information Systems, 2011).
const TAGS: &[&str] = &[
    "TY", "A1", "A2", "A3", "A4", "AB", "AD", "AN", "AU", "AV", "BT", "C1", "C2", "C3", "C4", "C5", "C6",
    "C7", "C8", "CA", "CN", "CP", "CT", "CY", "DA", "DB", "DI", "DO", "DP", "ED", "EP", "ET", "ID", "IS",
    "J1", "J2", "JA", "JF", "JO", "KW", "L1", "L2", "L3", "L4", "LA", "LB", "LK", "M1", "M2", "M3", "N1",
    "N2", "NV", "OP", "PB", "PP", "PY", "RI", "RN", "RP", "SE", "SN", "SP", "ST", "T1", "T2", "T3", "TA",
    "TI", "TT", "U1", "U2", "U3", "U4", "U5", "UR", "VL", "VO", "Y1", "Y2", "ER",
];

/// One record's tag lines: tag, line, column of the value.
pub struct Entry {
    lines: Vec<(String, usize, usize)>,
    /// Rule findings with their places.
    pub found: Vec<(Finding, Position)>,
}

impl Entry {
    /// Where a finding's path (`/AV`) lies: its first tag line's value; the `TY` line otherwise.
    pub fn position(&self, path: &str) -> Position {
        let tag = path.trim_start_matches('/');
        let (_, line, column) = self.lines.iter().find(|(t, _, _)| t == tag).unwrap_or(&self.lines[0]);
        Position { line: *line, column: *column }
    }

    fn has(&self, tag: &str) -> bool {
        self.lines.iter().any(|(t, _, _)| t == tag)
    }
}

/// The records of a RIS text with the findings of the format's rules, and
/// the text with every unclosed record closed, for the reader.
pub fn scan(text: &str) -> (Vec<Entry>, String, Vec<usize>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut open = false;
    let mut repaired = String::with_capacity(text.len() + 16);
    // Lines of the repaired text that were added (1-based).
    let mut added = Vec::new();
    let mut out_line = 0;
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line_no = i + 1;
        let tagged = crate::formats::ris::tag_line(raw.trim_end());
        if let (Some(("TY", _)), true) = (tagged, open) {
            close(entries.last_mut(), line_no);
            repaired.push_str("ER  - \n");
            out_line += 1;
            added.push(out_line);
        }
        out_line += 1;
        let Some((tag, value)) = tagged else {
            repaired.push_str(raw);
            repaired.push('\n');
            continue;
        };
        // The value is a slice of the line: its offset gives its column.
        let offset = (value.as_ptr() as usize).saturating_sub(raw.as_ptr() as usize).min(raw.len());
        let column = raw[..offset].chars().count() + 1;
        match tag {
            "TY" => {
                open = true;
                let mut entry = Entry { lines: Vec::new(), found: Vec::new() };
                ty(value, line_no, column, &mut entry.found);
                entries.push(entry);
            }
            "ER" => open = false,
            _ => {}
        }
        let Some(entry) = entries.last_mut().filter(|_| open || tag == "ER") else {
            repaired.push_str(raw);
            repaired.push('\n');
            continue;
        };
        entry.lines.push((tag.to_string(), line_no, column));
        let at = Position { line: line_no, column };
        if !TAGS.contains(&tag) {
            entry.found.push((
                Finding::warning("unknown-tag", format!("/{tag}"), format!("`{tag}` is no tag of the RIS specification"))
                    .help("reference managers may drop it; use a tag of the specification (N1 for a note, C1-C8 for custom fields)"),
                Position { line: line_no, column: 1 },
            ));
        }
        value_rules(tag, value, at, &mut entry.found);
        // A date the reader would refuse the record for is left out (a blank
        // line keeps the line numbers), so that the rest is read and checked.
        if !entry.found.last().is_some_and(|(f, p)| f.code == "date-invalid" && p.line == line_no) {
            repaired.push_str(raw);
        }
        repaired.push('\n');
    }
    if open {
        close(entries.last_mut(), 0);
        repaired.push_str("ER  - \n");
        out_line += 1;
        added.push(out_line);
    }
    (entries, repaired, added)
}

/// A record without its `ER`: `next` is the line of the record after it (0: the end).
fn close(entry: Option<&mut Entry>, next: usize) {
    let Some(entry) = entry else { return };
    let ty_line = entry.lines.first().map_or(1, |l| l.1);
    let message = match next {
        0 => "the record has no `ER  - `: the input ends first".to_string(),
        n => format!("the record has no `ER  - `: line {n} starts another record"),
    };
    entry.found.push((
        Finding::error("missing-er", "/TY", message).help("end each record with a line `ER  - `"),
        Position { line: ty_line, column: 1 },
    ));
}

fn ty(value: &str, line: usize, column: usize, out: &mut Vec<(Finding, Position)>) {
    let known = crate::model::READ_RIS.iter().any(|(t, _)| *t == value);
    if !known {
        out.push((
            Finding::warning("unknown-type", "/TY", format!("`{value}` is no reference type of the RIS specification"))
                .help("use a RIS type: JOUR, BOOK, CHAP, RPRT, THES, MANSCPT, ELEC, GEN, ... (docs/work-types.md lists them)"),
            Position { line, column },
        ));
    }
}

fn value_rules(tag: &str, value: &str, at: Position, out: &mut Vec<(Finding, Position)>) {
    match tag {
        "UR" | "L1" | "L2" | "L3" | "L4" | "LK" => {
            let bad = value
                .split(';')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .find(|u| url::Url::parse(u).is_err());
            if let (Some(u), "UR") = (bad, tag) {
                out.push((
                    Finding::error("url-malformed", "/UR", format!("`{u}` is not an absolute URL"))
                        .help("write an absolute URL with its scheme, e.g. https://example.org/document/123"),
                    at,
                ));
            }
        }
        "PY" | "Y1" | "DA" | "Y2" => {
            if let Some(problem) = ris_date(value) {
                // No year first is a date some readers still make sense of; no such day is no date.
                let severity = match problem {
                    NO_YEAR => super::Severity::Warning,
                    _ => super::Severity::Error,
                };
                out.push((
                    Finding::new("date-invalid", severity, format!("/{tag}"), format!("`{value}` {problem}"))
                        .help(
                            "write the year as four digits (PY  - 1969), or YYYY/MM/DD/ (DA  - 1969/04/14/)",
                        ),
                    at,
                ));
            }
        }
        _ => {}
    }
}

const NO_YEAR: &str = "does not start with a four-digit year";

/// What is wrong with a RIS date `YYYY/MM/DD/other`, if anything.
fn ris_date(value: &str) -> Option<&'static str> {
    let mut parts = value.split('/');
    let year = parts.next().unwrap_or_default().trim();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Some(NO_YEAR);
    }
    let number = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(|s| s.parse::<u32>().ok());
    let (month, day) = (number(parts.next()), number(parts.next()));
    match (month, day) {
        (Some(None), _) | (_, Some(None)) => Some("has a month or day that is no number"),
        (Some(Some(m)), _) if !(1..=12).contains(&m) => Some("names no month"),
        (Some(Some(m)), Some(Some(d))) => {
            let y = year.parse().unwrap_or(2000);
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .is_none()
                .then_some("names a day the month does not have")
        }
        _ => None,
    }
}

/// The tag a model finding's field was read from (`/AV` for a backwards leaf
/// range); `""` (the `TY` line) when the record has none.
pub fn tag_pointer(model: &str, record: &Record, entry: &Entry) -> String {
    let mut steps = model.split('/').skip(1);
    let (first, second, third) = (steps.next().unwrap_or_default(), steps.next(), steps.next());
    let tags: &[&str] = match first {
        "title" | "subtitle" => &["TI", "T1"],
        "date" => &["DA", "PY", "Y1"],
        "key" => &["ID"],
        "languages" => &["LA"],
        "summary" => &["AB", "N2"],
        "container" => &["T2", "JO", "JF", "JA"],
        "document_type" => &["M3"],
        "notes" => &["N1"],
        "references" if third == Some("repository") => &["PB"],
        "references" => &["AV"],
        "publication" if second == Some("record_id") => &["AN"],
        "publication" => &["UR", "DB"],
        "agents" => {
            let agent = second.and_then(|i| i.parse::<usize>().ok()).and_then(|i| record.agents.get(i));
            match agent.map(|a| a.role.as_str()) {
                Some("translator") => &["A4"],
                Some("editor") => &["ED", "A2"],
                _ => &["AU", "A1"],
            }
        }
        "extra" => {
            let extra = second.and_then(|i| i.parse::<usize>().ok()).and_then(|i| record.extra.get(i));
            return extra
                .filter(|e| entry.has(e.field.as_str()))
                .map_or_else(String::new, |e| format!("/{}", e.field));
        }
        _ => &[],
    };
    tags.iter().find(|t| entry.has(t)).map_or_else(String::new, |t| format!("/{t}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_types_dates_and_unclosed_records_at_their_lines() {
        let text = "TY  - JOURNAL\nTI  - A\nPY  - 69\nXX  - x\nTY  - BOOK\nTI  - B\nER  - \n";
        let (entries, repaired, added) = scan(text);
        let found: Vec<(&str, usize, usize)> =
            entries.iter().flat_map(|e| &e.found).map(|(f, p)| (f.code, p.line, p.column)).collect();
        assert_eq!(
            found,
            vec![("unknown-type", 1, 7), ("date-invalid", 3, 7), ("unknown-tag", 4, 1), ("missing-er", 1, 1)]
        );
        assert_eq!(added, vec![5]);
        assert_eq!(repaired.lines().nth(4), Some("ER  - "));
        assert_eq!(ris_date("1969/02/30/"), Some("names a day the month does not have"));
        assert_eq!(ris_date("1969///"), None);
    }
}
