//! The one integration-test binary: each module tests one concept or format.

mod common;

mod native;
mod xml_dc_tei;
