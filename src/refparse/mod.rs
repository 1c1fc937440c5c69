//! Parse a provenance line into archival references and credits, and render
//! references back in English, abbreviated or Cyrillic conventions.
//!
//! The line is tokenised once (`lexer`); credit clauses and reprint notes are
//! cut out first (`credits`); the rest is scanned for repositories (the
//! [`crate::registry`]) and for notations that imply one, and each is followed by
//! its system's grammar (`russian`, `western`). Whatever no grammar claimed
//! is returned verbatim in [`ParsedLine::unparsed`]: nothing is dropped.

mod credits;
mod lexer;
mod location;
mod names;
mod render;
mod russian;
mod western;

pub use location::{levels_in, levels_of};
pub use names::is_organization;
pub use render::{conventional, render, render_location, render_with, RenderStyle, RepoName};

use lexer::{Tok, P};
use serde::Serialize;

use crate::model::{ArchivalReference, Contributor, Level, NonEmpty, Repository, Role};
use crate::registry::{self, Entry, System};

/// Everything read from one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedLine {
    /// The line as given.
    pub input: String,
    /// Archival references, in the order written.
    pub references: Vec<ArchivalReference>,
    /// Who obtained, translated, contributed ... the document.
    pub credits: Vec<Credit>,
    /// Published books or journals the document was reprinted in.
    pub published_sources: Vec<String>,
    /// Descriptions of the copy written after the reference ("Подлинник",
    /// "Копия", "Typescript"), as written.
    pub notes: Vec<String>,
    /// Text no grammar understood, verbatim ("" when everything was read).
    pub unparsed: String,
    /// Notes on doubtful readings and unparsed text.
    pub warnings: Vec<String>,
}

/// One credit: a role, a name as written, and the organisation it was done for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credit {
    /// What they did.
    pub role: Role,
    /// The name as written.
    pub name: String,
    /// "Translated for NKIDP by ..." → `NKIDP`.
    pub on_behalf_of: Option<String>,
}

impl Credit {
    /// The credit as a model contributor, person or organisation.
    pub fn to_contributor(&self) -> Contributor {
        let mut c = Contributor::new(self.role, names::agent(&self.name));
        c.on_behalf_of = self.on_behalf_of.as_deref().and_then(NonEmpty::new);
        c
    }
}

/// Parse one line. Never fails: what is not understood ends up in `unparsed`.
pub fn parse_line(input: &str) -> ParsedLine {
    let (toks, low) = lexer::lex(input);
    let all = P { src: input, t: &toks, low: &low };
    let found = credits::scan(&all);
    let mut covered: Vec<(usize, usize)> = Vec::with_capacity(found.spans.len() + 4);
    covered.extend(found.spans.iter().map(|&(a, b)| all.bytes(a, b)));
    let mut references = Vec::new();
    let mut start = 0;
    let end = (toks.len(), toks.len());
    for &(a, b) in found.spans.iter().chain(std::iter::once(&end)) {
        if a > start {
            let region = P { src: input, t: &toks[start..a], low: &low };
            scan_region(&region, &mut references, &mut covered);
        }
        start = b;
    }
    let mut published = found.published;
    let mut notes = Vec::new();
    let mut unparsed = leftovers(input, &toks, &mut covered, &mut notes);
    if references.is_empty() && looks_published(&unparsed) {
        published.push(std::mem::take(&mut unparsed));
    }
    let mut warnings = Vec::new();
    if !unparsed.is_empty() {
        warnings.push(format!("unparsed text: \"{unparsed}\""));
    }
    ParsedLine {
        input: input.to_string(),
        references,
        credits: found.credits,
        published_sources: published,
        notes,
        unparsed,
        warnings,
    }
}

/// A repository written in the text, and where it ends.
struct Mention {
    start: usize,
    end: usize,
    entry: Option<&'static Entry>,
    named: Option<Repository>,
}

/// Scan one region (text between credit clauses) for references.
fn scan_region(p: &P, refs: &mut Vec<ArchivalReference>, covered: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    let mut floor = 0;
    while i < p.len() {
        let (repo, levels, a, end) = if let Some(m) = mention(p, i, floor) {
            let system = m.entry.map_or(System::Generic, |e| e.system);
            let after = skip_place(p, m.end, m.entry);
            let (levels, end) = read_levels(p, after, system);
            let repo = m.entry.map(Entry::repository).or(m.named);
            // With no levels the reference is the name and any city after it.
            let end = if levels.is_empty() { place_end(p, m.end, m.entry).unwrap_or(m.end) } else { end };
            (repo, levels, m.start, end)
        } else if let Some((levels, end)) = western::ibid(p, i, refs.last().map(|r| r.levels.as_slice())) {
            (None, levels, i, end)
        } else if let Some((levels, end)) = russian::ibid(p, i) {
            (None, levels, i, end)
        } else if let Some((levels, end)) = russian_continued(p, i, floor, refs) {
            (None, levels, i, end)
        } else if let Some((levels, end)) = russian::unnamed(p, i) {
            let (repo, a) = written_before(p, i, floor);
            (repo, levels, a, end)
        } else if let Some((sys, levels, end)) = western::unnamed(p, i) {
            match sys.and_then(implied_repository) {
                Some(repo) => (Some(repo), levels, i, end),
                None => {
                    let (repo, a) = written_before(p, i, floor);
                    (repo, levels, a, end)
                }
            }
        } else {
            i += 1;
            continue;
        };
        let raw = NonEmpty::new(p.span(a, end));
        refs.push(ArchivalReference { repository: repo, levels, raw });
        covered.push(p.bytes(a, end));
        i = end.max(i + 1);
        floor = i;
    }
}

/// Levels straight after the semicolon that ends a Russian reference ("...
/// Д. 421. Л. 1–492; Д. 420. Л. 1–68"): a reference of its own, in the same
/// archive, which the line does not name again.
fn russian_continued(
    p: &P,
    i: usize,
    floor: usize,
    refs: &[ArchivalReference],
) -> Option<(Vec<Level>, usize)> {
    let after_last = i == floor + 1 && p.punct(floor, ';');
    let russian = refs.last().is_some_and(|r| r.levels.last().is_some_and(|l| l.kind.is_russian()));
    if after_last && russian {
        russian::continued(p, i)
    } else {
        None
    }
}

/// The archive written just before levels that named none ("RGIA, f. 1284",
/// "Державний архів Житомирської області. Ф. Р-1150"): the field back to the
/// previous comma, semicolon, bracket or sentence end, kept as written when it
/// reads as a name. Returns it and where the reference starts.
fn written_before(p: &P, i: usize, floor: usize) -> (Option<Repository>, usize) {
    let none = (None, i);
    let mut b = i;
    while b > floor && (p.punct(b - 1, ',') || p.punct(b - 1, '.') || p.punct(b - 1, ':')) {
        b -= 1;
    }
    if b == floor || b == i && i > floor && !p.space(i) {
        return none;
    }
    let mut a = b;
    let mut depth = 0i32;
    while a > floor {
        let k = a - 1;
        if p.punct(k, ')') {
            depth += 1;
        } else if p.punct(k, '(') {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0
            && ([',', ';', '[', ']', ':'].iter().any(|&c| p.punct(k, c))
                || (p.punct(k, '.') && dot_ends(p, k)))
        {
            break;
        }
        a -= 1;
    }
    if a >= b || b - a > 24 || !(p.capitalized(a) || p.punct(a, '«') || p.punct(a, '"')) {
        return none;
    }
    let text = p.span(a, b);
    let low = text.to_lowercase();
    let not_archive = ["там же", "ibid", "idem", "digital archive", "translated", "obtained", "source"]
        .iter()
        .any(|w| low.starts_with(w) || (w.contains(' ') && low.contains(w)));
    let dated = (a..b).any(|k| p.is_num(k) && p.text(k).len() == 4);
    if not_archive || dated || (a..b).any(|k| russian::keyword(p, k).is_some()) {
        return none;
    }
    (NonEmpty::new(text).map(unknown_repository), a)
}

/// A dot that ends a field: after a word of two letters or more that is not
/// an abbreviation of a name ("обл.", "г."), or after a number.
fn dot_ends(p: &P, k: usize) -> bool {
    let prev = p.lower(k.wrapping_sub(1));
    let abbrev = ["обл", "г", "м", "им", "св", "st", "dr", "no", "nr", "u", "s"].contains(&prev);
    !abbrev && (prev.chars().count() >= 2 || p.is_num(k.wrapping_sub(1))) && p.space(k + 1)
}

/// An archive the registry does not know, as written: a single capitalised
/// token ("RGIA", "ЦГАОР") is its abbreviation, anything longer its name.
fn unknown_repository(written: NonEmpty) -> Repository {
    let w = written.as_str();
    let caps = w.chars().filter(|c| c.is_uppercase()).count();
    let abbreviation = !w.contains(' ') && caps >= 2 && w.chars().count() <= 16;
    let mut repo = Repository::unknown(written.clone());
    if abbreviation {
        repo.abbreviation = Some(written);
        repo.name = None;
    }
    repo
}

/// The repository a notation implies: "FO 371/..." is TNA, "RG 59" is NARA,
/// "DY 30/..." SAPMO-BArch, "109-01234-05" the PRC Foreign Ministry Archive.
fn implied_repository(abbreviation: &str) -> Option<Repository> {
    registry::lookup(abbreviation)
}

/// Levels after a repository: the Russian grammar first when it reads at least
/// two levels (an unknown archive cited the Russian way), else the system's own.
fn read_levels(p: &P, i: usize, system: System) -> (Vec<Level>, usize) {
    if system == System::Russian {
        // "RGANI 3-12-456", "ГА РФ Р1234 5 67", "ЦДІАК П789-10-11" (a party
        // fond, not a papka), and leaves after them ("127-1012-3456, арк. 5").
        if let Some((mut lv, mut end)) = russian::bare(p, i) {
            let (more, e) = russian::levels(p, russian::skip_seps(p, end));
            if !more.is_empty() && more.iter().all(|m| lv.iter().all(|l| l.kind != m.kind)) {
                lv.extend(more);
                end = e;
            }
            return (lv, end);
        }
    }
    let (lv, end) = russian::levels(p, i);
    if system == System::Russian || lv.len() >= 2 {
        return (lv, end);
    }
    western::read(system, p, i)
}

/// Skip separators and the city after a repository ("(AAN), Warsaw").
fn skip_place(p: &P, i: usize, entry: Option<&Entry>) -> usize {
    // A spaced dash between the archive and its levels is a separator too
    // ("ЦДАГО України. – Ф. 1. – Оп. 1", as Ukrainian publications write).
    let seps = |p: &P, mut i: usize| {
        while p.punct(i, ',')
            || p.punct(i, ':')
            || p.punct(i, '.')
            || (p.dash(i) && p.space(i) && p.space(i + 1))
        {
            i += 1;
        }
        i
    };
    match place_end(p, i, entry) {
        Some(end) => seps(p, end),
        None => seps(p, i),
    }
}

/// The end of the city written after a repository at `i` ("Warsaw" in ", Warsaw").
fn place_end(p: &P, mut i: usize, entry: Option<&Entry>) -> Option<usize> {
    while p.punct(i, ',') || p.punct(i, ':') || p.punct(i, '.') {
        i += 1;
    }
    let low = p.lower(i);
    let own = entry
        .is_some_and(|e| !low.is_empty() && low.chars().eq(e.place.chars().flat_map(char::to_lowercase)));
    if own && p.is_word(i) {
        return Some(i + 1);
    }
    city_end(p, i)
}

/// The words of every spelling of every city in `data/cities.txt`, lower case.
fn cities() -> &'static [Vec<String>] {
    static CITIES: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    CITIES.get_or_init(|| {
        include_str!("../../data/cities.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .flat_map(|l| l.split('|'))
            .map(tokens_of)
            .filter(|words| !words.is_empty())
            .collect()
    })
}

/// A name's tokens as the lexer cuts a line: words in lower case, each
/// punctuation mark alone ("washington", ",", "d", ".", "c", ".").
fn tokens_of(name: &str) -> Vec<String> {
    let (toks, low) = lexer::lex(name);
    let p = P { src: name, t: &toks, low: &low };
    (0..toks.len())
        .map(|k| match p.kind(k) {
            Some(lexer::Kind::Word) => p.lower(k).to_string(),
            _ => name[toks[k].start..toks[k].end].to_string(),
        })
        .collect()
}

/// Token `i` of the line is `w`, a token of [`tokens_of`].
fn token_is(p: &P, i: usize, w: &str) -> bool {
    let mut chars = w.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_alphanumeric() => p.punct(i, c),
        _ => p.word_is(i, w) || (p.kind(i) == Some(lexer::Kind::Num) && p.text(i) == w),
    }
}

/// The end of a city's name (the longest spelling that matches) at token `i`.
fn city_end(p: &P, i: usize) -> Option<usize> {
    cities()
        .iter()
        .filter(|words| words.iter().enumerate().all(|(k, w)| token_is(p, i + k, w)))
        .map(|words| i + words.len())
        .max()
}

/// A repository at token `i`: a registered spelling (the longest), extended by a
/// parenthesised registered spelling after it ("RGAE (Russian State Archive of
/// the Economy)") or a written name before it ("Modern Records Archives (AAN)");
/// or an unknown archive's name.
fn mention(p: &P, i: usize, floor: usize) -> Option<Mention> {
    if let Some((entry, end)) = registered(p, i) {
        if names_a_title(p, entry, end) {
            return None;
        }
        // "ЦДКФФА України ім. Г.С. Пшеничного": the name it bears is part of it.
        let end = honorific_end(p, end).unwrap_or(end);
        let mut m = Mention { start: i, end, entry: Some(entry), named: None };
        // "RGAE (Russian State Archive of the Economy)", "... Federation (AVP RF)".
        let glossed = p.punct(end, '(').then(|| registered(p, end + 1)).flatten();
        if let Some((g, e)) = glossed.filter(|&(_, e)| p.punct(e, ')')) {
            m.end = e + 1;
            // The abbreviation names the archive more closely than a general
            // name: "Estonian National Archives (ERAF)" is ERAF, a branch of RA.
            m.entry = Some(g);
        } else if i > floor && p.punct(i - 1, '(') && p.punct(end, ')') {
            let name_word =
                |k: usize| p.capitalized(k) || ["of", "the", "and", "for"].iter().any(|w| p.word_is(k, w));
            let mut s = i - 1;
            while s > floor && name_word(s - 1) {
                s -= 1;
            }
            // "Archive of Foreign Policy, Russian Federation (AVP RF)": a name
            // with a comma in it, when nothing but the name precedes it.
            if s > floor && p.punct(s - 1, ',') && (floor..s - 1).all(name_word) {
                s = floor;
            }
            if s < i - 1 {
                m.start = s;
                m.end = end + 1;
            }
        }
        return Some(m);
    }
    unknown_archive(p, i, floor)
}

/// The end of the name an institution bears, written after its own ("ім. Г.С.
/// Пшеничного", "им. А. М. Горького", "imeni V. I. Lenina"): the word for
/// "named after", initials, and a surname.
fn honorific_end(p: &P, i: usize) -> Option<usize> {
    const NAMED: &[&str] = &["ім", "им", "імені", "имени", "imeni", "im"];
    if !NAMED.iter().any(|w| p.word_is(i, w)) {
        return None;
    }
    let mut k = if p.punct(i + 1, '.') { i + 2 } else { i + 1 };
    let initial = |k: usize| p.is_word(k) && p.capitalized(k) && p.text(k).chars().count() == 1;
    let mut initials = 0;
    while initial(k) && p.punct(k + 1, '.') {
        k += 2;
        initials += 1;
    }
    let surname = p.is_word(k) && p.capitalized(k) && p.text(k).chars().count() >= 2;
    (surname && (initials > 0 || !p.word_is(i, "im"))).then_some(k + 1)
}

/// A US agency's name that a number or a joined word follows is part of a
/// title, not the archive: "NSC 136", "NSC–U/DM 33", "National Security
/// Council 107 Series". (Other systems write numbers straight after the
/// archive: "RGANI 3-12-456", "PRC FMA 118-01082-04".)
fn names_a_title(p: &P, entry: &Entry, end: usize) -> bool {
    let us = matches!(entry.system, System::Papers | System::Nara | System::Dos);
    let number = p.is_num(end) && p.space(end);
    let joined = p.dash(end) && !p.space(end) && p.is_word(end + 1) && !p.space(end + 1);
    us && (number || joined)
}

/// The longest registered spelling starting at `i`, and its end.
fn registered(p: &P, i: usize) -> Option<(&'static Entry, usize)> {
    if !p.capitalized(i) {
        return None;
    }
    let first = p.text(i);
    // Only "one" or "more than one" matters.
    let caps = first.chars().filter(|c| c.is_uppercase()).take(2).count();
    if !(p.is_word(i) && caps >= 1) {
        return None;
    }
    let mut key = KeyBuf::default();
    let mut best = None;
    let mut k = i;
    while k < p.len() && k < i + 16 {
        if p.kind(k) == Some(lexer::Kind::Punct) {
            // A comma goes on only while a spelling does ("National Archives, Kew").
            if k == i
                || !(p.punct(k, '.')
                    || p.punct(k, '-')
                    || p.punct(k, '/')
                    || p.punct(k, '&')
                    || p.punct(k, ','))
            {
                break;
            }
            k += 1;
            continue;
        }
        if !key.push_upper(p.text(k)) {
            break;
        }
        match registry::prefix(key.as_bytes()) {
            None => break,
            Some(Some(e)) => best = Some((e, k + 1)),
            Some(None) => {}
        }
        k += 1;
    }
    // A one-word abbreviation must be written with capitals ("MOL", not "mol").
    let best = best.filter(|&(_, end)| end > i + 1 || caps >= 2)?;
    // "National Archives of Malaysia": a registered name that goes on with
    // "of" and a name is the head of another archive's name, not that archive.
    let goes_on = p.text(best.1).eq_ignore_ascii_case("of") && p.capitalized(best.1 + 1);
    (!goes_on).then_some(best)
}

/// A registry key built on the stack: the upper-cased letters and digits of
/// the words read so far. Longer than any registered spelling means no match.
struct KeyBuf {
    buf: [u8; registry::MAX_KEY],
    len: usize,
}

impl Default for KeyBuf {
    fn default() -> Self {
        KeyBuf { buf: [0; registry::MAX_KEY], len: 0 }
    }
}

impl KeyBuf {
    /// Append a word; false when the key no longer fits (and so matches nothing).
    fn push_upper(&mut self, word: &str) -> bool {
        if word.is_ascii() {
            for b in word.bytes().filter(u8::is_ascii_alphanumeric) {
                if self.len == self.buf.len() {
                    return false;
                }
                self.buf[self.len] = b.to_ascii_uppercase();
                self.len += 1;
            }
            return true;
        }
        for c in
            word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).map(registry::key_char)
        {
            if self.len + c.len_utf8() > self.buf.len() {
                return false;
            }
            self.len += c.encode_utf8(&mut self.buf[self.len..]).len();
        }
        true
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Lower-case words inside an archive's name: "Archive of the ...", "Архив
/// УФСБ РФ по Республике Марий Эл", "Архив при ...".
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "de", "des", "der", "für", "по", "при", "в", "и", "у", "з", "та",
    // Romance and Dutch names: "Archivo Histórico Nacional de la Nobleza",
    // "Archivio di Stato di Firenze", "Arquivo Nacional da Torre do Tombo",
    // "Archives nationales du monde du travail", "Nationaal Archief van het ...".
    "del", "della", "dello", "delle", "degli", "di", "la", "el", "los", "las", "do", "da", "dos", "das", "du",
    "y", "e", "et", "van", "het", "voor",
];

/// An unregistered archive's name, kept as written: title-case words with an
/// archive word, standing alone as a field, followed by levels or nothing.
fn unknown_archive(p: &P, i: usize, floor: usize) -> Option<Mention> {
    const ARCHIVE: &[&str] = &[
        "archive",
        "archives",
        "archiv",
        "archiwum",
        "archivum",
        "arhiva",
        "arhiv",
        "archivo",
        "archivio",
        "arquivo",
        "archief",
        "arkiv",
        "arkisto",
        "archív",
        "levéltár",
        "архив",
        "архів",
        "library",
        "museum",
    ];
    let boundary = i == floor || [',', ';', '[', '(', '.'].iter().any(|&c| p.punct(i.wrapping_sub(1), c));
    if !boundary || !p.capitalized(i) {
        return None;
    }
    if let Some(m) = unknown_abbreviation(p, i, floor) {
        return Some(m);
    }
    let mut k = i;
    let mut has_archive = false;
    while k < p.len() && (p.capitalized(k) || CONNECTORS.iter().any(|w| p.word_is(k, w)) || p.punct(k, '’'))
    {
        has_archive |= ARCHIVE.iter().any(|w| p.word_is(k, w));
        if p.word_is(k, "digital") {
            return None;
        }
        k += 1;
    }
    let field_end =
        k >= p.len() || [',', ';', ']', ')'].iter().any(|&c| p.punct(k, c)) || western::sentence_end(p, k);
    if !has_archive || !field_end {
        return None;
    }
    // Alone in its region, or only a city after it ("Sejm Archives, Warsaw").
    let rest = place_end(p, k, None).unwrap_or(k);
    let whole = i == floor && (rest >= p.len() || (rest + 1 >= p.len() && !p.is_word(rest)));
    let after = skip_place(p, k, None);
    // Keyword levels ("Reel 17") are weaker evidence than Russian ones: the
    // name must then be more than one word ("Hoover Institution Archives").
    let levels_follow = russian::levels(p, after).0.len() >= 2
        || (k - i >= 2 && !western::read(System::Generic, p, after).0.is_empty());
    // A name of four words or more that opens its region and ends at a comma
    // ("Archive of the Hungarian Ministry of Foreign Affairs, XIX-J-1-j ..."):
    // the archive, even when the notation after it is not understood, so that
    // its name is never left over as unread text.
    let named_field = i == floor
        && k - i >= 4
        && p.punct(k, ',')
        // Not a name that a registered archive's own name goes on ("Archive of
        // Foreign Policy, Russian Federation (AVP RF)").
        && !(k..p.len()).take_while(|&t| !western::sentence_end(p, t)).any(|t| registered(p, t).is_some());
    (whole || levels_follow || named_field).then(|| Mention {
        start: i,
        end: k,
        entry: None,
        named: NonEmpty::new(p.span(i, k)).map(unknown_repository),
    })
}

/// An abbreviation nobody registered that opens a line, followed by a box,
/// folder, reel or file ("KRAA, Box 5"): the archive, as written.
fn unknown_abbreviation(p: &P, i: usize, floor: usize) -> Option<Mention> {
    let w = p.text(i);
    let caps = p.is_word(i) && (3..=8).contains(&w.chars().count()) && w.chars().all(char::is_uppercase);
    if !(caps && i == floor && p.punct(i + 1, ',')) {
        return None;
    }
    let (lv, _) = western::read(System::Generic, p, i + 2);
    let strong = ["box", "folder", "reel", "file"];
    lv.first().is_some_and(|l| strong.contains(&l.kind.as_str())).then(|| Mention {
        start: i,
        end: i + 1,
        entry: None,
        named: NonEmpty::new(w).map(unknown_repository),
    })
}

/// Noise between references: connectors and labels, not worth a warning.
fn is_noise(s: &str) -> bool {
    const NOISE: &[&str] =
        &["and", "и", "та", "і", "ibid", "see", "also", "cf", "call number", "catalogue reference", "source"];
    let t = s.trim_matches(|c: char| !c.is_alphanumeric());
    t.is_empty() || NOISE.iter().any(|n| t.chars().flat_map(char::to_lowercase).eq(n.chars()))
}

/// Descriptions of the copy that follow a reference: kept as notes.
fn is_description(s: &str) -> bool {
    const DESCRIPTIONS: &[&str] = &[
        "подлинник",
        "подлинник рукописный",
        "копия",
        "заверенная копия",
        "машинопись",
        "машинописная копия",
        "автограф",
        "рукопись",
        "отпуск",
        "черновик",
        "ксерокопия",
        "оригінал",
        "копія",
        "машинопис",
        "арыгінал",
        "копія машынапіс",
        "original",
        "copy",
        "typescript",
        "typed copy",
        "carbon copy",
        "manuscript",
        "handwritten",
        "photocopy",
        "draft",
        "autograph",
        "mimeograph",
        // Machine translations of "Подлинник. Машинопись" on Belarusian pages.
        "the original",
        "typewriting",
        "script",
    ];
    let t = s.trim_matches(|c: char| !c.is_alphanumeric());
    !t.is_empty()
        && t.split(['.', ',', ';'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .all(|x| DESCRIPTIONS.iter().any(|d| x.chars().flat_map(char::to_lowercase).eq(d.chars())))
}

/// The text not covered by any reference or credit, gap by gap, noise dropped
/// and descriptions of the copy moved to `notes`.
fn leftovers(input: &str, toks: &[Tok], covered: &mut [(usize, usize)], notes: &mut Vec<String>) -> String {
    covered.sort_unstable();
    let mut parts: Vec<&str> = Vec::new();
    let mut pos = 0;
    let mut push = |a: usize, b: usize| {
        if a < b {
            let s = input[a..b].trim();
            if is_description(s) {
                notes.push(s.trim_matches(|c: char| ",.;:()[]".contains(c) || c.is_whitespace()).to_string());
            } else if !is_noise(s) {
                parts.push(
                    s.trim_start_matches(|c: char| ",.;:)]".contains(c) || c.is_whitespace())
                        .trim_end_matches(|c: char| ",;([".contains(c) || c.is_whitespace()),
                );
            }
        }
    };
    for &(a, b) in covered.iter() {
        push(pos, a.max(pos));
        pos = pos.max(b);
    }
    push(pos, input.len());
    let _ = toks;
    parts.retain(|s| !s.is_empty());
    parts.join(" ")
}

/// A book citation: a "(Place: Publisher, 1977)" imprint.
fn looks_published(s: &str) -> bool {
    let Some(open) = s.find('(') else { return false };
    let inner = &s[open..];
    let close = inner.find(')').unwrap_or(inner.len());
    let imprint = &inner[..close];
    imprint.contains(':') && imprint.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
}
