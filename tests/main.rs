//! The one integration-test binary: each module tests one concept or format.

mod common;

mod archive_page;
mod batch;
mod carries;
mod cite;
mod cli_hygiene;
mod csl_bib;
mod csl_published;
mod hostile;
mod marc_mods;
mod native;
mod properties;
mod realworld;
mod refparse;
mod registry;
mod ris;
mod schema;
mod validate;
mod xml_dc_tei;
