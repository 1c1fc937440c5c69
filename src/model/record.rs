//! The record: everything known about one archival document or published work.

use serde::{Deserialize, Serialize};
use url::Url;

use super::agent::{Agent, Contributor, Organization, Person, Role};
use super::date::EdtfDate;
use super::language::LanguageTag;
use super::reference::ArchivalReference;
use super::text::NonEmpty;
use super::vocab::{DocumentType, EventKind, NoteKind};
use super::work::{AltTitle, Container, Extra, Identifier, OriginalPublication, Series};
use super::work_type::WorkType;

/// One archival document or published work as archcite knows it.
///
/// An archival document has no `work_type`; a published work (an article, a
/// book, a chapter, a volume of printed documents) has one, and its
/// bibliographic description in `container`, `series`, `edition`,
/// `identifiers` and the fields beside them.
///
/// Field order here is the canonical key order of the native JSON format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The version of the native record schema the record was written in;
    /// absent means the current one ([`SCHEMA_VERSION`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<SchemaVersion>,
    /// A citation key chosen by the user; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<NonEmpty>,
    /// Title, in the language of the published translation; absent for an
    /// untitled document (common in archives: a letter, a set of notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<NonEmpty>,
    /// Subtitle, when the source keeps it apart from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<NonEmpty>,
    /// A short form of the title, for notes after the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<NonEmpty>,
    /// Title in the document's original language, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<NonEmpty>,
    /// Other forms of the title: other languages and scripts, variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternate_titles: Vec<AltTitle>,
    /// What kind of work this is (CSL's item types); absent for an archival document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_type: Option<WorkType>,
    /// Genre of the document or work ("Memorandum of Conversation", "PhD thesis").
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// The work's own date: when the document was written, or when a published
    /// work appeared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EdtfDate>,
    /// When the publication that prints or reproduces the document appeared,
    /// when that differs from its own date (a 1969 record printed in 2005).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<EdtfDate>,
    /// Other dated events: registered, stamped, uploaded, accessed, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Languages of the original and of the translations published.
    #[serde(default, skip_serializing_if = "Languages::is_empty")]
    pub languages: Languages,
    /// People and organisations with their roles, funders included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<Contributor>,
    /// Where the document is held; several when it is cited from several archives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ArchivalReference>,
    /// Where and by whom it is published: publisher, place, address online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    /// What it appeared in (journal, book, proceedings) and where in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// The series it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
    /// Edition ("2nd ed.", "2").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<NonEmpty>,
    /// A number the work itself carries: report, patent, standard, bill number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<NonEmpty>,
    /// Extent and physical description ("xii, 345 p. : ill. ; 24 cm", "7 leaves").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<NonEmpty>,
    /// Medium or carrier ("microfilm", "CD-ROM", "online resource").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<NonEmpty>,
    /// Identifiers with their scheme: DOI, ISBN, ISSN, call number, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// The first publication of a reprinted or translated work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OriginalPublication>,
    /// Terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<Rights>,
    /// Summary or abstract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<NonEmpty>,
    /// Stamps, copy numbers, distribution lists, classification, other notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Subjects discussed (subject headings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<NonEmpty>,
    /// Keywords and tags given to the work (not controlled headings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<NonEmpty>,
    /// Places associated with the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<NonEmpty>,
    /// People discussed in (not party to) the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// Related records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// A source the document was reprinted from when it is not an archive
    /// ("Reprinted in ..."), kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub published_sources: Vec<NonEmpty>,
    /// The document's text (usually the translation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<NonEmpty>,
    /// Values a format carried that no field above holds, kept to be written
    /// back to that format.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Extra>,
}

impl Record {
    /// A record with a title and nothing else.
    pub fn new(title: NonEmpty) -> Self {
        Record { title: Some(title), ..Record::untitled() }
    }

    /// A record with no title and nothing else, for readers of a document
    /// that has none.
    pub fn untitled() -> Self {
        Record {
            schema_version: None,
            key: None,
            title: None,
            subtitle: None,
            short_title: None,
            original_title: None,
            alternate_titles: Vec::new(),
            work_type: None,
            document_type: None,
            date: None,
            issued: None,
            events: Vec::new(),
            languages: Languages::default(),
            agents: Vec::new(),
            references: Vec::new(),
            publication: None,
            container: None,
            series: None,
            edition: None,
            number: None,
            extent: None,
            medium: None,
            identifiers: Vec::new(),
            original: None,
            rights: None,
            summary: None,
            notes: Vec::new(),
            subjects: Vec::new(),
            keywords: Vec::new(),
            places: Vec::new(),
            people: Vec::new(),
            related: Vec::new(),
            published_sources: Vec::new(),
            text: None,
            extra: Vec::new(),
        }
    }

    /// True when the record holds nothing: no title and no other field but
    /// its work type (what a format's record type alone gives, as RIS `TY`,
    /// a `.bib` entry type or a MARC leader do). Readers refuse such a record
    /// rather than read an empty one.
    pub fn is_blank(&self) -> bool {
        // Destructured whole, so that a new field cannot be forgotten here.
        let Record {
            schema_version: _,
            work_type: _,
            key,
            title,
            subtitle,
            short_title,
            original_title,
            alternate_titles,
            document_type,
            date,
            issued,
            events,
            languages,
            agents,
            references,
            publication,
            container,
            series,
            edition,
            number,
            extent,
            medium,
            identifiers,
            original,
            rights,
            summary,
            notes,
            subjects,
            keywords,
            places,
            people,
            related,
            published_sources,
            text,
            extra,
        } = self;
        let none = [
            key,
            title,
            subtitle,
            short_title,
            original_title,
            edition,
            number,
            extent,
            medium,
            summary,
            text,
        ]
        .iter()
        .all(|v| v.is_none());
        none && alternate_titles.is_empty()
            && document_type.is_none()
            && date.is_none()
            && issued.is_none()
            && events.is_empty()
            && languages.is_empty()
            && agents.is_empty()
            && references.is_empty()
            && publication.is_none()
            && container.is_none()
            && series.is_none()
            && identifiers.is_empty()
            && original.is_none()
            && rights.is_none()
            && notes.is_empty()
            && subjects.is_empty()
            && keywords.is_empty()
            && places.is_empty()
            && people.is_empty()
            && related.is_empty()
            && published_sources.is_empty()
            && extra.is_empty()
    }

    /// The container, created empty when absent.
    pub fn container_mut(&mut self) -> &mut Container {
        self.container.get_or_insert_with(Container::default)
    }

    /// The first identifier of `scheme`.
    pub fn identifier(&self, scheme: &super::IdScheme) -> Option<&NonEmpty> {
        self.identifiers.iter().find(|i| &i.scheme == scheme).map(|i| &i.value)
    }

    /// Add an identifier unless the same one is already there.
    pub fn add_identifier(&mut self, id: Identifier) {
        if !self.identifiers.contains(&id) {
            self.identifiers.push(id);
        }
    }

    /// The extra values kept from `format`, in record order.
    pub fn extra_of<'a>(&'a self, format: &'a str) -> impl Iterator<Item = &'a Extra> + 'a {
        self.extra.iter().filter(move |e| e.format.as_str() == format)
    }

    /// The publication, created empty when absent (for readers filling it field by field).
    pub fn publication_mut(&mut self) -> &mut Publication {
        self.publication.get_or_insert_with(Publication::default)
    }

    /// The rights, created empty when absent.
    pub fn rights_mut(&mut self) -> &mut Rights {
        self.rights.get_or_insert_with(Rights::default)
    }

    /// The agents in `role`, in record order.
    pub fn agents_in(&self, role: Role) -> impl Iterator<Item = &Contributor> {
        self.agents.iter().filter(move |c| c.role == role)
    }

    /// The funders, in record order.
    pub fn funders(&self) -> impl Iterator<Item = &Agent> {
        self.agents_in(Role::Funder).map(|c| &c.agent)
    }

    /// Add a funder unless one of that name is already there.
    pub fn add_funder(&mut self, name: NonEmpty) {
        let known = self.funders().any(|a| a.display_name().eq_ignore_ascii_case(&name));
        if !known {
            self.agents.push(Contributor::new(Role::Funder, Agent::Organization(Organization::new(name))));
        }
    }

    /// The date of the first event of `kind`.
    pub fn event(&self, kind: &EventKind) -> Option<&EdtfDate> {
        self.events.iter().find(|e| &e.kind == kind).map(|e| &e.date)
    }

    /// The notes of `kind`.
    pub fn notes_of<'a>(&'a self, kind: &'a NoteKind) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |n| &n.kind == kind)
    }
}

/// A dated event in the life of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// When.
    pub date: EdtfDate,
    /// Detail, e.g. the text of the stamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<NonEmpty>,
}

/// Languages of the document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Languages {
    /// The language(s) the document was written in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub original: Vec<LanguageTag>,
    /// The language(s) of the published translation(s).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translation: Vec<LanguageTag>,
}

impl Languages {
    /// No language known.
    pub fn is_empty(&self) -> bool {
        self.original.is_empty() && self.translation.is_empty()
    }

    /// The language a reader of the published record meets first: the
    /// translation when there is one, else the original.
    pub fn primary(&self) -> Option<&LanguageTag> {
        self.translation.first().or(self.original.first())
    }
}

/// The digital publication of the document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Collection or programme, e.g. "History and Public Policy Program Digital Archive".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<NonEmpty>,
    /// Publisher, e.g. "Wilson Center".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<NonEmpty>,
    /// Place of the publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<NonEmpty>,
    /// Address of the record page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// The publication's record identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<NonEmpty>,
}

impl Publication {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        *self == Publication::default()
    }

    /// `None` for a publication with no field known (readers fill one field by field).
    pub fn non_empty(self) -> Option<Publication> {
        (!self.is_empty()).then_some(self)
    }
}

/// Terms governing use.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// The rights statement as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<NonEmpty>,
    /// A licence or rights-statement URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Url>,
    /// Who holds the rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<NonEmpty>,
}

impl Rights {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        *self == Rights::default()
    }

    /// `None` for rights with no field known.
    pub fn non_empty(self) -> Option<Rights> {
        (!self.is_empty()).then_some(self)
    }
}

/// A note on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// What the note is about.
    pub kind: NoteKind,
    /// Its text.
    pub text: NonEmpty,
}

/// A related record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<NonEmpty>,
    /// Its address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Its identifier in the same publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<NonEmpty>,
}

/// The version of the native record schema this archcite writes and reads.
///
/// Migration path: when the schema changes, this number goes up, the reader
/// of native records turns a record of an older version into the current shape
/// before typing it (the old shapes stay readable), and CHANGELOG.md says what
/// changed. A record of a newer version than this is refused with an error
/// that says to upgrade, never read by guesswork.
pub const SCHEMA_VERSION: u32 = 2;

/// A record's `schema_version`: a version this archcite reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct SchemaVersion(u32);

impl SchemaVersion {
    /// The version this archcite writes.
    pub const CURRENT: SchemaVersion = SchemaVersion(SCHEMA_VERSION);

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for SchemaVersion {
    type Error = super::ValueError;
    fn try_from(v: u32) -> Result<Self, super::ValueError> {
        match v {
            1..=SCHEMA_VERSION => Ok(SchemaVersion(v)),
            _ => Err(super::ValueError::SchemaVersion(v)),
        }
    }
}

impl From<SchemaVersion> for u32 {
    fn from(v: SchemaVersion) -> u32 {
        v.0
    }
}
