//! MARC 21 records in their exchange format, ISO 2709 (`--to marc`,
//! `--from marc`, `.mrc`): the same fields as MARCXML, serialised as a
//! leader, a directory and the field data.
//!
//! The writer writes the fields the MARCXML writer makes ([`super::write`]),
//! in UTF-8 (Leader/09 `a`), with the record length and base address of data
//! computed. The reader cuts the input at record terminators (`1D`), one
//! record in memory at a time whatever the size of the file, turns each into
//! the fields the MARCXML reader maps ([`super::read`]), and:
//! - decodes MARC-8 (Leader/09 blank) to Unicode ([`super::marc8`]);
//! - believes the bytes over the leader: a record whose leader says MARC-8
//!   but whose bytes are UTF-8 with letters beyond ASCII is read as UTF-8, one
//!   that says UTF-8 but is not UTF-8 is read as MARC-8, each with a warning
//!   naming the record;
//! - refuses a damaged record (a record length that is not the record's, a
//!   broken directory, a field past the end of the record, a missing
//!   terminator) with its number and byte offset, and goes on with the next
//!   record at the next terminator;
//! - warns about characters XML 1.0 forbids (most C0 controls), which no
//!   MARCXML, MODS, Dublin Core or TEI output could hold; with
//!   `--replace-invalid-chars` ([`crate::formats::Source::replacing_invalid_chars`])
//!   they are read as U+FFFD.

use std::io::{self, BufRead, Write};

use super::read::{from_marc, Marc, Place};
use super::{is_control, marc8, write, DataField};
use crate::error::{ErrorKind, RecordError, WriteError};
use crate::formats::{Reader, Records, Source, Warning, Warnings, Writer};
use crate::model::Record;

const RECORD_END: u8 = 0x1D;
const FIELD_END: u8 = 0x1E;
const SUBFIELD: u8 = 0x1F;

// ---------------------------------------------------------------- writing

/// Writes records as binary MARC 21, one after another, in UTF-8.
#[derive(Default)]
pub struct MrcWriter {
    scratch: Vec<u8>,
}

impl Writer for MrcWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        let p = write::parts(record);
        encode(&p, &mut self.scratch).map_err(WriteError::Unrepresentable)?;
        out.write_all(&self.scratch)?;
        Ok(())
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(MrcWriter::default()))
    }

    fn render(
        &mut self,
        out: &mut Vec<u8>,
        record: &Record,
    ) -> Result<Option<crate::formats::KeySlot>, WriteError> {
        let p = write::parts(record);
        encode(&p, &mut self.scratch).map_err(WriteError::Unrepresentable)?;
        out.extend_from_slice(&self.scratch);
        Ok(None)
    }
}

/// The largest record ISO 2709 can describe: five digits of record length.
const MAX_RECORD: usize = 99_999;
/// The largest field: four digits of field length.
const MAX_FIELD: usize = 9_999;

/// A value's bytes, refused when they hold a separator of the format.
fn value_bytes<'a>(tag: &str, code: Option<char>, value: &'a str) -> Result<&'a [u8], String> {
    match value.bytes().find(|b| matches!(*b, RECORD_END | FIELD_END | SUBFIELD)) {
        None => Ok(value.as_bytes()),
        Some(b) => {
            let at = code.map_or(String::new(), |c| format!(" ${c}"));
            Err(format!(
                "{tag}{at} holds the control character 0x{b:02X}, which binary MARC uses to separate \
                 records, fields and subfields: the record cannot be written as MARC (MARCXML cannot \
                 hold it either); remove the character"
            ))
        }
    }
}

/// One byte for an indicator or a subfield code: MARC 21 allows ASCII only.
fn one_byte(tag: &str, what: &str, c: char) -> Result<u8, String> {
    u8::try_from(u32::from(c)).ok().filter(|b| b.is_ascii() && *b >= 0x20).ok_or_else(|| {
        format!("{tag} has the {what} {c:?}, which is not one ASCII character: binary MARC cannot write it")
    })
}

/// Serialise a record's parts into `buf`: leader, directory, fields, terminator.
fn encode(p: &write::Parts, buf: &mut Vec<u8>) -> Result<(), String> {
    let mut data: Vec<u8> = Vec::with_capacity(1024);
    let mut directory: Vec<u8> = Vec::with_capacity(12 * (p.control.len() + p.fields.len()) + 1);
    let mut entry = |tag: &str, field: &[u8], data: &mut Vec<u8>| -> Result<(), String> {
        let tag_bytes = tag.as_bytes();
        if tag_bytes.len() != 3 || !tag_bytes.iter().all(u8::is_ascii_alphanumeric) {
            return Err(format!(
                "the tag {tag:?} is not three letters or digits: binary MARC cannot write it"
            ));
        }
        if field.len() > MAX_FIELD {
            return Err(format!(
                "field {tag} is {} bytes long; binary MARC allows {MAX_FIELD} bytes a field: write the \
                 record as MARCXML, which has no such limit",
                field.len()
            ));
        }
        directory.extend_from_slice(tag_bytes);
        directory.extend_from_slice(format!("{:04}{:05}", field.len(), data.len()).as_bytes());
        data.extend_from_slice(field);
        Ok(())
    };
    let mut field: Vec<u8> = Vec::new();
    for (tag, value) in &p.control {
        field.clear();
        field.extend_from_slice(value_bytes(tag, None, value)?);
        field.push(FIELD_END);
        entry(tag, &field, &mut data)?;
    }
    for f in &p.fields {
        field.clear();
        field.push(one_byte(&f.tag, "indicator", f.ind1)?);
        field.push(one_byte(&f.tag, "indicator", f.ind2)?);
        for (code, value) in &f.subfields {
            field.push(SUBFIELD);
            field.push(one_byte(&f.tag, "subfield code", *code)?);
            field.extend_from_slice(value_bytes(&f.tag, Some(*code), value)?);
        }
        field.push(FIELD_END);
        entry(&f.tag, &field, &mut data)?;
    }
    directory.push(FIELD_END);
    let base = 24 + directory.len();
    let length = base + data.len() + 1;
    if length > MAX_RECORD || data.len() > MAX_RECORD {
        return Err(format!(
            "the record is {length} bytes long; binary MARC allows {MAX_RECORD} bytes a record: write \
             it as MARCXML, which has no such limit"
        ));
    }
    buf.clear();
    buf.extend_from_slice(&leader_bytes(&p.leader, length, base));
    buf.extend_from_slice(&directory);
    buf.extend_from_slice(&data);
    buf.push(RECORD_END);
    Ok(())
}

/// The leader with its computed positions: 00-04 record length, 09 `a`
/// (UCS/Unicode), 10-11 indicator and subfield code counts, 12-16 base
/// address of data, 20-23 the entry map `4500`.
fn leader_bytes(leader: &str, length: usize, base: usize) -> [u8; 24] {
    let mut l = *b"00000nam a2200000   4500";
    for (slot, c) in l.iter_mut().zip(leader.chars()) {
        // A leader position that is not ASCII has no byte: left blank.
        *slot = u8::try_from(u32::from(c)).ok().filter(u8::is_ascii_graphic).unwrap_or(b' ');
    }
    l[..5].copy_from_slice(format!("{length:05}").as_bytes());
    l[9] = b'a';
    l[10..12].copy_from_slice(b"22");
    l[12..17].copy_from_slice(format!("{base:05}").as_bytes());
    l[20..24].copy_from_slice(b"4500");
    l
}

// ---------------------------------------------------------------- reading

/// Reads binary MARC 21 records (ISO 2709), streaming.
pub struct MrcReader;

impl Reader for MrcReader {
    fn read(&self, source: Source) -> Records {
        let limit = crate::limits::Limits::get().record_bytes;
        Box::new(MrcRecords {
            name: source.name,
            reader: source.reader,
            warnings: source.warnings,
            replace: source.replace_invalid,
            carry: Vec::new(),
            offset: 0,
            number: 0,
            limit,
            done: false,
        })
    }
}

struct MrcRecords {
    name: String,
    reader: Box<dyn BufRead>,
    warnings: Warnings,
    replace: bool,
    /// Bytes read past the end of a record that lacked its terminator: the
    /// start of the next record.
    carry: Vec<u8>,
    /// Byte offset in the input of the next byte to hand out.
    offset: usize,
    number: usize,
    limit: usize,
    done: bool,
}

/// What the next cut of the input holds.
enum Chunk {
    /// The bytes of one record, its terminator included when it has one.
    Bytes(Vec<u8>),
    /// A record longer than the limit, skipped up to its terminator: its length.
    TooLong(usize),
}

impl MrcRecords {
    /// The bytes up to and including the next record terminator (or the end
    /// of the input), without reading more than the limit into memory.
    fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let mut buf = std::mem::take(&mut self.carry);
        if let Some(p) = buf.iter().position(|&b| b == RECORD_END) {
            self.carry = buf.split_off(p + 1);
            return Ok(Some(Chunk::Bytes(buf)));
        }
        let mut skipped = 0usize;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(match (skipped, buf.is_empty()) {
                    (0, true) => None,
                    (0, false) => Some(Chunk::Bytes(buf)),
                    (n, _) => Some(Chunk::TooLong(n + buf.len())),
                });
            }
            let (take, found) = match avail.iter().position(|&b| b == RECORD_END) {
                Some(p) => (p + 1, true),
                None => (avail.len(), false),
            };
            if skipped > 0 || buf.len() + take > self.limit {
                skipped += buf.len() + take;
                buf.clear();
            } else {
                buf.extend_from_slice(&avail[..take]);
            }
            self.reader.consume(take);
            if found {
                return Ok(Some(if skipped > 0 { Chunk::TooLong(skipped) } else { Chunk::Bytes(buf) }));
            }
        }
    }

    fn error(&self, start: usize, message: String) -> RecordError {
        RecordError::new(ErrorKind::Iso2709, &self.name, format!("at byte {start}: {message}"))
            .in_record(self.number)
    }
}

impl Iterator for MrcRecords {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let chunk = match self.next_chunk() {
                Ok(Some(c)) => c,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(RecordError::new(
                        ErrorKind::Io,
                        &self.name,
                        format!("cannot read: {e}"),
                    )));
                }
            };
            let start = self.offset;
            let mut bytes = match chunk {
                Chunk::TooLong(n) => {
                    self.offset += n;
                    self.number += 1;
                    return Some(Err(self
                        .error(start, format!("the record is longer than {} bytes", self.limit))
                        .kind(ErrorKind::Limit)
                        .help("raise ARCHCITE_MAX_RECORD_BYTES if the record is real (binary MARC records are at most 99,999 bytes)")));
                }
                Chunk::Bytes(b) => b,
            };
            self.offset += bytes.len();
            // Line breaks, NULs and a DOS end-of-file mark between records are
            // no record (some exports put a newline after each).
            let lead = bytes.iter().take_while(|b| matches!(b, b'\n' | b'\r' | 0 | 0x1A | b' ')).count();
            if lead == bytes.len() {
                continue;
            }
            let start = start + lead;
            bytes.drain(..lead);
            self.number += 1;
            // A record without its terminator, followed by the next record:
            // cut where its length ends it (the terminator missing, or
            // another byte in its place), and read the rest again.
            if let Some(cut) = missing_terminator(&bytes) {
                let rest = bytes.split_off(cut);
                self.offset -= rest.len();
                let mut carry = rest;
                carry.extend_from_slice(&self.carry);
                self.carry = carry;
                return Some(Err(self
                    .error(
                        start,
                        format!(
                            "the record has no record terminator (0x1D) where its length ({}) ends it, at byte {}",
                            cut + 1,
                            start + cut
                        ),
                    )
                    .help("the next record is read from where this one ends; re-export the damaged record")));
            }
            return Some(self.record(&bytes, start));
        }
    }
}

/// Where a record that lacks its terminator ends, when the bytes after
/// the length its leader gives (or one byte before, the terminator missing)
/// begin another record.
fn missing_terminator(bytes: &[u8]) -> Option<usize> {
    let len = declared_length(bytes).filter(|l| *l >= 25 && *l <= bytes.len())?;
    if bytes[len - 1] == RECORD_END {
        return None;
    }
    [len - 1, len].into_iter().find(|&cut| cut < bytes.len() && looks_like_leader(&bytes[cut..]))
}

/// The record length of Leader/00-04, when it is five digits.
fn declared_length(bytes: &[u8]) -> Option<usize> {
    let digits = bytes.get(..5)?;
    digits
        .iter()
        .all(u8::is_ascii_digit)
        .then(|| digits.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0')))
}

/// Whether an input's first bytes are a binary MARC record: a leader with a
/// record length and a base address of five digits each, indicator and
/// subfield code counts `22`, and the first directory entry's tag.
pub fn looks_like_iso2709(head: &[u8]) -> bool {
    looks_like_leader(head) && &head[10..12] == b"22" && head[24..27].iter().all(u8::is_ascii_alphanumeric)
}

/// Whether `bytes` begin like a MARC 21 leader: a record length and a base
/// address of five digits each.
fn looks_like_leader(bytes: &[u8]) -> bool {
    bytes.len() >= 24 && declared_length(bytes).is_some() && bytes[12..17].iter().all(u8::is_ascii_digit)
}

/// A record's structure: the leader and each field's tag, bytes and offset
/// in the record, with the terminators taken off.
struct Structure<'a> {
    leader: &'a [u8],
    fields: Vec<(&'a str, &'a [u8], usize)>,
    data: &'a [u8],
}

fn digits(bytes: &[u8]) -> Option<usize> {
    (!bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit))
        .then(|| bytes.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0')))
}

/// Check the leader, the directory and every field against each other.
fn structure(bytes: &[u8]) -> Result<Structure<'_>, (usize, String)> {
    if bytes.last() != Some(&RECORD_END) {
        return Err((
            bytes.len(),
            "the record has no record terminator (0x1D): the input ends inside it".into(),
        ));
    }
    if bytes.len() < 26 {
        return Err((0, format!("{} bytes are too few for a record (a leader alone is 24)", bytes.len())));
    }
    let leader = &bytes[..24];
    let Some(length) = digits(&leader[..5]) else {
        return Err((
            0,
            format!(
                "the record length (Leader/00-04) {:?} is not five digits",
                String::from_utf8_lossy(&leader[..5])
            ),
        ));
    };
    if length != bytes.len() {
        return Err((
            0,
            format!(
            "the leader gives the record length {length}, but the record is {} bytes up to its terminator",
            bytes.len()
        ),
        ));
    }
    let Some(base) = digits(&leader[12..17]).filter(|b| (25..bytes.len()).contains(b)) else {
        return Err((
            12,
            format!(
                "the base address of data (Leader/12-16) {:?} does not point into the record",
                String::from_utf8_lossy(&leader[12..17])
            ),
        ));
    };
    if bytes[base - 1] != FIELD_END || (base - 25) % 12 != 0 {
        return Err((24, "the directory does not end with a field terminator where the base address says, or is not made of 12-byte entries".into()));
    }
    let data = &bytes[base..bytes.len() - 1];
    let mut fields = Vec::new();
    for (i, e) in bytes[24..base - 1].chunks(12).enumerate() {
        let at = 24 + i * 12;
        let tag = std::str::from_utf8(&e[..3]).ok().filter(|t| t.bytes().all(|b| b.is_ascii_alphanumeric()));
        let (Some(tag), Some(len), Some(from)) = (tag, digits(&e[3..7]), digits(&e[7..12])) else {
            return Err((
                at,
                format!(
                    "directory entry {} {:?} is not a tag, a length and a position",
                    i + 1,
                    String::from_utf8_lossy(e)
                ),
            ));
        };
        let Some(field) = data.get(from..from + len).filter(|f| len > 0 && f.last() == Some(&FIELD_END))
        else {
            return Err((at, format!(
                "directory entry {} gives field {tag} {len} bytes at {from}, which is not a field ending with a field terminator inside the record",
                i + 1
            )));
        };
        fields.push((tag, &field[..len - 1], base + from));
    }
    Ok(Structure { leader, fields, data })
}

/// The encoding the record's bytes are in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Marc8,
}

/// Where a binary record's errors point: its number and byte offsets.
struct BinaryPlace<'a> {
    name: &'a str,
    record: usize,
}

impl Place for BinaryPlace<'_> {
    fn error(&self, offset: usize, message: String) -> RecordError {
        RecordError::new(ErrorKind::Invalid, self.name, format!("at byte {offset}: {message}"))
            .in_record(self.record)
    }

    fn record_name(&self) -> &'static str {
        "the record"
    }
}

impl MrcRecords {
    fn warn(&self, message: String) {
        self.warnings.push(Warning { source: self.name.clone(), record: Some(self.number), message });
    }

    fn record(&self, bytes: &[u8], start: usize) -> Result<Record, RecordError> {
        let s = structure(bytes).map_err(|(at, message)| {
            self.error(start + at, message).help(
                "the record is damaged: the next record is read from its terminator on; re-export this one",
            )
        })?;
        let encoding = self.encoding(&s, start);
        let mut decoder = Decoder { records: self, encoding, problems: Vec::new() };
        // The text is Unicode now, whatever it was: Leader/09 says so. The
        // record length and base address belong to this serialisation, not
        // to the record: zeros, as in MARCXML.
        let leader: String = s
            .leader
            .iter()
            .enumerate()
            .map(|(i, &b)| match i {
                9 => 'a',
                0..=4 | 12..=16 => '0',
                _ => char::from(b),
            })
            .collect();
        let mut control = Vec::new();
        let mut fields = Vec::new();
        for (tag, field, at) in &s.fields {
            if is_control(tag) {
                control.push((tag.to_string(), decoder.text(tag, None, field)));
                continue;
            }
            let mut parts = field.split(|&b| b == SUBFIELD);
            let indicators = parts.next().unwrap_or_default();
            let mut ind = |i: usize| match indicators.get(i) {
                Some(&b) if b == b' ' || b.is_ascii_graphic() => char::from(b),
                Some(&b) => {
                    decoder.problems.push(format!(
                        "{tag}: indicator {} is the byte 0x{b:02X}, which is no indicator: read as blank",
                        i + 1
                    ));
                    ' '
                }
                None => ' ',
            };
            let mut f = DataField::new(tag, ind(0), ind(1));
            for sub in parts {
                let Some((&code, value)) = sub.split_first() else { continue };
                if code.is_ascii_graphic() {
                    let code = char::from(code);
                    f.subfields.push((code, decoder.text(tag, Some(code), value)));
                } else {
                    // Not a code: the byte is kept as text of a subfield `?`.
                    decoder.problems.push(format!(
                        "{tag}: a subfield code is the byte 0x{code:02X}, which is no code: read as a subfield `?` holding it"
                    ));
                    f.subfields.push(('?', decoder.text(tag, Some('?'), sub)));
                }
            }
            fields.push((f, start + at));
        }
        for p in decoder.problems {
            self.warn(p);
        }
        let m = Marc::new(leader, control, fields);
        from_marc(&m, start, &BinaryPlace { name: &self.name, record: self.number })
    }

    /// What the bytes are, whatever Leader/09 says.
    fn encoding(&self, s: &Structure, start: usize) -> Encoding {
        let declared = if s.leader[9] == b'a' { Encoding::Utf8 } else { Encoding::Marc8 };
        match std::str::from_utf8(s.data) {
            Ok(_) if declared == Encoding::Marc8 && !s.data.is_ascii() && !s.data.contains(&0x1B) => {
                self.warn(format!(
                    "Leader/09 says MARC-8, but the record's text is UTF-8: read as UTF-8 (record at byte {start})"
                ));
                Encoding::Utf8
            }
            Err(e) if declared == Encoding::Utf8 => {
                let at = start + bytes_before(s) + e.valid_up_to();
                self.warn(format!(
                    "Leader/09 says UTF-8, but the record's text is not UTF-8 (byte {at}): read as MARC-8"
                ));
                Encoding::Marc8
            }
            _ => declared,
        }
    }
}

/// Bytes of the record before its data: leader and directory.
fn bytes_before(s: &Structure) -> usize {
    digits(&s.leader[12..17]).unwrap_or(24)
}

/// Turns values into text, gathering what it notices.
struct Decoder<'a> {
    records: &'a MrcRecords,
    encoding: Encoding,
    problems: Vec<String>,
}

impl Decoder<'_> {
    fn text(&mut self, tag: &str, code: Option<char>, bytes: &[u8]) -> String {
        let place = || match code {
            Some(c) => format!("{tag} ${c}"),
            None => tag.to_string(),
        };
        let text = match self.encoding {
            Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Marc8 => {
                let d = marc8::decode(bytes);
                for p in d.problems {
                    self.problems.push(format!("{}: MARC-8: {p}", place()));
                }
                d.text
            }
        };
        if let Some(bad) = text.chars().find(|c| !crate::formats::xml::is_xml_char(*c)) {
            if self.records.replace {
                self.problems.push(format!(
                    "{} holds U+{:04X}, a character XML 1.0 forbids: read as U+FFFD",
                    place(),
                    u32::from(bad)
                ));
                return text
                    .chars()
                    .map(
                        |c| if crate::formats::xml::is_xml_char(c) { c } else { char::REPLACEMENT_CHARACTER },
                    )
                    .collect();
            }
            self.problems.push(format!(
                "{} holds U+{:04X}, a character XML 1.0 forbids: MARCXML, MODS, Dublin Core and TEI \
                 cannot carry the record (--replace-invalid-chars reads it as U+FFFD)",
                place(),
                u32::from(bad)
            ));
        }
        text
    }
}
