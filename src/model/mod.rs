//! The typed core model of a record: an archival document or a published work.
//!
//! Every format maps to and from [`Record`]. Types check themselves when built or
//! deserialised, so a `Record` in memory is always well formed: dates exist in the
//! calendar, URLs parse, language tags are BCP 47, agents are a person or an
//! organisation, never both.

mod agent;
mod date;
mod error;
mod fields;
mod language;
mod record;
mod reference;
mod text;
mod vocab;
mod work;
mod work_type;

pub use agent::{Agent, Contributor, NameOrder, Organization, Person, Role, ROLES};
pub use date::{Certainty, DateError, EdtfDate, PartialDate, MONTH_NAMES};
pub use error::ValueError;
pub use fields::{Field, FieldSet};
pub(crate) use language::is_iso639_2;
pub use language::LanguageTag;
pub use record::{
    Event, Languages, Note, Publication, Record, Related, Rights, SchemaVersion, SCHEMA_VERSION,
};
pub use reference::{ArchivalReference, CountryCode, Level, LevelKind, Repository};
pub use text::NonEmpty;
pub use vocab::{DocumentType, EventKind, IdScheme, NoteKind, TitleKind};
pub use work::{strip_doi_resolver, AltTitle, Container, Extra, Identifier, OriginalPublication, Series};
pub use work_type::{TypeRow, WorkType, READ_BIB, READ_RIS, TYPE_TABLE, WORK_TYPES};

/// Serialise types as their `as_str` text, borrowed: `#[serde(into =
/// "String")]` would copy every value each time a record is written.
macro_rules! serialize_as_str {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}

serialize_as_str!(
    NonEmpty,
    LanguageTag,
    CountryCode,
    LevelKind,
    DocumentType,
    NoteKind,
    EventKind,
    IdScheme,
    TitleKind
);

/// A date is written straight into the output as `Display` spells it.
impl serde::Serialize for EdtfDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
