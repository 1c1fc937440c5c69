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
//! Text between blocks is a comment, as in BibTeX, and so is an `@` after a
//! `%` on its line (biber's comments).

//!
//! Limits: a block longer than the record size limit, or whose braces nest
//! deeper or open more groups than the limits allow, is refused here, before
//! the crate (whose merging of brace groups is quadratic) ever sees it.

use std::io::BufRead;

use crate::error::{ErrorKind, RecordError};
use crate::formats::scan::{RawRecord, Scanner, Step};
use crate::limits::{exceeded, Limits};

/// The blocks of one input, as raw records (text, start, number).
pub struct Blocks {
    bytes: Scanner,
    number: usize,
}

/// What a block's braces came to, for the limits.
#[derive(Default)]
struct Shape {
    len: usize,
    depth: usize,
    groups: usize,
}

impl Blocks {
    /// Blocks of `reader`, named `name` in messages.
    pub fn new(name: String, reader: Box<dyn BufRead>) -> Self {
        Blocks { bytes: Scanner::new(name, reader), number: 0 }
    }

    /// Skip to the next `@`; false at the end of the input. Between blocks a
    /// `%` comments out the rest of its line, as biber reads it: an entry
    /// commented out line by line (`%@ARTICLE{...`) is no block.
    fn skip_to_block(&mut self) -> bool {
        let mut comment = false;
        self.bytes.take_run(&mut Vec::new(), 0, |b| {
            if b == b'@' && !comment {
                return Step::Stop;
            }
            comment = match b {
                b'%' => true,
                // A lone CR ends a line too (files saved on classic Mac OS).
                b'\n' | b'\r' => false,
                _ => comment,
            };
            Step::Take
        });
        self.bytes.peek() == Some(b'@')
    }

    /// One block from its `@`: up to the brace (or parenthesis) that closes
    /// it, or up to a line that starts with `@`. A block in parentheses is
    /// given braces. Taken a buffer at a time (see [`Scanner::take_run`]).
    fn block(&mut self) -> (Vec<u8>, Shape) {
        let limit = Limits::get().record_bytes;
        let mut shape = Shape::default();
        let mut out = Vec::new();
        // The `@`.
        let mut taken = self.bytes.take_run(&mut out, limit, |_| Step::Last);
        let (mut depth, mut opened) = (0usize, false);
        let (mut parens, mut quoted) = (false, false);
        let (mut line_start, mut escaped) = (false, false);
        let (mut open_at, mut close_at) = (None, None);
        let mut at = taken;
        taken += self.bytes.take_run(&mut out, limit.saturating_sub(taken), |b| {
            if b == b'@' && line_start && !escaped {
                return Step::Stop;
            }
            let i = at;
            at += 1;
            line_start = matches!(b, b'\n' | b'\r');
            if escaped {
                // The character after a backslash is taken as it is.
                escaped = false;
                return Step::Take;
            }
            let outer = parens && depth == 1;
            match b {
                b'(' if !opened => {
                    (parens, opened, depth) = (true, true, 1);
                    shape.groups += 1;
                    shape.depth = 1;
                    open_at = Some(i);
                    return Step::Take;
                }
                b'"' if outer => quoted = !quoted,
                b')' if outer && !quoted => {
                    close_at = Some(i);
                    return Step::Last;
                }
                _ => {}
            }
            match b {
                b'\\' => escaped = true,
                b'{' => {
                    depth += 1;
                    opened = true;
                    shape.groups += 1;
                    shape.depth = shape.depth.max(depth);
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if opened && depth == 0 && !parens {
                        return Step::Last;
                    }
                }
                _ => {}
            }
            Step::Take
        });
        for (i, brace) in [(open_at, b'{'), (close_at, b'}')] {
            if let Some(slot) = i.and_then(|i| out.get_mut(i)) {
                *slot = brace;
            }
        }
        shape.len = taken;
        (out, shape)
    }
}

fn over_limit(shape: &Shape) -> Option<(String, String)> {
    let limits = Limits::get();
    if shape.len > limits.record_bytes {
        return Some(exceeded("the entry's size in bytes", limits.record_bytes, "ARCHCITE_MAX_RECORD_BYTES"));
    }
    // The outer `{` of the entry is one level and one group of its own.
    if shape.depth > limits.nesting + 1 {
        return Some(exceeded("the depth of nested braces", limits.nesting, "ARCHCITE_MAX_NESTING"));
    }
    if shape.groups > limits.bib_groups + 1 {
        return Some(exceeded(
            "the number of brace groups in the entry",
            limits.bib_groups,
            "ARCHCITE_MAX_BIB_GROUPS",
        ));
    }
    None
}

impl Iterator for Blocks {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.skip_to_block() {
            return self.bytes.take_error().map(Err);
        }
        let start = self.bytes.pos;
        let (bytes, shape) = self.block();
        self.number += 1;
        if let Some(e) = self.bytes.take_error() {
            return Some(Err(e));
        }
        if let Some((message, help)) = over_limit(&shape) {
            return Some(Err(RecordError::new(ErrorKind::Limit, &self.bytes.name, message)
                .at(start)
                .help(help)));
        }
        Some(match String::from_utf8(bytes) {
            Ok(text) => Ok(RawRecord { text, start, number: self.number }),
            Err(_) => {
                Err(RecordError::new(ErrorKind::Encoding, &self.bytes.name, "the entry is not UTF-8 text")
                    .at(start)
                    .help("convert the file to UTF-8, e.g. `iconv -f LATIN1 -t UTF-8`"))
            }
        })
    }
}

/// A block's type, lowercase: `misc`, `string`, `comment`, ...
///
/// Between the `@` and the type, white space and `%` comment lines are
/// skipped, as biber and Zotero do (`@` on a line of its own, a comment, then
/// `preamble{...}`).
pub fn block_kind(block: &str) -> String {
    let mut rest = block.trim_start_matches('@').trim_start();
    while let Some(comment) = rest.strip_prefix('%') {
        rest = comment.split_once('\n').map_or("", |(_, after)| after).trim_start();
    }
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
    fn an_entry_commented_out_with_percent_signs_is_no_block() {
        // biblatex-apa's test file comments out an example entry this way.
        let text = "%@ARTICLE{x,\n%  TITLE = {A},\n%}\n  % @misc{z}\n@misc{y, title = {B}}\n";
        let got = blocks(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("@misc{y, title = {B}}", 5));
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
