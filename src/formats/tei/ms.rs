//! Manuscript descriptions from other catalogues (`msDesc` with physical
//! description, history, contents): kept whole in `extra`, and what the model
//! has fields for read out of them as well.

use super::TEI_NS as NS;
use crate::formats::xml::Element;
use crate::model::{LanguageTag, NonEmpty, Note, NoteKind, Record};

/// The elements archcite itself writes in an `msDesc`.
const OWN: &[&str] = &[
    "msIdentifier",
    "country",
    "settlement",
    "repository",
    "orgName",
    "idno",
    "altIdentifier",
    "msContents",
    "msItem",
    "locus",
    "title",
    "history",
    "origin",
    "origDate",
];

/// True when the `msDesc` has only what archcite writes from a reference, so
/// the reference alone gives it back.
pub(crate) fn is_own_shape(ms: &Element) -> bool {
    fn own(e: &Element) -> bool {
        e.elements().all(|c| c.ns == NS && OWN.contains(&c.name.as_str()) && own(c))
    }
    ms.attrs.is_empty() && own(ms)
}

/// Whitespace collapsed.
fn flat(e: &Element) -> Option<NonEmpty> {
    NonEmpty::new(&e.text().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every descendant named `name`.
pub(super) fn descendants<'a>(e: &'a Element, name: &'a str, out: &mut Vec<&'a Element>) {
    for c in e.elements() {
        if c.is(NS, name) {
            out.push(c);
        }
        descendants(c, name, out);
    }
}

/// What a catalogue's `msDesc` says that the model has fields for: languages
/// of the text, extent, places of origin, provenance and acquisition. Values
/// already on the record are not added again (the whole element is kept too).
pub(super) fn read_foreign(ms: &Element, r: &mut Record) {
    let mut found = Vec::new();
    descendants(ms, "textLang", &mut found);
    for t in found.drain(..) {
        let langs = t
            .attr("mainLang")
            .into_iter()
            .chain(t.attr("otherLangs").into_iter().flat_map(|o| o.split_whitespace()));
        for l in langs {
            if let Ok(tag) = l.parse::<LanguageTag>() {
                if !r.languages.original.contains(&tag) {
                    r.languages.original.push(tag);
                }
            }
        }
    }
    descendants(ms, "extent", &mut found);
    if r.extent.is_none() {
        r.extent = found.first().and_then(|e| flat(e));
    }
    found.clear();
    descendants(ms, "origPlace", &mut found);
    for p in found.drain(..) {
        if let Some(place) = flat(p) {
            if !r.places.contains(&place) {
                r.places.push(place);
            }
        }
    }
    for kind in ["provenance", "acquisition"] {
        descendants(ms, kind, &mut found);
        for p in found.drain(..) {
            let Some(text) = flat(p) else { continue };
            let note = Note { kind: NoteKind::parse_loose(kind).unwrap_or(NoteKind::General), text };
            if !r.notes.contains(&note) {
                r.notes.push(note);
            }
        }
    }
}
