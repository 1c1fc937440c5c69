//! The typed core model of an archival record.
//!
//! Every format maps to and from [`Record`]. Types check themselves when built or
//! deserialised, so a `Record` in memory is always well formed: dates exist in the
//! calendar, URLs parse, language tags are BCP 47, agents are a person or an
//! organisation, never both.

mod agent;
mod date;
mod error;
mod language;
mod record;
mod reference;
mod text;
mod vocab;

pub use agent::{Agent, Contributor, NameOrder, Organization, Person, Role, ROLES};
pub use date::{Certainty, DateError, EdtfDate, PartialDate, MONTH_NAMES};
pub use error::ValueError;
pub use language::LanguageTag;
pub use record::{
    Event, Languages, Note, Publication, Record, Related, Rights, SchemaVersion, SCHEMA_VERSION,
};
pub use reference::{ArchivalReference, CountryCode, Level, LevelKind, Repository};
pub use text::NonEmpty;
pub use vocab::{DocumentType, EventKind, NoteKind};
