//! `archcite harvest`: an OAI-PMH harvester. Follows resumption tokens,
//! waits and retries on `503 Retry-After` and network errors, and remembers
//! each harvest (per endpoint and query) so the next run asks only for what
//! changed since. Records are read by archcite's own OAI-PMH reader.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

use archcite::model::{Extra, Record};
use archcite::Format;
use quick_xml::events::Event as XmlEvent;

use super::oai;
use super::report::{stderr_line, Outcome, Reporter};
use super::store::{self, Store};

/// The largest response body read.
const MAX_RESPONSE: u64 = 512 * 1024 * 1024;
/// The longest wait a `Retry-After` is followed for.
const MAX_WAIT: u64 = 300;

/// `archcite harvest`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("destination").required(true).args(["db", "output", "split"])))]
pub struct HarvestArgs {
    /// The repository's base URL.
    #[arg(value_name = "URL")]
    url: String,
    /// The metadata format to ask for: oai_dc, oai_qdc, marc21 or mods.
    #[arg(long, value_name = "PREFIX", default_value = "oai_dc")]
    metadata_prefix: String,
    /// Harvest this set only.
    #[arg(long, value_name = "SPEC")]
    set: Option<String>,
    /// Records changed on or after this date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ);
    /// by default, the time of the last harvest of the same query.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Records changed on or before this date.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Ignore the last harvest: ask for every record.
    #[arg(long)]
    full: bool,
    /// Keep the records in this record store: changed ones updated, deleted ones marked deleted.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Write the records harvested to this file (the last harvest is kept in FILE.harvest).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write each record to its own file in this directory, removing the files of deleted records.
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// The format of -o and --split files (by default from the -o extension, else json).
    #[arg(long, short = 't', value_name = "FORMAT")]
    to: Option<Format>,
    /// How many times a failed request is tried again.
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
}

/// What one response holds besides its records.
#[derive(Debug, Default)]
struct Page {
    response_date: Option<String>,
    error: Option<(String, String)>,
    token: Option<String>,
    /// Identify's granularity.
    granularity: Option<String>,
    /// OAI identifiers of deleted records.
    deleted: Vec<String>,
}

/// Read the protocol parts of a response: its date, error, resumption token
/// and deleted headers (the records themselves are for the OAI-PMH reader).
fn scan(body: &[u8]) -> Result<Page, String> {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut page = Page::default();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut deleted_header = false;
    let mut text = String::new();
    let mut error_code = String::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!("the response is not well-formed XML at byte {}: {e}", reader.buffer_position())
        })?;
        match event {
            XmlEvent::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let in_metadata = path.iter().any(|n| n == "metadata");
                if !in_metadata {
                    if name == "header" {
                        deleted_header = e
                            .try_get_attribute("status")
                            .ok()
                            .flatten()
                            .is_some_and(|a| a.value.as_ref() == b"deleted");
                    }
                    if name == "error" {
                        error_code = e
                            .try_get_attribute("code")
                            .ok()
                            .flatten()
                            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                            .unwrap_or_default();
                    }
                }
                text.clear();
                path.push(name);
            }
            XmlEvent::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "resumptionToken" && !path.iter().any(|n| n == "metadata") {
                    page.token = None;
                }
            }
            XmlEvent::Text(t) => {
                if let Ok(t) = t.decode() {
                    text.push_str(&t);
                }
            }
            XmlEvent::GeneralRef(r) => {
                let entity = String::from_utf8_lossy(r.as_ref()).into_owned();
                let resolved = match entity.as_str() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => other
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32)
                        .map(String::from)
                        .unwrap_or_default(),
                };
                text.push_str(&resolved);
            }
            XmlEvent::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            XmlEvent::End(_) => {
                let name = path.pop().unwrap_or_default();
                let in_metadata = path.iter().any(|n| n == "metadata");
                if !in_metadata {
                    match name.as_str() {
                        "responseDate" => page.response_date = Some(text.trim().to_string()),
                        "granularity" => page.granularity = Some(text.trim().to_string()),
                        "resumptionToken" => {
                            let t = text.trim();
                            page.token = (!t.is_empty()).then(|| t.to_string());
                        }
                        "error" => page.error = Some((error_code.clone(), text.trim().to_string())),
                        "identifier" if deleted_header && path.last().is_some_and(|p| p == "header") => {
                            page.deleted.push(text.trim().to_string());
                        }
                        "header" => deleted_header = false,
                        _ => {}
                    }
                }
                text.clear();
            }
            XmlEvent::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(page)
}

/// The store key of an OAI identifier: its local part (after `oai:<repository>:`,
/// unescaped), or the whole identifier when it is not of that form.
fn key_of_identifier(identifier: &str) -> String {
    identifier
        .strip_prefix("oai:")
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(_, local)| oai::unescape_key(local))
        .unwrap_or_else(|| identifier.to_string())
}

/// The header values the OAI-PMH reader put on a record, taken off again:
/// the identifier, the set specs; the record keeps only what its metadata said.
fn take_header(record: &mut Record) -> (Option<String>, Vec<String>) {
    let mut identifier = None;
    let mut sets = Vec::new();
    let mut kept: Vec<Extra> = Vec::new();
    for extra in std::mem::take(&mut record.extra) {
        if extra.format.as_str() == "oai-pmh" {
            match extra.field.as_str() {
                "identifier" => identifier = Some(extra.value.clone()),
                "setSpec" => sets.push(extra.value.clone()),
                _ => {}
            }
        } else {
            kept.push(extra);
        }
    }
    record.extra = kept;
    record.events.retain(|e| e.note.as_ref().map(|n| n.as_str()) != Some("OAI-PMH datestamp"));
    if let (Some(id), Some(p)) = (&identifier, record.publication.as_mut()) {
        if p.record_id.as_ref().map(|r| r.as_str()) == Some(id.as_str()) {
            p.record_id = None;
        }
    }
    if record.publication.as_ref().is_some_and(|p| p.is_empty()) {
        record.publication = None;
    }
    (identifier, sets)
}

/// Where the harvested records go.
enum Sink {
    Db(Store),
    File { writer: Box<dyn archcite::formats::Writer + Send>, out: super::io::Output },
    Split { dir: PathBuf, format: Format },
}

/// What a harvest did.
#[derive(Default)]
struct Tally {
    records: usize,
    deleted: usize,
    refused: usize,
    pages: usize,
}

struct Client {
    agent: ureq::Agent,
    retries: u32,
}

impl Client {
    fn new(retries: u32) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(300)))
            .http_status_as_error(false)
            .user_agent(concat!("archcite/", env!("CARGO_PKG_VERSION"), " (OAI-PMH harvester)"))
            .build();
        Client { agent: config.into(), retries }
    }

    /// GET `url`, trying again after a 503 (waiting as Retry-After says) or a
    /// network error (waiting 1, 2, 4, ... seconds), `retries` times at most.
    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut attempt = 0;
        loop {
            let wait = match self.agent.get(url).call() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 200 {
                        return response
                            .body_mut()
                            .with_config()
                            .limit(MAX_RESPONSE)
                            .read_to_vec()
                            .map_err(|e| format!("{url}: cannot read the response: {e}"));
                    }
                    if status != 503 && status != 429 && status < 500 {
                        return Err(format!("{url}: the repository answered HTTP {status}"));
                    }
                    let after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok());
                    let wait = after.unwrap_or(1 << attempt.min(6)).min(MAX_WAIT);
                    stderr_line(format_args!("warning: {url}: HTTP {status}; trying again in {wait} s"));
                    wait
                }
                Err(e) => {
                    let wait = (1u64 << attempt.min(6)).min(MAX_WAIT);
                    stderr_line(format_args!("warning: {url}: {e}; trying again in {wait} s"));
                    wait
                }
            };
            attempt += 1;
            if attempt > self.retries {
                return Err(format!("{url}: no answer after {} tries", attempt));
            }
            std::thread::sleep(Duration::from_secs(wait));
        }
    }
}

/// The state file of -o and --split: one line per endpoint and query,
/// tab-separated, with the responseDate of its last harvest.
fn state_file(args: &HarvestArgs) -> Option<PathBuf> {
    if let Some(o) = &args.output {
        let mut name = o.file_name()?.to_os_string();
        name.push(".harvest");
        return Some(o.with_file_name(name));
    }
    args.split.as_ref().map(|d| d.join(".harvest"))
}

fn read_state(path: &Path, endpoint: &str, query: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| {
        let mut fields = line.split('\t');
        match (fields.next(), fields.next(), fields.next()) {
            (Some(e), Some(q), Some(last)) if e == endpoint && q == query => Some(last.to_string()),
            _ => None,
        }
    })
}

fn write_state(path: &Path, endpoint: &str, query: &str, last: &str) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let mut text: String = old
        .lines()
        .filter(|line| {
            let mut f = line.split('\t');
            !(f.next() == Some(endpoint) && f.next() == Some(query))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    text.push_str(&format!("{endpoint}\t{query}\t{last}\n"));
    std::fs::write(path, text)
}

/// Run `archcite harvest`.
pub fn run(args: HarvestArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    match harvest(&args, &mut reporter) {
        Ok(()) => reporter.outcome(),
        Err(e) => reporter.fatal(&e),
    }
}

fn harvest(args: &HarvestArgs, reporter: &mut Reporter) -> Result<(), String> {
    let base = url::Url::parse(&args.url).map_err(|e| format!("{}: not a URL ({e})", args.url))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(format!("{}: an OAI-PMH base URL is http or https", args.url));
    }
    for (name, value) in [("--from", &args.from), ("--until", &args.until)] {
        if let Some(v) = value {
            if oai::parse_datestamp(v, false).is_none() {
                return Err(format!("{name} {v}: not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"));
            }
        }
    }
    let endpoint = base.as_str().to_string();
    let query = format!(
        "metadataPrefix={}&set={}&until={}",
        args.metadata_prefix,
        args.set.as_deref().unwrap_or(""),
        args.until.as_deref().unwrap_or("")
    );
    let format = args
        .to
        .or_else(|| {
            let ext = args.output.as_ref()?.extension()?.to_str()?;
            Format::from_extension(ext).filter(|f| f.writer().is_some())
        })
        .unwrap_or(Format::Json);
    let mut sink = if let Some(db) = &args.db {
        Sink::Db(Store::open_or_create(db)?)
    } else if let Some(dir) = &args.split {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot make the directory: {e}", dir.display()))?;
        Sink::Split { dir: dir.clone(), format }
    } else {
        let path = args.output.as_deref();
        let mut writer =
            format.writer().ok_or_else(|| format!("archcite cannot write `{}`", format.name()))?;
        let mut out = super::io::Output::open(path).map_err(|e| format!("cannot open the output: {e}"))?;
        writer.begin(out.writer()).map_err(|e| format!("cannot write the output: {e}"))?;
        Sink::File { writer, out }
    };
    let state = state_file(args);
    let remembered = match (&sink, &state) {
        _ if args.full || args.from.is_some() => None,
        (Sink::Db(store), _) => store.last_harvest(&endpoint, &query).map_err(|e| e.to_string())?,
        (_, Some(path)) => read_state(path, &endpoint, &query),
        _ => None,
    };
    let client = Client::new(args.retries);
    let mut from = args.from.clone();
    if let Some(since) = remembered {
        // The last harvest's responseDate is in seconds; a repository that
        // declares days takes the day (and gives that day's records again).
        let mut identify = base.clone();
        identify.query_pairs_mut().append_pair("verb", "Identify");
        let body = client.get(identify.as_str())?;
        let days =
            scan(&body).map_err(|e| format!("{identify}: {e}"))?.granularity.as_deref() == Some("YYYY-MM-DD");
        let since = if days { since.chars().take(10).collect() } else { since };
        stderr_line(format_args!("harvesting what changed since the last harvest, {since}"));
        from = Some(since);
    }
    let mut first = base.clone();
    {
        let mut q = first.query_pairs_mut();
        q.append_pair("verb", "ListRecords").append_pair("metadataPrefix", &args.metadata_prefix);
        if let Some(set) = &args.set {
            q.append_pair("set", set);
        }
        if let Some(from) = &from {
            q.append_pair("from", from);
        }
        if let Some(until) = &args.until {
            q.append_pair("until", until);
        }
    }
    let mut next = Some(first);
    let mut tally = Tally::default();
    let mut started: Option<String> = None;
    let mut last_token: Option<String> = None;
    while let Some(url) = next.take() {
        let body = client.get(url.as_str())?;
        let page = scan(&body).map_err(|e| format!("{url}: {e}"))?;
        tally.pages += 1;
        if started.is_none() {
            started = page.response_date.clone();
        }
        if let Some((code, message)) = &page.error {
            if code == "noRecordsMatch" {
                break;
            }
            return Err(format!("{url}: the repository answered with the OAI-PMH error {code}: {message}"));
        }
        take_page(&body, &page, &url, &mut sink, &mut tally, reporter)?;
        if let Some(token) = &page.token {
            if last_token.as_deref() == Some(token.as_str()) {
                return Err(format!(
                    "{url}: the repository gave the same resumption token twice ({token}); stopped"
                ));
            }
            last_token = Some(token.clone());
            let mut u = base.clone();
            u.query_pairs_mut().append_pair("verb", "ListRecords").append_pair("resumptionToken", token);
            next = Some(u);
        }
    }
    match sink {
        Sink::Db(store) => {
            if let Some(at) = &started {
                store.set_last_harvest(&endpoint, &query, at).map_err(|e| e.to_string())?;
            }
        }
        Sink::File { mut writer, mut out } => {
            let io = |e: std::io::Error| format!("cannot write the output: {e}");
            writer.end(out.writer()).map_err(io)?;
            out.commit().map_err(io)?;
        }
        Sink::Split { .. } => {}
    }
    if let (Some(path), Some(at)) = (&state, &started) {
        if args.db.is_none() {
            write_state(path, &endpoint, &query, at).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    stderr_line(format_args!(
        "{} records harvested, {} deleted, {} refused, in {} responses from {endpoint}",
        tally.records, tally.deleted, tally.refused, tally.pages
    ));
    Ok(())
}

fn take_page(
    body: &[u8],
    page: &Page,
    url: &url::Url,
    sink: &mut Sink,
    tally: &mut Tally,
    reporter: &mut Reporter,
) -> Result<(), String> {
    let name = format!("{url}");
    let records = Format::OaiPmh.read_reader(name.clone(), Cursor::new(body.to_vec()));
    if let Sink::Db(store) = sink {
        store.begin().map_err(|e| e.to_string())?;
    }
    let now = oai::now();
    for result in records {
        let mut record = match result {
            Ok(r) => r,
            Err(e) => {
                reporter.record_error(&e);
                tally.refused += 1;
                continue;
            }
        };
        let (identifier, sets) = match sink {
            Sink::Db(_) => take_header(&mut record),
            _ => {
                let id = record
                    .extra_of("oai-pmh")
                    .find(|e| e.field.as_str() == "identifier")
                    .map(|e| e.value.clone());
                (id, Vec::new())
            }
        };
        let Some(identifier) = identifier else {
            stderr_line(format_args!("error: {name}: a record without an identifier in its header; skipped"));
            tally.refused += 1;
            continue;
        };
        let key = key_of_identifier(&identifier);
        match sink {
            Sink::Db(store) => {
                let mut all = store::sets_of(&record);
                all.extend(sets.into_iter().map(|s| (s.clone(), s)));
                store.put(&key, &record, &all, now)?;
            }
            Sink::File { writer, out } => {
                let mut buf = Vec::new();
                match writer.write(&mut buf, &record) {
                    Ok(()) => std::io::Write::write_all(out.writer(), &buf)
                        .map_err(|e| format!("cannot write the output: {e}"))?,
                    Err(e) => {
                        stderr_line(format_args!("error: {identifier}: {e}"));
                        tally.refused += 1;
                        continue;
                    }
                }
            }
            Sink::Split { dir, format } => {
                let path = split_path(dir, &key, *format);
                let text = format
                    .write_string(std::slice::from_ref(&record))
                    .map_err(|e| format!("{identifier}: {e}"))?;
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        tally.records += 1;
    }
    for identifier in &page.deleted {
        let key = key_of_identifier(identifier);
        match sink {
            Sink::Db(store) => {
                store.delete(&key, now).map_err(|e| e.to_string())?;
            }
            Sink::Split { dir, format } => {
                let path = split_path(dir, &key, *format);
                if path.exists() {
                    std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                }
            }
            Sink::File { .. } => stderr_line(format_args!("deleted: {identifier}")),
        }
        tally.deleted += 1;
    }
    if let Sink::Db(store) = sink {
        store.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The file of one record in a --split directory: its key made a file name.
fn split_path(dir: &Path, key: &str, format: Format) -> PathBuf {
    let mut name = oai::slug(key);
    if name.is_empty() {
        name = "record".into();
    }
    name.truncate(200);
    dir.join(format!("{name}.{}", format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_parts_of_a_response_are_found_outside_the_metadata() {
        let body = br#"<?xml version="1.0"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-02T03:04:05Z</responseDate>
<request verb="ListRecords">http://x/oai</request><ListRecords>
<record><header status="deleted"><identifier>oai:x:a%20b</identifier><datestamp>2024-01-01T00:00:00Z</datestamp></header></record>
<record><header><identifier>oai:x:c</identifier><datestamp>2024-01-01T00:00:00Z</datestamp></header>
<metadata><mods xmlns="http://www.loc.gov/mods/v3"><identifier>inside</identifier><header>h</header></mods></metadata></record>
<resumptionToken cursor="0">v1,a&amp;b</resumptionToken></ListRecords></OAI-PMH>"#;
        let page = scan(body).unwrap();
        assert_eq!(page.response_date.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(page.deleted, vec!["oai:x:a%20b".to_string()]);
        assert_eq!(page.token.as_deref(), Some("v1,a&b"));
        assert_eq!(key_of_identifier("oai:x:a%20b"), "a b");
        assert_eq!(key_of_identifier("urn:x"), "urn:x");
        let error = scan(br#"<OAI-PMH><error code="noRecordsMatch">none</error></OAI-PMH>"#).unwrap();
        assert_eq!(error.error, Some(("noRecordsMatch".into(), "none".into())));
        assert!(scan(b"<OAI-PMH><unclosed></OAI-PMH>").is_err());
    }
}
