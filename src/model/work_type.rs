//! What kind of work a record describes: the CSL 1.0.2 item types, with one
//! row per type saying what each format calls it.
//!
//! An archival document as archcite has always modelled it has no work type
//! (`work_type` absent): its genre is [`super::DocumentType`] and every format
//! writes it as it did before (CSL `manuscript`, BibTeX `@misc`, RIS
//! `MANSCPT`). A work type is set for published works (articles, books,
//! chapters, FRUS volumes) and for anything a reader finds typed in its input.
//!
//! The table is the single place where formats meet on types: writers take
//! their column, readers look a term up in the same rows plus the extra
//! spellings each format knows (`READ_*` tables below). `docs/work-types.md`
//! prints it.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! work_types {
    ($( $(#[$m:meta])* $variant:ident = $csl:literal, $label:literal; )*) => {
        /// A CSL 1.0.2 item type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum WorkType {
            $( $(#[$m])* #[serde(rename = $csl)] $variant, )*
        }

        /// Every work type, in CSL's alphabetical order.
        pub const WORK_TYPES: &[WorkType] = &[$(WorkType::$variant),*];

        impl WorkType {
            /// The CSL 1.0.2 name: `article-journal`, `legal_case`.
            pub fn csl(self) -> &'static str {
                match self { $(WorkType::$variant => $csl,)* }
            }

            /// An English label: "Journal article".
            pub fn label(self) -> &'static str {
                match self { $(WorkType::$variant => $label,)* }
            }
        }
    };
}

work_types! {
    /// An article of no more precise kind.
    Article = "article", "Article";
    /// A journal article.
    ArticleJournal = "article-journal", "Journal article";
    /// A magazine article.
    ArticleMagazine = "article-magazine", "Magazine article";
    /// A newspaper article.
    ArticleNewspaper = "article-newspaper", "Newspaper article";
    /// A proposed piece of legislation.
    Bill = "bill", "Bill";
    /// A book (a monograph, an edited volume, a published document collection).
    Book = "book", "Book";
    /// A radio or television broadcast.
    Broadcast = "broadcast", "Broadcast";
    /// A chapter or other part of a book.
    Chapter = "chapter", "Chapter";
    /// A classical work cited by its canonical divisions.
    Classic = "classic", "Classic";
    /// An archival collection, exhibition or other gathering of items.
    Collection = "collection", "Collection";
    /// A dataset.
    Dataset = "dataset", "Dataset";
    /// A document of no more precise kind.
    Document = "document", "Document";
    /// An entry in a reference work.
    Entry = "entry", "Entry";
    /// A dictionary entry.
    EntryDictionary = "entry-dictionary", "Dictionary entry";
    /// An encyclopedia entry.
    EntryEncyclopedia = "entry-encyclopedia", "Encyclopedia entry";
    /// An event (a conference, an exhibition).
    Event = "event", "Event";
    /// A figure.
    Figure = "figure", "Figure";
    /// A picture, drawing, photograph or other graphic.
    Graphic = "graphic", "Graphic";
    /// A hearing of a legislative or government body.
    Hearing = "hearing", "Hearing";
    /// An interview.
    Interview = "interview", "Interview";
    /// A legal case.
    LegalCase = "legal_case", "Legal case";
    /// An enacted piece of legislation.
    Legislation = "legislation", "Legislation";
    /// An unpublished manuscript.
    Manuscript = "manuscript", "Manuscript";
    /// A map.
    Map = "map", "Map";
    /// A film or video.
    MotionPicture = "motion_picture", "Motion picture";
    /// A musical score.
    MusicalScore = "musical_score", "Musical score";
    /// A pamphlet.
    Pamphlet = "pamphlet", "Pamphlet";
    /// A paper in conference proceedings.
    PaperConference = "paper-conference", "Conference paper";
    /// A patent.
    Patent = "patent", "Patent";
    /// A performance.
    Performance = "performance", "Performance";
    /// A whole periodical (a journal issue, a newspaper run).
    Periodical = "periodical", "Periodical";
    /// A letter, e-mail or other personal communication.
    PersonalCommunication = "personal_communication", "Personal communication";
    /// A post on a forum or social network.
    Post = "post", "Post";
    /// A blog post.
    PostWeblog = "post-weblog", "Blog post";
    /// A regulation.
    Regulation = "regulation", "Regulation";
    /// A report (technical, government, working paper).
    Report = "report", "Report";
    /// A review.
    Review = "review", "Review";
    /// A book review.
    ReviewBook = "review-book", "Book review";
    /// Software.
    Software = "software", "Software";
    /// A music or sound recording.
    Song = "song", "Recording";
    /// A speech or presentation.
    Speech = "speech", "Speech";
    /// A standard or specification.
    Standard = "standard", "Standard";
    /// A thesis or dissertation.
    Thesis = "thesis", "Thesis";
    /// A treaty.
    Treaty = "treaty", "Treaty";
    /// A web page.
    Webpage = "webpage", "Web page";
}

/// One row of the type table: what each format writes for a work type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeRow {
    /// The work type.
    pub work_type: WorkType,
    /// BibTeX entry type (the standard styles' types; `misc` where none fits).
    pub bibtex: &'static str,
    /// BibLaTeX entry type.
    pub biblatex: &'static str,
    /// RIS `TY`.
    pub ris: &'static str,
    /// MARC 21 Leader/06 (type of record) and /07 (bibliographic level).
    pub marc_leader: [u8; 2],
    /// MODS `typeOfResource`.
    pub mods_resource: &'static str,
    /// MODS `genre` in the MARC genre term list (`marcgt`), when it has one.
    pub marcgt: Option<&'static str>,
    /// DCMI Type Vocabulary term.
    pub dcmi: &'static str,
}

macro_rules! rows {
    ($( $ty:ident: $bibtex:literal, $biblatex:literal, $ris:literal, $l6:literal $l7:literal, $res:literal, $gt:expr, $dcmi:literal; )*) => {
        /// What each format calls each work type, one row per type.
        pub const TYPE_TABLE: &[TypeRow] = &[$(TypeRow {
            work_type: WorkType::$ty, bibtex: $bibtex, biblatex: $biblatex, ris: $ris,
            marc_leader: [$l6, $l7], mods_resource: $res, marcgt: $gt, dcmi: $dcmi,
        }),*];
    };
}

// Sources: CSL 1.0.2 §Appendix III (types); BibTeX's standard styles and the
// biblatex manual §2.1 (entry types); the RIS specification's TY list; MARC 21
// Bibliographic Leader/06–07; MODS 3 `typeOfResource` and the MARC Genre Term
// List; the DCMI Type Vocabulary. Where a format has no type of its own the
// column holds its catch-all (`misc`, `GEN`, "text").
rows! {
    Article: "article", "article", "GEN", b'a' b'b', "text", Some("article"), "Text";
    ArticleJournal: "article", "article", "JOUR", b'a' b'b', "text", Some("article"), "Text";
    ArticleMagazine: "article", "article", "MGZN", b'a' b'b', "text", Some("article"), "Text";
    ArticleNewspaper: "article", "article", "NEWS", b'a' b'b', "text", Some("article"), "Text";
    Bill: "misc", "legislation", "BILL", b'a' b'm', "text", Some("legislation"), "Text";
    Book: "book", "book", "BOOK", b'a' b'm', "text", Some("book"), "Text";
    Broadcast: "misc", "misc", "MPCT", b'g' b'm', "moving image", Some("videorecording"), "MovingImage";
    Chapter: "incollection", "incollection", "CHAP", b'a' b'a', "text", None, "Text";
    Classic: "book", "book", "CLSWK", b'a' b'm', "text", Some("book"), "Text";
    Collection: "misc", "misc", "GEN", b'p' b'c', "mixed material", None, "Collection";
    Dataset: "misc", "dataset", "DATA", b'm' b'm', "software, multimedia", Some("database"), "Dataset";
    Document: "misc", "misc", "GEN", b'a' b'm', "text", None, "Text";
    Entry: "misc", "inreference", "GEN", b'a' b'a', "text", None, "Text";
    EntryDictionary: "misc", "inreference", "DICT", b'a' b'a', "text", Some("dictionary"), "Text";
    EntryEncyclopedia: "misc", "inreference", "ENCYC", b'a' b'a', "text", Some("encyclopedia"), "Text";
    Event: "misc", "misc", "GEN", b'r' b'm', "three dimensional object", None, "Event";
    Figure: "misc", "image", "FIGURE", b'k' b'm', "still image", Some("picture"), "StillImage";
    Graphic: "misc", "artwork", "ART", b'k' b'm', "still image", Some("picture"), "StillImage";
    Hearing: "misc", "misc", "HEAR", b'a' b'm', "text", None, "Text";
    Interview: "misc", "misc", "GEN", b'a' b'm', "text", Some("interview"), "Text";
    LegalCase: "misc", "jurisdiction", "CASE", b'a' b'm', "text", Some("law report or digest"), "Text";
    Legislation: "misc", "legislation", "STAT", b'a' b'm', "text", Some("legislation"), "Text";
    Manuscript: "unpublished", "unpublished", "MANSCPT", b't' b'm', "text", Some("manuscript"), "Text";
    Map: "misc", "misc", "MAP", b'e' b'm', "cartographic", Some("map"), "Image";
    MotionPicture: "misc", "video", "MPCT", b'g' b'm', "moving image", Some("motion picture"), "MovingImage";
    MusicalScore: "misc", "misc", "MUSIC", b'c' b'm', "notated music", Some("score"), "Text";
    Pamphlet: "booklet", "booklet", "PAMP", b'a' b'm', "text", None, "Text";
    PaperConference: "inproceedings", "inproceedings", "CPAPER", b'a' b'a', "text", Some("conference publication"), "Text";
    Patent: "misc", "patent", "PAT", b'a' b'm', "text", Some("patent"), "Text";
    Performance: "misc", "misc", "GEN", b'g' b'm', "moving image", None, "Event";
    Periodical: "misc", "periodical", "JFULL", b'a' b's', "text", Some("periodical"), "Text";
    PersonalCommunication: "misc", "letter", "PCOMM", b't' b'm', "text", Some("letter"), "Text";
    Post: "misc", "online", "ELEC", b'a' b'i', "text", Some("web site"), "Text";
    PostWeblog: "misc", "online", "BLOG", b'a' b'i', "text", Some("web site"), "Text";
    Regulation: "misc", "legislation", "GOVDOC", b'a' b'm', "text", Some("legislation"), "Text";
    Report: "techreport", "report", "RPRT", b'a' b'm', "text", Some("technical report"), "Text";
    Review: "article", "review", "JOUR", b'a' b'b', "text", Some("review"), "Text";
    ReviewBook: "article", "review", "JOUR", b'a' b'b', "text", Some("review"), "Text";
    Software: "misc", "software", "COMP", b'm' b'm', "software, multimedia", Some("computer program"), "Software";
    Song: "misc", "audio", "SOUND", b'j' b'm', "sound recording-musical", Some("sound"), "Sound";
    Speech: "misc", "misc", "SLIDE", b'i' b'm', "sound recording-nonmusical", Some("speech"), "Text";
    Standard: "misc", "standard", "STAND", b'a' b'm', "text", Some("standard or specification"), "Text";
    Thesis: "phdthesis", "thesis", "THES", b'a' b'm', "text", Some("thesis"), "Text";
    Treaty: "misc", "misc", "GEN", b'a' b'm', "text", Some("treaty"), "Text";
    Webpage: "misc", "online", "ELEC", b'a' b'i', "text", Some("web site"), "InteractiveResource";
}

/// BibTeX and BibLaTeX entry types people write, beyond the table's columns,
/// with the work type each stands for (lowercase).
pub const READ_BIB: &[(&str, WorkType)] = &[
    ("article", WorkType::ArticleJournal),
    ("book", WorkType::Book),
    ("mvbook", WorkType::Book),
    ("collection", WorkType::Book),
    ("mvcollection", WorkType::Book),
    ("proceedings", WorkType::Book),
    ("mvproceedings", WorkType::Book),
    ("reference", WorkType::Book),
    ("mvreference", WorkType::Book),
    ("bookinbook", WorkType::Chapter),
    ("inbook", WorkType::Chapter),
    ("incollection", WorkType::Chapter),
    ("suppbook", WorkType::Chapter),
    ("suppcollection", WorkType::Chapter),
    ("inproceedings", WorkType::PaperConference),
    ("conference", WorkType::PaperConference),
    ("inreference", WorkType::EntryEncyclopedia),
    ("booklet", WorkType::Pamphlet),
    ("manual", WorkType::Report),
    ("techreport", WorkType::Report),
    ("report", WorkType::Report),
    ("thesis", WorkType::Thesis),
    ("phdthesis", WorkType::Thesis),
    ("mastersthesis", WorkType::Thesis),
    ("unpublished", WorkType::Manuscript),
    ("online", WorkType::Webpage),
    ("electronic", WorkType::Webpage),
    ("www", WorkType::Webpage),
    ("dataset", WorkType::Dataset),
    ("software", WorkType::Software),
    ("patent", WorkType::Patent),
    ("periodical", WorkType::Periodical),
    ("suppperiodical", WorkType::ArticleJournal),
    ("standard", WorkType::Standard),
    ("letter", WorkType::PersonalCommunication),
    ("review", WorkType::Review),
    ("artwork", WorkType::Graphic),
    ("image", WorkType::Figure),
    ("audio", WorkType::Song),
    ("music", WorkType::Song),
    ("video", WorkType::MotionPicture),
    ("movie", WorkType::MotionPicture),
    ("legislation", WorkType::Legislation),
    ("legal", WorkType::Legislation),
    ("jurisdiction", WorkType::LegalCase),
    ("misc", WorkType::Document),
];

/// RIS `TY` values of the RIS specification and of common exporters, with the
/// work type each stands for.
pub const READ_RIS: &[(&str, WorkType)] = &[
    ("ABST", WorkType::ArticleJournal),
    ("ADVS", WorkType::MotionPicture),
    ("AGGR", WorkType::Dataset),
    ("ANCIENT", WorkType::Classic),
    ("ART", WorkType::Graphic),
    ("BILL", WorkType::Bill),
    ("BLOG", WorkType::PostWeblog),
    ("BOOK", WorkType::Book),
    ("CASE", WorkType::LegalCase),
    ("CHAP", WorkType::Chapter),
    ("CHART", WorkType::Figure),
    ("CLSWK", WorkType::Classic),
    ("COMP", WorkType::Software),
    ("CONF", WorkType::Book),
    ("CPAPER", WorkType::PaperConference),
    ("CTLG", WorkType::Book),
    ("DATA", WorkType::Dataset),
    ("DBASE", WorkType::Dataset),
    ("DICT", WorkType::EntryDictionary),
    ("EBOOK", WorkType::Book),
    ("ECHAP", WorkType::Chapter),
    ("EDBOOK", WorkType::Book),
    ("EJOUR", WorkType::ArticleJournal),
    ("ELEC", WorkType::Webpage),
    ("WEB", WorkType::Webpage),
    ("ENCYC", WorkType::EntryEncyclopedia),
    ("EQUA", WorkType::Figure),
    ("FIGURE", WorkType::Figure),
    ("GEN", WorkType::Document),
    ("GOVDOC", WorkType::Report),
    ("GRANT", WorkType::Document),
    ("HEAR", WorkType::Hearing),
    ("ICOMM", WorkType::PersonalCommunication),
    ("INPR", WorkType::ArticleJournal),
    ("JFULL", WorkType::Periodical),
    ("JOUR", WorkType::ArticleJournal),
    ("LEGAL", WorkType::Legislation),
    ("MANSCPT", WorkType::Manuscript),
    ("MAP", WorkType::Map),
    ("MGZN", WorkType::ArticleMagazine),
    ("MPCT", WorkType::MotionPicture),
    ("MULTI", WorkType::Document),
    ("MUSIC", WorkType::MusicalScore),
    ("NEWS", WorkType::ArticleNewspaper),
    ("PAMP", WorkType::Pamphlet),
    ("PAT", WorkType::Patent),
    ("PCOMM", WorkType::PersonalCommunication),
    ("RPRT", WorkType::Report),
    ("SER", WorkType::Periodical),
    ("SLIDE", WorkType::Speech),
    ("SOUND", WorkType::Song),
    ("STAND", WorkType::Standard),
    ("STAT", WorkType::Legislation),
    ("THES", WorkType::Thesis),
    ("UNBILL", WorkType::Bill),
    ("UNPB", WorkType::Manuscript),
    ("VIDEO", WorkType::MotionPicture),
];

/// Free-text type names that Dublin Core, MODS genres, TEI and repositories
/// (including the info:eu-repo/semantics vocabulary used across European
/// repositories) write, folded to lowercase words.
const READ_TEXT: &[(&str, WorkType)] = &[
    ("journal article", WorkType::ArticleJournal),
    ("journal articles", WorkType::ArticleJournal),
    ("scholarly article", WorkType::ArticleJournal),
    ("article in journal", WorkType::ArticleJournal),
    ("peer reviewed article", WorkType::ArticleJournal),
    ("contribution to journal", WorkType::ArticleJournal),
    ("magazine article", WorkType::ArticleMagazine),
    ("newspaper article", WorkType::ArticleNewspaper),
    ("monograph", WorkType::Book),
    ("edited book", WorkType::Book),
    ("book chapter", WorkType::Chapter),
    ("bookpart", WorkType::Chapter),
    ("book part", WorkType::Chapter),
    ("book section", WorkType::Chapter),
    ("part of book", WorkType::Chapter),
    ("conference paper", WorkType::PaperConference),
    ("conferenceobject", WorkType::PaperConference),
    ("conference object", WorkType::PaperConference),
    ("conference proceedings", WorkType::Book),
    ("conference publication", WorkType::PaperConference),
    ("proceedings", WorkType::Book),
    ("doctoral thesis", WorkType::Thesis),
    ("doctoralthesis", WorkType::Thesis),
    ("masterthesis", WorkType::Thesis),
    ("master thesis", WorkType::Thesis),
    ("masters thesis", WorkType::Thesis),
    ("bachelorthesis", WorkType::Thesis),
    ("bachelor thesis", WorkType::Thesis),
    ("dissertation", WorkType::Thesis),
    ("phd thesis", WorkType::Thesis),
    ("technical report", WorkType::Report),
    ("working paper", WorkType::Report),
    ("workingpaper", WorkType::Report),
    ("research report", WorkType::Report),
    ("preprint", WorkType::Article),
    ("other", WorkType::Document),
    ("text", WorkType::Document),
    ("image", WorkType::Graphic),
    ("still image", WorkType::Graphic),
    ("stillimage", WorkType::Graphic),
    ("picture", WorkType::Graphic),
    ("photograph", WorkType::Graphic),
    ("moving image", WorkType::MotionPicture),
    ("movingimage", WorkType::MotionPicture),
    ("video", WorkType::MotionPicture),
    ("videorecording", WorkType::MotionPicture),
    ("sound", WorkType::Song),
    ("audio", WorkType::Song),
    ("cartographic", WorkType::Map),
    ("notated music", WorkType::MusicalScore),
    ("score", WorkType::MusicalScore),
    ("web site", WorkType::Webpage),
    ("website", WorkType::Webpage),
    ("web page", WorkType::Webpage),
    ("interactiveresource", WorkType::Webpage),
    ("interactive resource", WorkType::Webpage),
    ("computer program", WorkType::Software),
    ("database", WorkType::Dataset),
    ("law report or digest", WorkType::LegalCase),
    ("standard or specification", WorkType::Standard),
    ("letter", WorkType::PersonalCommunication),
    ("lecture", WorkType::Speech),
    ("presentation", WorkType::Speech),
    ("mixed material", WorkType::Collection),
    ("archival material", WorkType::Manuscript),
    ("article", WorkType::Article),
    ("review", WorkType::Review),
    ("book review", WorkType::ReviewBook),
    ("thesis", WorkType::Thesis),
];

impl WorkType {
    /// The table's row for this type.
    pub fn row(self) -> &'static TypeRow {
        TYPE_TABLE.iter().find(|r| r.work_type == self).expect("every work type has a row")
    }

    /// The type a CSL name stands for (`article-journal`; `legal-case` and
    /// other dash/underscore confusions accepted).
    pub fn from_csl(name: &str) -> Option<WorkType> {
        let norm = name.trim().to_ascii_lowercase().replace('_', "-");
        let dashed = |b: u8| if b == b'_' { b'-' } else { b };
        WORK_TYPES.iter().copied().find(|t| t.csl().bytes().map(dashed).eq(norm.bytes()))
    }

    /// The type a BibTeX or BibLaTeX entry type stands for (case-insensitive).
    pub fn from_bib(entry_type: &str) -> Option<WorkType> {
        let t = entry_type.trim().to_ascii_lowercase();
        READ_BIB.iter().find(|(name, _)| *name == t).map(|(_, w)| *w)
    }

    /// The type a RIS `TY` value stands for (case-insensitive).
    pub fn from_ris(ty: &str) -> Option<WorkType> {
        let t = ty.trim().to_ascii_uppercase();
        READ_RIS.iter().find(|(name, _)| *name == t).map(|(_, w)| *w)
    }

    /// The type a MARC 21 Leader/06–07 pair stands for.
    ///
    /// Language material is told apart by its bibliographic level (a component
    /// part of a serial is an article, of a monograph a chapter); the other
    /// types of record by Leader/06 alone. Theses and conference papers are
    /// also language material: a reader refines with 008 and 502/111/711.
    pub fn from_marc_leader(type_of_record: u8, level: u8) -> Option<WorkType> {
        Some(match (type_of_record, level) {
            (b'a', b'b') => WorkType::ArticleJournal,
            (b'a', b'a') => WorkType::Chapter,
            (b'a', b's') => WorkType::Periodical,
            (b'a', b'i') => WorkType::Webpage,
            (b'a', b'c') | (b'p', _) => WorkType::Collection,
            (b'a', _) => WorkType::Book,
            (b't', _) => WorkType::Manuscript,
            (b'c' | b'd', _) => WorkType::MusicalScore,
            (b'e' | b'f', _) => WorkType::Map,
            (b'g', _) => WorkType::MotionPicture,
            (b'i', _) => WorkType::Speech,
            (b'j', _) => WorkType::Song,
            (b'k', _) => WorkType::Graphic,
            (b'm', _) => WorkType::Software,
            (b'o' | b'r', _) => WorkType::Document,
            _ => return None,
        })
    }

    /// The type a free-text name stands for: a CSL name, a label of the table,
    /// a BibTeX or RIS type, a DCMI type, a MARC genre term, an
    /// `info:eu-repo/semantics/...` term or a common repository spelling.
    /// `None` when the text names no type archcite knows (keep it as genre).
    pub fn parse_loose(text: &str) -> Option<WorkType> {
        let t = text.trim();
        let t = t.rsplit_once("/semantics/").map_or(t, |(_, term)| term);
        if let Some(w) = WorkType::from_csl(t) {
            return Some(w);
        }
        let folded = fold(t);
        if let Some(w) = WORK_TYPES.iter().copied().find(|w| fold(w.label()) == folded) {
            return Some(w);
        }
        if let Some((_, w)) = READ_TEXT.iter().find(|(name, _)| *name == folded) {
            return Some(*w);
        }
        WorkType::from_bib(t).or_else(|| WorkType::from_ris(t))
    }
}

fn fold(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for WorkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.csl())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_row_and_round_trips_its_csl_name() {
        for w in WORK_TYPES {
            assert_eq!(TYPE_TABLE.iter().filter(|r| r.work_type == *w).count(), 1, "{w}");
            assert_eq!(WorkType::from_csl(w.csl()), Some(*w));
        }
    }

    #[test]
    fn written_types_read_back_to_a_type_of_the_same_family() {
        for row in TYPE_TABLE {
            assert!(WorkType::from_bib(row.bibtex).is_some(), "bibtex {}", row.bibtex);
            assert!(WorkType::from_bib(row.biblatex).is_some(), "biblatex {}", row.biblatex);
            assert!(WorkType::from_ris(row.ris).is_some(), "ris {}", row.ris);
            let [l6, l7] = row.marc_leader;
            assert!(WorkType::from_marc_leader(l6, l7).is_some(), "leader {}", row.work_type);
        }
        // The specific types survive their own format.
        assert_eq!(
            WorkType::from_ris(WorkType::ArticleNewspaper.row().ris),
            Some(WorkType::ArticleNewspaper)
        );
        assert_eq!(WorkType::from_bib(WorkType::Thesis.row().biblatex), Some(WorkType::Thesis));
    }

    #[test]
    fn repository_spellings() {
        assert_eq!(WorkType::parse_loose("info:eu-repo/semantics/doctoralThesis"), Some(WorkType::Thesis));
        assert_eq!(WorkType::parse_loose("Journal Article"), Some(WorkType::ArticleJournal));
        assert_eq!(WorkType::parse_loose("legal-case"), Some(WorkType::LegalCase));
        assert_eq!(WorkType::parse_loose("Text"), Some(WorkType::Document));
        assert_eq!(WorkType::parse_loose("Memorandum of Conversation"), None);
    }
}
