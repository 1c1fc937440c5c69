//! The CSL variables of a published work's description (container, series,
//! identifiers, the other name variables, ...) and the `extra` values that
//! keep what the model cannot hold: variables it has no field for, and the
//! exact form of a name, a date or a value that the model holds in another
//! form (a name particle, a season, a DOI with its resolver).
//!
//! Both directions live here so that the writer can ask what a reader would
//! make of the variables it wrote (see [`read_description`]).

use serde_json::Value;

use super::item::{Date, Item, Name};
use crate::model::{
    strip_doi_resolver, Container, Extra, IdScheme, Identifier, LanguageTag, NonEmpty, OriginalPublication,
    Record, Series, WorkType,
};

/// The archcite format name of CSL-JSON, as `extra` values name it.
pub(super) const FORMAT: &str = "csl-json";

/// The native fields CSL variables of this module carry. The writer keeps one
/// in `custom` only when reading the variables back would not give it exactly.
pub(super) const DESCRIPTION: &[&str] = &[
    "short_title",
    "work_type",
    "container",
    "series",
    "edition",
    "number",
    "extent",
    "medium",
    "identifiers",
    "original",
    "keywords",
];

/// The title that readers before titles became optional gave an item without
/// one, with an empty `extra` title as the mark: such a record still writes an
/// item without a title.
const UNTITLED: &str = "untitled";

/// The identifier schemes CSL 1.0.2 has a variable for.
pub(super) const ID_VARS: [(&str, IdScheme); 6] = [
    ("DOI", IdScheme::Doi),
    ("ISBN", IdScheme::Isbn),
    ("ISSN", IdScheme::Issn),
    ("PMID", IdScheme::Pmid),
    ("PMCID", IdScheme::Pmcid),
    ("call-number", IdScheme::CallNumber),
];

/// Date variables the model has a place for.
pub(super) const DATE_VARS: [&str; 4] = ["issued", "accessed", "available-date", "original-date"];

/// Text variables the model holds, whose written form can differ from the
/// text read (white space, a DOI resolver, a language name for its tag).
const TEXT_VARS: &[&str] = &[
    "type",
    "title",
    "original-title",
    "genre",
    "abstract",
    "language",
    "URL",
    "source",
    "publisher",
    "publisher-place",
    "archive",
    "archive-place",
    "archive_location",
    "keyword",
    "note",
    "title-short",
    "container-title",
    "container-title-short",
    "collection-title",
    "collection-number",
    "volume",
    "issue",
    "page",
    "chapter-number",
    "edition",
    "number",
    "number-of-pages",
    "dimensions",
    "medium",
    "DOI",
    "ISBN",
    "ISSN",
    "PMID",
    "PMCID",
    "call-number",
    "original-publisher",
    "original-publisher-place",
];

/// Keys of an item that are not variables of the work or are derived from others.
const STRUCTURE: &[&str] = &["id", "citation-key", "custom", "page-first"];

/// Text of a string or number value.
pub(super) fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn take_text(item: &mut Item, key: &str) -> Option<NonEmpty> {
    match item.other.get(key).and_then(scalar) {
        Some(s) => {
            item.other.shift_remove(key);
            NonEmpty::new(&s)
        }
        None => None,
    }
}

/// The first page of a range ("95" of "95–101"), which CSL calls `page-first`.
pub(super) fn page_first(pages: &str) -> Option<String> {
    let digits: String = pages.trim().chars().take_while(char::is_ascii_digit).collect();
    let rest = &pages.trim()[digits.len()..];
    (!digits.is_empty() && rest.starts_with(['-', '–', '—', ',', ' '])).then_some(digits)
}

/// True when the item looks like an archival document as archcite writes one.
fn archival_shape(item: &Item) -> bool {
    item.archive.is_some() || item.archive_location.is_some() || item.archive_place.is_some()
}

/// The work type an item's `type` stands for. `manuscript` with archive
/// variables is an archival document, which has no work type.
pub(super) fn work_type(item: &Item) -> Option<WorkType> {
    let t = WorkType::from_csl(&item.kind)?;
    (t != WorkType::Manuscript || !archival_shape(item)).then_some(t)
}

/// Splits `keyword` as the reader does.
fn split_keywords(text: &str) -> Vec<NonEmpty> {
    text.split([',', ';']).filter_map(NonEmpty::new).collect()
}

/// The keywords a `keyword` variable stands for: none when it only repeats
/// the subjects (an archival record writes its subjects there).
fn keywords_of(text: &str, subjects: &[NonEmpty]) -> Vec<NonEmpty> {
    let joined = subjects.iter().map(NonEmpty::as_str).collect::<Vec<_>>().join(", ");
    if !subjects.is_empty() && text.trim() == joined {
        return Vec::new();
    }
    split_keywords(text)
}

/// A copy of what [`read_description`] looks at in an item, not the whole
/// item (names, dates and an abstract that can be pages long).
pub(super) fn description_probe(item: &Item) -> Item {
    Item {
        kind: item.kind.clone(),
        archive: item.archive.clone(),
        archive_place: item.archive_place.clone(),
        archive_location: item.archive_location.clone(),
        call_number: item.call_number.clone(),
        keyword: item.keyword.clone(),
        other: item.other.clone(),
        ..Item::default()
    }
}

/// Read the description variables of `item` into `record` (taking them out
/// of the item): type, short title, container, series, edition, number,
/// extent, medium, identifiers, original publication, keywords.
pub(super) fn read_description(item: &mut Item, record: &mut Record) {
    record.work_type = work_type(item);
    record.short_title = take_text(item, "title-short");
    let container = Container {
        title: take_text(item, "container-title"),
        short_title: take_text(item, "container-title-short"),
        volume: take_text(item, "volume"),
        issue: take_text(item, "issue"),
        pages: take_text(item, "page"),
        chapter: take_text(item, "chapter-number"),
    };
    if let Some(first) = item.other.get("page-first").and_then(scalar) {
        if container.pages.as_deref().and_then(page_first).as_deref() == Some(first.trim()) {
            item.other.shift_remove("page-first");
        }
    }
    record.container = container.non_empty();
    if item.other.get("collection-title").and_then(scalar).and_then(|s| NonEmpty::new(&s)).is_some() {
        let title = take_text(item, "collection-title").expect("checked");
        record.series = Some(Series { title, number: take_text(item, "collection-number") });
    }
    record.edition = take_text(item, "edition");
    record.number = take_text(item, "number");
    // A count of pages is `number-of-pages`; any other extent `dimensions`
    // (see the writer): a value only the other variable would give back is
    // kept as it is.
    let pages = item.other.get("number-of-pages").and_then(scalar);
    if pages.as_deref().is_some_and(is_count) {
        record.extent = take_text(item, "number-of-pages");
    }
    let dimensions = item.other.get("dimensions").and_then(scalar);
    if record.extent.is_none() && dimensions.as_deref().is_some_and(|d| !is_count(d)) {
        record.extent = take_text(item, "dimensions");
    }
    record.medium = take_text(item, "medium");
    record.identifiers.clear();
    for (var, scheme) in ID_VARS {
        let value = match var {
            "call-number" => item.call_number.take().and_then(|s| NonEmpty::new(&s)),
            _ => take_text(item, var),
        };
        if let Some(id) = value.and_then(|v| Identifier::new(scheme.clone(), &v)) {
            record.add_identifier(id);
        }
    }
    let original_date = match item.other.get("original-date") {
        Some(v) => match serde_json::from_value::<Date>(v.clone()).ok().and_then(|d| model_date(&d)) {
            Some(d) => {
                item.other.shift_remove("original-date");
                Some(d)
            }
            None => None,
        },
        None => None,
    };
    let original = OriginalPublication {
        title: None,
        date: original_date,
        publisher: take_text(item, "original-publisher"),
        place: take_text(item, "original-publisher-place"),
    };
    record.original = original.non_empty();
    record.keywords = item.keyword.take().map(|k| keywords_of(&k, &record.subjects)).unwrap_or_default();
}

/// True for a number of pages ("345").
fn is_count(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Write the description of `record` into `item`.
pub(super) fn write_description(record: &Record, item: &mut Item) {
    let mut put = |key: &str, value: Option<&NonEmpty>| {
        if let Some(v) = value {
            item.other.insert(key.into(), Value::String(v.to_string()));
        }
    };
    put("title-short", record.short_title.as_ref());
    if let Some(c) = &record.container {
        put("container-title", c.title.as_ref());
        put("container-title-short", c.short_title.as_ref());
        put("volume", c.volume.as_ref());
        put("issue", c.issue.as_ref());
        put("page", c.pages.as_ref());
        put("chapter-number", c.chapter.as_ref());
    }
    if let Some(s) = &record.series {
        put("collection-title", Some(&s.title));
        put("collection-number", s.number.as_ref());
    }
    put("edition", record.edition.as_ref());
    put("number", record.number.as_ref());
    match &record.extent {
        Some(e) if is_count(e) => put("number-of-pages", Some(e)),
        e => put("dimensions", e.as_ref()),
    }
    put("medium", record.medium.as_ref());
    for (var, scheme) in ID_VARS {
        let value = record.identifier(&scheme);
        match var {
            "call-number" => {}
            _ => put(var, value),
        }
    }
    if let Some(o) = &record.original {
        put("original-publisher", o.publisher.as_ref());
        put("original-publisher-place", o.place.as_ref());
    }
    if let Some(c) = record.container.as_ref().and_then(|c| c.pages.as_deref()).and_then(page_first) {
        item.other.insert("page-first".into(), Value::String(c));
    }
    if let Some(d) = record.original.as_ref().and_then(|o| o.date.as_ref()) {
        let date = super::write::csl_date(d).0;
        item.other.insert("original-date".into(), serde_json::to_value(date).unwrap_or_default());
    }
    item.call_number = record.identifier(&IdScheme::CallNumber).map(|c| c.to_string());
    let keywords = match record.keywords.is_empty() {
        true => &record.subjects,
        false => &record.keywords,
    };
    if !keywords.is_empty() {
        item.keyword = Some(keywords.iter().map(NonEmpty::as_str).collect::<Vec<_>>().join(", "));
    }
}

/// A CSL date as a model date, without side effects; `None` when the model
/// cannot hold it (a literal, a season alone, parts that are no date).
pub(super) fn model_date(date: &Date) -> Option<crate::model::EdtfDate> {
    super::read::parse_date(date, "date").ok().flatten()
}

/// An extra value's text: a string as it is, anything else as compact JSON.
pub(super) fn encode(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The JSON value of an extra: compact JSON of an object, array or boolean
/// (an `id` may also be a number), text otherwise.
pub(super) fn decode(field: &str, text: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        let structured =
            matches!(v, Value::Object(_) | Value::Array(_) | Value::Bool(_)) || (field == "id" && v.is_u64());
        if structured && serde_json::to_string(&v).ok().as_deref() == Some(text) {
            return v;
        }
    }
    Value::String(text.to_string())
}

/// What the writer writes for a text variable read as `text`: the form a
/// reader normalises it to.
fn reread(var: &str, text: &str, record: &Record) -> Option<String> {
    let t = text.trim();
    Some(match var {
        "type" => WorkType::from_csl(t).map_or("manuscript", WorkType::csl).to_string(),
        "language" => LanguageTag::parse_loose(t)?.to_string(),
        "DOI" => strip_doi_resolver(t).to_string(),
        "URL" => url::Url::parse(t).ok()?.to_string(),
        "keyword" => split_keywords(t).iter().map(NonEmpty::as_str).collect::<Vec<_>>().join(", "),
        "genre" => crate::model::DocumentType::parse_loose(t)?.label().to_string(),
        "archive" => {
            let name = NonEmpty::new(t)?;
            let known = crate::registry::lookup(t).unwrap_or_else(|| crate::model::Repository::named(name));
            crate::formats::labels::repository_label(&known)
        }
        "archive-place" => {
            let place = record.references.first()?.repository.as_ref()?.place.as_ref()?;
            return (place.as_str() == t).then(|| t.to_string());
        }
        // The location is written from the parsed levels: the text read is
        // still right while the reference keeps it as its raw form.
        "archive_location" => {
            let raw = record.references.first().and_then(|r| r.raw.as_deref());
            return (raw == Some(t))
                .then(|| crate::formats::labels::location(&record.references[0], super::write::FORM));
        }
        _ => NonEmpty::new(t)?.to_string(),
    })
}

/// The `extra` values an item gives: its variables the model has no field
/// for, and the exact form of names, dates and values that the model holds
/// in another form. `ours` is an item archcite wrote, whose `id` is derived.
/// The item's `custom` block is not looked at.
pub(super) fn extras_of(item: &Item, ours: bool) -> Vec<Extra> {
    let mut out = Vec::new();
    let Ok(Value::Object(map)) = serde_json::to_value(item) else { return out };
    // What a reader makes of the archive variables, for their written form.
    let mut context = Record::untitled();
    // archcite's own archive variables are derived from `custom` and skipped
    // below, so only another producer's need reading (the reference parser is
    // the costliest step of writing an item).
    if !ours && archival_shape(item) {
        // Only the archive variables are read: only they are copied.
        let mut archival = Item {
            archive: item.archive.clone(),
            archive_place: item.archive_place.clone(),
            archive_collection: item.archive_collection.clone(),
            archive_location: item.archive_location.clone(),
            ..Item::default()
        };
        context.references.extend(super::read::foreign_reference(&mut archival));
    }
    // Description variables the model found no place for (a series number
    // without a series title, a second extent).
    let mut probe = description_probe(item);
    read_description(&mut probe, &mut context.clone());
    let mut push = |field: &str, value: String| out.extend(Extra::new(FORMAT, field, value));
    for (key, value) in &map {
        let key = key.as_str();
        if probe.other.contains_key(key) && (TEXT_VARS.contains(&key) || DATE_VARS.contains(&key)) {
            push(key, encode(value));
            continue;
        }
        if key == "id" {
            let key_read = item.citation_key.as_deref().or(item.id.as_str());
            let plain = value.as_str().is_some_and(|id| Some(id) == key_read && sanitized(id) == id);
            if !ours && !plain {
                push("id", encode(value));
            }
            continue;
        }
        if STRUCTURE.contains(&key) || (ours && DERIVED.contains(&key)) {
            continue;
        }
        if super::write::NAME_VARIABLES.iter().any(|(v, _)| *v == key) {
            for name in value.as_array().into_iter().flatten() {
                if !name_is_exact(name) {
                    push(key, encode(name));
                }
            }
            continue;
        }
        if DATE_VARS.contains(&key) {
            if !date_is_exact(value) {
                push(key, encode(value));
            }
            continue;
        }
        if TEXT_VARS.contains(&key) {
            let exact = scalar(value)
                .and_then(|t| reread(key, &t, &context))
                .is_some_and(|w| Value::String(w) == *value);
            if !exact {
                push(key, encode(value));
            }
            continue;
        }
        push(key, encode(value));
    }
    if let Some(first) = map.get("page-first") {
        let derived = map.get("page").and_then(scalar).as_deref().and_then(page_first);
        if derived.map(Value::String).as_ref() != Some(first) {
            out.extend(Extra::new(FORMAT, "page-first", encode(first)));
        }
    }
    // In an order that does not depend on the order of the item's keys:
    // the variables the model maps in a fixed order, then the others as read.
    out.sort_by_key(|e| rank(e.field.as_str()));
    out
}

/// The place of a variable in the order of `extra` values.
fn rank(field: &str) -> usize {
    let known = std::iter::once("id")
        .chain(TEXT_VARS.iter().copied())
        .chain(DATE_VARS)
        .chain(super::write::NAME_VARIABLES.iter().map(|(v, _)| *v))
        .chain(std::iter::once("page-first"));
    known.enumerate().find(|(_, v)| *v == field).map_or(usize::MAX, |(i, _)| i)
}

/// Variables of archcite's own items that are derived from `custom`.
const DERIVED: &[&str] = &[
    "archive",
    "archive-place",
    "archive_location",
    "archive_collection",
    "source",
    "publisher",
    "publisher-place",
    "URL",
    "note",
    "keyword",
];

/// A key as the writer's citation keys write it.
fn sanitized(key: &str) -> String {
    let mut r = Record::new(NonEmpty::new("-").expect("not blank"));
    r.key = NonEmpty::new(key);
    crate::formats::labels::CiteKeys::default().key_for(&r)
}

/// True when the writer gives a name back exactly from what the model holds.
fn name_is_exact(value: &Value) -> bool {
    let Ok(name) = serde_json::from_value::<Name>(value.clone()) else { return false };
    let Ok(agent) = super::read::agent_from_name(name, "name") else { return false };
    let (back, _) = super::write::csl_name(&agent, "author", None);
    serde_json::to_value(back).ok().as_ref() == Some(value)
}

/// True when the writer gives a date back exactly from the model date.
fn date_is_exact(value: &Value) -> bool {
    let Ok(date) = serde_json::from_value::<Date>(value.clone()) else { return false };
    let Some(d) = model_date(&date) else { return false };
    serde_json::to_value(super::write::csl_date(&d).0).ok().as_ref() == Some(value)
}

/// Put the `extra` values of CSL-JSON back into the item written from the
/// model: a variable the model has no field for as it was read, and the exact
/// form of a name, date or text where it still stands for what the model holds.
pub(super) fn write_extras(record: &Record, item: &mut Item) {
    for extra in record.extra_of(FORMAT) {
        let field = extra.field.as_str();
        let value = decode(field, &extra.value);
        if field == "id" {
            item.id = value;
            continue;
        }
        // An item without a title read before titles became optional: the
        // record's title stands in for it.
        if field == "title" && NonEmpty::new(&extra.value).is_none() {
            if record.title.as_deref() == Some(UNTITLED) {
                item.title = (!extra.value.is_empty()).then(|| extra.value.clone());
            }
            continue;
        }
        if let Some(rest) = field.strip_prefix("custom.") {
            if let Some(custom) = item.custom.as_mut() {
                custom.record.entry(rest.to_string()).or_insert(value);
            }
            continue;
        }
        if super::write::NAME_VARIABLES.iter().any(|(v, _)| *v == field) {
            let Ok(name) = serde_json::from_value::<Name>(value.clone()) else {
                item.other.entry(field.to_string()).or_insert(value);
                continue;
            };
            let Ok(agent) = super::read::agent_from_name(name.clone(), field) else { continue };
            let (plain, _) = super::write::csl_name(&agent, field, None);
            let list = super::write::name_list(item, field);
            if let Some(slot) = list.iter_mut().find(|n| **n == plain) {
                *slot = name;
            }
            continue;
        }
        if DATE_VARS.contains(&field) {
            let Ok(date) = serde_json::from_value::<Date>(value.clone()) else {
                item.other.entry(field.to_string()).or_insert(value);
                continue;
            };
            let written = super::write::date_of(item, field);
            let same = match (written.as_ref(), model_date(&date)) {
                (Some(w), Some(d)) => super::write::csl_date(&d).0 == *w,
                (None, None) => true,
                _ => false,
            };
            if same {
                super::write::set_date(item, field, date);
            }
            continue;
        }
        if TEXT_VARS.contains(&field) {
            let again = scalar(&value).and_then(|t| reread(field, &t, record));
            let replace = match super::write::text_of(item, field) {
                Some(written) => again.as_deref() == Some(written.as_str()),
                // A value the model could not hold (a language name that is
                // no tag, a series number without a series).
                None => field != "archive_location",
            };
            if replace {
                super::write::set_text(item, field, value);
            }
            continue;
        }
        if field == "page-first" {
            item.other.insert(field.to_string(), value);
            continue;
        }
        item.other.entry(field.to_string()).or_insert(value);
    }
}
