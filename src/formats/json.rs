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

use crate::error::{ErrorKind, Position, RecordError, WriteError};
use crate::formats::scan::{Scanner, Step};
use crate::formats::{json_path, Reader, Records, Source, Writer};
use crate::limits::{exceeded, Limits};
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

pub use crate::formats::scan::RawRecord;

/// The records of a native input as text, without parsing them: the elements of
/// a JSON array or objects in a row, or (`lines`) one per non-blank line.
pub fn raw_records(source: Source, lines: bool) -> Box<dyn Iterator<Item = Result<RawRecord, RecordError>>> {
    let mut number = 0;
    let mut numbered = move |(text, start)| {
        number += 1;
        RawRecord { text, start, number }
    };
    if lines {
        Box::new(Lines::new(source).map(move |e| e.map(&mut numbered)))
    } else {
        Box::new(Elements::new(source).map(move |e| e.map(&mut numbered)))
    }
}

/// Parse one record's JSON text.
pub fn parse_record(raw: &RawRecord, source: &str) -> Result<Record, RecordError> {
    parse_as(raw, source)
}

/// Parse one JSON value into any serde type (a native record, a CSL-JSON item),
/// with the same positions, field paths and help as native records get.
pub fn parse_as<T: serde::de::DeserializeOwned>(raw: &RawRecord, source: &str) -> Result<T, RecordError> {
    let text = raw.text.as_str();
    // The plain parse first: only a record that fails needs the path of the
    // value at fault, so only it is parsed again, tracking paths (the same
    // parser on the same text fails at the same place).
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let fail = |path: String, inner: serde_json::Error| {
        let message = strip_position(&inner.to_string());
        let offset = field_offset(text, &path, &message).unwrap_or_else(|| serde_offset(text, &inner));
        // serde tells JSON that does not parse from JSON the model refuses.
        let kind = match inner.classify() {
            serde_json::error::Category::Data => ErrorKind::Invalid,
            _ => ErrorKind::Json,
        };
        let mut err = RecordError::new(kind, source, &message)
            .at(raw.position(offset))
            .in_record(raw.number)
            .field(path);
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

type Item = Result<(String, Position), RecordError>;

/// The non-blank lines of a JSON Lines input. A line that is not UTF-8 is
/// refused alone; a read error ends the input with an error.
struct Lines {
    source: Source,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl Lines {
    fn new(source: Source) -> Self {
        Lines { source, line: 0, buf: Vec::new(), done: false }
    }

    fn fail(&self, kind: ErrorKind, message: String, help: &str) -> Item {
        let at = Position { line: self.line, column: 1 };
        Err(RecordError::new(kind, &self.source.name, message).at(at).help(help))
    }
}

impl Iterator for Lines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.source.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    let help = "check the file or device; the lines before this one were read";
                    return Some(self.fail(
                        ErrorKind::Io,
                        format!("cannot read line {}: {e}", self.line),
                        help,
                    ));
                }
            }
            let mut bytes = self.buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let limit = Limits::get().record_bytes;
            if bytes.len() > limit {
                let (message, help) =
                    exceeded("the line's length in bytes", limit, "ARCHCITE_MAX_RECORD_BYTES");
                return Some(self.fail(ErrorKind::Limit, message, &help));
            }
            return Some(match std::str::from_utf8(bytes) {
                Ok(text) => Ok((text.trim_end().to_string(), Position { line: self.line, column: 1 })),
                Err(_) => self.fail(
                    ErrorKind::Encoding,
                    format!("line {} is not UTF-8 text", self.line),
                    "convert the file to UTF-8, e.g. with iconv",
                ),
            });
        }
        None
    }
}

/// Splits a JSON document into its top-level records: the elements of an array,
/// or one or more objects in a row.
///
/// Every step takes at least one byte, so no input can keep it from ending; text
/// that cannot start a record is reported and skipped, and what follows is read.
struct Elements {
    bytes: Scanner,
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
        Elements { bytes: Scanner::new(source.name, source.reader), mode: Mode::Start }
    }

    fn error(&self, message: &str, help: &str) -> RecordError {
        RecordError::new(ErrorKind::Json, &self.bytes.name, message).at(self.bytes.pos).help(help)
    }

    fn fail(&mut self, message: &str, help: &str) -> Option<Item> {
        self.mode = Mode::Done;
        Some(Err(self.error(message, help)))
    }

    /// Report the byte here as out of place, and step over it.
    fn stray(&mut self, message: &str, help: &str) -> Option<Item> {
        let err = self.error(message, help);
        self.bytes.bump();
        Some(Err(err))
    }

    /// The end of the input: a read error if one stopped it, else `end`.
    fn at_end(&mut self, end: Option<Item>) -> Option<Item> {
        self.mode = Mode::Done;
        match self.bytes.take_error() {
            Some(e) => Some(Err(e)),
            None => end,
        }
    }

    fn start(&mut self) -> Option<Item> {
        self.bytes.skip_bom();
        self.bytes.skip_ws();
        match self.bytes.peek() {
            None => {
                let empty = self
                    .error("the input is empty: no record", "give a JSON object or an array of objects")
                    .kind(ErrorKind::Empty);
                self.at_end(Some(Err(empty)))
            }
            Some(b'[') => {
                self.bytes.bump();
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

    fn array_item(&mut self, need_comma: bool) -> Option<Item> {
        self.bytes.skip_ws();
        match self.bytes.peek() {
            None => {
                let open = self.error("the array is not closed", "add `]` at the end");
                self.at_end(Some(Err(open)))
            }
            Some(b']') => {
                self.bytes.bump();
                self.bytes.skip_ws();
                if self.bytes.peek().is_some() {
                    return self.fail("unexpected text after the array", "remove it");
                }
                self.at_end(None)
            }
            Some(b',') if need_comma => {
                self.bytes.bump();
                self.mode = Mode::Array { need_comma: false };
                self.array_item(false)
            }
            Some(b',') => self.stray("expected a record, found `,`", "remove the extra comma"),
            Some(_) if need_comma => {
                self.fail("expected `,` or `]` after a record", "separate records with commas")
            }
            Some(_) => {
                self.mode = Mode::Array { need_comma: true };
                Some(self.bytes_value())
            }
        }
    }

    fn object(&mut self) -> Option<Item> {
        self.bytes.skip_ws();
        match self.bytes.peek() {
            None => self.at_end(None),
            Some(b'{') => Some(self.bytes_value()),
            Some(b) => {
                let found = char::from(b);
                let message = format!("unexpected `{found}` after a record");
                self.stray(
                    &message,
                    "several records are a JSON array `[{...}, {...}]` or JSON Lines, one per line",
                )
            }
        }
    }

    fn bytes_value(&mut self) -> Item {
        let item = value(&mut self.bytes);
        match self.bytes.take_error() {
            Some(e) => {
                self.mode = Mode::Done;
                Err(e)
            }
            None => item,
        }
    }
}

impl Iterator for Elements {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self.mode {
            Mode::Done => None,
            Mode::Start => self.start(),
            Mode::Array { need_comma } => self.array_item(need_comma),
            Mode::Objects => self.object(),
        }
    }
}

/// Take one JSON value: an object or array up to its matching close, or a
/// scalar up to the next `,` or `]` at the top level. A value past the record
/// size limit is read to its end and refused.
fn value(bytes: &mut Scanner) -> Item {
    let start = bytes.pos;
    let limit = Limits::get().record_bytes;
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut seen) = (0usize, false, false, false);
    let len = bytes.take_run(&mut out, limit, |b| {
        if !in_string && depth == 0 && matches!(b, b',' | b']') && seen {
            return Step::Stop;
        }
        seen = true;
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            return Step::Take;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Step::Last;
                }
            }
            _ => {}
        }
        Step::Take
    });
    if len > limit {
        let (message, help) = exceeded("the record's size in bytes", limit, "ARCHCITE_MAX_RECORD_BYTES");
        return Err(RecordError::new(ErrorKind::Limit, &bytes.name, message).at(start).help(help));
    }
    String::from_utf8(out).map(|s| (s, start)).map_err(|_| {
        RecordError::new(ErrorKind::Encoding, &bytes.name, "the record is not UTF-8 text")
            .at(start)
            .help("convert the file to UTF-8, e.g. with iconv")
    })
}

/// Writes canonical JSON: one record as an object, several as an array.
///
/// Each record is rendered as an element of the array (pretty JSON one level
/// down); the first waits, and alone it is written as an object, one level up.
#[derive(Default)]
pub struct JsonWriter {
    first: Option<Vec<u8>>,
    count: usize,
    scratch: Vec<u8>,
}

impl Writer for JsonWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        super::render_and_place_reusing(self, out, record, |w| &mut w.scratch)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(JsonWriter::default()))
    }

    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<super::KeySlot>, WriteError> {
        push_indented(out, record).map(|()| None)
    }

    fn place(
        &mut self,
        out: &mut dyn Write,
        rendered: &mut Vec<u8>,
        _: Option<super::KeySlot>,
    ) -> std::io::Result<()> {
        self.count += 1;
        if self.count == 1 {
            self.first = Some(std::mem::take(rendered));
            return Ok(());
        }
        if let Some(first) = self.first.take() {
            out.write_all(b"[\n  ")?;
            out.write_all(&first)?;
        }
        out.write_all(b",\n  ")?;
        out.write_all(rendered)
    }

    fn end(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        match self.count {
            0 => out.write_all(b"[]\n"),
            1 => {
                out.write_all(&outdent(&self.first.take().unwrap_or_default()))?;
                out.write_all(b"\n")
            }
            _ => out.write_all(b"\n]\n"),
        }
    }
}

/// A value rendered one level down, brought back to the top level: two
/// spaces fewer on every line but the first (JSON text holds no line break
/// but between its tokens, so every line starts with indentation).
fn outdent(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut lines = text.split(|b| *b == b'\n');
    out.extend_from_slice(lines.next().unwrap_or_default());
    for line in lines {
        out.push(b'\n');
        out.extend_from_slice(line.strip_prefix(b"  ").unwrap_or(line));
    }
    out
}

/// Append `value` to `out` as pretty JSON one level down in an array (every
/// line but the first indented by two more spaces).
pub(crate) fn push_indented(out: &mut Vec<u8>, value: &impl serde::Serialize) -> Result<(), WriteError> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested { level: 1, has_value: false });
    value.serialize(&mut ser).map_err(unrepresentable)
}

fn unrepresentable(e: serde_json::Error) -> WriteError {
    WriteError::Unrepresentable(e.to_string())
}

/// serde_json's pretty layout (two spaces a level) starting `level` levels
/// down. serde_json's own `PrettyFormatter` always starts at the margin.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        (0..self.level).try_for_each(|_| w.write_all(b"  "))
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes JSON Lines: one compact record per line.
#[derive(Default)]
pub struct JsonLinesWriter {
    scratch: Vec<u8>,
}

impl Writer for JsonLinesWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        super::render_and_place_reusing(self, out, record, |w| &mut w.scratch)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(JsonLinesWriter::default()))
    }

    /// Into a vector, not through `dyn Write`: serde_json writes a record in
    /// many small pieces.
    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<super::KeySlot>, WriteError> {
        serde_json::to_writer(&mut *out, record).map_err(unrepresentable)?;
        out.push(b'\n');
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn nested_layout_is_serde_jsons_pretty_layout_one_level_down() {
        let values = [
            json!({}),
            json!([]),
            json!({"a": [], "b": {}, "c": [1, [2, []], {"d": null}], "e": "x\ny"}),
            json!([{"k": [{}]}, "s", 1.5, true]),
        ];
        for value in values {
            let mut out = Vec::new();
            super::push_indented(&mut out, &value).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(String::from_utf8(super::outdent(&out)).unwrap(), pretty);
            assert_eq!(String::from_utf8(out).unwrap(), pretty.replace('\n', "\n  "));
        }
    }
}
