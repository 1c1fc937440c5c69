//! A tiny tokenizer: words, digit runs and single punctuation characters, each
//! with its byte span in the line, so every value can be cut from the original
//! text exactly as written.
//!
//! Every word is also lower-cased once, into one buffer per line: the grammars
//! compare words against keyword lists thousands of times per line, and a
//! byte comparison against a pre-lowered word needs no allocation.

use crate::model::{Level, LevelKind, NonEmpty};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters in any script (apostrophes inside a word included).
    Word,
    /// ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token with its byte span.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace separates it from the previous token.
    pub space: bool,
    /// Its first character.
    pub ch: char,
    /// The span of its lower-case form in the line's lower-case buffer; empty
    /// unless a word whose lower case has the word's byte length.
    pub low: (u32, u32),
}

/// Split `src` into tokens, and lower-case every word into the returned buffer.
pub fn lex(src: &str) -> (Vec<Tok>, String) {
    let mut out = Vec::with_capacity(src.len() / 3 + 4);
    let mut low = String::with_capacity(src.len());
    let mut space = false;
    let mut start = 0;
    while let Some(c) = char_at(src, start) {
        if c.is_whitespace() {
            space = true;
            start += c.len_utf8();
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        // Words and numbers run on; punctuation is one character.
        match kind {
            Kind::Num => end += src.as_bytes()[end..].iter().take_while(|b| b.is_ascii_digit()).count(),
            Kind::Word => end = word_end(src, end),
            Kind::Punct => {}
        }
        let lspan = if kind == Kind::Word { lower_into(&src[start..end], &mut low) } else { (0, 0) };
        out.push(Tok { kind, start, end, space, ch: c, low: lspan });
        space = false;
        start = end;
    }
    (out, low)
}

/// The end of a word whose first letter ends at `end`: letters in any script,
/// and apostrophes with a letter after them ("People's", "об'єднань").
fn word_end(src: &str, mut end: usize) -> usize {
    let b = src.as_bytes();
    while let Some(&x) = b.get(end) {
        // ASCII letters run on, other ASCII other than an apostrophe stops.
        if x.is_ascii_alphabetic() {
            end += 1;
            continue;
        }
        if x.is_ascii() && x != b'\'' {
            break;
        }
        let Some(d) = char_at(src, end) else { break };
        let after = end + d.len_utf8();
        if !(d.is_alphabetic() || (is_apostrophe(d) && next_is_alpha(src, after))) {
            break;
        }
        end = after;
    }
    end
}

/// The character at byte `i` of `src` (a character boundary), if any.
fn char_at(src: &str, i: usize) -> Option<char> {
    match src.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => src[i..].chars().next(),
        None => None,
    }
}

/// Append the lower case of `word` to `buf` and return its span there. A word
/// whose lower case changes its byte length (the Kelvin sign, dotted capital I)
/// gets an empty span, so it equals no keyword: keywords are Latin or Cyrillic,
/// whose cases have equal byte lengths, and a Kelvin sign is not a "K".
fn lower_into(word: &str, buf: &mut String) -> (u32, u32) {
    let a = buf.len();
    if word.is_ascii() {
        buf.push_str(word);
        buf[a..].make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    if buf.len() - a != word.len() {
        buf.truncate(a);
    }
    (a as u32, buf.len() as u32)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn next_is_alpha(src: &str, at: usize) -> bool {
    char_at(src, at).is_some_and(char::is_alphabetic)
}

/// A view of a token slice over its source line, with the small queries every
/// grammar needs.
#[derive(Clone, Copy)]
pub struct P<'a> {
    pub src: &'a str,
    pub t: &'a [Tok],
    /// The lower-case buffer the tokens' `low` spans point into.
    pub low: &'a str,
}

impl<'a> P<'a> {
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// The text of token `i` ("" past the end).
    pub fn text(&self, i: usize) -> &'a str {
        self.t.get(i).map_or("", |t| &self.src[t.start..t.end])
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.t.get(i).map(|t| t.kind)
    }

    pub fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Num)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }

    /// Whitespace before token `i` (true past the end).
    pub fn space(&self, i: usize) -> bool {
        self.t.get(i).is_none_or(|t| t.space)
    }

    /// Token `i` is the punctuation character `c`.
    pub fn punct(&self, i: usize, c: char) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct && t.ch == c)
    }

    /// Token `i` is any kind of dash used in ranges.
    pub fn dash(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct && matches!(t.ch, '-' | '–' | '—' | '‑' | '−'))
    }

    /// Token `i` is the word `w` (given in lower case), in any case.
    pub fn word_is(&self, i: usize, w: &str) -> bool {
        self.lower(i) == w && !w.is_empty()
    }

    /// The lower case of word `i`; "" for other tokens, past the end, and for
    /// the rare word whose lower case changes its byte length.
    pub fn lower(&self, i: usize) -> &'a str {
        self.t
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map_or("", |t| &self.low[t.low.0 as usize..t.low.1 as usize])
    }

    /// Token `i` is a word whose first letter is upper case.
    pub fn capitalized(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Word && t.ch.is_uppercase())
    }

    /// The source text from token `a` to token `b` (exclusive), as written.
    pub fn span(&self, a: usize, b: usize) -> &'a str {
        if a >= b || a >= self.t.len() {
            return "";
        }
        &self.src[self.t[a].start..self.t[b - 1].end]
    }

    /// Byte offsets of tokens `a..b`.
    pub fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (self.t[a].start, self.t[b - 1].end)
    }
}

/// A value as the model keeps it: dashes between digits become `-` (spaces
/// around them dropped), other dashes too, runs of whitespace become one space.
pub fn norm_value(s: &str) -> String {
    let s = s.trim();
    // Most values ("5", "059a", "R-9401" aside) need no change: copy them whole.
    let b = s.as_bytes();
    let ws = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let plain = b.iter().enumerate().all(|(i, &c)| {
        c.is_ascii() && c != b'-' && (!ws(c) || (c == b' ' && !b.get(i + 1).copied().is_some_and(ws)))
    });
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pos = 0;
    while let Some(c) = s[pos..].chars().next() {
        pos += c.len_utf8();
        if is_dash(c) {
            let prev_digit = out.trim_end().chars().last().is_some_and(char::is_alphanumeric);
            let after = s[pos..].trim_start();
            if prev_digit && after.chars().next().is_some_and(|n| n.is_ascii_digit()) {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                pos = s.len() - after.len();
            }
            out.push('-');
        } else if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A level whose value is `raw` normalised by [`norm_value`]; None when empty.
pub fn level(kind: LevelKind, raw: &str) -> Option<Level> {
    // norm_value's result is already trimmed, so it is kept without a copy.
    let value = NonEmpty::try_from(norm_value(raw)).ok()?;
    Some(Level { kind, value })
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '‑' | '−' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference definition: case-insensitive equality against a
    /// lower-case pattern, in any script, with equal byte lengths.
    fn eq_ci(s: &str, lower: &str) -> bool {
        if s.len() != lower.len() {
            return false;
        }
        if lower.is_ascii() {
            return s.eq_ignore_ascii_case(lower);
        }
        s.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }

    #[test]
    fn word_is_agrees_with_case_insensitive_equality() {
        let line = "Fond FOND fond Ф ФОНД Опись ОП K \u{212A} \u{130}stanbul İ ß Straße ÆØÅ Арк l ll Σ";
        let words = [
            "fond",
            "ф",
            "фонд",
            "опись",
            "оп",
            "k",
            "istanbul",
            "i̇stanbul",
            "i",
            "ß",
            "straße",
            "æøå",
            "арк",
            "l",
            "ll",
            "σ",
            "",
            "s",
        ];
        let (toks, low) = lex(line);
        let p = P { src: line, t: &toks, low: &low };
        for i in 0..p.len() {
            for w in words {
                assert_eq!(p.word_is(i, w), eq_ci(p.text(i), w), "{:?} vs {w:?}", p.text(i));
            }
        }
    }

    /// The reference definition of [`norm_value`], character by character.
    fn norm_value_slow(s: &str) -> String {
        let chars: Vec<char> = s.trim().chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_dash(c) {
                let prev_digit = out.trim_end().chars().last().is_some_and(|p: char| p.is_alphanumeric());
                let mut j = i + 1;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                if prev_digit && chars.get(j).is_some_and(|n| n.is_ascii_digit()) {
                    let trimmed = out.trim_end().len();
                    out.truncate(trimmed);
                    out.push('-');
                    i = j;
                    continue;
                }
                out.push('-');
            } else if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
            i += 1;
        }
        out
    }

    #[test]
    fn norm_value_agrees_with_its_definition() {
        let cases = [
            "5",
            " 059a ",
            "R-9401",
            "95 - 101",
            "12–14",
            "12 — 14",
            "29 ob.",
            "29об.",
            "a  b",
            "a\t b",
            "1- 2",
            "x -",
            "- 5",
            "3, 5-7, 9ob.",
            "П-9248",
            "1 –\u{a0}3",
            "a\u{b}b",
            "7 \u{1c} 8",
            "",
            "Central Files 1970-73",
            "–",
            "5 -- 6",
            "a-b",
            "67 (А)",
        ];
        for c in cases {
            assert_eq!(norm_value(c), norm_value_slow(c), "{c:?}");
        }
    }
}
