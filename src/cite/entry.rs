//! The model as the CSL processor's input: one CSL-JSON item per record.
//!
//! hayagriva resolves CSL variables from its own `Entry` type or from a
//! CSL-JSON item. `Entry` has no `archive-place`, `archive_collection` or
//! `recipient` (its resolver returns nothing for them), so a record is handed
//! over as a CSL-JSON item instead: every variable below is looked up by its
//! CSL name, exactly as the style names it.
//!
//! | model                                   | CSL variable                                  |
//! |-----------------------------------------|-----------------------------------------------|
//! | key (or `record-N`)                     | `id`                                          |
//! | every record                            | `type` = `manuscript`                         |
//! | title                                   | `title`                                       |
//! | document type label                     | `genre` ("Memorandum of Conversation")        |
//! | date (precision, `~` → circa)           | `issued`                                      |
//! | first reference: repository             | `archive` ("Name (ABBR)"), `archive-place`    |
//! | first reference: levels (or raw)        | `archive_location`                            |
//! | further references                      | appended to `archive_location` after `; `     |
//! | agents: author / recipient / translator / editor / contributor | the CSL name variable of that name |
//! | publication collection                  | `container-title`                             |
//! | publication publisher, place            | `publisher`, `publisher-place`                |
//! | publication url                         | `URL`                                         |
//! | accessed / uploaded events              | `accessed` / `available-date`                 |
//! | languages (translation, else original)  | `language`                                    |
//!
//! Not carried: participants, recorders, transcribers, the person who obtained
//! the copy, funders, providers and rights holders have no CSL name variable;
//! date intervals are cited by their start (hayagriva's dates have no ranges);
//! uncertainty (`?`) has no CSL form; notes, summary and text are not cited.

use std::collections::BTreeMap;

use hayagriva::citationberg::json::{
    DateValue, FixedDate, FixedDateRange, Item, LiteralName, NameItem, NameValue, Value,
};
use hayagriva::citationberg::taxonomy::{DateVariable as D, NameVariable as N, StandardVariable as V};

use crate::model::{Agent, ArchivalReference, EdtfDate, EventKind, NameOrder, PartialDate, Record, Role};
use crate::refparse::{render_location, RenderStyle};

/// How the archival location is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationForm {
    /// "Fond 5, Opis 61, Delo 462, Listi 95–101".
    Full,
    /// "f. 5, op. 61, d. 462, ll. 95–101".
    Short,
}

/// What a record lacks for any citation to lead a reader to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub String);

/// Check that the record can be cited: it must say where the document is,
/// in an archive or online. A citation without either cannot be followed.
pub fn check(record: &Record) -> Result<(), Missing> {
    let held =
        record.references.iter().any(|r| r.repository.is_some() || !r.levels.is_empty() || r.raw.is_some());
    let published = record.publication.as_ref().is_some_and(|p| p.url.is_some() || p.collection.is_some());
    if held || published {
        Ok(())
    } else {
        Err(Missing(
            "no archival reference and no publication: a citation needs the repository and call number, \
             or the collection or URL where the document is published"
                .into(),
        ))
    }
}

/// Build the CSL-JSON item for `record`; `index` (0-based) makes the id when there is no key.
pub fn to_item(record: &Record, index: usize, form: LocationForm) -> Item {
    let mut item = Item(BTreeMap::new());
    let id = record.key.as_ref().map_or_else(|| format!("record-{}", index + 1), |k| k.to_string());
    item.0.insert("id".into(), Value::String(id));
    item.0.insert("type".into(), Value::String("manuscript".into()));
    put(&mut item, V::Title, Some(one_line(&record.title)));
    put(&mut item, V::Genre, record.document_type.as_ref().map(|t| t.label().to_string()));
    put(&mut item, V::Language, record.languages.primary().map(|l| l.to_string()));
    put_date(&mut item, D::Issued, record.date.as_ref());
    put_date(&mut item, D::Accessed, record.event(&EventKind::Accessed));
    put_date(&mut item, D::AvailableDate, record.event(&EventKind::Uploaded));
    put_names(&mut item, record);
    put_archive(&mut item, &record.references, form);
    put_publication(&mut item, record);
    item
}

/// Keys are written as the resolver spells the variable when it looks it up
/// (hayagriva spells `archive-place` as `archive_place`), not as typed by hand.
fn put(item: &mut Item, var: V, value: Option<String>) {
    if let Some(v) = value {
        item.0.insert(var.to_string(), Value::String(v));
    }
}

/// Line breaks inside a field would break one-citation-per-line output.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn put_date(item: &mut Item, var: D, date: Option<&EdtfDate>) {
    // An interval is cited by its start (or its end when the start is open):
    // hayagriva's resolver refuses CSL-JSON ranges.
    let Some(d) = date.and_then(|d| d.start().or(d.end())) else { return };
    let raw = FixedDateRange { start: fixed(d), end: None };
    item.0.insert(var.to_string(), Value::Date(DateValue::Raw { raw, literal: None, season: None }));
}

fn fixed(d: &PartialDate) -> FixedDate {
    // The model keeps years in 0..=9999 and months/days checked; CSL-JSON counts them from 0.
    FixedDate {
        year: d.year() as i16,
        month: d.month().map(|m| m - 1),
        day: d.day().map(|x| x - 1),
        season: None,
        circa: d.certainty().is_approximate(),
    }
}

fn csl_name_variable(role: Role) -> Option<N> {
    Some(match role {
        Role::Author => N::Author,
        Role::Recipient => N::Recipient,
        Role::Translator => N::Translator,
        Role::Editor => N::Editor,
        Role::Contributor => N::Contributor,
        _ => return None,
    })
}

fn put_names(item: &mut Item, record: &Record) {
    let mut names: BTreeMap<String, Vec<NameValue>> = BTreeMap::new();
    for c in &record.agents {
        if let Some(var) = csl_name_variable(c.role) {
            names.entry(var.to_string()).or_default().push(name_value(&c.agent));
        }
    }
    for (var, list) in names {
        item.0.insert(var, Value::Names(list));
    }
}

fn name_value(agent: &Agent) -> NameValue {
    let literal = |s: String| NameValue::Literal(LiteralName { literal: one_line(&s) });
    match agent {
        Agent::Organization(o) => literal(o.name.to_string()),
        // CSL-JSON has no way to say "family name first" for a structured name;
        // as a literal "Kim Il Sung" is never inverted or initialised.
        Agent::Person(p) if p.name_order == NameOrder::FamilyFirst => literal(p.display_name()),
        Agent::Person(p) => NameValue::Item(NameItem {
            family: one_line(&p.family),
            given: p.given.as_ref().map(|g| one_line(g)),
            non_dropping_particle: None,
            dropping_particle: None,
            suffix: None,
            comma_suffix: None,
        }),
    }
}

fn put_archive(item: &mut Item, references: &[ArchivalReference], form: LocationForm) {
    let Some((first, rest)) = references.split_first() else { return };
    if let Some(repo) = &first.repository {
        let archive = match (&repo.name, &repo.abbreviation) {
            (Some(n), Some(a)) => format!("{n} ({a})"),
            _ => repo.full_label().to_string(),
        };
        put(item, V::Archive, Some(one_line(&archive)));
        put(item, V::ArchivePlace, repo.place.as_ref().map(|p| one_line(p)));
    }
    let mut locations = vec![location_or_raw(first, form)];
    // CSL has one archive per item: further copies are named in the location.
    for r in rest {
        let loc = location_or_raw(r, form);
        let label = r.repository.as_ref().map(|repo| repo.label());
        locations.push(match (label, loc.is_empty()) {
            (Some(l), false) => format!("{l}, {loc}"),
            (Some(l), true) => l.to_string(),
            (None, _) => loc,
        });
    }
    locations.retain(|l| !l.is_empty());
    if !locations.is_empty() {
        put(item, V::ArchiveLocation, Some(locations.join("; ")));
    }
}

fn location_or_raw(reference: &ArchivalReference, form: LocationForm) -> String {
    if reference.levels.is_empty() && reference.repository.is_none() {
        return reference.raw.as_ref().map(|r| one_line(r)).unwrap_or_default();
    }
    location(reference, form == LocationForm::Full)
}

/// The conventional location in the archive's own notation: full "Fond 5, Opis
/// 61, Delo 462, Listi 95–101" or short "f. 5, op. 61, d. 462, ll. 95–101";
/// other systems as they are cited ("FO 371/128663").
fn location(reference: &ArchivalReference, full: bool) -> String {
    let style = if full { RenderStyle::Full } else { RenderStyle::Short };
    one_line(&render_location(reference, style))
}

fn put_publication(item: &mut Item, record: &Record) {
    let Some(p) = &record.publication else {
        let publisher = record.agents_in(Role::Publisher).next().map(|c| c.agent.display_name());
        put(item, V::Publisher, publisher.map(|s| one_line(&s)));
        return;
    };
    let collection = p.collection.as_ref().map(|c| one_line(c));
    put(item, V::ContainerTitle, collection);
    let publisher = p
        .publisher
        .as_ref()
        .map(|s| s.to_string())
        .or_else(|| record.agents_in(Role::Publisher).next().map(|c| c.agent.display_name()));
    put(item, V::Publisher, publisher.map(|s| one_line(&s)));
    put(item, V::PublisherPlace, p.place.as_ref().map(|s| one_line(s)));
    put(item, V::URL, p.url.as_ref().map(|u| u.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(json: &str) -> ArchivalReference {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn russian_locations_in_both_conventions() {
        let r = reference(
            r#"{"levels":[{"kind":"fond","value":"5"},{"kind":"opis","value":"61"},
                {"kind":"delo","value":"462"},{"kind":"listi","value":"95-101"}]}"#,
        );
        assert_eq!(location(&r, true), "Fond 5, Opis 61, Delo 462, Listi 95–101");
        assert_eq!(location(&r, false), "f. 5, op. 61, d. 462, ll. 95–101");
    }

    #[test]
    fn one_leaf_is_singular_and_other_systems_use_their_own_notation() {
        let r = reference(r#"{"levels":[{"kind":"listi","value":"29 ob."}]}"#);
        assert_eq!(location(&r, false), "l. 29 ob.");
        let r = reference(
            r#"{"levels":[{"kind":"record-group","value":"59"},{"kind":"box","value":"2"},
                {"kind":"item","value":"5/a"},{"kind":"year","value":"1955"}]}"#,
        );
        assert_eq!(location(&r, true), render_location(&r, RenderStyle::Full));
        assert!(location(&r, true).starts_with("RG 59, box 2"));
    }
}
