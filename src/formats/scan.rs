//! A byte cursor over a buffered input that keeps the line and column, shared by
//! the text readers that cut an input into records before parsing each one
//! (native JSON, `.bib` blocks).
//!
//! A read error is not the end of the input: it is kept and handed to the
//! reader with [`Scanner::take_error`], so a disk error is reported as one
//! instead of as "the array is not closed" or a silently missing tail.

use std::io::{self, BufRead};

use crate::error::{position_of, ErrorKind, Position, RecordError};

/// One record's text as cut from its input, where it starts there, and its
/// number in the input (1-based), before any parsing.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The record's text.
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

/// What [`Scanner::take_run`] does with the next byte.
pub(crate) enum Step {
    /// Take it and go on.
    Take,
    /// Take it and stop.
    Last,
    /// Stop before it.
    Stop,
}

/// A positioned byte cursor.
pub(crate) struct Scanner {
    /// The input's name for messages.
    pub name: String,
    reader: Box<dyn BufRead>,
    /// The position of the next byte.
    pub pos: Position,
    /// The last byte taken was a line feed (or nothing was taken yet).
    pub at_line_start: bool,
    error: Option<io::Error>,
    stopped: bool,
}

impl Scanner {
    /// A cursor at the start of `reader`.
    pub fn new(name: String, reader: Box<dyn BufRead>) -> Self {
        Scanner {
            name,
            reader,
            pos: Position { line: 1, column: 1 },
            at_line_start: true,
            error: None,
            stopped: false,
        }
    }

    /// The next byte, not taken; `None` at the end or after a read error.
    pub fn peek(&mut self) -> Option<u8> {
        if self.stopped {
            return None;
        }
        loop {
            match self.reader.fill_buf() {
                Ok(buf) => return buf.first().copied(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    self.stopped = true;
                    return None;
                }
            }
        }
    }

    /// Take the next byte.
    pub fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.reader.consume(1);
        self.at_line_start = b == b'\n';
        if b == b'\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.pos.column += 1;
        }
        Some(b)
    }

    /// Take bytes a buffer at a time while `step` says so, appending at most
    /// `room` of them to `out`; returns how many were taken. Far faster than
    /// [`Scanner::bump`] byte by byte for long runs (a record's text).
    pub fn take_run(&mut self, out: &mut Vec<u8>, room: usize, mut step: impl FnMut(u8) -> Step) -> usize {
        let mut taken = 0;
        while !self.stopped {
            let buf = match self.reader.fill_buf() {
                Ok([]) => break,
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    self.stopped = true;
                    break;
                }
            };
            let (mut n, mut done) = (0, false);
            for &b in buf {
                match step(b) {
                    Step::Take => n += 1,
                    Step::Last => {
                        n += 1;
                        done = true;
                        break;
                    }
                    Step::Stop => {
                        done = true;
                        break;
                    }
                }
            }
            let chunk = &buf[..n];
            out.extend_from_slice(&chunk[..n.min(room.saturating_sub(taken))]);
            for &b in chunk {
                if b == b'\n' {
                    self.pos.line += 1;
                    self.pos.column = 1;
                } else if b & 0xC0 != 0x80 {
                    self.pos.column += 1;
                }
            }
            if let Some(&last) = chunk.last() {
                self.at_line_start = last == b'\n';
            }
            self.reader.consume(n);
            taken += n;
            if done {
                break;
            }
        }
        taken
    }

    /// Skip a UTF-8 byte order mark at the very start.
    pub fn skip_bom(&mut self) {
        let bom = self.reader.fill_buf().map(|b| b.starts_with(b"\xEF\xBB\xBF")).unwrap_or(false);
        if bom && self.pos == (Position { line: 1, column: 1 }) {
            self.reader.consume(3);
        }
    }

    /// Skip JSON whitespace.
    pub fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    /// The read error met so far, as a record error at the place it happened.
    pub fn take_error(&mut self) -> Option<RecordError> {
        let e = self.error.take()?;
        Some(
            RecordError::new(ErrorKind::Io, &self.name, format!("cannot read the input: {e}"))
                .at(self.pos)
                .help("check the file or device; the records before this point were read"),
        )
    }
}
