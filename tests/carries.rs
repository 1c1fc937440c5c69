//! Each format's table of the model fields it carries (`Format::carried`) is
//! exact: a record holding one field of the every-field record, written in
//! the format and read back, keeps that field exactly when the table says so.
//! A field the table leaves out is what `convert` warns about, so a table
//! that promised too much would lose data in silence, and one that promised
//! too little would warn about nothing.

use archcite::model::{Agent, Container, Field, OriginalPublication, Publication, Record, Rights, Series};
use archcite::Format;

fn every_field() -> Record {
    let text = std::fs::read_to_string("tests/fixtures/valid/every-field.json").expect("fixture");
    Format::Json.read_str(&text).expect("every-field record reads").remove(0)
}

/// `sink` with only `field` (and the title every record has).
fn with_only(sink: &Record, field: &Field) -> Record {
    let mut r = Record { title: sink.title.clone(), ..Record::untitled() };
    let q = field.qualifier.as_deref();
    match field.path {
        "title" => {}
        "key" => r.key = sink.key.clone(),
        "subtitle" => r.subtitle = sink.subtitle.clone(),
        "short_title" => r.short_title = sink.short_title.clone(),
        "original_title" => r.original_title = sink.original_title.clone(),
        "alternate_titles" => {
            r.alternate_titles = sink
                .alternate_titles
                .iter()
                .filter(|t| t.kind.as_ref().map_or("any", |k| k.as_str()) == q.unwrap_or(""))
                .cloned()
                .collect()
        }
        "work_type" => r.work_type = sink.work_type,
        "type" => r.document_type = sink.document_type.clone(),
        "date" => r.date = sink.date.clone(),
        "issued" => r.issued = sink.issued.clone(),
        "events" => r.events = sink.events.iter().filter(|e| Some(e.kind.as_str()) == q).cloned().collect(),
        "languages.original" => r.languages.original = sink.languages.original.clone(),
        "languages.translation" => r.languages.translation = sink.languages.translation.clone(),
        "agents" | "agents.on_behalf_of" | "agents.original_script" => {
            r.agents = sink.agents.iter().filter(|c| Some(c.role.as_str()) == q).cloned().collect()
        }
        "references" => r.references = sink.references.clone(),
        "identifiers" => {
            r.identifiers =
                sink.identifiers.iter().filter(|i| Some(i.scheme.as_str()) == q).cloned().collect()
        }
        "notes" => r.notes = sink.notes.iter().filter(|n| Some(n.kind.as_str()) == q).cloned().collect(),
        "extra" => {
            r.extra = sink
                .extra
                .iter()
                .filter(|e| Some(format!("{}:{}", e.format, e.field).as_str()) == q)
                .cloned()
                .collect()
        }
        "subjects" => r.subjects = sink.subjects.clone(),
        "keywords" => r.keywords = sink.keywords.clone(),
        "places" => r.places = sink.places.clone(),
        "people" => r.people = sink.people.clone(),
        "related" => r.related = sink.related.clone(),
        "published_sources" => r.published_sources = sink.published_sources.clone(),
        "text" => r.text = sink.text.clone(),
        "summary" => r.summary = sink.summary.clone(),
        "edition" => r.edition = sink.edition.clone(),
        "number" => r.number = sink.number.clone(),
        "extent" => r.extent = sink.extent.clone(),
        "medium" => r.medium = sink.medium.clone(),
        path => {
            let (group, sub) = path.split_once('.').expect("a sub-field");
            match group {
                "publication" => {
                    let p = sink.publication.clone().unwrap_or_default();
                    let mut only = Publication::default();
                    match sub {
                        "collection" => only.collection = p.collection,
                        "publisher" => only.publisher = p.publisher,
                        "place" => only.place = p.place,
                        "url" => only.url = p.url,
                        "record_id" => only.record_id = p.record_id,
                        _ => panic!("unknown field {path}"),
                    }
                    r.publication = Some(only);
                }
                "container" => {
                    let c = sink.container.clone().unwrap_or_default();
                    let mut only = Container::default();
                    match sub {
                        "title" => only.title = c.title,
                        "short_title" => only.short_title = c.short_title,
                        "volume" => only.volume = c.volume,
                        "issue" => only.issue = c.issue,
                        "pages" => only.pages = c.pages,
                        "chapter" => only.chapter = c.chapter,
                        _ => panic!("unknown field {path}"),
                    }
                    r.container = Some(only);
                }
                // A series number needs its series: keep the title with it.
                "series" => {
                    let s = sink.series.clone().expect("series");
                    r.series = Some(match sub {
                        "title" => Series { title: s.title, number: None },
                        _ => s,
                    });
                }
                "original" => {
                    let o = sink.original.clone().unwrap_or_default();
                    let mut only = OriginalPublication::default();
                    match sub {
                        "title" => only.title = o.title,
                        "date" => only.date = o.date,
                        "publisher" => only.publisher = o.publisher,
                        "place" => only.place = o.place,
                        _ => panic!("unknown field {path}"),
                    }
                    r.original = Some(only);
                }
                "rights" => {
                    let rt = sink.rights.clone().unwrap_or_default();
                    let mut only = Rights::default();
                    match sub {
                        "statement" => only.statement = rt.statement,
                        "license" => only.license = rt.license,
                        "holder" => only.holder = rt.holder,
                        _ => panic!("unknown field {path}"),
                    }
                    r.rights = Some(only);
                }
                _ => panic!("unknown field {path}"),
            }
        }
    }
    r
}

/// For a format archcite writes but does not read (JSON-LD): whether the
/// field changes what is written. `one` holds the title and the field; it is
/// compared with the same record without the field (for the title, with
/// another title; for an agent's `on_behalf_of` or `original_script`, with
/// the agents but not that part of them).
fn written_with_and_without(format: Format, one: &Record, field: &Field, written: &str) -> bool {
    let mut without = one.clone();
    match field.path {
        "title" => without.title = Some(archcite::ne!("Another title")),
        "agents.on_behalf_of" => without.agents.iter_mut().for_each(|c| c.on_behalf_of = None),
        "agents.original_script" => without.agents.iter_mut().for_each(|c| {
            if let archcite::model::Agent::Person(p) = &mut c.agent {
                p.original_script = None;
            }
        }),
        _ => without = Record { title: one.title.clone(), ..Record::untitled() },
    }
    let other = format.write_string(std::slice::from_ref(&without)).expect("writes");
    match field.path {
        // Another title changes the output whether or not the title is
        // written in it: the title itself must be there.
        "title" => written.contains(one.title.as_ref().expect("titled").as_str()) && other != written,
        _ => other != written,
    }
}

/// The value of `field` in `r`, as comparable text.
fn value_of(r: &Record, field: &Field) -> Vec<String> {
    let q = field.qualifier.as_deref();
    let json = serde_json::to_value(r).expect("serialises");
    let simple = |v: &serde_json::Value| match v {
        serde_json::Value::Null => vec![],
        serde_json::Value::Array(a) => a.iter().map(|x| x.to_string()).collect(),
        other => vec![other.to_string()],
    };
    match field.path {
        "agents" => r
            .agents
            .iter()
            .filter(|c| Some(c.role.as_str()) == q)
            .map(|c| match &c.agent {
                Agent::Person(p) => format!("{}|{}", p.family, p.given.as_deref().unwrap_or("")),
                Agent::Organization(o) => o.name.to_string(),
            })
            .collect(),
        "agents.on_behalf_of" => r
            .agents
            .iter()
            .filter(|c| Some(c.role.as_str()) == q)
            .filter_map(|c| c.on_behalf_of.clone())
            .map(String::from)
            .collect(),
        "agents.original_script" => r
            .agents
            .iter()
            .filter(|c| Some(c.role.as_str()) == q)
            .filter_map(|c| match &c.agent {
                Agent::Person(p) => p.original_script.clone().map(String::from),
                Agent::Organization(_) => None,
            })
            .collect(),
        "alternate_titles" => r
            .alternate_titles
            .iter()
            .filter(|t| t.kind.as_ref().map_or("any", |k| k.as_str()) == q.unwrap_or(""))
            .map(|t| t.title.to_string())
            .collect(),
        "events" => {
            r.events.iter().filter(|e| Some(e.kind.as_str()) == q).map(|e| e.date.to_string()).collect()
        }
        "identifiers" => r
            .identifiers
            .iter()
            .filter(|i| Some(i.scheme.as_str()) == q)
            .map(|i| i.value.to_string())
            .collect(),
        "notes" => {
            r.notes.iter().filter(|n| Some(n.kind.as_str()) == q).map(|n| n.text.to_string()).collect()
        }
        "extra" => r
            .extra
            .iter()
            .filter(|e| Some(format!("{}:{}", e.format, e.field).as_str()) == q)
            .map(|e| e.value.clone())
            .collect(),
        path => {
            let mut v = &json;
            for part in path.split('.') {
                v = v.get(part).unwrap_or(&serde_json::Value::Null);
            }
            simple(v)
        }
    }
}

#[test]
fn every_format_carries_exactly_the_fields_its_table_names() {
    let sink = every_field();
    let mut wrong = Vec::new();
    let mut table = String::new();
    for format in Format::ALL.iter().copied().filter(|f| f.writer().is_some()) {
        let mut kept_names = Vec::new();
        for field in sink.fields() {
            let one = with_only(&sink, &field);
            let written = format.write_string(std::slice::from_ref(&one)).expect("writes");
            let kept = if format.readable() {
                let back = format
                    .read_str(&written)
                    .unwrap_or_else(|e| panic!("{}: {field}: {e}\n{written}", format.name()));
                assert_eq!(back.len(), 1, "{}: {field}", format.name());
                value_of(&back[0], &field) == value_of(&one, &field)
            } else {
                written_with_and_without(format, &one, &field, &written)
            };
            if kept {
                kept_names.push(field.to_string());
            }
            if kept != format.carries(&field) {
                wrong.push(format!(
                    "{}: `{field}` {} but its table says it {}",
                    format.name(),
                    if kept { "survives" } else { "is lost" },
                    if kept { "is not carried" } else { "is carried" }
                ));
            }
        }
        table.push_str(&format!("{}: {:?}\n", format.name(), kept_names));
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A `.bib` entry of a published work carries its publisher, place,
/// keywords and notes in their own fields (an archival entry writes its
/// publication in a note line): no loss is reported for them, and they
/// survive.
#[test]
fn a_published_works_bib_entry_carries_its_publication() {
    let text = r#"{"title":"The TeXbook","work_type":"book","publication":{"publisher":"Addison-Wesley","place":"Reading, Mass."},"keywords":["typesetting"],"notes":[{"kind":"general","text":"Fourth printing"}]}"#;
    let record = Format::Json.read_str(text).unwrap().remove(0);
    let fields = [
        Field::plain("publication.publisher"),
        Field::plain("publication.place"),
        Field::plain("keywords"),
        Field::of("notes", "general"),
    ];
    let names: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    for format in [Format::Bibtex, Format::Biblatex] {
        let lost: Vec<String> = format.losses(&record).iter().map(|l| l.field.to_string()).collect();
        assert!(lost.iter().all(|f| !names.contains(f)), "{}: {lost:?}", format.name());
        let written = format.write_string(std::slice::from_ref(&record)).unwrap();
        let back = format.read_str(&written).unwrap().remove(0);
        for field in &fields {
            assert_eq!(
                value_of(&back, field),
                value_of(&record, field),
                "{}: {field}\n{written}",
                format.name()
            );
        }
    }
}
