//! Reading a location written apart from its repository (CSL `archive_location`,
//! BibLaTeX `note`, RIS `AV`, MARC 852 $j) back into levels.

use crate::model::Level;

/// The levels of `location` ("f. 5, op. 61, d. 462, ll. 95–101") as the
/// repository named `repository` writes them; `None` unless the parser
/// understood all of it, so a caller can keep the text whole instead.
pub fn levels_of(repository: Option<&str>, location: &str) -> Option<Vec<Level>> {
    let line = match repository {
        Some(r) => format!("{r}, {location}"),
        None => location.to_string(),
    };
    levels_in(&super::parse_line(&line)).cloned()
}

/// The levels of a parsed line that is one reference and nothing else.
pub fn levels_in(parsed: &super::ParsedLine) -> Option<&Vec<Level>> {
    let clean = parsed.unparsed.trim().is_empty() && parsed.credits.is_empty();
    match parsed.references.as_slice() {
        [reference] if clean && !reference.levels.is_empty() => Some(&reference.levels),
        _ => None,
    }
}
