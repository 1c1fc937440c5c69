//! Import record pages of the History and Public Policy Program Digital Archive
//! (digitalarchive.wilsoncenter.org), saved from the browser as text or as HTML
//! (HTML is first turned into the text a browser saves; see `html`).
//!
//! Three layouts are read (see [`Layout`]): the current page with its "Document
//! Information" labels lost in the saved text (the usual case), the same page
//! with its labels, and the older "Digital Archive International History
//! Declassified" page with one full citation.
//!
//! # What goes where
//!
//! | page | record |
//! |---|---|
//! | the title line (capitals replaced by the citation's form when the page has one) | `title` |
//! | the date line, else the citation's date | `date` (EDTF; partial, approximate, ranges) |
//! | "This document was made possible with support from ..." and the donors block | `agents` (funder), split and de-duplicated |
//! | the source line ("Source", or the citation's part after the programme) | `references`, `agents` (credits), `published_sources`, through [`crate::refparse`] |
//! | "Author(s)" | `agents` (author) |
//! | the summary | `summary` |
//! | the document text | `text`; its marked stamps, copy numbers, distribution lists, classification lines also as `notes` |
//! | the rights paragraphs | `rights.statement` |
//! | "Type" | `type` |
//! | "Language" | `languages.original`; `languages.translation` is `en` when the page credits a translator or names another original language |
//! | "Record ID", else the number ending the URL | `publication.record_id` |
//! | the citation's URL or a "URL" line | `publication.url` |
//! | the programme | `publication` collection, publisher "Wilson Center", place "Washington, DC" |
//! | "Original Uploaded Date" | an `uploaded` event |
//! | "Original Classification" | a `classification` note |
//! | "Associated Places", "Subjects Discussed", "Related Documents" | `places`, `subjects`, `related` |
//! | "Associated People & Organizations" | `people` (organisations go to `subjects`) |
//! | "Original Archive" not already named by the source line, "Contents", anything unplaced | `notes` (general) |
//!
//! Empty labels give absent fields. What cannot be placed is kept as a general
//! note or in the reference parser's unparsed remainder, and reported as a
//! warning. Participants, recorders, events and people discussed are not read
//! from the document's prose: that needs a reader, not a parser.

mod build;
mod dates;
mod fields;
mod html;
mod layout;
mod names;
mod notes;
mod text;

pub use dates::parse_date;
pub use layout::Layout;

use crate::error::{ErrorKind, Position, RecordError};
use crate::formats::{Reader, Records, Source, Warning};
use crate::model::Record;
use crate::refparse::ParsedLine;

/// A record read from a page, with the layout found and what was not understood.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The record.
    pub record: Record,
    /// The page's layout.
    pub layout: Layout,
    /// Things kept but not understood, or guesses refused.
    pub warnings: Vec<String>,
}

/// Why a text is not a record page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// Nothing but whitespace.
    #[error("the page is empty: there is no record to import")]
    Empty,
    /// A page of another kind (search results).
    #[error("not a digital-archive record page: it reads `{found}`, as a search-results page does")]
    NotRecordPage {
        /// 1-based line of the evidence.
        line: usize,
        /// What was found there.
        found: String,
    },
    /// No "Document Information", no citation, no record labels.
    #[error(
        "not a digital-archive record page: it has no \"Document Information\" block, no full citation and no record labels"
    )]
    NoRecordMarkers {
        /// 1-based line where the page starts.
        line: usize,
    },
    /// The page has its markers but no title line before them.
    #[error("the record page has no title line")]
    NoTitle,
    /// An HTML page whose text is not a record page.
    #[error("{0} (read from the page's HTML)")]
    InHtml(Box<PageError>),
    /// A page past one of archcite's resource limits.
    #[error("{message}")]
    Limit {
        /// What is past which limit.
        message: String,
        /// How to raise the limit.
        help: String,
    },
}

impl PageError {
    /// The error for the input `source`, with its line and a hint.
    pub fn to_record_error(&self, source: &str) -> RecordError {
        let kind = match self {
            PageError::Limit { .. } => ErrorKind::Limit,
            PageError::Empty => ErrorKind::Empty,
            _ => ErrorKind::Structure,
        };
        let err = RecordError::new(kind, source, self.to_string());
        // Lines of an HTML page's text are not lines of the file: `InHtml` gives none.
        let line = match self {
            PageError::NotRecordPage { line, .. } | PageError::NoRecordMarkers { line } => Some(*line),
            _ => None,
        };
        let err = match line {
            Some(line) => err.at(Position { line, column: 1 }),
            None => err,
        };
        if let PageError::Limit { help, .. } = self {
            return err.help(help);
        }
        err.help("open one document's page (https://digitalarchive.wilsoncenter.org/document/...) and save it as text or HTML")
    }
}

/// Read one record page, saved as text or as HTML.
pub fn import(page: &str) -> Result<Imported, PageError> {
    if html::is_html(page) {
        html::check_limits(page).map_err(|(message, help)| PageError::Limit { message, help })?;
        return import_text(&html::to_text(page)).map_err(|e| PageError::InHtml(Box::new(e)));
    }
    import_text(page)
}

/// Read one record page saved as text.
fn import_text(page: &str) -> Result<Imported, PageError> {
    let lines = text::page_lines(page);
    let regions = layout::analyse(&lines)?;
    let fields = fields::read_fields(&lines[regions.zone.clone()]);
    Ok(build::build(&lines, &regions, fields))
}

/// The one way this module reaches the reference/credit parser.
fn parse_source_line(line: &str) -> ParsedLine {
    crate::refparse::parse_line(line)
}

/// Reads one record page (`--from archive-page`).
pub struct ArchivePageReader;

impl Reader for ArchivePageReader {
    fn read(&self, source: Source) -> Records {
        let warnings = source.warnings.clone();
        let result = source.read_text().and_then(|(name, page)| {
            let imported = import(&page).map_err(|e| e.to_record_error(&name))?;
            for message in imported.warnings {
                warnings.push(Warning { source: name.clone(), record: Some(1), message });
            }
            Ok(imported.record)
        });
        Box::new(std::iter::once(result))
    }
}
