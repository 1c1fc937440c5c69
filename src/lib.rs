//! archcite: archival provenance captured once in a typed model, written as
//! citations and catalogue records.
//!
//! The three jobs, each in a few calls.
//!
//! **Convert** a record between formats ([`Format::read_str`],
//! [`Format::write_string`]):
//!
//! ```
//! use archcite::Format;
//!
//! let bib = "@misc{rgani, title = {Record of a Conversation with Kim Il Sung},
//!            year = {1969}, organization = {RGANI}, howpublished = {f. 5, op. 61, d. 462}}";
//! let records = Format::Bibtex.read_str(bib)?;
//! let marcxml = Format::Marcxml.write_string(&records)?;
//! assert!(marcxml.contains("Record of a Conversation with Kim Il Sung"));
//! # Ok::<(), archcite::Error>(())
//! ```
//!
//! **Cite** a record in a real CSL style ([`cite::Citer`]):
//!
//! ```
//! use archcite::cite::{style, Citer, OutputFormat};
//! use archcite::Format;
//!
//! let json = r#"{"title": "Ciphered Telegram", "date": "1969-04-14",
//!                "references": [{"repository": {"abbreviation": "APRF"},
//!                                "levels": [{"kind": "fond", "value": "45"}]}]}"#;
//! let record = &Format::Json.read_str(json)?[0];
//! let citer = Citer::new(style::load("chicago-notes").unwrap(), None, None).unwrap();
//! let note = citer.cite(record, 0, OutputFormat::Text).unwrap();
//! assert!(note.contains("Ciphered Telegram"));
//! # Ok::<(), archcite::Error>(())
//! ```
//!
//! **Validate** records: every problem, each with a code, a severity and a
//! path into the record ([`validate::Validator`]):
//!
//! ```
//! use archcite::validate::Validator;
//! use archcite::Format;
//!
//! let json = r#"{"title": "Letter", "references": [{"repository": {"abbreviation": "RGANI"},
//!                "levels": [{"kind": "listi", "value": "195-101"}]}]}"#;
//! let record = &Format::Json.read_str(json)?[0];
//! let problems = Validator::default().check_record("letter.json", 1, record);
//! assert!(problems.iter().any(|d| d.code == "range-backwards"), "{problems:?}");
//! # Ok::<(), archcite::Error>(())
//! ```
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
//! let tei = Format::Tei.write_string(&[record])?;
//! assert!(tei.contains(r#"<idno type="fond">5</idno>"#));
//! # Ok::<(), archcite::Error>(())
//! ```
//!
//! Batches keep the good records of an input with bad ones:
//! [`Format::read_reader`] yields one result per record, and a [`formats::Source`]
//! carries the [`formats::Warnings`] readers leave.
//!
//! Modules: [`Format`] the formats and the front door; [`model`] the record;
//! [`refparse`] and [`registry`] provenance lines and repositories; [`formats`]
//! one module per format behind the [`formats::Reader`] and [`formats::Writer`]
//! traits; [`import`] digital-archive record pages; [`validate`] diagnostics;
//! [`cite`] formatted citations; [`limits`] what hostile input may not pass;
//! [`error`] the one error type.
//!
//! Features: `cli` (default) builds the `archcite` command; a library user
//! turns it off with `default-features = false` and builds none of its crates.

#![deny(missing_docs)]

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
pub use format::{Format, Loss};
