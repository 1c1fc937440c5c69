//! Reading TEI documents back into records (see the module docs for the mapping).
//!
//! Text is taken exactly as written (no whitespace normalisation) so what
//! archcite wrote comes back unchanged; headers from other tools are read as
//! far as they follow the same elements.

use url::Url;

use super::{is_locus, raw, DEVISED, ROOTS, TEI_NS as NS};
use crate::error::RecordError;
use crate::formats::catalogue;
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, AltTitle, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind,
    Extra, IdScheme, Identifier, LanguageTag, Level, LevelKind, NameOrder, NonEmpty, Note, NoteKind,
    Organization, PartialDate, Person, Publication, Record, Related, Repository, Rights, Role, TitleKind,
    ROLES,
};

/// Reads a `TEI` document or a `teiCorpus` of them.
pub struct TeiReader;

impl Reader for TeiReader {
    fn read(&self, source: Source) -> Records {
        xml::read_records(source, &ROOTS, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Marks a record whose main title had no `@type`.
pub(super) const MAIN_TITLE_UNTYPED: &str = "titleStmt/title/@type";
/// An `author`, `editor` or `funder` as the input wrote it (without `@n`,
/// archcite's own mark): written back in its place when it still names the agent.
pub(super) const AGENT_AS_WRITTEN: &str = "titleStmt/agent-as-written";

pub(crate) fn record(tei: &Element, ctx: &Context) -> Result<Record> {
    let header = required(ctx, tei, "teiHeader")?;
    let file_desc = required(ctx, header, "fileDesc")?;
    let title_stmt = required(ctx, file_desc, "titleStmt")?;
    let main = title_stmt
        .all(NS, "title")
        .find(|t| matches!(t.attr("type"), None | Some("main" | DEVISED)))
        .or_else(|| title_stmt.all(NS, "title").find(|t| t.attr("type") != Some("original")));
    // No title, or an empty one: an untitled document. Its shelfmark stays
    // its reference (msIdentifier), not its title.
    let mut r = Record { title: main.and_then(|t| ne(t.text())), ..Record::untitled() };
    if main.is_some_and(|t| t.attr("type").is_none() && r.title.is_some()) {
        // A main title written without `@type` is written back so.
        r.extra.extend(Extra::new("tei", MAIN_TITLE_UNTYPED, ""));
    }
    titles(title_stmt, main, &mut r);
    let profile = header.first(NS, "profileDesc");
    r.agents = agents(ctx, title_stmt, profile, &mut r.extra)?;
    let publication_stmt = required(ctx, file_desc, "publicationStmt")?;
    r.key = idno(publication_stmt, "key");
    r.publication = publication(ctx, file_desc, publication_stmt)?;
    r.rights = publication_stmt.first(NS, "availability").map(|a| rights(ctx, a)).transpose()?.flatten();
    publication_rest(publication_stmt, file_desc, &mut r);
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
    for ms in source_desc.all(NS, "msDesc").filter(|m| !super::ms::is_own_shape(m)) {
        super::ms::read_foreign(ms, &mut r);
        if r.date.is_none() {
            let mut dates = Vec::new();
            super::ms::descendants(ms, "origDate", &mut dates);
            // A date in words only ("mid 12th cent.") stays in the kept description.
            r.date = dates.iter().find_map(|d| date_from_attrs(ctx, d).ok().flatten());
        }
    }
    for b in source_desc.all(NS, "biblStruct") {
        super::bibl::read(b, &mut r);
    }
    source_desc_rest(source_desc, &mut r);
    for e in header.elements().filter(|e| !e.is(NS, "fileDesc") && !e.is(NS, "profileDesc")) {
        raw::keep(&mut r, &e.name, e);
    }
    for e in file_desc.elements() {
        match e.name.as_str() {
            "titleStmt" | "publicationStmt" | "notesStmt" | "sourceDesc" => {}
            "seriesStmt" if std::ptr::eq(e, file_desc.first(NS, "seriesStmt").expect("one")) => {}
            "editionStmt"
                if r.edition.is_none()
                    && e.elements().all(|x| x.is(NS, "edition"))
                    && e.all(NS, "edition").count() == 1 =>
            {
                r.edition = e.first(NS, "edition").and_then(|x| ne(x.text()));
            }
            "extent" if r.extent.is_none() && e.elements().next().is_none() => r.extent = ne(e.text()),
            _ => raw::keep(&mut r, &e.name, e),
        }
    }
    r.text = tei.path(NS, &["text", "body"]).and_then(paragraphs);
    // The devised title archcite writes for an untitled record gives the
    // untitled record back; a title an editor devised in other words stays.
    let devised = main.is_some_and(|t| t.attr("type") == Some(DEVISED));
    if devised && r.title.as_ref().is_some_and(|t| catalogue::is_devised_title(t, &r)) {
        r.title = None;
    }
    if r.is_blank() {
        return Err(ctx.empty(tei));
    }
    Ok(r)
}

/// Subtitle, short, original and alternative titles; other titles kept.
fn titles(title_stmt: &Element, main: Option<&Element>, r: &mut Record) {
    for t in title_stmt.all(NS, "title").filter(|t| !main.is_some_and(|main| std::ptr::eq(*t, main))) {
        let Some(text) = ne(t.text()) else { continue };
        let language = t.attr_ns(XML_NS, "lang").and_then(|l| l.parse::<LanguageTag>().ok());
        match t.attr("type") {
            Some("sub") if r.subtitle.is_none() => r.subtitle = Some(text),
            Some("short") if r.short_title.is_none() => r.short_title = Some(text),
            Some("original") if r.original_title.is_none() => r.original_title = Some(text),
            Some("alt" | "alternative") | None if t.elements().next().is_none() => {
                let kind = match t.attr("type") {
                    Some(_) => Some(TitleKind::Alternative),
                    None => language.as_ref().map(|_| TitleKind::Translated),
                };
                r.alternate_titles.push(AltTitle { title: text, language, kind });
            }
            Some(k)
                if t.elements().next().is_none()
                    && TitleKind::parse_loose(k).is_some_and(|k| !matches!(k, TitleKind::Other(_))) =>
            {
                r.alternate_titles.push(AltTitle { title: text, language, kind: TitleKind::parse_loose(k) });
            }
            _ => raw::keep(r, "titleStmt/title", t),
        }
    }
}

/// What `publicationStmt` and `seriesStmt` hold beyond the publication:
/// identifiers by `idno/@type`, everything else kept.
fn publication_rest(stmt: &Element, file_desc: &Element, r: &mut Record) {
    for e in stmt.elements() {
        match (e.name.as_str(), e.attr("type")) {
            ("publisher", _) if e.elements().next().is_none() => {}
            ("pubPlace", _) if e.elements().next().is_none() => {}
            ("availability", _) if own_availability(e) => {}
            ("idno", Some("key" | "record-id" | "URI")) => {}
            ("idno", Some(t)) if id_scheme(t).is_some() && e.elements().next().is_none() => {
                let id = ne(e.text()).and_then(|v| Identifier::new(id_scheme(t).expect("known"), &v));
                match id {
                    Some(id) => r.add_identifier(id),
                    None => raw::keep(r, "publicationStmt/idno", e),
                }
            }
            (name, _) => raw::keep(r, &format!("publicationStmt/{name}"), e),
        }
    }
    if let Some(series) = file_desc.first(NS, "seriesStmt") {
        let mut first_title = true;
        for e in series.elements() {
            if e.is(NS, "title") && first_title {
                first_title = false;
                continue;
            }
            raw::keep(r, &format!("seriesStmt/{}", e.name), e);
        }
    }
}

/// An `availability` as archcite writes it: statement, licence target, holder.
fn own_availability(a: &Element) -> bool {
    a.attrs.is_empty()
        && a.elements().all(|e| match e.name.as_str() {
            "p" => e.elements().all(|n| n.is(NS, "name") && n.attr("type") == Some("rights-holder")),
            "licence" => e.children.is_empty() && e.attrs.iter().all(|x| x.name == "target"),
            _ => false,
        })
}

/// A `langUsage` as archcite writes it: each language named by its tag's
/// English name (or the tag).
fn own_lang_usage(l: &Element) -> bool {
    l.elements().all(|e| {
        let ident = e.attr("ident").unwrap_or("");
        let name = ident.parse::<LanguageTag>().ok().and_then(|t| t.english_name());
        e.is(NS, "language")
            && !ident.is_empty()
            && (e.text() == ident || Some(e.text().as_str()) == name)
            && e.attrs.iter().all(|x| x.name == "ident" || x.name == "n")
    })
}

/// A scheme named by `idno/@type` (DOI, ISBN, ISSN, ...), when archcite knows it.
fn id_scheme(t: &str) -> Option<IdScheme> {
    IdScheme::parse_loose(t).filter(|s| !matches!(s, IdScheme::Other(_)))
}

/// `sourceDesc` beyond the typed parts: a manuscript description that says
/// more than its reference is kept whole; other sources are kept.
fn source_desc_rest(source_desc: &Element, r: &mut Record) {
    for e in source_desc.elements() {
        match e.name.as_str() {
            "msDesc" if super::ms::is_own_shape(e) => {}
            "biblStruct" if super::bibl::is_own_shape(e) => {}
            "p" if e.text() == super::NO_REFERENCE => {}
            name => raw::keep(r, &format!("sourceDesc/{name}"), e),
        }
    }
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

fn agents(
    ctx: &Context,
    title_stmt: &Element,
    profile: Option<&Element>,
    extra: &mut Vec<Extra>,
) -> Result<Vec<Contributor>> {
    let mut found: Vec<(usize, Contributor)> = Vec::new();
    let mut as_written = false;
    for e in title_stmt.elements() {
        let role = match e.name.as_str() {
            "title" => continue,
            "author" => Role::Author,
            "editor" => Role::Editor,
            "funder" => Role::Funder,
            "respStmt" => match resp_role(e) {
                Some(role) => role,
                None => {
                    extra.extend(Extra::new("tei", "titleStmt/respStmt", raw::serialize(e)));
                    continue;
                }
            },
            name => {
                extra.extend(Extra::new("tei", &format!("titleStmt/{name}"), raw::serialize(e)));
                continue;
            }
        };
        // Several names in one statement are several agents in the same role.
        let names: Vec<&Element> = e
            .elements()
            .filter(|x| (x.is(NS, "persName") || x.is(NS, "orgName")) && x.attr("type").is_none())
            .collect();
        if names.len() > 1
            && e.elements().all(|x| x.is(NS, "persName") || x.is(NS, "orgName") || x.is(NS, "resp"))
        {
            for n in names {
                let agent = if n.is(NS, "persName") {
                    Agent::Person(person(ctx, n)?)
                } else {
                    let name = ne(n.text()).ok_or_else(|| ctx.error(n.offset, "the <orgName> is empty"))?;
                    Agent::Organization(Organization::new(name))
                };
                found.push((order(e), Contributor::new(role, agent)));
            }
            continue;
        }
        if e.attr("n").is_none() && matches!(role, Role::Author | Role::Editor | Role::Funder) {
            extra.extend(Extra::new("tei", AGENT_AS_WRITTEN, raw::serialize(e)));
            as_written = true;
        }
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
    // Agents kept as written have no `@n`: document order is their order.
    if !as_written {
        found.sort_by_key(|(n, _)| *n);
    }
    Ok(found.into_iter().map(|(_, c)| c).collect())
}

fn order(e: &Element) -> usize {
    e.attr("n").and_then(|n| n.parse().ok()).unwrap_or(usize::MAX)
}

/// The role a `respStmt` names; `None` when its `resp` is no role archcite knows.
fn resp_role(resp_stmt: &Element) -> Option<Role> {
    let Some(resp) = resp_stmt.first(NS, "resp") else { return Some(Role::Contributor) };
    if let Some(role) = resp.attr("key").and_then(Role::from_name) {
        return Some(role);
    }
    let label = resp.text().trim().to_lowercase();
    let label = label.strip_suffix(" by").unwrap_or(&label).to_string();
    ROLES.iter().copied().find(|r| r.label() == label || r.as_str() == label)
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
            (name, _) => raw::keep(r, &format!("notesStmt/{name}"), e),
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
    let from = part("notBefore")?.or(part("from")?);
    let to = part("notAfter")?.or(part("to")?);
    match (from, to) {
        (None, None) => Ok(None),
        (a, b) => Ok(Some(EdtfDate::Interval(a, b))),
    }
}

// ---------------------------------------------------------------- profile

fn profile_desc(ctx: &Context, p: &Element, r: &mut Record) -> Result<()> {
    r.summary = p.first(NS, "abstract").and_then(paragraphs);
    for e in p.elements() {
        match e.name.as_str() {
            "langUsage" if !own_lang_usage(e) => raw::keep(r, "profileDesc/langUsage", e),
            "abstract" | "creation" | "langUsage" | "particDesc" | "settingDesc" => {}
            "textClass" => {
                for x in e.elements().filter(|x| !x.is(NS, "keywords")) {
                    raw::keep(r, &format!("profileDesc/textClass/{}", x.name), x);
                }
            }
            name => raw::keep(r, &format!("profileDesc/{name}"), e),
        }
    }
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
    // Terms of a scheme (or typed as subjects) are subject headings; free terms keywords.
    let lists = p.first(NS, "textClass").into_iter().flat_map(|c| c.all(NS, "keywords"));
    for keywords in lists {
        let scheme = keywords.attr("scheme").is_some();
        for t in keywords.elements() {
            match (t.name.as_str(), t.attr("type")) {
                ("term", Some("document-type")) => {
                    r.document_type = DocumentType::parse_loose(t.attr("key").unwrap_or(&t.text()))
                }
                ("term", Some("subject")) => r.subjects.extend(ne(t.text())),
                ("term", Some("keyword")) => r.keywords.extend(ne(t.text())),
                ("term", None) if !scheme && t.elements().next().is_none() => r.keywords.extend(ne(t.text())),
                ("term", None) if t.elements().next().is_none() => r.subjects.extend(ne(t.text())),
                (name, _) => raw::keep(r, &format!("profileDesc/textClass/keywords/{name}"), t),
            }
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
