//! Writing a reference back: the Russian system in English full words,
//! abbreviations or Cyrillic; other systems in their own convention. Whatever is
//! rendered parses back to the same reference.

use crate::model::{ArchivalReference, Level, LevelKind};
use crate::registry::{self, System};

/// How to write the levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum RenderStyle {
    /// "Fond 5, Opis 61, Delo 462, Listi 95–101".
    Full,
    /// "f. 5, op. 61, d. 462, ll. 95–101".
    Short,
    /// "Ф. 5. Оп. 61. Д. 462. Л. 95–101".
    Cyrillic,
}

/// How to name the repository.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoName {
    /// "RGANI".
    Abbreviation,
    /// "Russian State Archive of Contemporary History".
    Full,
}

/// The reference with its repository's abbreviation.
pub fn render(reference: &ArchivalReference, style: RenderStyle) -> String {
    render_with(reference, style, RepoName::Abbreviation)
}

/// The reference with the repository named as asked.
pub fn render_with(reference: &ArchivalReference, style: RenderStyle, name: RepoName) -> String {
    let location = render_location(reference, style);
    let Some(repo) = &reference.repository else { return location };
    let entry = registry::entry_of(repo);
    let cyr = style == RenderStyle::Cyrillic && russian_only(reference);
    let label = match (name, entry) {
        (RepoName::Abbreviation, Some(e)) if cyr && !e.original_abbreviation.is_empty() => {
            e.original_abbreviation
        }
        (RepoName::Full, Some(e)) if cyr && !e.original_name.is_empty() => e.original_name,
        (RepoName::Abbreviation, _) => repo.label(),
        (RepoName::Full, _) => repo.full_label(),
    };
    match (location.is_empty(), cyr) {
        (true, _) => label.to_string(),
        (false, true) => format!("{label}. {location}"),
        (false, false) => format!("{label}, {location}"),
    }
}

fn russian_only(r: &ArchivalReference) -> bool {
    !r.levels.is_empty()
        && r.levels.iter().any(|l| l.kind.is_russian())
        && r.levels
            .iter()
            .all(|l| l.kind.is_russian() || russian_extra(l.kind.as_str(), RenderStyle::Short).is_some())
}

/// The word for a level of the Russian system's neighbours, in each style:
/// parts, sections and volumes of a delo, Fond 89's perechen and dokument, a
/// unit, pages; years, items and level titles need none (`Some("")`).
fn russian_extra(kind: &str, style: RenderStyle) -> Option<&'static str> {
    use RenderStyle::{Cyrillic as C, Full as F, Short as S};
    Some(match (kind, style) {
        ("year" | "item", _) => "",
        (k, _) if k.ends_with("-title") => "",
        ("part", F) => "Part",
        ("part", S) => "ch.",
        ("part", C) => "Ч.",
        ("section", F) => "Section",
        ("section", S) => "razd.",
        ("section", C) => "Разд.",
        ("volume", F) => "Tom",
        ("volume", S) => "t.",
        ("volume", C) => "Т.",
        ("perechen", F) => "Perechen",
        ("perechen", S) => "per.",
        ("perechen", C) => "Пер.",
        ("dokument", F) => "Dokument",
        ("dokument", S) => "dok.",
        ("dokument", C) => "Док.",
        ("kniga", F) => "Kniga",
        ("kniga", S) => "kn.",
        ("kniga", C) => "Кн.",
        ("box", F | S) => "karton",
        ("box", C) => "К.",
        ("unit", F | S) => "unit",
        ("unit", C) => "Од. об.",
        ("pages", F | S) => "pp.",
        ("pages", C) => "С.",
        _ => return None,
    })
}

/// The levels alone, without the repository.
pub fn render_location(reference: &ArchivalReference, style: RenderStyle) -> String {
    if russian_only(reference) {
        return russian(&reference.levels, style);
    }
    let system = reference.repository.as_ref().and_then(registry::entry_of).map(|e| e.system);
    other(&reference.levels, system)
}

/// Ranges read with an en dash in running text.
fn dashed(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = String::with_capacity(v.len() + 2);
    for (i, c) in v.char_indices() {
        let between_digits =
            c == '-' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        out.push(if between_digits { '–' } else { c });
    }
    out
}

fn plural(v: &str) -> bool {
    v.contains(['-', ',', '&']) || v.contains(" and ")
}

fn russian(levels: &[Level], style: RenderStyle) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(levels.len());
    for l in levels {
        let v = l.value.as_str();
        let kind = l.kind.as_str();
        if kind.ends_with("-title") {
            // "Ф. 17 (ЦК КПСС)": the title goes with the level before it.
            match parts.last_mut() {
                Some(last) => {
                    last.push_str(" (");
                    last.push_str(v);
                    last.push(')');
                }
                None => parts.push(format!("({v})")),
            }
            continue;
        }
        if !l.kind.is_russian() {
            let word = russian_extra(kind, style).unwrap_or("");
            let v = if matches!(kind, "pages") { dashed(v) } else { v.to_string() };
            parts.push(if word.is_empty() { v } else { format!("{word} {v}") });
            continue;
        }
        parts.push(russian_level(l, style));
    }
    parts.join(if style == RenderStyle::Cyrillic { ". " } else { ", " })
}

/// One level of the Russian system with its word.
fn russian_level(l: &Level, style: RenderStyle) -> String {
    let v = l.value.as_str();
    let many = plural(v);
    let word = match (style, &l.kind) {
        (_, LevelKind::Year) => return v.to_string(),
        (RenderStyle::Full, LevelKind::Fond) => "Fond",
        (RenderStyle::Full, LevelKind::Opis) => "Opis",
        (RenderStyle::Full, LevelKind::Delo) => "Delo",
        (RenderStyle::Full, LevelKind::Listi) if many => "Listi",
        (RenderStyle::Full, LevelKind::Listi) => "List",
        (RenderStyle::Full, LevelKind::Papka) => "Papka",
        (RenderStyle::Full, _) => "Edinitsa khraneniya",
        (RenderStyle::Short, LevelKind::Fond) => "f.",
        (RenderStyle::Short, LevelKind::Opis) => "op.",
        (RenderStyle::Short, LevelKind::Delo) => "d.",
        (RenderStyle::Short, LevelKind::Listi) if many => "ll.",
        (RenderStyle::Short, LevelKind::Listi) => "l.",
        (RenderStyle::Short, LevelKind::Papka) => "p.",
        (RenderStyle::Short, _) => "ed. khr.",
        (RenderStyle::Cyrillic, LevelKind::Fond) => "Ф.",
        (RenderStyle::Cyrillic, LevelKind::Opis) => "Оп.",
        (RenderStyle::Cyrillic, LevelKind::Delo) => "Д.",
        (RenderStyle::Cyrillic, LevelKind::Listi) => "Л.",
        (RenderStyle::Cyrillic, LevelKind::Papka) => "П.",
        (RenderStyle::Cyrillic, _) => "Ед. хр.",
    };
    format!("{word} {}", dashed(v))
}

/// Labels for keyword levels of other systems (what the parser reads back).
fn label(kind: &str, system: Option<System>) -> Option<&'static str> {
    Some(match (kind, system) {
        ("folio", Some(System::Barch | System::PaAa)) => "Bl.",
        ("folio", Some(System::Aan | System::Aipn)) => "k.",
        ("folio", _) => "fol.",
        ("volume", Some(System::Barch | System::PaAa)) => "Bd.",
        ("volume", _) => "vol.",
        ("image", _) => "Image",
        ("film", _) => "Film:",
        ("reel", _) => "Reel",
        ("box", _) => "box",
        ("year", _) => "Year",
        ("issue", _) => "Issue",
        ("country", Some(System::Mol)) => return None,
        ("country", _) => "Country:",
        ("finding-aid", _) => "Finding Aid",
        ("accession", _) => "Accession",
        ("job", _) => "Job",
        ("lot-file", _) => "Lot",
        ("item", Some(System::Mol)) => return None,
        ("item", _) => "item",
        ("record-group", _) => "RG",
        ("part", _) => "Part",
        ("fond", _) => "f.",
        ("unit", _) => "unit",
        ("pages", Some(System::Barch | System::PaAa | System::PrcFma)) => return None,
        ("pages", _) => "pp.",
        _ => return None,
    })
}

/// Kinds whose values are ranges, written with an en dash.
fn ranged(kind: &str) -> bool {
    matches!(kind, "pages" | "folio" | "box" | "piece" | "listi")
}

fn other(levels: &[Level], system: Option<System>) -> String {
    let get = |k: &str| levels.iter().find(|l| l.kind.as_str() == k).map(|l| l.value.as_str());
    let mut parts: Vec<String> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    let show = |k: &str, v: &str| if ranged(k) { dashed(v) } else { v.to_string() };
    if let (Some(d), Some(s), Some(pc)) = (get("department"), get("series"), get("piece")) {
        parts.push(format!("{d} {s}/{}", show("piece", pc)));
        done.extend(["department", "series", "piece"]);
    }
    if let (Some(b), Some(s)) = (get("bestand"), get("signatur")) {
        let title = get("bestand-title").map(|t| format!(" ({t})")).unwrap_or_default();
        let sep = if system == Some(System::PaAa) { ", " } else { "/" };
        parts.push(format!("{b}{title}{sep}{s}"));
        done.extend(["bestand", "bestand-title", "signatur"]);
    }
    // "Bundy Files: Lot 85 D 240"; with a series between them, in the order written.
    let series_between = get("series").is_some();
    if let (Some(c), Some(l), false) = (get("collection"), get("lot-file"), series_between) {
        parts.push(format!("{c}: Lot {l}"));
        done.extend(["collection", "lot-file"]);
    }
    if system == Some(System::Papers) {
        if let (Some(f), Some(file)) = (get("fonds"), get("file")) {
            parts.push(format!("{f} {file}"));
            done.extend(["fonds", "file"]);
        }
    }
    if system == Some(System::Mol) {
        if let (Some(f), Some(c)) = (get("fonds"), get("country")) {
            parts.push(format!("{f} {c}"));
            done.extend(["fonds", "country"]);
        }
    }
    let slash_kinds = ["fonds", "series", "subseries", "subsubseries", "file"];
    if system.is_none() && levels.len() >= 3 && levels.iter().all(|l| slash_kinds.contains(&l.kind.as_str()))
    {
        return levels.iter().map(|l| l.value.as_str()).collect::<Vec<_>>().join("/");
    }
    let has_box = get("box").is_some();
    // A numbered folder with its title after it: "Folder 15, Political Activities".
    let titled_folder = get("folder-title").is_some();
    for l in levels {
        let k = l.kind.as_str();
        if done.contains(&k) {
            continue;
        }
        let v = show(k, l.value.as_str());
        let text = match (k, system) {
            ("box", Some(System::Mol)) => format!("{v}. doboz"),
            // After a lot file or accession the folder needs no word ("Lot 80D212, NSSM 91").
            ("folder", Some(System::Nara))
                if !has_box && get("lot-file").is_none() && get("accession").is_none() =>
            {
                format!("folder {v}")
            }
            ("folder", _) if titled_folder => format!("Folder {v}"),
            ("folder", Some(System::Papers)) if has_box => v,
            ("file", Some(System::Nara)) if has_box => format!("file {v}"),
            // "Subject File 45" names itself.
            ("file", Some(System::Generic)) if v.contains("File") => v,
            ("file", Some(System::Generic)) => format!("File No. {v}"),
            ("fonds", Some(System::Generic)) => format!("fond {v}"),
            // "Листівка №2674", "Poster 15": an item that names its own kind.
            ("item", _) if v.starts_with(char::is_alphabetic) => v,
            _ => match label(k, system) {
                Some(lab) => format!("{lab} {v}"),
                None => v,
            },
        };
        parts.push(text);
    }
    parts.join(", ")
}

/// The reference as one conventional string with the repository's abbreviation,
/// "RGANI, f. 5, op. 61, d. 462, ll. 95–101"; a reference that was not understood
/// (no levels) is given as it was written.
pub fn conventional(reference: &ArchivalReference) -> String {
    if reference.levels.is_empty() {
        if let Some(raw) = &reference.raw {
            return raw.to_string();
        }
    }
    render(reference, RenderStyle::Short)
}
