//! Elements of a MODS input that the model cannot give back as they were,
//! kept whole in `extra` (format `mods`, field the element's name, value its
//! XML) and written back in place of the element archcite would write for
//! the same value.
//!
//! The value of an element without attributes is its content
//! (`<local>x</local>` for an `extension`); of one with attributes, the whole
//! element (`<identifier type="isbn">...</identifier>`).

use std::io::{self, Write};

use super::{MODS_NS, ROOTS, XLINK_NS};
use crate::formats::xml::{self, Element, Node, RecordElements, XmlWriter, XSI_NS};
use crate::model::{Extra, Record, WorkType};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The `mods` element archcite writes for `r` from its model fields alone.
fn generated(r: &Record) -> Option<Element> {
    let mut buf = Vec::new();
    {
        let mut w = xml::writer(&mut buf);
        super::write::generated(&mut w, r).ok()?;
    }
    let text = String::from_utf8(buf).ok()?;
    let mut elements = RecordElements::from_text("<generated>", text, &ROOTS);
    elements.next()?.ok().map(|(e, _)| e)
}

/// The elements of `m` the writer would not give back as they are.
pub(super) fn kept(m: &Element, r: &Record) -> Vec<Extra> {
    let Some(g) = generated(r) else { return Vec::new() };
    let gen: Vec<&Element> = g.elements().collect();
    let mut unused = vec![true; gen.len()];
    let children: Vec<&Element> = m.elements().collect();
    let mut same: Vec<Option<usize>> = Vec::new();
    for c in &children {
        let found = (0..gen.len()).find(|&i| unused[i] && same_xml(gen[i], c));
        if let Some(i) = found {
            unused[i] = false;
        }
        same.push(found);
    }
    // A kept element takes the place of the generated one it matches; when
    // that one reproduced another input element, that one is kept too.
    let mut keep: Vec<bool> = same.iter().map(Option::is_none).collect();
    for k in 0..children.len() {
        if !keep[k] {
            continue;
        }
        for j in 0..children.len() {
            if let Some(i) = same[j] {
                if !keep[j] && replaces(children[k], gen[i]) {
                    keep[j] = true;
                    break;
                }
            }
        }
    }
    children
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .filter_map(|(c, _)| Extra::new("mods", &c.name, value_of(c)))
        .collect()
}

fn value_of(e: &Element) -> String {
    if e.attrs.is_empty() && e.ns == MODS_NS {
        let mut out = String::new();
        nodes_into(&mut out, &e.children, MODS_NS);
        out
    } else {
        serialise(e, MODS_NS)
    }
}

/// An extra value back as an element named `field`.
fn element_of(field: &str, value: &str) -> Option<Element> {
    let whole = value
        .strip_prefix('<')
        .and_then(|v| v.strip_prefix(field))
        .is_some_and(|rest| rest.starts_with([' ', '>', '/']));
    let text = if whole { value.to_string() } else { format!("<{field}>{value}</{field}>") };
    let doc =
        format!("<mods xmlns=\"{MODS_NS}\" xmlns:xlink=\"{XLINK_NS}\" xmlns:xsi=\"{XSI_NS}\">{text}</mods>");
    let mut elements = RecordElements::from_text("<extra>", doc, &ROOTS);
    let m = elements.next()?.ok()?.0;
    let first = m.elements().next().cloned();
    first
}

/// The non-blank texts inside an element, lowercased, without end punctuation.
fn leaves(e: &Element, out: &mut Vec<String>) {
    for n in &e.children {
        match n {
            Node::Text(t) => {
                let t = t.trim().trim_end_matches(['.', ',', ':', ';', '/', ' ']).to_lowercase();
                if !t.is_empty() {
                    out.push(t);
                }
            }
            Node::Element(c) => leaves(c, out),
        }
    }
}

/// Whether the kept element `k` stands for the generated element `g`: the
/// same name, and a text of `g` begins like a text of `k` or the other way round.
fn replaces(k: &Element, g: &Element) -> bool {
    if k.name != g.name {
        return false;
    }
    let (mut kl, mut gl) = (Vec::new(), Vec::new());
    leaves(k, &mut kl);
    leaves(g, &mut gl);
    if gl.is_empty() {
        return kl.is_empty();
    }
    gl.iter().any(|gv| kl.iter().any(|kv| gv.starts_with(kv.as_str()) || kv.starts_with(gv.as_str())))
}

/// Write `r` with its kept elements in place of the generated ones.
pub(super) fn write_with_extra(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let Some(g) = generated(r) else { return super::write::generated(w, r) };
    let mut kept: Vec<(Element, bool)> =
        r.extra_of("mods").filter_map(|e| element_of(&e.field, &e.value)).map(|e| (e, false)).collect();
    // (element, whether it is a kept one)
    let mut out: Vec<(Element, bool)> = Vec::new();
    for child in g.elements() {
        if let Some(slot) = kept.iter_mut().find(|(k, used)| !used && replaces(k, child)) {
            slot.1 = true;
            out.push((slot.0.clone(), true));
        } else if !kept.iter().any(|(k, used)| *used && replaces(k, child)) {
            out.push((child.clone(), false));
        }
    }
    // Elements kept with nothing generated for them go after the last
    // element of their name, else before `recordInfo`.
    for (k, _) in kept.iter().filter(|(_, used)| !used) {
        let at = match out.iter().rposition(|(e, _)| e.name == k.name) {
            Some(i) => i + 1,
            None => out.iter().position(|(e, _)| e.name == "recordInfo").unwrap_or(out.len()),
        };
        out.insert(at, (k.clone(), true));
    }
    // Within the elements of one name: the generated ones before the first
    // kept one (the main title, archcite's CSL genre), then the kept ones in
    // the order they were kept (the input's), then the other generated ones,
    // so that writing what was read back gives the same document.
    let mut names: Vec<String> = Vec::new();
    for (e, _) in &out {
        if !names.contains(&e.name) {
            names.push(e.name.clone());
        }
    }
    for name in names {
        let at: Vec<usize> = (0..out.len()).filter(|&i| out[i].0.name == name).collect();
        let first_kept = at.iter().position(|&i| out[i].1).unwrap_or(at.len());
        let pinned = |j: usize, e: &Element| j < first_kept || is_csl_genre(e);
        let generated: Vec<(usize, &(Element, bool))> =
            at.iter().enumerate().map(|(j, &i)| (j, &out[i])).filter(|(_, (_, k))| !k).collect();
        let mut group: Vec<(Element, bool)> =
            generated.iter().filter(|(j, (e, _))| pinned(*j, e)).map(|(_, x)| (*x).clone()).collect();
        group.extend(kept.iter().filter(|(k, _)| k.name == name).map(|(k, _)| (k.clone(), true)));
        group.extend(generated.iter().filter(|(j, (e, _))| !pinned(*j, e)).map(|(_, x)| (*x).clone()));
        for (i, e) in at.into_iter().zip(group) {
            out[i] = e;
        }
    }
    // The CSL genre is left out when a kept genre already gives the type.
    if let Some(t) = r.work_type {
        let first_other = out
            .iter()
            .filter(|(e, _)| e.name == "genre" && !is_csl_genre(e))
            .find_map(|(e, _)| WorkType::parse_loose(&e.text()).filter(|t| *t != WorkType::Document));
        if first_other == Some(t) {
            out.retain(|(e, k)| *k || !is_csl_genre(e));
        }
    }
    let out: Vec<Element> = out.into_iter().map(|(e, _)| e).collect();
    let mut s = String::from("<mods");
    for a in &g.attrs {
        s.push_str(&format!(" {}=\"{}\"", attr_name(a, &mut Vec::new()), escape(&a.value, true)));
    }
    s.push_str(&format!(" xmlns=\"{MODS_NS}\" xmlns:xlink=\"{XLINK_NS}\" xmlns:xsi=\"{XSI_NS}\">"));
    for e in &out {
        s.push_str("\n  ");
        s.push_str(&serialise(e, MODS_NS));
    }
    s.push_str("\n</mods>");
    w.get_mut().write_all(s.as_bytes())
}

fn is_csl_genre(e: &Element) -> bool {
    e.name == "genre" && e.attr("authority") == Some("csl")
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, attr);
    out
}

/// Escape text (or an attribute value, quotes too) onto `out`.
fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The name to write an attribute under; declares a prefix for a namespace
/// archcite does not declare itself.
fn attr_name(a: &xml::Attr, decls: &mut Vec<String>) -> String {
    match a.ns.as_str() {
        "" => a.name.clone(),
        XLINK_NS => format!("xlink:{}", a.name),
        XSI_NS => format!("xsi:{}", a.name),
        XML_NS => format!("xml:{}", a.name),
        other => {
            let n = decls.len() + 1;
            decls.push(format!(" xmlns:ns{n}=\"{}\"", escape(other, true)));
            format!("ns{n}:{}", a.name)
        }
    }
}

/// An element as XML text, without the blank text between elements; a
/// namespace other than its parent's is declared on it.
fn serialise(e: &Element, parent_ns: &str) -> String {
    let mut out = String::new();
    serialise_into(&mut out, e, parent_ns);
    out
}

fn serialise_into(out: &mut String, e: &Element, parent_ns: &str) {
    let mut decls = Vec::new();
    let mut attrs = String::new();
    for a in e.attrs.iter().filter(|a| !is_schema_location(a)) {
        attrs.push(' ');
        attrs.push_str(&attr_name(a, &mut decls));
        attrs.push_str("=\"");
        escape_into(&mut attrs, &a.value, true);
        attrs.push('"');
    }
    out.push('<');
    out.push_str(&e.name);
    if e.ns != parent_ns {
        out.push_str(" xmlns=\"");
        escape_into(out, &e.ns, true);
        out.push('"');
    }
    out.push_str(&decls.concat());
    out.push_str(&attrs);
    if e.children.iter().all(is_blank) {
        out.push_str("/>");
        return;
    }
    out.push('>');
    nodes_into(out, &e.children, &e.ns);
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// Children as XML text, blank text between elements left out.
fn nodes_into(out: &mut String, nodes: &[Node], ns: &str) {
    for n in nodes {
        match n {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => escape_into(out, t, false),
            Node::Element(c) => serialise_into(out, c, ns),
        }
    }
}

fn is_blank(n: &Node) -> bool {
    matches!(n, Node::Text(t) if t.trim().is_empty())
}

fn is_schema_location(a: &xml::Attr) -> bool {
    a.ns == XSI_NS && a.name == "schemaLocation"
}

/// Whether two elements serialise the same (same name, namespace,
/// attributes in order but the schema location, and children but blank
/// text), found without writing either.
fn same_xml(a: &Element, b: &Element) -> bool {
    if a.name != b.name || a.ns != b.ns {
        return false;
    }
    let kept = |x: &&xml::Attr| !is_schema_location(x);
    if !a.attrs.iter().filter(kept).eq(b.attrs.iter().filter(kept)) {
        return false;
    }
    let mut ca = a.children.iter().filter(|n| !is_blank(n));
    let mut cb = b.children.iter().filter(|n| !is_blank(n));
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return true,
            (Some(Node::Text(x)), Some(Node::Text(y))) if x == y => {}
            (Some(Node::Element(x)), Some(Node::Element(y))) if same_xml(x, y) => {}
            _ => return false,
        }
    }
}
