//! Record → CSL-JSON item.

use std::io::Write;

use serde_json::{Map, Value};

use super::item::{AgentSlot, Custom, Date, Item, Name, Pointer, CARRIED_BY_CSL, CUSTOM_VERSION};
use super::vars;
use crate::error::WriteError;
use crate::formats::json::push_indented;
use crate::formats::labels::{
    base_key, credits, location, reference_line, repository_label, CiteKeys, LocationForm,
};
use crate::formats::{KeySlot, Writer};
use crate::model::{Agent, EdtfDate, EventKind, NameOrder, NoteKind, PartialDate, Record, Role, WorkType};

/// The CSL name variable for a role, where CSL has one.
pub(super) fn csl_variable(role: Role) -> Option<&'static str> {
    NAME_VARIABLES.iter().find(|(_, r)| *r == role).map(|(v, _)| *v)
}

/// The CSL 1.0.2 name variables with their roles, in the order a reader takes
/// them when there is no `custom.agents` to say the record's own order.
pub(super) const NAME_VARIABLES: [(&str, Role); 26] = [
    ("author", Role::Author),
    ("recipient", Role::Recipient),
    ("editor", Role::Editor),
    ("contributor", Role::Contributor),
    ("translator", Role::Translator),
    ("chair", Role::Chair),
    ("collection-editor", Role::CollectionEditor),
    ("compiler", Role::Compiler),
    ("composer", Role::Composer),
    ("container-author", Role::ContainerAuthor),
    ("curator", Role::Curator),
    ("director", Role::Director),
    ("editorial-director", Role::EditorialDirector),
    ("executive-producer", Role::ExecutiveProducer),
    ("guest", Role::Guest),
    ("host", Role::Host),
    ("illustrator", Role::Illustrator),
    ("interviewer", Role::Interviewer),
    ("narrator", Role::Narrator),
    ("organizer", Role::Organizer),
    ("original-author", Role::OriginalAuthor),
    ("performer", Role::Performer),
    ("producer", Role::Producer),
    ("reviewed-author", Role::ReviewedAuthor),
    ("script-writer", Role::ScriptWriter),
    ("series-creator", Role::SeriesCreator),
];

/// How the CSL-JSON writer writes archival locations.
pub(super) const FORM: LocationForm = LocationForm::Short;

/// Writes an array of CSL items, two-space indented like the native format.
#[derive(Default)]
pub struct CslJsonWriter {
    keys: CiteKeys,
    count: usize,
    scratch: Vec<u8>,
}

impl Writer for CslJsonWriter {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(b"[")
    }

    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        crate::formats::render_and_place_reusing(self, out, record, |w| &mut w.scratch)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(CslJsonWriter::default()))
    }

    /// The item with the key the record asks for; [`Writer::place`] makes it
    /// unique in the output.
    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        let key = base_key(record);
        let item = to_item(record, key.clone(), FORM);
        let start = out.len();
        push_indented(out, &item)?;
        Ok(id_slot(&out[start..], key).map(|mut slot| {
            slot.end += start;
            slot
        }))
    }

    fn place(
        &mut self,
        out: &mut dyn Write,
        rendered: &mut Vec<u8>,
        key: Option<KeySlot>,
    ) -> std::io::Result<()> {
        self.keys.settle_rendered(rendered, key.as_ref());
        let sep = if self.count == 0 { "\n  " } else { ",\n  " };
        self.count += 1;
        out.write_all(sep.as_bytes())?;
        out.write_all(rendered)
    }

    fn end(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })
    }
}

/// Where the `id` of an item rendered by [`push_indented`] ends: it is the
/// item's first member, written as a JSON string.
fn id_slot(rendered: &[u8], key: String) -> Option<KeySlot> {
    let written = serde_json::to_string(&key).ok()?;
    let at = rendered.windows(6).take(32).position(|w| w == b"\"id\": ")? + 6;
    let end = at + written.len() - 1;
    (rendered.get(at..=end) == Some(written.as_bytes())).then_some(KeySlot { key, end })
}

/// The CSL item of a record, with `id` = `key` and archival locations in
/// `form`. The one mapping of the model to CSL: `cite` renders this same item.
pub(crate) fn to_item(record: &Record, key: String, form: LocationForm) -> Item {
    let title = record.title.as_ref().map(|title| match &record.subtitle {
        Some(sub) => format!("{title}: {sub}"),
        None => title.to_string(),
    });
    let mut item = Item {
        id: Value::String(key),
        kind: record.work_type.map_or("manuscript", WorkType::csl).into(),
        citation_key: record.key.as_ref().map(|k| k.to_string()),
        title,
        original_title: record.original_title.as_ref().map(|t| t.to_string()),
        genre: record.document_type.as_ref().map(|t| t.label().to_string()),
        summary: record.summary.as_ref().map(|s| s.to_string()),
        ..Item::default()
    };
    let mut custom = Custom { archcite: Some(CUSTOM_VERSION), ..Custom::default() };
    put_dates(record, &mut item, &mut custom);
    put_languages(record, &mut item, &mut custom);
    put_agents(record, &mut item, &mut custom);
    put_references(record, &mut item, form);
    put_publication(record, &mut item);
    vars::write_description(record, &mut item);
    // The native form of the record, made once: its description fields are
    // compared with what the variables give back, the rest goes to `custom`.
    if let Ok(Value::Object(native)) = serde_json::to_value(record) {
        let described: Vec<Option<Value>> =
            vars::DESCRIPTION.iter().map(|k| native.get(*k).cloned()).collect();
        custom.record = rest_of(native);
        item.custom = Some(custom);
        vars::write_extras(record, &mut item);
        settle_custom(record, &described, &mut item);
    } else {
        item.custom = Some(custom);
        vars::write_extras(record, &mut item);
    }
    item
}

/// Keep in `custom` only the description fields and `extra` values that the
/// variables do not give back exactly (an absent field the variables would
/// give is written as `null` or `[]`). `described` holds the record's native value of each field of
/// [`vars::DESCRIPTION`], in that order.
fn settle_custom(record: &Record, described: &[Option<Value>], item: &mut Item) {
    let mut view = Record { title: record.title.clone(), ..Record::untitled() };
    view.subjects = record.subjects.clone();
    vars::read_description(&mut vars::description_probe(item), &mut view);
    let Ok(Value::Object(read)) = serde_json::to_value(&view) else { return };
    // A record without `extra` values says so in `custom` (`[]`) rather than
    // have the reader's view of the item worked out here to see whether it
    // needs saying: the costliest step of writing an item.
    let predicted = match record.extra.is_empty() {
        true => None,
        false => Some(super::read::canonical_extras(item, true)),
    };
    let Some(custom) = item.custom.as_mut() else { return };
    for (key, native) in vars::DESCRIPTION.iter().zip(described) {
        match (native.as_ref(), read.get(*key)) {
            (a, b) if a == b => {
                custom.record.shift_remove(*key);
            }
            (None, _) => {
                let empty = if matches!(*key, "identifiers" | "keywords") {
                    Value::Array(vec![])
                } else {
                    Value::Null
                };
                custom.record.insert(key.to_string(), empty);
            }
            _ => {}
        }
    }
    match predicted {
        Some(p) if p == record.extra => {
            custom.record.shift_remove("extra");
        }
        Some(_) => {}
        None => {
            custom.record.insert("extra".into(), Value::Array(vec![]));
        }
    }
}

/// The native record without the fields CSL variables carry exactly.
fn rest_of(mut native: Map<String, Value>) -> Map<String, Value> {
    native.retain(|k, _| !CARRIED_BY_CSL.contains(&k.as_str()));
    native
}

/// A date variable of the item.
pub(super) fn date_of(item: &Item, var: &str) -> Option<Date> {
    match var {
        "issued" => item.issued.clone(),
        "accessed" => item.accessed.clone(),
        "available-date" => item.available_date.clone(),
        _ => item.other.get(var).and_then(|v| serde_json::from_value(v.clone()).ok()),
    }
}

/// Set a date variable of the item.
pub(super) fn set_date(item: &mut Item, var: &str, mut date: Date) {
    // CSL 1.0.2 gives date parts as numbers; some producers write strings
    // ("2006"), which processors such as pandoc's citeproc refuse.
    for part in date.date_parts.iter_mut().flatten().flatten() {
        if let Some(n) = part.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
            *part = Value::from(n);
        }
    }
    match var {
        "issued" => item.issued = Some(date),
        "accessed" => item.accessed = Some(date),
        "available-date" => item.available_date = Some(date),
        _ => {
            item.other.insert(var.into(), serde_json::to_value(date).unwrap_or_default());
        }
    }
}

/// The typed text variables of the item, by CSL name.
fn text_field<'a>(item: &'a mut Item, var: &str) -> Option<&'a mut Option<String>> {
    Some(match var {
        "title" => &mut item.title,
        "original-title" => &mut item.original_title,
        "genre" => &mut item.genre,
        "language" => &mut item.language,
        "archive" => &mut item.archive,
        "archive-place" => &mut item.archive_place,
        "archive_location" => &mut item.archive_location,
        "call-number" => &mut item.call_number,
        "source" => &mut item.source,
        "publisher" => &mut item.publisher,
        "publisher-place" => &mut item.publisher_place,
        "URL" => &mut item.url,
        "abstract" => &mut item.summary,
        "keyword" => &mut item.keyword,
        "note" => &mut item.note,
        _ => return None,
    })
}

/// The text written for a variable, when one is.
pub(super) fn text_of(item: &mut Item, var: &str) -> Option<String> {
    if var == "type" {
        return Some(item.kind.clone());
    }
    match text_field(item, var) {
        Some(slot) => slot.clone(),
        None => item.other.get(var).and_then(vars::scalar),
    }
}

/// Replace the text written for a variable by the form it was read in.
pub(super) fn set_text(item: &mut Item, var: &str, value: Value) {
    if var == "type" {
        item.kind = vars::encode(&value);
        return;
    }
    match text_field(item, var) {
        Some(slot) => *slot = Some(vars::encode(&value)),
        None => {
            item.other.insert(var.into(), value);
        }
    }
}

fn put_dates(record: &Record, item: &mut Item, custom: &mut Custom) {
    // A document printed in a later publication is cited by that
    // publication's date (`issued`); its own date stays in `custom.date`.
    if let Some(issued) = &record.issued {
        item.issued = Some(csl_date(issued).0);
        custom.date = record.date.clone();
    } else if let Some(date) = &record.date {
        let (csl, exact) = csl_date(date);
        item.issued = Some(csl);
        if !exact {
            custom.date = Some(date.clone());
        }
    }
    item.accessed = record.event(&EventKind::Accessed).map(|d| csl_date(d).0);
    item.available_date = record.event(&EventKind::Uploaded).map(|d| csl_date(d).0);
}

/// The CSL form of a date, and whether reading it back gives the same date.
/// CSL has `circa` but no "uncertain" and no open-ended range.
pub(super) fn csl_date(date: &EdtfDate) -> (Date, bool) {
    let parts = |d: &PartialDate| -> Vec<Value> {
        let mut p = vec![Value::from(d.year())];
        p.extend(d.month().map(Value::from));
        p.extend(d.day().map(Value::from));
        p
    };
    let known: Vec<&PartialDate> = match date {
        EdtfDate::Single(d) => vec![d],
        EdtfDate::Interval(a, b) => a.iter().chain(b.iter()).collect(),
    };
    let approximate = known.iter().all(|d| d.certainty().is_approximate());
    let exact = match date {
        EdtfDate::Single(d) => !d.certainty().is_uncertain(),
        EdtfDate::Interval(Some(a), Some(b)) => {
            a.certainty() == b.certainty() && !a.certainty().is_uncertain()
        }
        EdtfDate::Interval(..) => false,
    };
    let csl = Date {
        date_parts: Some(known.into_iter().map(parts).collect()),
        circa: approximate.then_some(Value::Bool(true)),
        ..Date::default()
    };
    (csl, exact)
}

fn put_languages(record: &Record, item: &mut Item, custom: &mut Custom) {
    let langs = &record.languages;
    item.language = langs.primary().map(|t| t.to_string());
    // `language` alone reads back as the one original language.
    let said_by_language = langs.original.len() == 1 && langs.translation.is_empty();
    if !langs.is_empty() && !said_by_language {
        custom.languages = Some(langs.clone());
    }
}

fn put_agents(record: &Record, item: &mut Item, custom: &mut Custom) {
    let mut slots = Vec::new();
    for c in &record.agents {
        let Some(var) = csl_variable(c.role) else {
            slots.push(AgentSlot::Whole(c.clone()));
            continue;
        };
        let (name, pointer) = csl_name(&c.agent, var, c.on_behalf_of.clone());
        name_list(item, var).push(name);
        slots.push(AgentSlot::Pointer(pointer));
    }
    if !is_canonical(&slots) {
        custom.agents = slots;
    }
}

pub(super) fn csl_name(
    agent: &Agent,
    var: &str,
    on_behalf_of: Option<crate::model::NonEmpty>,
) -> (Name, Pointer) {
    let mut pointer =
        Pointer { csl: var.to_string(), original_script: None, on_behalf_of, abbreviation: None };
    let name = match agent {
        Agent::Person(p) => {
            pointer.original_script = p.original_script.clone();
            Name {
                family: Some(p.family.to_string()),
                given: p.given.as_ref().map(|g| g.to_string()),
                static_ordering: (p.name_order == NameOrder::FamilyFirst).then_some(Value::Bool(true)),
                ..Name::default()
            }
        }
        Agent::Organization(o) => {
            pointer.abbreviation = o.abbreviation.clone();
            Name { literal: Some(o.name.to_string()), ..Name::default() }
        }
    };
    (name, pointer)
}

/// True when a reader without `custom.agents` would rebuild the same agents:
/// only plain pointers, grouped in [`NAME_VARIABLES`] order.
fn is_canonical(slots: &[AgentSlot]) -> bool {
    let mut last = 0;
    for slot in slots {
        let AgentSlot::Pointer(p) = slot else { return false };
        if p.original_script.is_some() || p.on_behalf_of.is_some() || p.abbreviation.is_some() {
            return false;
        }
        let rank = NAME_VARIABLES.iter().position(|(v, _)| *v == p.csl).unwrap_or(usize::MAX);
        if rank < last {
            return false;
        }
        last = rank;
    }
    true
}

/// The item's list of names for a CSL name variable.
pub(super) fn name_list<'a>(item: &'a mut Item, var: &str) -> &'a mut Vec<Name> {
    match var {
        "author" => &mut item.author,
        "recipient" => &mut item.recipient,
        "editor" => &mut item.editor,
        "contributor" => &mut item.contributor,
        "chair" => &mut item.chair,
        "collection-editor" => &mut item.collection_editor,
        "compiler" => &mut item.compiler,
        "composer" => &mut item.composer,
        "container-author" => &mut item.container_author,
        "curator" => &mut item.curator,
        "director" => &mut item.director,
        "editorial-director" => &mut item.editorial_director,
        "executive-producer" => &mut item.executive_producer,
        "guest" => &mut item.guest,
        "host" => &mut item.host,
        "illustrator" => &mut item.illustrator,
        "interviewer" => &mut item.interviewer,
        "narrator" => &mut item.narrator,
        "organizer" => &mut item.organizer,
        "original-author" => &mut item.original_author,
        "performer" => &mut item.performer,
        "producer" => &mut item.producer,
        "reviewed-author" => &mut item.reviewed_author,
        "script-writer" => &mut item.script_writer,
        "series-creator" => &mut item.series_creator,
        _ => &mut item.translator,
    }
}

/// CSL has one archive per item: the first reference gives `archive` and
/// `archive-place`, and further copies are named in `archive_location` after
/// the first location, each with its repository ("...; AVPRF, f. 059a, ...").
fn put_references(record: &Record, item: &mut Item, form: LocationForm) {
    if let Some((first, rest)) = record.references.split_first() {
        let repository = first.repository.as_ref();
        item.archive = repository.map(repository_label);
        item.archive_place = repository.and_then(|r| r.place.as_ref()).map(|p| p.to_string());
        let locations: Vec<String> = std::iter::once(location(first, form))
            .chain(rest.iter().map(|r| reference_line(r, form)))
            .filter(|l| !l.is_empty())
            .collect();
        item.archive_location = (!locations.is_empty()).then(|| locations.join("; "));
    }
    // The credit line of a digital edition; a published work's general notes.
    item.note = credits(record, false).or_else(|| {
        let general: Vec<&str> = record.notes_of(&NoteKind::General).map(|n| n.text.as_str()).collect();
        (!general.is_empty()).then(|| general.join("\n"))
    });
}

fn put_publication(record: &Record, item: &mut Item) {
    let Some(p) = &record.publication else { return };
    item.source = p.collection.as_ref().map(|s| s.to_string());
    item.publisher = p.publisher.as_ref().map(|s| s.to_string());
    item.publisher_place = p.place.as_ref().map(|s| s.to_string());
    item.url = p.url.as_ref().map(|u| u.to_string());
}
