//! MARCXML records: the leader and `008` and how they agree, indicators,
//! non-repeatable fields repeated, a missing `245`, each at its element; and
//! the elements the model rules point at.
//!
//! The rules look at the record element the reader parses anyway; the reader
//! that `convert` uses is unchanged.

use super::Finding;
use crate::error::Position;
use crate::formats::marc::MARC_NS as NS;
use crate::formats::xml::Element;
use crate::model::Record;

/// Fields MARC 21 Bibliographic defines as not repeatable (NR).
const NON_REPEATABLE: &[&str] = &[
    "001", "003", "005", "008", "010", "018", "040", "042", "100", "110", "111", "130", "240", "243", "245",
    "254", "256", "263", "306", "357", "384", "507", "514", "841", "842", "844",
];

/// The indicator values MARC 21 defines for common fields (first, second).
fn indicators(tag: &str) -> Option<(&'static str, &'static str)> {
    Some(match tag {
        "020" | "022" | "500" | "504" | "300" => (" ", " "),
        "041" => (" 01", " 7"),
        "100" | "600" => ("013", if tag == "100" { " " } else { "01234567" }),
        "110" | "610" => ("012", if tag == "110" { " " } else { "01234567" }),
        "245" => ("01", "0123456789"),
        "246" => ("0123", " 012345678"),
        "250" => (" ", " "),
        "260" => (" 23", " "),
        "264" => (" 23", "01234"),
        "520" => (" 012348", " "),
        "650" | "651" => (" 012", "01234567"),
        "700" => ("013", " 2"),
        "710" => ("012", " 2"),
        "856" => (" 012347", " 0128"),
        _ => return None,
    })
}

/// A record's elements by tag, with their offsets in the input.
pub struct Elements {
    /// The record element's offset.
    pub record: usize,
    tags: Vec<(String, usize)>,
}

impl Elements {
    /// The offset of the first element of `path`'s tag (`/245`), or of the record.
    pub fn offset(&self, path: &str) -> usize {
        let tag = path.trim_start_matches('/');
        self.tags.iter().find(|(t, _)| t == tag).map_or(self.record, |(_, o)| *o)
    }

    fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|(t, _)| t == tag)
    }
}

/// Every MARC rule on one record element: findings with byte offsets.
pub fn check(e: &Element) -> (Elements, Vec<(Finding, usize)>) {
    let mut out = Vec::new();
    let mut tags: Vec<(String, usize)> = Vec::new();
    let mut leader = None;
    for child in e.elements() {
        if child.is(NS, "leader") {
            leader = Some((child.text(), child.offset));
            tags.push(("leader".into(), child.offset));
            continue;
        }
        let Some(tag) = child.attr("tag") else { continue };
        if NON_REPEATABLE.contains(&tag) && tags.iter().any(|(t, _)| t == tag) {
            out.push((
                Finding::error(
                    "non-repeatable-repeated",
                    format!("/{tag}"),
                    format!("field {tag} is not repeatable, and appears again"),
                )
                .help(format!("keep one {tag}; MARC 21 defines it as NR (not repeatable)")),
                child.offset,
            ));
        }
        tags.push((tag.to_string(), child.offset));
        if child.is(NS, "datafield") {
            check_indicators(child, tag, &mut out);
        }
        if child.is(NS, "controlfield") && tag == "008" {
            fixed(&child.text(), leader.as_ref().map(|(l, _)| l.as_str()), child.offset, &mut out);
        }
    }
    match &leader {
        Some((text, at)) => check_leader(text, *at, &mut out),
        None => out.push((
            Finding::error("missing-field", "/leader", "the record has no <leader>")
                .help("every MARC record starts with a 24-character leader"),
            e.offset,
        )),
    }
    let elements = Elements { record: e.offset, tags };
    if !elements.has("245") {
        out.push((
            Finding::error("missing-field", "/245", "the record has no 245 (title statement)")
                .help("add a 245 with the title in $a; for an untitled document, a devised title in square brackets (DACS 2.3)"),
            e.offset,
        ));
    }
    (elements, out)
}

fn check_indicators(field: &Element, tag: &str, out: &mut Vec<(Finding, usize)>) {
    for (name, n) in [("ind1", 0), ("ind2", 1)] {
        let value = field.attr(name).unwrap_or(" ");
        let shape_ok = value.chars().count() == 1
            && value.chars().all(|c| c == ' ' || c == '|' || c.is_ascii_digit() || c.is_ascii_lowercase());
        let allowed = indicators(tag).map(|(a, b)| if n == 0 { a } else { b });
        let valid = shape_ok && allowed.is_none_or(|a| a.contains(value));
        if !valid {
            let help = match allowed {
                Some(a) => format!(
                    "{tag} {name} is one of: {}",
                    a.chars()
                        .map(|c| if c == ' ' { "blank".to_string() } else { c.to_string() })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => "an indicator is one character: a digit, a lowercase letter or a blank".to_string(),
            };
            out.push((
                // A warning: catalogues carry local and obsolete values that still import.
                Finding::warning(
                    "indicator-invalid",
                    format!("/{tag}"),
                    format!("{tag} {name} `{value}` is no indicator value of the field"),
                )
                .help(help),
                field.offset,
            ));
        }
    }
}

/// Leader/06 type of record and /07 bibliographic level, and its length.
fn check_leader(leader: &str, at: usize, out: &mut Vec<(Finding, usize)>) {
    let chars: Vec<char> = leader.chars().collect();
    let problem = if chars.len() != 24 {
        Some(format!("the leader has {} characters, not 24", chars.len()))
    } else if !"acdefgijkmoprt".contains(chars[6]) {
        Some(format!("Leader/06 `{}` is no type of record", chars[6]))
    } else if !"abcdims".contains(chars[7]) {
        Some(format!("Leader/07 `{}` is no bibliographic level", chars[7]))
    } else {
        None
    };
    if let Some(message) = problem {
        out.push((
            Finding::error("leader-invalid", "/leader", message)
                .help("a leader is 24 characters: /06 type of record (a, c, d, e, f, g, i, j, k, m, o, p, r, t), /07 level (a, b, c, d, i, m, s)"),
            at,
        ));
    }
}

/// `008`: 40 characters, a date type and dates that agree, and with the
/// leader: a serial (Leader/07 `s`) has a date type of a continuing resource.
fn fixed(f: &str, leader: Option<&str>, at: usize, out: &mut Vec<(Finding, usize)>) {
    let chars: Vec<char> = f.chars().collect();
    let help =
        "008 is 40 characters: /00-05 date entered, /06 type of date, /07-10 date 1, /11-14 date 2, ...";
    if chars.len() != 40 {
        out.push((
            Finding::error(
                "fixed-field-invalid",
                "/008",
                format!("008 has {} characters, not 40", chars.len()),
            )
            .help(help),
            at,
        ));
        return;
    }
    let date1: String = chars[7..11].iter().collect();
    let date_shape = |d: &str| d.chars().all(|c| c.is_ascii_digit() || c == 'u' || c == ' ' || c == '|');
    if !"bcdeikmnpqrstu|".contains(chars[6]) {
        out.push((
            Finding::error(
                "fixed-field-invalid",
                "/008",
                format!("008/06 `{}` is no type of date", chars[6]),
            )
            .help(help),
            at,
        ));
    } else if !date_shape(&date1) {
        out.push((
            Finding::error("fixed-field-invalid", "/008", format!("008/07-10 `{date1}` is no year"))
                .help(help),
            at,
        ));
    } else if "cdeikmpqrst".contains(chars[6]) && date1.trim().is_empty() {
        out.push((
            Finding::error(
                "fixed-field-invalid",
                "/008",
                format!("008/06 `{}` says the record is dated, but 008/07-10 is blank", chars[6]),
            )
            .help(help),
            at,
        ));
    }
    let serial = leader.and_then(|l| l.chars().nth(7)) == Some('s');
    if serial && !"cdu|".contains(chars[6]) {
        out.push((
            Finding::error(
                "leader-008-mismatch",
                "/008",
                format!("Leader/07 `s` is a serial, but 008/06 `{}` is no date type of a serial", chars[6]),
            )
            .help("a serial's 008/06 is c (currently published), d (ceased) or u (unknown)"),
            at,
        ));
    }
}

/// The tag a model finding's field was read from (`/245` for the title).
pub fn tag_pointer(model: &str, record: &Record, elements: &Elements) -> String {
    let mut steps = model.split('/').skip(1);
    let (first, second) = (steps.next().unwrap_or_default(), steps.next());
    let tags: &[&str] = match first {
        "title" | "subtitle" => &["245"],
        "date" => &["008", "264", "260"],
        "key" => &["001"],
        "languages" => &["041", "008"],
        "summary" => &["520"],
        "references" => &["852", "851", "541"],
        "publication" => &["856"],
        "agents" => {
            let agent = second.and_then(|i| i.parse::<usize>().ok()).and_then(|i| record.agents.get(i));
            match agent {
                Some(_) => &["100", "110", "700", "710"],
                None => &[],
            }
        }
        "rights" => &["540", "506"],
        "notes" => &["500"],
        _ => &[],
    };
    tags.iter().find(|t| elements.has(t)).map_or_else(String::new, |t| format!("/{t}"))
}

/// Line starts of a text, for many positions in one input.
pub struct Lines(Vec<usize>);

impl Lines {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The position of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.0.partition_point(|s| *s <= offset).max(1);
        let start = self.0[line - 1];
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        Position { line, column }
    }
}
