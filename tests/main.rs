//! The one integration-test binary: each module tests one concept or format.

mod common;

mod native;
mod schema;
mod validate;
mod csl_bib;
