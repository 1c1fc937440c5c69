//! Rules on the typed record: archival levels, folio ranges, credits, rights.

use super::Finding;
use chrono::Datelike;

use crate::model::{Agent, ArchivalReference, EdtfDate, LevelKind, PartialDate, Record, Role};
use crate::registry;

/// Every model rule on one record.
pub fn check(record: &Record, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    if record.title.is_none() {
        out.push(
            Finding::warning("no-title", "/title", "the record has no title").help(format!(
                "when the document has none, devise one in square brackets from its form, people and date \
                 (DACS 2.3.18-2.3.19), e.g. `\"title\": \"{}\"`; MARC, MODS and TEI output write such a title",
                crate::formats::catalogue::devised_title(record)
            )),
        );
    }
    for (i, r) in record.references.iter().enumerate() {
        let path = format!("/references/{i}");
        repository(r, &path, &mut out);
        level_order(r, &path, &mut out);
        level_duplicates(r, &path, &mut out);
        ranges(r, &path, &mut out);
    }
    dates(record, today, &mut out);
    credits(record, &mut out);
    if record.rights.as_ref().is_none_or(|r| r.statement.is_none() && r.license.is_none()) {
        out.push(
            Finding::warning("no-rights", "/rights", "the record has no rights statement")
                .help("add `rights.statement` (or `rights.license`) so catalogues know the terms of use"),
        );
    }
    out
}

/// The registry says which archive an abbreviation and a name stand for; when
/// they stand for two different archives, one of them is wrong.
fn repository(r: &ArchivalReference, path: &str, out: &mut Vec<Finding>) {
    let Some(repo) = &r.repository else { return };
    let by_abbreviation = repo.abbreviation.as_deref().and_then(registry::lookup_entry);
    let by_name = repo.name.as_deref().and_then(registry::lookup_entry);
    match (by_abbreviation, by_name) {
        (Some(a), Some(n)) if !std::ptr::eq(a, n) => out.push(
            Finding::error(
                "repository-mismatch",
                format!("{path}/repository/abbreviation"),
                format!(
                    "`{}` is {}, but the name `{}` is that of {}",
                    repo.abbreviation.as_deref().unwrap_or_default(),
                    a.name,
                    repo.name.as_deref().unwrap_or_default(),
                    n.abbreviation
                ),
            )
            .help(format!(
                "write either `{}` with its name, or `{}` with {}",
                a.abbreviation, n.abbreviation, n.name
            )),
        ),
        (None, None) => out.push(
            Finding::info(
                "repository-unknown",
                format!("{path}/repository"),
                format!("`{}` is not in archcite's registry of repositories", repo.label()),
            )
            .help("nothing to fix if the name is right; check its spelling otherwise"),
        ),
        // Marked unknown when read, but the registry (perhaps extended) knows it now.
        (a, n) if !repo.known => out.push(
            Finding::info(
                "repository-unknown",
                format!("{path}/repository/known"),
                format!(
                    "`{}` is marked as unknown, but the registry knows it as {}",
                    repo.label(),
                    a.or(n).map_or("", |e| e.abbreviation)
                ),
            )
            .help("take the registry's abbreviation and name, and drop `known: false`"),
        ),
        _ => {}
    }
}

/// Rank of the Russian levels, outermost first. Papka is left out: archives
/// place it before or after delo, and both are written.
fn rank(kind: &LevelKind) -> Option<u8> {
    match kind {
        LevelKind::Fond => Some(0),
        LevelKind::Opis => Some(1),
        LevelKind::Delo | LevelKind::EdinitsaKhraneniya => Some(2),
        LevelKind::Listi => Some(3),
        _ => None,
    }
}

fn level_order(r: &ArchivalReference, path: &str, out: &mut Vec<Finding>) {
    let mut deepest: Option<(u8, &LevelKind)> = None;
    for (j, level) in r.levels.iter().enumerate() {
        let Some(rank) = rank(&level.kind) else { continue };
        match deepest {
            Some((d, outer)) if rank < d => out.push(
                Finding::error(
                    "level-order",
                    format!("{path}/levels/{j}/kind"),
                    format!("`{}` comes after `{outer}`, but it is the outer level", level.kind),
                )
                .help("write the levels outermost first: fond, opis, delo, listi"),
            ),
            _ => deepest = Some((rank, &level.kind)),
        }
    }
}

fn level_duplicates(r: &ArchivalReference, path: &str, out: &mut Vec<Finding>) {
    for (j, level) in r.levels.iter().enumerate() {
        if r.levels[..j].iter().any(|l| l.kind == level.kind) {
            out.push(
                Finding::error(
                    "level-duplicate",
                    format!("{path}/levels/{j}/kind"),
                    format!("`{}` appears twice in one reference", level.kind),
                )
                .help("keep one value per level; a second document is a second reference"),
            );
        }
    }
}

fn ranges(r: &ArchivalReference, path: &str, out: &mut Vec<Finding>) {
    for (j, level) in r.levels.iter().enumerate() {
        if !matches!(level.kind, LevelKind::Listi | LevelKind::Folio | LevelKind::Pages | LevelKind::Piece) {
            continue;
        }
        for part in level.value.split([',', ';']) {
            if let Some((a, b)) = backwards(part) {
                out.push(
                    Finding::error(
                        "range-backwards",
                        format!("{path}/levels/{j}/value"),
                        format!("the range {a}-{b} runs backwards"),
                    )
                    .help(format!("write the lower number first: {b}-{a}")),
                );
            }
        }
    }
}

/// `101-95` is backwards; `521-22` is an abbreviated `521-522` and is not.
fn backwards(part: &str) -> Option<(u64, u64)> {
    let (a, b) = part.split_once('-')?;
    let digits = |s: &str| s.trim().chars().take_while(char::is_ascii_digit).collect::<String>();
    let (da, db) = (digits(a), digits(b));
    if da.is_empty() || db.is_empty() || da.len() > 18 || db.len() > 18 {
        return None;
    }
    let start: u64 = da.parse().ok()?;
    let mut end: u64 = db.parse().ok()?;
    if db.len() < da.len() && !db.starts_with('0') {
        // Expand the abbreviated end with the start's leading digits.
        let expanded = format!("{}{}", &da[..da.len() - db.len()], db);
        end = expanded.parse().ok()?;
    }
    (end < start).then_some((start, end))
}

fn dates(record: &Record, today: chrono::NaiveDate, out: &mut Vec<Finding>) {
    let events = record.events.iter().enumerate().map(|(i, e)| (format!("/events/{i}/date"), &e.date));
    for (path, date) in record.date.iter().map(|d| ("/date".to_string(), d)).chain(events) {
        date_rules(date, &path, today, out);
    }
}

fn date_rules(date: &EdtfDate, path: &str, today: chrono::NaiveDate, out: &mut Vec<Finding>) {
    let now = (today.year(), today.month() as u8, today.day() as u8);
    // A partial date lies in the future only when its earliest possible day does.
    let future = [date.start(), date.end()]
        .into_iter()
        .flatten()
        .find(|d| (d.year(), d.month().unwrap_or(1), d.day().unwrap_or(1)) > now);
    if let Some(d) = future {
        out.push(
            Finding::error("date-future", path, format!("{d} lies in the future"))
                .help("check the year; archival documents are dated in the past"),
        );
    }
    if let (Some(a), Some(b)) = (date.start(), date.end()) {
        let precision = |d: &PartialDate| u8::from(d.month().is_some()) + u8::from(d.day().is_some());
        if precision(a) != precision(b) {
            out.push(
                Finding::warning(
                    "date-precision",
                    path,
                    format!("the interval's ends differ in precision: {a} and {b}"),
                )
                .help("give both ends to the same precision (year, month or day), e.g. 1969-04/1969-06"),
            );
        }
    }
}

fn credits(record: &Record, out: &mut Vec<Finding>) {
    let has_translator = record.agents.iter().any(|c| c.role == Role::Translator);
    if has_translator && record.languages.original.is_empty() {
        out.push(
            Finding::warning(
                "translator-without-original-language",
                "/languages",
                "the record names a translator but not the language of the original",
            )
            .help("add `languages.original`, e.g. [\"ru\"]"),
        );
    }
    for (i, c) in record.agents.iter().enumerate() {
        let (name, field) = match &c.agent {
            Agent::Person(p) => (p.display_name(), "person"),
            Agent::Organization(o) => (o.name.to_string(), "organization/name"),
        };
        let joined = |j: &&&str| match &c.agent {
            // "Department of Fish and Game" is one body: an organisation's
            // name is two only when each side names a body of its own.
            Agent::Organization(_) if **j != "; " => {
                name.split_once(**j).is_some_and(|(a, b)| names_a_body(a) && names_a_body(b))
            }
            _ => name.contains(**j),
        };
        if let Some(joint) = [" and ", " & ", "; "].iter().find(joined) {
            out.push(
                Finding::warning(
                    "names-run-together",
                    format!("/agents/{i}/{field}"),
                    format!("`{name}` looks like two names joined by `{}`", joint.trim()),
                )
                .help("give each person or organisation its own entry in `agents`"),
            );
        }
    }
}

/// Words that head the name of an institution, in the languages archival
/// records are most often catalogued in.
const BODIES: &[&str] = &[
    "university",
    "universität",
    "université",
    "universidad",
    "università",
    "университет",
    "college",
    "institute",
    "institut",
    "instituto",
    "istituto",
    "институт",
    "foundation",
    "fondation",
    "stiftung",
    "fundación",
    "fund",
    "archive",
    "archives",
    "archiv",
    "archivo",
    "archivio",
    "архив",
    "library",
    "bibliothek",
    "bibliothèque",
    "biblioteca",
    "библиотека",
    "center",
    "centre",
    "centro",
    "центр",
    "museum",
    "musée",
    "museo",
    "музей",
    "ministry",
    "ministerium",
    "ministère",
    "министерство",
    "council",
    "society",
    "association",
    "academy",
    "akademie",
    "académie",
    "академия",
    "school",
    "corporation",
    "company",
    "inc.",
    "ltd.",
    "commission",
    "trust",
    "agency",
    "bureau",
    "office",
];

/// Whether a part of a name holds a word that heads an institution's name.
fn names_a_body(part: &str) -> bool {
    part.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')'))
        .any(|w| BODIES.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(agents: serde_json::Value) -> Vec<String> {
        let record: Record =
            serde_json::from_value(serde_json::json!({"title": "x", "agents": agents})).unwrap();
        let mut out = Vec::new();
        credits(&record, &mut out);
        out.into_iter().filter(|f| f.code == "names-run-together").map(|f| f.message).collect()
    }

    #[test]
    fn one_body_with_and_in_its_name_is_not_two() {
        for name in [
            "National Center for Ecological Analysis and Synthesis",
            "California. Department of Fish and Game. Marine Resources Region",
            "Fire and Resource Assessment Program (Calif.)",
            "Simon & Schuster",
        ] {
            let agents = serde_json::json!([{"role": "funder", "organization": {"name": name}}]);
            assert!(warned(agents).is_empty(), "{name}");
        }
    }

    #[test]
    fn two_bodies_or_two_people_joined_are_flagged() {
        let two_bodies = "Kyungnam University and Institute for Korean Studies, Ohio State University";
        let agents = serde_json::json!([
            {"role": "funder", "organization": {"name": two_bodies}},
            {"role": "funder", "organization": {"name": "Primus; Jurassic 5"}},
            {"role": "translator", "person": {"family": "Smith and Jones"}},
        ]);
        assert_eq!(warned(agents).len(), 3);
    }
}
