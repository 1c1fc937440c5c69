//! What the rules of the XML formats share: where a finding points (an
//! element or one of its attributes), the dates the schemas constrain
//! (W3CDTF, ISO 8601, EDTF, MARC's, XML Schema's), URLs and language codes,
//! and a record read again without the values its reader refuses, so that
//! the model rules run on the rest.

use super::Finding;
use crate::formats::xml::{Element, Node};
use crate::model::{EdtfDate, LanguageTag, PartialDate};

/// Where a finding points: an element's start tag, or one of its attributes.
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    /// The element's byte offset in the input.
    pub offset: usize,
    /// The attribute, by its name as written (`type`, `xml:lang`, `xsi:type`).
    pub attr: Option<&'static str>,
    /// The reader refuses the record for this value: it is read again without it.
    pub unreadable: bool,
}

impl At {
    /// The element `e`.
    pub fn element(e: &Element) -> Self {
        At { offset: e.offset, attr: None, unreadable: false }
    }

    /// The attribute `name` of `e`.
    pub fn attr(e: &Element, name: &'static str) -> Self {
        At { offset: e.offset, attr: Some(name), unreadable: false }
    }

    /// The value the reader refuses the record for.
    pub fn unreadable(mut self) -> Self {
        self.unreadable = true;
        self
    }
}

/// A format's findings on one record element.
pub(super) type Found = Vec<(Finding, At)>;

/// The byte offset of the attribute `name` in the start tag at `offset`; a
/// name without a prefix matches an unprefixed attribute, `xsi:type` any
/// prefix with the local name `type`. `None` when the tag has no such attribute.
pub(super) fn attr_offset(text: &str, offset: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let local = name.split_once(':').map(|(_, l)| l);
    // Past `<` and the element's name.
    let mut i = offset + 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || matches!(bytes[i], b'>' | b'/') {
            return None;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        let qname = text.get(start..i)?;
        let matches = match (local, qname.split_once(':')) {
            (Some(l), Some((prefix, q))) => q == l && (prefix == "xml" || !name.starts_with("xml:")),
            (None, None) => qname == name,
            _ => false,
        };
        if matches {
            return Some(start);
        }
        // Past `=` and the quoted value.
        while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\'' {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        i += 1;
        while i < bytes.len() && bytes[i] != quote {
            i += 1;
        }
        i += 1;
    }
}

/// A copy of `e` without the elements and attributes the reader refuses.
pub(super) fn without(e: &Element, refused: &[At]) -> Element {
    let mut copy = Element {
        ns: e.ns.clone(),
        name: e.name.clone(),
        attrs: e.attrs.clone(),
        children: Vec::with_capacity(e.children.len()),
        offset: e.offset,
    };
    let own_attrs: Vec<&str> =
        refused.iter().filter(|a| a.offset == e.offset).filter_map(|a| a.attr).collect();
    copy.attrs.retain(|a| !own_attrs.iter().any(|n| n.rsplit(':').next() == Some(a.name.as_str())));
    for child in &e.children {
        match child {
            Node::Element(c) if refused.iter().any(|a| a.offset == c.offset && a.attr.is_none()) => {}
            Node::Element(c) => copy.children.push(Node::Element(without(c, refused))),
            Node::Text(t) => copy.children.push(Node::Text(t.clone())),
        }
    }
    copy
}

// ---------------------------------------------------------------- values

/// Why `s` is no absolute URL; `None` when it is one.
pub(super) fn url_problem(s: &str) -> Option<String> {
    match url::Url::parse(s.trim()) {
        Ok(u) if u.cannot_be_a_base() && matches!(u.scheme(), "http" | "https") => {
            Some("the scheme is not followed by //".to_string())
        }
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    }
}

/// Text that means to be a web address: it starts like one.
pub(super) fn looks_like_url(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    ["http:", "https:", "http/", "https/", "http//", "https//", "www.", "ftp:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The finding for a malformed URL.
pub(super) fn url_finding(path: String, value: &str, problem: &str) -> Finding {
    Finding::error("url-malformed", path, format!("`{}` is not an absolute URL: {problem}", value.trim()))
        .help("write an absolute URL with its scheme, such as https://example.org/document/123")
}

/// Why `s` is no BCP 47 language tag; `None` when it is one.
pub(super) fn bcp47_problem(s: &str) -> Option<String> {
    s.parse::<LanguageTag>().err().map(|e| e.to_string())
}

/// A date's earliest and latest day, as (year, month, day), to tell whether
/// one date lies after another.
pub(super) type Bounds = ((i32, u8, u8), (i32, u8, u8));

/// The bounds of a partial date: 1969-04 runs from 1969-04-01 to 1969-04-31.
pub(super) fn bounds(d: &PartialDate) -> Bounds {
    (
        (d.year(), d.month().unwrap_or(1), d.day().unwrap_or(1)),
        (d.year(), d.month().unwrap_or(12), d.day().unwrap_or(31)),
    )
}

/// True when a date with bounds `start` begins after one with bounds `end` ends.
pub(super) fn backwards(start: Bounds, end: Bounds) -> bool {
    start.0 > end.1
}

/// A time of day with its zone: `hh:mm`, `hh:mm:ss`, `hh:mm:ss.s`, then `Z` or
/// `+hh:mm` (`zone` says whether the zone must be there).
fn time_of_day(s: &str, zone: bool) -> bool {
    let (clock, tz) = match s.find(['Z', '+', '-']) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    };
    let tz_ok = match tz {
        None => !zone,
        Some("Z") => true,
        Some(t) => {
            let t = &t[1..];
            t.len() == 5 && two(&t[..2], 0..=14) && &t[2..3] == ":" && two(&t[3..], 0..=59)
        }
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let seconds = |p: &str| {
        let (whole, frac) = p.split_once('.').unwrap_or((p, "0"));
        two(whole, 0..=60) && !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit())
    };
    let clock_ok = match parts.as_slice() {
        [h, m] => two(h, 0..=24) && two(m, 0..=59),
        [h, m, sec] => two(h, 0..=24) && two(m, 0..=59) && seconds(sec),
        _ => false,
    };
    tz_ok && clock_ok
}

fn two(s: &str, range: std::ops::RangeInclusive<u32>) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s.parse().is_ok_and(|n| range.contains(&n))
}

/// A calendar date of the forms `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, digits only.
fn plain_date(s: &str) -> Result<PartialDate, String> {
    let digits_and_dashes = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if !digits_and_dashes || s.starts_with('-') {
        return Err(format!("`{s}` is not YYYY, YYYY-MM or YYYY-MM-DD"));
    }
    s.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// W3CDTF (the W3C profile of ISO 8601): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or
/// a full date with a time and zone (`1969-04-14T10:30Z`).
pub(super) fn w3cdtf(s: &str) -> Result<PartialDate, String> {
    let s = s.trim();
    match s.split_once('T') {
        None => plain_date(s),
        Some((day, time)) => {
            let d = plain_date(day)?;
            if d.day().is_none() {
                return Err(format!("`{s}`: a time needs a full date before it"));
            }
            if !time_of_day(time, true) {
                return Err(format!(
                    "`{time}` is no time of day with a zone (hh:mm, hh:mm:ss, then Z or +hh:mm)"
                ));
            }
            Ok(d)
        }
    }
}

/// ISO 8601 dates as catalogues write them: the W3CDTF forms, the basic
/// forms (`19690414`, `19690414T1030`), and an interval of two of them.
pub(super) fn iso8601(s: &str) -> Result<Bounds, String> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once('/') {
        let (a, b) = (iso8601(a)?, iso8601(b)?);
        if backwards(a, b) {
            return Err(format!("the interval `{s}` ends before it starts"));
        }
        return Ok((a.0, b.1));
    }
    let (day, time) = s.split_once('T').map_or((s, None), |(d, t)| (d, Some(t)));
    let basic = day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit());
    let d = if basic {
        plain_date(&format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]))?
    } else {
        plain_date(day)?
    };
    if let Some(t) = time {
        let extended = t.contains(':') || t.len() < 4;
        let t = if extended { t.to_string() } else { format!("{}:{}", &t[..2], &t[2..]) };
        if d.day().is_none() || !time_of_day(&t, false) {
            return Err(format!("`{s}` has no time of day ISO 8601 reads"));
        }
    }
    Ok(bounds(&d))
}

/// EDTF: what archcite's dates read (level 0 and 1: qualifiers, intervals,
/// open ends), and the level 1 forms it does not keep: unspecified digits
/// (`196X`, `1969-XX`) and seasons (`1969-21`).
pub(super) fn edtf(s: &str) -> Result<Option<Bounds>, String> {
    let s = s.trim();
    match s.parse::<EdtfDate>() {
        Ok(d) => {
            let lo = d.start().map(bounds);
            let hi = d.end().or(d.start()).map(bounds);
            Ok(lo.zip(hi).map(|(a, b)| (a.0, b.1)))
        }
        Err(e) => {
            let bare = s.trim_end_matches(['~', '?', '%']);
            let unspecified = bare.contains('X') && plain_date(&bare.replace('X', "1")).is_ok();
            let season = bare.len() == 7
                && plain_date(&bare[..4]).is_ok()
                && &bare[4..5] == "-"
                && two(&bare[5..], 21..=24);
            if unspecified || season {
                Ok(None)
            } else {
                Err(e.to_string())
            }
        }
    }
}

/// MARC's own form (008/07-14): four characters, digits then `u` for each
/// unknown digit (`1969`, `196u`, `19uu`), or `uuuu`, `9999` (open), `||||`.
pub(super) fn marc(s: &str) -> Result<Option<Bounds>, String> {
    let t = s.trim();
    if t == "uuuu" || t == "||||" {
        return Ok(None);
    }
    match crate::formats::catalogue::marc_year(t) {
        Some(d) => {
            let lo = d.start().map(bounds);
            let hi = d.end().or(d.start()).map(bounds);
            Ok(lo.zip(hi).map(|(a, b)| (a.0, b.1)))
        }
        None => Err(format!("`{t}` is not a MARC date: four digits, `u` for each unknown one (196u)")),
    }
}

/// XML Schema's dates and times, as TEI's `teidata.temporal.w3c` allows them:
/// `xsd:gYear`, `gYearMonth`, `date`, `dateTime`, `time`, `gMonth`, `gDay`,
/// `gMonthDay`, each with an optional zone.
pub(super) fn xsd(s: &str) -> Result<Option<Bounds>, String> {
    let t = s.trim();
    let bad = || format!("`{t}` is not an XML Schema date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm:ss)");
    if t.is_empty() {
        return Err(bad());
    }
    // The forms without a year: --MM, ---DD, --MM-DD; a time of day.
    if let Some(rest) = t.strip_prefix("---") {
        return two(strip_zone(rest), 1..=31).then_some(None).ok_or_else(bad);
    }
    if let Some(rest) = t.strip_prefix("--") {
        let rest = strip_zone(rest);
        let ok = match rest.split_once('-') {
            Some((m, d)) => two(m, 1..=12) && plain_date(&format!("2000-{m}-{d}")).is_ok(),
            None => two(rest, 1..=12),
        };
        return ok.then_some(None).ok_or_else(bad);
    }
    if t.len() >= 5 && t.as_bytes()[2] == b':' {
        return time_of_day(t, false).then_some(None).ok_or_else(bad);
    }
    let (negative, body) = t.strip_prefix('-').map_or((false, t), |r| (true, r));
    let (day, time) = body.split_once('T').map_or((body, None), |(d, tm)| (d, Some(tm)));
    let day = strip_zone(day);
    let year_len = day.bytes().take_while(u8::is_ascii_digit).count();
    if year_len < 4 || (year_len > 4 && day.starts_with('0')) {
        return Err(bad());
    }
    let rest = &day[year_len..];
    let year: i32 = day[..year_len].parse().map_err(|_| bad())?;
    let year = if negative { -year } else { year };
    let normal = format!("{:04}{rest}", year.unsigned_abs());
    // A date of the right shape that the calendar does not have says so.
    let shaped = matches!(rest.len(), 0 | 3 | 6)
        && rest.bytes().enumerate().all(|(i, b)| if i % 3 == 0 { b == b'-' } else { b.is_ascii_digit() });
    let d = plain_date(&normal).map_err(|e| if shaped { e } else { bad() })?;
    let d = PartialDate::new(year, d.month(), d.day(), d.certainty()).map_err(|e| e.to_string())?;
    if let Some(tm) = time {
        if d.day().is_none() || !time_of_day(tm, false) {
            return Err(bad());
        }
    }
    Ok(Some(bounds(&d)))
}

/// `s` without a trailing zone (`Z`, `+hh:mm`, `-hh:mm`).
fn strip_zone(s: &str) -> &str {
    if let Some(r) = s.strip_suffix('Z') {
        return r;
    }
    let n = s.len();
    if n > 6 && matches!(s.as_bytes()[n - 6], b'+' | b'-') && s.as_bytes()[n - 3] == b':' {
        return &s[..n - 6];
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3cdtf_forms() {
        for ok in ["1969", "1969-04", "1969-04-14", "1969-04-14T10:30Z", "1969-04-14T10:30:15.5+03:00"] {
            assert!(w3cdtf(ok).is_ok(), "{ok}");
        }
        for bad in ["1969-13", "1969-02-30", "14.04.1969", "1969-04-14T10:30", "69", "1969~", "1969-4"] {
            assert!(w3cdtf(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn iso8601_forms() {
        for ok in ["1969", "19690414", "1969-04-14T10:30", "19690414T1030", "1969/1970"] {
            assert!(iso8601(ok).is_ok(), "{ok}");
        }
        for bad in ["1970/1969", "April 1969", "19691314"] {
            assert!(iso8601(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn edtf_and_marc_forms() {
        for ok in ["1969~", "1969/1970", "196X", "1969-XX", "1969-21", "../1970"] {
            assert!(edtf(ok).is_ok(), "{ok}");
        }
        for bad in ["1969-13", "ca. 1969", "1970/1969"] {
            assert!(edtf(bad).is_err(), "{bad}");
        }
        for ok in ["1969", "196u", "19uu", "uuuu"] {
            assert!(marc(ok).is_ok(), "{ok}");
        }
        assert!(marc("1969-04").is_err());
    }

    #[test]
    fn xsd_forms() {
        for ok in [
            "1969",
            "1969-04",
            "1969-04-14",
            "1969-04-14T10:30:00",
            "-0044",
            "--04",
            "---14",
            "--04-14",
            "1969Z",
            "10:30:00",
        ] {
            assert!(xsd(ok).is_ok(), "{ok}");
        }
        for bad in ["1969-4", "1969-02-30", "14th c.", "196", "1969~", "01969", "1969-04-14T25:00:00"] {
            assert!(xsd(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attributes_are_found_in_their_start_tag() {
        let text = r#"<a x="1" xml:lang='ru' xsi:type="dcterms:URI" type="t">"#;
        assert_eq!(attr_offset(text, 0, "x"), Some(3));
        assert_eq!(attr_offset(text, 0, "xml:lang"), Some(9));
        assert_eq!(attr_offset(text, 0, "xsi:type"), Some(23));
        assert_eq!(attr_offset(text, 0, "type"), Some(46));
        assert_eq!(attr_offset(text, 0, "lang"), None);
    }
}
