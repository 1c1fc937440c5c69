//! `schemas/record.schema.json` against the Rust types, the examples and bad inputs,
//! with a real JSON Schema validator.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{examples, root};

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("schemas/record.schema.json")).unwrap())
        .unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

fn load(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(rel)).unwrap()).unwrap()
}

#[test]
fn every_example_validates() {
    let v = validator();
    for (name, record) in examples() {
        let json = serde_json::to_value(&record).unwrap();
        let errors: Vec<String> =
            v.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// Collect every key path used by a JSON value, with array indices removed.
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{prefix}/{k}");
                out.insert(p.clone());
                key_paths(v, &p, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| key_paths(v, prefix, out)),
        _ => {}
    }
}

/// Collect every property path the schema declares, starting from the record.
fn schema_paths(schema: &Value, node: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return schema_paths(schema, &schema["$defs"][name], prefix, out);
    }
    if let Some(items) = node.get("items") {
        return schema_paths(schema, items, prefix, out);
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p = format!("{prefix}/{k}");
            out.insert(p.clone());
            schema_paths(schema, v, &p, out);
        }
    }
}

#[test]
fn schema_declares_exactly_the_fields_the_types_use() {
    let every = load("tests/fixtures/valid/every-field.json");
    // The types accept the fixture and write it back unchanged ...
    let record: archcite::model::Record =
        serde_json::from_value(every.clone()).expect("types accept every field");
    assert_eq!(serde_json::to_value(&record).unwrap(), every);
    // ... the schema accepts it ...
    assert!(validator().is_valid(&every));
    // ... and declares no field the types lack, nor lacks one they have.
    let (mut used, mut declared) = (BTreeSet::new(), BTreeSet::new());
    key_paths(&every, "", &mut used);
    // `known` is written only when false, for an archive the registry does not know.
    let unknown = load("tests/fixtures/refparse/unknown-repository.json");
    let read: archcite::model::Record = serde_json::from_value(unknown.clone()).expect("types accept it");
    assert_eq!(serde_json::to_value(&read).unwrap(), unknown);
    key_paths(&unknown, "", &mut used);
    let s = schema();
    schema_paths(&s, &s["$defs"]["record"], "", &mut declared);
    assert_eq!(declared, used, "schema and types differ; update schemas/record.schema.json");
}

#[test]
fn schema_rejects_the_bad_fixtures_the_types_reject() {
    let v = validator();
    // Calendar validity (1969-02-30) is beyond a pattern and left to the types.
    let beyond_schema = ["impossible-date.json", "truncated.json"];
    let dir = root().join("tests/fixtures/bad-input");
    let mut accepted = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "json") || beyond_schema.contains(&name.as_str()) {
            continue;
        }
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            serde_json::from_value::<archcite::model::Record>(value.clone()).is_err(),
            "types accept {name}"
        );
        if v.is_valid(&value) {
            accepted.push(name);
        }
    }
    assert!(accepted.is_empty(), "schema accepts bad fixtures: {accepted:?}");
}
