//! RIS, the tagged format reference managers and catalogues exchange.
//!
//! Mapping (model → tag), chosen so that Zotero, Citation.js and rispy each find
//! the archival fields where they look for them:
//!
//! | model | tag | note |
//! |---|---|---|
//! | — | `TY  - MANSCPT` | archival documents are manuscripts |
//! | key | `ID` | |
//! | title | `TI` | |
//! | original title | `C1` | custom field: RIS has no original-title tag |
//! | authors | `AU` | persons as "Family, Given" |
//! | translators | `A4` | Zotero and Citation.js read A4 as translator |
//! | date | `PY`, `DA` | `DA` is `YYYY/MM/DD/` with `circa` or `uncertain` in the fourth part |
//! | type | `M3` | genre / manuscript type |
//! | repository (full name) | `PB` | Citation.js reads PB as the archive of a manuscript |
//! | repository place | `CY` | |
//! | archival location | `AV` | conventional short form, "f. 5, op. 61, d. 462, ll. 95–101" |
//! | digital collection | `DB` | name of the database |
//! | its publisher | `DP` | database provider |
//! | URL, record ID | `UR`, `AN` | |
//! | original language | `LA` | English name of the language |
//! | summary | `AB` | |
//! | subjects, places | `KW` | one per line |
//! | other credits, funders, rights, notes | `N1` | one sentence each, read back through the credit parser |
//!
//! Lossy: RIS has no structure for archival levels (read back by parsing `AV`
//! with the reference parser), none for the translation language, events,
//! people discussed, related records or the document text; line breaks inside a
//! value become spaces; several references keep only the first in `PB`/`AV` and
//! the others as notes.

use std::io::Write;

use crate::error::{ErrorKind, Position, RecordError, WriteError};
use crate::formats::{Reader, Records, Source, Writer};
use crate::model::READ_RIS;
use crate::model::{
    Agent, AltTitle, ArchivalReference, Certainty, Container, Contributor, DocumentType, EdtfDate, Event,
    EventKind, Extra, IdScheme, Identifier, LanguageTag, NonEmpty, Note, NoteKind, PartialDate, Publication,
    Record, Repository, Role, Series, TitleKind, WorkType,
};
use crate::refparse::{self, Credit, RenderStyle};

/// Writes RIS records.
pub struct RisWriter;

/// Reads RIS records.
pub struct RisReader;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_of(agent: &Agent) -> String {
    match agent {
        Agent::Person(p) => match &p.given {
            Some(g) => format!("{}, {g}", p.family),
            None => p.family.to_string(),
        },
        Agent::Organization(o) => o.name.to_string(),
    }
}

/// RIS types whose `T2` is the series (a whole work: the 2011 specification
/// and Zotero read `T2` of a book or report as its series title) and whose
/// `A2` is the series editor.
const WHOLE: &[&str] = &["BOOK", "CLSWK", "COMP", "CTLG", "EDBOOK", "ELEC", "MAP", "MULTI", "RPRT", "UNPB"];

/// RIS types of articles in periodicals: `C7` is their article number.
const PERIODICAL: &[&str] = &["JOUR", "ABST", "INPR", "JFULL", "EJOUR", "MGZN", "NEWS"];

/// RIS types whose `A2` is the recipient.
const LETTER: &[&str] = &["PCOMM", "ICOMM"];

/// The order tags are written in for a published work; tags outside it
/// (kept in `extra`) come after, in the order read.
const ORDER: &[&str] = &[
    "TY", "ID", "TI", "T1", "CT", "BT", "ST", "TT", "OP", "C1", "AU", "A1", "A2", "ED", "A3", "A4", "TA",
    "PY", "Y1", "DA", "Y2", "T2", "JO", "JF", "JA", "J1", "J2", "T3", "SV", "VL", "IS", "C7", "M1", "SP",
    "EP", "SE", "ET", "NV", "M3", "PB", "CY", "AV", "DB", "DP", "AN", "SN", "DO", "CN", "UR", "L1", "L2",
    "L3", "L4", "LK", "LA", "AB", "N2", "KW", "N1", "AD", "C2", "C3", "C4", "C5", "C6", "C8", "CA", "LB",
    "M2", "RI", "RN", "RP",
];

fn rank(tag: &str) -> usize {
    ORDER.iter().position(|t| *t == tag).unwrap_or(ORDER.len())
}

fn is_tag(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 2 && b[0].is_ascii_uppercase() && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
}

/// The lines of one record, in the order they are written.
#[derive(Default)]
struct Lines(Vec<(String, String)>);

impl Lines {
    fn add(&mut self, tag: &str, value: &str) {
        let v = one_line(value);
        if !v.is_empty() {
            self.0.push((tag.to_string(), v));
        }
    }
}

/// The extra field of a line an export writes before a record's `TY`
/// (Ovid numbers its records: `1.`).
const BEFORE_TY: &str = "before-TY";

/// The extra field of a line an export writes after a record's `ER` (Ovid's
/// `NL  - ` journal abbreviation and its links to the full text).
const AFTER_ER: &str = "after-ER";

/// The value of a marker kept from a RIS input (`tag-of:title`, `written:LA`).
fn marker<'a>(r: &'a Record, field: &str) -> impl Iterator<Item = &'a str> + 'a {
    let field = field.to_string();
    r.extra_of("ris").filter(move |e| e.field.as_str() == field).map(|e| e.value.as_str())
}

/// The tags the input wrote a value under (`tag-of:<field>`), else `default`.
fn tags_of(r: &Record, field: &str, default: &str) -> Vec<String> {
    let kept: Vec<String> = marker(r, &format!("tag-of:{field}"))
        .next()
        .map(|v| v.split(',').map(str::trim).filter(|t| is_tag(t)).map(String::from).collect())
        .unwrap_or_default();
    if kept.is_empty() {
        vec![default.to_string()]
    } else {
        kept
    }
}

/// The text the input wrote under `tag` for a value the model holds in
/// another form (`written:<tag>`), when it reads as `same`.
fn written_as(r: &Record, tag: &str, same: impl Fn(&str) -> bool) -> Option<String> {
    marker(r, &format!("written:{tag}")).find(|w| same(w)).map(String::from)
}

/// Values of a list tag that the input wrote as one tag line and lines
/// without a tag (`lines:<tag>` = the size of each group): written the same way.
fn continuation_lines(l: &mut Lines, r: &Record) {
    for m in r.extra_of("ris").filter(|e| e.field.starts_with("lines:")) {
        let tag = &m.field["lines:".len()..];
        let groups: Vec<usize> = m.value.split(',').filter_map(|n| n.trim().parse().ok()).collect();
        let at: Vec<usize> = l.0.iter().enumerate().filter(|(_, (t, _))| t == tag).map(|(i, _)| i).collect();
        if groups.iter().sum::<usize>() != at.len() || at.windows(2).any(|w| w[1] != w[0] + 1) {
            continue;
        }
        let mut k = 0;
        for g in groups {
            for j in 1..g {
                l.0[at[k + j]].0.clear();
            }
            k += g;
        }
    }
}

impl Writer for RisWriter {
    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(RisWriter))
    }

    fn write(&mut self, out: &mut dyn Write, r: &Record) -> Result<(), WriteError> {
        super::render_and_place(self, out, &mut Vec::new(), r)
    }

    fn render(&mut self, out: &mut Vec<u8>, r: &Record) -> Result<Option<super::KeySlot>, WriteError> {
        let mut lines = match r.work_type {
            None => archival_lines(r),
            Some(_) => published_lines(r),
        };
        continuation_lines(&mut lines, r);
        for e in r.extra_of("ris").filter(|e| e.field.as_str() == BEFORE_TY) {
            write!(out, "{}\r\n", one_line(&e.value))?;
        }
        for (t, v) in lines.0 {
            match t.as_str() {
                "" => write!(out, "{v}\r\n")?,
                _ => write!(out, "{t}  - {v}\r\n")?,
            }
        }
        write!(out, "ER  - \r\n")?;
        for e in r.extra_of("ris").filter(|e| e.field.as_str() == AFTER_ER) {
            write!(out, "{}\r\n", e.value.replace(['\r', '\n'], " ").trim_end())?;
        }
        write!(out, "\r\n")?;
        Ok(None)
    }
}

/// Types read (Zotero and EndNote write them) but not of the 2011 type
/// list that rispy checks: written as the type table's own.
const NEWER_TYPES: &[&str] = &["WEB", "UNBILL"];

/// The `TY` of a record: the one it was read with when the type table
/// names the same work type another way (`EJOUR`, `CONF`), else the table's.
fn ty_of(r: &Record) -> String {
    let row = r.work_type.map_or("MANSCPT", |w| w.row().ris);
    let kept = kept_ty(r);
    match kept {
        // Only a TY of the 2011 specification, which rispy and Citation.js know.
        Some(k)
            if READ_RIS.iter().any(|(t, _)| *t == k)
                && !NEWER_TYPES.contains(&k.as_str())
                && WorkType::from_ris(&k) == r.work_type =>
        {
            k
        }
        _ => row.to_string(),
    }
}

/// The `TY` a record was read with, when it was not its type table's.
fn kept_ty(r: &Record) -> Option<String> {
    r.extra_of("ris").find(|e| e.field.as_str() == "TY").map(|e| e.value.trim().to_string())
}

/// Label of the note that keeps a `TY` the writer cannot put in `TY` (not of
/// the 2011 list, or not a type code at all): read back to the same value.
const TYPE_READ: &str = "RIS type: ";

/// An archival document: the manuscript shape archcite has always written,
/// then what the bibliographic tags can carry beside it.
fn archival_lines(r: &Record) -> Lines {
    let mut l = Lines::default();
    l.add("TY", "MANSCPT");
    if let Some(k) = &r.key {
        l.add("ID", k);
    }
    if let Some(t) = &r.title {
        l.add("TI", t);
    }
    if let Some(t) = &r.original_title {
        l.add("C1", t);
    }
    for c in r.agents_in(Role::Author) {
        l.add("AU", &name_of(&c.agent));
    }
    for c in r.agents_in(Role::Translator).filter(|c| c.on_behalf_of.is_none()) {
        l.add("A4", &name_of(&c.agent));
    }
    date_lines(&mut l, r.date.as_ref());
    if let Some(t) = &r.document_type {
        l.add("M3", t.label());
    }
    let reference = r.references.first();
    match reference {
        Some(reference) => {
            if let Some(repo) = &reference.repository {
                l.add("PB", repo.full_label());
                if let Some(place) = &repo.place {
                    l.add("CY", place);
                }
            }
            l.add("AV", &refparse::render_location(reference, RenderStyle::Short));
        }
        // Without an archive the publisher and its place have the tags of their own.
        None => {
            if let Some(p) = &r.publication {
                for (t, v) in [("PB", &p.publisher), ("CY", &p.place)] {
                    if let Some(v) = v {
                        l.add(t, v);
                    }
                }
            }
        }
    }
    if let Some(p) = &r.publication {
        l.add("DB", p.collection.as_deref().unwrap_or(""));
        if reference.is_some() {
            l.add("DP", p.publisher.as_deref().unwrap_or(""));
        }
        l.add("AN", p.record_id.as_deref().unwrap_or(""));
        if let Some(u) = &p.url {
            l.add("UR", u.as_str());
        }
    }
    if let Some(name) = r.languages.original.first().and_then(LanguageTag::english_name) {
        l.add("LA", name);
    }
    if let Some(s) = &r.summary {
        l.add("AB", s);
    }
    for k in r.subjects.iter().chain(&r.places).chain(&r.keywords) {
        l.add("KW", k);
    }
    for n in notes(r, true) {
        l.add("N1", &n);
    }
    if reference.is_some() {
        if let Some(place) = r.publication.as_ref().and_then(|p| p.place.as_ref()) {
            l.add("N1", &format!("{PUBLISHED_IN}{place}"));
        }
    }
    // What the archival shape always left out, in the tags a published work uses.
    let mut more = Lines::default();
    bibliographic_lines(&mut more, r, "MANSCPT");
    let mut more = more.0;
    more.sort_by_key(|(t, _)| rank(t));
    l.0.extend(more);
    extra_lines(&mut l, r, true);
    l
}

/// The note that keeps the place of the digital publisher of an archival
/// document, whose `CY` names the archive's city.
const PUBLISHED_IN: &str = "Place of publication: ";

/// A published work: the tags of the RIS specification for its type.
fn published_lines(r: &Record) -> Lines {
    let ty = ty_of(r);
    let mut l = Lines::default();
    l.add("TY", &ty);
    if let Some(k) = &r.key {
        l.add("ID", k);
    }
    if let Some(title) = &r.title {
        for t in tags_of(r, "title", "TI") {
            l.add(&t, title);
        }
    }
    if let Some(t) = &r.original_title {
        l.add("OP", t);
    }
    let mut seen: Vec<(Role, usize)> = Vec::new();
    for c in &r.agents {
        let Some(default) = agent_tag(c, &ty) else { continue };
        let n = match seen.iter_mut().find(|(role, _)| *role == c.role) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                seen.push((c.role, 1));
                0
            }
        };
        let kept = tags_of(r, &format!("agents[{}]", c.role.as_str()), default);
        let count = r.agents_in(c.role).filter(|x| agent_tag(x, &ty).is_some()).count();
        let tag = match kept.len() {
            1 => &kept[0],
            k if k == count => &kept[n],
            _ => default,
        };
        l.add(tag, &name_of(&c.agent));
    }
    published_date_lines(&mut l, r);
    if let Some(t) = &r.document_type {
        l.add("M3", t.label());
    }
    if let Some(p) = &r.publication {
        for (t, v) in [("PB", &p.publisher), ("CY", &p.place), ("DB", &p.collection), ("AN", &p.record_id)] {
            if let Some(v) = v {
                l.add(t, v);
            }
        }
        if let Some(u) = &p.url {
            l.add("UR", u.as_str());
        }
    }
    for lang in &r.languages.original {
        let written = written_as(r, "LA", |w| LanguageTag::parse_loose(w).as_ref() == Some(lang));
        l.add("LA", &written.unwrap_or_else(|| lang.english_name().unwrap_or(lang.as_str()).to_string()));
    }
    if let Some(s) = &r.summary {
        for tag in tags_of(r, "summary", "AB") {
            l.add(&tag, s);
        }
    }
    for k in r.keywords.iter().chain(&r.subjects).chain(&r.places) {
        l.add("KW", k);
    }
    for n in notes(r, false) {
        l.add("N1", &n);
    }
    bibliographic_lines(&mut l, r, &ty);
    l.0.sort_by_key(|(t, _)| rank(t));
    extra_lines(&mut l, r, false);
    l
}

/// The tag of a name in a published work of type `ty`; `None` for roles
/// written as credit sentences or not at all.
fn agent_tag(c: &Contributor, ty: &str) -> Option<&'static str> {
    if c.role == Role::Translator && c.on_behalf_of.is_some() {
        return None;
    }
    role_tag(c.role, ty)
}

/// Whether a published work's `field` has a RIS tag in the record's type:
/// the names whose roles `role_tag` places (`agents[collection-editor]` is
/// `A2` in a book, `A3` in a chapter, nowhere in a letter).
pub(crate) fn carries_published(r: &Record, field: &str) -> bool {
    let Some(role) = field.strip_prefix("agents[").and_then(|f| f.strip_suffix(']')) else {
        return false;
    };
    if r.work_type.is_none() {
        return false;
    }
    let ty = ty_of(r);
    r.agents.iter().any(|c| c.role.as_str() == role && agent_tag(c, &ty).is_some())
}

/// The tag of a role in a published work of type `ty`.
fn role_tag(role: Role, ty: &str) -> Option<&'static str> {
    let whole = WHOLE.contains(&ty);
    let letter = LETTER.contains(&ty);
    Some(match role {
        Role::Author => "AU",
        Role::Editor if ty == "BOOK" => "A3",
        Role::Editor if whole || letter => "ED",
        Role::Editor => "A2",
        Role::Recipient if letter => "A2",
        Role::CollectionEditor if whole => "A2",
        Role::CollectionEditor if ty == "BOOK" || letter => return None,
        Role::CollectionEditor => "A3",
        Role::Translator => "A4",
        _ => return None,
    })
}

/// The date tags of a published work: a year alone is `PY` (Citation.js
/// refuses a `DA` of a year alone beside it), a fuller date `DA` too; or
/// the tags the input used (`Y1`).
fn published_date_lines(l: &mut Lines, r: &Record) {
    let Some(d) = r.date.as_ref().and_then(EdtfDate::start) else { return };
    let full = d.month().is_some() || d.certainty() != Certainty::Exact;
    let default = if full { "PY,DA" } else { "PY" };
    let tags = marker(r, "tag-of:date").next().unwrap_or(default);
    let tags: Vec<&str> = tags.split(',').map(str::trim).collect();
    let year_tag = tags.iter().any(|t| matches!(*t, "PY" | "Y1"));
    for t in &tags {
        match *t {
            "PY" | "Y1" if year_written(r, t).is_some() => l.add(t, &year_written(r, t).unwrap_or_default()),
            "PY" => l.add("PY", &d.iso_year()),
            "Y1" if full && !tags.contains(&"DA") => l.add("Y1", &ris_date_text(d)),
            "Y1" => l.add("Y1", &d.iso_year()),
            "DA" if full || !year_tag => {
                let text = written_as(r, "DA", |w| ris_date(w).ok().flatten().as_ref() == r.date.as_ref());
                l.add("DA", &text.unwrap_or_else(|| ris_date_text(d)));
            }
            _ => {}
        }
    }
    if !year_tag && !tags.contains(&"DA") {
        l.add("PY", &d.iso_year());
    }
}

/// A `PY` or `Y1` as the input wrote it (`2019//`), when it reads as the
/// record's year (or whole date).
fn year_written(r: &Record, tag: &str) -> Option<String> {
    let year = r.date.as_ref().and_then(EdtfDate::start).map(|d| d.year());
    written_as(r, tag, |w| match ris_date(w).ok().flatten() {
        Some(d) => Some(&d) == r.date.as_ref() || d.start().map(|s| s.year()) == year,
        None => false,
    })
}

/// Short title, container, series, edition, number, identifiers, access
/// date, translated title: the same tags in both shapes.
fn bibliographic_lines(l: &mut Lines, r: &Record, ty: &str) {
    let whole = WHOLE.contains(&ty);
    if let Some(s) = &r.short_title {
        l.add("ST", s);
    }
    for t in &r.alternate_titles {
        if t.kind == Some(TitleKind::Translated) {
            l.add("TT", &t.title);
        }
    }
    if let Some(c) = &r.container {
        if let Some(t) = &c.title {
            for tag in tags_of(r, "container.title", if whole { "JF" } else { "T2" }) {
                l.add(&tag, t);
            }
        }
        if let Some(t) = &c.short_title {
            for tag in tags_of(r, "container.short_title", "J2") {
                l.add(&tag, t);
            }
        }
        for (t, v) in [("VL", &c.volume), ("IS", &c.issue), ("SE", &c.chapter)] {
            if let Some(v) = v {
                l.add(t, v);
            }
        }
        if let Some(p) = &c.pages {
            let (sp, ep) = (marker(r, "written:SP").next(), marker(r, "written:EP").next());
            let (sp, ep) = match pages_of(sp, ep) {
                Some(same) if same == p.as_str() => (sp, ep),
                _ => default_pages(p),
            };
            for (t, v) in [("SP", sp), ("EP", ep)] {
                if let Some(v) = v {
                    l.add(t, v);
                }
            }
        }
    }
    if let Some(s) = &r.series {
        for tag in tags_of(r, "series.title", if whole { "T2" } else { "T3" }) {
            l.add(&tag, &s.title);
        }
        if let Some(n) = &s.number {
            l.add("SV", n);
        }
    }
    if let Some(e) = &r.edition {
        l.add("ET", e);
    }
    if let Some(n) = &r.number {
        l.add(if PERIODICAL.contains(&ty) { "C7" } else { "M1" }, n);
    }
    for (n, i) in r.identifiers.iter().enumerate() {
        let tag = match i.scheme {
            IdScheme::Doi => "DO",
            IdScheme::Isbn | IdScheme::Issn => "SN",
            IdScheme::CallNumber => "CN",
            _ => continue,
        };
        let first = !r.identifiers[..n].iter().any(|o| o.scheme == i.scheme);
        let times =
            if first { tags_of(r, &format!("identifiers[{}]", i.scheme.as_str()), tag).len() } else { 1 };
        let written = written_as(r, tag, |w| {
            identifier_text(w).and_then(|(s, v)| Identifier::new(s.unwrap_or(i.scheme.clone()), v)).as_ref()
                == Some(i)
        });
        for _ in 0..times {
            l.add(tag, written.as_deref().unwrap_or(&i.value));
        }
    }
    if let Some(d) = r.event(&EventKind::Accessed).and_then(EdtfDate::start) {
        l.add("Y2", &ris_date_text(d));
    }
}

/// The pages of `SP` and `EP` as the model holds them: "95–101", or one of
/// them alone.
fn pages_of(sp: Option<&str>, ep: Option<&str>) -> Option<String> {
    match (sp, ep) {
        (Some(sp), Some(ep)) if sp == ep => Some(sp.to_string()),
        (Some(sp), Some(ep)) => Some(format!("{sp}–{ep}")),
        (Some(p), None) | (None, Some(p)) => Some(p.to_string()),
        (None, None) => None,
    }
}

/// Pages written by default: one range as `SP` and `EP`, anything else in `SP`.
fn default_pages(p: &str) -> (Option<&str>, Option<&str>) {
    match split_pages(p) {
        Some((sp, ep)) if sp == ep => (Some(sp), None),
        Some((sp, ep)) => (Some(sp), Some(ep)),
        None => (Some(p), None),
    }
}

/// "95–101" as `SP` and `EP`; `None` for pages that are not one range.
fn split_pages(p: &str) -> Option<(&str, &str)> {
    if p.contains(',') {
        return None;
    }
    let mut parts = p.splitn(3, ['–', '-']);
    let (a, b) = (parts.next()?.trim(), parts.next()?.trim());
    (parts.next().is_none() && !a.is_empty() && !b.is_empty()).then_some((a, b))
}

/// The values kept from a RIS input, each under its own tag, placed among
/// the others by the tag order (the archival shape keeps them at its end).
fn extra_lines(l: &mut Lines, r: &Record, at_end: bool) {
    let mut extra = Lines::default();
    for e in r.extra_of("ris").filter(|e| e.field.as_str() != "TY" && is_tag(&e.field)) {
        extra.add(&e.field, &e.value);
    }
    if at_end {
        l.0.extend(extra.0);
        return;
    }
    for (t, v) in extra.0 {
        let at = l.0.iter().rposition(|(x, _)| rank(x) <= rank(&t)).map_or(l.0.len(), |i| i + 1);
        l.0.insert(at, (t, v));
    }
}

fn ris_date_text(d: &PartialDate) -> String {
    let part = |p: Option<u8>| p.map(|v| format!("{v:02}")).unwrap_or_default();
    let other = match d.certainty() {
        c if c.is_approximate() => "circa",
        c if c.is_uncertain() => "uncertain",
        _ => "",
    };
    format!("{}/{}/{}/{other}", d.iso_year(), part(d.month()), part(d.day()))
}

fn date_lines(l: &mut Lines, date: Option<&EdtfDate>) {
    let Some(d) = date.and_then(EdtfDate::start) else { return };
    l.add("PY", &d.iso_year());
    l.add("DA", &ris_date_text(d));
}

/// Credit sentences the reference parser reads back ("Translated for NKIDP by
/// James F. Person."), then funders, other references, rights and notes.
/// An archival record's general notes keep their label, as they always have.
fn notes(r: &Record, archival: bool) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(kept) = kept_ty(r).filter(|k| *k != ty_of(r)) {
        out.push(format!("{TYPE_READ}{kept}"));
    }
    for c in &r.agents {
        if let Some(verb) = credit_verb(c, archival) {
            let by = match &c.on_behalf_of {
                Some(o) => format!("{verb} for {o} by"),
                None => format!("{verb} by"),
            };
            out.push(format!("{by} {}.", c.agent.display_name()));
        }
    }
    for f in r.funders() {
        out.push(format!("Funding: {}", f.display_name()));
    }
    for other in r.references.iter().skip(1) {
        out.push(format!(
            "Also held: {}",
            refparse::render_with(other, RenderStyle::Short, refparse::RepoName::Full)
        ));
    }
    if let Some(s) = r.rights.as_ref().and_then(|x| x.statement.as_ref()) {
        out.push(format!("Rights: {s}"));
    }
    out.extend(r.notes.iter().map(|n| match n.kind {
        NoteKind::General if !archival => n.text.to_string(),
        _ => format!("{}: {}", n.kind.label(), n.text),
    }));
    out
}

/// The verb of a credit sentence, for roles not carried by their own tag.
fn credit_verb(c: &Contributor, archival: bool) -> Option<&'static str> {
    Some(match c.role {
        Role::Translator if c.on_behalf_of.is_some() => "Translated",
        Role::ObtainedBy => "Obtained",
        Role::Contributor => "Contributed",
        Role::Transcriber => "Transcribed",
        Role::Editor if archival => "Edited",
        _ => return None,
    })
}

impl Reader for RisReader {
    fn read(&self, source: Source) -> Records {
        let name = source.name.clone();
        let entries = Entries::new(source);
        Box::new(entries.map(move |entry| {
            let entry = entry?;
            let mut r = build(&entry.lines).map_err(|m| {
                RecordError::new(ErrorKind::Invalid, &name, m).at(entry.start).in_record(entry.number)
            })?;
            for (field, lines) in [(BEFORE_TY, &entry.before), (AFTER_ER, &entry.after)] {
                r.extra.extend(lines.iter().filter_map(|l| Extra::new("ris", field, l.as_str())));
            }
            Ok(r)
        }))
    }
}

/// One record's tag lines, with the position of its `TY` line and its number.
struct Entry {
    start: Position,
    number: usize,
    lines: Vec<(String, String)>,
    /// The first line that broke the record: it is refused whole, not guessed at.
    broken: Option<RecordError>,
    /// Lines before its `TY` (Ovid's numbering) and after its `ER` (Ovid's
    /// `NL` and links), written back where they were.
    before: Vec<String>,
    after: Vec<String>,
}

/// `12.`: the number Ovid writes before each record.
fn is_numbering(line: &str) -> bool {
    let n = line.trim().trim_end_matches('.');
    line.trim().ends_with('.') && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
}

/// Tags whose values are running text, which exporters wrap onto lines of
/// their own; a line without a tag after any other tag is not a continuation
/// but a mistake, and is reported rather than glued onto a name or a date.
const WRAPPING: &[&str] = &[
    "TI", "T1", "T2", "T3", "TT", "BT", "ST", "CT", "JO", "JF", "JA", "J1", "J2", "AB", "N1", "N2", "AD",
    "PB", "AD", "TT", "OP", "M3", "CA", "RN", "RP",
];

/// Tags of which a line without a tag holds one more value.
const LISTS: &[&str] = &["KW", "UR", "SN", "L1", "L2", "L3", "L4", "LK"];

/// The entries of a RIS input, cut from its lines as they are read: only
/// the record being read and the one before it (which lines after its `ER`
/// may still join) are held, so memory does not grow with the input.
struct Entries {
    name: String,
    reader: Box<dyn std::io::BufRead>,
    line: Vec<u8>,
    /// Lines read so far.
    at: usize,
    /// Entries cut, in order; the last stays until the next `TY` or the end
    /// (lines after an `ER` belong to the record before).
    ready: std::collections::VecDeque<Result<Entry, RecordError>>,
    current: Option<Entry>,
    number: usize,
    /// Lines after an `ER` that belong to the record before (Ovid), and
    /// numbering lines before the next `TY`.
    after: Vec<(Position, String)>,
    before: Vec<(Position, String)>,
    ended: bool,
}

impl Iterator for Entries {
    type Item = Result<Entry, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.ended && self.ready.len() < 2 {
            match self.next_line() {
                Ok(Some(line)) => self.take_line(&line),
                Ok(None) => self.end(),
                Err(e) => {
                    self.ready.push_back(Err(e));
                    self.ended = true;
                }
            }
        }
        self.ready.pop_front()
    }
}

impl Entries {
    fn new(source: Source) -> Self {
        Entries {
            name: source.name,
            reader: source.reader,
            line: Vec::new(),
            at: 0,
            ready: std::collections::VecDeque::new(),
            current: None,
            number: 0,
            after: Vec::new(),
            before: Vec::new(),
            ended: false,
        }
    }

    /// The next line without its line end; `None` at the end of the input.
    fn next_line(&mut self) -> Result<Option<String>, RecordError> {
        self.line.clear();
        let read = self.reader.read_until(b'\n', &mut self.line);
        let n = read.map_err(|e| RecordError::new(ErrorKind::Io, &self.name, format!("cannot read: {e}")))?;
        if n == 0 {
            return Ok(None);
        }
        self.at += 1;
        let mut bytes = std::mem::take(&mut self.line);
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        String::from_utf8(bytes).map(Some).map_err(|e| {
            let column =
                String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).chars().count() + 1;
            super::not_utf8(&self.name, Position { line: self.at, column })
        })
    }

    fn error(&self, pos: Position, message: String, help: &str) -> RecordError {
        RecordError::new(ErrorKind::Ris, &self.name, message).at(pos).help(help)
    }

    /// Lines after an `ER` join the record before.
    fn flush(&mut self) {
        if let Some(Ok(last)) = self.ready.back_mut() {
            last.after.extend(self.after.drain(..).map(|(_, l)| l));
        }
        self.after.clear();
    }

    fn take_line(&mut self, raw: &str) {
        let pos = Position { line: self.at, column: 1 };
        // Exports joined with `cat` carry a byte-order mark at the start of
        // each; a line of nothing but space and marks is blank.
        let line = raw.trim_start_matches('\u{feff}').trim_end();
        if line.chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
            return;
        }
        let closed = self.current.is_none() && matches!(self.ready.back(), Some(Ok(_)));
        let Some((t, value)) = tag_line(line) else {
            match self.current.as_mut() {
                Some(entry) => {
                    let name = &self.name;
                    continuation(entry, line, || {
                        let message =
                            format!("`{line}` is not a RIS tag line, nor the continuation of a text field");
                        RecordError::new(ErrorKind::Ris, name, message).at(pos).help(
                            "every line reads `XX  - value`; only notes, abstracts and titles run on over several lines",
                        )
                    })
                }
                None if is_numbering(line) => {
                    self.flush();
                    self.before.push((pos, line.trim().to_string()));
                }
                None if closed && self.before.is_empty() => self.after.push((pos, line.to_string())),
                None => {
                    let err = self.error(
                        pos,
                        format!("`{line}` is not a RIS tag line"),
                        "every line reads `XX  - value`, and a record starts with `TY  - `",
                    );
                    self.ready.push_back(Err(err));
                }
            }
            return;
        };
        if self.current.is_none() && !matches!(t, "TY" | "ER") && closed && self.before.is_empty() {
            self.after.push((pos, line.to_string()));
            return;
        }
        match (t, self.current.take()) {
            ("TY", open) => {
                if let Some(open) = open {
                    let message = format!(
                        "the record is not closed: line {} starts another record before its `ER  - `",
                        pos.line
                    );
                    let err = self
                        .error(open.start, message, "end each record with `ER  - `")
                        .in_record(open.number);
                    self.ready.push_back(Err(err));
                }
                self.flush();
                self.number += 1;
                let lines = vec![(t.to_string(), value.to_string())];
                let before = self.before.drain(..).map(|(_, l)| l).collect();
                let number = self.number;
                self.current =
                    Some(Entry { start: pos, number, lines, broken: None, before, after: Vec::new() });
            }
            ("ER", Some(entry)) => self.ready.push_back(match entry.broken {
                Some(err) => Err(err.in_record(entry.number)),
                None => Ok(entry),
            }),
            // Lines after an `ER` closed by another `ER`: a record without its `TY`.
            ("ER", None) if !self.after.is_empty() => {
                let (at, first) = self.after.remove(0);
                self.after.clear();
                let tag = tag_line(&first).map_or("text", |(t, _)| t);
                let message = format!(
                    "tag {tag} outside a record: the record that ends on line {} has no `TY  - `",
                    pos.line
                );
                let err = self.error(at, message, "start each record with `TY  - `");
                self.ready.push_back(Err(err));
            }
            (_, None) => {
                let err =
                    self.error(pos, format!("tag {t} outside a record"), "start each record with `TY  - `");
                self.ready.push_back(Err(err));
            }
            (_, Some(mut entry)) => {
                entry.lines.push((t.to_string(), value.to_string()));
                self.current = Some(entry);
            }
        }
    }

    /// After the last line: what is still open is reported.
    fn end(&mut self) {
        self.ended = true;
        self.flush();
        if let Some(open) = self.current.take() {
            let err = self.error(open.start, "the last record is not closed".into(), "end it with `ER  - `");
            self.ready.push_back(Err(err.in_record(open.number)));
        }
        if let Some((pos, n)) = self.before.first() {
            let message = format!("`{n}` numbers a record that is not there");
            let err = self.error(*pos, message, "a record starts with `TY  - `");
            self.ready.push_back(Err(err));
        }
    }
}

/// A line without a tag: more of a text field, or (reported) a broken record.
fn continuation(entry: &mut Entry, line: &str, broken: impl FnOnce() -> RecordError) {
    match entry.lines.last_mut() {
        // Exporters put further keywords, URLs and ISSNs on lines of their own.
        Some((t, _)) if LISTS.contains(&t.trim_end_matches('+')) => {
            // `KW+`: another value, written on a line without a tag.
            let t = format!("{}+", t.trim_end_matches('+'));
            entry.lines.push((t, line.trim().to_string()));
        }
        Some((t, v)) if WRAPPING.contains(&t.as_str()) => {
            v.push(' ');
            v.push_str(line.trim());
        }
        _ => {
            entry.broken.get_or_insert_with(broken);
        }
    }
}

/// `XX  - value`: a tag of an upper-case letter and a letter or digit, two
/// spaces, a hyphen. Several exporters write one space each side
/// (`TY - JOUR`), which is read too. Compared as bytes: the line may hold any
/// character at any place.
pub(crate) fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let tag =
        b.len() >= 4 && b[0].is_ascii_uppercase() && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit());
    if !tag {
        return None;
    }
    let rest = if b[2..].starts_with(b"  -") {
        &line[5..]
    } else if b[2..].starts_with(b" -") && matches!(b.get(4), None | Some(b' ')) {
        &line[4..]
    } else {
        return None;
    };
    Some((&line[..2], rest.trim()))
}

/// What the reader knows about the record while it reads its lines.
struct Ctx {
    ty: String,
    /// An archival document in archcite's own shape: a manuscript with its
    /// location in the archive (`AV`), whose `PB` and `CY` name the archive.
    archival: bool,
    reference: Option<ArchivalReference>,
    py: Option<String>,
    /// The tag of `py`: `PY` or `Y1`.
    py_tag: &'static str,
    /// `DA` gave the date.
    da: bool,
    sp: Option<String>,
    ep: Option<String>,
    /// The tags that carried each single value (`container.title`: `JF`, `JO`).
    tags: Vec<(String, String)>,
    /// The tag of each name, by role.
    names: Vec<(Role, String)>,
}

impl Ctx {
    fn tag(&mut self, field: &str, tag: &str) {
        self.tags.push((field.to_string(), tag.to_string()));
    }
}

fn build(lines: &[(String, String)]) -> Result<Record, String> {
    let title_at = lines
        .iter()
        .position(|(t, _)| t == "TI" || t == "T1" || t == "CT")
        .or_else(|| lines.iter().position(|(t, _)| t == "BT" || t == "ST"));
    // None of TI, T1, CT, BT or ST: an untitled document (a letter, a note).
    let title = title_at.and_then(|i| NonEmpty::new(&lines[i].1));
    let ty = lines.first().map(|(_, v)| v.trim().to_ascii_uppercase()).unwrap_or_default();
    let archival = ty == "MANSCPT" && lines.iter().any(|(t, v)| t == "AV" && !v.trim().is_empty());
    let mut r = Record { title, ..Record::untitled() };
    let mut cx = Ctx {
        ty,
        archival,
        reference: None,
        py: None,
        py_tag: "PY",
        da: false,
        sp: None,
        ep: None,
        tags: Vec::new(),
        names: Vec::new(),
    };
    // Values of a list tag on lines without a tag: the size of each group.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, (t, v)) in lines.iter().enumerate() {
        let (t, continued) = match t.strip_suffix('+') {
            Some(t) => (t, true),
            None => (t.as_str(), false),
        };
        if LISTS.contains(&t) {
            let at = match groups.iter().position(|(g, _)| g == t) {
                Some(at) => at,
                None => {
                    groups.push((t.to_string(), Vec::new()));
                    groups.len() - 1
                }
            };
            match groups[at].1.last_mut() {
                Some(n) if continued => *n += 1,
                _ => groups[at].1.push(1),
            }
        }
        let Some(value) = NonEmpty::new(v) else { continue };
        // The title's own line; a short title that is the title is both.
        if Some(i) == title_at && t != "ST" {
            if t != "TI" {
                cx.tag("title", t);
            }
            continue;
        }
        apply(&mut r, &mut cx, t, value)?;
    }
    for (t, sizes) in groups {
        if sizes.iter().any(|n| *n > 1) {
            let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
            keep(&mut r, &format!("lines:{t}"), &sizes.join(","));
        }
    }
    finish(&mut r, cx)?;
    if r.is_blank() {
        return Err("the record holds no field but its type: there is no record to read".to_string());
    }
    Ok(r)
}

fn keep(r: &mut Record, tag: &str, value: &str) {
    r.extra.extend(Extra::new("ris", tag, value));
}

/// Put `v` in an empty slot; the same value again is already there; another
/// value is kept under its tag.
fn fill(slot: &mut Option<NonEmpty>, v: NonEmpty) -> Option<NonEmpty> {
    match slot {
        None => {
            *slot = Some(v);
            None
        }
        Some(old) if *old == v => None,
        Some(_) => Some(v),
    }
}

fn apply(r: &mut Record, cx: &mut Ctx, t: &str, v: NonEmpty) -> Result<(), String> {
    let ty = cx.ty.as_str();
    let whole = WHOLE.contains(&ty);
    let rest = match t {
        "TY" => {
            r.work_type =
                if cx.archival { None } else { WorkType::from_ris(&v).or(Some(WorkType::Document)) };
            let row = r.work_type.map_or("MANSCPT", |w| w.row().ris);
            (row != ty).then_some(v)
        }
        "ER" => None,
        "ID" => fill(&mut r.key, v),
        "TI" | "T1" | "CT" => Some(v),
        "BT" if whole || ty == "UNPB" => Some(v),
        "ST" => fill(&mut r.short_title, v),
        "C1" if ty == "MANSCPT" => fill(&mut r.original_title, v),
        "OP" if !matches!(ty, "BILL" | "CASE" | "HEAR" | "LEGAL" | "STAT" | "UNBILL") => {
            fill(&mut r.original_title, v)
        }
        "TT" => {
            r.alternate_titles.push(AltTitle { title: v, language: None, kind: Some(TitleKind::Translated) });
            None
        }
        "AU" | "A1" => person(r, cx, Role::Author, t, &v),
        "A2" if LETTER.contains(&ty) => person(r, cx, Role::Recipient, t, &v),
        "A2" if whole => person(r, cx, Role::CollectionEditor, t, &v),
        "A2" | "ED" => person(r, cx, Role::Editor, t, &v),
        "A3" if ty == "BOOK" => person(r, cx, Role::Editor, t, &v),
        "A3" => person(r, cx, Role::CollectionEditor, t, &v),
        "A4" => person(r, cx, Role::Translator, t, &v),
        "DA" if !cx.da => match ris_date(&v)? {
            Some(d)
                if r.date
                    .as_ref()
                    .is_none_or(|old| old.start().map(|s| s.year()) == d.start().map(|s| s.year())) =>
            {
                if !cx.archival && d.start().map(ris_date_text).as_deref() != Some(v.as_str()) {
                    keep(r, "written:DA", &v);
                }
                r.date = Some(d);
                cx.da = true;
                None
            }
            _ => Some(v),
        },
        "PY" | "Y1" if cx.py.is_none() => {
            cx.py = Some(v.to_string());
            cx.py_tag = if t == "PY" { "PY" } else { "Y1" };
            None
        }
        "Y2" => match ris_date(&v).ok().flatten() {
            Some(date) if r.event(&EventKind::Accessed).is_none() => {
                r.events.push(Event { kind: EventKind::Accessed, date, note: None });
                None
            }
            _ => Some(v),
        },
        "M3" if r.document_type.is_none() => {
            r.document_type = DocumentType::parse_loose(&v);
            None
        }
        "PB" if cx.archival => {
            reference_of(&mut cx.reference).repository = Some(repository(&v));
            None
        }
        "CY" if cx.archival => {
            let repo = reference_of(&mut cx.reference)
                .repository
                .get_or_insert_with(|| Repository::named(v.clone()));
            repo.place = Some(v);
            None
        }
        "AV" if cx.archival => {
            location(reference_of(&mut cx.reference), &v);
            None
        }
        "DP" if cx.archival => fill(&mut r.publication_mut().publisher, v),
        "PB" => fill(&mut r.publication_mut().publisher, v),
        "CY" => fill(&mut r.publication_mut().place, v),
        "DB" => fill(&mut r.publication_mut().collection, v),
        "AN" => fill(&mut r.publication_mut().record_id, v),
        "UR" if r.publication.as_ref().is_none_or(|p| p.url.is_none()) => match url::Url::parse(&v) {
            Ok(u) => {
                r.publication_mut().url = Some(u);
                None
            }
            Err(_) => Some(v),
        },
        "LA" => match LanguageTag::parse_loose(&v) {
            Some(tag) if !r.languages.original.contains(&tag) => {
                if !cx.archival && tag.english_name().unwrap_or(tag.as_str()) != v.as_str() {
                    keep(r, "written:LA", &v);
                }
                r.languages.original.push(tag);
                None
            }
            _ => Some(v),
        },
        "AB" | "N2" => tagged(cx, "summary", t, &mut r.summary, v),
        "KW" if cx.archival => {
            r.subjects.push(v);
            None
        }
        "KW" => {
            r.keywords.push(v);
            None
        }
        "N1" => {
            note(r, &v);
            None
        }
        "T2" if whole => series_title(r, cx, t, v),
        "T2" | "JO" | "JF" | "BT" => tagged(cx, "container.title", t, &mut r.container_mut().title, v),
        "JA" | "J1" | "J2" => tagged(cx, "container.short_title", t, &mut r.container_mut().short_title, v),
        "T3" => series_title(r, cx, t, v),
        "SV" => match &mut r.series {
            Some(s) => fill(&mut s.number, v),
            None => Some(v),
        },
        "VL" => fill(&mut r.container_mut().volume, v),
        "IS" => fill(&mut r.container_mut().issue, v),
        "SE" => fill(&mut r.container_mut().chapter, v),
        "SP" if cx.sp.is_none() => {
            cx.sp = Some(v.to_string());
            None
        }
        "EP" if cx.ep.is_none() => {
            cx.ep = Some(v.to_string());
            None
        }
        "ET" => fill(&mut r.edition, v),
        "C7" if PERIODICAL.contains(&ty) => fill(&mut r.number, v),
        "M1" if !PERIODICAL.contains(&ty) => fill(&mut r.number, v),
        "DO" => identifier(r, cx, IdScheme::Doi, t, v),
        "CN" => identifier(r, cx, IdScheme::CallNumber, t, v),
        "SN" => match identifier_text(&v) {
            Some((Some(scheme), _)) => identifier(r, cx, scheme, t, v),
            Some((None, plain)) => match serial_or_book(plain) {
                Some(scheme) => identifier(r, cx, scheme, t, v),
                None => Some(v),
            },
            None => Some(v),
        },
        _ => Some(v),
    };
    if let Some(v) = rest {
        keep(r, t, &v);
    }
    Ok(())
}

/// After the last line: the date from `PY` when `DA` gave none, pages from
/// `SP` and `EP`, the archive.
fn finish(r: &mut Record, cx: Ctx) -> Result<(), String> {
    let mut date_tags = Vec::new();
    if let Some(py) = &cx.py {
        match (&r.date, ris_date(py)?) {
            (None, Some(d)) => {
                r.date = Some(d);
                date_tags.push(cx.py_tag);
            }
            (Some(old), Some(d)) if old.start().map(|s| s.year()) == d.start().map(|s| s.year()) => {
                date_tags.push(cx.py_tag)
            }
            _ => keep(r, cx.py_tag, py),
        }
    }
    if let (Some(py), Some(d)) = (&cx.py, r.date.as_ref().and_then(EdtfDate::start)) {
        if date_tags.contains(&cx.py_tag) && py.as_str() != d.iso_year() && *py != ris_date_text(d) {
            keep(r, &format!("written:{}", cx.py_tag), py);
        }
    }
    if cx.da {
        date_tags.push("DA");
    }
    if let Some(d) = r.date.as_ref().and_then(EdtfDate::start) {
        let full = d.month().is_some() || d.certainty() != Certainty::Exact;
        let default: &[&str] = if full { &["PY", "DA"] } else { &["PY"] };
        // A year-only `DA` beside `PY` is not written (Citation.js refuses it).
        if date_tags != default && (full || date_tags != ["PY", "DA"]) {
            keep(r, "tag-of:date", &date_tags.join(","));
        }
    }
    let pages = pages_of(cx.sp.as_deref(), cx.ep.as_deref());
    if let Some(p) = pages.as_deref().and_then(NonEmpty::new) {
        match fill(&mut r.container_mut().pages, p.clone()) {
            Some(other) => keep(r, "SP", &other),
            None if default_pages(&p) != (cx.sp.as_deref(), cx.ep.as_deref()) => {
                for (t, v) in [("written:SP", &cx.sp), ("written:EP", &cx.ep)] {
                    if let Some(v) = v {
                        keep(r, t, v);
                    }
                }
            }
            None => {}
        }
    }
    if cx.archival {
        if let Some(reference) = cx.reference {
            r.references.insert(0, reference);
        }
        return Ok(());
    }
    let mut fields: Vec<&str> = Vec::new();
    for (f, _) in &cx.tags {
        if !fields.contains(&f.as_str()) {
            fields.push(f);
        }
    }
    let whole = WHOLE.contains(&cx.ty.as_str());
    for f in fields {
        let tags: Vec<&str> = cx.tags.iter().filter(|(g, _)| g == f).map(|(_, t)| t.as_str()).collect();
        let default = match f {
            "title" => "TI",
            "summary" => "AB",
            "container.title" if whole => "JF",
            "container.title" => "T2",
            "container.short_title" => "J2",
            "series.title" if whole => "T2",
            "series.title" => "T3",
            _ => tags[0],
        };
        if tags != [default] {
            keep(r, &format!("tag-of:{f}"), &tags.join(","));
        }
    }
    let ty = ty_of(r);
    let mut roles: Vec<Role> = Vec::new();
    for (role, _) in &cx.names {
        if !roles.contains(role) {
            roles.push(*role);
        }
    }
    for role in roles {
        let tags: Vec<&str> = cx.names.iter().filter(|(x, _)| *x == role).map(|(_, t)| t.as_str()).collect();
        let default = role_tag(role, &ty);
        if tags.iter().all(|t| Some(*t) == default) {
            continue;
        }
        let value = if tags.iter().all(|t| *t == tags[0]) { tags[0].to_string() } else { tags.join(",") };
        keep(r, &format!("tag-of:agents[{}]", role.as_str()), &value);
    }
    if r.container.as_ref().is_some_and(Container::is_empty) {
        r.container = None;
    }
    if r.publication.as_ref().is_some_and(Publication::is_empty) {
        r.publication = None;
    }
    if let Some(reference) = cx.reference {
        r.references.insert(0, reference);
    }
    Ok(())
}

fn person(r: &mut Record, cx: &mut Ctx, role: Role, tag: &str, v: &NonEmpty) -> Option<NonEmpty> {
    r.agents.push(Contributor::new(role, agent(v)));
    cx.names.push((role, tag.to_string()));
    None
}

/// `fill`, remembering the tag when the value is the slot's.
fn tagged(
    cx: &mut Ctx,
    field: &str,
    tag: &str,
    slot: &mut Option<NonEmpty>,
    v: NonEmpty,
) -> Option<NonEmpty> {
    let rest = fill(slot, v);
    if rest.is_none() {
        cx.tag(field, tag);
    }
    rest
}

/// An identifier as Scopus writes it, `03064530 (ISSN)`: the scheme its
/// suffix names and the value; `(None, value)` without a suffix.
fn identifier_text(v: &str) -> Option<(Option<IdScheme>, &str)> {
    let v = v.trim();
    for (suffix, scheme) in [("(ISSN)", IdScheme::Issn), ("(ISBN)", IdScheme::Isbn)] {
        if let Some(rest) = v.strip_suffix(suffix) {
            return Some((Some(scheme), rest.trim()));
        }
    }
    (!v.is_empty()).then_some((None, v))
}

fn series_title(r: &mut Record, cx: &mut Ctx, tag: &str, v: NonEmpty) -> Option<NonEmpty> {
    match &r.series {
        None => r.series = Some(Series { title: v, number: None }),
        Some(s) if s.title == v => {}
        Some(_) => return Some(v),
    }
    cx.tag("series.title", tag);
    None
}

/// An identifier into the model; the text as written is kept when the model
/// holds it in another form (a DOI with its resolver, Scopus's suffix), and a
/// repeat of the first of its scheme as its tag once more.
fn identifier(r: &mut Record, cx: &mut Ctx, scheme: IdScheme, tag: &str, v: NonEmpty) -> Option<NonEmpty> {
    let plain = identifier_text(&v).map_or(v.as_str(), |(_, p)| p);
    let Some(id) = Identifier::new(scheme.clone(), plain) else { return Some(v) };
    let field = format!("identifiers[{}]", scheme.as_str());
    let first = r.identifiers.iter().find(|i| i.scheme == scheme);
    match first {
        Some(f) if *f == id => {
            cx.tag(&field, tag);
            return None;
        }
        Some(_) if r.identifiers.contains(&id) => return Some(v),
        None => cx.tag(&field, tag),
        Some(_) => {}
    }
    if id.value.as_str() != v.as_str() {
        keep(r, &format!("written:{tag}"), &v);
    }
    r.add_identifier(id);
    None
}

/// `SN` holds an ISSN or an ISBN whatever the type says; told by its shape.
fn serial_or_book(v: &str) -> Option<IdScheme> {
    let chars: String = v.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let last_x =
        |s: &str| digits(&s[..s.len() - 1]) && (s.ends_with(['x', 'X']) || digits(&s[s.len() - 1..]));
    match chars.len() {
        8 if chars.is_ascii() && last_x(&chars) => Some(IdScheme::Issn),
        10 if chars.is_ascii() && last_x(&chars) => Some(IdScheme::Isbn),
        13 if digits(&chars) => Some(IdScheme::Isbn),
        _ => None,
    }
}

fn reference_of(reference: &mut Option<ArchivalReference>) -> &mut ArchivalReference {
    reference.get_or_insert(ArchivalReference { repository: None, levels: Vec::new(), raw: None })
}

/// A name tag's value. The specification writes persons "Family, Given";
/// any other name (`Liu R.`, `熊 玮`, an organisation, a list) is kept as
/// written: an organisation by its name, else a person known by that one name.
fn agent(name: &str) -> Agent {
    let name = name.trim();
    if let Some((family, given)) = name.split_once(", ") {
        let person = !refparse::is_organization(family) && !refparse::is_organization(given);
        if person && !given.contains(',') && !family.contains(',') {
            if let Some(agent @ Agent::Person(_)) = Agent::from_inverted(name) {
                if name_of(&agent) == name {
                    return agent;
                }
            }
        }
    }
    let credit =
        Credit { role: Role::Author, name: name.to_string(), on_behalf_of: None }.to_contributor().agent;
    if name_of(&credit) == name {
        return credit;
    }
    let whole = NonEmpty::new(name).unwrap_or_else(|| NonEmpty::new("?").expect("not empty"));
    if refparse::is_organization(name) {
        return Agent::Organization(crate::model::Organization::new(whole));
    }
    Agent::Person(crate::model::Person::new(whole, None))
}

fn repository(name: &NonEmpty) -> Repository {
    crate::registry::lookup(name).unwrap_or_else(|| Repository::named(name.clone()))
}

/// Levels from the conventional string, read by the reference parser.
fn location(reference: &mut ArchivalReference, av: &NonEmpty) {
    let label = reference.repository.as_ref().map(|r| r.label().to_string());
    let line = match &label {
        Some(l) => format!("{l}, {av}"),
        None => av.to_string(),
    };
    let parsed = refparse::parse_line(&line);
    match parsed.references.into_iter().next() {
        Some(found) if parsed.unparsed.trim().is_empty() => reference.levels = found.levels,
        _ => {
            reference.levels =
                vec![crate::model::Level { kind: crate::model::LevelKind::CallNumber, value: av.clone() }]
        }
    }
    reference.raw = NonEmpty::new(&line);
}

/// A RIS date, `YYYY/MM/DD/other` (parts may be empty or 0), or an ISO
/// 8601 date. `None` for text that is not a date at all ("Spring 2001"),
/// which the caller keeps as written; an error for a date that cannot be
/// (`1969/13/01/`).
fn ris_date(v: &str) -> Result<Option<EdtfDate>, String> {
    let v = v.trim();
    if let Some(d) = EdtfDate::parse_loose(v) {
        return Ok(Some(d));
    }
    let mut parts = v.split('/');
    let year = parts.next().map(str::trim).unwrap_or("");
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let num = |p: Option<&str>| -> Result<Option<u8>, String> {
        match p.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => match s.parse::<u8>() {
                Ok(0) => Ok(None),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(format!("`{v}` is not a RIS date (YYYY/MM/DD/other)")),
            },
        }
    };
    let year = year.parse::<i32>().map_err(|e| e.to_string())?;
    // Exporters write the month by name too (`2015/october`, `2001/Sep./12`).
    let month_part = parts.next();
    let month = match month_part.and_then(month_by_name) {
        Some(m) => Some(m),
        None => num(month_part)?,
    };
    let day = num(parts.next())?;
    let certainty = match parts.next().map(str::trim) {
        Some("circa") => Certainty::Approximate,
        Some("uncertain") => Certainty::Uncertain,
        // `undefined` is what a JavaScript exporter writes for an empty part.
        Some("" | "undefined") | None => Certainty::Exact,
        // Free text in the fourth part ("Spring") is not a date the model holds.
        Some(_) => return Ok(None),
    };
    let day = if month.is_none() { None } else { day };
    PartialDate::new(year, month, day, certainty)
        .map(|d| Some(EdtfDate::Single(d)))
        .map_err(|e| format!("DA `{v}`: {e}"))
}

/// A month written by name or its abbreviation (`October`, `oct`, `Sep.`), as
/// its number.
fn month_by_name(s: &str) -> Option<u8> {
    let s = s.trim().trim_end_matches('.').to_lowercase();
    if s.len() < 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let i = crate::model::MONTH_NAMES.iter().position(|m| m.starts_with(&s))?;
    u8::try_from(i + 1).ok()
}

/// An `N1` note back into the model: credits, funding, rights, kinded notes.
fn note(r: &mut Record, v: &NonEmpty) {
    if let Some(f) = v.strip_prefix("Funding: ").and_then(NonEmpty::new) {
        return r.add_funder(f);
    }
    if let Some(s) = v.strip_prefix("Rights: ").and_then(NonEmpty::new) {
        r.rights_mut().statement = Some(s);
        return;
    }
    if let Some(ty) = v.strip_prefix(TYPE_READ).filter(|t| !t.trim().is_empty()) {
        if marker(r, "TY").next().is_none() {
            return keep(r, "TY", ty);
        }
    }
    if let Some(other) = v.strip_prefix("Also held: ") {
        let parsed = refparse::parse_line(other);
        r.references.extend(parsed.references);
        return;
    }
    let parsed = refparse::parse_line(v);
    if !parsed.credits.is_empty() && parsed.references.is_empty() && parsed.unparsed.trim().is_empty() {
        r.agents.extend(parsed.credits.iter().map(Credit::to_contributor));
        return;
    }
    if let Some(place) = v.strip_prefix(PUBLISHED_IN).and_then(NonEmpty::new) {
        if r.publication.as_ref().is_none_or(|p| p.place.is_none()) {
            r.publication_mut().place = Some(place);
            return;
        }
    }
    // A label is read as a note's kind only when it is the label archcite
    // writes, so that any other "Label: text" comes back as it was.
    let (kind, text) = match v.split_once(": ") {
        Some((label, text)) => match NoteKind::parse_loose(label) {
            Some(k) if !matches!(k, NoteKind::Other(_)) && k.label() == label => (k, text),
            _ => (NoteKind::General, v.as_str()),
        },
        None => (NoteKind::General, v.as_str()),
    };
    if let Some(text) = NonEmpty::new(text) {
        r.notes.push(Note { kind, text });
    }
}

/// The model fields this format carries (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "short_title",
    "work_type",
    "original_title",
    "alternate_titles[translated]",
    "type",
    "date",
    "events[accessed]",
    "languages.original",
    "agents[translator]",
    "agents[translator].on_behalf_of",
    "agents[author]",
    "agents[obtained-by]",
    "agents[editor]",
    "agents[funder]",
    "agents[contributor]",
    "agents[transcriber]",
    "references",
    "publication.collection",
    "publication.publisher",
    "publication.place",
    "publication.url",
    "publication.record_id",
    "container.title",
    "container.short_title",
    "container.volume",
    "container.issue",
    "container.pages",
    "container.chapter",
    "series.title",
    "series.number",
    "edition",
    "number",
    "identifiers[doi]",
    "identifiers[isbn]",
    "identifiers[issn]",
    "identifiers[call-number]",
    "rights.statement",
    "summary",
    "notes[general]",
    "notes[stamp]",
    "notes[copy-number]",
    "notes[distribution]",
    "notes[classification]",
    "notes[annotation]",
    "notes[registration-number]",
    "keywords",
    // A prefix pattern: every value kept from a RIS input.
    "extra[ris:*",
];
