//! Deciding whether a credited name is a person or an organisation, and
//! splitting a person's name into given and family names.

use crate::model::{Agent, NonEmpty, Organization, Person};

/// Words that only organisations have in their names.
const ORG_WORDS: &[&str] = &[
    "university",
    "archive",
    "archives",
    "institute",
    "center",
    "centre",
    "program",
    "programme",
    "project",
    "ministry",
    "library",
    "foundation",
    "museum",
    "department",
    "office",
    "embassy",
    "academy",
    "society",
    "committee",
    "council",
    "association",
    "college",
    "school",
    "agency",
    "service",
    "bureau",
    "commission",
    "press",
    "fund",
    "trust",
    "initiative",
    "network",
    "group",
    "team",
    "staff",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "company",
    "corporation",
    "services",
    "translations",
    "partners",
];

/// Family-name particles kept with the family name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "ter", "ten", "bin",
    "ibn", "al",
];

/// True when `name` names an organisation.
pub fn is_organization(name: &str) -> bool {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let acronym =
        |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    name.contains(',')
        || words.iter().any(|w| ORG_WORDS.iter().any(|o| w.eq_ignore_ascii_case(o)))
        || (words.len() == 1 && acronym(words[0]))
        || (!words.is_empty() && words.iter().all(|w| acronym(w)))
}

/// A person or organisation from a credited name.
pub fn agent(name: &str) -> Agent {
    let name = name.trim();
    let fallback = || NonEmpty::new(name).unwrap_or_else(|| NonEmpty::new("unknown").expect("literal"));
    if is_organization(name) {
        return Agent::Organization(Organization::new(fallback()));
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    // Suffixes ("Jr.") stay with the family name.
    let mut fam_start = words.len().saturating_sub(1);
    let suffix =
        |w: &str| matches!(w.trim_end_matches('.').to_ascii_lowercase().as_str(), "jr" | "sr" | "ii" | "iii");
    if fam_start > 0 && suffix(words[fam_start]) {
        fam_start -= 1;
    }
    while fam_start > 1 && PARTICLES.contains(&words[fam_start - 1].to_lowercase().as_str()) {
        fam_start -= 1;
    }
    let family = NonEmpty::new(&words[fam_start..].join(" ")).unwrap_or_else(fallback);
    let given = NonEmpty::new(&words[..fam_start].join(" "));
    Agent::Person(Person::new(family, given))
}
