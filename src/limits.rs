//! Resource limits that keep hostile or broken input harmless.
//!
//! A record that passes a limit is refused with an error that names the limit
//! and the environment variable that raises it; the rest of the batch goes on.
//! The defaults are far above anything a real archival or bibliographic record
//! needs, and low enough that no input can take minutes or gigabytes:
//!
//! | limit | default | variable |
//! |---|---|---|
//! | bytes of one record's text (a JSON element, a `.bib` entry, a RIS record) | 16 MiB | `ARCHCITE_MAX_RECORD_BYTES` |
//! | nesting depth (XML elements, `.bib` braces, HTML elements) | 256 | `ARCHCITE_MAX_NESTING` |
//! | brace groups in one `.bib` entry | 20,000 | `ARCHCITE_MAX_BIB_GROUPS` |
//! | bytes of one saved HTML page | 16 MiB | `ARCHCITE_MAX_HTML_BYTES` |
//!
//! Why these exist: the `.bib` parser underneath merges brace groups in
//! quadratic time and resolves `crossref` by recursion, and the HTML parser
//! slows quadratically with depth and needs about 15 bytes of memory for each
//! byte of a page; a tree that nests without bound also overflows the stack
//! when it is dropped.

use std::sync::OnceLock;

/// The limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes of one record's text.
    pub record_bytes: usize,
    /// Nesting depth of elements or braces.
    pub nesting: usize,
    /// Brace groups in one `.bib` entry.
    pub bib_groups: usize,
    /// Bytes of one HTML page.
    pub html_bytes: usize,
}

impl Limits {
    /// The built-in defaults.
    pub const DEFAULT: Limits =
        Limits { record_bytes: 16 << 20, nesting: 256, bib_groups: 20_000, html_bytes: 16 << 20 };

    /// The defaults, each overridden by its environment variable when that holds
    /// a number. Read once per process.
    pub fn get() -> &'static Limits {
        static LIMITS: OnceLock<Limits> = OnceLock::new();
        LIMITS.get_or_init(|| {
            let var = |name: &str, default: usize| {
                std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
            };
            let d = Limits::DEFAULT;
            Limits {
                record_bytes: var("ARCHCITE_MAX_RECORD_BYTES", d.record_bytes),
                nesting: var("ARCHCITE_MAX_NESTING", d.nesting),
                bib_groups: var("ARCHCITE_MAX_BIB_GROUPS", d.bib_groups),
                html_bytes: var("ARCHCITE_MAX_HTML_BYTES", d.html_bytes),
            }
        })
    }
}

/// The message for an input past a limit: what, which limit, how to raise it.
pub(crate) fn exceeded(what: &str, limit: usize, variable: &str) -> (String, String) {
    (
        format!("{what} is past archcite's limit of {limit}"),
        format!("if the input is genuine, raise the limit: set {variable} to a larger number"),
    )
}
