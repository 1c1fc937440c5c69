//! The one integration-test binary: each module tests one concept or format.

mod common;

mod cite;
mod native;
mod schema;
