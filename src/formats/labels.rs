//! What the citation formats (CSL-JSON, BibTeX, BibLaTeX) share: citation
//! keys, the conventional form of an archival location, the repository label
//! and the credit line ("Obtained by ... Translated by ...").
//!
//! Kept in one place so that the three formats cite a record the same way.

use unicode_normalization::UnicodeNormalization;

use crate::model::{Agent, ArchivalReference, Contributor, LevelKind, Record, Repository, Role};

/// How an archival location is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocationForm {
    /// "Fond 5, Opis 61, Delo 462, Listi 95–101".
    Full,
    /// "f. 5, op. 61, d. 462, ll. 95–101".
    #[default]
    Short,
}

/// The archival location in its conventional short form,
/// "f. 5, op. 61, d. 462, ll. 95–101" (other archives in their own notation);
/// with no levels, the raw reference is the best there is.
pub fn conventional_location(reference: &ArchivalReference) -> String {
    location(reference, LocationForm::Short)
}

/// The archival location in `form`; with no levels, the raw reference (a
/// repository with a raw "Special Folder, box 3" still has that location).
pub fn location(reference: &ArchivalReference, form: LocationForm) -> String {
    if reference.levels.is_empty() {
        return reference.raw.as_deref().unwrap_or_default().to_string();
    }
    let style = match form {
        LocationForm::Full => crate::refparse::RenderStyle::Full,
        LocationForm::Short => crate::refparse::RenderStyle::Short,
    };
    crate::refparse::render_location(reference, style)
}

/// "Russian State Archive of Contemporary History (RGANI)": the name with the
/// abbreviation readers look for, or whichever of the two is known.
pub fn repository_label(repository: &Repository) -> String {
    match (&repository.name, &repository.abbreviation) {
        (Some(n), Some(a)) => format!("{n} ({a})"),
        _ => repository.full_label().to_string(),
    }
}

/// A reference as one line: "RGANI, f. 5, op. 61, d. 462, ll. 95–101".
pub fn short_reference(reference: &ArchivalReference) -> String {
    reference_line(reference, LocationForm::Short)
}

/// A reference as one line with its location in `form`.
pub fn reference_line(reference: &ArchivalReference, form: LocationForm) -> String {
    let location = location(reference, form);
    match &reference.repository {
        Some(r) if location.is_empty() => r.label().to_string(),
        Some(r) => format!("{}, {location}", r.label()),
        None => location,
    }
}

/// The credit line of a digital edition: who obtained, transcribed, translated
/// (when `with_translators`), provided and funded the document, in that order.
pub fn credits(record: &Record, with_translators: bool) -> Option<String> {
    let mut roles = vec![(Role::ObtainedBy, "Obtained by")];
    if with_translators {
        roles.push((Role::Translator, "Translated by"));
    }
    roles.extend([
        (Role::Transcriber, "Transcribed by"),
        (Role::Provider, "Provided by"),
        (Role::Funder, "Funded by"),
    ]);
    let sentences: Vec<String> = roles
        .into_iter()
        .filter_map(|(role, label)| {
            let names: Vec<String> = record.agents_in(role).map(credit_name).collect();
            (!names.is_empty()).then(|| format!("{label} {}.", join_names(&names)))
        })
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

fn credit_name(c: &Contributor) -> String {
    match &c.on_behalf_of {
        Some(org) => format!("{} for {org}", c.agent.display_name()),
        None => c.agent.display_name(),
    }
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Hands out citation keys that are unique within one output.
///
/// The key is the record's own `key` when it has one, else a readable key built
/// from the first reference (`rgani-5-61-462-1969`), else from the first
/// author's name or the title, and the year. Collision rule: the first record
/// to ask for a key gets it as is; the n-th record asking for the same key
/// gets it with `-n` appended (`rgani-5-61-462-1969-2`), skipping suffixes
/// already taken, so keys depend only on the records and their order.
///
/// Memory: a batch of a million records keeps a million keys, so the keys are
/// held end to end in one string and the set holds only their places in it
/// (16 bytes a key and the key's own bytes, where a set of `String`s costs a
/// 24-byte slot and a separate allocation of at least 32 bytes per key).
#[derive(Default)]
pub struct CiteKeys {
    /// Every key taken so far, end to end.
    arena: String,
    /// Where each taken key lies in `arena`: start and end.
    taken: hashbrown::HashTable<(usize, usize)>,
    hasher: std::hash::RandomState,
}

impl CiteKeys {
    /// The key for the next record of this output.
    pub fn key_for(&mut self, record: &Record) -> String {
        let mut key = base_key(record);
        if let Some(suffix) = self.settle(&key) {
            key.push_str(&suffix);
        }
        key
    }

    /// Take `base` for the next record: `None` when it is free, else the
    /// suffix (`-2`, `-3`, ...) that makes it unique.
    pub fn settle(&mut self, base: &str) -> Option<String> {
        if self.take(base) {
            return None;
        }
        let mut key = String::with_capacity(base.len() + 3);
        let mut n = 1;
        loop {
            n += 1;
            key.clear();
            key.push_str(base);
            key.push('-');
            key.push_str(&n.to_string());
            if self.take(&key) {
                return Some(key.split_off(base.len()));
            }
        }
    }

    /// Take `key` if it is free: true when it was.
    fn take(&mut self, key: &str) -> bool {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key);
        let arena = &self.arena;
        if self.taken.find(hash, |&(s, e)| &arena[s..e] == key).is_some() {
            return false;
        }
        let start = self.arena.len();
        self.arena.push_str(key);
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.taken.insert_unique(hash, (start, arena.len()), |&(s, e)| hasher.hash_one(&arena[s..e]));
        true
    }

    /// Settle the key of a rendered record, putting its suffix in place.
    pub fn settle_rendered(&mut self, rendered: &mut Vec<u8>, slot: Option<&super::KeySlot>) {
        let Some(slot) = slot else { return };
        if let Some(suffix) = self.settle(&slot.key) {
            let end = slot.end.min(rendered.len());
            rendered.splice(end..end, suffix.into_bytes());
        }
    }
}

/// The key a record asks for before it is made unique in its output: its own
/// key made safe for BibTeX, else one generated from what it holds.
pub fn base_key(record: &Record) -> String {
    match &record.key {
        Some(k) => sanitize_key(k),
        None => generated_key(record),
    }
}

/// A user's key with the characters BibTeX cannot have in a key replaced.
fn sanitize_key(key: &str) -> String {
    key.chars().map(|c| if c.is_whitespace() || "\",#%'(){}=\\~@".contains(c) { '-' } else { c }).collect()
}

/// The readable key of a record: repository and levels (without leaves or
/// pages, which identify a part of the file, not the document), then the year.
pub fn generated_key(record: &Record) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(reference) = record.references.first() {
        parts.extend(reference.repository.as_ref().map(|r| r.label().to_string()));
        let identifying = reference
            .levels
            .iter()
            .filter(|l| !matches!(l.kind, LevelKind::Listi | LevelKind::Pages | LevelKind::Folio));
        parts.extend(identifying.take(4).map(|l| l.value.to_string()));
    }
    if parts.is_empty() {
        parts.push(match record.agents_in(Role::Author).next().map(|c| &c.agent) {
            Some(Agent::Person(p)) => p.family.to_string(),
            Some(Agent::Organization(o)) => o.abbreviation.as_deref().unwrap_or(&o.name).to_string(),
            // An untitled record: its form ("letter"), else "untitled".
            None => {
                let words = record.title.as_deref().or(record.document_type.as_ref().map(|t| t.label()));
                words.unwrap_or("untitled").split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            }
        });
    }
    parts.extend(record.date.as_ref().and_then(|d| d.start().or(d.end())).map(|d| d.iso_year()));
    let key = slug(&parts.join(" "));
    if key.is_empty() {
        "record".to_string()
    } else {
        key
    }
}

/// Lowercase ASCII words joined by `-`; Latin letters lose their accents,
/// other scripts are dropped (a key must be typeable on any keyboard).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in ascii_fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Strip accents from Latin letters and spell out the few letters that do not
/// decompose (ß, æ, ø, ł, ...); drop everything else that is not ASCII.
pub fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            _ if c.is_ascii() => out.push(c),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ı' => out.push('i'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn reference(levels: &[(&str, &str)]) -> ArchivalReference {
        ArchivalReference {
            repository: None,
            levels: levels.iter().map(|(k, v)| Level::new(k.parse().unwrap(), v).unwrap()).collect(),
            raw: None,
        }
    }

    #[test]
    fn keys_asked_again_get_the_first_free_suffix() {
        let mut keys = CiteKeys::default();
        assert_eq!(keys.settle("a"), None);
        // A record whose own key looks like a suffixed one takes it first.
        assert_eq!(keys.settle("a-2"), None);
        assert_eq!(keys.settle("a").as_deref(), Some("-3"));
        assert_eq!(keys.settle("a").as_deref(), Some("-4"));
        assert_eq!(keys.settle("a-3").as_deref(), Some("-2"));
        assert_eq!(keys.settle("b"), None);
        // Many keys: every one is told apart, none is lost when the table grows.
        for n in 0..10_000 {
            assert_eq!(keys.settle(&format!("k{n}")), None);
        }
        for n in 0..10_000 {
            assert_eq!(keys.settle(&format!("k{n}")).as_deref(), Some("-2"));
        }
    }

    #[test]
    fn russian_levels_are_abbreviated_with_en_dash_ranges() {
        let r = reference(&[("fond", "5"), ("opis", "61"), ("delo", "462"), ("listi", "95-101")]);
        assert_eq!(conventional_location(&r), "f. 5, op. 61, d. 462, ll. 95–101");
        let r = reference(&[("fond", "R-9401"), ("papka", "11"), ("listi", "29 ob.")]);
        assert_eq!(conventional_location(&r), "f. R-9401, p. 11, l. 29 ob.");
    }

    #[test]
    fn slugs_fold_accents_and_drop_other_scripts() {
        assert_eq!(slug("MNL OL XIX-J-1-j Ünnep Łódź Ким 1955"), "mnl-ol-xix-j-1-j-unnep-lodz-1955");
    }
}
