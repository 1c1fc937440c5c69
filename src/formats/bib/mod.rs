//! BibTeX and BibLaTeX: one writer and one reader with a dialect each.
//!
//! **Archival documents** (no `work_type`) are `@misc` entries.
//! BibLaTeX (for biber and biblatex-chicago): `entrysubtype = {archival}`,
//! `type` the document type, `author`/`editor`, `title` (capitals protected),
//! `date` in ISO 8601 with EDTF qualifiers and ranges (`1969-04~`,
//! `1969/1970`, `../1970`), `langid` (babel name of the language a reader
//! meets), `language` (the original's), `organization` the repository,
//! `location` its place, `note` the archival location in conventional form
//! (further references follow it), `addendum` the credit line (translators
//! included: the default data model has no `translator` on `@misc`; it reads
//! back into the agents), `howpublished` the digital collection and its
//! publisher, `url`, `urldate`, `eprint` the publication's record id,
//! `abstract`, `keywords`. BibTeX (for `bibtex` with the standard styles):
//! `author`, `title`, `howpublished` the repository, its place and the
//! archival location, `year`, `month` and `day`, `note` the document type,
//! credits, further references and the digital collection, `url`, and for
//! biber and archcite `type`, `language`, `abstract`, `keywords`. ASCII only,
//! see `escape.rs` for how other characters are written.
//!
//! **Published works** are written as their type's entry type from the type
//! table (`WorkType::row`), with the fields `docs/mapping-csl-bibtex.md`
//! lists; what a reader finds that the model has no field for is kept in
//! `extra` (format `bibtex` or `biblatex`) and both writers write it back.
//!
//! Names: persons as `Family, Given`; organisations and family-first names
//! ("Kim Il Sung", which `Family, Given` would print given-first) as one braced
//! literal. Citation keys come from the crate's one key scheme (`formats::labels`).

pub(crate) mod escape;
mod inherit;
mod latex;
mod read;
mod split;
mod write;

pub use read::BibReader;
pub(crate) use split::{block_kind, Blocks};
pub use write::BibWriter;

/// Which of the two bibliography languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Classic BibTeX: ASCII, `year`/`month`.
    Bibtex,
    /// BibLaTeX for biber: UTF-8, `date`, richer fields.
    Biblatex,
}

/// Fields only BibLaTeX has; a `.bib` file using one of them in its first
/// 64 KiB is read as BibLaTeX, otherwise as BibTeX. The two readers differ only
/// in the fields they look at, so a wrong guess loses no entry.
const BIBLATEX_FIELDS: &[&str] = &[
    "date",
    "langid",
    "location",
    "entrysubtype",
    "addendum",
    "urldate",
    "journaltitle",
    "origdate",
    "eprinttype",
];

/// True when a `.bib` text uses a BibLaTeX-only field.
pub fn looks_like_biblatex(head: &str) -> bool {
    head.lines().any(|line| {
        let line = line.trim_start().trim_start_matches(',').trim_start();
        let name_end = line.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(line.len());
        let (name, rest) = line.split_at(name_end);
        let value = rest.trim_start().strip_prefix('=');
        // `date = {XXXX}` marks an undated entry in both dialects.
        let undated = value.is_some_and(|v| v.trim_start().starts_with("{XXXX}"));
        value.is_some() && !undated && BIBLATEX_FIELDS.contains(&name.to_ascii_lowercase().as_str())
    })
}

/// True when a text starts like a bibliography (an entry or a comment line).
pub fn looks_like_bib(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('@') || (t.starts_with('%') && t.lines().any(|l| l.trim_start().starts_with('@')))
}

/// The model fields both bib dialects carry (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "subtitle",
    "short_title",
    "work_type",
    "type",
    "date",
    "notes[annotation]",
    "languages.original",
    "agents[author]",
    "agents[editor]",
    "agents[translator]",
    "agents[translator].on_behalf_of",
    "agents[obtained-by]",
    "agents[obtained-by].on_behalf_of",
    "agents[transcriber]",
    "agents[provider]",
    "agents[funder]",
    "agents[container-author]",
    "agents[rights-holder]",
    "publication.url",
    "container.title",
    "container.short_title",
    "container.volume",
    "container.issue",
    "container.pages",
    "container.chapter",
    "series.title",
    "series.number",
    "edition",
    "number",
    "extent",
    "identifiers[doi]",
    "identifiers[isbn]",
    "identifiers[issn]",
    "identifiers[lccn]",
    "identifiers[oclc]",
    "identifiers[pmid]",
    "identifiers[pmcid]",
    "identifiers[handle]",
    "identifiers[urn]",
    "identifiers[ark]",
    "identifiers[arxiv]",
    "identifiers[call-number]",
    "identifiers[ismn]",
    "identifiers[isrc]",
    "identifiers[uri]",
    "identifiers[mrnumber]",
    "identifiers[zbl]",
    "original.date",
    "original.publisher",
    "original.place",
    "summary",
];
/// The model fields BibTeX carries beyond `CARRIES`.
pub(crate) const CARRIES_BIBTEX: &[&str] =
    &["original.title", "keywords", "notes[general]", "extra[bibtex:*"];
/// The model fields a published work's entry carries beyond the tables (an
/// archival entry writes its publication in a note line): BibTeX.
pub(crate) const CARRIES_PUBLISHED_BIBTEX: &[&str] = &["publication.publisher", "publication.place"];
/// The same for BibLaTeX.
pub(crate) const CARRIES_PUBLISHED_BIBLATEX: &[&str] =
    &["publication.publisher", "publication.place", "keywords", "notes[general]"];
/// The model fields BibLaTeX carries beyond `CARRIES`.
pub(crate) const CARRIES_BIBLATEX: &[&str] = &[
    "original_title",
    "events[accessed]",
    "subjects",
    "publication.collection",
    "publication.record_id",
    "notes[addendum]",
    "extra[biblatex:*",
];

#[cfg(test)]
mod tests {
    use crate::model::TYPE_TABLE;

    #[test]
    fn the_documented_entry_types_are_the_type_tables() {
        let doc = include_str!("../../../docs/mapping-csl-bibtex.md");
        for row in TYPE_TABLE {
            let line = format!("| `{}` | `@{}` | `@{}` |", row.work_type.csl(), row.bibtex, row.biblatex);
            assert!(doc.contains(&line), "docs/mapping-csl-bibtex.md lacks {line}");
        }
    }
}
