//! Open but normalised vocabularies: document types, note kinds, event kinds.

use serde::Deserialize;
use std::fmt;

/// Text as the vocabularies compare it: lowercase words of letters and
/// digits, one space between them ("Memorandum-of-Conversation" and
/// "memorandum of conversation" alike).
fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Declares an open vocabulary: named terms with their labels and the variants
/// people write, plus `Other` for anything else (kept as written).
macro_rules! open_vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal, $label:literal, [$($alias:literal),*];)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
        #[serde(try_from = "String")]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A term outside the vocabulary, kept as written.
            Other(String),
        }

        impl $name {
            /// The normalised kebab-case term (or the text of `Other`).
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $key,)* $name::Other(s) => s }
            }

            /// A human label: "Memorandum of Conversation".
            pub fn label(&self) -> &str {
                match self { $($name::$variant => $label,)* $name::Other(s) => s }
            }

            /// Normalise a term or a label as people write it; unknown text becomes `Other`.
            pub fn parse_loose(s: &str) -> Option<$name> {
                let t = s.trim();
                if t.is_empty() {
                    return None;
                }
                let folded = fold(t);
                let found = Self::folded_terms()
                    .iter()
                    .find(|(_, key, label, aliases)| folded == *key || folded == *label || aliases.contains(&folded.as_str()));
                Some(found.map_or_else(|| $name::Other(t.to_string()), |(term, ..)| term.clone()))
            }

            /// Every term with its key and label in the forms folded text is
            /// compared with, and its variants, in declaration order: made
            /// once, not for every value read.
            fn folded_terms() -> &'static [($name, String, String, &'static [&'static str])] {
                static TERMS: std::sync::OnceLock<Vec<($name, String, String, &'static [&'static str])>> =
                    std::sync::OnceLock::new();
                TERMS.get_or_init(|| vec![
                    $(($name::$variant, $key.replace('-', " "), $label.to_lowercase(), &[$($alias),*]),)*
                ])
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::model::ValueError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::parse_loose(&s).ok_or($crate::model::ValueError::EmptyTerm)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String { v.as_str().to_string() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.label()) }
        }
    };
}

open_vocabulary! {
    /// The genre of an archival document.
    DocumentType {
        /// Record or memorandum of a conversation.
        MemorandumOfConversation = "memorandum-of-conversation", "Memorandum of Conversation",
            ["record of conversation", "record of a conversation", "memcon", "conversation"];
        /// Memorandum.
        Memorandum = "memorandum", "Memorandum", ["memo"];
        /// Letter.
        Letter = "letter", "Letter", [];
        /// Telegram.
        Telegram = "telegram", "Telegram", [];
        /// Cable.
        Cable = "cable", "Cable", [];
        /// Report.
        Report = "report", "Report", [];
        /// Minutes of a meeting.
        Minutes = "minutes", "Minutes", ["meeting minutes", "protocol"];
        /// Diary.
        Diary = "diary", "Diary", ["journal"];
        /// Note.
        Note = "note", "Note", ["notes"];
        /// Speech.
        Speech = "speech", "Speech", [];
        /// Transcript.
        Transcript = "transcript", "Transcript", [];
        /// Directive or instruction.
        Directive = "directive", "Directive", ["instruction", "instructions"];
        /// Resolution or decision.
        Resolution = "resolution", "Resolution", ["decision", "decree"];
        /// Treaty or agreement.
        Treaty = "treaty", "Treaty", ["agreement"];
        /// Intelligence report.
        IntelligenceReport = "intelligence-report", "Intelligence Report", [];
        /// Summary or information note.
        Summary = "summary", "Summary", [];
    }
}

open_vocabulary! {
    /// What a note on a record is about.
    NoteKind {
        /// A general note.
        General = "general", "General note", [];
        /// A stamp on the document.
        Stamp = "stamp", "Stamp", [];
        /// The copy number ("Copy Nº 2").
        CopyNumber = "copy-number", "Copy number", [];
        /// A distribution list.
        Distribution = "distribution", "Distribution", ["distribution list"];
        /// The original security classification ("Top Secret").
        Classification = "classification", "Classification", ["original classification"];
        /// A handwritten annotation.
        Annotation = "annotation", "Annotation", ["handwritten note"];
        /// A registration or reference number of the document.
        RegistrationNumber = "registration-number", "Registration number", ["outgoing number", "number"];
    }
}

open_vocabulary! {
    /// A dated event in the life of a document.
    EventKind {
        /// Registered in a chancery.
        Registered = "registered", "Registered", [];
        /// Stamped (received, filed).
        Stamped = "stamped", "Stamped", [];
        /// Sent.
        Sent = "sent", "Sent", [];
        /// Received.
        Received = "received", "Received", [];
        /// Signed.
        Signed = "signed", "Signed", [];
        /// Uploaded to the digital archive.
        Uploaded = "uploaded", "Uploaded", ["original uploaded date"];
        /// Accessed by the person citing it.
        Accessed = "accessed", "Accessed", [];
        /// Declassified.
        Declassified = "declassified", "Declassified", [];
        /// The record was last changed in the repository that serves it (an OAI-PMH datestamp).
        Modified = "modified", "Modified", ["datestamp", "last modified", "date modified"];
        /// Made available online (DCMI `available`).
        Available = "available", "Available", ["date available", "made available"];
    }
}

open_vocabulary! {
    /// The scheme of an identifier.
    IdScheme {
        /// Digital Object Identifier, written without resolver: `10.1000/xyz`.
        Doi = "doi", "DOI", [];
        /// International Standard Book Number.
        Isbn = "isbn", "ISBN", [];
        /// International Standard Serial Number.
        Issn = "issn", "ISSN", ["eissn", "pissn", "issn l", "issnl"];
        /// Library of Congress Control Number.
        Lccn = "lccn", "LCCN", [];
        /// OCLC number.
        Oclc = "oclc", "OCLC", ["oclcnum", "ocolc"];
        /// PubMed identifier.
        Pmid = "pmid", "PMID", ["pubmed"];
        /// PubMed Central identifier.
        Pmcid = "pmcid", "PMCID", ["pmc"];
        /// Handle System identifier.
        Handle = "handle", "Handle", ["hdl"];
        /// Uniform Resource Name.
        Urn = "urn", "URN", [];
        /// Archival Resource Key.
        Ark = "ark", "ARK", [];
        /// arXiv identifier.
        Arxiv = "arxiv", "arXiv", ["arxiv id"];
        /// A library's call number or shelfmark.
        CallNumber = "call-number", "Call number", ["shelfmark", "callnumber", "shelf mark"];
        /// International Standard Music Number.
        Ismn = "ismn", "ISMN", [];
        /// International Standard Recording Code.
        Isrc = "isrc", "ISRC", [];
        /// A URI that identifies (rather than locates) the work.
        Uri = "uri", "URI", [];
        /// An OAI-PMH item identifier (`oai:repository:item`).
        Oai = "oai", "OAI identifier", ["oai identifier"];
    }
}

open_vocabulary! {
    /// What an alternate title is.
    TitleKind {
        /// The title in another language (a translation of the title).
        Translated = "translated", "Translated title", [];
        /// The title in another script (MARC 880, a Cyrillic original beside its transliteration).
        OtherScript = "other-script", "Title in another script", ["original script", "vernacular"];
        /// A transliteration of the title.
        Transliterated = "transliterated", "Transliterated title", ["romanized", "romanised"];
        /// A variant or alternative title.
        Alternative = "alternative", "Alternative title", ["variant", "alternate"];
        /// A uniform title (a work's conventional title in catalogues).
        Uniform = "uniform", "Uniform title", [];
        /// An abbreviated title.
        Abbreviated = "abbreviated", "Abbreviated title", ["abbreviation"];
    }
}
