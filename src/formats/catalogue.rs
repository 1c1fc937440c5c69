//! What library catalogue records (MARC 21, MODS) derive from a record rather
//! than carry field by field: the extent counted from the leaves, a preferred
//! citation, language and custody notes, dates in words, and the way back from
//! relator codes and inverted names to the model.
//!
//! Derived text is written for people and never read back: the fields it comes
//! from have their own homes, so a record read from a catalogue format and
//! written again derives the same text.

use crate::model::{
    Agent, ArchivalReference, Certainty, EdtfDate, Level, LevelKind, NameOrder, NonEmpty, PartialDate,
    Person, Record, Repository, Role, ROLES,
};
use crate::refparse::{self, RenderStyle};

/// The physical extent: "7 leaves" from `listi 95-101`, "12 pages" from pages.
///
/// Taken from the first reference whose leaves or pages can be counted.
pub fn extent(r: &Record) -> Option<String> {
    r.references.iter().find_map(|reference| {
        reference.levels.iter().find_map(|l| {
            let (one, many) = match l.kind {
                LevelKind::Listi | LevelKind::Folio => ("leaf", "leaves"),
                LevelKind::Pages => ("page", "pages"),
                _ => return None,
            };
            let n = count(&l.value)?;
            Some(format!("{n} {}", if n == 1 { one } else { many }))
        })
    })
}

/// How many leaves or pages a value such as `95-101`, `12, 14-15` or `29 ob.`
/// names; `None` when a part is not a number or a range of numbers.
pub fn count(value: &str) -> Option<u32> {
    let mut total = 0u32;
    for part in value.split([',', ';']) {
        let part = part.trim();
        let (a, b) = match part.split_once(['-', '–']) {
            Some((a, b)) => (leaf_number(a)?, leaf_number(b)?),
            None => {
                let n = leaf_number(part)?;
                (n, n)
            }
        };
        if b < a {
            return None;
        }
        total = total.checked_add(b - a + 1)?;
    }
    (total > 0).then_some(total)
}

/// A leaf number with an optional recto/verso mark: `29`, `29 ob.`, `29v`, `29r`.
fn leaf_number(s: &str) -> Option<u32> {
    let s = s.trim();
    let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
    let mark = s[digits.len()..].trim().trim_end_matches('.');
    if !matches!(mark, "" | "ob" | "v" | "r" | "об") {
        return None;
    }
    digits.parse().ok()
}

/// A date in words: "14 April 1969", "circa 1969", "April 1969?", "1969–1970".
pub fn date_in_words(date: &EdtfDate) -> String {
    match date {
        EdtfDate::Single(d) => partial_in_words(d),
        EdtfDate::Interval(Some(a), Some(b)) => format!("{}–{}", partial_in_words(a), partial_in_words(b)),
        EdtfDate::Interval(Some(a), None) => format!("from {}", partial_in_words(a)),
        EdtfDate::Interval(None, Some(b)) => format!("until {}", partial_in_words(b)),
        EdtfDate::Interval(None, None) => "undated".to_string(),
    }
}

/// English month names, for dates written out in words.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn partial_in_words(d: &PartialDate) -> String {
    let month = d.month().map(|m| MONTHS[usize::from(m) - 1]);
    // Astronomical year 0 is 1 BC, -1 is 2 BC, and so on.
    let year = if d.year() <= 0 { format!("{} BC", 1 - d.year()) } else { format!("{:04}", d.year()) };
    let plain = match (d.day(), month) {
        (Some(day), Some(m)) => format!("{day} {m} {year}"),
        (None, Some(m)) => format!("{m} {year}"),
        _ => year,
    };
    match d.certainty() {
        Certainty::Exact => plain,
        Certainty::Approximate => format!("circa {plain}"),
        Certainty::Uncertain => format!("{plain}?"),
        Certainty::ApproximateUncertain => format!("circa {plain}?"),
    }
}

/// A year as MARC's fixed fields write it, with `u` for each unknown digit
/// ("192u" is some year of the 1920s, "19uu" of the 1900s): the year, or the
/// span of years it may be. `None` for "uuuu", blanks and anything else.
pub fn marc_year(text: &str) -> Option<EdtfDate> {
    let t = text.trim();
    let chars: Vec<char> = t.chars().collect();
    let known = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if chars.len() != 4 || known == 0 || !chars[known..].iter().all(|&c| c == 'u') {
        return None;
    }
    let bound = |fill: char| -> Option<PartialDate> {
        let digits: String = chars.iter().map(|&c| if c == 'u' { fill } else { c }).collect();
        PartialDate::new(digits.parse().ok()?, None, None, Certainty::Exact).ok()
    };
    if known == 4 {
        return Some(EdtfDate::Single(bound('0')?));
    }
    Some(EdtfDate::Interval(Some(bound('0')?), Some(bound('9')?)))
}

/// The year a date written in words names ("[1887?]", "c1998.", "ca. 1920"):
/// the first four digits in a row, uncertain with a `?`, approximate after
/// "ca." or "circa".
pub fn year_in(text: &str) -> Option<EdtfDate> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.windows(4).position(|w| w.iter().all(char::is_ascii_digit))?;
    let after = chars.get(at + 4);
    if after.is_some_and(char::is_ascii_digit) {
        return None;
    }
    let year: i32 = chars[at..at + 4].iter().collect::<String>().parse().ok()?;
    let lower = text.to_lowercase();
    let certainty = match (text.contains('?'), lower.contains("ca.") || lower.contains("circa")) {
        (true, true) => Certainty::ApproximateUncertain,
        (true, false) => Certainty::Uncertain,
        (false, true) => Certainty::Approximate,
        (false, false) => Certainty::Exact,
    };
    Some(EdtfDate::Single(PartialDate::new(year, None, None, certainty).ok()?))
}

/// The devised title of an untitled record, in square brackets, as archival
/// description devises one (DACS 2.3.18–2.3.19): the form of the document,
/// its author and recipient, and its date — "[Letter from N. Sudarikov to
/// Kim Il Sung, 1969 April 14]", "[Memorandum, 1969]", "[Untitled]" when
/// nothing is known.
///
/// Written by the formats whose schema requires a title (MARC 245, MODS
/// `titleInfo`, TEI `titleStmt`) with a mark that it was devised; their
/// readers give an untitled record back when the marked title is the one this
/// function devises from what they read (a title a cataloguer devised in
/// other words is kept as the title).
pub fn devised_title(r: &Record) -> String {
    let names = |role: Role| -> Option<String> {
        let names: Vec<String> = r.agents_in(role).map(|c| c.agent.display_name()).collect();
        match names.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
        }
    };
    let (from, to) = (names(Role::Author), names(Role::Recipient));
    let date = r.date.as_ref().or(r.issued.as_ref()).map(dacs_date);
    let form = match (&r.document_type, r.work_type) {
        (Some(t), _) => Some(t.label().to_string()),
        (None, Some(w)) => Some(w.label().to_string()),
        (None, None) => None,
    };
    if form.is_none() && from.is_none() && to.is_none() && date.is_none() {
        return "[Untitled]".to_string();
    }
    let mut s = form.unwrap_or_else(|| "Untitled document".to_string());
    if let Some(from) = from {
        s.push_str(" from ");
        s.push_str(&from);
    }
    if let Some(to) = to {
        s.push_str(" to ");
        s.push_str(&to);
    }
    if let Some(date) = date {
        s.push_str(", ");
        s.push_str(&date);
    }
    format!("[{s}]")
}

/// Whether `title`, read from a format whose title was marked as devised, is
/// the title [`devised_title`] gives for the record read: then the record
/// had no title of its own.
pub fn is_devised_title(title: &str, r: &Record) -> bool {
    let plain = |s: &str| s.trim().trim_end_matches(['.', ' ']).to_string();
    let mut untitled = r.clone();
    untitled.title = None;
    plain(title) == plain(&devised_title(&untitled))
}

/// A date as archival description writes it: year first ("1969 April 14",
/// "1969 April", "approximately 1969", "1969?", "1969–1970", "undated").
pub fn dacs_date(date: &EdtfDate) -> String {
    let one = |d: &PartialDate| {
        let year = if d.year() <= 0 { format!("{} BC", 1 - d.year()) } else { format!("{:04}", d.year()) };
        let month = d.month().map(|m| MONTHS[usize::from(m) - 1]);
        let plain = match (month, d.day()) {
            (Some(m), Some(day)) => format!("{year} {m} {day}"),
            (Some(m), None) => format!("{year} {m}"),
            _ => year,
        };
        match d.certainty() {
            Certainty::Exact => plain,
            Certainty::Approximate => format!("approximately {plain}"),
            Certainty::Uncertain => format!("{plain}?"),
            Certainty::ApproximateUncertain => format!("approximately {plain}?"),
        }
    };
    match date {
        EdtfDate::Single(d) => one(d),
        EdtfDate::Interval(Some(a), Some(b)) => format!("{}–{}", one(a), one(b)),
        EdtfDate::Interval(Some(a), None) => format!("{}–", one(a)),
        EdtfDate::Interval(None, Some(b)) => format!("–{}", one(b)),
        EdtfDate::Interval(None, None) => "undated".to_string(),
    }
}

/// The preferred citation: title, date, each archival reference in its
/// conventional short form, the digital collection and its address.
pub fn preferred_citation(r: &Record) -> String {
    let title = r.title.as_ref().map_or_else(|| devised_title(r), |t| t.to_string());
    let mut s = format!("\u{201c}{title},\u{201d}");
    if let Some(d) = &r.date {
        s.push(' ');
        s.push_str(&date_in_words(d));
        s.push(',');
    }
    let refs: Vec<String> = r.references.iter().map(|x| refparse::render(x, RenderStyle::Short)).collect();
    if !refs.is_empty() {
        s.push(' ');
        s.push_str(&refs.join("; "));
        s.push(',');
    }
    s.pop();
    s.push('.');
    if let Some(p) = &r.publication {
        let parts: Vec<&str> =
            [&p.collection, &p.publisher].into_iter().flatten().map(|x| x.as_str()).collect();
        if !parts.is_empty() {
            s.push(' ');
            s.push_str(&parts.join(", "));
            s.push('.');
        }
        if let Some(u) = &p.url {
            s.push(' ');
            s.push_str(u.as_str());
        }
    }
    s
}

/// "Translated from Russian into English." or "In Russian."
pub fn language_note(r: &Record) -> Option<String> {
    let names = |tags: &[crate::model::LanguageTag]| -> String {
        let names: Vec<&str> = tags.iter().map(|t| t.english_name().unwrap_or(t.as_str())).collect();
        names.join(" and ")
    };
    let (original, translation) = (&r.languages.original, &r.languages.translation);
    match (original.is_empty(), translation.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("In {}.", names(original))),
        (true, false) => Some(format!("In {}.", names(translation))),
        (false, false) => Some(format!("Translated from {} into {}.", names(original), names(translation))),
    }
}

/// Where the originals are and who obtained the copy: "Original held by
/// Russian State Archive of Contemporary History (RGANI), Moscow. Copy
/// obtained by Sergey Radchenko."
pub fn custodial_history(r: &Record) -> Option<String> {
    let holders: Vec<String> = r.references.iter().filter_map(holder).collect();
    let obtained: Vec<String> = r.agents_in(Role::ObtainedBy).map(|c| c.agent.display_name()).collect();
    let mut parts = Vec::new();
    if !holders.is_empty() {
        parts.push(format!("Original held by {}.", holders.join("; ")));
    }
    if !obtained.is_empty() {
        parts.push(format!("Copy obtained by {}.", obtained.join(" and ")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn holder(reference: &ArchivalReference) -> Option<String> {
    let repo = reference.repository.as_ref()?;
    let mut s = repo.full_label().to_string();
    if let (Some(a), Some(_)) = (&repo.abbreviation, &repo.name) {
        s.push_str(&format!(" ({a})"));
    }
    if let Some(p) = &repo.place {
        s.push_str(", ");
        s.push_str(p);
    }
    Some(s)
}

/// The role of a MARC relator code.
pub fn role_of_relator(code: &str) -> Option<Role> {
    let code = code.trim().trim_end_matches('.');
    ROLES.iter().copied().find(|r| r.marc_relator() == Some(code))
}

/// The role of a relator term or of one of archcite's role labels.
pub fn role_of_term(term: &str) -> Option<Role> {
    let t = term.trim().trim_end_matches(['.', ',']).to_lowercase();
    if t == "creator" {
        return Some(Role::Author);
    }
    ROLES.iter().copied().find(|r| r.label() == t || r.as_str() == t)
}

/// A person from a catalogue heading: "Goldberg, Gary" (inverted) or, when
/// `direct`, "Kim Il Sung" (family name first, as written).
pub fn person_of_heading(heading: &str, direct: bool) -> Option<Person> {
    let heading = heading.trim();
    if direct {
        let (family, given) = heading.split_once(' ').unwrap_or((heading, ""));
        let mut p = Person::new(NonEmpty::new(family)?, NonEmpty::new(given));
        if p.given.is_some() {
            p.name_order = NameOrder::FamilyFirst;
        }
        return Some(p);
    }
    let (family, given) = heading.split_once(", ").unwrap_or((heading, ""));
    Some(Person::new(NonEmpty::new(family)?, NonEmpty::new(given)))
}

/// The heading of a person: inverted for given-first names, direct for
/// family-first ones; `true` when direct.
pub fn heading_of_person(p: &Person) -> (String, bool) {
    match (&p.given, p.name_order) {
        (Some(_), NameOrder::FamilyFirst) => (p.display_name(), true),
        _ => (p.sort_name(), false),
    }
}

/// The name of an agent as a heading.
pub fn heading_of_agent(a: &Agent) -> String {
    match a {
        Agent::Person(p) => heading_of_person(p).0,
        Agent::Organization(o) => o.name.to_string(),
    }
}

/// The ISO 15924 script of a name in another script, when it is one archival
/// records of this field use.
pub fn script_of(s: &str) -> Option<&'static str> {
    let c = s.chars().find(|c| c.is_alphabetic())?;
    Some(match c {
        '\u{0400}'..='\u{052F}' => "Cyrl",
        '\u{0370}'..='\u{03FF}' => "Grek",
        '\u{0590}'..='\u{05FF}' => "Hebr",
        '\u{0600}'..='\u{06FF}' => "Arab",
        '\u{1100}'..='\u{11FF}' | '\u{AC00}'..='\u{D7AF}' | '\u{3130}'..='\u{318F}' => "Hang",
        '\u{3040}'..='\u{30FF}' => "Jpan",
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => "Hani",
        _ => return None,
    })
}

/// A repository written by name (and place): the name and place as written,
/// the abbreviation, original name and country from the registry when the
/// repository is registered.
pub fn repository_named(name: NonEmpty, place: Option<NonEmpty>) -> Repository {
    let mut repo = crate::registry::lookup(&name).unwrap_or_else(|| Repository::named(name.clone()));
    repo.name = Some(name);
    if place.is_some() {
        repo.place = place;
    }
    repo
}

/// The levels of a shelf mark, read with the reference parser; a shelf mark it
/// cannot read whole is kept as one call number. Read whole means the levels
/// give the shelf mark back but for the spelling of dashes, spaces and case
/// ("ll. 95-101" is "ll. 95–101"): the catalogue readers keep a field whose
/// spelling archcite would change as written, so nothing is lost.
pub fn shelf_levels(repo: Option<&Repository>, shelf: &str) -> Vec<Level> {
    let line = match repo {
        Some(r) => format!("{}, {shelf}", r.label()),
        None => shelf.to_string(),
    };
    let parsed = refparse::parse_line(&line);
    match parsed.references.as_slice() {
        [one] if parsed.unparsed.trim().is_empty() && !one.levels.is_empty() => {
            let candidate =
                ArchivalReference { repository: repo.cloned(), levels: one.levels.clone(), raw: None };
            let rendered = refparse::render_location(&candidate, refparse::RenderStyle::Short);
            if spelled_alike(&rendered, shelf) {
                return one.levels.clone();
            }
        }
        _ => {}
    }
    Level::new(LevelKind::CallNumber, shelf).into_iter().collect()
}

/// Whether two shelf marks differ only in their dashes, spaces or case.
fn spelled_alike(a: &str, b: &str) -> bool {
    fn key(s: &str) -> String {
        let dashed: String = s
            .chars()
            .map(|c| if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}') { '-' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        let words: Vec<&str> = dashed.split_whitespace().collect();
        words.join(" ").replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    }
    key(a) == key(b)
}

/// The model fields both catalogue formats, MARCXML and MODS, carry (see
/// `Format::carried`): one list, as their mappings are one in docs/mapping-marc-mods.md.
pub(crate) const CARRIES: &[&str] = &[
    "key",
    "title",
    "subtitle",
    "short_title",
    "original_title",
    "alternate_titles[translated]",
    "alternate_titles[other-script]",
    "alternate_titles[transliterated]",
    "alternate_titles[alternative]",
    "alternate_titles[uniform]",
    "alternate_titles[abbreviated]",
    "alternate_titles[any]",
    "work_type",
    "type",
    "date",
    "issued",
    "events[registered]",
    "events[stamped]",
    "events[sent]",
    "events[received]",
    "events[signed]",
    "events[uploaded]",
    "events[accessed]",
    "events[declassified]",
    "languages.original",
    "agents[author]",
    "agents[author].on_behalf_of",
    "agents[author].original_script",
    "agents[recipient]",
    "agents[recipient].on_behalf_of",
    "agents[recipient].original_script",
    "agents[participant]",
    "agents[participant].on_behalf_of",
    "agents[participant].original_script",
    "agents[recorder]",
    "agents[recorder].on_behalf_of",
    "agents[recorder].original_script",
    "agents[translator]",
    "agents[translator].on_behalf_of",
    "agents[translator].original_script",
    "agents[obtained-by]",
    "agents[obtained-by].on_behalf_of",
    "agents[obtained-by].original_script",
    "agents[contributor]",
    "agents[contributor].on_behalf_of",
    "agents[contributor].original_script",
    "agents[transcriber]",
    "agents[transcriber].on_behalf_of",
    "agents[transcriber].original_script",
    "agents[editor]",
    "agents[editor].on_behalf_of",
    "agents[editor].original_script",
    "agents[provider]",
    "agents[provider].on_behalf_of",
    "agents[provider].original_script",
    "agents[funder]",
    "agents[funder].on_behalf_of",
    "agents[funder].original_script",
    "agents[publisher]",
    "agents[publisher].on_behalf_of",
    "agents[publisher].original_script",
    "agents[rights-holder]",
    "agents[rights-holder].on_behalf_of",
    "agents[rights-holder].original_script",
    "agents[chair]",
    "agents[chair].on_behalf_of",
    "agents[chair].original_script",
    "agents[compiler]",
    "agents[compiler].on_behalf_of",
    "agents[compiler].original_script",
    "agents[composer]",
    "agents[composer].on_behalf_of",
    "agents[composer].original_script",
    "agents[container-author]",
    "agents[container-author].on_behalf_of",
    "agents[container-author].original_script",
    "agents[collection-editor]",
    "agents[collection-editor].on_behalf_of",
    "agents[collection-editor].original_script",
    "agents[curator]",
    "agents[curator].on_behalf_of",
    "agents[curator].original_script",
    "agents[director]",
    "agents[director].on_behalf_of",
    "agents[director].original_script",
    "agents[editorial-director]",
    "agents[editorial-director].on_behalf_of",
    "agents[editorial-director].original_script",
    "agents[executive-producer]",
    "agents[executive-producer].on_behalf_of",
    "agents[executive-producer].original_script",
    "agents[guest]",
    "agents[guest].on_behalf_of",
    "agents[guest].original_script",
    "agents[host]",
    "agents[host].on_behalf_of",
    "agents[host].original_script",
    "agents[illustrator]",
    "agents[illustrator].on_behalf_of",
    "agents[illustrator].original_script",
    "agents[interviewer]",
    "agents[interviewer].on_behalf_of",
    "agents[interviewer].original_script",
    "agents[narrator]",
    "agents[narrator].on_behalf_of",
    "agents[narrator].original_script",
    "agents[organizer]",
    "agents[organizer].on_behalf_of",
    "agents[organizer].original_script",
    "agents[original-author]",
    "agents[original-author].on_behalf_of",
    "agents[original-author].original_script",
    "agents[performer]",
    "agents[performer].on_behalf_of",
    "agents[performer].original_script",
    "agents[producer]",
    "agents[producer].on_behalf_of",
    "agents[producer].original_script",
    "agents[reviewed-author]",
    "agents[reviewed-author].on_behalf_of",
    "agents[reviewed-author].original_script",
    "agents[script-writer]",
    "agents[script-writer].on_behalf_of",
    "agents[script-writer].original_script",
    "agents[series-creator]",
    "agents[series-creator].on_behalf_of",
    "agents[series-creator].original_script",
    "agents[degree-grantor]",
    "agents[degree-grantor].on_behalf_of",
    "agents[degree-grantor].original_script",
    "agents[thesis-advisor]",
    "agents[thesis-advisor].on_behalf_of",
    "agents[thesis-advisor].original_script",
    "references",
    "publication.collection",
    "publication.publisher",
    "publication.place",
    "publication.url",
    "publication.record_id",
    "container.*",
    "series.*",
    "edition",
    "number",
    "extent",
    "medium",
    "identifiers[doi]",
    "identifiers[isbn]",
    "identifiers[issn]",
    "identifiers[lccn]",
    "identifiers[oclc]",
    "identifiers[pmid]",
    "identifiers[pmcid]",
    "identifiers[handle]",
    "identifiers[urn]",
    "identifiers[ark]",
    "identifiers[arxiv]",
    "identifiers[call-number]",
    "identifiers[ismn]",
    "identifiers[isrc]",
    "identifiers[uri]",
    "original.*",
    "rights.statement",
    "rights.license",
    "rights.holder",
    "summary",
    "notes[general]",
    "notes[stamp]",
    "notes[copy-number]",
    "notes[distribution]",
    "notes[classification]",
    "notes[annotation]",
    "notes[registration-number]",
    "subjects",
    "keywords",
    "places",
    "people",
    "related",
    "published_sources",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_leaves() {
        assert_eq!(count("95-101"), Some(7));
        assert_eq!(count("12-13"), Some(2));
        assert_eq!(count("29 ob."), Some(1));
        assert_eq!(count("12, 14–15"), Some(3));
        assert_eq!(count("5/a"), None);
        assert_eq!(count("101-95"), None);
    }

    #[test]
    fn dates_in_words() {
        let words = |s: &str| date_in_words(&s.parse().unwrap());
        assert_eq!(words("1969-04-14"), "14 April 1969");
        assert_eq!(words("1969~"), "circa 1969");
        assert_eq!(words("1969-04?"), "April 1969?");
        assert_eq!(words("1969/1970-01"), "1969–January 1970");
        assert_eq!(words("../1970"), "until 1970");
    }

    #[test]
    fn headings() {
        let p = person_of_heading("Kim Il Sung", true).unwrap();
        assert_eq!(heading_of_person(&p), ("Kim Il Sung".to_string(), true));
        let p = person_of_heading("Goldberg, Gary", false).unwrap();
        assert_eq!(heading_of_person(&p), ("Goldberg, Gary".to_string(), false));
    }
}

#[cfg(test)]
mod marc_year_tests {
    use super::marc_year;

    #[test]
    fn unknown_digits_give_the_span_of_years() {
        let show = |s: &str| marc_year(s).map(|d| d.to_string());
        assert_eq!(show("192u").as_deref(), Some("1920/1929"));
        assert_eq!(show("19uu").as_deref(), Some("1900/1999"));
        assert_eq!(show("1969").as_deref(), Some("1969"));
        assert_eq!(show("uuuu"), None);
        assert_eq!(show("19u5"), None);
        assert_eq!(show("    "), None);
    }
}
