//! Dublin Core records (simple `oai_dc:dc` and qualified `qualifieddc`): what
//! DCMI defines, each at its element — elements of the DCMI namespaces that
//! DCMI does not define, values that break the encoding scheme their
//! `xsi:type` names (W3CDTF, URI, ISO 639-2, RFC 4646/5646, DCMIType,
//! Period), dates in which no date can be found, empty elements, identifiers
//! that mean to be URLs and are not, and a record without a title.
//!
//! The rules look at the record element the reader parses anyway; the reader
//! that `convert` uses is unchanged.

use super::xml::{self, At, Found};
use super::Finding;
use crate::formats::dc::{DCMI_TYPES, DCTERMS_NS, DC_ELEMENTS, DC_NS};
use crate::formats::xml::{Element, XSI_NS};
use crate::model::Record;

/// The properties of the DCMI terms namespace (`dcterms:`), the fifteen of
/// the element set included.
const DCTERMS: &[&str] = &[
    "abstract",
    "accessRights",
    "accrualMethod",
    "accrualPeriodicity",
    "accrualPolicy",
    "alternative",
    "audience",
    "available",
    "bibliographicCitation",
    "conformsTo",
    "contributor",
    "coverage",
    "created",
    "creator",
    "date",
    "dateAccepted",
    "dateCopyrighted",
    "dateSubmitted",
    "description",
    "educationLevel",
    "extent",
    "format",
    "hasFormat",
    "hasPart",
    "hasVersion",
    "identifier",
    "instructionalMethod",
    "isFormatOf",
    "isPartOf",
    "isReferencedBy",
    "isReplacedBy",
    "isRequiredBy",
    "issued",
    "isVersionOf",
    "language",
    "license",
    "mediator",
    "medium",
    "modified",
    "provenance",
    "publisher",
    "references",
    "relation",
    "replaces",
    "requires",
    "rights",
    "rightsHolder",
    "source",
    "spatial",
    "subject",
    "tableOfContents",
    "temporal",
    "title",
    "type",
    "valid",
];

/// The DCMI terms that hold a date.
const DATE_TERMS: &[&str] = &[
    "date",
    "created",
    "issued",
    "modified",
    "available",
    "dateAccepted",
    "dateCopyrighted",
    "dateSubmitted",
    "valid",
];

/// Every Dublin Core rule on one record element.
pub(super) fn check(root: &Element) -> Found {
    let mut out = Found::new();
    let mut titled = false;
    for e in root.elements() {
        let (prefix, defined) = match e.ns.as_str() {
            DC_NS => ("dc", DC_ELEMENTS),
            DCTERMS_NS => ("dcterms", DCTERMS),
            "" => {
                out.push((
                    Finding::error("unknown-element", format!("/{}", e.name), format!("<{}> is in no namespace: it is no Dublin Core element", e.name))
                        .help("write it as one of the fifteen dc: elements (dc:title, dc:date, ...) or a dcterms: term, with its namespace"),
                    // The reader refuses the record for it: the rest is read without it.
                    At::element(e).unreadable(),
                ));
                continue;
            }
            _ => continue,
        };
        let path = format!("/{prefix}:{}", e.name);
        if !defined.contains(&e.name.as_str()) {
            let close = defined.iter().find(|d| d.eq_ignore_ascii_case(&e.name));
            let help = match close {
                Some(d) => format!("write {prefix}:{d}: DCMI names are case-sensitive"),
                None if prefix == "dc" => format!("simple Dublin Core has fifteen elements: {}", DC_ELEMENTS.join(", ")),
                None => "use a term DCMI defines (dublincore.org/specifications/dublin-core/dcmi-terms), or an element of your own namespace".to_string(),
            };
            out.push((
                Finding::error(
                    "unknown-element",
                    path.clone(),
                    format!("{prefix}:{} is not defined by DCMI", e.name),
                )
                .help(help),
                At::element(e),
            ));
            continue;
        }
        let value = e.text();
        let value = value.trim();
        if value.is_empty() {
            out.push((
                Finding::warning("empty-element", path, format!("<{prefix}:{}> is empty", e.name))
                    .help("give the element a value, or leave it out"),
                At::element(e),
            ));
            continue;
        }
        titled |= e.name == "title";
        match e.attr_ns(XSI_NS, "type") {
            Some(scheme) => encoded(e, scheme, value, &path, &mut out),
            None if DATE_TERMS.contains(&e.name.as_str()) && !dated(value) => out.push((
                // Dublin Core allows a date in words: a warning, not an error.
                Finding::warning("date-invalid", path, format!("archcite finds no date in `{value}`"))
                    .help("write the date as W3CDTF (1969, 1969-04, 1969-04-14), as DCMI recommends; keep words such as \"undated\" in dc:description"),
                At::element(e),
            )),
            None if e.name == "identifier" && xml::looks_like_url(value) => {
                if let Some(problem) = web_url_problem(value) {
                    out.push((xml::url_finding(path, value, &problem), At::element(e)));
                }
            }
            None => {}
        }
    }
    if !titled {
        out.push((
            Finding::warning("no-title", "/dc:title", "the record has no title")
                .help("add a <dc:title>; for an untitled document, a devised title in square brackets (DACS 2.3.18)"),
            At::element(root),
        ));
    }
    out
}

/// Why a value that means to be a web address is none.
fn web_url_problem(value: &str) -> Option<String> {
    match crate::formats::dc::shape::web_url(value) {
        Some(_) => None,
        None => Some(xml::url_problem(value).unwrap_or_else(|| "no http, https or ftp scheme".to_string())),
    }
}

/// True when a date, a DCMI period or a year can be read from `value`, or it
/// says in words that there is none ("undated").
fn dated(value: &str) -> bool {
    !value.chars().any(|c| c.is_ascii_digit())
        || crate::model::EdtfDate::parse_loose(value).is_some()
        || period(value).is_ok()
        || crate::formats::catalogue::year_in(value).is_some()
}

/// A DCMI Period (`start=1969-04; end=1969-06; scheme=W3C-DTF;`): its start
/// and end, each W3CDTF. `Err` says what is wrong.
fn period(value: &str) -> Result<(Option<xml::Bounds>, Option<xml::Bounds>), String> {
    let (mut start, mut end) = (None, None);
    for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!("`{part}` is not name=value"));
        };
        let date = || xml::w3cdtf(v.trim()).map(|d| Some(xml::bounds(&d)));
        match k.trim() {
            "start" => start = date()?,
            "end" => end = date()?,
            "name" | "scheme" => {}
            other => {
                return Err(format!("`{other}` is no component of a DCMI Period (start, end, name, scheme)"))
            }
        }
    }
    if start.is_none() && end.is_none() {
        return Err("a DCMI Period has a start or an end".to_string());
    }
    Ok((start, end))
}

/// A value typed with an encoding scheme (`xsi:type="dcterms:W3CDTF"`).
fn encoded(e: &Element, scheme: &str, value: &str, path: &str, out: &mut Found) {
    let at = At::attr(e, "xsi:type");
    let local = scheme.rsplit(':').next().unwrap_or(scheme);
    let finding = match local {
        "W3CDTF" => xml::w3cdtf(value).err().map(|p| {
            Finding::error("date-invalid", path, format!("{scheme}: {p}"))
                .help("W3CDTF is YYYY, YYYY-MM or YYYY-MM-DD (a time after T with its zone); a range is a dcterms:Period")
        }),
        "Period" => match period(value) {
            Err(p) => Some(
                Finding::error("date-invalid", path, format!("`{value}` is not a DCMI Period: {p}"))
                    .help("write start=YYYY-MM-DD; end=YYYY-MM-DD; scheme=W3C-DTF;"),
            ),
            Ok((Some(a), Some(b))) if xml::backwards(a, b) => Some(
                Finding::error("date-range-backwards", path, format!("the period `{value}` ends before it starts"))
                    .help("swap start and end: start is the earlier date"),
            ),
            Ok(_) => None,
        },
        "URI" => xml::url_problem(value).map(|p| xml::url_finding(path.to_string(), value, &p)),
        "ISO639-2" | "ISO639-3" => {
            let ok = if local == "ISO639-2" {
                crate::model::is_iso639_2(value, true)
            } else {
                value.len() == 3 && value.bytes().all(|b| b.is_ascii_lowercase())
            };
            (!ok).then(|| {
                let code = crate::model::LanguageTag::parse_loose(value).and_then(|l| l.iso639_2());
                let help = match code {
                    Some(c) if local == "ISO639-2" => format!("write `{c}`, the ISO 639-2 code"),
                    _ => format!("{scheme} takes a three-letter lowercase code: eng, rus, ger"),
                };
                Finding::error("language-tag", path, format!("`{value}` is not an {} code", local.replace("ISO", "ISO ")))
                    .help(help)
            })
        }
        "RFC1766" | "RFC3066" | "RFC4646" | "RFC5646" => xml::bcp47_problem(value).map(|p| {
            Finding::error("language-tag", path, format!("{scheme}: {p}"))
                .help("write a BCP 47 tag: en, ru, zh-Hans")
        }),
        "DCMIType" if !DCMI_TYPES.contains(&value) => {
            let close = DCMI_TYPES.iter().find(|t| t.eq_ignore_ascii_case(value));
            let help = match close {
                Some(t) => format!("write `{t}`: the terms of the vocabulary are case-sensitive"),
                None => format!("the DCMI Type Vocabulary has: {}", DCMI_TYPES.join(", ")),
            };
            Some(
                Finding::error("unknown-value", path, format!("`{value}` is not in the DCMI Type Vocabulary"))
                    .help(help),
            )
        }
        _ => None,
    };
    if let Some(f) = finding {
        // The value is wrong, not the scheme: point at the element's text.
        let at = if f.code == "unknown-value" { At::element(e) } else { at };
        out.push((f, at));
    }
}

/// The element a model finding's field was read from, and its path.
pub(super) fn place(path: &str, _record: &Record, root: &Element) -> (String, usize) {
    let mut steps = path.split('/').skip(1);
    let (field, index) =
        (steps.next().unwrap_or_default(), steps.next().and_then(|i| i.parse::<usize>().ok()));
    let dcmi = |e: &&Element| (e.ns == DC_NS || e.ns == DCTERMS_NS) && !e.text().trim().is_empty();
    let name_of = |e: &Element| format!("/{}:{}", if e.ns == DC_NS { "dc" } else { "dcterms" }, e.name);
    // Agents are read from the creators and contributors in document order.
    if let ("agents", Some(i)) = (field, index) {
        let agent = root
            .elements()
            .filter(dcmi)
            .filter(|e| matches!(e.name.as_str(), "creator" | "contributor"))
            .nth(i);
        if let Some(e) = agent {
            return (name_of(e), e.offset);
        }
    }
    let names: &[&str] = match field {
        "title" | "original_title" => &["title"],
        "date" | "events" => &["date", "created", "issued"],
        "agents" => &["creator", "contributor"],
        "languages" => &["language"],
        "references" | "published_sources" => &["source"],
        "publication" => &["identifier", "publisher", "relation", "isPartOf"],
        "rights" => &["rights", "license", "rightsHolder"],
        "summary" => &["description", "abstract"],
        "subjects" => &["subject"],
        "places" => &["coverage", "spatial"],
        _ => &[],
    };
    let found = names.iter().find_map(|n| root.elements().filter(dcmi).find(|e| e.name == *n));
    match found {
        Some(e) => (name_of(e), e.offset),
        None => (String::new(), root.offset),
    }
}
