//! CSL-JSON items: the types and variables of the CSL 1.0.2 input schema
//! (`csl-data.json`), the dates, URL and language of an item checked on its
//! JSON, and the places of the item's variables that the model rules point at.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::Value;

use super::Finding;
use crate::model::{EventKind, LanguageTag, Record};

/// The item types of CSL 1.0.2 (`csl-data.json`, `type`).
pub const TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// The variables of a CSL 1.0.2 item (`csl-data.json` allows no others).
pub const VARIABLES: &[&str] = &[
    "DOI",
    "ISBN",
    "ISSN",
    "PMCID",
    "PMID",
    "URL",
    "abstract",
    "accessed",
    "annote",
    "archive",
    "archive-place",
    "archive_collection",
    "archive_location",
    "author",
    "authority",
    "available-date",
    "call-number",
    "categories",
    "chair",
    "chapter-number",
    "citation-key",
    "citation-label",
    "citation-number",
    "collection-editor",
    "collection-number",
    "collection-title",
    "compiler",
    "composer",
    "container-author",
    "container-title",
    "container-title-short",
    "contributor",
    "curator",
    "custom",
    "dimensions",
    "director",
    "division",
    "edition",
    "editor",
    "editorial-director",
    "event",
    "event-date",
    "event-place",
    "event-title",
    "executive-producer",
    "first-reference-note-number",
    "genre",
    "guest",
    "host",
    "id",
    "illustrator",
    "interviewer",
    "issue",
    "issued",
    "journalAbbreviation",
    "jurisdiction",
    "keyword",
    "language",
    "locator",
    "medium",
    "narrator",
    "note",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "organizer",
    "original-author",
    "original-date",
    "original-publisher",
    "original-publisher-place",
    "original-title",
    "page",
    "page-first",
    "part",
    "part-title",
    "performer",
    "printing",
    "producer",
    "publisher",
    "publisher-place",
    "recipient",
    "references",
    "reviewed-author",
    "reviewed-genre",
    "reviewed-title",
    "scale",
    "script-writer",
    "section",
    "series-creator",
    "shortTitle",
    "source",
    "status",
    "submitted",
    "supplement",
    "title",
    "title-short",
    "translator",
    "type",
    "version",
    "volume",
    "volume-title",
    "volume-title-short",
    "year-suffix",
];

const DATE_VARIABLES: &[&str] =
    &["accessed", "available-date", "event-date", "issued", "original-date", "submitted"];

/// An item's members, their values as written.
pub type Members<'a> = BTreeMap<String, &'a RawValue>;

/// The finding for an item that is JSON but no object.
pub fn not_an_object() -> Finding {
    Finding::error("wrong-type", "", "a CSL item is a JSON object")
        .help("write each item as an object: {\"id\": \"...\", \"type\": \"book\", ...}")
}

/// Every schema and value rule on one item.
pub fn check(item: &Members) -> Vec<Finding> {
    let mut out = Vec::new();
    for required in ["id", "type"] {
        if !item.contains_key(required) {
            out.push(
                Finding::error("missing-field", "", format!("missing variable `{required}`"))
                    .help(format!("CSL 1.0.2 requires `{required}` in every item")),
            );
        }
    }
    let pointer = |key: &str| format!("/{}", key.replace('~', "~0").replace('/', "~1"));
    for (key, raw) in item {
        // Both lists are sorted (a test says so): items are checked by the hundred thousand.
        if VARIABLES.binary_search(&key.as_str()).is_err() {
            out.push(unknown_variable(key, &pointer(key)));
            continue;
        }
        let checked =
            matches!(key.as_str(), "type" | "URL" | "language") || DATE_VARIABLES.contains(&key.as_str());
        let Some(v) = checked.then(|| serde_json::from_str::<Value>(raw.get()).ok()).flatten() else {
            continue;
        };
        match key.as_str() {
            "type" => check_type(&v, &pointer(key), &mut out),
            "URL" => check_url(&v, &pointer(key), &mut out),
            "language" => check_language(&v, &pointer(key), &mut out),
            _ => check_date(&v, &pointer(key), &mut out),
        }
    }
    out
}

/// `archive-location` for `archive_location`, `url` for `URL`: the same name
/// but for case, `-` and `_`.
fn near<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let fold = |s: &str| s.to_lowercase().replace('_', "-");
    let folded = fold(name);
    known.iter().copied().find(|k| fold(k) == folded)
}

fn unknown_variable(key: &str, path: &str) -> Finding {
    let help = match near(key, VARIABLES) {
        Some(k) => format!("CSL spells it `{k}`"),
        None => "CSL processors ignore it (archcite keeps it and writes it back); \
                 move data of your own into `custom` or `note`"
            .to_string(),
    };
    Finding::warning("unknown-variable", path, format!("`{key}` is not a CSL 1.0.2 variable"))
        .help(help)
        .at_key()
}

fn check_type(v: &Value, path: &str, out: &mut Vec<Finding>) {
    let Some(t) = v.as_str() else {
        out.push(
            Finding::error("wrong-type", path, "`type` is not a string").help("write the type as a string"),
        );
        return;
    };
    if TYPES.binary_search(&t).is_ok() {
        return;
    }
    let help = match near(t, TYPES) {
        Some(k) => format!("CSL spells it `{k}`"),
        None => "use a CSL 1.0.2 type: article-journal, book, chapter, manuscript, report, thesis, webpage, \
                 ... (docs/work-types.md lists them)"
            .to_string(),
    };
    out.push(Finding::error("unknown-type", path, format!("`{t}` is not a CSL 1.0.2 item type")).help(help));
}

fn check_url(v: &Value, path: &str, out: &mut Vec<Finding>) {
    let Some(s) = v.as_str() else {
        out.push(
            Finding::error("wrong-type", path, "`URL` is not a string").help("write the URL as a string"),
        );
        return;
    };
    let Err(e) = url::Url::parse(s.trim()) else { return };
    let fixed = ["http//", "https//"]
        .iter()
        .find(|p| s.trim().starts_with(**p))
        .map(|p| format!("{}:{}", &p[..p.len() - 2], &s.trim()[p.len() - 2..]));
    let help = match fixed {
        Some(f) => format!("the scheme lacks its colon: {f}"),
        None => "write an absolute URL with its scheme, e.g. https://example.org/document/123".to_string(),
    };
    out.push(Finding::error("url-malformed", path, format!("`{s}` is not an absolute URL: {e}")).help(help));
}

fn check_language(v: &Value, path: &str, out: &mut Vec<Finding>) {
    let Some(s) = v.as_str() else { return };
    if s.trim().parse::<LanguageTag>().is_err() && LanguageTag::parse_loose(s).is_none() {
        out.push(
            Finding::warning("language-tag", path, format!("`{s}` is not a BCP 47 language tag"))
                .help("use a tag such as `en`, `ru`, `de-CH`, `zh-Hans`; processors pick the locale by it"),
        );
    }
}

fn check_date(v: &Value, path: &str, out: &mut Vec<Finding>) {
    match v {
        Value::Object(date) => {
            if let Some(parts) = date.get("date-parts") {
                date_parts(parts, &format!("{path}/date-parts"), out);
            }
        }
        Value::String(s) => {
            if let Err(e) = s.parse::<crate::model::EdtfDate>() {
                out.push(
                    Finding::error("date-invalid", path, e.to_string())
                        .help("write an EDTF date (1969-04-14) or {\"date-parts\": [[1969, 4, 14]]}"),
                );
            }
        }
        _ => out.push(
            Finding::error("wrong-type", path, "a CSL date is an object or an EDTF string")
                .help("write {\"date-parts\": [[1969, 4, 14]]}"),
        ),
    }
}

fn date_parts(parts: &Value, path: &str, out: &mut Vec<Finding>) {
    let Some(dates) = parts.as_array().filter(|d| (1..=2).contains(&d.len())) else {
        out.push(
            Finding::error("date-invalid", path, "`date-parts` holds one date, or two for a range")
                .help("write [[1969, 4, 14]], or [[1969, 4], [1969, 6]] for a range"),
        );
        return;
    };
    for (i, date) in dates.iter().enumerate() {
        if let Some(f) = one_date(date, &format!("{path}/{i}")) {
            out.push(f);
        }
    }
}

/// The first problem of `[year, month, day]`, at the part at fault.
fn one_date(date: &Value, path: &str) -> Option<Finding> {
    let help =
        "write [year, month, day] with a month from 1 to 12 and a day the month has, e.g. [1969, 4, 14]";
    let Some(parts) = date.as_array().filter(|p| (1..=3).contains(&p.len())) else {
        return Some(
            Finding::error("date-invalid", path, "a date has one to three parts: year, month, day")
                .help(help),
        );
    };
    let mut nums = Vec::with_capacity(3);
    for (i, part) in parts.iter().enumerate() {
        let n = part.as_i64().or_else(|| part.as_str().and_then(|s| s.trim().parse().ok()));
        match n {
            Some(n) => nums.push(n),
            None => {
                return Some(
                    Finding::error(
                        "date-invalid",
                        format!("{path}/{i}"),
                        format!("date part {part} is not a number"),
                    )
                    .help(help),
                )
            }
        }
    }
    let (year, month, day) = (nums[0], nums.get(1).copied(), nums.get(2).copied());
    let season = month.is_some_and(|m| matches!(m, 13..=16 | 21..=24));
    match month {
        Some(m) if season && day.is_some_and(|d| d != 0) => {
            return Some(
                Finding::error(
                    "date-invalid",
                    format!("{path}/1"),
                    format!(
                    "month {m} does not exist: 13-16 and 21-24 stand for seasons, and a season has no day {}",
                    day.unwrap_or_default()
                ),
                )
                .help(help),
            )
        }
        Some(m) if !(0..=12).contains(&m) && !season => {
            return Some(
                Finding::error("date-invalid", format!("{path}/1"), format!("month {m} does not exist"))
                    .help(help),
            )
        }
        _ => {}
    }
    let (Some(m), Some(d)) = (month.filter(|m| (1..=12).contains(m)), day.filter(|d| *d != 0)) else {
        return None;
    };
    let exists = i32::try_from(year)
        .ok()
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m as u32, u32::try_from(d).ok()?))
        .is_some();
    (!exists).then(|| {
        Finding::error(
            "date-invalid",
            format!("{path}/2"),
            format!("day {d} does not exist in {year}-{m:02}"),
        )
        .help(help)
    })
}

/// Where in the item the value behind a model field was read from: the
/// pointer of a model finding (`/references/0/levels/3/value`) as the pointer
/// of the CSL variable (`/archive_location`); the item itself (`""`) when no
/// variable of the item holds it.
pub fn item_pointer(model: &str, record: &Record, item: &Members) -> String {
    let mut steps = model.split('/').skip(1);
    let (first, second, third) = (steps.next().unwrap_or_default(), steps.next(), steps.next());
    let index = second.and_then(|s| s.parse::<usize>().ok());
    let candidates: &[&str] = match first {
        "title" => &["title"],
        "subtitle" => &["title"],
        "short_title" => &["title-short", "shortTitle"],
        "original_title" => &["original-title"],
        "document_type" => &["genre"],
        "summary" => &["abstract"],
        "date" => &["issued"],
        "key" => &["citation-key", "id"],
        "languages" => &["language"],
        "notes" => &["note"],
        "container" => &["container-title"],
        "references" if index != Some(0) => &["note"],
        "references" if third == Some("repository") => &["archive", "archive-place"],
        "references" => &["archive_location", "archive_collection", "archive"],
        "publication" => match second {
            Some("url") => &["URL"],
            Some("collection") => &["source"],
            Some("publisher") => &["publisher"],
            Some("place") => &["publisher-place"],
            _ => &["URL", "source", "publisher"],
        },
        "agents" => return agent_pointer(record, index, item),
        "events" => match index.and_then(|i| record.events.get(i)).map(|e| &e.kind) {
            Some(EventKind::Accessed) => &["accessed"],
            Some(EventKind::Uploaded) => &["available-date"],
            _ => &[],
        },
        "extra" => return extra_pointer(record, index, item),
        _ => &[],
    };
    candidates.iter().find(|k| item.contains_key(**k)).map_or_else(String::new, |k| format!("/{k}"))
}

/// An agent's name in its name variable: the n-th agent of a role is the n-th
/// name of that role's variable.
fn agent_pointer(record: &Record, index: Option<usize>, item: &Members) -> String {
    let Some((i, agent)) = index.and_then(|i| record.agents.get(i).map(|a| (i, a))) else {
        return String::new();
    };
    let Some(var) = crate::formats::csl::name_variable(agent.role) else { return String::new() };
    let nth = record.agents[..i].iter().filter(|a| a.role == agent.role).count();
    let names = item
        .get(var)
        .map(|raw| serde_json::from_str::<Vec<serde::de::IgnoredAny>>(raw.get()).map_or(0, |v| v.len()));
    match names {
        Some(n) if nth < n => format!("/{var}/{nth}"),
        Some(_) => format!("/{var}"),
        None => String::new(),
    }
}

/// A value kept as written: its variable, when it came from this item.
fn extra_pointer(record: &Record, index: Option<usize>, item: &Members) -> String {
    let Some(extra) = index.and_then(|i| record.extra.get(i)) else { return String::new() };
    let key = extra.field.split('.').next().unwrap_or_default();
    if extra.format.as_str() == "csl-json" && item.contains_key(key) {
        format!("/{}", key.replace('~', "~0").replace('/', "~1"))
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(item: &str) -> Vec<(&'static str, String)> {
        check(&serde_json::from_str::<Members>(item).unwrap()).into_iter().map(|f| (f.code, f.path)).collect()
    }

    #[test]
    fn months_days_and_seasons() {
        let dates = |parts: &str| {
            codes(&format!(r#"{{"id": 1, "type": "book", "issued": {{"date-parts": [{parts}]}}}}"#))
        };
        assert_eq!(dates("[1969, 4, 14]"), vec![]);
        // A season alone is what citeproc-js reads; a season with a day is no date.
        assert_eq!(dates("[1969, 13]"), vec![]);
        assert_eq!(dates("[1969, 13, 45]"), vec![("date-invalid", "/issued/date-parts/0/1".into())]);
        assert_eq!(dates("[1969, 17]"), vec![("date-invalid", "/issued/date-parts/0/1".into())]);
        assert_eq!(dates("[1969, 2, 29]"), vec![("date-invalid", "/issued/date-parts/0/2".into())]);
        assert_eq!(dates("[1968, 2, 29]"), vec![]);
        assert_eq!(dates("[1969, \"x\"]"), vec![("date-invalid", "/issued/date-parts/0/1".into())]);
    }

    #[test]
    fn types_and_variables_of_the_schema() {
        assert_eq!(
            codes(
                r#"{"id": 1, "type": "journal-article", "archive-location": "f. 5", "URL": "https://x.org/"}"#
            ),
            vec![("unknown-variable", "/archive-location".into()), ("unknown-type", "/type".into())]
        );
        assert_eq!(codes(r#"{"type": "book"}"#), vec![("missing-field", String::new())]);
        assert_eq!(near("url", VARIABLES), Some("URL"));
        assert!(TYPES.is_sorted() && VARIABLES.is_sorted(), "looked up by binary search");
        assert_eq!(near("legal-case", TYPES), Some("legal_case"));
    }
}
