//! The fields a record fills, named the way loss reports and the formats'
//! tables of what they carry name them: `container.volume`,
//! `identifiers[doi]`, `agents[editor]`, `extra[bibtex:file]`.

use std::fmt;

use super::Record;

/// One field of the model that a record fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field {
    /// The path in the native JSON shape: `title`, `container.volume`.
    pub path: &'static str,
    /// For lists of typed values, which one: the role of `agents`, the scheme
    /// of `identifiers`, the kind of `notes` and `events`, `format:field` of `extra`.
    pub qualifier: Option<String>,
}

impl Field {
    /// A field without qualifier.
    pub const fn plain(path: &'static str) -> Field {
        Field { path, qualifier: None }
    }

    /// A field of a typed list.
    pub fn of(path: &'static str, qualifier: impl Into<String>) -> Field {
        Field { path, qualifier: Some(qualifier.into()) }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.qualifier {
            None => f.write_str(self.path),
            Some(q) => match self.path.split_once('.') {
                // `agents.on_behalf_of` qualified by a role reads `agents[translator].on_behalf_of`.
                Some((list, sub)) => write!(f, "{list}[{q}].{sub}"),
                None => write!(f, "{}[{q}]", self.path),
            },
        }
    }
}

/// The fields a record fills, in record order, without repeats.
pub type FieldSet = Vec<Field>;

impl Record {
    /// The fields this record fills, in the order of the native format.
    pub fn fields(&self) -> FieldSet {
        let mut out = FieldSet::new();
        let mut add = |present: bool, f: Field| {
            if present && !out.contains(&f) {
                out.push(f);
            }
        };
        add(self.key.is_some(), Field::plain("key"));
        add(self.title.is_some(), Field::plain("title"));
        add(self.subtitle.is_some(), Field::plain("subtitle"));
        add(self.short_title.is_some(), Field::plain("short_title"));
        add(self.original_title.is_some(), Field::plain("original_title"));
        for t in &self.alternate_titles {
            let kind = t.kind.as_ref().map_or("any", |k| k.as_str());
            add(true, Field::of("alternate_titles", kind));
        }
        add(self.work_type.is_some(), Field::plain("work_type"));
        add(self.document_type.is_some(), Field::plain("type"));
        add(self.date.is_some(), Field::plain("date"));
        add(self.issued.is_some(), Field::plain("issued"));
        for e in &self.events {
            add(true, Field::of("events", e.kind.as_str()));
        }
        add(!self.languages.original.is_empty(), Field::plain("languages.original"));
        add(!self.languages.translation.is_empty(), Field::plain("languages.translation"));
        for c in &self.agents {
            let role = c.role.as_str();
            add(true, Field::of("agents", role));
            add(c.on_behalf_of.is_some(), Field::of("agents.on_behalf_of", role));
            if let super::Agent::Person(p) = &c.agent {
                add(p.original_script.is_some(), Field::of("agents.original_script", role));
            }
        }
        add(!self.references.is_empty(), Field::plain("references"));
        if let Some(p) = &self.publication {
            add(p.collection.is_some(), Field::plain("publication.collection"));
            add(p.publisher.is_some(), Field::plain("publication.publisher"));
            add(p.place.is_some(), Field::plain("publication.place"));
            add(p.url.is_some(), Field::plain("publication.url"));
            add(p.record_id.is_some(), Field::plain("publication.record_id"));
        }
        if let Some(c) = &self.container {
            add(c.title.is_some(), Field::plain("container.title"));
            add(c.short_title.is_some(), Field::plain("container.short_title"));
            add(c.volume.is_some(), Field::plain("container.volume"));
            add(c.issue.is_some(), Field::plain("container.issue"));
            add(c.pages.is_some(), Field::plain("container.pages"));
            add(c.chapter.is_some(), Field::plain("container.chapter"));
        }
        if let Some(s) = &self.series {
            add(true, Field::plain("series.title"));
            add(s.number.is_some(), Field::plain("series.number"));
        }
        add(self.edition.is_some(), Field::plain("edition"));
        add(self.number.is_some(), Field::plain("number"));
        add(self.extent.is_some(), Field::plain("extent"));
        add(self.medium.is_some(), Field::plain("medium"));
        for i in &self.identifiers {
            add(true, Field::of("identifiers", i.scheme.as_str()));
        }
        if let Some(o) = &self.original {
            add(o.title.is_some(), Field::plain("original.title"));
            add(o.date.is_some(), Field::plain("original.date"));
            add(o.publisher.is_some(), Field::plain("original.publisher"));
            add(o.place.is_some(), Field::plain("original.place"));
        }
        if let Some(r) = &self.rights {
            add(r.statement.is_some(), Field::plain("rights.statement"));
            add(r.license.is_some(), Field::plain("rights.license"));
            add(r.holder.is_some(), Field::plain("rights.holder"));
        }
        add(self.summary.is_some(), Field::plain("summary"));
        for n in &self.notes {
            add(true, Field::of("notes", n.kind.as_str()));
        }
        add(!self.subjects.is_empty(), Field::plain("subjects"));
        add(!self.keywords.is_empty(), Field::plain("keywords"));
        add(!self.places.is_empty(), Field::plain("places"));
        add(!self.people.is_empty(), Field::plain("people"));
        add(!self.related.is_empty(), Field::plain("related"));
        add(!self.published_sources.is_empty(), Field::plain("published_sources"));
        add(self.text.is_some(), Field::plain("text"));
        for e in self.extra.iter().filter(|e| !e.is_marker()) {
            add(true, Field::of("extra", format!("{}:{}", e.format, e.field)));
        }
        out
    }
}
