//! Reading simple and qualified Dublin Core back into records: each value
//! typed when its element and shape say what it is, else kept in `extra`
//! (format `dc` or `dcterms`, field = the element's local name, with its
//! `xsi:type` in brackets) to be written back.

use url::Url;

use super::shape::{self, IdShape};
use super::write::{citation as derived_citation, provenance as derived_provenance};
use super::{role_of_label, Flavor, DCTERMS_NS, DC_NS, QUALIFIED_ROOTS, SIMPLE_ROOTS};
use crate::error::RecordError;
use crate::formats::xml::{self, Context, Element, XSI_NS};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, AltTitle, ArchivalReference, Contributor, DocumentType, EdtfDate, Event, EventKind, Extra,
    LanguageTag, NonEmpty, Note, NoteKind, Organization, Record, Related, Role, TitleKind, WorkType,
};

/// The XML namespace (`xml:lang`).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The DCMI Type Vocabulary.
pub(crate) const DCMI_TYPES: &[&str] = &[
    "Collection",
    "Dataset",
    "Event",
    "Image",
    "InteractiveResource",
    "MovingImage",
    "PhysicalObject",
    "Service",
    "Software",
    "Sound",
    "StillImage",
    "Text",
];

/// Reads Dublin Core records: one, or a `<records>` batch.
pub struct DcReader {
    flavor: Flavor,
}

impl DcReader {
    /// `oai_dc:dc`.
    pub fn simple() -> Self {
        DcReader { flavor: Flavor::Simple }
    }

    /// `qualifieddc`.
    pub fn qualified() -> Self {
        DcReader { flavor: Flavor::Qualified }
    }
}

impl Reader for DcReader {
    fn read(&self, source: Source) -> Records {
        let roots = match self.flavor {
            Flavor::Simple => &SIMPLE_ROOTS,
            Flavor::Qualified => &QUALIFIED_ROOTS,
        };
        xml::read_records(source, roots, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

fn ne(s: String) -> Option<NonEmpty> {
    NonEmpty::try_from(s).ok()
}

/// `xml:lang` of an element.
fn lang(e: &Element) -> Option<LanguageTag> {
    e.attr_ns(XML_NS, "lang").or(e.attr("xml:lang")).and_then(LanguageTag::parse_loose)
}

/// What one record has said so far, element by element.
#[derive(Default)]
struct Fields {
    titles: Vec<(NonEmpty, Option<LanguageTag>)>,
    alternatives: Vec<(NonEmpty, Option<LanguageTag>)>,
    /// `dc:date` / `dcterms:created`: element name and text.
    dates: Vec<(String, String)>,
    issued: Vec<String>,
    types: Vec<(String, NonEmpty)>,
    rights_text: Vec<(String, NonEmpty)>,
    relations: Vec<(String, NonEmpty)>,
    sources: Vec<(String, NonEmpty)>,
    citations: Vec<(String, NonEmpty)>,
    provenance: Vec<(String, NonEmpty)>,
}

pub(crate) fn record(root: &Element, ctx: &Context) -> Result<Record> {
    let flavor = if root.name == "qualifieddc" { Flavor::Qualified } else { Flavor::Simple };
    let mut fields = Fields::default();
    let mut r = Record::untitled();
    let mut extra = Vec::new();
    let mut as_read: Vec<(String, String)> = Vec::new();
    for e in root.elements() {
        if e.ns != DC_NS && e.ns != DCTERMS_NS {
            // Aggregators add their own elements (DPLA's `originalRecord`,
            // Europeana's `edm:preview`): kept by their namespace and name.
            if e.ns.is_empty() {
                let message = format!("<{}> is not a Dublin Core element", e.name);
                return Err(ctx
                    .error(e.offset, message)
                    .help("only dc: and dcterms: elements may appear here"));
            }
            if let Some(value) = ne(e.text()) {
                extra.push((format!("{{{}}}{}", e.ns, e.name), value.to_string()));
            }
            continue;
        }
        let Some(value) = ne(e.text()) else { continue };
        let prefix = if e.ns == DC_NS { "dc" } else { "dcterms" };
        as_read.push((format!("{prefix}:{}", e.name), value.to_string()));
        let field = field_name(e);
        if let Some(kept) = element(e, value, &field, &mut r, &mut fields) {
            extra.push((field, kept));
        }
    }
    let mut titles = fields.titles.into_iter();
    // An untitled document (a set description, an unnamed letter) is read
    // without a title; only a record with nothing in it is refused.
    r.title = titles.next().map(|(title, _)| title);
    finish_titles(&mut r, titles.collect(), fields.alternatives);
    finish_dates(&mut r, fields.dates, fields.issued, &mut extra);
    finish_sources(&mut r, fields.sources, &mut extra);
    finish_rights(&mut r, fields.rights_text, &mut extra);
    finish_relations(&mut r, fields.relations);
    finish_types(&mut r, fields.types, &mut extra);
    // Citations and custody statements derived from other fields are what the
    // writer adds; others are the record's own.
    for (field, text) in fields.citations {
        match shape::citation(&text) {
            Some(c) if r.container.is_none() => r.container = Some(c),
            _ if text.as_str() == derived_citation(&r) => {}
            _ => extra.push((field, text.to_string())),
        }
    }
    let derived = derived_provenance(&r);
    for (field, text) in fields.provenance {
        if !derived.iter().any(|d| d == text.as_str()) {
            extra.push((field, text.to_string()));
        }
    }
    let format = match flavor {
        Flavor::Simple => "dc",
        Flavor::Qualified => "dcterms",
    };
    r.extra.extend(extra.into_iter().filter_map(|(field, value)| Extra::new(format, &field, value)));
    if r.is_blank() {
        return Err(ctx.empty(root));
    }
    let markers = super::as_read::markers(flavor, &r, &as_read);
    r.extra.extend(markers);
    Ok(r)
}

/// The element's local name, with its `xsi:type` in brackets when it has one.
fn field_name(e: &Element) -> String {
    match e.attr_ns(XSI_NS, "type") {
        Some(t) => format!("{}[{t}]", e.name),
        None => e.name.clone(),
    }
}

/// Type one element's value; what has no field is given back to keep as extra.
fn element(e: &Element, value: NonEmpty, field: &str, r: &mut Record, f: &mut Fields) -> Option<String> {
    let scheme = e.attr_ns(XSI_NS, "type");
    let keep = |v: &NonEmpty| Some(v.to_string());
    match e.name.as_str() {
        "title" => f.titles.push((value, lang(e))),
        "alternative" => f.alternatives.push((value, lang(e))),
        "creator" => r.agents.push(Contributor::new(Role::Author, shape::agent(value))),
        "contributor" => r.agents.push(contributor(&value)),
        "subject" => {
            let classification =
                scheme.is_some_and(|s| ["DDC", "UDC", "LCC", "NLM"].iter().any(|c| s.ends_with(c)));
            if classification || shape::is_classification(&value) {
                return keep(&value);
            }
            r.subjects.push(value)
        }
        "abstract" if r.summary.is_none() => r.summary = Some(value),
        "description" => description(value, r),
        "publisher" if r.publication.as_ref().is_none_or(|p| p.publisher.is_none()) => {
            r.publication_mut().publisher = Some(value)
        }
        "date" | "created" => f.dates.push((field.to_string(), value.to_string())),
        "issued" => f.issued.push(value.to_string()),
        "type" => f.types.push((field.to_string(), value)),
        "identifier" => return identifier(value, r),
        "bibliographicCitation" => f.citations.push((field.to_string(), value)),
        "source" => f.sources.push((field.to_string(), value)),
        "language" => language(&value, r),
        "isPartOf" => match shape::citation(&value) {
            Some(c) if r.container.is_none() => r.container = Some(c),
            _ if r.publication.as_ref().is_none_or(|p| p.collection.is_none()) => {
                r.publication_mut().collection = Some(value)
            }
            _ => return keep(&value),
        },
        "relation" => f.relations.push((field.to_string(), value)),
        "coverage" if is_date_like(&value) => return keep(&value),
        "coverage" | "spatial" => r.places.push(value),
        "rights" => f.rights_text.push((field.to_string(), value)),
        "license" => match Url::parse(value.trim()) {
            Ok(u) if r.rights.as_ref().is_none_or(|x| x.license.is_none()) => {
                r.rights_mut().license = Some(u)
            }
            _ => return keep(&value),
        },
        "rightsHolder" if r.rights.as_ref().is_none_or(|x| x.holder.is_none()) => {
            r.rights_mut().holder = Some(value)
        }
        "format" if shape::is_mime(&value) => return keep(&value),
        "format" | "extent" if r.extent.is_none() && shape::is_extent(&value) => r.extent = Some(value),
        "format" | "medium" if r.medium.is_none() && !value.chars().all(|c| c.is_ascii_digit()) => {
            r.medium = Some(value)
        }
        "extent" if r.extent.is_none() => r.extent = Some(value),
        "provenance" => f.provenance.push((field.to_string(), value)),
        _ => return keep(&value),
    }
    None
}

/// "Goldberg, Gary (translator)": a role label in parentheses at the end.
/// A label with no name before it (" (translator)") is no credit at all, and
/// the whole text is kept as the name rather than dropped.
fn contributor(text: &NonEmpty) -> Contributor {
    let labelled = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
        .and_then(|(name, label)| Some((NonEmpty::new(name)?, role_of_label(label)?)));
    let (name, role) = labelled.unwrap_or_else(|| (text.clone(), Role::Contributor));
    let agent = match role {
        Role::Funder => Agent::Organization(Organization::new(name)),
        _ => shape::agent(name),
    };
    Contributor::new(role, agent)
}

/// A description is an event ("Registered 1969-06-10: Nº 362"), a note
/// ("Stamp: ..."), or else the summary (the first one) or a general note.
fn description(value: NonEmpty, r: &mut Record) {
    if let Some(event) = event(&value) {
        r.events.push(event);
        return;
    }
    if let Some((label, text)) = value.split_once(": ") {
        let kind = NoteKind::parse_loose(label).filter(|k| !matches!(k, NoteKind::Other(_)));
        if let (Some(kind), Some(text)) = (kind, NonEmpty::new(text)) {
            r.notes.push(Note { kind, text });
            return;
        }
    }
    if r.summary.is_none() && r.notes.is_empty() && r.events.is_empty() {
        r.summary = Some(value);
    } else {
        r.notes.push(Note { kind: NoteKind::General, text: value });
    }
}

fn event(value: &str) -> Option<Event> {
    let (label, rest) = value.split_once(' ')?;
    let kind = EventKind::parse_loose(label).filter(|k| !matches!(k, EventKind::Other(_)))?;
    let (date, note) = match rest.split_once(": ") {
        Some((d, n)) => (d, NonEmpty::new(n)),
        None => (rest, None),
    };
    Some(Event { kind, date: date.parse().ok()?, note })
}

/// An identifier by its shape: typed identifiers, the first URL as the
/// record's address, the first plain token as its record ID; the rest kept.
fn identifier(value: NonEmpty, r: &mut Record) -> Option<String> {
    match shape::identifier(&value) {
        IdShape::Typed(id, url) => {
            if let Some(u) = url {
                if r.publication.as_ref().is_none_or(|p| p.url.is_none()) {
                    r.publication_mut().url = Some(u);
                }
            }
            if r.identifiers.contains(&id) {
                return Some(value.to_string());
            }
            r.add_identifier(id);
        }
        IdShape::Url(u) if r.publication.as_ref().is_none_or(|p| p.url.is_none()) => {
            r.publication_mut().url = Some(u)
        }
        IdShape::Text
            if r.publication.as_ref().is_none_or(|p| p.record_id.is_none())
                && !value.trim().contains([' ', ',', ';']) =>
        {
            r.publication_mut().record_id = Some(NonEmpty::new(&value).unwrap_or(value))
        }
        _ => return Some(value.to_string()),
    }
    None
}

/// `en`, `en_US`, `eng`, `English`, `русский`: a language; anything else is
/// kept as a note rather than refusing the record.
fn language(value: &str, r: &mut Record) {
    match LanguageTag::parse_loose(value) {
        Some(tag) if !r.languages.original.contains(&tag) => r.languages.original.push(tag),
        Some(_) => {}
        None => {
            r.notes.extend(NonEmpty::new(value).map(|text| Note {
                kind: NoteKind::parse_loose("language").unwrap_or(NoteKind::General),
                text,
            }))
        }
    }
}

/// Second `dc:title` is the original title; `dcterms:alternative` the original
/// title when there is no second `dc:title`, else alternative titles.
fn finish_titles(
    r: &mut Record,
    titles: Vec<(NonEmpty, Option<LanguageTag>)>,
    alternatives: Vec<(NonEmpty, Option<LanguageTag>)>,
) {
    let mut titles = titles.into_iter();
    let mut alternatives = alternatives.into_iter();
    r.original_title = titles.next().or_else(|| alternatives.next()).map(|(t, _)| t);
    for (title, language) in titles {
        r.alternate_titles.push(AltTitle { title, language, kind: None });
    }
    for (title, language) in alternatives {
        r.alternate_titles.push(AltTitle { title, language, kind: Some(TitleKind::Alternative) });
    }
}

/// A DCMI Period ("start=1969-04; end=1969-06; scheme=W3C-DTF;") as an interval.
fn period(text: &str) -> Option<EdtfDate> {
    let mut start = None;
    let mut end = None;
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        match k.trim() {
            "start" => start = Some(v.trim().parse().ok()?),
            "end" => end = Some(v.trim().parse().ok()?),
            "scheme" | "name" => {}
            _ => return None,
        }
    }
    if start.is_none() && end.is_none() {
        return None;
    }
    Some(EdtfDate::Interval(start, end))
}

/// A date, a DCMI period or a span of years ("1910-1919"): a temporal coverage.
fn is_date_like(text: &str) -> bool {
    let t = text.trim();
    let years = t.split(['-', '–', '/']).map(str::trim).collect::<Vec<_>>();
    EdtfDate::parse_loose(t).is_some()
        || period(t).is_some()
        || (years.len() <= 2
            && years.iter().all(|y| (3..=4).contains(&y.len()) && y.chars().all(|c| c.is_ascii_digit())))
}

/// True for a date with a time of day (a system timestamp rather than the work's date).
fn has_time(text: &str) -> bool {
    text.trim().get(10..).is_some_and(|t| t.starts_with(['T', ' ']))
}

/// The work's date: the first `dc:date` (or `dcterms:created`) that is a date
/// rather than a timestamp, refined by an EDTF form of the same date that
/// follows it; a timestamp only when there is nothing else (its full text kept).
/// `dcterms:issued` is the date when nothing else dates the work, else `issued`.
/// Every other date is kept as written.
fn finish_dates(
    r: &mut Record,
    dates: Vec<(String, String)>,
    issued: Vec<String>,
    extra: &mut Vec<(String, String)>,
) {
    let parsed: Vec<Option<EdtfDate>> =
        dates.iter().map(|(_, t)| period(t).or_else(|| EdtfDate::parse_loose(t))).collect();
    let chosen = (0..dates.len())
        .find(|&i| parsed[i].is_some() && !has_time(&dates[i].1))
        .or_else(|| (0..dates.len()).find(|&i| parsed[i].is_some()));
    let mut used = vec![false; dates.len()];
    if let Some(i) = chosen {
        let mut date = parsed[i].clone().expect("chosen parses");
        used[i] = !has_time(&dates[i].1);
        let plain = super::w3cdtf(&date);
        if let Some(j) = (i + 1..dates.len()).find(|&j| {
            parsed[j].as_ref().is_some_and(|d| {
                *d != date && super::w3cdtf(d) == plain && d.to_string() == dates[j].1.trim()
            })
        }) {
            date = parsed[j].clone().expect("parses");
            used[j] = true;
        }
        r.date = Some(date);
    }
    let mut issued = issued.into_iter();
    if r.date.is_none() {
        if let Some(text) = issued.next() {
            match EdtfDate::parse_loose(&text) {
                Some(d) => {
                    if has_time(&text) {
                        extra.push(("issued".into(), text));
                    }
                    r.date = Some(d)
                }
                None => extra.push(("issued".into(), text)),
            }
        }
    } else if let Some(text) = issued.next() {
        match EdtfDate::parse_loose(&text) {
            Some(d) if !has_time(&text) => r.issued = Some(d),
            _ => extra.push(("issued".into(), text)),
        }
    }
    for text in issued {
        extra.push(("issued".into(), text));
    }
    for (k, (field, text)) in dates.into_iter().enumerate() {
        if !used[k] {
            extra.push((field, text));
        }
    }
}

/// `dc:source`: a citation of a journal issue is the container; an archival
/// reference (read back through the reference parser) a reference; other
/// text a published source.
fn finish_sources(r: &mut Record, sources: Vec<(String, NonEmpty)>, extra: &mut Vec<(String, String)>) {
    for (field, value) in sources {
        if let Some(c) = shape::citation(&value) {
            if r.container.is_none() {
                r.container = Some(c);
                continue;
            }
        }
        if field != "source" {
            extra.push((field, value.to_string()));
            continue;
        }
        match reference(&value) {
            Some(found) => r.references.push(found),
            None => r.published_sources.push(value),
        }
    }
}

/// Untyped `dc:rights`: a URL is the licence, the first text the statement,
/// a second text the holder (qualified DC names the holder itself).
fn finish_rights(r: &mut Record, texts: Vec<(String, NonEmpty)>, extra: &mut Vec<(String, String)>) {
    for (field, text) in texts {
        if let Ok(u) = Url::parse(&text) {
            if r.rights.as_ref().is_none_or(|x| x.license.is_none()) {
                r.rights_mut().license = Some(u);
            } else {
                extra.push((field, text.to_string()));
            }
            continue;
        }
        let rights = r.rights_mut();
        if rights.statement.is_none() {
            rights.statement = Some(text);
        } else if rights.holder.is_none() {
            rights.holder = Some(text);
        } else {
            extra.push((field, text.to_string()));
        }
    }
}

/// `dc:relation`: URLs are related records; the first other text is the
/// collection when qualified DC has not named it with `dcterms:isPartOf`.
fn finish_relations(r: &mut Record, relations: Vec<(String, NonEmpty)>) {
    let mut collection_known = r.publication.as_ref().is_some_and(|p| p.collection.is_some());
    for (_, value) in relations {
        if let Ok(u) = Url::parse(&value) {
            r.related.push(Related { title: None, url: Some(u), record_id: None });
        } else if !collection_known {
            r.publication_mut().collection = Some(value);
            collection_known = true;
        } else {
            r.related.push(Related { title: Some(value), url: None, record_id: None });
        }
    }
}

/// `dc:type`: a DCMI type, a work type (CSL name, repository vocabularies), or
/// the genre. An archival record (one with an archive's reference) has no
/// work type: its types are its genre.
fn finish_types(r: &mut Record, types: Vec<(String, NonEmpty)>, extra: &mut Vec<(String, String)>) {
    let archival = r.references.iter().any(|x| x.repository.is_some());
    let mut dcmi: Option<(String, NonEmpty)> = None;
    for (field, value) in types {
        let v = value.trim();
        if v.eq_ignore_ascii_case("text") {
            continue;
        }
        if DCMI_TYPES.iter().any(|t| t.eq_ignore_ascii_case(v)) && dcmi.is_none() {
            dcmi = Some((field, value));
            continue;
        }
        let work = (!archival).then(|| WorkType::parse_loose(v)).flatten();
        match work {
            Some(w) if r.work_type.is_none() => {
                r.work_type = Some(w);
                let canonical =
                    |s: &str| s.eq_ignore_ascii_case(w.csl()) || s.eq_ignore_ascii_case(w.label());
                if !canonical(v) {
                    if r.document_type.is_none() {
                        r.document_type = DocumentType::parse_loose(v);
                    } else {
                        extra.push((field, value.to_string()));
                    }
                }
            }
            _ if r.document_type.is_none() => r.document_type = DocumentType::parse_loose(v),
            _ => extra.push((field, value.to_string())),
        }
    }
    // "Text" is what the writer says of every record; another DCMI type types
    // a work that says nothing more, or is kept.
    if let Some((field, value)) = dcmi {
        let written = r.work_type.map_or("Text", |w| w.row().dcmi);
        if value.trim() != written {
            match WorkType::parse_loose(&value) {
                Some(w) if r.work_type.is_none() && !archival && value.trim() != "Text" => {
                    r.work_type = Some(w)
                }
                _ if value.trim().eq_ignore_ascii_case("text") && r.work_type.is_none() => {}
                _ => extra.push((field, value.to_string())),
            }
        }
    }
}

/// A `dc:source` back into structure through the reference parser; `None`
/// when it names no archive.
fn reference(value: &NonEmpty) -> Option<ArchivalReference> {
    let parsed = crate::refparse::parse_line(value);
    match <[ArchivalReference; 1]>::try_from(parsed.references) {
        Ok([mut found]) if parsed.unparsed.trim().is_empty() && parsed.credits.is_empty() => {
            found.raw = Some(value.clone());
            Some(found)
        }
        Ok([found]) if found.repository.is_some() => {
            Some(ArchivalReference { repository: None, levels: Vec::new(), raw: Some(value.clone()) })
        }
        _ => None,
    }
}
