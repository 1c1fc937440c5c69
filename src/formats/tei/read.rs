//! Reading TEI documents back into records (see the module docs for the mapping).
//!
//! Text is taken exactly as written (no whitespace normalisation) so what
//! archcite wrote comes back unchanged; headers from other tools are read as
//! far as they follow the same elements.

use url::Url;

use super::{is_locus, ROOTS, TEI_NS as NS};
use crate::error::RecordError;
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag,
    Level, LevelKind, NameOrder, NonEmpty, Note, NoteKind, Organization, PartialDate, Person, Publication,
    Record, Related, Repository, Rights, Role, ROLES,
};

/// Reads a `TEI` document or a `teiCorpus` of them.
pub struct TeiReader;

impl Reader for TeiReader {
    fn read(&self, source: Source) -> Records {
        xml::read_records(source, &ROOTS, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

fn record(tei: &Element, ctx: &Context) -> Result<Record> {
    let header = required(ctx, tei, "teiHeader")?;
    let file_desc = required(ctx, header, "fileDesc")?;
    let title_stmt = required(ctx, file_desc, "titleStmt")?;
    let main = title_stmt
        .all(NS, "title")
        .find(|t| t.attr("type") != Some("original"))
        .ok_or_else(|| ctx.missing(title_stmt, "title"))?;
    let title = ne(main.text()).ok_or_else(|| ctx.error(main.offset, "the title is empty"))?;
    let mut r = Record::new(title);
    r.original_title =
        title_stmt.all(NS, "title").find(|t| t.attr("type") == Some("original")).and_then(|t| ne(t.text()));
    let profile = header.first(NS, "profileDesc");
    r.agents = agents(ctx, title_stmt, profile)?;
    let publication_stmt = required(ctx, file_desc, "publicationStmt")?;
    r.key = idno(publication_stmt, "key");
    r.publication = publication(ctx, file_desc, publication_stmt)?;
    r.rights = publication_stmt.first(NS, "availability").map(|a| rights(ctx, a)).transpose()?.flatten();
    if let Some(notes) = file_desc.first(NS, "notesStmt") {
        notes_stmt(ctx, notes, &mut r)?;
    }
    let source_desc = required(ctx, file_desc, "sourceDesc")?;
    r.references = source_desc.all(NS, "msDesc").map(|m| reference(ctx, m)).collect::<Result<_>>()?;
    if let Some(p) = profile {
        profile_desc(ctx, p, &mut r)?;
    }
    if r.date.is_none() {
        let orig = source_desc.all(NS, "msDesc").find_map(|m| m.path(NS, &["history", "origin", "origDate"]));
        r.date = orig.map(|d| date(ctx, d)).transpose()?.flatten();
    }
    r.text = tei.path(NS, &["text", "body"]).and_then(paragraphs);
    Ok(r)
}

fn required<'a>(ctx: &Context, parent: &'a Element, name: &str) -> Result<&'a Element> {
    parent.first(NS, name).ok_or_else(|| ctx.missing(parent, name))
}

/// Text kept as written; `None` when blank.
fn ne(s: String) -> Option<NonEmpty> {
    NonEmpty::try_from(s).ok()
}

fn idno(parent: &Element, kind: &str) -> Option<NonEmpty> {
    parent.all(NS, "idno").find(|i| i.attr("type") == Some(kind)).and_then(|i| ne(i.text()))
}

fn url(ctx: &Context, e: &Element, value: &str) -> Result<Url> {
    Url::parse(value.trim())
        .map_err(|err| ctx.error(e.offset, format!("`{value}` is not an absolute URL: {err}")))
}

/// The `p` children joined by blank lines; `None` when there is no text.
fn paragraphs(parent: &Element) -> Option<NonEmpty> {
    let parts: Vec<String> = parent.all(NS, "p").map(Element::text).collect();
    ne(parts.join("\n\n"))
}

// ---------------------------------------------------------------- agents

fn agents(ctx: &Context, title_stmt: &Element, profile: Option<&Element>) -> Result<Vec<Contributor>> {
    let mut found: Vec<(usize, Contributor)> = Vec::new();
    for e in title_stmt.elements() {
        let role = match e.name.as_str() {
            "author" => Role::Author,
            "editor" => Role::Editor,
            "funder" => Role::Funder,
            "respStmt" => resp_role(e),
            _ => continue,
        };
        found.push((order(e), contributor(ctx, e, role)?));
    }
    let lists =
        profile.and_then(|p| p.first(NS, "particDesc")).into_iter().flat_map(|d| d.all(NS, "listPerson"));
    for list in lists.filter(|l| l.attr("type") != Some("discussed")) {
        for e in list.elements().filter(|e| e.name == "person" || e.name == "org") {
            found.push((order(e), contributor(ctx, e, Role::Participant)?));
        }
    }
    // `@n` is the agent's place in the record; agents without one keep document order.
    found.sort_by_key(|(n, _)| *n);
    Ok(found.into_iter().map(|(_, c)| c).collect())
}

fn order(e: &Element) -> usize {
    e.attr("n").and_then(|n| n.parse().ok()).unwrap_or(usize::MAX)
}

fn resp_role(resp_stmt: &Element) -> Role {
    let Some(resp) = resp_stmt.first(NS, "resp") else { return Role::Contributor };
    if let Some(role) = resp.attr("key").and_then(Role::from_name) {
        return role;
    }
    let label = resp.text().trim().to_lowercase();
    let label = label.strip_suffix(" by").unwrap_or(&label).to_string();
    ROLES.iter().copied().find(|r| r.label() == label || r.as_str() == label).unwrap_or(Role::Contributor)
}

fn contributor(ctx: &Context, e: &Element, role: Role) -> Result<Contributor> {
    let mut c = Contributor::new(role, agent(ctx, e)?);
    c.on_behalf_of =
        e.all(NS, "note").find(|n| n.attr("type") == Some("on-behalf-of")).and_then(|n| ne(n.text()));
    Ok(c)
}

/// The agent named inside `e`: a `persName`, an `orgName`, or plain text.
fn agent(ctx: &Context, e: &Element) -> Result<Agent> {
    if let Some(p) = e.all(NS, "persName").find(|p| p.attr("type").is_none()) {
        let mut person = person(ctx, p)?;
        person.original_script = typed(e, "persName", "original-script");
        return Ok(Agent::Person(person));
    }
    if let Some(o) = e.all(NS, "orgName").find(|o| o.attr("type").is_none()) {
        let name = ne(o.text()).ok_or_else(|| ctx.error(o.offset, "the <orgName> is empty"))?;
        let mut org = Organization::new(name);
        org.abbreviation = typed(e, "orgName", "abbreviation");
        return Ok(Agent::Organization(org));
    }
    Agent::from_inverted(&e.own_text()).ok_or_else(|| {
        ctx.error(e.offset, format!("<{}> names nobody", e.name)).help("put a <persName> or <orgName> inside")
    })
}

fn typed(e: &Element, name: &str, kind: &str) -> Option<NonEmpty> {
    e.all(NS, name).find(|x| x.attr("type") == Some(kind)).and_then(|x| ne(x.text()))
}

fn person(ctx: &Context, p: &Element) -> Result<Person> {
    let parts: Vec<&Element> = p.elements().collect();
    let surname = parts.iter().position(|e| e.is(NS, "surname"));
    let forename = parts.iter().position(|e| e.is(NS, "forename"));
    let Some(s) = surname else {
        let name = ne(p.text()).ok_or_else(|| ctx.error(p.offset, "the <persName> is empty"))?;
        return Ok(Person::new(name, None));
    };
    let family = ne(parts[s].text()).ok_or_else(|| ctx.error(parts[s].offset, "the <surname> is empty"))?;
    let mut person = Person::new(family, forename.and_then(|f| ne(parts[f].text())));
    if forename.is_some_and(|f| f > s) {
        person.name_order = NameOrder::FamilyFirst;
    }
    Ok(person)
}

// ---------------------------------------------------------------- publication

fn publication(ctx: &Context, file_desc: &Element, stmt: &Element) -> Result<Option<Publication>> {
    let url = match stmt.all(NS, "idno").find(|i| i.attr("type") == Some("URI")) {
        Some(i) => Some(url(ctx, i, &i.text())?),
        None => None,
    };
    let p = Publication {
        collection: file_desc.path(NS, &["seriesStmt", "title"]).and_then(|t| ne(t.text())),
        publisher: stmt.first(NS, "publisher").and_then(|p| ne(p.text())),
        place: stmt.first(NS, "pubPlace").and_then(|p| ne(p.text())),
        url,
        record_id: idno(stmt, "record-id"),
    };
    Ok(p.non_empty())
}

fn rights(ctx: &Context, availability: &Element) -> Result<Option<Rights>> {
    let holder_of = |p: &Element| {
        p.all(NS, "name").find(|n| n.attr("type") == Some("rights-holder")).and_then(|n| ne(n.text()))
    };
    let license = match availability.first(NS, "licence").and_then(|l| l.attr("target").map(|t| (l, t))) {
        Some((l, target)) => Some(url(ctx, l, target)?),
        None => None,
    };
    let rights = Rights {
        statement: availability.all(NS, "p").find(|p| holder_of(p).is_none()).and_then(|p| ne(p.text())),
        license,
        holder: availability.all(NS, "p").find_map(holder_of),
    };
    Ok(rights.non_empty())
}

fn notes_stmt(ctx: &Context, notes: &Element, r: &mut Record) -> Result<()> {
    for e in notes.elements() {
        match (e.name.as_str(), e.attr("type")) {
            ("note", _) => {
                let kind =
                    NoteKind::parse_loose(&term(e).unwrap_or("general".into())).unwrap_or(NoteKind::General);
                if let Some(text) = ne(e.text()) {
                    r.notes.push(Note { kind, text });
                }
            }
            ("relatedItem", Some("published-source")) => {
                r.published_sources.extend(e.first(NS, "bibl").and_then(|b| ne(b.text())))
            }
            ("relatedItem", _) => r.related.push(related(ctx, e)?),
            _ => {}
        }
    }
    Ok(())
}

/// The vocabulary term of a typed element: `@type`, or `@n` when `@type` is `other`.
fn term(e: &Element) -> Option<std::borrow::Cow<'_, str>> {
    match (e.attr("type"), e.attr("n")) {
        (Some("other"), Some(n)) => Some(n.into()),
        (Some(t), _) => Some(t.into()),
        (None, _) => None,
    }
}

fn related(ctx: &Context, item: &Element) -> Result<Related> {
    let bibl = item.first(NS, "bibl");
    let target = bibl.and_then(|b| b.first(NS, "ptr")).and_then(|p| p.attr("target").map(|t| (p, t)));
    let target = target.or_else(|| item.attr("target").map(|t| (item, t)));
    Ok(Related {
        title: bibl.and_then(|b| b.first(NS, "title")).and_then(|t| ne(t.text())),
        url: target.map(|(e, t)| url(ctx, e, t)).transpose()?,
        record_id: bibl.and_then(|b| idno(b, "record-id")),
    })
}

// ---------------------------------------------------------------- references

fn reference(ctx: &Context, ms_desc: &Element) -> Result<ArchivalReference> {
    let id = required(ctx, ms_desc, "msIdentifier")?;
    let mut levels: Vec<Level> = id
        .all(NS, "idno")
        .filter_map(|i| {
            let kind = i.attr("type").and_then(|t| t.parse().ok()).unwrap_or(LevelKind::CallNumber);
            ne(i.text()).map(|value| Level { kind, value })
        })
        .collect();
    let loci = ms_desc.path(NS, &["msContents", "msItem"]).into_iter().flat_map(|m| m.all(NS, "locus"));
    for locus in loci {
        let kind =
            locus.attr("type").and_then(|t| t.parse().ok()).filter(is_locus).unwrap_or(LevelKind::Listi);
        let Some(value) = ne(locus.text()) else { continue };
        match locus.attr("n").and_then(|n| n.parse::<usize>().ok()) {
            Some(at) => levels.insert(at.min(levels.len()), Level { kind, value }),
            None => levels.push(Level { kind, value }),
        }
    }
    let raw = id
        .all(NS, "altIdentifier")
        .find(|a| a.attr("type") == Some("as-written"))
        .and_then(|a| a.first(NS, "idno"))
        .and_then(|i| ne(i.text()));
    Ok(ArchivalReference { repository: repository(id), levels, raw })
}

fn repository(id: &Element) -> Option<Repository> {
    let repo = id.first(NS, "repository")?;
    let names: Vec<&Element> = repo.all(NS, "orgName").collect();
    let name = match names.iter().find(|n| n.attr("type").is_none()) {
        Some(n) => ne(n.text()),
        None if names.is_empty() => ne(repo.text()),
        None => None,
    };
    let abbreviation = typed(repo, "orgName", "abbreviation");
    if name.is_none() && abbreviation.is_none() {
        return None;
    }
    let country =
        id.first(NS, "country").and_then(|c| c.attr("key").map(str::to_string).or_else(|| Some(c.text())));
    Some(Repository {
        abbreviation,
        name,
        original_name: typed(repo, "orgName", "original"),
        place: id.first(NS, "settlement").and_then(|s| ne(s.text())),
        country: country.and_then(|c| c.trim().parse().ok()),
        known: true,
    })
}

// ---------------------------------------------------------------- dates

/// A date element: its text when it is EDTF, else its attributes.
fn date(ctx: &Context, e: &Element) -> Result<Option<EdtfDate>> {
    if let Ok(d) = e.text().trim().parse::<EdtfDate>() {
        return Ok(Some(d));
    }
    date_from_attrs(ctx, e)
}

/// `@when-custom` (EDTF) when present, else `@when` or `@notBefore`/`@notAfter`
/// qualified by `@cert`.
fn date_from_attrs(ctx: &Context, e: &Element) -> Result<Option<EdtfDate>> {
    let bad = |v: &str, err: crate::model::DateError| {
        ctx.error(e.offset, format!("bad date `{v}` on <{}>: {err}", e.name))
    };
    if let Some(custom) = e.attr("when-custom") {
        return custom.parse().map(Some).map_err(|err| bad(custom, err));
    }
    let certainty = match e.attr("cert") {
        Some("medium") => Certainty::Approximate,
        Some("low") => Certainty::Uncertain,
        _ => Certainty::Exact,
    };
    let part = |name: &str| -> Result<Option<PartialDate>> {
        let Some(v) = e.attr(name) else { return Ok(None) };
        let d: PartialDate = v.parse().map_err(|err| bad(v, err))?;
        Ok(Some(d.with_certainty(certainty)))
    };
    if let Some(d) = part("when")? {
        return Ok(Some(EdtfDate::Single(d)));
    }
    match (part("notBefore")?, part("notAfter")?) {
        (None, None) => Ok(None),
        (a, b) => Ok(Some(EdtfDate::Interval(a, b))),
    }
}

// ---------------------------------------------------------------- profile

fn profile_desc(ctx: &Context, p: &Element, r: &mut Record) -> Result<()> {
    r.summary = p.first(NS, "abstract").and_then(paragraphs);
    if let Some(creation) = p.first(NS, "creation") {
        r.date = creation.first(NS, "date").map(|d| date(ctx, d)).transpose()?.flatten();
        let changes = creation.first(NS, "listChange").into_iter().flat_map(|l| l.all(NS, "change"));
        for change in changes {
            let Some(when) = date_from_attrs(ctx, change)? else {
                return Err(ctx.error(change.offset, "the <change> has no date").help("add @when"));
            };
            let kind = EventKind::parse_loose(&term(change).unwrap_or_default())
                .unwrap_or(EventKind::Other("event".into()));
            r.events.push(Event { kind, date: when, note: ne(change.text()) });
        }
    }
    for lang in p.first(NS, "langUsage").into_iter().flat_map(|l| l.all(NS, "language")) {
        languages(ctx, lang, r)?;
    }
    for t in p.path(NS, &["textClass", "keywords"]).into_iter().flat_map(|k| k.all(NS, "term")) {
        match t.attr("type") {
            Some("document-type") => {
                r.document_type = DocumentType::parse_loose(t.attr("key").unwrap_or(&t.text()))
            }
            _ => r.subjects.extend(ne(t.text())),
        }
    }
    let discussed = p.first(NS, "particDesc").into_iter().flat_map(|d| d.all(NS, "listPerson"));
    for list in discussed.filter(|l| l.attr("type") == Some("discussed")) {
        for e in list.all(NS, "person") {
            if let Agent::Person(person) = agent(ctx, e)? {
                r.people.push(person);
            }
        }
    }
    let places = p.path(NS, &["settingDesc", "listPlace"]).into_iter().flat_map(|l| l.all(NS, "place"));
    r.places.extend(places.filter_map(|pl| pl.first(NS, "placeName")).filter_map(|n| ne(n.text())));
    Ok(())
}

fn languages(ctx: &Context, lang: &Element, r: &mut Record) -> Result<()> {
    let Some(ident) = lang.attr("ident") else { return Ok(()) };
    let tag: LanguageTag =
        ident.parse().map_err(|e: crate::model::ValueError| ctx.error(lang.offset, e.to_string()))?;
    match lang.attr("n") {
        Some("translation") => r.languages.translation.push(tag),
        _ => r.languages.original.push(tag),
    }
    Ok(())
}
