//! Find where a field path such as `agents[0].role` sits in JSON text.
//!
//! serde reports a bad value only after reading past it (and errors raised while
//! converting a value carry the position of the enclosing object's end), so
//! messages would point at the wrong line. Walking the text along the field
//! path gives the key and the start of the value instead; `validate` uses the
//! same walk for its diagnostics.

/// Byte offsets of a field in JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The opening quote of the field's key (`None` for array elements and the root).
    pub key: Option<usize>,
    /// The first byte of the value.
    pub value: usize,
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Split `agents[0].person.family` into steps; `.` or empty is the root.
pub fn parse_path(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            steps.push(Step::Key(name.to_string()));
        }
        // A key may hold brackets itself (`a]`, `[`): only `[n]` is an index.
        while let (Some(inner), Some(close)) = (rest.strip_prefix('['), rest.find(']')) {
            if let Ok(i) = inner[..close - 1].parse() {
                steps.push(Step::Index(i));
            }
            rest = &rest[close + 1..];
        }
    }
    steps
}

/// Locate the field at `steps` in `text`; `None` when the path is not there.
pub fn locate(text: &str, steps: &[Step]) -> Option<Located> {
    let b = text.as_bytes();
    let mut at = Located { key: None, value: skip_ws(b, 0) };
    for step in steps {
        at = match step {
            Step::Key(k) => member(b, at.value, k)?,
            Step::Index(n) => Located { key: None, value: element(b, at.value, *n)? },
        };
    }
    Some(at)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// The end of the string starting at the quote `i` (just past the closing quote).
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => string_end(b, i),
        Some(b'{' | b'[') => {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                j += 1;
            }
            j
        }
    }
}

fn member(b: &[u8], obj: usize, key: &str) -> Option<Located> {
    if b.get(obj) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(b, obj + 1);
    while b.get(i) == Some(&b'"') {
        let key_end = string_end(b, i);
        // An unclosed key runs to the end of the text: nothing to name.
        let name = std::str::from_utf8(b.get(i + 1..key_end.checked_sub(1)?)?).ok()?;
        let colon = skip_ws(b, key_end);
        let value = skip_ws(b, colon + 1);
        if name == key {
            return Some(Located { key: Some(i), value });
        }
        i = skip_ws(b, value_end(b, value));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, i + 1);
    }
    None
}

fn element(b: &[u8], arr: usize, n: usize) -> Option<usize> {
    if b.get(arr) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ws(b, arr + 1);
    for _ in 0..n {
        i = skip_ws(b, value_end(b, i));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, i + 1);
    }
    (i < b.len() && b[i] != b']').then_some(i)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_key_holding_brackets_is_no_index_and_no_fault() {
        assert_eq!(parse_path("a[0]]"), vec![Step::Key("a".into()), Step::Index(0)]);
        assert_eq!(parse_path("]"), vec![Step::Key("]".into())]);
        assert_eq!(parse_path("x[]"), vec![Step::Key("x".into())]);
    }
    use super::*;

    #[test]
    fn finds_nested_fields() {
        let text = r#"{"a": 1, "agents": [{"role": "x"}, {"person": {"family": "G\"o"}, "role": "y"}]}"#;
        let at = locate(text, &parse_path("agents[1].role")).unwrap();
        assert_eq!(&text[at.value..at.value + 3], "\"y\"");
        assert_eq!(&text[at.key.unwrap()..at.key.unwrap() + 6], "\"role\"");
        assert!(locate(text, &parse_path("agents[2]")).is_none());
        assert!(locate(text, &parse_path("missing")).is_none());
    }
}
