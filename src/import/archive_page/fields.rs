//! The "Document Information" block: labelled values, and values whose labels
//! the saved text lost.
//!
//! A label is a line that is exactly a known label (with or without a colon), or
//! a label followed by its value on the same line ("Type Cable", "Record ID
//! 110296", "Author(s): X"). A label may be followed by nothing: a value on the
//! next line is taken only when it has the shape the label expects (a date for
//! "Original Uploaded Date", an identifier for "Record ID"), so an empty label
//! never swallows the next field. Values without a label are placed by their
//! shape and position: first the source line, then rights paragraphs, a date,
//! a document type, a language, an identifier, a classification, and the
//! funders block. What fits nowhere is returned in `unplaced`.

use crate::model::{DocumentType, LanguageTag};

use super::layout::is_citation;
use super::names::looks_like_organisation;
use super::text::{blocks, clean, normalise_text};

/// A label of the metadata block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// "Document Information": the block's heading.
    DocumentInformation,
    /// "Source": the source line.
    Source,
    /// "Original Archive".
    OriginalArchive,
    /// "Rights".
    Rights,
    /// "Original Uploaded Date".
    Uploaded,
    /// "Type".
    Type,
    /// "Language".
    Language,
    /// "Record ID".
    RecordId,
    /// "Original Classification".
    Classification,
    /// "Author(s)".
    Authors,
    /// "Associated Places".
    Places,
    /// "Subjects Discussed".
    Subjects,
    /// "Associated People & Organizations".
    People,
    /// "Related Documents".
    Related,
    /// "Donors" / "Funders".
    Funders,
    /// "To Cite" / "Citation".
    Citation,
    /// "URL" / "Permalink".
    Url,
    /// "Contents" (older pages: "Translation - English").
    Contents,
    /// "Summary".
    Summary,
}

impl Label {
    /// Labels only a record page's metadata block has; they mark the block even
    /// when its heading is missing.
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            Label::Uploaded
                | Label::RecordId
                | Label::OriginalArchive
                | Label::Classification
                | Label::Subjects
                | Label::Places
        )
    }

    /// Labels whose value is one short line.
    fn is_single(self) -> bool {
        matches!(
            self,
            Label::Uploaded
                | Label::Type
                | Label::Language
                | Label::RecordId
                | Label::Classification
                | Label::Url
        )
    }

    /// Labels whose value is a list, one item a line.
    fn is_list(self) -> bool {
        matches!(
            self,
            Label::Authors
                | Label::Places
                | Label::Subjects
                | Label::People
                | Label::Related
                | Label::Funders
        )
    }
}

/// (label text in lower case, label, may its value follow on the same line).
const LABELS: &[(&str, Label, bool)] = &[
    ("document information", Label::DocumentInformation, false),
    ("source", Label::Source, true),
    ("sources", Label::Source, true),
    ("original archive", Label::OriginalArchive, true),
    ("rights", Label::Rights, true),
    ("original uploaded date", Label::Uploaded, true),
    ("uploaded date", Label::Uploaded, true),
    ("date uploaded", Label::Uploaded, true),
    ("type", Label::Type, true),
    ("document type", Label::Type, true),
    ("language", Label::Language, true),
    ("languages", Label::Language, true),
    ("original language", Label::Language, true),
    ("record id", Label::RecordId, true),
    ("original classification", Label::Classification, true),
    ("classification", Label::Classification, true),
    ("author(s)", Label::Authors, true),
    ("authors", Label::Authors, true),
    ("author", Label::Authors, true),
    ("associated places", Label::Places, true),
    ("subjects discussed", Label::Subjects, true),
    ("associated topics", Label::Subjects, true),
    ("associated people & organizations", Label::People, true),
    ("associated people and organizations", Label::People, true),
    ("related documents", Label::Related, false),
    ("donors", Label::Funders, true),
    ("funders", Label::Funders, true),
    ("to cite", Label::Citation, true),
    ("cite", Label::Citation, false),
    ("url", Label::Url, true),
    ("permalink", Label::Url, true),
    ("contents", Label::Contents, true),
    ("summary", Label::Summary, false),
];

/// The label a (cleaned) line is, with the value written on the same line.
pub fn label_of(line: &str) -> Option<(Label, Option<String>)> {
    let mut best: Option<(usize, Label, Option<String>)> = None;
    for &(name, label, inline) in LABELS {
        let matches = line.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name));
        if !matches {
            continue;
        }
        let rest = &line[name.len()..];
        let value = rest;
        let found = if rest.trim_start_matches(':').trim().is_empty() {
            Some(None)
        } else if inline && (rest.starts_with(':') || rest.starts_with(' ')) {
            let colon = rest.starts_with(':');
            let v = value.trim_start_matches(':').trim();
            // "Type of ..." and "Source of ..." are prose, not a label and its value.
            let prose = !colon && v.chars().next().is_some_and(char::is_lowercase);
            (!prose).then(|| Some(v.to_string()))
        } else {
            None
        };
        if let Some(v) = found {
            if best.as_ref().is_none_or(|(len, _, _)| name.len() > *len) {
                best = Some((name.len(), label, v));
            }
        }
    }
    best.map(|(_, l, v)| (l, v))
}

/// The values of the metadata block, as written.
#[derive(Debug, Default)]
pub struct Fields {
    /// Whether any label (other than the heading) was present.
    pub labelled: bool,
    /// The source line.
    pub source: Option<String>,
    /// "Original Archive".
    pub original_archive: Option<String>,
    /// The rights note, one entry a paragraph.
    pub rights: Vec<String>,
    /// "Original Uploaded Date".
    pub uploaded: Option<String>,
    /// "Type".
    pub doc_type: Option<String>,
    /// "Language".
    pub language: Option<String>,
    /// "Record ID".
    pub record_id: Option<String>,
    /// "Original Classification".
    pub classification: Option<String>,
    /// "Author(s)", one a line.
    pub authors: Vec<String>,
    /// "Associated Places".
    pub places: Vec<String>,
    /// "Subjects Discussed".
    pub subjects: Vec<String>,
    /// "Associated People & Organizations".
    pub people: Vec<String>,
    /// "Related Documents".
    pub related: Vec<String>,
    /// Funders lines (each may name several).
    pub funders: Vec<String>,
    /// A full citation.
    pub citation: Option<String>,
    /// An explicit URL.
    pub url: Option<String>,
    /// "Contents".
    pub contents: Option<String>,
    /// Values that fit nowhere.
    pub unplaced: Vec<String>,
}

enum Piece {
    Label(Label, Option<String>),
    Block(Vec<String>),
}

/// Read the metadata block `lines` (the heading may be its first line).
pub fn read_fields(lines: &[String]) -> Fields {
    let pieces = pieces(lines);
    let explicit_funders = pieces.iter().any(|p| matches!(p, Piece::Label(Label::Funders, _)));
    let mut f = Fields::default();
    let mut open: Option<(Label, bool)> = None;
    let mut last_label = None;
    let count = pieces.len();
    for (n, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Label(Label::DocumentInformation, _) => {}
            Piece::Label(label, inline) => {
                // Saved text keeps "Original Uploaded Date" and "Record ID" even when it
                // loses the other labels; the page counts as labelled when those are there.
                f.labelled |= matches!(label, Label::Source | Label::Rights | Label::Type | Label::Language);
                last_label = Some(label);
                let filled = inline.is_some();
                if let Some(v) = inline {
                    f.assign(label, vec![v]);
                }
                open = (!(filled && label.is_single())).then_some((label, filled));
            }
            Piece::Block(block) => {
                let last = n + 1 == count;
                let rest = match open {
                    Some((label, filled)) => f.take_labelled(label, filled, block, last && !explicit_funders),
                    None => Some(block),
                };
                if !open.is_some_and(|(l, _)| l.is_list() || l == Label::Rights) {
                    open = None;
                }
                if let Some(rest) = rest {
                    f.place_unlabelled(rest, last_label);
                }
            }
        }
    }
    f
}

fn pieces(lines: &[String]) -> Vec<Piece> {
    let mut out = Vec::new();
    for b in blocks(lines, 0..lines.len()) {
        let mut current: Vec<String> = Vec::new();
        for line in &lines[b] {
            let c = clean(line);
            match label_of(&c) {
                Some((label, value)) => {
                    if !current.is_empty() {
                        out.push(Piece::Block(std::mem::take(&mut current)));
                    }
                    out.push(Piece::Label(label, value));
                }
                None => current.push(line.trim_end().to_string()),
            }
        }
        if !current.is_empty() {
            out.push(Piece::Block(current));
        }
    }
    out
}

impl Fields {
    /// Give a block to the open label; what it does not take is returned.
    fn take_labelled(
        &mut self,
        label: Label,
        filled: bool,
        block: Vec<String>,
        last: bool,
    ) -> Option<Vec<String>> {
        let text = clean(&block.join(" "));
        if label.is_single() {
            if filled || !fits(label, &clean(&block[0])) {
                return Some(block);
            }
            self.assign(label, vec![clean(&block[0])]);
            return (block.len() > 1).then(|| block[1..].to_vec());
        }
        if label.is_list() {
            // The trailing funders block of the unlabelled layout follows the last list.
            let trailing_funders = last
                && label != Label::Authors
                && label != Label::Funders
                && block.iter().all(|l| looks_like_organisation(l));
            if trailing_funders {
                return Some(block);
            }
            self.assign(label, block.iter().map(|l| clean(l)).collect());
            return None;
        }
        match label {
            Label::Rights if self.rights.is_empty() || is_rights_like(&text) => {
                self.rights.push(normalise_text(&block));
                None
            }
            Label::Source | Label::OriginalArchive | Label::Citation | Label::Contents | Label::Summary
                if !filled =>
            {
                self.assign(label, vec![text]);
                None
            }
            _ => Some(block),
        }
    }

    fn assign(&mut self, label: Label, values: Vec<String>) {
        let one = values.first().cloned().filter(|v| !v.is_empty());
        match label {
            Label::Source => self.source = one,
            Label::OriginalArchive => self.original_archive = one,
            Label::Rights => self.rights.extend(one),
            Label::Uploaded => self.uploaded = one,
            Label::Type => self.doc_type = one,
            Label::Language => self.language = one,
            Label::RecordId => self.record_id = one,
            Label::Classification => self.classification = one,
            Label::Authors => self.authors.extend(values),
            Label::Places => self.places.extend(values),
            Label::Subjects => self.subjects.extend(values),
            Label::People => self.people.extend(values),
            Label::Related => self.related.extend(values),
            Label::Funders => self.funders.extend(values),
            Label::Citation => self.citation = one,
            Label::Url => self.url = one,
            Label::Contents => self.contents = one,
            Label::Summary | Label::DocumentInformation => self.unplaced.extend(one),
        }
    }

    /// Place a block that has no label by its shape and position.
    fn place_unlabelled(&mut self, block: Vec<String>, last_label: Option<Label>) {
        let text = clean(&block.join(" "));
        let first = clean(&block[0]);
        if is_rights_like(&text) {
            self.rights.push(normalise_text(&block));
        } else if is_citation(&text) && self.citation.is_none() {
            self.citation = Some(text);
        } else if let Some(funders) = support_funders(&text) {
            self.funders.push(funders.to_string());
        } else if self.source.is_none() && last_label.is_none() && self.rights.is_empty() {
            self.source = Some(text);
        } else if block.len() == 1 && self.uploaded.is_none() && fits(Label::Uploaded, &first) {
            self.uploaded = Some(first);
        } else if block.len() == 1 && self.record_id.is_none() && is_identifier(&first) {
            self.record_id = Some(first);
        } else if block.len() == 1 && self.language.is_none() && is_language_list(&first) {
            self.language = Some(first);
        } else if block.len() == 1 && self.doc_type.is_none() && is_known_type(&first) {
            self.doc_type = Some(first);
        } else if block.len() == 1 && self.classification.is_none() && super::notes::is_classification(&first)
        {
            self.classification = Some(first);
        } else if block.iter().all(|l| looks_like_organisation(l)) {
            self.funders.extend(block.iter().map(|l| clean(l)));
        } else if block.len() == 1
            && self.doc_type.is_none()
            && matches!(last_label, Some(Label::Uploaded | Label::Type))
            && fits(Label::Type, &first)
        {
            self.doc_type = Some(first);
        } else {
            self.unplaced.push(normalise_text(&block));
        }
    }
}

/// Does `value` have the shape `label` expects on the line after it?
fn fits(label: Label, value: &str) -> bool {
    match label {
        Label::Uploaded => super::dates::parse_date(value).is_some(),
        Label::RecordId => is_identifier(value),
        Label::Language => is_language_list(value),
        Label::Url => value.starts_with("http://") || value.starts_with("https://"),
        Label::Type | Label::Classification => {
            value.split_whitespace().count() <= 8
                && !looks_like_organisation(value)
                && !is_identifier(value)
                && super::dates::parse_date(value).is_none()
                && !is_rights_like(value)
        }
        _ => true,
    }
}

/// Text of a rights note.
pub fn is_rights_like(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "copyright",
        "rights status",
        "reuse of",
        "rights holder",
        "permission",
        "creative commons",
        "licence",
        "license",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A record identifier: one short token with a digit ("110296").
fn is_identifier(value: &str) -> bool {
    !value.contains(' ')
        && value.len() <= 16
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && super::dates::parse_date(value).is_none()
}

/// "Russian", "Chinese, Russian", "Korean and English".
pub fn language_names(value: &str) -> Vec<&str> {
    value
        .split([',', ';', '/'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_language_list(value: &str) -> bool {
    let names = language_names(value);
    !names.is_empty() && names.iter().all(|n| LanguageTag::from_code_or_name(n).is_some())
}

fn is_known_type(value: &str) -> bool {
    matches!(DocumentType::parse_loose(value), Some(t) if !matches!(t, DocumentType::Other(_)))
}

/// The funders named by a support line.
pub fn support_funders(line: &str) -> Option<&str> {
    let prefix = super::layout::SUPPORT;
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| line[prefix.len()..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_and_without_values() {
        assert_eq!(label_of("Type Cable"), Some((Label::Type, Some("Cable".into()))));
        assert_eq!(label_of("Record ID"), Some((Label::RecordId, None)));
        assert_eq!(label_of("Author(s):"), Some((Label::Authors, None)));
        assert_eq!(
            label_of("Original Uploaded Date 2011-11-20"),
            Some((Label::Uploaded, Some("2011-11-20".into())))
        );
        assert_eq!(label_of("Type of weapons delivered"), None);
        assert_eq!(label_of("Sources: AVPRF"), Some((Label::Source, Some("AVPRF".into()))));
    }
}
