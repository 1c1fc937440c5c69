//! The one integration-test binary: each module tests one concept or format.

mod common;

mod csl_bib;
mod native;
mod schema;
mod validate;
