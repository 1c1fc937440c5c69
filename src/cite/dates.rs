//! Document dates written as citations print them, in the locale's grammar.
//!
//! hayagriva's dates have no ranges (a CSL-JSON range makes it panic), no
//! uncertainty and no grammatical case: its Russian locale names a month in the
//! nominative, "14 апрель 1969 г.", where Russian writes the genitive after a
//! day, "14 апреля 1969 г.". archcite therefore writes the date itself for the
//! bundled archival styles ([`write()`], handed over as `status`) and, for any
//! other style, puts a month that follows a day number into the genitive in
//! the rendered text ([`genitive_after_day`]).

use crate::model::{EdtfDate, PartialDate};

/// How a language writes a date.
struct Grammar {
    /// Month names standing alone ("апрель 1969 г.").
    nominative: [&'static str; 12],
    /// Month names after a day ("14 апреля"); the nominative where the
    /// language does not inflect.
    genitive: [&'static str; 12],
    /// After the day number: "." in Czech ("14. dubna").
    day_suffix: &'static str,
    /// After a year, and after a range of years: "г." and "гг.".
    year_word: Option<(&'static str, &'static str)>,
    /// Before an approximate date.
    circa: &'static str,
    /// Month before day ("April 14, 1969").
    month_first: bool,
    /// Uncertain dates in square brackets with the question mark inside
    /// ("[1969 г.?]"), as Russian bibliographic practice writes them.
    bracket_uncertain: bool,
}

use crate::formats::catalogue::MONTHS as EN_MONTHS;
const RU_NOM: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const RU_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const UK_NOM: [&str; 12] = [
    "січень",
    "лютий",
    "березень",
    "квітень",
    "травень",
    "червень",
    "липень",
    "серпень",
    "вересень",
    "жовтень",
    "листопад",
    "грудень",
];
const UK_GEN: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];
const PL_NOM: [&str; 12] = [
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
];
const PL_GEN: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];
const CS_NOM: [&str; 12] = [
    "leden",
    "únor",
    "březen",
    "duben",
    "květen",
    "červen",
    "červenec",
    "srpen",
    "září",
    "říjen",
    "listopad",
    "prosinec",
];
const CS_GEN: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];

fn grammar(locale: &str) -> Grammar {
    let lang = locale.split(['-', '_']).next().unwrap_or(locale).to_ascii_lowercase();
    let slavic = |nominative, genitive, day_suffix, year_word, circa, bracket_uncertain| Grammar {
        nominative,
        genitive,
        day_suffix,
        year_word,
        circa,
        month_first: false,
        bracket_uncertain,
    };
    match lang.as_str() {
        "ru" => slavic(RU_NOM, RU_GEN, "", Some(("г.", "гг.")), "ок. ", true),
        "uk" => slavic(UK_NOM, UK_GEN, "", Some(("р.", "рр.")), "бл. ", true),
        "pl" => slavic(PL_NOM, PL_GEN, "", Some(("r.", "r.")), "ok. ", false),
        "cs" => slavic(CS_NOM, CS_GEN, ".", None, "cca ", false),
        _ => Grammar {
            nominative: EN_MONTHS,
            genitive: EN_MONTHS,
            day_suffix: "",
            year_word: None,
            circa: "ca. ",
            month_first: locale.eq_ignore_ascii_case("en-US") || locale.eq_ignore_ascii_case("en"),
            bracket_uncertain: false,
        },
    }
}

/// The document date as a citation prints it in `locale`: "April 14, 1969"
/// (en-US), "14 апреля 1969 г." (ru), ranges "April–June 1969" and
/// "14–16 апреля 1969 г.", approximate "ca. 1969", uncertain "1969?".
/// `None` for an interval with no known start or end.
pub fn write(date: &EdtfDate, locale: &str) -> Option<String> {
    write_in(date, locale, false)
}

/// [`write()`], with the day before the month whatever the locale's habit
/// (GOST writes "14 April 1969" in English too).
pub fn write_in(date: &EdtfDate, locale: &str, day_first: bool) -> Option<String> {
    let mut g = grammar(locale);
    g.month_first &= !day_first;
    let (text, approximate, uncertain) = match date {
        EdtfDate::Single(d) => {
            (single(d, &g, true), d.certainty().is_approximate(), d.certainty().is_uncertain())
        }
        EdtfDate::Interval(a, b) => {
            let q = |f: fn(&PartialDate) -> bool| a.as_ref().is_some_and(f) || b.as_ref().is_some_and(f);
            let text = match (a, b) {
                (Some(a), Some(b)) => range(a, b, &g),
                (Some(a), None) => format!("{}–", single(a, &g, true)),
                (None, Some(b)) => format!("–{}", single(b, &g, true)),
                (None, None) => return None,
            };
            (text, q(|d| d.certainty().is_approximate()), q(|d| d.certainty().is_uncertain()))
        }
    };
    let text = if approximate { format!("{}{text}", g.circa) } else { text };
    Some(match (uncertain, g.bracket_uncertain) {
        (false, _) => text,
        (true, true) => format!("[{text}?]"),
        (true, false) => format!("{text}?"),
    })
}

/// One date; `with_year_word` adds "г." where the language writes it.
fn single(d: &PartialDate, g: &Grammar, with_year_word: bool) -> String {
    let year = year(d.year(), g, with_year_word, false);
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => {
            day_month(day, m, g) + &if g.month_first { format!(", {year}") } else { format!(" {year}") }
        }
        (Some(m), None) => format!("{} {year}", month(m, g, false)),
        _ => year,
    }
}

fn year(y: i32, g: &Grammar, with_word: bool, plural: bool) -> String {
    match g.year_word {
        Some((one, many)) if with_word => format!("{y} {}", if plural { many } else { one }),
        _ => y.to_string(),
    }
}

fn month(m: u8, g: &Grammar, after_day: bool) -> &'static str {
    let i = usize::from(m.clamp(1, 12)) - 1;
    if after_day {
        g.genitive[i]
    } else {
        g.nominative[i]
    }
}

fn day_month(day: u8, m: u8, g: &Grammar) -> String {
    if g.month_first {
        format!("{} {day}", month(m, g, true))
    } else {
        format!("{day}{} {}", g.day_suffix, month(m, g, true))
    }
}

/// A closed interval, sharing what both ends share: "April 14–16, 1969",
/// "April–June 1969", "1969–1970 гг.", "December 1969–January 1970".
fn range(a: &PartialDate, b: &PartialDate, g: &Grammar) -> String {
    // A space-separated range of two dates reads with spaces around the dash in Slavic usage.
    let dash = |x: &str, y: &str| {
        if g.month_first || !(x.contains(' ') || y.contains(' ')) {
            format!("{x}–{y}")
        } else {
            format!("{x} – {y}")
        }
    };
    let same_year = a.year() == b.year();
    match ((a.month(), a.day()), (b.month(), b.day())) {
        ((None, _), (None, _)) if same_year => year(a.year(), g, true, false),
        ((None, _), (None, _)) => {
            let years = format!("{}–{}", a.year(), b.year());
            match g.year_word {
                Some((_, many)) => format!("{years} {many}"),
                None => years,
            }
        }
        ((Some(ma), None), (Some(mb), None)) if same_year && ma == mb => single(a, g, true),
        ((Some(ma), None), (Some(mb), None)) if same_year => {
            format!("{}–{} {}", month(ma, g, false), month(mb, g, false), year(a.year(), g, true, false))
        }
        ((Some(ma), Some(da)), (Some(mb), Some(db))) if same_year && ma == mb => {
            if da == db {
                return single(a, g, true);
            }
            let y = year(a.year(), g, true, false);
            if g.month_first {
                format!("{} {da}–{db}, {y}", month(ma, g, true))
            } else {
                format!("{da}{s}–{db}{s} {} {y}", month(ma, g, true), s = g.day_suffix)
            }
        }
        ((Some(ma), Some(da)), (Some(mb), Some(db))) if same_year => {
            let y = year(a.year(), g, true, false);
            let (x, z) = (day_month(da, ma, g), day_month(db, mb, g));
            if g.month_first {
                format!("{x}–{z}, {y}")
            } else {
                format!("{} {y}", dash(&x, &z))
            }
        }
        _ => {
            // Different years, or different precision at the two ends: both in full.
            let (x, z) = (single(a, g, g.year_word.is_none()), single(b, g, true));
            dash(&x, &z)
        }
    }
}

/// Whether the rendered text of `locale` may hold a nominative month after a day.
pub fn inflects(locale: &str) -> bool {
    let g = grammar(locale);
    g.nominative != g.genitive
}

/// Put a month name that follows a day number into the genitive, as the
/// language requires: "14 апрель 1969 г." becomes "14 апреля 1969 г.". Only a
/// whole month word directly after digits and a space is changed.
pub fn genitive_after_day(text: &str, locale: &str) -> String {
    let g = grammar(locale);
    if g.nominative == g.genitive {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    'scan: while !rest.is_empty() {
        // Find the next run of digits followed by one space (or a no-break space) or ". ".
        let Some(start) = rest.find(|c: char| c.is_ascii_digit()) else { break };
        let digits_end = rest[start..].find(|c: char| !c.is_ascii_digit()).map_or(rest.len(), |e| start + e);
        out.push_str(&rest[..digits_end]);
        rest = &rest[digits_end..];
        let after = rest.strip_prefix(g.day_suffix).unwrap_or(rest);
        let gap = [" ", "\u{a0}"].iter().find_map(|s| after.strip_prefix(s).map(|t| (s.len(), t)));
        let Some((gap_len, word_start)) = gap else { continue };
        for (i, nominative) in g.nominative.iter().enumerate() {
            let Some(tail) = word_start.strip_prefix(nominative) else { continue };
            if tail.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let prefix_len = rest.len() - after.len() + gap_len;
            out.push_str(&rest[..prefix_len]);
            out.push_str(g.genitive[i]);
            rest = tail;
            continue 'scan;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> EdtfDate {
        s.parse().unwrap()
    }

    #[test]
    fn russian_days_take_the_genitive_and_years_the_word() {
        assert_eq!(write(&d("1969-04-14"), "ru-RU").unwrap(), "14 апреля 1969 г.");
        assert_eq!(write(&d("1969-04"), "ru-RU").unwrap(), "апрель 1969 г.");
        assert_eq!(write(&d("1969"), "ru-RU").unwrap(), "1969 г.");
        assert_eq!(write(&d("1969-04/1969-06"), "ru-RU").unwrap(), "апрель–июнь 1969 г.");
        assert_eq!(write(&d("1969/1970"), "ru-RU").unwrap(), "1969–1970 гг.");
        assert_eq!(write(&d("1969-04-14/1969-04-16"), "ru-RU").unwrap(), "14–16 апреля 1969 г.");
        assert_eq!(write(&d("1969-04-14/1969-06-02"), "ru-RU").unwrap(), "14 апреля – 2 июня 1969 г.");
        assert_eq!(write(&d("1969?"), "ru-RU").unwrap(), "[1969 г.?]");
        assert_eq!(write(&d("1969~"), "ru-RU").unwrap(), "ок. 1969 г.");
    }

    #[test]
    fn english_ranges_and_qualifiers() {
        assert_eq!(write(&d("1969-04-14"), "en-US").unwrap(), "April 14, 1969");
        assert_eq!(write(&d("1969-04-14"), "en-GB").unwrap(), "14 April 1969");
        assert_eq!(write(&d("1969-04/1969-06"), "en-US").unwrap(), "April–June 1969");
        assert_eq!(write(&d("1969-04-14/1969-04-16"), "en-US").unwrap(), "April 14–16, 1969");
        assert_eq!(write(&d("1969-04-14/1969-06-02"), "en-US").unwrap(), "April 14–June 2, 1969");
        assert_eq!(write(&d("1969-12/1970-01"), "en-US").unwrap(), "December 1969–January 1970");
        assert_eq!(write(&d("1969~"), "en-US").unwrap(), "ca. 1969");
        assert_eq!(write(&d("1969?"), "en-US").unwrap(), "1969?");
        assert_eq!(write(&d("1969/.."), "en-US").unwrap(), "1969–");
        assert_eq!(write_in(&d("1969-04-14"), "en-US", true).unwrap(), "14 April 1969");
    }

    #[test]
    fn other_inflected_languages() {
        assert_eq!(write(&d("1969-04-14"), "uk-UA").unwrap(), "14 квітня 1969 р.");
        assert_eq!(write(&d("1969-04-14"), "pl-PL").unwrap(), "14 kwietnia 1969 r.");
        assert_eq!(write(&d("1969-07-01"), "cs-CZ").unwrap(), "1. července 1969");
        assert_eq!(write(&d("1969-06"), "cs-CZ").unwrap(), "červen 1969");
    }

    #[test]
    fn rendered_text_gets_the_genitive_only_after_a_day() {
        assert_eq!(
            genitive_after_day("Судариков, 14 апрель 1969 г.", "ru-RU"),
            "Судариков, 14 апреля 1969 г."
        );
        assert_eq!(genitive_after_day("апрель 1969 г.; 3 май", "ru-RU"), "апрель 1969 г.; 3 мая");
        // A longer word that starts with a month name is left alone.
        assert_eq!(genitive_after_day("5 маяк", "ru-RU"), "5 маяк");
        assert_eq!(genitive_after_day("1. červenec 1969", "cs-CZ"), "1. července 1969");
        assert_eq!(genitive_after_day("14 April 1969", "en-US"), "14 April 1969");
    }
}
