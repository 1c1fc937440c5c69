//! Where things are on the page: which layout it is, and the lines of the date,
//! title, support line, summary, document text, citation and the metadata block.
//!
//! Current layout: header, date, title, support line, document text, summary
//! (the last paragraph before the block), then "Document Information".
//! Older layout: header, date, title (often in capitals), support line, chrome
//! ("CITATION SHARE DOWNLOAD"), summary, one full citation, then the text.

use std::ops::Range;

use super::fields::{is_rights_like, label_of, Label};
use super::text::{blocks, clean, joined};
use super::PageError;

/// The programme's name as citations write it.
pub const PROGRAMME: &str = "History and Public Policy Program Digital Archive";
/// The name newer citations use for the same archive.
const PROGRAMME_NEW: &str = "Wilson Center Digital Archive";
/// The phrase that opens the support line.
pub const SUPPORT: &str = "this document was made possible with support from";

/// Site furniture that saved text keeps around the header: buttons, menus.
const CHROME: &[&str] = &[
    "skip to content",
    "skip to main content",
    "digital archive international history declassified",
    "digital archive",
    "digitalarchive.wilsoncenter.org",
    "wilson center",
    "citation share download",
    "get citation",
    "citation",
    "share",
    "download",
    "print",
    "email",
    "search",
    "menu",
    "home",
    "close",
    "main navigation",
    "export citation",
    "copy citation",
    "document",
];

/// Which of the three page layouts a page has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// Current layout, "Document Information" values without their labels (as
    /// browsers often save it).
    Current,
    /// Current layout with its labels ("Source", "Type Cable", "Record ID 110296").
    CurrentLabelled,
    /// "Digital Archive International History Declassified" with one full citation.
    Older,
}

impl Layout {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Current => "current",
            Layout::CurrentLabelled => "current, labelled",
            Layout::Older => "older",
        }
    }
}

/// Line indices of the parts of one page.
#[derive(Debug)]
pub struct Regions {
    /// Older layout (else current; labelled or not is decided from the block).
    pub older: bool,
    /// The date line.
    pub date: Option<usize>,
    /// The title line.
    pub title: usize,
    /// Support lines ("This document was made possible with support from ...").
    pub support: Vec<usize>,
    /// Blocks of the summary.
    pub summary: Vec<Range<usize>>,
    /// Lines of the document text (support lines left out).
    pub text: Vec<usize>,
    /// The full citation line.
    pub citation: Option<usize>,
    /// The metadata block ("Document Information" and what follows).
    pub zone: Range<usize>,
}

/// Find the parts of a page, or say why it is not a record page.
pub fn analyse(lines: &[String]) -> Result<Regions, PageError> {
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l)).collect();
    let first = cleaned.iter().position(|l| !l.is_empty()).ok_or(PageError::Empty)?;
    let doc_info = cleaned.iter().rposition(|l| is_document_information(l));
    let citations: Vec<usize> = (0..lines.len()).filter(|&i| is_citation(&cleaned[i])).collect();
    let strong = cleaned.iter().position(|l| label_of(l).is_some_and(|(label, _)| label.is_strong()));
    if doc_info.is_none() {
        if let Some(i) = cleaned.iter().position(|l| is_search_results_line(l)) {
            return Err(PageError::NotRecordPage { line: i + 1, found: cleaned[i].clone() });
        }
        if citations.len() > 1 {
            let found = format!("{} citations of different documents", citations.len());
            return Err(PageError::NotRecordPage { line: citations[1] + 1, found });
        }
        if citations.is_empty() && strong.is_none() {
            return Err(PageError::NoRecordMarkers { line: first + 1 });
        }
    }
    let older = cleaned[first].to_lowercase().starts_with("digital archive")
        || doc_info.is_none() && strong.is_none();
    let citation = citations.first().copied().filter(|_| older);
    let (date, title) = header(&cleaned, first, citation.or(doc_info).unwrap_or(lines.len()))?;
    let zone_start = match (doc_info, citation) {
        (Some(d), _) => d,
        (None, Some(c)) => strong.filter(|&s| s > c).unwrap_or(lines.len()),
        (None, None) => extend_zone_back(lines, strong.unwrap_or(lines.len()), title + 1),
    };
    let body_end = citation.unwrap_or(zone_start).max(title + 1);
    let support: Vec<usize> = (title + 1..body_end.max(zone_start))
        .filter(|&i| cleaned[i].to_lowercase().starts_with(SUPPORT))
        .collect();
    let mut masked: Vec<String> = lines.to_vec();
    for &i in &support {
        masked[i].clear();
    }
    let mut regions = Regions {
        older,
        date,
        title,
        support,
        summary: Vec::new(),
        text: Vec::new(),
        citation,
        zone: zone_start..lines.len(),
    };
    match citation {
        Some(c) => {
            skip_chrome(&mut masked, title + 1..c);
            regions.summary = blocks(&masked, title + 1..c);
            regions.text = (c + 1..zone_start).collect();
        }
        None => split_body(&mut regions, &mut masked, title + 1..zone_start),
    }
    // Support lines and furniture were blanked in `masked`; leave them out of the text.
    let blanked = |i: usize| masked[i].trim().is_empty() && !lines[i].trim().is_empty();
    regions.text.retain(|&i| !blanked(i));
    Ok(regions)
}

/// The date line and the title line: the first two lines of the header that are
/// not site furniture, the date first or second.
fn header(cleaned: &[String], first: usize, end: usize) -> Result<(Option<usize>, usize), PageError> {
    let mut candidates =
        (first..end.max(first)).filter(|&i| !cleaned[i].is_empty() && !is_chrome(&cleaned[i]));
    let a = candidates.next().ok_or(PageError::NoTitle)?;
    if looks_like_date(&cleaned[a]) {
        let title = candidates.next().ok_or(PageError::NoTitle)?;
        return Ok((Some(a), title));
    }
    let date = candidates.next().filter(|&b| super::dates::parse_date(&cleaned[b]).is_some());
    Ok((date, a))
}

/// A date line, understood or not ("April 14, 1969", "Spring 1950", "undated"):
/// an unreadable date must not be taken for the title.
fn looks_like_date(line: &str) -> bool {
    if super::dates::parse_date(line).is_some() {
        return true;
    }
    let lower = line.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("1") || w.starts_with("20")));
    let short = line.split_whitespace().count() <= 5;
    short && (has_year || ["undated", "n.d.", "no date", "date unknown"].contains(&lower.as_str()))
}

/// Current layout: the document text, then the summary as the last paragraph
/// (or the paragraph after a "Summary" label). One paragraph alone is a summary.
fn split_body(regions: &mut Regions, masked: &mut [String], body: Range<usize>) {
    skip_chrome(masked, body.clone());
    let mut found = blocks(masked, body.clone());
    let labelled = found.iter().position(|b| {
        b.len() == 1
            && label_of(&clean(&masked[b.start])).is_some_and(|(l, v)| l == Label::Summary && v.is_none())
    });
    if let Some(i) = labelled.filter(|&i| i + 1 < found.len()) {
        regions.summary = vec![found[i + 1].clone()];
        let skip = found[i].start..found[i + 1].end;
        regions.text = body.filter(|l| !skip.contains(l)).collect();
        return;
    }
    if let Some(last) = found.pop() {
        regions.text = if found.is_empty() { Vec::new() } else { (body.start..last.start).collect() };
        regions.summary = vec![last];
    }
}

/// Blank the furniture lines at the start of `range` (buttons under the title).
fn skip_chrome(masked: &mut [String], range: Range<usize>) {
    for i in range {
        let c = clean(&masked[i]);
        if c.is_empty() {
            continue;
        }
        if !is_chrome(&c) {
            break;
        }
        masked[i].clear();
    }
}

/// Without a "Document Information" heading the block starts at its first strong
/// label; the rights note and the source line just before it belong to it too.
fn extend_zone_back(lines: &[String], strong: usize, floor: usize) -> usize {
    let mut start = strong;
    let found = blocks(lines, floor..strong);
    let mut rest = found.as_slice();
    while let Some((last, before)) = rest.split_last() {
        if !is_rights_like(&joined(lines, last.clone())) {
            break;
        }
        start = last.start;
        rest = before;
    }
    if let Some(last) = rest.last() {
        if !super::parse_source_line(&joined(lines, last.clone())).references.is_empty() && rest.len() > 1 {
            start = last.start;
        }
    }
    start
}

fn is_document_information(line: &str) -> bool {
    label_of(line).is_some_and(|(l, v)| l == Label::DocumentInformation && v.is_none())
}

/// A full citation: "“Title,” date, History and Public Policy Program Digital Archive, ...".
pub fn is_citation(line: &str) -> bool {
    let names_programme =
        line.contains(&format!("{PROGRAMME},")) || line.contains(&format!("{PROGRAMME_NEW},"));
    let quoted = line.starts_with(['“', '"', '‘', '\'']);
    names_programme && (quoted || line.contains("wilsoncenter.org/document/"))
}

fn is_chrome(line: &str) -> bool {
    let lower = line.to_lowercase();
    if CHROME.contains(&lower.as_str()) || TAGLINES.iter().any(|t| lower == *t) {
        return true;
    }
    // A row of buttons and menu items as saved text runs them together:
    // "Search Submit", "Share Facebook Twitter Email", "Download PDF",
    // "Search the Digital Archive", "Enter search terms".
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let is_control = |w: &&str| CONTROL_WORDS.contains(w);
    !words.is_empty()
        && words.len() <= 6
        && words.first().is_some_and(is_control)
        && words.iter().all(|w| is_control(w) || FILLER_WORDS.contains(w))
}

/// Words of buttons, menus and search boxes; a line of nothing else is furniture.
const CONTROL_WORDS: &[&str] = &[
    "search",
    "submit",
    "go",
    "share",
    "download",
    "print",
    "email",
    "e",
    "mail",
    "cite",
    "citation",
    "export",
    "copy",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "bluesky",
    "pdf",
    "menu",
    "toggle",
    "navigation",
    "close",
    "open",
    "home",
    "login",
    "log",
    "sign",
    "in",
    "out",
    "enter",
    "keywords",
    "keyword",
    "terms",
    "filter",
    "filters",
    "sort",
    "browse",
    "advanced",
    "clear",
    "reset",
    "subscribe",
    "donate",
    "back",
    "top",
    "next",
    "previous",
    "results",
    "view",
    "bookmark",
    "save",
    "link",
    "permalink",
];

/// Words that may stand between control words ("Search the Digital Archive").
const FILLER_WORDS: &[&str] =
    &["the", "this", "a", "to", "by", "digital", "archive", "page", "document", "all", "our", "or", "and"];

/// Site names and taglines printed above every page.
const TAGLINES: &[&str] = &[
    "international history declassified",
    "digital archive international history declassified",
    "wilson center digital archive",
    "history and public policy program digital archive",
];

/// Lines only a search-results page has.
fn is_search_results_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    let counted = lower
        .split_whitespace()
        .next()
        .is_some_and(|w| w.replace(',', "").chars().all(|c| c.is_ascii_digit()))
        && (lower.ends_with(" results")
            || lower.ends_with(" results found")
            || lower.ends_with(" documents"));
    counted
        || lower.starts_with("search results")
        || lower.starts_with("showing results")
        || lower.starts_with("no results")
        || lower.starts_with("refine your search")
        || (lower.starts_with("showing ")
            && lower.contains(" of ")
            && lower.chars().any(|c| c.is_ascii_digit()))
}

/// What a full citation carries.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Citation {
    /// The title as the citation writes it.
    pub title: Option<String>,
    /// The date as written.
    pub date: Option<String>,
    /// The source line with its credits.
    pub source: Option<String>,
    /// The record's address.
    pub url: Option<String>,
}

/// Take a full citation apart at the programme's name.
pub fn parse_citation(line: &str) -> Citation {
    let line = clean(line);
    let Some((before, after)) = line.split_once(PROGRAMME).or_else(|| line.split_once(PROGRAMME_NEW)) else {
        return Citation::default();
    };
    let after = after.trim_start_matches([',', ' ']);
    let (source, url) = match after.rsplit_once(' ') {
        Some((s, u)) if u.starts_with("http") => (s, Some(u.trim_end_matches('.').to_string())),
        _ if after.starts_with("http") => ("", Some(after.trim_end_matches('.').to_string())),
        _ => (after, None),
    };
    let before = before.trim().trim_end_matches(',').trim();
    let (title, date) = title_and_date(before);
    Citation { title, date, source: Some(source.trim().to_string()).filter(|s| !s.is_empty()), url }
}

/// "“Title,” April 14, 1969" or, unquoted, "Title, April 14, 1969".
fn title_and_date(before: &str) -> (Option<String>, Option<String>) {
    let some = |s: &str| Some(s.trim().trim_matches(',').trim().to_string()).filter(|s| !s.is_empty());
    if let Some(rest) = before.strip_prefix(['“', '"']) {
        if let Some(end) = rest.rfind(['”', '"']) {
            let close = rest[end..].chars().next().map_or(1, char::len_utf8);
            return (some(&rest[..end]), some(&rest[end + close..]));
        }
    }
    let segments: Vec<&str> = before.split(',').collect();
    for take in [2, 1] {
        if segments.len() > take {
            let (title, date) = segments.split_at(segments.len() - take);
            let date = date.join(",");
            if super::dates::parse_date(&date).is_some() {
                return (some(&title.join(",")), some(&date));
            }
        }
    }
    (some(before), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_furniture_is_never_a_title() {
        for line in [
            "Search Submit",
            "Search the Digital Archive",
            "Enter search terms",
            "Share Facebook Twitter Email",
            "Download PDF",
            "Citation Share Download",
            "International History Declassified",
            "Menu Toggle navigation",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for title in [
            "Record of a Conversation with Kim Il Sung",
            "Telegram from Pyongyang to Moscow",
            "Report on the Search for Missing Documents",
            "Letter to the Editor",
            "Print Media in the DPRK",
        ] {
            assert!(!is_chrome(title), "{title}");
        }
    }

    #[test]
    fn takes_a_citation_apart() {
        let c = parse_citation(
            "“Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry,” February 26, 1955, \
             History and Public Policy Program Digital Archive, MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. \
             Translated for NKIDP by Balazs Szalontai. https://digitalarchive.wilsoncenter.org/document/113395",
        );
        assert_eq!(
            c.title.as_deref(),
            Some("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry")
        );
        assert_eq!(c.date.as_deref(), Some("February 26, 1955"));
        assert_eq!(
            c.source.as_deref(),
            Some("MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. Translated for NKIDP by Balazs Szalontai.")
        );
        assert_eq!(c.url.as_deref(), Some("https://digitalarchive.wilsoncenter.org/document/113395"));
    }

    #[test]
    fn an_unquoted_citation_finds_its_date() {
        let c = parse_citation(
            "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry, February 26, 1955, \
             History and Public Policy Program Digital Archive, MOL.",
        );
        assert_eq!(
            c.title.as_deref(),
            Some("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry")
        );
        assert_eq!(c.date.as_deref(), Some("February 26, 1955"));
    }
}
