//! Archival references: a repository and the ordered levels of its call number.
//!
//! A reference keeps the text it was read from (`raw`) beside the structure, so a
//! reference that was only partly understood loses nothing.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::ValueError;
use super::text::NonEmpty;

/// Where a document is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawRepository")]
pub struct Repository {
    /// Conventional Latin abbreviation, e.g. `RGANI`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<NonEmpty>,
    /// Full name in English, e.g. "Russian State Archive of Contemporary History".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<NonEmpty>,
    /// Name in the original language and script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_name: Option<NonEmpty>,
    /// City where the repository is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<NonEmpty>,
    /// ISO 3166-1 alpha-2 country code, upper case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// False when the registry of archives does not know the repository and
    /// it is kept as written; true (and not written out) otherwise.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub known: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepository {
    abbreviation: Option<NonEmpty>,
    name: Option<NonEmpty>,
    original_name: Option<NonEmpty>,
    place: Option<NonEmpty>,
    country: Option<CountryCode>,
    #[serde(default = "yes")]
    known: bool,
}

impl TryFrom<RawRepository> for Repository {
    type Error = ValueError;
    fn try_from(r: RawRepository) -> Result<Self, ValueError> {
        if r.abbreviation.is_none() && r.name.is_none() {
            return Err(ValueError::UnnamedRepository);
        }
        Ok(Repository {
            abbreviation: r.abbreviation,
            name: r.name,
            original_name: r.original_name,
            place: r.place,
            country: r.country,
            known: r.known,
        })
    }
}

impl Repository {
    /// A repository known only by what was written, e.g. an unknown archive name.
    pub fn named(name: NonEmpty) -> Self {
        Repository {
            abbreviation: None,
            name: Some(name),
            original_name: None,
            place: None,
            country: None,
            known: true,
        }
    }

    /// A repository the registry does not know, kept as written ("RGIA",
    /// "Archiwum Państwowe w Lublinie"): `known` is false.
    pub fn unknown(written: NonEmpty) -> Self {
        Repository { known: false, ..Repository::named(written) }
    }

    /// The short label: abbreviation when known, else the name.
    pub fn label(&self) -> &str {
        self.abbreviation
            .as_ref()
            .or(self.name.as_ref())
            .map(NonEmpty::as_str)
            .expect("constructor guarantees abbreviation or name")
    }

    /// The long label: name when known, else the abbreviation.
    pub fn full_label(&self) -> &str {
        self.name
            .as_ref()
            .or(self.abbreviation.as_ref())
            .map(NonEmpty::as_str)
            .expect("constructor guarantees abbreviation or name")
    }
}

/// An ISO 3166-1 alpha-2 country code (`RU`, `US`, `DE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct CountryCode(String);

impl CountryCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CountryCode {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(CountryCode(s.to_string()))
        } else {
            Err(ValueError::CountryCode(s.to_string()))
        }
    }
}

impl TryFrom<String> for CountryCode {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        s.parse()
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.0
    }
}

/// The kind of one level of a call number.
///
/// The Russian/Soviet system and the common western systems are named variants;
/// any other archive's levels are kept as a lowercase kebab-case word (`Other`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[non_exhaustive]
pub enum LevelKind {
    /// Fond (фонд): the records of one creator.
    Fond,
    /// Opis (опись): an inventory within a fond.
    Opis,
    /// Delo (дело), or Ukrainian sprava: a file.
    Delo,
    /// Listi (листы): leaves, one or a range or list, versos included.
    Listi,
    /// Papka (папка): a folder.
    Papka,
    /// Edinitsa khraneniya (единица хранения): a storage unit.
    EdinitsaKhraneniya,
    /// A year written between levels.
    Year,
    /// UK TNA department code (`FO`).
    Department,
    /// Series.
    Series,
    /// UK TNA piece.
    Piece,
    /// US NARA record group.
    RecordGroup,
    /// File.
    File,
    /// Box.
    Box,
    /// Folder.
    Folder,
    /// German Bestand.
    Bestand,
    /// German Signatur.
    Signatur,
    /// Pages.
    Pages,
    /// Folio.
    Folio,
    /// Volume.
    Volume,
    /// A call number kept whole.
    CallNumber,
    /// Any other level, as a lowercase kebab-case word.
    Other(String),
}

const NAMED_KINDS: &[(&str, LevelKind)] = &[
    ("fond", LevelKind::Fond),
    ("opis", LevelKind::Opis),
    ("delo", LevelKind::Delo),
    ("listi", LevelKind::Listi),
    ("papka", LevelKind::Papka),
    ("edinitsa-khraneniya", LevelKind::EdinitsaKhraneniya),
    ("year", LevelKind::Year),
    ("department", LevelKind::Department),
    ("series", LevelKind::Series),
    ("piece", LevelKind::Piece),
    ("record-group", LevelKind::RecordGroup),
    ("file", LevelKind::File),
    ("box", LevelKind::Box),
    ("folder", LevelKind::Folder),
    ("bestand", LevelKind::Bestand),
    ("signatur", LevelKind::Signatur),
    ("pages", LevelKind::Pages),
    ("folio", LevelKind::Folio),
    ("volume", LevelKind::Volume),
    ("call-number", LevelKind::CallNumber),
];

impl LevelKind {
    /// The kebab-case name used in every serialisation.
    pub fn as_str(&self) -> &str {
        match self {
            LevelKind::Other(s) => s,
            named => NAMED_KINDS
                .iter()
                .find(|(_, k)| k == named)
                .map(|(n, _)| *n)
                .expect("every named kind is in NAMED_KINDS"),
        }
    }

    /// True for the levels of the Russian/Soviet system.
    pub fn is_russian(&self) -> bool {
        matches!(
            self,
            LevelKind::Fond
                | LevelKind::Opis
                | LevelKind::Delo
                | LevelKind::Listi
                | LevelKind::Papka
                | LevelKind::EdinitsaKhraneniya
        )
    }
}

impl FromStr for LevelKind {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if let Some((_, k)) = NAMED_KINDS.iter().find(|(n, _)| *n == s) {
            return Ok(k.clone());
        }
        let kebab = !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if kebab {
            Ok(LevelKind::Other(s.to_string()))
        } else {
            Err(ValueError::LevelKind(s.to_string()))
        }
    }
}

impl TryFrom<String> for LevelKind {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        s.parse()
    }
}

impl From<LevelKind> for String {
    fn from(k: LevelKind) -> String {
        k.as_str().to_string()
    }
}

impl fmt::Display for LevelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One level of a call number: its kind and its value as written
/// (dashes inside ranges normalised to `-`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// What the level is.
    pub kind: LevelKind,
    /// Its value, e.g. `5`, `R-9401`, `95-101`, `29 ob.`.
    pub value: NonEmpty,
}

impl Level {
    /// Build a level; `None` when the value is empty.
    pub fn new(kind: LevelKind, value: &str) -> Option<Level> {
        NonEmpty::new(value).map(|value| Level { kind, value })
    }
}

/// A reference to a document in one archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivalReference {
    /// The holding repository, when named or implied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Repository>,
    /// The levels in the order written, outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// The reference exactly as written in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<NonEmpty>,
}

impl ArchivalReference {
    /// The value of the first level of `kind`.
    pub fn level(&self, kind: &LevelKind) -> Option<&str> {
        self.levels.iter().find(|l| &l.kind == kind).map(|l| l.value.as_str())
    }
}
