//! schema.org JSON-LD (`--to jsonld`), with W3C PROV terms for the custody
//! chain: how search engines, aggregators and archives' web pages
//! (ArchivesSpace, Archives Hub) describe a document by its archival context.
//!
//! A record is one node: an `ArchiveComponent` (a published work: the
//! schema.org type of its work type, see [`schema_type`]) whose `isPartOf`
//! climbs the levels of its archival references, each level an
//! `ArchiveComponent` with its `identifier` (`PropertyValue`: the level kind
//! and its value) and a `name`, the outermost held by its `holdingArchive`
//! (`ArchiveOrganization`). `prov:` terms (the schema.org context binds the
//! prefix) say who created the document and when, who did what for it
//! (`prov:qualifiedAttribution` with `prov:hadRole`, MARC relator IRIs where
//! a role has one), and what happened to it afterwards (registered, stamped,
//! obtained, translated, published: activities that `prov:used` it).
//!
//! One record is written as one JSON-LD object; a batch as one document
//! whose `@graph` holds a node per record. Repositories and levels carry
//! blank-node identifiers made from their names and values, so records of the
//! same fond in one batch share its nodes.
//!
//! archcite writes JSON-LD and does not read it: `--from jsonld` is refused
//! with a message that says so. The mapping is `docs/mapping-jsonld.md`.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::error::{ErrorKind, RecordError, WriteError};
use crate::formats::{Reader, Records, Source, Writer};
use crate::model::{
    Agent, ArchivalReference, Contributor, EdtfDate, Level, LevelKind, Person, Record, Repository, Role,
    WorkType,
};

/// The context every document names; the schema.org context binds `prov:`.
pub const CONTEXT: &str = "https://schema.org";

/// The MARC relator vocabulary, whose IRIs name roles in `prov:hadRole`.
const RELATORS: &str = "http://id.loc.gov/vocabulary/relators/";

/// The model fields a JSON-LD node carries (archcite does not read JSON-LD
/// back: these are the fields written, see [`crate::Format::carried`]).
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "subtitle",
    "short_title",
    "original_title",
    "alternate_titles[*]",
    "work_type",
    "type",
    "date",
    "issued",
    "events[*]",
    "languages.original",
    "languages.translation",
    "agents[*]",
    "agents[*].on_behalf_of",
    "agents[*].original_script",
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
    "series.title",
    "series.number",
    "edition",
    "number",
    "extent",
    "medium",
    "identifiers[*]",
    "original.title",
    "original.date",
    "original.publisher",
    "original.place",
    "rights.statement",
    "rights.license",
    "rights.holder",
    "summary",
    "notes[*]",
    "subjects",
    "keywords",
    "places",
    "people",
    "published_sources",
    "text",
];

/// The schema.org type of a published work of `work_type`: the table
/// `docs/mapping-jsonld.md` prints. Types schema.org has no class for are a
/// plain `CreativeWork`.
pub fn schema_type(work_type: WorkType) -> &'static str {
    use WorkType as W;
    match work_type {
        W::Article | W::ArticleMagazine => "Article",
        W::ArticleJournal | W::PaperConference => "ScholarlyArticle",
        W::ArticleNewspaper => "NewsArticle",
        W::Bill | W::Legislation | W::Regulation => "Legislation",
        W::Book | W::Classic | W::Pamphlet => "Book",
        W::Broadcast => "Episode",
        W::Chapter => "Chapter",
        W::Collection => "Collection",
        W::Dataset => "Dataset",
        W::Figure => "ImageObject",
        W::Graphic => "VisualArtwork",
        W::Manuscript => "Manuscript",
        W::Map => "Map",
        W::MotionPicture => "Movie",
        W::MusicalScore => "SheetMusic",
        W::Periodical => "Periodical",
        W::PersonalCommunication => "Message",
        W::Post => "SocialMediaPosting",
        W::PostWeblog => "BlogPosting",
        W::Report => "Report",
        W::Review | W::ReviewBook => "Review",
        W::Software => "SoftwareApplication",
        W::Song => "MusicRecording",
        W::Thesis => "Thesis",
        W::Webpage => "WebPage",
        _ => "CreativeWork",
    }
}

/// The schema.org type of what a work of `work_type` appeared in.
fn container_type(work_type: Option<WorkType>) -> &'static str {
    use WorkType as W;
    match work_type {
        Some(W::ArticleJournal | W::ArticleMagazine | W::ArticleNewspaper | W::Article | W::Review) => {
            "Periodical"
        }
        Some(W::Chapter | W::EntryDictionary | W::EntryEncyclopedia | W::Entry) => "Book",
        Some(W::Webpage | W::Post | W::PostWeblog) => "WebSite",
        _ => "CreativeWork",
    }
}

/// Writes each record as a schema.org node; one record is one object, more
/// are one document with a `@graph`.
#[derive(Default)]
pub struct JsonLdWriter {
    first: Option<Value>,
    count: usize,
}

impl Writer for JsonLdWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        let node = Value::Object(node(record));
        self.count += 1;
        if self.count == 1 {
            self.first = Some(node);
            return Ok(());
        }
        if let Some(first) = self.first.take() {
            out.write_all(b"{\n  \"@context\": \"")?;
            out.write_all(CONTEXT.as_bytes())?;
            out.write_all(b"\",\n  \"@graph\": [\n    ")?;
            out.write_all(&indented(&first)?)?;
        }
        out.write_all(b",\n    ")?;
        out.write_all(&indented(&node)?)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match (self.count, self.first.take()) {
            (0, _) => writeln!(out, "{{\n  \"@context\": \"{CONTEXT}\",\n  \"@graph\": []\n}}"),
            (_, Some(Value::Object(node))) => {
                let mut top = Map::new();
                top.insert("@context".into(), CONTEXT.into());
                top.extend(node);
                serde_json::to_writer_pretty(&mut *out, &Value::Object(top))?;
                out.write_all(b"\n")
            }
            _ => out.write_all(b"\n  ]\n}\n"),
        }
    }
}

/// Pretty JSON of a node in the `@graph`, two levels down: JSON text holds
/// no raw line break, so each line but the first is indented by four spaces.
fn indented(node: &Value) -> io::Result<Vec<u8>> {
    let text = serde_json::to_string_pretty(node)?;
    Ok(text.replace('\n', "\n    ").into_bytes())
}

/// Refuses JSON-LD input: archcite writes it, and reads its native records.
pub struct JsonLdReader;

impl Reader for JsonLdReader {
    fn read(&self, source: Source) -> Records {
        let error = RecordError::new(
            ErrorKind::UnknownFormat,
            source.name,
            "archcite writes JSON-LD (--to jsonld) but does not read it".to_string(),
        )
        .help("read the native records the JSON-LD was written from (--from json or --from jsonl)");
        Box::new(std::iter::once(Err(error)))
    }
}

/// An object from key-value pairs, leaving out the `Null` values and empty arrays.
fn object(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in pairs {
        add(&mut map, key, value);
    }
    map
}

/// Add `value` under `key` unless it is null or an empty array; a second
/// value under the same key makes the key's value an array.
fn add(map: &mut Map<String, Value>, key: &str, value: Value) {
    match value {
        Value::Null => {}
        Value::Array(a) if a.is_empty() => {}
        value => match map.get_mut(key) {
            None => {
                map.insert(key.to_string(), value);
            }
            Some(Value::Array(existing)) => match value {
                Value::Array(more) => existing.extend(more),
                one => existing.push(one),
            },
            Some(existing) => {
                let before = existing.take();
                let mut all = vec![before];
                match value {
                    Value::Array(more) => all.extend(more),
                    one => all.push(one),
                }
                *existing = Value::Array(all);
            }
        },
    }
}

/// One value alone, several as an array.
fn one_or_many(mut values: Vec<Value>) -> Value {
    match values.len() {
        0 => Value::Null,
        1 => values.remove(0),
        _ => Value::Array(values),
    }
}

fn text(value: Option<&impl AsRef<str>>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.as_ref().to_string()))
}

fn date(value: Option<&EdtfDate>) -> Value {
    value.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn property_value(id: &str, value: &str) -> Value {
    json!({"@type": "PropertyValue", "propertyID": id, "value": value})
}

/// A blank-node identifier from readable parts: ASCII letters, digits and
/// `-` kept, any other character written as `_` and its code point in hex,
/// so distinct parts stay distinct.
fn blank_id(parts: &[&str]) -> String {
    let mut id = String::from("_:");
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            id.push('.');
        }
        for c in part.chars() {
            if c.is_ascii_alphanumeric() || c == '-' {
                id.push(c);
            } else {
                id.push_str(&format!("_{:x}", c as u32));
            }
        }
    }
    id
}

fn person(p: &Person) -> Value {
    Value::Object(object([
        ("@type", "Person".into()),
        ("name", p.display_name().into()),
        ("familyName", p.family.as_str().into()),
        ("givenName", text(p.given.as_ref())),
        ("alternateName", text(p.original_script.as_ref())),
    ]))
}

fn organization(name: &str) -> Value {
    json!({"@type": "Organization", "name": name})
}

fn agent(a: &Agent) -> Value {
    match a {
        Agent::Person(p) => person(p),
        Agent::Organization(o) => Value::Object(object([
            ("@type", "Organization".into()),
            ("name", o.name.as_str().into()),
            ("alternateName", text(o.abbreviation.as_ref())),
        ])),
    }
}

/// The agent of a contributor, with the organisation the work was done for.
fn contributor(c: &Contributor) -> Value {
    let mut node = agent(&c.agent);
    if let (Some(behalf), Value::Object(map)) = (&c.on_behalf_of, &mut node) {
        map.insert("prov:actedOnBehalfOf".into(), organization(behalf));
    }
    node
}

/// The role as a `prov:Role`: the MARC relator's IRI where it has one, its
/// label always.
fn role(r: Role) -> Value {
    let mut node = object([("@type", "prov:Role".into()), ("name", r.label().into())]);
    if let Some(code) = r.marc_relator() {
        node.shift_insert(0, "@id".into(), format!("{RELATORS}{code}").into());
    }
    Value::Object(node)
}

fn attribution(c: &Contributor) -> Value {
    json!({"@type": "prov:Attribution", "prov:agent": contributor(c), "prov:hadRole": role(c.role)})
}

/// The schema.org property that names agents in `role` on a creative work,
/// where there is one; every agent is in `prov:qualifiedAttribution` too.
fn schema_role(r: Role) -> Option<&'static str> {
    Some(match r {
        Role::Author => "author",
        Role::Translator => "translator",
        Role::Funder => "funder",
        Role::Editor => "editor",
        Role::Contributor => "contributor",
        Role::Publisher => "publisher",
        Role::Illustrator => "illustrator",
        Role::Provider => "provider",
        Role::Director => "director",
        Role::Producer => "producer",
        Role::RightsHolder => "copyrightHolder",
        _ => return None,
    })
}

/// The repository as an `ArchiveOrganization`; its ISIL from the registry.
fn archive(repo: &Repository) -> Value {
    let isil = crate::registry::entry_of(repo).map(|e| e.isil).filter(|i| !i.is_empty());
    let address = (repo.place.is_some() || repo.country.is_some()).then(|| {
        Value::Object(object([
            ("@type", "PostalAddress".into()),
            ("addressLocality", text(repo.place.as_ref())),
            ("addressCountry", repo.country.as_ref().map_or(Value::Null, |c| c.as_str().into())),
        ]))
    });
    let alternate: Vec<Value> = [repo.abbreviation.as_ref(), repo.original_name.as_ref()]
        .into_iter()
        .flatten()
        .filter(|n| n.as_str() != repo.full_label())
        .map(|n| n.as_str().into())
        .collect();
    Value::Object(object([
        ("@id", blank_id(&["archive", repo.label()]).into()),
        ("@type", "ArchiveOrganization".into()),
        ("name", repo.full_label().into()),
        ("alternateName", one_or_many(alternate)),
        ("address", address.unwrap_or(Value::Null)),
        ("identifier", isil.map_or(Value::Null, |i| property_value("ISIL", i))),
    ]))
}

/// Kinds that say where in its file the document lies: written on the
/// document itself as identifiers, not as components it is part of.
fn is_location(kind: &LevelKind) -> bool {
    matches!(kind, LevelKind::Listi | LevelKind::Pages | LevelKind::Folio | LevelKind::CallNumber)
}

fn is_title(level: &Level) -> bool {
    level.kind.as_str().ends_with("-title")
}

/// The components of a reference, innermost first, nested by `isPartOf` up
/// to the holding archive; and the identifiers the document itself takes
/// (its leaves, pages or folio, the reference as cited).
fn reference(r: &ArchivalReference) -> (Value, Vec<Value>) {
    let tail = r.levels.iter().rev().take_while(|l| is_location(&l.kind)).count();
    let (head, location) = r.levels.split_at(r.levels.len() - tail);
    let mut components: Vec<(&Level, Vec<&Level>)> = Vec::new();
    for level in head {
        match components.last_mut() {
            Some((_, titles)) if is_title(level) => titles.push(level),
            _ => components.push((level, Vec::new())),
        }
    }
    let mut parent = r.repository.as_ref().map(archive);
    let mut path: Vec<&str> = r.repository.iter().map(|repo| repo.label()).collect();
    for (level, titles) in components {
        path.push(level.kind.as_str());
        path.push(&level.value);
        let single = ArchivalReference { repository: None, levels: vec![level.clone()], raw: None };
        let devised = crate::refparse::render_location(&single, crate::refparse::RenderStyle::Full);
        let name = match titles.first() {
            Some(t) => t.value.to_string(),
            None => devised,
        };
        let mut node = object([
            ("@type", "ArchiveComponent".into()),
            ("name", name.into()),
            ("identifier", property_value(level.kind.as_str(), &level.value)),
        ]);
        if r.repository.is_some() {
            node.shift_insert(0, "@id".into(), blank_id(&path).into());
        }
        for t in titles.iter().skip(1) {
            add(&mut node, "alternateName", t.value.as_str().into());
        }
        match parent.take() {
            Some(p) if p["@type"] == "ArchiveOrganization" => add(&mut node, "holdingArchive", p),
            Some(p) => add(&mut node, "isPartOf", p),
            None => {}
        }
        parent = Some(Value::Object(node));
    }
    let mut ids: Vec<Value> = location.iter().map(|l| property_value(l.kind.as_str(), &l.value)).collect();
    if let Some(raw) = &r.raw {
        ids.push(property_value("as-cited", raw));
    }
    (parent.unwrap_or(Value::Null), ids)
}

/// A `prov:Activity` named `name` that ended at `when`, with its agents.
fn activity(name: &str, when: Option<&EdtfDate>, agents: Vec<Value>) -> Map<String, Value> {
    object([
        ("@type", "prov:Activity".into()),
        ("name", name.into()),
        ("prov:endedAtTime", date(when)),
        ("prov:wasAssociatedWith", one_or_many(agents)),
    ])
}

/// The record as one schema.org node.
pub fn node(r: &Record) -> Map<String, Value> {
    let published = r.work_type.is_some();
    let archival = !r.references.is_empty();
    let types: Vec<Value> = match r.work_type {
        None => vec!["ArchiveComponent".into()],
        Some(w) if archival => vec![schema_type(w).into(), "ArchiveComponent".into()],
        Some(w) => vec![schema_type(w).into()],
    };
    let mut n = object([("@type", one_or_many(types))]);
    if let Some(url) = r.publication.as_ref().and_then(|p| p.url.as_ref()) {
        n.shift_insert(0, "@id".into(), url.as_str().into());
    }
    add(&mut n, "name", text(r.title.as_ref()));
    add(&mut n, "alternativeHeadline", text(r.subtitle.as_ref()));
    for t in [&r.short_title, &r.original_title].into_iter().flatten() {
        add(&mut n, "alternateName", t.as_str().into());
    }
    for t in &r.alternate_titles {
        let value = match &t.language {
            Some(l) => json!({"@value": t.title.as_str(), "@language": l.as_str()}),
            None => t.title.as_str().into(),
        };
        add(&mut n, "alternateName", value);
    }
    add(&mut n, "genre", r.document_type.as_ref().map_or(Value::Null, |t| t.label().into()));
    match (published, &r.issued) {
        (true, None) => add(&mut n, "datePublished", date(r.date.as_ref())),
        _ => {
            add(&mut n, "dateCreated", date(r.date.as_ref()));
            add(&mut n, "datePublished", date(r.issued.as_ref()));
        }
    }
    let langs: Vec<Value> = r.languages.original.iter().map(|l| l.as_str().into()).collect();
    add(&mut n, "inLanguage", one_or_many(langs));
    for c in &r.agents {
        if let Some(property) = schema_role(c.role) {
            add(&mut n, property, contributor(c));
        }
    }
    let mut archives = Vec::new();
    let mut ids = Vec::new();
    for cited in &r.references {
        let (chain, own) = reference(cited);
        match chain {
            Value::Object(m) if m["@type"] == "ArchiveOrganization" => archives.push(Value::Object(m)),
            Value::Null => {}
            chain => {
                archives.extend(cited.repository.as_ref().map(archive));
                add(&mut n, "isPartOf", chain);
            }
        }
        ids.extend(own);
    }
    add(&mut n, "holdingArchive", one_or_many(archives));
    if let Some(p) = &r.publication {
        if let Some(c) = &p.collection {
            add(&mut n, "isPartOf", json!({"@type": "Collection", "name": c.as_str()}));
        }
        if let Some(name) = &p.publisher {
            let org = object([
                ("@type", "Organization".into()),
                ("name", name.as_str().into()),
                ("location", text(p.place.as_ref())),
            ]);
            add(&mut n, "publisher", Value::Object(org));
        } else if let Some(place) = &p.place {
            add(&mut n, "locationCreated", json!({"@type": "Place", "name": place.as_str()}));
        }
        add(&mut n, "url", p.url.as_ref().map_or(Value::Null, |u| u.as_str().into()));
        if let Some(id) = &p.record_id {
            ids.push(property_value("record-id", id));
        }
    }
    if let Some(c) = &r.container {
        let mut holder = object([
            ("@type", container_type(r.work_type).into()),
            ("name", text(c.title.as_ref())),
            ("alternateName", text(c.short_title.as_ref())),
        ]);
        if let Some(v) = &c.volume {
            let inner = std::mem::take(&mut holder);
            holder = object([("@type", "PublicationVolume".into()), ("volumeNumber", v.as_str().into())]);
            if inner.len() > 1 {
                holder.insert("isPartOf".into(), Value::Object(inner));
            }
        }
        if let Some(i) = &c.issue {
            let inner = std::mem::take(&mut holder);
            holder = object([("@type", "PublicationIssue".into()), ("issueNumber", i.as_str().into())]);
            if inner.len() > 1 {
                holder.insert("isPartOf".into(), Value::Object(inner));
            }
        }
        if holder.len() > 1 {
            add(&mut n, "isPartOf", Value::Object(holder));
        }
        add(&mut n, "pagination", text(c.pages.as_ref()));
    }
    if let Some(s) = &r.series {
        add(&mut n, "isPartOf", json!({"@type": "CreativeWorkSeries", "name": s.title.as_str()}));
        add(&mut n, "position", text(s.number.as_ref()));
    }
    add(&mut n, "version", text(r.edition.as_ref()));
    if let Some(num) = &r.number {
        ids.push(property_value("number", num));
    }
    add(&mut n, "materialExtent", text(r.extent.as_ref()));
    add(&mut n, "material", text(r.medium.as_ref()));
    for i in &r.identifiers {
        ids.push(property_value(i.scheme.as_str(), &i.value));
    }
    if let Some(k) = &r.key {
        ids.push(property_value("citation-key", k));
    }
    add(&mut n, "identifier", one_or_many(ids));
    if let Some(rights) = &r.rights {
        if let Some(s) = &rights.statement {
            add(&mut n, "usageInfo", json!({"@type": "CreativeWork", "text": s.as_str()}));
        }
        add(&mut n, "license", rights.license.as_ref().map_or(Value::Null, |u| u.as_str().into()));
        if let Some(h) = &rights.holder {
            add(&mut n, "copyrightHolder", json!({"name": h.as_str()}));
        }
    }
    add(&mut n, "abstract", text(r.summary.as_ref()));
    let comments: Vec<Value> = r
        .notes
        .iter()
        .map(|note| json!({"@type": "Comment", "name": note.kind.label(), "text": note.text.as_str()}))
        .collect();
    add(&mut n, "comment", Value::Array(comments));
    let about: Vec<Value> =
        r.subjects.iter().map(|s| json!({"@type": "Thing", "name": s.as_str()})).collect();
    add(&mut n, "about", Value::Array(about));
    add(&mut n, "keywords", Value::Array(r.keywords.iter().map(|k| k.as_str().into()).collect()));
    let places: Vec<Value> = r.places.iter().map(|p| json!({"@type": "Place", "name": p.as_str()})).collect();
    add(&mut n, "spatialCoverage", Value::Array(places));
    add(&mut n, "mentions", Value::Array(r.people.iter().map(person).collect()));
    add(&mut n, "text", text(r.text.as_ref()));
    provenance(&mut n, r);
    n
}

/// The custody chain in PROV terms: the creation, who did what, what was
/// done with the document, and what it was derived from.
fn provenance(n: &mut Map<String, Value>, r: &Record) {
    let published = r.work_type.is_some();
    let agents_in = |roles: &[Role]| -> Vec<Value> {
        r.agents.iter().filter(|c| roles.contains(&c.role)).map(contributor).collect()
    };
    let creators = agents_in(&[Role::Author, Role::Recorder]);
    if !published && (r.date.is_some() || !creators.is_empty()) {
        add(n, "prov:wasGeneratedBy", Value::Object(activity("created", r.date.as_ref(), creators)));
    }
    add(n, "prov:qualifiedAttribution", Value::Array(r.agents.iter().map(attribution).collect()));
    let mut used = Vec::new();
    for e in &r.events {
        let mut a = activity(e.kind.label(), Some(&e.date), Vec::new());
        add(&mut a, "description", text(e.note.as_ref()));
        used.push(Value::Object(a));
    }
    let obtainers = agents_in(&[Role::ObtainedBy]);
    if !obtainers.is_empty() {
        used.push(Value::Object(activity("obtained", None, obtainers)));
    }
    let translators = agents_in(&[Role::Translator]);
    if !translators.is_empty() || !r.languages.translation.is_empty() {
        let mut a = activity("translated", None, translators);
        let made: Vec<Value> = r
            .languages
            .translation
            .iter()
            .map(|l| json!({"@type": "CreativeWork", "inLanguage": l.as_str()}))
            .collect();
        add(&mut a, "prov:generated", one_or_many(made));
        used.push(Value::Object(a));
    }
    let mut publishers = agents_in(&[Role::Publisher]);
    if let Some(p) = r.publication.as_ref().and_then(|p| p.publisher.as_ref()) {
        publishers.push(organization(p));
    }
    let issued = if published { None } else { r.issued.as_ref() };
    if !published && (!publishers.is_empty() || issued.is_some()) {
        used.push(Value::Object(activity("published", issued, publishers)));
    }
    if !used.is_empty() {
        n.insert("@reverse".into(), json!({"prov:used": one_or_many(used)}));
    }
    let mut sources = Vec::new();
    if let Some(o) = &r.original {
        let publisher = o.publisher.as_ref().map(|name| {
            Value::Object(object([
                ("@type", "Organization".into()),
                ("name", name.as_str().into()),
                ("location", text(o.place.as_ref())),
            ]))
        });
        let mut source = object([
            ("@type", "CreativeWork".into()),
            ("name", text(o.title.as_ref())),
            ("datePublished", date(o.date.as_ref())),
            ("publisher", publisher.unwrap_or(Value::Null)),
        ]);
        if o.publisher.is_none() {
            add(
                &mut source,
                "locationCreated",
                o.place.as_ref().map_or(Value::Null, |p| json!({"@type": "Place", "name": p.as_str()})),
            );
        }
        sources.push(Value::Object(source));
    }
    for s in &r.published_sources {
        sources.push(json!({"@type": "CreativeWork", "name": s.as_str()}));
    }
    add(n, "prov:wasDerivedFrom", one_or_many(sources));
}
