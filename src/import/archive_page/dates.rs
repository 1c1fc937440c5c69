//! Dates as record pages write them, read into EDTF.
//!
//! Pages write "April 14, 1969", "April 1969", "1969", "c. 1969", "14 April 1969",
//! "1969-04-14", and ranges of any of these ("April 14, 1969 - May 2, 1969",
//! "1969-1970", "April 14-16, 1969"). Anything else is `None`: the caller keeps it
//! as written instead of guessing.

use crate::model::{Certainty, EdtfDate, PartialDate};

use crate::model::MONTH_NAMES as MONTHS;

/// Read a whole date phrase; `None` unless all of it is understood.
pub fn parse_date(text: &str) -> Option<EdtfDate> {
    let t = normalise(text);
    if t.is_empty() {
        return None;
    }
    if let Some(d) = parse_single(&t) {
        return Some(EdtfDate::Single(d));
    }
    parse_range(&t)
}

/// Collapse whitespace (no-break spaces included), drop brackets and a final period.
fn normalise(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_matches(|c| c == '[' || c == ']').trim_end_matches('.').trim();
    t.replace(['–', '—'], "-")
}

fn parse_range(t: &str) -> Option<EdtfDate> {
    for sep in [" - ", " to ", "/", "-"] {
        let mut split = t.match_indices(sep).map(|(i, _)| i).collect::<Vec<_>>();
        // With a bare hyphen, try each position: "1969-04-14" is not a range.
        split.reverse();
        for i in split {
            let (a, b) = (t[..i].trim(), t[i + sep.len()..].trim());
            if let Some(range) = range_of(a, b) {
                return Some(range);
            }
        }
    }
    None
}

/// Both ends of a range; the start may borrow month and year from the end
/// ("April 14-16, 1969", "April - June 1969").
fn range_of(a: &str, b: &str) -> Option<EdtfDate> {
    let end = parse_single(b).or_else(|| day_year_after_month_day(a, b))?;
    let start = parse_single(a).or_else(|| borrow_from_end(a, &end))?;
    let key = |d: &PartialDate| (d.year(), d.month().unwrap_or(1), d.day().unwrap_or(1));
    if key(&start) > key(&end) {
        return None;
    }
    Some(EdtfDate::Interval(Some(start), Some(end)))
}

/// The end of "April 14-16, 1969": "16, 1969" takes its month from "April 14".
fn day_year_after_month_day(a: &str, b: &str) -> Option<PartialDate> {
    let start: Vec<&str> = a.split(' ').collect();
    let end: Vec<&str> = b.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match (start.as_slice(), end.as_slice()) {
        ([m, _], [d, y]) => PartialDate::new(year(y)?, Some(month(m)?), Some(day(d)?), Certainty::Exact).ok(),
        _ => None,
    }
}

fn borrow_from_end(a: &str, end: &PartialDate) -> Option<PartialDate> {
    let words: Vec<&str> = a.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [m, d] if month(m).is_some() => {
            PartialDate::new(end.year(), month(m), Some(day(d)?), Certainty::Exact).ok()
        }
        [d, m] if month(m).is_some() => {
            PartialDate::new(end.year(), month(m), Some(day(d)?), Certainty::Exact).ok()
        }
        [m] if month(m).is_some() => PartialDate::new(end.year(), month(m), None, Certainty::Exact).ok(),
        [d] if end.month().is_some() => {
            PartialDate::new(end.year(), end.month(), Some(day(d)?), Certainty::Exact).ok()
        }
        _ => None,
    }
}

/// One date, optionally "c."/"ca."/"circa"/"approximately" or ending in "?".
fn parse_single(t: &str) -> Option<PartialDate> {
    let lower = t.to_lowercase();
    let mut certainty = Certainty::Exact;
    let mut body = lower.as_str();
    for prefix in ["circa ", "ca. ", "ca ", "c. ", "c.", "approximately ", "approx. ", "about "] {
        if let Some(rest) = body.strip_prefix(prefix) {
            body = rest.trim();
            certainty = Certainty::Approximate;
            break;
        }
    }
    if let Some(rest) = body.strip_suffix('?') {
        body = rest.trim();
        certainty =
            if certainty.is_approximate() { Certainty::ApproximateUncertain } else { Certainty::Uncertain };
    }
    let date = parse_plain(body)?;
    Some(date.with_certainty(certainty))
}

fn parse_plain(t: &str) -> Option<PartialDate> {
    if let Ok(d) = t.parse::<PartialDate>() {
        return Some(d);
    }
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let exact =
        |y: &str, m: Option<u8>, d: Option<u8>| PartialDate::new(year(y)?, m, d, Certainty::Exact).ok();
    match words.as_slice() {
        [y] => exact(y, None, None),
        [m, y] => exact(y, Some(month(m)?), None),
        [m, d, y] if month(m).is_some() => exact(y, month(m), Some(day(d)?)),
        [d, m, y] => exact(y, Some(month(m)?), Some(day(d)?)),
        _ => None,
    }
}

fn year(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse().ok())?
}

fn day(w: &str) -> Option<u8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | ".") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn month(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    // Full names and abbreviations of three letters or more ("Sept.", "Jun").
    let i = MONTHS.iter().position(|m| m.starts_with(w.as_str()))?;
    Some(i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    fn edtf(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_the_forms_pages_use() {
        let cases = [
            ("April 14, 1969", "1969-04-14"),
            ("April 1969", "1969-04"),
            ("1969", "1969"),
            ("c. 1969", "1969~"),
            ("circa April 1969", "1969-04~"),
            ("14 April 1969", "1969-04-14"),
            ("1969-04-14", "1969-04-14"),
            ("Sept. 3, 1955", "1955-09-03"),
            ("April 14th, 1969", "1969-04-14"),
            ("1969?", "1969?"),
            ("1969-1970", "1969/1970"),
            ("April 14, 1969 - May 2, 1969", "1969-04-14/1969-05-02"),
            ("April 14-16, 1969", "1969-04-14/1969-04-16"),
            ("April - June 1969", "1969-04/1969-06"),
            ("February 26, 1955", "1955-02-26"),
            ("2011-11-20", "2011-11-20"),
        ];
        for (text, want) in cases {
            assert_eq!(edtf(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in
            ["", "Memorandum of Conversation", "Record ID", "110296", "Spring 1969", "1970-1969", "May"]
        {
            assert_eq!(edtf(text), None, "{text}");
        }
    }
}
