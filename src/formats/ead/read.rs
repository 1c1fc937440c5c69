//! Reading an EAD3 finding aid: every item-level component becomes a record
//! with the reference its ancestors give it (see the module docs).

use super::{AS_CITED, EAD2002_NS, EAD3_NS, ROOTS, XLINK_NS};
use crate::error::RecordError;
use crate::formats::xml::{Context, Element, RecordElements};
use crate::formats::{Reader, Records, Source, Warning, Warnings};
use crate::model::{
    Agent, ArchivalReference, Contributor, CountryCode, DocumentType, EdtfDate, Event, EventKind,
    LanguageTag, Level, LevelKind, NameOrder, NonEmpty, Note, NoteKind, Organization, Person, Record,
    Repository, Role,
};

/// Reads EAD3 finding aids.
pub struct EadReader;

impl Reader for EadReader {
    fn read(&self, source: Source) -> Records {
        let warnings = source.warnings.clone();
        match RecordElements::new(source, &ROOTS) {
            Err(e) => Box::new(std::iter::once(Err(e))),
            Ok(elements) => Box::new(elements.flat_map(move |item| match item {
                Err(e) => vec![Err(e)],
                Ok((ead, ctx)) => finding_aid(&ead, &ctx, &warnings),
            })),
        }
    }
}

/// What the ancestors of a component say about it.
#[derive(Clone, Default)]
struct Inherited {
    repository: Option<Repository>,
    levels: Vec<Level>,
}

/// An element of EAD3, of EAD 2002, or of either without its namespace
/// (EAD 2002 as the DTD has it).
fn is_ead(e: &Element) -> bool {
    e.ns == EAD3_NS || e.ns == EAD2002_NS || e.ns.is_empty()
}

fn children<'a>(e: &'a Element, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    e.elements().filter(move |c| c.name == name && is_ead(c))
}

fn child<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    e.elements().find(|c| c.name == name && is_ead(c))
}

/// The kind an element gives itself: EAD3's `@localtype`, EAD 2002's `@type`.
fn localtype(e: &Element) -> Option<&str> {
    e.attr("localtype").or_else(|| e.attr("type"))
}

std::thread_local! {
    /// The finding aid being read was written by archcite, which writes
    /// every value as the record holds it: its text is read verbatim.
    static VERBATIM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// An element's text: archcite's own value elements as written, spaces and
/// line breaks and all (it writes every value inline); an element holding
/// others, and another tool's text, trimmed and with its white space
/// collapsed (pretty-printing is not the text's).
fn clean(e: &Element) -> Option<NonEmpty> {
    let text = e.text();
    if VERBATIM.get() && e.elements().next().is_none() {
        return NonEmpty::try_from(text).ok();
    }
    NonEmpty::new(text.split_whitespace().collect::<Vec<_>>().join(" ").as_str())
}

/// The text of an element's paragraphs, a blank line between two, lines
/// kept: archcite's own as written (an empty paragraph too), another tool's
/// trimmed.
fn paragraphs(e: &Element) -> Option<NonEmpty> {
    let texts = children(e, "p").map(|p| p.text());
    if VERBATIM.get() {
        return NonEmpty::try_from(texts.collect::<Vec<_>>().join("\n\n")).ok();
    }
    let kept: Vec<String> = texts.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    NonEmpty::new(&kept.join("\n\n"))
}

/// A term: its `part`s (each read as a value) joined as subject headings
/// join them ("North Carolina -- History"); its own text when it has none.
fn parts(e: &Element) -> Option<NonEmpty> {
    joined(e, " -- ")
}

/// A name: its `part`s joined as a body and its subordinate units are
/// ("University of Minnesota. Children's Literature Research Collections").
fn name_parts(e: &Element) -> Option<NonEmpty> {
    joined(e, ". ")
}

fn joined(e: &Element, separator: &str) -> Option<NonEmpty> {
    let parts: Vec<NonEmpty> = children(e, "part").filter_map(clean).collect();
    let mut out = String::new();
    for p in &parts {
        if !out.is_empty() {
            // A part that ends in a full stop needs no second one.
            let sep = if separator == ". " && out.ends_with('.') { " " } else { separator };
            out.push_str(sep);
        }
        out.push_str(p);
    }
    if parts.is_empty() {
        return clean(e);
    }
    NonEmpty::try_from(out).ok()
}

/// Whether archcite wrote the finding aid: its maintenance agency.
fn written_by_archcite(ead: &Element) -> bool {
    let agency = child(ead, "control").and_then(|c| child(c, "maintenanceagency"));
    agency.and_then(|a| child(a, "agencyname")).is_some_and(|n| n.text() == super::AGENCY)
}

fn finding_aid(ead: &Element, ctx: &Context, warnings: &Warnings) -> Vec<Result<Record, RecordError>> {
    VERBATIM.set(written_by_archcite(ead));
    let records = records(ead, ctx, warnings);
    VERBATIM.set(false);
    records
}

fn records(ead: &Element, ctx: &Context, warnings: &Warnings) -> Vec<Result<Record, RecordError>> {
    let Some(archdesc) = child(ead, "archdesc") else {
        return vec![Err(ctx.missing(ead, "archdesc"))];
    };
    let mut top = Inherited::default();
    if let Some(did) = child(archdesc, "did") {
        // The archdesc's own `unitid` is the outermost level (the collection).
        read_did_context(did, Some(archdesc), &mut top);
    }
    let Some(dsc) = child(archdesc, "dsc") else {
        return vec![Err(ctx
            .error(
                archdesc.offset,
                "the finding aid has no <dsc>: it describes no component to read as a record",
            )
            .help("archcite reads the item-level components of a <dsc>"))];
    };
    let warn = |offset: usize, message: String| {
        let at = ctx.error(offset, "").position.map(|p| format!(" (line {})", p.line)).unwrap_or_default();
        warnings.push(Warning {
            source: ctx.error(0, "").source.clone(),
            record: None,
            message: message + &at,
        });
    };
    let any_item = has_item(dsc);
    if !any_item {
        warn(
            dsc.offset,
            "the finding aid has no item-level component: its lowest components are read as records"
                .to_string(),
        );
    }
    let mut out = Vec::new();
    walk(dsc, &top, any_item, ctx, &warn, &mut out);
    out
}

fn is_component(e: &Element) -> bool {
    is_ead(e)
        && (e.name == "c"
            || (e.name.len() == 3 && e.name.starts_with('c') && e.name[1..].parse::<u8>().is_ok()))
}

fn components(e: &Element) -> impl Iterator<Item = &Element> {
    e.elements().filter(|c| is_component(c))
}

fn is_item(c: &Element) -> bool {
    c.attr("level") == Some("item")
}

fn has_item(e: &Element) -> bool {
    components(e).any(|c| is_item(c) || has_item(c))
}

fn walk(
    parent: &Element,
    inherited: &Inherited,
    by_level: bool,
    ctx: &Context,
    warn: &dyn Fn(usize, String),
    out: &mut Vec<Result<Record, RecordError>>,
) {
    for c in components(parent) {
        let leaf = components(c).next().is_none();
        let record = if by_level { is_item(c) } else { leaf };
        let mut here = inherited.clone();
        if let Some(did) = child(c, "did") {
            read_did_context(did, Some(c), &mut here);
        }
        if record {
            out.push(item(c, inherited, ctx));
            // Items within an item (the enclosures of a letter) are records too.
            walk(c, &here, by_level, ctx, warn, out);
            continue;
        }
        if by_level && !has_item(c) {
            let id = child(c, "did").and_then(|d| child(d, "unitid")).and_then(clean);
            let title = child(c, "did").and_then(|d| child(d, "unittitle")).and_then(clean);
            let named = match (id, title) {
                (Some(i), Some(t)) => format!(" {i} ({t})"),
                (Some(i), None) => format!(" {i}"),
                (None, Some(t)) => format!(" \"{t}\""),
                (None, None) => String::new(),
            };
            let level = c.attr("level").unwrap_or("unspecified");
            warn(
                c.offset,
                format!("the {level}-level component{named} holds no item-level component: it is described, not read as a record"),
            );
            continue;
        }
        walk(c, &here, by_level, ctx, warn, out);
    }
}

/// The kind of a level from a `unitid`'s `@localtype`, else from the
/// component's `@level`.
fn level_kind(localtype: Option<&str>, component: Option<&Element>) -> LevelKind {
    if let Some(k) = localtype.and_then(|t| t.parse::<LevelKind>().ok()) {
        return k;
    }
    let named = match component.and_then(|c| c.attr("level")) {
        Some("fonds") => "fond",
        Some("recordgrp") => "record-group",
        Some("series") => "series",
        Some("file") => "file",
        Some("otherlevel") => component.and_then(|c| c.attr("otherlevel")).unwrap_or("call-number"),
        Some(other) => other,
        None => "call-number",
    };
    named.parse().unwrap_or(LevelKind::CallNumber)
}

/// The repository and levels a component's `did` gives what it holds.
fn read_did_context(did: &Element, component: Option<&Element>, into: &mut Inherited) {
    for e in did.elements().filter(|e| is_ead(e)) {
        match e.name.as_str() {
            "repository" => into.repository = repository(e),
            "unitid" if e.attr("localtype") != Some(AS_CITED) => {
                if let Some(v) = clean(e) {
                    into.levels.push(Level { kind: level_kind(localtype(e), component), value: v });
                }
            }
            "container" => {
                if let Some(v) = clean(e) {
                    let kind = localtype(e)
                        .map(|t| t.to_lowercase())
                        .and_then(|t| t.parse().ok())
                        .unwrap_or(LevelKind::Box);
                    into.levels.push(Level { kind, value: v });
                }
            }
            "unittitle" => {
                let kind = e.attr("localtype").filter(|t| t.ends_with("-title")).and_then(|t| t.parse().ok());
                if let (Some(kind), Some(v)) = (kind, clean(e)) {
                    into.levels.push(Level { kind, value: v });
                }
            }
            _ => {}
        }
    }
}

fn repository(e: &Element) -> Option<Repository> {
    let names: Vec<&Element> = e.elements().filter(|n| is_ead(n) && n.name != "address").collect();
    let name = names.first()?;
    let named: Vec<&Element> = children(name, "part").collect();
    let part = |kind: &str| named.iter().find(|p| p.attr("localtype") == Some(kind)).and_then(|p| clean(p));
    let (mut abbreviation, mut full, original_name) =
        (part("abbreviation"), part("name"), part("original-name"));
    if abbreviation.is_none() && full.is_none() {
        // Another tool's repository: its name is the text of its parts.
        full = name_parts(name);
        if full.is_none() {
            abbreviation = None;
        }
    }
    let line = |kind: &str| {
        child(e, "address")
            .and_then(|a| children(a, "addressline").find(|l| l.attr("localtype") == Some(kind)))
            .and_then(clean)
    };
    let country = line("country").and_then(|c| c.as_str().parse::<CountryCode>().ok());
    if abbreviation.is_none() && full.is_none() {
        return None;
    }
    Some(Repository {
        abbreviation,
        name: full,
        original_name,
        place: line("place"),
        country,
        known: e.attr("localtype") != Some("unregistered"),
    })
}

fn person(e: &Element) -> Option<Person> {
    let parts: Vec<&Element> = children(e, "part").collect();
    let part = |kind: &str| parts.iter().find(|p| p.attr("localtype") == Some(kind)).and_then(|p| clean(p));
    let (family, given) = match (part("surname"), part("forename")) {
        (Some(f), g) => (f, g),
        // Another tool's name, as one inverted string or one part.
        _ => {
            let whole = clean(e)?;
            match Agent::from_inverted(&whole) {
                Some(Agent::Person(p)) => (p.family, p.given),
                _ => (whole, None),
            }
        }
    };
    let mut p = Person::new(family, given);
    p.original_script = part("original-script");
    if e.attr("localtype") == Some("family-first") {
        p.name_order = NameOrder::FamilyFirst;
    }
    Some(p)
}

fn agent(e: &Element) -> Option<Agent> {
    match e.name.as_str() {
        "persname" => person(e).map(Agent::Person),
        "corpname" | "famname" | "name" => name_parts(e).map(|n| Agent::Organization(Organization::new(n))),
        _ => None,
    }
}

fn is_name(e: &Element) -> bool {
    is_ead(e) && matches!(e.name.as_str(), "persname" | "corpname" | "famname" | "name")
}

fn contributor(e: &Element, default: Role) -> Option<Contributor> {
    let role = e.attr("relator").and_then(Role::from_name).unwrap_or(default);
    agent(e).map(|a| Contributor::new(role, a))
}

fn item(c: &Element, inherited: &Inherited, ctx: &Context) -> Result<Record, RecordError> {
    let mut r = Record::untitled();
    let mut reference = inherited.clone();
    let mut raw = None;
    if let Some(did) = child(c, "did") {
        read_did_context(did, Some(c), &mut reference);
        for e in did.elements().filter(|e| is_ead(e)) {
            match e.name.as_str() {
                "unittitle"
                    if r.title.is_none() && !e.attr("localtype").is_some_and(|t| t.ends_with("-title")) =>
                {
                    r.title = clean(e)
                }
                "unitid" if e.attr("localtype") == Some(AS_CITED) => raw = clean(e),
                "unitdate" => {
                    let normal = e.attr("normal").and_then(|n| n.parse::<EdtfDate>().ok());
                    let text = || clean(e).and_then(|t| EdtfDate::parse_loose(&t));
                    if r.date.is_none() {
                        r.date = normal.or_else(text);
                    }
                }
                "langmaterial" => {
                    for l in e.elements().filter(|l| l.name == "language") {
                        let tag = l.attr("langcode").and_then(|c| {
                            LanguageTag::from_code_or_name(c).or_else(|| LanguageTag::parse_loose(c))
                        });
                        if let Some(tag) = tag {
                            if !r.languages.original.contains(&tag) {
                                r.languages.original.push(tag);
                            }
                        }
                    }
                }
                "origination" => r
                    .agents
                    .extend(e.elements().filter(|n| is_name(n)).filter_map(|n| contributor(n, Role::Author))),
                "physdesc" if e.attr("localtype") == Some("medium") => r.medium = clean(e),
                "physdesc" => r.extent = clean(e),
                "dao" => {
                    let href = e.attr("href").or_else(|| e.attr_ns(XLINK_NS, "href"));
                    if let Some(url) = href.and_then(|h| url::Url::parse(h).ok()) {
                        r.publication_mut().url = Some(url);
                    }
                }
                _ => {}
            }
        }
    }
    if reference.repository.is_some() || !reference.levels.is_empty() || raw.is_some() {
        r.references.push(ArchivalReference {
            repository: reference.repository,
            levels: reference.levels,
            raw,
        });
    }
    for e in c.elements().filter(|e| is_ead(e)) {
        match e.name.as_str() {
            "custodhist" => {
                for item in
                    e.elements().filter(|l| l.name == "chronlist").flat_map(|l| children(l, "chronitem"))
                {
                    let date =
                        child(item, "datesingle").and_then(clean).and_then(|d| d.as_str().parse().ok());
                    let event = child(item, "event");
                    let kind = event.and_then(|ev| ev.attr("localtype")).and_then(EventKind::parse_loose);
                    if let (Some(date), Some(kind)) = (date, kind) {
                        r.events.push(Event { kind, date, note: event.and_then(clean) });
                    }
                }
            }
            "acqinfo" => {
                for p in children(e, "p") {
                    r.agents.extend(
                        p.elements().filter(|n| is_name(n)).filter_map(|n| contributor(n, Role::ObtainedBy)),
                    );
                }
            }
            "scopecontent" => r.summary = paragraphs(e),
            "userestrict" => {
                let p = child(e, "p");
                match e.attr("localtype") {
                    Some("license") => {
                        let href = p.and_then(|p| child(p, "ref")).and_then(|a| a.attr("href"));
                        if let Some(url) = href.and_then(|h| url::Url::parse(h).ok()) {
                            r.rights_mut().license = Some(url);
                        }
                    }
                    Some("holder") => r.rights_mut().holder = paragraphs(e),
                    _ => {
                        if let Some(t) = paragraphs(e) {
                            r.rights_mut().statement = Some(t);
                        }
                    }
                }
            }
            "odd" => {
                if let Some(t) = paragraphs(e) {
                    let kind =
                        e.attr("localtype").and_then(NoteKind::parse_loose).unwrap_or(NoteKind::General);
                    r.notes.push(Note { kind, text: t });
                }
            }
            "controlaccess" => controlaccess(e, &mut r),
            _ => {}
        }
    }
    if r.rights.as_ref().is_some_and(|x| x.is_empty()) {
        r.rights = None;
    }
    if r.is_blank() {
        return Err(ctx.error(c.offset, "an item-level component holds nothing archcite can read").help(
            "give the component a <unittitle>, a <unitdate>, a <unitid> or an <origination>, or remove it",
        ));
    }
    Ok(r)
}

fn controlaccess(e: &Element, r: &mut Record) {
    for a in e.elements().filter(|a| is_ead(a)) {
        match a.name.as_str() {
            "genreform" if a.attr("localtype") == Some("document-type") => {
                r.document_type = parts(a).and_then(|t| DocumentType::parse_loose(&t))
            }
            "subject" => r.subjects.extend(parts(a)),
            "geogname" => r.places.extend(parts(a)),
            "persname" | "corpname" | "famname" | "name" if a.attr("relator").is_some() => {
                r.agents.extend(contributor(a, Role::Participant))
            }
            "persname" => r.people.extend(person(a)),
            "controlaccess" => controlaccess(a, r),
            _ => {}
        }
    }
}
