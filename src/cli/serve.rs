//! `archcite serve`: an OAI-PMH 2.0 data provider over a record store.
//!
//! All six verbs; the metadata formats `oai_dc`, `marc21` (MARCXML) and
//! `mods`, each written by archcite's own writer from the stored native
//! record; datestamps at the granularity of seconds; sets; persistent
//! deleted records; resumption tokens that carry their whole position, so
//! they stay valid while records change and hold no state in the server.
//! Read-only: the store is read through read-only connections, kept between requests.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use archcite::Format;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::oai::{self, Granularity};
use super::report::{stderr_line, Outcome, Reporter};
use super::store::{self, Row, Selection, Store};

/// The largest request body (POST) and query string taken.
const MAX_REQUEST: usize = 16 * 1024;

/// `archcite serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The record store.
    #[arg(long, value_name = "FILE", default_value = store::DEFAULT_DB)]
    db: PathBuf,
    /// The address to listen on (port 0: any free port, printed on start).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: String,
    /// The base URL harvesters reach the repository at, as Identify and every
    /// response state it (default: http://HOST:PORT/oai).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Records (ListRecords) or headers (ListIdentifiers) per response; more
    /// come with a resumption token.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=1000))]
    page_size: u16,
}

/// A metadata format the repository disseminates.
struct Prefix {
    prefix: &'static str,
    format: Format,
    schema: &'static str,
    namespace: &'static str,
}

const PREFIXES: &[Prefix] = &[
    Prefix {
        prefix: "oai_dc",
        format: Format::Dc,
        schema: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        namespace: "http://www.openarchives.org/OAI/2.0/oai_dc/",
    },
    Prefix {
        prefix: "marc21",
        format: Format::Marcxml,
        schema: "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
        namespace: "http://www.loc.gov/MARC21/slim",
    },
    Prefix {
        prefix: "mods",
        format: Format::Mods,
        schema: "http://www.loc.gov/standards/mods/v3/mods-3-8.xsd",
        namespace: "http://www.loc.gov/mods/v3",
    },
];

fn prefix(name: &str) -> Option<&'static Prefix> {
    PREFIXES.iter().find(|p| p.prefix == name)
}

/// What a request is answered from.
pub struct Provider {
    db: PathBuf,
    base_url: String,
    page_size: usize,
    /// Read-only connections kept between requests (their prepared statements too).
    pool: std::sync::Mutex<Vec<Store>>,
}

/// The most connections kept between requests.
const POOL: usize = 8;

/// A connection taken from the pool, put back when dropped.
struct Pooled<'a> {
    store: Option<Store>,
    pool: &'a std::sync::Mutex<Vec<Store>>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("a pooled store is there until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(store), Ok(mut pool)) = (self.store.take(), self.pool.lock()) {
            if pool.len() < POOL {
                pool.push(store);
            }
        }
    }
}

/// An OAI-PMH error: its code and message.
#[derive(Debug)]
struct OaiError(&'static str, String);

fn bad_argument(message: impl Into<String>) -> OaiError {
    OaiError("badArgument", message.into())
}

/// The answer to one request: the XML, and for the log the verb, the
/// outcome (`ok` or an error code) and how many records or headers it carries.
pub struct Answer {
    /// The response document.
    pub xml: String,
    /// The verb asked for, as given.
    pub verb: String,
    /// `ok`, or the OAI-PMH error code.
    pub outcome: &'static str,
    /// Records or headers in the response.
    pub items: usize,
}

const ENVELOPE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n";

fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// Where a list stands: everything a resumption token carries.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    prefix: String,
    selection: Selection,
    /// The (datestamp, id) of the last item given.
    after: (i64, i64),
    /// Items given before this response.
    cursor: i64,
    /// The size of the complete list when it was first asked for.
    total: i64,
}

impl Position {
    /// `v1,prefix,set,from,until,datestamp,id,cursor,total`: a set spec holds
    /// no comma, so the fields split back unambiguously. Numbers are written
    /// at a fixed width, so the tokens of one list all have the same size.
    fn token(&self) -> String {
        let s = &self.selection;
        format!(
            "v1,{},{},{:011},{:011},{:011},{:012},{:012},{:012}",
            self.prefix,
            s.set.as_deref().unwrap_or(""),
            s.from,
            s.until,
            self.after.0,
            self.after.1,
            self.cursor,
            self.total
        )
    }

    fn parse(token: &str) -> Option<Position> {
        let fields: Vec<&str> = token.split(',').collect();
        let [version, prefix, set, from, until, datestamp, id, cursor, total] = fields[..] else {
            return None;
        };
        if version != "v1" || self::prefix(prefix).is_none() || !(set.is_empty() || oai::is_set_spec(set)) {
            return None;
        }
        let number = |s: &str| s.parse::<i64>().ok();
        let position = Position {
            prefix: prefix.to_string(),
            selection: Selection {
                set: (!set.is_empty()).then(|| set.to_string()),
                from: number(from)?,
                until: number(until)?,
            },
            after: (number(datestamp)?, number(id)?),
            cursor: number(cursor)?,
            total: number(total)?,
        };
        (position.cursor >= 0 && position.total >= position.cursor).then_some(position)
    }
}

impl Provider {
    /// A provider over the store at `db`.
    pub fn new(db: PathBuf, base_url: String, page_size: usize) -> Provider {
        Provider { db, base_url, page_size, pool: std::sync::Mutex::new(Vec::new()) }
    }

    /// Answer one request given as its arguments (name, value), in order.
    pub fn answer(&self, args: &[(String, String)]) -> Answer {
        let now = oai::now();
        let verb = args.iter().find(|(k, _)| k == "verb").map(|(_, v)| v.clone()).unwrap_or_default();
        let mut xml = String::with_capacity(4096);
        xml.push_str(ENVELOPE);
        let _ = writeln!(xml, "<responseDate>{}</responseDate>", oai::datestamp(now));
        let (outcome, items) = match self.verb(args, now, &mut xml) {
            Ok(items) => ("ok", items),
            Err(OaiError(code, message)) => {
                // The body written so far is dropped: an error response holds the request and the error alone.
                xml.truncate(ENVELOPE.len());
                let _ = writeln!(xml, "<responseDate>{}</responseDate>", oai::datestamp(now));
                if code == "badVerb" || code == "badArgument" {
                    let _ = writeln!(xml, "<request>{}</request>", esc(&self.base_url));
                } else {
                    request(&mut xml, &self.base_url, args);
                }
                let _ = writeln!(xml, "<error code=\"{code}\">{}</error>", esc(&message));
                (code, 0)
            }
        };
        xml.push_str("</OAI-PMH>\n");
        Answer { xml, verb, outcome, items }
    }

    fn open(&self) -> Result<Pooled<'_>, OaiError> {
        let kept = self.pool.lock().ok().and_then(|mut pool| pool.pop());
        let store = match kept {
            Some(store) => store,
            // Not a protocol error: the repository cannot answer at all; the
            // HTTP layer answers 503 with Retry-After.
            None => Store::open_read_only(&self.db).map_err(|e| OaiError("unavailable", e))?,
        };
        Ok(Pooled { store: Some(store), pool: &self.pool })
    }

    fn verb(&self, args: &[(String, String)], now: i64, xml: &mut String) -> Result<usize, OaiError> {
        let mut verbs = args.iter().filter(|(k, _)| k == "verb");
        let verb = match (verbs.next(), verbs.next()) {
            (None, _) => return Err(OaiError("badVerb", "the request has no verb".into())),
            (Some(_), Some(_)) => return Err(OaiError("badVerb", "the verb argument is repeated".into())),
            (Some((_, v)), None) => v.as_str(),
        };
        let allowed: &[&str] = match verb {
            "Identify"
            | "ListMetadataFormats"
            | "ListSets"
            | "ListIdentifiers"
            | "ListRecords"
            | "GetRecord" => match verb {
                "Identify" => &[],
                "ListMetadataFormats" => &["identifier"],
                "ListSets" => &["resumptionToken"],
                "GetRecord" => &["identifier", "metadataPrefix"],
                _ => &["metadataPrefix", "from", "until", "set", "resumptionToken"],
            },
            other => return Err(OaiError("badVerb", format!("`{other}` is not an OAI-PMH verb"))),
        };
        let mut seen: Vec<&str> = Vec::new();
        for (name, _) in args.iter().filter(|(k, _)| k != "verb") {
            if !allowed.contains(&name.as_str()) {
                return Err(bad_argument(format!("{verb} takes no argument `{name}`")));
            }
            if seen.contains(&name.as_str()) {
                return Err(bad_argument(format!("the argument `{name}` is repeated")));
            }
            seen.push(name);
        }
        let arg = |name: &str| args.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        match verb {
            "Identify" => self.identify(args, xml),
            "ListMetadataFormats" => self.list_metadata_formats(args, arg("identifier"), xml),
            "ListSets" => self.list_sets(args, arg("resumptionToken"), xml),
            "GetRecord" => {
                let identifier =
                    arg("identifier").ok_or_else(|| bad_argument("GetRecord needs an identifier"))?;
                let prefix =
                    arg("metadataPrefix").ok_or_else(|| bad_argument("GetRecord needs a metadataPrefix"))?;
                self.get_record(args, identifier, prefix, xml)
            }
            list => {
                let position = match arg("resumptionToken") {
                    Some(token) => {
                        if args.len() > 2 {
                            return Err(bad_argument(
                                "resumptionToken is an exclusive argument: give it alone with the verb",
                            ));
                        }
                        Position::parse(token).ok_or_else(|| {
                            OaiError(
                                "badResumptionToken",
                                format!("`{token}` is not a resumption token of this repository"),
                            )
                        })?
                    }
                    None => self.first_position(
                        arg("metadataPrefix"),
                        arg("from"),
                        arg("until"),
                        arg("set"),
                        now,
                    )?,
                };
                self.list(args, list == "ListRecords", position, xml)
            }
        }
    }

    fn identify(&self, args: &[(String, String)], xml: &mut String) -> Result<usize, OaiError> {
        let store = self.open()?;
        let id = store.identity().map_err(internal)?;
        let earliest = store.earliest().map_err(internal)?.unwrap_or(0);
        request(xml, &self.base_url, args);
        let _ = write!(
            xml,
            "<Identify>\n<repositoryName>{}</repositoryName>\n<baseURL>{}</baseURL>\n\
             <protocolVersion>2.0</protocolVersion>\n<adminEmail>{}</adminEmail>\n\
             <earliestDatestamp>{}</earliestDatestamp>\n<deletedRecord>persistent</deletedRecord>\n\
             <granularity>{}</granularity>\n</Identify>\n",
            esc(&id.name),
            esc(&self.base_url),
            esc(&id.email),
            oai::datestamp(earliest),
            oai::GRANULARITY
        );
        Ok(0)
    }

    fn list_metadata_formats(
        &self,
        args: &[(String, String)],
        identifier: Option<&str>,
        xml: &mut String,
    ) -> Result<usize, OaiError> {
        if let Some(identifier) = identifier {
            let store = self.open()?;
            self.find(&store, identifier)?;
        }
        request(xml, &self.base_url, args);
        xml.push_str("<ListMetadataFormats>\n");
        for p in PREFIXES {
            let _ = write!(
                xml,
                "<metadataFormat>\n<metadataPrefix>{}</metadataPrefix>\n<schema>{}</schema>\n\
                 <metadataNamespace>{}</metadataNamespace>\n</metadataFormat>\n",
                p.prefix, p.schema, p.namespace
            );
        }
        xml.push_str("</ListMetadataFormats>\n");
        Ok(PREFIXES.len())
    }

    fn list_sets(
        &self,
        args: &[(String, String)],
        token: Option<&str>,
        xml: &mut String,
    ) -> Result<usize, OaiError> {
        if let Some(token) = token {
            // Every set comes in one response: no token is ever handed out.
            return Err(OaiError(
                "badResumptionToken",
                format!("`{token}` is not a resumption token of this repository"),
            ));
        }
        let store = self.open()?;
        let sets = store.sets().map_err(internal)?;
        if sets.is_empty() {
            return Err(OaiError("noSetHierarchy", "this repository has no sets".into()));
        }
        request(xml, &self.base_url, args);
        xml.push_str("<ListSets>\n");
        for (spec, name) in &sets {
            let _ =
                writeln!(xml, "<set><setSpec>{}</setSpec><setName>{}</setName></set>", esc(spec), esc(name));
        }
        xml.push_str("</ListSets>\n");
        Ok(sets.len())
    }

    fn find(&self, store: &Store, identifier: &str) -> Result<Row, OaiError> {
        let id = store.identity().map_err(internal)?;
        let missing =
            || OaiError("idDoesNotExist", format!("`{identifier}` is not the identifier of a record here"));
        let key = oai::key_of(&id.namespace, identifier).ok_or_else(missing)?;
        store.get(&key).map_err(internal)?.ok_or_else(missing)
    }

    fn get_record(
        &self,
        args: &[(String, String)],
        identifier: &str,
        prefix_name: &str,
        xml: &mut String,
    ) -> Result<usize, OaiError> {
        let store = self.open()?;
        let row = self.find(&store, identifier)?;
        let p = prefix(prefix_name).ok_or_else(|| cannot_disseminate(prefix_name))?;
        let namespace = store.identity().map_err(internal)?.namespace;
        let sets = store.sets_of(row.id).map_err(internal)?;
        let mut body = String::new();
        if !record(&mut body, &namespace, &row, &sets, Some(p))? {
            return Err(OaiError(
                "cannotDisseminateFormat",
                format!("the record `{identifier}` holds nothing {prefix_name} can carry"),
            ));
        }
        request(xml, &self.base_url, args);
        xml.push_str("<GetRecord>\n");
        xml.push_str(&body);
        xml.push_str("</GetRecord>\n");
        Ok(1)
    }

    fn first_position(
        &self,
        prefix_name: Option<&str>,
        from: Option<&str>,
        until: Option<&str>,
        set: Option<&str>,
        now: i64,
    ) -> Result<Position, OaiError> {
        let prefix_name = prefix_name
            .ok_or_else(|| bad_argument("the list needs a metadataPrefix (or a resumptionToken)"))?;
        let parse = |name: &str,
                     value: Option<&str>,
                     end: bool|
         -> Result<Option<(i64, Granularity)>, OaiError> {
            value
                .map(|v| {
                    oai::parse_datestamp(v, end).ok_or_else(|| {
                        bad_argument(format!("{name}={v}: not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"))
                    })
                })
                .transpose()
        };
        let from = parse("from", from, false)?;
        let until = parse("until", until, true)?;
        if let (Some((_, a)), Some((_, b))) = (from, until) {
            if a != b {
                return Err(bad_argument("from and until are given at different granularities"));
            }
        }
        if let Some((_, Granularity::Second)) = from.or(until) {
            // The repository's granularity is seconds: finer is not possible, coarser is always accepted.
        }
        if let (Some((f, _)), Some((u, _))) = (from, until) {
            if f > u {
                return Err(bad_argument("from is later than until"));
            }
        }
        let p = prefix(prefix_name).ok_or_else(|| cannot_disseminate(prefix_name))?;
        let store = self.open()?;
        if let Some(set) = set {
            if !store.has_sets().map_err(internal)? {
                return Err(OaiError("noSetHierarchy", "this repository has no sets".into()));
            }
            if !oai::is_set_spec(set) {
                return Err(bad_argument(format!("set={set}: not a setSpec")));
            }
        }
        // The list ends at the moment it was first asked for: records changed
        // while it is harvested come in the next incremental harvest, and the
        // positions of those listed stay where they were.
        let until = until.map_or(now, |(u, _)| u.min(now));
        let selection = Selection { set: set.map(str::to_string), from: from.map_or(0, |(f, _)| f), until };
        let total = store.count(&selection).map_err(internal)?;
        if total == 0 {
            return Err(OaiError("noRecordsMatch", "no record matches the arguments given".into()));
        }
        Ok(Position {
            prefix: p.prefix.to_string(),
            selection,
            after: (i64::MIN, i64::MIN),
            cursor: 0,
            total,
        })
    }

    fn list(
        &self,
        args: &[(String, String)],
        records: bool,
        position: Position,
        xml: &mut String,
    ) -> Result<usize, OaiError> {
        let store = self.open()?;
        let namespace = store.identity().map_err(internal)?.namespace;
        let p = prefix(&position.prefix).ok_or_else(|| cannot_disseminate(&position.prefix))?;
        let mut rows =
            store.page(&position.selection, position.after, self.page_size + 1, records).map_err(internal)?;
        let more = rows.len() > self.page_size;
        rows.truncate(self.page_size);
        if rows.is_empty() {
            // A token whose remaining records all changed since the list
            // began (they are now past its end) has nothing left to give: the
            // list is complete, and those records come with the next harvest.
            let message = match position.cursor {
                0 => "no record matches the arguments given",
                _ => "no more records: the rest of the list changed since it began; they come with the next harvest from this list's responseDate",
            };
            return Err(OaiError("noRecordsMatch", message.into()));
        }
        let tag = if records { "ListRecords" } else { "ListIdentifiers" };
        request(xml, &self.base_url, args);
        let _ = writeln!(xml, "<{tag}>");
        let mut items = 0;
        for row in &rows {
            let sets = store.sets_of(row.id).map_err(internal)?;
            if records {
                if record(xml, &namespace, row, &sets, Some(p))? {
                    items += 1;
                }
            } else {
                header(xml, &namespace, row, &sets);
                items += 1;
            }
        }
        let given = position.cursor + i64::try_from(rows.len()).unwrap_or(i64::MAX);
        // The list may have grown past its first count (a record moved into the
        // range): the size stated never falls below what was given.
        let total = position.total.max(given + i64::from(more));
        if more || position.cursor > 0 {
            let last = rows.last().map(|r| (r.datestamp, r.id)).unwrap_or(position.after);
            let token = if more {
                Position { after: last, cursor: given, total, ..position.clone() }.token()
            } else {
                String::new()
            };
            let _ = writeln!(
                xml,
                "<resumptionToken completeListSize=\"{total}\" cursor=\"{}\">{}</resumptionToken>",
                position.cursor,
                esc(&token)
            );
        }
        let _ = writeln!(xml, "</{tag}>");
        Ok(items)
    }
}

fn cannot_disseminate(prefix: &str) -> OaiError {
    OaiError(
        "cannotDisseminateFormat",
        format!("`{prefix}` is not a metadata format of this repository (oai_dc, marc21, mods)"),
    )
}

fn internal(e: rusqlite::Error) -> OaiError {
    OaiError("unavailable", format!("the store cannot be read: {e}"))
}

/// The `request` element, with the arguments of a request that was
/// understood: each argument whose value has the form the schema gives it
/// (an error answering `metadataPrefix=a b` states the request without it).
fn request(xml: &mut String, base_url: &str, args: &[(String, String)]) {
    xml.push_str("<request");
    for (name, value) in args {
        let echoed = match name.as_str() {
            "verb" | "resumptionToken" => true,
            "metadataPrefix" => {
                !value.is_empty()
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b))
            }
            "set" => oai::is_set_spec(value),
            "from" | "until" => oai::parse_datestamp(value, false).is_some(),
            "identifier" => url::Url::parse(value).is_ok() && !value.contains(char::is_whitespace),
            _ => false,
        };
        if echoed {
            let _ = write!(xml, " {name}=\"{}\"", esc(value));
        }
    }
    let _ = writeln!(xml, ">{}</request>", esc(base_url));
}

fn header(xml: &mut String, namespace: &str, row: &Row, sets: &[String]) {
    let status = if row.deleted { " status=\"deleted\"" } else { "" };
    let _ = write!(
        xml,
        "<header{status}><identifier>{}</identifier><datestamp>{}</datestamp>",
        esc(&oai::identifier(namespace, &row.key)),
        oai::datestamp(row.datestamp)
    );
    for s in sets {
        let _ = write!(xml, "<setSpec>{}</setSpec>", esc(s));
    }
    xml.push_str("</header>\n");
}

/// One `record`: its header, and its metadata in the format asked unless it
/// is deleted. `Ok(false)` (nothing written) for a record the format cannot
/// carry, which is logged.
fn record(
    xml: &mut String,
    namespace: &str,
    row: &Row,
    sets: &[String],
    p: Option<&Prefix>,
) -> Result<bool, OaiError> {
    let metadata = match (&row.json, p, row.deleted) {
        (Some(json), Some(p), false) => {
            let r = store::record_of(json)
                .map_err(|e| OaiError("unavailable", format!("record {}: {e}", row.key)))?;
            let mut out = Vec::new();
            match p.format.write_element(&mut out, &r) {
                Some(Ok(())) => {}
                Some(Err(e)) => {
                    stderr_line(format_args!(
                        "warning: record {} cannot be written as {}: {e}",
                        row.key, p.prefix
                    ));
                    return Ok(false);
                }
                None => return Err(OaiError("unavailable", format!("{} is not an XML format", p.prefix))),
            }
            let text = String::from_utf8(out).map_err(|e| OaiError("unavailable", e.to_string()))?;
            Some(text)
        }
        _ => None,
    };
    xml.push_str("<record>");
    header(xml, namespace, row, sets);
    if let Some(text) = metadata {
        xml.push_str("<metadata>");
        xml.push_str(strip_declaration(&text).trim_end());
        xml.push_str("</metadata>");
    }
    xml.push_str("</record>\n");
    Ok(true)
}

fn strip_declaration(text: &str) -> &str {
    match text.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(text, |(_, after)| after.trim_start()),
        None => text,
    }
}

/// The arguments of a query string or form body; `None` when it is not
/// valid `application/x-www-form-urlencoded` text.
fn parse_args(text: &[u8]) -> Option<Vec<(String, String)>> {
    // Percent escapes that do not decode to UTF-8 make the request malformed,
    // not the repository: form_urlencoded replaces them, so they are checked here.
    let mut args = Vec::new();
    // Characters XML cannot hold (controls) make it malformed too.
    let bad =
        |s: &str| s.chars().any(|c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')));
    for (name, value) in url::form_urlencoded::parse(text) {
        if bad(&name) || bad(&value) {
            return None;
        }
        args.push((name.into_owned(), value.into_owned()));
    }
    Some(args)
}

type Shared = Arc<Provider>;

async fn on_get(State(provider): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    respond(provider, Method::GET, query.into_bytes()).await
}

async fn on_post(State(provider): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !form {
        return respond_error(
            provider,
            Method::POST,
            "a POST request carries its arguments as application/x-www-form-urlencoded",
        );
    }
    respond(provider, Method::POST, body.to_vec()).await
}

fn respond_error(provider: Shared, method: Method, message: &str) -> Response {
    let started = Instant::now();
    let now = oai::now();
    let xml = format!(
        "{ENVELOPE}<responseDate>{}</responseDate>\n<request>{}</request>\n<error code=\"badArgument\">{}</error>\n</OAI-PMH>\n",
        oai::datestamp(now),
        esc(&provider.base_url),
        esc(message)
    );
    log(&method, "-", "badArgument", 0, started);
    xml_response(StatusCode::OK, xml)
}

async fn respond(provider: Shared, method: Method, args: Vec<u8>) -> Response {
    let started = Instant::now();
    if args.len() > MAX_REQUEST {
        return respond_error(
            provider,
            method,
            "the request's arguments are longer than this repository takes",
        );
    }
    let Some(args) = parse_args(&args) else {
        return respond_error(
            provider,
            method,
            "the request's arguments are not valid percent-encoded UTF-8",
        );
    };
    let worker = provider.clone();
    let answer = tokio::task::spawn_blocking(move || worker.answer(&args)).await;
    match answer {
        Ok(a) if a.outcome == "unavailable" => {
            log(&method, &a.verb, "unavailable", 0, started);
            unavailable()
        }
        Ok(a) => {
            log(&method, &a.verb, a.outcome, a.items, started);
            xml_response(StatusCode::OK, a.xml)
        }
        Err(_) => {
            log(&method, "-", "unavailable", 0, started);
            unavailable()
        }
    }
}

fn unavailable() -> Response {
    let mut response =
        (StatusCode::SERVICE_UNAVAILABLE, "the record store cannot be read; try again later\n")
            .into_response();
    response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("10"));
    response
}

fn xml_response(status: StatusCode, xml: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
}

fn log(method: &Method, verb: &str, outcome: &str, items: usize, started: Instant) {
    let verb: String = verb.chars().take(40).map(|c| if c.is_control() { '?' } else { c }).collect();
    let verb = if verb.is_empty() { "-".to_string() } else { verb };
    stderr_line(format_args!(
        "{} {method} verb={verb} {outcome} items={items} {:.1}ms",
        oai::datestamp(oai::now()),
        started.elapsed().as_secs_f64() * 1000.0
    ));
}

/// Run `archcite serve` until interrupted.
pub fn run(args: ServeArgs) -> Outcome {
    let mut reporter = Reporter::stderr();
    if let Err(e) = Store::open_read_only(&args.db) {
        return reporter.fatal(&e);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return reporter.fatal(&format!("cannot start the server: {e}")),
    };
    let result: Result<(), String> = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|e| format!("--addr {}: cannot listen: {e}", args.addr))?;
        let local: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
        let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{local}/oai"));
        let path = url::Url::parse(&base_url)
            .map_err(|e| format!("--base-url {base_url}: not a URL ({e})"))?
            .path()
            .to_string();
        let provider =
            Arc::new(Provider::new(args.db.clone(), base_url.clone(), usize::from(args.page_size)));
        let mut router = Router::new().route("/oai", get(on_get).post(on_post));
        if path != "/oai" {
            router = router.route(&path, get(on_get).post(on_post));
        }
        let router = router.layer(DefaultBodyLimit::max(MAX_REQUEST)).with_state(provider);
        stderr_line(format_args!(
            "serving {} as OAI-PMH at {base_url} (listening on {local})",
            args.db.display()
        ));
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    });
    match result {
        Ok(()) => reporter.outcome(),
        Err(e) => reporter.fatal(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_parse_back_and_refuse_anything_else() {
        let p = Position {
            prefix: "mods".into(),
            selection: Selection { set: Some("archive:rgani".into()), from: i64::MIN, until: 1_700_000_000 },
            after: (1_690_000_000, 42),
            cursor: 200,
            total: 1000,
        };
        assert_eq!(Position::parse(&p.token()), Some(p.clone()));
        let unset = Position { selection: Selection { set: None, ..p.selection.clone() }, ..p };
        assert_eq!(Position::parse(&unset.token()), Some(unset));
        for bad in [
            "",
            "v1",
            "v2,mods,,0,0,0,0,0,0",
            "v1,xyz,,0,0,0,0,0,0",
            "v1,mods,a b,0,0,0,0,0,0",
            "v1,mods,,0,0,0,0,5,1",
            "v1,mods,,x,0,0,0,0,0",
        ] {
            assert_eq!(Position::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_arguments_are_refused() {
        assert_eq!(
            parse_args(b"verb=Identify&x=%41"),
            Some(vec![("verb".into(), "Identify".into()), ("x".into(), "A".into())])
        );
        assert_eq!(parse_args(b"verb=%FF"), None);
        assert_eq!(parse_args(b"verb=GetRecord&identifier=%00"), None);
    }
}
