//! Funder names: splitting the lists pages write into organisations.
//!
//! "Kyungnam University and Institute for Korean Studies, Ohio State University"
//! is two funders, "Ministry of Culture and Sports" one: a list is split on
//! " and " only where both sides look like organisations, and on a comma where
//! every part names an organisation by itself ("the X Ministry, the Y
//! Foundation"), except where a unit is followed by the body it belongs to:
//! "Institute for Korean Studies, Ohio State University" is one name.

use super::text::clean;

/// Words that make a name an organisation's.
const ORGANISATION_WORDS: &[&str] = &[
    "academy",
    "administration",
    "agency",
    "army",
    "bank",
    "archive",
    "archives",
    "association",
    "bureau",
    "center",
    "centre",
    "college",
    "commission",
    "committee",
    "corporation",
    "council",
    "department",
    "embassy",
    "endowment",
    "foundation",
    "fund",
    "government",
    "group",
    "inc",
    "institute",
    "institution",
    "library",
    "ministry",
    "museum",
    "office",
    "organisation",
    "organization",
    "party",
    "politburo",
    "presidium",
    "program",
    "programme",
    "project",
    "school",
    "secretariat",
    "society",
    "trust",
    "university",
];

/// Words that name a unit of a larger body (an institute of a university).
const UNIT_WORDS: &[&str] = &[
    "center",
    "centre",
    "department",
    "division",
    "faculty",
    "institute",
    "laboratory",
    "office",
    "program",
    "programme",
    "project",
    "school",
    "section",
];

/// Words that name a body units belong to.
const PARENT_WORDS: &[&str] = &["academy", "college", "institution", "university"];

fn has_word(name: &str, words: &[&str]) -> bool {
    name.split(|c: char| !c.is_alphanumeric()).any(|w| words.contains(&w.to_lowercase().as_str()))
}

/// True when `name` reads as an organisation: it has an organisation word or is
/// an acronym ("NKIDP").
pub fn looks_like_organisation(name: &str) -> bool {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let acronym = words.len() == 1 && words[0].len() >= 2 && words[0].chars().all(|c| c.is_ascii_uppercase());
    acronym || words.iter().any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Split one funders line into organisation names, in order.
pub fn split_funders(line: &str) -> Vec<String> {
    let line = clean(line);
    let line = line.trim_end_matches('.');
    let mut out = Vec::new();
    for part in line.split(';') {
        for piece in split_before_the(part) {
            out.extend(split_on_and(&piece));
        }
    }
    out.into_iter().map(|n| strip_article(&n)).filter(|n| !n.is_empty()).collect()
}

/// "A, the B, and the C" -> "A", "the B", "and the C".
fn split_before_the(part: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for (i, segment) in part.split(',').enumerate() {
        let t = segment.trim_start();
        let starts_item = t.starts_with("the ") || t.starts_with("and the ") || t.starts_with("and ");
        // The organisation just before the comma: the last of an "A and B" run.
        let last = pieces.last().map(String::as_str).unwrap_or("");
        let last = last.rsplit(" and ").next().unwrap_or(last);
        // "Institute for Korean Studies, Ohio State University": a unit and its parent.
        let unit_of_parent =
            has_word(last, UNIT_WORDS) && has_word(t, PARENT_WORDS) && !has_word(last, PARENT_WORDS);
        let separate = starts_item || (looks_like_organisation(last) && !unit_of_parent);
        if i > 0 && separate && looks_like_organisation(t) {
            pieces.push(t.to_string());
        } else {
            let last = pieces.last_mut().expect("never empty");
            if i > 0 {
                last.push(',');
            }
            last.push_str(segment);
        }
    }
    pieces
}

/// Split on " and " where the text on both sides looks like an organisation.
fn split_on_and(piece: &str) -> Vec<String> {
    let piece = piece.trim();
    let piece = piece.strip_prefix("and ").unwrap_or(piece);
    let parts: Vec<&str> = piece.split(" and ").collect();
    let mut out: Vec<String> = Vec::new();
    let mut current = parts[0].to_string();
    for next in &parts[1..] {
        if looks_like_organisation(&current) && looks_like_organisation(next) {
            out.push(std::mem::take(&mut current));
            current = next.to_string();
        } else {
            current = format!("{current} and {next}");
        }
    }
    out.push(current);
    out.into_iter().map(|s| s.trim().trim_end_matches(',').trim().to_string()).collect()
}

fn strip_article(name: &str) -> String {
    let n = name.trim();
    n.strip_prefix("the ").unwrap_or(n).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::split_funders;

    #[test]
    fn splits_lists_of_organisations_but_not_names() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Kyungnam University\u{a0} and Institute for Korean Studies, Ohio State University",
                &["Kyungnam University", "Institute for Korean Studies, Ohio State University"],
            ),
            ("Kyungnam University", &["Kyungnam University"]),
            ("the Korea Foundation", &["Korea Foundation"]),
            ("Ministry of Culture and Sports", &["Ministry of Culture and Sports"]),
            (
                "the MacArthur Foundation, the Korea Foundation, and the Leon Levy Foundation",
                &["MacArthur Foundation", "Korea Foundation", "Leon Levy Foundation"],
            ),
            (
                "the Ministry of Unification, Korea Foundation",
                &["Ministry of Unification", "Korea Foundation"],
            ),
            (
                "the Carnegie Corporation, Henry Luce Foundation, Kyungnam University",
                &["Carnegie Corporation", "Henry Luce Foundation", "Kyungnam University"],
            ),
            (
                "Center for Cold War Studies, University of California, Santa Barbara",
                &["Center for Cold War Studies, University of California, Santa Barbara"],
            ),
            ("Leon Levy Foundation, New York", &["Leon Levy Foundation, New York"]),
            (
                "Carnegie Corporation of New York; Henry Luce Foundation",
                &["Carnegie Corporation of New York", "Henry Luce Foundation"],
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_funders(line), *want, "{line}");
        }
    }
}
