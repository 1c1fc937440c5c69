//! Data inheritance between entries: `crossref` and `xdata`, as biber does it
//! (biblatex manual §4.11, "Data inheritance", and its default setup in
//! Appendix B).
//!
//! - **`xdata`**: the named `@xdata` entries supply their fields as they are,
//!   where the entry has none of the same name. `@xdata` entries are data
//!   containers, never records themselves.
//! - **`crossref`**: the parent supplies every field the child lacks, except
//!   the fields no entry inherits (`ids`, `crossref`, `xref`, `entryset`,
//!   `entrysubtype`, `execute`, `label`, `options`, `presort`, `related...`,
//!   `shorthand`, `shorthandintro`, `sortkey`). Between the pairs of entry
//!   types of the default table some fields change name: a `@book`'s `title`
//!   is an `@inbook`'s `booktitle` (`subtitle` → `booksubtitle`, `titleaddon`
//!   → `booktitleaddon`), a `@collection`'s or `@proceedings`'s title the
//!   `booktitle` of its `@incollection`/`@inproceedings`, an `@mvbook`'s
//!   title the `maintitle` of its volumes and parts, a `@periodical`'s title
//!   an `@article`'s `journaltitle`, and the `author` of a `@book` or
//!   `@mvbook` is also an `@inbook`'s `bookauthor`. Such a pair does not pass
//!   on `shorttitle`, `sorttitle`, `indextitle` or `indexsorttitle`.
//! - **Classic BibTeX** copies each field the child lacks under its own name
//!   (why BibTeX files give the parent a `booktitle` of its own): a file read
//!   as BibTeX inherits so first, then by biber's table for what is still
//!   missing, so that both kinds of file come out whole.
//! - The child's own fields always win (biber's `override=false`). A field
//!   counts as present under any of its names: `journal` is `journaltitle`,
//!   `address` `location`, `school` `institution`, and `date`, `year`,
//!   `month` and `day` are one date.
//! - `xref` only links two entries: nothing is inherited, the field is kept.
//!
//! The parent stays a record of its own however many children cite it
//! (biber's `mincrossrefs` decides only what a bibliography prints).

use super::read::Fields;
use super::Dialect;

/// Fields no entry inherits, whatever the types.
const NEVER: &[&str] = &[
    "ids",
    "crossref",
    "xref",
    "xdata",
    "entryset",
    "entrysubtype",
    "execute",
    "label",
    "options",
    "presort",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "shorthand",
    "shorthandintro",
    "sortkey",
];

/// A rule of the default table: from entries of `sources` to entries of
/// `targets`, each `(field, as)` is inherited under a new name; `skip` are
/// not inherited at all.
struct Rule {
    sources: &'static [&'static str],
    targets: &'static [&'static str],
    rename: &'static [(&'static str, &'static str)],
    skip: &'static [&'static str],
}

const TITLE_FORMS: &[&str] = &["shorttitle", "sorttitle", "indextitle", "indexsorttitle"];
const MAIN: &[(&str, &str)] =
    &[("title", "maintitle"), ("subtitle", "mainsubtitle"), ("titleaddon", "maintitleaddon")];
const BOOK: &[(&str, &str)] =
    &[("title", "booktitle"), ("subtitle", "booksubtitle"), ("titleaddon", "booktitleaddon")];

const RULES: &[Rule] = &[
    Rule {
        sources: &["mvbook", "book"],
        targets: &["inbook", "bookinbook", "suppbook"],
        rename: &[("author", "author"), ("author", "bookauthor")],
        skip: &[],
    },
    Rule {
        sources: &["mvbook"],
        targets: &["book", "inbook", "bookinbook", "suppbook"],
        rename: MAIN,
        skip: TITLE_FORMS,
    },
    Rule {
        sources: &["mvcollection", "mvreference"],
        targets: &["collection", "reference", "incollection", "inreference", "suppcollection"],
        rename: MAIN,
        skip: TITLE_FORMS,
    },
    Rule {
        sources: &["mvproceedings"],
        targets: &["proceedings", "inproceedings"],
        rename: MAIN,
        skip: TITLE_FORMS,
    },
    Rule {
        sources: &["book"],
        targets: &["inbook", "bookinbook", "suppbook"],
        rename: BOOK,
        skip: TITLE_FORMS,
    },
    Rule {
        sources: &["collection", "reference"],
        targets: &["incollection", "inreference", "suppcollection"],
        rename: BOOK,
        skip: TITLE_FORMS,
    },
    Rule { sources: &["proceedings"], targets: &["inproceedings"], rename: BOOK, skip: TITLE_FORMS },
    Rule {
        sources: &["periodical"],
        targets: &["article", "suppperiodical"],
        rename: &[
            ("title", "journaltitle"),
            ("subtitle", "journalsubtitle"),
            ("titleaddon", "journaltitleaddon"),
        ],
        skip: TITLE_FORMS,
    },
];

/// True for the entry types children inherit from (and `@xdata`): those a
/// reader keeps for the children that may name them.
pub fn is_source_type(kind: &str) -> bool {
    kind == "xdata" || RULES.iter().any(|r| r.sources.contains(&kind))
}

/// Supply the fields of an `@xdata` entry the child lacks, as they are.
pub fn supply(child: &mut Fields, xdata: &Fields) {
    for field in xdata {
        if !NEVER.contains(&field.0.as_str()) && !present(child, &field.0) {
            child.push(field.clone());
        }
    }
    in_read_order(child);
}

/// Fields in the order an entry's own are read in (by name, as the
/// `biblatex` crate keeps them): inherited fields then stand where they will
/// when the child is written out with them and read again.
fn in_read_order(fields: &mut Fields) {
    fields.sort_by(|a, b| a.0.cmp(&b.0));
}

/// Inherit from a `crossref` parent (its own links already resolved).
pub fn inherit(child_kind: &str, child: &mut Fields, parent_kind: &str, parent: &Fields, dialect: Dialect) {
    let (child_kind, parent_kind) = (entry_type(child_kind), entry_type(parent_kind));
    let rules: Vec<&Rule> = RULES
        .iter()
        .filter(|r| r.sources.contains(&parent_kind) && r.targets.contains(&child_kind))
        .collect();
    let renamed = |name: &str| rules.iter().any(|r| r.rename.iter().any(|(from, _)| *from == name));
    let skipped = |name: &str| NEVER.contains(&name) || rules.iter().any(|r| r.skip.contains(&name));
    let same_names = |child: &mut Fields, all: bool| {
        for field in parent {
            let name = field.0.as_str();
            if !skipped(name) && (all || !renamed(name)) && !present(child, name) {
                child.push(field.clone());
            }
        }
    };
    if dialect == Dialect::Bibtex {
        same_names(child, true);
    }
    for (from, to) in rules.iter().flat_map(|r| r.rename.iter()) {
        if present(child, to) {
            continue;
        }
        if let Some(field) = parent.iter().find(|f| f.0 == *from) {
            child.push((to.to_string(), field.1.clone(), field.2.clone()));
        }
    }
    same_names(child, false);
    in_read_order(child);
}

/// BibTeX's `@conference` is biber's `@inproceedings`.
fn entry_type(kind: &str) -> &str {
    match kind {
        "conference" => "inproceedings",
        other => other,
    }
}

/// True when the entry has the field under any of its names.
fn present(fields: &Fields, name: &str) -> bool {
    let wanted = canonical(name);
    fields.iter().any(|f| canonical(&f.0) == wanted)
}

fn canonical(name: &str) -> &str {
    match name {
        "journal" => "journaltitle",
        "address" => "location",
        "school" => "institution",
        "annote" => "annotation",
        "key" => "sortkey",
        "archiveprefix" => "eprinttype",
        "primaryclass" => "eprintclass",
        "year" | "month" | "day" => "date",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string(), Vec::new())).collect()
    }

    fn value<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
        fields.iter().find(|f| f.0 == name).map(|f| f.1.as_str())
    }

    #[test]
    fn a_book_is_an_inbooks_booktitle_and_bookauthor_and_the_child_wins() {
        let parent = fields(&[
            ("title", "Book"),
            ("subtitle", "Sub"),
            ("shorttitle", "B"),
            ("author", "Doe, J."),
            ("publisher", "P"),
            ("year", "1999"),
            ("ids", "x"),
        ]);
        let mut child = fields(&[("title", "Chapter"), ("date", "2000"), ("publisher", "Own")]);
        inherit("inbook", &mut child, "book", &parent, Dialect::Biblatex);
        assert_eq!(value(&child, "title"), Some("Chapter"));
        assert_eq!(value(&child, "booktitle"), Some("Book"));
        assert_eq!(value(&child, "booksubtitle"), Some("Sub"));
        assert_eq!(value(&child, "bookauthor"), Some("Doe, J."));
        assert_eq!(value(&child, "author"), Some("Doe, J."));
        assert_eq!(value(&child, "publisher"), Some("Own"));
        // `date` is the child's: the parent's `year` is the same field.
        assert_eq!(value(&child, "year"), None);
        for absent in ["shorttitle", "subtitle", "ids"] {
            assert_eq!(value(&child, absent), None, "{absent}");
        }
    }

    #[test]
    fn an_mvbook_is_a_maintitle_a_periodical_a_journaltitle_other_pairs_same_names() {
        let mv = fields(&[("title", "Works"), ("volumes", "4")]);
        let mut book = fields(&[("title", "Vol")]);
        inherit("book", &mut book, "mvbook", &mv, Dialect::Biblatex);
        assert_eq!(value(&book, "maintitle"), Some("Works"));
        assert_eq!(value(&book, "title"), Some("Vol"));
        assert_eq!(value(&book, "volumes"), Some("4"));

        let journal = fields(&[("title", "Journal"), ("issn", "1")]);
        let mut article = fields(&[]);
        inherit("article", &mut article, "periodical", &journal, Dialect::Biblatex);
        assert_eq!(value(&article, "journaltitle"), Some("Journal"));
        assert_eq!(value(&article, "title"), None);

        let mut misc = fields(&[]);
        inherit("misc", &mut misc, "book", &journal, Dialect::Biblatex);
        assert_eq!(value(&misc, "title"), Some("Journal"));
    }

    #[test]
    fn bibtex_takes_the_parents_own_booktitle_first() {
        let parent = fields(&[("title", "Proceedings of the X Conference, 2019"), ("booktitle", "X 2019")]);
        let mut bibtex = fields(&[("title", "Paper")]);
        inherit("inproceedings", &mut bibtex, "proceedings", &parent, Dialect::Bibtex);
        assert_eq!(value(&bibtex, "booktitle"), Some("X 2019"));
        let mut biblatex = fields(&[("title", "Paper")]);
        inherit("inproceedings", &mut biblatex, "proceedings", &parent, Dialect::Biblatex);
        assert_eq!(value(&biblatex, "booktitle"), Some("Proceedings of the X Conference, 2019"));
    }

    #[test]
    fn xdata_supplies_fields_as_they_are() {
        let xdata = fields(&[("publisher", "P"), ("location", "L"), ("title", "T")]);
        let mut child = fields(&[("title", "Own"), ("address", "A")]);
        supply(&mut child, &xdata);
        assert_eq!(value(&child, "publisher"), Some("P"));
        assert_eq!(value(&child, "title"), Some("Own"));
        assert_eq!(value(&child, "location"), None);
    }
}
