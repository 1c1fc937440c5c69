//! CSL-JSON (CSL 1.0.2 input data): an array of items for citeproc-js,
//! pandoc, Zotero and Citation.js.
//!
//! Every key written outside `custom` is one that the official
//! `csl-data.json` schema defines. CSL variables get what a CSL processor
//! renders: `type` is the work type (`manuscript` for an archival document,
//! which is unpublished), `genre` the document type's label, `title` the title
//! and subtitle, `issued` the date as `date-parts` (`circa` for approximate
//! dates, two parts for a range), the container, series, edition, extent,
//! identifiers and original publication their CSL variables (`vars.rs`),
//! `archive`, `archive-place` and `archive_location` the first reference in
//! its conventional form, every role CSL names its name variable,
//! `source`/`publisher`/`publisher-place`/`URL` the digital edition, `note` the
//! credit line and any further references.
//!
//! What CSL has no variable for goes under `custom`, in the native format's own
//! shapes — derived from the model: every record field that no CSL variable
//! carries exactly is written there as the native format writes it, so a new
//! model field reaches CSL-JSON with no edit here: the structured references,
//! the agents CSL cannot name (participants, funders, ...) and the order of all
//! agents, exact dates CSL cannot say (uncertain, open ranges), events, both
//! language lists, rights, notes, subjects, places, people, related records,
//! reprint sources and the text. `custom.archcite` marks an item written by
//! archcite; reading such an item trusts `custom` for what it holds, so model →
//! CSL-JSON → model is lossless.
//!
//! Items from other producers (Zotero, pandoc, Citation.js) have no `custom`:
//! their CSL variables are mapped as far as the model has a place for them,
//! and every other variable — or the exact form of one the model holds in
//! another form (name particles, seasons) — is kept as an `extra` value of
//! `csl-json` and written back, so csl-json → json → csl-json keeps every
//! variable. The full table is in `docs/mapping-csl.md`.

mod item;
mod lenient;
mod read;
mod vars;
mod write;

pub use lenient::{name_variable, read_lenient, Refused};
pub use read::{parse_item, CslJsonReader};
pub(crate) use write::to_item;
pub use write::CslJsonWriter;

/// True when the first object of a JSON text looks like a CSL item rather
/// than a native record: it has a top-level `id` (which native records never
/// have) or a key that only CSL uses. Decides on the keys it can see.
pub fn looks_like_csl(head: &str) -> bool {
    const NATIVE: &[&str] = &[
        "schema_version",
        "key",
        "date",
        "events",
        "languages",
        "agents",
        "references",
        "publication",
        "rights",
        "summary",
        "notes",
        "subjects",
        "places",
        "people",
        "related",
        "published_sources",
    ];
    for key in top_level_keys(head) {
        if NATIVE.contains(&key.as_str()) {
            return false;
        }
        let csl_spelling = key.contains(['-', '_']) && key != "original_title";
        if key == "id" || key == "issued" || key == "URL" || csl_spelling {
            return true;
        }
    }
    false
}

/// The keys of the first JSON object in `text` (an object or an array of
/// objects), as far as the text goes.
fn top_level_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let (mut depth, mut object_depth) = (0usize, None);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => {
                depth += 1;
                if c == '{' && object_depth.is_none() {
                    object_depth = Some(depth);
                }
            }
            '}' | ']' => {
                if Some(depth) == object_depth {
                    break;
                }
                depth = depth.saturating_sub(1);
            }
            '"' => {
                let end = string_end(text, i + 1);
                let after = text[end..].trim_start_matches('"').trim_start();
                if Some(depth) == object_depth && after.starts_with(':') {
                    keys.push(text[i + 1..end].to_string());
                }
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    keys
}

/// The offset of the quote closing a JSON string whose content starts at `start`.
fn string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The model fields this format carries (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &["*"];

#[cfg(test)]
mod tests {
    use super::looks_like_csl;

    #[test]
    fn tells_csl_items_from_native_records() {
        assert!(looks_like_csl(r#"[{"id": "x", "type": "manuscript", "title": "T"}]"#));
        assert!(looks_like_csl(r#"{"type": "book", "title": "T", "container-title": "C"}"#));
        assert!(!looks_like_csl(r#"{"title": "T \"id\": 1", "type": "letter", "date": "1969"}"#));
        assert!(!looks_like_csl(r#"[{"key": "k", "title": "T", "references": [{"id": 1}]}]"#));
    }
}
