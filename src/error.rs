//! Errors about one record or one input, with the place they were found.

use std::fmt;

/// A position in a text input, 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number.
    pub line: usize,
    /// Column number (characters).
    pub column: usize,
}

/// A problem with one record (or a whole input) that stops it being read or written.
///
/// It says what (message), where (source name, position, record number, field)
/// and, where there is one, how to fix it (help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
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

impl RecordError {
    /// An error about `source` with a message.
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Self {
        RecordError {
            source: source.into(),
            position: None,
            record: None,
            field: None,
            message: message.into(),
            help: None,
        }
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
}

impl fmt::Display for RecordError {
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

impl std::error::Error for RecordError {}

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
