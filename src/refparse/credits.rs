//! Credit clauses ("Obtained by X and translated by Y", "Translated for NKIDP by
//! Z", "Contributed, transcribed, and translated by W") and reprint notes
//! ("Reprinted in ..."), found by their verbs and cut out of the line.

use super::lexer::P;
use super::names::is_organization;
use super::Credit;
use crate::model::Role;

/// What the scan found: credits, published sources, and the token ranges they cover.
#[derive(Default)]
pub struct Found {
    pub credits: Vec<Credit>,
    pub published: Vec<String>,
    pub spans: Vec<(usize, usize)>,
}

/// The role a credit verb at `i` gives ("obtained", "translated", ...).
fn verb(p: &P, i: usize) -> Option<Role> {
    Some(match p.lower(i) {
        "obtained" => Role::ObtainedBy,
        "translated" => Role::Translator,
        "contributed" => Role::Contributor,
        "transcribed" => Role::Transcriber,
        "edited" => Role::Editor,
        "provided" | "donated" | "supplied" => Role::Provider,
        _ => return None,
    })
}

fn is_and(p: &P, i: usize) -> bool {
    p.word_is(i, "and") || p.punct(i, '&')
}

/// A clause may start at the line start or after punctuation.
fn at_boundary(p: &P, i: usize) -> bool {
    i == 0 || ['.', ',', ';', '(', '['].iter().any(|&c| p.punct(i - 1, c))
}

/// Scan the whole line.
pub fn scan(p: &P) -> Found {
    let mut f = Found::default();
    let mut i = 0;
    while i < p.len() {
        if at_boundary(p, i) {
            if let Some(end) = clause(p, i, &mut f.credits) {
                f.spans.push((i, end));
                i = end;
                continue;
            }
            if let Some(end) = reprint(p, i) {
                f.published.push(p.span(i + 2, end).trim_end_matches('.').trim().to_string());
                f.spans.push((i, end));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    f
}

/// "Reprinted in ..." / "Published in ...": the end of the note (the next
/// credit clause, a URL, or the end of the line).
fn reprint(p: &P, i: usize) -> Option<usize> {
    if !((p.word_is(i, "reprinted") || p.word_is(i, "published")) && p.word_is(i + 1, "in")) {
        return None;
    }
    let mut k = i + 2;
    let stop = |k: usize| {
        (p.punct(k - 1, '.') && verb(p, k).is_some()) || p.word_is(k, "http") || p.word_is(k, "https")
    };
    while k < p.len() && !stop(k) {
        k += 1;
    }
    (k > i + 2).then_some(k)
}

/// One clause with its chained "and <verb> by" continuations. Pushes credits and
/// returns the end, or None (nothing pushed) when `i` does not start a clause.
fn clause(p: &P, i: usize, out: &mut Vec<Credit>) -> Option<usize> {
    let mut start = i;
    let mut end = None;
    let mut roles = Vec::new();
    while let Some(r) = verb(p, start) {
        // Verb list: "Contributed, transcribed, and translated".
        roles.clear();
        roles.push(r);
        let mut k = start + 1;
        loop {
            let mut j = k;
            if p.punct(j, ',') {
                j += 1;
            }
            if is_and(p, j) {
                j += 1;
            }
            match verb(p, j).filter(|_| j > k) {
                Some(r) => {
                    roles.push(r);
                    k = j + 1;
                }
                None => break,
            }
        }
        let (org, by) = find_by(p, k)?;
        let (names, next) = names(p, by + 1);
        if names.is_empty() {
            return end;
        }
        for r in &roles {
            for n in &names {
                out.push(Credit { role: *r, name: n.clone(), on_behalf_of: org.clone() });
            }
        }
        end = Some(next);
        // "... and translated by Y" continues the clause.
        if is_and(p, next) && verb(p, next + 1).is_some() {
            start = next + 1;
        } else if p.punct(next, ',') && is_and(p, next + 1) && verb(p, next + 2).is_some() {
            start = next + 2;
        } else {
            break;
        }
    }
    end
}

/// From after the verbs, find "by" (within a few words, e.g. "from the Russian",
/// "for NKIDP"): the organisation named after "for", and the index of "by".
fn find_by(p: &P, k: usize) -> Option<(Option<String>, usize)> {
    let mut org_start = None;
    for j in k..(k + 14).min(p.len()) {
        if p.word_is(j, "by") {
            let org = org_start.map(|a| p.span(a, j).trim().to_string()).filter(|s: &String| !s.is_empty());
            return Some((org, j));
        }
        if p.word_is(j, "for") && org_start.is_none() {
            org_start = Some(j + 1);
        }
        if super::western::sentence_end(p, j) || p.punct(j, ';') {
            return None;
        }
    }
    None
}

/// The names after "by": up to the sentence end, a URL, a parenthesis or
/// "and <verb>". Returns the names and the index where they end.
fn names(p: &P, i: usize) -> (Vec<String>, usize) {
    let mut k = i;
    while k < p.len() {
        let stop = super::western::sentence_end(p, k)
            || p.punct(k, '(')
            || p.punct(k, ';')
            || p.punct(k, ')')
            || p.punct(k, ']')
            || p.word_is(k, "http")
            || p.word_is(k, "https")
            || (is_and(p, k) && verb(p, k + 1).is_some())
            || (p.punct(k, ',') && is_and(p, k + 1) && verb(p, k + 2).is_some());
        if stop {
            break;
        }
        k += 1;
    }
    let mut end = k;
    let initial = |t: &str| t.chars().count() == 1 && t.chars().all(char::is_uppercase);
    if end > i && (p.punct(end - 1, ',') || (p.punct(end - 1, '.') && !initial(p.text(end.wrapping_sub(2)))))
    {
        end -= 1;
    }
    (split_names(p, i, end), end)
}

/// Split "A, B, and C" into names; comma runs with an organisation in them stay
/// one name ("North Korean Materials Archive, IFES, Kyungnam University").
fn split_names(p: &P, a: usize, b: usize) -> Vec<String> {
    // Groups separated by "and"; pieces inside a group separated by commas.
    let mut groups: Vec<Vec<(usize, usize)>> = vec![vec![]];
    let mut s = a;
    for k in a..=b {
        let at_end = k == b;
        let comma = !at_end && p.punct(k, ',');
        let and = !at_end && is_and(p, k);
        if at_end || comma || and {
            if k > s {
                groups.last_mut().expect("never empty").push((s, k));
            }
            if and {
                groups.push(vec![]);
            }
            s = k + 1;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for g in groups.into_iter().filter(|g| !g.is_empty()) {
        let texts: Vec<&str> = g.iter().map(|&(x, y)| p.span(x, y).trim()).collect();
        if texts.len() > 1 && texts.iter().any(|t| is_organization(t)) {
            out.push(p.span(g[0].0, g[g.len() - 1].1).trim().to_string());
        } else {
            out.extend(texts.into_iter().filter(|t| !t.is_empty()).map(str::to_string));
        }
    }
    out.iter().map(|n| without_title(n).to_string()).filter(|n| !n.is_empty()).collect()
}

/// A name without the academic or honorific titles before it ("Professor
/// A. B." → "A. B.", "Dr. C. D." → "C. D.", "Cde. Kim" → "Kim").
fn without_title(name: &str) -> &str {
    const TITLES: &[&str] = &[
        "assistant professor",
        "associate professor",
        "professor",
        "prof",
        "dr",
        "doctor",
        "cde",
        "comrade",
        "mr",
        "mrs",
        "ms",
        "miss",
        "amb",
        "ambassador",
    ];
    let mut rest = name.trim();
    'strip: loop {
        for t in TITLES {
            let Some(head) = rest.get(..t.len()) else { continue };
            if !head.eq_ignore_ascii_case(t) {
                continue;
            }
            let tail = &rest[t.len()..];
            let tail = tail.strip_prefix('.').unwrap_or(tail);
            // A title is a whole word followed by the name.
            if tail.starts_with(char::is_whitespace) && tail.trim_start().starts_with(char::is_uppercase) {
                rest = tail.trim_start();
                continue 'strip;
            }
        }
        return rest;
    }
}
