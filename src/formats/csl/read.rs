//! CSL-JSON item → record.
//!
//! The array is split into items by the native reader's streaming scanner, so
//! a bad item is reported with its line and column and the others come through.

use std::collections::VecDeque;

use serde_json::Value;

use serde::Deserialize;

use super::item::{AgentSlot, Custom, Date, Item, Name, CARRIED_BY_CSL};
use super::write::NAME_VARIABLES;
use crate::error::{ErrorKind, RecordError};
use crate::formats::json::{parse_as, raw_records};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Certainty, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag,
    Level, LevelKind, NameOrder, NonEmpty, Note, NoteKind, Organization, PartialDate, Person, Publication,
    Record, Repository,
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
        Box::new(raw_records(source, false).map(move |raw| {
            let raw = raw?;
            let item: Item = parse_as(&raw, &name)?;
            from_item(item).map_err(|(field, message)| {
                RecordError::new(ErrorKind::Invalid, &name, message)
                    .at(raw.start)
                    .in_record(raw.number)
                    .field(field)
            })
        }))
    }
}

/// A note whose kind is the CSL key it was read from.
fn note(key: &str, text: NonEmpty) -> Note {
    Note { kind: NoteKind::parse_loose(key).unwrap_or(NoteKind::General), text }
}

/// Text kept as written; `None` when blank.
fn text(s: Option<String>) -> Option<NonEmpty> {
    s.and_then(|s| NonEmpty::try_from(s).ok())
}

/// Build a record from an item: `custom` first when archcite wrote it, the CSL
/// variables otherwise, and every key without a place in the model as a note.
pub(super) fn from_item(mut item: Item) -> Result<Record, Invalid> {
    let mut custom = item.custom.take().unwrap_or_default();
    let ours = custom.archcite.is_some();
    let title = text(item.title.take()).ok_or_else(|| invalid("title", "the item has no title"))?;
    let mut record = match ours {
        true => rest_of_record(title, &mut custom)?,
        false => Record::new(title),
    };
    record.key = match ours {
        true => text(item.citation_key.take()),
        false => text(item.citation_key.take()).or_else(|| text(item.id.as_str().map(str::to_string))),
    };
    record.original_title = text(item.original_title.take());
    record.document_type = item.genre.take().and_then(|g| DocumentType::parse_loose(&g));
    record.summary = text(item.summary.take());
    record.agents = agents(&mut item, &custom)?;
    read_dates(&mut item, &custom, &mut record)?;
    read_languages(&mut item, &custom, &mut record);
    if record.publication.is_none() {
        read_publication(&mut item, &mut custom, &mut record);
    }
    if !ours {
        record.references.extend(foreign_reference(&mut item));
        record.notes.extend(text(item.note.take()).map(|t| Note { kind: NoteKind::General, text: t }));
        let keywords = item.keyword.take().unwrap_or_default();
        record.subjects = keywords.split([',', ';']).filter_map(NonEmpty::new).collect();
    }
    keep_the_rest(item, custom, &mut record);
    Ok(record)
}

/// The fields of the native record that an item of archcite's keeps in
/// `custom`, typed as the native format types them. Keys of `custom` that are
/// no field of the model stay in `custom.record` and become notes.
fn rest_of_record(title: NonEmpty, custom: &mut Custom) -> Result<Record, Invalid> {
    let fields = record_fields();
    let mut native = serde_json::Map::new();
    native.insert("title".into(), Value::String(title.to_string()));
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
fn agent_from_name(name: Name, field: &str) -> Result<Agent, Invalid> {
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
    record.date = match (&custom.date, item.issued.take()) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(issued)) => date_or_note(issued, "issued", record)?,
        (None, None) => None,
    };
    if custom.archcite.is_some() {
        return Ok(());
    }
    let dated = [
        (item.accessed.take(), "accessed", EventKind::Accessed),
        (item.available_date.take(), "available-date", EventKind::Uploaded),
    ];
    for (value, field, kind) in dated {
        if let Some(date) = value.map(|v| date_or_note(v, field, record)).transpose()?.flatten() {
            record.events.push(Event { kind, date, note: None });
        }
    }
    Ok(())
}

/// A CSL date as a model date; a date given only as text that is not EDTF is
/// kept as a note.
fn date_or_note(date: Date, field: &str, record: &mut Record) -> Result<Option<EdtfDate>, Invalid> {
    if let Some(parts) = &date.date_parts {
        let certainty = match date.circa.as_ref().is_some_and(truthy) {
            true => Certainty::Approximate,
            false => Certainty::Exact,
        };
        let dates = parts.iter().map(|p| partial(p, certainty, field)).collect::<Result<Vec<_>, _>>()?;
        return Ok(match dates.as_slice() {
            [] => None,
            [d] => Some(EdtfDate::Single(*d)),
            [a, b, ..] => Some(EdtfDate::Interval(Some(*a), Some(*b))),
        });
    }
    let Some(written) = date.raw.or(date.literal) else { return Ok(None) };
    if let Ok(d) = written.trim().parse::<EdtfDate>() {
        return Ok(Some(d));
    }
    record.notes.extend(NonEmpty::new(&written).map(|t| note(field, t)));
    Ok(None)
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
    let small = |i: usize| nums.get(i).copied().filter(|&n| n != 0).map(|n| n.clamp(0, 255) as u8);
    let year = i32::try_from(year).map_err(|_| invalid(field, format!("year {year} is out of range")))?;
    PartialDate::new(year, small(1), small(2), certainty).map_err(|e| invalid(field, e.to_string()))
}

fn read_languages(item: &mut Item, custom: &Custom, record: &mut Record) {
    if let Some(langs) = &custom.languages {
        record.languages = langs.clone();
        return;
    }
    let Some(language) = item.language.take() else { return };
    let tag = LanguageTag::parse_loose(&language);
    match tag {
        Some(tag) => record.languages.original.push(tag),
        None => record.notes.extend(NonEmpty::new(&language).map(|t| note("language", t))),
    }
}

/// The publication from CSL variables (items of other producers, and of
/// archcite's `custom` version 1, which kept only the record ID).
fn read_publication(item: &mut Item, custom: &mut Custom, record: &mut Record) {
    let url = item.url.take();
    let parsed = url.as_deref().and_then(|u| url::Url::parse(u.trim()).ok());
    if let (Some(u), None) = (&url, &parsed) {
        record.notes.extend(NonEmpty::new(u).map(|t| note("URL", t)));
    }
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
fn foreign_reference(item: &mut Item) -> Option<ArchivalReference> {
    let archive = text(item.archive.take());
    let place = text(item.archive_place.take());
    let location: Vec<String> =
        [item.archive_collection.take(), item.archive_location.take()].into_iter().flatten().collect();
    let call_number = text(item.call_number.take());
    if archive.is_none() && location.is_empty() && call_number.is_none() {
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
    let mut levels = parsed.unwrap_or_default();
    levels.extend(call_number.and_then(|c| Level::new(LevelKind::CallNumber, &c)));
    Some(ArchivalReference { repository, levels, raw: text(Some(joined)) })
}

/// Keys the model has no place for become notes whose kind is the key, so that
/// nothing read is dropped silently. Derived variables of archcite's own items
/// (`note`, `archive*`, `keyword`, `accessed`) are not kept: `custom` holds
/// what they were made from.
fn keep_the_rest(item: Item, custom: Custom, record: &mut Record) {
    let ours = custom.archcite.is_some();
    let mut rest: Vec<(String, Value)> = item.other.into_iter().collect();
    if !ours && item.kind != "manuscript" && !item.kind.is_empty() {
        rest.insert(0, ("type".into(), Value::String(item.kind)));
    }
    rest.extend(custom.record.into_iter().map(|(k, v)| (format!("custom.{k}"), v)));
    for (key, value) in rest {
        let written = match value {
            Value::String(s) => s,
            other => other.to_string(),
        };
        if let Some(t) = NonEmpty::new(&written) {
            record.notes.push(note(&key, t));
        }
    }
}
