//! Finding a style and a locale: bundled names, aliases, `.csl` files.
//!
//! Styles come from archcite's own archival styles (`src/cite/styles/*.csl`,
//! compiled in), hayagriva's archive (bundled, offline) or a CSL file.
//! Names people use that the archive spells differently are aliases here; an
//! unknown name is answered with the closest names by edit distance.

use std::path::Path;

use hayagriva::archive::{self, ArchivedStyle};
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};

use super::archival::Convention;

/// archcite's archival styles: name, CSL 1.0.2 source, tradition. They are
/// ordinary CSL files (`archcite cite --style src/cite/styles/gost-archival.csl`
/// renders the same); loading one by name also tells archcite how to write
/// the repository, the levels and the date for it.
pub const ARCHIVAL_STYLES: &[(&str, &str, Convention)] = &[
    ("gost-archival", include_str!("styles/gost-archival.csl"), Convention::Gost),
    ("chicago-archival", include_str!("styles/chicago-archival.csl"), Convention::Chicago),
    ("digital-archive", include_str!("styles/digital-archive.csl"), Convention::DigitalArchive),
];

/// Names people use for bundled styles that the archive spells otherwise.
const ALIASES: &[(&str, &str)] = &[
    ("chicago", "chicago-notes"),
    ("chicago-note", "chicago-notes"),
    ("chicago-notes-bibliography", "chicago-notes"),
    ("chicago-fullnote", "chicago-notes"),
    ("chicago-shortened", "chicago-shortened-notes"),
    ("turabian", "turabian-fullnote-8"),
    ("turabian-fullnote", "turabian-fullnote-8"),
    ("mhra", "modern-humanities-research-association-notes"),
    ("mhra-notes", "modern-humanities-research-association-notes"),
    ("gost", "gost-r-705-2008-numeric"),
    ("gost-r-7.0.100-2018-archival", "gost-archival"),
    ("chicago-notes-archival", "chicago-archival"),
    ("wilson-center", "digital-archive"),
    ("gost-r-7.0.5-2008", "gost-r-705-2008-numeric"),
    ("harvard", "harvard-cite-them-right"),
    ("apa-7", "apa"),
    ("mla-9", "mla"),
];

/// Why a style or locale could not be used. All of these end the run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StyleError {
    /// Neither a bundled name nor an alias nor a file.
    #[error("unknown style `{name}`{}", suggest(.suggestions))]
    UnknownStyle {
        /// The name given.
        name: String,
        /// The closest known names.
        suggestions: Vec<String>,
    },
    /// The CSL file could not be read.
    #[error("{path}: cannot read the style: {message}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The CSL file is not a valid CSL style.
    #[error("{path}: not a valid CSL style: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// The parser's message, with the path into the XML.
        message: String,
    },
    /// A dependent style whose parent is not bundled.
    #[error("{path}: a dependent style whose parent `{parent}` is not bundled; use the parent's .csl file instead")]
    UnknownParent {
        /// The file.
        path: String,
        /// The parent's link.
        parent: String,
    },
    /// Bibliography mode asked of a style without a bibliography.
    #[error("the style `{name}` has no bibliography; use --mode note or --mode in-text")]
    NoBibliography {
        /// The style.
        name: String,
    },
    /// A locale that is not bundled.
    #[error("unknown locale `{tag}`{}", suggest(.suggestions))]
    UnknownLocale {
        /// The tag given.
        tag: String,
        /// The closest bundled locales.
        suggestions: Vec<String>,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "))
    }
}

/// A style ready to render, with the name it was asked for.
#[derive(Debug, Clone)]
pub struct LoadedStyle {
    /// The bundled name or the file path.
    pub name: String,
    /// The style.
    pub csl: IndependentStyle,
    /// A dependent style's own default locale, which overrides its parent's.
    pub default_locale: Option<LocaleCode>,
    /// For archcite's archival styles, the tradition they cite in.
    pub convention: Option<Convention>,
}

/// Every bundled style name and alias, sorted.
pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .chain(ARCHIVAL_STYLES.iter().map(|(n, _, _)| *n))
        .chain(ALIASES.iter().map(|(a, _)| *a))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The bundled style a name or alias stands for.
pub fn bundled(name: &str) -> Option<ArchivedStyle> {
    let lower = name.to_ascii_lowercase();
    let canonical = ALIASES.iter().find(|(a, _)| *a == lower).map_or(lower.as_str(), |(_, c)| c);
    ArchivedStyle::by_name(canonical)
}

/// The archival style a name or alias stands for: its CSL source and tradition.
pub fn archival(name: &str) -> Option<(&'static str, Convention)> {
    let lower = name.to_ascii_lowercase();
    let canonical = ALIASES.iter().find(|(a, _)| *a == lower).map_or(lower.as_str(), |(_, c)| c);
    ARCHIVAL_STYLES.iter().find(|(n, _, _)| *n == canonical).map(|(_, csl, c)| (*csl, *c))
}

/// Load `arg`: a path to a `.csl` file (anything ending in `.csl` or naming an
/// existing file) or a bundled name.
pub fn load(arg: &str) -> Result<LoadedStyle, StyleError> {
    let path = Path::new(arg);
    let known = bundled(arg).is_some() || archival(arg).is_some();
    if arg.ends_with(".csl") || (path.is_file() && !known) {
        return load_file(arg);
    }
    if let Some((text, convention)) = archival(arg) {
        return match Style::from_xml(text) {
            Ok(Style::Independent(csl)) => Ok(LoadedStyle {
                name: arg.to_string(),
                csl,
                default_locale: None,
                convention: Some(convention),
            }),
            // The bundled files are checked by the tests; this only keeps a broken build from panicking.
            Ok(Style::Dependent(_)) => Err(StyleError::Invalid {
                path: arg.to_string(),
                message: "the bundled archival style is not independent".into(),
            }),
            Err(e) => Err(StyleError::Invalid { path: arg.to_string(), message: xml_message(&e) }),
        };
    }
    let Some(style) = bundled(arg) else {
        return Err(StyleError::UnknownStyle {
            name: arg.to_string(),
            suggestions: closest(arg, &style_names()),
        });
    };
    match style.get() {
        Style::Independent(csl) => {
            Ok(LoadedStyle { name: arg.to_string(), csl, default_locale: None, convention: None })
        }
        // The archive holds independent styles only; a dependent one would be a packaging change upstream.
        Style::Dependent(d) => {
            resolve_parent(arg, d.default_locale.clone(), Some(d.parent_link.href.clone()))
        }
    }
}

fn load_file(path: &str) -> Result<LoadedStyle, StyleError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StyleError::Unreadable { path: path.to_string(), message: e.to_string() })?;
    let style = Style::from_xml(&text)
        .map_err(|e| StyleError::Invalid { path: path.to_string(), message: xml_message(&e) })?;
    match style {
        Style::Independent(csl) => {
            Ok(LoadedStyle { name: path.to_string(), csl, default_locale: None, convention: None })
        }
        Style::Dependent(d) => {
            resolve_parent(path, d.default_locale.clone(), Some(d.parent_link.href.clone()))
        }
    }
}

fn xml_message(e: &hayagriva::citationberg::XmlDeError) -> String {
    match &e.path {
        Some(p) if !p.to_string().is_empty() && p.to_string() != "." => format!("at `{p}`: {}", e.source),
        _ => e.source.to_string(),
    }
}

fn resolve_parent(
    path: &str,
    locale: Option<LocaleCode>,
    parent: Option<String>,
) -> Result<LoadedStyle, StyleError> {
    let parent = parent.unwrap_or_default();
    let found = ArchivedStyle::by_id(&parent).map(ArchivedStyle::get);
    match found {
        Some(Style::Independent(csl)) => {
            Ok(LoadedStyle { name: path.to_string(), csl, default_locale: locale, convention: None })
        }
        _ => Err(StyleError::UnknownParent { path: path.to_string(), parent }),
    }
}

/// The up to three known names closest to `name`: by edit distance, and names
/// that contain it (so `chicago` finds every Chicago style).
pub fn closest(name: &str, known: &[&str]) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let limit = (lower.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|k| {
            let d = strsim::levenshtein(&lower, &k.to_ascii_lowercase());
            let contains = lower.len() >= 3 && k.contains(lower.as_str());
            (if contains { d.min(limit) } else { d }, *k)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, k)| k.to_string()).collect()
}

/// Every bundled locale, parsed once per run.
pub fn locales() -> Vec<Locale> {
    archive::locales()
}

/// The bundled locale for a BCP 47 tag: exact (case-insensitive), else the
/// language's default region (`ru` → `ru-RU`).
pub fn locale(tag: &str, bundled: &[Locale]) -> Result<LocaleCode, StyleError> {
    let codes: Vec<&str> = bundled.iter().filter_map(|l| l.lang.as_ref()).map(|c| c.0.as_str()).collect();
    if let Some(c) = codes.iter().find(|c| c.eq_ignore_ascii_case(tag)) {
        return Ok(LocaleCode(c.to_string()));
    }
    let language = tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase();
    let fallback = LocaleCode(language.clone()).fallback().map(|c| c.0);
    let by_language = fallback.filter(|f| codes.contains(&f.as_str())).or_else(|| {
        codes.iter().find(|c| c.split('-').next() == Some(language.as_str())).map(|c| c.to_string())
    });
    match by_language {
        Some(c) => Ok(LocaleCode(c)),
        None => Err(StyleError::UnknownLocale { tag: tag.to_string(), suggestions: closest(tag, &codes) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_resolve() {
        for name in [
            "chicago-notes",
            "chicago-author-date",
            "apa",
            "mla",
            "turabian-fullnote-8",
            "mhra-notes",
            "gost-r-705-2008-numeric",
        ] {
            assert!(bundled(name).is_some(), "{name}");
        }
        assert_eq!(bundled("mhra-notes"), Some(ArchivedStyle::ModernHumanitiesResearchAssociationNotes));
    }

    #[test]
    fn unknown_names_get_close_matches() {
        let names = style_names();
        assert_eq!(closest("chicgo-notes", &names)[0], "chicago-notes");
        assert!(closest("zzzzzzzzzz", &names).is_empty());
    }

    #[test]
    fn locales_resolve_by_tag_or_language() {
        let all = locales();
        assert_eq!(locale("ru-RU", &all).unwrap().0, "ru-RU");
        assert_eq!(locale("ru", &all).unwrap().0, "ru-RU");
        assert_eq!(locale("en-gb", &all).unwrap().0, "en-GB");
        assert!(matches!(locale("xx-YY", &all), Err(StyleError::UnknownLocale { .. })));
    }
}
