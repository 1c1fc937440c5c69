//! The model as the CSL processor's input: one CSL-JSON item per record.
//!
//! There is one mapping of a record to CSL: the CSL-JSON writer's
//! ([`crate::formats::csl`], documented in `docs/mapping-csl-bibtex.md`), so a
//! citation and `convert --to csl-json` always agree on the archive, the
//! location, the names in each role and the dates. This module only adjusts
//! that item for the processor (see [`to_item`]).
//!
//! hayagriva resolves CSL variables from its own `Entry` type or from a
//! CSL-JSON item. `Entry` has no `archive-place`, `archive_collection` or
//! `recipient` (its resolver returns nothing for them), so a record is handed
//! over as a CSL-JSON item.
//!
//! A published work (a record with a `work_type`) is cited from the same
//! item: its type, container, volume, pages, publisher, DOI and every CSL name
//! variable, so it renders as the style renders a book, a chapter or an article.
//!
//! Not cited: participants, recorders, transcribers, funders, providers and
//! rights holders have no CSL name variable; notes and text are not cited.
//! hayagriva's dates have no ranges, no uncertainty and no grammatical case, so
//! `issued` holds the interval's start (approximate dates are marked `circa`,
//! which a style's `is-uncertain-date` sees), and for archcite's archival styles
//! the date as the locale writes it ("April–June 1969", "14 апреля 1969 г.",
//! "1969?") goes in `status`, which those styles print instead (see
//! [`super::dates`]). The archival styles also get the archive and its levels in
//! their own convention ([`super::archival`]) and, for the digital-archive form,
//! the credit line "Obtained by … and translated by …" in `note`.

use hayagriva::citationberg::json::Item as CslItem;
use hayagriva::citationberg::taxonomy::StandardVariable as V;
use serde_json::{Map, Value};

use super::archival::{self, ArchiveForm, Convention};
use super::dates;
use crate::formats::csl;
pub use crate::formats::labels::LocationForm;
use crate::model::{Record, Role};

/// What a style wants of the item beyond the CSL-JSON mapping.
#[derive(Debug, Clone, Copy)]
pub struct Prepare<'a> {
    /// The levels' form when the style has no convention of its own.
    pub location: LocationForm,
    /// The repository's form; `None` keeps "Name (ABBR)".
    pub archive: Option<ArchiveForm>,
    /// The tradition of an archcite archival style.
    pub convention: Option<Convention>,
    /// The locale the citation is written in ("ru-RU").
    pub locale: &'a str,
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
    // A published work (an article, a book, a chapter) is found by its own
    // description: container, publisher, identifiers.
    if held || published || record.work_type.is_some() {
        Ok(())
    } else {
        Err(Missing(
            "no archival reference and no publication: a citation needs the repository and call number, \
             or the collection or URL where the document is published"
                .into(),
        ))
    }
}

/// The CSL item for `record`, as the CSL-JSON writer maps it, made ready for
/// the processor; `index` (0-based) makes the id when there is no key.
pub fn to_item(record: &Record, index: usize, form: LocationForm) -> Result<CslItem, String> {
    to_item_with(record, index, &Prepare { location: form, archive: None, convention: None, locale: "en-US" })
}

/// The CSL item for `record`, prepared for a style as `prepare` says.
pub fn to_item_with(record: &Record, index: usize, prepare: &Prepare<'_>) -> Result<CslItem, String> {
    let form = prepare.location;
    let id = record.key.as_ref().map_or_else(|| format!("record-{}", index + 1), |k| k.to_string());
    let item = csl::to_item(record, id, form);
    let mut map = match serde_json::to_value(&item) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err("the CSL item is not a JSON object".into()),
        Err(e) => return Err(format!("the CSL item cannot be written: {e}")),
    };
    for_the_processor(&mut map, record);
    for_the_style(&mut map, record, prepare);
    // Values the processor's CSL-JSON has no shape for (an `extra` value
    // kept as an object or a flag) are left out of the citation.
    map.retain(|_, v| serde_json::from_value::<hayagriva::citationberg::json::Value>(v.clone()).is_ok());
    serde_json::from_value(Value::Object(map))
        .map_err(|e| format!("the processor cannot read the CSL item: {e}"))
}

/// What the processor needs that a CSL-JSON file does not:
/// - no `custom` block and no `note` (a style would print the credit line);
/// - `archive-place` spelled as hayagriva's resolver looks it up;
/// - the digital collection of an archival document as `container-title`,
///   which styles print (a file keeps it in `source`, as Zotero reads it);
/// - dates by their start (hayagriva refuses CSL-JSON ranges);
/// - a name written family first ("Kim Il Sung") as a literal, never inverted;
/// - the publisher agent when the edition names no publisher;
/// - every text on one line, so each citation is one line.
fn for_the_processor(map: &mut Map<String, Value>, record: &Record) {
    for key in ["custom", "note", "citation-key"] {
        map.remove(key);
    }
    if let Some(place) = map.remove("archive-place") {
        map.insert(V::ArchivePlace.to_string(), place);
    }
    // A published work's `source` is the catalogue it was found in, not
    // something a citation prints.
    if let Some(source) = map.remove("source") {
        if record.work_type.is_none() {
            map.entry(V::ContainerTitle.to_string()).or_insert(source);
        }
    }
    if !map.contains_key("publisher") {
        if let Some(c) = record.agents_in(Role::Publisher).next() {
            map.insert("publisher".into(), Value::String(c.agent.display_name()));
        }
    }
    for date in ["issued", "accessed", "available-date"] {
        if let Some(Value::Object(d)) = map.get_mut(date) {
            if let Some(Value::Array(parts)) = d.get_mut("date-parts") {
                parts.truncate(1);
            }
        }
    }
    for value in map.values_mut() {
        if let Value::Array(names) = value {
            names.iter_mut().for_each(family_first_as_literal);
        }
    }
    map.values_mut().for_each(one_line);
}

/// The archive, the levels, the date and the credit line as the style writes them.
fn for_the_style(map: &mut Map<String, Value>, record: &Record, prepare: &Prepare<'_>) {
    let approximate =
        record.date.as_ref().and_then(|d| d.start()).is_some_and(|d| d.certainty().is_approximate());
    if approximate {
        if let Some(Value::Object(d)) = map.get_mut("issued") {
            d.insert("circa".into(), Value::Bool(true));
        }
    }
    let Some(convention) = prepare.convention else {
        if let Some(form) = prepare.archive {
            if let Some(archive) = archival::archive_in_form(record, form) {
                map.insert("archive".into(), Value::String(archive));
            }
        }
        return;
    };
    let form = prepare.archive.unwrap_or(convention.archive_form());
    let held = archival::held(record, convention, form, prepare.locale);
    for (key, value) in
        [("archive", held.archive), ("archive_location", held.location), ("archive-place", held.place)]
    {
        let key = if key == "archive-place" { V::ArchivePlace.to_string() } else { key.to_string() };
        match value {
            Some(v) => map.insert(key, Value::String(v)),
            None => map.remove(&key),
        };
    }
    if let Some(date) =
        record.date.as_ref().and_then(|d| dates::write_in(d, prepare.locale, convention == Convention::Gost))
    {
        map.insert("status".into(), Value::String(date));
    }
    if let Some(short) = record.title.as_deref().and_then(short_title) {
        map.entry("title-short".to_string()).or_insert(Value::String(short));
    }
    if convention == Convention::DigitalArchive {
        if let Some(line) = credit_line(record) {
            map.insert("note".into(), Value::String(line));
        }
    }
}

/// A shortened title for later notes, as the Chicago Manual shortens one: the
/// main title (before a colon) cut to its first four words, without a
/// trailing article, preposition or conjunction; `None` when the title is short
/// already.
fn short_title(title: &str) -> Option<String> {
    const SMALL: &[&str] = &[
        "a",
        "an",
        "the",
        "of",
        "to",
        "from",
        "with",
        "and",
        "or",
        "in",
        "on",
        "for",
        "by",
        "at",
        "about",
        "concerning",
    ];
    let main = title.split(": ").next().unwrap_or(title);
    let words: Vec<&str> = main.split_whitespace().collect();
    if words.len() <= 4 && main.len() == title.len() {
        return None;
    }
    let mut cut: Vec<&str> = words.into_iter().take(4).collect();
    while cut.len() > 1 && cut.last().is_some_and(|w| SMALL.contains(&w.to_lowercase().as_str())) {
        cut.pop();
    }
    let short = cut.join(" ");
    let short = short.trim_end_matches([',', ';', ':', '.']).to_string();
    (short != title).then_some(short)
}

/// "Obtained by Sergey Radchenko and translated by Gary Goldberg.", as a
/// digital archive's record page credits its copy: "Translated for NKIDP by
/// …" when every translator worked for the same project, "Obtained and
/// translated by …" when the same people did both.
fn credit_line(record: &Record) -> Option<String> {
    let people = |role| -> Option<(String, Option<String>)> {
        let all: Vec<&crate::model::Contributor> = record.agents_in(role).collect();
        let names: Vec<String> = all.iter().map(|c| c.agent.display_name()).collect();
        let list = match names.as_slice() {
            [] => return None,
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        let first = all[0].on_behalf_of.as_ref().map(|o| o.to_string());
        let shared = all.iter().all(|c| c.on_behalf_of.as_ref().map(|o| o.to_string()) == first);
        Some((list, first.filter(|_| shared)))
    };
    let phrase = |verb: &str, (names, project): (String, Option<String>)| match project {
        Some(p) => format!("{verb} for {p} by {names}"),
        None => format!("{verb} by {names}"),
    };
    let line = match (people(Role::ObtainedBy), people(Role::Translator)) {
        (Some(o), Some(t)) if o == t => phrase("Obtained and translated", o),
        (Some(o), Some(t)) => format!("{} and {}", phrase("Obtained", o), phrase("translated", t)),
        (Some(o), None) => phrase("Obtained", o),
        (None, Some(t)) => phrase("Translated", t),
        (None, None) => return None,
    };
    Some(format!("{line}."))
}

fn family_first_as_literal(name: &mut Value) {
    let Value::Object(n) = name else { return };
    if n.remove("static-ordering").is_none() {
        return;
    }
    let part = |k: &str| n.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let literal = format!("{} {}", part("family"), part("given")).trim().to_string();
    *name = serde_json::json!({ "literal": literal });
}

/// Line breaks inside a field would break one-citation-per-line output.
fn one_line(value: &mut Value) {
    match value {
        Value::String(s) if s.contains(char::is_whitespace) => {
            *s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        Value::Array(items) => items.iter_mut().for_each(one_line),
        Value::Object(map) => map.values_mut().for_each(one_line),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::labels::location as render;
    use crate::model::ArchivalReference;
    use crate::refparse::{render_location, RenderStyle};

    fn location(r: &ArchivalReference, full: bool) -> String {
        render(r, if full { LocationForm::Full } else { LocationForm::Short })
    }

    fn reference(json: &str) -> ArchivalReference {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn short_titles_keep_four_words_of_the_main_title() {
        assert_eq!(
            short_title("Record of a Conversation with Kim Il Sung, General Secretary").as_deref(),
            Some("Record of a Conversation")
        );
        assert_eq!(
            short_title("Report from the Ministry of Foreign Affairs").as_deref(),
            Some("Report from the Ministry")
        );
        assert_eq!(
            short_title("Minutes of the Meeting: Politburo").as_deref(),
            Some("Minutes of the Meeting")
        );
        assert_eq!(
            short_title("Memorandum of Conversation with the Ambassador").as_deref(),
            Some("Memorandum of Conversation")
        );
        assert_eq!(short_title("Chron File"), None);
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
