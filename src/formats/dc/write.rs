//! Writing records as simple or qualified Dublin Core.

use std::io::{self, Write};

use super::shape;
use super::{contributor_text, sort_name, w3cdtf, Flavor, DCTERMS_NS, DC_ELEMENTS, DC_NS, OAI_DC_NS};
use crate::error::WriteError;
use crate::formats::xml::{self, leaf, Batch, XmlWriter, XSI_NS};
use crate::formats::{KeySlot, Writer};
use crate::model::{EdtfDate, IdScheme, LanguageTag, Record, Role};

/// Writes Dublin Core records.
pub struct DcWriter {
    flavor: Flavor,
    batch: Batch,
}

impl DcWriter {
    /// `oai_dc:dc`.
    pub fn simple() -> Self {
        DcWriter { flavor: Flavor::Simple, batch: Batch::default() }
    }

    /// `qualifieddc` with DCMI terms.
    pub fn qualified() -> Self {
        DcWriter { flavor: Flavor::Qualified, batch: Batch::default() }
    }
}

const CLOSE: &str = "</records>\n";

fn open_records(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"<records>\n")
}

impl Writer for DcWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        crate::formats::render_and_place(self, out, &mut Vec::new(), record)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(DcWriter { flavor: self.flavor, batch: Batch::default() }))
    }

    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        write_record(&mut xml::writer(&mut *out), self.flavor, record).map_err(xml::write_error)?;
        out.push(b'\n');
        Ok(None)
    }

    fn place(&mut self, out: &mut dyn Write, rendered: &mut Vec<u8>, _: Option<KeySlot>) -> io::Result<()> {
        self.batch.push(out, std::mem::take(rendered), open_records)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.batch.end(out, open_records, CLOSE)
    }
}

/// One element of a record as written: its name, attributes and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Leaf {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub value: String,
}

/// The elements archcite writes for a record, before the spellings kept
/// from a Dublin Core input are put back (see [`super::as_read`]).
pub(super) fn generated(flavor: Flavor, r: &Record) -> Vec<Leaf> {
    let mut dc = Dc { out: Vec::new(), flavor };
    dc.elements(r);
    dc.out
}

fn write_record(w: &mut XmlWriter, flavor: Flavor, r: &Record) -> io::Result<()> {
    let mut leaves = super::as_read::restore(flavor, r, generated(flavor, r));
    // Elements of one name stand together, where the first of them is: the
    // values kept from an input come back beside the record's own, and a
    // file written back comes back in the same order.
    let first: Vec<usize> =
        leaves.iter().map(|l| leaves.iter().position(|m| m.name == l.name).unwrap_or(0)).collect();
    let mut order: Vec<usize> = (0..leaves.len()).collect();
    order.sort_by_key(|&i| first[i]);
    let mut slots: Vec<Option<Leaf>> = leaves.drain(..).map(Some).collect();
    let leaves: Vec<Leaf> = order.into_iter().filter_map(|i| slots[i].take()).collect();
    let root = if flavor == Flavor::Qualified {
        w.create_element("qualifieddc")
            .with_attribute(("xmlns:dc", DC_NS))
            .with_attribute(("xmlns:dcterms", DCTERMS_NS))
            .with_attribute(("xmlns:xsi", XSI_NS))
    } else {
        w.create_element("oai_dc:dc")
            .with_attribute(("xmlns:oai_dc", OAI_DC_NS))
            .with_attribute(("xmlns:dc", DC_NS))
            .with_attribute(("xmlns:xsi", XSI_NS))
            .with_attribute((
                "xsi:schemaLocation",
                "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            ))
    };
    root.write_inner_content(|w| {
        for l in &leaves {
            let attrs: Vec<(&str, &str)> = l.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            leaf(w, &l.name, &attrs, &l.value)?;
        }
        Ok::<(), io::Error>(())
    })?;
    Ok(())
}

/// One record being written: the flavour decides element names.
struct Dc {
    out: Vec<Leaf>,
    flavor: Flavor,
}

impl Dc {
    fn push(&mut self, name: &str, attrs: &[(&str, &str)], value: &str) {
        let attrs = attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.out.push(Leaf { name: name.to_string(), attrs, value: value.to_string() });
    }

    fn qualified(&self) -> bool {
        self.flavor == Flavor::Qualified
    }

    /// `dc:{element}`, or `dcterms:{refinement}` in qualified DC when given.
    fn el(&mut self, element: &str, refinement: Option<&str>, value: &str) {
        self.typed(element, refinement, None, value)
    }

    /// Like [`Dc::el`], with an `xsi:type` encoding scheme in qualified DC.
    fn typed(&mut self, element: &str, refinement: Option<&str>, scheme: Option<&str>, value: &str) {
        let name = match refinement.filter(|_| self.qualified()) {
            Some(r) => format!("dcterms:{r}"),
            None => format!("dc:{element}"),
        };
        let scheme = scheme.filter(|_| self.qualified()).map(|s| format!("dcterms:{s}"));
        let attrs: Vec<(&str, &str)> = scheme.iter().map(|s| ("xsi:type", s.as_str())).collect();
        self.push(&name, &attrs, value)
    }

    fn elements(&mut self, r: &Record) {
        self.titles(r);
        for c in r.agents_in(Role::Author) {
            self.el("creator", None, &sort_name(&c.agent));
        }
        for s in &r.subjects {
            self.el("subject", None, s);
        }
        for p in &r.people {
            self.el("subject", None, &p.sort_name());
        }
        for k in r.keywords.iter().filter(|k| !r.subjects.contains(k)) {
            self.el("subject", None, k);
        }
        self.descriptions(r);
        if let Some(p) = r.publication.as_ref().and_then(|p| p.publisher.as_ref()) {
            self.el("publisher", None, p);
        }
        for c in r.agents.iter().filter(|c| c.role != Role::Author) {
            self.el("contributor", None, &contributor_text(c));
        }
        // A published work's date is when it was issued; an archival
        // document's when it was created.
        let refinement = if r.work_type.is_some() && r.issued.is_none() { "issued" } else { "created" };
        if let Some(d) = &r.date {
            self.date(d, refinement);
        }
        if let Some(d) = &r.issued {
            self.typed("date", Some("issued"), Some("W3CDTF"), &w3cdtf(d));
        }
        let dcmi = r.work_type.map_or("Text", |w| w.row().dcmi);
        self.typed("type", None, Some("DCMIType"), dcmi);
        if let Some(w) = r.work_type {
            self.el("type", None, w.csl());
        }
        if let Some(t) = &r.document_type {
            self.el("type", None, t.label());
        }
        for (value, refinement) in [(&r.extent, "extent"), (&r.medium, "medium")] {
            if let Some(v) = value {
                self.el("format", Some(refinement), v);
            }
        }
        self.identifiers(r);
        self.sources(r);
        self.languages(r);
        self.relations(r);
        for p in &r.places {
            self.el("coverage", Some("spatial"), p);
        }
        self.rights(r);
        self.extra(r);
    }

    /// The values kept from this same format, written back as they were read.
    fn extra(&mut self, r: &Record) {
        // The other flavour's values stand in when the record has none of this one's.
        let (own, other) = if self.qualified() { ("dcterms", "dc") } else { ("dc", "dcterms") };
        let format =
            if r.extra_of(own).next().is_some() || r.extra_of(other).next().is_none() { own } else { other };
        for e in r.extra_of(format).filter(|e| !e.is_marker()) {
            // Another vocabulary's element, `{namespace}name`, with its namespace declared.
            if let Some((ns, local)) = e.field.strip_prefix('{').and_then(|f| f.split_once('}')) {
                self.push(&format!("x:{local}"), &[("xmlns:x", ns)], &e.value);
                continue;
            }
            let (name, scheme) = match e.field.split_once('[') {
                Some((n, t)) => (n, t.strip_suffix(']')),
                None => (e.field.as_str(), None),
            };
            let dc = DC_ELEMENTS.contains(&name);
            let element = match (dc, self.qualified()) {
                (true, _) => format!("dc:{name}"),
                (false, true) if name.chars().all(|c| c.is_ascii_alphanumeric()) => format!("dcterms:{name}"),
                (false, _) => continue,
            };
            let scheme = scheme.filter(|_| self.qualified());
            let attrs: Vec<(&str, &str)> = scheme.iter().map(|s| ("xsi:type", *s)).collect();
            self.push(&element, &attrs, &e.value);
        }
    }

    fn titles(&mut self, r: &Record) {
        if let Some(title) = &r.title {
            self.el("title", None, title);
        }
        let name = if self.qualified() { "dcterms:alternative" } else { "dc:title" };
        if let Some(original) = &r.original_title {
            match r.languages.original.first() {
                Some(lang) => self.push(name, &[("xml:lang", lang.as_str())], original),
                None => self.push(name, &[], original),
            }
        }
        for t in &r.alternate_titles {
            match &t.language {
                Some(lang) => self.push(name, &[("xml:lang", lang.as_str())], &t.title),
                None => self.push(name, &[], &t.title),
            }
        }
    }

    fn descriptions(&mut self, r: &Record) {
        if let Some(s) = &r.summary {
            self.el("description", Some("abstract"), s);
        }
        for e in &r.events {
            let text = match &e.note {
                Some(note) => format!("{} {}: {note}", e.kind.label(), e.date),
                None => format!("{} {}", e.kind.label(), e.date),
            };
            self.el("description", None, &text);
        }
        for n in &r.notes {
            self.el("description", None, &format!("{}: {}", n.kind.label(), n.text));
        }
    }

    /// The W3CDTF date, then the EDTF text when it says more (a qualifier).
    fn date(&mut self, d: &EdtfDate, refinement: &str) {
        let plain = w3cdtf(d);
        match (self.flavor, d) {
            (Flavor::Qualified, EdtfDate::Interval(a, b)) => {
                let mut period = String::new();
                if let Some(a) = a {
                    period.push_str(&format!("start={}; ", a.iso()));
                }
                if let Some(b) = b {
                    period.push_str(&format!("end={}; ", b.iso()));
                }
                period.push_str("scheme=W3C-DTF;");
                self.typed("date", Some(refinement), Some("Period"), &period);
                return self.el("date", Some(refinement), &d.to_string());
            }
            _ => self.typed("date", Some(refinement), Some("W3CDTF"), &plain),
        }
        if d.to_string() != plain {
            self.el("date", Some(refinement), &d.to_string());
        }
    }

    fn identifiers(&mut self, r: &Record) {
        let url = r.publication.as_ref().and_then(|p| p.url.as_ref());
        if let Some(url) = url {
            self.typed("identifier", None, Some("URI"), url.as_str());
        }
        if let Some(id) = r.publication.as_ref().and_then(|p| p.record_id.as_ref()) {
            self.el("identifier", None, id);
        }
        for id in &r.identifiers {
            // A handle whose resolver address is the record's URL is written once.
            let resolved = url.is_some_and(|u| {
                id.scheme == IdScheme::Handle && u.path().trim_start_matches('/') == id.value.as_str()
            });
            if resolved {
                continue;
            }
            if let Some(text) = shape::identifier_text(id) {
                let scheme = if text.starts_with("http") { Some("URI") } else { None };
                self.typed("identifier", None, scheme, &text);
            }
        }
        if self.qualified() {
            if let Some(c) = r.container.as_ref().and_then(shape::citation_text) {
                self.el("identifier", Some("bibliographicCitation"), &c);
            }
            self.el("identifier", Some("bibliographicCitation"), &citation(r));
        }
    }

    fn sources(&mut self, r: &Record) {
        for reference in &r.references {
            self.el("source", None, &crate::refparse::conventional(reference));
        }
        for s in &r.published_sources {
            self.el("source", None, s);
        }
        if let Some(c) = &r.container {
            // Qualified DC cites the container in `dcterms:bibliographicCitation`.
            match shape::citation_text(c) {
                Some(text) if !self.qualified() => self.el("source", None, &text),
                Some(_) => {}
                None => {
                    if let Some(t) = &c.title {
                        self.el("source", None, t);
                    }
                }
            }
        }
        if self.qualified() {
            for p in provenance(r) {
                self.push("dcterms:provenance", &[], &p);
            }
        }
    }

    fn languages(&mut self, r: &Record) {
        let mut seen: Vec<&LanguageTag> = Vec::new();
        for lang in r.languages.original.iter().chain(&r.languages.translation) {
            if seen.contains(&lang) {
                continue;
            }
            seen.push(lang);
            match lang.iso639_2() {
                Some(code) => self.typed("language", None, Some("ISO639-2"), code),
                None => self.typed("language", None, Some("RFC4646"), lang.as_str()),
            }
        }
    }

    fn relations(&mut self, r: &Record) {
        if let Some(c) = r.publication.as_ref().and_then(|p| p.collection.as_ref()) {
            self.el("relation", Some("isPartOf"), c);
        }
        for rel in &r.related {
            match (&rel.url, &rel.title, &rel.record_id) {
                (Some(u), _, _) => self.typed("relation", None, Some("URI"), u.as_str()),
                (None, Some(t), _) => self.el("relation", None, t),
                (None, None, Some(id)) => self.el("relation", None, id),
                (None, None, None) => {}
            }
        }
    }

    fn rights(&mut self, r: &Record) {
        let Some(rights) = &r.rights else { return };
        if let Some(s) = &rights.statement {
            self.el("rights", None, s);
        }
        if let Some(l) = &rights.license {
            self.typed("rights", Some("license"), Some("URI"), l.as_str());
        }
        if let Some(h) = &rights.holder {
            if self.qualified() {
                self.push("dcterms:rightsHolder", &[], h);
            } else {
                self.el("rights", None, h);
            }
        }
    }
}

/// Custody: who holds each copy, and who obtained it.
pub(super) fn provenance(r: &Record) -> Vec<String> {
    let mut out: Vec<String> = r
        .references
        .iter()
        .filter_map(|reference| {
            let repo = reference.repository.as_ref()?;
            let mut s = format!("Held by {}", repo.full_label());
            if let (Some(a), Some(_)) = (&repo.abbreviation, &repo.name) {
                s.push_str(&format!(" ({a})"));
            }
            if let Some(place) = &repo.place {
                s.push_str(&format!(", {place}"));
            }
            Some(s)
        })
        .collect();
    out.extend(r.agents_in(Role::ObtainedBy).map(|c| format!("Copy obtained by {}", c.agent.display_name())));
    out
}

/// A citation of the record: title, date, archival reference, publication.
pub(super) fn citation(r: &Record) -> String {
    let mut parts: Vec<String> = r.title.iter().map(|t| format!("\"{t}\"")).collect();
    if let Some(d) = &r.date {
        parts.push(d.to_string());
    }
    parts.extend(r.references.iter().map(crate::refparse::conventional));
    if let Some(p) = &r.publication {
        parts.extend(p.collection.iter().map(|c| c.to_string()));
        parts.extend(p.publisher.iter().map(|c| c.to_string()));
        parts.extend(p.url.iter().map(|u| u.to_string()));
    }
    parts.join(", ") + "."
}
