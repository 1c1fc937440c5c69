//! Dublin Core as the input wrote it.
//!
//! archcite writes Dublin Core in its own spelling: a contributor with its
//! role ("Smidts, A. (contributor)"), languages as ISO 639-2 (`dut`), the
//! DCMI type beside the genre, an ISBN as `urn:isbn:`. A record read from a
//! harvest spelled otherwise (`nl`, `Article`, a bare ISBN) would come back
//! changed, though the model holds the same values. So the reader keeps, for
//! each element whose values it would not write back as they were, the
//! values as read together with the values the writer makes of them; the
//! writer puts the values as read back in place of its own for as long as
//! its own still include those. Values the record gained since (an OAI-PMH
//! header's identifier, a user's edit) are written after them in the
//! writer's spelling; once a value the writer made of the input is gone,
//! the element is written in the writer's spelling alone.
//!
//! A kept element is an `extra` marker of the Dublin Core flavour read:
//! field `@as-read:dc:contributor`, value: the values as read separated by
//! U+001F, U+001E, then the writer's values separated by U+001F.

use super::write::{generated, Leaf};
use super::Flavor;
use crate::model::{Extra, Record};

const PREFIX: &str = "@as-read:";
const SEPARATOR: char = '\u{1f}';
const GROUP: char = '\u{1e}';

/// The markers of the elements whose values as read (`read`: element name as
/// written, `dc:x` or `dcterms:x`, and text, in input order) differ from
/// what the writer makes of the record.
pub(super) fn markers(flavor: Flavor, r: &Record, read: &[(String, String)]) -> Vec<Extra> {
    let written = generated(flavor, r);
    let mut names: Vec<&str> = Vec::new();
    for name in read.iter().map(|(n, _)| n.as_str()).chain(written.iter().map(|l| l.name.as_str())) {
        if is_kept_element(name) && !names.contains(&name) {
            names.push(name);
        }
    }
    let format = format_of(flavor);
    names
        .into_iter()
        .filter_map(|name| {
            let original: Vec<&str> =
                read.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect();
            let mine = values(&written, name);
            // In order too: a file written back must come back byte for byte.
            if original == mine {
                return None;
            }
            let value = format!("{}{GROUP}{}", join(&original), join(&mine));
            Extra::new(format, &format!("{PREFIX}{name}"), value)
        })
        .collect()
}

/// The writer's elements with the values as read put back, each kept
/// element's values where its first element was (or at the end when the
/// writer has none of it), followed by the values the record gained since.
pub(super) fn restore(flavor: Flavor, r: &Record, mut leaves: Vec<Leaf>) -> Vec<Leaf> {
    let format = format_of(flavor);
    for e in r.extra_of(format) {
        let Some(name) = e.field.strip_prefix(PREFIX) else { continue };
        let Some((original, made)) = e.value.split_once(GROUP) else { continue };
        let Some(gained) = less(values(&leaves, name), &split(made)) else { continue };
        let at = leaves.iter().position(|l| l.name == name).unwrap_or(leaves.len());
        let gained: Vec<String> = gained.into_iter().map(str::to_string).collect();
        leaves.retain(|l| l.name != name);
        let at = at.min(leaves.len());
        let kept = split(original).into_iter().map(str::to_string).chain(gained);
        let kept = kept.map(|value| Leaf { name: name.to_string(), attrs: Vec::new(), value });
        leaves.splice(at..at, kept);
    }
    leaves
}

/// `all` less each of `made` once; `None` when one of `made` is not in `all`.
fn less<'a>(mut all: Vec<&'a str>, made: &[&str]) -> Option<Vec<&'a str>> {
    for m in made {
        let at = all.iter().position(|v| v == m)?;
        all.remove(at);
    }
    Some(all)
}

fn join(values: &[&str]) -> String {
    values.join(&SEPARATOR.to_string())
}

fn split(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(SEPARATOR).collect()
    }
}

/// True for an element whose values may be kept as read: the Dublin Core
/// elements and terms (another vocabulary's elements are kept whole, in
/// `extra`, already).
fn is_kept_element(name: &str) -> bool {
    name.starts_with("dc:") || name.starts_with("dcterms:")
}

fn format_of(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Simple => "dc",
        Flavor::Qualified => "dcterms",
    }
}

fn values<'a>(leaves: &'a [Leaf], name: &str) -> Vec<&'a str> {
    leaves.iter().filter(|l| l.name == name).map(|l| l.value.as_str()).collect()
}
