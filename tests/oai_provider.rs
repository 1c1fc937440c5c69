//! The OAI-PMH record store, data provider and harvester, end to end: a real
//! `archcite serve` on a temporary store, asked by a third-party harvester
//! (Python's sickle), by archcite's own harvester and by hand; every response
//! checked against the OAI-PMH 2.0 schema.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{archcite, conformance_check, root};

/// A running `archcite serve`, stopped when dropped; its log lines are kept.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(db: &Path, page_size: usize) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("archcite"))
            .args(["serve", "--addr", "127.0.0.1:0", "--page-size", &page_size.to_string(), "--db"])
            .arg(db)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("archcite serve starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines.next().expect("serve says where it listens").unwrap();
        let url = first
            .split(" at ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_string();
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        Server { child, url, log }
    }

    fn log_lines(&self) -> Vec<String> {
        // The line of the last request may still be on its way.
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// GET `url?query`: the status and the body.
fn get(url: &str, query: &str) -> (u16, String) {
    let mut response = agent().get(&format!("{url}?{query}")).call().expect("the server answers");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

/// POST a form body.
fn post(url: &str, content_type: &str, body: &str) -> (u16, String) {
    let mut response = agent()
        .post(url)
        .header("content-type", content_type)
        .send(body.as_bytes())
        .expect("the server answers");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

/// The text of every `<name>` element (not nested in another of the same name).
fn all(xml: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            out.push(String::new());
            rest = &after[gt + 1..];
            continue;
        }
        let body = &after[gt + 1..];
        let Some(end) = body.find(&close) else { break };
        out.push(body[..end].to_string());
        rest = &body[end + close.len()..];
    }
    out
}

/// The error code of an OAI-PMH response, if it is an error.
fn error_code(xml: &str) -> Option<String> {
    let at = xml.find("<error code=\"")? + "<error code=\"".len();
    Some(xml[at..].split('"').next()?.to_string())
}

/// The resumption token of a list response ("" on the last page, `None` without one).
fn token(xml: &str) -> Option<String> {
    let at = xml.find("<resumptionToken")?;
    let rest = &xml[at..];
    let gt = rest.find('>')?;
    if rest[..gt].ends_with('/') {
        return Some(String::new());
    }
    let end = rest.find("</resumptionToken>")?;
    Some(rest[gt + 1..end].to_string())
}

fn attr(xml: &str, element: &str, name: &str) -> Option<String> {
    let at = xml.find(&format!("<{element} "))?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let key = format!("{name}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..].split('"').next()?.to_string())
}

/// A store filled from examples/*.json, in the set `korea`.
fn example_store(dir: &Path) -> PathBuf {
    let db = dir.join("oai.db");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    examples.sort();
    archcite()
        .args(["store", "init", "--name", "Example Archive", "--admin-email", "archivist@example.org"])
        .args(["--namespace", "archive.example.org", "--db"])
        .arg(&db)
        .assert()
        .success();
    archcite()
        .args(["store", "import", "--set", "korea=Documents on Korea", "--db"])
        .arg(&db)
        .args(&examples)
        .assert()
        .success()
        .stderr(predicates::str::contains("4 records added, 0 updated, 0 unchanged"));
    db
}

/// Check every response kept in `dir` against the OAI-PMH schema (and the
/// schemas of the records inside), when the validators are installed.
fn assert_schema_valid(dir: &Path) {
    let Some(check) = conformance_check() else {
        return eprintln!("conformance: ../shared/conformance not found; OAI-PMH schema check skipped");
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let out = Command::new("bash").arg(&check).arg("oai-pmh").arg(&file).output().unwrap();
        let report =
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(3) => {
                return eprintln!("conformance: validators not installed (run install.sh); skipped\n{report}")
            }
            _ => panic!(
                "{} is not a valid OAI-PMH response:\n{report}\n{}",
                file.display(),
                std::fs::read_to_string(&file).unwrap()
            ),
        }
    }
}

/// Kept responses, numbered, for [`assert_schema_valid`].
struct Kept {
    dir: PathBuf,
    n: usize,
}

impl Kept {
    fn keep(&mut self, xml: &str) {
        self.n += 1;
        std::fs::write(self.dir.join(format!("{:03}.xml", self.n)), xml).unwrap();
    }
}

#[test]
fn oai_every_verb_and_page_is_valid_against_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_store(tmp.path());
    let server = Server::start(&db, 1);
    let responses = tmp.path().join("responses");
    std::fs::create_dir(&responses).unwrap();
    let mut kept = Kept { dir: responses.clone(), n: 0 };
    let u = &server.url;

    let (status, identify) = get(u, "verb=Identify");
    assert_eq!(status, 200);
    assert_eq!(all(&identify, "repositoryName"), ["Example Archive"]);
    assert_eq!(all(&identify, "adminEmail"), ["archivist@example.org"]);
    assert_eq!(all(&identify, "baseURL"), [u.as_str()]);
    assert_eq!(all(&identify, "deletedRecord"), ["persistent"]);
    assert_eq!(all(&identify, "granularity"), ["YYYY-MM-DDThh:mm:ssZ"]);
    kept.keep(&identify);

    let (_, sets) = get(u, "verb=ListSets");
    let specs = all(&sets, "setSpec");
    for spec in ["archive", "archive:rgani", "collection", "korea"] {
        assert!(specs.contains(&spec.to_string()), "{spec} in {specs:?}");
    }
    assert!(all(&sets, "setName").contains(&"Documents on Korea".to_string()));
    assert!(all(&sets, "setName").contains(&"Russian State Archive of Contemporary History".to_string()));
    kept.keep(&sets);

    let (_, formats) = get(u, "verb=ListMetadataFormats");
    assert_eq!(all(&formats, "metadataPrefix"), ["oai_dc", "marc21", "mods"]);
    kept.keep(&formats);

    for (verb, prefix) in [
        ("ListRecords", "oai_dc"),
        ("ListRecords", "marc21"),
        ("ListRecords", "mods"),
        ("ListIdentifiers", "oai_dc"),
    ] {
        let (_, mut page) = get(u, &format!("verb={verb}&metadataPrefix={prefix}"));
        let mut identifiers = Vec::new();
        let mut cursors = Vec::new();
        let mut lengths = Vec::new();
        loop {
            assert_eq!(error_code(&page), None, "{page}");
            kept.keep(&page);
            identifiers.extend(all(&page, "identifier").into_iter().filter(|i| i.starts_with("oai:")));
            assert_eq!(attr(&page, "resumptionToken", "completeListSize").as_deref(), Some("4"), "{page}");
            cursors.push(attr(&page, "resumptionToken", "cursor").unwrap());
            match token(&page) {
                Some(t) if !t.is_empty() => {
                    lengths.push(t.len());
                    page = get(u, &format!("verb={verb}&resumptionToken={}", urlencode(&t))).1
                }
                _ => break,
            }
        }
        assert_eq!(cursors, ["0", "1", "2", "3"], "{verb} {prefix}");
        assert!(lengths.iter().all(|&l| l == lengths[0]), "tokens of one list have one size: {lengths:?}");
        let mut sorted = identifiers.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 4, "{verb} {prefix}: {identifiers:?}");
        assert!(identifiers.iter().all(|i| i.starts_with("oai:archive.example.org:")));
    }

    let id = "oai:archive.example.org:113395";
    for prefix in ["oai_dc", "marc21", "mods"] {
        let (_, record) = get(u, &format!("verb=GetRecord&metadataPrefix={prefix}&identifier={id}"));
        assert_eq!(error_code(&record), None, "{record}");
        assert!(record.contains("<metadata>"), "{record}");
        kept.keep(&record);
    }
    let (_, one_set) = get(u, "verb=ListIdentifiers&metadataPrefix=mods&set=archive:rgani");
    assert_eq!(all(&one_set, "identifier").len(), 1, "{one_set}");
    assert_eq!(token(&one_set), None, "a list of one page has no token: {one_set}");
    kept.keep(&one_set);

    // Errors are valid responses too.
    for query in [
        "verb=Nope",
        "verb=ListRecords",
        "verb=ListRecords&metadataPrefix=xyz",
        "verb=ListRecords&metadataPrefix=a%20b",
        "verb=GetRecord&metadataPrefix=mods&identifier=oai:x:y",
        "verb=GetRecord&metadataPrefix=mods&identifier=a%20b%22%3C",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&until=1990-01-01",
        "verb=ListIdentifiers&resumptionToken=%3Cbad%3E",
        "verb=ListRecords&metadataPrefix=oai_dc&set=no:such",
    ] {
        kept.keep(&get(u, query).1);
    }
    let requests = kept.n;
    assert_schema_valid(&responses);

    // One log line per request, naming its verb and outcome.
    let log = server.log_lines();
    assert_eq!(log.iter().filter(|l| l.contains(" GET verb=")).count(), requests, "{log:#?}");
    assert!(log.iter().any(|l| l.contains("verb=Nope badVerb")), "{log:#?}");
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[test]
fn oai_every_protocol_error_has_its_code_and_no_request_gets_a_500() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_store(tmp.path());
    let server = Server::start(&db, 2);
    let u = &server.url;
    let cases: &[(&str, &str)] = &[
        ("", "badVerb"),
        ("verb=Frobnicate", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=mods", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
        ("verb=ListRecords&resumptionToken=v1,oai_dc,,0,0,0,0,0,0&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=oai:archive.example.org:113395", "badArgument"),
        ("verb=ListIdentifiers&resumptionToken=garbage", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=v1,oai_dc,,0,99999999999,0,1,5,4", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=v1,oai_dc,,0,99999999999,99999999999,1,2,4", "noRecordsMatch"),
        ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=ead", "cannotDisseminateFormat"),
        (
            "verb=GetRecord&identifier=oai:archive.example.org:113395&metadataPrefix=tei",
            "cannotDisseminateFormat",
        ),
        ("verb=GetRecord&identifier=oai:archive.example.org:nothing&metadataPrefix=oai_dc", "idDoesNotExist"),
        ("verb=GetRecord&identifier=oai:elsewhere.org:113395&metadataPrefix=oai_dc", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:archive.example.org:nothing", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=1990-01-01", "noRecordsMatch"),
        ("verb=ListIdentifiers&metadataPrefix=mods&set=no:such:set", "noRecordsMatch"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01T00:00:00Z", "noRecordsMatch"),
        // Malformed requests: an OAI-PMH error, never a server error.
        ("verb=%FF%FE", "badArgument"),
        ("verb=Identify&%ZZ=1", "badArgument"),
        ("verb=GetRecord&identifier=%00&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=a%20b%22%3C&metadataPrefix=oai_dc", "idDoesNotExist"),
    ];
    for (query, code) in cases {
        let (status, xml) = get(u, query);
        assert_eq!(status, 200, "{query}: {xml}");
        assert_eq!(error_code(&xml).as_deref(), Some(*code), "GET {query}: {xml}");
        let (status, xml) = post(u, "application/x-www-form-urlencoded", query);
        assert_eq!(status, 200, "{query}: {xml}");
        assert_eq!(error_code(&xml).as_deref(), Some(*code), "POST {query}: {xml}");
    }
    // badArgument and badVerb echo no arguments in `request`.
    let (_, xml) = get(u, "verb=Frobnicate&x=1");
    assert!(xml.contains(&format!("<request>{u}</request>")), "{xml}");

    // A store without sets: noSetHierarchy.
    let bare = tmp.path().join("bare.db");
    let plain = tmp.path().join("plain.json");
    std::fs::write(&plain, r#"{"key": "k1", "title": "A letter", "date": "1950"}"#).unwrap();
    archcite().args(["store", "import", "--db"]).arg(&bare).arg(&plain).assert().success();
    let bare_server = Server::start(&bare, 10);
    for query in ["verb=ListSets", "verb=ListRecords&metadataPrefix=oai_dc&set=archive"] {
        let (_, xml) = get(&bare_server.url, query);
        assert_eq!(error_code(&xml).as_deref(), Some("noSetHierarchy"), "{query}: {xml}");
    }

    // POST with another body type, an over-long request, a bad path: no 500.
    let (status, xml) = post(u, "text/plain", "verb=Identify");
    assert_eq!((status, error_code(&xml).as_deref()), (200, Some("badArgument")), "{xml}");
    let long = format!("verb=Identify&x={}", "a".repeat(20_000));
    let (status, xml) = get(u, &long);
    assert_eq!((status, error_code(&xml).as_deref()), (200, Some("badArgument")));
    let (status, _) = post(u, "application/x-www-form-urlencoded", &long);
    assert!(status < 500, "an over-long POST body: {status}");
    let (status, _) = get(&u.replace("/oai", "/elsewhere"), "verb=Identify");
    assert_eq!(status, 404);
    // POST answers as GET does.
    let (_, by_post) =
        post(u, "application/x-www-form-urlencoded", "verb=ListIdentifiers&metadataPrefix=oai_dc&set=korea");
    assert_eq!(all(&by_post, "identifier").len(), 2, "{by_post}");
    assert!(server.log_lines().iter().all(|l| !l.contains("unavailable")));
}

#[test]
fn oai_tokens_stay_valid_while_records_change() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_store(tmp.path());
    let server = Server::start(&db, 1);
    let u = &server.url;
    std::thread::sleep(Duration::from_millis(1100));
    let (_, first) = get(u, "verb=ListIdentifiers&metadataPrefix=oai_dc");
    let mut seen = all(&first, "identifier");
    let mut next = token(&first).unwrap();
    // While the list is harvested: one record is deleted, one changed, one added.
    std::thread::sleep(Duration::from_millis(1100));
    archcite().args(["store", "delete", "--db"]).arg(&db).arg("113395").assert().success();
    let changed = tmp.path().join("changed.json");
    std::fs::write(
        &changed,
        r#"[{"key": "new-1", "title": "Added during the harvest", "date": "1951"},
            {"key": "RGASPI, F. 17. Op. 162, D. 18, L. 140-141", "title": "Changed during the harvest", "date": "1935"}]"#,
    )
    .unwrap();
    archcite().args(["store", "import", "--db"]).arg(&db).arg(&changed).assert().success();
    while !next.is_empty() {
        let (_, page) = get(u, &format!("verb=ListIdentifiers&resumptionToken={}", urlencode(&next)));
        assert_eq!(error_code(&page), None, "{page}");
        assert_eq!(attr(&page, "resumptionToken", "completeListSize").as_deref(), Some("4"), "{page}");
        seen.extend(all(&page, "identifier"));
        next = token(&page).unwrap_or_default();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no identifier twice: {seen:?}");
    assert!(
        !seen.iter().any(|i| i.ends_with(":new-1")),
        "a record added after the list began comes next time"
    );
    // The next harvest from the first list's responseDate has the three changes, the deletion marked.
    let date = all(&first, "responseDate").remove(0);
    let mut changes = String::new();
    let mut query = format!("verb=ListIdentifiers&metadataPrefix=oai_dc&from={date}");
    loop {
        let (_, page) = get(u, &query);
        changes.push_str(&page);
        match token(&page) {
            Some(t) if !t.is_empty() => {
                query = format!("verb=ListIdentifiers&resumptionToken={}", urlencode(&t))
            }
            _ => break,
        }
    }
    let ids = all(&changes, "identifier");
    assert_eq!(ids.len(), 3, "{changes}");
    assert!(
        changes
            .contains("<header status=\"deleted\"><identifier>oai:archive.example.org:113395</identifier>"),
        "{changes}"
    );
    let (_, gone) = get(u, "verb=GetRecord&metadataPrefix=mods&identifier=oai:archive.example.org:113395");
    assert!(gone.contains("status=\"deleted\"") && !gone.contains("<metadata>"), "{gone}");
}

#[test]
fn oai_sickle_harvests_every_prefix_with_sets_dates_and_tokens() {
    let python = dirs_python();
    let Some(python) = python
        .filter(|p| Command::new(p).args(["-c", "import sickle"]).output().is_ok_and(|o| o.status.success()))
    else {
        return eprintln!("sickle: not installed (run ../shared/conformance/install.sh); skipped");
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = example_store(tmp.path());
    let server = Server::start(&db, 1);
    let script = r#"
import json, sys
from sickle import Sickle
s = Sickle(sys.argv[1], max_retries=2)
out = {}
out["name"] = s.Identify().repositoryName
out["formats"] = [f.metadataPrefix for f in s.ListMetadataFormats()]
out["sets"] = sorted(x.setSpec for x in s.ListSets())
for p in ["oai_dc", "marc21", "mods"]:
    recs = list(s.ListRecords(metadataPrefix=p))
    out[p] = sorted(r.header.identifier for r in recs)
    out[p + "_deleted"] = sum(1 for r in recs if r.deleted)
    out[p + "_with_metadata"] = sum(1 for r in recs if r.raw.find("<metadata>") >= 0)
out["titles"] = sorted(r.metadata["title"][0] for r in s.ListRecords(metadataPrefix="oai_dc"))
out["rgani"] = [h.identifier for h in s.ListIdentifiers(metadataPrefix="mods", set="archive:rgani")]
out["korea"] = len(list(s.ListIdentifiers(metadataPrefix="marc21", set="korea")))
out["from_until"] = len(list(s.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2000-01-01", "until": "2999-12-31"})))
out["record"] = s.GetRecord(identifier="oai:archive.example.org:113395", metadataPrefix="mods").header.identifier
try:
    list(s.ListIdentifiers(metadataPrefix="oai_dc", **{"until": "1990-01-01"}))
    out["none"] = "no error"
except Exception as e:
    out["none"] = type(e).__name__
print(json.dumps(out))
"#;
    let out = Command::new(&python).args(["-c", script, &server.url]).output().unwrap();
    assert!(out.status.success(), "sickle failed: {}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["name"], "Example Archive");
    assert_eq!(got["formats"], serde_json::json!(["oai_dc", "marc21", "mods"]));
    assert!(got["sets"].as_array().unwrap().iter().any(|s| s == "archive:rgani"), "{got}");
    for p in ["oai_dc", "marc21", "mods"] {
        assert_eq!(got[p].as_array().unwrap().len(), 4, "{p}: {got}");
        assert_eq!(got[format!("{p}_deleted")], 0);
        assert_eq!(got[format!("{p}_with_metadata")], 4);
    }
    assert!(
        got["titles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("Record of a Conversation with Kim Il Sung")),
        "{got}"
    );
    assert_eq!(got["rgani"].as_array().unwrap().len(), 1, "{got}");
    assert_eq!(got["korea"], 4);
    assert_eq!(got["from_until"], 4);
    assert_eq!(got["record"], "oai:archive.example.org:113395");
    assert_eq!(got["none"], "NoRecordsMatch");
    // Page size 1: sickle followed a resumption token for every record after the first.
    let log = server.log_lines();
    assert!(log.iter().filter(|l| l.contains("verb=ListRecords ok items=1")).count() >= 16, "{log:#?}");
}

/// The Python of the conformance tools, where install.sh puts it.
fn dirs_python() -> Option<PathBuf> {
    let state = std::env::var_os("CONFORMANCE_STATE").map(PathBuf::from).or_else(|| {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|c| c.join("conformance"))
    })?;
    let python = state.join("venv/bin/python");
    python.exists().then_some(python)
}

/// `n` records made from the examples, each under its own key and title.
fn corpus(n: usize) -> String {
    let examples = crate::common::examples();
    let mut out = String::new();
    for i in 0..n {
        let mut value = serde_json::to_value(&examples[i % examples.len()].1).unwrap();
        value["key"] = serde_json::json!(format!("rec-{i:05}"));
        let title = value["title"].as_str().unwrap_or("Untitled").to_string();
        value["title"] = serde_json::json!(format!("{title} ({i})"));
        out.push_str(&serde_json::to_string(&value).unwrap());
        out.push('\n');
    }
    out
}

fn listing(db: &Path) -> Vec<String> {
    // identifier, status, key, sets: everything but the datestamp, which is each store's own.
    let out = archcite().args(["store", "list", "--db"]).arg(db).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            format!("{}\t{}\t{}\t{}", f[0], f[2], f[3], f[4])
        })
        .collect()
}

fn export(db: &Path, to: &str) -> String {
    let out = archcite().args(["store", "export", "--to", to, "--db"]).arg(db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn harvest(url: &str, prefix: &str, db: &Path) -> String {
    let out =
        archcite().args(["harvest", url, "--metadata-prefix", prefix, "--db"]).arg(db).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn oai_harvest_round_trips_10000_records_then_fetches_only_the_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source.db");
    let input = tmp.path().join("corpus.jsonl");
    std::fs::write(&input, corpus(10_000)).unwrap();
    archcite()
        .args(["store", "init", "--namespace", "archive.example.org", "--db"])
        .arg(&source)
        .assert()
        .success();
    archcite()
        .args(["store", "import", "--set", "batch:one=First batch", "--db"])
        .arg(&source)
        .arg(&input)
        .assert()
        .success()
        .stderr(predicates::str::contains("10000 records added"));
    let server = Server::start(&source, 500);
    std::thread::sleep(Duration::from_millis(1100));

    let copy = tmp.path().join("copy.db");
    archcite()
        .args(["store", "init", "--namespace", "archive.example.org", "--db"])
        .arg(&copy)
        .assert()
        .success();
    let report = harvest(&server.url, "mods", &copy);
    assert!(report.contains("10000 records harvested, 0 deleted, 0 refused, in 20 responses"), "{report}");
    assert_eq!(listing(&copy), listing(&source), "identifiers, status and sets");
    assert_eq!(listing(&copy).len(), 10_000);
    for format in ["mods", "dc"] {
        assert!(export(&copy, format) == export(&source, format), "{format}: the records harvested differ");
    }

    // Changes: three updated, two deleted; the next harvest fetches those five alone.
    std::thread::sleep(Duration::from_millis(1100));
    let updates: String = corpus(3)
        .lines()
        .map(|l| {
            l.replace("(0)", "(0, revised)").replace("(1)", "(1, revised)").replace("(2)", "(2, revised)")
                + "\n"
        })
        .collect();
    let changed = tmp.path().join("changed.jsonl");
    std::fs::write(&changed, updates).unwrap();
    archcite()
        .args(["store", "import", "--set", "batch:one=First batch", "--db"])
        .arg(&source)
        .arg(&changed)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 records added, 3 updated, 0 unchanged"));
    archcite()
        .args(["store", "delete", "--db"])
        .arg(&source)
        .args(["rec-09998", "rec-09999"])
        .assert()
        .success();
    std::thread::sleep(Duration::from_millis(1100));
    let report = harvest(&server.url, "mods", &copy);
    assert!(report.contains("3 records harvested, 2 deleted, 0 refused, in 1 responses"), "{report}");
    assert_eq!(listing(&copy), listing(&source));
    assert!(export(&copy, "mods") == export(&source, "mods"), "the records after the changes differ");
    assert!(export(&copy, "mods").contains("(1, revised)"));
    // And nothing more the time after.
    std::thread::sleep(Duration::from_millis(1100));
    let report = harvest(&server.url, "mods", &copy);
    assert!(report.contains("0 records harvested, 0 deleted"), "{report}");
}

#[test]
fn oai_harvest_waits_out_a_503_and_writes_files() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_store(tmp.path());
    let server = Server::start(&db, 2);
    // A proxy that answers the first request with 503 Retry-After: 1, then forwards.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}/oai", listener.local_addr().unwrap());
    let upstream = server.url.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let response = if n == 0 {
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else {
                let query = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .split_once('?')
                    .map(|x| x.1)
                    .unwrap_or("")
                    .to_string();
                let (_, body) = get(&upstream, &query);
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
            };
            use std::io::Write;
            let _ = stream.write_all(response.as_bytes());
        }
    });
    let out_file = tmp.path().join("harvest.jsonl");
    let out = archcite().args(["harvest", &proxy, "--set", "korea", "-o"]).arg(&out_file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("HTTP 503; trying again in 1 s"), "{stderr}");
    assert!(stderr.contains("4 records harvested, 0 deleted, 0 refused, in 2 responses"), "{stderr}");
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(std::fs::read_to_string(tmp.path().join("harvest.jsonl.harvest")).unwrap().contains(&proxy));

    // --split: a file per record; a deletion removes its file on the next run.
    let dir = tmp.path().join("split");
    archcite()
        .args(["harvest", &server.url, "--metadata-prefix", "marc21", "--split"])
        .arg(&dir)
        .assert()
        .success();
    let count = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| !e.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'))
            .count()
    };
    assert_eq!(count(&dir), 4);
    std::thread::sleep(Duration::from_millis(1100));
    archcite().args(["store", "delete", "--db"]).arg(&db).arg("113395").assert().success();
    std::thread::sleep(Duration::from_millis(1100));
    let out = archcite()
        .args(["harvest", &server.url, "--metadata-prefix", "marc21", "--split"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("0 records harvested, 1 deleted"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&dir), 3);
}

#[test]
fn oai_store_refuses_what_it_cannot_keep() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let keyless = tmp.path().join("keyless.json");
    std::fs::write(&keyless, r#"{"title": "A letter without any identifier", "date": "1950"}"#).unwrap();
    archcite()
        .args(["store", "import", "--db"])
        .arg(&db)
        .arg(&keyless)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no key, record ID, URL or archival reference"));
    archcite()
        .args(["store", "import", "--set", "bad set", "--db"])
        .arg(&db)
        .arg(&keyless)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a setSpec"));
    archcite()
        .args(["store", "delete", "--db"])
        .arg(&db)
        .arg("nothing")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no record has the key"));
    archcite().args(["store", "init", "--admin-email", "nobody", "--db"]).arg(&db).assert().code(2);
    archcite().args(["store", "init", "--namespace", "not a domain", "--db"]).arg(&db).assert().code(2);
    let not_a_store = tmp.path().join("x.db");
    std::fs::write(&not_a_store, "plain text").unwrap();
    archcite().args(["store", "list", "--db"]).arg(&not_a_store).assert().code(2);
    archcite()
        .args(["serve", "--db"])
        .arg(tmp.path().join("missing.db"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such store"));
    // A record without a key is stored under its record ID, and the same
    // content imported again leaves its datestamp alone.
    let with_id = tmp.path().join("with_id.json");
    std::fs::write(&with_id, r#"{"title": "A letter", "publication": {"record_id": "doc-7"}}"#).unwrap();
    archcite().args(["store", "import", "--db"]).arg(&db).arg(&with_id).assert().success();
    let before =
        String::from_utf8(archcite().args(["store", "list", "--db"]).arg(&db).output().unwrap().stdout)
            .unwrap();
    assert!(before.starts_with("oai:archcite.example.org:doc-7\t"), "{before}");
    std::thread::sleep(Duration::from_millis(1100));
    archcite()
        .args(["store", "import", "--db"])
        .arg(&db)
        .arg(&with_id)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 records added, 0 updated, 1 unchanged"));
    let after =
        String::from_utf8(archcite().args(["store", "list", "--db"]).arg(&db).output().unwrap().stdout)
            .unwrap();
    assert_eq!(before, after);
}
