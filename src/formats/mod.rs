//! Formats archcite reads and writes, behind two small traits.
//!
//! Every format is one module with a [`Reader`] and/or a [`Writer`]. The CLI only
//! knows [`Format`]: it asks it for a reader or a writer and streams records
//! between them, so adding a format touches its module and the tables below.

use std::io::{self, BufRead, Write};

use crate::error::{ErrorKind, RecordError, WriteError};
use crate::model::Record;

pub mod bib;
pub mod catalogue;
pub mod csl;
pub mod dc;
pub mod json;
pub mod json_path;
pub(crate) mod labels;
pub mod marc;
pub mod mods;
pub mod ris;
pub(crate) mod scan;
pub mod tei;
pub mod xml;

/// One input: its name for messages and its bytes.
pub struct Source {
    /// A path, or `<stdin>`.
    pub name: String,
    /// The bytes, buffered.
    pub reader: Box<dyn BufRead>,
}

impl Source {
    /// Read the whole input as UTF-8 text (for formats that need the whole document).
    pub fn read_text(mut self) -> Result<(String, String), RecordError> {
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|e| RecordError::new(ErrorKind::Io, &self.name, format!("cannot read: {e}")))?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok((self.name, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes());
                let pos = crate::error::position_of(&text, valid);
                Err(RecordError::new(ErrorKind::Encoding, &self.name, "the input is not UTF-8 text")
                    .at(pos)
                    .help("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1251 -t UTF-8`"))
            }
        }
    }
}

/// The records of one input, each read or refused on its own.
pub type Records = Box<dyn Iterator<Item = Result<Record, RecordError>>>;

/// Reads records from one input.
pub trait Reader {
    /// Yield the input's records in order; a bad record is an `Err` and the
    /// iterator goes on with the next one where the format allows.
    fn read(&self, source: Source) -> Records;
}

/// Writes records to one output.
///
/// The caller gives each record a fresh buffer and copies it out only when the
/// record was written whole, so a failing record never leaves half an entry.
pub trait Writer {
    /// Called once before the first record (XML prologue, collection start).
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Write one record.
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError>;
    /// Called once after the last record.
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Every format archcite knows, by its CLI name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Format {
    /// Native records: one JSON object or an array of them.
    Json,
    /// Native records, one JSON object per line.
    Jsonl,
    /// Simple Dublin Core in the OAI-PMH `oai_dc:dc` container.
    Dc,
    /// Qualified Dublin Core (DCMI terms) in the DCMI `qualifieddc` container.
    Dcterms,
    /// A TEI P5 document (several records: a `teiCorpus`).
    Tei,
    /// A digital-archive record page saved as text (read only).
    ArchivePage,
    /// CSL-JSON (CSL 1.0.2 input data), for citeproc, pandoc and Zotero.
    CslJson,
    /// Classic BibTeX, for `bibtex` and the standard styles.
    Bibtex,
    /// BibLaTeX, for biber and biblatex(-chicago).
    Biblatex,
    /// RIS, for reference managers and catalogues (Zotero, EndNote, Citation.js).
    Ris,
    /// MARC 21 bibliographic records in a MARCXML `collection`.
    Marcxml,
    /// MODS 3.8 (several records: a `modsCollection`).
    Mods,
}

impl Format {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Dc => "dc",
            Format::Dcterms => "dcterms",
            Format::Tei => "tei",
            Format::ArchivePage => "archive-page",
            Format::CslJson => "csl-json",
            Format::Bibtex => "bibtex",
            Format::Biblatex => "biblatex",
            Format::Ris => "ris",
            Format::Marcxml => "marcxml",
            Format::Mods => "mods",
        }
    }

    /// The usual file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Dc | Format::Dcterms => "xml",
            Format::Tei => "tei.xml",
            Format::ArchivePage => "txt",
            Format::CslJson => "csl.json",
            Format::Bibtex | Format::Biblatex => "bib",
            Format::Ris => "ris",
            Format::Marcxml => "marcxml",
            Format::Mods => "mods",
        }
    }

    /// A reader, when archcite can read the format.
    pub fn reader(self) -> Option<Box<dyn Reader>> {
        match self {
            Format::Json => Some(Box::new(json::JsonReader)),
            Format::Jsonl => Some(Box::new(json::JsonLinesReader)),
            Format::Dc => Some(Box::new(dc::DcReader::simple())),
            Format::Dcterms => Some(Box::new(dc::DcReader::qualified())),
            Format::Tei => Some(Box::new(tei::TeiReader)),
            Format::ArchivePage => Some(Box::new(crate::import::archive_page::ArchivePageReader)),
            Format::CslJson => Some(Box::new(csl::CslJsonReader)),
            Format::Bibtex => Some(Box::new(bib::BibReader::new(bib::Dialect::Bibtex))),
            Format::Biblatex => Some(Box::new(bib::BibReader::new(bib::Dialect::Biblatex))),
            Format::Ris => Some(Box::new(ris::RisReader)),
            Format::Marcxml => Some(Box::new(marc::MarcReader)),
            Format::Mods => Some(Box::new(mods::ModsReader)),
        }
    }

    /// A writer, when archcite can write the format.
    pub fn writer(self) -> Option<Box<dyn Writer>> {
        match self {
            Format::Json => Some(Box::new(json::JsonWriter::default())),
            Format::Jsonl => Some(Box::new(json::JsonLinesWriter)),
            Format::Dc => Some(Box::new(dc::DcWriter::simple())),
            Format::Dcterms => Some(Box::new(dc::DcWriter::qualified())),
            Format::Tei => Some(Box::new(tei::TeiWriter::default())),
            Format::ArchivePage => None,
            Format::CslJson => Some(Box::new(csl::CslJsonWriter::default())),
            Format::Bibtex => Some(Box::new(bib::BibWriter::new(bib::Dialect::Bibtex))),
            Format::Biblatex => Some(Box::new(bib::BibWriter::new(bib::Dialect::Biblatex))),
            Format::Ris => Some(Box::new(ris::RisWriter)),
            Format::Marcxml => Some(Box::new(marc::MarcWriter)),
            Format::Mods => Some(Box::new(mods::ModsWriter::default())),
        }
    }

    /// The format a file extension stands for.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "tei" => Some(Format::Tei),
            "marcxml" | "mrcx" => Some(Format::Marcxml),
            "mods" => Some(Format::Mods),
            // `.xml` says nothing about the vocabulary: the content decides.
            "csljson" => Some(Format::CslJson),
            "bib" | "bibtex" => Some(Format::Bibtex),
            "biblatex" => Some(Format::Biblatex),
            "ris" => Some(Format::Ris),
            // The only HTML archcite reads is a record page saved from the browser.
            "html" | "htm" => Some(Format::ArchivePage),
            _ => None,
        }
    }

    /// Guess the format from the first bytes of an input.
    pub fn sniff(head: &[u8]) -> Option<Format> {
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('[') {
            return Some(Format::Json.refine(head));
        }
        if t.starts_with("TY  -") || t.starts_with("TY - ") {
            return Some(Format::Ris);
        }
        if bib::looks_like_bib(t) {
            return Some(Format::Bibtex.refine(head));
        }
        if t.starts_with('<') {
            let html = t.get(..15).is_some_and(|h| h.to_ascii_lowercase().starts_with("<!doctype html"))
                || t.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("<html"));
            return if html { Some(Format::ArchivePage) } else { Format::sniff_xml(head) };
        }
        if t.starts_with('{') {
            // Several objects each on one line is JSON Lines; one object is JSON.
            let first_line = t.lines().next().unwrap_or("");
            let more = t.lines().skip(1).any(|l| l.trim_start().starts_with('{'));
            let one_line_object = first_line.trim_end().ends_with('}');
            return Some(if one_line_object && more { Format::Jsonl } else { Format::Json.refine(head) });
        }
        let page = t.starts_with("Skip to content")
            || t.starts_with("Digital Archive")
            || t.contains("Document Information")
            || t.contains("History and Public Policy Program Digital Archive");
        if page {
            return Some(Format::ArchivePage);
        }
        None
    }

    /// The XML format whose root element starts `head`.
    fn sniff_xml(head: &[u8]) -> Option<Format> {
        let names = xml::first_elements(head, 2);
        let name = |i: usize| names.get(i).map(|(ns, n)| (ns.as_str(), n.as_str()));
        // A `<records>` batch of Dublin Core is told by its first record.
        let root = match name(0)? {
            ("", "records") => name(1)?,
            root => root,
        };
        match root {
            (dc::OAI_DC_NS, "dc") => Some(Format::Dc),
            ("", "qualifieddc") => Some(Format::Dcterms),
            (tei::TEI_NS, "TEI" | "teiCorpus") => Some(Format::Tei),
            (marc::MARC_NS, "collection" | "record") => Some(Format::Marcxml),
            (mods::MODS_NS, "mods" | "modsCollection") => Some(Format::Mods),
            _ => None,
        }
    }

    /// Settle a format guessed from an extension that two formats share by the
    /// first bytes of the input: `.json` holds native records or CSL-JSON items
    /// (a top-level `id` or a CSL-only key means CSL); `.bib` holds BibTeX
    /// unless a BibLaTeX-only field (`date =`, `langid =`, ...) appears.
    pub fn refine(self, head: &[u8]) -> Format {
        let text = String::from_utf8_lossy(head);
        match self {
            Format::Json if csl::looks_like_csl(&text) => Format::CslJson,
            Format::Bibtex if bib::looks_like_biblatex(&text) => Format::Biblatex,
            other => other,
        }
    }
}
