//! Writing a record as a TEI document (see the module docs for the mapping).

use std::io::{self, Write};

use super::raw::write_kept;
use super::{bibl, date_attrs, is_locus, is_plain, raw, token, EDTF_URI, NO_REFERENCE, TEI_NS};
use crate::error::WriteError;
use crate::formats::catalogue;
use crate::formats::xml::{self, leaf, text, Batch, XmlWriter};
use crate::formats::{KeySlot, Writer};
use crate::model::{
    Agent, ArchivalReference, Contributor, EdtfDate, Extra, Level, NameOrder, Person, Record, Role,
};

/// Writes TEI: one `TEI` document, or a `teiCorpus` of them.
#[derive(Default)]
pub struct TeiWriter {
    batch: Batch,
}

const CLOSE: &str = "</teiCorpus>\n";

impl Writer for TeiWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        crate::formats::render_and_place(self, out, &mut Vec::new(), record)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(TeiWriter::default()))
    }

    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        document(&mut xml::writer(&mut *out), record).map_err(xml::write_error)?;
        out.push(b'\n');
        Ok(None)
    }

    fn place(&mut self, out: &mut dyn Write, rendered: &mut Vec<u8>, _: Option<KeySlot>) -> io::Result<()> {
        self.batch.push(out, std::mem::take(rendered), open_corpus)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.batch.end(out, open_corpus, CLOSE)
    }
}

/// The corpus start tag and its required header.
fn open_corpus(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<teiCorpus xmlns=\"{TEI_NS}\">")?;
    let mut w = xml::writer(out);
    w.create_element("teiHeader").write_inner_content(|w| {
        w.create_element("fileDesc").write_inner_content(|w| {
            w.create_element("titleStmt")
                .write_inner_content(|w| leaf(w, "title", &[], "Archival records"))?;
            w.create_element("publicationStmt").write_inner_content(|w| {
                leaf(w, "p", &[], "Written by archcite, one TEI document per record.")
            })?;
            w.create_element("sourceDesc")
                .write_inner_content(|w| leaf(w, "p", &[], "Each TEI document describes its own sources."))?;
            Ok(())
        })?;
        Ok(())
    })?;
    out.write_all(b"\n")
}

fn document(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let mut root = w.create_element("TEI").with_attribute(("xmlns", TEI_NS));
    if let Some(lang) = r.languages.primary() {
        root = root.with_attribute(("xml:lang", lang.as_str()));
    }
    root.write_inner_content(|w| {
        w.create_element("teiHeader").write_inner_content(|w| {
            file_desc(w, r)?;
            write_kept(w, r, "", Some("encodingDesc"))?;
            write_kept(w, r, "", Some("xenoData"))?;
            profile_desc(w, r)?;
            write_kept(w, r, "", Some("revisionDesc"))
        })?;
        w.create_element("text").write_inner_content(|w| {
            w.create_element("body").write_inner_content(|w| body(w, r))?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn file_desc(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    w.create_element("fileDesc").write_inner_content(|w| {
        title_stmt(w, r)?;
        write_kept(w, r, "", Some("editionStmt"))?;
        match &r.extent {
            Some(e) => leaf(w, "extent", &[], e)?,
            None => write_kept(w, r, "", Some("extent"))?,
        }
        publication_stmt(w, r)?;
        let collection = r.publication.as_ref().and_then(|p| p.collection.as_ref());
        if collection.is_some() || raw::kept(r, "seriesStmt", None).next().is_some() {
            w.create_element("seriesStmt").write_inner_content(|w| {
                if let Some(c) = collection {
                    leaf(w, "title", &[], c)?;
                }
                write_kept(w, r, "seriesStmt", None)
            })?;
        }
        write_kept(w, r, "", Some("seriesStmt"))?;
        notes_stmt(w, r)?;
        w.create_element("sourceDesc").write_inner_content(|w| source_desc(w, r))?;
        // Anything else kept from `fileDesc`.
        for e in raw::kept(r, "", None) {
            let name = e.field.as_str();
            if !raw::HEADER_PARTS.contains(&name) && !["editionStmt", "extent", "seriesStmt"].contains(&name)
            {
                raw::write_one(w, e)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn title_stmt(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    w.create_element("titleStmt").write_inner_content(|w| {
        let untyped = r.extra_of("tei").any(|e| e.field.as_str() == super::read::MAIN_TITLE_UNTYPED);
        match &r.title {
            Some(t) if untyped => leaf(w, "title", &[], t)?,
            Some(t) => leaf(w, "title", &[("type", "main")], t)?,
            None => leaf(w, "title", &[("type", super::DEVISED)], &catalogue::devised_title(r))?,
        }
        if let Some(t) = &r.subtitle {
            leaf(w, "title", &[("type", "sub")], t)?;
        }
        if let Some(t) = &r.short_title {
            leaf(w, "title", &[("type", "short")], t)?;
        }
        if let Some(t) = &r.original_title {
            leaf(w, "title", &[("type", "original")], t)?;
        }
        for t in &r.alternate_titles {
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            match &t.kind {
                Some(crate::model::TitleKind::Alternative) => attrs.push(("type", "alt")),
                Some(crate::model::TitleKind::Translated) if t.language.is_some() => {}
                Some(k) => attrs.extend(token(k.as_str()).map(|k| ("type", k))),
                None => {}
            }
            if let Some(l) = &t.language {
                attrs.push(("xml:lang", l.as_str()));
            }
            leaf(w, "title", &attrs, &t.title)?;
        }
        write_kept(w, r, "titleStmt", Some("title"))?;
        let mut as_written: Vec<Option<&Extra>> =
            raw::kept(r, "titleStmt", Some("agent-as-written")).map(Some).collect();
        for (i, c) in r.agents.iter().enumerate() {
            if c.role == Role::Participant {
                continue;
            }
            match as_written.iter_mut().find(|k| k.is_some_and(|k| written_as(k, c))).and_then(Option::take) {
                Some(k) => raw::write_one(w, k)?,
                None => credit(w, c, i + 1)?,
            }
        }
        let own = ["titleStmt/title", super::read::AGENT_AS_WRITTEN];
        for e in raw::kept(r, "titleStmt", None).filter(|e| !own.contains(&e.field.as_str())) {
            raw::write_one(w, e)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Whether `kept`, an agent's element as the input wrote it, is `c`'s:
/// the element of its role, naming it.
fn written_as(kept: &Extra, c: &Contributor) -> bool {
    let element = match c.role {
        Role::Author => "author",
        Role::Editor => "editor",
        Role::Funder => "funder",
        _ => return false,
    };
    let name = match &c.agent {
        Agent::Person(p) => p.family.as_str(),
        Agent::Organization(o) => o.name.as_str(),
    };
    let name = name.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let v = kept.value.trim_start();
    v.strip_prefix('<')
        .and_then(|v| v.strip_prefix(element))
        .is_some_and(|rest| rest.starts_with([' ', '>', '/']))
        && v.contains(&name)
}

/// One credited agent in `titleStmt`.
fn credit(w: &mut XmlWriter, c: &Contributor, n: usize) -> io::Result<()> {
    let n = n.to_string();
    let element = match c.role {
        Role::Author => "author",
        Role::Editor => "editor",
        Role::Funder => "funder",
        _ => return resp_stmt(w, c, &n),
    };
    w.create_element(element).with_attribute(("n", n.as_str())).write_inner_content(|w| {
        names(w, &c.agent)?;
        on_behalf_of(w, c)
    })?;
    Ok(())
}

fn resp_stmt(w: &mut XmlWriter, c: &Contributor, n: &str) -> io::Result<()> {
    w.create_element("respStmt").with_attribute(("n", n)).write_inner_content(|w| {
        let relator =
            c.role.marc_relator().map(|code| format!("http://id.loc.gov/vocabulary/relators/{code}"));
        let mut attrs = vec![("key", c.role.as_str())];
        if let Some(uri) = &relator {
            attrs.push(("ref", uri));
        }
        leaf(w, "resp", &attrs, c.role.label())?;
        names(w, &c.agent)?;
        on_behalf_of(w, c)
    })?;
    Ok(())
}

fn on_behalf_of(w: &mut XmlWriter, c: &Contributor) -> io::Result<()> {
    match &c.on_behalf_of {
        Some(org) => leaf(w, "note", &[("type", "on-behalf-of")], org),
        None => Ok(()),
    }
}

/// The name elements of an agent: the name, then its other forms.
fn names(w: &mut XmlWriter, agent: &Agent) -> io::Result<()> {
    match agent {
        Agent::Person(p) => person_names(w, p),
        Agent::Organization(o) => {
            leaf(w, "orgName", &[], &o.name)?;
            if let Some(a) = &o.abbreviation {
                leaf(w, "orgName", &[("type", "abbreviation")], a)?;
            }
            Ok(())
        }
    }
}

fn person_names(w: &mut XmlWriter, p: &Person) -> io::Result<()> {
    w.create_element("persName").write_inner_content(|w| {
        match (&p.given, p.name_order) {
            (Some(g), NameOrder::GivenFirst) => {
                leaf(w, "forename", &[], g)?;
                leaf(w, "surname", &[], &p.family)?;
            }
            (Some(g), NameOrder::FamilyFirst) => {
                leaf(w, "surname", &[], &p.family)?;
                leaf(w, "forename", &[], g)?;
            }
            (None, _) => leaf(w, "surname", &[], &p.family)?,
        }
        Ok(())
    })?;
    if let Some(o) = &p.original_script {
        leaf(w, "persName", &[("type", "original-script")], o)?;
    }
    Ok(())
}

fn publication_stmt(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let publication = r.publication.as_ref();
    let kept_publisher = raw::kept(r, "publicationStmt", Some("publisher")).next().is_some();
    w.create_element("publicationStmt").write_inner_content(|w| {
        write_kept(w, r, "publicationStmt", Some("publisher"))?;
        match publication.and_then(|p| p.publisher.as_ref()) {
            Some(p) => leaf(w, "publisher", &[], p)?,
            None if kept_publisher => {}
            None => {
                w.create_element("publisher").write_empty()?;
            }
        }
        if let Some(place) = publication.and_then(|p| p.place.as_ref()) {
            leaf(w, "pubPlace", &[], place)?;
        }
        if let Some(id) = publication.and_then(|p| p.record_id.as_ref()) {
            leaf(w, "idno", &[("type", "record-id")], id)?;
        }
        if let Some(url) = publication.and_then(|p| p.url.as_ref()) {
            leaf(w, "idno", &[("type", "URI")], url.as_str())?;
        }
        if let Some(key) = &r.key {
            leaf(w, "idno", &[("type", "key")], key)?;
        }
        for id in &r.identifiers {
            let scheme = id.scheme.label();
            let scheme = token(scheme).unwrap_or(id.scheme.as_str());
            typed_leaf(w, "idno", scheme, &[], &id.value)?;
        }
        availability(w, r)?;
        for e in raw::kept(r, "publicationStmt", None) {
            if e.field.as_str() != "publicationStmt/publisher" {
                raw::write_one(w, e)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn availability(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    // A catalogue's own statement, kept whole, stands for the rights read from it.
    if raw::kept(r, "publicationStmt", Some("availability")).next().is_some() {
        return Ok(());
    }
    let Some(rights) = &r.rights else { return Ok(()) };
    if rights.is_empty() {
        return Ok(());
    }
    w.create_element("availability").write_inner_content(|w| {
        if let Some(s) = &rights.statement {
            leaf(w, "p", &[], s)?;
        }
        if let Some(l) = &rights.license {
            w.create_element("licence").with_attribute(("target", l.as_str())).write_empty()?;
        }
        if let Some(h) = &rights.holder {
            w.create_element("p")
                .write_inner_content(|w| leaf(w, "name", &[("type", "rights-holder")], h))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn notes_stmt(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let kept = raw::kept(r, "notesStmt", None).next().is_some();
    if r.notes.is_empty() && r.related.is_empty() && r.published_sources.is_empty() && !kept {
        return Ok(());
    }
    w.create_element("notesStmt").write_inner_content(|w| {
        for note in &r.notes {
            typed_leaf(w, "note", note.kind.as_str(), &[], &note.text)?;
        }
        for rel in &r.related {
            w.create_element("relatedItem").with_attribute(("type", "related")).write_inner_content(|w| {
                w.create_element("bibl").write_inner_content(|w| {
                    if let Some(t) = &rel.title {
                        leaf(w, "title", &[], t)?;
                    }
                    if let Some(u) = &rel.url {
                        w.create_element("ptr").with_attribute(("target", u.as_str())).write_empty()?;
                    }
                    if let Some(id) = &rel.record_id {
                        leaf(w, "idno", &[("type", "record-id")], id)?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        }
        for s in &r.published_sources {
            w.create_element("relatedItem")
                .with_attribute(("type", "published-source"))
                .write_inner_content(|w| leaf(w, "bibl", &[], s))?;
        }
        write_kept(w, r, "notesStmt", None)
    })?;
    Ok(())
}

/// An element typed by a vocabulary term: `@type` when the term is a token,
/// else `@type="other"` with the term in `@n`.
fn typed_leaf(
    w: &mut XmlWriter,
    name: &str,
    kind: &str,
    attrs: &[(&str, &str)],
    value: &str,
) -> io::Result<()> {
    let mut all: Vec<(&str, &str)> = match token(kind) {
        Some(t) => vec![("type", t)],
        None => vec![("type", "other"), ("n", kind)],
    };
    all.extend_from_slice(attrs);
    leaf(w, name, &all, value)
}

fn source_desc(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let kept = raw::kept(r, "sourceDesc", None).next().is_some();
    if r.references.is_empty() && !bibl::needed(r) && !kept {
        return leaf(w, "p", &[], NO_REFERENCE);
    }
    // A catalogue's own description, kept whole, stands for its reference.
    let kept_ms = raw::kept(r, "sourceDesc", Some("msDesc")).next().is_some();
    if !kept_ms {
        for reference in &r.references {
            w.create_element("msDesc").write_inner_content(|w| ms_desc(w, r, reference))?;
        }
    }
    if bibl::needed(r) {
        bibl::write(w, r)?;
    }
    write_kept(w, r, "sourceDesc", None)
}

fn ms_desc(w: &mut XmlWriter, r: &Record, reference: &ArchivalReference) -> io::Result<()> {
    w.create_element("msIdentifier").write_inner_content(|w| ms_identifier(w, reference))?;
    let loci: Vec<(usize, &Level)> =
        reference.levels.iter().enumerate().filter(|(_, l)| is_locus(&l.kind)).collect();
    if !loci.is_empty() {
        w.create_element("msContents").write_inner_content(|w| {
            w.create_element("msItem").write_inner_content(|w| {
                for (i, level) in &loci {
                    locus(w, reference, *i, level)?;
                }
                match &r.title {
                    Some(t) => leaf(w, "title", &[], t),
                    None => Ok(()),
                }
            })?;
            Ok(())
        })?;
    }
    if let Some(date) = &r.date {
        w.create_element("history").write_inner_content(|w| {
            w.create_element("origin").write_inner_content(|w| dated(w, "origDate", date))?;
            Ok(())
        })?;
    }
    Ok(())
}

fn ms_identifier(w: &mut XmlWriter, reference: &ArchivalReference) -> io::Result<()> {
    if let Some(repo) = &reference.repository {
        if let Some(c) = &repo.country {
            leaf(w, "country", &[("key", c.as_str())], c.as_str())?;
        }
        if let Some(place) = &repo.place {
            leaf(w, "settlement", &[], place)?;
        }
        w.create_element("repository").write_inner_content(|w| {
            if let Some(name) = &repo.name {
                leaf(w, "orgName", &[], name)?;
            }
            if let Some(a) = &repo.abbreviation {
                leaf(w, "orgName", &[("type", "abbreviation")], a)?;
            }
            if let Some(o) = &repo.original_name {
                leaf(w, "orgName", &[("type", "original")], o)?;
            }
            Ok(())
        })?;
    }
    for level in reference.levels.iter().filter(|l| !is_locus(&l.kind)) {
        leaf(w, "idno", &[("type", level.kind.as_str())], &level.value)?;
    }
    let conventional = crate::refparse::conventional(reference);
    if let Some(raw) = &reference.raw {
        alt_identifier(w, "as-written", raw)?;
    }
    if reference.raw.as_deref() != Some(conventional.as_str()) && !conventional.is_empty() {
        alt_identifier(w, "conventional", &conventional)?;
    }
    Ok(())
}

fn alt_identifier(w: &mut XmlWriter, kind: &str, value: &str) -> io::Result<()> {
    w.create_element("altIdentifier")
        .with_attribute(("type", kind))
        .write_inner_content(|w| leaf(w, "idno", &[], value))?;
    Ok(())
}

/// A `locus`; `@n` keeps its place among the levels when an `idno` level follows it.
fn locus(w: &mut XmlWriter, reference: &ArchivalReference, index: usize, level: &Level) -> io::Result<()> {
    let n = index.to_string();
    let mut attrs = vec![("type", level.kind.as_str())];
    if reference.levels[index..].iter().any(|l| !is_locus(&l.kind)) {
        attrs.push(("n", &n));
    }
    let range = level.value.split_once('-').filter(|(a, b)| token(a).is_some() && token(b).is_some());
    match (range, token(&level.value)) {
        (Some((from, to)), _) => {
            attrs.push(("from", from));
            attrs.push(("to", to));
        }
        (None, Some(one)) => {
            attrs.push(("from", one));
            attrs.push(("to", one));
        }
        (None, None) => {}
    }
    leaf(w, "locus", &attrs, &level.value)
}

/// An element dated by TEI attributes whose text is the EDTF form.
pub(super) fn dated(w: &mut XmlWriter, name: &str, date: &EdtfDate) -> io::Result<()> {
    let attrs = date_attrs(date);
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    leaf(w, name, &attrs, &date.to_string())
}

fn profile_desc(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    w.create_element("profileDesc").write_inner_content(|w| {
        if let Some(s) = &r.summary {
            w.create_element("abstract").write_inner_content(|w| leaf(w, "p", &[], s))?;
        }
        creation(w, r)?;
        lang_usage(w, r)?;
        text_class(w, r)?;
        partic_desc(w, r)?;
        if !r.places.is_empty() {
            w.create_element("settingDesc").write_inner_content(|w| {
                w.create_element("listPlace").write_inner_content(|w| {
                    for p in &r.places {
                        w.create_element("place").write_inner_content(|w| leaf(w, "placeName", &[], p))?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        }
        write_kept(w, r, "profileDesc", None)
    })?;
    Ok(())
}

fn creation(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if r.date.is_none() && r.events.is_empty() {
        return Ok(());
    }
    w.create_element("creation").write_inner_content(|w| {
        if let Some(d) = &r.date {
            dated(w, "date", d)?;
        }
        if r.events.is_empty() {
            return Ok(());
        }
        w.create_element("listChange").write_inner_content(|w| {
            for e in &r.events {
                let mut attrs = date_attrs(&e.date);
                if !is_plain(&e.date) {
                    attrs.push(("when-custom", e.date.to_string()));
                    attrs.push(("datingMethod", EDTF_URI.to_string()));
                }
                let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                typed_leaf(w, "change", e.kind.as_str(), &attrs, e.note.as_deref().unwrap_or(""))?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn lang_usage(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    if raw::kept(r, "profileDesc", Some("langUsage")).next().is_some() {
        return Ok(());
    }
    if r.languages.is_empty() {
        return Ok(());
    }
    let tagged = r.languages.original.iter().map(|l| (l, "original"));
    let all = tagged.chain(r.languages.translation.iter().map(|l| (l, "translation")));
    w.create_element("langUsage").write_inner_content(|w| {
        for (lang, n) in all {
            leaf(
                w,
                "language",
                &[("ident", lang.as_str()), ("n", n)],
                lang.english_name().unwrap_or(lang.as_str()),
            )?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text_class(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let kept_terms = raw::kept(r, "profileDesc/textClass/keywords", None).next().is_some();
    let kept = raw::kept(r, "profileDesc/textClass", None).next().is_some();
    if r.document_type.is_none() && r.subjects.is_empty() && r.keywords.is_empty() && !kept && !kept_terms {
        return Ok(());
    }
    w.create_element("textClass").write_inner_content(|w| {
        write_kept(w, r, "profileDesc/textClass", Some("classCode"))?;
        write_kept(w, r, "profileDesc/textClass", Some("catRef"))?;
        if r.document_type.is_some() || !r.subjects.is_empty() || !r.keywords.is_empty() || kept_terms {
            w.create_element("keywords").write_inner_content(|w| {
                if let Some(t) = &r.document_type {
                    leaf(w, "term", &[("type", "document-type"), ("key", t.as_str())], t.label())?;
                }
                for s in &r.subjects {
                    leaf(w, "term", &[("type", "subject")], s)?;
                }
                for k in &r.keywords {
                    leaf(w, "term", &[("type", "keyword")], k)?;
                }
                write_kept(w, r, "profileDesc/textClass/keywords", None)
            })?;
        }
        write_kept(w, r, "profileDesc/textClass", Some("keywords"))
    })?;
    Ok(())
}

fn partic_desc(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let participants: Vec<(usize, &Contributor)> =
        r.agents.iter().enumerate().filter(|(_, c)| c.role == Role::Participant).collect();
    if participants.is_empty() && r.people.is_empty() {
        return Ok(());
    }
    w.create_element("particDesc").write_inner_content(|w| {
        if !participants.is_empty() {
            w.create_element("listPerson").with_attribute(("type", "participants")).write_inner_content(
                |w| {
                    for (i, c) in &participants {
                        participant(w, c, i + 1)?;
                    }
                    Ok(())
                },
            )?;
        }
        if !r.people.is_empty() {
            w.create_element("listPerson").with_attribute(("type", "discussed")).write_inner_content(
                |w| {
                    for p in &r.people {
                        w.create_element("person").write_inner_content(|w| person_names(w, p))?;
                    }
                    Ok(())
                },
            )?;
        }
        Ok(())
    })?;
    Ok(())
}

fn participant(w: &mut XmlWriter, c: &Contributor, n: usize) -> io::Result<()> {
    let element = match c.agent {
        Agent::Person(_) => "person",
        Agent::Organization(_) => "org",
    };
    let n = n.to_string();
    w.create_element(element)
        .with_attribute(("role", "participant"))
        .with_attribute(("n", n.as_str()))
        .write_inner_content(|w| {
            names(w, &c.agent)?;
            on_behalf_of(w, c)
        })?;
    Ok(())
}

fn body(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let Some(t) = &r.text else {
        w.create_element("p").write_empty()?;
        return Ok(());
    };
    // Split on exactly two newlines so that joining with two newlines gives the
    // text back unchanged, whatever its spacing.
    for para in t.split("\n\n") {
        if para.is_empty() {
            w.create_element("p").write_empty()?;
        } else {
            w.create_element("p").write_text_content(text(para)?)?;
        }
    }
    Ok(())
}
