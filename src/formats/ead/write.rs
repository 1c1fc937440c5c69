//! Writing a batch of records as one EAD3 finding aid (see the module docs).

use std::io::{self, Write};

use super::{AGENCY, AS_CITED, EAD3_NS};
use crate::error::WriteError;
use crate::formats::xml::{self, leaf, XmlWriter};
use crate::formats::Writer;
use crate::model::{
    Agent, ArchivalReference, Contributor, Level, LevelKind, NameOrder, Person, Record, Repository, Role,
};

/// Writes one EAD3 document for the whole batch: records are held until the
/// end, since records that share levels share components.
#[derive(Default)]
pub struct Ead3Writer {
    records: Vec<Record>,
    /// The date of the maintenance event; today (UTC) when not set.
    created: Option<String>,
}

impl Ead3Writer {
    /// A writer that dates its `maintenanceevent` `date` (`YYYY-MM-DD`)
    /// rather than today: for output that must not change from day to day.
    pub fn dated(date: &str) -> Ead3Writer {
        Ead3Writer { records: Vec::new(), created: Some(date.to_string()) }
    }

    fn created(&self) -> String {
        if let Some(d) = &self.created {
            return d.clone();
        }
        // Reproducible builds' convention: a fixed time from the environment.
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
        let when =
            epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)).unwrap_or_else(chrono::Utc::now);
        when.format("%Y-%m-%d").to_string()
    }
}

impl Writer for Ead3Writer {
    fn write(&mut self, _out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        // Written alone first, so that text XML cannot carry is refused now,
        // naming this record, rather than when the whole tree is written.
        let mut scratch = Vec::new();
        document(&mut xml::writer(&mut scratch), std::slice::from_ref(record), "0000-01-01")
            .map_err(xml::write_error)?;
        self.records.push(record.clone());
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let created = self.created();
        let records = std::mem::take(&mut self.records);
        out.write_all(xml::DECLARATION.as_bytes())?;
        document(&mut xml::writer(&mut *out), &records, &created)?;
        out.write_all(b"\n")
    }
}

/// A component of the tree: its level (with the titles that follow it) and
/// what it holds, in the order first met.
struct Node<'a> {
    level: &'a Level,
    titles: Vec<&'a Level>,
    children: Vec<Node<'a>>,
    items: Vec<Item<'a>>,
}

/// A record placed in the tree, with the levels written in its own `did`.
struct Item<'a> {
    record: &'a Record,
    reference: Option<&'a ArchivalReference>,
    location: &'a [Level],
}

/// The components of one repository (or of none), outermost first.
struct Tree<'a> {
    repository: Option<&'a Repository>,
    nodes: Vec<Node<'a>>,
    items: Vec<Item<'a>>,
}

/// Kinds that say where in a file a document is, or which container holds
/// it, rather than which intellectual unit: written in the item's own `did`
/// when they end the reference.
fn is_location(kind: &LevelKind) -> bool {
    matches!(
        kind,
        LevelKind::Listi
            | LevelKind::Pages
            | LevelKind::Folio
            | LevelKind::Box
            | LevelKind::Folder
            | LevelKind::CallNumber
    )
}

fn is_title(level: &Level) -> bool {
    level.kind.as_str().ends_with("-title")
}

/// The reference's levels split into components (each with the `*-title`
/// levels after it) and the trailing location levels.
fn split(levels: &[Level]) -> (Vec<(&Level, Vec<&Level>)>, &[Level]) {
    let tail = levels.iter().rev().take_while(|l| is_location(&l.kind)).count();
    let (head, location) = levels.split_at(levels.len() - tail);
    let mut components: Vec<(&Level, Vec<&Level>)> = Vec::new();
    for level in head {
        match components.last_mut() {
            Some((_, titles)) if is_title(level) => titles.push(level),
            _ => components.push((level, Vec::new())),
        }
    }
    (components, location)
}

fn build(records: &[Record]) -> Vec<Tree<'_>> {
    let mut trees: Vec<Tree> = Vec::new();
    for record in records {
        let reference = record.references.first();
        let repository = reference.and_then(|r| r.repository.as_ref());
        let at = match trees.iter().position(|t| t.repository == repository) {
            Some(at) => at,
            None => {
                trees.push(Tree { repository, nodes: Vec::new(), items: Vec::new() });
                trees.len() - 1
            }
        };
        let (components, location) = match reference {
            Some(r) => split(&r.levels),
            None => (Vec::new(), &[][..]),
        };
        let item = Item { record, reference, location };
        let tree = &mut trees[at];
        let (mut nodes, mut items) = (&mut tree.nodes, &mut tree.items);
        for (level, titles) in components {
            let at = match nodes.iter().position(|n| n.level == level && n.titles == titles) {
                Some(at) => at,
                None => {
                    nodes.push(Node { level, titles, children: Vec::new(), items: Vec::new() });
                    nodes.len() - 1
                }
            };
            let node = &mut nodes[at];
            (nodes, items) = (&mut node.children, &mut node.items);
        }
        items.push(item);
    }
    trees
}

/// The `@level` (and `@otherlevel`) of a component of `kind`.
fn ead_level(kind: &LevelKind) -> (&str, Option<&str>) {
    match kind {
        LevelKind::Fond | LevelKind::Bestand | LevelKind::Department => ("fonds", None),
        LevelKind::RecordGroup => ("recordgrp", None),
        LevelKind::Opis | LevelKind::Series => ("series", None),
        LevelKind::Delo
        | LevelKind::File
        | LevelKind::Piece
        | LevelKind::Papka
        | LevelKind::EdinitsaKhraneniya
        | LevelKind::Signatur
        | LevelKind::Volume => ("file", None),
        LevelKind::Other(k)
            if matches!(
                k.as_str(),
                "collection" | "fonds" | "subfonds" | "subseries" | "class" | "subgrp"
            ) =>
        {
            (k.as_str(), None)
        }
        other => ("otherlevel", Some(other.as_str())),
    }
}

fn document(w: &mut XmlWriter, records: &[Record], created: &str) -> io::Result<()> {
    let trees = build(records);
    let one = match trees.as_slice() {
        [t] => t.repository,
        _ => None,
    };
    let title = match (one, trees.len()) {
        (Some(r), _) => format!("Documents held by {}", r.full_label()),
        (None, 1) => "Documents without a named repository".to_string(),
        (None, n) => {
            let named = trees.iter().filter(|t| t.repository.is_some()).count();
            if named == n {
                format!("Documents held by {n} repositories")
            } else {
                format!("Documents held by {named} repositories and without a named repository")
            }
        }
    };
    let recordid = match one {
        Some(r) => format!("archcite-{}", slug(r.label())),
        None => "archcite-finding-aid".to_string(),
    };
    w.create_element("ead")
        // No `xsi:schemaLocation`: the official RELAX NG schema allows no
        // attribute from another namespace on `<ead>`.
        .with_attribute(("xmlns", EAD3_NS))
        .write_inner_content(|w| {
            control(w, &recordid, &title, created)?;
            w.create_element("archdesc").with_attribute(("level", "collection")).write_inner_content(
                |w| {
                    w.create_element("did").write_inner_content(|w| {
                        if let Some(r) = one {
                            repository(w, r)?;
                        }
                        leaf(w, "unittitle", &[("localtype", "devised")], &title)
                    })?;
                    if trees.iter().all(|t| t.nodes.is_empty() && t.items.is_empty()) {
                        return Ok(());
                    }
                    w.create_element("dsc").write_inner_content(|w| {
                        for tree in &trees {
                            // In a batch of several repositories each names its own.
                            let named = if one.is_some() { None } else { tree.repository };
                            for node in &tree.nodes {
                                component(w, node, named)?;
                            }
                            for i in &tree.items {
                                item(w, i, named)?;
                            }
                        }
                        Ok(())
                    })?;
                    Ok(())
                },
            )?;
            Ok(())
        })?;
    Ok(())
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "repository".to_string()
    } else {
        out
    }
}

fn control(w: &mut XmlWriter, recordid: &str, title: &str, created: &str) -> io::Result<()> {
    w.create_element("control").write_inner_content(|w| {
        leaf(w, "recordid", &[], recordid)?;
        w.create_element("filedesc").write_inner_content(|w| {
            w.create_element("titlestmt").write_inner_content(|w| leaf(w, "titleproper", &[], title))?;
            Ok(())
        })?;
        w.create_element("maintenancestatus").with_attribute(("value", "new")).write_empty()?;
        w.create_element("maintenanceagency").write_inner_content(|w| leaf(w, "agencyname", &[], AGENCY))?;
        w.create_element("maintenancehistory").write_inner_content(|w| {
            w.create_element("maintenanceevent").write_inner_content(|w| {
                w.create_element("eventtype").with_attribute(("value", "created")).write_empty()?;
                leaf(w, "eventdatetime", &[("standarddatetime", created)], created)?;
                w.create_element("agenttype").with_attribute(("value", "machine")).write_empty()?;
                leaf(w, "agent", &[], "archcite")?;
                leaf(w, "eventdescription", &[], "Written from archival references by archcite")
            })?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn repository(w: &mut XmlWriter, r: &Repository) -> io::Result<()> {
    let attrs: &[(&str, &str)] = if r.known { &[] } else { &[("localtype", "unregistered")] };
    w.create_element("repository").with_attributes(attrs.iter().copied()).write_inner_content(|w| {
        w.create_element("corpname").write_inner_content(|w| {
            for (kind, value) in
                [("abbreviation", &r.abbreviation), ("name", &r.name), ("original-name", &r.original_name)]
            {
                if let Some(v) = value {
                    leaf(w, "part", &[("localtype", kind)], v)?;
                }
            }
            Ok(())
        })?;
        if r.place.is_some() || r.country.is_some() {
            w.create_element("address").write_inner_content(|w| {
                if let Some(p) = &r.place {
                    leaf(w, "addressline", &[("localtype", "place")], p)?;
                }
                if let Some(c) = &r.country {
                    leaf(w, "addressline", &[("localtype", "country")], c.as_str())?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn component(w: &mut XmlWriter, node: &Node, repo: Option<&Repository>) -> io::Result<()> {
    let (level, other) = ead_level(&node.level.kind);
    let mut attrs = vec![("level", level)];
    if let Some(o) = other {
        attrs.push(("otherlevel", o));
    }
    w.create_element("c").with_attributes(attrs).write_inner_content(|w| {
        w.create_element("did").write_inner_content(|w| {
            if let Some(r) = repo {
                repository(w, r)?;
            }
            leaf(w, "unitid", &[("localtype", node.level.kind.as_str())], &node.level.value)?;
            for t in &node.titles {
                leaf(w, "unittitle", &[("localtype", t.kind.as_str())], &t.value)?;
            }
            Ok(())
        })?;
        // Only the outermost component names the repository.
        for child in &node.children {
            component(w, child, None)?;
        }
        for i in &node.items {
            item(w, i, None)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn item(w: &mut XmlWriter, i: &Item, repo: Option<&Repository>) -> io::Result<()> {
    let r = i.record;
    w.create_element("c").with_attribute(("level", "item")).write_inner_content(|w| {
        w.create_element("did").write_inner_content(|w| item_did(w, i, repo))?;
        description(w, r)
    })?;
    Ok(())
}

fn item_did(w: &mut XmlWriter, i: &Item, repo: Option<&Repository>) -> io::Result<()> {
    let r = i.record;
    if let Some(repo) = repo {
        repository(w, repo)?;
    }
    let creators = origination(r);
    if !creators.is_empty() {
        w.create_element("origination")
            .write_inner_content(|w| creators.iter().try_for_each(|c| agent(w, c)))?;
    }
    if let Some(t) = &r.title {
        leaf(w, "unittitle", &[], t)?;
    }
    for level in i.location {
        let name =
            if matches!(level.kind, LevelKind::Box | LevelKind::Folder) { "container" } else { "unitid" };
        leaf(w, name, &[("localtype", level.kind.as_str())], &level.value)?;
    }
    if let Some(raw) = i.reference.and_then(|r| r.raw.as_ref()) {
        leaf(w, "unitid", &[("localtype", AS_CITED)], raw)?;
    }
    if let Some(d) = &r.date {
        let d = d.to_string();
        leaf(w, "unitdate", &[("normal", &d)], &d)?;
    }
    if !r.languages.original.is_empty() {
        w.create_element("langmaterial").write_inner_content(|w| {
            for tag in &r.languages.original {
                let code = match tag.iso639_2() {
                    Some(c) if tag.as_str() == tag.primary() => c,
                    _ => tag.as_str(),
                };
                let name = tag.english_name().unwrap_or(tag.as_str());
                leaf(w, "language", &[("langcode", code)], name)?;
            }
            Ok(())
        })?;
    }
    if let Some(e) = &r.extent {
        leaf(w, "physdesc", &[], e)?;
    } else if let Some((count, unit)) = derived_extent(i.location) {
        w.create_element("physdescstructured")
            .with_attributes([("physdescstructuredtype", "materialtype"), ("coverage", "whole")])
            .write_inner_content(|w| {
                leaf(w, "quantity", &[], &count.to_string())?;
                leaf(w, "unittype", &[], unit)
            })?;
    }
    if let Some(m) = &r.medium {
        leaf(w, "physdesc", &[("localtype", "medium")], m)?;
    }
    if let Some(url) = r.publication.as_ref().and_then(|p| p.url.as_ref()) {
        w.create_element("dao")
            .with_attributes([("daotype", "derived"), ("href", url.as_str())])
            .write_empty()?;
    }
    Ok(())
}

/// How many leaves or pages a single range of them spans ("95-101": 7 leaves).
fn derived_extent(location: &[Level]) -> Option<(u32, &'static str)> {
    let level = location.iter().find(|l| matches!(l.kind, LevelKind::Listi | LevelKind::Pages))?;
    let unit = if level.kind == LevelKind::Listi { "leaves" } else { "pages" };
    let value = level.value.as_str();
    let (from, to) = value.split_once('-').unwrap_or((value, value));
    let (from, to): (u32, u32) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
    (to >= from).then(|| (to - from + 1, unit))
}

/// The creators: authors and recorders.
fn origination(r: &Record) -> Vec<&Contributor> {
    r.agents.iter().filter(|c| matches!(c.role, Role::Author | Role::Recorder)).collect()
}

fn agent(w: &mut XmlWriter, c: &Contributor) -> io::Result<()> {
    name(w, &c.agent, Some(c.role.as_str()))
}

/// A `persname` or `corpname`, with the role as `@relator`.
fn name(w: &mut XmlWriter, a: &Agent, relator: Option<&str>) -> io::Result<()> {
    match a {
        Agent::Person(p) => person(w, p, relator),
        Agent::Organization(o) => {
            let attrs: Vec<(&str, &str)> = relator.map(|r| ("relator", r)).into_iter().collect();
            w.create_element("corpname")
                .with_attributes(attrs)
                .write_inner_content(|w| leaf(w, "part", &[], &o.name))?;
            Ok(())
        }
    }
}

fn person(w: &mut XmlWriter, p: &Person, relator: Option<&str>) -> io::Result<()> {
    let mut attrs: Vec<(&str, &str)> = relator.map(|r| ("relator", r)).into_iter().collect();
    if p.name_order == NameOrder::FamilyFirst {
        attrs.push(("localtype", "family-first"));
    }
    w.create_element("persname").with_attributes(attrs).write_inner_content(|w| {
        leaf(w, "part", &[("localtype", "surname")], &p.family)?;
        if let Some(g) = &p.given {
            leaf(w, "part", &[("localtype", "forename")], g)?;
        }
        if let Some(o) = &p.original_script {
            leaf(w, "part", &[("localtype", "original-script")], o)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `<name><p>text</p></name>` with `@localtype`, a `p` for each block of
/// the text between blank lines.
fn para(w: &mut XmlWriter, name: &str, localtype: Option<&str>, text: &str) -> io::Result<()> {
    let attrs: Vec<(&str, &str)> = localtype.map(|t| ("localtype", t)).into_iter().collect();
    w.create_element(name)
        .with_attributes(attrs)
        .write_inner_content(|w| text.split("\n\n").try_for_each(|p| leaf(w, "p", &[], p)))?;
    Ok(())
}

/// The descriptive elements after the item's `did`, in the order EAD3
/// finding aids usually give them.
fn description(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if !r.events.is_empty() {
        w.create_element("custodhist").write_inner_content(|w| {
            w.create_element("chronlist").write_inner_content(|w| {
                for e in &r.events {
                    w.create_element("chronitem").write_inner_content(|w| {
                        leaf(w, "datesingle", &[], &e.date.to_string())?;
                        let note = e.note.as_ref().map_or("", |n| n.as_str());
                        leaf(w, "event", &[("localtype", e.kind.as_str())], note)
                    })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    }
    let obtained: Vec<&Contributor> = r.agents_in(Role::ObtainedBy).collect();
    if !obtained.is_empty() {
        w.create_element("acqinfo").write_inner_content(|w| {
            w.create_element("p").write_inner_content(|w| obtained.iter().try_for_each(|c| agent(w, c)))?;
            Ok(())
        })?;
    }
    if let Some(s) = &r.summary {
        para(w, "scopecontent", None, s)?;
    }
    if let Some(rights) = &r.rights {
        if let Some(s) = &rights.statement {
            para(w, "userestrict", Some("statement"), s)?;
        }
        if let Some(l) = &rights.license {
            w.create_element("userestrict").with_attribute(("localtype", "license")).write_inner_content(
                |w| {
                    w.create_element("p")
                        .write_inner_content(|w| leaf(w, "ref", &[("href", l.as_str())], l.as_str()))?;
                    Ok(())
                },
            )?;
        }
        if let Some(h) = &rights.holder {
            para(w, "userestrict", Some("holder"), h)?;
        }
    }
    for n in &r.notes {
        para(w, "odd", Some(n.kind.as_str()), &n.text)?;
    }
    // Everyone else who took part in the document or its publication
    // (participants, recipients, translators, funders, editors...): access
    // points with their role as `@relator`, as ArchivesSpace writes agents
    // that are neither creators nor sources.
    let participants: Vec<&Contributor> = r
        .agents
        .iter()
        .filter(|c| !matches!(c.role, Role::Author | Role::Recorder | Role::ObtainedBy))
        .collect();
    let any = r.document_type.is_some()
        || !participants.is_empty()
        || !r.subjects.is_empty()
        || !r.places.is_empty()
        || !r.people.is_empty();
    if any {
        w.create_element("controlaccess").write_inner_content(|w| {
            if let Some(t) = &r.document_type {
                w.create_element("genreform")
                    .with_attribute(("localtype", "document-type"))
                    .write_inner_content(|w| leaf(w, "part", &[], t.label()))?;
            }
            for c in &participants {
                agent(w, c)?;
            }
            for s in &r.subjects {
                w.create_element("subject").write_inner_content(|w| leaf(w, "part", &[], s))?;
            }
            for p in &r.places {
                w.create_element("geogname").write_inner_content(|w| leaf(w, "part", &[], p))?;
            }
            for p in &r.people {
                person(w, p, None)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
