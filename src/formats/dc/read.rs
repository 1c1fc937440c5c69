//! Reading simple and qualified Dublin Core back into records, keeping what
//! Dublin Core can carry (see the module docs for what it cannot).

use url::Url;

use super::{role_of_label, Flavor, DCTERMS_NS, DC_NS, QUALIFIED_ROOTS, SIMPLE_ROOTS};
use crate::error::RecordError;
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag, NonEmpty,
    Note, NoteKind, Organization, Record, Related, Role,
};

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

/// What one record has said so far, element by element.
#[derive(Default)]
struct Fields {
    titles: Vec<NonEmpty>,
    dates: Vec<String>,
    rights_text: Vec<NonEmpty>,
    relations: Vec<(String, bool)>,
}

pub(crate) fn record(root: &Element, ctx: &Context) -> Result<Record> {
    let mut fields = Fields::default();
    let mut r = Record::new(crate::ne!("untitled"));
    for e in root.elements() {
        if e.ns != DC_NS && e.ns != DCTERMS_NS {
            let message = format!("<{}> is not a Dublin Core element", e.name);
            return Err(ctx.error(e.offset, message).help("only dc: and dcterms: elements may appear here"));
        }
        let Some(value) = ne(e.text()) else { continue };
        element(ctx, e, value, &mut r, &mut fields)?;
    }
    let mut titles = fields.titles.into_iter();
    r.title = titles.next().ok_or_else(|| ctx.missing(root, "dc:title"))?;
    r.original_title = r.original_title.or(titles.next());
    // The last date that parses as EDTF says the most: it follows the W3CDTF one.
    r.date = fields.dates.iter().rev().find_map(|d| EdtfDate::parse_loose(d));
    if r.date.is_none() {
        // Dates in words ("Spring 1969") are kept, never dropped.
        let kept = fields.dates.iter().filter_map(|d| NonEmpty::new(d));
        r.notes.extend(
            kept.map(|text| Note { kind: NoteKind::parse_loose("date").unwrap_or(NoteKind::General), text }),
        );
    }
    finish_rights(&mut r, fields.rights_text);
    finish_relations(&mut r, fields.relations);
    Ok(r)
}

fn element(ctx: &Context, e: &Element, value: NonEmpty, r: &mut Record, f: &mut Fields) -> Result<()> {
    match e.name.as_str() {
        "title" => f.titles.push(value),
        "alternative" => r.original_title = Some(value),
        "creator" => r.agents.push(Contributor::new(Role::Author, agent(value, false))),
        "contributor" => r.agents.push(contributor(&value)),
        "subject" => r.subjects.push(value),
        "abstract" => r.summary = Some(value),
        "description" => description(value, r),
        "publisher" => r.publication_mut().publisher = Some(value),
        "date" | "created" => f.dates.push(value.to_string()),
        "type" if value.as_str() != "Text" => r.document_type = DocumentType::parse_loose(&value),
        "identifier" => identifier(value, r),
        "source" => r.references.push(reference(value)),
        "language" => language(ctx, e, &value, r)?,
        "isPartOf" => r.publication_mut().collection = Some(value),
        "relation" => f.relations.push((value.to_string(), Url::parse(&value).is_ok())),
        "coverage" | "spatial" => r.places.push(value),
        "rights" => f.rights_text.push(value),
        "license" => r.rights_mut().license = Some(url(ctx, e, &value)?),
        "rightsHolder" => r.rights_mut().holder = Some(value),
        _ => {}
    }
    Ok(())
}

fn url(ctx: &Context, e: &Element, value: &str) -> Result<Url> {
    Url::parse(value.trim())
        .map_err(|err| ctx.error(e.offset, format!("`{value}` is not an absolute URL: {err}")))
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
    Contributor::new(role, agent(name, role == Role::Funder))
}

/// "Family, Given" is a person; anything else (and every funder) an organisation.
fn agent(name: NonEmpty, organisation: bool) -> Agent {
    match Agent::from_inverted(&name) {
        Some(person @ Agent::Person(_)) if !organisation => person,
        _ => Agent::Organization(Organization::new(name)),
    }
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

fn identifier(value: NonEmpty, r: &mut Record) {
    match Url::parse(&value) {
        Ok(u) => r.publication_mut().url = Some(u),
        Err(_) => r.publication_mut().record_id = Some(value),
    }
}

/// `en`, `en_US`, `eng`, `English`, `русский`: a language; anything else is
/// kept as a note rather than refusing the record.
fn language(_ctx: &Context, _e: &Element, value: &str, r: &mut Record) -> Result<()> {
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
    Ok(())
}

/// Untyped `dc:rights`: a URL is the licence, the first text the statement,
/// a second text the holder (qualified DC names the holder itself).
fn finish_rights(r: &mut Record, texts: Vec<NonEmpty>) {
    for text in texts {
        if let Ok(u) = Url::parse(&text) {
            r.rights_mut().license.get_or_insert(u);
            continue;
        }
        let rights = r.rights_mut();
        if rights.statement.is_none() {
            rights.statement = Some(text);
        } else if rights.holder.is_none() {
            rights.holder = Some(text);
        }
    }
}

/// `dc:relation`: URLs are related records; the first other text is the
/// collection when qualified DC has not named it with `dcterms:isPartOf`.
fn finish_relations(r: &mut Record, relations: Vec<(String, bool)>) {
    let mut collection_known = r.publication.as_ref().is_some_and(|p| p.collection.is_some());
    for (text, is_url) in relations {
        let Some(value) = NonEmpty::new(&text) else { continue };
        if is_url {
            r.related.push(Related { title: None, url: Url::parse(&text).ok(), record_id: None });
        } else if !collection_known {
            r.publication_mut().collection = Some(value);
            collection_known = true;
        } else {
            r.related.push(Related { title: Some(value), url: None, record_id: None });
        }
    }
}

/// A `dc:source` back into structure through the reference parser; text it does
/// not fully understand is kept whole as the reference's raw form.
fn reference(value: NonEmpty) -> ArchivalReference {
    let parsed = crate::refparse::parse_line(&value);
    match <[ArchivalReference; 1]>::try_from(parsed.references) {
        Ok([mut found]) if parsed.unparsed.trim().is_empty() && parsed.credits.is_empty() => {
            found.raw = Some(value);
            found
        }
        _ => ArchivalReference { repository: None, levels: Vec::new(), raw: Some(value) },
    }
}
