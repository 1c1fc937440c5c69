//! Why a value cannot be a value of the model: the error of every `FromStr`
//! and `TryFrom` in [`crate::model`] but dates (which have [`super::DateError`]).

/// A value the model refuses, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Text with nothing but white space.
    #[error("empty text: leave the field out instead of giving an empty string")]
    EmptyText,
    /// A controlled term with nothing in it.
    #[error("empty term: leave the field out instead")]
    EmptyTerm,
    /// A repository with neither abbreviation nor name.
    #[error("a repository needs an `abbreviation` or a `name`")]
    UnnamedRepository,
    /// Not an ISO 3166-1 alpha-2 code.
    #[error("`{0}` is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. `RU`)")]
    CountryCode(String),
    /// Not a level kind.
    #[error("`{0}` is not a level kind: use lowercase kebab-case such as `fond`, `record-group`")]
    LevelKind(String),
    /// Not a BCP 47 language tag.
    #[error("`{tag}` is not a BCP 47 language tag ({reason}); write e.g. `ru`, `en`, `zh-Hans`")]
    LanguageTag {
        /// The text given.
        tag: String,
        /// What the tag parser said.
        reason: String,
    },
    /// An agent that is both or neither a person and an organisation.
    #[error("an agent needs exactly one of `person` and `organization`")]
    AgentShape,
    /// A schema version this archcite does not read.
    #[error("schema_version {0} {why}", why = schema_version_problem(*.0))]
    SchemaVersion(u32),
}

fn schema_version_problem(v: u32) -> String {
    if v == 0 {
        "does not exist: the first version is 1".to_string()
    } else {
        format!("is newer than this archcite reads ({}): upgrade archcite", super::SCHEMA_VERSION)
    }
}
