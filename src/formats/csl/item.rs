//! The serde mirror of a CSL-JSON item: the variables archcite writes and
//! reads, everything else kept in `other`, and archcite's `custom` block.
//!
//! Field order is the order keys are written in.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Contributor, EdtfDate, Languages, NonEmpty};

/// The version of archcite's `custom` block; an item carrying it was written by
/// archcite and its `custom` is trusted over the derived CSL variables.
/// Version 2 holds the whole publication (`custom.publication`); version 1
/// held only its record ID (`custom.record_id`), which is still read.
pub const CUSTOM_VERSION: u32 = 2;

/// One CSL item.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Item {
    pub id: Value,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(rename = "citation-key", default, skip_serializing_if = "Option::is_none")]
    pub citation_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "original-title", default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<Name>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipient: Vec<Name>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editor: Vec<Name>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributor: Vec<Name>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translator: Vec<Name>,
    #[serde(rename = "chair", default, skip_serializing_if = "Vec::is_empty")]
    pub chair: Vec<Name>,
    #[serde(rename = "collection-editor", default, skip_serializing_if = "Vec::is_empty")]
    pub collection_editor: Vec<Name>,
    #[serde(rename = "compiler", default, skip_serializing_if = "Vec::is_empty")]
    pub compiler: Vec<Name>,
    #[serde(rename = "composer", default, skip_serializing_if = "Vec::is_empty")]
    pub composer: Vec<Name>,
    #[serde(rename = "container-author", default, skip_serializing_if = "Vec::is_empty")]
    pub container_author: Vec<Name>,
    #[serde(rename = "curator", default, skip_serializing_if = "Vec::is_empty")]
    pub curator: Vec<Name>,
    #[serde(rename = "director", default, skip_serializing_if = "Vec::is_empty")]
    pub director: Vec<Name>,
    #[serde(rename = "editorial-director", default, skip_serializing_if = "Vec::is_empty")]
    pub editorial_director: Vec<Name>,
    #[serde(rename = "executive-producer", default, skip_serializing_if = "Vec::is_empty")]
    pub executive_producer: Vec<Name>,
    #[serde(rename = "guest", default, skip_serializing_if = "Vec::is_empty")]
    pub guest: Vec<Name>,
    #[serde(rename = "host", default, skip_serializing_if = "Vec::is_empty")]
    pub host: Vec<Name>,
    #[serde(rename = "illustrator", default, skip_serializing_if = "Vec::is_empty")]
    pub illustrator: Vec<Name>,
    #[serde(rename = "interviewer", default, skip_serializing_if = "Vec::is_empty")]
    pub interviewer: Vec<Name>,
    #[serde(rename = "narrator", default, skip_serializing_if = "Vec::is_empty")]
    pub narrator: Vec<Name>,
    #[serde(rename = "organizer", default, skip_serializing_if = "Vec::is_empty")]
    pub organizer: Vec<Name>,
    #[serde(rename = "original-author", default, skip_serializing_if = "Vec::is_empty")]
    pub original_author: Vec<Name>,
    #[serde(rename = "performer", default, skip_serializing_if = "Vec::is_empty")]
    pub performer: Vec<Name>,
    #[serde(rename = "producer", default, skip_serializing_if = "Vec::is_empty")]
    pub producer: Vec<Name>,
    #[serde(rename = "reviewed-author", default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed_author: Vec<Name>,
    #[serde(rename = "script-writer", default, skip_serializing_if = "Vec::is_empty")]
    pub script_writer: Vec<Name>,
    #[serde(rename = "series-creator", default, skip_serializing_if = "Vec::is_empty")]
    pub series_creator: Vec<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Date>,
    #[serde(rename = "available-date", default, skip_serializing_if = "Option::is_none")]
    pub available_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    #[serde(rename = "archive-place", default, skip_serializing_if = "Option::is_none")]
    pub archive_place: Option<String>,
    #[serde(rename = "archive_collection", default, skip_serializing_if = "Option::is_none")]
    pub archive_collection: Option<String>,
    #[serde(rename = "archive_location", default, skip_serializing_if = "Option::is_none")]
    pub archive_location: Option<String>,
    #[serde(rename = "call-number", default, skip_serializing_if = "Option::is_none")]
    pub call_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(rename = "publisher-place", default, skip_serializing_if = "Option::is_none")]
    pub publisher_place: Option<String>,
    #[serde(rename = "URL", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Every other variable: those of the bibliographic description
    /// (`container-title`, `DOI`, the other name variables, ...), read and
    /// written by `vars.rs`, and the ones the model has no field for,
    /// kept as `extra` values and written back.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub other: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Custom>,
}

/// A CSL name: a person's family and given names, or a literal (organisations).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Name {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    #[serde(rename = "non-dropping-particle", default, skip_serializing_if = "Option::is_none")]
    pub non_dropping_particle: Option<String>,
    #[serde(rename = "dropping-particle", default, skip_serializing_if = "Option::is_none")]
    pub dropping_particle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    /// Family name first ("Kim Il Sung"): CSL processors then keep the order.
    #[serde(rename = "static-ordering", default, skip_serializing_if = "Option::is_none")]
    pub static_ordering: Option<Value>,
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub other: Map<String, Value>,
}

/// A CSL date: `date-parts` (one or two dates of 1-3 numbers), `circa`, or text.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Date {
    #[serde(rename = "date-parts", default, skip_serializing_if = "Option::is_none")]
    pub date_parts: Option<Vec<Vec<Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circa: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<Value>,
    /// Keys of other producers (kept as the date's `extra` form).
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub other: Map<String, Value>,
}

/// archcite's `custom` block: what CSL variables cannot say, in native shapes.
///
/// Derived from the model, not mirrored: besides the CSL-specific keys below,
/// it holds every field of the native record that no CSL variable carries
/// exactly ([`CARRIED_BY_CSL`] lists those that are), written as the native
/// format writes them. A field added to the model reaches it with no edit here.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Custom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archcite: Option<u32>,
    /// The exact date, when `issued` cannot say it (uncertain, open ranges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EdtfDate>,
    /// Both language lists, when `language` (one tag) cannot say them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Languages>,
    /// Every agent in record order: a pointer to the next name of a CSL name
    /// variable, or an agent CSL cannot name, written whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<AgentSlot>,
    /// The rest of the native record; read back, also the keys other
    /// producers put in `custom`.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub record: Map<String, Value>,
}

/// The native record fields that CSL variables (or the keys of [`Custom`]
/// above) carry exactly, so the rest of the record need not repeat them.
pub const CARRIED_BY_CSL: &[&str] =
    &["schema_version", "key", "title", "original_title", "type", "summary", "date", "languages", "agents"];

/// One agent in `custom.agents`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AgentSlot {
    /// The next name of the CSL name variable `csl`, with what a CSL name
    /// cannot carry.
    Pointer(Pointer),
    /// An agent in a role CSL has no variable for.
    Whole(Contributor),
}

/// See [`AgentSlot::Pointer`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pointer {
    pub csl: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_script: Option<NonEmpty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<NonEmpty>,
    /// An organisation's abbreviation (a CSL literal has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<NonEmpty>,
}
