//! Record → entry: `@misc` for an archival document, the type table's entry
//! type for a published work (see `mod.rs` for the fields).

use std::io::{self, Write};

use super::escape::{escape, protect_title};
use super::Dialect;
use crate::error::WriteError;
use crate::formats::labels::{
    base_key, conventional_location, credits, repository_label, short_reference, CiteKeys,
};
use crate::formats::{render_and_place, KeySlot, Writer};
use crate::model::{
    Agent, Contributor, EdtfDate, EventKind, IdScheme, LanguageTag, NameOrder, NoteKind, Record, Role,
    WorkType,
};

/// Writes entries in one dialect, a blank line between entries.
pub struct BibWriter {
    dialect: Dialect,
    keys: CiteKeys,
    count: usize,
}

impl BibWriter {
    /// A writer for `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        BibWriter { dialect, keys: CiteKeys::default(), count: 0 }
    }
}

/// One field: its name and its value as written between the braces, or a bare
/// macro (`month = apr`).
struct Field {
    name: String,
    value: String,
    bare: bool,
}

impl Writer for BibWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        render_and_place(self, out, &mut Vec::new(), record)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(BibWriter::new(self.dialect)))
    }

    fn place(&mut self, out: &mut dyn Write, rendered: &mut Vec<u8>, key: Option<KeySlot>) -> io::Result<()> {
        self.keys.settle_rendered(rendered, key.as_ref());
        if self.count > 0 {
            out.write_all(b"\n")?;
        }
        self.count += 1;
        out.write_all(rendered)
    }

    /// The entry with the key the record asks for; [`Writer::place`] makes it
    /// unique in the output.
    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        let key = base_key(record);
        let kind = entry_type(record, self.dialect);
        let fields = match (record.work_type, self.dialect) {
            (None, Dialect::Bibtex) => bibtex_fields(record),
            (None, Dialect::Biblatex) => biblatex_fields(record),
            (Some(w), d) => published_fields(record, w, &kind, d),
        };
        let mut fields = fields;
        bibliographic_fields(record, self.dialect, &mut fields);
        write!(out, "@{kind}{{{key}")?;
        let slot = KeySlot { end: out.len(), key };
        writeln!(out, ",")?;
        let width = fields.list.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in &fields.list {
            match f.bare {
                true => writeln!(out, "  {:<width$} = {},", f.name, f.value)?,
                false => writeln!(out, "  {:<width$} = {{{}}},", f.name, f.value)?,
            }
        }
        writeln!(out, "}}")?;
        Ok(Some(slot))
    }
}

/// Entry types the standard BibTeX styles define.
const BIBTEX_TYPES: &[&str] = &[
    "article",
    "book",
    "booklet",
    "conference",
    "inbook",
    "incollection",
    "inproceedings",
    "manual",
    "mastersthesis",
    "misc",
    "phdthesis",
    "proceedings",
    "techreport",
    "unpublished",
];

/// The genre each thesis entry type implies, so that `type` is written only
/// when it says something else.
pub(super) const DEFAULT_GENRES: &[(&str, &str)] =
    &[("phdthesis", "PhD thesis"), ("mastersthesis", "Master's thesis")];

/// biblatex's localisation keys for `type`, with the genre each prints.
pub(super) const TYPE_KEYS: &[(&str, &str)] = &[
    ("phdthesis", "PhD thesis"),
    ("mathesis", "Master's thesis"),
    ("candthesis", "Candidate thesis"),
    ("techreport", "Technical report"),
    ("resreport", "Research report"),
    ("patent", "Patent"),
    ("patentde", "German patent"),
    ("patenteu", "European patent"),
    ("patentfr", "French patent"),
    ("patentuk", "British patent"),
    ("patentus", "U.S. patent"),
    ("patreq", "Patent request"),
    ("patreqde", "German patent request"),
    ("patreqeu", "European patent request"),
    ("patreqfr", "French patent request"),
    ("patrequk", "British patent request"),
    ("patrequs", "U.S. patent request"),
];

/// True when a BibTeX file wrote the genre as this biblatex key (kept in `extra`).
fn kept_type(record: &Record, key: &str) -> bool {
    record.extra.iter().any(|e| {
        e.format.as_str() == "bibtex" && e.field.as_str() == "type" && e.value.eq_ignore_ascii_case(key)
    })
}

fn is_masters(record: &Record) -> bool {
    record.document_type.as_ref().is_some_and(|t| t.label().to_ascii_lowercase().starts_with("master"))
}

/// The entry type: `misc` for an archival document; for a work, the entry type
/// it was read with (kept in `extra`) when that still names its work type,
/// else the type table's.
fn entry_type(record: &Record, dialect: Dialect) -> String {
    let Some(work) = record.work_type else { return "misc".into() };
    let kept = record
        .extra
        .iter()
        .filter(|e| matches!(e.format.as_str(), "bibtex" | "biblatex") && e.field.as_str() == "entrytype")
        // BibTeX consumers drop entries of types the standard styles do not
        // define (bibtexparser 1.x skips a `@thesis` whole): in BibTeX the
        // file's own type is kept only when it is a standard one.
        .filter(|e| {
            dialect == Dialect::Biblatex || BIBTEX_TYPES.contains(&e.value.to_ascii_lowercase().as_str())
        })
        .map(|e| e.value.to_ascii_lowercase())
        .find(|t| {
            let fits = WorkType::from_bib(super::read::bib_alias(t)) == Some(work)
                || refined(super::read::bib_alias(t), record) == Some(work)
                || (t == "newspaper_article" && work == WorkType::ArticleNewspaper);
            fits
        });
    if let Some(t) = kept {
        return t;
    }
    let row = work.row();
    match dialect {
        Dialect::Bibtex if work == WorkType::Thesis && is_masters(record) => "mastersthesis".into(),
        Dialect::Bibtex => row.bibtex.into(),
        Dialect::Biblatex => row.biblatex.into(),
    }
}

/// The work type an entry type stands for once its subtype is known
/// (`@article` with `entrysubtype = {magazine}`).
pub(super) fn refined(entry_type: &str, record: &Record) -> Option<WorkType> {
    let base = WorkType::from_bib(entry_type)?;
    match base {
        WorkType::ArticleJournal => record.work_type.filter(|w| {
            matches!(
                w,
                WorkType::Article
                    | WorkType::ArticleMagazine
                    | WorkType::ArticleNewspaper
                    | WorkType::Review
                    | WorkType::ReviewBook
            )
        }),
        WorkType::Book
        | WorkType::Chapter
        | WorkType::Webpage
        | WorkType::Document
        | WorkType::Report
        | WorkType::Legislation => record.work_type,
        other => Some(other),
    }
}

/// The subtype biblatex gives an article of a magazine or newspaper.
fn entry_subtype(work: WorkType) -> Option<&'static str> {
    match work {
        WorkType::ArticleMagazine => Some("magazine"),
        WorkType::ArticleNewspaper => Some("newspaper"),
        _ => None,
    }
}

/// Collects fields, escaping text and skipping empty values.
struct Fields {
    dialect: Dialect,
    list: Vec<Field>,
}

impl Fields {
    fn raw(&mut self, name: &str, value: Option<String>) {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            if !self.has(name) {
                self.list.push(Field { name: name.to_string(), value, bare: false });
            }
        }
    }

    fn text(&mut self, name: &str, value: Option<&str>) {
        let escaped = value.map(|v| escape(v, self.dialect));
        self.raw(name, escaped);
    }

    /// Pages with their range dash as BibTeX writes it: `--`.
    fn pages(&mut self, value: Option<&str>) {
        let escape_part = |part: &str| escape(part, self.dialect);
        let escaped = value.map(|v| v.split(['–']).map(escape_part).collect::<Vec<_>>().join("--"));
        self.raw("pages", escaped);
    }

    fn has(&self, name: &str) -> bool {
        self.list.iter().any(|f| f.name.eq_ignore_ascii_case(name))
    }
}

fn biblatex_fields(record: &Record) -> Fields {
    let mut f = Fields { dialect: Dialect::Biblatex, list: Vec::new() };
    f.raw("author", names(record, Role::Author, Dialect::Biblatex));
    f.raw("editor", names(record, Role::Editor, Dialect::Biblatex));
    f.raw("title", record.title.as_deref().map(|t| protect_title(t, Dialect::Biblatex)));
    f.text("type", record.document_type.as_ref().map(|t| t.label()));
    f.raw("entrysubtype", Some("archival".into()));
    f.raw("date", Some(record.date.as_ref().map_or_else(|| UNDATED.to_string(), biblatex_date)));
    languages(record, &mut f);
    let first = record.references.first();
    let repository = first.and_then(|r| r.repository.as_ref());
    f.text("organization", repository.map(repository_label).as_deref());
    f.text("location", repository.and_then(|r| r.place.as_deref()));
    let mut locations: Vec<String> = first.map(conventional_location).into_iter().collect();
    locations.extend(also_held(record));
    f.text("note", Some(&locations.join("; ")));
    let addenda = NoteKind::Other("addendum".into());
    let mut addendum: Vec<String> = credits(record, true).into_iter().collect();
    addendum.extend(record.notes_of(&addenda).map(|n| n.text.to_string()));
    f.text("addendum", Some(&addendum.join(" ")));
    f.text("howpublished", publication_line(record).as_deref());
    f.raw("url", url(record));
    f.raw("urldate", record.event(&EventKind::Accessed).map(biblatex_date));
    f.text("eprint", record.publication.as_ref().and_then(|p| p.record_id.as_deref()));
    f.text("abstract", record.summary.as_deref());
    f.text("keywords", Some(&archival_keywords(record)));
    archival_extras(record, &mut f);
    f
}

/// What an archival entry gains beyond its shape: other names, and where it
/// was printed.
fn archival_extras(record: &Record, f: &mut Fields) {
    f.raw("editor", names(record, Role::Editor, f.dialect));
    f.raw("bookauthor", names(record, Role::ContainerAuthor, f.dialect));
    f.raw("holder", names(record, Role::RightsHolder, f.dialect));
    container_fields(record, "misc", f);
}

fn bibtex_fields(record: &Record) -> Fields {
    let mut f = Fields { dialect: Dialect::Bibtex, list: Vec::new() };
    f.raw("author", names(record, Role::Author, Dialect::Bibtex));
    f.raw("title", record.title.as_deref().map(|t| protect_title(t, Dialect::Bibtex)));
    let held = record.references.first().map(|r| {
        let repository = r.repository.as_ref();
        let parts = [
            repository.map(repository_label),
            repository.and_then(|r| r.place.as_ref()).map(|p| p.to_string()),
        ];
        let mut parts: Vec<String> = parts.into_iter().flatten().collect();
        parts.push(conventional_location(r));
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    });
    f.text("howpublished", held.as_deref());
    bibtex_date(record, &mut f);
    if record.date.is_none() {
        // bibtex ignores `date`; biber, which reads BibTeX files too, needs a date or a year.
        f.raw("date", Some(UNDATED.into()));
    }
    let mut note: Vec<String> = record.document_type.iter().map(|t| format!("{}.", t.label())).collect();
    note.extend(credits(record, true));
    note.extend(also_held(record).map(|a| format!("{a}.")));
    note.extend(publication_line(record).map(|p| format!("{p}.")));
    note.extend(record.notes_of(&NoteKind::General).map(|n| n.text.to_string()));
    f.text("note", Some(&note.join(" ")));
    f.raw("url", url(record));
    // Read by biber and by archcite, ignored by the standard styles.
    f.text("type", record.document_type.as_ref().map(|t| t.label()));
    languages(record, &mut f);
    f.text("abstract", record.summary.as_deref());
    f.text("keywords", Some(&archival_keywords(record)));
    archival_extras(record, &mut f);
    f
}

/// Subjects, then keywords that are not subjects too.
fn archival_keywords(record: &Record) -> String {
    let mut all: Vec<&str> = record.subjects.iter().map(|s| s.as_str()).collect();
    for k in &record.keywords {
        if !all.contains(&k.as_str()) {
            all.push(k);
        }
    }
    all.join(", ")
}

/// `year`, `month` (a macro) and `day`.
fn bibtex_date(record: &Record, f: &mut Fields) {
    let start = record.date.as_ref().and_then(|d| d.start().or(d.end()));
    f.raw("year", record.date.as_ref().map(bibtex_year));
    if let Some(month) = start.and_then(|d| d.month()) {
        if !f.has("month") {
            f.list.push(Field {
                name: "month".into(),
                value: MONTHS[usize::from(month) - 1].into(),
                bare: true,
            });
        }
    }
    // What `year` and `month` cannot say (a day, a range, a qualifier) goes
    // in `date` too, which bibtex ignores and biber, JabRef and Zotero read.
    if let Some(date) = record.date.as_ref().filter(|d| says_more_than_year_month(d)) {
        f.raw("date", Some(biblatex_date(date)));
    }
}

/// True when a date is more than a plain year and month.
fn says_more_than_year_month(date: &EdtfDate) -> bool {
    match date {
        EdtfDate::Single(d) => d.day().is_some() || d.certainty() != Default::default(),
        EdtfDate::Interval(..) => true,
    }
}

/// A published work's language: biblatex's `langid` when it has one
/// language, BibTeX's `language`.
fn work_languages(record: &Record, f: &mut Fields) {
    let single = record.languages.original.len() == 1 && record.languages.translation.is_empty();
    let single = single && kept_language(record).is_none();
    match (f.dialect, single) {
        (Dialect::Biblatex, true) => match babel_name(&record.languages.original[0]) {
            Some(name) => f.raw("langid", Some(name.to_string())),
            None => f.raw("language", Some(language_name(&record.languages.original[0]))),
        },
        _ => languages(record, f),
    }
}

/// `langid` (the language a reader meets) and `language` (the originals).
fn languages(record: &Record, f: &mut Fields) {
    if f.dialect == Dialect::Biblatex {
        f.raw("langid", record.languages.primary().and_then(babel_name).map(str::to_string));
    }
    if let Some(kept) = kept_language(record) {
        return f.text("language", Some(kept));
    }
    let originals: Vec<String> = record.languages.original.iter().map(language_name).collect();
    f.raw("language", (!originals.is_empty()).then(|| originals.join(" and ")));
}

/// `language` as the input wrote it: the text kept when it did not read as
/// languages ("langlatin and langgerman"), or its spelling ("English") while
/// it still names the record's languages.
fn kept_language(record: &Record) -> Option<&str> {
    let bib = |e: &&crate::model::Extra| matches!(e.format.as_str(), "bibtex" | "biblatex");
    let mut kept = record.extra.iter().filter(bib);
    if let Some(e) = kept.clone().find(|e| e.field.as_str() == "language") {
        return Some(&e.value);
    }
    let spelled = kept.find(|e| e.field.as_str() == super::read::LANGUAGE_AS_WRITTEN)?;
    let named: Option<Vec<_>> = spelled.value.split(" and ").map(super::read::language_tag).collect();
    (named.as_ref() == Some(&record.languages.original)).then_some(spelled.value.as_str())
}

pub(super) fn language_name(tag: &LanguageTag) -> String {
    babel_name(tag).map_or_else(|| tag.to_string(), str::to_string)
}

/// True for entry types whose `number` is the issue of a periodical.
fn periodical_entry(kind: &str) -> bool {
    matches!(kind, "article" | "periodical" | "suppperiodical")
}

/// True for entry types whose `number` is the work's own number.
fn numbered_entry(kind: &str) -> bool {
    matches!(
        kind,
        "techreport" | "report" | "patent" | "standard" | "manual" | "dataset" | "software" | "legislation"
    )
}

/// The field the container's title goes in for an entry type.
pub(super) fn container_field(kind: &str, dialect: Dialect) -> &'static str {
    match (kind, dialect) {
        (k, Dialect::Bibtex) if periodical_entry(k) => "journal",
        (k, Dialect::Biblatex) if periodical_entry(k) => "journaltitle",
        _ => "booktitle",
    }
}

/// The field the publisher goes in for an entry type.
pub(super) fn publisher_field(kind: &str, dialect: Dialect) -> &'static str {
    match (kind, dialect) {
        ("phdthesis" | "mastersthesis" | "thesis", Dialect::Bibtex) => "school",
        ("phdthesis" | "mastersthesis" | "thesis" | "techreport" | "report", _) => "institution",
        ("misc" | "booklet" | "unpublished", _) => "howpublished",
        ("manual", Dialect::Bibtex) | ("online", _) => "organization",
        _ => "publisher",
    }
}

/// Where in a container and a series the work is, and its edition.
fn container_fields(record: &Record, kind: &str, f: &mut Fields) {
    let dialect = f.dialect;
    let container = record.container.as_ref();
    let kept = record.extra.iter().find(|e| {
        matches!(e.format.as_str(), "bibtex" | "biblatex") && e.field.as_str() == super::read::CONTAINER_FIELD
    });
    let field = match kept.map(|e| e.value.as_str()) {
        Some("journal" | "journaltitle") => container_field("article", dialect),
        Some("booktitle") => "booktitle",
        _ => container_field(kind, dialect),
    };
    f.text(field, container.and_then(|c| c.title.as_deref()));
    f.text("shortjournal", container.and_then(|c| c.short_title.as_deref()));
    let series = record.series.as_ref();
    f.text("series", series.map(|s| s.title.as_str()));
    f.text("volume", container.and_then(|c| c.volume.as_deref()));
    let issue = container.and_then(|c| c.issue.as_deref());
    // An issue read from `issue` (kept in `extra`) is written there, as the
    // extras are; else an article's issue is its `number`.
    let issue_field = record.extra.iter().any(|e| {
        matches!(e.format.as_str(), "bibtex" | "biblatex")
            && e.field.as_str() == "issue"
            && Some(e.value.as_str()) == issue
    });
    if periodical_entry(kind) {
        f.text("number", issue.filter(|_| !issue_field));
    } else if numbered_entry(kind) {
        f.text("number", record.number.as_deref());
    } else {
        f.text("number", series.and_then(|s| s.number.as_deref()).or(record.number.as_deref()));
    }
    if !periodical_entry(kind) {
        f.text("issue", issue);
    }
    f.text("edition", record.edition.as_deref());
    if f.has("pages") || record.work_type.is_some() {
        return;
    }
    f.pages(container.and_then(|c| c.pages.as_deref()));
    f.text("chapter", container.and_then(|c| c.chapter.as_deref()));
}

fn published_fields(record: &Record, work: WorkType, kind: &str, dialect: Dialect) -> Fields {
    let mut f = Fields { dialect, list: Vec::new() };
    f.raw("author", names(record, Role::Author, dialect));
    f.raw("editor", names(record, Role::Editor, dialect));
    f.raw("translator", names(record, Role::Translator, dialect));
    f.raw("bookauthor", names(record, Role::ContainerAuthor, dialect));
    f.raw("holder", names(record, Role::RightsHolder, dialect));
    f.raw("title", record.title.as_deref().map(|t| protect_title(t, dialect)));
    f.text("subtitle", record.subtitle.as_deref());
    f.text("shorttitle", record.short_title.as_deref());
    container_fields(record, kind, &mut f);
    let container = record.container.as_ref();
    let publication = record.publication.as_ref();
    let publisher = publication.and_then(|p| p.publisher.as_ref()).map(|p| p.to_string()).or_else(|| {
        let thesis = work == WorkType::Thesis;
        thesis.then(|| record.agents_in(Role::DegreeGrantor).next().map(|c| c.agent.display_name()))?
    });
    f.raw(publisher_field(kind, dialect), publisher.as_deref().map(|p| list(p, dialect)));
    let place = publication.and_then(|p| p.place.as_deref());
    f.raw(if dialect == Dialect::Bibtex { "address" } else { "location" }, place.map(|p| list(p, dialect)));
    let genre = record.document_type.as_ref().map(|t| t.label().to_string());
    let implied = DEFAULT_GENRES.iter().any(|(t, g)| *t == kind && Some(*g) == genre.as_deref());
    if !implied {
        let key = TYPE_KEYS.iter().find(|(_, g)| Some(*g) == genre.as_deref()).map(|(k, _)| *k);
        match (dialect, key) {
            (Dialect::Biblatex, Some(k)) if k != kind => f.raw("type", Some(k.into())),
            (Dialect::Biblatex, Some(_)) => {}
            (Dialect::Bibtex, Some(k)) if kept_type(record, k) => f.raw("type", Some(k.into())),
            _ => f.text("type", genre.as_deref()),
        }
    }
    f.raw("entrysubtype", entry_subtype(work).map(str::to_string));
    match dialect {
        Dialect::Biblatex => f.raw("date", record.date.as_ref().map(biblatex_date)),
        Dialect::Bibtex => bibtex_date(record, &mut f),
    }
    f.pages(container.and_then(|c| c.pages.as_deref()));
    f.text("chapter", container.and_then(|c| c.chapter.as_deref()));
    f.raw("url", url(record));
    f.raw("urldate", record.event(&EventKind::Accessed).map(biblatex_date));
    work_languages(record, &mut f);
    f.text("abstract", record.summary.as_deref());
    let mut words: Vec<&str> = record.keywords.iter().map(|s| s.as_str()).collect();
    for s in &record.subjects {
        if !words.contains(&s.as_str()) {
            words.push(s);
        }
    }
    f.text("keywords", Some(&words.join(", ")));
    f
}

/// The fields both shapes share: identifiers, original publication, extent,
/// notes, and the values kept from `.bib` input.
fn bibliographic_fields(record: &Record, dialect: Dialect, f: &mut Fields) {
    if record.work_type.is_none() {
        f.text("subtitle", record.subtitle.as_deref());
        f.text("shorttitle", record.short_title.as_deref());
        f.text(
            "origtitle",
            record.original_title.as_deref().or(record.original.as_ref().and_then(|o| o.title.as_deref())),
        );
    } else {
        f.text(
            "origtitle",
            record.original.as_ref().and_then(|o| o.title.as_deref()).or(record.original_title.as_deref()),
        );
    }
    if let Some(o) = &record.original {
        f.raw("origdate", o.date.as_ref().map(biblatex_date));
        f.text("origpublisher", o.publisher.as_deref());
        f.text("origlocation", o.place.as_deref());
    }
    f.text("pagetotal", record.extent.as_deref());
    // One identifier can be the `eprint`: the first of arXiv, PubMed, Handle, JSTOR.
    let eprint_kinds: [(&str, &str); 4] =
        [("arxiv", "arxiv"), ("pmid", "pubmed"), ("handle", "hdl"), ("jstor", "jstor")];
    let eprint = (!f.has("eprint"))
        .then(|| {
            eprint_kinds.iter().find_map(|(scheme, t)| {
                record
                    .identifiers
                    .iter()
                    .find(|i| i.scheme.as_str().eq_ignore_ascii_case(scheme))
                    .map(|i| (i, *t))
            })
        })
        .flatten();
    if let Some((id, t)) = eprint {
        f.text("eprint", Some(&id.value));
        f.raw("eprinttype", Some(t.into()));
    }
    for id in &record.identifiers {
        if eprint.is_some_and(|(e, _)| e == id) {
            continue;
        }
        let field = match &id.scheme {
            IdScheme::Doi => "doi",
            IdScheme::Isbn => "isbn",
            IdScheme::Issn => "issn",
            IdScheme::Lccn => "lccn",
            IdScheme::CallNumber => "library",
            other => other.as_str(),
        };
        let field: String = field.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if !field.is_empty() && !f.has(&field) {
            let value = match &id.scheme {
                IdScheme::Doi | IdScheme::Uri => id.value.replace('%', "\\%"),
                _ => escape(&id.value, dialect),
            };
            f.raw(&field, Some(value));
        }
    }
    let annotations: Vec<&str> = record.notes_of(&NoteKind::Annotation).map(|n| n.text.as_str()).collect();
    f.text("annotation", Some(&annotations.join(" ")));
    if record.work_type.is_some() {
        let general: Vec<&str> = record.notes_of(&NoteKind::General).map(|n| n.text.as_str()).collect();
        f.text("note", Some(&general.join(" ")));
        let addendum = NoteKind::Other("addendum".into());
        let addenda: Vec<&str> = record.notes_of(&addendum).map(|n| n.text.as_str()).collect();
        f.text("addendum", Some(&addenda.join(" ")));
    }
    for e in &record.extra {
        let bib = matches!(e.format.as_str(), "bibtex" | "biblatex");
        // `entrytype` and `@...` are markers of how the input was written, not fields.
        let marker = e.field.as_str() == "entrytype" || e.field.starts_with('@');
        if !bib || marker || f.has(&e.field) {
            continue;
        }
        let name: String =
            e.field.chars().filter(|c| !c.is_whitespace() && !"{}=,\"#%".contains(*c)).collect();
        if !name.is_empty() && !f.has(&name) && !e.value.trim().is_empty() {
            let verbatim =
                VERBATIM_FIELDS.contains(&name.to_ascii_lowercase().as_str()) && balanced(&e.value);
            let value = if verbatim { e.value.clone() } else { escape(&e.value, dialect) };
            f.raw(&name, Some(value));
        }
    }
}

/// Items joined with "; " as a BibLaTeX literal list (`Durham and London`),
/// an item holding " and " braced; BibTeX's fields are plain text.
fn list(text: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Bibtex {
        return escape(text, dialect);
    }
    let items: Vec<String> = text
        .split("; ")
        .map(|item| {
            let e = escape(item, dialect);
            if item.split_whitespace().any(|w| w.eq_ignore_ascii_case("and")) {
                format!("{{{e}}}")
            } else {
                e
            }
        })
        .collect();
    items.join(" and ")
}

/// Fields biber reads verbatim (no commands, no escapes): their value is
/// written as it was read, which is what a reader of them expects.
const VERBATIM_FIELDS: &[&str] =
    &["file", "pdf", "verba", "verbb", "verbc", "uri", "urlraw", "crossref", "xdata"];

/// True when a verbatim value can stand between braces: its braces balance,
/// and no backslash stands before a brace or at the end (readers differ on
/// whether it escapes one).
fn balanced(value: &str) -> bool {
    let mut depth = 0usize;
    for (i, c) in value.char_indices() {
        match c {
            '\\' if matches!(value[i + 1..].chars().next(), None | Some('{' | '}')) => return false,
            '{' => depth += 1,
            '}' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// EDTF for "year unspecified": biber requires a date on `@misc`, and an
/// undated document has one that nobody knows.
pub(super) const UNDATED: &str = "XXXX";

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// `1969` or `1969--1970`: the years a BibTeX style can sort and print.
fn bibtex_year(date: &EdtfDate) -> String {
    let year = |d: Option<&crate::model::PartialDate>| d.map(|d| d.iso_year());
    match (year(date.start()), year(date.end())) {
        (Some(a), Some(b)) if a != b => format!("{a}--{b}"),
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    }
}

/// EDTF as biber reads it, with `~?` for `%` (which TeX would take as a
/// comment in a `.bib` file; biber reads both the same).
fn biblatex_date(date: &EdtfDate) -> String {
    date.to_string().replace('%', "~?")
}

/// "Also held as: AVPRF, f. 059a, ...", for the references after the first.
fn also_held(record: &Record) -> Option<String> {
    let others: Vec<String> = record.references.iter().skip(1).map(short_reference).collect();
    (!others.is_empty()).then(|| format!("Also held as: {}", others.join("; ")))
}

/// "History and Public Policy Program Digital Archive, Wilson Center".
fn publication_line(record: &Record) -> Option<String> {
    let p = record.publication.as_ref()?;
    let parts: Vec<&str> = [p.collection.as_deref(), p.publisher.as_deref()].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The URL as `\url` and biber take it: `%` needs a backslash, and a brace
/// (which a URL may only carry percent-encoded) is written percent-encoded, as
/// an unbalanced one would end the field.
fn url(record: &Record) -> Option<String> {
    let url = record.publication.as_ref()?.url.as_ref()?;
    Some(url.as_str().replace('%', "\\%").replace('{', "\\%7B").replace('}', "\\%7D"))
}

/// The agents in `role` as a BibTeX name list.
fn names(record: &Record, role: Role, dialect: Dialect) -> Option<String> {
    let list: Vec<String> = record.agents_in(role).map(|c| name(c, dialect)).collect();
    (!list.is_empty()).then(|| list.join(" and "))
}

fn name(c: &Contributor, dialect: Dialect) -> String {
    let part = |s: &str| {
        let e = escape(s, dialect);
        // A comma or a lone "and" inside a part would split the name.
        let splits = s.contains(',') || s.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"));
        if splits {
            format!("{{{e}}}")
        } else {
            e
        }
    };
    match &c.agent {
        Agent::Person(p) if p.name_order == NameOrder::GivenFirst => match &p.given {
            Some(g) => format!("{}, {}", part(&p.family), part(g)),
            None => part(&p.family),
        },
        other => format!("{{{}}}", escape(&other.display_name(), dialect)),
    }
}

/// The babel/biblatex language name for a tag, for `langid` and `language`.
pub(super) fn babel_name(tag: &LanguageTag) -> Option<&'static str> {
    BABEL.iter().find(|(t, _)| *t == tag.primary()).map(|(_, n)| *n)
}

/// Languages babel and biblatex both know, by primary subtag.
pub(super) const BABEL: &[(&str, &str)] = &[
    ("af", "afrikaans"),
    ("ar", "arabic"),
    ("be", "belarusian"),
    ("bg", "bulgarian"),
    ("bs", "bosnian"),
    ("ca", "catalan"),
    ("cs", "czech"),
    ("cy", "welsh"),
    ("da", "danish"),
    ("de", "german"),
    ("el", "greek"),
    ("en", "english"),
    ("eo", "esperanto"),
    ("es", "spanish"),
    ("et", "estonian"),
    ("eu", "basque"),
    ("fa", "persian"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("ga", "irish"),
    ("gl", "galician"),
    ("he", "hebrew"),
    ("hi", "hindi"),
    ("hr", "croatian"),
    ("hu", "magyar"),
    ("hy", "armenian"),
    ("id", "indonesian"),
    ("is", "icelandic"),
    ("it", "italian"),
    ("ja", "japanese"),
    ("ka", "georgian"),
    ("ko", "korean"),
    ("la", "latin"),
    ("lt", "lithuanian"),
    ("lv", "latvian"),
    ("mk", "macedonian"),
    ("mn", "mongolian"),
    ("ms", "malay"),
    ("nl", "dutch"),
    ("nn", "nynorsk"),
    ("no", "norsk"),
    ("pl", "polish"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sk", "slovak"),
    ("sl", "slovene"),
    ("sq", "albanian"),
    ("sr", "serbian"),
    ("sv", "swedish"),
    ("th", "thai"),
    ("tr", "turkish"),
    ("uk", "ukrainian"),
    ("vi", "vietnamese"),
    ("zh", "chinese"),
];
