//! TEI headers: what TEI P5 requires and constrains, each at its element or
//! attribute — `fileDesc` with `titleStmt/title`, `publicationStmt` and
//! `sourceDesc`; dating attributes that are XML Schema dates
//! (`teidata.temporal.w3c`) and start before they end; language tags;
//! pointers that mean to be URLs; a manuscript's identifier that names
//! neither its repository nor its shelfmark.
//!
//! The rules look at the record element the reader parses anyway; the reader
//! that `convert` uses is unchanged.

use super::xml::{self, At, Found};
use super::Finding;
use crate::formats::tei::TEI_NS as NS;
use crate::formats::xml::Element;
use crate::model::Record;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The dating attributes of `att.datable.w3c`.
const DATING: &[&str] = &["when", "notBefore", "notAfter", "from", "to"];
/// Elements whose `@from` and `@to` are no dates: folios (`locus`), pages of
/// a citation, ends of a span.
const NOT_DATED: &[&str] = &["locus", "locusGrp", "citedRange", "biblScope", "span", "spanGrp"];

/// Every TEI rule on one `TEI` element.
pub(super) fn check(tei: &Element) -> Found {
    let mut out = Found::new();
    let Some(header) = required(tei, "teiHeader", "/teiHeader", &mut out) else { return out };
    if let Some(file_desc) = required(header, "fileDesc", "/teiHeader/fileDesc", &mut out) {
        let path = "/teiHeader/fileDesc";
        if let Some(stmt) = required(file_desc, "titleStmt", &format!("{path}/titleStmt"), &mut out) {
            if stmt.first(NS, "title").is_none() {
                out.push((
                    Finding::error("missing-field", format!("{path}/titleStmt/title"), "<titleStmt> has no <title>")
                        .help("TEI requires a <title> in <titleStmt>; for an untitled document, a devised title in square brackets (DACS 2.3), type=\"devised\""),
                    At::element(stmt),
                ));
            }
        }
        required(file_desc, "publicationStmt", &format!("{path}/publicationStmt"), &mut out);
        required(file_desc, "sourceDesc", &format!("{path}/sourceDesc"), &mut out);
    }
    walk(header, "/teiHeader", &mut out);
    out
}

/// The child `name` of `parent`, or a finding that TEI requires it.
fn required<'a>(parent: &'a Element, name: &str, path: &str, out: &mut Found) -> Option<&'a Element> {
    let found = parent.first(NS, name);
    if found.is_none() {
        out.push((
            Finding::error("missing-field", path, format!("<{}> has no <{name}>", parent.name))
                .help(format!("TEI requires a <{name}> in <{}>; add one", parent.name)),
            At::element(parent),
        ));
    }
    found
}

/// The rules on every element below `e`, `path` the way to `e`.
fn walk(e: &Element, path: &str, out: &mut Found) {
    for c in e.elements() {
        let here = format!("{path}/{}", c.name);
        dating(c, &here, out);
        languages(c, &here, out);
        pointers(c, &here, out);
        // A part (`msPart`) may be named by an `altIdentifier` alone.
        if c.is(NS, "msIdentifier") && e.is(NS, "msDesc") {
            identifier(c, &here, out);
        }
        if c.is(NS, "idno") && c.attr("type") == Some("URI") {
            let value = c.text();
            if let Some(p) = xml::url_problem(&value) {
                // The reader refuses a record whose URI is no URL.
                out.push((xml::url_finding(here.clone(), &value, &p), At::element(c).unreadable()));
            }
        }
        walk(c, &here, out);
    }
}

/// A manuscript's address in its library: the repository and the shelfmark (`idno`).
fn identifier(id: &Element, path: &str, out: &mut Found) {
    let (repository, idno) = (id.first(NS, "repository").is_some(), id.first(NS, "idno").is_some());
    let message = match (repository, idno) {
        (true, true) => return,
        (true, false) => "<msIdentifier> names the repository but not the shelfmark (<idno>)",
        (false, true) => "<msIdentifier> gives the shelfmark but not the repository",
        (false, false) => "<msIdentifier> names neither the repository nor the shelfmark",
    };
    out.push((
        Finding::warning("ms-identifier-incomplete", path, message).help(
            "give <repository> and <idno> (the shelfmark): together they find the manuscript in its library",
        ),
        At::element(id),
    ));
}

/// `@when`, `@notBefore`, `@notAfter`, `@from`, `@to`: XML Schema dates, and
/// pairs in order.
fn dating(e: &Element, path: &str, out: &mut Found) {
    let mut read: Vec<(&'static str, xml::Bounds)> = Vec::new();
    let pointing = NOT_DATED.contains(&e.name.as_str());
    for name in DATING.iter().filter(|n| !(pointing && matches!(**n, "from" | "to"))) {
        let Some(v) = e.attr(name) else { continue };
        match xml::xsd(v) {
            Ok(Some(b)) => read.push((name, b)),
            Ok(None) => {}
            Err(p) => out.push((
                Finding::error("date-invalid", format!("{path}/@{name}"), format!("@{name}: {p}"))
                    .help("TEI dates these attributes as XML Schema dates: 1969, 1969-04, 1969-04-14; give a date in words in the element's text"),
                // The reader refuses a record whose dates it reads are no dates.
                At::attr(e, name).unreadable(),
            )),
        }
    }
    let get = |n: &str| read.iter().find(|(k, _)| *k == n).map(|(_, b)| *b);
    for (first, last) in [("notBefore", "notAfter"), ("from", "to")] {
        if let (Some(a), Some(b)) = (get(first), get(last)) {
            if xml::backwards(a, b) {
                out.push((
                    Finding::error(
                        "date-range-backwards",
                        format!("{path}/@{last}"),
                        format!(
                            "@{last} `{}` comes before @{first} `{}`",
                            e.attr(last).unwrap_or_default(),
                            e.attr(first).unwrap_or_default()
                        ),
                    )
                    .help(format!("swap the two values: @{first} is the earlier date")),
                    At::attr(e, last),
                ));
            }
        }
    }
}

/// `xml:lang` anywhere, `textLang/@mainLang` and `@otherLangs`, `language/@ident`.
fn languages(e: &Element, path: &str, out: &mut Found) {
    let mut tags: Vec<(&'static str, &str, bool)> = Vec::new();
    if let Some(v) = e.attr_ns(XML_NS, "lang") {
        tags.push(("xml:lang", v, false));
    }
    if e.is(NS, "textLang") {
        tags.extend(e.attr("mainLang").map(|v| ("mainLang", v, false)));
        tags.extend(
            e.attr("otherLangs")
                .into_iter()
                .flat_map(|v| v.split_whitespace())
                .map(|v| ("otherLangs", v, false)),
        );
    }
    if e.is(NS, "language") {
        // The reader refuses a `langUsage` language whose tag is no tag.
        tags.extend(e.attr("ident").map(|v| ("ident", v, true)));
    }
    for (name, value, refused) in tags {
        if let Some(p) = xml::bcp47_problem(value) {
            let mut at = At::attr(e, name);
            at.unreadable = refused;
            out.push((
                Finding::error("language-tag", format!("{path}/@{name}"), format!("@{name}: {p}"))
                    .help("TEI takes BCP 47 tags: la, en, ru, syr-Syrj, grc"),
                at,
            ));
        }
    }
}

/// `@ref` and `@target`: pointers, relative ones allowed; one that starts like
/// a web address must be one. `licence/@target` and the `ptr` of a related
/// item must be absolute URLs: the reader reads them as such.
fn pointers(e: &Element, path: &str, out: &mut Found) {
    for name in ["ref", "target"] {
        let Some(v) = e.attr(name) else { continue };
        let absolute =
            name == "target" && (e.is(NS, "licence") || e.is(NS, "ptr") || e.is(NS, "relatedItem"));
        for token in v.split_whitespace() {
            let problem = if absolute {
                xml::url_problem(token)
            } else if xml::looks_like_url(token) {
                crate::formats::dc::shape::web_url(token).is_none().then(|| {
                    xml::url_problem(token).unwrap_or_else(|| "no http, https or ftp scheme".to_string())
                })
            } else {
                None
            };
            if let Some(p) = problem {
                let mut at = At::attr(e, name);
                at.unreadable = absolute;
                let attr_name = if name == "ref" { "ref" } else { "target" };
                out.push((xml::url_finding(format!("{path}/@{attr_name}"), token, &p), at));
            }
        }
    }
}

/// Whether a model finding judges the record rather than the reading: the
/// reader takes every `idno` and every `locus` of a catalogue's `msDesc` as
/// levels of one reference, so their order and repetition say nothing.
pub(super) fn judges(code: &str, path: &str, tei: &Element) -> bool {
    if !matches!(code, "level-duplicate" | "level-order") {
        return true;
    }
    let i = path.split('/').nth(2).and_then(|i| i.parse::<usize>().ok());
    let ms = tei
        .path(NS, &["teiHeader", "fileDesc", "sourceDesc"])
        .and_then(|s| i.and_then(|i| s.all(NS, "msDesc").nth(i)));
    ms.is_none_or(crate::formats::tei::is_own_shape)
}

/// The element a model finding's field was read from, and its path.
pub(super) fn place(path: &str, _record: &Record, tei: &Element) -> (String, usize) {
    let steps: Vec<&str> = path.split('/').skip(1).collect();
    let nth = |i: &str| i.parse::<usize>().ok();
    let header = tei.first(NS, "teiHeader");
    let file_desc = header.and_then(|h| h.first(NS, "fileDesc"));
    let ms = |i: &str| {
        file_desc
            .and_then(|f| f.first(NS, "sourceDesc"))
            .and_then(|s| nth(i).and_then(|i| s.all(NS, "msDesc").nth(i)))
    };
    let hit = |p: &str, e: Option<&Element>| e.map(|e| (format!("/teiHeader/{p}"), e.offset));
    let found = match steps.as_slice() {
        ["title" | "subtitle", ..] => {
            hit("fileDesc/titleStmt/title", file_desc.and_then(|f| f.path(NS, &["titleStmt", "title"])))
        }
        ["date", ..] => hit(
            "profileDesc/creation/date",
            header.and_then(|h| h.path(NS, &["profileDesc", "creation", "date"])),
        )
        .or_else(|| {
            hit(
                "fileDesc/sourceDesc/msDesc/history/origin/origDate",
                ms("0").and_then(|m| m.path(NS, &["history", "origin", "origDate"])),
            )
        }),
        ["events", i, ..] => hit(
            "profileDesc/creation/listChange/change",
            header
                .and_then(|h| h.path(NS, &["profileDesc", "creation", "listChange"]))
                .and_then(|l| nth(i).and_then(|i| l.all(NS, "change").nth(i))),
        ),
        ["references", i, "repository", ..] => hit(
            "fileDesc/sourceDesc/msDesc/msIdentifier/repository",
            ms(i).and_then(|m| m.path(NS, &["msIdentifier", "repository"])),
        ),
        ["references", i, "levels", ..] => hit(
            "fileDesc/sourceDesc/msDesc/msContents/msItem/locus",
            ms(i).and_then(|m| m.path(NS, &["msContents", "msItem", "locus"])),
        )
        .or_else(|| {
            hit("fileDesc/sourceDesc/msDesc/msIdentifier", ms(i).and_then(|m| m.first(NS, "msIdentifier")))
        }),
        ["references", i, ..] => hit("fileDesc/sourceDesc/msDesc", ms(i)),
        ["agents", ..] => hit("fileDesc/titleStmt", file_desc.and_then(|f| f.first(NS, "titleStmt"))),
        ["languages", ..] => {
            hit("profileDesc/langUsage", header.and_then(|h| h.path(NS, &["profileDesc", "langUsage"])))
        }
        ["publication", ..] | ["key"] | ["rights", ..] => {
            hit("fileDesc/publicationStmt", file_desc.and_then(|f| f.first(NS, "publicationStmt")))
        }
        _ => None,
    };
    found.unwrap_or_else(|| (String::new(), header.map_or(tei.offset, |h| h.offset)))
}
