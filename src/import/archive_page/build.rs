//! Assemble the record from the page's parts and its metadata block.

use url::Url;

use crate::model::{
    Agent, Contributor, DocumentType, Event, EventKind, LanguageTag, NonEmpty, Note, NoteKind, Person,
    Publication, Record, Related, Rights, Role,
};
use crate::refparse::Credit;

use super::fields::{language_names, support_funders, Fields};
use super::layout::{parse_citation, Citation, Layout, Regions, PROGRAMME};
use super::names::{looks_like_organisation, split_funders};
use super::notes::text_notes;
use super::text::{clean, fold, is_all_caps, normalise_text};
use super::{dates, parse_source_line, Imported};

struct Builder<'a> {
    lines: &'a [String],
    record: Record,
    warnings: Vec<String>,
}

/// Build the record of a page whose parts are known.
pub fn build(lines: &[String], regions: &Regions, fields: Fields) -> Imported {
    let citation = regions
        .citation
        .map(|i| parse_citation(&lines[i]))
        .or_else(|| fields.citation.as_deref().map(parse_citation))
        .unwrap_or_default();
    let (title, title_warning) = title(&clean(&lines[regions.title]), &citation);
    let mut b = Builder { lines, record: Record::new(title), warnings: Vec::new() };
    b.warnings.extend(title_warning);
    b.date(regions, &citation);
    b.record.document_type = fields.doc_type.as_deref().and_then(DocumentType::parse_loose);
    b.authors(&fields.authors);
    b.source(fields.source.as_deref().or(citation.source.as_deref()), fields.original_archive.as_deref());
    b.funders(regions, &fields.funders);
    b.languages(fields.language.as_deref(), fields.contents.as_deref());
    b.publication(fields.url.as_deref().or(citation.url.as_deref()), fields.record_id.as_deref());
    b.record.rights = NonEmpty::new(&fields.rights.join("\n\n")).map(|statement| Rights {
        statement: Some(statement),
        license: None,
        holder: None,
    });
    let summary: Vec<String> = regions.summary.iter().map(|r| normalise_text(&lines[r.clone()])).collect();
    b.record.summary = NonEmpty::new(&summary.join("\n\n"));
    b.record.text = NonEmpty::new(&normalise_text(regions.text.iter().map(|&i| &lines[i])));
    b.notes(&fields);
    b.uploaded(fields.uploaded.as_deref());
    b.lists(&fields);
    let layout = match (regions.older, fields.labelled) {
        (true, _) => Layout::Older,
        (false, true) => Layout::CurrentLabelled,
        (false, false) => Layout::Current,
    };
    Imported { record: b.record, layout, warnings: b.warnings }
}

/// The title as written; a title in capitals takes the citation's form of it
/// when the two are the same words.
fn title(heading: &str, citation: &Citation) -> (NonEmpty, Option<String>) {
    let heading_ne = NonEmpty::new(heading).expect("the title line is not blank");
    if !is_all_caps(heading) {
        return (heading_ne, None);
    }
    match citation.title.as_deref() {
        Some(t) if fold(t) == fold(heading) && !is_all_caps(t) => {
            (NonEmpty::new(t).unwrap_or(heading_ne), None)
        }
        _ => (
            heading_ne,
            Some(format!(
                "the title `{heading}` is in capitals and the page has no other form of it; kept as written"
            )),
        ),
    }
}

impl Builder<'_> {
    fn note(&mut self, kind: NoteKind, text: &str) {
        if let Some(text) = NonEmpty::new(text) {
            let dup = self.record.notes.iter().any(|n| n.kind == kind && n.text.eq_ignore_ascii_case(&text));
            if !dup {
                self.record.notes.push(Note { kind, text });
            }
        }
    }

    /// Keep a value that fits nowhere as a general note, and say so.
    fn keep(&mut self, what: &str, value: &str) {
        self.warnings.push(format!("{what} `{value}` kept as a note"));
        self.note(NoteKind::General, &format!("{what}: {value}"));
    }

    fn date(&mut self, regions: &Regions, citation: &Citation) {
        let written = regions.date.map(|i| clean(&self.lines[i])).or_else(|| citation.date.clone());
        let Some(written) = written else { return };
        match dates::parse_date(&written) {
            Some(d) => self.record.date = Some(d),
            None => self.keep("date", &written),
        }
    }

    fn authors(&mut self, authors: &[String]) {
        for name in authors.iter().flat_map(|a| a.split(';')).map(str::trim).filter(|n| !n.is_empty()) {
            // Catalogue form "Stalin, Joseph, 1879-1953" is already split; a name in
            // running order goes through the credit parser's reading of names.
            let inverted = name.contains(',') && !looks_like_organisation(name);
            let contributor = match person(name).filter(|_| inverted) {
                Some(p) => Contributor::new(Role::Author, Agent::Person(p)),
                None => {
                    Credit { role: Role::Author, name: name.to_string(), on_behalf_of: None }.to_contributor()
                }
            };
            self.record.agents.push(contributor);
        }
    }

    fn source(&mut self, source: Option<&str>, original_archive: Option<&str>) {
        if let Some(line) = source {
            let parsed = parse_source_line(line);
            self.record.references.extend(parsed.references);
            self.record.agents.extend(parsed.credits.iter().map(Credit::to_contributor));
            self.record
                .published_sources
                .extend(parsed.published_sources.iter().filter_map(|s| NonEmpty::new(s)));
            self.warnings.extend(parsed.warnings.iter().map(|w| format!("source line: {w}")));
            if !parsed.unparsed.trim().is_empty() {
                self.keep("unparsed source text", parsed.unparsed.trim());
            }
        }
        if let Some(archive) = original_archive {
            // The label names the holding archive in words; the registry knows
            // which abbreviation those words stand for.
            let known = crate::registry::lookup(archive);
            let named = self.record.references.iter().filter_map(|r| r.repository.as_ref()).any(|r| {
                let same_entry = known
                    .as_ref()
                    .is_some_and(|k| k.abbreviation.is_some() && k.abbreviation == r.abbreviation);
                same_entry
                    || [&r.name, &r.abbreviation, &r.original_name]
                        .into_iter()
                        .flatten()
                        .any(|n| n.eq_ignore_ascii_case(archive) || archive.contains(n.as_str()))
            });
            if !named {
                self.note(NoteKind::General, &format!("Original archive: {archive}"));
            }
        }
    }

    fn funders(&mut self, regions: &Regions, block: &[String]) {
        let support = regions
            .support
            .iter()
            .filter_map(|&i| support_funders(&clean(&self.lines[i])).map(str::to_string));
        let lines: Vec<String> = support.chain(block.iter().cloned()).collect();
        for name in lines.iter().flat_map(|l| split_funders(l)) {
            if let Some(name) = NonEmpty::new(&name) {
                self.record.add_funder(name);
            }
        }
    }

    fn languages(&mut self, language: Option<&str>, contents: Option<&str>) {
        for name in language.map(language_names).unwrap_or_default() {
            match LanguageTag::from_code_or_name(name) {
                Some(tag) if !self.record.languages.original.contains(&tag) => {
                    self.record.languages.original.push(tag)
                }
                Some(_) => {}
                None => self.keep("language", name),
            }
        }
        let english = LanguageTag::from_code_or_name("en").expect("English is known");
        let original = &self.record.languages.original;
        let translated = self.record.agents.iter().any(|c| c.role == Role::Translator);
        let english_contents = contents.is_some_and(|c| c.to_lowercase().contains("english"));
        let only_english = !original.is_empty() && original.iter().all(|t| *t == english);
        let other_original = !original.is_empty() && !original.contains(&english);
        if (translated || other_original || english_contents) && !only_english {
            self.record.languages.translation.push(english);
        }
        if let Some(c) = contents {
            self.note(NoteKind::General, &format!("Contents: {c}"));
        }
    }

    fn publication(&mut self, url: Option<&str>, record_id: Option<&str>) {
        let url = url.and_then(|u| match Url::parse(u) {
            Ok(url) => Some(url),
            Err(e) => {
                self.warnings.push(format!("`{u}` is not a URL ({e})"));
                self.note(NoteKind::General, &format!("URL as written: {u}"));
                None
            }
        });
        let from_url = url
            .as_ref()
            .and_then(|u| u.path_segments()?.rfind(|s| !s.is_empty()).map(str::to_string))
            .filter(|s| s.chars().all(|c| c.is_ascii_digit()));
        self.record.publication = Some(Publication {
            collection: NonEmpty::new(PROGRAMME),
            publisher: NonEmpty::new("Wilson Center"),
            place: NonEmpty::new("Washington, DC"),
            url,
            record_id: record_id
                .and_then(NonEmpty::new)
                .or_else(|| from_url.as_deref().and_then(NonEmpty::new)),
        });
    }

    fn notes(&mut self, fields: &Fields) {
        if let Some(text) = self.record.text.clone() {
            for (kind, note) in text_notes(&text) {
                self.note(kind, &note);
            }
        }
        if let Some(c) = &fields.classification {
            self.note(NoteKind::Classification, c);
        }
        for value in &fields.unplaced {
            self.keep("unrecognised value", value);
        }
    }

    fn uploaded(&mut self, uploaded: Option<&str>) {
        let Some(written) = uploaded else { return };
        match dates::parse_date(written) {
            Some(date) => self.record.events.push(Event { kind: EventKind::Uploaded, date, note: None }),
            None => self.keep("uploaded date", written),
        }
    }

    fn lists(&mut self, fields: &Fields) {
        self.record.places.extend(fields.places.iter().filter_map(|p| NonEmpty::new(p)));
        self.record.subjects.extend(fields.subjects.iter().filter_map(|s| NonEmpty::new(s)));
        for name in &fields.people {
            match person(name) {
                Some(p) => self.record.people.push(p),
                None => self.record.subjects.extend(NonEmpty::new(name)),
            }
        }
        for item in &fields.related {
            let related = match Url::parse(item) {
                Ok(url) => Related { title: None, url: Some(url), record_id: None },
                Err(_) => Related { title: NonEmpty::new(item), url: None, record_id: None },
            };
            self.record.related.push(related);
        }
    }
}

/// A name from "Associated People": "Kim, Il Sung, 1912-1994" is family and
/// given; a name without a comma is kept whole as the family name rather than
/// guessing its order. Organisations are not people (`None`).
fn person(name: &str) -> Option<Person> {
    if looks_like_organisation(name) {
        return None;
    }
    let mut parts = name.split(',').map(str::trim).filter(|p| !p.is_empty());
    let family = NonEmpty::new(parts.next()?)?;
    let given = parts.next().filter(|g| !g.starts_with(|c: char| c.is_ascii_digit())).and_then(NonEmpty::new);
    Some(Person::new(family, given))
}
