//! Where the document is held, written in the convention of the style and
//! its language before the processor sees it.
//!
//! CSL has one string for the archive and one for the location within it, and
//! no short form of either, so archcite chooses the repository's form
//! ([`ArchiveForm`]) and writes the levels as the style's tradition does:
//! GOST "РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101" in Russian and
//! "RGANI. F. 5. Op. 61. D. 462. L. 95–101" in other languages; Chicago
//! "Fond 5, Opis 61, Delo 462, Listi 95–101, Russian State Archive of
//! Contemporary History, Moscow".

use crate::model::{ArchivalReference, LevelKind, Record, Repository};
use crate::refparse::{render_location, RenderStyle};
use crate::registry;

/// How the repository is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArchiveForm {
    /// The abbreviation, "RGANI" (in a Russian GOST reference, "РГАНИ").
    Short,
    /// The full name, "Russian State Archive of Contemporary History".
    Long,
    /// "Russian State Archive of Contemporary History (RGANI)", the form of
    /// `convert --to csl-json` and of any style that does not choose.
    Both,
}

/// The citation tradition of a bundled archival style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Convention {
    /// GOST R 7.0.100-2018: archive, then levels, separated by full stops.
    Gost,
    /// The Chicago Manual: levels, repository, place, separated by commas.
    Chicago,
    /// A digital archive's record page: repository "Name (ABBR)", then levels.
    DigitalArchive,
}

impl Convention {
    /// The repository form the convention prints.
    pub fn archive_form(self) -> ArchiveForm {
        match self {
            Convention::Gost => ArchiveForm::Short,
            Convention::Chicago => ArchiveForm::Long,
            Convention::DigitalArchive => ArchiveForm::Both,
        }
    }
}

/// The three CSL archive variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    /// `archive`.
    pub archive: Option<String>,
    /// `archive_location`.
    pub location: Option<String>,
    /// `archive-place`.
    pub place: Option<String>,
}

fn russian_locale(locale: &str) -> bool {
    locale.split(['-', '_']).next().is_some_and(|l| l.eq_ignore_ascii_case("ru"))
}

fn russian_system(r: &ArchivalReference) -> bool {
    !r.levels.is_empty() && r.levels.iter().all(|l| l.kind.is_russian() || l.kind == LevelKind::Year)
}

/// The repository in `form`; in Cyrillic for a Russian GOST reference to a
/// Russian-system archive whose original name the registry knows.
fn repository(repo: &Repository, form: ArchiveForm, cyrillic: bool) -> String {
    let entry = if cyrillic { registry::entry_of(repo) } else { None };
    let original_abbreviation = entry.map(|e| e.original_abbreviation).filter(|s| !s.is_empty());
    let original_name = entry
        .map(|e| e.original_name)
        .filter(|s| !s.is_empty())
        .or(repo.original_name.as_deref().filter(|_| cyrillic));
    match form {
        ArchiveForm::Short => original_abbreviation.unwrap_or(repo.label()).to_string(),
        ArchiveForm::Long => original_name.unwrap_or(repo.full_label()).to_string(),
        ArchiveForm::Both => {
            let name = original_name.or(repo.name.as_deref());
            let abbreviation = original_abbreviation.or(repo.abbreviation.as_deref());
            match (name, abbreviation) {
                (Some(n), Some(a)) => format!("{n} ({a})"),
                _ => repo.full_label().to_string(),
            }
        }
    }
}

/// A range of leaves reads with an en dash between digits.
fn dashed(v: &str) -> String {
    let chars: Vec<char> = v.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between = c == '-'
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if between {
                '–'
            } else {
                c
            }
        })
        .collect()
}

/// The Russian-system levels as GOST writes them in Latin transliteration:
/// "F. 5. Op. 61. D. 462. L. 95–101" ("L." for one leaf or many, as "Л.").
fn gost_latin(r: &ArchivalReference) -> String {
    r.levels
        .iter()
        .map(|l| {
            let word = match l.kind {
                LevelKind::Fond => "F. ",
                LevelKind::Opis => "Op. ",
                LevelKind::Delo => "D. ",
                LevelKind::Listi => "L. ",
                LevelKind::Papka => "P. ",
                LevelKind::Year => "",
                _ => "Ed. khr. ",
            };
            format!("{word}{}", dashed(&l.value))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// The levels of one reference in the convention; the reference as written when
/// it was not understood.
fn levels(r: &ArchivalReference, convention: Convention, russian: bool) -> Option<String> {
    if r.levels.is_empty() {
        return r.raw.as_deref().map(str::to_string);
    }
    Some(match convention {
        Convention::Gost if russian_system(r) && russian => render_location(r, RenderStyle::Cyrillic),
        Convention::Gost if russian_system(r) => gost_latin(r),
        // Other systems keep their own notation.
        Convention::Gost => render_location(r, RenderStyle::Short),
        Convention::Chicago | Convention::DigitalArchive => render_location(r, RenderStyle::Full),
    })
}

/// One reference as one string, for the second and later references of a record.
fn whole(r: &ArchivalReference, convention: Convention, form: ArchiveForm, russian: bool) -> String {
    let cyrillic = convention == Convention::Gost && russian && russian_system(r);
    let repo = r.repository.as_ref().map(|p| repository(p, form, cyrillic));
    let place = r.repository.as_ref().and_then(|p| p.place.as_deref());
    let location = levels(r, convention, russian);
    let parts: Vec<&str> = match convention {
        Convention::Gost | Convention::DigitalArchive => {
            [repo.as_deref(), location.as_deref()].into_iter().flatten().collect()
        }
        Convention::Chicago => [location.as_deref(), repo.as_deref(), place].into_iter().flatten().collect(),
    };
    parts.join(if convention == Convention::Gost { ". " } else { ", " })
}

/// Where the record's document is held, in `convention`, the repository in
/// `form`, for a style whose language is `locale`.
pub fn held(record: &Record, convention: Convention, form: ArchiveForm, locale: &str) -> Held {
    let russian = russian_locale(locale);
    let refs: Vec<&ArchivalReference> = record
        .references
        .iter()
        .filter(|r| r.repository.is_some() || !r.levels.is_empty() || r.raw.is_some())
        .collect();
    let Some(first) = refs.first() else { return Held::default() };
    if refs.len() == 1 || convention == Convention::Gost {
        let cyrillic = convention == Convention::Gost && russian && russian_system(first);
        let mut location = levels(first, convention, russian);
        // GOST names each further archive before its levels: "…; АВПРФ. Ф. 059а…".
        for r in refs.iter().skip(1) {
            let more = whole(r, convention, form, russian);
            location = Some(match location {
                Some(l) => format!("{l}; {more}"),
                None => more,
            });
        }
        return Held {
            archive: first.repository.as_ref().map(|p| repository(p, form, cyrillic)),
            location,
            place: first.repository.as_ref().and_then(|p| p.place.as_deref()).map(str::to_string),
        };
    }
    // Several archives: each reference whole, in the convention's order, as one location.
    let all: Vec<String> = refs.iter().map(|r| whole(r, convention, form, russian)).collect();
    Held { archive: None, location: Some(all.join("; ")), place: None }
}

/// The repository of `archive` in `form`, for a style that does not choose:
/// the first reference's repository, as the CSL-JSON mapping takes it.
pub fn archive_in_form(record: &Record, form: ArchiveForm) -> Option<String> {
    let repo = record.references.iter().find_map(|r| r.repository.as_ref())?;
    Some(repository(repo, form, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Record {
        serde_json::from_str(json).unwrap()
    }

    const RGANI: &str = r#"{"title": "T", "references": [{"repository": {"abbreviation": "RGANI",
        "name": "Russian State Archive of Contemporary History", "place": "Moscow"},
        "levels": [{"kind":"fond","value":"5"},{"kind":"opis","value":"61"},
                   {"kind":"delo","value":"462"},{"kind":"listi","value":"95-101"}]}]}"#;

    #[test]
    fn gost_in_russian_is_cyrillic_and_latin_otherwise() {
        let r = record(RGANI);
        let ru = held(&r, Convention::Gost, ArchiveForm::Short, "ru-RU");
        assert_eq!(ru.archive.as_deref(), Some("РГАНИ"));
        assert_eq!(ru.location.as_deref(), Some("Ф. 5. Оп. 61. Д. 462. Л. 95–101"));
        let en = held(&r, Convention::Gost, ArchiveForm::Short, "en-US");
        assert_eq!(en.archive.as_deref(), Some("RGANI"));
        assert_eq!(en.location.as_deref(), Some("F. 5. Op. 61. D. 462. L. 95–101"));
    }

    #[test]
    fn chicago_spells_levels_and_names_the_repository() {
        let h = held(&record(RGANI), Convention::Chicago, ArchiveForm::Long, "en-US");
        assert_eq!(h.archive.as_deref(), Some("Russian State Archive of Contemporary History"));
        assert_eq!(h.location.as_deref(), Some("Fond 5, Opis 61, Delo 462, Listi 95–101"));
        assert_eq!(h.place.as_deref(), Some("Moscow"));
        let both = held(&record(RGANI), Convention::DigitalArchive, ArchiveForm::Both, "en-US");
        assert_eq!(both.archive.as_deref(), Some("Russian State Archive of Contemporary History (RGANI)"));
    }
}
