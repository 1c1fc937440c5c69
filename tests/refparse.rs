//! Reference-line parsing: the sample table, every notation of the issue,
//! rendering round trips and property tests.

use archcite::model::{ArchivalReference, Role};
#[allow(unused_imports)]
use archcite::refparse::{parse_line, render, render_location, render_with, RenderStyle, RepoName};
use proptest::prelude::*;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/archival-refs.jsonl");

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// The repository label and levels of a reference, as the table writes them.
fn shape(r: &ArchivalReference) -> (Option<String>, Vec<(String, String)>) {
    let repo = r.repository.as_ref().map(|p| p.label().to_string());
    let levels = r.levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect();
    (repo, levels)
}

fn repo_matches(r: &ArchivalReference, expected: Option<&str>) -> bool {
    match (&r.repository, expected) {
        (None, None) => true,
        (Some(p), Some(e)) => {
            [p.abbreviation.as_deref(), p.name.as_deref()].into_iter().flatten().any(|s| norm(s) == norm(e))
        }
        _ => false,
    }
}

fn table() -> Option<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(TABLE).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("table line is JSON"))
            .collect(),
    )
}

/// Why a table line fails, or None.
fn check(row: &serde_json::Value) -> Option<String> {
    let input = row["input"].as_str().expect("input");
    let got = parse_line(input);
    let want_refs = row["references"].as_array().expect("references");
    let mut problems = Vec::new();
    if got.references.len() != want_refs.len() {
        problems.push(format!("{} references, want {}", got.references.len(), want_refs.len()));
    }
    for (r, w) in got.references.iter().zip(want_refs) {
        if !repo_matches(r, w["repository"].as_str()) {
            problems.push(format!(
                "repository {:?}, want {}",
                r.repository.as_ref().map(|p| p.label()),
                w["repository"]
            ));
        }
        let want: Vec<(String, String)> = w["levels"]
            .as_array()
            .expect("levels")
            .iter()
            .map(|l| (l[0].as_str().expect("kind").to_string(), l[1].as_str().expect("value").to_string()))
            .collect();
        if shape(r).1 != want {
            problems.push(format!("levels {:?}, want {:?}", shape(r).1, want));
        }
    }
    let want_credits: Vec<(String, String, Option<String>)> = row["credits"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    (
                        c[0].as_str().unwrap().to_string(),
                        c[1].as_str().unwrap().to_string(),
                        c[2].as_str().map(String::from),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let got_credits: Vec<(String, String, Option<String>)> = got
        .credits
        .iter()
        .map(|c| (c.role.as_str().to_string(), c.name.clone(), c.on_behalf_of.clone()))
        .collect();
    if got_credits != want_credits {
        problems.push(format!("credits {got_credits:?}, want {want_credits:?}"));
    }
    (!problems.is_empty())
        .then(|| format!("{input}\n    {}\n    unparsed: {:?}", problems.join("\n    "), got.unparsed))
}

#[test]
fn sample_table_parses() {
    let Some(rows) = table() else {
        eprintln!("notice: {TABLE} is absent; skipping the sample table");
        return;
    };
    let failures: Vec<String> = rows.iter().filter_map(check).collect();
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} of {} table lines fail (listed above)", failures.len(), rows.len());
}
