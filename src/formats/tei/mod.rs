//! TEI P5: a complete document, valid against `tei_all`, whose `teiHeader`
//! carries the whole record and whose `text/body` holds the document text.
//!
//! # Mapping
//!
//! | model | TEI |
//! |---|---|
//! | `title`, `original_title` | `titleStmt/title[@type=main]` (no `@type` when the input had none), `title[@type=original]` |
//! | agents: author, editor, funder | `titleStmt/author`, `editor`, `funder` (`persName` or `orgName` inside; as the input wrote it when it had no `@n`) |
//! | agents: every other role except participant | `titleStmt/respStmt` with `resp/@key` = role, `resp/@ref` = MARC relator URI |
//! | agents: participant | `profileDesc/particDesc/listPerson[@type=participants]/person` or `org`, `@role=participant` |
//! | agent order | `@n` = position in the record's list, since roles land in different places |
//! | person name | `persName` with `forename`/`surname` in display order; `persName[@type=original-script]` |
//! | organisation | `orgName`; `orgName[@type=abbreviation]` |
//! | `on_behalf_of` | `note[@type=on-behalf-of]` inside the agent's element |
//! | `key` | `publicationStmt/idno[@type=key]` |
//! | publication | `publicationStmt/publisher` (empty when unknown), `pubPlace`, `idno[@type=record-id]`, `idno[@type=URI]`; collection in `seriesStmt/title` |
//! | rights | `publicationStmt/availability`: statement as `p`, `licence/@target`, holder as `p/name[@type=rights-holder]` |
//! | notes | `notesStmt/note[@type=kind]` |
//! | related, published sources | `notesStmt/relatedItem[@type=related|published-source]/bibl` |
//! | references | one `sourceDesc/msDesc` each: `msIdentifier` (country, settlement, repository names, `idno[@type=level]` per level, `altIdentifier[@type=as-written]` for `raw`, `altIdentifier[@type=conventional]`); `msContents/msItem/locus[@type]` for listi/folio/pages |
//! | `date` | `profileDesc/creation/date` and, per reference, `history/origin/origDate`; text = EDTF, attributes `@when` / `@notBefore`/`@notAfter`, `@cert` for approximate (medium) or uncertain (low) |
//! | events | `creation/listChange/change[@type=kind]`, dated by attributes; qualified dates also in `@when-custom` (EDTF) |
//! | languages | `langUsage/language[@ident]`, `@n` = original or translation |
//! | document type, subjects | `textClass/keywords/term[@type=document-type|subject]` |
//! | places | `settingDesc/listPlace/place/placeName` |
//! | people discussed | `particDesc/listPerson[@type=discussed]/person` |
//! | summary | `profileDesc/abstract/p` |
//! | text | `text/body/p`, one per paragraph (split on `\n\n`), `<p/>` when there is none |
//!
//! Published works (`biblStruct` in `sourceDesc`), typed titles and
//! identifiers, and the header elements kept in `extra` as XML and written
//! back in their place (catalogue `msDesc`s, `encodingDesc`, `revisionDesc`,
//! ...): see `docs/mapping-dc-tei.md`.
//!
//! Several records are written as a `teiCorpus`: it is TEI's own container
//! for a collection of `TEI` documents, so the output stays one valid file.
//!
//! # Lossy
//!
//! The round trip model → TEI → model is exact for every field, with these
//! edge cases, all of values no example has:
//! - a family-first person without a given name reads back as given-first
//!   (the order of one name part cannot be shown);
//! - empty `Rights`/`Publication` objects (every field absent) read back as absent;
//! - a reference without a repository starts `msIdentifier` with an `idno`,
//!   which the RELAX NG schema accepts but TEI's Schematron rule does not.

mod bibl;
mod ms;
pub(crate) use ms::is_own_shape;
mod raw;
mod read;
pub(crate) use read::record as record_from_element;
mod write;

pub use read::TeiReader;
pub use write::TeiWriter;

use crate::formats::xml::Roots;
use crate::model::{Certainty, EdtfDate, LevelKind};

/// What `sourceDesc` says when the record has no source to describe.
const NO_REFERENCE: &str = "No archival reference recorded.";

/// The TEI namespace.
/// The `type` of the title an untitled record is written with: TEI requires
/// a title in `titleStmt`, so archcite devises one in brackets (DACS
/// 2.3.18) and says that it did.
const DEVISED: &str = "devised";

/// The TEI namespace.
pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// Where the EDTF specification lives: `@datingMethod` of `@when-custom`.
const EDTF_URI: &str = "https://www.loc.gov/standards/datetime/";

pub(crate) static ROOTS: Roots = Roots {
    format: "TEI",
    ns: TEI_NS,
    record: "TEI",
    container: (TEI_NS, "teiCorpus"),
    skip: &["teiHeader"],
    transparent: &[],
    notice: None,
    other_ns: &[],
    bare: None,
};

/// Levels that name leaves or pages, written as `locus` rather than `idno`.
fn is_locus(kind: &LevelKind) -> bool {
    matches!(kind, LevelKind::Listi | LevelKind::Folio | LevelKind::Pages)
}

/// A vocabulary term as an XML token, or `None` when it has spaces and must go
/// in `@n` beside `@type="other"`.
fn token(s: &str) -> Option<&str> {
    (!s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())).then_some(s)
}

/// TEI's dating attributes for a date: `@when`, or `@notBefore`/`@notAfter`
/// for an interval, `@cert` when qualified.
fn date_attrs(date: &EdtfDate) -> Vec<(&'static str, String)> {
    let mut attrs = Vec::new();
    let mut certainty = Vec::new();
    match date {
        EdtfDate::Single(d) => {
            attrs.push(("when", d.iso()));
            certainty.push(d.certainty());
        }
        EdtfDate::Interval(a, b) => {
            if let Some(a) = a {
                attrs.push(("notBefore", a.iso()));
                certainty.push(a.certainty());
            }
            if let Some(b) = b {
                attrs.push(("notAfter", b.iso()));
                certainty.push(b.certainty());
            }
        }
    }
    if certainty.iter().any(|c| c.is_uncertain()) {
        attrs.push(("cert", "low".into()));
    } else if certainty.iter().any(|c| c.is_approximate()) {
        attrs.push(("cert", "medium".into()));
    }
    attrs
}

/// True when the W3C attributes alone say everything about the date.
fn is_plain(date: &EdtfDate) -> bool {
    let exact = |d: &Option<&crate::model::PartialDate>| d.is_none_or(|d| d.certainty() == Certainty::Exact);
    exact(&date.start()) && exact(&date.end())
}

/// The model fields this format carries (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "subtitle",
    "short_title",
    "original_title",
    "alternate_titles[*",
    "work_type",
    "type",
    "date",
    // Every event is a `change` of its kind and every note a `note` of its
    // kind (`notesStmt`), read back by their `@type`.
    "events[*]",
    "languages.original",
    "languages.translation",
    "agents[participant]",
    "agents[participant].original_script",
    "agents[translator]",
    "agents[translator].on_behalf_of",
    "agents[author]",
    "agents[recorder]",
    "agents[obtained-by]",
    "agents[editor]",
    "agents[container-author]",
    "agents[collection-editor]",
    "agents[funder]",
    "agents[publisher]",
    "references",
    "publication.collection",
    "publication.publisher",
    "publication.place",
    "publication.url",
    "publication.record_id",
    "container.title",
    "container.volume",
    "container.issue",
    "container.pages",
    "container.chapter",
    "series.title",
    "series.number",
    "edition",
    "extent",
    "identifiers[doi]",
    "identifiers[isbn]",
    "identifiers[issn]",
    "identifiers[oclc]",
    "identifiers[lccn]",
    "identifiers[pmid]",
    "identifiers[pmcid]",
    "identifiers[arxiv]",
    "identifiers[handle]",
    "identifiers[urn]",
    "identifiers[ark]",
    "identifiers[call-number]",
    "identifiers[ismn]",
    "identifiers[isrc]",
    "rights.statement",
    "rights.license",
    "rights.holder",
    "summary",
    "notes[*]",
    "subjects",
    "keywords",
    "places",
    "people",
    "related",
    "published_sources",
    "text",
];
