//! Splits a `.bib` stream into its top-level `@` blocks, one at a time.
//!
//! The biblatex crate parses a whole file and refuses all of it on one error,
//! so each block is cut out here and parsed alone: a bad entry is reported and
//! the others still come through, and memory holds one entry, not the file.
//!
//! A block runs from `@` to the brace that closes its first `{`, counting
//! braces as the crate does (a backslash escapes the next character). A line
//! that starts with `@` always starts a new block, so an entry with an
//! unbalanced brace ends there instead of swallowing the rest of the file.
//! Text between blocks is a comment, as in BibTeX.

use std::io::BufRead;

use crate::error::{Position, RecordError};
use crate::formats::json::RawRecord;

/// The blocks of one input, as raw records (text, start, number).
pub struct Blocks {
    name: String,
    reader: Box<dyn BufRead>,
    pos: Position,
    at_line_start: bool,
    number: usize,
}

impl Blocks {
    /// Blocks of `reader`, named `name` in messages.
    pub fn new(name: String, reader: Box<dyn BufRead>) -> Self {
        Blocks { name, reader, pos: Position { line: 1, column: 1 }, at_line_start: true, number: 0 }
    }

    fn peek(&mut self) -> Option<u8> {
        self.reader.fill_buf().ok().and_then(|b| b.first().copied())
    }

    fn bump(&mut self) -> Option<u8> {
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

    /// Skip to the next `@`; false at the end of the input.
    fn skip_to_block(&mut self) -> bool {
        loop {
            match self.peek() {
                None => return false,
                Some(b'@') => return true,
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    /// Take one block, starting at its `@`.
    fn block(&mut self) -> Vec<u8> {
        let mut out = vec![self.bump().expect("at @")];
        let (mut depth, mut opened) = (0usize, false);
        while let Some(b) = self.peek() {
            if b == b'@' && self.at_line_start {
                break;
            }
            out.push(self.bump().expect("peeked"));
            match b {
                b'\\' => out.extend(self.bump()),
                b'{' => {
                    depth += 1;
                    opened = true;
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if opened && depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        out
    }
}

impl Iterator for Blocks {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.skip_to_block() {
            return None;
        }
        let start = self.pos;
        let bytes = self.block();
        self.number += 1;
        Some(match String::from_utf8(bytes) {
            Ok(text) => Ok(RawRecord { text, start, number: self.number }),
            Err(_) => Err(RecordError::new(&self.name, "the entry is not UTF-8 text")
                .at(start)
                .help("convert the file to UTF-8, e.g. `iconv -f LATIN1 -t UTF-8`")),
        })
    }
}

/// A block's type, lowercase: `misc`, `string`, `comment`, ...
pub fn block_kind(block: &str) -> String {
    let rest = block.trim_start_matches('@').trim_start();
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(String, usize, usize)> {
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        Blocks::new("t".into(), reader)
            .map(|b| b.unwrap())
            .map(|b| (b.text, b.start.line, b.start.column))
            .collect()
    }

    #[test]
    fn blocks_end_at_their_closing_brace_or_at_a_line_starting_with_at() {
        let text = "% c\n@misc{a, title = {x \\} {y}}}\n@misc{b, title = {open\n@misc{c, title = {@}}\n";
        let got = blocks(text);
        assert_eq!(got[0], ("@misc{a, title = {x \\} {y}}}".into(), 2, 1));
        assert_eq!(got[1], ("@misc{b, title = {open\n".into(), 3, 1));
        assert_eq!(got[2], ("@misc{c, title = {@}}".into(), 4, 1));
    }
}
