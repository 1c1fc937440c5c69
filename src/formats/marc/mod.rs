//! MARC 21 bibliographic records in MARCXML (`--to marcxml`, `--from marcxml`):
//! one `<collection>` in the MARC 21 slim namespace, valid against
//! `MARC21slim.xsd` and readable by pymarc; and the same fields in binary
//! MARC 21, ISO 2709 (`--to marc`, `--from marc`, see [`MrcReader`] and
//! [`MrcWriter`]), with MARC-8 decoded on reading.
//!
//! # Mapping
//!
//! | model | MARC 21 |
//! |---|---|
//! | — | Leader `00000ntm a2200000 c 4500`: manuscript language material (06 `t`), monograph (07 `m`), UCS (09 `a`), ISBD punctuation omitted (18 `c`); length and base address are placeholders that pymarc recomputes |
//! | `key` | `001`; without a key, a control number made from the first reference (`RGANI-5-61-462-95-101`), else the record ID, else a hash of the title, which reads back as no key |
//! | `date`, languages | `008` (40 characters, books layout): 00-05 the `uploaded` event as `yymmdd` (else `000000`), 06 date type (`e` detailed, `s` single, `q` approximate or uncertain, `i` inclusive, `n` none), 07-14 the dates, 15-17 `xx ` (place of production not recorded), 35-37 language of the text |
//! | `publication.record_id` | `024 8_ $a` |
//! | `languages` | `041 1_ $a` translation `$h` original (`0_ $a` when there is no translation); MARC codes, or BCP 47 tags with ind2 `7` and `$2 rfc5646` when a tag has more than a language |
//! | `date` | `046 __ $k` (single date or start) `$l` (end, `..` when open) `$2 edtf`, exact; `264 _0 $c` in words |
//! | first author | `100` (person: ind1 `1` "Family, Given", ind1 `0` direct order for family-first names) or `110 2_` |
//! | `title` | `245 $a` (ind1 `1` with a main entry, ind2 the non-filing article length) |
//! | `original_title` | `246 1_ $i Original title: $a` |
//! | leaves or pages of the first reference | `300 $a` "7 leaves" (derived) |
//! | `notes` | `500 $a` "Label: text" (a general note without a label) |
//! | `events` | `518 $o` kind `$d` EDTF date `$a` note |
//! | `summary` | `520 $a` |
//! | — | `524 $a` preferred citation: title, date, conventional references, collection (derived) |
//! | funders | `536 $a` "Funded by ..." (derived; the funders themselves are `710 $4 fnd`) |
//! | `rights` | `540 $a` statement `$u` licence; `542 1_ $d` holder |
//! | obtained-by agents | `541 1_ $a` "Family, Given" `$c` (derived; the persons are `700 $e obtained by`) |
//! | `languages` | `546 $a` "Translated from Russian into English." (derived) |
//! | references, obtained-by | `561 $a` custodial history (derived) |
//! | `published_sources` | `581 $a` |
//! | `people` | `600 14` / `600 04` |
//! | `subjects` | `650 _4` |
//! | `places` | `651 _4` |
//! | `document_type` | `655 _4` the type's label |
//! | other agents | `700` persons, `710 2_` organisations, in record order: `$e` relator term, `$4` relator code (none for participant and obtained-by), `$u` on behalf of |
//! | original-script names | `880` linked by `$6` to their `100`/`600`/`700` (`$6 700-01/$1` style script codes) |
//! | publication collection, place, publisher | `773 0_ $t` collection `$d` "place : publisher" |
//! | `related` | `787 0_ $t` title `$w` record ID `$o` URL |
//! | each reference | `852 8_ $a` repository name `$e` place `$j` shelf mark in conventional short form ("f. 5, op. 61, d. 462, ll. 95–101") `$z` the reference as written |
//! | `publication.url` | `856 40 $u` |
//!
//! Fields are written in tag order; agents keep their relative order within
//! `700` and within `710`. A collection is written even for one record, as
//! catalogue loaders expect.
//!
//! Published works (a work type, identifiers, imprint, container, series,
//! ...) and the fields kept whole in `extra` are mapped as
//! `docs/mapping-marc-mods.md` describes.
//!
//! # Lossy
//!
//! Model → MARC → model keeps title, original title, type, date, events,
//! languages, agents and roles, references, publication, rights, summary,
//! notes, subjects, places, people, related records and published sources,
//! with these losses:
//! - the document `text` is not written (MARC has no place for it);
//! - agents come back grouped: the main entry, then persons, then organisations;
//! - an organisation's abbreviation is not written;
//! - a family-first person without a given name comes back given-first;
//! - a repository is written by name and place: abbreviation, original name and
//!   country come back from the registry when the repository is registered,
//!   else only the name and place;
//! - levels come back by parsing `852 $j` with the reference parser; a shelf
//!   mark it cannot read comes back as one `call-number` level;
//! - note kinds outside the vocabulary come back as general notes whose text
//!   starts with the kind ("Seal impression: ...");
//! - language tags with regions or scripts are kept only when the whole `041`
//!   falls back to BCP 47 tags.
//!
//! MARC → model → MARC is byte-identical for every record archcite writes.

mod binary;
mod marc8;
mod read;
pub(crate) use read::record as record_from_element;
mod write;

pub use binary::{looks_like_iso2709, MrcReader, MrcWriter};
pub use read::MarcReader;
pub(crate) use write::write_element;
pub use write::MarcWriter;

use crate::formats::xml::Roots;

/// The MARC 21 slim namespace.
pub const MARC_NS: &str = "http://www.loc.gov/MARC21/slim";

/// Where the schema lives, for `xsi:schemaLocation`.
const SCHEMA_LOCATION: &str =
    "http://www.loc.gov/MARC21/slim http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd";

pub(crate) static ROOTS: Roots = Roots {
    format: "MARCXML",
    ns: MARC_NS,
    record: "record",
    container: (MARC_NS, "collection"),
    skip: &[],
    transparent: &[],
    notice: None,
    other_ns: &[],
    // MARCXML without its namespace, as some SRU servers and exports write
    // it (`<record><leader>...`): pymarc reads it too.
    bare: Some("leader"),
};

/// One variable data field.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DataField {
    tag: String,
    ind1: char,
    ind2: char,
    subfields: Vec<(char, String)>,
}

impl DataField {
    fn new(tag: &str, ind1: char, ind2: char) -> Self {
        DataField { tag: tag.to_string(), ind1, ind2, subfields: Vec::new() }
    }

    fn sub(mut self, code: char, value: impl Into<String>) -> Self {
        self.subfields.push((code, value.into()));
        self
    }

    fn opt(self, code: char, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.sub(code, v),
            None => self,
        }
    }

    /// The field as an `extra` value: the indicators (`#` for blank), then
    /// each subfield as `$` code value, a `$` in a value written `{dollar}`
    /// as in the MARC mnemonic format.
    fn to_extra(&self) -> String {
        let ind = |c: char| if c == ' ' { '#' } else { c };
        let mut s = format!("{}{}", ind(self.ind1), ind(self.ind2));
        for (code, value) in &self.subfields {
            s.push('$');
            s.push(*code);
            s.push_str(&value.replace('$', "{dollar}"));
        }
        s
    }

    /// A field back from its `extra` value; `None` when the value has no indicators.
    fn from_extra(tag: &str, value: &str) -> Option<DataField> {
        let mut chars = value.chars();
        let ind = |c: char| if c == '#' { ' ' } else { c };
        let (i1, i2) = (ind(chars.next()?), ind(chars.next()?));
        let rest: String = chars.collect();
        let mut f = DataField::new(tag, i1, i2);
        for part in rest.split('$').skip(1) {
            let mut p = part.chars();
            if let Some(code) = p.next() {
                f.subfields.push((code, p.as_str().replace("{dollar}", "$")));
            }
        }
        Some(f)
    }
}

/// Whether `tag` names a control field (`001`-`009`).
fn is_control(tag: &str) -> bool {
    tag.len() == 3 && tag.starts_with("00")
}

/// The MARC-8 script identification code of `$6` for an ISO 15924 script.
fn marc_script(iso: &str) -> Option<&'static str> {
    Some(match iso {
        "Cyrl" => "(N",
        "Grek" => "(S",
        "Hebr" => "(2",
        "Arab" => "(3",
        "Hang" | "Hani" | "Jpan" => "$1",
        _ => return None,
    })
}

/// The control number `001` for a record without a key: the first reference
/// as a slug ("RGANI-5-61-462-95-101"), else the publication's record ID,
/// else a hash of the title. A reader that finds the same number again knows
/// the record had no key.
fn control_number(r: &crate::model::Record) -> String {
    if let Some(reference) = r.references.first() {
        let mut parts: Vec<&str> = reference.repository.iter().map(|x| x.label()).collect();
        parts.extend(reference.levels.iter().map(|l| l.value.as_str()));
        let slug: String = parts
            .join("-")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if !slug.is_empty() {
            return slug;
        }
    }
    if let Some(id) = r.publication.as_ref().and_then(|p| p.record_id.as_ref()) {
        return id.to_string();
    }
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let title =
        r.title.as_ref().map_or_else(|| crate::formats::catalogue::devised_title(r), |t| t.to_string());
    let hash =
        title.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("archcite-{hash:016x}")
}

/// The model fields this format carries (see `Format::carried`).
// `extra[marcxml:*` without its closing bracket: `Format::carries` matches
// a pattern ending in `*` as a prefix.
/// The model fields MARCXML carries beyond what it shares with MODS
/// (`catalogue::CARRIES`; see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &["extra[marcxml:*"];
