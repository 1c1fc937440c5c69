//! Importing digital-archive record pages (`--from archive-page`), issue 4.
//!
//! The seed page is read from `../shared/seed/` where it lives; the other
//! fixtures are in `tests/fixtures/archive-page/` (see its README).

use std::path::PathBuf;

use archcite::import::archive_page::{import, Imported, Layout, PageError};
use archcite::model::{EventKind, LevelKind, NoteKind, Record, Role};

use crate::common::{archcite, root, with_snapshots};

const SEED: &str = "../shared/seed/000_f3bc9eeccca742cd.txt";

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/archive-page").join(name)
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed page, or `None` (with a notice) when the shared folder is absent.
fn seed_text() -> Option<String> {
    let path = root().join(SEED);
    if !path.exists() {
        eprintln!("notice: {} is absent; seed tests skipped", path.display());
        return None;
    }
    Some(read(&path))
}

fn imported(name: &str) -> Imported {
    import(&read(&fixture(name))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn funders(r: &Record) -> Vec<String> {
    r.funders().map(|a| a.display_name()).collect()
}

fn agents(r: &Record, role: Role) -> Vec<String> {
    r.agents_in(role).map(|c| c.agent.display_name()).collect()
}

fn notes(r: &Record, kind: NoteKind) -> Vec<String> {
    r.notes_of(&kind).map(|n| n.text.to_string()).collect()
}

fn levels(r: &Record, i: usize) -> Vec<(String, String)> {
    r.references[i].levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

// --- the seed (current layout, labels lost) -----------------------------------

#[test]
fn seed_acceptance_fields() {
    let Some(text) = seed_text() else { return };
    let page = import(&text).expect("the seed is a record page");
    let r = &page.record;
    assert_eq!(page.layout, Layout::Current);
    assert_eq!(
        r.title.as_deref().unwrap(),
        "Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers"
    );
    assert_eq!(r.date.as_ref().unwrap().to_string(), "1969-04-14");
    assert_eq!(r.document_type.as_ref().unwrap().label(), "Memorandum of Conversation");
    let reference = &r.references[0];
    let repo = reference.repository.as_ref().unwrap();
    assert_eq!(repo.abbreviation.as_deref(), Some("RGANI"));
    assert_eq!(repo.name.as_deref(), Some("Russian State Archive of Contemporary History"));
    assert_eq!(reference.level(&LevelKind::Fond), Some("5"));
    assert_eq!(reference.level(&LevelKind::Opis), Some("61"));
    assert_eq!(reference.level(&LevelKind::Delo), Some("462"));
    assert_eq!(reference.level(&LevelKind::Listi), Some("95-101"));
    assert_eq!(agents(r, Role::ObtainedBy), ["Sergey Radchenko"]);
    assert_eq!(agents(r, Role::Translator), ["Gary Goldberg"]);
    assert_eq!(funders(r), ["Kyungnam University", "Institute for Korean Studies, Ohio State University"]);
    assert!(r.summary.as_ref().unwrap().starts_with("Soviet leader Leonid Brezhnev sought the help"));
    let rights = r.rights.as_ref().unwrap().statement.as_ref().unwrap();
    assert!(rights.starts_with("The History and Public Policy Program welcomes reuse"));
    assert!(
        rights.ends_with("at [email\u{a0}protected]."),
        "the placeholder is kept as text, not read as an address"
    );
    let publication = r.publication.as_ref().unwrap();
    assert_eq!(publication.record_id, None, "the page leaves Record ID empty");
    assert_eq!(r.event(&EventKind::Uploaded), None, "the page leaves the uploaded date empty");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

/// Fields of `examples/rgani-5-61-462.json` that come from reading the document
/// (or knowing the archive), not from the page's structure, and why.
const NOT_ON_THE_PAGE: &[(&str, &str)] = &[
    ("events", "registration and stamp dates are read from the document's prose and stamps"),
    ("people", "people discussed are read from the prose"),
    ("places", "places discussed are read from the prose; the page has no Associated Places"),
];

#[test]
fn seed_converts_to_the_hand_entered_example() {
    let Some(_) = seed_text() else { return };
    let out = archcite()
        .args(["convert", "--from", "archive-page", "--to", "json"])
        .arg(root().join(SEED))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&read(&root().join("examples/rgani-5-61-462.json"))).unwrap();
    let (got, want) = (got.as_object().unwrap(), want.as_object().unwrap());
    let mut failures = Vec::new();
    for (key, value) in want {
        if NOT_ON_THE_PAGE.iter().any(|(k, _)| k == key) {
            continue;
        }
        match key.as_str() {
            // The page names the credits and funders; author, participants and the
            // recorder are read from the prose.
            "agents" => {
                let page_roles = ["obtained-by", "translator", "funder"];
                let keep = |v: &serde_json::Value| -> Vec<serde_json::Value> {
                    let items = v.as_array().unwrap().iter();
                    items.filter(|a| page_roles.contains(&a["role"].as_str().unwrap())).cloned().collect()
                };
                if keep(value) != keep(&got[key])
                    || keep(&got[key]).len() != got[key].as_array().unwrap().len()
                {
                    failures.push(format!("agents: got {} want {}", got[key], value));
                }
            }
            // The page says "translated" (translation: English); it does not name
            // the original language.
            "languages"
                if got[key]["translation"] != value["translation"] || got[key].get("original").is_some() =>
            {
                failures.push(format!("languages: got {}", got[key]));
            }
            "languages" => {}
            _ if got.get(key) != Some(value) => {
                failures.push(format!("{key}: got {:?} want {value}", got.get(key)));
            }
            _ => {}
        }
    }
    for key in got.keys().filter(|k| !want.contains_key(*k)) {
        failures.push(format!("{key}: not in the example"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_survives_windows_line_ends_extra_blank_lines_and_labels() {
    let Some(text) = seed_text() else { return };
    let baseline = import(&text).unwrap().record;
    let crlf = text.replace("\n\n", "\n\n\n").replace('\n', "\r\n");
    assert_eq!(import(&crlf).unwrap().record, baseline, "CRLF and doubled blank lines");
    let labelled = text
        .replace("Original Uploaded Date", "Original Uploaded Date:")
        .replace("\nMemorandum of Conversation", "\nType: Memorandum of Conversation")
        .replace("Record ID", "Record ID:");
    let page = import(&labelled).unwrap();
    assert_eq!(page.layout, Layout::CurrentLabelled);
    assert_eq!(page.record, baseline, "labels with colons");
}

// --- current layout with labels -------------------------------------------------

#[test]
fn labelled_layout_is_detected() {
    assert_eq!(imported("current-labelled.txt").layout, Layout::CurrentLabelled);
}

#[test]
fn labelled_title_date_type_summary() {
    let r = imported("current-labelled.txt").record;
    assert_eq!(r.title.as_deref().unwrap(), "Cable from Filippov (Stalin) to Mao Zedong");
    assert_eq!(r.date.unwrap().to_string(), "1950-01-14");
    assert_eq!(r.document_type.unwrap().as_str(), "cable");
    assert_eq!(
        r.summary.unwrap().as_str(),
        "Stalin answers Mao Zedong on the timing of the talks in Moscow."
    );
}

#[test]
fn labelled_text_leaves_out_buttons_support_line_and_summary() {
    let text = imported("current-labelled.txt").record.text.unwrap();
    assert!(text.starts_with("TOP SECRET\n\nCopy No. 1\n\n"), "{text}");
    assert!(text.ends_with("Distribution:\nCde. Molotov, Cde. Malenkov"), "{text}");
    for absent in ["Citation", "made possible", "Stalin answers"] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
}

#[test]
fn labelled_multi_archive_source_line() {
    let r = imported("current-labelled.txt").record;
    assert_eq!(r.references.len(), 2);
    let abbreviations: Vec<_> =
        r.references.iter().map(|x| x.repository.as_ref().unwrap().label().replace(' ', "")).collect();
    assert_eq!(abbreviations, ["APRF", "AVPRF"]);
    assert_eq!(levels(&r, 0), pairs(&[("fond", "45"), ("opis", "1"), ("delo", "347"), ("listi", "12-13")]));
    assert_eq!(
        levels(&r, 1),
        pairs(&[("fond", "059a"), ("opis", "5a"), ("delo", "4"), ("papka", "11"), ("listi", "159-160")])
    );
    assert!(
        notes(&r, NoteKind::General).is_empty(),
        "the Original Archive is the first reference's repository"
    );
}

#[test]
fn labelled_record_id_uploaded_date_language() {
    let r = imported("current-labelled.txt").record;
    assert_eq!(r.publication.as_ref().unwrap().record_id.as_deref(), Some("110296"));
    assert_eq!(r.publication.as_ref().unwrap().url, None, "the page gives no URL and none is made up");
    assert_eq!(r.event(&EventKind::Uploaded).unwrap().to_string(), "2011-11-20");
    assert_eq!(r.languages.original.iter().map(|t| t.as_str()).collect::<Vec<_>>(), ["ru"]);
    assert_eq!(r.languages.translation.iter().map(|t| t.as_str()).collect::<Vec<_>>(), ["en"]);
}

#[test]
fn labelled_authors_people_places_subjects() {
    let r = imported("current-labelled.txt").record;
    assert_eq!(agents(&r, Role::Author), ["Joseph Stalin"]);
    let places: Vec<_> = r.places.iter().map(|p| p.as_str()).collect();
    assert_eq!(places, ["Moscow (Russia)", "China"]);
    let subjects: Vec<_> = r.subjects.iter().map(|p| p.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Sino-Soviet Relations",
            "Sino-Soviet Treaty of Friendship, Alliance, and Mutual Assistance (1950)",
            "Chinese Communist Party"
        ]
    );
    assert_eq!(r.people.iter().map(|p| p.sort_name()).collect::<Vec<_>>(), ["Mao, Zedong"]);
}

#[test]
fn labelled_funders_from_support_line_and_donors_deduplicated() {
    let r = imported("current-labelled.txt").record;
    assert_eq!(
        funders(&r),
        [
            "Leon Levy Foundation",
            "Kyungnam University",
            "Institute for Korean Studies, Ohio State University"
        ]
    );
}

#[test]
fn labelled_empty_labels_give_absent_fields() {
    let page = imported("current-labelled.txt");
    let r = &page.record;
    assert!(r.related.is_empty(), "Related Documents is empty");
    assert_eq!(
        notes(r, NoteKind::Classification),
        ["TOP SECRET"],
        "only the text's own line; the label is empty"
    );
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn labelled_rights_and_marked_notes() {
    let r = imported("current-labelled.txt").record;
    let rights = r.rights.clone().unwrap().statement.unwrap();
    assert_eq!(rights.split("\n\n").count(), 2);
    assert!(rights.contains("[email protected]"));
    assert_eq!(notes(&r, NoteKind::CopyNumber), ["Copy No. 1"]);
    assert_eq!(notes(&r, NoteKind::Annotation), ["[Handwritten: \"To the archive. Molotov\"]"]);
    assert_eq!(notes(&r, NoteKind::Distribution), ["Distribution:\nCde. Molotov, Cde. Malenkov"]);
    assert!(notes(&r, NoteKind::Stamp).is_empty());
}

// --- older layout ----------------------------------------------------------------

#[test]
fn older_layout_is_detected_with_windows_line_ends() {
    assert!(read(&fixture("older.txt")).contains("\r\n"));
    assert_eq!(imported("older.txt").layout, Layout::Older);
}

#[test]
fn older_title_in_capitals_takes_the_citations_form() {
    let r = imported("older.txt").record;
    assert_eq!(
        r.title.as_deref().unwrap(),
        "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry"
    );
}

#[test]
fn older_capitals_kept_without_another_form() {
    let text = read(&fixture("older.txt"));
    let (head, tail) = text.split_once("\u{201c}Report").unwrap();
    let other_title = format!("{head}\u{201c}Another Report{}", &tail[tail.find(',').unwrap()..]);
    let page = import(&other_title).unwrap();
    assert_eq!(
        page.record.title.as_deref().unwrap(),
        "REPORT, EMBASSY OF HUNGARY IN NORTH KOREA TO THE HUNGARIAN FOREIGN MINISTRY"
    );
    assert!(page.warnings.iter().any(|w| w.contains("capitals")), "{:?}", page.warnings);
}

#[test]
fn older_date_summary_and_text() {
    let r = imported("older.txt").record;
    assert_eq!(r.date.unwrap().to_string(), "1955-02-26");
    assert!(r.summary.unwrap().starts_with("The Hungarian Embassy in Pyongyang reports"));
    let text = r.text.unwrap();
    assert!(text.starts_with("Embassy of the Hungarian People's Republic\nPyongyang"), "{text}");
    assert!(text.ends_with("Károly Práth\nchargé d'affaires"), "{text}");
    assert!(!text.contains('\r'));
}

#[test]
fn older_source_from_the_citation() {
    let r = imported("older.txt").record;
    assert_eq!(r.references.len(), 1);
    let reference = &r.references[0];
    assert_eq!(reference.repository.as_ref().unwrap().label().replace(' ', ""), "MNLOL");
    assert_eq!(reference.raw.as_deref(), Some("MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"));
    let translator = r.agents_in(Role::Translator).next().unwrap();
    assert_eq!(translator.agent.display_name(), "Balazs Szalontai");
    assert_eq!(translator.on_behalf_of.as_deref(), Some("NKIDP"));
}

#[test]
fn older_url_and_record_id_from_the_citation() {
    let r = imported("older.txt").record;
    let publication = r.publication.unwrap();
    assert_eq!(publication.url.unwrap().as_str(), "https://digitalarchive.wilsoncenter.org/document/113395");
    assert_eq!(publication.record_id.as_deref(), Some("113395"));
    assert_eq!(publication.collection.as_deref(), Some("History and Public Policy Program Digital Archive"));
    assert_eq!(publication.publisher.as_deref(), Some("Wilson Center"));
}

#[test]
fn older_funders_classification_language() {
    let r = imported("older.txt").record;
    assert_eq!(funders(&r), ["Korea Foundation", "Kyungnam University"]);
    assert_eq!(notes(&r, NoteKind::Classification), ["Strictly Secret"]);
    assert!(r.languages.original.is_empty(), "the page does not name the original language");
    assert_eq!(r.languages.translation.iter().map(|t| t.as_str()).collect::<Vec<_>>(), ["en"]);
    assert_eq!(r.document_type, None, "the older page has no Type");
}

// --- what is kept and reported ---------------------------------------------------

#[test]
fn unplaceable_values_are_kept_as_notes_with_a_warning() {
    let text = read(&fixture("current-labelled.txt"))
        .replace("January 14, 1950", "Spring 1950")
        .replace("Record ID 110296", "Record ID 110296\n\nSomething the importer cannot place here");
    let page = import(&text).unwrap();
    assert_eq!(page.record.date, None);
    let general = notes(&page.record, NoteKind::General);
    assert!(general.contains(&"date: Spring 1950".to_string()), "{general:?}");
    assert!(general.iter().any(|n| n.contains("Something the importer cannot place")), "{general:?}");
    assert_eq!(page.warnings.len(), 2, "{:?}", page.warnings);
}

#[test]
fn warnings_go_to_stderr_and_the_record_still_converts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.txt");
    std::fs::write(&path, read(&fixture("current-labelled.txt")).replace("January 14, 1950", "Spring 1950"))
        .unwrap();
    let out =
        archcite().args(["convert", "--from", "archive-page", "--to", "json"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: ") && stderr.contains("Spring 1950"), "{stderr}");
}

// --- failures --------------------------------------------------------------------

fn convert_fails(name: &str, message: &str) {
    let out = archcite()
        .args(["convert", "--from", "archive-page", "--to", "json"])
        .arg(fixture(name))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{name}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(message), "{name}: {stderr}");
    assert!(stderr.contains("help: "), "{name}: {stderr}");
}

#[test]
fn search_results_page_fails_with_exit_1() {
    convert_fails("search-results.txt", "search-results.txt:5:1: not a digital-archive record page");
}

#[test]
fn empty_file_fails_with_exit_1() {
    convert_fails("empty.txt", "the page is empty");
}

#[test]
fn text_without_record_markers_is_refused() {
    assert!(matches!(import("Skip to content\n\nHello\n"), Err(PageError::NoRecordMarkers { line: 1 })));
    assert!(matches!(
        import("<!DOCTYPE html><html><body>Document Information</body></html>"),
        Err(PageError::InHtml(_))
    ));
}

#[test]
fn pages_are_sniffed_without_from() {
    let out = archcite().args(["convert", "--to", "json"]).arg(fixture("older.txt")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

// --- snapshots -------------------------------------------------------------------

#[test]
fn snapshots_of_every_fixture() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/archive-page"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    if seed_text().is_some() {
        paths.insert(0, root().join(SEED));
    }
    for path in paths {
        let name = if path.ends_with(SEED) {
            "seed".to_string()
        } else {
            path.file_stem().unwrap().to_string_lossy().into_owned()
        };
        // Errors are written into the snapshot as text, so failures are pinned too.
        let shown = match import(&read(&path)) {
            Ok(page) => format!(
                "layout: {}\nwarnings: {:?}\n{}",
                page.layout.name(),
                page.warnings,
                serde_json::to_string_pretty(&page.record).unwrap()
            ),
            Err(e) => format!("error: {e}"),
        };
        with_snapshots(|| insta::assert_snapshot!(format!("archive_page__{name}"), shown));
    }
}

// --- HTML pages ------------------------------------------------------------------

fn html_page() -> String {
    read(&fixture("current.html"))
}

#[test]
fn html_page_gives_the_seeds_fields() {
    let page = import(&html_page()).expect("the HTML page is a record page");
    let r = &page.record;
    assert_eq!(
        r.title.as_deref().unwrap(),
        "Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers"
    );
    assert_eq!(r.date.as_ref().unwrap().to_string(), "1969-04-14");
    assert_eq!(r.document_type.as_ref().unwrap().label(), "Memorandum of Conversation");
    let repo = r.references[0].repository.as_ref().unwrap();
    assert_eq!(repo.abbreviation.as_deref(), Some("RGANI"));
    assert_eq!(levels(r, 0), pairs(&[("fond", "5"), ("opis", "61"), ("delo", "462"), ("listi", "95-101")]));
    assert_eq!(agents(r, Role::ObtainedBy), ["Sergey Radchenko"]);
    assert_eq!(agents(r, Role::Translator), ["Gary Goldberg"]);
    assert_eq!(funders(r), ["Kyungnam University", "Institute for Korean Studies, Ohio State University"]);
    assert!(r.summary.as_ref().unwrap().starts_with("Soviet leader Leonid Brezhnev sought the help"));
    let rights = r.rights.as_ref().unwrap().statement.as_ref().unwrap();
    assert!(rights.starts_with("The History and Public Policy Program welcomes reuse"));
    assert!(rights.ends_with("at [email\u{a0}protected]."), "{rights}");
    assert_eq!(r.publication.as_ref().unwrap().record_id, None, "Record ID is empty on the page");
    assert_eq!(r.event(&EventKind::Uploaded), None, "the uploaded date is empty on the page");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);

    let Some(text) = seed_text() else { return };
    let seed = import(&text).unwrap().record;
    assert_eq!(r.title, seed.title);
    assert_eq!(r.date, seed.date);
    assert_eq!(r.document_type, seed.document_type);
    assert_eq!(r.references, seed.references);
    assert_eq!(agents(r, Role::ObtainedBy), agents(&seed, Role::ObtainedBy));
    assert_eq!(agents(r, Role::Translator), agents(&seed, Role::Translator));
    assert_eq!(funders(r), funders(&seed));
    assert_eq!(r.summary, seed.summary);
    assert_eq!(r.rights, seed.rights);
    assert_eq!(*r, seed, "the document text and its notes come out the same too");
}

#[test]
fn html_page_converts_from_the_command_line() {
    let out = archcite()
        .args(["convert", "--from", "archive-page", "--to", "json"])
        .arg(fixture("current.html"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["type"], "memorandum-of-conversation", "{got}");
}

#[test]
fn html_page_that_is_not_a_record_page_fails_with_exit_1() {
    convert_fails("search-results.html", "not a digital-archive record page: it reads `Search Results`");
    convert_fails("search-results.html", "(read from the page's HTML)");
    assert!(matches!(
        import("<html><body><h1>Hello</h1><p>Nothing here.</p></body></html>"),
        Err(PageError::InHtml(e)) if matches!(*e, PageError::NoRecordMarkers { .. })
    ));
    assert!(
        matches!(import("<!DOCTYPE html><html></html>"), Err(PageError::InHtml(e)) if *e == PageError::Empty)
    );
}

#[test]
fn html_scripts_styles_and_navigation_never_reach_the_record() {
    let page = html_page().replace(
        "<section class=\"document-text\">",
        "<section class=\"document-text\"><script>var leaked = \"SCRIPT-TEXT\";</script>\
         <style>.x::after { content: \"STYLE-TEXT\" }</style><noscript>NOSCRIPT-TEXT</noscript>",
    );
    let json = serde_json::to_string(&import(&page).unwrap().record).unwrap();
    for leaked in [
        "SCRIPT-TEXT",
        "STYLE-TEXT",
        "NOSCRIPT-TEXT",
        "dataLayer",
        "999999",
        "Main navigation",
        "Collections",
    ] {
        assert!(!json.contains(leaked), "{leaked} reached the record");
    }
}

#[test]
fn html_entities_are_decoded() {
    let r = import(&html_page()).unwrap().record;
    let text = r.text.as_deref().unwrap();
    assert!(text.contains("1 \u{2013} Cde. V. V. Kuznetsov"), "&#8211;");
    assert!(text.contains("A. A. Gromyko\u{2019}s gratitude"), "&rsquo;");
    assert!(text.contains("Copy N\u{ba} 2"), "&ordm;");
    assert!(!text.contains('&'), "no reference is left undecoded");
    let page = html_page().replace(
        "Chairman of the DPRK Cabinet of Ministers</h1>",
        "Chairman of the DPRK Cabinet of Ministers &amp; the&nbsp;Politburo &#8211; Part&nbsp;1</h1>",
    );
    let r = import(&page).unwrap().record;
    // Titles are compared and stored with no-break spaces made plain spaces.
    assert!(
        r.title.as_deref().unwrap().ends_with("Cabinet of Ministers & the Politburo \u{2013} Part 1"),
        "{}",
        r.title.as_deref().unwrap()
    );
}

#[test]
fn html_pages_are_recognised_by_extension_and_by_content() {
    let path = root().join("tests/fixtures/archive-page/current.html");
    let by_name = archcite().args(["convert", "--to", "jsonl"]).arg(&path).output().unwrap();
    assert!(by_name.status.success(), "{}", String::from_utf8_lossy(&by_name.stderr));
    let by_content = archcite()
        .args(["convert", "--to", "jsonl"])
        .write_stdin(std::fs::read(&path).unwrap())
        .output()
        .unwrap();
    assert!(by_content.status.success(), "{}", String::from_utf8_lossy(&by_content.stderr));
    assert_eq!(by_name.stdout, by_content.stdout);
}

// --- issue 15, item 8 ------------------------------------------------------------

/// The lines of the seed page's layout as the site renders it (the skip link
/// before the date and title, the support line, "Document Information", the
/// source line, the labels, the funders line), with a stand-in line for the
/// document text and without the summary and rights prose; see
/// `tests/fixtures/archive-page/README.md`.
const RENDERED_PAGE: &str = "Skip to content\n\nApril 14, 1969\n\n\
Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers\n\n\
This document was made possible with support from Kyungnam University\n\n\n\
The conversation with Cde. Kim Il Sung was held at our initiative.\n\n\n\
Document Information\n\n\n\
Russian State Archive of Contemporary History (RGANI), Fond 5, Opis 61, Delo. 462, Listi 95-101. Obtained by Sergey Radchenko and translated by Gary Goldberg.\n\n\n\
Original Uploaded Date\n\n\n\nMemorandum of Conversation\n\n\nRecord ID\n\n\n\n\
Kyungnam University and Institute for Korean Studies, Ohio State University";

#[test]
fn record_pages_as_sites_really_render_them_furniture_capitals_and_funders() {
    // Current layout: the skip link is furniture, never the title; the funders
    // line names two organisations, one of them with a comma in its name.
    let page = import(RENDERED_PAGE).expect("a record page");
    let r = &page.record;
    assert_eq!(page.layout, Layout::Current);
    assert_eq!(
        r.title.as_deref(),
        Some("Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers")
    );
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1969-04-14"));
    assert_eq!(funders(r), ["Kyungnam University", "Institute for Korean Studies, Ohio State University"]);
    assert_eq!(agents(r, Role::ObtainedBy), ["Sergey Radchenko"]);
    assert_eq!(r.references[0].level(&LevelKind::Listi), Some("95-101"));

    // Older layout (its real Hungarian source line): the heading in capitals
    // gives way to the citation's mixed case, and the "CITATION SHARE
    // DOWNLOAD" and "get citation" furniture is not taken for anything.
    let r = imported("older.txt").record;
    assert_eq!(
        r.title.as_deref(),
        Some("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry")
    );
    assert_eq!(funders(&r), ["Korea Foundation", "Kyungnam University"]);
    let furniture = ["CITATION", "SHARE", "DOWNLOAD", "get citation"];
    for text in r.title.iter().chain(r.summary.iter()).map(|t| t.as_str()) {
        assert!(!furniture.iter().any(|f| text.contains(f)), "{text}");
    }
}
