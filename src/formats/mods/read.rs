//! Reading MODS records into the model (see the module docs for the mapping).
//!
//! Text is taken as written so what archcite wrote comes back unchanged; notes
//! archcite derives (preferred citation, funding, ...) are skipped.

use url::Url;

use super::{
    AS_WRITTEN, DERIVED_NOTES, ISSUED, KEYWORDS, MODS_NS as NS, ORIGINAL_TITLE, REPORT_NUMBER, REPRINTED_IN,
    RIGHTS_HOLDER, ROOTS,
};
use crate::error::RecordError;
use crate::formats::catalogue::{
    self, person_of_heading, repository_named, role_of_relator, role_of_term, shelf_levels,
};
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, AltTitle, ArchivalReference, Certainty, Container, Contributor, DocumentType, EdtfDate, Event,
    EventKind, IdScheme, Identifier, LanguageTag, Languages, NameOrder, NonEmpty, Note, NoteKind,
    Organization, OriginalPublication, PartialDate, Person, Publication, Record, Related, Rights, Role,
    Series, TitleKind, WorkType,
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
    let main = m.all(NS, "titleInfo").find(|t| t.attr("type").is_none()).or_else(|| m.first(NS, "titleInfo"));
    // A record without a title (no titleInfo, or an empty one) is an
    // untitled document.
    let title = main.and_then(|main| {
        let mut title = main.first(NS, "nonSort").map(Element::text).unwrap_or_default();
        title.push_str(&main.first(NS, "title")?.text());
        for part in main.all(NS, "partNumber").chain(main.all(NS, "partName")) {
            title.push_str(". ");
            title.push_str(part.text().trim());
        }
        ne(title)
    });
    let mut r = Record { title, ..Record::untitled() };
    r.subtitle = main.and_then(|main| main.first(NS, "subTitle")).and_then(|t| ne(t.text()));
    r.original_title = m
        .all(NS, "titleInfo")
        .find(|t| t.attr("displayLabel") == Some(ORIGINAL_TITLE))
        .and_then(|t| t.first(NS, "title"))
        .and_then(|t| ne(t.text()));
    titles(m, main, &mut r);
    r.agents = m.all(NS, "name").filter_map(contributor).collect();
    r.work_type = work_type(m);
    r.document_type = m
        .all(NS, "genre")
        .find(|g| !matches!(g.attr("authority"), Some("csl" | "marcgt")))
        .and_then(|g| DocumentType::parse_loose(&g.text()));
    origin(ctx, m, &mut r)?;
    r.languages = languages(m);
    r.summary = m.first(NS, "abstract").and_then(|a| ne(a.text()));
    r.notes = m.all(NS, "note").filter_map(note).collect();
    r.rights = rights(m);
    subjects(m, &mut r);
    r.references = m.all(NS, "location").filter_map(reference).collect();
    r.publication = publication(m, r.work_type, r.publication.take());
    related(m, &mut r);
    described(m, &mut r);
    r.key = m.path(NS, &["recordInfo", "recordIdentifier"]).and_then(|k| ne(k.text()));
    // A title marked as supplied that is the one archcite devises for an
    // untitled record gives the untitled record back; a cataloguer's own
    // supplied title stays the title.
    let supplied = main.is_some_and(|t| t.attr("supplied") == Some("yes"));
    if supplied && r.title.as_ref().is_some_and(|t| catalogue::is_devised_title(t, &r)) {
        r.title = None;
    }
    if r.is_blank() {
        return Err(ctx.empty(m));
    }
    r.extra = super::kept::kept(m, &r);
    Ok(r)
}

/// Other titles: `abbreviated` is the short title; `alternative` (archcite's
/// display labels name their kind), `translated`, `uniform`; a title in
/// another script (`@script`, or `@altRepGroup` beside the main title).
fn titles(m: &Element, main: Option<&Element>, r: &mut Record) {
    for t in m.all(NS, "titleInfo").filter(|t| !main.is_some_and(|main| std::ptr::eq(*t, main))) {
        let Some(title) = t.first(NS, "title").and_then(|x| ne(x.text())) else { continue };
        let label = t.attr("displayLabel");
        if label == Some(ORIGINAL_TITLE) {
            continue;
        }
        let script = t.attr("script");
        let kind = match (t.attr("type"), label) {
            (Some("abbreviated"), _) if r.short_title.is_none() => {
                r.short_title = Some(title);
                continue;
            }
            (Some("abbreviated"), _) => Some(TitleKind::Abbreviated),
            (Some("translated"), _) => Some(TitleKind::Translated),
            (Some("uniform"), _) => Some(TitleKind::Uniform),
            (_, Some(l)) => TitleKind::parse_loose(l),
            (None, None) if script.is_some() || t.attr("altRepGroup").is_some() => {
                Some(TitleKind::OtherScript)
            }
            (Some("alternative"), None) => None,
            _ => Some(TitleKind::Alternative),
        };
        let language = match (t.attr("lang"), script) {
            (Some(l), Some(s)) => {
                LanguageTag::parse_loose(l).and_then(|l| format!("{}-{s}", l.primary()).parse().ok())
            }
            (Some(l), None) => LanguageTag::parse_loose(l),
            _ => None,
        };
        r.alternate_titles.push(AltTitle { title, language, kind });
    }
}

/// The work type: archcite's CSL genre, a genre of the MARC list or another
/// known term, else `typeOfResource` refined by the host item and issuance.
/// An archival document as archcite writes it (a manuscript with a preferred
/// citation or a holding archive) has none.
fn work_type(m: &Element) -> Option<WorkType> {
    let resource = m.first(NS, "typeOfResource");
    let manuscript = resource.is_some_and(|t| t.attr("manuscript") == Some("yes"));
    let archival = m.all(NS, "note").any(|n| n.attr("type") == Some("preferred citation"))
        || m.all(NS, "location").any(|l| l.first(NS, "physicalLocation").is_some());
    if manuscript && archival {
        return None;
    }
    if let Some(t) =
        m.all(NS, "genre").find_map(|g| WorkType::parse_loose(&g.text()).filter(|t| *t != WorkType::Document))
    {
        return Some(t);
    }
    let resource = resource.map(Element::text)?;
    let typed = WorkType::parse_loose(&resource);
    if typed.is_some_and(|t| t != WorkType::Document) {
        return if manuscript { Some(WorkType::Manuscript) } else { typed };
    }
    let host = m.all(NS, "relatedItem").find(|r| r.attr("type") == Some("host"));
    let issuance = m.all(NS, "originInfo").find_map(|o| o.first(NS, "issuance")).map(Element::text);
    Some(match (host, issuance.as_deref()) {
        _ if manuscript => WorkType::Manuscript,
        (Some(h), _)
            if h.path(NS, &["part", "detail"])
                .is_some_and(|d| d.attr("type") == Some("issue") || d.attr("type") == Some("volume")) =>
        {
            WorkType::ArticleJournal
        }
        (Some(h), _) if h.first(NS, "part").is_some() => WorkType::Chapter,
        (_, Some("continuing" | "serial" | "integrating resource")) => WorkType::Periodical,
        (_, Some("monographic" | "single unit" | "multipart monograph")) => WorkType::Book,
        _ => typed?,
    })
}

/// Identifiers, extent and medium, container, series, original, edition.
fn described(m: &Element, r: &mut Record) {
    for id in m.all(NS, "identifier").filter(|i| i.attr("invalid").is_none()) {
        let Some(kind) = id.attr("type") else { continue };
        // Local identifiers stay with their element, kept whole.
        if kind.starts_with("local") {
            continue;
        }
        if kind == REPORT_NUMBER {
            r.number = r.number.take().or_else(|| ne(id.text()));
            continue;
        }
        let scheme = match kind {
            "hdl" => IdScheme::Handle,
            other => match IdScheme::parse_loose(other) {
                Some(s) => s,
                None => continue,
            },
        };
        if let Some(i) = Identifier::new(scheme, id.text().trim()) {
            r.add_identifier(i);
        }
    }
    if let Some(pd) = m.first(NS, "physicalDescription") {
        r.extent = pd.first(NS, "extent").and_then(|e| ne(e.text()));
        r.medium = pd.first(NS, "form").and_then(|e| ne(e.text()));
    }
    r.extent = r.extent.take().filter(|e| Some(e.to_string()) != crate::formats::catalogue::extent(r));
    r.edition = m.all(NS, "originInfo").find_map(|o| o.first(NS, "edition")).and_then(|e| ne(e.text()));
    for item in m.all(NS, "relatedItem") {
        let title = || item.path(NS, &["titleInfo", "title"]).and_then(|t| ne(t.text()));
        match item.attr("type") {
            Some("host") if is_container(item, r.work_type) && r.container.is_none() => {
                let mut c = Container { title: title(), ..Container::default() };
                c.short_title = item
                    .all(NS, "titleInfo")
                    .find(|t| t.attr("type") == Some("abbreviated"))
                    .and_then(|t| t.first(NS, "title"))
                    .and_then(|t| ne(t.text()));
                if c.short_title.is_some() && c.title == c.short_title {
                    c.title = None;
                }
                for part in item.all(NS, "part") {
                    for d in part.all(NS, "detail") {
                        let n = d
                            .first(NS, "number")
                            .or_else(|| d.first(NS, "caption"))
                            .and_then(|n| ne(n.text()));
                        match d.attr("type") {
                            Some("volume") => c.volume = c.volume.take().or(n),
                            Some("issue" | "number") => c.issue = c.issue.take().or(n),
                            Some("chapter" | "section") => c.chapter = c.chapter.take().or(n),
                            _ => {}
                        }
                    }
                    if let Some(e) = part.first(NS, "extent") {
                        let text = |n: &str| {
                            e.first(NS, n).map(|x| x.text().trim().to_string()).filter(|x| !x.is_empty())
                        };
                        c.pages = match (text("start"), text("end"), text("list")) {
                            (Some(a), Some(b), _) => NonEmpty::new(&format!("{a}-{b}")),
                            (Some(a), None, _) => NonEmpty::new(&a),
                            (_, _, Some(l)) => NonEmpty::new(&l),
                            _ => None,
                        };
                    }
                }
                r.container = c.non_empty();
            }
            Some("series") if r.series.is_none() => {
                let number = item
                    .path(NS, &["titleInfo", "partNumber"])
                    .or_else(|| item.path(NS, &["part", "detail", "number"]))
                    .and_then(|n| ne(n.text()));
                r.series = title().map(|title| Series { title, number });
            }
            Some("original") if r.original.is_none() => {
                let info = item.first(NS, "originInfo");
                let o = OriginalPublication {
                    title: title(),
                    date: info
                        .and_then(|i| i.first(NS, "dateIssued").or_else(|| i.first(NS, "dateCreated")))
                        .and_then(|d| EdtfDate::parse_loose(&d.text())),
                    publisher: info.and_then(|i| i.first(NS, "publisher")).and_then(|e| ne(e.text())),
                    place: info.and_then(|i| i.path(NS, &["place", "placeTerm"])).and_then(|e| ne(e.text())),
                };
                r.original = o.non_empty();
            }
            _ => {}
        }
    }
}

/// A host item is a container (a journal, a book) when it says where in it
/// the work is (`part`) or the work is published; archcite's host of an
/// archival document is its digital collection.
fn is_container(item: &Element, work_type: Option<WorkType>) -> bool {
    item.first(NS, "part").is_some() || (work_type.is_some() && item.first(NS, "originInfo").is_none())
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
    let mut issued = None;
    for info in m.all(NS, "originInfo") {
        let created: Vec<&Element> = info.all(NS, "dateCreated").collect();
        if !created.is_empty() && r.date.is_none() {
            r.date = date(ctx, &created)?;
        }
        let dates: Vec<&Element> = info.all(NS, "dateIssued").collect();
        if !dates.is_empty() {
            if info.attr("eventType") == Some(ISSUED) {
                r.issued = r.issued.take().or(date(ctx, &dates)?);
            } else if issued.is_none() {
                issued = date(ctx, &dates)?;
            }
        }
        if r.publication.is_none()
            && (info.first(NS, "publisher").is_some() || info.first(NS, "place").is_some())
        {
            let p = Publication {
                publisher: info.first(NS, "publisher").and_then(|e| ne(e.text())),
                place: info
                    .all(NS, "place")
                    .flat_map(|pl| pl.all(NS, "placeTerm"))
                    .find(|t| t.attr("type") != Some("code"))
                    .and_then(|e| ne(e.text())),
                ..Publication::default()
            };
            r.publication = p.non_empty();
        }
        if !created.is_empty() {
            continue;
        }
        let other: Vec<&Element> = info.all(NS, "dateOther").collect();
        let kind = info.attr("eventType").and_then(EventKind::parse_loose);
        if let (Some(kind), false) = (kind, other.is_empty()) {
            let note = info.attr("displayLabel").and_then(|n| ne(n.to_string()));
            if let Some(date) = date(ctx, &other)? {
                r.events.push(Event { kind, date, note });
            }
        }
    }
    // The date of a published work is when it was issued; a document with a
    // date of its own was issued (printed) later.
    match (&r.date, issued) {
        (None, d) => r.date = d,
        (Some(_), Some(d)) if r.issued.is_none() && Some(&d) != r.date.as_ref() => r.issued = Some(d),
        _ => {}
    }
    Ok(())
}

/// A date from its points: one element without `@point`, or start and end.
/// A date in words ("ca. 1920", "[1887?]") is read as well as it can be;
/// one that cannot be read stays in the element kept whole. A date that
/// declares an encoding must keep to it.
fn date(ctx: &Context, points: &[&Element]) -> Result<Option<EdtfDate>> {
    let points: Vec<&Element> = points
        .iter()
        .copied()
        .filter(|e| e.attr("encoding").is_some() || e.attr("keyDate").is_some())
        .collect::<Vec<_>>()
        .into_iter()
        .chain(points.iter().copied())
        .collect();
    let find = |p: &str| points.iter().find(|e| e.attr("point") == Some(p));
    let strict = |e: &Element| e.attr("encoding").is_some();
    match (find("start"), find("end")) {
        (None, None) => {
            let e = points[0];
            if e.attr("encoding") == Some("marc") {
                // MARC's own form: "192u" is a year of the 1920s.
                if let Some(d) = crate::formats::catalogue::marc_year(&e.text()) {
                    return Ok(Some(d));
                }
            }
            if strict(e) {
                return Ok(Some(EdtfDate::Single(partial(ctx, e)?)));
            }
            let text = e.text();
            Ok(partial(ctx, e)
                .ok()
                .map(EdtfDate::Single)
                .or_else(|| EdtfDate::parse_loose(&text))
                .or_else(|| crate::formats::catalogue::year_in(&text)))
        }
        (a, b) => {
            let point = |e: Option<&&Element>| -> Result<Option<PartialDate>> {
                match e {
                    // MARC's "9999" as the last date: the resource goes on (an open end).
                    Some(e) if e.attr("encoding") == Some("marc") && e.text().trim() == "9999" => Ok(None),
                    Some(e) if strict(e) => partial(ctx, e).map(Some),
                    Some(e) => Ok(partial(ctx, e).ok()),
                    None => Ok(None),
                }
            };
            let (a, b) = (point(a)?, point(b)?);
            Ok((a.is_some() || b.is_some()).then_some(EdtfDate::Interval(a, b)))
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

fn languages(m: &Element) -> Languages {
    let mut l = Languages::default();
    for lang in m.all(NS, "language") {
        let Some(term) = lang.all(NS, "languageTerm").find(|t| t.attr("type") != Some("text")) else {
            continue;
        };
        let Some(tag) = LanguageTag::parse_loose(&term.text()) else { continue };
        match lang.attr("objectPart") {
            Some("translation") => l.translation.push(tag),
            _ => l.original.push(tag),
        }
    }
    l
}

fn note(n: &Element) -> Option<Note> {
    let kind = match n.attr("type") {
        None => NoteKind::General,
        Some(t) if DERIVED_NOTES.contains(&t) => return None,
        Some(t) => NoteKind::parse_loose(t)?,
    };
    Some(Note { kind, text: ne(n.text())? })
}

fn url(value: &str) -> Option<Url> {
    Url::parse(value.trim()).ok()
}

fn rights(m: &Element) -> Option<Rights> {
    let mut rights = Rights { statement: None, license: None, holder: None };
    for a in m.all(NS, "accessCondition") {
        if a.attr("displayLabel") == Some(RIGHTS_HOLDER) {
            rights.holder = ne(a.text());
            continue;
        }
        if rights.statement.is_none() && rights.license.is_none() {
            rights.statement = ne(a.text());
            rights.license = a.attr_ns(super::XLINK_NS, "href").and_then(url);
        }
    }
    rights.non_empty()
}

fn subjects(m: &Element, r: &mut Record) {
    let mut last_group: Option<&str> = None;
    for s in m.all(NS, "subject") {
        if s.attr("displayLabel") == Some(KEYWORDS) {
            r.keywords.extend(s.all(NS, "topic").filter_map(|t| ne(t.text())));
            continue;
        }
        // The parallel subject of the one before, naming its person in
        // the original script (`altRepGroup` and `script`).
        let group = s.attr("altRepGroup");
        if group.is_some() && group == last_group && s.attr("script").is_some() {
            let name = s.first(NS, "name").and_then(|n| n.first(NS, "namePart")).and_then(|n| ne(n.text()));
            if let (Some(last), Some(name)) = (r.people.last_mut(), name) {
                last.original_script = Some(name);
                last_group = None;
                continue;
            }
        }
        last_group = group;
        for e in s.elements() {
            match e.name.as_str() {
                "topic" | "temporal" | "genre" | "occupation" => r.subjects.extend(ne(e.text())),
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

fn publication(
    m: &Element,
    work_type: Option<WorkType>,
    imprint: Option<Publication>,
) -> Option<Publication> {
    let mut p = imprint.unwrap_or_default();
    let host =
        m.all(NS, "relatedItem").find(|r| r.attr("type") == Some("host") && !is_container(r, work_type));
    if let Some(host) = host {
        p.collection = host.path(NS, &["titleInfo", "title"]).and_then(|t| ne(t.text()));
        if let Some(info) = host.first(NS, "originInfo") {
            p.publisher = p.publisher.or_else(|| info.first(NS, "publisher").and_then(|e| ne(e.text())));
            p.place = p.place.or_else(|| info.path(NS, &["place", "placeTerm"]).and_then(|e| ne(e.text())));
        }
    }
    p.record_id =
        m.all(NS, "identifier").find(|i| i.attr("type") == Some("local")).and_then(|i| ne(i.text()));
    p.url = m.all(NS, "location").flat_map(|l| l.all(NS, "url")).find_map(|u| url(&u.text()));
    p.non_empty()
}

fn related(m: &Element, r: &mut Record) {
    for item in m.all(NS, "relatedItem") {
        let title = item.path(NS, &["titleInfo", "title"]).and_then(|t| ne(t.text()));
        match item.attr("type") {
            Some("host" | "series" | "original") => {}
            _ if item.attr("displayLabel") == Some(REPRINTED_IN) => r.published_sources.extend(title),
            _ => {
                let record_id = item.first(NS, "identifier").and_then(|i| ne(i.text()));
                let url = item.path(NS, &["location", "url"]).and_then(|u| url(&u.text()));
                r.related.push(Related { title, url, record_id });
            }
        }
    }
}
