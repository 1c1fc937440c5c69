//! Small text newtypes shared by the model.

use serde::Deserialize;
use std::fmt;
use std::ops::Deref;

/// A string with at least one non-whitespace character.
///
/// Built from code it is trimmed; read from a record it is kept as written so that
/// `validate` can point at padding instead of silently changing the data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct NonEmpty(String);

impl NonEmpty {
    /// Trim `s`; `None` when nothing is left.
    pub fn new(s: &str) -> Option<NonEmpty> {
        let t = s.trim();
        (!t.is_empty()).then(|| NonEmpty(t.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NonEmpty {
    type Error = super::ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s.trim().is_empty() {
            Err(super::ValueError::EmptyText)
        } else {
            Ok(NonEmpty(s))
        }
    }
}

impl From<NonEmpty> for String {
    fn from(n: NonEmpty) -> String {
        n.0
    }
}

impl Deref for NonEmpty {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for NonEmpty {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NonEmpty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Build a [`NonEmpty`] from a literal known to be non-empty (tests, tables).
#[macro_export]
macro_rules! ne {
    ($s:expr) => {
        $crate::model::NonEmpty::new($s).expect("non-empty literal")
    };
}
