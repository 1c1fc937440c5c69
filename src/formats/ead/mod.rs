//! EAD3 finding aids (`--to ead3`, `--from ead3`), valid against the
//! official `ead3.xsd` and `ead3.rng`.
//!
//! A finding aid describes holdings as a tree: fonds, series, file, item.
//! archcite knows that tree for every record through the levels of its
//! archival reference, so a batch of records becomes one `<ead>` document in
//! which records that share levels share components: three documents of
//! RGANI, f. 5, op. 61, d. 462 sit as three `<c level="item">` under one
//! `<c level="file">` under one `<c level="series">` under one
//! `<c level="fonds">`.
//!
//! # One document, however many repositories
//!
//! An `<ead>` holds exactly one `<archdesc>`, and an XML file exactly one
//! root, so a batch is always one document. Its `<archdesc
//! level="collection">` describes the batch itself: the documents a
//! researcher gathered (its `<unittitle localtype="devised">` says so). When
//! every record is held by one repository, the `<repository>` is given once,
//! in the archdesc's `<did>`; otherwise each repository is named in the
//! `<did>` of the outermost component of its own tree (EAD3 allows
//! `<repository>` in any `<did>`), and a record with no reference sits
//! directly in the `<dsc>`, with no repository.
//!
//! # Mapping
//!
//! | model | EAD3 |
//! |---|---|
//! | reference: repository | `repository/corpname/part` with `@localtype` `abbreviation`, `name`, `original-name`; `repository/address/addressline` with `@localtype` `place`, `country`; `repository[@localtype=unregistered]` for a repository the registry does not know |
//! | reference: levels | one `c` per level, `@level` `fonds` (fond, fonds, bestand, department), `collection`, `subfonds`, `subseries`, `class`, `subgrp` (the same words as kinds), `recordgrp` (record group), `series` (opis, series), `file` (delo, file, piece, papka, storage unit, signatur, volume) or `otherlevel` with `@otherlevel` the kind; its `did/unitid[@localtype=kind]` holds the value; a following `*-title` level is the component's `unittitle[@localtype=kind]` |
//! | reference: trailing box and folder | `container[@localtype=box\|folder]` in the item's `did` (containers, not intellectual levels) |
//! | reference: trailing leaves, pages, folio, call number | `unitid[@localtype=kind]` in the item's `did`; numeric leaves or pages also give `physdescstructured` (derived, not read back) when the record has no extent |
//! | reference: `raw` | `unitid[@localtype=as-cited]` in the item's `did` |
//! | the record | `c[@level=item]` |
//! | `title` | `unittitle` |
//! | `date` | `unitdate[@normal]`, the EDTF form in both |
//! | `languages.original` | `langmaterial/language[@langcode]` (ISO 639-2/B code, or the tag for a tag with more than a language) |
//! | `agents[author]`, `agents[recorder]` | `origination/persname` or `origination/corpname`, `@relator` the role |
//! | `agents[obtained-by]` | `acqinfo/p/persname` or `corpname` with `@relator=obtained-by` |
//! | `agents` in every other role (participant, recipient, translator, funder, editor, publisher...) | `controlaccess/persname` or `corpname` with `@relator` the role (`participant`, `translator`, `funder`...) |
//! | a person | `part[@localtype=surname]`, `part[@localtype=forename]`, `part[@localtype=original-script]`; `@localtype=family-first` on the name for a family-first name |
//! | `extent` | `physdesc` |
//! | `medium` | `physdesc[@localtype=medium]` |
//! | `events` | `custodhist/chronlist/chronitem`: `datesingle` the EDTF date, `event[@localtype=kind]` the note |
//! | `rights` | `userestrict[@localtype=statement]`, `userestrict[@localtype=license]` (`p/ref[@href]`), `userestrict[@localtype=holder]` |
//! | `publication.url` | `dao[@daotype=derived][@href]` |
//! | `summary` | `scopecontent/p`, one paragraph per blank-line-separated block |
//! | `notes` | `odd[@localtype=kind]/p` |
//! | `type` | `controlaccess/genreform[@localtype=document-type]/part`, the type's label ("Memorandum of Conversation") |
//! | `subjects`, `places`, `people` | `controlaccess/subject`, `geogname`, `persname` (no relator) |
//!
//! Every other field is reported as a loss when written (`convert` warns):
//! the text, the publication but its address, identifiers, the published
//! work's description, agents' "on behalf of", translations' languages, keys
//! and extras. A record is placed by its first reference; each further one
//! is reported as a loss too (`references[2]`, ...).
//!
//! # Reading
//!
//! Every `c[@level=item]` becomes a record whose reference is built from
//! its ancestors: the nearest `repository`, and a level for each `unitid`,
//! `container` and `unittitle[@localtype=*-title]` on the way down (a
//! `unitid` without a level kind in `@localtype` takes its kind from the
//! component's `@level`); an item within an item is a record too. A
//! component that holds no item is described, not cited: the reader says so
//! in a warning for each. A finding aid with no item-level component at all
//! has its lowest components read instead, with a warning.
//!
//! EAD 2002 finding aids (`urn:isbn:1-931666-22-9`, or no namespace) are read
//! the same way: their components `c` or `c01`-`c12`, `@type` where EAD3
//! has `@localtype`, `dao/@xlink:href`, names as plain text ("Hunt, James B.").

mod read;
mod write;

pub use read::EadReader;
pub use write::Ead3Writer;

use crate::formats::xml::Roots;

/// The EAD3 namespace.
pub const EAD3_NS: &str = "http://ead3.archivists.org/schema/";

/// The EAD 2002 namespace (read only).
pub const EAD2002_NS: &str = "urn:isbn:1-931666-22-9";
/// The XLink namespace (EAD 2002's `dao/@xlink:href`).
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// The maintenance agency archcite names in the finding aids it writes; a
/// finding aid that names it is read verbatim (see the reader).
const AGENCY: &str = "archcite";

/// The `@localtype` of the item's `unitid` holding the reference as written.
const AS_CITED: &str = "as-cited";

pub(crate) static ROOTS: Roots = Roots {
    format: "EAD3",
    ns: EAD3_NS,
    record: "ead",
    container: (EAD3_NS, "ead"),
    skip: &[],
    transparent: &[],
    notice: None,
    other_ns: &[EAD2002_NS, ""],
    bare: None,
};

/// The model fields an EAD3 finding aid carries so that its reader gives
/// them back (see [`crate::Format::carried`]).
pub(crate) const CARRIES: &[&str] = &[
    "title",
    "type",
    "date",
    "events[*]",
    "languages.original",
    "agents[*]",
    "agents[*].original_script",
    "references",
    "publication.url",
    "extent",
    "medium",
    "rights.statement",
    "rights.license",
    "rights.holder",
    "summary",
    "notes[*]",
    "subjects",
    "places",
    "people",
];
