//! The native record format: JSON (one record or an array) and JSON Lines.
//!
//! Canonical output is serde_json's pretty form (two-space indent) with keys in
//! the model's field order, so converting a canonical file reproduces it byte for
//! byte. Nothing is lossy: this is the model written out.
//!
//! Reading streams: an array is split into its elements by a small scanner that
//! tracks strings and nesting, and each element is parsed on its own, so one bad
//! record is reported with its line and column and the rest still come through,
//! and memory holds one record at a time.

use std::io::{BufRead, Write};

use crate::error::{position_of, Position, RecordError, WriteError};
use crate::formats::{json_path, Reader, Records, Source, Writer};
use crate::model::Record;

/// Reads a JSON record or an array of records.
pub struct JsonReader;

/// Reads JSON Lines: one record per line; blank lines are skipped.
pub struct JsonLinesReader;

impl Reader for JsonReader {
    fn read(&self, source: Source) -> Records {
        let name = source.name.clone();
        Box::new(raw_records(source, false).map(move |raw| parse_record(&raw?, &name)))
    }
}

impl Reader for JsonLinesReader {
    fn read(&self, source: Source) -> Records {
        let name = source.name.clone();
        Box::new(raw_records(source, true).map(move |raw| parse_record(&raw?, &name)))
    }
}

/// One record's JSON text, where it starts in its input, and its number there.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The record's JSON text.
    pub text: String,
    /// Where the text starts in the input.
    pub start: Position,
    /// The record's number in the input, 1-based.
    pub number: usize,
}

impl RawRecord {
    /// The position in the whole input of a byte offset in this record's text.
    pub fn position(&self, offset: usize) -> Position {
        let rel = position_of(&self.text, offset);
        if rel.line == 1 {
            Position { line: self.start.line, column: self.start.column + rel.column - 1 }
        } else {
            Position { line: self.start.line + rel.line - 1, column: rel.column }
        }
    }
}

/// The records of a native input as text, without parsing them: the elements of
/// a JSON array or objects in a row, or (`lines`) one per non-blank line.
pub fn raw_records(source: Source, lines: bool) -> Box<dyn Iterator<Item = Result<RawRecord, RecordError>>> {
    let mut number = 0;
    let mut numbered = move |(text, start)| {
        number += 1;
        RawRecord { text, start, number }
    };
    if !lines {
        return Box::new(Elements::new(source).map(move |e| e.map(&mut numbered)));
    }
    let name = source.name;
    let mut lines = source.reader.lines().enumerate();
    Box::new(std::iter::from_fn(move || loop {
        let (i, line) = lines.next()?;
        match line {
            Ok(l) if l.trim().is_empty() => continue,
            Ok(l) => return Some(Ok(numbered((l, Position { line: i + 1, column: 1 })))),
            Err(e) => {
                let err = RecordError::new(&name, format!("cannot read line {}: {e}", i + 1));
                return Some(Err(err.help("check that the input is UTF-8 text")));
            }
        }
    }))
}

/// Parse one record's JSON text.
pub fn parse_record(raw: &RawRecord, source: &str) -> Result<Record, RecordError> {
    parse_as(raw, source)
}

/// Parse one JSON value into any serde type (a native record, a CSL-JSON item),
/// with the same positions, field paths and help as native records get.
pub fn parse_as<T: serde::de::DeserializeOwned>(raw: &RawRecord, source: &str) -> Result<T, RecordError> {
    let text = raw.text.as_str();
    let mut de = serde_json::Deserializer::from_str(text);
    let fail = |path: String, inner: serde_json::Error| {
        let message = strip_position(&inner.to_string());
        let offset = field_offset(text, &path, &message).unwrap_or_else(|| serde_offset(text, &inner));
        let mut err =
            RecordError::new(source, &message).at(raw.position(offset)).in_record(raw.number).field(path);
        if let Some(h) = help_for(&message) {
            err = err.help(h);
        }
        err
    };
    let record = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if e.inner().classify() == serde_json::error::Category::Data {
            fail(path, e.into_inner())
        } else {
            // Syntax errors: serde's own position is exact and the path is moot.
            fail(String::new(), e.into_inner())
        }
    })?;
    de.end().map_err(|e| fail(String::new(), e))?;
    Ok(record)
}

/// Where a data error belongs: the key of an unknown field, else the value at
/// the path (for a missing field, the object that lacks it).
fn field_offset(text: &str, path: &str, message: &str) -> Option<usize> {
    if path.is_empty() && !message.starts_with("missing field") {
        return None;
    }
    let at = json_path::locate(text, &json_path::parse_path(path))?;
    if message.starts_with("unknown field") {
        at.key.or(Some(at.value))
    } else {
        Some(at.value)
    }
}

/// serde_json's own position (line and byte column) as a byte offset.
fn serde_offset(text: &str, e: &serde_json::Error) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
    (line_start + e.column().saturating_sub(1)).min(text.len())
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn help_for(message: &str) -> Option<&'static str> {
    if message.starts_with("unknown field") {
        Some("remove the field or fix its spelling; schemas/record.schema.json lists every field")
    } else if message.starts_with("missing field") {
        Some("add the field: it is required")
    } else if message.contains("EOF while parsing") {
        Some("the JSON ends too early: close every open `{`, `[` and string")
    } else if message.starts_with("relative URL") || message.contains("URL") {
        Some("write an absolute URL such as https://example.org/document/123")
    } else {
        None
    }
}

/// Splits a JSON document into its top-level records: the elements of an array,
/// or one or more objects in a row.
struct Elements {
    bytes: Bytes,
    mode: Mode,
}

#[derive(PartialEq)]
enum Mode {
    Start,
    Array { need_comma: bool },
    Objects,
    Done,
}

impl Elements {
    fn new(source: Source) -> Self {
        Elements { bytes: Bytes::new(source.name, source.reader), mode: Mode::Start }
    }

    fn fail(&mut self, message: &str, help: &str) -> Option<Result<(String, Position), RecordError>> {
        self.mode = Mode::Done;
        let err = RecordError::new(&self.bytes.name, message).at(self.bytes.pos).help(help);
        Some(Err(err))
    }

    fn start(&mut self) -> Option<Result<(String, Position), RecordError>> {
        self.bytes.skip_ws();
        if self.bytes.peek() == Some(0xEF) {
            // UTF-8 byte order mark.
            for _ in 0..3 {
                self.bytes.next();
            }
            self.bytes.skip_ws();
        }
        match self.bytes.peek() {
            None => self.fail("the input is empty: no record", "give a JSON object or an array of objects"),
            Some(b'[') => {
                self.bytes.next();
                self.mode = Mode::Array { need_comma: false };
                self.next()
            }
            Some(b'{') => {
                self.mode = Mode::Objects;
                self.next()
            }
            Some(_) => self.fail(
                "expected a JSON object or an array of objects",
                "a native record file starts with `{` or `[`",
            ),
        }
    }

    fn array_item(&mut self, need_comma: bool) -> Option<Result<(String, Position), RecordError>> {
        self.bytes.skip_ws();
        match self.bytes.peek() {
            None => self.fail("the array is not closed", "add `]` at the end"),
            Some(b']') => {
                self.bytes.next();
                self.bytes.skip_ws();
                if self.bytes.peek().is_some() {
                    return self.fail("unexpected text after the array", "remove it");
                }
                self.mode = Mode::Done;
                None
            }
            Some(b',') if need_comma => {
                self.bytes.next();
                self.mode = Mode::Array { need_comma: false };
                self.array_item(false)
            }
            Some(_) if need_comma => {
                self.fail("expected `,` or `]` after a record", "separate records with commas")
            }
            Some(_) => {
                self.mode = Mode::Array { need_comma: true };
                Some(self.bytes.value())
            }
        }
    }
}

impl Iterator for Elements {
    type Item = Result<(String, Position), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.mode {
            Mode::Done => None,
            Mode::Start => self.start(),
            Mode::Array { need_comma } => self.array_item(need_comma),
            Mode::Objects => {
                self.bytes.skip_ws();
                if self.bytes.peek().is_none() {
                    self.mode = Mode::Done;
                    return None;
                }
                Some(self.bytes.value())
            }
        }
    }
}

/// A byte cursor over a buffered reader that keeps the line and column.
struct Bytes {
    name: String,
    reader: Box<dyn BufRead>,
    pos: Position,
    failed: bool,
}

impl Bytes {
    fn new(name: String, reader: Box<dyn BufRead>) -> Self {
        Bytes { name, reader, pos: Position { line: 1, column: 1 }, failed: false }
    }

    fn peek(&mut self) -> Option<u8> {
        if self.failed {
            return None;
        }
        match self.reader.fill_buf() {
            Ok(buf) => buf.first().copied(),
            Err(_) => {
                self.failed = true;
                None
            }
        }
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.reader.consume(1);
        if b == b'\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.pos.column += 1;
        }
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.next();
        }
    }

    /// Take one JSON value: an object or array up to its matching close, or a
    /// scalar up to the next `,` or `]` at the top level.
    fn value(&mut self) -> Result<(String, Position), RecordError> {
        let start = self.pos;
        let mut out = Vec::new();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        while let Some(b) = self.peek() {
            if !in_string && depth == 0 && matches!(b, b',' | b']') {
                break;
            }
            out.push(self.next().expect("peeked"));
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        String::from_utf8(out).map(|s| (s, start)).map_err(|_| {
            RecordError::new(&self.name, "the record is not UTF-8 text")
                .at(start)
                .help("convert the file to UTF-8, e.g. with iconv")
        })
    }
}

/// Writes canonical JSON: one record as an object, several as an array.
#[derive(Default)]
pub struct JsonWriter {
    first: Option<String>,
    count: usize,
}

impl Writer for JsonWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        let text =
            serde_json::to_string_pretty(record).map_err(|e| WriteError::Unrepresentable(e.to_string()))?;
        self.count += 1;
        match self.count {
            1 => self.first = Some(text),
            2 => {
                let first = self.first.take().unwrap_or_default();
                write!(out, "[\n{},\n{}", indent(&first), indent(&text))?;
            }
            _ => write!(out, ",\n{}", indent(&text))?,
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        match self.count {
            0 => out.write_all(b"[]\n"),
            1 => writeln!(out, "{}", self.first.take().unwrap_or_default()),
            _ => out.write_all(b"\n]\n"),
        }
    }
}

fn indent(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("  ");
        s.push_str(line);
    }
    s
}

/// Writes JSON Lines: one compact record per line.
pub struct JsonLinesWriter;

impl Writer for JsonLinesWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        serde_json::to_writer(&mut *out, record).map_err(|e| WriteError::Unrepresentable(e.to_string()))?;
        out.write_all(b"\n")?;
        Ok(())
    }
}
