//! Reading MODS records into the model (see the module docs for the mapping).
//!
//! Text is taken as written so what archcite wrote comes back unchanged; notes
//! archcite derives (preferred citation, funding, ...) are skipped.

use url::Url;

use super::{AS_WRITTEN, DERIVED_NOTES, MODS_NS as NS, ORIGINAL_TITLE, REPRINTED_IN, RIGHTS_HOLDER, ROOTS};
use crate::error::RecordError;
use crate::formats::catalogue::{
    person_of_heading, repository_named, role_of_relator, role_of_term, shelf_levels,
};
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag,
    Languages, NameOrder, NonEmpty, Note, NoteKind, Organization, PartialDate, Person, Publication, Record,
    Related, Rights, Role,
};

/// Reads a `mods` record or a `modsCollection` of them.
pub struct ModsReader;

impl Reader for ModsReader {
    fn read(&self, source: Source) -> Records {
        xml::read_records(source, &ROOTS, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

fn ne(s: String) -> Option<NonEmpty> {
    NonEmpty::try_from(s).ok()
}

pub(crate) fn record(m: &Element, ctx: &Context) -> Result<Record> {
    let main = m
        .all(NS, "titleInfo")
        .find(|t| t.attr("type").is_none())
        .or_else(|| m.first(NS, "titleInfo"))
        .ok_or_else(|| ctx.missing(m, "titleInfo"))?;
    let title_el = main.first(NS, "title").ok_or_else(|| ctx.missing(main, "title"))?;
    let title = ne(title_el.text()).ok_or_else(|| ctx.error(title_el.offset, "the title is empty"))?;
    let mut r = Record::new(title);
    r.original_title = m
        .all(NS, "titleInfo")
        .find(|t| t.attr("displayLabel") == Some(ORIGINAL_TITLE))
        .and_then(|t| t.first(NS, "title"))
        .and_then(|t| ne(t.text()));
    r.agents = m.all(NS, "name").filter_map(contributor).collect();
    r.document_type = m.first(NS, "genre").and_then(|g| DocumentType::parse_loose(&g.text()));
    origin(ctx, m, &mut r)?;
    r.languages = languages(ctx, m)?;
    r.summary = m.first(NS, "abstract").and_then(|a| ne(a.text()));
    r.notes = m.all(NS, "note").filter_map(note).collect();
    r.rights = rights(ctx, m)?;
    subjects(m, &mut r);
    r.references = m.all(NS, "location").filter_map(reference).collect();
    r.publication = publication(ctx, m)?;
    related(ctx, m, &mut r)?;
    r.key = m.path(NS, &["recordInfo", "recordIdentifier"]).and_then(|k| ne(k.text()));
    Ok(r)
}

// ---------------------------------------------------------------- names

fn contributor(name: &Element) -> Option<Contributor> {
    let agent = match name.attr("type") {
        Some("corporate") | Some("conference") | Some("family") => {
            let parts: Vec<String> = name.all(NS, "namePart").map(Element::text).collect();
            Agent::Organization(Organization::new(NonEmpty::new(&parts.join(". "))?))
        }
        _ => Agent::Person(person(name)?),
    };
    let role = name.all(NS, "role").flat_map(|r| r.all(NS, "roleTerm")).fold(None, |found, t| {
        let this = match t.attr("type") {
            Some("code") => role_of_relator(&t.text()),
            _ => role_of_term(&t.text()),
        };
        // A code outranks a text term.
        if t.attr("type") == Some("code") {
            this.or(found)
        } else {
            found.or(this)
        }
    });
    let mut c = Contributor::new(role.unwrap_or(Role::Contributor), agent);
    c.on_behalf_of = name.first(NS, "affiliation").and_then(|a| ne(a.text()));
    Some(c)
}

/// A person from typed `namePart`s (their order is the display order), or from
/// one untyped part written "Family, Given".
fn person(name: &Element) -> Option<Person> {
    let part =
        |kind: &str| name.all(NS, "namePart").find(|p| p.attr("type") == Some(kind)).map(Element::text);
    let mut p = match (part("family"), part("given")) {
        (Some(family), given) => {
            let mut p = Person::new(ne(family)?, given.and_then(ne));
            let first =
                name.all(NS, "namePart").find(|p| p.attr("type").is_some()).and_then(|p| p.attr("type"));
            if p.given.is_some() && first == Some("family") {
                p.name_order = NameOrder::FamilyFirst;
            }
            p
        }
        (None, _) => {
            let whole: Vec<String> =
                name.all(NS, "namePart").filter(|p| p.attr("type").is_none()).map(Element::text).collect();
            person_of_heading(&whole.join(" "), false)?
        }
    };
    p.original_script = name
        .all(NS, "alternativeName")
        .find(|a| a.attr("altType") == Some("original script"))
        .and_then(|a| a.first(NS, "namePart"))
        .and_then(|n| ne(n.text()));
    Some(p)
}

// ---------------------------------------------------------------- dates

fn origin(ctx: &Context, m: &Element, r: &mut Record) -> Result<()> {
    for info in m.all(NS, "originInfo") {
        let created: Vec<&Element> = info.all(NS, "dateCreated").collect();
        if !created.is_empty() && r.date.is_none() {
            r.date = Some(date(ctx, &created)?);
            continue;
        }
        let other: Vec<&Element> = info.all(NS, "dateOther").collect();
        let kind = info.attr("eventType").and_then(EventKind::parse_loose);
        if let (Some(kind), false) = (kind, other.is_empty()) {
            let note = info.attr("displayLabel").and_then(|n| ne(n.to_string()));
            r.events.push(Event { kind, date: date(ctx, &other)?, note });
        }
    }
    Ok(())
}

/// A date from its points: one element without `@point`, or start and end.
fn date(ctx: &Context, points: &[&Element]) -> Result<EdtfDate> {
    let find = |p: &str| points.iter().find(|e| e.attr("point") == Some(p));
    match (find("start"), find("end")) {
        (None, None) => Ok(EdtfDate::Single(partial(ctx, points[0])?)),
        (a, b) => {
            let a = a.map(|e| partial(ctx, e)).transpose()?;
            let b = b.map(|e| partial(ctx, e)).transpose()?;
            Ok(EdtfDate::Interval(a, b))
        }
    }
}

fn partial(ctx: &Context, e: &Element) -> Result<PartialDate> {
    let text = e.text();
    let d: PartialDate = text.trim().parse().map_err(|err| {
        ctx.error(e.offset, format!("<{}>: {err}", e.name))
            .help("write W3CDTF dates: YYYY, YYYY-MM or YYYY-MM-DD")
    })?;
    if d.certainty() != Certainty::Exact {
        return Ok(d);
    }
    Ok(match e.attr("qualifier") {
        Some("approximate") => d.with_certainty(Certainty::Approximate),
        Some("questionable") | Some("inferred") => d.with_certainty(Certainty::Uncertain),
        _ => d,
    })
}

// ---------------------------------------------------------------- languages, notes, rights

fn languages(ctx: &Context, m: &Element) -> Result<Languages> {
    let mut l = Languages::default();
    for lang in m.all(NS, "language") {
        let Some(term) = lang.all(NS, "languageTerm").find(|t| t.attr("type") != Some("text")) else {
            continue;
        };
        let code = term.text();
        let tag = LanguageTag::parse_loose(&code)
            .ok_or_else(|| ctx.error(term.offset, format!("`{code}` is not a language code")))?;
        match lang.attr("objectPart") {
            Some("translation") => l.translation.push(tag),
            _ => l.original.push(tag),
        }
    }
    Ok(l)
}

fn note(n: &Element) -> Option<Note> {
    let kind = match n.attr("type") {
        None => NoteKind::General,
        Some(t) if DERIVED_NOTES.contains(&t) => return None,
        Some(t) => NoteKind::parse_loose(t)?,
    };
    Some(Note { kind, text: ne(n.text())? })
}

fn url(ctx: &Context, e: &Element, value: &str) -> Result<Url> {
    Url::parse(value.trim())
        .map_err(|err| ctx.error(e.offset, format!("`{value}` is not an absolute URL: {err}")))
}

fn rights(ctx: &Context, m: &Element) -> Result<Option<Rights>> {
    let mut rights = Rights { statement: None, license: None, holder: None };
    for a in m.all(NS, "accessCondition") {
        if a.attr("displayLabel") == Some(RIGHTS_HOLDER) {
            rights.holder = ne(a.text());
            continue;
        }
        if rights.statement.is_none() && rights.license.is_none() {
            rights.statement = ne(a.text());
            rights.license = a.attr_ns(super::XLINK_NS, "href").map(|h| url(ctx, a, h)).transpose()?;
        }
    }
    Ok(rights.non_empty())
}

fn subjects(m: &Element, r: &mut Record) {
    for s in m.all(NS, "subject") {
        for e in s.elements() {
            match e.name.as_str() {
                "topic" => r.subjects.extend(ne(e.text())),
                "geographic" => r.places.extend(ne(e.text())),
                "name" => r.people.extend(person(e)),
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------- where

/// A `location` with a repository or a shelf mark; the URL's location is not one.
fn reference(loc: &Element) -> Option<ArchivalReference> {
    let repository =
        loc.first(NS, "physicalLocation").and_then(|p| ne(p.text())).map(|name| repository_named(name, None));
    let raw = loc
        .path(NS, &["holdingSimple", "copyInformation"])
        .and_then(|c| c.all(NS, "note").find(|n| n.attr("type") == Some(AS_WRITTEN)))
        .and_then(|n| ne(n.text()));
    let shelf = loc.first(NS, "shelfLocator").map(Element::text).filter(|s| !s.trim().is_empty());
    if repository.is_none() && shelf.is_none() && raw.is_none() {
        return None;
    }
    let levels = shelf.map(|s| shelf_levels(repository.as_ref(), &s)).unwrap_or_default();
    Some(ArchivalReference { repository, levels, raw })
}

fn publication(ctx: &Context, m: &Element) -> Result<Option<Publication>> {
    let mut p = Publication { collection: None, publisher: None, place: None, url: None, record_id: None };
    if let Some(host) = m.all(NS, "relatedItem").find(|r| r.attr("type") == Some("host")) {
        p.collection = host.path(NS, &["titleInfo", "title"]).and_then(|t| ne(t.text()));
        if let Some(info) = host.first(NS, "originInfo") {
            p.publisher = info.first(NS, "publisher").and_then(|e| ne(e.text()));
            p.place = info.path(NS, &["place", "placeTerm"]).and_then(|e| ne(e.text()));
        }
    }
    p.record_id =
        m.all(NS, "identifier").find(|i| i.attr("type") == Some("local")).and_then(|i| ne(i.text()));
    let link = m.all(NS, "location").flat_map(|l| l.all(NS, "url")).next();
    p.url = link.map(|u| url(ctx, u, &u.text())).transpose()?;
    Ok(p.non_empty())
}

fn related(ctx: &Context, m: &Element, r: &mut Record) -> Result<()> {
    for item in m.all(NS, "relatedItem") {
        let title = item.path(NS, &["titleInfo", "title"]).and_then(|t| ne(t.text()));
        match item.attr("type") {
            Some("host") => {}
            _ if item.attr("displayLabel") == Some(REPRINTED_IN) => r.published_sources.extend(title),
            _ => {
                let record_id = item.first(NS, "identifier").and_then(|i| ne(i.text()));
                let link = item.path(NS, &["location", "url"]);
                let url = link.map(|u| url(ctx, u, &u.text())).transpose()?;
                r.related.push(Related { title, url, record_id });
            }
        }
    }
    Ok(())
}
