//! Reading MARCXML records into the model (see the module docs for the mapping).
//!
//! Fields archcite derives (`008`, `264`, `300`, `524`, `536`, `541`, `546`,
//! `561`) are read only where the field they come from is missing, so a
//! record written by archcite reads back from its own homes.

use std::collections::HashMap;

use url::Url;

use super::write::{self, SHORT_TITLE};
use super::{control_number, is_control, DataField, MARC_NS as NS, ROOTS};
use crate::error::RecordError;
use crate::formats::catalogue::{
    person_of_heading, repository_named, role_of_relator, role_of_term, shelf_levels,
};
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, AltTitle, ArchivalReference, Container, Contributor, DocumentType, EdtfDate, Event, EventKind,
    Extra, IdScheme, Identifier, LanguageTag, NonEmpty, Note, NoteKind, Organization, PartialDate, Person,
    Publication, Record, Related, Rights, Role, Series, TitleKind, WorkType,
};

/// Reads a MARCXML `<collection>` or a lone `<record>`.
pub struct MarcReader;

impl Reader for MarcReader {
    fn read(&self, source: Source) -> Records {
        xml::read_records(source, &ROOTS, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

/// A data field as read, with the offset of each subfield for errors.
pub(super) struct Field {
    inner: DataField,
    /// The field as written, ISBD punctuation and all: what is kept whole
    /// when archcite would not write it back the same.
    raw: DataField,
    offset: usize,
    tag: String,
}

impl Field {
    fn get(&self, code: char) -> Option<&str> {
        self.inner.subfields.iter().find(|(c, _)| *c == code).map(|(_, v)| v.as_str())
    }

    fn all(&self, code: char) -> impl Iterator<Item = &str> {
        self.inner.subfields.iter().filter(move |(c, _)| *c == code).map(|(_, v)| v.as_str())
    }

    fn ne(&self, code: char) -> Option<NonEmpty> {
        self.get(code).and_then(|v| NonEmpty::try_from(v.to_string()).ok())
    }
}

pub(super) struct Marc {
    leader: String,
    /// The leader as written (before Leader/18 says the punctuation is gone).
    raw_leader: String,
    control: Vec<(String, String)>,
    fields: Vec<Field>,
}

impl Marc {
    fn tagged<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.tag == tag)
    }

    fn first(&self, tag: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.tag == tag)
    }

    fn control(&self, tag: &str) -> Option<&str> {
        self.control.iter().find(|(t, _)| t == tag).map(|(_, v)| v.as_str())
    }
}

fn parse(e: &Element) -> Marc {
    let mut control = Vec::new();
    let mut fields = Vec::new();
    // A record without the MARC namespace has its fields without it too.
    let ns = if e.ns.is_empty() { "" } else { NS };
    let leader = e.first(ns, "leader").map(Element::text).unwrap_or_default();
    for child in e.elements() {
        let tag = child.attr("tag").unwrap_or("").to_string();
        if child.is(ns, "controlfield") {
            control.push((tag, child.text()));
        } else if child.is(ns, "datafield") {
            let ind = |name: &str| child.attr(name).and_then(|s| s.chars().next()).unwrap_or(' ');
            let subfields: Vec<(char, String)> = child
                .all(ns, "subfield")
                .map(|s| (s.attr("code").and_then(|c| c.chars().next()).unwrap_or(' '), s.text()))
                .collect();
            fields.push((DataField { tag, ind1: ind("ind1"), ind2: ind("ind2"), subfields }, child.offset));
        }
    }
    Marc::new(leader, control, fields)
}

impl Marc {
    /// A record from its leader, control fields and data fields as written,
    /// each data field with its offset in the input for errors.
    pub(super) fn new(
        leader: String,
        control: Vec<(String, String)>,
        written: Vec<(DataField, usize)>,
    ) -> Marc {
        // Leader/18 `a` or `i`: the text carries ISBD punctuation, which is not data.
        let isbd = matches!(leader.chars().nth(18), Some('a' | 'i'));
        let fields = written
            .into_iter()
            .map(|(raw, offset)| {
                let subfields = raw
                    .subfields
                    .iter()
                    .map(|(c, v)| if isbd { (*c, unpunctuated(v)) } else { (*c, v.clone()) })
                    .collect();
                let inner = DataField { subfields, ..raw.clone() };
                Field { tag: raw.tag.clone(), inner, raw, offset }
            })
            .collect();
        // The text is now without ISBD punctuation (18 `c`) and in UCS (09 `a`).
        let raw_leader = leader.clone();
        let leader = leader
            .chars()
            .enumerate()
            .map(|(i, c)| match i {
                9 => 'a',
                18 if isbd => 'c',
                _ => c,
            })
            .collect();
        Marc { leader, raw_leader, control, fields }
    }
}

/// Where a record was read from, to build errors that point into the input:
/// a line and column in MARCXML, a byte offset in binary MARC.
pub(super) trait Place {
    /// An error at an offset of the input.
    fn error(&self, offset: usize, message: String) -> RecordError;
    /// What the record is called in messages.
    fn record_name(&self) -> &'static str;
}

impl Place for Context {
    fn error(&self, offset: usize, message: String) -> RecordError {
        Context::error(self, offset, message)
    }

    fn record_name(&self) -> &'static str {
        "<record>"
    }
}

/// A subfield without the ISBD punctuation that ends it ("Herder," → "Herder").
fn unpunctuated(v: &str) -> String {
    let t = v.trim_end();
    let t = t.strip_suffix([',', ':', ';', '/', '=']).unwrap_or(t);
    // A full stop ends abbreviations too ("N."): drop it only after a word.
    let t = match t.strip_suffix('.') {
        Some(s) if s.chars().rev().take_while(|c| c.is_alphabetic()).count() > 1 => s,
        _ => t,
    };
    t.trim_end().to_string()
}

pub(crate) fn record(e: &Element, ctx: &Context) -> Result<Record> {
    from_marc(&parse(e), e.offset, ctx)
}

/// The record of a MARC record read from either serialisation.
pub(super) fn from_marc(m: &Marc, offset: usize, ctx: &dyn Place) -> Result<Record> {
    let originals = originals(m);
    let title_field = m.first("245");
    let (title, subtitle) = match title_field {
        Some(f) => {
            let parts: Vec<&str> = f.all('a').chain(f.all('k')).chain(f.all('n')).chain(f.all('p')).collect();
            (parts.join(". "), f.ne('b'))
        }
        None => {
            let fallback = ["880", "130", "240", "246"]
                .iter()
                .flat_map(|t| m.tagged(t))
                .find(|f| f.tag != "880" || f.get('6').is_some_and(|l| l.starts_with("245")))
                .and_then(|f| f.get('a'));
            (fallback.unwrap_or_default().to_string(), None)
        }
    };
    // A record without a 245 (or with an empty one) is an untitled document.
    let title = NonEmpty::try_from(title).ok();
    let mut r = Record { title, ..Record::untitled() };
    r.subtitle = subtitle;
    r.key = m.control("001").and_then(|v| NonEmpty::try_from(v.to_string()).ok());
    r.work_type = work_type(m);
    r.original_title = m
        .tagged("246")
        .find(|f| f.get('i').is_some_and(|i| i.starts_with("Original title")))
        .and_then(|f| f.ne('a'));
    r.document_type = m.first("655").and_then(|f| f.get('a')).and_then(DocumentType::parse_loose);
    r.date = date(ctx, m)?;
    r.languages = languages(m);
    titles(m, &mut r, &originals);
    r.agents = agents(m, &originals);
    r.events = events(ctx, m)?;
    r.references = m.tagged("852").filter(|f| archival_location(f, r.work_type)).map(reference).collect();
    r.publication = publication(m, r.work_type);
    r.rights = rights(m);
    r.summary = m.first("520").and_then(|f| f.ne('a'));
    r.notes = m.tagged("500").filter_map(|f| f.get('a')).filter_map(note).collect();
    r.subjects = subjects(m);
    r.places = m.tagged("651").filter_map(heading).collect();
    r.keywords =
        m.tagged("653").flat_map(|f| f.all('a').filter_map(NonEmpty::new).collect::<Vec<_>>()).collect();
    r.people = m.tagged("600").filter_map(|f| person(f, &originals)).collect();
    r.related = m.tagged("787").map(related).collect();
    r.published_sources = m.tagged("581").filter_map(|f| f.ne('a')).collect();
    described(m, &mut r);
    untitled_if_devised(&mut r);
    if r.is_blank() {
        return Err(ctx
            .error(offset, format!("{} holds no field: there is no record to read", ctx.record_name()))
            .help("give the record at least a title (245), a date, a name or an identifier, or remove it"));
    }
    // A number archcite made up for a record without a key is not a key.
    if r.key.as_deref().is_some_and(|k| k == control_number(&r)) {
        r.key = None;
    }
    r.extent = r.extent.take().filter(|e| Some(e.to_string()) != crate::formats::catalogue::extent(&r));
    r.extra = kept(m, &r);
    Ok(r)
}

/// A 245 marked as devised by a "Title devised by cataloguer" note is no title
/// of the document's own when it is the title archcite devises for the record
/// (the writer's bracketed title of an untitled record): the record is
/// untitled again, and the note goes. A title a cataloguer devised in other
/// words stays the title.
fn untitled_if_devised(r: &mut Record) {
    let Some(title) = &r.title else { return };
    let Some(at) =
        r.notes.iter().position(|n| n.kind == NoteKind::General && write::is_devised_note(&n.text))
    else {
        return;
    };
    if crate::formats::catalogue::is_devised_title(title, r) {
        r.title = None;
        r.notes.remove(at);
    }
}

/// What archcite's writer cannot give back from the model: the leader,
/// control and data fields it would not write as they are, kept whole.
fn kept(m: &Marc, r: &Record) -> Vec<Extra> {
    let g = write::generated(r);
    let mut out = Vec::new();
    if m.raw_leader.chars().count() == 24 && m.raw_leader != g.leader {
        out.extend(Extra::new("marcxml", "leader", m.raw_leader.clone()));
    }
    for (tag, value) in &m.control {
        let same = g.control.iter().any(|(t, v)| t == tag && v == value);
        if !same && (tag != "001" || r.key.is_none()) && is_control(tag) {
            out.extend(Extra::new("marcxml", tag, value.clone()));
        }
    }
    // Which generated field reproduces each input field exactly.
    let mut unused: Vec<bool> = vec![true; g.fields.len()];
    // Fields linked to a field in another script are kept with their link,
    // unless archcite would write every one of them as it is.
    let links: Vec<&DataField> = m
        .fields
        .iter()
        .filter(|f| f.tag == "880" || f.inner.subfields.iter().any(|(c, _)| *c == '6'))
        .map(|f| &f.raw)
        .collect();
    let mut pool: Vec<&DataField> = g.fields.iter().collect();
    let reproduced = links.iter().all(|l| match pool.iter().position(|g| g == l) {
        Some(i) => {
            pool.remove(i);
            true
        }
        None => false,
    });
    let linked = !links.is_empty() && !reproduced;
    let mut same: Vec<Option<usize>> = Vec::new();
    for f in &m.fields {
        let has_link = f.raw.subfields.iter().any(|(c, _)| *c == '6');
        let found = (!(linked && has_link))
            .then(|| (0..g.fields.len()).find(|&i| unused[i] && g.fields[i] == f.raw))
            .flatten();
        if let Some(i) = found {
            unused[i] = false;
        }
        same.push(found);
    }
    // A kept field takes the place of the generated field it begins like;
    // when that field reproduced another input field, that one is kept too.
    let mut keep: Vec<bool> = same.iter().map(Option::is_none).collect();
    for (k, f) in m.fields.iter().enumerate() {
        if !keep[k] {
            continue;
        }
        for (j, s) in same.iter().enumerate() {
            if let Some(i) = s {
                if keep[j] {
                    continue;
                }
                if write::replaces(&f.raw, &g.fields[*i]) {
                    keep[j] = true;
                    break;
                }
            }
        }
    }
    // Where one field of a tag is kept, every field of that tag is: they come
    // back in the order the input has them, and the next reading keeps the
    // same ones (a mix of kept and generated fields of one tag could trade
    // places from one round trip to the next).
    let kept_tags: Vec<&str> = m
        .fields
        .iter()
        .zip(&keep)
        .filter(|(f, k)| **k && f.tag != "880")
        .map(|(f, _)| f.tag.as_str())
        .collect();
    for (k, f) in keep.iter_mut().zip(&m.fields) {
        *k = *k || kept_tags.contains(&f.tag.as_str());
    }
    for (f, keep) in m.fields.iter().zip(keep) {
        if keep && !is_control(&f.tag) && f.tag.len() == 3 {
            out.extend(Extra::new("marcxml", &f.tag, f.raw.to_extra()));
        }
    }
    out
}

/// The work type from Leader/06-07, refined: a book with a dissertation note
/// or coded as a thesis in `008/24-27` is a thesis, a part of a book from a
/// conference a conference paper. An archival document as archcite writes
/// it (a manuscript with its holding archive or preferred citation) has none.
fn work_type(m: &Marc) -> Option<WorkType> {
    let l: Vec<u8> = m.leader.bytes().collect();
    let (l6, l7) = (*l.get(6)?, *l.get(7)?);
    if l6 == b't' && (m.first("852").is_some_and(|f| f.inner.ind1 == '8') || m.first("524").is_some()) {
        return None;
    }
    let base = WorkType::from_marc_leader(l6, l7)?;
    let fixed: Vec<char> = m.control("008").map(|f| f.chars().collect()).unwrap_or_default();
    let contents: String = fixed.get(24..28).map(|c| c.iter().collect()).unwrap_or_default();
    let conference = fixed.get(29) == Some(&'1') || m.first("111").is_some() || m.first("711").is_some();
    Some(match base {
        WorkType::Book if contents.contains('m') || m.first("502").is_some() => WorkType::Thesis,
        WorkType::Chapter if conference => WorkType::PaperConference,
        other => other,
    })
}

/// An `852` is an archival reference in archcite's own shape (`8_` with the
/// shelf mark in `$j`) or in an archival record; a library's holding of a
/// published work gives its call number instead.
fn archival_location(f: &Field, work_type: Option<WorkType>) -> bool {
    work_type.is_none() || f.get('j').is_some() || f.get('z').is_some()
}

/// A heading with its subdivisions joined by "--": "World War, 1939-1945--Campaigns".
fn heading(f: &Field) -> Option<NonEmpty> {
    let mut parts: Vec<String> = Vec::new();
    for (c, v) in &f.inner.subfields {
        let v = v.trim();
        match c {
            'v' | 'x' | 'y' | 'z' => parts.push(v.to_string()),
            'a' | 'b' | 'c' | 'd' | 't' | 'p' | 'n' => match parts.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(v);
                }
                None => parts.push(v.to_string()),
            },
            _ => {}
        }
    }
    NonEmpty::new(&parts.join("--"))
}

/// Subject headings: topical `650` (archcite's own `_4` and every thesaurus),
/// and names, titles, events and genres as subjects (`610`, `611`, `630`,
/// `648`), with their subdivisions.
fn subjects(m: &Marc) -> Vec<NonEmpty> {
    let mut out: Vec<NonEmpty> = Vec::new();
    for f in m.fields.iter().filter(|f| matches!(f.tag.as_str(), "610" | "611" | "630" | "648" | "650")) {
        if let Some(h) = heading(f) {
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    out
}

/// Uniform (`130`/`240`), abbreviated (`210`), variant (`246`) titles and the
/// title in another script (`880` linked to `245`).
fn titles(m: &Marc, r: &mut Record, originals: &HashMap<String, NonEmpty>) {
    let mut alt = |title: Option<NonEmpty>, kind: TitleKind, language: Option<LanguageTag>| {
        if let Some(title) = title {
            r.alternate_titles.push(AltTitle { title, language, kind: Some(kind) });
        }
    };
    for f in m.tagged("130").chain(m.tagged("240")) {
        alt(f.ne('a'), TitleKind::Uniform, None);
    }
    for f in m.tagged("210") {
        alt(f.ne('a'), TitleKind::Abbreviated, None);
    }
    if let Some(f) = m.first("245") {
        if let Some(original) = original_of(f, originals) {
            let lang = r.languages.original.first().or(r.languages.translation.first());
            let script = crate::formats::catalogue::script_of(&original);
            let language = match (lang, script) {
                (Some(l), Some(s)) => format!("{}-{s}", l.primary()).parse().ok(),
                _ => None,
            };
            alt(Some(original), TitleKind::OtherScript, language);
        }
    }
    for f in m.tagged("246") {
        let label = f.get('i').map(|i| i.trim().trim_end_matches(':').trim());
        let kind = match (label, f.inner.ind1, f.inner.ind2) {
            (Some(l), ..) if l.starts_with("Original title") => continue,
            (Some(l), ..) if format!("{l}:") == SHORT_TITLE => {
                r.short_title = r.short_title.take().or_else(|| f.ne('a'));
                continue;
            }
            (Some("Title"), ..) => None,
            (Some(l), ..) => TitleKind::parse_loose(l),
            (None, _, '1') => Some(TitleKind::Translated),
            _ => Some(TitleKind::Alternative),
        };
        if let Some(title) = f.ne('a') {
            r.alternate_titles.push(AltTitle { title, language: None, kind });
        }
    }
}

/// The bibliographic description: identifiers, edition, imprint, extent,
/// medium, series, host item.
fn described(m: &Marc, r: &mut Record) {
    for f in &m.fields {
        let id = |scheme: IdScheme, v: Option<&str>| v.and_then(|v| Identifier::new(scheme, v.trim()));
        let found = match f.tag.as_str() {
            "010" => id(IdScheme::Lccn, f.get('a')),
            "020" => id(IdScheme::Isbn, f.get('a').map(isbn)),
            "022" => id(IdScheme::Issn, f.get('a')),
            "024" => match f.inner.ind1 {
                '7' => f.get('2').and_then(IdScheme::parse_loose).and_then(|s| id(s, f.get('a'))),
                '0' => id(IdScheme::Isrc, f.get('a')),
                '2' => id(IdScheme::Ismn, f.get('a')),
                _ => None,
            },
            "035" => f.get('a').and_then(|a| a.strip_prefix("(OCoLC)")).and_then(|v| {
                let v = v.trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim();
                id(IdScheme::Oclc, Some(v))
            }),
            "050" | "055" | "060" | "090" | "099" => {
                let parts: Vec<&str> = f.all('a').take(1).chain(f.get('b')).map(str::trim).collect();
                id(IdScheme::CallNumber, Some(&parts.join(" ")))
            }
            "852" if !archival_location(f, r.work_type) => {
                let parts: Vec<&str> = f.get('h').into_iter().chain(f.get('i')).map(str::trim).collect();
                id(IdScheme::CallNumber, Some(&parts.join(" ")))
            }
            "773" => {
                r.identifiers.extend(f.get('x').and_then(|x| Identifier::new(IdScheme::Issn, x.trim())));
                r.identifiers.extend(f.get('z').and_then(|x| Identifier::new(IdScheme::Isbn, isbn(x))));
                None
            }
            _ => None,
        };
        if let Some(id) = found {
            r.add_identifier(id);
        }
    }
    r.identifiers.dedup();
    r.edition = m.first("250").and_then(|f| f.ne('a'));
    r.number = m.first("088").and_then(|f| f.ne('a'));
    r.original = m.first("534").and_then(original);
    r.extent = m.first("300").and_then(|f| {
        let mut s = f.all('a').collect::<Vec<_>>().join(" ");
        for (code, sep) in [('b', " : "), ('c', " ; "), ('e', " + ")] {
            if let Some(v) = f.get(code) {
                s.push_str(if s.is_empty() { "" } else { sep });
                s.push_str(v);
            }
        }
        NonEmpty::new(&s)
    });
    r.medium = m.first("338").and_then(|f| f.ne('a'));
    r.series =
        m.first("490").and_then(|f| Some(Series { title: f.ne('a')?, number: f.ne('v') })).or_else(|| {
            m.fields.iter().filter(|f| matches!(f.tag.as_str(), "800" | "810" | "811" | "830")).find_map(
                |f| {
                    let title = if f.tag == "830" { f.ne('a') } else { f.ne('t') }?;
                    Some(Series { title, number: f.ne('v') })
                },
            )
        });
    if let Some(h) = m.first("773").filter(|h| host_is_container(h, r.work_type)) {
        let mut c = Container {
            title: h.ne('t').or_else(|| h.ne('a')),
            short_title: h.ne('p'),
            ..Container::default()
        };
        if let Some(g) = h.get('g') {
            parts_of(g, &mut c);
        }
        r.container = c.non_empty();
    }
    // 264 _2 carries the date of the printing publication archcite writes.
    if let Some(c) = m.tagged("264").find(|f| f.inner.ind2 == '2').and_then(|f| f.get('c')) {
        r.issued = c.trim().parse().ok();
    }
}

/// `534` original version: `$t` title, `$c` "Place : Publisher, date".
fn original(f: &Field) -> Option<crate::model::OriginalPublication> {
    let mut o = crate::model::OriginalPublication { title: f.ne('t'), ..Default::default() };
    if let Some(c) = f.get('c') {
        let c = c.trim();
        let (rest, date) = match c.rsplit_once(", ") {
            Some((rest, d)) if d.trim().parse::<EdtfDate>().is_ok() => (rest, d.trim().parse().ok()),
            _ => match c.parse::<EdtfDate>() {
                Ok(d) => ("", Some(d)),
                Err(_) => (c, None),
            },
        };
        o.date = date;
        let (place, publisher) = match rest.split_once(" : ") {
            Some((pl, pb)) => (pl, pb),
            None => match rest.strip_suffix(" :") {
                Some(pl) => (pl, ""),
                None => ("", rest.strip_prefix(": ").unwrap_or(rest)),
            },
        };
        o.place = NonEmpty::new(place);
        o.publisher = NonEmpty::new(publisher);
    }
    o.non_empty()
}

/// An ISBN without the qualifier written after it ("0877790191 (pbk.)").
fn isbn(v: &str) -> &str {
    v.trim().split([' ', '(']).next().unwrap_or(v).trim_end_matches([':', ';'])
}

/// A `773` names a container (a journal, a book) when it says what the host
/// is (`$7`), where in it the work is (`$g`), its ISSN (`$x`), record (`$w`)
/// or the work has a type; archcite's archival `773` names a collection.
fn host_is_container(h: &Field, work_type: Option<WorkType>) -> bool {
    ['7', 'g', 'x', 'w', 'q'].iter().any(|c| h.get(*c).is_some())
        || (work_type.is_some() && h.get('d').is_none())
}

/// Volume, issue, chapter and pages from `773 $g` in its usual shapes: "Vol.
/// 5, no. 2 (2003), p. 95-101", "v. 12 (1998)", "5(2):95-101", "Bd. 3, S. 10-20".
fn parts_of(g: &str, c: &mut Container) {
    let g = g.trim();
    // "5(2):95-101"
    if let Some((vol, rest)) = g.split_once('(') {
        if let (Ok(_), Some((issue, pages))) = (vol.trim().parse::<u32>(), rest.split_once(')')) {
            c.volume = NonEmpty::new(vol.trim());
            c.issue = NonEmpty::new(issue.trim());
            c.pages = NonEmpty::new(pages.trim_start_matches(':').trim());
            return;
        }
    }
    for part in g.split([',', ';']) {
        let part = part.trim();
        // Drop a year in brackets ("no. 2 (2003)").
        let part = match part.split_once(" (") {
            Some((p, _)) => p.trim(),
            None => part,
        };
        let lower = part.to_lowercase();
        let value = |prefixes: &[&str]| {
            prefixes.iter().find_map(|p| lower.starts_with(p).then(|| part[p.len()..].trim().to_string()))
        };
        if let Some(v) = value(&["vol.", "vol ", "v.", "bd."]) {
            c.volume = NonEmpty::new(&v);
        } else if let Some(v) = value(&["no.", "nr.", "issue", "heft", "h.", "n."]) {
            c.issue = NonEmpty::new(&v);
        } else if let Some(v) = value(&["ch.", "chap."]) {
            c.chapter = NonEmpty::new(&v);
        } else if let Some(v) = value(&["pp.", "p.", "s.", "pages"]) {
            c.pages = NonEmpty::new(&v);
        }
    }
}

/// `046 $k/$l` when present, else the dates of `008`.
fn date(ctx: &dyn Place, m: &Marc) -> Result<Option<EdtfDate>> {
    let Some(f) = m.first("046").filter(|f| f.get('k').is_some() || f.get('l').is_some()) else {
        return Ok(m.control("008").and_then(fixed_date).or_else(|| imprint_year(m)));
    };
    let text = match (f.get('k'), f.get('l')) {
        (Some(k), None) => k.trim().to_string(),
        (k, l) => format!("{}/{}", k.unwrap_or("..").trim(), l.unwrap_or("..").trim()),
    };
    text.parse().map(Some).map_err(|e| {
        ctx.error(f.offset, format!("046: {e}")).help("write EDTF dates in $k and $l, e.g. 1969-04-14")
    })
}

/// The year of publication in `264 _1 $c` or `260 $c` ("c1998.", "[2003?]").
fn imprint_year(m: &Marc) -> Option<EdtfDate> {
    let f = m.tagged("264").find(|f| f.inner.ind2 == '1').or_else(|| m.first("260"))?;
    let c = f.get('c')?;
    let digits: Vec<char> = c.chars().collect();
    let year = digits.windows(4).find(|w| w.iter().all(char::is_ascii_digit))?;
    let year: i32 = year.iter().collect::<String>().parse().ok()?;
    Some(EdtfDate::Single(PartialDate::new(year, None, None, Default::default()).ok()?))
}

/// A single or detailed date from `008/06-14`.
fn fixed_date(f: &str) -> Option<EdtfDate> {
    let f: Vec<char> = f.chars().collect();
    let part = |a: usize, b: usize| f.get(a..b).map(|s| s.iter().collect::<String>());
    let Ok(year) = part(7, 11)?.parse::<i32>() else {
        // "192u": a decade, century or year known only in part.
        return crate::formats::catalogue::marc_year(&part(7, 11)?);
    };
    let date = match f.get(6)? {
        'e' => {
            let month = part(11, 13).and_then(|m| m.parse().ok());
            let day = part(13, 15).and_then(|d| d.parse().ok()).filter(|_| month.is_some());
            PartialDate::new(year, month, day, Default::default()).ok()?
        }
        // Single, multiple, continuing, reprint, publication and copyright,
        // questionable, ...: date 1 is the date of the work.
        's' | 'm' | 't' | 'r' | 'p' | 'c' | 'd' | 'u' | 'q' | 'i' | 'k' => {
            PartialDate::new(year, None, None, Default::default()).ok()?
        }
        _ => return None,
    };
    Some(EdtfDate::Single(date))
}

/// Languages from `041` (codes the format has run together, "freengger",
/// taken three letters at a time), else from `008/35-37`; a code that is not a
/// language is left to the field kept whole.
fn languages(m: &Marc) -> crate::model::Languages {
    let mut l = crate::model::Languages::default();
    let Some(f) = m.first("041") else {
        let code: String = m.control("008").map(|f| f.chars().skip(35).take(3).collect()).unwrap_or_default();
        l.original.extend(LanguageTag::from_code_or_name(&code));
        return l;
    };
    let tags = |code: char| -> Vec<LanguageTag> {
        f.all(code)
            .flat_map(|c| {
                let c = c.trim();
                if let Some(t) = LanguageTag::from_code_or_name(c).or_else(|| c.parse().ok()) {
                    return vec![t];
                }
                let chars: Vec<char> = c.chars().collect();
                if chars.len() % 3 == 0 && chars.iter().all(char::is_ascii_lowercase) {
                    chars
                        .chunks(3)
                        .filter_map(|k| LanguageTag::from_code_or_name(&k.iter().collect::<String>()))
                        .collect()
                } else {
                    vec![]
                }
            })
            .collect()
    };
    let (text, original) = (tags('a'), tags('h'));
    if original.is_empty() {
        l.original = text;
    } else {
        l.original = original;
        l.translation = text;
    }
    l
}

/// Original-script names from `880`, by the tag and link number of their field.
fn originals(m: &Marc) -> HashMap<String, NonEmpty> {
    m.tagged("880")
        .filter_map(|f| {
            let link = f.get('6')?;
            let key = link.split('/').next()?.to_string();
            Some((key, f.ne('a')?))
        })
        .collect()
}

/// The original-script name linked from a field's `$6 880-NN`.
fn original_of(f: &Field, originals: &HashMap<String, NonEmpty>) -> Option<NonEmpty> {
    let n = f.get('6')?.strip_prefix("880-")?;
    originals.get(&format!("{}-{}", f.tag, n.split('/').next()?)).cloned()
}

fn person(f: &Field, originals: &HashMap<String, NonEmpty>) -> Option<Person> {
    let heading = f.get('a')?.trim_end_matches(',');
    let mut p = person_of_heading(heading, f.inner.ind1 == '0')?;
    p.original_script = original_of(f, originals);
    Some(p)
}

/// Agents from `100`/`110`, then `700`, then `710` (`700`/`710` are
/// written in record order); funders named only in `536` are added.
fn agents(m: &Marc, originals: &HashMap<String, NonEmpty>) -> Vec<Contributor> {
    let mut out = Vec::new();
    for tag in ["100", "110", "111", "700", "710", "711"] {
        for f in m.tagged(tag) {
            let agent = if tag.ends_with("00") {
                person(f, originals).map(Agent::Person)
            } else {
                f.ne('a').map(|n| Agent::Organization(Organization::new(n)))
            };
            let Some(agent) = agent else { continue };
            let default = if tag.starts_with('1') { Role::Author } else { Role::Contributor };
            // Meetings write the relator term in `$j`.
            let term = if tag.ends_with("11") { f.get('j') } else { f.get('e') };
            let role = f.all('4').find_map(role_of_relator).or_else(|| term.and_then(role_of_term));
            let mut c = Contributor::new(role.unwrap_or(default), agent);
            c.on_behalf_of = f.ne('u');
            out.push(c);
        }
    }
    let mut r = Record::new(crate::ne!("-"));
    r.agents = out;
    for f in m.tagged("536") {
        if let Some(name) =
            f.get('a').map(|a| a.strip_prefix("Funded by ").unwrap_or(a)).and_then(NonEmpty::new)
        {
            r.add_funder(name);
        }
    }
    r.agents
}

fn events(ctx: &dyn Place, m: &Marc) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for f in m.tagged("518") {
        let (Some(kind), Some(d)) = (f.get('o').and_then(EventKind::parse_loose), f.get('d')) else {
            continue;
        };
        let date = d.trim().parse().map_err(|e| ctx.error(f.offset, format!("518 $d: {e}")))?;
        out.push(Event { kind, date, note: f.ne('a') });
    }
    Ok(out)
}

/// A `500` note: "Label: text" for the note kinds archcite knows.
fn note(text: &str) -> Option<Note> {
    let (kind, body) = match text.split_once(": ") {
        Some((label, body)) => match NoteKind::parse_loose(label) {
            Some(k) if !matches!(k, NoteKind::Other(_) | NoteKind::General) => (k, body),
            _ => (NoteKind::General, text),
        },
        None => (NoteKind::General, text),
    };
    Some(Note { kind, text: NonEmpty::try_from(body.to_string()).ok()? })
}

/// An `852` back into a reference: the repository from the registry (else
/// by name and place), the levels by parsing `$j`.
fn reference(f: &Field) -> ArchivalReference {
    let repository = f.ne('a').map(|name| repository_named(name, f.ne('e')));
    let mut reference = ArchivalReference { repository, levels: Vec::new(), raw: f.ne('z') };
    // Other catalogues put the call number in $h (classification) and $i (item).
    let call_number = || {
        let parts: Vec<&str> = f.get('h').into_iter().chain(f.get('i')).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let shelf = f.get('j').map(str::to_string).or_else(call_number).filter(|s| !s.trim().is_empty());
    if let Some(shelf) = shelf {
        reference.levels = shelf_levels(reference.repository.as_ref(), &shelf);
    }
    reference
}

fn url(value: &str) -> Option<Url> {
    Url::parse(value.trim()).ok()
}

fn publication(m: &Marc, work_type: Option<WorkType>) -> Option<Publication> {
    let mut p = Publication::default();
    if let Some(h) = m.first("773").filter(|h| !host_is_container(h, work_type)) {
        p.collection = h.ne('t');
        if let Some(d) = h.get('d') {
            let (place, publisher) = match d.split_once(" : ") {
                Some((pl, pb)) => (Some(pl), Some(pb)),
                None => match d.strip_suffix(" :") {
                    Some(pl) => (Some(pl), None),
                    None => (None, Some(d)),
                },
            };
            p.place = place.and_then(NonEmpty::new);
            p.publisher = publisher.and_then(NonEmpty::new);
        }
    }
    if let Some(f) = m.tagged("264").find(|f| f.inner.ind2 == '1').or_else(|| m.first("260")) {
        p.place = p.place.or_else(|| f.ne('a'));
        p.publisher = p.publisher.or_else(|| f.ne('b'));
    }
    p.record_id = m.tagged("024").find(|f| f.inner.ind1 == '8').and_then(|f| f.ne('a'));
    p.url = m.tagged("856").flat_map(|f| f.all('u')).find_map(url);
    p.non_empty()
}

fn rights(m: &Marc) -> Option<Rights> {
    let terms = m.first("540");
    let rights = Rights {
        statement: terms.and_then(|f| f.ne('a')),
        license: terms.and_then(|f| f.get('u')).and_then(url),
        holder: m.first("542").and_then(|f| f.ne('d')),
    };
    rights.non_empty()
}

fn related(f: &Field) -> Related {
    Related { title: f.ne('t'), url: f.get('o').and_then(url), record_id: f.ne('w') }
}
