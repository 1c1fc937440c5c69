//! Errors about one record or one input, with the place they were found and a
//! kind chosen where they are made, which gives their diagnostic code.

use std::fmt;

/// A position in a text input, 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number.
    pub line: usize,
    /// Column number (characters).
    pub column: usize,
}

/// What kind of problem an [`Error`] is. Each kind has a stable diagnostic
/// code ([`ErrorKind::code`]) that `validate` reports and scripts may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read (a file or device error). `unreadable`
    Io,
    /// The input is not UTF-8 text. `not-utf8`
    Encoding,
    /// The text is not JSON. `invalid-json`
    Json,
    /// The text is not well-formed XML, or uses what archcite never reads
    /// (a DOCTYPE, undefined entities). `malformed-xml`
    Xml,
    /// A `.bib` entry that does not parse. `malformed-bib`
    Bib,
    /// RIS lines that do not make a record. `malformed-ris`
    Ris,
    /// A binary MARC (ISO 2709) record whose leader, directory or
    /// terminators do not agree. `malformed-marc`
    Iso2709,
    /// Well-formed input of another shape than the format's: another root
    /// element, an element out of place, a page that is not a record page.
    /// `wrong-structure`
    Structure,
    /// A record whose fields or values the model refuses: a missing title, an
    /// impossible date, a malformed URL, an unknown field. `invalid-record`
    Invalid,
    /// Input past one of archcite's resource limits ([`crate::limits`]). `over-limit`
    Limit,
    /// No record at all in the input. `empty-input`
    Empty,
    /// The input's format cannot be told or is not read. `unknown-format`
    UnknownFormat,
    /// A record that a format cannot carry. `unrepresentable`
    Unrepresentable,
    /// A record that cannot be cited. `cannot-cite`
    Citation,
}

impl ErrorKind {
    /// The stable diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Io => "unreadable",
            ErrorKind::Encoding => "not-utf8",
            ErrorKind::Json => "invalid-json",
            ErrorKind::Xml => "malformed-xml",
            ErrorKind::Bib => "malformed-bib",
            ErrorKind::Ris => "malformed-ris",
            ErrorKind::Iso2709 => "malformed-marc",
            ErrorKind::Structure => "wrong-structure",
            ErrorKind::Invalid => "invalid-record",
            ErrorKind::Limit => "over-limit",
            ErrorKind::Empty => "empty-input",
            ErrorKind::UnknownFormat => "unknown-format",
            ErrorKind::Unrepresentable => "unrepresentable",
            ErrorKind::Citation => "cannot-cite",
        }
    }
}

/// A problem with one record (or a whole input) that stops it being read or
/// written: archcite's one error type.
///
/// It says what (kind and message), where (source name, position, record
/// number, field) and, where there is one, how to fix it (help): the fields of
/// [`ErrorInfo`], read through the error (`error.position`). The details are
/// boxed so that a `Result` of a record stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorInfo>);

/// What an [`Error`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// What kind of problem: gives the diagnostic code.
    pub kind: ErrorKind,
    /// The input's name: a path or `<stdin>`.
    pub source: String,
    /// Where in the input's text.
    pub position: Option<Position>,
    /// The record's number in its input, 1-based, for batches.
    pub record: Option<usize>,
    /// A path to the field, e.g. `agents[0].role`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// The name archcite's error type had before it carried a kind.
pub type RecordError = Error;

impl Error {
    /// An error of `kind` about `source` with a message.
    pub fn new(kind: ErrorKind, source: impl Into<String>, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorInfo {
            kind,
            source: source.into(),
            position: None,
            record: None,
            field: None,
            message: message.into(),
            help: None,
        }))
    }

    /// Set the position.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Set the record number.
    pub fn in_record(mut self, n: usize) -> Self {
        self.record = Some(n);
        self
    }

    /// Set the field path (ignored when empty).
    pub fn field(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        if !p.is_empty() && p != "." {
            self.field = Some(p);
        }
        self
    }

    /// Set the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same error as another kind.
    pub fn kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// The stable diagnostic code of the error's kind.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl std::ops::Deref for Error {
    type Target = ErrorInfo;
    fn deref(&self) -> &ErrorInfo {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorInfo {
        &mut self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if let Some(n) = self.record {
            write!(f, ": record {n}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Why a record could not be written in a format.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The record lacks something the format cannot do without.
    #[error("{0}")]
    Unrepresentable(String),
}

/// Convert a byte offset in `text` to a 1-based line and character column.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position { line, column: before[line_start..].chars().count() + 1 }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
