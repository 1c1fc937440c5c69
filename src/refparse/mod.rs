//! Stand-in for the reference parser; replaced on merge.
//!
//! It has the types and signatures of the real parser (`parse_line`, `ParsedLine`,
//! `Credit`) but understands only the simple Russian notation ("RGANI, Fond 5,
//! Opis 61, Delo 462, Listi 95-101") and the common credit phrases, so that the
//! importers written against the real API can be run and tested before it lands.

use crate::model::{
    Agent, ArchivalReference, Contributor, CountryCode, Level, LevelKind, NonEmpty, Organization, Person,
    Repository, Role,
};

/// One source line, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line as given.
    pub input: String,
    /// The archival references found, in order.
    pub references: Vec<ArchivalReference>,
    /// The credits found, in order.
    pub credits: Vec<Credit>,
    /// Published (non-archival) sources, as written.
    pub published_sources: Vec<String>,
    /// What could not be parsed, verbatim.
    pub unparsed: String,
    /// Problems met on the way.
    pub warnings: Vec<String>,
}

/// A credit: who did what, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// What they did.
    pub role: Role,
    /// Their name as written.
    pub name: String,
    /// The organisation the work was done for.
    pub on_behalf_of: Option<String>,
}

impl Credit {
    /// The credit as a model contributor: a person ("Gary Goldberg") or an
    /// organisation ("North Korean Materials Archive, IFES, Kyungnam University").
    pub fn to_contributor(&self) -> Contributor {
        let name = NonEmpty::new(&self.name).unwrap_or_else(|| NonEmpty::new("?").expect("literal"));
        let organisation = self.name.contains(',')
            || ["University", "Archive", "Institute", "Embassy", "Ministry", "Committee", "Department"]
                .iter()
                .any(|w| self.name.split_whitespace().any(|t| t == *w));
        let agent = if organisation {
            Agent::Organization(Organization::new(name))
        } else {
            let (given, family) = match self.name.trim().rsplit_once(' ') {
                Some((g, f)) => (NonEmpty::new(g), f),
                None => (None, self.name.trim()),
            };
            Agent::Person(Person::new(NonEmpty::new(family).unwrap_or(name), given))
        };
        Contributor {
            role: self.role,
            agent,
            on_behalf_of: self.on_behalf_of.as_deref().and_then(NonEmpty::new),
        }
    }
}

/// (abbreviation, variants, English name, original name, place, country).
type Entry = (&'static str, &'static [&'static str], &'static str, &'static str, &'static str, &'static str);

const REGISTRY: &[Entry] = &[
    (
        "RGANI",
        &["RGANI"],
        "Russian State Archive of Contemporary History",
        "Российский государственный архив новейшей истории",
        "Moscow",
        "RU",
    ),
    (
        "RGASPI",
        &["RGASPI"],
        "Russian State Archive of Socio-Political History",
        "Российский государственный архив социально-политической истории",
        "Moscow",
        "RU",
    ),
    (
        "APRF",
        &["APRF", "AP RF"],
        "Archive of the President of the Russian Federation",
        "Архив Президента Российской Федерации",
        "Moscow",
        "RU",
    ),
    (
        "AVPRF",
        &["AVPRF", "AVP RF"],
        "Foreign Policy Archive of the Russian Federation",
        "Архив внешней политики Российской Федерации",
        "Moscow",
        "RU",
    ),
    (
        "MNL OL",
        &["MNL OL", "MOL"],
        "National Archives of Hungary",
        "Magyar Nemzeti Levéltár Országos Levéltára",
        "Budapest",
        "HU",
    ),
];

/// Parse a source line into references, credits and an unparsed remainder.
pub fn parse_line(input: &str) -> ParsedLine {
    let line = input.trim().trim_end_matches('.');
    let (refs_part, credits_part) = split_credits(line);
    let mut out = ParsedLine {
        input: input.to_string(),
        references: Vec::new(),
        credits: parse_credits(credits_part),
        published_sources: Vec::new(),
        unparsed: String::new(),
        warnings: Vec::new(),
    };
    for part in split_references(refs_part) {
        match parse_reference(part) {
            Some(r) => out.references.push(r),
            None => {
                if !out.unparsed.is_empty() {
                    out.unparsed.push_str("; ");
                }
                out.unparsed.push_str(part);
            }
        }
    }
    if !out.unparsed.is_empty() {
        out.warnings.push(format!("could not parse `{}`", out.unparsed));
    }
    out
}

fn split_credits(line: &str) -> (&str, &str) {
    let lower = line.to_lowercase();
    for key in [". obtained", ". translated", ". contributed", ". transcribed", ". edited"] {
        if let Some(i) = lower.find(key) {
            return (line[..i].trim(), line[i + 2..].trim());
        }
    }
    (line, "")
}

fn split_references(refs: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in refs.split("; ") {
        let mut rest = piece;
        while let Some(i) = rest.find(" and ") {
            let after = rest[i + 5..].trim_start_matches("and ").trim();
            if repository(after).is_some() {
                parts.push(rest[..i].trim_end_matches(',').trim());
                rest = after;
            } else {
                break;
            }
        }
        parts.push(rest.trim());
    }
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn repository(text: &str) -> Option<(Repository, usize)> {
    let head = text.split(',').next().unwrap_or("").trim();
    for (abbr, variants, name, original, place, country) in REGISTRY {
        let hit = variants.iter().any(|v| head == *v || head.ends_with(&format!("({v})"))) || head == *name;
        if hit {
            let repo = Repository {
                abbreviation: NonEmpty::new(abbr),
                name: NonEmpty::new(name),
                original_name: NonEmpty::new(original),
                place: NonEmpty::new(place),
                country: country.parse::<CountryCode>().ok(),
            };
            return Some((repo, head.len()));
        }
    }
    None
}

fn parse_reference(raw: &str) -> Option<ArchivalReference> {
    let (repo, len) = repository(raw)?;
    let mut levels = Vec::new();
    let rest = raw[len..].trim_start_matches(',').trim();
    for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (word, value) = item.split_once(' ').unwrap_or((item, ""));
        let kind = match word.trim_end_matches('.').to_lowercase().as_str() {
            "fond" | "f" => LevelKind::Fond,
            "opis" | "op" => LevelKind::Opis,
            "delo" | "d" => LevelKind::Delo,
            "listi" | "listy" | "list" | "l" | "ll" => LevelKind::Listi,
            "papka" | "p" => LevelKind::Papka,
            _ => {
                levels.extend(Level::new(LevelKind::CallNumber, rest));
                levels.retain(|l| l.kind == LevelKind::CallNumber);
                break;
            }
        };
        levels.extend(Level::new(kind, &value.replace(['–', '—'], "-")));
    }
    Some(ArchivalReference { repository: Some(repo), levels, raw: NonEmpty::new(raw) })
}

fn parse_credits(text: &str) -> Vec<Credit> {
    let mut credits = Vec::new();
    for sentence in text.split(". ").map(|s| s.trim().trim_end_matches('.')).filter(|s| !s.is_empty()) {
        // "Obtained by X and translated by Y" / "Translated for NKIDP by Z" / "Translated by A and B".
        let lower = sentence.to_lowercase();
        if let Some(i) = lower.find(" and translated by ") {
            credits.extend(credit(Role::ObtainedBy, &sentence[..i]));
            credits.extend(credit(Role::Translator, &sentence[i + " and ".len()..]));
            continue;
        }
        let role = if lower.starts_with("obtained and translated") {
            let mut c = credit(Role::ObtainedBy, sentence);
            credits.append(&mut c);
            Role::Translator
        } else if lower.starts_with("obtained") {
            Role::ObtainedBy
        } else if lower.starts_with("translated") {
            Role::Translator
        } else {
            Role::Contributor
        };
        credits.extend(credit(role, sentence));
    }
    credits
}

/// "translated for NKIDP by A and B" -> one credit per name.
fn credit(role: Role, phrase: &str) -> Vec<Credit> {
    let Some(by) = phrase.find(" by ") else { return Vec::new() };
    let head = &phrase[..by];
    let on_behalf_of = head.find(" for ").map(|i| head[i + 5..].trim().to_string());
    phrase[by + 4..]
        .split(" and ")
        .map(|n| Credit { role, name: n.trim().to_string(), on_behalf_of: on_behalf_of.clone() })
        .collect()
}
