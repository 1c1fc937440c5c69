//! Reading an item as far as it goes, for `validate`: a value the reader
//! refuses is left out and named, and the rest of the item is still read, so
//! that every rule on the record runs. `convert` keeps the strict reader, which
//! refuses such an item whole and pays nothing for this.

use serde_json::Value;

use super::item::Item;
use super::read::from_item;
use crate::model::{Record, Role};

/// What the reader refused: a JSON pointer into the item and why.
pub type Refused = (String, String);

/// Read an item (its JSON `text`) as a CSL item, leaving
/// out every top-level variable the reader refuses. Gives the record (`None`
/// when not even the rest makes one) and the variables left out, in the order
/// they were met.
pub fn read_lenient(text: &str) -> (Option<Record>, Vec<Refused>) {
    // Most items read as they are, straight from their text as the reader
    // reads them; only an item with a bad value is copied and taken apart.
    if let Ok(item) = serde_json::from_str::<Item>(text) {
        if let Ok(record) = from_item(item) {
            return (Some(record), Vec::new());
        }
    }
    let Ok(mut value) = serde_json::from_str::<Value>(text) else { return (None, Vec::new()) };
    let mut refused = Vec::new();
    // A missing `id` is the schema's finding; the rest of the item is still read.
    if let Some(item) = value.as_object_mut() {
        item.entry("id").or_insert(Value::Null);
    }
    // Each round leaves out one variable, so an item has at most as many rounds as keys.
    let rounds = value.as_object().map_or(1, |m| m.len() + 1);
    for _ in 0..rounds {
        let fault = match serde_path_to_error::deserialize::<_, Item>(&value) {
            Err(e) => (pointer_of(&e.path().to_string()), e.into_inner().to_string()),
            Ok(item) => match from_item(item) {
                Ok(record) => return (Some(record), refused),
                Err((field, message)) => (pointer_of(&field), message),
            },
        };
        let key = fault.0.split('/').nth(1).unwrap_or_default().replace("~1", "/").replace("~0", "~");
        let removed = value.as_object_mut().and_then(|m| m.remove(&key));
        refused.push(fault);
        if removed.is_none() {
            break;
        }
    }
    (None, refused)
}

/// `issued.date-parts[0]` or `custom.agents` → `/issued/date-parts/0`, `/custom/agents`.
fn pointer_of(path: &str) -> String {
    crate::formats::json_path::parse_path(path)
        .iter()
        .map(|s| match s {
            crate::formats::json_path::Step::Key(k) => {
                format!("/{}", k.replace('~', "~0").replace('/', "~1"))
            }
            crate::formats::json_path::Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// The CSL name variable that holds agents of `role`, where CSL has one.
pub fn name_variable(role: Role) -> Option<&'static str> {
    super::write::csl_variable(role)
}
