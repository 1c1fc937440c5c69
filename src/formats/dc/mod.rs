//! Dublin Core: simple DC in the OAI-PMH `oai_dc:dc` container (`--to dc`) and
//! qualified DC, DCMI terms in DCMI's `qualifieddc` container (`--to dcterms`).
//!
//! # Mapping
//!
//! | model | `dc` (oai_dc) | `dcterms` (qualifieddc) |
//! |---|---|---|
//! | `title` | `dc:title` | `dc:title` |
//! | `original_title` | second `dc:title` (`xml:lang` of the original) | `dcterms:alternative` |
//! | authors | `dc:creator` ("Family, Given" or the organisation) | same |
//! | every other agent, funders included | `dc:contributor` "Name (role label)" | same |
//! | `date` | `dc:date` in W3CDTF (`YYYY[-MM[-DD]]`, an interval as `start/end`); when approximate or uncertain a second `dc:date` holds the EDTF text (`1969~`) | `dcterms:created` typed `dcterms:W3CDTF` (an interval: `dcterms:Period`), plus an untyped `dcterms:created` with the EDTF text when that says more |
//! | events | `dc:description` "Registered 1969-06-10: Nº 362" | same |
//! | `document_type` | `dc:type` "Text" (DCMI type) and `dc:type` with the type's label | same, "Text" typed `dcterms:DCMIType` |
//! | `languages` | `dc:language`, ISO 639-2/B codes (`rus`), the BCP 47 tag when there is none | same, typed `dcterms:ISO639-2` / `dcterms:RFC4646` |
//! | `summary` | first `dc:description` | `dcterms:abstract` |
//! | notes | `dc:description` "Label: text" | same |
//! | `subjects`, people discussed | `dc:subject` | same |
//! | `places` | `dc:coverage` | `dcterms:spatial` |
//! | references | `dc:source`, the conventional string | same, plus `dcterms:provenance` ("Held by ...", "Copy obtained by ...") |
//! | publication | `dc:publisher`; `dc:identifier` for the URL and the record ID; `dc:relation` for the collection | `dcterms:isPartOf` for the collection, the URL typed `dcterms:URI`, plus `dcterms:bibliographicCitation` |
//! | `related` | `dc:relation` (URL, else title, else record ID) | same, a URL typed `dcterms:URI` |
//! | `published_sources` | `dc:source` | same |
//! | rights | `dc:rights` for statement, licence URI and holder | `dc:rights`, `dcterms:license` (typed URI), `dcterms:rightsHolder` |
//!
//! Several records are written inside a `<records>` element (no namespace; OAI-PMH
//! has no container of its own outside its protocol envelope); each record in it is
//! a complete `oai_dc:dc` / `qualifieddc` element. One record is the document root.
//!
//! # Lossy
//!
//! Dublin Core is flat text, so reading it back keeps less than was written:
//! - not written: `key`, the document `text`, `on_behalf_of`, an organisation's
//!   abbreviation, a person's original-script name, the repository and levels of
//!   a reference as structure (the conventional string comes back as `raw`);
//! - agents come back from "Family, Given" as persons, else as organisations
//!   (funders always as organisations), so a family-first person ("Kim Il Sung")
//!   returns as an organisation of the same name;
//! - original and translation languages come back as original languages;
//! - people discussed come back as subjects; published sources as references;
//! - notes and events outside the named vocabularies come back as general notes;
//! - in `dc`, rights text is told apart only by order (statement, then holder),
//!   and the collection is the first `dc:relation` that is not a URL;
//! - `dcterms:provenance` and `dcterms:bibliographicCitation` derived from
//!   other fields are skipped when reading; others are kept.
//!
//! # Published works and kept values
//!
//! Work types, typed identifiers, container citations, extent and medium,
//! dates beside the work's own, and every value the model has no field for
//! (kept in `extra` and written back): see `docs/mapping-dc-tei.md`.

mod as_read;
mod read;
pub(crate) mod shape;
pub(crate) use read::record as record_from_element;
pub(crate) use read::DCMI_TYPES;
mod write;

pub use read::DcReader;
pub use write::DcWriter;

use crate::formats::xml::Roots;
use crate::model::{Agent, Contributor, EdtfDate, Role};

/// The OAI-PMH `oai_dc` container namespace.
pub const OAI_DC_NS: &str = "http://www.openarchives.org/OAI/2.0/oai_dc/";
/// The DCMI element set namespace.
pub const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
/// The DCMI terms namespace.
pub const DCTERMS_NS: &str = "http://purl.org/dc/terms/";
/// Namespace of OCLC's `oai_qdc:qualifieddc` container, which OAI-PMH
/// providers (CONTENTdm, REPOX) serve qualified Dublin Core in.
pub const OCLC_QDC_NS: &str = "http://worldcat.org/xmlschemas/qdc-1.0/";

/// The fifteen elements of the DCMI element set (`dc:`).
pub(crate) const DC_ELEMENTS: &[&str] = &[
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
];

/// Simple or qualified Dublin Core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `oai_dc:dc` with the 15 elements.
    Simple,
    /// `qualifieddc` with DCMI terms and encoding schemes.
    Qualified,
}

pub(crate) static SIMPLE_ROOTS: Roots = Roots {
    format: "Dublin Core (oai_dc)",
    ns: OAI_DC_NS,
    record: "dc",
    container: ("", "records"),
    skip: &[],
    transparent: &[],
    notice: None,
    other_ns: &[],
    bare: None,
};

pub(crate) static QUALIFIED_ROOTS: Roots = Roots {
    format: "qualified Dublin Core",
    ns: "",
    record: "qualifieddc",
    container: ("", "records"),
    skip: &[],
    transparent: &[],
    notice: None,
    // OAI-PMH providers (CONTENTdm, REPOX) serve it as OCLC's `oai_qdc:qualifieddc`.
    other_ns: &[OCLC_QDC_NS],
    bare: None,
};

/// A name as catalogues sort it: "Goldberg, Gary", "Kim Il Sung", "Wilson Center".
fn sort_name(agent: &Agent) -> String {
    match agent {
        Agent::Person(p) => p.sort_name(),
        Agent::Organization(o) => o.name.to_string(),
    }
}

/// `dc:contributor` text: "Goldberg, Gary (translator)".
fn contributor_text(c: &Contributor) -> String {
    format!("{} ({})", sort_name(&c.agent), c.role.label())
}

/// The role named by a contributor's label, when the label is one of ours.
fn role_of_label(label: &str) -> Option<Role> {
    crate::model::ROLES.iter().copied().find(|r| r.label() == label)
}

/// W3CDTF text of a date: `1969-04-14`; an interval as `start/end` with `..`
/// for an open end.
fn w3cdtf(date: &EdtfDate) -> String {
    match date {
        EdtfDate::Single(d) => d.iso(),
        EdtfDate::Interval(a, b) => {
            let end = |d: &Option<crate::model::PartialDate>| d.map_or("..".to_string(), |d| d.iso());
            format!("{}/{}", end(a), end(b))
        }
    }
}

/// The model fields both Dublin Core flavours carry (see `Format::carried`).
pub(crate) const CARRIES: &[&str] = &[
    "title",
    "original_title",
    "work_type",
    "type",
    "date",
    "events[registered]",
    "languages.original",
    "agents[translator]",
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
    "publication.url",
    "publication.record_id",
    "container.volume",
    "container.issue",
    "container.pages",
    "container.chapter",
    "extent",
    "medium",
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
    "rights.statement",
    "rights.license",
    "summary",
    "notes[stamp]",
    "subjects",
    "places",
    "published_sources",
];
/// The model fields simple Dublin Core carries beyond `CARRIES`.
pub(crate) const CARRIES_DC: &[&str] = &["extra[dc:*"];
/// The model fields qualified Dublin Core carries beyond `CARRIES`.
pub(crate) const CARRIES_DCTERMS: &[&str] = &["rights.holder", "extra[dcterms:*"];
