//! Formats archcite reads and writes, behind two small traits.
//!
//! Every format is one module with a [`Reader`] and/or a [`Writer`]; this
//! module holds only the traits and what they exchange ([`Source`],
//! [`Records`], [`Warnings`]). The registry of formats, sniffing and the
//! one-call front door sit above every format, in [`crate::Format`], so adding
//! a format touches its module and that table.

use std::io::{self, BufRead, Write};

use crate::error::{ErrorKind, RecordError, WriteError};
use crate::model::Record;

pub mod bib;
pub(crate) mod catalogue;
pub mod csl;
pub mod dc;
pub mod ead;
pub mod json;
pub(crate) mod json_path;
pub mod jsonld;
pub(crate) mod labels;
pub mod marc;
pub mod mods;
pub mod oai;
pub mod ris;
pub(crate) mod scan;
pub mod tei;
pub(crate) mod window;
pub(crate) mod xml;

/// One input: its name for messages, its bytes, and where a reader puts the
/// warnings it has about them.
pub struct Source {
    /// A path, or `<stdin>`.
    pub name: String,
    /// The bytes, buffered.
    pub reader: Box<dyn BufRead>,
    /// Warnings about what was read but not kept exactly; a clone made before
    /// the source is handed to a reader sees them.
    pub warnings: Warnings,
    /// The bytes were decoded from the encoding the caller named: an XML
    /// declaration's encoding no longer applies to them.
    transcoded: bool,
    /// Characters XML 1.0 forbids are read as U+FFFD (binary MARC).
    pub(crate) replace_invalid: bool,
}

impl Source {
    /// An input named `name` (a path, or `<stdin>`) reading from `reader`.
    pub fn new(name: impl Into<String>, reader: impl BufRead + 'static) -> Source {
        Source {
            name: name.into(),
            reader: Box::new(reader),
            warnings: Warnings::default(),
            transcoded: false,
            replace_invalid: false,
        }
    }

    /// This input with the characters XML 1.0 forbids (most C0 controls, which
    /// binary MARC records carry now and then) read as U+FFFD, so that an XML
    /// output of its records stays valid. Readers whose input cannot hold such
    /// characters (the XML formats) are not affected.
    pub fn replacing_invalid_chars(mut self) -> Source {
        self.replace_invalid = true;
        self
    }

    /// This input decoded from `encoding` (a `.bib` or RIS file in
    /// Windows-1251, an XML file whose declaration is wrong): readers see
    /// UTF-8. A byte order mark still wins, as the WHATWG Encoding Standard has it.
    pub fn decoded(self, encoding: &'static encoding_rs::Encoding) -> Source {
        let mut decoder =
            encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).build(self.reader);
        // The decoder hands out a few bytes at a time at first; the format is
        // told from the first bytes, so give it a full head.
        let mut head = Vec::with_capacity(4096);
        let prefetch = io::Read::read_to_end(&mut io::Read::take(&mut decoder, 4096), &mut head);
        // A read error in the head is met again, in its place, by the reader.
        let failed = prefetch.err().map(|e| io::Error::new(e.kind(), e.to_string()));
        let rest: Box<dyn io::Read> = match failed {
            Some(e) => Box::new(FailingReader(Some(e))),
            None => Box::new(decoder),
        };
        let reader = io::Read::chain(io::Cursor::new(head), rest);
        Source {
            name: self.name,
            reader: Box::new(io::BufReader::with_capacity(1 << 16, reader)),
            warnings: self.warnings,
            transcoded: true,
            replace_invalid: self.replace_invalid,
        }
    }

    /// This input decoded from UTF-16 when it is UTF-16 text: a byte order
    /// mark says so, or, without one, the zero bytes ASCII characters have in
    /// UTF-16 (`@\0a\0` is little-endian). Reference managers on Windows
    /// save `.bib` and RIS files so. Other inputs, and inputs already
    /// decoded, are handed back as they are.
    pub fn utf16_decoded(mut self) -> Source {
        if self.transcoded {
            return self;
        }
        let Ok(head) = self.reader.fill_buf() else { return self };
        match utf16_of(head) {
            Some(encoding) => self.decoded(encoding),
            None => self,
        }
    }

    /// This `.bib` input decoded from the encoding its first line names, as
    /// JabRef writes it (`% Encoding: windows-1252`), unless its first bytes
    /// are UTF-8 text beyond ASCII (a file re-saved by an editor keeps the
    /// old line).
    pub(crate) fn bib_encoding_decoded(mut self) -> Source {
        if self.transcoded {
            return self;
        }
        let Ok(head) = self.reader.fill_buf() else { return self };
        let Some(encoding) = named_encoding(head) else { return self };
        let non_ascii_utf8 = match std::str::from_utf8(head) {
            Ok(text) => !text.is_ascii(),
            // Cut inside a character at the end of the buffer: still UTF-8.
            Err(e) => e.error_len().is_none() && e.valid_up_to() > 0 && !head[..e.valid_up_to()].is_ascii(),
        };
        if encoding == encoding_rs::UTF_8 || non_ascii_utf8 {
            return self;
        }
        self.decoded(encoding)
    }

    /// An input holding `text`.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source::new(name, io::Cursor::new(text.into().into_bytes()))
    }

    /// Read the whole input as UTF-8 text (for formats that need the whole document).
    pub fn read_text(self) -> Result<(String, String), RecordError> {
        let (name, bytes) = self.read_bytes()?;
        utf8(name, bytes)
    }

    /// The input as an XML document, to be read as a stream: UTF-8 input is
    /// held a record at a time; an input whose byte order mark or declaration
    /// names another encoding (`<?xml ... encoding="ISO-8859-1"?>`) is
    /// decoded whole first.
    pub(crate) fn xml_window(mut self) -> Result<(String, window::Window), RecordError> {
        if self.transcoded {
            return Ok((self.name, window::Window::new(Vec::new(), Box::new(self.reader))));
        }
        // The declaration comes first and is short; read enough to see it.
        let mut head = Vec::with_capacity(1024);
        if let Err(e) = io::Read::read_to_end(&mut io::Read::take(&mut self.reader, 1024), &mut head) {
            return Err(RecordError::new(ErrorKind::Io, &self.name, format!("cannot read: {e}")));
        }
        let encoding = match encoding_rs::Encoding::for_bom(&head) {
            Some((encoding, _)) => Some(encoding),
            None => declared_encoding(&head),
        };
        match encoding {
            Some(e) if e != encoding_rs::UTF_8 => {
                let mut bytes = head;
                if let Err(err) = io::Read::read_to_end(&mut self.reader, &mut bytes) {
                    return Err(RecordError::new(ErrorKind::Io, &self.name, format!("cannot read: {err}")));
                }
                let (text, _, had_errors) = e.decode(&bytes);
                if had_errors {
                    let message =
                        format!("the input is not valid {} text, as its declaration says", e.name());
                    return Err(RecordError::new(ErrorKind::Encoding, &self.name, message)
                        .at(first_malformed(e, &bytes))
                        .help(
                            "fix the encoding named in the XML declaration, or convert the file to UTF-8",
                        ));
                }
                let text = text.into_owned().into_bytes();
                Ok((self.name, window::Window::new(text, Box::new(io::empty()))))
            }
            _ => Ok((self.name, window::Window::new(head, Box::new(self.reader)))),
        }
    }

    fn read_bytes(mut self) -> Result<(String, Vec<u8>), RecordError> {
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|e| RecordError::new(ErrorKind::Io, &self.name, format!("cannot read: {e}")))?;
        Ok((self.name, bytes))
    }
}

/// The UTF-16 encoding of `head`, by its byte order mark or by the zero
/// bytes of ASCII text in UTF-16.
fn utf16_of(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(head) {
        return (encoding != encoding_rs::UTF_8).then_some(encoding);
    }
    // Four characters of ASCII text, each with its zero byte on one side.
    let pairs: Vec<(u8, u8)> = head.chunks_exact(2).take(4).map(|p| (p[0], p[1])).collect();
    if pairs.len() < 4 {
        return None;
    }
    let ascii = |b: u8| b != 0 && b.is_ascii();
    if pairs.iter().all(|&(a, b)| ascii(a) && b == 0) {
        Some(encoding_rs::UTF_16LE)
    } else if pairs.iter().all(|&(a, b)| a == 0 && ascii(b)) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The encoding a `% Encoding: LABEL` first line names (JabRef's header),
/// after a UTF-8 byte order mark and blank space.
fn named_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let line = head[start..].split(|&b| b == b'\n').next()?;
    let rest = line.strip_prefix(b"%")?.trim_ascii_start();
    let label = rest.strip_prefix(b"Encoding:")?.trim_ascii();
    // UTF-16 is told by the bytes themselves (`utf16_decoded`); a file whose
    // bytes are not UTF-16 is not decoded as such whatever its header says.
    encoding_rs::Encoding::for_label(label)
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
}

/// A reader whose next read fails with the error it holds.
struct FailingReader(Option<io::Error>);

impl io::Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The encoding an XML declaration names, when it names one encoding_rs knows.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    let decl_end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..decl_end]).ok()?.trim_start();
    let rest = decl.strip_prefix("<?xml")?;
    let at = rest.find("encoding")?;
    let value = rest[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let label = value[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

fn utf8(name: String, bytes: Vec<u8>) -> Result<(String, String), RecordError> {
    String::from_utf8(bytes).map(|text| (name.clone(), text)).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        not_utf8(&name, crate::error::position_of(&text, valid))
    })
}

/// Where text in `encoding` first holds bytes the encoding has no character
/// for: the line and column of what decodes before them.
fn first_malformed(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> crate::error::Position {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut before =
        String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(0));
    // Stops at the first malformed sequence (or the end, when all of it is whole).
    let _ = decoder.decode_to_string_without_replacement(bytes, &mut before, true);
    crate::error::position_of(&before, before.len())
}

/// The error for an input that stops being UTF-8 at `at`.
pub(crate) fn not_utf8(name: &str, at: crate::error::Position) -> RecordError {
    RecordError::new(ErrorKind::Encoding, name, "the input is not UTF-8 text").at(at).help(
        "name its encoding with `--encoding` (e.g. `--encoding windows-1251`), or convert the file to UTF-8",
    )
}

/// A reader's remark about a record it read but could not keep exactly (a
/// guess refused, a value kept as a note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The input's name.
    pub source: String,
    /// The record's number in its input, when known.
    pub record: Option<usize>,
    /// What was noticed.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)?;
        if let Some(n) = self.record {
            write!(f, ": record {n}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Where readers leave warnings: a shared list that the caller drains. The
/// library never prints; a caller shows, logs or ignores them.
#[derive(Debug, Clone, Default)]
pub struct Warnings(std::sync::Arc<std::sync::Mutex<Vec<Warning>>>);

impl Warnings {
    /// Add a warning.
    pub fn push(&self, warning: Warning) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(warning);
    }

    /// Take the warnings given so far.
    pub fn take(&self) -> Vec<Warning> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
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
///
/// A writer may also split its work in two, so that records of one output
/// can be rendered on several threads (`convert --jobs`): [`Writer::render`]
/// turns one record into bytes without looking at the rest of the output, on
/// any copy of the writer ([`Writer::renderer`]); [`Writer::place`] then puts
/// the rendered records in the output one after another, adding what depends
/// on the records before (separators, a citation key made unique). The
/// archcite writers write every record through these two steps, so a record
/// comes out the same whichever way it went.
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
    /// A copy of this writer that renders records on another thread, or
    /// `None` (the default) when records must be written in order by `write`.
    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        None
    }
    /// Render one record alone into `out`, for [`Writer::place`] of the
    /// writer this one was made from; returns the key slot to settle there.
    /// Only called on writers that give a [`Writer::renderer`].
    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        self.write(out, record).map(|()| None)
    }
    /// Put one rendered record into the output, after the ones placed before.
    fn place(
        &mut self,
        out: &mut dyn Write,
        rendered: &mut Vec<u8>,
        _key: Option<KeySlot>,
    ) -> io::Result<()> {
        out.write_all(rendered)
    }
}

/// Where a rendered record holds its citation key, for writers whose keys
/// must be unique in an output: the key as rendered, and the byte offset in
/// the rendered record just after its text, where a suffix that makes it
/// unique goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlot {
    /// The key as rendered.
    pub key: String,
    /// The offset just after the key's text in the rendered bytes.
    pub end: usize,
}

/// Render `record` with `w` and place it: the one way the archcite writers
/// write a record, so that `write` and a parallel render give the same bytes.
pub(crate) fn render_and_place(
    w: &mut dyn Writer,
    out: &mut dyn Write,
    scratch: &mut Vec<u8>,
    record: &Record,
) -> Result<(), WriteError> {
    scratch.clear();
    let key = w.render(scratch, record)?;
    w.place(out, scratch, key)?;
    Ok(())
}

/// [`render_and_place`] into a buffer the writer keeps between records
/// (`buffer` names it): taken out while the writer renders, then put back.
pub(crate) fn render_and_place_reusing<W: Writer>(
    w: &mut W,
    out: &mut dyn Write,
    record: &Record,
    buffer: fn(&mut W) -> &mut Vec<u8>,
) -> Result<(), WriteError> {
    let mut scratch = std::mem::take(buffer(w));
    let done = render_and_place(w, out, &mut scratch, record);
    *buffer(w) = scratch;
    done
}
