//! The part of a streamed input that a reader may still need: from the start
//! of the record being read to as far as the input has been read.
//!
//! The XML reader hands quick-xml a [`Window`] as its `BufRead`. Every byte
//! it has not let go of stays addressable by its offset in the whole input,
//! so errors can still name a line and column and a broken record can be
//! skipped by looking ahead for the next one, while memory stays the size of
//! a record plus one read buffer, however long the input.
//!
//! Lines and columns are counted once, forward, from a mark that moves to
//! each record's start; bytes before the mark are dropped in large steps.

use std::io::{self, BufRead, Read};

use crate::error::Position;

/// How much is read from the input at a time.
const CHUNK: usize = 1 << 16;

/// Bytes before the mark are dropped only once there are this many, so
/// that moving the rest to the front is rare.
const DROP_AFTER: usize = 1 << 18;

/// A streamed input, as far as it is held.
pub struct Window {
    input: Box<dyn Read>,
    /// Bytes `base..base + buf.len()` of the input.
    buf: Vec<u8>,
    base: usize,
    /// The next byte handed out, as an input offset.
    pos: usize,
    /// Bytes handed out before the input's own (a start tag repeated to
    /// read on after a broken record); served before `pos`.
    prefix: Vec<u8>,
    prefix_pos: usize,
    eof: bool,
    /// Bytes up to here are known to be UTF-8.
    checked: usize,
    /// Where the input stops being UTF-8.
    bad: Option<usize>,
    /// A read error, handed out in its place.
    failed: Option<io::Error>,
    mark: Mark,
}

/// An offset with its line and column.
#[derive(Clone, Copy)]
struct Mark {
    offset: usize,
    line: usize,
    /// Characters since the line's start.
    column: usize,
}

impl Window {
    /// A window over `input`; `head` is what has been read of it already.
    pub fn new(head: Vec<u8>, input: Box<dyn Read>) -> Window {
        let mut w = Window {
            input,
            buf: head,
            base: 0,
            pos: 0,
            prefix: Vec::new(),
            prefix_pos: 0,
            eof: false,
            checked: 0,
            bad: None,
            failed: None,
            mark: Mark { offset: 0, line: 1, column: 0 },
        };
        w.check_utf8();
        w
    }

    /// The input offset just past the last byte read so far (the input's
    /// length once it has all been read).
    pub fn end(&self) -> usize {
        self.base + self.buf.len()
    }

    /// Where the input stops being UTF-8, once that has been read.
    pub fn not_utf8(&self) -> Option<usize> {
        self.bad
    }

    /// The held bytes from `from` to `to` (input offsets); empty where they
    /// are no longer held.
    pub fn slice(&self, from: usize, to: usize) -> &[u8] {
        let (from, to) = (from.max(self.base) - self.base, to.min(self.end()).saturating_sub(self.base));
        self.buf.get(from..to).unwrap_or_default()
    }

    /// Read on from `pos` (the next byte handed out), with `prefix` first.
    pub fn restart(&mut self, prefix: Vec<u8>, pos: usize) {
        self.prefix = prefix;
        self.prefix_pos = 0;
        self.pos = pos.clamp(self.base, self.end());
    }

    /// Line and column of an input offset. Offsets before the mark (no
    /// longer held) are placed at the mark.
    pub fn position(&self, offset: usize) -> Position {
        let m = self.advance(self.mark, offset);
        Position { line: m.line, column: m.column + 1 }
    }

    /// Count lines and characters from `m` up to `offset`.
    fn advance(&self, m: Mark, offset: usize) -> Mark {
        let bytes = self.slice(m.offset, offset);
        let mut out = Mark { offset: m.offset + bytes.len(), ..m };
        match memchr::memrchr(b'\n', bytes) {
            None => out.column += chars(bytes),
            Some(last) => {
                out.line += memchr::memchr_iter(b'\n', bytes).count();
                out.column = chars(&bytes[last + 1..]);
            }
        }
        out
    }

    /// Move the mark to `offset` (a record's start): nothing before it is
    /// needed again. Returns the offset's position.
    pub fn set_mark(&mut self, offset: usize) -> Position {
        if offset >= self.mark.offset {
            self.mark = self.advance(self.mark, offset);
        }
        let keep_from = self.mark.offset.min(self.pos);
        if keep_from - self.base >= DROP_AFTER {
            self.buf.drain(..keep_from - self.base);
            self.base = keep_from;
        }
        Position { line: self.mark.line, column: self.mark.column + 1 }
    }

    /// The offset of the next start tag `<name` or `<prefix:name` at or
    /// after `from`, reading on as far as needed.
    pub fn find_start_tag(&mut self, from: usize, name: &str) -> Option<usize> {
        let mut at = from.clamp(self.base, self.checked);
        loop {
            // Only what is known to be text: a restart never lands past it.
            let held = &self.buf[at - self.base..self.checked - self.base];
            match memchr::memchr(b'<', held) {
                Some(i) => {
                    let lt = at + i;
                    match self.tag_name_is(lt, name) {
                        Some(true) => return Some(lt),
                        Some(false) => at = lt + 1,
                        None if self.fill_more() => {}
                        None => return None,
                    }
                }
                None => {
                    at = self.checked;
                    if !self.fill_more() {
                        return None;
                    }
                }
            }
        }
    }

    /// Whether the next element to start after `from` is named `name` (any
    /// prefix): false when an end tag comes first or the input ends.
    /// Comments and processing instructions are passed over.
    pub fn next_element_is(&mut self, from: usize, name: &str) -> bool {
        let mut at = from.clamp(self.base, self.checked);
        loop {
            let held = &self.buf[at - self.base..self.checked - self.base];
            let Some(i) = memchr::memchr(b'<', held) else {
                at = self.checked;
                if !self.fill_more() {
                    return false;
                }
                continue;
            };
            let lt = at + i;
            if lt + 1 >= self.checked && !self.fill_more() {
                return false;
            }
            if lt + 1 >= self.checked {
                continue;
            }
            match self.buf[lt + 1 - self.base] {
                b'/' => return false,
                b'!' | b'?' => at = lt + 1,
                _ => match self.tag_name_is(lt, name) {
                    Some(found) => return found,
                    None if self.fill_more() => {}
                    None => return false,
                },
            }
        }
    }

    /// Whether the tag starting at `lt` is named `name` (any prefix); `None`
    /// when the name runs past what is held.
    fn tag_name_is(&self, lt: usize, name: &str) -> Option<bool> {
        let rest = &self.buf[lt + 1 - self.base..self.checked - self.base];
        let len = rest.iter().position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
        let qname = &rest[..len];
        let local = qname.rsplit(|&b| b == b':').next().unwrap_or(qname);
        Some(local == name.as_bytes())
    }

    /// Read one more chunk; false at the end of the input (or where it
    /// stops being UTF-8, or fails).
    fn fill_more(&mut self) -> bool {
        if self.eof || self.bad.is_some() || self.failed.is_some() {
            return false;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let read = loop {
            match self.input.read(&mut self.buf[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match read {
            Ok(n) => {
                self.buf.truncate(old + n);
                self.eof = n == 0;
            }
            Err(e) => {
                self.buf.truncate(old);
                self.failed = Some(e);
            }
        }
        self.check_utf8();
        self.buf.len() > old
    }

    /// Check the bytes read since the last check; a sequence cut by the
    /// end of the chunk is checked with the next.
    fn check_utf8(&mut self) {
        let from = self.checked - self.base;
        match std::str::from_utf8(&self.buf[from..]) {
            Ok(_) => self.checked = self.end(),
            Err(e) => {
                self.checked += e.valid_up_to();
                if e.error_len().is_some() || self.eof {
                    self.bad = Some(self.checked);
                }
            }
        }
    }

    /// The checked bytes from `pos` on, reading more when none are left.
    fn available(&mut self) -> io::Result<&[u8]> {
        // A read may end inside a character: read on until a whole one is in.
        while self.pos == self.checked {
            if self.fill_more() {
                continue;
            }
            if let Some(e) = self.failed.take() {
                return Err(e);
            }
            if self.bad.is_some() {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "the input is not UTF-8 text"));
            }
            break;
        }
        Ok(&self.buf[self.pos - self.base..self.checked - self.base])
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue one.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl Read for Window {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let held = self.fill_buf()?;
            let n = held.len().min(out.len());
            out[..n].copy_from_slice(&held[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Window {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.prefix_pos < self.prefix.len() {
            return Ok(&self.prefix[self.prefix_pos..]);
        }
        self.available()
    }

    fn consume(&mut self, n: usize) {
        if self.prefix_pos < self.prefix.len() {
            self.prefix_pos += n;
        } else {
            self.pos += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(text: &[u8], chunk_input: bool) -> Window {
        let input: Box<dyn Read> =
            if chunk_input { Box::new(io::Cursor::new(text.to_vec())) } else { Box::new(io::empty()) };
        let head = if chunk_input { Vec::new() } else { text.to_vec() };
        Window::new(head, input)
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let mut w = window("ab\nцd\n  <x>".as_bytes(), true);
        let mut all = Vec::new();
        w.read_to_end(&mut all).unwrap();
        assert_eq!(w.position(0), Position { line: 1, column: 1 });
        assert_eq!(w.position(5), Position { line: 2, column: 2 });
        let x = all.iter().position(|&b| b == b'<').unwrap();
        assert_eq!(w.set_mark(x), Position { line: 3, column: 3 });
        assert_eq!(w.position(x + 1), Position { line: 3, column: 4 });
    }

    #[test]
    fn a_sequence_cut_between_reads_is_utf8_and_a_bad_byte_is_not() {
        struct Dribble(Vec<u8>);
        impl Read for Dribble {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() || out.is_empty() {
                    return Ok(0);
                }
                out[0] = self.0.remove(0);
                Ok(1)
            }
        }
        let mut w = Window::new(Vec::new(), Box::new(Dribble("aцb".as_bytes().to_vec())));
        let mut all = Vec::new();
        w.read_to_end(&mut all).unwrap();
        assert_eq!(all, "aцb".as_bytes());
        let mut bad = Window::new(Vec::new(), Box::new(Dribble(b"ab\xffc".to_vec())));
        let mut got = Vec::new();
        assert!(bad.read_to_end(&mut got).is_err());
        assert_eq!(got, b"ab");
        assert_eq!(bad.not_utf8(), Some(2));
    }

    #[test]
    fn start_tags_are_found_ahead_and_old_bytes_dropped() {
        let mut text = "<a>".to_string();
        text.push_str(&"<b/>".repeat(200_000));
        text.push_str("<p:rec x='1'/></a>");
        let mut w = window(text.as_bytes(), true);
        let at = w.find_start_tag(0, "rec").unwrap();
        assert_eq!(&text[at..at + 6], "<p:rec");
        assert_eq!(w.find_start_tag(0, "re"), None);
        w.restart(Vec::new(), at);
        w.set_mark(at);
        assert!(w.buf.len() < text.len() / 2, "bytes before the mark are let go");
        assert_eq!(w.slice(0, 3), b"");
        assert_eq!(w.slice(at, at + 6), b"<p:rec");
        assert_eq!(w.position(at), Position { line: 1, column: at + 1 });
    }
}
