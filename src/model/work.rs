//! The bibliographic description of a work: where it appeared, in which
//! series, under which identifiers, in which other forms of its title, and the
//! values a format carried that the model has no field for.

use serde::{Deserialize, Serialize};

use super::date::EdtfDate;
use super::language::LanguageTag;
use super::text::NonEmpty;
use super::vocab::{IdScheme, TitleKind};

/// What the work appeared in (a journal, a book, proceedings, a website), and
/// where in it.
///
/// `volume`, `issue` and `pages` are the work's place in its container; a book
/// that is itself volume 3 of a set keeps its volume here too, with no
/// container title.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Container {
    /// Title of the journal, book, proceedings or website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<NonEmpty>,
    /// Abbreviated title ("J. Cold War Stud.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<NonEmpty>,
    /// Volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<NonEmpty>,
    /// Issue or number of a periodical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<NonEmpty>,
    /// Pages, as written: "95–101", "e1234", "xii".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<NonEmpty>,
    /// Chapter or section number within the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<NonEmpty>,
}

impl Container {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        *self == Container::default()
    }

    /// `None` for a container with no field known.
    pub fn non_empty(self) -> Option<Container> {
        (!self.is_empty()).then_some(self)
    }
}

/// A series the work belongs to ("Foreign Relations of the United States", 1969–1976, vol. XVII).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// The series title.
    pub title: NonEmpty,
    /// The work's number in the series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<NonEmpty>,
}

/// An identifier of the work, with its scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// The scheme: `doi`, `isbn`, `issn`, ... or any other name.
    pub scheme: IdScheme,
    /// The value as the scheme writes it (a DOI without its resolver).
    pub value: NonEmpty,
}

impl Identifier {
    /// An identifier; a DOI loses a resolver prefix (`https://doi.org/`, `doi:`).
    pub fn new(scheme: IdScheme, value: &str) -> Option<Identifier> {
        let value = match scheme {
            IdScheme::Doi => strip_doi_resolver(value),
            _ => value,
        };
        Some(Identifier { scheme, value: NonEmpty::new(value)? })
    }
}

/// A DOI without the resolver or `doi:` prefix people paste with it.
pub fn strip_doi_resolver(value: &str) -> &str {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
    {
        if lower.starts_with(prefix) {
            return v[prefix.len()..].trim_start();
        }
    }
    v
}

/// Another form of the title: in another language or script, a variant, an
/// abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AltTitle {
    /// The title.
    pub title: NonEmpty,
    /// Its language and script, e.g. `ru-Cyrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// What form of the title it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TitleKind>,
}

/// The first publication of a work that is cited in a later one (a reprint,
/// a translation).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginalPublication {
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<NonEmpty>,
    /// When it appeared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EdtfDate>,
    /// Its publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<NonEmpty>,
    /// Its publisher's place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<NonEmpty>,
}

impl OriginalPublication {
    /// `None` when no field is known.
    pub fn non_empty(self) -> Option<OriginalPublication> {
        (self != OriginalPublication::default()).then_some(self)
    }
}

/// A value a format carried that the model has no field for, kept so that
/// writing the same format gives it back (a BibTeX `file`, Mendeley tags, a
/// local MARC 9XX field).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extra {
    /// The format it was read from, by its archcite name (`bibtex`, `marcxml`).
    pub format: NonEmpty,
    /// The field as the format names it (`file`, `N1`, `952`, `notesStmt/note`).
    pub field: NonEmpty,
    /// The value in the format's own syntax (a MARC field as indicators and
    /// `$a...` subfields); may be empty when the field's presence is the value.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

impl Extra {
    /// An extra value of `format`.
    pub fn new(format: &str, field: &str, value: impl Into<String>) -> Option<Extra> {
        Some(Extra { format: NonEmpty::new(format)?, field: NonEmpty::new(field)?, value: value.into() })
    }

    /// True for a note of how the input spelled a value the model holds
    /// (the `.bib` entry type, the field a journal title was in, the RIS tag
    /// a date was under, a language as written): it lets the same format be
    /// written back as it was, and is no value of its own, so another format
    /// leaving it out loses nothing.
    pub fn is_marker(&self) -> bool {
        let f = self.field.as_str();
        match self.format.as_str() {
            "bibtex" | "biblatex" => f == "entrytype" || f.starts_with('@'),
            "ris" => ["tag-of:", "written:", "lines:"].iter().any(|p| f.starts_with(p)),
            "dc" | "dcterms" => f.starts_with('@'),
            _ => false,
        }
    }
}
