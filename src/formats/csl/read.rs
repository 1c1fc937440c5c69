//! CSL-JSON item → record.
//!
//! The array is split into items by the native reader's streaming scanner, so
//! a bad item is reported with its line and column and the others come through.

use std::collections::VecDeque;

use serde_json::Value;

use serde::Deserialize;

use super::item::{AgentSlot, Custom, Date, Item, Name, CARRIED_BY_CSL};
use super::vars;
use super::write::NAME_VARIABLES;
use crate::error::{ErrorKind, RecordError};
use crate::formats::json::{parse_as, raw_records, RawRecord};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind, Extra,
    LanguageTag, NameOrder, NonEmpty, Note, NoteKind, Organization, PartialDate, Person, Publication, Record,
    Repository,
};

/// Reads a CSL-JSON array (or one item) of records.
pub struct CslJsonReader;

/// What is wrong with an item, and in which CSL field.
type Invalid = (String, String);

fn invalid(field: &str, message: impl Into<String>) -> Invalid {
    (field.to_string(), message.into())
}

impl Reader for CslJsonReader {
    fn read(&self, source: Source) -> Records {
        let name = source.name.clone();
        Box::new(raw_records(source, false).map(move |raw| parse_item(&raw?, &name)))
    }
}

/// Read one item's JSON text, from the input named `name`, as a record.
pub fn parse_item(raw: &RawRecord, name: &str) -> Result<Record, RecordError> {
    let item: Item = parse_as(raw, name)?;
    from_item(item).map_err(|(field, message)| {
        RecordError::new(ErrorKind::Invalid, name, message).at(raw.start).in_record(raw.number).field(field)
    })
}

/// Text kept as written; `None` when blank.
fn text(s: Option<String>) -> Option<NonEmpty> {
    s.and_then(|s| NonEmpty::try_from(s).ok())
}

/// Build a record from an item: `custom` first when archcite wrote it, the CSL
/// variables otherwise, and every variable without a place in the model as an
/// `extra` value of CSL-JSON.
pub(super) fn from_item(mut item: Item) -> Result<Record, Invalid> {
    let ours = item.custom.as_ref().is_some_and(|c| c.archcite.is_some());
    // An item of archcite's whose `custom` lists the values needs no look
    // for them in the variables (the costliest step of reading an item).
    let listed = ours && item.custom.as_ref().is_some_and(|c| c.record.contains_key("extra"));
    let extras = if listed { Vec::new() } else { canonical_extras(&mut item, ours) };
    let mut custom = item.custom.take().unwrap_or_default();
    let kept_extra = custom.record.get("extra").cloned();
    let title = text(item.title.take());
    let from_custom: Vec<&str> =
        vars::DESCRIPTION.iter().copied().filter(|k| ours && custom.record.contains_key(*k)).collect();
    let mut record = match ours {
        true => rest_of_record(title, &mut custom)?,
        false => Record { title, ..Record::untitled() },
    };
    if let (Some(sub), Some(title)) = (&record.subtitle, &record.title) {
        let suffix = format!(": {sub}");
        if let Some(title) = title.strip_suffix(&suffix).and_then(NonEmpty::new) {
            record.title = Some(title);
        }
    }
    record.key = match ours {
        true => text(item.citation_key.take()),
        false => text(item.citation_key.take()).or_else(|| text(vars::scalar(&item.id))),
    };
    record.original_title = text(item.original_title.take());
    record.document_type = item.genre.take().and_then(|g| DocumentType::parse_loose(&g));
    record.summary = text(item.summary.take());
    record.agents = agents(&mut item, &custom)?;
    read_dates(&mut item, &custom, &mut record)?;
    read_languages(&mut item, &custom, &mut record);
    let mut view = Record { title: record.title.clone(), ..Record::untitled() };
    view.subjects = record.subjects.clone();
    vars::read_description(&mut item, &mut view);
    for key in vars::DESCRIPTION.iter().filter(|k| !from_custom.contains(k)) {
        take_field(&mut record, &mut view, key);
    }
    if record.publication.is_none() {
        read_publication(&mut item, &mut custom, &mut record);
    }
    if !ours {
        record.references.extend(foreign_reference(&mut item));
        record.notes.extend(text(item.note.take()).map(|t| Note { kind: NoteKind::General, text: t }));
    }
    record.extra = match (ours, kept_extra) {
        (true, Some(_)) => record.extra,
        _ => extras,
    };
    Ok(record)
}

/// The `extra` values a reader takes from an item when `custom` does not list
/// them: the item's own ([`vars::extras_of`]), then keys of `custom` that are
/// no field of the model.
pub(super) fn canonical_extras(item: &mut Item, ours: bool) -> Vec<Extra> {
    // `custom` (which can hold a whole document's text) is not copied.
    let custom = item.custom.take();
    let mut out = vars::extras_of(item, ours);
    item.custom = custom;
    let fields = record_fields();
    if let Some(custom) = &item.custom {
        for (key, value) in &custom.record {
            if !ours || (!fields.contains(&key.as_str()) && key != "record_id") {
                out.extend(Extra::new(vars::FORMAT, &format!("custom.{key}"), vars::encode(value)));
            }
        }
    }
    out
}

/// Move one description field from `view` to `record`.
fn take_field(record: &mut Record, view: &mut Record, key: &str) {
    match key {
        "short_title" => record.short_title = view.short_title.take(),
        "work_type" => record.work_type = view.work_type.take(),
        "container" => record.container = view.container.take(),
        "series" => record.series = view.series.take(),
        "edition" => record.edition = view.edition.take(),
        "number" => record.number = view.number.take(),
        "extent" => record.extent = view.extent.take(),
        "medium" => record.medium = view.medium.take(),
        "identifiers" => record.identifiers = std::mem::take(&mut view.identifiers),
        "original" => record.original = view.original.take(),
        "keywords" => record.keywords = std::mem::take(&mut view.keywords),
        _ => {}
    }
}

/// The fields of the native record that an item of archcite's keeps in
/// `custom`, typed as the native format types them. Keys of `custom` that are
/// no field of the model stay in `custom.record` and become notes.
fn rest_of_record(title: Option<NonEmpty>, custom: &mut Custom) -> Result<Record, Invalid> {
    let fields = record_fields();
    let mut native = serde_json::Map::new();
    if let Some(title) = title {
        native.insert("title".into(), Value::String(title.to_string()));
    }
    let keys: Vec<String> = custom.record.keys().cloned().collect();
    for key in keys {
        if fields.contains(&key.as_str()) && !CARRIED_BY_CSL.contains(&key.as_str()) {
            native.extend(custom.record.remove_entry(&key));
        }
    }
    serde_json::from_value(Value::Object(native)).map_err(|e| invalid("custom", e.to_string()))
}

/// The names of the native record's fields, as serde knows them: asked of the
/// type itself, so that a field added to the model is known here at once.
fn record_fields() -> &'static [&'static str] {
    static FIELDS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields: &'static [&'static str] = &[];
        let _ = Record::deserialize(FieldNames(&mut fields));
        fields
    })
}

/// A deserializer that only notes the field names a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("only field names are asked"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("only field names are asked"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

fn agents(item: &mut Item, custom: &Custom) -> Result<Vec<Contributor>, Invalid> {
    let mut queues: Vec<VecDeque<Name>> = NAME_VARIABLES
        .iter()
        .map(|(var, _)| std::mem::take(super::write::name_list(item, var)).into())
        .collect();
    let mut out = Vec::new();
    for slot in &custom.agents {
        let pointer = match slot {
            AgentSlot::Whole(c) => {
                out.push(c.clone());
                continue;
            }
            AgentSlot::Pointer(p) => p,
        };
        let field = "custom.agents";
        let i = NAME_VARIABLES.iter().position(|(v, _)| *v == pointer.csl).ok_or_else(|| {
            invalid(field, format!("`{}` is not a CSL name variable archcite maps", pointer.csl))
        })?;
        let name = queues[i].pop_front().ok_or_else(|| {
            invalid(field, format!("points at more `{}` names than the item has", pointer.csl))
        })?;
        let mut agent = agent_from_name(name, &pointer.csl)?;
        match &mut agent {
            Agent::Person(p) => p.original_script = pointer.original_script.clone(),
            Agent::Organization(o) => o.abbreviation = pointer.abbreviation.clone(),
        }
        let role = NAME_VARIABLES[i].1;
        out.push(Contributor { role, agent, on_behalf_of: pointer.on_behalf_of.clone() });
    }
    // Names no pointer claimed (all of them in items from other producers).
    for (queue, (var, role)) in queues.into_iter().zip(NAME_VARIABLES) {
        for name in queue {
            out.push(Contributor::new(role, agent_from_name(name, var)?));
        }
    }
    Ok(out)
}

/// A literal is an organisation; a family (or only a given) name is a person.
pub(super) fn agent_from_name(name: Name, field: &str) -> Result<Agent, Invalid> {
    if let Some(literal) = text(name.literal) {
        return Ok(Agent::Organization(Organization::new(literal)));
    }
    let join = |a: Option<String>, b: Option<String>| -> Option<String> {
        let parts: Vec<String> = a.into_iter().chain(b).filter(|s| !s.trim().is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let family = join(name.non_dropping_particle, name.family);
    let mut given = join(name.given, name.dropping_particle);
    if let Some(suffix) = text(name.suffix) {
        given = Some(format!("{}, {suffix}", given.unwrap_or_default()));
    }
    let (family, given) = match family {
        Some(f) => (f, given),
        None => (given.ok_or_else(|| invalid(field, "a name has neither family, given nor literal"))?, None),
    };
    let family = text(Some(family)).ok_or_else(|| invalid(field, "a name is blank"))?;
    let mut person = Person::new(family, text(given));
    if name.static_ordering.as_ref().is_some_and(truthy) {
        person.name_order = NameOrder::FamilyFirst;
    }
    Ok(Agent::Person(person))
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !matches!(s.trim(), "" | "0" | "false"),
        _ => false,
    }
}

fn read_dates(item: &mut Item, custom: &Custom, record: &mut Record) -> Result<(), Invalid> {
    let issued = item.issued.take().map(|d| parse_date(&d, "issued")).transpose()?.flatten();
    record.date = match (&custom.date, &record.issued) {
        (Some(d), _) => Some(d.clone()),
        // The date of the publication that prints the document: its own
        // date, if any, was in `custom.date`.
        (None, Some(_)) => None,
        (None, None) => issued,
    };
    if custom.archcite.is_some() {
        return Ok(());
    }
    let dated = [
        (item.accessed.take(), "accessed", EventKind::Accessed),
        (item.available_date.take(), "available-date", EventKind::Uploaded),
    ];
    for (value, field, kind) in dated {
        if let Some(date) = value.map(|v| parse_date(&v, field)).transpose()?.flatten() {
            record.events.push(Event { kind, date, note: None });
        }
    }
    Ok(())
}

/// A CSL date as a model date; `None` for a date the model cannot hold (text
/// that is no date, a season alone), which the item's `extra` keeps.
pub(super) fn parse_date(date: &Date, field: &str) -> Result<Option<EdtfDate>, Invalid> {
    if let Some(parts) = &date.date_parts {
        let certainty = match date.circa.as_ref().is_some_and(truthy) {
            true => Certainty::Approximate,
            false => Certainty::Exact,
        };
        let dates = parts.iter().map(|p| partial(p, certainty, field)).collect::<Result<Vec<_>, _>>()?;
        return Ok(match dates.as_slice() {
            [] => None,
            [d] => Some(EdtfDate::Single(*d)),
            [a, b, ..] => format!("{a}/{b}").parse().ok(),
        });
    }
    let written = date.raw.as_deref().or(date.literal.as_deref()).unwrap_or_default();
    Ok(EdtfDate::parse_loose(written))
}

/// `[1969, 4, 14]` (numbers or numeric strings) → a partial date.
fn partial(parts: &[Value], certainty: Certainty, field: &str) -> Result<PartialDate, Invalid> {
    let number = |v: &Value| -> Result<i64, Invalid> {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .ok_or_else(|| invalid(field, format!("date part {v} is not a number")))
    };
    let nums = parts.iter().map(number).collect::<Result<Vec<_>, _>>()?;
    let year = *nums.first().ok_or_else(|| invalid(field, "a date has no year"))?;
    // Months 13–16 (and 21–24) are seasons in CSL-JSON as citeproc-js reads
    // it: the model keeps the year, and `extra` the date as written.
    let season = nums.get(1).is_some_and(|m| matches!(m, 13..=16 | 21..=24));
    let small = |i: usize| {
        (!season).then(|| nums.get(i).copied().filter(|&n| n != 0).map(|n| n.clamp(0, 255) as u8)).flatten()
    };
    let year = i32::try_from(year).map_err(|_| invalid(field, format!("year {year} is out of range")))?;
    PartialDate::new(year, small(1), small(2), certainty).map_err(|e| invalid(field, e.to_string()))
}

fn read_languages(item: &mut Item, custom: &Custom, record: &mut Record) {
    if let Some(langs) = &custom.languages {
        record.languages = langs.clone();
        return;
    }
    let Some(language) = item.language.take() else { return };
    // A language that is no tag is kept in `extra`.
    record.languages.original.extend(LanguageTag::parse_loose(&language));
}

/// The publication from CSL variables (items of other producers, and of
/// archcite's `custom` version 1, which kept only the record ID).
fn read_publication(item: &mut Item, custom: &mut Custom, record: &mut Record) {
    let url = item.url.take();
    // An address that is no URL is kept in `extra`.
    let parsed = url.as_deref().and_then(|u| url::Url::parse(u.trim()).ok());
    let publication = Publication {
        collection: text(item.source.take()),
        publisher: text(item.publisher.take()),
        place: text(item.publisher_place.take()),
        url: parsed,
        record_id: custom.record.remove("record_id").and_then(|v| v.as_str().and_then(NonEmpty::new)),
    };
    record.publication = publication.non_empty();
}

/// The archive variables of an item from another producer, as one reference:
/// the location is read into levels when the reference parser understands it,
/// and kept raw in any case.
pub(super) fn foreign_reference(item: &mut Item) -> Option<ArchivalReference> {
    let archive = text(item.archive.take());
    let place = text(item.archive_place.take());
    let location: Vec<String> =
        [item.archive_collection.take(), item.archive_location.take()].into_iter().flatten().collect();
    if archive.is_none() && location.is_empty() {
        return None;
    }
    let repository = archive.map(|name| {
        let known = crate::registry::lookup(&name).unwrap_or_else(|| Repository::named(name));
        Repository { place: place.or(known.place.clone()), ..known }
    });
    let label = repository.as_ref().map(|r| r.label().to_string());
    let joined = location.join(", ");
    let parsed =
        (!joined.is_empty()).then(|| crate::refparse::levels_of(label.as_deref(), &joined)).flatten();
    Some(ArchivalReference { repository, levels: parsed.unwrap_or_default(), raw: text(Some(joined)) })
}
