//! The OAI-PMH record store: native records in an embedded SQLite database,
//! each under a stable key with the datestamp of its last change, its sets,
//! and a persistent mark once deleted; the repository's Identify values; the
//! harvester's memory of past harvests. And the `store` command over it.
//!
//! Records are kept as archcite's native JSON (one JSON Lines record), so
//! every format is written from them by archcite's own writers.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use archcite::model::Record;
use archcite::Format;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::inputs::{expand, for_each_record, Item};
use super::oai;
use super::report::{stderr_line, Outcome, Reporter};

/// The database file when `--db` is not given.
pub const DEFAULT_DB: &str = "archcite-oai.db";

/// The Identify values of a new store.
pub const DEFAULT_NAME: &str = "archcite repository";
/// The admin e-mail of a new store (a reserved domain: set a real one with `store init`).
pub const DEFAULT_EMAIL: &str = "admin@example.org";
/// The namespace of OAI identifiers of a new store.
pub const DEFAULT_NAMESPACE: &str = "archcite.example.org";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  datestamp INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  json TEXT
);
CREATE INDEX IF NOT EXISTS records_by_datestamp ON records(datestamp, id);
CREATE TABLE IF NOT EXISTS sets(spec TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memberships(
  spec TEXT NOT NULL,
  record INTEGER NOT NULL,
  PRIMARY KEY(spec, record)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_by_record ON memberships(record, spec);
CREATE TABLE IF NOT EXISTS harvests(
  endpoint TEXT NOT NULL,
  query TEXT NOT NULL,
  last TEXT NOT NULL,
  PRIMARY KEY(endpoint, query)
);
";

/// What the store answers Identify with.
#[derive(Debug, Clone)]
pub struct Identity {
    /// `repositoryName`.
    pub name: String,
    /// `adminEmail`.
    pub email: String,
    /// The repository identifier in `oai:<namespace>:<key>`.
    pub namespace: String,
}

/// One stored record, as the protocol lists it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row id: with the datestamp, the record's place in a list.
    pub id: i64,
    /// The store key.
    pub key: String,
    /// Seconds since 1970 of the last change.
    pub datestamp: i64,
    /// Deleted (persistently).
    pub deleted: bool,
    /// The native JSON record (`None` when deleted or not asked for).
    pub json: Option<String>,
}

/// Which records a list takes: a set, and a closed range of datestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Only the records of this set (and its subsets).
    pub set: Option<String>,
    /// The first datestamp taken.
    pub from: i64,
    /// The last datestamp taken.
    pub until: i64,
}

/// What importing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new key.
    Added,
    /// A key already stored, with other content (or deleted before).
    Updated,
    /// A key already stored with the same content and sets: its datestamp stays.
    Unchanged,
}

/// An open store.
pub struct Store {
    conn: Connection,
}

fn db_error(path: &Path) -> impl Fn(rusqlite::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

impl Store {
    /// Open the store at `path`, making a new one with the default Identify
    /// values when there is no file yet.
    pub fn open_or_create(path: &Path) -> Result<Store, String> {
        let conn = Connection::open(path).map_err(db_error(path))?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db_error(path))?;
        let _: String =
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(db_error(path))?;
        let store = Store { conn };
        store.check_or_init(path)?;
        Ok(store)
    }

    /// Open an existing store, for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store, String> {
        if !path.is_file() {
            return Err(format!(
                "{}: no such store; make one with `archcite store init --db {0}` or `archcite store import --db {0} FILE`",
                path.display()
            ));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(db_error(path))?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db_error(path))?;
        let store = Store { conn };
        match store.meta("format") {
            Ok(Some(f)) if f == "archcite-oai-store 1" => Ok(store),
            _ => Err(format!("{}: not an archcite record store", path.display())),
        }
    }

    fn check_or_init(&self, path: &Path) -> Result<(), String> {
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(|e| format!("{}: not an SQLite database ({e})", path.display()))?;
        if tables > 0 {
            return match self.meta("format") {
                Ok(Some(f)) if f == "archcite-oai-store 1" => Ok(()),
                _ => Err(format!(
                    "{}: an SQLite database that is not an archcite record store; name another file with --db",
                    path.display()
                )),
            };
        }
        self.conn.execute_batch(SCHEMA).map_err(db_error(path))?;
        for (name, value) in [
            ("format", "archcite-oai-store 1"),
            ("repository_name", DEFAULT_NAME),
            ("admin_email", DEFAULT_EMAIL),
            ("namespace", DEFAULT_NAMESPACE),
        ] {
            self.set_meta(name, value).map_err(db_error(path))?;
        }
        Ok(())
    }

    fn meta(&self, name: &str) -> rusqlite::Result<Option<String>> {
        self.conn.query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| r.get(0)).optional()
    }

    fn set_meta(&self, name: &str, value: &str) -> rusqlite::Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2",
                [name, value],
            )
            .map(|_| ())
    }

    /// The Identify values.
    pub fn identity(&self) -> rusqlite::Result<Identity> {
        Ok(Identity {
            name: self.meta("repository_name")?.unwrap_or_else(|| DEFAULT_NAME.into()),
            email: self.meta("admin_email")?.unwrap_or_else(|| DEFAULT_EMAIL.into()),
            namespace: self.meta("namespace")?.unwrap_or_else(|| DEFAULT_NAMESPACE.into()),
        })
    }

    /// Change the Identify values given.
    pub fn set_identity(
        &self,
        name: Option<&str>,
        email: Option<&str>,
        namespace: Option<&str>,
    ) -> rusqlite::Result<()> {
        for (field, value) in [("repository_name", name), ("admin_email", email), ("namespace", namespace)] {
            if let Some(v) = value {
                self.set_meta(field, v)?;
            }
        }
        Ok(())
    }

    /// Start a batch of changes, made visible together by [`Store::commit`].
    pub fn begin(&self) -> rusqlite::Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")
    }

    /// Make the batch of changes visible.
    pub fn commit(&self) -> rusqlite::Result<()> {
        self.conn.execute_batch("COMMIT")
    }

    /// Store `record` under `key` in the sets given (with their names), at
    /// `now`: a new key is added, a stored one updated in place; the same
    /// content and sets leave the datestamp as it was.
    pub fn put(
        &self,
        key: &str,
        record: &Record,
        sets: &[(String, String)],
        now: i64,
    ) -> Result<Change, String> {
        let json = Format::Jsonl.write_string(std::slice::from_ref(record)).map_err(|e| e.to_string())?;
        let json = json.trim_end();
        let mut specs: Vec<&str> = sets.iter().map(|(s, _)| s.as_str()).collect();
        specs.sort_unstable();
        specs.dedup();
        let sql = |e: rusqlite::Error| format!("cannot store {key}: {e}");
        let old: Option<(i64, bool, Option<String>)> = self
            .conn
            .query_row("SELECT id, deleted, json FROM records WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
            })
            .optional()
            .map_err(sql)?;
        let change = match &old {
            None => Change::Added,
            Some((id, deleted, old_json)) => {
                let old_specs = self.sets_of(*id).map_err(sql)?;
                if !deleted && old_json.as_deref() == Some(json) && old_specs == specs {
                    return Ok(Change::Unchanged);
                }
                Change::Updated
            }
        };
        for (spec, name) in sets {
            self.conn
                .execute(
                    "INSERT INTO sets(spec, name) VALUES (?1, ?2) ON CONFLICT(spec) DO NOTHING",
                    [spec, name],
                )
                .map_err(sql)?;
        }
        let id = match old {
            None => {
                self.conn
                    .execute(
                        "INSERT INTO records(key, datestamp, deleted, json) VALUES (?1, ?2, 0, ?3)",
                        params![key, now, json],
                    )
                    .map_err(sql)?;
                self.conn.last_insert_rowid()
            }
            Some((id, ..)) => {
                self.conn
                    .execute(
                        "UPDATE records SET datestamp = ?2, deleted = 0, json = ?3 WHERE id = ?1",
                        params![id, now, json],
                    )
                    .map_err(sql)?;
                self.conn.execute("DELETE FROM memberships WHERE record = ?1", [id]).map_err(sql)?;
                id
            }
        };
        for spec in specs {
            self.conn
                .execute("INSERT OR IGNORE INTO memberships(spec, record) VALUES (?1, ?2)", params![spec, id])
                .map_err(sql)?;
        }
        Ok(change)
    }

    /// Mark the record under `key` deleted at `now`, keeping its key and sets
    /// (deletedRecord=persistent). `Ok(false)` when no record has the key;
    /// deleting a deleted record changes nothing.
    pub fn delete(&self, key: &str, now: i64) -> rusqlite::Result<bool> {
        let found: Option<bool> = self
            .conn
            .query_row("SELECT deleted FROM records WHERE key = ?1", [key], |r| Ok(r.get::<_, i64>(0)? != 0))
            .optional()?;
        match found {
            None => Ok(false),
            Some(true) => Ok(true),
            Some(false) => {
                self.conn.execute(
                    "UPDATE records SET deleted = 1, json = NULL, datestamp = ?2 WHERE key = ?1",
                    params![key, now],
                )?;
                Ok(true)
            }
        }
    }

    /// The set specs of a record, sorted.
    pub fn sets_of(&self, id: i64) -> rusqlite::Result<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT spec FROM memberships WHERE record = ?1 ORDER BY spec")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect()
    }

    /// Every set, by spec: (spec, name).
    pub fn sets(&self) -> rusqlite::Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT spec, name FROM sets ORDER BY spec")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }

    /// Whether the store has any set.
    pub fn has_sets(&self) -> rusqlite::Result<bool> {
        self.conn.query_row("SELECT EXISTS(SELECT 1 FROM sets)", [], |r| r.get(0))
    }

    /// The earliest datestamp of any record, deleted or not.
    pub fn earliest(&self) -> rusqlite::Result<Option<i64>> {
        self.conn.query_row("SELECT min(datestamp) FROM records", [], |r| r.get(0))
    }

    /// The record under `key`, with its JSON.
    pub fn get(&self, key: &str) -> rusqlite::Result<Option<Row>> {
        self.conn
            .query_row("SELECT id, key, datestamp, deleted, json FROM records WHERE key = ?1", [key], row)
            .optional()
    }

    /// How many records a selection takes.
    pub fn count(&self, s: &Selection) -> rusqlite::Result<i64> {
        match &s.set {
            None => self.conn.query_row(
                "SELECT count(*) FROM records WHERE datestamp BETWEEN ?1 AND ?2",
                params![s.from, s.until],
                |r| r.get(0),
            ),
            Some(set) => self.conn.query_row(
                "SELECT count(*) FROM records r JOIN memberships m ON m.record = r.id
                 WHERE m.spec = ?3 AND r.datestamp BETWEEN ?1 AND ?2",
                params![s.from, s.until, set],
                |r| r.get(0),
            ),
        }
    }

    /// Up to `limit` records of a selection after the position `after`
    /// (datestamp, id), in that order; with `json` their records too.
    ///
    /// Two index ranges, not one row-value comparison: the rest of the
    /// datestamp of `after` (by id), then the later datestamps. Each starts
    /// where it should in the (datestamp, id) index, so a page costs the same
    /// at the end of a long list as at its start.
    pub fn page(
        &self,
        s: &Selection,
        after: (i64, i64),
        limit: usize,
        json: bool,
    ) -> rusqlite::Result<Vec<Row>> {
        let column = if json { "r.json" } else { "NULL" };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (a, b) = after;
        let (join, set) = match &s.set {
            None => ("", ""),
            Some(set) => ("JOIN memberships m ON m.record = r.id AND m.spec = ?6", set.as_str()),
        };
        let sql = format!(
            "SELECT * FROM (SELECT r.id, r.key, r.datestamp, r.deleted, {column} FROM records r {join}
               WHERE r.datestamp = ?1 AND r.id > ?2 AND r.datestamp BETWEEN ?3 AND ?4
               ORDER BY r.datestamp, r.id LIMIT ?5)
             UNION ALL
             SELECT * FROM (SELECT r.id, r.key, r.datestamp, r.deleted, {column} FROM records r {join}
               WHERE r.datestamp > ?1 AND r.datestamp BETWEEN ?3 AND ?4
               ORDER BY r.datestamp, r.id LIMIT ?5)
             ORDER BY 3, 1 LIMIT ?5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = if s.set.is_some() {
            stmt.query_map(params![a, b, s.from, s.until, limit, set], row)?.collect()
        } else {
            stmt.query_map(params![a, b, s.from, s.until, limit], row)?.collect()
        };
        rows
    }

    /// The last harvest of `query` from `endpoint`: the responseDate of its first response.
    pub fn last_harvest(&self, endpoint: &str, query: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT last FROM harvests WHERE endpoint = ?1 AND query = ?2",
                [endpoint, query],
                |r| r.get(0),
            )
            .optional()
    }

    /// Remember a harvest.
    pub fn set_last_harvest(&self, endpoint: &str, query: &str, last: &str) -> rusqlite::Result<()> {
        self.conn
            .execute(
                "INSERT INTO harvests(endpoint, query, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT(endpoint, query) DO UPDATE SET last = ?3",
                [endpoint, query, last],
            )
            .map(|_| ())
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        key: r.get(1)?,
        datestamp: r.get(2)?,
        deleted: r.get::<_, i64>(3)? != 0,
        json: r.get(4)?,
    })
}

/// The record a stored JSON holds.
pub fn record_of(json: &str) -> Result<Record, String> {
    let mut records = Format::Jsonl.read_str(json).map_err(|e| e.to_string())?;
    match records.len() {
        1 => Ok(records.remove(0)),
        n => Err(format!("a stored record holds {n} records")),
    }
}

/// The key a record is stored under: its own key, else a stable identifier
/// of it (the publication's record ID, else its URL, else its first archival
/// reference), never anything made from its content.
pub fn key_of(record: &Record) -> Option<String> {
    if let Some(k) = &record.key {
        return Some(k.to_string());
    }
    if let Some(p) = &record.publication {
        if let Some(id) = &p.record_id {
            return Some(id.to_string());
        }
        if let Some(url) = &p.url {
            return Some(url.to_string());
        }
    }
    let reference = record.references.first()?;
    if let Some(raw) = &reference.raw {
        return Some(raw.to_string());
    }
    let mut parts: Vec<String> = reference.repository.iter().map(|r| r.label().to_string()).collect();
    parts.extend(reference.levels.iter().map(|l| format!("{} {}", l.kind, l.value.as_str())));
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The sets a record belongs to by its content: its collection
/// (`collection:<name>`) and each archive of its references
/// (`archive:<abbreviation>`), with the parent sets `collection` and
/// `archive`; each with its readable name.
pub fn sets_of(record: &Record) -> Vec<(String, String)> {
    let mut sets = Vec::new();
    if let Some(collection) = record.publication.as_ref().and_then(|p| p.collection.as_ref()) {
        let slug = oai::slug(collection.as_str());
        if !slug.is_empty() {
            sets.push(("collection".to_string(), "Collections".to_string()));
            sets.push((format!("collection:{slug}"), collection.to_string()));
        }
    }
    for repository in record.references.iter().filter_map(|r| r.repository.as_ref()) {
        let slug = oai::slug(repository.label());
        if !slug.is_empty() {
            sets.push(("archive".to_string(), "Archives".to_string()));
            sets.push((format!("archive:{slug}"), repository.full_label().to_string()));
        }
    }
    sets.sort();
    sets.dedup_by(|a, b| a.0 == b.0);
    sets
}

/// A user-named set: `SPEC` or `SPEC=Readable name`, with its parent sets.
pub fn user_set(arg: &str) -> Result<Vec<(String, String)>, String> {
    let (spec, name) = match arg.split_once('=') {
        Some((spec, name)) if !name.trim().is_empty() => (spec.trim(), name.trim()),
        Some((spec, _)) => (spec.trim(), spec.trim()),
        None => (arg.trim(), arg.trim()),
    };
    if !oai::is_set_spec(spec) {
        return Err(format!(
            "--set {arg}: `{spec}` is not a setSpec; use letters, digits and - _ . ! ~ * ' ( ) in tokens joined by `:`, \
             such as `archive:rgani` (a readable name may follow: `--set \"korea=Korean War documents\"`)"
        ));
    }
    let mut sets = Vec::new();
    let mut at = 0;
    while let Some(i) = spec[at..].find(':') {
        let parent = &spec[..at + i];
        sets.push((parent.to_string(), parent.to_string()));
        at += i + 1;
    }
    sets.push((spec.to_string(), name.to_string()));
    Ok(sets)
}

/// `archcite store`: make, fill and read a record store.
#[derive(clap::Subcommand, Debug)]
pub enum StoreCommand {
    /// Make a store (or change the Identify values of one).
    Init {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Identify's repositoryName.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Identify's adminEmail.
        #[arg(long, value_name = "EMAIL")]
        admin_email: Option<String>,
        /// The repository identifier in OAI identifiers `oai:<NAMESPACE>:<key>` (a domain name).
        #[arg(long, value_name = "NAMESPACE")]
        namespace: Option<String>,
    },
    /// Add or update records from files in any format archcite reads.
    Import {
        /// The database file (made with default Identify values when missing).
        #[arg(long, value_name = "FILE", default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Put the records in this set too: `SPEC` or `SPEC=Readable name` (repeatable).
        #[arg(long = "set", value_name = "SPEC[=NAME]")]
        sets: Vec<String>,
        /// Read the inputs as this format instead of telling it from each file.
        #[arg(long, value_name = "FORMAT")]
        from: Option<Format>,
        /// Files or directories; none or `-` reads standard input.
        #[arg(value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// Mark records deleted; harvesters are told of them (deletedRecord=persistent).
    Delete {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = DEFAULT_DB)]
        db: PathBuf,
        /// The keys of the records (as `store list` shows them).
        #[arg(value_name = "KEY", required = true)]
        keys: Vec<String>,
    },
    /// List the records: OAI identifier, datestamp, status, key and sets, tab-separated.
    List {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = DEFAULT_DB)]
        db: PathBuf,
    },
    /// Write every record that is not deleted, in any format archcite writes.
    Export {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = DEFAULT_DB)]
        db: PathBuf,
        /// The output format.
        #[arg(long, short = 't', value_name = "FORMAT", default_value = "json")]
        to: Format,
        /// The output file (standard output when absent).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Run `archcite store`.
pub fn run(command: StoreCommand) -> Outcome {
    let mut reporter = Reporter::stderr();
    let result = match command {
        StoreCommand::Init { db, name, admin_email, namespace } => init(&db, name, admin_email, namespace),
        StoreCommand::Import { db, sets, from, inputs } => return import(&db, &sets, from, &inputs),
        StoreCommand::Delete { db, keys } => delete(&db, &keys, &mut reporter),
        StoreCommand::List { db } => list(&db),
        StoreCommand::Export { db, to, output } => export(&db, to, output.as_deref()),
    };
    match result {
        Ok(()) => reporter.outcome(),
        Err(e) => reporter.fatal(&e),
    }
}

fn init(
    db: &Path,
    name: Option<String>,
    email: Option<String>,
    namespace: Option<String>,
) -> Result<(), String> {
    if let Some(email) = &email {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
        });
        if !ok {
            return Err(format!(
                "--admin-email {email}: not an e-mail address (OAI-PMH wants one like archivist@example.org)"
            ));
        }
    }
    if let Some(ns) = &namespace {
        if !oai::is_namespace(ns) {
            return Err(format!(
                "--namespace {ns}: not a repository identifier; use a domain name such as archive.example.org"
            ));
        }
    }
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err("--name: the repository name is empty".into());
    }
    let store = Store::open_or_create(db)?;
    store.set_identity(name.as_deref(), email.as_deref(), namespace.as_deref()).map_err(db_error(db))?;
    let id = store.identity().map_err(db_error(db))?;
    stderr_line(format_args!(
        "{}: repository \"{}\", admin {}, identifiers oai:{}:<key>",
        db.display(),
        id.name,
        id.email,
        id.namespace
    ));
    Ok(())
}

fn import(db: &Path, sets: &[String], from: Option<Format>, inputs: &[String]) -> Outcome {
    let mut reporter = Reporter::stderr();
    let mut user_sets = Vec::new();
    for arg in sets {
        match user_set(arg) {
            Ok(s) => user_sets.extend(s),
            Err(e) => return reporter.usage(&e),
        }
    }
    let specs = match expand(inputs, from) {
        Ok(s) => s,
        Err(e) => return reporter.fatal(&e),
    };
    let store = match Store::open_or_create(db) {
        Ok(s) => s,
        Err(e) => return reporter.fatal(&e),
    };
    if let Err(e) = store.begin() {
        return reporter.fatal(&format!("{}: {e}", db.display()));
    }
    let now = oai::now();
    let (mut added, mut updated, mut unchanged) = (0usize, 0usize, 0usize);
    let mut failed = None;
    for_each_record(&specs, from, &mut reporter, |item, reporter| {
        let numbered = match item {
            Item::Record(n) => n,
            Item::Refused(e) => {
                reporter.record_error(&e);
                return ControlFlow::Continue(());
            }
        };
        let Some(key) = key_of(&numbered.record) else {
            stderr_line(format_args!(
                "error: {}: record {}: the record has no key, record ID, URL or archival reference to be stored under; \
                 give it a `key`",
                numbered.input, numbered.in_input
            ));
            reporter.invalid();
            return ControlFlow::Continue(());
        };
        let mut record_sets = sets_of(&numbered.record);
        record_sets.extend(user_sets.iter().cloned());
        match store.put(&key, &numbered.record, &record_sets, now) {
            Ok(Change::Added) => added += 1,
            Ok(Change::Updated) => updated += 1,
            Ok(Change::Unchanged) => unchanged += 1,
            Err(e) => {
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = failed {
        return reporter.fatal(&format!("{}: {e}; nothing of this import was stored", db.display()));
    }
    if let Err(e) = store.commit() {
        return reporter.fatal(&format!("{}: {e}; nothing of this import was stored", db.display()));
    }
    stderr_line(format_args!("{added} records added, {updated} updated, {unchanged} unchanged"));
    reporter.outcome()
}

fn delete(db: &Path, keys: &[String], reporter: &mut Reporter) -> Result<(), String> {
    let store = Store::open_or_create(db)?;
    store.begin().map_err(db_error(db))?;
    let now = oai::now();
    let mut deleted = 0;
    for key in keys {
        if store.delete(key, now).map_err(db_error(db))? {
            deleted += 1;
        } else {
            reporter.fatal(&format!(
                "{}: no record has the key `{key}` (`archcite store list` shows the keys)",
                db.display()
            ));
        }
    }
    store.commit().map_err(db_error(db))?;
    stderr_line(format_args!("{deleted} records deleted"));
    Ok(())
}

fn list(db: &Path) -> Result<(), String> {
    use std::io::Write;
    let store = Store::open_read_only(db)?;
    let id = store.identity().map_err(db_error(db))?;
    let everything = Selection { set: None, from: i64::MIN, until: i64::MAX };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut after = (i64::MIN, i64::MIN);
    loop {
        let rows = store.page(&everything, after, 1000, false).map_err(db_error(db))?;
        let Some(last) = rows.last() else { break };
        after = (last.datestamp, last.id);
        for r in &rows {
            let sets = store.sets_of(r.id).map_err(db_error(db))?.join(" ");
            let status = if r.deleted { "deleted" } else { "active" };
            let line = writeln!(
                out,
                "{}\t{}\t{status}\t{}\t{sets}",
                oai::identifier(&id.namespace, &r.key),
                oai::datestamp(r.datestamp),
                r.key
            );
            if let Err(e) = line {
                return match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(format!("cannot write the output: {e}")),
                };
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
        _ => Ok(()),
    }
}

fn export(db: &Path, to: Format, output: Option<&Path>) -> Result<(), String> {
    let store = Store::open_read_only(db)?;
    let mut writer = to.writer().ok_or_else(|| {
        format!(
            "archcite cannot write `{}`; choose a format `archcite convert --help` lists under --to",
            to.name()
        )
    })?;
    let mut out = super::io::Output::open(output).map_err(|e| format!("cannot open the output: {e}"))?;
    let io = |e: std::io::Error| format!("cannot write the output: {e}");
    writer.begin(out.writer()).map_err(io)?;
    let everything = Selection { set: None, from: i64::MIN, until: i64::MAX };
    let mut after = (i64::MIN, i64::MIN);
    let (mut written, mut skipped) = (0usize, 0usize);
    let mut buf = Vec::new();
    loop {
        let rows = store.page(&everything, after, 500, true).map_err(db_error(db))?;
        let Some(last) = rows.last() else { break };
        after = (last.datestamp, last.id);
        for r in rows {
            let Some(json) = r.json else { continue };
            let record = record_of(&json).map_err(|e| format!("{}: record {}: {e}", db.display(), r.key))?;
            buf.clear();
            match writer.write(&mut buf, &record) {
                Ok(()) => {
                    std::io::Write::write_all(out.writer(), &buf).map_err(io)?;
                    written += 1;
                }
                Err(e) => {
                    stderr_line(format_args!("error: record {}: {e}", r.key));
                    skipped += 1;
                }
            }
        }
    }
    writer.end(out.writer()).map_err(io)?;
    out.commit().map_err(io)?;
    stderr_line(format_args!("{written} records written, {skipped} skipped"));
    if skipped > 0 {
        return Err(format!("{skipped} records could not be written as {}", to.name()));
    }
    Ok(())
}
