//! XML plumbing shared by the XML formats (Dublin Core, TEI, and later MARCXML
//! and MODS): a safe reader that hands out one record element at a time as a
//! small tree, and writer helpers that check text before quick-xml escapes it.
//!
//! Safety: a document with a DOCTYPE is refused outright. Refusing (rather than
//! skipping) is the only way to be sure that neither internal entities (the
//! "billion laughs") nor external ones (`SYSTEM "file:///etc/passwd"`) are ever
//! expanded; no metadata format archcite reads needs a DTD. Entity references
//! other than the five predefined ones and character references are errors.
//!
//! Streaming: the input is read through a [`Window`] that holds it from the
//! current record's start on, so memory is one record and a read buffer
//! however long the input, and every error still carries a line and column
//! (quick-xml reports byte offsets). Records are built and handed out one at
//! a time, so only one record's tree is alive at once.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::Arc;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::{position_of, ErrorKind, Position, RecordError, WriteError};
use crate::formats::window::Window;
use crate::formats::Source;
use crate::limits::{exceeded, Limits};

/// The XML Schema instance namespace (`xsi:type`, `xsi:schemaLocation`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An element with its resolved namespace, attributes and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Namespace URI; empty when the element is in no namespace.
    pub ns: String,
    /// Local name.
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<Attr>,
    /// Child elements and text, in document order.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the input.
    pub offset: usize,
}

/// One attribute, its namespace resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Namespace URI; empty for unprefixed attributes.
    pub ns: String,
    /// Local name.
    pub name: String,
    /// Value, entities resolved.
    pub value: String,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (text, CDATA and resolved references merged).
    Text(String),
}

impl Element {
    /// Is this `{ns}name`?
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// An unprefixed attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns("", name)
    }

    /// An attribute in a namespace (`xml:lang` is `attr_ns(XML_NS, "lang")`).
    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.ns == ns && a.name == name).map(|a| a.value.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements named `{ns}name`.
    pub fn all<'a>(&'a self, ns: &'a str, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.is(ns, name))
    }

    /// The first child element named `{ns}name`.
    pub fn first(&self, ns: &str, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// Follow a path of child names in one namespace; the first match at each step.
    pub fn path(&self, ns: &str, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.first(ns, n))
    }

    /// All text inside, descendants included, as written.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, s: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => e.collect_text(s),
            }
        }
    }

    /// The text of the element's own text nodes, children excluded.
    pub fn own_text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

/// Where a record came from, to build errors that point into the input.
#[derive(Clone)]
pub struct Context {
    source: Arc<str>,
    /// The record's own text, from its start tag on.
    text: Arc<str>,
    /// The input offset of the record's start tag, and its position.
    start: usize,
    at: Position,
    /// The record's number in its input, 1-based.
    pub record: usize,
}

impl Context {
    /// An error at a byte offset of the input (in the record).
    pub fn error(&self, offset: usize, message: impl Into<String>) -> RecordError {
        RecordError::new(ErrorKind::Invalid, &*self.source, message)
            .at(self.position(offset))
            .in_record(self.record)
    }

    /// The line and column of an input offset in the record.
    fn position(&self, offset: usize) -> Position {
        let within = position_of(&self.text, offset.saturating_sub(self.start));
        if within.line == 1 {
            Position { line: self.at.line, column: self.at.column + within.column - 1 }
        } else {
            Position { line: self.at.line + within.line - 1, column: within.column }
        }
    }

    /// An error about an element that lacks a required child.
    pub fn missing(&self, parent: &Element, child: &str) -> RecordError {
        self.error(parent.offset, format!("<{}> has no <{child}>", parent.name))
            .help(format!("add a <{child}> element inside <{}>: it is required", parent.name))
    }

    /// The error for a record element with nothing archcite can read in it
    /// (a record may lack a title, not everything).
    pub fn empty(&self, record: &Element) -> RecordError {
        self.error(record.offset, format!("<{}> holds no field: there is no record to read", record.name))
            .help("give the record at least a title, a date, a creator or an identifier, or remove it")
    }
}

/// Which root elements a format accepts.
pub struct Roots {
    /// The format's name for messages.
    pub format: &'static str,
    /// Namespace of the record element.
    pub ns: &'static str,
    /// Local name of the record element.
    pub record: &'static str,
    /// A container of several records: namespace and local name.
    pub container: (&'static str, &'static str),
    /// Children of the container that are not records and are skipped.
    pub skip: &'static [&'static str],
    /// Children of the container whose own children are read as if they
    /// were the container's (an OAI-PMH `ListRecords` around its records).
    pub transparent: &'static [&'static str],
    /// What a skipped element tells the reader, as a warning (an OAI-PMH
    /// `resumptionToken`: the harvest goes on elsewhere).
    pub notice: Option<fn(&Element) -> Option<String>>,
    /// Other namespaces the record element comes in.
    pub other_ns: &'static [&'static str],
    /// The format's records and container also come without a namespace
    /// (MARCXML as some SRU servers and exports write it). Inside a wrapper
    /// that is no container of the format, where a bare `<record>` may be the
    /// wrapper's own, such a record counts only when its first child is the
    /// element named here (MARCXML's `leader`).
    pub bare: Option<&'static str>,
}

impl Roots {
    /// Whether `e` is a record element of the format.
    fn is_record(&self, e: &Element) -> bool {
        e.is(self.ns, self.record)
            || self.other_ns.iter().any(|ns| e.is(ns, self.record))
            || (self.bare.is_some() && e.is("", self.record))
    }

    /// Whether `e` is the format's container, in its namespace or, for a
    /// format whose records also come without one, in none.
    fn is_container(&self, e: &Element) -> bool {
        let (ns, name) = self.container;
        e.is(ns, name) || (self.bare.is_some() && e.is("", name))
    }

    fn describe(&self) -> String {
        format!(
            "<{}> or <{}>",
            qualified(self.ns, self.record),
            qualified(self.container.0, self.container.1)
        )
    }
}

fn qualified(ns: &str, name: &str) -> String {
    if ns.is_empty() {
        name.to_string()
    } else {
        format!("{{{ns}}}{name}")
    }
}

/// The XML reader over a window of the input.
fn stream_reader(window: Window) -> NsReader<Window> {
    let mut reader = NsReader::from_reader(window);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

#[derive(PartialEq)]
enum State {
    Prolog,
    Container,
    After,
    Done,
}

/// The record elements of one XML input, read one at a time.
pub struct RecordElements {
    source: Arc<str>,
    reader: NsReader<Window>,
    /// The reader's offset 0 is this offset of the input (see [`Self::resync`]).
    delta: usize,
    /// The start tags of the container and of the transparent elements open
    /// in it (where each ends, and its text), to restart reading after a
    /// broken record.
    open_tags: Vec<(usize, Vec<u8>)>,
    warnings: crate::formats::Warnings,
    buf: Vec<u8>,
    roots: &'static Roots,
    state: State,
    count: usize,
    /// The root is no container of the format's, but records of the format
    /// sit somewhere inside it (a harvester's own wrapper): every element
    /// that is not a record is looked into.
    deep: bool,
}

/// A raw event, owned, with what the tree builder needs.
enum Raw {
    Start(Element),
    Empty(Element),
    End,
    Text(String),
    DocType(usize),
    Eof,
    Other,
}

impl RecordElements {
    /// Read `source` as XML whose root is one of `roots`.
    pub fn new(source: Source, roots: &'static Roots) -> Result<Self, RecordError> {
        let warnings = source.warnings.clone();
        let (name, window) = source.xml_window()?;
        Ok(Self::over(name, window, warnings, roots))
    }

    /// Read UTF-8 text already in memory (archcite's own output read back):
    /// no copy and no read buffer.
    pub fn from_text(name: &str, text: String, roots: &'static Roots) -> Self {
        let window = Window::new(text.into_bytes(), Box::new(io::empty()));
        Self::over(name.to_string(), window, crate::formats::Warnings::default(), roots)
    }

    fn over(name: String, window: Window, warnings: crate::formats::Warnings, roots: &'static Roots) -> Self {
        RecordElements {
            source: name.into(),
            reader: stream_reader(window),
            delta: 0,
            open_tags: Vec::new(),
            warnings,
            buf: Vec::new(),
            roots,
            state: State::Prolog,
            count: 0,
            deep: false,
        }
    }

    fn window(&self) -> &Window {
        self.reader.get_ref()
    }

    /// The context of the record that starts at `start` and has just been
    /// read: its text is copied out, as the window moves on.
    fn context(&mut self, start: usize) -> Context {
        let end = self.offset_now();
        let window = self.reader.get_mut();
        let at = window.set_mark(start);
        let text = String::from_utf8_lossy(window.slice(start, end)).into();
        Context { source: Arc::clone(&self.source), text, start, at, record: self.count }
    }

    /// The input offset just past what has been read (its length at the end).
    fn end(&self) -> usize {
        self.window().end()
    }

    /// An error in the XML itself; other kinds are set where they are made.
    fn error_at(&self, offset: usize, message: impl Into<String>) -> RecordError {
        RecordError::new(ErrorKind::Xml, &*self.source, message).at(self.window().position(offset))
    }

    fn offset_now(&self) -> usize {
        self.reader.buffer_position() as usize + self.delta
    }

    /// After a broken record inside a container, start again at the next
    /// record's start tag, so one bad record does not lose the rest of the
    /// batch. The reader is given the container's start tag again (for its
    /// namespace declarations) followed by the text from that record on.
    fn resync(&mut self) -> bool {
        let Some((last_end, _)) = self.open_tags.last() else { return false };
        let from = self.offset_now().max(*last_end);
        let Some(next) = self.reader.get_mut().find_start_tag(from, self.roots.record) else { return false };
        let prefix: Vec<u8> = self.open_tags.iter().flat_map(|(_, tag)| tag.iter().copied()).collect();
        self.delta = next - prefix.len();
        let placeholder = stream_reader(Window::new(Vec::new(), Box::new(io::empty())));
        let mut window = std::mem::replace(&mut self.reader, placeholder).into_inner();
        window.restart(prefix, next);
        self.reader = stream_reader(window);
        // The repeated start tags open the container and its wrappers again.
        (0..self.open_tags.len()).all(|_| matches!(self.raw(), Ok(Raw::Start(_))))
    }

    /// The next event, owned; errors carry the input position.
    fn raw(&mut self) -> Result<Raw, RecordError> {
        self.buf.clear();
        let before = self.offset_now();
        let event = match self.reader.read_resolved_event_into(&mut self.buf) {
            Ok((ns, event)) => (resolved(&ns), event.into_owned()),
            Err(e) => return Err(self.syntax_error(&e)),
        };
        let offset = before + leading_space(self.window().slice(before, self.offset_now()));
        Ok(match event {
            (ns, Event::Start(e)) => Raw::Start(self.element(ns, &e, offset)?),
            (ns, Event::Empty(e)) => Raw::Empty(self.element(ns, &e, offset)?),
            (_, Event::End(_)) => Raw::End,
            (_, Event::Text(t)) => {
                Raw::Text(t.xml10_content().map_err(|e| self.error_at(offset, e.to_string()))?.into())
            }
            (_, Event::CData(t)) => Raw::Text(String::from_utf8_lossy(&t).into_owned()),
            (_, Event::GeneralRef(r)) => Raw::Text(self.reference(&r, offset)?),
            (_, Event::DocType(_)) => Raw::DocType(offset),
            (_, Event::Eof) => Raw::Eof,
            _ => Raw::Other,
        })
    }

    fn syntax_error(&self, e: &quick_xml::Error) -> RecordError {
        if let quick_xml::Error::Io(io) = e {
            // The window refuses to hand out bytes that are not UTF-8.
            return match self.window().not_utf8() {
                Some(at) => crate::formats::not_utf8(&self.source, self.window().position(at)),
                None => RecordError::new(ErrorKind::Io, &*self.source, format!("cannot read: {io}")),
            };
        }
        let at = self.reader.error_position() as usize + self.delta;
        self.error_at(at, format!("malformed XML: {e}"))
            .help("check that every tag is closed, in order, and that `&` and `<` in text are escaped")
    }

    fn reference(&self, r: &BytesRef, offset: usize) -> Result<String, RecordError> {
        let name = String::from_utf8_lossy(r).into_owned();
        match r.resolve_char_ref() {
            Ok(Some(c)) => return Ok(c.to_string()),
            Ok(None) => {}
            Err(e) => return Err(self.error_at(offset, format!("bad character reference `&{name};`: {e}"))),
        }
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(s) => Ok(s.to_string()),
            None => Err(self
                .error_at(offset, format!("undefined entity `&{name};`"))
                .help("only &amp; &lt; &gt; &apos; &quot; and character references are allowed")),
        }
    }

    fn element(&self, ns: String, start: &BytesStart, offset: usize) -> Result<Element, RecordError> {
        let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.error_at(offset, format!("malformed attribute: {e}")))?;
            let key = attr.key;
            if key.as_namespace_binding().is_some() {
                continue;
            }
            let (ans, local) = self.reader.resolve_attribute(key);
            let value = attr
                .unescape_value()
                .map_err(|e| self.error_at(offset, format!("bad attribute value: {e}")))?
                .into_owned();
            let local = String::from_utf8_lossy(local.as_ref()).into_owned();
            attrs.push(Attr { ns: resolved(&ans), name: local, value });
        }
        Ok(Element { ns, name, attrs, children: Vec::new(), offset })
    }

    /// Build the subtree of an element whose start tag was just read.
    fn subtree(&mut self, root: Element) -> Result<Element, RecordError> {
        let mut stack = vec![root];
        let limit = Limits::get().nesting;
        loop {
            match self.raw()? {
                Raw::Start(e) if stack.len() >= limit => {
                    let (message, help) =
                        exceeded("the depth of nested elements", limit, "ARCHCITE_MAX_NESTING");
                    return Err(self.error_at(e.offset, message).help(help).kind(ErrorKind::Limit));
                }
                Raw::Start(e) => stack.push(e),
                Raw::Empty(e) => push(&mut stack, Node::Element(e)),
                Raw::Text(t) => push(&mut stack, Node::Text(t)),
                Raw::End => {
                    let done = stack.pop().expect("stack holds the open elements");
                    match stack.last_mut() {
                        Some(_) => push(&mut stack, Node::Element(done)),
                        None => return Ok(done),
                    }
                }
                Raw::Eof => return Err(self.unclosed(stack.last().expect("open element"))),
                Raw::DocType(at) => return Err(self.doctype(at)),
                Raw::Other => {}
            }
        }
    }

    fn unclosed(&self, open: &Element) -> RecordError {
        let at = self.window().position(open.offset);
        self.error_at(
            self.end(),
            format!("the document ends before <{}> (line {}) is closed", open.name, at.line),
        )
        .help("the file may be truncated: close every open element")
    }

    fn doctype(&self, at: usize) -> RecordError {
        self.error_at(at, "DOCTYPE declarations are not allowed")
            .help("remove the <!DOCTYPE ...>: archcite never loads DTDs or expands entities, so that a hostile document cannot read files or exhaust memory")
    }

    /// Skip an element whose start tag was just read.
    fn skip(&mut self) -> Result<(), RecordError> {
        let mut depth = 1;
        while depth > 0 {
            match self.raw()? {
                Raw::Start(_) => depth += 1,
                Raw::End => depth -= 1,
                Raw::Eof => return Err(self.error_at(self.end(), "the document ends inside an element")),
                Raw::DocType(at) => return Err(self.doctype(at)),
                _ => {}
            }
        }
        Ok(())
    }

    fn prolog(&mut self) -> Option<Result<(Element, Context), RecordError>> {
        loop {
            let raw = match self.raw() {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            match raw {
                Raw::Start(e)
                    if !self.roots.is_container(&e) && !self.roots.is_record(&e) && self.record_ahead() =>
                {
                    let message = format!(
                        "the root element is <{}>, not {}: reading the <{}> records inside it",
                        qualified(&e.ns, &e.name),
                        self.roots.describe(),
                        self.roots.record
                    );
                    let source = self.source.to_string();
                    self.warnings.push(crate::formats::Warning { source, record: None, message });
                    self.deep = true;
                    self.open_tags.clear();
                    self.open_tag(&e);
                    self.state = State::Container;
                    return self.next_in_container();
                }
                Raw::Start(e) | Raw::Empty(e)
                    if !self.roots.is_container(&e) && !self.roots.is_record(&e) =>
                {
                    let found = qualified(&e.ns, &e.name);
                    let message = format!("the root element is <{found}>, not {}", self.roots.describe());
                    let help =
                        format!("is this really {}? name the input's format with --from", self.roots.format);
                    return Some(Err(self.error_at(e.offset, message).help(help).kind(ErrorKind::Structure)));
                }
                Raw::Start(e) if self.roots.is_record(&e) => {
                    self.state = State::After;
                    return Some(self.record(e));
                }
                Raw::Empty(e) if self.roots.is_record(&e) => {
                    self.state = State::After;
                    self.count += 1;
                    let context = self.context(e.offset);
                    return Some(Ok((e, context)));
                }
                Raw::Start(e) => {
                    self.open_tags.clear();
                    self.open_tag(&e);
                    self.state = State::Container;
                    return self.next_in_container();
                }
                Raw::Empty(_) => {
                    self.state = State::Done;
                    return None;
                }
                Raw::Text(t) if t.trim().is_empty() => {}
                Raw::Text(_) => {
                    return Some(Err(self.error_at(self.offset_now(), "text before the root element")))
                }
                Raw::DocType(at) => return Some(Err(self.doctype(at))),
                Raw::Eof => {
                    let message =
                        format!("the input has no root element: expected {}", self.roots.describe());
                    return Some(Err(self.error_at(self.end(), message).kind(ErrorKind::Structure)));
                }
                Raw::End | Raw::Other => {}
            }
        }
    }

    fn record(&mut self, start: Element) -> Result<(Element, Context), RecordError> {
        self.count += 1;
        // Nothing before this record is needed again.
        self.reader.get_mut().set_mark(start.offset);
        let e = self.subtree(start).map_err(|e| e.in_record(self.count))?;
        let context = self.context(e.offset);
        Ok((e, context))
    }

    /// Whether `e` is a record element where the reader stands.
    fn is_record_here(&mut self, e: &Element) -> bool {
        let roots = self.roots;
        if !self.deep || !e.is("", roots.record) || roots.other_ns.contains(&"") {
            return roots.is_record(e);
        }
        let from = self.offset_now();
        roots.bare.is_some_and(|first| self.reader.get_mut().next_element_is(from, first))
    }

    /// Whether a record's start tag comes later in the input.
    fn record_ahead(&mut self) -> bool {
        let from = self.offset_now();
        self.reader.get_mut().find_start_tag(from, self.roots.record).is_some()
    }

    /// Keep the start tag just read, to read on after a broken record.
    fn open_tag(&mut self, e: &Element) {
        let end = self.offset_now();
        self.open_tags.push((end, self.window().slice(e.offset, end).to_vec()));
    }

    fn next_in_container(&mut self) -> Option<Result<(Element, Context), RecordError>> {
        loop {
            let raw = match self.raw() {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            match raw {
                Raw::Start(e) if self.is_record_here(&e) => return Some(self.record(e)),
                Raw::Empty(e) if self.is_record_here(&e) => {
                    self.count += 1;
                    let context = self.context(e.offset);
                    return Some(Ok((e, context)));
                }
                Raw::Start(e) if self.deep || self.roots.transparent.contains(&e.name.as_str()) => {
                    self.open_tag(&e);
                }
                Raw::Empty(_) if self.deep => {}
                Raw::Start(e) if self.roots.skip.contains(&e.name.as_str()) => {
                    let skipped = match self.roots.notice {
                        Some(notice) => self.subtree(e).map(|tree| notice(&tree)),
                        None => self.skip().map(|()| None),
                    };
                    match skipped {
                        Ok(Some(message)) => {
                            let source = self.source.to_string();
                            self.warnings.push(crate::formats::Warning { source, record: None, message });
                        }
                        Ok(None) => {}
                        Err(err) => return Some(Err(err)),
                    }
                }
                Raw::Empty(e) if self.roots.skip.contains(&e.name.as_str()) => {}
                Raw::Start(e) | Raw::Empty(e) => {
                    let message = format!("unexpected <{}> in <{}>", e.name, self.roots.container.1);
                    let help =
                        format!("a <{}> holds only <{}> records", self.roots.container.1, self.roots.record);
                    return Some(Err(self.error_at(e.offset, message).help(help).kind(ErrorKind::Structure)));
                }
                Raw::End if self.open_tags.len() > 1 => {
                    self.open_tags.pop();
                }
                Raw::End => {
                    self.state = State::After;
                    return self.after();
                }
                Raw::Eof => {
                    let message = format!("the document ends before <{}> is closed", self.roots.container.1);
                    return Some(Err(self.error_at(self.end(), message).help("the file may be truncated")));
                }
                Raw::DocType(at) => return Some(Err(self.doctype(at))),
                Raw::Text(_) | Raw::Other => {}
            }
        }
    }

    /// After the root: only whitespace, comments and processing instructions.
    fn after(&mut self) -> Option<Result<(Element, Context), RecordError>> {
        loop {
            let raw = match self.raw() {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            match raw {
                Raw::Eof => return None,
                Raw::Text(t) if t.trim().is_empty() => {}
                Raw::Other => {}
                Raw::Start(e) | Raw::Empty(e) => {
                    let message = format!("a second root element <{}> after the end of the document", e.name);
                    return Some(Err(self
                        .error_at(e.offset, message)
                        .help("an XML document has one root element")));
                }
                _ => {
                    return Some(Err(
                        self.error_at(self.offset_now(), "content after the end of the document")
                    ))
                }
            }
        }
    }
}

impl Iterator for RecordElements {
    type Item = Result<(Element, Context), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = match self.state {
            State::Done => return None,
            State::Prolog => self.prolog(),
            State::Container => self.next_in_container(),
            State::After => self.after(),
        };
        // After an error the reader's state is unknown: go on from the next
        // record of a container, or else stop rather than report noise.
        match item {
            Some(Err(_)) if self.state == State::Container && self.resync() => {}
            Some(Err(_)) | None => self.state = State::Done,
            Some(Ok(_)) => {}
        }
        item
    }
}

fn push(stack: &mut [Element], node: Node) {
    let top = stack.last_mut().expect("an open element");
    if let (Node::Text(t), Some(Node::Text(prev))) = (&node, top.children.last_mut()) {
        prev.push_str(t);
        return;
    }
    top.children.push(node);
}

fn resolved(ns: &ResolveResult) -> String {
    match ns {
        ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => String::new(),
    }
}

fn leading_space(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// Makes a record of a record element.
pub type MapRecord = fn(&Element, &Context) -> Result<crate::model::Record, RecordError>;

/// The record elements of an XML input, each with what makes it a record,
/// to be made on any thread (see [`crate::Format::split`]).
pub fn split_records(
    source: Source,
    roots: &'static Roots,
    map: MapRecord,
) -> crate::format::UnparsedRecords {
    match RecordElements::new(source, roots) {
        Err(e) => Box::new(std::iter::once(Err(e))),
        Ok(elements) => {
            Box::new(elements.map(move |item| item.map(|(e, ctx)| crate::format::Unparsed::xml(e, ctx, map))))
        }
    }
}

/// Read every record of an XML input with `map`, one record element at a time.
pub fn read_records<F>(source: Source, roots: &'static Roots, map: F) -> crate::formats::Records
where
    F: Fn(&Element, &Context) -> Result<crate::model::Record, RecordError> + 'static,
{
    match RecordElements::new(source, roots) {
        Err(e) => Box::new(std::iter::once(Err(e))),
        Ok(elements) => Box::new(elements.map(move |item| item.and_then(|(e, ctx)| map(&e, &ctx)))),
    }
}

// ---------------------------------------------------------------- writing

/// The writer each record is written with: two-space indentation.
pub type XmlWriter<'a> = quick_xml::Writer<&'a mut dyn Write>;

/// A writer over `out`.
pub fn writer(out: &mut dyn Write) -> XmlWriter<'_> {
    quick_xml::Writer::new_with_indent(out, b' ', 2)
}

/// The XML declaration line.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Text for an element, escaped; refuses characters XML 1.0 cannot carry, and
/// writes carriage returns as references so a parser does not drop them.
pub fn text(s: &str) -> io::Result<BytesText<'_>> {
    let (odd, special) = scan(s);
    if !odd && !special {
        // Most values: nothing to refuse, escape or replace.
        return Ok(BytesText::from_escaped(s));
    }
    check_chars(s)?;
    let escaped = quick_xml::escape::partial_escape(s);
    // Still borrowed when only a control character sent the value here.
    let escaped = if escaped.contains('\r') { Cow::Owned(escaped.replace('\r', "&#13;")) } else { escaped };
    Ok(BytesText::from_escaped(escaped))
}

/// Refuse characters that XML 1.0 cannot carry (most C0 controls).
///
/// quick-xml's writer closures can only fail with an `io::Error`, so the
/// refusal travels inside one as a typed [`NotXmlChar`], which
/// [`write_error`] takes out again: no other error is mistaken for it.
pub fn check_chars(s: &str) -> io::Result<()> {
    if !scan(s).0 {
        return Ok(());
    }
    match s.chars().find(|&c| !is_xml_char(c)) {
        None => Ok(()),
        Some(c) => Err(io::Error::other(NotXmlChar(c))),
    }
}

/// One pass over the bytes of `s`: whether it may hold a character XML 1.0
/// cannot carry or a carriage return (a byte below 0x20, or 0xEF, which
/// begins U+FFFE and U+FFFF), and whether it holds `<`, `>` or `&`. Without
/// an early exit the loop is vectorised: most text has none of them.
fn scan(s: &str) -> (bool, bool) {
    let (mut odd, mut special) = (0u8, 0u8);
    for &b in s.as_bytes() {
        odd |= u8::from(b < 0x20) | u8::from(b == 0xEF);
        special |= u8::from(b == b'<') | u8::from(b == b'>') | u8::from(b == b'&');
    }
    (odd != 0, special != 0)
}

/// A character XML 1.0 cannot carry, found in a record being written.
#[derive(Debug, thiserror::Error)]
#[error("the character U+{:04X} cannot be written in XML 1.0", *.0 as u32)]
pub struct NotXmlChar(pub char);

pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `<name attrs...>text</name>`, on a line of its own at the writer's
/// indentation, as quick-xml's element writer lays it out.
///
/// Written straight into the output: building the element as quick-xml
/// events cost about 2,000 instructions a leaf, most of a MARCXML record's
/// writing. Text and attribute values are escaped by quick-xml's own escapes.
pub fn leaf(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)], value: &str) -> io::Result<()> {
    for (_, v) in attrs {
        check_chars(v)?;
    }
    let value = text(value)?;
    w.write_indent()?;
    // Assembled first and written once: a dozen small writes through the
    // `dyn Write` cost more than the copy.
    let mut buf = Vec::with_capacity(
        2 * name.len() + value.len() + 5 + attrs.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>(),
    );
    buf.push(b'<');
    buf.extend_from_slice(name.as_bytes());
    for (k, v) in attrs {
        buf.push(b' ');
        buf.extend_from_slice(k.as_bytes());
        buf.extend_from_slice(b"=\"");
        buf.extend_from_slice(quick_xml::escape::escape(*v).as_bytes());
        buf.push(b'"');
    }
    buf.push(b'>');
    buf.extend_from_slice(&value);
    buf.extend_from_slice(b"</");
    buf.extend_from_slice(name.as_bytes());
    buf.push(b'>');
    w.get_mut().write_all(&buf)
}

/// Turn the I/O error of a record writer into a [`WriteError`]: text that XML
/// cannot carry is the record's fault, not the output's.
pub fn write_error(e: io::Error) -> WriteError {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<NotXmlChar>()) {
        Some(refused) => WriteError::Unrepresentable(refused.to_string()),
        None => WriteError::Io(e),
    }
}

/// Streams records into one document: one record is written as the root, two
/// or more inside a container. Only the first record is held back (until the
/// second shows whether a container is needed), so memory does not grow with
/// the number of records.
#[derive(Default)]
pub struct Batch {
    first: Option<Vec<u8>>,
    count: usize,
}

impl Batch {
    /// Add one record's bytes; `open` writes the container's start tag.
    pub fn push(
        &mut self,
        out: &mut dyn Write,
        record: Vec<u8>,
        open: fn(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.count += 1;
        match self.count {
            1 => {
                self.first = Some(record);
                return Ok(());
            }
            2 => {
                out.write_all(DECLARATION.as_bytes())?;
                open(out)?;
                out.write_all(&self.first.take().unwrap_or_default())?;
            }
            _ => {}
        }
        out.write_all(&record)
    }

    /// Finish the document: the lone record, or the container's end tag.
    pub fn end(
        &mut self,
        out: &mut dyn Write,
        open: fn(&mut dyn Write) -> io::Result<()>,
        close: &str,
    ) -> io::Result<()> {
        match self.count {
            0 => {
                out.write_all(DECLARATION.as_bytes())?;
                open(out)?;
                out.write_all(close.as_bytes())
            }
            1 => {
                out.write_all(DECLARATION.as_bytes())?;
                out.write_all(&self.first.take().unwrap_or_default())
            }
            _ => out.write_all(close.as_bytes()),
        }
    }
}

/// The namespaces and local names of the first `count` elements in `head`
/// (the root, then its first descendants), for sniffing a format from an
/// input's first bytes.
pub fn first_elements(head: &[u8], count: usize) -> Vec<(String, String)> {
    let mut reader = NsReader::from_reader(head);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    while found.len() < count {
        buf.clear();
        match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, Event::Start(e) | Event::Empty(e))) => {
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                found.push((resolved(&ns), local));
            }
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok(_) => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf_of(name: &str, attrs: &[(&str, &str)], value: &str) -> Result<String, String> {
        let mut out: Vec<u8> = Vec::new();
        let mut w = writer(&mut out);
        w.create_element("r")
            .write_inner_content(|w| leaf(w, name, attrs, value))
            .map_err(|e| write_error(e).to_string())?;
        Ok(String::from_utf8(out).expect("UTF-8"))
    }

    /// Text is escaped only where it must be, carriage returns survive as
    /// references, attribute values are fully escaped, and the leaf sits on
    /// its own line inside its parent.
    #[test]
    fn leaves_are_escaped_and_laid_out_like_quick_xml_elements() {
        assert_eq!(leaf_of("a", &[], "plain é \u{FFFD}").unwrap(), "<r>\n  <a>plain é \u{FFFD}</a>\n</r>");
        assert_eq!(
            leaf_of("a", &[], "x < y & z > \"q\"").unwrap(),
            "<r>\n  <a>x &lt; y &amp; z &gt; \"q\"</a>\n</r>"
        );
        assert_eq!(
            leaf_of("a", &[], "one\r\ntwo\tthree").unwrap(),
            "<r>\n  <a>one&#13;\ntwo\tthree</a>\n</r>"
        );
        assert_eq!(
            leaf_of("s", &[("code", "a\"<'&")], "").unwrap(),
            "<r>\n  <s code=\"a&quot;&lt;&apos;&amp;\"></s>\n</r>"
        );
    }

    /// Characters XML 1.0 cannot carry are refused, in text and in attributes.
    #[test]
    fn characters_xml_cannot_carry_are_refused() {
        for bad in ["bell\u{7}", "\u{FFFE}", "end \u{FFFF}"] {
            let e = leaf_of("a", &[], bad).unwrap_err();
            assert!(e.contains("cannot be written in XML 1.0"), "{bad:?}: {e}");
            assert!(leaf_of("a", &[("k", bad)], "ok").is_err(), "{bad:?} in an attribute");
        }
    }
}
