//! The registry of formats: every format archcite knows by its CLI name, its
//! reader and writer, telling a format from a file name or its first bytes,
//! and the front door of the library: read a string or a reader into records,
//! write records into a string or a writer, in one call.
//!
//! It sits above [`crate::formats`] and [`crate::import`]: both only implement
//! the traits of [`crate::formats`], and only this module knows them all.

use std::io::{self, BufRead, Write};

use crate::error::{Error, ErrorKind, WriteError};
use crate::formats::{
    bib, catalogue, csl, dc, ead, json, jsonld, marc, mods, oai, ris, tei, xml, Reader, Records, Source,
    Writer,
};
use crate::model::{Field, Record};

/// Whether `name` matches `pattern`, where `*` stands for any run of
/// characters: `notes[*]`, `agents[*].on_behalf_of`, `extra[ris:*]`.
fn glob(pattern: &str, name: &str) -> bool {
    let Some((first, tail)) = pattern.split_once('*') else {
        return pattern == name;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let (middle, last) = tail.rsplit_once('*').unwrap_or(("", tail));
    for part in middle.split('*') {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A format's table of carried fields, sorted once for lookup: the names
/// without `*` in a set, the patterns with one apart. Asked for every field
/// of every record written, the table is not scanned pattern by pattern.
struct CarriedTable {
    names: std::collections::HashSet<&'static str>,
    patterns: Vec<&'static str>,
}

impl CarriedTable {
    fn new(format: Format) -> CarriedTable {
        let (patterns, names): (Vec<&'static str>, Vec<&'static str>) =
            format.carried().partition(|p| p.contains('*'));
        CarriedTable { names: names.into_iter().collect(), patterns }
    }

    fn carries(&self, name: &str) -> bool {
        self.names.contains(name) || self.patterns.iter().any(|p| glob(p, name))
    }
}

/// A field of a record that a format cannot carry: writing the record in
/// that format leaves the value out — or, for the title of an untitled record
/// written in a format that requires one, puts a devised title in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// The format written.
    pub format: Format,
    /// The field left out (or, with `devised`, written though the record has none).
    pub field: Field,
    /// The devised value written in place of a field the record lacks and the
    /// format requires: the bracketed title of an untitled record in MARC,
    /// MODS or TEI. `None` for a field left out.
    pub devised: Option<String>,
}

impl Loss {
    /// A field left out.
    pub fn left_out(format: Format, field: Field) -> Loss {
        Loss { format, field, devised: None }
    }
}

impl std::fmt::Display for Loss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.devised {
            None => write!(f, "`{}` has no place in {}: it is left out", self.field, self.format.name()),
            Some(value) => write!(
                f,
                "{} requires a `{}` the record does not have: the devised {} \"{value}\" is written in its place",
                self.format.name(),
                self.field,
                self.field
            ),
        }
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
    /// MARC 21 bibliographic records in binary ISO 2709 (`.mrc`), UTF-8 out,
    /// UTF-8 or MARC-8 in.
    Marc,
    /// MODS 3.8 (several records: a `modsCollection`).
    Mods,
    /// An EAD3 finding aid: the batch as one tree of components (fonds,
    /// series, file) with the records as its items.
    Ead3,
    /// schema.org JSON-LD with W3C PROV terms: a record is an
    /// `ArchiveComponent` in its archival hierarchy (write only).
    Jsonld,
    /// An OAI-PMH response (`ListRecords`, `GetRecord`) carrying Dublin Core,
    /// qualified DC, MARCXML or MODS records (read only).
    OaiPmh,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Jsonl,
        Format::Dc,
        Format::Dcterms,
        Format::Tei,
        Format::ArchivePage,
        Format::CslJson,
        Format::Bibtex,
        Format::Biblatex,
        Format::Ris,
        Format::Marcxml,
        Format::Marc,
        Format::Mods,
        Format::Ead3,
        Format::Jsonld,
        Format::OaiPmh,
    ];

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
            Format::Marc => "marc",
            Format::Mods => "mods",
            Format::Ead3 => "ead3",
            Format::Jsonld => "jsonld",
            Format::OaiPmh => "oai-pmh",
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
            Format::Marc => "mrc",
            Format::Mods => "mods",
            Format::Ead3 => "ead.xml",
            Format::Jsonld => "jsonld",
            Format::OaiPmh => "xml",
        }
    }

    /// The format's reader: archcite reads every format it knows but
    /// JSON-LD, whose reader refuses the input with an error that says so.
    pub fn reader(self) -> Box<dyn Reader> {
        match self {
            Format::Json => Box::new(json::JsonReader),
            Format::Jsonl => Box::new(json::JsonLinesReader),
            Format::Dc => Box::new(dc::DcReader::simple()),
            Format::Dcterms => Box::new(dc::DcReader::qualified()),
            Format::Tei => Box::new(tei::TeiReader),
            Format::ArchivePage => Box::new(crate::import::archive_page::ArchivePageReader),
            Format::CslJson => Box::new(csl::CslJsonReader),
            Format::Bibtex => Box::new(bib::BibReader::new(bib::Dialect::Bibtex)),
            Format::Biblatex => Box::new(bib::BibReader::new(bib::Dialect::Biblatex)),
            Format::Ris => Box::new(ris::RisReader),
            Format::Marcxml => Box::new(marc::MarcReader),
            Format::Marc => Box::new(marc::MrcReader),
            Format::Mods => Box::new(mods::ModsReader),
            Format::Ead3 => Box::new(ead::EadReader),
            Format::Jsonld => Box::new(jsonld::JsonLdReader),
            Format::OaiPmh => Box::new(oai::OaiReader),
        }
    }

    /// Read the records of `source` one at a time: a bad record is an `Err`
    /// and the iterator goes on with the next one where the format allows.
    /// Warnings go to `source.warnings`.
    pub fn read(self, source: Source) -> Records {
        self.reader().read(self.text_decoded(source))
    }

    /// A text format's input decoded from UTF-16 when it is so (XML readers
    /// go by the document's byte order mark and declaration themselves).
    fn text_decoded(self, source: Source) -> Source {
        match self {
            Format::Json
            | Format::Jsonl
            | Format::CslJson
            | Format::Bibtex
            | Format::Biblatex
            | Format::Ris => source.utf16_decoded(),
            _ => source,
        }
    }

    /// The records of `source` found but not parsed, for formats whose
    /// records can be told apart before they are made (JSON, JSON Lines,
    /// CSL-JSON: the text of each; MODS: the element tree of each):
    /// `convert --jobs` makes them on several threads. `Err` gives the source
    /// back for the others. Parsing every record in order gives exactly what
    /// [`Format::read`] gives.
    ///
    /// MARCXML, Dublin Core and TEI could be split the same way, but making
    /// their records costs less than building their trees, and a tree built
    /// on one thread and freed on another made two threads slower than one
    /// (TEI 100,000 records: 6.1 s -> 11.0 s); MODS records cost more to make
    /// than to find, and two threads are faster (2.7 s -> 2.2 s for 20,000).
    pub fn split(self, source: Source) -> Result<UnparsedRecords, Source> {
        let json = |raw: RawRecords, parse: Parse| -> UnparsedRecords {
            Box::new(raw.map(move |r| r.map(|raw| Unparsed(Pending::Json(raw, parse)))))
        };
        let source = self.text_decoded(source);
        match self {
            Format::Json => Ok(json(json::raw_records(source, false), json::parse_record)),
            Format::Jsonl => Ok(json(json::raw_records(source, true), json::parse_record)),
            Format::CslJson => Ok(json(json::raw_records(source, false), csl::parse_item)),
            Format::Mods => Ok(xml::split_records(source, &mods::ROOTS, mods::record_from_element)),
            _ => Err(source),
        }
    }

    /// Read every record of a reader (a file, standard input, a network body);
    /// one result per record, as [`Format::read`].
    pub fn read_reader(self, name: impl Into<String>, reader: impl BufRead + 'static) -> Records {
        self.read(Source::new(name, reader))
    }

    /// Read every record of `text`; the first record that cannot be read is
    /// the error. To keep the good records of a batch with bad ones, use
    /// [`Format::read_reader`] or [`Format::read`].
    pub fn read_str(self, text: &str) -> Result<Vec<Record>, Error> {
        self.read(Source::from_text("<string>", text)).collect()
    }

    /// Write `records` as one document of this format to `out`; returns how
    /// many were written. A record the format cannot carry stops the writing
    /// with an error naming its number; nothing of that record is written.
    pub fn write_to<'a>(
        self,
        out: &mut dyn Write,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> Result<usize, Error> {
        let mut writer = self.writer().ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownFormat,
                self.name(),
                format!("archcite cannot write `{}`", self.name()),
            )
            .help("write one of the formats `archcite convert --help` lists under --to")
        })?;
        let output = |e: std::io::Error| Error::new(ErrorKind::Io, "<output>", format!("cannot write: {e}"));
        writer.begin(out).map_err(output)?;
        let mut buf = Vec::new();
        let mut count = 0;
        for record in records {
            count += 1;
            buf.clear();
            writer.write(&mut buf, record).map_err(|e| match e {
                WriteError::Io(e) => output(e),
                WriteError::Unrepresentable(m) => {
                    Error::new(ErrorKind::Unrepresentable, "<output>", m).in_record(count)
                }
            })?;
            out.write_all(&buf).map_err(output)?;
        }
        writer.end(out).map_err(output)?;
        Ok(count)
    }

    /// Write `records` as one document of this format.
    pub fn write_string(self, records: &[Record]) -> Result<String, Error> {
        let mut out = Vec::new();
        self.write_to(&mut out, records)?;
        String::from_utf8(out).map_err(|e| Error::new(ErrorKind::Encoding, "<output>", e.to_string()))
    }

    /// The fields of the model this format's writer carries so that its
    /// reader gives them back, as patterns over [`Field`] names (`title`,
    /// `agents[editor]`, `identifiers[*]`, `extra[bibtex:*]`). None for the
    /// formats archcite only reads.
    pub fn carried(self) -> impl Iterator<Item = &'static str> {
        self.carried_parts().iter().flat_map(|part| part.iter().copied())
    }

    /// [`Format::carried`] as the tables hold it: what a family of formats
    /// shares, then what this one adds.
    fn carried_parts(self) -> &'static [&'static [&'static str]] {
        match self {
            Format::Json | Format::Jsonl => &[&["*"]],
            Format::Dc => &[dc::CARRIES, dc::CARRIES_DC],
            Format::Dcterms => &[dc::CARRIES, dc::CARRIES_DCTERMS],
            Format::Tei => &[tei::CARRIES],
            Format::CslJson => &[csl::CARRIES],
            Format::Bibtex => &[bib::CARRIES, bib::CARRIES_BIBTEX],
            Format::Biblatex => &[bib::CARRIES, bib::CARRIES_BIBLATEX],
            Format::Ris => &[ris::CARRIES],
            Format::Marcxml | Format::Marc => &[catalogue::CARRIES, marc::CARRIES],
            Format::Mods => &[catalogue::CARRIES, mods::CARRIES],
            Format::Ead3 => &[ead::CARRIES],
            Format::Jsonld => &[jsonld::CARRIES],
            Format::ArchivePage | Format::OaiPmh => &[],
        }
    }

    /// Whether this format carries `field` (see [`Format::carried`]).
    pub fn carries(self, field: &Field) -> bool {
        let table = self.carried_table();
        match field.qualifier {
            // A plain field's name is its path: nothing to format.
            None => table.carries(field.path),
            Some(_) => table.carries(&field.to_string()),
        }
    }

    /// The format's [`CarriedTable`], built on first use.
    fn carried_table(self) -> &'static CarriedTable {
        static TABLES: std::sync::OnceLock<Vec<CarriedTable>> = std::sync::OnceLock::new();
        let tables = TABLES.get_or_init(|| Format::ALL.iter().map(|f| CarriedTable::new(*f)).collect());
        let at = Format::ALL.iter().position(|f| *f == self).expect("every format is in Format::ALL");
        &tables[at]
    }

    /// The fields of `record` that writing it in this format leaves out: what
    /// a caller reports as a warning naming the record and the field. An
    /// untitled record written in a format that requires a title (MARC,
    /// MODS, TEI) gets a devised title: the first loss then names `title`
    /// with the title devised ([`Loss::devised`]).
    pub fn losses(self, record: &Record) -> Vec<Loss> {
        // Formats that carry every field need no look at the record.
        if self.carried_parts() == [&["*"][..]] && (record.title.is_some() || !self.requires_title()) {
            return Vec::new();
        }
        let devised = (record.title.is_none() && self.requires_title()).then(|| Loss {
            format: self,
            field: Field::plain("title"),
            devised: Some(catalogue::devised_title(record)),
        });
        devised
            .into_iter()
            .chain(
                record
                    .fields()
                    .into_iter()
                    .filter(|f| !self.carries(f) && !self.carries_as_published(record, f))
                    .map(|field| Loss::left_out(self, field)),
            )
            .chain(self.references_left_out(record))
            .collect()
    }

    /// References a format writes only the first of: a finding aid places
    /// the record in the tree of its first reference (`references[2]`, ...).
    fn references_left_out(self, record: &Record) -> Vec<Loss> {
        if self != Format::Ead3 {
            return Vec::new();
        }
        (2..=record.references.len())
            .map(|n| Loss::left_out(self, Field::of("references", n.to_string())))
            .collect()
    }

    /// Fields a format carries for a published work only: a `.bib` archival
    /// entry writes its publisher and place in a note line, a book's entry in
    /// `publisher` and `address`/`location`.
    fn carries_as_published(self, record: &Record, field: &Field) -> bool {
        let fields = match self {
            Format::Bibtex => bib::CARRIES_PUBLISHED_BIBTEX,
            Format::Biblatex => bib::CARRIES_PUBLISHED_BIBLATEX,
            Format::Ris => return ris::carries_published(record, &field.to_string()),
            _ => return false,
        };
        record.work_type.is_some() && fields.contains(&field.to_string().as_str())
    }

    /// Whether the format's schema requires a title (MARC 245, MODS
    /// `titleInfo`, TEI `titleStmt/title`): an untitled record is written
    /// with a devised title, marked as devised.
    pub fn requires_title(self) -> bool {
        matches!(self, Format::Marcxml | Format::Marc | Format::Mods | Format::Tei)
    }

    /// Whether archcite reads the format: every format but JSON-LD, which it
    /// only writes (its reader refuses the input, saying so).
    pub fn readable(self) -> bool {
        self != Format::Jsonld
    }

    /// A writer, when archcite can write the format.
    pub fn writer(self) -> Option<Box<dyn Writer + Send>> {
        match self {
            Format::Json => Some(Box::new(json::JsonWriter::default())),
            Format::Jsonl => Some(Box::new(json::JsonLinesWriter::default())),
            Format::Dc => self.guarded(dc::DcWriter::simple()),
            Format::Dcterms => self.guarded(dc::DcWriter::qualified()),
            Format::Tei => self.guarded(tei::TeiWriter::default()),
            Format::CslJson => self.guarded(csl::CslJsonWriter::default()),
            Format::Bibtex => self.guarded(bib::BibWriter::new(bib::Dialect::Bibtex)),
            Format::Biblatex => self.guarded(bib::BibWriter::new(bib::Dialect::Biblatex)),
            Format::Ris => self.guarded(ris::RisWriter),
            Format::Marcxml => self.guarded(marc::MarcWriter::default()),
            Format::Marc => self.guarded(marc::MrcWriter::default()),
            Format::Mods => self.guarded(mods::ModsWriter::default()),
            Format::Ead3 => self.guarded(ead::Ead3Writer::default()),
            Format::Jsonld => self.guarded(jsonld::JsonLdWriter::default()),
            Format::ArchivePage | Format::OaiPmh => None,
        }
    }

    /// Write one record alone as the root element of its format, declaring
    /// its namespaces and schema, for a document that embeds records of
    /// another vocabulary (the `metadata` of an OAI-PMH response): an
    /// `oai_dc:dc`, a `qualifieddc`, a MARCXML `record` or a `mods` element.
    /// `None` for a format whose records are not XML elements of their own.
    /// A record the format cannot carry is an error, as in [`Format::write_to`].
    pub fn write_element(self, out: &mut Vec<u8>, record: &Record) -> Option<Result<(), WriteError>> {
        match self {
            Format::Dc | Format::Dcterms | Format::Mods => {
                let mut renderer = self.writer()?.renderer()?;
                Some(renderer.render(out, record).map(|_| ()))
            }
            Format::Marcxml => Some(match self.carries_content(record) {
                true => marc::write_element(out, record),
                false => Err(WriteError::Unrepresentable(format!(
                    "the record holds nothing {} can carry; add a title, a date or an author",
                    self.name()
                ))),
            }),
            _ => None,
        }
    }

    fn guarded(self, inner: impl Writer + Send + 'static) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(Guarded { format: self, inner: Box::new(inner) }))
    }

    /// Whether the format carries something of the record besides its type
    /// and key: what its reader needs to find a record (every reader refuses
    /// a record that holds nothing more, see [`Record::is_blank`]).
    pub fn carries_content(self, record: &Record) -> bool {
        // Every format carries a title and a date: most records stop here.
        record.title.is_some()
            || record.date.is_some()
            || record.fields().iter().any(|f| !matches!(f.path, "work_type" | "key") && self.carries(f))
    }

    /// The format a file extension stands for.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "tei" => Some(Format::Tei),
            "marcxml" | "mrcx" => Some(Format::Marcxml),
            "mrc" | "marc" => Some(Format::Marc),
            "mods" => Some(Format::Mods),
            "ead" => Some(Format::Ead3),
            "jsonld" => Some(Format::Jsonld),
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
        // A UTF-16 file (XML exports from Windows tools) is told by its text.
        if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(head) {
            if encoding != encoding_rs::UTF_8 {
                let (text, _) = encoding.decode_without_bom_handling(&head[bom..]);
                return Format::sniff(text.as_bytes());
            }
        }
        if marc::looks_like_iso2709(head) {
            return Some(Format::Marc);
        }
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
        let names = xml::first_elements(head, 64);
        let name = |i: usize| names.get(i).map(|(ns, n)| (ns.as_str(), n.as_str()));
        // A `<records>` batch of Dublin Core is told by its first record.
        let root = match name(0)? {
            ("", "records") => name(1)?,
            root => root,
        };
        Format::xml_root(root)
            .or_else(|| {
                // A harvester's own wrapper: the first record of a format archcite
                // reads, wherever it sits, tells the format (its reader finds the
                // records inside the wrapper and says so).
                names.iter().skip(1).find_map(|(ns, n)| match Format::xml_root((ns, n)) {
                    Some(Format::OaiPmh) | None => None,
                    found => found,
                })
            })
            .or_else(|| {
                // MARCXML without its namespace: a `<record>` that opens with `<leader>`.
                let bare = |i: usize, local: &str| name(i) == Some(("", local));
                (0..names.len())
                    .any(|i| bare(i, "record") && bare(i + 1, "leader"))
                    .then_some(Format::Marcxml)
            })
    }

    /// The XML format whose root (or record) element is `root`.
    fn xml_root(root: (&str, &str)) -> Option<Format> {
        match root {
            (dc::OAI_DC_NS, "dc") => Some(Format::Dc),
            ("" | dc::OCLC_QDC_NS, "qualifieddc") => Some(Format::Dcterms),
            (tei::TEI_NS, "TEI" | "teiCorpus") => Some(Format::Tei),
            (marc::MARC_NS, "collection" | "record") => Some(Format::Marcxml),
            (mods::MODS_NS, "mods" | "modsCollection") => Some(Format::Mods),
            (ead::EAD3_NS | ead::EAD2002_NS, "ead") => Some(Format::Ead3),
            (oai::OAI_NS, "OAI-PMH") => Some(Format::OaiPmh),
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

/// The records of a JSON input as text, found but not parsed.
type RawRecords = Box<dyn Iterator<Item = Result<json::RawRecord, crate::error::RecordError>>>;

/// Parses one raw record of an input named as the second argument.
pub type Parse = fn(&json::RawRecord, &str) -> Result<Record, crate::error::RecordError>;

/// The records of an input found but not made yet (see [`Format::split`]).
pub type UnparsedRecords = Box<dyn Iterator<Item = Result<Unparsed, crate::error::RecordError>>>;

/// A record found in its input and not made yet: made by [`Unparsed::parse`],
/// on any thread.
pub struct Unparsed(Pending);

enum Pending {
    Json(json::RawRecord, Parse),
    Xml(Box<(xml::Element, xml::Context)>, xml::MapRecord),
}

impl Unparsed {
    pub(crate) fn xml(element: xml::Element, context: xml::Context, map: xml::MapRecord) -> Self {
        Unparsed(Pending::Xml(Box::new((element, context)), map))
    }

    /// Make the record; `source` names the input in errors.
    pub fn parse(self, source: &str) -> Result<Record, crate::error::RecordError> {
        match self.0 {
            Pending::Json(raw, parse) => parse(&raw, source),
            Pending::Xml(found, map) => map(&found.0, &found.1),
        }
    }
}

/// A writer that refuses, with a clear error, a record of which the format
/// would carry nothing but its type: written, it could not be read back.
struct Guarded {
    format: Format,
    inner: Box<dyn Writer + Send>,
}

impl Guarded {
    fn check(&self, record: &Record) -> Result<(), WriteError> {
        if self.format.carries_content(record) {
            return Ok(());
        }
        let held: Vec<String> = record.fields().iter().map(|f| format!("`{f}`")).collect();
        let held = if held.is_empty() { "nothing".to_string() } else { held.join(", ") };
        Err(WriteError::Unrepresentable(format!(
            "the record holds nothing {} can carry (it holds {held}); add a title, a date or an author",
            self.format.name()
        )))
    }
}

impl Writer for Guarded {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.inner.begin(out)
    }

    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        self.check(record)?;
        self.inner.write(out, record)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.inner.end(out)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        let inner = self.inner.renderer()?;
        Some(Box::new(Guarded { format: self.format, inner }))
    }

    fn render(
        &mut self,
        out: &mut Vec<u8>,
        record: &Record,
    ) -> Result<Option<crate::formats::KeySlot>, WriteError> {
        self.check(record)?;
        self.inner.render(out, record)
    }

    fn place(
        &mut self,
        out: &mut dyn Write,
        rendered: &mut Vec<u8>,
        key: Option<crate::formats::KeySlot>,
    ) -> io::Result<()> {
        self.inner.place(out, rendered, key)
    }
}

#[cfg(test)]
mod glob_tests {
    use super::glob;

    #[test]
    fn patterns_of_the_carried_tables() {
        assert!(glob("notes[*]", "notes[stamp]"));
        assert!(glob("extra[ris:*]", "extra[ris:L1]"));
        assert!(glob("extra[ris:*", "extra[ris:L1]"));
        assert!(glob("agents[*].on_behalf_of", "agents[translator].on_behalf_of"));
        assert!(!glob("agents[*].on_behalf_of", "agents[translator]"));
        assert!(!glob("notes[*]", "notes"));
        assert!(glob("*", "anything"));
        assert!(glob("title", "title"));
        assert!(!glob("title", "subtitle"));
        assert!(!glob("extra[bibtex:*]", "extra[ris:L1]"));
        assert!(glob("a*b*c", "a-b-c"));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "a-c-b"));
        assert!(!glob("a*bc*c", "abc"));
        assert!(glob("*]", "notes[x]"));
    }
}

#[cfg(test)]
mod element_tests {
    use super::Format;
    use crate::model::{NonEmpty, Record};

    #[test]
    fn a_record_alone_is_an_element_of_its_format_that_reads_back() {
        let record = Record::new(NonEmpty::new("Letter on the harvest").unwrap());
        let cases = [
            (Format::Dc, "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\""),
            (Format::Marcxml, "<record xmlns=\"http://www.loc.gov/MARC21/slim\""),
            (Format::Mods, "<mods xmlns=\"http://www.loc.gov/mods/v3\""),
        ];
        for (format, root) in cases {
            let mut out = Vec::new();
            format.write_element(&mut out, &record).unwrap().unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.trim_start().starts_with(root), "{format:?}: {text}");
            assert!(text.contains("xsi:schemaLocation="), "{format:?}: {text}");
            let back = format.read_str(&text).unwrap();
            assert_eq!(back.len(), 1, "{format:?}");
            assert_eq!(back[0].title.as_ref().map(|t| t.as_str()), Some("Letter on the harvest"));
        }
        assert!(Format::Json.write_element(&mut Vec::new(), &record).is_none());
        let blank = Record::untitled();
        assert!(Format::Marcxml.write_element(&mut Vec::new(), &blank).unwrap().is_err());
    }
}
