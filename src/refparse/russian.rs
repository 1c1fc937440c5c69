//! The Russian/Soviet/post-Soviet call number: fond, opis, delo, listi, papka,
//! edinitsa khraneniya, in Latin transliteration or Cyrillic, full or
//! abbreviated, dotted or run together ("F.17 op.162 d.34", "Ф. П-9248").

use super::lexer::P;
use crate::model::{Level, LevelKind};

/// The level a word (lower case) names. Single letters only count when a dot
/// or a number follows, which keeps prose words from being read as levels.
/// Ukrainian and Belarusian words (опис, справа, аркуш, вопіс) and the English
/// words translators use (Collection, Inventory, File, Sheet) are included.
fn level_word(w: &str) -> Option<LevelKind> {
    Some(match w {
        "fond" | "f" | "ф" | "фонд" | "fund" | "coll" => LevelKind::Fond,
        // Lithuanian: apyrašas, byla; Mongolian: dans (the inventory); Latvian:
        // apraksts, lieta, lapa; "Record" in Bulgarian translations (опис).
        "opis" | "op" | "оп" | "опись" | "опис" | "ap" | "opys" | "вопіс" | "воп" | "inv" | "inventory"
        | "dans" | "apr" | "apraksts" | "record" => LevelKind::Opis,
        "delo" | "d" | "д" | "дело" | "sprava" | "spr" | "справа" | "спр" | "b" | "file" | "case"
        | "lieta" => LevelKind::Delo,
        "listi" | "listy" | "list" | "l" | "ll" | "л" | "лл" | "лист" | "листы" | "арк" | "ark" | "аркуш"
        | "аркуші" | "аркушы" | "sheet" | "sheets" | "sht" | "shts" | "лі" | "khuu" | "khuudas" | "lp"
        | "lapa" => LevelKind::Listi,
        // Fond 89 (the CPSU trial documents) is cited by list and document.
        "perechen" | "перечень" => LevelKind::Other("perechen".into()),
        "dokument" | "документ" => LevelKind::Other("dokument".into()),
        "papka" | "p" | "п" | "папка" => LevelKind::Papka,
        // The book of the old chancelleries' records (РГАДА, РГИА): "Кн. 12".
        "кн" | "книга" | "kn" | "kniga" => LevelKind::Other("kniga".into()),
        // The box of manuscript departments: "ОР РГБ. Ф. 218. К. 1234".
        "к" | "карт" | "картон" | "karton" => LevelKind::Other("box".into()),
        // The accounting unit of film and photo archives in English ("од. об.").
        "unit" => LevelKind::Other("unit".into()),
        _ => return None,
    })
}

/// "In." (inventory), "C." (case), "Sh." (sheet); "per." and "dok." (Fond 89's
/// perechen and dokument), which are English words without their dot.
fn translated_short(w: &str) -> Option<LevelKind> {
    Some(match w {
        "in" => LevelKind::Opis,
        "c" => LevelKind::Delo,
        "sh" => LevelKind::Listi,
        "per" | "пер" => LevelKind::Other("perechen".into()),
        "dok" | "док" => LevelKind::Other("dokument".into()),
        _ => return None,
    })
}

/// A word typed with Cyrillic letters among Latin ones ("Сoll." with a
/// Cyrillic С), in Latin lower case; None for a word in one script.
fn fold_homoglyphs(w: &str) -> Option<String> {
    // Most words are in one script; ASCII ones cannot mix.
    if w.is_ascii() {
        return None;
    }
    let latin = w.chars().any(|c| c.is_ascii_alphabetic());
    let cyrillic = w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    if !(latin && cyrillic) {
        return None;
    }
    let fold = |c: char| match c.to_lowercase().next().unwrap_or(c) {
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        'у' => 'y',
        'і' => 'i',
        'к' => 'k',
        'м' => 'm',
        'т' => 't',
        l => l,
    };
    Some(w.chars().map(fold).collect())
}

/// Sections, parts and volumes of a delo: kinds without a named variant.
fn part_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "ч" | "ch" | "часть" | "chast" | "chast'" | "chast’" | "частина" | "part" | "pt" => {
            "part"
        }
        "разд" | "раздел" | "razd" | "razdel" | "розділ" | "section" | "sect" | "sec" => {
            "section"
        }
        "т" | "том" | "tom" | "vol" | "volume" => "volume",
        _ => return None,
    })
}

/// Two-word keywords for edinitsa khraneniya ("Ед. хр.", "ed. khr.", and the
/// Ukrainian "од. зб.", одиниця зберігання), its Bulgarian counterpart, the
/// archival unit ("а.е.", "a.e."), and the Ukrainian film and photo
/// archives' accounting unit ("од. об.", одиниця обліку), kind `unit`.
const STORAGE_UNIT: &[(&str, &str, &str)] = &[
    ("ед", "хр", "edinitsa-khraneniya"),
    ("ed", "khr", "edinitsa-khraneniya"),
    ("единица", "хранения", "edinitsa-khraneniya"),
    ("edinitsa", "khraneniya", "edinitsa-khraneniya"),
    ("од", "зб", "edinitsa-khraneniya"),
    ("одиниця", "зберігання", "edinitsa-khraneniya"),
    ("а", "е", "edinitsa-khraneniya"),
    ("a", "e", "edinitsa-khraneniya"),
    ("од", "об", "unit"),
    ("одиниця", "обліку", "unit"),
    // Mongolian khadgalamjiin negj, the storage unit: "kh/n", "kh.n.".
    ("kh", "n", "edinitsa-khraneniya"),
];

/// Verso and copy markers that may follow a leaf number.
const VERSO: &[&str] = &["ob", "об", "rev", "v", "verso", "oborot", "оборот", "зв", "zv", "зворот", "адв"];

/// A level keyword at `i`: its kind and the index where the value may start.
pub fn keyword(p: &P, i: usize) -> Option<(LevelKind, usize)> {
    if !p.is_word(i) {
        return None;
    }
    for (a, b, kind) in STORAGE_UNIT {
        if p.word_is(i, a) {
            // Single letters ("a.e.") only with their dots, not the article "a".
            let letters = a.chars().count() == 1;
            if letters && !(p.punct(i + 1, '.') && p.punct(i + 3, '.') && !p.space(i + 2)) {
                continue;
            }
            let j = if p.punct(i + 1, '.') || p.punct(i + 1, '/') { i + 2 } else { i + 1 };
            if p.word_is(j, b) {
                let k = if p.punct(j + 1, '.') { j + 2 } else { j + 1 };
                return kind.parse().ok().map(|kind| (kind, k));
            }
        }
    }
    let folded = fold_homoglyphs(p.text(i));
    let low = folded.as_deref().unwrap_or(p.lower(i));
    // Machine translations shorten opis, delo and list to "In.", "C.", "Sh.":
    // read only with their dot and a number, as English prose has "in" and "C.".
    if let Some(kind) = translated_short(low) {
        let dotted = p.punct(i + 1, '.') && p.is_num(i + 2);
        return dotted.then_some((kind, i + 2));
    }
    let kind = match level_word(low) {
        Some(k) => k,
        None => part_word(low).and_then(|k| k.parse().ok())?,
    };
    // English words only with a number: "File 88", not "File No. JNSG".
    let english = [
        "record",
        "fund",
        "coll",
        "inventory",
        "inv",
        "file",
        "case",
        "sheet",
        "sheets",
        "sht",
        "shts",
        "unit",
        "karton",
    ]
    .contains(&low)
        || part_word(low).is_some();
    if english {
        let j = if p.punct(i + 1, '.') || p.punct(i + 1, ':') { i + 2 } else { i + 1 };
        let lettered = p.is_word(j) && p.text(j).chars().count() <= 2 && p.is_num(j + 1) && !p.space(j + 1);
        return (p.is_num(j) || lettered).then_some((kind, j));
    }
    let short = p.text(i).chars().count() <= 2;
    let mut j = i + 1;
    if p.punct(j, '.') || p.punct(j, ':') {
        j += 1;
    } else if (short && !p.is_num(j)) || p.word_is(i, "b") || p.word_is(i, "ap") {
        // The Lithuanian abbreviations are only read with their dot: "B 136"
        // is a Bundesarchiv Bestand.
        return None;
    }
    (p.is_num(j) || p.is_word(j)).then_some((kind, j))
}

/// The end of a fond/opis/delo/papka value starting at `i` ("5", "059a",
/// "R-9401", "П"), or None.
fn simple_value(p: &P, i: usize) -> Option<usize> {
    let short_word = |k: usize| p.is_word(k) && p.text(k).chars().count() <= 3;
    if !(p.is_num(i) || (short_word(i) && p.text(i).chars().count() <= 2)) {
        return None;
    }
    let mut end = i + 1;
    loop {
        if p.space(end) {
            break;
        }
        if p.is_num(end) || short_word(end) {
            end += 1;
        } else if (p.dash(end) || p.punct(end, '/'))
            && !p.space(end + 1)
            && (p.is_num(end + 1) || short_word(end + 1))
        {
            end += 2;
        } else {
            break;
        }
    }
    let has_digit = p.span(i, end).bytes().any(|b| b.is_ascii_digit());
    if !has_digit {
        // A bare letter ("Ф. П.") is a value only when a level or the end follows.
        let next = skip_seps(p, end);
        if next < p.len() && keyword(p, next).is_none() {
            return None;
        }
    }
    Some(end)
}

/// The end of one leaf item at `i`: "95-101", "29ob.", "29-rev.", "67 (А)".
fn leaf_item(p: &P, i: usize) -> Option<usize> {
    if !p.is_num(i) {
        return None;
    }
    let mut end = i + 1;
    let verso = |k: usize| VERSO.iter().any(|w| p.word_is(k, w));
    loop {
        if p.dash(end) && p.is_num(end + 1) {
            end += 2;
        } else if p.dash(end) && !p.space(end + 1) && verso(end + 1) {
            end += 2;
            if p.punct(end, '.') {
                end += 1;
            }
        } else if !p.space(end) && p.is_word(end) && p.text(end).chars().count() <= 3 {
            let was_verso = verso(end);
            end += 1;
            if was_verso && p.punct(end, '.') {
                end += 1;
            }
        } else if p.space(end) && verso(end) {
            end += 1;
            if p.punct(end, '.') {
                end += 1;
            }
        } else if p.punct(end, '(') && p.is_word(end + 1) && p.text(end + 1).chars().count() <= 3 {
            let mut k = end + 2;
            if p.punct(k, '.') {
                k += 1;
            }
            if !p.punct(k, ')') {
                break;
            }
            end = k + 1;
        } else {
            break;
        }
    }
    Some(end)
}

/// The end of a leaf list at `i`: items joined by commas or "and".
fn leaf_list(p: &P, i: usize) -> Option<usize> {
    let mut end = leaf_item(p, i)?;
    loop {
        let j = if p.punct(end, ',')
            || p.punct(end, '&')
            || ["and", "и", "і", "та"].iter().any(|w| p.word_is(end, w))
        {
            end + 1
        } else {
            break;
        };
        // "ll. 5, 7" continues; "l. 20, Obtained" and "ll. 3 and AVPRF" do not.
        if keyword(p, j).is_some()
            || !p.is_num(j)
            || year_like(p, j) && keyword(p, skip_seps(p, j + 1)).is_some()
        {
            break;
        }
        match leaf_item(p, j) {
            Some(e) => end = e,
            None => break,
        }
    }
    Some(end)
}

/// The end of a list of dela at `i`: "19-а, 19-б", "18, 42, 51". A number
/// after a comma goes on the list unless a level word follows it as a title
/// would ("Д. 5, 1953 г., Л. 3" is a year) or it is followed by more numbers.
fn value_list(p: &P, i: usize) -> Option<usize> {
    let mut end = simple_value(p, i)?;
    while p.punct(end, ',') && p.is_num(end + 1) && !year_like(p, end + 1) {
        let Some(e) = simple_value(p, end + 1) else { break };
        // Only where the list ends the reference or a level word follows.
        let next = skip_seps(p, e);
        let closes = next >= p.len() || keyword(p, next).is_some() || p.punct(e, ';') || p.punct(e, ')');
        if !(closes || p.punct(e, ',') && p.is_num(e + 1)) {
            break;
        }
        end = e;
    }
    Some(end)
}

fn year_like(p: &P, i: usize) -> bool {
    p.is_num(i) && p.text(i).len() == 4 && matches!(p.text(i).parse::<u16>(), Ok(1800..=2099))
}

/// Skip separators between levels: commas, dots, semicolons.
pub fn skip_seps(p: &P, mut i: usize) -> usize {
    // A dash written where a dot belongs ("Оп. 12- Д. 34") is forgiven.
    while p.punct(i, ',') || p.punct(i, '.') || p.punct(i, ';') || (p.dash(i) && p.space(i + 1)) {
        i += 1;
    }
    i
}

/// A year written between levels at `i` ("1953", "1953 g.", "1953-1954 гг."):
/// its value span and end, when a level keyword follows.
fn year_between(p: &P, i: usize) -> Option<(usize, usize, usize)> {
    if !year_like(p, i) {
        return None;
    }
    let mut vend = i + 1;
    if p.dash(vend) && p.is_num(vend + 1) {
        vend += 2;
    }
    let mut end = vend;
    if ["g", "gg", "г", "гг"].iter().any(|w| p.word_is(end, w)) {
        end += 1;
        if p.punct(end, '.') {
            end += 1;
        }
    }
    keyword(p, skip_seps(p, end)).map(|_| (i, vend, end))
}

/// A title in parentheses at `i` ("(ЦК КПСС)", "(Переписка с посольством)"):
/// the span of its text. Short codes ("(Б)") are leaf marks, not titles.
fn title(p: &P, i: usize) -> Option<(usize, usize)> {
    if !p.punct(i, '(') {
        return None;
    }
    let mut k = i + 1;
    let mut depth = 1;
    while k < p.len() && k < i + 40 {
        if p.punct(k, '(') {
            depth += 1;
        } else if p.punct(k, ')') {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
        k += 1;
    }
    let words = (i + 1..k).filter(|&t| p.is_word(t)).count();
    let long = (i + 1..k).any(|t| p.is_word(t) && p.text(t).chars().count() >= 3);
    (p.punct(k, ')') && k > i + 1 && long && words >= 1).then_some((i + 1, k))
}

/// A reference written as bare numbers after a Russian archive: "3-12-456",
/// "Р1234 5 67", "17/162/34", read as fond, opis, delo (and leaves).
pub fn bare(p: &P, i: usize) -> Option<(Vec<Level>, usize)> {
    let kinds = [LevelKind::Fond, LevelKind::Opis, LevelKind::Delo, LevelKind::Listi];
    // A fond may carry a letter ("Р1234", "R-9401", "П5"); the rest are numbers.
    let fond_end = |k: usize| -> Option<usize> {
        let mut e = k;
        if p.is_word(e) && p.text(e).chars().count() <= 2 && p.capitalized(e) {
            e += 1;
            if p.dash(e) && !p.space(e) {
                e += 1;
            }
            if p.space(e) || !p.is_num(e) {
                return None;
            }
        }
        if !p.is_num(e) {
            return None;
        }
        e += 1;
        if p.is_word(e) && !p.space(e) && p.text(e).chars().count() == 1 {
            e += 1;
        }
        Some(e)
    };
    let fe = fond_end(i)?;
    let mut out: Vec<Level> = Vec::new();
    out.extend(super::lexer::level(LevelKind::Fond, p.span(i, fe)));
    let mut end = fe;
    // One separator for the whole sequence: a dash, a slash, or a space.
    let sep = if p.dash(end) && !p.space(end) && !p.space(end + 1) {
        Some('-')
    } else if p.punct(end, '/') && !p.space(end + 1) {
        Some('/')
    } else {
        None
    };
    for kind in &kinds[1..] {
        let k = match sep {
            Some('-') if p.dash(end) && !p.space(end) && !p.space(end + 1) => end + 1,
            Some('/') if p.punct(end, '/') && !p.space(end + 1) => end + 1,
            None if p.space(end) => end,
            _ => break,
        };
        if !p.is_num(k) || year_like(p, k) && sep.is_none() {
            break;
        }
        let mut e = k + 1;
        if p.is_word(e) && !p.space(e) && p.text(e).chars().count() <= 2 {
            e += 1;
        }
        out.extend(super::lexer::level(kind.clone(), p.span(k, e)));
        end = e;
    }
    // Two numbers are not evidence enough; three are a fond, opis and delo.
    let after = skip_seps(p, end);
    let clean = after >= p.len() || !(p.is_num(after));
    (out.len() >= 3 && clean).then_some((out, end))
}

/// Read levels from `i`. Returns the levels and the index after the last one.
/// A second fond starts a new reference, so reading stops there.
pub fn levels(p: &P, i: usize) -> (Vec<Level>, usize) {
    let mut out: Vec<Level> = Vec::new();
    let mut end = i;
    let mut opis_word: Option<&str> = None;
    loop {
        let j = if out.is_empty() { end } else { skip_seps(p, end) };
        if let Some((kind, v)) = keyword(p, j).or_else(|| estonian(p, j, &out)) {
            // Latvian "f. 101, apr. 1, l. 12, 34. lp.": after "apr." an "l." is the lieta.
            let latvian = opis_word.is_some_and(|w| w == "apr" || w == "apraksts");
            let kind = if kind == LevelKind::Listi
                && latvian
                && p.word_is(j, "l")
                && !out.iter().any(|l| l.kind == LevelKind::Delo)
            {
                LevelKind::Delo
            } else {
                kind
            };
            if kind == LevelKind::Opis {
                opis_word = Some(p.lower(j));
            }
            // A level already read starts the next reference: a second fond,
            // or "Д. 421. Л. 1–492; Д. 420. Л. 1–68" (another delo of the same opis).
            if out.iter().any(|l| l.kind == kind) {
                break;
            }
            // An abbreviated "p." with a range of numbers is pages, not a
            // folder: "a.e. 1, p. 1-2" in Bulgarian references; so is the last
            // level after a delo ("d. 30, p. 17a"), where no leaves follow as
            // they do a papka ("d. 18, p. 235, l. 7").
            let ranged = p.is_num(v) && p.dash(v + 1) && p.is_num(v + 2);
            let leaves_follow = || {
                let e = leaf_list(p, v).unwrap_or(v + 1);
                keyword(p, skip_seps(p, e)).is_some_and(|(k, _)| k == LevelKind::Listi)
            };
            let after_delo = out.iter().any(|l| l.kind == LevelKind::Delo) && !leaves_follow();
            let kind = if kind == LevelKind::Papka
                && p.text(j).chars().count() == 1
                && p.is_num(v)
                && (ranged || after_delo)
                && !out.iter().any(|l| l.kind == LevelKind::Listi)
            {
                LevelKind::Listi
            } else {
                kind
            };
            let vend = match kind {
                LevelKind::Listi => leaf_list(p, v),
                LevelKind::Delo => value_list(p, v),
                _ => simple_value(p, v),
            };
            let Some(vend) = vend else { break };
            let title_kind = format!("{}-title", kind.as_str());
            out.extend(super::lexer::level(kind, p.span(v, vend)));
            end = vend;
            // "Ф. 17 (ЦК КПСС)": the level's title in parentheses.
            if let Some((a, b)) = title(p, end) {
                if let Ok(k) = title_kind.parse() {
                    out.extend(super::lexer::level(k, p.span(a, b)));
                }
                end = b + 1;
            }
            continue;
        }
        // "Листівка №2674": a numbered item (a leaflet, a poster, a photograph).
        if let Some(e) = numbered_item(p, j).filter(|_| !out.iter().any(|l| l.kind.as_str() == "item")) {
            out.extend(super::lexer::level(LevelKind::Other("item".into()), p.span(j, e)));
            end = e;
            continue;
        }
        if !out.is_empty() {
            // "с. 33", "стр. 5-7": pages of a numbered item or a file.
            if let Some(e) = pages(p, j) {
                out.extend(super::lexer::level(LevelKind::Pages, p.span(j + 2, e)));
                end = e;
                continue;
            }
            if let Some((a, b, e)) = year_between(p, j) {
                out.extend(super::lexer::level(LevelKind::Year, p.span(a, b)));
                end = e;
                continue;
            }
        }
        break;
    }
    (out, end)
}

/// Estonian levels after a fond, read only in their order: "f. 1, n. 4, s. 123"
/// (nimistu, the inventory; säilik, the file). Single letters otherwise.
fn estonian(p: &P, j: usize, out: &[Level]) -> Option<(LevelKind, usize)> {
    let dotted = p.punct(j + 1, '.') && p.is_num(j + 2);
    let last = out.last().map(|l| &l.kind);
    if dotted && p.word_is(j, "n") && last == Some(&LevelKind::Fond) {
        Some((LevelKind::Opis, j + 2))
    } else if dotted && p.word_is(j, "s") && last == Some(&LevelKind::Opis) {
        Some((LevelKind::Delo, j + 2))
    } else {
        None
    }
}

/// A numbered item at `i`, one capitalised word and its number after "№"
/// ("Листівка №2674", "Плакат № 15"): its end.
fn numbered_item(p: &P, i: usize) -> Option<usize> {
    let sign = |k: usize| p.punct(k, '№');
    if !(p.is_word(i) && p.capitalized(i) && sign(i + 1) && p.is_num(i + 2)) {
        return None;
    }
    let mut end = i + 3;
    while !p.space(end) && (p.is_num(end) || (p.dash(end) || p.punct(end, '/')) && p.is_num(end + 1)) {
        end += 1;
    }
    Some(end)
}

/// Pages at `i` after another level: "с. 33", "стр. 5-7", "сс. 3, 5", "pp. 33" (as
/// rendered in English). Their end.
fn pages(p: &P, i: usize) -> Option<usize> {
    let word = ["с", "сс", "стр", "pp"].iter().any(|w| p.word_is(i, w)) && !p.capitalized(i);
    if !(word && p.punct(i + 1, '.') && p.is_num(i + 2)) {
        return None;
    }
    leaf_list(p, i + 2)
}

/// "Там же", "Там само", "Тамсама" (the same archive as the reference
/// before) and the levels after it: "Там же. Оп. 4. Д. 2241. Л. 685", "Там
/// же. Л. 74". Returns the levels and the end.
pub fn ibid(p: &P, i: usize) -> Option<(Vec<Level>, usize)> {
    let mut k = if p.word_is(i, "там") && (p.word_is(i + 1, "же") || p.word_is(i + 1, "само")) {
        i + 2
    } else if p.word_is(i, "тамсама") || p.word_is(i, "ibid") {
        i + 1
    } else {
        return None;
    };
    while p.punct(k, '.') || p.punct(k, ',') {
        k += 1;
    }
    let (lv, end) = levels(p, k);
    (!lv.is_empty()).then_some((lv, end))
}

/// Levels after a semicolon that closes a Russian reference, without an
/// archive or a fond of their own: "РГАСПИ. Ф. 17. Оп. 171. Д. 421. Л. 1–492;
/// Д. 420. Л. 1–68" (the same fond and opis, which the line does not repeat).
pub fn continued(p: &P, i: usize) -> Option<(Vec<Level>, usize)> {
    if !(i > 0 && p.punct(i - 1, ';') && keyword(p, i).is_some()) {
        return None;
    }
    let (lv, end) = levels(p, i);
    (!lv.is_empty()).then_some((lv, end))
}

/// A reference with no archive named starts with a fond and has a second level.
pub fn unnamed(p: &P, i: usize) -> Option<(Vec<Level>, usize)> {
    // Cheap test first: this runs at every token of every line.
    if !(p.is_word(i) && matches!(p.t[i].ch, 'f' | 'F' | 'ф' | 'Ф' | 'c' | 'C')) {
        return None;
    }
    let (kind, _) = keyword(p, i)?;
    if kind != LevelKind::Fond {
        return None;
    }
    let (lv, end) = levels(p, i);
    (lv.len() >= 2).then_some((lv, end))
}
