//! Writing records as MODS 3.8 (see the module docs for the mapping).

use std::io::{self, Write};

use super::{AS_WRITTEN, MODS_NS, ORIGINAL_TITLE, REPRINTED_IN, RIGHTS_HOLDER, SCHEMA_LOCATION, XLINK_NS};
use crate::error::WriteError;
use crate::formats::catalogue;
use crate::formats::xml::{self, leaf, Batch, XmlWriter, XSI_NS};
use crate::formats::{KeySlot, Writer};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, EdtfDate, LanguageTag, NameOrder, NoteKind,
    PartialDate, Person, Record, Role, TitleKind,
};
use crate::refparse::{self, RenderStyle};

/// Writes MODS: one `mods` root, or a `modsCollection` of them.
#[derive(Default)]
pub struct ModsWriter {
    batch: Batch,
}

const CLOSE: &str = "</modsCollection>\n";

impl Writer for ModsWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        crate::formats::render_and_place(self, out, &mut Vec::new(), record)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(ModsWriter::default()))
    }

    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        mods(&mut xml::writer(&mut *out), record).map_err(xml::write_error)?;
        out.push(b'\n');
        Ok(None)
    }

    fn place(&mut self, out: &mut dyn Write, rendered: &mut Vec<u8>, _: Option<KeySlot>) -> io::Result<()> {
        self.batch.push(out, std::mem::take(rendered), open_collection)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.batch.end(out, open_collection, CLOSE)
    }
}

fn open_collection(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<modsCollection xmlns=\"{MODS_NS}\" xmlns:xlink=\"{XLINK_NS}\" xmlns:xsi=\"{XSI_NS}\" xsi:schemaLocation=\"{SCHEMA_LOCATION}\">"
    )
}

fn mods(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if r.extra_of("mods").next().is_some() {
        return super::kept::write_with_extra(w, r);
    }
    generated(w, r)
}

/// The `mods` element from the model fields alone.
pub(super) fn generated(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    w.create_element("mods")
        .with_attributes([
            ("xmlns", MODS_NS),
            ("xmlns:xlink", XLINK_NS),
            ("xmlns:xsi", XSI_NS),
            ("version", "3.8"),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
        ])
        .write_inner_content(|w| body(w, r))?;
    Ok(())
}

fn body(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    // MODS requires a title: an untitled document gets a devised one in
    // brackets (DACS 2.3.18), marked as supplied.
    let (devised, supplied): (String, &[(&str, &str)]) = match &r.title {
        Some(t) => (t.to_string(), &[]),
        None => (catalogue::devised_title(r), &[("supplied", "yes")]),
    };
    w.create_element("titleInfo").with_attributes(supplied.iter().copied()).write_inner_content(|w| {
        leaf(w, "title", &[], &devised)?;
        if let Some(s) = &r.subtitle {
            leaf(w, "subTitle", &[], s)?;
        }
        Ok(())
    })?;
    if let Some(s) = &r.short_title {
        title_info(w, &[("type", "abbreviated")], s)?;
    }
    for t in &r.alternate_titles {
        let mut attrs: Vec<(&str, &str)> = match &t.kind {
            Some(TitleKind::Translated) => vec![("type", "translated")],
            Some(TitleKind::Uniform) => vec![("type", "uniform")],
            Some(TitleKind::Abbreviated) => {
                vec![("type", "alternative"), ("displayLabel", "Abbreviated title")]
            }
            Some(TitleKind::OtherScript) => {
                vec![("type", "alternative"), ("displayLabel", "Title in another script")]
            }
            Some(k) => vec![("type", "alternative"), ("displayLabel", k.label())],
            None => vec![("type", "alternative")],
        };
        let lang = t.language.as_ref().map(|l| l.to_string());
        let script = t.language.as_ref().and_then(|l| l.as_str().split('-').nth(1)).map(str::to_string);
        if let Some(l) = &lang {
            attrs.push(("lang", l.split('-').next().unwrap_or(l)));
        }
        if let Some(s) = &script {
            attrs.push(("script", s));
        }
        title_info(w, &attrs, &t.title)?;
    }
    if let Some(t) = &r.original_title {
        let lang = r.languages.original.first().and_then(LanguageTag::iso639_2);
        let mut attrs = vec![("type", "alternative"), ("displayLabel", ORIGINAL_TITLE)];
        attrs.extend(lang.map(|l| ("lang", l)));
        w.create_element("titleInfo")
            .with_attributes(attrs)
            .write_inner_content(|w| leaf(w, "title", &[], t))?;
    }
    let primary = r.agents.iter().position(|c| c.role == Role::Author);
    for (i, c) in r.agents.iter().enumerate() {
        name(w, c, Some(i) == primary)?;
    }
    match r.work_type {
        None => leaf(w, "typeOfResource", &[("manuscript", "yes")], "text")?,
        Some(t) => {
            leaf(w, "typeOfResource", &[], t.row().mods_resource)?;
            leaf(w, "genre", &[("authority", "csl")], t.csl())?;
        }
    }
    if let Some(t) = &r.document_type {
        leaf(w, "genre", &[], t.label())?;
    }
    origin(w, r)?;
    published(w, r)?;
    languages(w, r)?;
    let extent = r.extent.as_ref().map(|e| e.to_string()).or_else(|| catalogue::extent(r));
    if extent.is_some() || r.medium.is_some() {
        w.create_element("physicalDescription").write_inner_content(|w| {
            if let Some(m) = &r.medium {
                leaf(w, "form", &[], m)?;
            }
            if let Some(e) = &extent {
                leaf(w, "extent", &[], e)?;
            }
            Ok(())
        })?;
    }
    if let Some(s) = &r.summary {
        leaf(w, "abstract", &[], s)?;
    }
    notes(w, r)?;
    access(w, r)?;
    subjects(w, r)?;
    for reference in &r.references {
        location(w, reference)?;
    }
    publication(w, r)?;
    related(w, r)?;
    described(w, r)?;
    if let Some(key) = &r.key {
        w.create_element("recordInfo").write_inner_content(|w| leaf(w, "recordIdentifier", &[], key))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- names

fn name(w: &mut XmlWriter, c: &Contributor, primary: bool) -> io::Result<()> {
    let kind = match c.agent {
        Agent::Person(_) => "personal",
        Agent::Organization(_) => "corporate",
    };
    let mut attrs = vec![("type", kind)];
    if primary {
        attrs.push(("usage", "primary"));
    }
    w.create_element("name").with_attributes(attrs).write_inner_content(|w| {
        match &c.agent {
            Agent::Person(p) => {
                name_parts(w, p)?;
                original_script(w, p)?;
            }
            Agent::Organization(o) => leaf(w, "namePart", &[], &o.name)?,
        }
        if let Some(o) = &c.on_behalf_of {
            leaf(w, "affiliation", &[], o)?;
        }
        w.create_element("role").write_inner_content(|w| {
            let authority: &[(&str, &str)] =
                if c.role.marc_relator().is_some() { &[("authority", "marcrelator")] } else { &[] };
            let mut text = vec![("type", "text")];
            text.extend_from_slice(authority);
            leaf(w, "roleTerm", &text, c.role.label())?;
            if let Some(code) = c.role.marc_relator() {
                leaf(w, "roleTerm", &[("type", "code"), ("authority", "marcrelator")], code)?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// `namePart`s in display order, then the original-script form.
fn name_parts(w: &mut XmlWriter, p: &Person) -> io::Result<()> {
    match (&p.given, p.name_order) {
        (Some(g), NameOrder::GivenFirst) => {
            leaf(w, "namePart", &[("type", "given")], g)?;
            leaf(w, "namePart", &[("type", "family")], &p.family)?;
        }
        (Some(g), NameOrder::FamilyFirst) => {
            leaf(w, "namePart", &[("type", "family")], &p.family)?;
            leaf(w, "namePart", &[("type", "given")], g)?;
        }
        (None, _) => leaf(w, "namePart", &[("type", "family")], &p.family)?,
    }
    Ok(())
}

/// The original-script form of a name (`alternativeName`, which MODS allows
/// in a name of its own, not in a subject's).
fn original_script(w: &mut XmlWriter, p: &Person) -> io::Result<()> {
    if let Some(o) = &p.original_script {
        let mut attrs = vec![("altType", "original script")];
        attrs.extend(catalogue::script_of(o).map(|s| ("script", s)));
        w.create_element("alternativeName")
            .with_attributes(attrs)
            .write_inner_content(|w| leaf(w, "namePart", &[], o))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- dates

fn origin(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if let Some(d) = r.date.as_ref().filter(|_| !super::published(r)) {
        w.create_element("originInfo")
            .with_attribute(("eventType", "production"))
            .write_inner_content(|w| dated(w, "dateCreated", d, true))?;
    }
    for e in &r.events {
        let mut attrs = vec![("eventType", e.kind.as_str())];
        attrs.extend(e.note.as_deref().map(|n| ("displayLabel", n)));
        xml::check_chars(e.kind.as_str())?;
        if let Some(n) = &e.note {
            xml::check_chars(n)?;
        }
        w.create_element("originInfo")
            .with_attributes(attrs)
            .write_inner_content(|w| dated(w, "dateOther", &e.date, false))?;
    }
    Ok(())
}

/// One element per point of the date, qualified as MODS allows.
fn dated(w: &mut XmlWriter, name: &str, d: &EdtfDate, key: bool) -> io::Result<()> {
    match d {
        EdtfDate::Single(one) => point(w, name, one, None, key),
        EdtfDate::Interval(a, b) => {
            if let Some(a) = a {
                point(w, name, a, Some("start"), key)?;
            }
            if let Some(b) = b {
                point(w, name, b, Some("end"), key && a.is_none())?;
            }
            Ok(())
        }
    }
}

fn point(w: &mut XmlWriter, name: &str, d: &PartialDate, at: Option<&str>, key: bool) -> io::Result<()> {
    let (encoding, qualifier, value) = match d.certainty() {
        Certainty::Exact => ("w3cdtf", None, d.iso()),
        Certainty::Approximate => ("w3cdtf", Some("approximate"), d.iso()),
        Certainty::Uncertain => ("w3cdtf", Some("questionable"), d.iso()),
        // MODS has one qualifier per date: EDTF says both.
        Certainty::ApproximateUncertain => ("edtf", None, d.to_string()),
    };
    let mut attrs = vec![("encoding", encoding)];
    if key {
        attrs.push(("keyDate", "yes"));
    }
    attrs.extend(qualifier.map(|q| ("qualifier", q)));
    attrs.extend(at.map(|p| ("point", p)));
    leaf(w, name, &attrs, &value)
}

// ---------------------------------------------------------------- languages, notes

fn languages(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let l = &r.languages;
    let all =
        l.original.iter().map(|t| (t, "original")).chain(l.translation.iter().map(|t| (t, "translation")));
    for (tag, part) in all {
        let (authority, code) = match tag.iso639_2() {
            Some(c) if tag.as_str() == tag.primary() => ("iso639-2b", c),
            _ => ("rfc5646", tag.as_str()),
        };
        w.create_element("language").with_attribute(("objectPart", part)).write_inner_content(|w| {
            leaf(w, "languageTerm", &[("type", "code"), ("authority", authority)], code)
        })?;
    }
    Ok(())
}

fn notes(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    for n in &r.notes {
        match n.kind {
            NoteKind::General => leaf(w, "note", &[], &n.text)?,
            _ => leaf(w, "note", &[("type", n.kind.as_str())], &n.text)?,
        }
    }
    leaf(w, "note", &[("type", "preferred citation")], &catalogue::preferred_citation(r))?;
    for f in r.funders() {
        leaf(w, "note", &[("type", "funding")], &format!("Funded by {}", f.display_name()))?;
    }
    for c in r.agents_in(Role::ObtainedBy) {
        leaf(w, "note", &[("type", "acquisition")], &format!("Copy obtained by {}", c.agent.display_name()))?;
    }
    if let Some(h) = catalogue::custodial_history(r) {
        leaf(w, "note", &[("type", "ownership")], &h)?;
    }
    if let Some(l) = catalogue::language_note(r) {
        leaf(w, "note", &[("type", "language")], &l)?;
    }
    Ok(())
}

fn access(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let Some(rights) = &r.rights else { return Ok(()) };
    if rights.statement.is_some() || rights.license.is_some() {
        let mut attrs = vec![("type", "use and reproduction")];
        attrs.extend(rights.license.as_ref().map(|l| ("xlink:href", l.as_str())));
        leaf(w, "accessCondition", &attrs, rights.statement.as_deref().unwrap_or(""))?;
    }
    if let Some(h) = &rights.holder {
        leaf(w, "accessCondition", &[("type", "use and reproduction"), ("displayLabel", RIGHTS_HOLDER)], h)?;
    }
    Ok(())
}

fn subjects(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    for s in &r.subjects {
        w.create_element("subject").write_inner_content(|w| leaf(w, "topic", &[], s))?;
    }
    for p in &r.places {
        w.create_element("subject").write_inner_content(|w| leaf(w, "geographic", &[], p))?;
    }
    for k in &r.keywords {
        w.create_element("subject")
            .with_attribute(("displayLabel", super::KEYWORDS))
            .write_inner_content(|w| leaf(w, "topic", &[], k))?;
    }
    for (i, p) in r.people.iter().enumerate() {
        // A subject's name has neither `alternativeName` nor `altRepGroup`:
        // the original-script form is a parallel subject of the same group.
        let group = format!("person-{}", i + 1);
        let script = p.original_script.as_ref().map(|o| (o, catalogue::script_of(o).unwrap_or("Zyyy")));
        let attrs: Vec<(&str, &str)> = script.map(|_| ("altRepGroup", group.as_str())).into_iter().collect();
        w.create_element("subject").with_attributes(attrs.clone()).write_inner_content(|w| {
            w.create_element("name")
                .with_attribute(("type", "personal"))
                .write_inner_content(|w| name_parts(w, p))?;
            Ok(())
        })?;
        if let Some((o, code)) = script {
            w.create_element("subject")
                .with_attributes(attrs.into_iter().chain([("script", code)]))
                .write_inner_content(|w| {
                    w.create_element("name")
                        .with_attribute(("type", "personal"))
                        .write_inner_content(|w| leaf(w, "namePart", &[], o))?;
                    Ok(())
                })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- where

fn location(w: &mut XmlWriter, reference: &ArchivalReference) -> io::Result<()> {
    let shelf = refparse::render_location(reference, RenderStyle::Short);
    w.create_element("location").write_inner_content(|w| {
        if let Some(repo) = &reference.repository {
            leaf(w, "physicalLocation", &[], repo.full_label())?;
        }
        if !shelf.is_empty() {
            leaf(w, "shelfLocator", &[], &shelf)?;
        }
        if let Some(raw) = &reference.raw {
            w.create_element("holdingSimple").write_inner_content(|w| {
                w.create_element("copyInformation")
                    .write_inner_content(|w| leaf(w, "note", &[("type", AS_WRITTEN)], raw))?;
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn publication(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let Some(p) = &r.publication else { return Ok(()) };
    let published = super::published(r);
    if p.collection.is_some() && published && r.container.is_none() {
        w.create_element("relatedItem").with_attribute(("type", "host")).write_inner_content(|w| {
            w.create_element("titleInfo").write_inner_content(|w| {
                let title = p.collection.as_ref().map_or_else(
                    || r.title.as_ref().map_or_else(|| catalogue::devised_title(r), |t| t.to_string()),
                    |c| c.to_string(),
                );
                leaf(w, "title", &[], &title)
            })?;
            Ok(())
        })?;
    } else if !published && (p.collection.is_some() || p.publisher.is_some() || p.place.is_some()) {
        w.create_element("relatedItem").with_attribute(("type", "host")).write_inner_content(|w| {
            if let Some(c) = &p.collection {
                w.create_element("titleInfo").write_inner_content(|w| leaf(w, "title", &[], c))?;
            }
            if p.publisher.is_some() || p.place.is_some() {
                w.create_element("originInfo").write_inner_content(|w| {
                    if let Some(pl) = &p.place {
                        w.create_element("place")
                            .write_inner_content(|w| leaf(w, "placeTerm", &[("type", "text")], pl))?;
                    }
                    if let Some(pb) = &p.publisher {
                        leaf(w, "publisher", &[], pb)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    }
    if let Some(id) = &p.record_id {
        leaf(w, "identifier", &[("type", "local")], id)?;
    }
    if let Some(u) = &p.url {
        w.create_element("location").write_inner_content(|w| {
            leaf(w, "url", &[("usage", "primary display"), ("access", "object in context")], u.as_str())
        })?;
    }
    Ok(())
}

fn related(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    for rel in &r.related {
        w.create_element("relatedItem").write_inner_content(|w| {
            if let Some(t) = &rel.title {
                w.create_element("titleInfo").write_inner_content(|w| leaf(w, "title", &[], t))?;
            }
            if let Some(id) = &rel.record_id {
                leaf(w, "identifier", &[("type", "local")], id)?;
            }
            if let Some(u) = &rel.url {
                w.create_element("location").write_inner_content(|w| leaf(w, "url", &[], u.as_str()))?;
            }
            Ok(())
        })?;
    }
    for s in &r.published_sources {
        w.create_element("relatedItem")
            .with_attributes([("type", "otherVersion"), ("displayLabel", REPRINTED_IN)])
            .write_inner_content(|w| {
                w.create_element("titleInfo").write_inner_content(|w| leaf(w, "title", &[], s))?;
                Ok(())
            })?;
    }
    Ok(())
}

fn title_info(w: &mut XmlWriter, attrs: &[(&str, &str)], title: &str) -> io::Result<()> {
    w.create_element("titleInfo")
        .with_attributes(attrs.iter().copied())
        .write_inner_content(|w| leaf(w, "title", &[], title))?;
    Ok(())
}

/// A published work's `originInfo[@eventType=publication]`: place,
/// publisher, `dateIssued` (its date), edition; the date a document was
/// printed (`issued`) in its own `originInfo[@eventType=issued]`.
fn published(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let p = r.publication.as_ref().filter(|_| super::published(r));
    let place = p.and_then(|p| p.place.as_ref());
    let publisher = p.and_then(|p| p.publisher.as_ref());
    let date = r.date.as_ref().filter(|_| super::published(r));
    if place.is_some() || publisher.is_some() || date.is_some() || r.edition.is_some() {
        w.create_element("originInfo").with_attribute(("eventType", "publication")).write_inner_content(
            |w| {
                if let Some(pl) = place {
                    w.create_element("place")
                        .write_inner_content(|w| leaf(w, "placeTerm", &[("type", "text")], pl))?;
                }
                if let Some(pb) = publisher {
                    leaf(w, "publisher", &[], pb)?;
                }
                if let Some(d) = date {
                    dated(w, "dateIssued", d, true)?;
                }
                if let Some(e) = &r.edition {
                    leaf(w, "edition", &[], e)?;
                }
                Ok(())
            },
        )?;
    }
    if let Some(i) = &r.issued {
        w.create_element("originInfo")
            .with_attribute(("eventType", super::ISSUED))
            .write_inner_content(|w| dated(w, "dateIssued", i, false))?;
    }
    Ok(())
}

/// Container (`relatedItem[@type=host]` with `part`), series, original,
/// identifiers and the work's own number.
fn described(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if let Some(c) = &r.container {
        w.create_element("relatedItem").with_attribute(("type", "host")).write_inner_content(|w| {
            if let Some(t) = &c.title {
                title_info(w, &[], t)?;
            }
            if let Some(t) = &c.short_title {
                title_info(w, &[("type", "abbreviated")], t)?;
            }
            w.create_element("part").write_inner_content(|w| {
                for (kind, value) in [("volume", &c.volume), ("issue", &c.issue), ("chapter", &c.chapter)] {
                    if let Some(v) = value {
                        w.create_element("detail")
                            .with_attribute(("type", kind))
                            .write_inner_content(|w| leaf(w, "number", &[], v))?;
                    }
                }
                if let Some(pages) = &c.pages {
                    w.create_element("extent").with_attribute(("unit", "pages")).write_inner_content(
                        |w| {
                            // A range with a hyphen is start and end; anything else is written as it is.
                            match pages.split_once('-') {
                                Some((a, b))
                                    if !a.trim().is_empty()
                                        && !b.trim().is_empty()
                                        && !b.contains(['-', ',']) =>
                                {
                                    leaf(w, "start", &[], a.trim())?;
                                    leaf(w, "end", &[], b.trim())
                                }
                                _ => leaf(w, "list", &[], pages),
                            }
                        },
                    )?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    }
    if let Some(s) = &r.series {
        w.create_element("relatedItem").with_attribute(("type", "series")).write_inner_content(|w| {
            w.create_element("titleInfo").write_inner_content(|w| {
                leaf(w, "title", &[], &s.title)?;
                if let Some(n) = &s.number {
                    leaf(w, "partNumber", &[], n)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    }
    if let Some(o) = &r.original {
        w.create_element("relatedItem").with_attribute(("type", "original")).write_inner_content(|w| {
            if let Some(t) = &o.title {
                title_info(w, &[], t)?;
            }
            if o.place.is_some() || o.publisher.is_some() || o.date.is_some() {
                w.create_element("originInfo").write_inner_content(|w| {
                    if let Some(pl) = &o.place {
                        w.create_element("place")
                            .write_inner_content(|w| leaf(w, "placeTerm", &[("type", "text")], pl))?;
                    }
                    if let Some(pb) = &o.publisher {
                        leaf(w, "publisher", &[], pb)?;
                    }
                    if let Some(d) = &o.date {
                        dated(w, "dateIssued", d, false)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    }
    for id in &r.identifiers {
        let kind = match id.scheme.as_str() {
            "handle" => "hdl",
            other => other,
        };
        leaf(w, "identifier", &[("type", kind)], &id.value)?;
    }
    if let Some(n) = &r.number {
        leaf(w, "identifier", &[("type", super::REPORT_NUMBER)], n)?;
    }
    Ok(())
}
