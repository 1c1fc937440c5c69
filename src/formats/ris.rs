//! RIS, the tagged format reference managers and catalogues exchange.
//!
//! Mapping (model → tag), chosen so that Zotero, Citation.js and rispy each find
//! the archival fields where they look for them:
//!
//! | model | tag | note |
//! |---|---|---|
//! | — | `TY  - MANSCPT` | archival documents are manuscripts |
//! | key | `ID` | |
//! | title | `TI` | |
//! | original title | `C1` | custom field: RIS has no original-title tag |
//! | authors | `AU` | persons as "Family, Given" |
//! | translators | `A4` | Zotero and Citation.js read A4 as translator |
//! | date | `PY`, `DA` | `DA` is `YYYY/MM/DD/` with `circa` or `uncertain` in the fourth part |
//! | type | `M3` | genre / manuscript type |
//! | repository (full name) | `PB` | Citation.js reads PB as the archive of a manuscript |
//! | repository place | `CY` | |
//! | archival location | `AV` | conventional short form, "f. 5, op. 61, d. 462, ll. 95–101" |
//! | digital collection | `DB` | name of the database |
//! | its publisher | `DP` | database provider |
//! | URL, record ID | `UR`, `AN` | |
//! | original language | `LA` | English name of the language |
//! | summary | `AB` | |
//! | subjects, places | `KW` | one per line |
//! | other credits, funders, rights, notes | `N1` | one sentence each, read back through the credit parser |
//!
//! Lossy: RIS has no structure for archival levels (read back by parsing `AV`
//! with the reference parser), none for the translation language, events,
//! people discussed, related records or the document text; line breaks inside a
//! value become spaces; several references keep only the first in `PB`/`AV` and
//! the others as notes.

use std::io::Write;

use crate::error::{ErrorKind, Position, RecordError, WriteError};
use crate::formats::{Reader, Records, Source, Writer};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, LanguageTag, NonEmpty, Note,
    NoteKind, PartialDate, Publication, Record, Repository, Role,
};
use crate::refparse::{self, Credit, RenderStyle};

/// Writes RIS records.
pub struct RisWriter;

/// Reads RIS records.
pub struct RisReader;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tag(out: &mut dyn Write, tag: &str, value: &str) -> std::io::Result<()> {
    let v = one_line(value);
    if v.is_empty() {
        return Ok(());
    }
    write!(out, "{tag}  - {v}\r\n")
}

fn name_of(agent: &Agent) -> String {
    match agent {
        Agent::Person(p) => match &p.given {
            Some(g) => format!("{}, {g}", p.family),
            None => p.family.to_string(),
        },
        Agent::Organization(o) => o.name.to_string(),
    }
}

impl Writer for RisWriter {
    fn write(&mut self, out: &mut dyn Write, r: &Record) -> Result<(), WriteError> {
        tag(out, "TY", "MANSCPT")?;
        if let Some(k) = &r.key {
            tag(out, "ID", k)?;
        }
        tag(out, "TI", &r.title)?;
        if let Some(t) = &r.original_title {
            tag(out, "C1", t)?;
        }
        for c in r.agents_in(Role::Author) {
            tag(out, "AU", &name_of(&c.agent))?;
        }
        for c in r.agents_in(Role::Translator).filter(|c| c.on_behalf_of.is_none()) {
            tag(out, "A4", &name_of(&c.agent))?;
        }
        write_date(out, r.date.as_ref())?;
        if let Some(t) = &r.document_type {
            tag(out, "M3", t.label())?;
        }
        write_reference(out, r.references.first())?;
        write_publication(out, r.publication.as_ref())?;
        if let Some(name) = r.languages.original.first().and_then(LanguageTag::english_name) {
            tag(out, "LA", name)?;
        }
        if let Some(s) = &r.summary {
            tag(out, "AB", s)?;
        }
        for k in r.subjects.iter().chain(&r.places) {
            tag(out, "KW", k)?;
        }
        for n in notes(r) {
            tag(out, "N1", &n)?;
        }
        write!(out, "ER  - \r\n\r\n")?;
        Ok(())
    }
}

fn write_date(out: &mut dyn Write, date: Option<&EdtfDate>) -> std::io::Result<()> {
    let Some(d) = date.and_then(EdtfDate::start) else { return Ok(()) };
    tag(out, "PY", &d.iso_year())?;
    let part = |p: Option<u8>| p.map(|v| format!("{v:02}")).unwrap_or_default();
    let other = match d.certainty() {
        c if c.is_approximate() => "circa",
        c if c.is_uncertain() => "uncertain",
        _ => "",
    };
    tag(out, "DA", &format!("{}/{}/{}/{other}", d.iso_year(), part(d.month()), part(d.day())))
}

fn write_reference(out: &mut dyn Write, r: Option<&ArchivalReference>) -> std::io::Result<()> {
    let Some(r) = r else { return Ok(()) };
    if let Some(repo) = &r.repository {
        tag(out, "PB", repo.full_label())?;
        if let Some(place) = &repo.place {
            tag(out, "CY", place)?;
        }
    }
    tag(out, "AV", &refparse::render_location(r, RenderStyle::Short))
}

fn write_publication(out: &mut dyn Write, p: Option<&Publication>) -> std::io::Result<()> {
    let Some(p) = p else { return Ok(()) };
    for (t, v) in [("DB", &p.collection), ("DP", &p.publisher), ("AN", &p.record_id)] {
        if let Some(v) = v {
            tag(out, t, v)?;
        }
    }
    if let Some(u) = &p.url {
        tag(out, "UR", u.as_str())?;
    }
    Ok(())
}

/// Credit sentences the reference parser reads back ("Translated for NKIDP by
/// James F. Person."), then funders, other references, rights and notes.
fn notes(r: &Record) -> Vec<String> {
    let mut out = Vec::new();
    for c in &r.agents {
        if let Some(verb) = credit_verb(c) {
            let by = match &c.on_behalf_of {
                Some(o) => format!("{verb} for {o} by"),
                None => format!("{verb} by"),
            };
            out.push(format!("{by} {}.", c.agent.display_name()));
        }
    }
    for f in r.funders() {
        out.push(format!("Funding: {}", f.display_name()));
    }
    for other in r.references.iter().skip(1) {
        out.push(format!(
            "Also held: {}",
            refparse::render_with(other, RenderStyle::Short, refparse::RepoName::Full)
        ));
    }
    if let Some(s) = r.rights.as_ref().and_then(|x| x.statement.as_ref()) {
        out.push(format!("Rights: {s}"));
    }
    out.extend(r.notes.iter().map(|n| format!("{}: {}", n.kind.label(), n.text)));
    out
}

/// The verb of a credit sentence, for roles not carried by their own tag.
fn credit_verb(c: &Contributor) -> Option<&'static str> {
    Some(match c.role {
        Role::Translator if c.on_behalf_of.is_some() => "Translated",
        Role::ObtainedBy => "Obtained",
        Role::Contributor => "Contributed",
        Role::Transcriber => "Transcribed",
        Role::Editor => "Edited",
        _ => return None,
    })
}

impl Reader for RisReader {
    fn read(&self, source: Source) -> Records {
        let (name, text) = match source.read_text() {
            Ok(x) => x,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let entries = split_entries(&name, &text);
        Box::new(entries.into_iter().map(move |entry| {
            let entry = entry?;
            build(&entry.lines).map_err(|m| {
                RecordError::new(ErrorKind::Invalid, &name, m).at(entry.start).in_record(entry.number)
            })
        }))
    }
}

/// One record's tag lines, with the position of its `TY` line and its number.
struct Entry {
    start: Position,
    number: usize,
    lines: Vec<(String, String)>,
    /// The first line that broke the record: it is refused whole, not guessed at.
    broken: Option<RecordError>,
}

/// Tags whose values are running text, which exporters wrap onto lines of
/// their own; a line without a tag after any other tag is not a continuation
/// but a mistake, and is reported rather than glued onto a name or a date.
const WRAPPING: &[&str] = &[
    "TI", "T1", "T2", "T3", "TT", "BT", "ST", "CT", "JO", "JF", "JA", "J1", "J2", "AB", "N1", "N2", "AD",
    "PB",
];

fn split_entries(name: &str, text: &str) -> Vec<Result<Entry, RecordError>> {
    let mut entries = Vec::new();
    let mut current: Option<Entry> = None;
    let mut number = 0;
    let error = |pos: Position, message: String, help: &str| {
        RecordError::new(ErrorKind::Ris, name, message).at(pos).help(help)
    };
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let pos = Position { line: i + 1, column: 1 };
        let line = raw.trim_end();
        if line.is_empty() {
            continue;
        }
        let Some((t, value)) = tag_line(line) else {
            match current.as_mut() {
                Some(entry) => continuation(entry, line, || {
                    let message =
                        format!("`{line}` is not a RIS tag line, nor the continuation of a text field");
                    error(pos, message, "every line reads `XX  - value`; only notes, abstracts and titles run on over several lines")
                }),
                None => entries.push(Err(error(
                    pos,
                    format!("`{line}` is not a RIS tag line"),
                    "every line reads `XX  - value`, and a record starts with `TY  - `",
                ))),
            }
            continue;
        };
        match (t, current.take()) {
            ("TY", open) => {
                if let Some(open) = open {
                    let message = format!(
                        "the record is not closed: line {} starts another record before its `ER  - `",
                        pos.line
                    );
                    let err =
                        error(open.start, message, "end each record with `ER  - `").in_record(open.number);
                    entries.push(Err(err));
                }
                number += 1;
                let lines = vec![(t.to_string(), value.to_string())];
                current = Some(Entry { start: pos, number, lines, broken: None });
            }
            ("ER", Some(entry)) => entries.push(match entry.broken {
                Some(err) => Err(err.in_record(entry.number)),
                None => Ok(entry),
            }),
            (_, None) => entries.push(Err(error(
                pos,
                format!("tag {t} outside a record"),
                "start each record with `TY  - `",
            ))),
            (_, Some(mut entry)) => {
                entry.lines.push((t.to_string(), value.to_string()));
                current = Some(entry);
            }
        }
    }
    if let Some(open) = current {
        let err = error(open.start, "the last record is not closed".into(), "end it with `ER  - `");
        entries.push(Err(err.in_record(open.number)));
    }
    entries
}

/// A line without a tag: more of a text field, or (reported) a broken record.
fn continuation(entry: &mut Entry, line: &str, broken: impl FnOnce() -> RecordError) {
    match entry.lines.last_mut() {
        Some((t, v)) if WRAPPING.contains(&t.as_str()) => {
            v.push(' ');
            v.push_str(line.trim());
        }
        _ => {
            entry.broken.get_or_insert_with(broken);
        }
    }
}

/// `XX  - value`: a tag of an upper-case letter and a letter or digit, two
/// spaces, a hyphen. Several exporters write one space each side
/// (`TY - JOUR`), which is read too. Compared as bytes: the line may hold any
/// character at any place.
pub(crate) fn tag_line(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let tag =
        b.len() >= 4 && b[0].is_ascii_uppercase() && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit());
    if !tag {
        return None;
    }
    let rest = if b[2..].starts_with(b"  -") {
        &line[5..]
    } else if b[2..].starts_with(b" -") && matches!(b.get(4), None | Some(b' ')) {
        &line[4..]
    } else {
        return None;
    };
    Some((&line[..2], rest.trim()))
}

fn build(lines: &[(String, String)]) -> Result<Record, String> {
    let title = lines
        .iter()
        .find(|(t, _)| t == "TI" || t == "T1")
        .and_then(|(_, v)| NonEmpty::new(v))
        .ok_or("the record has no title (TI)")?;
    let mut r = Record::new(title);
    let mut reference: Option<ArchivalReference> = None;
    for (t, v) in lines {
        let Some(value) = NonEmpty::new(v) else { continue };
        apply(&mut r, &mut reference, t, value)?;
    }
    if let Some(reference) = reference {
        r.references.insert(0, reference);
    }
    Ok(r)
}

fn apply(
    r: &mut Record,
    reference: &mut Option<ArchivalReference>,
    t: &str,
    v: NonEmpty,
) -> Result<(), String> {
    match t {
        "TY" | "TI" | "T1" => {}
        "ID" => r.key = Some(v),
        "C1" => r.original_title = Some(v),
        "AU" | "A1" => r.agents.push(Contributor::new(Role::Author, agent(&v))),
        "A4" => r.agents.push(Contributor::new(Role::Translator, agent(&v))),
        "DA" | "PY" if r.date.is_none() || t == "DA" => r.date = Some(ris_date(&v)?),
        "DA" | "PY" => {}
        "M3" => r.document_type = DocumentType::parse_loose(&v),
        "PB" => reference_of(reference).repository = Some(repository(&v)),
        "CY" => {
            let repo = reference_of(reference).repository.get_or_insert_with(|| Repository::named(v.clone()));
            repo.place = Some(v);
        }
        "AV" => location(reference_of(reference), &v),
        "DB" => r.publication_mut().collection = Some(v),
        "DP" => r.publication_mut().publisher = Some(v),
        "AN" => r.publication_mut().record_id = Some(v),
        "UR" => {
            r.publication_mut().url =
                Some(url::Url::parse(&v).map_err(|e| format!("UR `{v}` is not a URL: {e}"))?)
        }
        "LA" => match LanguageTag::parse_loose(&v) {
            Some(tag) => r.languages.original.push(tag),
            None => r.notes.push(Note { kind: NoteKind::General, text: crate::ne!(&format!("LA: {v}")) }),
        },
        "AB" => r.summary = Some(v),
        "KW" => r.subjects.push(v),
        "N1" => note(r, &v),
        other => r.notes.push(Note { kind: NoteKind::General, text: crate::ne!(&format!("{other}: {v}")) }),
    }
    Ok(())
}

fn reference_of(reference: &mut Option<ArchivalReference>) -> &mut ArchivalReference {
    reference.get_or_insert(ArchivalReference { repository: None, levels: Vec::new(), raw: None })
}

fn agent(name: &str) -> Agent {
    // Persons are written "Family, Given"; organisations as they are named.
    if let Some((family, given)) = name.split_once(", ") {
        let person = !refparse::is_organization(family) && !refparse::is_organization(given);
        if person && !given.contains(',') {
            if let Some(agent @ Agent::Person(_)) = Agent::from_inverted(name) {
                return agent;
            }
        }
    }
    Credit { role: Role::Author, name: name.to_string(), on_behalf_of: None }.to_contributor().agent
}

fn repository(name: &NonEmpty) -> Repository {
    crate::registry::lookup(name).unwrap_or_else(|| Repository::named(name.clone()))
}

/// Levels from the conventional string, read by the reference parser.
fn location(reference: &mut ArchivalReference, av: &NonEmpty) {
    let label = reference.repository.as_ref().map(|r| r.label().to_string());
    let line = match &label {
        Some(l) => format!("{l}, {av}"),
        None => av.to_string(),
    };
    let parsed = refparse::parse_line(&line);
    match parsed.references.into_iter().next() {
        Some(found) if parsed.unparsed.trim().is_empty() => reference.levels = found.levels,
        _ => {
            reference.levels =
                vec![crate::model::Level { kind: crate::model::LevelKind::CallNumber, value: av.clone() }]
        }
    }
    reference.raw = NonEmpty::new(&line);
}

fn ris_date(v: &str) -> Result<EdtfDate, String> {
    let mut parts = v.split('/');
    let num = |p: Option<&str>| p.map(str::trim).filter(|s| !s.is_empty()).map(str::parse::<u32>).transpose();
    let bad = |_| format!("`{v}` is not a RIS date (YYYY/MM/DD/other)");
    let year =
        parts.next().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| format!("`{v}` has no year"))?;
    let year = year.parse::<i32>().map_err(bad)?;
    let month = num(parts.next()).map_err(bad)?;
    let day = num(parts.next()).map_err(bad)?;
    let certainty = match parts.next().map(str::trim) {
        Some("circa") => Certainty::Approximate,
        Some("uncertain") => Certainty::Uncertain,
        _ => Certainty::Exact,
    };
    PartialDate::new(year, month.map(|m| m as u8), day.map(|d| d as u8), certainty)
        .map(EdtfDate::Single)
        .map_err(|e| format!("DA `{v}`: {e}"))
}

/// An `N1` note back into the model: credits, funding, rights, kinded notes.
fn note(r: &mut Record, v: &NonEmpty) {
    if let Some(f) = v.strip_prefix("Funding: ").and_then(NonEmpty::new) {
        return r.add_funder(f);
    }
    if let Some(s) = v.strip_prefix("Rights: ").and_then(NonEmpty::new) {
        r.rights_mut().statement = Some(s);
        return;
    }
    if let Some(other) = v.strip_prefix("Also held: ") {
        let parsed = refparse::parse_line(other);
        r.references.extend(parsed.references);
        return;
    }
    let parsed = refparse::parse_line(v);
    if !parsed.credits.is_empty() && parsed.references.is_empty() && parsed.unparsed.trim().is_empty() {
        r.agents.extend(parsed.credits.iter().map(Credit::to_contributor));
        return;
    }
    let (kind, text) = match v.split_once(": ") {
        Some((label, text)) => match NoteKind::parse_loose(label) {
            Some(k) if !matches!(k, NoteKind::Other(_)) => (k, text),
            _ => (NoteKind::General, v.as_str()),
        },
        None => (NoteKind::General, v.as_str()),
    };
    if let Some(text) = NonEmpty::new(text) {
        r.notes.push(Note { kind, text });
    }
}

/// The model fields this format carries (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "original_title",
    "type",
    "date",
    "languages.original",
    "agents[translator]",
    "agents[translator].on_behalf_of",
    "agents[author]",
    "agents[obtained-by]",
    "agents[editor]",
    "agents[funder]",
    "references",
    "publication.collection",
    "publication.publisher",
    "publication.url",
    "publication.record_id",
    "rights.statement",
    "summary",
    "notes[stamp]",
    "subjects",
];
