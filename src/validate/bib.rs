//! `.bib` entries: the rules a BibTeX or biber user expects, each at the field
//! it concerns, and the places of the fields the model rules point at.
//!
//! This is a pass of its own over the input's blocks with the biblatex crate's
//! raw parser, which keeps the span of every key and value; the reader that
//! `convert` uses is left as it is and pays nothing for the positions.

use std::collections::HashSet;

use biblatex::{RawBibliography, RawChunk};

use super::Finding;
use crate::error::Position;
use crate::formats::scan::RawRecord;
use crate::model::Record;

/// The entry types of biber's default data model (biblatex's `blx-dm.def`).
const ENTRY_TYPES: &[&str] = &[
    "article",
    "artwork",
    "audio",
    "bibnote",
    "book",
    "bookinbook",
    "booklet",
    "collection",
    "commentary",
    "customa",
    "customb",
    "customc",
    "customd",
    "custome",
    "customf",
    "dataset",
    "inbook",
    "incollection",
    "inproceedings",
    "inreference",
    "image",
    "jurisdiction",
    "legal",
    "legislation",
    "letter",
    "manual",
    "misc",
    "movie",
    "music",
    "mvcollection",
    "mvreference",
    "mvproceedings",
    "mvbook",
    "online",
    "patent",
    "performance",
    "periodical",
    "proceedings",
    "reference",
    "report",
    "review",
    "set",
    "software",
    "standard",
    "suppbook",
    "suppcollection",
    "suppperiodical",
    "thesis",
    "unpublished",
    "video",
    "xdata",
];

/// BibTeX's entry types that biber maps onto the data model's, and the type
/// field the mapping implies.
const ALIASES: &[(&str, &str, bool)] = &[
    ("conference", "inproceedings", false),
    ("electronic", "online", false),
    ("www", "online", false),
    ("mastersthesis", "thesis", true),
    ("phdthesis", "thesis", true),
    ("techreport", "report", true),
];

/// BibTeX's field names that biber reads as the data model's.
const FIELD_ALIASES: &[(&str, &str)] =
    &[("journal", "journaltitle"), ("address", "location"), ("school", "institution")];

/// The mandatory fields of `blx-dm.def`, per entry type; a group of several
/// is satisfied by any one of them. Every type but `dataset`, `manual`,
/// `misc`, `software`, `online` and the proceedings also needs `date` or `year`.
fn mandatory(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "article" => &[&["author"], &["journaltitle"], &["title"]],
        "book" | "mvbook" => &[&["author"], &["title"]],
        "inbook" | "bookinbook" | "suppbook" => &[&["author"], &["title"], &["booktitle"]],
        "booklet" => &[&["author", "editor"], &["title"]],
        "collection" | "reference" | "mvcollection" | "mvreference" | "periodical" => {
            &[&["editor"], &["title"]]
        }
        "incollection" | "suppcollection" | "inreference" => {
            &[&["author"], &["editor"], &["title"], &["booktitle"]]
        }
        "dataset" | "manual" | "misc" | "software" | "proceedings" | "mvproceedings" => &[&["title"]],
        "online" => &[&["title"], &["url", "doi", "eprint"]],
        "patent" => &[&["author"], &["title"], &["number"]],
        "inproceedings" => &[&["author"], &["title"], &["booktitle"]],
        "report" | "thesis" => &[&["author"], &["title"], &["type"], &["institution"]],
        "unpublished" => &[&["author"], &["title"]],
        "set" => &[&["entryset"]],
        _ => &[],
    }
}

/// The types `blx-dm.def` asks a `date` or `year` of.
const DATED: &[&str] = &[
    "article",
    "book",
    "inbook",
    "bookinbook",
    "suppbook",
    "booklet",
    "collection",
    "incollection",
    "suppcollection",
    "manual",
    "misc",
    "mvbook",
    "mvcollection",
    "online",
    "patent",
    "periodical",
    "suppperiodical",
    "proceedings",
    "inproceedings",
    "reference",
    "inreference",
    "report",
    "thesis",
    "unpublished",
];

/// Fields whose text is read verbatim: `&`, `#`, `_` and `%` mean themselves.
const VERBATIM: &[&str] = &["url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw"];

/// One entry as the raw parser saw it: where its key and fields are.
pub struct Entry {
    /// The block the entry was read from.
    pub block: RawRecord,
    /// The citation key.
    pub key: String,
    key_at: usize,
    /// Lowercase field name, offset of its name, offset of its value.
    fields: Vec<(String, usize, usize)>,
}

impl Entry {
    /// Where a finding's path (`/title`, `/@key`, `/@type`) lies in the input;
    /// the entry's start when the entry has no such field.
    pub fn position(&self, path: &str) -> Position {
        let name = path.trim_start_matches('/').split('/').next().unwrap_or_default();
        let offset = match name {
            "@key" => Some(self.key_at),
            "@type" => Some(1),
            _ => self.fields.iter().find(|(n, _, _)| n == name).map(|(_, _, v)| *v),
        };
        self.block.position(offset.unwrap_or(0))
    }

    fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _, _)| n == name)
    }
}

/// What the pass over one input's blocks keeps between blocks.
pub struct Pass {
    /// The `@string` macros defined so far.
    defined: HashSet<String>,
    /// Classic BibTeX: fields are named as BibTeX names them (`journal`, `year`).
    bibtex: bool,
}

impl Pass {
    /// A pass over a BibTeX (`bibtex`) or BibLaTeX input.
    pub fn new(bibtex: bool) -> Self {
        Pass { defined: HashSet::new(), bibtex }
    }

    /// Check one block: `None` for blocks that are no entry (`@string`,
    /// `@comment`, `@preamble`) and for entries the crate cannot parse (the
    /// reader reports those).
    pub fn block(&mut self, block: RawRecord, kind: &str) -> Option<(Entry, Vec<(Finding, Position)>)> {
        let raw = RawBibliography::parse(&block.text).ok()?;
        if kind == "string" {
            self.defined.extend(raw.abbreviations.iter().map(|p| p.key.v.to_ascii_lowercase()));
            return None;
        }
        let parsed = raw.entries.into_iter().next()?;
        let e = parsed.v;
        let fields: Vec<(String, usize, usize)> = e
            .fields
            .iter()
            .map(|p| (p.key.v.to_ascii_lowercase(), p.key.span.start, p.value.span.start))
            .collect();
        let mut out: Vec<(Finding, usize)> = Vec::new();
        let kind = e.kind.v.to_ascii_lowercase();
        entry_type(&kind, e.kind.span.start, &mut out);
        for pair in &e.fields {
            let name = pair.key.v.to_ascii_lowercase();
            let path = format!("/{name}");
            for chunk in &pair.value.v {
                match chunk.v {
                    // Offsets from the text itself: a chunk's span may take in the space before it.
                    RawChunk::Abbreviation(m) => {
                        let at = offset_in(&block.text, m).unwrap_or(chunk.span.start);
                        self.abbreviation(m, &path, at, &mut out);
                    }
                    RawChunk::Normal(s) if !VERBATIM.contains(&name.as_str()) => {
                        let at = offset_in(&block.text, s).unwrap_or(chunk.span.start);
                        specials(s, at, &path, &mut out);
                    }
                    RawChunk::Normal(_) => {}
                }
            }
            let text: String = pair
                .value
                .v
                .iter()
                .map(|c| match c.v {
                    RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                })
                .collect();
            value_rules(&name, &text, &path, pair.value.span.start, &mut out);
        }
        let entry = Entry { key: e.key.v.to_string(), key_at: e.key.span.start, fields, block };
        missing(&kind, &entry, self.bibtex, &mut out);
        let placed = out.into_iter().map(|(f, at)| (f, entry.block.position(at))).collect();
        Some((entry, placed))
    }

    fn abbreviation(&self, name: &str, path: &str, at: usize, out: &mut Vec<(Finding, usize)>) {
        let lower = name.to_ascii_lowercase();
        let month = lower.len() >= 3 && crate::model::MONTH_NAMES.iter().any(|m| m.starts_with(&lower));
        if self.defined.contains(&lower) || month {
            return;
        }
        out.push((
            Finding::warning("undefined-macro", path, format!("`{name}` is no @string defined before it"))
                .help(format!(
                    "write the value in braces ({{{name}}}) or define it first: @string{{{name} = {{...}}}}"
                )),
            at,
        ));
    }
}

/// Where `part`, a slice of `text`, starts in it; `None` for a string from elsewhere.
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + part.len() <= text.len()).then_some(offset)
}

fn entry_type(kind: &str, at: usize, out: &mut Vec<(Finding, usize)>) {
    if ENTRY_TYPES.contains(&kind) || ALIASES.iter().any(|(a, _, _)| *a == kind) {
        return;
    }
    out.push((
        Finding::warning("unknown-entry-type", "/@type", format!("`@{kind}` is no entry type of biber's data model"))
            .help("biber reads it as @misc; use a type of the data model: @article, @book, @incollection, @online, @report, @thesis, @misc, ..."),
        at,
    ));
}

/// The mandatory fields of the entry's type that it lacks.
fn missing(kind: &str, entry: &Entry, bibtex: bool, out: &mut Vec<(Finding, usize)>) {
    // The name a user of the dialect writes.
    let spelled = |f: &'static str| match FIELD_ALIASES.iter().find(|(_, c)| *c == f) {
        Some((alias, _)) if bibtex => *alias,
        _ => f,
    };
    let (kind, type_implied) =
        ALIASES.iter().find(|(a, _, _)| *a == kind).map_or((kind, false), |(_, t, i)| (*t, *i));
    let has = |name: &str| {
        entry.has(name)
            || FIELD_ALIASES.iter().any(|(alias, canonical)| *canonical == name && entry.has(alias))
    };
    let mut lacking: Vec<String> = mandatory(kind)
        .iter()
        .filter(|group| !group.iter().any(|f| has(f) || (*f == "type" && type_implied)))
        .map(|group| group.iter().map(|f| spelled(f)).collect::<Vec<_>>().join("` or `"))
        .collect();
    if DATED.contains(&kind) && !has("date") && !has("year") {
        lacking.push(if bibtex { "year" } else { "date` or `year" }.to_string());
    }
    for field in lacking {
        out.push((
            Finding::warning("missing-field", "/@key", format!("@{kind} `{}` has no `{field}`", entry.key))
                .help(format!("biber's data model requires `{field}` in @{kind}; add it, or choose the entry type that fits")),
            entry.key_at,
        ));
    }
}

/// `&`, `#`, `_` and `%` that LaTeX reads as commands: escaped as `\&`, or in math.
fn specials(s: &str, at: usize, path: &str, out: &mut Vec<(Finding, usize)>) {
    let mut math = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '$' if !escaped => math = !math,
            '&' | '#' | '_' | '%' if !escaped && !math => {
                out.push((
                    Finding::warning(
                        "unescaped-special",
                        path,
                        format!("`{c}` is a LaTeX special character here"),
                    )
                    .help(format!("write `\\{c}` for the character itself")),
                    at + i,
                ));
            }
            _ => {}
        }
        escaped = false;
    }
}

fn value_rules(name: &str, text: &str, path: &str, at: usize, out: &mut Vec<(Finding, usize)>) {
    let text = text.trim();
    match name {
        "url" if url::Url::parse(text).is_err() => out.push((
            Finding::error("url-malformed", path, format!("`{text}` is not an absolute URL"))
                .help("write an absolute URL with its scheme, e.g. https://example.org/document/123"),
            at,
        )),
        "date" | "urldate" | "origdate" | "eventdate" if text.parse::<crate::model::EdtfDate>().is_err() => {
            out.push((
                Finding::error("date-invalid", path, format!("`{text}` is not a date biber reads"))
                    .help("write an ISO 8601 date: 1969-04-14, 1969-04, 1969, 1969/1970, 1969~ (circa)"),
                at,
            ))
        }
        "month" => {
            let numeric = text.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
            let lower = text.to_ascii_lowercase();
            let named = lower.len() >= 3 && crate::model::MONTH_NAMES.iter().any(|m| m.starts_with(&lower));
            if !numeric && !named {
                out.push((
                    Finding::error("date-invalid", path, format!("`{text}` is no month"))
                        .help("write the month as a number from 1 to 12 or as a macro: jan, feb, ..."),
                    at,
                ));
            }
        }
        _ => {}
    }
}

/// Where the value behind a model field was read from in a `.bib` entry: the
/// pointer of a model finding as a field of the entry (`/note` for a
/// backwards leaf range in BibLaTeX); `""` (the entry) when none holds it.
pub fn entry_pointer(model: &str, record: &Record, entry: &Entry) -> String {
    let mut steps = model.split('/').skip(1);
    let (first, second, third) = (steps.next().unwrap_or_default(), steps.next(), steps.next());
    let candidates: &[&str] = match first {
        "key" => &["@key"],
        "title" | "subtitle" => &["title"],
        "date" => &["date", "year"],
        "events" => &["urldate"],
        "languages" => &["langid", "language"],
        "container" => &["journaltitle", "journal", "booktitle"],
        "references" if third == Some("repository") => &["organization", "howpublished"],
        "references" => &["note", "howpublished"],
        "publication" => match second {
            Some("url") => &["url"],
            Some("record_id") => &["eprint"],
            _ => &["howpublished", "url"],
        },
        "agents" => {
            let role = second.and_then(|i| i.parse::<usize>().ok()).and_then(|i| record.agents.get(i));
            match role.map(|a| a.role.as_str()) {
                Some("editor") => &["editor"],
                Some("translator") => &["translator", "addendum"],
                _ => &["author"],
            }
        }
        "extra" => {
            let field = second.and_then(|i| i.parse::<usize>().ok()).and_then(|i| record.extra.get(i));
            return field
                .filter(|e| entry.has(e.field.as_str()))
                .map_or_else(String::new, |e| format!("/{}", e.field));
        }
        "summary" => &["abstract"],
        "keywords" => &["keywords"],
        "document_type" => &["type"],
        _ => &[],
    };
    candidates.iter().find(|f| **f == "@key" || entry.has(f)).map_or_else(String::new, |f| format!("/{f}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(&'static str, String, usize, usize)> {
        let mut pass = Pass::new(false);
        let mut out = Vec::new();
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        for block in crate::formats::bib::Blocks::new("t".into(), reader) {
            let block = block.unwrap();
            let kind = crate::formats::bib::block_kind(&block.text);
            if let Some((_, found)) = pass.block(block, &kind) {
                out.extend(found.into_iter().map(|(f, p)| (f.code, f.path, p.line, p.column)));
            }
        }
        out
    }

    #[test]
    fn the_rules_of_a_bib_file_at_their_fields() {
        let text = "@string{ussr = {Soviet Union}}\n@article{a,\n  author = {X},\n  title = {R&D in the } # ussr # nato,\n  year = 1969,\n  journal = {J}\n}\n@journal{b, title = {T}, year = 1970}\n@article{c, author = {Y}, title = {T \\& U $a_1$}, url = {http://x.org/a_b}}\n";
        assert_eq!(
            codes(text),
            vec![
                ("unescaped-special", "/title".into(), 4, 13),
                ("undefined-macro", "/title".into(), 4, 34),
                ("unknown-entry-type", "/@type".into(), 8, 2),
                ("missing-field", "/@key".into(), 9, 10),
                ("missing-field", "/@key".into(), 9, 10),
            ]
        );
    }
}
