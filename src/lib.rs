//! archcite: archival provenance captured once in a typed model, written as
//! citations and catalogue records.

// A RecordError carries the source, position, field and help that make a message
// useful; the records it stands beside are larger still, and errors are rare.
#![allow(clippy::result_large_err)]

pub mod cite;
pub mod error;
pub mod formats;
pub mod import;
pub mod model;
pub mod refparse;
pub mod registry;
pub mod validate;
