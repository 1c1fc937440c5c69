//! A tiny tokenizer: words, digit runs and single punctuation characters, each
//! with its byte span in the line, so every value can be cut from the original
//! text exactly as written.

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
}

/// Split `src` into tokens.
pub fn lex(src: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(src.len() / 3);
    let mut it = src.char_indices().peekable();
    let mut space = false;
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
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
        while let Some(&(i, d)) = it.peek().filter(|_| kind != Kind::Punct) {
            let more = match kind {
                Kind::Num => d.is_ascii_digit(),
                _ => d.is_alphabetic() || (is_apostrophe(d) && next_is_alpha(src, i + d.len_utf8())),
            };
            if !more {
                break;
            }
            end = i + d.len_utf8();
            it.next();
        }
        out.push(Tok { kind, start, end, space, ch: c });
        space = false;
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn next_is_alpha(src: &str, at: usize) -> bool {
    src[at..].chars().next().is_some_and(char::is_alphabetic)
}

/// A view of a token slice over its source line, with the small queries every
/// grammar needs.
#[derive(Clone, Copy)]
pub struct P<'a> {
    pub src: &'a str,
    pub t: &'a [Tok],
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
        self.is_word(i) && eq_ci(self.text(i), w)
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

/// Case-insensitive equality against a lower-case pattern, in any script.
pub fn eq_ci(s: &str, lower: &str) -> bool {
    // Keywords are Latin or Cyrillic, whose cases have equal byte lengths: a
    // length mismatch settles most comparisons without touching the text.
    if s.len() != lower.len() {
        return false;
    }
    if lower.is_ascii() {
        return s.eq_ignore_ascii_case(lower);
    }
    s.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// A value as the model keeps it: dashes between digits become `-` (spaces
/// around them dropped), other dashes too, runs of whitespace become one space.
pub fn norm_value(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '–' | '—' | '‑' | '−' | '-') {
            let prev_digit = out.trim_end().chars().last().is_some_and(|p: char| p.is_alphanumeric());
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let next_digit = chars.get(j).is_some_and(|n| n.is_ascii_digit());
            if prev_digit && next_digit {
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
