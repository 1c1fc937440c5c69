//! archcite: archival provenance captured once in a typed model, written as
//! citations and catalogue records.
//!
//! A provenance line becomes structure, and a record becomes any format:
//!
//! ```
//! use archcite::Format;
//! use archcite::model::{LevelKind, Record, Role};
//! use archcite::refparse::{parse_line, render, RenderStyle};
//!
//! let line = "RGANI, Fond 5, Opis 61, Delo 462, Listi 95-101. \
//!             Obtained by Sergey Radchenko and translated by Gary Goldberg.";
//! let parsed = parse_line(line);
//! let reference = &parsed.references[0];
//! assert_eq!(reference.level(&LevelKind::Delo), Some("462"));
//! assert_eq!(render(reference, RenderStyle::Short), "RGANI, f. 5, op. 61, d. 462, ll. 95–101");
//!
//! let mut record = Record::new(archcite::ne!("Record of a Conversation with Kim Il Sung"));
//! record.references = parsed.references.clone();
//! record.agents = parsed.credits.iter().map(|c| c.to_contributor()).collect();
//! assert_eq!(record.agents_in(Role::Translator).count(), 1);
//!
//! let mut out = Vec::new();
//! let mut writer = Format::Tei.writer().expect("TEI is written");
//! writer.begin(&mut out).unwrap();
//! writer.write(&mut out, &record).unwrap();
//! writer.end(&mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains(r#"<idno type="fond">5</idno>"#));
//! ```
//!
//! Modules: [`model`] the record; [`refparse`] and [`registry`] provenance lines
//! and repositories; [`formats`] one module per format behind the
//! [`formats::Reader`] and [`formats::Writer`] traits; [`import`] digital-archive
//! record pages; [`validate`] diagnostics; [`cite`] formatted citations.

// A RecordError carries the source, position, field and help that make a message
// useful; the records it stands beside are larger still, and errors are rare.
#![allow(clippy::result_large_err)]

pub mod cite;
pub mod error;
pub mod format;
pub mod formats;
pub mod import;
pub mod limits;
pub mod model;
pub mod refparse;
pub mod registry;
pub mod validate;

pub use error::{Error, ErrorKind};
pub use format::Format;
