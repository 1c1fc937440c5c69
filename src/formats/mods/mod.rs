//! MODS 3.8 (`--to mods`, `--from mods`), valid against the official
//! `mods-3-8.xsd`.
//!
//! One record is written as a `<mods>` root, several inside a
//! `<modsCollection>`: a lone `<mods>` is what OAI-PMH and most repository
//! exports exchange, and it is how the other XML formats here behave, so a
//! one-record file looks the same whichever way it was produced. Only the first
//! record is held back (until a second shows that a collection is needed), so
//! memory stays flat however many records stream through.
//!
//! # Mapping
//!
//! | model | MODS |
//! |---|---|
//! | `title` | `titleInfo/title` |
//! | `original_title` | `titleInfo[@type=alternative][@displayLabel=Original title]/title`, `@lang` the original language |
//! | agents | `name[@type=personal]` or `name[@type=corporate]` in record order: `namePart[@type=family]` and `namePart[@type=given]` in display order (family first for family-first names), `alternativeName[@altType=original script][@script]` for the original-script form, `affiliation` for on behalf of, `role/roleTerm` as text and as code (`@authority=marcrelator`; text only for participant and obtained-by); the first author has `@usage=primary` |
//! | — | `typeOfResource[@manuscript=yes]` "text" |
//! | `document_type` | `genre` (the type's label) |
//! | `date` | `originInfo[@eventType=production]/dateCreated[@encoding=w3cdtf][@keyDate=yes]`, `@qualifier` approximate or questionable, `@point` start/end for an interval; approximate *and* uncertain dates as `@encoding=edtf` |
//! | `events` | one `originInfo[@eventType=kind]` each, `dateOther` dated as above, `@displayLabel` the event's note |
//! | `languages` | `language[@objectPart=original]` or `[@objectPart=translation]`, `languageTerm[@type=code][@authority=iso639-2b]` (`@authority=rfc5646` for tags with more than a language) |
//! | leaves or pages | `physicalDescription/extent` "7 leaves" (derived) |
//! | `summary` | `abstract` |
//! | `notes` | `note[@type=kind]` (no type for a general note) |
//! | — | `note[@type=preferred citation]`, `note[@type=funding]` per funder, `note[@type=acquisition]` per obtained-by agent, `note[@type=ownership]` custodial history, `note[@type=language]` (all derived) |
//! | `rights` | `accessCondition[@type=use and reproduction]` statement with `@xlink:href` licence; holder in one with `@displayLabel=Rights holder` |
//! | `subjects`, `places`, `people` | `subject/topic`, `subject/geographic`, `subject/name` |
//! | each reference | `location`: `physicalLocation` repository name, `shelfLocator` conventional short form ("f. 5, op. 61, d. 462, ll. 95–101"), `holdingSimple/copyInformation/note[@type=reference as written]` |
//! | `publication` | `relatedItem[@type=host]` with `titleInfo/title` collection and `originInfo` publisher and place; `identifier[@type=local]` record ID; `location/url[@usage=primary display]` URL |
//! | `related` | `relatedItem` (no type): title, `identifier[@type=local]`, `location/url` |
//! | `published_sources` | `relatedItem[@type=otherVersion][@displayLabel=Reprinted in]/titleInfo/title` |
//! | `key` | `recordInfo/recordIdentifier` |
//!
//! Published works (a work type, identifiers, imprint, container, series,
//! ...) and the fields kept whole in `extra` are mapped as
//! `docs/mapping-marc-mods.md` describes.
//!
//! # Lossy
//!
//! Model → MODS → model keeps everything but:
//! - the document `text` (MODS describes, it does not transcribe);
//! - an organisation's abbreviation;
//! - a family-first person without a given name (comes back given-first);
//! - a repository beyond its name: abbreviation, original name, place and
//!   country come back from the registry when it is registered;
//! - levels come back by parsing `shelfLocator`; one the reference parser cannot
//!   read whole is kept as one `call-number` level;
//! - a note kind outside the vocabulary comes back as written in `@type`, so it
//!   is kept, but a note typed like a derived note ("funding") is dropped.
//!
//! MODS → model → MODS is byte-identical for every record archcite writes.

mod kept;
mod read;
pub(crate) use read::record as record_from_element;
mod write;

pub use read::ModsReader;
pub use write::ModsWriter;

use crate::formats::xml::Roots;

/// The MODS namespace.
pub const MODS_NS: &str = "http://www.loc.gov/mods/v3";
/// The XLink namespace (`xlink:href` of an access condition).
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const SCHEMA_LOCATION: &str = "http://www.loc.gov/mods/v3 http://www.loc.gov/standards/mods/v3/mods-3-8.xsd";

pub(crate) static ROOTS: Roots = Roots {
    format: "MODS",
    ns: MODS_NS,
    record: "mods",
    container: (MODS_NS, "modsCollection"),
    skip: &[],
    transparent: &[],
    notice: None,
    other_ns: &[],
    bare: None,
};

/// Note types archcite derives from other fields; never read back as notes.
const DERIVED_NOTES: &[&str] = &["preferred citation", "funding", "acquisition", "ownership", "language"];

/// `@type` of the note holding a reference as written.
const AS_WRITTEN: &str = "reference as written";
/// `@displayLabel` of the rights holder's access condition.
const RIGHTS_HOLDER: &str = "Rights holder";
/// `@displayLabel` of the original title.
const ORIGINAL_TITLE: &str = "Original title";
/// `@displayLabel` of a published source.
const REPRINTED_IN: &str = "Reprinted in";

/// `@displayLabel` of a subject holding a keyword.
const KEYWORDS: &str = "Keywords";
/// `@eventType` of the date the printing publication appeared (`issued`).
const ISSUED: &str = "issued";
/// `identifier/@type` of the work's own number (report, patent, standard).
const REPORT_NUMBER: &str = "report number";

/// A published work (a type, or a place in a container) has its imprint in
/// `originInfo[@eventType=publication]`; an archival document its date of
/// production, the digital collection and its publisher in the host item.
fn published(r: &crate::model::Record) -> bool {
    r.work_type.is_some() || r.container.is_some()
}

/// The model fields MODS carries beyond what it shares with MARCXML
/// (`catalogue::CARRIES`; see `Format::carried`): every identifier, whatever
/// its scheme, is an `<identifier type="...">`.
pub(crate) const CARRIES: &[&str] = &["languages.translation", "extra[mods:*", "identifiers[*]"];
