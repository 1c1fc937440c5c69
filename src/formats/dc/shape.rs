//! Telling values apart by their shape: identifiers (DOI, ISBN, ISSN, handle,
//! URN, ...), organisations among names written "X, Y", citations of a
//! journal issue ("Journal of X, 12(3), 45–67"), extents and dates.
//!
//! Used by the Dublin Core reader, where every value is untyped text, and by
//! the TEI reader for the same kinds of text.

use crate::model::{Agent, Container, IdScheme, Identifier, NonEmpty, Organization};

/// What a `dc:identifier` is, by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdShape {
    /// A typed identifier; `url` when the text was also a resolvable address.
    Typed(Identifier, Option<url::Url>),
    /// Any other absolute URL.
    Url(url::Url),
    /// Text of no known shape.
    Text,
}

/// Classify an identifier written as text.
pub(crate) fn identifier(text: &str) -> IdShape {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let id = |scheme: IdScheme, v: &str| Identifier::new(scheme, v.trim());
    let typed = |i: Option<Identifier>| i.map_or(IdShape::Text, |i| IdShape::Typed(i, None));
    // DOIs: bare, `doi:`, or at a resolver.
    let doi = crate::model::strip_doi_resolver(t);
    if (doi.len() != t.len() || lower.starts_with("10.")) && is_doi(doi) {
        return typed(id(IdScheme::Doi, doi));
    }
    for (prefix, scheme) in [
        ("urn:isbn:", IdScheme::Isbn),
        ("urn:issn:", IdScheme::Issn),
        ("info:pmid/", IdScheme::Pmid),
        ("info:pmcid/", IdScheme::Pmcid),
        ("info:oclcnum/", IdScheme::Oclc),
        ("info:lccn/", IdScheme::Lccn),
        ("info:arxiv/", IdScheme::Arxiv),
        ("info:hdl/", IdScheme::Handle),
        ("hdl:", IdScheme::Handle),
        ("arxiv:", IdScheme::Arxiv),
        ("pmid:", IdScheme::Pmid),
        ("isbn:", IdScheme::Isbn),
        ("issn:", IdScheme::Issn),
        ("isbn ", IdScheme::Isbn),
        ("issn ", IdScheme::Issn),
    ] {
        if lower.starts_with(prefix) {
            return typed(id(scheme, &t[prefix.len()..]));
        }
    }
    if lower.starts_with("urn:") {
        return typed(id(IdScheme::Urn, t));
    }
    if lower.starts_with("ark:/") {
        return typed(id(IdScheme::Ark, t));
    }
    if let Some(u) = web_url(t) {
        if matches!(u.scheme(), "http" | "https") {
            let host = u.host_str().unwrap_or("").to_ascii_lowercase();
            let path = u.path().trim_start_matches('/');
            if host == "hdl.handle.net" && !path.is_empty() {
                return IdShape::Typed(id(IdScheme::Handle, path).expect("non-empty"), Some(u));
            }
            if let Some(ark) = path.find("ark:/").map(|at| &path[at..]) {
                if let Some(i) = id(IdScheme::Ark, ark) {
                    return IdShape::Typed(i, Some(u));
                }
            }
            if host.ends_with("nbn-resolving.org") || host.ends_with("nbn-resolving.de") {
                if let Some(urn) = u.query().and_then(|q| q.strip_prefix("urn:").map(|_| q)) {
                    if let Some(i) = id(IdScheme::Urn, urn) {
                        return IdShape::Typed(i, Some(u));
                    }
                }
            }
        }
        return IdShape::Url(u);
    }
    let compact: String = t.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if is_isbn(&compact) {
        return typed(id(IdScheme::Isbn, t));
    }
    if is_issn(t) {
        return typed(id(IdScheme::Issn, t));
    }
    IdShape::Text
}

/// An address on the web (http, https, ftp); other "schemes" are text that
/// happens to have a colon ("Phys.Rev.D76:013009,2007").
pub(crate) fn web_url(t: &str) -> Option<url::Url> {
    let u = url::Url::parse(t.trim()).ok()?;
    matches!(u.scheme(), "http" | "https" | "ftp" | "ftps").then_some(u)
}

/// How an identifier is written back so that [`identifier`] types it again.
pub(crate) fn identifier_text(i: &Identifier) -> Option<String> {
    let v = i.value.as_str();
    Some(match &i.scheme {
        IdScheme::Doi => format!("https://doi.org/{v}"),
        IdScheme::Isbn => format!("urn:isbn:{v}"),
        IdScheme::Issn => format!("urn:issn:{v}"),
        IdScheme::Pmid => format!("info:pmid/{v}"),
        IdScheme::Pmcid => format!("info:pmcid/{v}"),
        IdScheme::Oclc => format!("info:oclcnum/{v}"),
        IdScheme::Lccn => format!("info:lccn/{v}"),
        IdScheme::Arxiv => format!("arXiv:{v}"),
        IdScheme::Handle => format!("hdl:{v}"),
        IdScheme::Urn if v.to_ascii_lowercase().starts_with("urn:") => v.to_string(),
        IdScheme::Ark if v.starts_with("ark:/") => v.to_string(),
        _ => return None,
    })
}

fn is_doi(s: &str) -> bool {
    let Some((prefix, suffix)) = s.split_once('/') else { return false };
    prefix.starts_with("10.")
        && prefix.len() > 3
        && prefix[3..].chars().all(|c| c.is_ascii_digit() || c == '.')
        && !suffix.is_empty()
        && !suffix.contains(char::is_whitespace)
}

/// An ISBN-10 or ISBN-13 with a valid check digit (hyphens and spaces removed).
pub(crate) fn is_isbn(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        10 => {
            let mut sum = 0u32;
            for (i, &c) in b.iter().enumerate() {
                let v = match c {
                    b'0'..=b'9' => u32::from(c - b'0'),
                    b'X' | b'x' if i == 9 => 10,
                    _ => return false,
                };
                sum += v * (10 - i as u32);
            }
            sum % 11 == 0
        }
        13 => {
            if !b.iter().all(u8::is_ascii_digit) || !(s.starts_with("978") || s.starts_with("979")) {
                return false;
            }
            let sum: u32 = b
                .iter()
                .enumerate()
                .map(|(i, &c)| u32::from(c - b'0') * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum % 10 == 0
        }
        _ => false,
    }
}

/// `NNNN-NNNX` with a valid check digit.
pub(crate) fn is_issn(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 || b[4] != b'-' {
        return false;
    }
    let digits: Vec<u8> = b.iter().copied().filter(|&c| c != b'-').collect();
    let mut sum = 0u32;
    for (i, &c) in digits.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'X' | b'x' if i == 7 => 10,
            _ => return false,
        };
        sum += v * (8 - i as u32);
    }
    sum % 11 == 0
}

/// Words that name an organisation in the languages of the records seen
/// (stems, compared with the start of each word, lower case).
const ORG_WORDS: &[&str] = &[
    "universit",
    "yliopisto",
    "högskola",
    "hochschule",
    "college",
    "institut",
    "department",
    "dept.",
    "laitos",
    "ministry",
    "ministère",
    "ministerium",
    "ministerio",
    "committee",
    "commission",
    "council",
    "society",
    "association",
    "academy",
    "akademie",
    "library",
    "bibliothe",
    "kirjasto",
    "archive",
    "archiv",
    "museum",
    "school",
    "faculty",
    "fakultät",
    "tiedekunta",
    "centre",
    "center",
    "laborator",
    "foundation",
    "stiftung",
    "office",
    "bureau",
    "agency",
    "corporation",
    "company",
    "inc.",
    "ltd",
    "gmbh",
    "press",
    "verlag",
    "publisher",
    "government",
    "parliament",
    "senate",
    "congress",
    "division",
    "programme",
    "program",
    "federal",
    "hospital",
    "clinic",
    "consortium",
    "collaboration",
    "network",
    "agency",
    "embassy",
    "osasto",
    "keskus",
    "virasto",
];

/// True when a name written as catalogues write names is an organisation
/// rather than "Family, Given": organisation words, a "given name" of several
/// words with lower-case words among them, or digits.
pub(crate) fn is_organisation(name: &str) -> bool {
    // Life dates after the name ("Gilpin, Vincent, 1880-1950") say nothing either way.
    let name = strip_dates(name);
    let lower = name.to_lowercase();
    let has_word = lower.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        !w.is_empty()
            && ORG_WORDS.iter().any(|stem| w.starts_with(stem) || (w.ends_with(stem) && stem.len() > 5))
    });
    if has_word || name.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let Some((family, given)) = name.split_once(", ") else { return false };
    // "Smith, John Paul" is a person; "Helsingin yliopisto, soveltavan biologian laitos" is not.
    let particles = [
        "de", "da", "van", "von", "der", "den", "la", "le", "du", "di", "del", "y", "bin", "ibn", "al",
        "ten", "ter",
    ];
    let real_lower = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase) && !particles.contains(w))
            .count()
    };
    let given_words = given.split_whitespace().count();
    given.contains(", ")
        || (given_words >= 2 && real_lower(given) >= 1)
        || family.split_whitespace().count() >= 4
        || (real_lower(family) >= 1 && family.split_whitespace().count() >= 2)
}

/// The name without trailing life dates: ", 1880-1950", ", b. 1900", ", 1900-".
fn strip_dates(name: &str) -> &str {
    match name.rsplit_once(", ") {
        Some((head, tail))
            if head.contains(", ")
                && tail.chars().any(|c| c.is_ascii_digit())
                && tail.chars().all(|c| c.is_ascii_digit() || " -–.?bdcafl".contains(c)) =>
        {
            head
        }
        _ => name,
    }
}

/// A name as catalogues write it: "Family, Given" is a person unless it is an
/// organisation by [`is_organisation`]; a name without a comma is an organisation.
pub(crate) fn agent(name: NonEmpty) -> Agent {
    if is_organisation(&name) {
        return Agent::Organization(Organization::new(name));
    }
    Agent::from_inverted(&name).unwrap_or(Agent::Organization(Organization::new(name)))
}

/// A citation of the work's place in a journal or book, when it parses
/// completely: "Journal of X, 12(3), 45–67", "Title, vol. 12, no. 3, pp. 45-67",
/// "Title 12 (2004) 3, 45-67" is not understood and gives `None`.
pub(crate) fn citation(text: &str) -> Option<Container> {
    let mut c = Container::default();
    let parts: Vec<&str> = text.trim().trim_end_matches('.').split(", ").map(str::trim).collect();
    let mut numbered = false;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 && !is_numbering(part) {
            c.title = Some(NonEmpty::new(part)?);
            continue;
        }
        if !numbering(part, &mut c) {
            return None;
        }
        numbered = true;
    }
    // Without a title only labelled parts ("vol. 3, no. 2") make a citation.
    let labelled = || parts.iter().all(|p| LABELS.iter().any(|(l, _)| p.to_lowercase().starts_with(l)));
    (numbered && (c.title.is_some() || labelled())).then_some(c)
}

const LABELS: &[(&str, usize)] = &[
    ("vol. ", 0),
    ("volume ", 0),
    ("no. ", 1),
    ("issue ", 1),
    ("nr. ", 1),
    ("pp. ", 2),
    ("p. ", 2),
    ("pages ", 2),
    ("ch. ", 3),
    ("chapter ", 3),
];

fn is_numbering(part: &str) -> bool {
    numbering(part, &mut Container::default())
}

/// One numbering part of a citation into `c`; false when it is not one.
fn numbering(part: &str, c: &mut Container) -> bool {
    let lower = part.to_lowercase();
    for &(label, slot) in LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let value = part[label.len()..].trim();
            if !is_number_like(value) {
                return false;
            }
            let v = NonEmpty::new(value);
            let field = match slot {
                0 => &mut c.volume,
                1 => &mut c.issue,
                2 => &mut c.pages,
                _ => &mut c.chapter,
            };
            if field.is_some() || rest.is_empty() {
                return false;
            }
            *field = v;
            return true;
        }
    }
    // "12(3)", "12(3):45-67", "12", "45–67"
    if let Some((vol, rest)) = part.split_once('(') {
        let Some((issue, after)) = rest.split_once(')') else { return false };
        if !is_number_like(vol.trim()) || !is_number_like(issue) || c.volume.is_some() {
            return false;
        }
        c.volume = NonEmpty::new(vol.trim());
        c.issue = NonEmpty::new(issue);
        let pages = after.trim().trim_start_matches(':').trim();
        if !pages.is_empty() {
            if !is_number_like(pages) || c.pages.is_some() {
                return false;
            }
            c.pages = NonEmpty::new(pages);
        }
        return true;
    }
    if is_number_like(part) && (part.contains(['-', '–']) || c.volume.is_some()) && c.pages.is_none() {
        c.pages = NonEmpty::new(part);
        return true;
    }
    if is_number_like(part) && c.volume.is_none() && !part.contains(['-', '–']) {
        c.volume = NonEmpty::new(part);
        return true;
    }
    false
}

fn is_number_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '–' | '/' | '.'))
        && s.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 2
}

/// The citation [`citation`] reads back: "Title, vol. 12, no. 3, pp. 45–67, ch. 7".
pub(crate) fn citation_text(c: &Container) -> Option<String> {
    let mut parts: Vec<String> = c.title.iter().map(|t| t.to_string()).collect();
    let mut any = false;
    for (label, v) in [("vol.", &c.volume), ("no.", &c.issue), ("pp.", &c.pages), ("ch.", &c.chapter)] {
        if let Some(v) = v {
            if !is_number_like(v) {
                return None;
            }
            parts.push(format!("{label} {v}"));
            any = true;
        }
    }
    let s = parts.join(", ");
    (any && citation(&s).as_ref() == Some(&Container { short_title: None, ..c.clone() })).then_some(s)
}

/// An extent as catalogues write it: a number and a unit ("37 pages", "2 letters", "xii, 345 p.").
pub(crate) fn is_extent(s: &str) -> bool {
    let t = s.trim();
    t.chars().next().is_some_and(|c| c.is_ascii_digit() || "ivxlc".contains(c))
        && t.chars().any(|c| c.is_alphabetic())
        && t.chars().any(|c| c.is_ascii_digit())
}

/// A MIME type ("application/pdf").
pub(crate) fn is_mime(s: &str) -> bool {
    let t = s.trim();
    match t.split_once('/') {
        Some((a, b)) => {
            ["application", "text", "image", "audio", "video", "model", "multipart", "message", "font"]
                .contains(&a.to_ascii_lowercase().as_str())
                && !b.is_empty()
                && !b.contains(' ')
        }
        None => false,
    }
}

/// A classification number (DDC "530.12", UDC "621.39:004", LCC "QA76.9").
pub(crate) fn is_classification(s: &str) -> bool {
    let t = s.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits >= 2
        && t.chars().all(|c| c.is_ascii_alphanumeric() || " .:/()-+=\"'".contains(c))
        && t.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_with_commas() {
        assert!(is_organisation("Helsingin yliopisto, soveltavan biologian laitos"));
        assert!(is_organisation("Ministry of Foreign Affairs, Department of Asia"));
        assert!(is_organisation("University of Oxford, Faculty of History"));
        assert!(!is_organisation("Balázs, C."));
        assert!(!is_organisation("Yuan, C. -P."));
        assert!(!is_organisation("Tall, Anna"));
        assert!(!is_organisation("Beethoven, Ludwig van"));
        assert!(!is_organisation("Goldberg, Gary"));
        assert!(!is_organisation("Gilpin, Vincent, 1880-1950"));
        assert!(is_organisation("Primus; Jurassic 5"));
    }

    #[test]
    fn identifiers_by_shape() {
        let scheme = |t: &str| match identifier(t) {
            IdShape::Typed(i, _) => i.scheme.as_str().to_string(),
            IdShape::Url(_) => "url".into(),
            IdShape::Text => "text".into(),
        };
        assert_eq!(scheme("doi:10.1103/PhysRevD.76.013009"), "doi");
        assert_eq!(scheme("https://doi.org/10.1000/xyz"), "doi");
        assert_eq!(scheme("1796-6361"), "issn");
        assert_eq!(scheme("978-0-19-820439-8"), "isbn");
        assert_eq!(scheme("http://hdl.handle.net/1975/7634"), "handle");
        assert_eq!(scheme("urn:nbn:fi-fe201003181496"), "urn");
        assert_eq!(scheme("info:pmid/12345"), "pmid");
        assert_eq!(scheme("http://arxiv.org/abs/0704.0001"), "url");
        assert_eq!(scheme("Phys.Rev.D76:013009,2007"), "text");
        assert_eq!(scheme("113395"), "text");
    }

    #[test]
    fn citations() {
        let c = citation("Journal of X, 12(3), 45–67").unwrap();
        assert_eq!(c.title.as_deref(), Some("Journal of X"));
        assert_eq!(c.volume.as_deref(), Some("12"));
        assert_eq!(c.issue.as_deref(), Some("3"));
        assert_eq!(c.pages.as_deref(), Some("45–67"));
        assert!(citation("RGANI, f. 5, op. 30, d. 1").is_none());
        assert!(citation("Julkaisuja / Helsingin yliopisto").is_none());
        let written = Container {
            title: NonEmpty::new("Bulletin"),
            volume: NonEmpty::new("14/15"),
            issue: NonEmpty::new("2"),
            pages: NonEmpty::new("95–101"),
            chapter: NonEmpty::new("7"),
            short_title: None,
        };
        assert_eq!(citation(&citation_text(&written).unwrap()), Some(written));
    }
}
