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
    let parsed = super::parse_line(&line);
    let clean = parsed.unparsed.trim().is_empty() && parsed.credits.is_empty();
    match <[_; 1]>::try_from(parsed.references) {
        Ok([reference]) if clean && !reference.levels.is_empty() => Some(reference.levels),
        _ => None,
    }
}
