//! `.bib` entry → record, with the biblatex crate doing the parsing.
//!
//! Each block from [`Blocks`] is parsed alone, with the `@string`
//! abbreviations seen so far prepended; the crate's byte spans are mapped back
//! to lines and columns of the whole input. Field values are the crate's
//! resolved text (commands like `{\"u}` and `\textbackslash{}` decoded,
//! protecting braces dropped), then the commands the crate leaves as written
//! decoded by `latex.rs`, so whatever archcite wrote reads back to the value it
//! escaped and other LaTeX reads as the text it prints.
//!
//! `crossref` and `xdata` are resolved across the whole input (`Entries`, with
//! the rules of `inherit.rs`): an entry that names another waits until that
//! one has been read, the records after it queued behind it.
//!
//! Mapping back (both dialects): `title`, `author`/`editor`/`translator`
//! (a name that is one braced group is an organisation), `type` → document
//! type, `date` or `year`/`month`, `urldate` → accessed, `langid`/`language`,
//! `organization` ("Name (ABBR)") and `location` → repository, `url`,
//! `eprint` → record id, `abstract`, `keywords`. The archival location
//! (`note` in BibLaTeX, `howpublished` in BibTeX) comes back as the raw
//! reference; every other field becomes a note whose kind is the field name.

use biblatex::{Bibliography, Chunk, Chunks, RawBibliography, RawChunk, Spanned};

use std::collections::{HashMap, HashSet, VecDeque};

use super::inherit;
use super::split::{block_kind, Blocks};
use super::write::{BABEL, DEFAULT_GENRES, TYPE_KEYS, UNDATED};
use super::Dialect;
use crate::error::{ErrorKind, RecordError};
use crate::formats::labels::repository_label;
use crate::formats::scan::RawRecord;
use crate::formats::{Reader, Records, Source, Warning};
use crate::model::{
    Agent, ArchivalReference, Certainty, Container, Contributor, DocumentType, EdtfDate, Event, EventKind,
    Extra, IdScheme, Identifier, LanguageTag, NonEmpty, Note, NoteKind, Organization, OriginalPublication,
    PartialDate, Person, Publication, Record, Repository, Role, Series, WorkType,
};
use crate::refparse::ParsedLine;

/// Reads `.bib` entries in one dialect.
pub struct BibReader {
    dialect: Dialect,
}

impl BibReader {
    /// A reader for `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        BibReader { dialect }
    }
}

impl Reader for BibReader {
    fn read(&self, source: Source) -> Records {
        let source = source.bib_encoding_decoded();
        let mut entries = Entries {
            name: source.name.clone(),
            dialect: self.dialect,
            warnings: source.warnings.clone(),
            blocks: Blocks::new(source.name, source.reader),
            strings: String::new(),
            n: 0,
            index: HashMap::new(),
            kept_bytes: 0,
            wanted: HashSet::new(),
            unkept: HashSet::new(),
            queue: VecDeque::new(),
            ended: false,
        };
        Box::new(std::iter::from_fn(move || entries.next_record()))
    }
}

/// The reading of one input: entries stream through as records, except that
/// an entry with `crossref` or `xdata` waits until the entries it names have
/// been read (they usually follow it), and the records after it wait behind
/// it so that the order is the file's. Every entry's text is kept by its key
/// for children that name it; entries are only parsed again when one does.
struct Entries {
    name: String,
    dialect: Dialect,
    warnings: crate::formats::Warnings,
    blocks: Blocks,
    /// The `@string` definitions so far.
    strings: String,
    /// The number of the last entry read.
    n: usize,
    /// The entries kept for children that may name them, by key (see
    /// [`Entries::keeps`]).
    index: HashMap<String, Stored>,
    /// The bytes of entry text in `index`.
    kept_bytes: usize,
    /// Keys named by an entry waiting in the queue or kept in `index`.
    wanted: HashSet<String>,
    /// Hashes of the keys of entries read but not kept: a child naming one
    /// is told so rather than waiting for it.
    unkept: HashSet<u64>,
    queue: VecDeque<Queued>,
    ended: bool,
}

/// An entry as kept for the children that may name it.
struct Stored {
    block: RawRecord,
    /// How much of `Entries::strings` stood before it.
    strings: usize,
    /// The keys it names itself: (field, key).
    links: Vec<(String, String)>,
}

/// Entries resolved while resolving one child, by key (`None`: no such entry).
type Resolved = HashMap<String, Option<EntryFields>>;

enum Queued {
    Done(Box<Result<Record, RecordError>>),
    Waiting(Box<EntryFields>),
}

/// How deep `crossref` and `xdata` chains are followed (a loop ends here).
const MAX_CHAIN: usize = 8;

/// Entry text kept for inheritance whatever its type, from the start of an
/// input: every entry of a bibliography of a few hundred entries, while a
/// catalogue-sized file streams in flat memory.
const KEEP_ANY: usize = 1 << 18;

/// How many records may queue behind an entry waiting for the entry it
/// names before it is read without it: BibTeX wants a parent after its
/// children, usually close by, and a key that names nothing must not hold a
/// whole catalogue in memory.
const MAX_WAIT: usize = 4096;

impl Entries {
    fn next_record(&mut self) -> Option<Result<Record, RecordError>> {
        loop {
            let ready = match self.queue.front() {
                Some(Queued::Done(_)) => true,
                Some(Queued::Waiting(e)) => self.ended || self.queue.len() > MAX_WAIT || self.known(&e.links),
                None if self.ended => return None,
                None => false,
            };
            if ready {
                return Some(match self.queue.pop_front()? {
                    Queued::Done(record) => *record,
                    Queued::Waiting(entry) => self.resolve(*entry),
                });
            }
            if !self.read_block() {
                self.ended = true;
            }
        }
    }

    /// Read the next block into the queue; false at the end of the input.
    fn read_block(&mut self) -> bool {
        let Some(block) = self.blocks.next() else { return false };
        let block = match block {
            Ok(b) => b,
            Err(e) => {
                self.n += 1;
                self.queue.push_back(Queued::Done(Box::new(Err(e.in_record(self.n)))));
                return true;
            }
        };
        let kind = block_kind(&block.text);
        match kind.as_str() {
            "comment" | "preamble" => return true,
            "string" => {
                match parse_block(&block, "", &self.name, self.dialect) {
                    Ok(_) => {
                        self.strings.push_str(&block.text);
                        self.strings.push('\n');
                    }
                    Err(e) => self.queue.push_back(Queued::Done(Box::new(Err(e)))),
                }
                return true;
            }
            _ => {}
        }
        // An `@xdata` entry only holds data for others: it is no record.
        let xdata = kind == "xdata";
        if !xdata {
            self.n += 1;
        }
        let entry = self.entry_fields(block);
        match entry {
            Ok(entry) => {
                if !entry.keyless {
                    self.keep(&entry, &kind);
                }
                match (xdata, entry.links.is_empty()) {
                    (true, _) => {}
                    (false, true) => {
                        let record = self.record(*entry);
                        self.queue.push_back(Queued::Done(Box::new(record)));
                    }
                    (false, false) => {
                        self.wanted.extend(link_keys(&entry.links).into_iter().map(|(_, k)| k));
                        self.queue.push_back(Queued::Waiting(entry));
                    }
                }
            }
            Err(e) => self.queue.push_back(Queued::Done(Box::new(Err(e)))),
        }
        true
    }

    /// A block's fields, with the warnings for what it lacks.
    fn entry_fields(&self, block: RawRecord) -> Result<Box<EntryFields>, RecordError> {
        let (name, dialect, n) = (&self.name, self.dialect, self.n);
        // EndNote and some web exports write entries without a key.
        let keyed = with_key_added(&block);
        let keyless = keyed.is_some();
        let (entry, undefined) = match keyed.map(|b| parse_entry(b, &self.strings, name, n, dialect)) {
            Some(read @ (Ok(_), _)) => read,
            // An entry that is broken besides: its error at its place in the input.
            Some((Err(_), _)) | None => parse_entry(block, &self.strings, name, n, dialect),
        };
        let mut entry = entry?;
        if keyless {
            entry.keyless = true;
            self.warn(n, "the entry has no citation key: a writer makes one from the record".to_string());
        }
        for macro_name in undefined {
            self.warn(
                n,
                format!("`{macro_name}` is not a defined @string macro: kept as the text \"{macro_name}\""),
            );
        }
        Ok(entry)
    }

    /// Keep an entry's text for the children that may name it: every entry
    /// of the first [`KEEP_ANY`] bytes, and beyond that the entries a child
    /// has named already and those of the types children inherit from
    /// (`@book`, `@collection`, `@periodical`, `@xdata`, ...).
    fn keep(&mut self, entry: &EntryFields, kind: &str) {
        if self.index.contains_key(&entry.key) {
            return;
        }
        let keeps =
            self.kept_bytes < KEEP_ANY || self.wanted.contains(&entry.key) || inherit::is_source_type(kind);
        if !keeps {
            self.unkept.insert(key_hash(&entry.key));
            return;
        }
        let links = link_keys(&entry.links);
        self.wanted.extend(links.iter().map(|(_, k)| k.clone()));
        self.kept_bytes += entry.block.text.len();
        let stored = Stored { block: entry.block.clone(), strings: self.strings.len(), links };
        self.index.insert(entry.key.clone(), stored);
    }

    fn warn(&self, n: usize, message: String) {
        self.warnings.push(Warning { source: self.name.clone(), record: Some(n), message });
    }

    /// True when every entry `links` name, and those they name, has been read.
    fn known(&self, links: &Links) -> bool {
        let mut seen = HashSet::new();
        let mut todo: Vec<String> = link_keys(links).into_iter().map(|(_, k)| k).collect();
        while let Some(key) = todo.pop() {
            let Some(stored) = self.index.get(&key) else {
                if self.unkept.contains(&key_hash(&key)) {
                    continue;
                }
                return false;
            };
            if seen.insert(key) {
                todo.extend(stored.links.iter().map(|(_, k)| k.clone()));
            }
        }
        true
    }

    /// An entry read before, parsed again from its text.
    fn stored(&self, key: &str) -> Option<EntryFields> {
        let stored = self.index.get(key)?;
        let strings = &self.strings[..stored.strings];
        let block = stored.block.clone();
        parse_entry(block, strings, &self.name, stored.block.number, self.dialect).0.ok().map(|b| *b)
    }

    /// An entry's fields with what its `xdata` and `crossref` entries supply;
    /// the keys that supplied nothing, by the field that names them, and
    /// whether no entry has the key (else it closed a loop).
    /// `path` holds the entries being resolved (a loop stops at them), `done`
    /// the entries resolved so far, so that each is parsed once however often
    /// it is named.
    fn inherited(
        &self,
        entry: &mut EntryFields,
        path: &mut Vec<String>,
        done: &mut Resolved,
    ) -> Vec<(String, String, bool)> {
        let mut missing = Vec::new();
        let keys = link_keys(&entry.links);
        // Biber applies `xdata` first: its fields are the entry's own.
        let xdata_first =
            keys.iter().filter(|(f, _)| f == "xdata").chain(keys.iter().filter(|(f, _)| f != "xdata"));
        for (field, key) in xdata_first {
            // A loop back to an entry being resolved supplies nothing more.
            if path.contains(key) || path.len() > MAX_CHAIN {
                missing.push((field.clone(), key.clone(), false));
                continue;
            }
            if !done.contains_key(key) {
                let parent = self.stored(key).map(|mut parent| {
                    path.push(key.clone());
                    self.inherited(&mut parent, path, done);
                    path.pop();
                    parent
                });
                done.insert(key.clone(), parent);
            }
            let Some(parent) = done.get(key).and_then(Option::as_ref) else {
                missing.push((field.clone(), key.clone(), true));
                continue;
            };
            match field.as_str() {
                "xdata" => inherit::supply(&mut entry.fields, &parent.fields),
                _ => inherit::inherit(
                    &entry.kind,
                    &mut entry.fields,
                    &parent.kind,
                    &parent.fields,
                    self.dialect,
                ),
            }
        }
        missing
    }

    /// A waiting entry as a record, once the entries it names are read (or
    /// the input has ended without them).
    fn resolve(&self, mut entry: EntryFields) -> Result<Record, RecordError> {
        let mut path = vec![entry.key.clone()];
        let missing = self.inherited(&mut entry, &mut path, &mut HashMap::new());
        for (field, key, _) in missing.iter().filter(|m| m.2) {
            let why = if self.unkept.contains(&key_hash(key)) {
                format!(
                    "the entry `{key}` comes before it in an input too long to keep every entry for inheritance \
                     (past its first 256 KiB only entries of the types children inherit from are kept): \
                     nothing is inherited from it; put `{key}` after the entries that name it, as BibTeX requires"
                )
            } else if !self.ended {
                format!("no entry with the key `{key}` came within the {MAX_WAIT} entries after it: nothing is inherited from it")
            } else {
                format!("no entry of this input has the key `{key}`: nothing is inherited from it")
            };
            self.warn(entry.n, format!("the entry `{}` has `{field} = {{{key}}}` but {why}", entry.key));
        }
        // The `xdata` entries are not records: once their fields are the
        // entry's, the link would name nothing on the way back.
        if missing.iter().all(|(field, _, _)| field != "xdata") {
            entry.links.retain(|(field, _)| field != "xdata");
        }
        self.record(entry)
    }

    fn record(&self, entry: EntryFields) -> Result<Record, RecordError> {
        to_record(entry, &self.name, self.dialect)
    }
}

/// A key's hash, for the set of keys read but not kept.
fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(key)
}

/// The keys `crossref` and `xdata` name: (field, key); `xdata` holds a
/// comma-separated list.
fn link_keys(links: &Links) -> Vec<(String, String)> {
    links
        .iter()
        .flat_map(|(field, value)| {
            value
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(move |k| (field.clone(), k.to_string()))
        })
        .collect()
}

/// The block with a placeholder key when it has none (`@article{ author =
/// ...`): the first word after the opening delimiter is followed by `=`.
fn with_key_added(block: &RawRecord) -> Option<RawRecord> {
    let open = block.text.find(['{', '('])?;
    let rest = &block.text[open + 1..];
    let word_start = rest.len() - rest.trim_start().len();
    let word_len = rest[word_start..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')))
        .unwrap_or(rest.len() - word_start);
    let after = rest[word_start + word_len..].trim_start();
    if word_len == 0 || !after.starts_with('=') {
        return None;
    }
    let mut text = block.text.clone();
    text.insert_str(open + 1, "archcite-no-key,");
    Some(RawRecord { text, start: block.start, number: block.number })
}

/// Parse one block (after the `@string` definitions `strings`) with the crate.
///
/// `crossref` and `xdata` name other entries; as each block is parsed alone
/// they can only ever point at the entry itself, which sends the crate's
/// resolution into endless recursion. They are taken out before resolving and
/// handed back as links, which `Entries` resolves across the whole input.
fn parse_block(
    block: &RawRecord,
    strings: &str,
    name: &str,
    dialect: Dialect,
) -> Result<Parsed, RecordError> {
    // `\textasciitilde{}` and a tie `~` both resolve to `~`: the command is
    // swapped for a placeholder of the same length (positions stay right)
    // and a tie becomes the no-break space it prints (see `field_text`).
    let src = replace_each(
        format!("{strings}{}", block.text),
        &[
            ("\\textasciitilde{}", TILDE_MARK),
            ("\\textasciitilde ", TILDE_SPACE_MARK),
            ("\\textasciitilde", TILDE_RESOLVED),
            ("\\textbackslash{}", BACKSLASH_MARK),
            ("\\textbackslash", BACKSLASH_RESOLVED),
            ("`{}`", QUOTE_BREAK_BACK),
            ("'{}'", QUOTE_BREAK_APOSTROPHE),
        ],
    );
    let mut src = urls_marked(src);
    // BibLaTeX is UTF-8: a file that writes `--` rather than `–` keeps its
    // hyphens (biber passes them to TeX, which prints the dash). Each pair is
    // swapped for a placeholder of the same length before the crate reads TeX
    // ligatures, and put back in `chunks_text`. Classic BibTeX has no other way
    // to write a dash: there `--` is the dash.
    if dialect == Dialect::Biblatex {
        src = replace_each(src, &[("--", DASHES_MARK)]);
    }
    let fail = |e: biblatex::ParseError| {
        let offset = e.span.start.saturating_sub(strings.len());
        let help = match e.kind {
            biblatex::ParseErrorKind::UnexpectedEof => {
                "the entry is not closed: check that its braces balance"
            }
            biblatex::ParseErrorKind::Expected(_) => "an entry is `@type{key, field = {value}, ...}`",
            _ => "fix the entry or leave it out; the other entries are read",
        };
        RecordError::new(ErrorKind::Bib, name, e.kind.to_string()).at(block.position(offset)).help(help)
    };
    // A lone `$` ("a $70,000 grant", common in abstracts and notes) opens TeX
    // math that the crate never sees closed, and the whole entry is lost to
    // "unexpected end of file". BibTeX itself treats it as text, and so does
    // this reader: when the entry cannot be read, each unpaired `$` is
    // escaped and the entry read again. Errors keep the first reading's place.
    read_src(&src, &fail).or_else(|e| match lone_dollars_escaped(&src) {
        Some(escaped) => read_src(&escaped, &fail).map_err(|_| e),
        None => Err(e),
    })
}

/// The entry in `src` read by the crate, with the fields the crate would
/// resolve wrongly taken out or kept as written (see [`parse_block`]).
fn read_src(src: &str, fail: &dyn Fn(biblatex::ParseError) -> RecordError) -> Result<Parsed, RecordError> {
    let mut raw = RawBibliography::parse(src).map_err(fail)?;
    let mut links = Links::new();
    let mut verbatim = Links::new();
    let defined: Vec<&str> = raw.abbreviations.iter().map(|p| p.key.v).collect();
    let mut undefined = Vec::new();
    for entry in &mut raw.entries {
        // A macro no @string defines (and no month name) is most likely a value
        // written without braces: kept as its text, with a warning.
        for chunk in entry.v.fields.iter_mut().flat_map(|pair| pair.value.v.iter_mut()) {
            if let RawChunk::Abbreviation(s) = chunk.v {
                // The crate resolves `jan` ... `dec` itself; other short month
                // names (`sept`) are read as text, as the date reader knows them.
                let crate_month = s.len() == 3 && is_month_macro(s);
                if !defined.contains(&s) && !crate_month {
                    chunk.v = RawChunk::Normal(s);
                    if !is_month_macro(s) {
                        undefined.push(s.to_string());
                    }
                }
            }
        }
        // A verbatim field's text as written, escapes and all (a Zotero
        // `file` writes `C\:\\dir`): biber reads it so, and so it is kept.
        for pair in &entry.v.fields {
            let key = pair.key.v.to_ascii_lowercase();
            let normal: Option<String> = pair
                .value
                .v
                .iter()
                .map(|c| match c.v {
                    RawChunk::Normal(s) => Some(s),
                    RawChunk::Abbreviation(_) => None,
                })
                .collect();
            // Kept fields only: a URL or DOI is read into the model as before.
            let kept = VERBATIM.contains(&key.as_str()) && !matches!(key.as_str(), "url" | "doi" | "eprint");
            if let Some(text) = normal.filter(|_| kept) {
                verbatim.push((key, unmark(&text)));
            }
        }
        entry.v.fields.retain(|pair| {
            let key = pair.key.v.to_ascii_lowercase();
            if !matches!(key.as_str(), "crossref" | "xdata") {
                return true;
            }
            let text: String = pair
                .value
                .v
                .iter()
                .map(|c| match c.v {
                    RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                })
                .collect::<String>()
                .replace(DASHES_MARK, "--");
            links.push((key, text));
            false
        });
    }
    Ok((Bibliography::from_raw(raw).map_err(fail)?, links, undefined, verbatim))
}

/// `src` with a backslash before every `$` that opens math no `$` closes
/// (within the same brace group), or `None` when every `$` is paired.
fn lone_dollars_escaped(src: &str) -> Option<String> {
    let bytes = src.as_bytes();
    // Per brace depth: where an unclosed `$` opened at that depth.
    let mut open: Vec<Option<usize>> = vec![None];
    let mut lone = Vec::new();
    // Backslashes just before the current byte: an odd run escapes it.
    let mut backslashes = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = backslashes % 2 == 1;
        backslashes = if b == b'\\' { backslashes + 1 } else { 0 };
        match b {
            _ if escaped => {}
            b'{' => open.push(None),
            b'}' if open.len() > 1 => lone.extend(open.pop().flatten()),
            b'$' => {
                if let Some(top) = open.last_mut() {
                    *top = if top.take().is_some() { None } else { Some(i) };
                }
            }
            _ => {}
        }
    }
    lone.extend(open.into_iter().flatten());
    if lone.is_empty() {
        return None;
    }
    lone.sort_unstable();
    let mut out = String::with_capacity(src.len() + lone.len());
    let mut from = 0;
    for at in lone {
        out.push_str(&src[from..at]);
        out.push('\\');
        from = at;
    }
    out.push_str(&src[from..]);
    Some(out)
}

/// A `~` inside `\url{...}` as read: a control character of the same
/// length, which no text holds, so that it stays a tilde (in a URL it is
/// part of the address, "~beebe/", not a tie).
const URL_TILDE: &str = "\u{1A}";

/// `src` with each `\path|...|` (any delimiter) or `\path{...}` written as
/// `\url{...}`, which the crate reads as its argument, and each `~` inside a
/// URL marked ([`URL_TILDE`]). Positions after a `\path|...|` move back by one.
fn urls_marked(src: String) -> String {
    if !src.contains("\\url") && !src.contains("\\path") {
        return src;
    }
    let mut out = String::with_capacity(src.len());
    let mut rest = src.as_str();
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (command, after) = if let Some(after) = rest.strip_prefix("\\url") {
            ("url", after)
        } else if let Some(after) = rest.strip_prefix("\\path") {
            ("path", after)
        } else {
            // Another command, or an escaped character: kept as it is.
            let len = rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        };
        let Some(delim) = after.chars().next().filter(|c| !c.is_alphanumeric() && !c.is_whitespace()) else {
            out.push_str(&rest[..1 + command.len()]);
            rest = after;
            continue;
        };
        let close = if delim == '{' { '}' } else { delim };
        let body = &after[delim.len_utf8()..];
        let end = if delim == '{' { balanced_end(body) } else { body.find(close) };
        let Some(end) = end.filter(|_| command == "url" || delim != '}') else {
            out.push_str(&rest[..1 + command.len()]);
            rest = after;
            continue;
        };
        out.push_str("\\url{");
        out.push_str(&body[..end].replace('~', URL_TILDE));
        out.push('}');
        rest = &body[end + close.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// Where the group that `text` is inside of closes: the index of its `}`.
fn balanced_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Text with the placeholders of `parse_block` put back as written.
fn unmark(text: &str) -> String {
    replace_each(
        text.to_string(),
        &[
            (TILDE_MARK, "\\textasciitilde{}"),
            (TILDE_SPACE_MARK, "\\textasciitilde "),
            (TILDE_RESOLVED, "\\textasciitilde"),
            (BACKSLASH_MARK, "\\textbackslash{}"),
            (BACKSLASH_RESOLVED, "\\textbackslash"),
            (DASHES_MARK, "--"),
            (URL_TILDE, "~"),
            (QUOTE_BREAK, "{}"),
        ],
    )
}

/// `text` with each `(from, to)` replaced in turn. Most texts hold none of
/// the patterns: they are only searched, not copied.
fn replace_each(mut text: String, pairs: &[(&str, &str)]) -> String {
    for (from, to) in pairs {
        if text.contains(from) {
            text = text.replace(from, to);
        }
    }
    text
}

/// `jan` ... `dec`, the month macros every BibTeX style defines, and the
/// other short forms people write (`sept`, `june`): any start of a month's
/// name of three letters or more.
fn is_month_macro(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    s.len() >= 3 && crate::model::MONTH_NAMES.iter().any(|m| m.starts_with(&s))
}

/// The `crossref` and `xdata` fields of an entry: (field, value).
type Links = Vec<(String, String)>;

/// A parsed block, its links, the undefined macros kept as text, and its
/// verbatim fields as written.
type Parsed = (Bibliography, Links, Vec<String>, Links);

/// An entry's fields as read, before inheritance makes them a record.
pub(super) struct EntryFields {
    block: RawRecord,
    kind: String,
    key: String,
    fields: Fields,
    links: Links,
    n: usize,
    keyless: bool,
}

/// One entry's fields, and the undefined macros it kept as text.
fn parse_entry(
    block: RawRecord,
    strings: &str,
    name: &str,
    n: usize,
    dialect: Dialect,
) -> (Result<Box<EntryFields>, RecordError>, Vec<String>) {
    let (bibliography, links, undefined, verbatim) = match parse_block(&block, strings, name, dialect) {
        Ok(parsed) => parsed,
        Err(e) => return (Err(e.in_record(n)), Vec::new()),
    };
    let Some(entry) = bibliography.into_vec().pop() else {
        let err = RecordError::new(ErrorKind::Bib, name, "no entry here").at(block.start).in_record(n);
        return (Err(err), undefined);
    };
    let fields: Fields = entry
        .fields
        .into_iter()
        .map(|(k, v)| {
            let k = k.to_ascii_lowercase();
            let text = match verbatim.iter().find(|(name, _)| *name == k) {
                Some((_, as_written)) => as_written.trim().to_string(),
                None => field_text(&k, &v),
            };
            (k, text, v)
        })
        .collect();
    let kind = block_kind(&block.text);
    let entry = EntryFields { block, kind, key: entry.key, fields, links, n, keyless: false };
    (Ok(Box::new(entry)), undefined)
}

/// An entry as a record: its links kept as fields (so `crossref` is written
/// back), the rest mapped by `from_fields`.
fn to_record(entry: EntryFields, name: &str, dialect: Dialect) -> Result<Record, RecordError> {
    let EntryFields { block, kind, key, mut fields, links, n, keyless } = entry;
    for (field, text) in links {
        let chunks = vec![Spanned::new(Chunk::Normal(text.clone()), 0..0)];
        fields.push((field, text, chunks));
    }
    let mut record = from_fields(&kind, key, &mut fields, dialect).map_err(|(field, message)| {
        RecordError::new(ErrorKind::Invalid, name, message).at(block.start).in_record(n).field(field)
    })?;
    if keyless {
        record.key = None;
    }
    Ok(record)
}

/// What `\textasciitilde{}` is read as before the crate resolves the text:
/// five private-use characters and an empty group, its length in bytes.
/// Two hyphens as read: a character of the same length in UTF-8 (an unassigned
/// code point, so no text has it).
const DASHES_MARK: &str = "\u{378}";

const TILDE_MARK: &str = "\u{E000}\u{E000}\u{E000}\u{E000}\u{E000}{}";
const TILDE_RESOLVED: &str = "\u{E000}\u{E000}\u{E000}\u{E000}\u{E000}";
/// `\textasciitilde ` with the space TeX swallows after it.
const TILDE_SPACE_MARK: &str = "\u{E000}\u{E000}\u{E000}\u{E000}\u{380}\u{380}";
/// `\textbackslash{}` and `\textbackslash` as read: private-use characters and
/// an unassigned one of the same length, so that a backslash the text means
/// literally is never read as the start of a command by `latex::decode`.
const BACKSLASH_MARK: &str = "\u{E001}\u{E001}\u{E001}\u{E001}\u{379}{}";
const BACKSLASH_RESOLVED: &str = "\u{E001}\u{E001}\u{E001}\u{E001}\u{379}";

/// An empty group between two backquotes or two apostrophes, which a writer
/// puts there so that TeX prints the characters and not a double quote: an
/// unassigned character of the same length keeps them apart until the quote
/// ligatures are read, and is then dropped.
const QUOTE_BREAK: &str = "\u{381}";
const QUOTE_BREAK_BACK: &str = "`\u{381}`";
const QUOTE_BREAK_APOSTROPHE: &str = "'\u{381}'";

/// Fields the crate reads verbatim: a `~` in them is a tilde.
const VERBATIM: &[&str] =
    &["file", "doi", "uri", "eprint", "verba", "verbb", "verbc", "pdf", "url", "urlraw"];

/// A field's text: verbatim fields as written, others resolved.
fn field_text(name: &str, chunks: &Chunks) -> String {
    let name = name.to_ascii_lowercase();
    // In a date `~` is EDTF's "approximately".
    if name.ends_with("date") {
        return chunks_text(chunks, |s| {
            replace_each(
                s.to_string(),
                &[
                    (TILDE_RESOLVED, "~"),
                    (TILDE_SPACE_MARK, "~"),
                    (URL_TILDE, "~"),
                    (QUOTE_BREAK, ""),
                    (BACKSLASH_RESOLVED, "\\"),
                ],
            )
        });
    }
    match VERBATIM.contains(&name.as_str()) {
        true => chunks_text(chunks, |s| {
            replace_each(
                s.to_string(),
                &[
                    (TILDE_MARK, "\\textasciitilde{}"),
                    (TILDE_RESOLVED, "\\textasciitilde{}"),
                    (TILDE_SPACE_MARK, "\\textasciitilde "),
                    (URL_TILDE, "~"),
                    (BACKSLASH_MARK, "\\textbackslash{}"),
                    (BACKSLASH_RESOLVED, "\\textbackslash"),
                    (QUOTE_BREAK, "{}"),
                ],
            )
        }),
        false => chunks_text(chunks, text_mode),
    }
}

/// Text as TeX prints it: the commands the crate left decoded, a tie (`~`)
/// as the no-break space it prints, `\textasciitilde` and `\textbackslash`
/// as the characters they print.
fn text_mode(s: &str) -> String {
    let mut decoded = super::latex::decode(s);
    // The crate writes `\b{a}` with a combining low line; the accent is a
    // macron below (ḇ, ṉ, ṟ in transliteration).
    if decoded.contains('\u{332}') {
        use unicode_normalization::UnicodeNormalization;
        decoded = decoded.replace('\u{332}', "\u{331}").nfc().collect();
    }
    replace_each(
        decoded,
        &[
            ("~", "\u{a0}"),
            (URL_TILDE, "~"),
            (QUOTE_BREAK, ""),
            (TILDE_RESOLVED, "~"),
            (TILDE_SPACE_MARK, "~"),
            (BACKSLASH_RESOLVED, "\\"),
        ],
    )
}

/// A field's resolved text: runs of text between math passed through
/// `text`, math kept between dollars as written.
fn chunks_text(chunks: &Chunks, text: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in chunks {
        match &c.v {
            Chunk::Normal(s) | Chunk::Verbatim(s) => match s.contains(DASHES_MARK) {
                true => run.push_str(&s.replace(DASHES_MARK, "--")),
                false => run.push_str(s),
            },
            Chunk::Math(s) => {
                out.push_str(&text(&std::mem::take(&mut run)));
                out.push('$');
                out.push_str(s);
                out.push('$');
            }
        }
    }
    out.push_str(&text(&run));
    out.trim().to_string()
}

pub(super) type Fields = Vec<(String, String, Chunks)>;

/// Remove and return a field's text.
fn take(fields: &mut Fields, name: &str) -> Option<String> {
    let i = fields.iter().position(|(k, _, _)| k == name)?;
    Some(fields.remove(i).1).filter(|v| !v.is_empty())
}

/// A BibLaTeX literal list (`location = {Durham and London}`) as one text,
/// its items joined with "; "; BibTeX's fields of the same names are text.
fn take_list(fields: &mut Fields, name: &str, dialect: Dialect) -> Option<String> {
    if dialect == Dialect::Bibtex {
        return take(fields, name);
    }
    let chunks = take_chunks(fields, name)?;
    let items: Vec<String> = split_list(&chunks)
        .iter()
        .map(|item| item.iter().map(|&(c, _)| c).collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Some(items.join("; ")).filter(|t| !t.is_empty())
}

fn take_chunks(fields: &mut Fields, name: &str) -> Option<Chunks> {
    let i = fields.iter().position(|(k, _, _)| k == name)?;
    Some(fields.remove(i).2)
}

fn note(kind: &str, text: &str) -> Option<Note> {
    Some(Note { kind: NoteKind::parse_loose(kind)?, text: NonEmpty::new(text)? })
}

/// The name archcite gives the dialect, for `extra`.
fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Bibtex => "bibtex",
        Dialect::Biblatex => "biblatex",
    }
}

/// Name-list fields and the role each holds.
const NAME_FIELDS: &[(&str, Role)] = &[
    ("author", Role::Author),
    ("editor", Role::Editor),
    ("translator", Role::Translator),
    ("bookauthor", Role::ContainerAuthor),
    ("holder", Role::RightsHolder),
];

/// Whether the entry is an archival document in archcite's own shape: a
/// `@misc` marked `entrysubtype = {archival}` (BibLaTeX), or one whose
/// `howpublished` is an archival reference (BibTeX, where `entrysubtype`
/// would make the file look like BibLaTeX). `Some` for an archival entry,
/// with the parse of its `howpublished` when that was what told.
fn archival(kind: &str, fields: &Fields, dialect: Dialect) -> Option<Option<ParsedLine>> {
    if kind != "misc" {
        return None;
    }
    let value = |name: &str| fields.iter().find(|(k, _, _)| k == name).map(|(_, v, _)| v.as_str());
    if value("entrysubtype") == Some("archival") {
        return Some(None);
    }
    let howpublished = value("howpublished").filter(|_| dialect == Dialect::Bibtex)?;
    let parsed = crate::refparse::parse_line(howpublished);
    let archival_reference = crate::refparse::levels_in(&parsed).is_some()
        || parsed.references.first().is_some_and(|r| r.repository.is_some());
    archival_reference.then_some(Some(parsed))
}

fn from_fields(
    kind: &str,
    key: String,
    fields: &mut Fields,
    dialect: Dialect,
) -> Result<Record, (String, String)> {
    let title = take(fields, "title").and_then(|t| NonEmpty::new(&t));
    // An entry without a title is an untitled work (a letter, a dataset).
    let mut record = Record { title, ..Record::untitled() };
    record.key = NonEmpty::new(&key);
    let archival = archival(kind, fields, dialect);
    for (field, role) in NAME_FIELDS {
        let chunks = take_chunks(fields, field).unwrap_or_default();
        record.agents.extend(split_names(&chunks).into_iter().map(|a| Contributor::new(*role, a)));
    }
    read_dates(fields, &mut record);
    read_languages(fields, &mut record, dialect);
    if let Some(parsed) = archival {
        take(fields, "entrysubtype");
        record.document_type = take(fields, "type").and_then(|t| DocumentType::parse_loose(&t));
        read_reference(fields, &mut record, dialect, parsed);
        read_publication(fields, &mut record, dialect);
        read_credits(fields, &mut record, dialect);
        record.subjects = take(fields, "keywords")
            .unwrap_or_default()
            .split([',', ';'])
            .filter_map(NonEmpty::new)
            .collect();
        record.original_title = take(fields, "origtitle").and_then(|t| NonEmpty::new(&t));
        read_container(kind, fields, &mut record, dialect_name(dialect));
    } else {
        read_work(kind, fields, &mut record, dialect);
        if kind == "misc" && dialect == Dialect::Bibtex {
            // The credit line archcite writes in a BibTeX `note` says who
            // obtained, translated and funded the document whatever the entry.
            read_credits(fields, &mut record, dialect);
        }
        record.keywords = take(fields, "keywords")
            .unwrap_or_default()
            .split([',', ';'])
            .filter_map(NonEmpty::new)
            .collect();
        let url_text = take(fields, "url").map(|u| u.replace("\\%", "%"));
        match url_text.as_deref().map(|u| (u, url::Url::parse(u))) {
            Some((_, Ok(u))) => record.publication_mut().url = Some(u),
            Some((u, Err(_))) => record.extra.extend(Extra::new(dialect_name(dialect), "url", u)),
            None => {}
        }
    }
    record.summary = take(fields, "abstract").and_then(|s| NonEmpty::new(&s));
    read_identifiers(fields, &mut record);
    read_original(fields, &mut record);
    record.subtitle = take(fields, "subtitle").and_then(|t| NonEmpty::new(&t));
    record.short_title = take(fields, "shorttitle").and_then(|t| NonEmpty::new(&t));
    record.extent = take(fields, "pagetotal").and_then(|t| NonEmpty::new(&t));
    if let Some(p) = record.publication.take() {
        record.publication = p.non_empty();
    }
    let format = dialect_name(dialect);
    for (k, v, _) in fields.drain(..) {
        match k.as_str() {
            "note" => record.notes.extend(note("general", &v)),
            "addendum" => record.notes.extend(note("addendum", &v)),
            "annotation" => record.notes.extend(note("annotation", &v)),
            _ => record.extra.extend(Extra::new(format, &k, v)),
        }
    }
    if (Record { key: None, ..record.clone() }).is_blank() {
        let message = "the entry holds no field: there is no record to read (give it at least a title)";
        return Err(("title".to_string(), message.to_string()));
    }
    Ok(record)
}

/// The fields of a published work.
fn read_work(kind: &str, fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let format = dialect_name(dialect);
    let subtype = take(fields, "entrysubtype");
    let mut work = WorkType::from_bib(bib_alias(kind)).unwrap_or(WorkType::Document);
    if kind == "newspaper_article" {
        work = WorkType::ArticleNewspaper;
    }
    match (work, subtype.as_deref()) {
        (WorkType::ArticleJournal, Some("magazine")) => work = WorkType::ArticleMagazine,
        (WorkType::ArticleJournal, Some("newspaper")) => work = WorkType::ArticleNewspaper,
        (_, Some(s)) => record.extra.extend(Extra::new(format, "entrysubtype", s)),
        _ => {}
    }
    record.work_type = Some(work);
    let row = work.row();
    let written = match dialect {
        Dialect::Bibtex => row.bibtex,
        Dialect::Biblatex => row.biblatex,
    };
    let masters = kind == "mastersthesis" && dialect == Dialect::Bibtex;
    if kind != written && !masters {
        record.extra.extend(Extra::new(format, "entrytype", kind));
    }
    // Genre: `type`, biblatex's localisation keys as the genre they print,
    // and the genre a thesis entry type implies.
    let genre = take(fields, "type").map(|t| {
        let key = TYPE_KEYS.iter().find(|(k, _)| k.eq_ignore_ascii_case(t.trim()));
        // Classic BibTeX writes the genre's words: a key read is kept as written.
        if key.is_some() && dialect == Dialect::Bibtex {
            record.extra.extend(Extra::new(format, "type", t.trim()));
        }
        key.map_or(t, |(_, g)| g.to_string())
    });
    let implied = DEFAULT_GENRES.iter().find(|(t, _)| *t == kind).map(|(_, g)| g.to_string());
    record.document_type = genre.or(implied).and_then(|g| DocumentType::parse_loose(&g));

    read_container(kind, fields, record, format);

    let publisher_fields: &[&str] = match kind {
        "phdthesis" | "mastersthesis" | "thesis" => &["school", "institution", "publisher"],
        "techreport" | "report" => &["institution", "publisher"],
        "manual" | "online" => &["organization", "publisher"],
        _ => &["publisher"],
    };
    for field in publisher_fields {
        let Some(v) = take_list(fields, field, dialect) else { continue };
        if record.publication.as_ref().and_then(|p| p.publisher.as_ref()).is_some() {
            record.extra.extend(Extra::new(format, field, v));
            continue;
        }
        if work == WorkType::Thesis {
            if let Some(name) = NonEmpty::new(&v) {
                record.agents.push(Contributor::new(
                    Role::DegreeGrantor,
                    Agent::Organization(Organization::new(name)),
                ));
            }
        }
        record.publication_mut().publisher = NonEmpty::new(&v);
    }
    // `howpublished` of a misc, booklet or unpublished entry says who put it out.
    if let Some(h) = take(fields, "howpublished") {
        let has_publisher = record.publication.as_ref().and_then(|p| p.publisher.as_ref()).is_some();
        match has_publisher {
            false => record.publication_mut().publisher = NonEmpty::new(&h),
            true => record.extra.extend(Extra::new(format, "howpublished", h)),
        }
    }
    // The place is the field the dialect writes it in; the other (ACM's
    // `location` of a conference beside the publisher's `address`) is kept.
    let order = match dialect {
        Dialect::Bibtex => ["address", "location"],
        Dialect::Biblatex => ["location", "address"],
    };
    for field in order {
        let Some(v) = take_list(fields, field, dialect) else { continue };
        match record.publication.as_ref().and_then(|p| p.place.as_ref()) {
            None => record.publication_mut().place = NonEmpty::new(&v),
            Some(_) => record.extra.extend(Extra::new(format, field, v)),
        }
    }
}

/// The marker (in `extra`) of a `language` as the input spelled it.
pub(super) const LANGUAGE_AS_WRITTEN: &str = "@language";

/// The marker (in `extra`) of the field a container's title was read from,
/// when it is not the one its entry type implies.
pub(super) const CONTAINER_FIELD: &str = "@container-field";

/// The container, the series, the numbers and the edition.
fn read_container(kind: &str, fields: &mut Fields, record: &mut Record, format: &str) {
    let mut container = Container::default();
    let periodical = matches!(kind, "article" | "periodical" | "suppperiodical");
    let order = match periodical {
        true => ["journaltitle", "journal", "booktitle"],
        false => ["booktitle", "journaltitle", "journal"],
    };
    for field in order {
        let Some(v) = take(fields, field) else { continue };
        match container.title {
            None => {
                container.title = NonEmpty::new(&v);
                // A journal named in a non-article entry (Mendeley's @generic
                // with `journal`), or a booktitle in an article: the field is
                // kept, so that the entry is written back as it was.
                if (field == "booktitle") == periodical {
                    record.extra.extend(Extra::new(format, CONTAINER_FIELD, field));
                }
            }
            Some(_) => record.extra.extend(Extra::new(format, field, v)),
        }
    }
    container.short_title = take(fields, "shortjournal").and_then(|v| NonEmpty::new(&v));
    container.volume = take(fields, "volume").and_then(|v| NonEmpty::new(&v));
    // A page range's `--` is the range dash it prints.
    container.pages = take(fields, "pages").map(|v| v.replace("--", "–")).and_then(|v| NonEmpty::new(&v));
    container.chapter = take(fields, "chapter").and_then(|v| NonEmpty::new(&v));
    let series = take(fields, "series").and_then(|v| NonEmpty::new(&v));
    let number = take(fields, "number").and_then(|v| NonEmpty::new(&v));
    let issue = take(fields, "issue").and_then(|v| NonEmpty::new(&v));
    let numbered = matches!(
        kind,
        "techreport" | "report" | "patent" | "standard" | "manual" | "dataset" | "software" | "legislation"
    );
    match number {
        Some(n) if periodical => container.issue = Some(n),
        Some(n) if numbered || series.is_none() => record.number = Some(n),
        n => record.series = series.clone().map(|title| Series { title, number: n }),
    }
    if record.series.is_none() {
        record.series = series.map(|title| Series { title, number: None });
    }
    match issue {
        // An article's `issue` without `number` (as Mendeley writes it): the
        // field it came in is kept so that it is written back there.
        Some(i) if container.issue.is_none() && periodical => {
            record.extra.extend(Extra::new(format, "issue", i.to_string()));
            container.issue = Some(i);
        }
        Some(i) if container.issue.is_none() => container.issue = Some(i),
        Some(i) => record.extra.extend(Extra::new(format, "issue", i.to_string())),
        None => {}
    }
    record.container = container.non_empty();
    record.edition = take(fields, "edition").and_then(|v| NonEmpty::new(&v));
}

/// Entry types exporters write that are not BibTeX's or BibLaTeX's, as the
/// entry type that means the same (Mendeley's `generic`, `web_page`).
pub(super) fn bib_alias(kind: &str) -> &str {
    match kind {
        "generic" => "misc",
        "web_page" | "webpage" => "online",
        "newspaper_article" | "magazine_article" | "journal_article" => "article",
        "book_section" | "chapter" => "incollection",
        "conference_proceedings" => "inproceedings",
        "computer_program" => "software",
        other => other,
    }
}

/// DOI, ISBN, ISSN, LCCN, MR and Zbl numbers, the call number and the
/// `eprint` of a known `eprinttype`.
fn read_identifiers(fields: &mut Fields, record: &mut Record) {
    for (field, scheme) in [
        ("doi", IdScheme::Doi),
        ("isbn", IdScheme::Isbn),
        ("issn", IdScheme::Issn),
        ("lccn", IdScheme::Lccn),
        ("library", IdScheme::CallNumber),
        ("pmid", IdScheme::Pmid),
        ("pmcid", IdScheme::Pmcid),
        ("oclc", IdScheme::Oclc),
        ("mrnumber", IdScheme::Other("mrnumber".into())),
        ("zbl", IdScheme::Other("zbl".into())),
    ] {
        if let Some(v) = take(fields, field) {
            let v = if scheme == IdScheme::Doi { v.replace("\\%", "%") } else { v };
            record.identifiers.extend(Identifier::new(scheme, &v));
        }
    }
    // Other identifier fields named by their scheme (`ismn`, `urn`, a second `arxiv`).
    let named: Vec<String> = fields
        .iter()
        .map(|(k, _, _)| k.clone())
        .filter(|k| {
            IdScheme::parse_loose(k).is_some_and(|s| !matches!(s, IdScheme::Other(_)) && s.as_str() == k)
        })
        .collect();
    for field in named {
        if let (Some(v), Some(scheme)) = (take(fields, &field), IdScheme::parse_loose(&field)) {
            record.identifiers.extend(Identifier::new(scheme, &v));
        }
    }
    let kind = fields.iter().find(|(k, _, _)| k == "eprinttype").map(|(_, v, _)| v.to_ascii_lowercase());
    let scheme = match kind.as_deref() {
        Some("arxiv") => Some(IdScheme::Arxiv),
        Some("pubmed") => Some(IdScheme::Pmid),
        Some("hdl" | "handle") => Some(IdScheme::Handle),
        Some("jstor") => Some(IdScheme::Other("jstor".into())),
        _ => None,
    };
    if let Some(scheme) = scheme {
        if let Some(v) = take(fields, "eprint") {
            take(fields, "eprinttype");
            record.identifiers.extend(Identifier::new(scheme, &v));
        }
    }
}

/// `origtitle`, `origdate`, `origpublisher`, `origlocation`.
fn read_original(fields: &mut Fields, record: &mut Record) {
    let mut o = OriginalPublication {
        title: take(fields, "origtitle").and_then(|v| NonEmpty::new(&v)),
        date: None,
        publisher: take(fields, "origpublisher").and_then(|v| NonEmpty::new(&v)),
        place: take(fields, "origlocation").and_then(|v| NonEmpty::new(&v)),
    };
    if let Some(d) = take(fields, "origdate") {
        match parse_edtf(&d) {
            Some(date) => o.date = Some(date),
            None => fields.push(("origdate".into(), d, Chunks::new())),
        }
    }
    record.original = o.non_empty();
}

/// The credit line archcite writes (`addendum` in BibLaTeX, in `note` in
/// BibTeX): "Obtained by A. Translated by B for C. Funded by D and E."
/// Sentences that are not credits stay a note.
fn read_credits(fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let field = match dialect {
        Dialect::Biblatex => "addendum",
        Dialect::Bibtex => "note",
    };
    let Some(text) = take(fields, field) else { return };
    let mut rest: Vec<String> = Vec::new();
    let mut text = text.as_str();
    if dialect == Dialect::Bibtex {
        if let Some(label) = record.document_type.as_ref().map(|t| format!("{}.", t.label())) {
            text = text.strip_prefix(label.as_str()).map_or(text, str::trim_start);
        }
    }
    for sentence in credit_sentences(text) {
        let role = CREDIT_LABELS.iter().find(|(l, _)| sentence.starts_with(l));
        match role {
            Some((label, role)) => {
                let (names, after) = sentence_end(&sentence[label.len()..]);
                if let Some(after) = after {
                    rest.push(after.to_string());
                }
                let names = names.trim().trim_end_matches('.');
                for name in split_credit_names(names, *role) {
                    let person_role = !matches!(role, Role::Funder | Role::Provider);
                    let (who, for_whom) = match name.split_once(" for ") {
                        Some((w, f)) if person_role && w.split_whitespace().count() <= 5 => {
                            (w, NonEmpty::new(f))
                        }
                        _ => (name, None),
                    };
                    if let Some(agent) = credit_agent(who, *role) {
                        record.agents.push(Contributor { role: *role, agent, on_behalf_of: for_whom });
                    }
                }
            }
            None => rest.push(sentence.to_string()),
        }
    }
    if !rest.is_empty() {
        let kind = if dialect == Dialect::Bibtex { "general" } else { "addendum" };
        record.notes.extend(note(kind, &rest.join(" ")));
    }
}

/// The credit sentences' openings and the role each names (see `labels::credits`).
const CREDIT_LABELS: &[(&str, Role)] = &[
    ("Obtained by ", Role::ObtainedBy),
    ("Translated by ", Role::Translator),
    ("Transcribed by ", Role::Transcriber),
    ("Provided by ", Role::Provider),
    ("Funded by ", Role::Funder),
];

/// A text split before each credit label and before "Also held as:".
fn credit_sentences(text: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = vec![0];
    for (label, _) in CREDIT_LABELS.iter().chain(&[("Also held as: ", Role::Contributor)]) {
        let mut from = 0;
        while let Some(i) = text[from..].find(label) {
            let at = from + i;
            if at > 0 && text[..at].ends_with(". ") {
                cuts.push(at);
            }
            from = at + label.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.push(text.len());
    cuts.windows(2).map(|w| text[w[0]..w[1]].trim()).filter(|s| !s.is_empty()).collect()
}

/// A credit sentence and what follows it: it ends at the first ". " after a
/// word longer than an initial.
fn sentence_end(text: &str) -> (&str, Option<&str>) {
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let at = from + i;
        let word = text[..at].rsplit(' ').next().unwrap_or("");
        if word.chars().count() > 2 {
            let after = text[at + 2..].trim();
            return (&text[..=at], (!after.is_empty()).then_some(after));
        }
        from = at + 2;
    }
    (text, None)
}

/// "A, B and C" → the names. Organisations (funders, providers) are split
/// only at " and ", as their names often hold commas.
fn split_credit_names(names: &str, role: Role) -> Vec<&str> {
    let (head, last) = match names.rsplit_once(" and ") {
        Some((h, l)) => (h, Some(l)),
        None => (names, None),
    };
    let mut out: Vec<&str> = match role {
        Role::Funder | Role::Provider => {
            names.split(" and ").map(str::trim).filter(|s| !s.is_empty()).collect()
        }
        _ => {
            let mut v: Vec<&str> = head.split(", ").map(str::trim).collect();
            v.extend(last.map(str::trim));
            v
        }
    };
    out.retain(|s| !s.is_empty());
    out
}

/// Words that make a credited name an organisation.
const ORGANISATION_WORDS: &[&str] = &[
    "project",
    "university",
    "institute",
    "center",
    "centre",
    "foundation",
    "archive",
    "archives",
    "ministry",
    "embassy",
    "committee",
    "council",
    "library",
    "program",
    "programme",
    "fund",
    "association",
    "society",
    "department",
    "office",
    "agency",
    "museum",
    "academy",
    "college",
];

fn credit_agent(name: &str, role: Role) -> Option<Agent> {
    let whole = NonEmpty::new(name)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let organisation = matches!(role, Role::Funder | Role::Provider)
        || words.len() > 4
        || words.iter().any(|w| ORGANISATION_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        || words.iter().all(|w| w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()));
    if organisation {
        return Some(Agent::Organization(Organization::new(whole)));
    }
    Some(match name.rsplit_once(' ') {
        Some((given, family)) => Agent::Person(Person::new(NonEmpty::new(family)?, NonEmpty::new(given))),
        None => Agent::Person(Person::new(whole, None)),
    })
}

fn read_dates(fields: &mut Fields, record: &mut Record) {
    let year = take(fields, "year");
    let month = take(fields, "month");
    let day = take(fields, "day");
    let date = take(fields, "date").filter(|d| d != UNDATED);
    record.date = match &date {
        Some(d) => parse_edtf(d),
        None => year.as_deref().and_then(|y| year_month(y, month.as_deref(), day.as_deref())),
    };
    let mut keep = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            fields.push((name.to_string(), v, Chunks::new()));
        }
    };
    if record.date.is_none() {
        keep("date", date);
        keep("year", year);
        keep("month", month);
        keep("day", day);
    } else if date.is_some() {
        // `year`, `month` and `day` beside a `date` (as BibTeX output carries
        // a date its fields cannot say) say the same thing unless they differ.
        let start = record.date.as_ref().and_then(|d| d.start().or(d.end())).copied();
        let from_fields = year.as_deref().and_then(|y| year_month(y, month.as_deref(), day.as_deref()));
        let same = match (&from_fields, start) {
            (Some(EdtfDate::Single(p)), Some(s)) => {
                p.year() == s.year()
                    && (month.is_none() || p.month() == s.month())
                    && (day.is_none() || p.day() == s.day())
            }
            (Some(EdtfDate::Interval(Some(a), _)), Some(s)) => a.year() == s.year(),
            _ => year.is_none() && month.is_none() && day.is_none(),
        };
        if !same {
            keep("year", year);
            keep("month", month);
            keep("day", day);
        }
    }
    if let Some(accessed) = take(fields, "urldate") {
        match EdtfDate::parse_loose(&accessed.replace("~?", "%")) {
            Some(date) => record.events.push(Event { kind: EventKind::Accessed, date, note: None }),
            None => fields.push(("urldate".into(), accessed, Chunks::new())),
        }
    }
}

/// EDTF as biblatex writes it; `~?` and `?~` are EDTF's `%`.
fn parse_edtf(text: &str) -> Option<EdtfDate> {
    text.trim().replace("~?", "%").replace("?~", "%").parse().ok()
}

/// BibTeX's `year` (`1969`, `1969--1970`), `month` (`4`, `April`, `apr`,
/// "May 21," with its day) and `day`.
fn year_month(year: &str, month: Option<&str>, day: Option<&str>) -> Option<EdtfDate> {
    let mut day_of_month: Option<u8> = day.and_then(|d| d.trim().parse().ok());
    if day.is_some() && day_of_month.is_none() {
        return None;
    }
    let month = match month {
        None => None,
        Some(m) => {
            let m = m.trim().trim_end_matches([',', '.']).to_ascii_lowercase();
            let mut words = m.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty());
            let first = words.next()?;
            let number = first.parse::<u8>().ok().or_else(|| {
                let names =
                    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
                names.iter().position(|n| first.starts_with(n)).map(|i| i as u8 + 1)
            })?;
            match (words.next(), words.next()) {
                (None, _) => {}
                (Some(d), None) if day_of_month.is_none() => day_of_month = Some(d.parse().ok()?),
                _ => return None,
            }
            Some(number)
        }
    };
    match years(year).as_slice() {
        [y] => PartialDate::new(*y, month, day_of_month, Certainty::Exact).ok().map(EdtfDate::Single),
        [a, b] if month.is_none() => {
            let d = |y| PartialDate::new(y, None, None, Certainty::Exact).ok();
            Some(EdtfDate::Interval(Some(d(*a)?), Some(d(*b)?)))
        }
        _ => None,
    }
}

/// The years of `1969`, `1969--1970`, `1969–1970`, `1969/1970` or `-0044`
/// (a minus sign before the first digit is a year before the common era, not a
/// range dash).
fn years(text: &str) -> Vec<i32> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Ok(first) = rest[..digits].parse::<i32>() else { return Vec::new() };
    let tail = rest[digits..].trim().trim_start_matches(['-', '–', '/']).trim();
    if tail.is_empty() {
        return vec![sign * first];
    }
    match years(tail).as_slice() {
        [second] => vec![sign * first, *second],
        _ => Vec::new(),
    }
}

/// The language a `langid` or `language` name stands for: a babel or
/// polyglossia name, an ISO code or a language's own name.
pub(super) fn language_tag(name: &str) -> Option<LanguageTag> {
    let n = name.trim().to_ascii_lowercase();
    let n = match n.as_str() {
        "american" | "british" | "australian" | "canadian" | "newzealand" | "ukenglish" | "usenglish" => {
            "english"
        }
        "ngerman" | "austrian" | "naustrian" | "swissgerman" | "nswissgerman" => "german",
        "hungarian" => "magyar",
        "brazil" | "brazilian" => "portuguese",
        other => other,
    };
    let known = BABEL.iter().find(|(_, b)| *b == n).map(|(t, _)| *t);
    known.and_then(|t| t.parse().ok()).or_else(|| LanguageTag::parse_loose(n))
}

fn read_languages(fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let tag = language_tag;
    let format = dialect_name(dialect);
    let langid_text = take(fields, "langid");
    let langid = langid_text.as_deref().and_then(tag);
    // Classic BibTeX writes only `language`: a `langid` is kept as written too.
    if let Some(text) = langid_text.as_ref().filter(|_| langid.is_none() || dialect == Dialect::Bibtex) {
        record.extra.extend(Extra::new(format, "langid", text.as_str()));
    }
    let language_text = take(fields, "language").unwrap_or_default();
    let parts: Vec<&str> = language_text.split(" and ").filter(|p| !p.trim().is_empty()).collect();
    let originals: Vec<LanguageTag> = parts.iter().filter_map(|p| tag(p)).collect();
    // BibLaTeX writes one language as `langid` alone: a `language` beside a
    // `langid` is kept as written too.
    let beside_langid = dialect == Dialect::Biblatex && langid.is_some() && !parts.is_empty();
    if originals.len() != parts.len() || beside_langid {
        record.extra.extend(Extra::new(format, "language", language_text.as_str()));
    }
    if originals.len() == parts.len() {
        // "English", "eng" or "Deutsch" where a writer would put "english":
        // the spelling is kept, to write the entry back as it was.
        let written: Vec<String> = originals.iter().map(super::write::language_name).collect();
        if !originals.is_empty() && written.join(" and ") != language_text.trim() {
            record.extra.extend(Extra::new(format, LANGUAGE_AS_WRITTEN, language_text.trim()));
        }
        record.languages.original = originals;
    }
    match langid {
        Some(l) if record.languages.original.is_empty() => record.languages.original.push(l),
        Some(l) if !record.languages.original.contains(&l) => record.languages.translation.push(l),
        _ => {}
    }
}

/// `parsed` is the parse of BibTeX's `howpublished`, when it was made already.
fn read_reference(fields: &mut Fields, record: &mut Record, dialect: Dialect, parsed: Option<ParsedLine>) {
    let organization = take(fields, "organization");
    let place = take(fields, "location").and_then(|p| NonEmpty::new(&p));
    // In an archival entry the archival location is BibLaTeX's `note` and
    // BibTeX's `howpublished` (after the repository and its place).
    let mut location = match dialect {
        Dialect::Biblatex => take(fields, "note"),
        Dialect::Bibtex => take(fields, "howpublished"),
    };
    let mut repository = organization.as_deref().map(|o| Repository { place, ..repository(o) });
    // The levels, when the whole of BibTeX's `howpublished` is one reference.
    let mut levels = None;
    if dialect == Dialect::Bibtex {
        // "Repository (ABBR), Place, f. 5, ...": the repository the reference names.
        let parsed = parsed.or_else(|| location.as_deref().map(crate::refparse::parse_line));
        levels = parsed.as_ref().and_then(crate::refparse::levels_in).cloned();
        let found = parsed.and_then(|p| p.references.into_iter().next()).and_then(|r| r.repository);
        if found.is_none() {
            levels = None;
        }
        if let Some(found) = found {
            let mut rest = location.as_deref().unwrap_or_default();
            rest = rest
                .strip_prefix(repository_label(&found).as_str())
                .map_or(rest, |r| r.trim_start_matches([',', ' ']));
            if let Some(place) = found.place.as_deref() {
                rest = rest.strip_prefix(place).map_or(rest, |r| r.trim_start_matches([',', ' ']));
            }
            location = Some(rest.to_string());
            repository = Some(found);
        }
    }
    if repository.is_none() && location.is_none() {
        return;
    }
    let label = repository.as_ref().map(|r| r.label().to_string());
    let levels =
        levels.or_else(|| location.as_deref().and_then(|l| crate::refparse::levels_of(label.as_deref(), l)));
    let raw = location.as_deref().and_then(NonEmpty::new);
    record.references.push(ArchivalReference { repository, levels: levels.unwrap_or_default(), raw });
}

/// "Russian State Archive of Contemporary History (RGANI)" → the registry's
/// entry when it knows the archive, else name and abbreviation as written.
fn repository(label: &str) -> Repository {
    if let Some(known) = crate::registry::lookup(label) {
        return known;
    }
    let split = label.strip_suffix(')').and_then(|l| l.rsplit_once(" ("));
    match split.and_then(|(n, a)| Some((NonEmpty::new(n)?, NonEmpty::new(a)?))) {
        Some((name, abbreviation)) if !abbreviation.contains(' ') || abbreviation.len() <= 12 => {
            Repository { abbreviation: Some(abbreviation), ..Repository::named(name) }
        }
        _ => Repository::named(NonEmpty::new(label).expect("taken fields are not blank")),
    }
}

fn read_publication(fields: &mut Fields, record: &mut Record, dialect: Dialect) {
    let collection = match dialect {
        Dialect::Biblatex => take(fields, "howpublished"),
        Dialect::Bibtex => None,
    };
    let url_text = take(fields, "url").map(|u| u.replace("\\%", "%"));
    let url = url_text.as_deref().and_then(|u| url::Url::parse(u).ok());
    if let (Some(u), None) = (&url_text, &url) {
        record.extra.extend(Extra::new(dialect_name(dialect), "url", u.as_str()));
    }
    let record_id = take(fields, "eprint").and_then(|e| NonEmpty::new(&e));
    let collection = collection.and_then(|c| NonEmpty::new(&c));
    if collection.is_some() || url.is_some() || record_id.is_some() {
        record.publication = Some(Publication { collection, publisher: None, place: None, url, record_id });
    }
}

/// A BibTeX name list: names split at ` and ` outside braces; a name that is
/// one braced group is an organisation (or a family-first name written whole).
fn split_names(chunks: &Chunks) -> Vec<Agent> {
    split_list(chunks).iter().filter_map(|n| agent(n)).collect()
}

/// A list's items, split at ` and ` outside braces: each item's characters
/// with whether braces protect them.
fn split_list(chunks: &Chunks) -> Vec<Vec<(char, bool)>> {
    let mut chars: Vec<(char, bool)> = Vec::new();
    for c in chunks {
        let protected = matches!(c.v, Chunk::Verbatim(_));
        let text = match &c.v {
            Chunk::Math(s) => format!("${s}$"),
            _ => text_mode(&c.v.get().replace(DASHES_MARK, "--")),
        };
        chars.extend(text.chars().map(|ch| (ch, protected)));
    }
    let mut items = Vec::new();
    let mut current: Vec<(char, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_and = chars[i..]
            .iter()
            .take(5)
            .map(|&(c, p)| (!p).then_some(c.to_ascii_lowercase()))
            .collect::<Option<String>>();
        if at_and.as_deref() == Some(" and ") {
            items.push(std::mem::take(&mut current));
            i += 5;
            continue;
        }
        current.push(chars[i]);
        i += 1;
    }
    items.push(current);
    items
}

/// Where the family name starts in a name written "First von Last": at its
/// first word after the first that starts in lower case ("Ludwig van
/// Beethoven", "Jean de La Fontaine"), else at its last word. Words are
/// split at spaces outside braces. `None` for a name of one word.
fn family_start(name: &[(char, bool)]) -> Option<usize> {
    let starts: Vec<usize> = (1..name.len())
        .filter(|&i| !name[i].0.is_whitespace() && name[i - 1].0.is_whitespace() && !name[i - 1].1)
        .collect();
    let last = *starts.last()?;
    let von = starts.iter().copied().find(|&i| !name[i].1 && name[i].0.is_lowercase() && i < last);
    Some(von.unwrap_or(last))
}

fn agent(name: &[(char, bool)]) -> Option<Agent> {
    let lead = name.iter().take_while(|(c, _)| c.is_whitespace()).count();
    let trail = name[lead..].iter().rev().take_while(|(c, _)| c.is_whitespace()).count();
    let name = &name[lead..name.len() - trail];
    let text: String = name.iter().map(|&(c, _)| c).collect();
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let whole_group = name.iter().filter(|(c, _)| !c.is_whitespace()).all(|&(_, p)| p);
    if whole_group {
        return Some(Agent::Organization(Organization::new(NonEmpty::new(text)?)));
    }
    let text_of = |part: &[(char, bool)]| part.iter().map(|&(c, _)| c).collect::<String>().trim().to_string();
    // Commas and spaces inside braces are the name's own ("Edwin V. {Bell, II}").
    let parts: Vec<&[(char, bool)]> = name.split(|&(c, p)| c == ',' && !p).collect();
    let (family, given) = match parts.as_slice() {
        [whole] => match family_start(whole) {
            Some(i) => (text_of(&whole[i..]), text_of(&whole[..i])),
            None => (text_of(whole), String::new()),
        },
        [family, given] => (text_of(family), text_of(given)),
        // "Last, Jr, First": the model has no suffix, so it stays with the
        // family name ("Bennett, Jr."), which prints right after the given name.
        [family, middle @ .., given] => {
            let suffix: Vec<String> = middle.iter().map(|m| text_of(m)).filter(|m| !m.is_empty()).collect();
            let family = std::iter::once(text_of(family)).chain(suffix).collect::<Vec<_>>().join(", ");
            (family, text_of(given))
        }
        [] => return None,
    };
    Some(Agent::Person(Person::new(NonEmpty::new(&family)?, NonEmpty::new(&given))))
}
