//! Record → `@misc` entry.

use std::io::Write;

use super::escape::{escape, protect_title};
use super::Dialect;
use crate::error::WriteError;
use crate::formats::labels::{conventional_location, credits, repository_label, short_reference, CiteKeys};
use crate::formats::Writer;
use crate::model::{Agent, Contributor, EdtfDate, EventKind, LanguageTag, NameOrder, Record, Role};

/// Writes `@misc` entries in one dialect, a blank line between entries.
pub struct BibWriter {
    dialect: Dialect,
    keys: CiteKeys,
    count: usize,
}

impl BibWriter {
    /// A writer for `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        BibWriter { dialect, keys: CiteKeys::default(), count: 0 }
    }
}

/// One field: its name and its value as written between the braces, or a bare
/// macro (`month = apr`).
struct Field {
    name: &'static str,
    value: String,
    bare: bool,
}

impl Writer for BibWriter {
    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        let key = self.keys.key_for(record);
        let fields = match self.dialect {
            Dialect::Bibtex => bibtex_fields(record),
            Dialect::Biblatex => biblatex_fields(record),
        };
        if self.count > 0 {
            out.write_all(b"\n")?;
        }
        self.count += 1;
        writeln!(out, "@misc{{{key},")?;
        let width = fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in &fields {
            match f.bare {
                true => writeln!(out, "  {:<width$} = {},", f.name, f.value)?,
                false => writeln!(out, "  {:<width$} = {{{}}},", f.name, f.value)?,
            }
        }
        writeln!(out, "}}")?;
        Ok(())
    }
}

/// Collects fields, escaping text and skipping empty values.
struct Fields {
    dialect: Dialect,
    list: Vec<Field>,
}

impl Fields {
    fn raw(&mut self, name: &'static str, value: Option<String>) {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            self.list.push(Field { name, value, bare: false });
        }
    }

    fn text(&mut self, name: &'static str, value: Option<&str>) {
        let escaped = value.map(|v| escape(v, self.dialect));
        self.raw(name, escaped);
    }
}

fn biblatex_fields(record: &Record) -> Vec<Field> {
    let mut f = Fields { dialect: Dialect::Biblatex, list: Vec::new() };
    f.raw("author", names(record, Role::Author, Dialect::Biblatex));
    f.raw("editor", names(record, Role::Editor, Dialect::Biblatex));
    f.raw("title", Some(protect_title(&record.title, Dialect::Biblatex)));
    f.text("type", record.document_type.as_ref().map(|t| t.label()));
    f.raw("entrysubtype", Some("archival".into()));
    f.raw("date", Some(record.date.as_ref().map_or_else(|| UNDATED.to_string(), biblatex_date)));
    f.raw("langid", record.languages.primary().and_then(babel_name).map(str::to_string));
    let originals: Vec<&str> = record.languages.original.iter().filter_map(babel_name).collect();
    f.raw("language", (!originals.is_empty()).then(|| originals.join(" and ")));
    let first = record.references.first();
    let repository = first.and_then(|r| r.repository.as_ref());
    f.text("organization", repository.map(repository_label).as_deref());
    f.text("location", repository.and_then(|r| r.place.as_deref()));
    let mut locations: Vec<String> = first.map(conventional_location).into_iter().collect();
    locations.extend(also_held(record));
    f.text("note", Some(&locations.join("; ")));
    f.text("addendum", credits(record, true).as_deref());
    f.text("howpublished", publication_line(record).as_deref());
    f.raw("url", url(record));
    f.raw("urldate", record.event(&EventKind::Accessed).map(biblatex_date));
    f.text("eprint", record.publication.as_ref().and_then(|p| p.record_id.as_deref()));
    f.text("abstract", record.summary.as_deref());
    f.text("keywords", Some(&record.subjects.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
    f.list
}

fn bibtex_fields(record: &Record) -> Vec<Field> {
    let mut f = Fields { dialect: Dialect::Bibtex, list: Vec::new() };
    f.raw("author", names(record, Role::Author, Dialect::Bibtex));
    f.raw("title", Some(protect_title(&record.title, Dialect::Bibtex)));
    let held = record.references.first().map(|r| {
        let repository = r.repository.as_ref();
        let parts = [
            repository.map(repository_label),
            repository.and_then(|r| r.place.as_ref()).map(|p| p.to_string()),
        ];
        let mut parts: Vec<String> = parts.into_iter().flatten().collect();
        parts.push(conventional_location(r));
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    });
    f.text("howpublished", held.as_deref());
    let start = record.date.as_ref().and_then(|d| d.start().or(d.end()));
    f.raw("year", record.date.as_ref().map(bibtex_year));
    if let Some(month) = start.and_then(|d| d.month()) {
        f.list.push(Field { name: "month", value: MONTHS[usize::from(month) - 1].into(), bare: true });
    }
    if record.date.is_none() {
        // bibtex ignores `date`; biber, which reads BibTeX files too, needs a date or a year.
        f.raw("date", Some(UNDATED.into()));
    }
    let mut note: Vec<String> = record.document_type.iter().map(|t| format!("{}.", t.label())).collect();
    note.extend(credits(record, true));
    note.extend(also_held(record).map(|a| format!("{a}.")));
    note.extend(publication_line(record).map(|p| format!("{p}.")));
    f.text("note", Some(&note.join(" ")));
    f.raw("url", url(record));
    f.list
}

/// EDTF for "year unspecified": biber requires a date on `@misc`, and an
/// undated document has one that nobody knows.
pub(super) const UNDATED: &str = "XXXX";

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// `1969` or `1969--1970`: the years a BibTeX style can sort and print.
fn bibtex_year(date: &EdtfDate) -> String {
    let year = |d: Option<&crate::model::PartialDate>| d.map(|d| d.iso_year());
    match (year(date.start()), year(date.end())) {
        (Some(a), Some(b)) if a != b => format!("{a}--{b}"),
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    }
}

/// EDTF as biber reads it, with `~?` for `%` (which TeX would take as a
/// comment in a `.bib` file; biber reads both the same).
fn biblatex_date(date: &EdtfDate) -> String {
    date.to_string().replace('%', "~?")
}

/// "Also held as: AVPRF, f. 059a, ...", for the references after the first.
fn also_held(record: &Record) -> Option<String> {
    let others: Vec<String> = record.references.iter().skip(1).map(short_reference).collect();
    (!others.is_empty()).then(|| format!("Also held as: {}", others.join("; ")))
}

/// "History and Public Policy Program Digital Archive, Wilson Center".
fn publication_line(record: &Record) -> Option<String> {
    let p = record.publication.as_ref()?;
    let parts: Vec<&str> = [p.collection.as_deref(), p.publisher.as_deref()].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The URL as `\url` and biber take it: `%` needs a backslash, and a brace
/// (which a URL may only carry percent-encoded) is written percent-encoded, as
/// an unbalanced one would end the field.
fn url(record: &Record) -> Option<String> {
    let url = record.publication.as_ref()?.url.as_ref()?;
    Some(url.as_str().replace('%', "\\%").replace('{', "\\%7B").replace('}', "\\%7D"))
}

/// The agents in `role` as a BibTeX name list.
fn names(record: &Record, role: Role, dialect: Dialect) -> Option<String> {
    let list: Vec<String> = record.agents_in(role).map(|c| name(c, dialect)).collect();
    (!list.is_empty()).then(|| list.join(" and "))
}

fn name(c: &Contributor, dialect: Dialect) -> String {
    let part = |s: &str| {
        let e = escape(s, dialect);
        // A comma or a lone "and" inside a part would split the name.
        let splits = s.contains(',') || s.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"));
        if splits {
            format!("{{{e}}}")
        } else {
            e
        }
    };
    match &c.agent {
        Agent::Person(p) if p.name_order == NameOrder::GivenFirst => match &p.given {
            Some(g) => format!("{}, {}", part(&p.family), part(g)),
            None => part(&p.family),
        },
        other => format!("{{{}}}", escape(&other.display_name(), dialect)),
    }
}

/// The babel/biblatex language name for a tag, for `langid` and `language`.
pub(super) fn babel_name(tag: &LanguageTag) -> Option<&'static str> {
    BABEL.iter().find(|(t, _)| *t == tag.primary()).map(|(_, n)| *n)
}

/// Languages babel and biblatex both know, by primary subtag.
pub(super) const BABEL: &[(&str, &str)] = &[
    ("bg", "bulgarian"),
    ("cs", "czech"),
    ("da", "danish"),
    ("de", "german"),
    ("el", "greek"),
    ("en", "english"),
    ("es", "spanish"),
    ("et", "estonian"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("hr", "croatian"),
    ("hu", "magyar"),
    ("it", "italian"),
    ("lt", "lithuanian"),
    ("lv", "latvian"),
    ("nl", "dutch"),
    ("no", "norsk"),
    ("pl", "polish"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sk", "slovak"),
    ("sl", "slovene"),
    ("sr", "serbian"),
    ("sv", "swedish"),
    ("tr", "turkish"),
    ("uk", "ukrainian"),
];
