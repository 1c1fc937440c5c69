//! `.bib` entry → record, with the biblatex crate doing the parsing.
//!
//! Each block from [`Blocks`] is parsed alone, with the `@string`
//! abbreviations seen so far prepended; the crate's byte spans are mapped back
//! to lines and columns of the whole input. Field values are the crate's
//! resolved text (commands like `{\"u}` and `\textbackslash{}` decoded,
//! protecting braces dropped), so whatever archcite wrote reads back to the
//! value it escaped.
//!
//! Mapping back (both dialects): `title`, `author`/`editor`/`translator`
//! (a name that is one braced group is an organisation), `type` → document
//! type, `date` or `year`/`month`, `urldate` → accessed, `langid`/`language`,
//! `organization` ("Name (ABBR)") and `location` → repository, `url`,
//! `eprint` → record id, `abstract`, `keywords`. The archival location
//! (`note` in BibLaTeX, `howpublished` in BibTeX) comes back as the raw
//! reference; every other field becomes a note whose kind is the field name.

use biblatex::{Bibliography, Chunk, Chunks, RawBibliography, RawChunk, Spanned};

use super::split::{block_kind, Blocks};
use super::write::{BABEL, UNDATED};
use super::Dialect;
use crate::error::{ErrorKind, RecordError};
use crate::formats::scan::RawRecord;
use crate::formats::{Reader, Records, Source, Warning};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag,
    NonEmpty, Note, NoteKind, Organization, PartialDate, Person, Publication, Record, Repository, Role,
};

/// Reads `.bib` entries in one dialect.
pub struct BibReader {
    dialect: Dialect,
}

impl BibReader {
    /// A reader for `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        BibReader { dialect }
    }
}

impl Reader for BibReader {
    fn read(&self, source: Source) -> Records {
        let name = source.name.clone();
        let dialect = self.dialect;
        let warnings = source.warnings.clone();
        let mut blocks = Blocks::new(source.name, source.reader);
        let mut strings = String::new();
        let mut n = 0;
        Box::new(std::iter::from_fn(move || loop {
            let block = match blocks.next()? {
                Ok(b) => b,
                Err(e) => {
                    n += 1;
                    return Some(Err(e.in_record(n)));
                }
            };
            match block_kind(&block.text).as_str() {
                "comment" | "preamble" => continue,
                "string" => match parse_block(&block, "", &name) {
                    Ok(_) => {
                        strings.push_str(&block.text);
                        strings.push('\n');
                        continue;
                    }
                    Err(e) => return Some(Err(e)),
                },
                _ => {}
            }
            n += 1;
            let (entry, undefined) = read_entry(&block, &strings, &name, n, dialect);
            for macro_name in undefined {
                let message = format!(
                    "`{macro_name}` is not a defined @string macro: kept as the text \"{macro_name}\""
                );
                warnings.push(Warning { source: name.clone(), record: Some(n), message });
            }
            return Some(entry);
        }))
    }
}

/// Parse one block (after the `@string` definitions `strings`) with the crate.
///
/// `crossref` and `xdata` name other entries; as each block is parsed alone
/// they can only ever point at the entry itself, which sends the crate's
/// resolution into endless recursion. They are taken out before resolving and
/// handed back as plain fields, so they are kept as notes, not lost.
fn parse_block(block: &RawRecord, strings: &str, name: &str) -> Result<Parsed, RecordError> {
    let src = format!("{strings}{}", block.text);
    let fail = |e: biblatex::ParseError| {
        let offset = e.span.start.saturating_sub(strings.len());
        let help = match e.kind {
            biblatex::ParseErrorKind::UnexpectedEof => {
                "the entry is not closed: check that its braces balance"
            }
            biblatex::ParseErrorKind::Expected(_) => "an entry is `@type{key, field = {value}, ...}`",
            _ => "fix the entry or leave it out; the other entries are read",
        };
        RecordError::new(ErrorKind::Bib, name, e.kind.to_string()).at(block.position(offset)).help(help)
    };
    let mut raw = RawBibliography::parse(&src).map_err(fail)?;
    let mut links = Links::new();
    let defined: Vec<&str> = raw.abbreviations.iter().map(|p| p.key.v).collect();
    let mut undefined = Vec::new();
    for entry in &mut raw.entries {
        // A macro no @string defines (and no month name) is most likely a value
        // written without braces: kept as its text, with a warning.
        for chunk in entry.v.fields.iter_mut().flat_map(|pair| pair.value.v.iter_mut()) {
            if let RawChunk::Abbreviation(s) = chunk.v {
                // The crate resolves `jan` ... `dec` itself; other short month
                // names (`sept`) are read as text, as the date reader knows them.
                let crate_month = s.len() == 3 && is_month_macro(s);
                if !defined.contains(&s) && !crate_month {
                    chunk.v = RawChunk::Normal(s);
                    if !is_month_macro(s) {
                        undefined.push(s.to_string());
                    }
                }
            }
        }
        entry.v.fields.retain(|pair| {
            let key = pair.key.v.to_ascii_lowercase();
            if !matches!(key.as_str(), "crossref" | "xdata") {
                return true;
            }
            let text: String = pair
                .value
                .v
                .iter()
                .map(|c| match c.v {
                    RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                })
                .collect();
            links.push((key, text));
            false
        });
    }
    Ok((Bibliography::from_raw(raw).map_err(fail)?, links, undefined))
}

/// `jan` ... `dec`, the month macros every BibTeX style defines, and the
/// other short forms people write (`sept`, `june`): any start of a month's
/// name of three letters or more.
fn is_month_macro(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    s.len() >= 3 && crate::model::MONTH_NAMES.iter().any(|m| m.starts_with(&s))
}

/// The `crossref` and `xdata` fields of an entry: (field, value).
type Links = Vec<(String, String)>;

/// A parsed block, its links, and the undefined macros kept as text.
type Parsed = (Bibliography, Links, Vec<String>);

/// One entry as a record, and the undefined macros it kept as text.
fn read_entry(
    block: &RawRecord,
    strings: &str,
    name: &str,
    n: usize,
    dialect: Dialect,
) -> (Result<Record, RecordError>, Vec<String>) {
    let (bibliography, links, undefined) = match parse_block(block, strings, name) {
        Ok(parsed) => parsed,
        Err(e) => return (Err(e.in_record(n)), Vec::new()),
    };
    let Some(entry) = bibliography.into_vec().pop() else {
        let err = RecordError::new(ErrorKind::Bib, name, "no entry here").at(block.start).in_record(n);
        return (Err(err), undefined);
    };
    let mut fields: Vec<(String, String, Chunks)> =
        entry.fields.into_iter().map(|(k, v)| (k, chunks_text(&v), v)).collect();
    for (key, text) in links {
        let chunks = vec![Spanned::new(Chunk::Normal(text.clone()), 0..0)];
        fields.push((key, text, chunks));
    }
    let record = from_fields(entry.key, &mut fields, dialect).map_err(|(field, message)| {
        RecordError::new(ErrorKind::Invalid, name, message).at(block.start).in_record(n).field(field)
    });
    (record, undefined)
}

/// A field's resolved text: chunks joined, math kept between dollars.
fn chunks_text(chunks: &Chunks) -> String {
    let mut out = String::new();
    for c in chunks {
        match &c.v {
            Chunk::Normal(s) | Chunk::Verbatim(s) => out.push_str(s),
            Chunk::Math(s) => {
                out.push('$');
                out.push_str(s);
                out.push('$');
            }
        }
    }
    out.trim().to_string()
}

type Fields = Vec<(String, String, Chunks)>;

/// Remove and return a field's text.
fn take(fields: &mut Fields, name: &str) -> Option<String> {
    let i = fields.iter().position(|(k, _, _)| k == name)?;
    Some(fields.remove(i).1).filter(|v| !v.is_empty())
}

fn take_chunks(fields: &mut Fields, name: &str) -> Option<Chunks> {
    let i = fields.iter().position(|(k, _, _)| k == name)?;
    Some(fields.remove(i).2)
}

fn note(kind: &str, text: &str) -> Option<Note> {
    Some(Note { kind: NoteKind::parse_loose(kind)?, text: NonEmpty::new(text)? })
}

fn from_fields(key: String, fields: &mut Fields, dialect: Dialect) -> Result<Record, (String, String)> {
    let title = take(fields, "title").and_then(|t| NonEmpty::new(&t));
    let title = title.ok_or_else(|| ("title".to_string(), "the entry has no title".to_string()))?;
    let mut record = Record::new(title);
    record.key = NonEmpty::new(&key);
    for (field, role) in
        [("author", Role::Author), ("editor", Role::Editor), ("translator", Role::Translator)]
    {
        let chunks = take_chunks(fields, field).unwrap_or_default();
        record.agents.extend(split_names(&chunks).into_iter().map(|a| Contributor::new(role, a)));
    }
    record.document_type = take(fields, "type").and_then(|t| DocumentType::parse_loose(&t));
    read_dates(fields, &mut record);
    read_languages(fields, &mut record);
    read_reference(fields, &mut record, dialect);
    read_publication(fields, &mut record, dialect);
    record.summary = take(fields, "abstract").and_then(|s| NonEmpty::new(&s));
    record.subjects =
        take(fields, "keywords").unwrap_or_default().split([',', ';']).filter_map(NonEmpty::new).collect();
    // `archival` is what archcite writes for biblatex-chicago; other values are kept.
    if let Some(subtype) = take(fields, "entrysubtype").filter(|s| s != "archival") {
        record.notes.extend(note("entrysubtype", &subtype));
    }
    for (k, v, _) in fields.drain(..) {
        record.notes.extend(note(if k == "note" || k == "addendum" { "general" } else { &k }, &v));
    }
    Ok(record)
}

fn read_dates(fields: &mut Fields, record: &mut Record) {
    let year = take(fields, "year");
    let month = take(fields, "month");
    let date = take(fields, "date").filter(|d| d != UNDATED);
    record.date = match &date {
        Some(d) => parse_edtf(d),
        None => year.as_deref().and_then(|y| year_month(y, month.as_deref())),
    };
    let said = date.is_some() || year.is_some() || month.is_some();
    if record.date.is_none() && said {
        let written = [date, year, month].into_iter().flatten().collect::<Vec<_>>().join(" ");
        record.notes.extend(note("date", &written));
    }
    if let Some(accessed) = take(fields, "urldate") {
        match parse_edtf(&accessed) {
            Some(date) => record.events.push(Event { kind: EventKind::Accessed, date, note: None }),
            None => record.notes.extend(note("urldate", &accessed)),
        }
    }
}

/// EDTF as biblatex writes it; `~?` and `?~` are EDTF's `%`.
fn parse_edtf(text: &str) -> Option<EdtfDate> {
    text.trim().replace("~?", "%").replace("?~", "%").parse().ok()
}

/// BibTeX's `year` (`1969`, `1969--1970`) and `month` (`4`, `April`, `apr`).
fn year_month(year: &str, month: Option<&str>) -> Option<EdtfDate> {
    let month = month.and_then(|m| {
        let m = m.trim().to_ascii_lowercase();
        m.parse::<u8>().ok().or_else(|| {
            let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            names.iter().position(|n| m.starts_with(n)).map(|i| i as u8 + 1)
        })
    });
    match years(year).as_slice() {
        [y] => PartialDate::new(*y, month, None, Certainty::Exact).ok().map(EdtfDate::Single),
        [a, b] => {
            let d = |y| PartialDate::new(y, None, None, Certainty::Exact).ok();
            Some(EdtfDate::Interval(Some(d(*a)?), Some(d(*b)?)))
        }
        _ => None,
    }
}

/// The years of `1969`, `1969--1970`, `1969–1970`, `1969/1970` or `-0044`
/// (a minus sign before the first digit is a year before the common era, not a
/// range dash).
fn years(text: &str) -> Vec<i32> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Ok(first) = rest[..digits].parse::<i32>() else { return Vec::new() };
    let tail = rest[digits..].trim().trim_start_matches(['-', '–', '/']).trim();
    if tail.is_empty() {
        return vec![sign * first];
    }
    match years(tail).as_slice() {
        [second] => vec![sign * first, *second],
        _ => Vec::new(),
    }
}

fn read_languages(fields: &mut Fields, record: &mut Record) {
    let tag = |name: &str| -> Option<LanguageTag> {
        let n = name.trim().to_ascii_lowercase();
        let n = match n.as_str() {
            "american" | "british" | "australian" | "canadian" => "english",
            "ngerman" | "austrian" | "naustrian" | "swissgerman" => "german",
            "hungarian" => "magyar",
            other => other,
        };
        let known = BABEL.iter().find(|(_, b)| *b == n).map(|(t, _)| *t);
        known.and_then(|t| t.parse().ok()).or_else(|| LanguageTag::from_code_or_name(n))
    };
    let langid = take(fields, "langid").and_then(|l| tag(&l));
    let originals: Vec<LanguageTag> =
        take(fields, "language").unwrap_or_default().split(" and ").filter_map(tag).collect();
    record.languages.original = originals;
    match langid {
        Some(l) if record.languages.original.is_empty() => record.languages.original.push(l),
        Some(l) if !record.languages.original.contains(&l) => record.languages.translation.push(l),
        _ => {}
    }
}

fn read_reference(fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let organization = take(fields, "organization");
    let place = take(fields, "location").and_then(|p| NonEmpty::new(&p));
    // A BibLaTeX `note` is the archival location only in archival entries (as
    // archcite writes them); elsewhere it is a note like any other.
    let archival =
        organization.is_some() || fields.iter().any(|(k, v, _)| k == "entrysubtype" && v == "archival");
    let location = match dialect {
        Dialect::Biblatex if archival => take(fields, "note"),
        Dialect::Biblatex => None,
        Dialect::Bibtex => take(fields, "howpublished"),
    };
    let repository = organization.as_deref().map(|o| Repository { place, ..repository(o) });
    if repository.is_none() && location.is_none() {
        return;
    }
    let label = repository.as_ref().map(|r| r.label().to_string());
    let levels = location.as_deref().and_then(|l| crate::refparse::levels_of(label.as_deref(), l));
    let raw = location.as_deref().and_then(NonEmpty::new);
    record.references.push(ArchivalReference { repository, levels: levels.unwrap_or_default(), raw });
}

/// "Russian State Archive of Contemporary History (RGANI)" → the registry's
/// entry when it knows the archive, else name and abbreviation as written.
fn repository(label: &str) -> Repository {
    if let Some(known) = crate::registry::lookup(label) {
        return known;
    }
    let split = label.strip_suffix(')').and_then(|l| l.rsplit_once(" ("));
    match split.and_then(|(n, a)| Some((NonEmpty::new(n)?, NonEmpty::new(a)?))) {
        Some((name, abbreviation)) if !abbreviation.contains(' ') || abbreviation.len() <= 12 => {
            Repository { abbreviation: Some(abbreviation), ..Repository::named(name) }
        }
        _ => Repository::named(NonEmpty::new(label).expect("taken fields are not blank")),
    }
}

fn read_publication(fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let collection = match dialect {
        Dialect::Biblatex => take(fields, "howpublished"),
        Dialect::Bibtex => None,
    };
    let url_text = take(fields, "url").map(|u| u.replace("\\%", "%"));
    let url = url_text.as_deref().and_then(|u| url::Url::parse(u).ok());
    if let (Some(u), None) = (&url_text, &url) {
        record.notes.extend(note("url", u));
    }
    let record_id = take(fields, "eprint").and_then(|e| NonEmpty::new(&e));
    let collection = collection.and_then(|c| NonEmpty::new(&c));
    if collection.is_some() || url.is_some() || record_id.is_some() {
        record.publication = Some(Publication { collection, publisher: None, place: None, url, record_id });
    }
}

/// A BibTeX name list: names split at ` and ` outside braces; a name that is
/// one braced group is an organisation (or a family-first name written whole).
fn split_names(chunks: &Chunks) -> Vec<Agent> {
    // (character, protected by braces)
    let mut chars: Vec<(char, bool)> = Vec::new();
    for c in chunks {
        let protected = matches!(c.v, Chunk::Verbatim(_));
        chars.extend(c.v.get().chars().map(|ch| (ch, protected)));
    }
    let mut names = Vec::new();
    let mut current: Vec<(char, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_and = chars[i..]
            .iter()
            .take(5)
            .map(|&(c, p)| (!p).then_some(c.to_ascii_lowercase()))
            .collect::<Option<String>>();
        if at_and.as_deref() == Some(" and ") {
            names.extend(agent(&current));
            current.clear();
            i += 5;
            continue;
        }
        current.push(chars[i]);
        i += 1;
    }
    names.extend(agent(&current));
    names
}

fn agent(name: &[(char, bool)]) -> Option<Agent> {
    let text: String = name.iter().map(|&(c, _)| c).collect();
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let whole_group = name.iter().filter(|(c, _)| !c.is_whitespace()).all(|&(_, p)| p);
    if whole_group {
        return Some(Agent::Organization(Organization::new(NonEmpty::new(text)?)));
    }
    let comma = name.iter().position(|&(c, p)| c == ',' && !p);
    let (family, given) = match comma {
        Some(i) => {
            let family: String = name[..i].iter().map(|&(c, _)| c).collect();
            let given: String = name[i + 1..].iter().map(|&(c, _)| c).collect();
            let given = given.rsplit(',').next().unwrap_or("").to_string();
            (family, given)
        }
        None => match text.rsplit_once(' ') {
            Some((given, family)) => (family.to_string(), given.to_string()),
            None => (text.to_string(), String::new()),
        },
    };
    Some(Agent::Person(Person::new(NonEmpty::new(&family)?, NonEmpty::new(&given))))
}
