//! Reference-line parsing: the sample table, every notation of the issue,
//! rendering round trips and property tests.

use archcite::model::{ArchivalReference, Role};
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
pub(crate) fn check(row: &serde_json::Value) -> Option<String> {
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

/// The levels of the only reference in `line`, as (kind, value) pairs.
fn levels_of(line: &str) -> Vec<(String, String)> {
    let p = parse_line(line);
    assert_eq!(p.references.len(), 1, "{line}: {:?}", p.references);
    shape(&p.references[0]).1
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn ru(f: &str, o: &str, d: &str, l: &str) -> Vec<(String, String)> {
    pairs(&[("fond", f), ("opis", o), ("delo", d), ("listi", l)])
}

#[test]
fn seed_line() {
    let p = parse_line("Russian State Archive of Contemporary History (RGANI), Fond 5, Opis 61, Delo. 462, Listi 95-101. Obtained by Sergey Radchenko and translated by Gary Goldberg.");
    assert_eq!(p.references.len(), 1);
    assert_eq!(p.references[0].repository.as_ref().map(|r| r.label()), Some("RGANI"));
    assert_eq!(shape(&p.references[0]).1, ru("5", "61", "462", "95-101"));
    let credits: Vec<(Role, &str)> = p.credits.iter().map(|c| (c.role, c.name.as_str())).collect();
    assert_eq!(credits, vec![(Role::ObtainedBy, "Sergey Radchenko"), (Role::Translator, "Gary Goldberg")]);
    assert_eq!(p.unparsed, "");
}

#[test]
fn russian_full_words_any_case() {
    assert_eq!(levels_of("RGANI, Fond 5, Opis 61, Delo 462, Listi 95-101"), ru("5", "61", "462", "95-101"));
    assert_eq!(levels_of("RGANI, FOND 5, OPIS 61, DELO 462, LISTY 95-101"), ru("5", "61", "462", "95-101"));
    assert_eq!(levels_of("RGANI, fond 5, opis 61, delo 462, list 95"), ru("5", "61", "462", "95"));
    assert_eq!(
        levels_of("AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80"),
        pairs(&[("fond", "059a"), ("opis", "5a"), ("delo", "5"), ("papka", "11"), ("listi", "80")])
    );
}

#[test]
fn russian_abbreviations_dotted_and_run_together() {
    assert_eq!(levels_of("RGASPI, f. 17, op. 162, d. 18, ll. 140-141"), ru("17", "162", "18", "140-141"));
    assert_eq!(levels_of("RGASPI, F. 17. Op. 162, D. 18, L. 140-141"), ru("17", "162", "18", "140-141"));
    assert_eq!(
        levels_of("RGASPI F.17 op.162 d.34"),
        pairs(&[("fond", "17"), ("opis", "162"), ("delo", "34")])
    );
    assert_eq!(
        levels_of("AVPRF, f. 07, op. 23a, d. 18, p. 235, l. 7"),
        pairs(&[("fond", "07"), ("opis", "23a"), ("delo", "18"), ("papka", "235"), ("listi", "7")])
    );
}

#[test]
fn lettered_fonds() {
    assert_eq!(levels_of("GARF, F. R-9401, op. 2, d. 65, l. 1"), ru("R-9401", "2", "65", "1"));
    assert_eq!(levels_of("РГАСПИ. Ф. П-9248. Оп. 1. Д. 2. Л. 3"), ru("П-9248", "1", "2", "3"));
    assert_eq!(
        levels_of("AVPRF, Fond 059a, Opis 5a, Delo 4"),
        pairs(&[("fond", "059a"), ("opis", "5a"), ("delo", "4")])
    );
}

#[test]
fn cyrillic_and_ukrainian() {
    assert_eq!(levels_of("РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101."), ru("5", "61", "462", "95-101"));
    assert_eq!(
        levels_of("РГАНИ. Ф. 3. Оп. 8. Ед. хр. 12. Л. 4"),
        pairs(&[("fond", "3"), ("opis", "8"), ("edinitsa-khraneniya", "12"), ("listi", "4")])
    );
    assert_eq!(levels_of("ГДА СБУ, Фонд 16, Опис 1, Справа 74, Арк. 3"), ru("16", "1", "74", "3"));
    let p = parse_line("АП РФ. Ф. 45. Оп. 1. Д. 346. Л. 1");
    assert_eq!(p.references[0].repository.as_ref().map(|r| r.label()), Some("APRF"));
}

#[test]
fn versos_and_copy_markers() {
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, l. 29 ob.")[3].1, "29 ob.");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, l. 29об.")[3].1, "29об.");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, l. 29 rev.")[3].1, "29 rev.");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, l. 29-rev.")[3].1, "29-rev.");
    assert_eq!(levels_of("РГАСПИ. Ф. 17. Оп. 3. Д. 9. Л. 67 (А).")[3].1, "67 (А)");
}

#[test]
fn leaf_lists_dashes_and_zeros() {
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, ll. 3, 5-7, 9ob.")[3].1, "3, 5-7, 9ob.");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, ll. 12–14")[3].1, "12-14");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, ll. 12—14")[3].1, "12-14");
    assert_eq!(levels_of("RGANI, f. 5, op. 30, d. 4, ll. 12 – 14")[3].1, "12-14");
    assert_eq!(levels_of("RGASPI, f. 558, op. 11, d. 342, ll. 0044-0045")[3].1, "0044-0045");
}

#[test]
fn year_between_levels() {
    assert_eq!(
        levels_of("AVPRF, f. 0102, op. 9, 1953, p. 44, d. 7, l. 2"),
        pairs(&[
            ("fond", "0102"),
            ("opis", "9"),
            ("year", "1953"),
            ("papka", "44"),
            ("delo", "7"),
            ("listi", "2")
        ])
    );
}

#[test]
fn several_references() {
    let p = parse_line("APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80; and RGASPI, f. 558, op. 11, d. 342, ll. 0078.");
    let labels: Vec<_> =
        p.references.iter().map(|r| r.repository.as_ref().map(|x| x.label().to_string())).collect();
    assert_eq!(labels, vec![Some("APRF".into()), Some("AVPRF".into()), Some("RGASPI".into())]);
    assert_eq!(shape(&p.references[2]).1, ru("558", "11", "342", "0078"));
    assert_eq!(p.unparsed, "");
}

#[test]
fn other_systems() {
    assert_eq!(
        levels_of("FO 371/128663"),
        pairs(&[("department", "FO"), ("series", "371"), ("piece", "128663")])
    );
    assert_eq!(levels_of("PRC FMA 109-03984-02, 7-8"), pairs(&[("file", "109-03984-02"), ("pages", "7-8")]));
    assert_eq!(
        levels_of("RG 59, Central Files 1970-73, POL 15-1 KOR S"),
        pairs(&[("record-group", "59"), ("series", "Central Files 1970-73"), ("file", "POL 15-1 KOR S")])
    );
    assert_eq!(
        levels_of("BArch, B 136/59748, 403-410"),
        pairs(&[("bestand", "B 136"), ("signatur", "59748"), ("pages", "403-410")])
    );
    assert_eq!(
        levels_of("AAN, KC PZPR, XIA/103, k. 5"),
        pairs(&[("fonds", "KC PZPR"), ("call-number", "XIA/103"), ("folio", "5")])
    );
}

#[test]
fn unknown_repository_kept_as_written() {
    let p = parse_line("Archive of the Buryat Regional Party Committee, f. 4, op. 1, d. 22");
    assert_eq!(p.references.len(), 1);
    let repo = p.references[0].repository.as_ref().expect("repository");
    assert_eq!(repo.abbreviation, None);
    assert!(!repo.known);
    assert_eq!(repo.label(), "Archive of the Buryat Regional Party Committee");
    // The registry knows the Mongolian party archive by its English name.
    let p = parse_line("Archive of the Mongolian People's Party, f. 4, op. 1, d. 22");
    let repo = p.references[0].repository.as_ref().expect("repository");
    assert_eq!((repo.label(), repo.known), ("MPRP Archives", true));
}

fn credits_of(line: &str) -> Vec<(String, String, Option<String>)> {
    parse_line(line)
        .credits
        .iter()
        .map(|c| (c.role.as_str().to_string(), c.name.clone(), c.on_behalf_of.clone()))
        .collect()
}

fn cr(role: &str, name: &str, org: Option<&str>) -> (String, String, Option<String>) {
    (role.to_string(), name.to_string(), org.map(String::from))
}

#[test]
fn credit_forms() {
    assert_eq!(
        credits_of("Obtained and translated for CWIHP by Mark Kramer."),
        vec![cr("obtained-by", "Mark Kramer", Some("CWIHP")), cr("translator", "Mark Kramer", Some("CWIHP"))]
    );
    assert_eq!(
        credits_of("Contributed by Sergey Radchenko."),
        vec![cr("contributor", "Sergey Radchenko", None)]
    );
    assert_eq!(
        credits_of("Translated and edited by Gary Goldberg, Sergey Radchenko, and Charles Kraus."),
        vec![
            cr("translator", "Gary Goldberg", None),
            cr("translator", "Sergey Radchenko", None),
            cr("translator", "Charles Kraus", None),
            cr("editor", "Gary Goldberg", None),
            cr("editor", "Sergey Radchenko", None),
            cr("editor", "Charles Kraus", None),
        ]
    );
    assert_eq!(
        credits_of("Obtained by North Korean Materials Archive, IFES, Kyungnam University."),
        vec![cr("obtained-by", "North Korean Materials Archive, IFES, Kyungnam University", None)]
    );
    assert_eq!(
        credits_of("Translated by Jeffrey Wang and Charles Kraus."),
        vec![cr("translator", "Jeffrey Wang", None), cr("translator", "Charles Kraus", None)]
    );
}

#[test]
fn reprint_is_a_published_source() {
    let p = parse_line("Reprinted in Cold War International History Project Bulletin 6/7 (Winter 1995), 45. Translated by Vladislav Zubok.");
    assert!(p.references.is_empty(), "{:?}", p.references);
    assert_eq!(p.published_sources.len(), 1);
    assert!(p.published_sources[0].starts_with("Cold War International History Project Bulletin"));
    assert_eq!(p.credits.len(), 1);
}

#[test]
fn contributors_person_or_organization() {
    use archcite::model::Agent;
    let p = parse_line("Translated for NKIDP by James F. Person.");
    let c = p.credits[0].to_contributor();
    match c.agent {
        Agent::Person(ref person) => {
            assert_eq!(person.family.as_str(), "Person");
            assert_eq!(person.given.as_deref(), Some("James F."));
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(c.on_behalf_of.as_deref(), Some("NKIDP"));
    let p = parse_line("Obtained by North Korean Materials Archive, IFES, Kyungnam University.");
    assert!(matches!(p.credits[0].to_contributor().agent, Agent::Organization(_)));
}

#[test]
fn rendering_conventions() {
    let r = &parse_line("RGANI, Fond 5, Opis 61, Delo 462, Listi 95-101").references[0];
    assert_eq!(render(r, RenderStyle::Full), "RGANI, Fond 5, Opis 61, Delo 462, Listi 95–101");
    assert_eq!(render(r, RenderStyle::Short), "RGANI, f. 5, op. 61, d. 462, ll. 95–101");
    assert_eq!(render(r, RenderStyle::Cyrillic), "РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101");
    assert_eq!(render_location(r, RenderStyle::Short), "f. 5, op. 61, d. 462, ll. 95–101");
    assert_eq!(
        render_with(r, RenderStyle::Full, RepoName::Full),
        "Russian State Archive of Contemporary History, Fond 5, Opis 61, Delo 462, Listi 95–101"
    );
    let one = &parse_line("GARF, f. 1235, op. 140, d.59, l. 20.").references[0];
    assert_eq!(render_location(one, RenderStyle::Short), "f. 1235, op. 140, d. 59, l. 20");
    let tna = &parse_line("FO 371/128663").references[0];
    assert_eq!(render(tna, RenderStyle::Full), "TNA, FO 371/128663");
    let barch = &parse_line("BArch, B 136/59748, 403-410").references[0];
    assert_eq!(render(barch, RenderStyle::Full), "BArch, B 136/59748, 403–410");
    let nara = &parse_line(
        "National Archives and Records Administration, RG 59, Central Files 1967–69, POL 7 US/VANCE",
    )
    .references[0];
    assert_eq!(render(nara, RenderStyle::Full), "NARA, RG 59, Central Files 1967-69, POL 7 US/VANCE");
    let prc = &parse_line("PRC FMA 109-03984-02, 7-8").references[0];
    assert_eq!(render(prc, RenderStyle::Full), "PRC FMA, 109-03984-02, 7–8");
}

/// Every rendering of `r` parses back to the same repository and levels.
fn round_trips(r: &ArchivalReference) -> Result<(), String> {
    for style in [RenderStyle::Full, RenderStyle::Short, RenderStyle::Cyrillic] {
        for name in [RepoName::Abbreviation, RepoName::Full] {
            let text = render_with(r, style, name);
            let back = parse_line(&text);
            let same = back.references.len() == 1
                && back.references[0].repository == r.repository
                && back.references[0].levels == r.levels;
            if !same {
                return Err(format!(
                    "{text:?} -> {:?}",
                    back.references.iter().map(shape).collect::<Vec<_>>()
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn table_references_round_trip() {
    let Some(rows) = table() else { return };
    let mut failures = Vec::new();
    for row in rows {
        for r in parse_line(row["input"].as_str().expect("input")).references {
            if let Err(e) = round_trips(&r) {
                failures.push(format!("{:?}: {e}", shape(&r)));
            }
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} references do not round-trip", failures.len());
}

fn russian_line() -> impl Strategy<Value = String> {
    let repo = prop::sample::select(vec!["RGANI", "GARF", "RGASPI", "APRF", "AVPRF", "TsAMO RF", "РГАЭ"]);
    let code = "[RП]?-?[0-9]{1,5}[a-c]?".prop_map(|s| s.trim_start_matches('-').to_string());
    let leaves = prop::collection::vec((1u32..400, prop::option::of(1u32..30), prop::bool::ANY), 1..4);
    (repo, code, 1u32..300, 1u32..2000, leaves).prop_map(|(repo, f, op, d, leaves)| {
        let ls: Vec<String> = leaves
            .iter()
            .map(|(a, n, ob)| {
                let mut s = match n {
                    Some(n) => format!("{a}-{}", a + n),
                    None => a.to_string(),
                };
                if *ob {
                    s.push_str(" ob.");
                }
                s
            })
            .collect();
        format!("{repo}, f. {f}, op. {op}, d. {d}, ll. {}", ls.join(", "))
    })
}

proptest! {
    #[test]
    fn generated_references_round_trip(line in russian_line()) {
        let p = parse_line(&line);
        prop_assert_eq!(p.references.len(), 1, "{}", line);
        prop_assert_eq!(&p.unparsed, "");
        prop_assert!(round_trips(&p.references[0]).is_ok(), "{}: {:?}", line, round_trips(&p.references[0]));
    }

    #[test]
    fn arbitrary_input_never_panics(s in "\\PC{0,120}") {
        let p = parse_line(&s);
        prop_assert_eq!(&p.input, &s);
    }

    #[test]
    fn unparseable_text_comes_back_whole(s in "[a-z]{1,12}( [a-z]{1,12}){0,8}") {
        prop_assume!(!s.split(' ').any(|w| ["and", "ibid", "see", "also", "cf"].contains(&w)));
        let p = parse_line(&s);
        prop_assert!(p.references.is_empty());
        prop_assert_eq!(&p.unparsed, &s);
        prop_assert!(!p.warnings.is_empty());
    }
}

/// A reference's repository label and (kind, value) levels.
type Shape = (Option<String>, Vec<(String, String)>);

/// A test case: a line, its repository and its levels.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// The repository label and levels of every reference in `line`.
fn refs_of(line: &str) -> Vec<Shape> {
    parse_line(line).references.iter().map(shape).collect()
}

fn one(repo: &str, levels: &[(&str, &str)]) -> Vec<Shape> {
    vec![(Some(repo.to_string()), pairs(levels))]
}

#[test]
fn russian_notations_seen_in_practice() {
    let cases: &[Case] = &[
        (
            "RGANI, fond 5, opis 30, delo 335, listy 92-97",
            "RGANI",
            &[("fond", "5"), ("opis", "30"), ("delo", "335"), ("listi", "92-97")],
        ),
        (
            "AVPRF f. 0102, op. 11, p. 65, d. 45, ll. 1-5",
            "AVPRF",
            &[("fond", "0102"), ("opis", "11"), ("papka", "65"), ("delo", "45"), ("listi", "1-5")],
        ),
        (
            "TsAMO, F. 5, Op. 918795, D. 122, Ll. 18-19",
            "TsAMO",
            &[("fond", "5"), ("opis", "918795"), ("delo", "122"), ("listi", "18-19")],
        ),
        (
            "RGASPI, f. 17, op. 3, d. 1090, l. 37-37ob.",
            "RGASPI",
            &[("fond", "17"), ("opis", "3"), ("delo", "1090"), ("listi", "37-37ob.")],
        ),
        (
            "ГАРФ. Ф. Р-5446. Оп. 1. Д. 489. Л. 1–3 об.",
            "GARF",
            &[("fond", "Р-5446"), ("opis", "1"), ("delo", "489"), ("listi", "1-3 об.")],
        ),
        (
            "АВП РФ, ф. 0100, оп. 46, п. 362, д. 12, л. 33-35",
            "AVPRF",
            &[("fond", "0100"), ("opis", "46"), ("papka", "362"), ("delo", "12"), ("listi", "33-35")],
        ),
        (
            "LYA, f. K-1, ap. 10, b. 300, l. 5-8",
            "LYA",
            &[("fond", "K-1"), ("opis", "10"), ("delo", "300"), ("listi", "5-8")],
        ),
        (
            "GARF f. 5446, op. 1, d. 505, l. 2",
            "GARF",
            &[("fond", "5446"), ("opis", "1"), ("delo", "505"), ("listi", "2")],
        ),
    ];
    for (line, repo, levels) in cases {
        assert_eq!(refs_of(line), one(repo, levels), "{line}");
        assert_eq!(parse_line(line).unparsed, "", "{line}");
    }
}

#[test]
fn repository_glossed_in_parentheses() {
    // A full name glossed by a several-word abbreviation, and the reverse.
    let line = "Archive of Foreign Policy of the Russian Federation (AVP RF), fond 059a, opis 1, papka 1, delo 1, listy 1-2";
    assert_eq!(
        refs_of(line),
        one("AVPRF", &[("fond", "059a"), ("opis", "1"), ("papka", "1"), ("delo", "1"), ("listi", "1-2")])
    );
    assert_eq!(parse_line(line).unparsed, "");
    let line = "RGAE (Russian State Archive of the Economy), f. 4372, op. 66, d. 1, ll. 1-5";
    assert_eq!(
        refs_of(line),
        one("RGAE", &[("fond", "4372"), ("opis", "66"), ("delo", "1"), ("listi", "1-5")])
    );
    assert_eq!(parse_line(line).unparsed, "");
}

#[test]
fn bulgarian_archival_unit_and_pages() {
    let line = "AMVnR, Opis 17, a.e. 1, p. 1-2";
    assert_eq!(
        refs_of(line),
        one("AMVnR", &[("opis", "17"), ("edinitsa-khraneniya", "1"), ("listi", "1-2")])
    );
    assert_eq!(parse_line(line).unparsed, "");
    // "a" alone is an article, not half of "a.e.".
    assert!(parse_line("a e 5").references.is_empty());
}

#[test]
fn german_call_numbers() {
    assert_eq!(
        refs_of("SAPMO-BArch, DY 30/3387, Bl. 1-5"),
        one("SAPMO-BArch", &[("bestand", "DY 30"), ("signatur", "3387"), ("folio", "1-5")])
    );
    assert_eq!(
        refs_of("PA AA, MfAA, C 1065/73"),
        one("PA AA", &[("bestand", "MfAA"), ("signatur", "C 1065/73")])
    );
}

#[test]
fn unknown_archives_kept_as_written() {
    let p = parse_line("Lilly Library Archive, Dmitrii Volkogonov Papers, Reel 17");
    assert_eq!(p.references.len(), 1, "{:?}", p.references);
    let repo = p.references[0].repository.as_ref().expect("repository");
    assert_eq!(repo.abbreviation, None);
    assert!(!repo.known);
    assert_eq!(repo.label(), "Lilly Library Archive");
    assert_eq!(
        shape(&p.references[0]).1,
        pairs(&[("collection", "Dmitrii Volkogonov Papers"), ("reel", "17")])
    );
    assert_eq!(p.unparsed, "");

    // The same line at an archive the registry knows.
    assert_eq!(
        refs_of("Hoover Institution Archives, Dmitrii Volkogonov Papers, Reel 17"),
        one("HIA", &[("collection", "Dmitrii Volkogonov Papers"), ("reel", "17")])
    );

    let p = parse_line("Sejm Archives, Warsaw");
    assert_eq!(p.references.len(), 1, "{:?}", p.references);
    let repo = p.references[0].repository.as_ref().expect("repository");
    assert_eq!((repo.abbreviation.as_deref(), repo.label()), (None, "Sejm Archives"));
    assert_eq!(p.references[0].raw.as_deref(), Some("Sejm Archives, Warsaw"));
    assert_eq!(p.unparsed, "");

    // Initials are not a "p." keyword.
    assert_eq!(
        refs_of("Nehru Memorial Museum and Library, P.N. Haksar Papers"),
        one("NMML", &[("collection", "P.N. Haksar Papers")])
    );

    // One archive word and a keyword are not enough to call a phrase an archive.
    assert!(parse_line("Library, vol. 21-1").references.is_empty());
}

#[test]
fn credits_seen_in_practice() {
    let p = parse_line("PRC FMA 109-03984-02, 7-8. Obtained by Shen Zhihua and translated by Jeffrey Wang.");
    assert_eq!(refs_of(&p.input), one("PRC FMA", &[("file", "109-03984-02"), ("pages", "7-8")]));
    assert_eq!(
        credits_of(&p.input),
        vec![cr("obtained-by", "Shen Zhihua", None), cr("translator", "Jeffrey Wang", None)]
    );
    assert_eq!(p.unparsed, "");
    assert_eq!(
        credits_of("Obtained and translated by Sergey Radchenko."),
        vec![cr("obtained-by", "Sergey Radchenko", None), cr("translator", "Sergey Radchenko", None)]
    );
    let names = ["Christian F. Ostermann", "Gary Goldberg", "Jason Ye"];
    let want: Vec<_> = ["translator", "editor"]
        .iter()
        .flat_map(|role| names.iter().map(move |n| cr(role, n, None)))
        .collect();
    assert_eq!(
        credits_of("Translated and edited by Christian F. Ostermann, Gary Goldberg, and Jason Ye."),
        want
    );
}

#[test]
fn practice_lines_round_trip() {
    let lines = [
        "RGANI, fond 5, opis 30, delo 335, listy 92-97",
        "AVPRF f. 0102, op. 11, p. 65, d. 45, ll. 1-5",
        "TsAMO, F. 5, Op. 918795, D. 122, Ll. 18-19",
        "RGASPI, f. 17, op. 3, d. 1090, l. 37-37ob.",
        "ГАРФ. Ф. Р-5446. Оп. 1. Д. 489. Л. 1–3 об.",
        "АВП РФ, ф. 0100, оп. 46, п. 362, д. 12, л. 33-35",
        "Archive of Foreign Policy of the Russian Federation (AVP RF), fond 059a, opis 1, papka 1, delo 1, listy 1-2",
        "RGAE (Russian State Archive of the Economy), f. 4372, op. 66, d. 1, ll. 1-5",
        "AMVnR, Opis 17, a.e. 1, p. 1-2",
        "SAPMO-BArch, DY 30/3387, Bl. 1-5",
        "PA AA, MfAA, C 1065/73",
        "Hoover Institution Archives, Dmitrii Volkogonov Papers, Reel 17",
        "PRC FMA 109-03984-02, 7-8",
    ];
    let failures: Vec<String> =
        lines.iter().flat_map(|l| parse_line(l).references).filter_map(|r| round_trips(&r).err()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// References of the kinds the collected source notes brought in (a job and a
/// titled folder, a named Romanian fond, a titled file) render to text that
/// parses back to them.
#[test]
fn new_kinds_round_trip() {
    for line in [
        "Central Intelligence Agency, DDO Files, Job 89–00176R, Box 1, Folder 15, Political Activities—Iran.",
        "Arhiva MAE, fond Telegrame, Phenian, 1967, f. 12",
        "Nehru Memorial Museum and Library, P.N. Haksar Papers, Subject File 45",
        "Source: Reagan Library, George Shultz Papers, Official Memoranda; NLR–775–27A–8–2–1.",
        "ЦДКФФА України ім. Г.С. Пшеничного, од. об. 2-154086",
        "Державний архів Сумської області (ДАСО), Листівка №2674, с. 33",
        "TsKhSD, f. 89, per. 14, dok. 25.",
        "РГАДА. Ф. 248. Оп. 1. Кн. 12. Л. 34.",
        "ОР РГБ. Ф. 218. К. 1234. Ед. хр. 5.",
        "РГАСПИ. Ф. 17 (ЦК ВКП(б)). Оп. 3. Ч. 2. Д. 45 (Переписка с посольством). Л. 1-3.",
        "Národní archiv, Archiv ÚV KSČ, f. 02/1, sv. 45, a.j. 67",
        "The National Archives (TNA), FO 371/116074, VJ 1051/1.",
    ] {
        let r = &parse_line(line).references[0];
        assert_eq!(round_trips(r), Ok(()), "{line}");
    }
}

/// An archive with no convention of its own: its codes named by no level
/// word are call numbers (the National Archives of Australia's series and
/// control symbol, a Czech fond), Czech level words and a part are read,
/// and the rendering reads back the same.
#[test]
fn codes_of_archives_without_a_convention_are_call_numbers() {
    for (line, want) in [
        (
            "National Archives of Australia: A1838, 3107/38 Part 1.",
            vec![("call-number", "A1838"), ("call-number", "3107/38"), ("part", "1")],
        ),
        ("NAA: A1209, 1957/4321.", vec![("call-number", "A1209"), ("call-number", "1957/4321")]),
        (
            "Národní archiv, KSČ-ÚV-02/1, sv. 45, a.j. 67.",
            vec![("call-number", "KSČ-ÚV-02/1"), ("volume", "45"), ("item", "67")],
        ),
    ] {
        let parsed = parse_line(line);
        assert_eq!(parsed.unparsed, "", "{line}");
        assert_eq!(levels_of(line), pairs(&want), "{line}");
        let reference = &parsed.references[0];
        let again = parse_line(&render(reference, RenderStyle::Short));
        assert_eq!(
            shape(&again.references[0]),
            shape(reference),
            "{line} -> {}",
            render(reference, RenderStyle::Short)
        );
    }
    // Named papers keep "Part 1" in a folder's title.
    let nixon = "Nixon Presidential Materials, NSC Files, Box 482, MBFR-CSCE Backup Book, Part 1";
    assert!(levels_of(nixon).iter().all(|(k, _)| k != "part"), "{:?}", levels_of(nixon));
}

/// The grammar beyond the collected lines: a city written after the archive
/// in its own language, Italian, Spanish and French level words, and named
/// bodies of records (with their years) before the first level word. The
/// lines are written for the rule, in the shape these archives' citations take.
#[test]
fn romance_level_words_local_city_names_and_named_series() {
    type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "Národní archiv, Praha, fond KSČ-ÚV-02/1, sv. 45, a.j. 50",
            Some("NA ČR"),
            &[("fonds", "KSČ-ÚV-02/1"), ("volume", "45"), ("item", "50")],
        ),
        (
            "Archivio Centrale dello Stato, Roma, PCM, Gabinetto, 1955-1958, b. 12, fasc. 3",
            Some("ACS"),
            &[("collection", "PCM"), ("series", "Gabinetto, 1955-1958"), ("box", "12"), ("file", "3")],
        ),
        (
            "Archives diplomatiques, La Courneuve, Europe 1944-1960, URSS, carton 123, dossier 4",
            Some("AMAE France"),
            &[("collection", "Europe 1944-1960"), ("series", "URSS"), ("box", "123"), ("file", "4")],
        ),
        (
            "Magyar Nemzeti Levéltár Országos Levéltára (MNL OL), XIX-J-1-j, Korea, 1955, 11. doboz, 5/f, 00123/1955",
            Some("MNL OL"),
            &[
                ("fonds", "XIX-J-1-j"),
                ("country", "Korea"),
                ("year", "1955"),
                ("box", "11"),
                ("item", "5/f"),
                ("file", "00123/1955"),
            ],
        ),
        (
            "Archivo Histórico Nacional, Madrid, Estado, leg. 3456, exp. 12",
            Some("Archivo Histórico Nacional"),
            &[("collection", "Estado"), ("bundle", "3456"), ("file", "12")],
        ),
    ];
    for (line, repo, levels) in cases {
        let parsed = parse_line(line);
        assert_eq!(parsed.references.len(), 1, "{line}: {parsed:?}");
        let r = &parsed.references[0];
        assert!(repo_matches(r, *repo), "{line}: {:?}", r.repository);
        assert_eq!(shape(r).1, pairs(levels), "{line}");
        assert!(parsed.unparsed.trim().is_empty(), "{line}: unparsed {:?}", parsed.unparsed);
    }
}
