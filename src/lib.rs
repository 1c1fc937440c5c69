//! archcite: archival provenance captured once in a typed model, written as
//! citations and catalogue records.

pub mod error;
pub mod formats;
pub mod model;
