//! The one integration-test binary: each module tests one concept or format.

mod common;

mod batch;
mod marc_mods;
mod native;
mod refparse;
mod schema;
mod validate;
mod xml_dc_tei;
