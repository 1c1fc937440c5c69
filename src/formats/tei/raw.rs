//! Header elements the model has no field for, kept as their XML in `extra`
//! (format `tei`, field = their path below `teiHeader`, with the `fileDesc/`
//! step left out: `titleStmt/sponsor`, `sourceDesc/msDesc`,
//! `profileDesc/textClass/classCode`, `encodingDesc`) and written back in
//! their place.

use std::io;

use quick_xml::events::{BytesText, Event};

use super::TEI_NS;
use crate::formats::xml::{Element, Node, XmlWriter};
use crate::model::{Extra, Record};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The element as XML, in a document whose default namespace is TEI's.
pub(super) fn serialize(e: &Element) -> String {
    let mut s = String::new();
    write_element(e, TEI_NS, &mut s);
    s
}

fn write_element(e: &Element, default_ns: &str, s: &mut String) {
    s.push('<');
    s.push_str(&e.name);
    if e.ns != default_ns {
        s.push_str(&format!(" xmlns=\"{}\"", escape(&e.ns)));
    }
    let mut declared = 0;
    for a in &e.attrs {
        let name = match a.ns.as_str() {
            "" => a.name.clone(),
            XML_NS => format!("xml:{}", a.name),
            ns => {
                declared += 1;
                s.push_str(&format!(" xmlns:a{declared}=\"{}\"", escape(ns)));
                format!("a{declared}:{}", a.name)
            }
        };
        s.push_str(&format!(" {name}=\"{}\"", escape(&a.value)));
    }
    if e.children.is_empty() {
        s.push_str("/>");
        return;
    }
    s.push('>');
    for child in &e.children {
        match child {
            Node::Text(t) => s.push_str(&escape_text(t)),
            Node::Element(c) => write_element(c, &e.ns, s),
        }
    }
    s.push_str(&format!("</{}>", e.name));
}

fn escape(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;").replace('\n', "&#10;")
}

fn escape_text(v: &str) -> String {
    let t = v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    if t.contains('\r') {
        t.replace('\r', "&#13;")
    } else {
        t
    }
}

/// Keep `e`, found at `path` below `teiHeader`, in the record's extra.
pub(super) fn keep(r: &mut Record, path: &str, e: &Element) {
    r.extra.extend(Extra::new("tei", path, serialize(e)));
}

/// Children of `teiHeader` itself; every other top-level path is in `fileDesc`.
pub(super) const HEADER_PARTS: &[&str] = &["encodingDesc", "xenoData", "revisionDesc"];

/// The kept elements whose parent is `parent` (a path as in [`keep`], empty
/// for `fileDesc` or `teiHeader`), optionally only those named `name`.
pub(super) fn kept<'a>(
    r: &'a Record,
    parent: &'a str,
    name: Option<&'a str>,
) -> impl Iterator<Item = &'a Extra> {
    r.extra_of("tei").filter(move |e| {
        let (p, n) = e.field.rsplit_once('/').unwrap_or(("", e.field.as_str()));
        p == parent && name.is_none_or(|want| want == n)
    })
}

/// Write the kept elements of `parent` (named `name` when given) back.
pub(super) fn write_kept(w: &mut XmlWriter, r: &Record, parent: &str, name: Option<&str>) -> io::Result<()> {
    for e in kept(r, parent, name) {
        write_raw(w, e)?;
    }
    Ok(())
}

/// One kept value: XML as it was, or plain text in an element of its name.
pub(super) fn write_one(w: &mut XmlWriter, e: &Extra) -> io::Result<()> {
    write_raw(w, e)
}

fn write_raw(w: &mut XmlWriter, e: &Extra) -> io::Result<()> {
    let v = e.value.trim_start();
    if v.starts_with('<') {
        crate::formats::xml::check_chars(v)?;
        w.write_indent()?;
        w.write_event(Event::Text(BytesText::from_escaped(v)))?;
        // A text event leaves quick-xml without a line break before the next
        // element; an end-of-input event writes nothing and restores it, so
        // what follows kept XML starts on its own line like everything else.
        w.write_event(Event::Eof)
    } else {
        let name = e.field.rsplit_once('/').map_or(e.field.as_str(), |(_, n)| n);
        crate::formats::xml::leaf(w, name, &[], &e.value)
    }
}
