//! The one integration-test binary: each module tests one concept or format.

mod common;

mod archive_page;
mod batch;
mod bib_published;
mod carries;
mod cite;
mod cite_archival;
mod cli_hygiene;
mod corpus;
mod csl_bib;
mod csl_published;
mod dc_tei_published;
mod docs_tables;
mod ead3;
mod hostile;
mod latex_unicode;
mod losses;
mod marc_binary;
mod marc_mods;
mod marc_mods_published;
mod native;
mod oai_provider;
mod properties;
mod realworld;
mod refparse;
mod refparse_lines;
mod registry;
mod ris;
mod ris_published;
mod schema;
mod survival;
mod untitled;
mod validate;
mod xml_dc_tei;
mod xml_stream;
