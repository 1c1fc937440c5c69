//! A native record read as far as it goes: each value serde refuses is left
//! out in turn, so that the model rules still run on everything else.

use serde_json::Value;

use crate::model::Record;

/// The record without the values it could not type, and the JSON pointers of
/// the values left out. `None` when even the rest is no record.
pub fn read_native(mut value: Value) -> (Option<Record>, Vec<String>) {
    let mut left_out = Vec::new();
    // Each round removes one value; a record has far fewer bad values than this.
    for _ in 0..64 {
        let e = match serde_path_to_error::deserialize::<_, Record>(&value) {
            Ok(record) => return (Some(record), left_out),
            Err(e) => e,
        };
        let steps = crate::formats::json_path::parse_path(&e.path().to_string());
        if !remove(&mut value, &steps) {
            break;
        }
        left_out.push(super::pointer_from_steps(&steps));
    }
    (None, left_out)
}

/// Remove the value at `steps`; false when there is none (or it is the root).
fn remove(value: &mut Value, steps: &[crate::formats::json_path::Step]) -> bool {
    use crate::formats::json_path::Step;
    let Some((last, parents)) = steps.split_last() else { return false };
    let mut at = value;
    for step in parents {
        let next = match (step, at) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k),
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        let Some(next) = next else { return false };
        at = next;
    }
    match (last, at) {
        (Step::Key(k), Value::Object(m)) => m.remove(k).is_some(),
        (Step::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}

/// True when `path` is one of `pointers`, lies inside one, or holds one.
pub fn under_any(path: &str, pointers: &[String]) -> bool {
    let inside = |outer: &str, inner: &str| inner == outer || inner.starts_with(&format!("{outer}/"));
    pointers.iter().any(|p| inside(p, path) || inside(path, p))
}
