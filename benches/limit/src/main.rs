//! Reads CSL-JSON items, one a line, from standard input into typed items
//! whose strings borrow from the line where they can, and writes each back as
//! one line: the work every converter of JSON Lines does at the least.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};

use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct Name<'a> {
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    family: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    given: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    literal: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Serialize)]
struct Date {
    #[serde(rename = "date-parts")]
    date_parts: Vec<Vec<i32>>,
}

/// The CSL variables the corpus uses by name; any other key in `rest`.
#[derive(Deserialize, Serialize)]
struct Item<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    title: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    author: Vec<Name<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    translator: Vec<Name<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Date>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    archive: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    archive_location: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    note: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    medium: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    language: Option<Cow<'a, str>>,
    #[serde(rename = "URL", borrow, skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    keyword: Option<Cow<'a, str>>,
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

fn main() {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut n, mut bad) = (0usize, 0usize);
    for line in stdin.lines() {
        let line = line.expect("reading standard input");
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Item>(&line) {
            Ok(item) => {
                serde_json::to_writer(&mut out, &item).expect("writing");
                out.write_all(b"\n").expect("writing");
                n += 1;
            }
            Err(_) => bad += 1,
        }
    }
    out.flush().expect("writing");
    eprintln!("{n} records written, {bad} skipped");
}
