//! Checks of typed values on the raw JSON, so that every bad date, URL, language
//! tag and string is reported, not only the first one serde meets.

use std::fmt::Write as _;

use serde_json::Value;

use super::Finding;
use crate::model::{EdtfDate, LanguageTag};

/// Walk a record's JSON and check each value whose field name says what it is.
pub fn check(value: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut path = String::with_capacity(64);
    walk(value, &mut path, None, &mut out);
    out
}

/// `path` is a JSON pointer grown and shrunk in place: records are walked by the
/// hundred thousand, and a fresh string per node dominated the run time.
fn walk(value: &Value, path: &mut String, field: Option<&str>, out: &mut Vec<Finding>) {
    let len = path.len();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push('/');
                push_escaped(path, k);
                walk(v, path, Some(k), out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push('/');
                let _ = write!(path, "{i}");
                walk(v, path, field, out);
                path.truncate(len);
            }
        }
        Value::String(s) => check_string(s, path, field, out),
        _ => {}
    }
}

fn push_escaped(path: &mut String, key: &str) {
    if key.contains(['~', '/']) {
        path.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        path.push_str(key);
    }
}

fn check_string(s: &str, path: &str, field: Option<&str>, out: &mut Vec<Finding>) {
    if s.trim().is_empty() {
        out.push(
            Finding::error("empty-string", path, "empty text")
                .help("leave the field out instead of giving an empty string"),
        );
        return;
    }
    if s.trim() != s {
        out.push(
            Finding::warning("padded-string", path, "text starts or ends with white space")
                .help("remove the spaces or line breaks around the text"),
        );
    }
    match field {
        Some("date") => check_date(s, path, out),
        Some("url" | "license") => {
            if let Err(e) = url::Url::parse(s) {
                out.push(
                    Finding::error("url-malformed", path, format!("`{s}` is not a URL: {e}"))
                        .help("write an absolute URL such as https://example.org/document/123"),
                );
            }
        }
        Some("original" | "translation") if path.starts_with("/languages/") => {
            if let Err(e) = s.parse::<LanguageTag>() {
                out.push(
                    Finding::error("language-tag", path, e.to_string())
                        .help("use a BCP 47 tag: `ru`, `en`, `de`, `zh-Hans`"),
                );
            }
        }
        _ => {}
    }
}

fn check_date(s: &str, path: &str, out: &mut Vec<Finding>) {
    if let Err(e) = s.parse::<EdtfDate>() {
        out.push(
            Finding::error("date-invalid", path, e.to_string())
                .help("write the date as EDTF: 1969-04-14, 1969-04, 1969, 1969~ (circa), 1969/1970"),
        );
    }
}
