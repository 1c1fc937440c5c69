//! MODS records: what the MODS 3.x schema and the Library of Congress's
//! guidelines constrain, each at its element or attribute — a title, dates
//! that keep to their `encoding` and start before they end, the controlled
//! values of `typeOfResource`, `name/@type`, `titleInfo/@type`,
//! `digitalOrigin`, language and relator codes, and URLs.
//!
//! The rules look at the record element the reader parses anyway; the reader
//! that `convert` uses is unchanged.

use super::xml::{self, At, Bounds, Found};
use super::Finding;
use crate::formats::mods::MODS_NS as NS;
use crate::formats::xml::Element;
use crate::model::Record;

/// `typeOfResource` values of the MODS 3.x schema.
const RESOURCE_TYPES: &[&str] = &[
    "text",
    "cartographic",
    "notated music",
    "sound recording",
    "sound recording-musical",
    "sound recording-nonmusical",
    "still image",
    "moving image",
    "three dimensional object",
    "software, multimedia",
    "mixed material",
];
/// `name/@type`.
const NAME_TYPES: &[&str] = &["personal", "corporate", "conference", "family"];
/// `titleInfo/@type`.
const TITLE_TYPES: &[&str] = &["abbreviated", "translated", "alternative", "uniform"];
/// `physicalDescription/digitalOrigin`.
const DIGITAL_ORIGINS: &[&str] =
    &["born digital", "reformatted digital", "digitized microfilm", "digitized other analog"];
/// The date elements of `originInfo`.
const DATES: &[&str] =
    &["dateIssued", "dateCreated", "dateCaptured", "dateValid", "dateModified", "copyrightDate", "dateOther"];
/// `@encoding` of a date.
const ENCODINGS: &[&str] = &["w3cdtf", "iso8601", "marc", "edtf", "temper"];
/// `@qualifier` of a date.
const QUALIFIERS: &[&str] = &["approximate", "inferred", "questionable"];

/// Every MODS rule on one `mods` element.
pub(super) fn check(m: &Element) -> Found {
    let mut out = Found::new();
    let titled = m.all(NS, "titleInfo").any(|t| t.all(NS, "title").any(|x| !x.text().trim().is_empty()));
    if !titled {
        out.push((
            Finding::error("missing-field", "/titleInfo/title", "the record has no <titleInfo><title>")
                .help("add <titleInfo><title>…</title></titleInfo> (required by the LoC guidelines); for an untitled document, a devised title in square brackets with supplied=\"yes\" (DACS 2.3)"),
            At::element(m),
        ));
    }
    walk(m, "", &mut out);
    out
}

/// The rules on `e`'s children, `path` the way from the record to `e`.
fn walk(e: &Element, path: &str, out: &mut Found) {
    for c in e.elements().filter(|c| c.ns == NS) {
        let here = format!("{path}/{}", c.name);
        match c.name.as_str() {
            "titleInfo" => vocabulary(c, "type", TITLE_TYPES, &here, out),
            "name" => vocabulary(c, "type", NAME_TYPES, &here, out),
            "typeOfResource" => {
                let value = c.text();
                // An empty one with `collection="yes"` says only that: a collection.
                if !value.trim().is_empty() && !RESOURCE_TYPES.contains(&value.trim()) {
                    out.push((unknown(&here, value.trim(), RESOURCE_TYPES), At::element(c)));
                }
            }
            "digitalOrigin" => {
                let value = c.text();
                if !DIGITAL_ORIGINS.contains(&value.trim()) {
                    out.push((unknown(&here, value.trim(), DIGITAL_ORIGINS), At::element(c)));
                }
            }
            "originInfo" => dates(c, &here, out),
            "languageTerm" => language(c, &here, out),
            "roleTerm" => relator(c, &here, out),
            "url" if e.is(NS, "location") => {
                let value = c.text();
                if let Some(problem) = xml::url_problem(&value) {
                    out.push((xml::url_finding(here.clone(), &value, &problem), At::element(c)));
                }
            }
            // What an extension holds is another schema's.
            "extension" => continue,
            _ => {}
        }
        walk(c, &here, out);
    }
}

fn unknown(path: &str, value: &str, allowed: &[&str]) -> Finding {
    let close = allowed.iter().find(|a| a.eq_ignore_ascii_case(value) || a.replace(' ', "-") == value);
    let help = match close {
        Some(a) => format!("write `{a}`; MODS allows: {}", allowed.join(", ")),
        None => format!("MODS allows: {}", allowed.join(", ")),
    };
    Finding::error("unknown-value", path, format!("`{value}` is not a value MODS allows here")).help(help)
}

fn vocabulary(e: &Element, attr: &'static str, allowed: &[&str], path: &str, out: &mut Found) {
    if let Some(v) = e.attr(attr).filter(|v| !allowed.contains(v)) {
        out.push((unknown(&format!("{path}/@{attr}"), v, allowed), At::attr(e, attr)));
    }
}

/// Each date of an `originInfo`: its encoding, its value for that encoding,
/// its qualifier and point, and a start that comes after its end.
fn dates(info: &Element, path: &str, out: &mut Found) {
    for name in DATES {
        let mut start: Option<(Bounds, &Element)> = None;
        let mut end: Option<(Bounds, &Element)> = None;
        for d in info.all(NS, name) {
            let here = format!("{path}/{name}");
            vocabulary(d, "encoding", ENCODINGS, &here, out);
            vocabulary(d, "qualifier", QUALIFIERS, &here, out);
            vocabulary(d, "point", &["start", "end"], &here, out);
            let value = d.text();
            let value = value.trim();
            if value.is_empty() {
                // The reader refuses an empty date that names its encoding.
                let at =
                    if d.attr("encoding").is_some() { At::element(d).unreadable() } else { At::element(d) };
                out.push((
                    Finding::warning("empty-element", here, format!("<{name}> is empty"))
                        .help("give the date, or leave the element out"),
                    at,
                ));
                continue;
            }
            let encoding = d.attr("encoding");
            let read = match encoding {
                Some("w3cdtf") => xml::w3cdtf(value).map(|p| Some(xml::bounds(&p))),
                Some("iso8601") => xml::iso8601(value).map(Some),
                Some("edtf") => xml::edtf(value),
                Some("marc") => xml::marc(value),
                _ => Ok(loose(value)),
            };
            let bounds = match read {
                Ok(b) => b,
                Err(problem) => {
                    let e = encoding.unwrap_or_default();
                    out.push((
                        Finding::error("date-invalid", here, format!("<{name} encoding=\"{e}\">: {problem}"))
                            .help(encoding_help(e)),
                        // The reader refuses a date that breaks its encoding.
                        At::element(d).unreadable(),
                    ));
                    continue;
                }
            };
            if bounds.is_none() && encoding.is_none() && value.chars().any(|c| c.is_ascii_digit()) {
                out.push((
                    Finding::warning("date-invalid", here, format!("archcite finds no date in `{value}`"))
                        .help("write the date as W3CDTF (1969, 1969-04, 1969-04-14) with encoding=\"w3cdtf\"; keep words such as \"undated\" in a note"),
                    At::element(d),
                ));
            }
            match (d.attr("point"), bounds) {
                (Some("start"), Some(b)) if start.is_none() => start = Some((b, d)),
                (Some("end"), Some(b)) if end.is_none() => end = Some((b, d)),
                _ => {}
            }
        }
        if let (Some((a, from)), Some((b, to))) = (start, end) {
            if xml::backwards(a, b) {
                out.push((
                    Finding::error(
                        "date-range-backwards",
                        format!("{path}/{name}"),
                        format!(
                            "the date ends (`{}`) before it starts (`{}`)",
                            to.text().trim(),
                            from.text().trim()
                        ),
                    )
                    .help(format!(
                        "swap the two values: point=\"start\" is the earlier date of the <{name}> pair"
                    )),
                    At::element(to),
                ));
            }
        }
    }
}

/// A date without an encoding, as the reader reads it: EDTF, or a year in words.
fn loose(value: &str) -> Option<Bounds> {
    let d =
        crate::model::EdtfDate::parse_loose(value).or_else(|| crate::formats::catalogue::year_in(value))?;
    let lo = d.start().map(xml::bounds);
    let hi = d.end().or(d.start()).map(xml::bounds);
    lo.zip(hi).map(|(a, b)| (a.0, b.1))
}

fn encoding_help(encoding: &str) -> &'static str {
    match encoding {
        "w3cdtf" => "W3CDTF is YYYY, YYYY-MM or YYYY-MM-DD (a time after T with its zone); a range is two dates with point=\"start\" and point=\"end\"",
        "iso8601" => "ISO 8601 is YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD, with an optional time after T",
        "edtf" => "EDTF is YYYY, YYYY-MM or YYYY-MM-DD with ~ ? or % for approximate or uncertain, X for unknown digits, START/END for a range",
        _ => "MARC dates are four characters, `u` for each unknown digit: 1969, 196u, 19uu",
    }
}

/// `languageTerm type="code"`: an ISO 639-2/B code, a BCP 47 tag, an ISO 639-3 code.
fn language(t: &Element, path: &str, out: &mut Found) {
    if t.attr("type") != Some("code") {
        return;
    }
    let value = t.text();
    let value = value.trim();
    let problem = match t.attr("authority") {
        Some("iso639-2b") if !crate::model::is_iso639_2(value, false) => {
            let code = crate::model::LanguageTag::parse_loose(value).and_then(|l| l.iso639_2());
            Some(match code {
                Some(c) => (
                    format!("`{value}` is not an ISO 639-2/B code"),
                    format!("write `{c}`: authority iso639-2b takes the bibliographic three-letter code"),
                ),
                None => (
                    format!("`{value}` is not an ISO 639-2/B code"),
                    "authority iso639-2b takes a bibliographic three-letter code: eng, rus, ger, fre"
                        .to_string(),
                ),
            })
        }
        Some("rfc3066" | "rfc4646" | "rfc5646") => {
            xml::bcp47_problem(value).map(|p| (p, "write a BCP 47 tag: en, ru, zh-Hans".to_string()))
        }
        Some("iso639-3") if !(value.len() == 3 && value.bytes().all(|b| b.is_ascii_lowercase())) => Some((
            format!("`{value}` is not an ISO 639-3 code"),
            "authority iso639-3 takes a three-letter lowercase code: eng, rus, deu".to_string(),
        )),
        _ => None,
    };
    if let Some((message, help)) = problem {
        out.push((Finding::error("language-tag", path, message).help(help), At::element(t)));
    }
}

/// `roleTerm type="code" authority="marcrelator"`: a code of the MARC list.
fn relator(t: &Element, path: &str, out: &mut Found) {
    if t.attr("type") != Some("code") || t.attr("authority") != Some("marcrelator") {
        return;
    }
    let value = t.text();
    let code = value.trim();
    if !is_relator(code) {
        out.push((
            // A warning: the list grows, and an unknown code still names a role.
            Finding::warning("unknown-relator", path, format!("`{code}` is not a MARC relator code"))
                .help("use a code of the MARC Code List for Relators (aut, edt, trl, ctb, ...: id.loc.gov/vocabulary/relators), or give the role as text with type=\"text\""),
            At::element(t),
        ));
    }
}

/// True for a code of the MARC Code List for Relators.
pub(super) fn is_relator(code: &str) -> bool {
    const LIST: &str = include_str!("../../data/marc-relators.txt");
    LIST.lines().any(|l| l == code)
}

/// The element a model finding's field was read from, and its path.
pub(super) fn place(path: &str, _record: &Record, m: &Element) -> (String, usize) {
    let steps: Vec<&str> = path.split('/').skip(1).collect();
    let nth = |i: &str| i.parse::<usize>().ok();
    let hit = |p: &str, e: Option<&Element>| e.map(|e| (p.to_string(), e.offset));
    let found = match steps.as_slice() {
        ["title" | "subtitle", ..] => hit("/titleInfo/title", m.path(NS, &["titleInfo", "title"])),
        ["date", ..] => {
            let date = m.all(NS, "originInfo").find_map(|o| {
                o.first(NS, "dateCreated").or_else(|| o.first(NS, "dateIssued")).map(|d| (o, d))
            });
            date.map(|(_, d)| (format!("/originInfo/{}", d.name), d.offset))
        }
        ["events", i, ..] => {
            let events = m.all(NS, "originInfo").filter_map(|o| o.first(NS, "dateOther"));
            hit("/originInfo/dateOther", nth(i).and_then(|i| events.into_iter().nth(i)))
        }
        ["references", i, rest @ ..] => {
            let loc = nth(i).and_then(|i| {
                m.all(NS, "location")
                    .filter(|l| {
                        l.first(NS, "physicalLocation").is_some() || l.first(NS, "shelfLocator").is_some()
                    })
                    .nth(i)
            });
            match (loc, rest.first()) {
                (Some(l), Some(&"repository")) => {
                    hit("/location/physicalLocation", l.first(NS, "physicalLocation"))
                }
                (Some(l), _) => hit("/location/shelfLocator", l.first(NS, "shelfLocator").or(Some(l))),
                _ => None,
            }
        }
        ["agents", i, ..] => hit("/name", nth(i).and_then(|i| m.all(NS, "name").nth(i))),
        ["languages", ..] => hit("/language", m.first(NS, "language")),
        ["publication", "url"] => {
            hit("/location/url", m.all(NS, "location").find_map(|l| l.first(NS, "url")))
        }
        ["publication", "record_id"] => {
            hit("/identifier", m.all(NS, "identifier").find(|i| i.attr("type") == Some("local")))
        }
        ["key"] => hit("/recordInfo/recordIdentifier", m.path(NS, &["recordInfo", "recordIdentifier"])),
        ["summary"] => hit("/abstract", m.first(NS, "abstract")),
        ["rights", ..] => hit("/accessCondition", m.first(NS, "accessCondition")),
        _ => None,
    };
    found.unwrap_or_else(|| (String::new(), m.offset))
}
