//! BCP 47 language tags, checked by the `language-tags` crate.

use serde::Deserialize;

use super::error::ValueError;
use std::fmt;
use std::str::FromStr;

/// A well-formed BCP 47 tag such as `ru`, `en`, `zh-Hans`, `ko-KP`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct LanguageTag(String);

impl LanguageTag {
    /// The tag as text, in canonical case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, e.g. `zh` of `zh-Hans`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The ISO 639-2/B code catalogues use (`rus`, `eng`, `ger`, `lat`), for
    /// every language ISO 639-2 lists. `None` for a tag of a language only
    /// ISO 639-3 codes: none is guessed.
    pub fn iso639_2(&self) -> Option<&'static str> {
        let primary = self.primary();
        if let Some((_, b, _)) = ISO639.iter().find(|(a, _, _)| *a == primary) {
            return Some(b);
        }
        iso639_2_list()
            .find(|c| c.alpha2 == Some(primary) || c.terminology() == primary)
            .map(|c| c.bibliographic)
    }

    /// An English name for the language, when known.
    pub fn english_name(&self) -> Option<&'static str> {
        let primary = self.primary();
        if let Some((_, _, n)) = ISO639.iter().find(|(a, _, _)| *a == primary) {
            return Some(n);
        }
        let code = iso639_2_list().find(|c| c.alpha2 == Some(primary) || c.terminology() == primary)?;
        code.names.split("; ").next()
    }

    /// The tag for an ISO 639-2 (B or T) code or an English language name.
    pub fn from_code_or_name(s: &str) -> Option<LanguageTag> {
        let t = s.trim().to_lowercase();
        let hit = ISO639.iter().find(|(a, b, n)| *a == t || *b == t || n.to_lowercase() == t);
        if let Some((a, _, _)) = hit {
            return Some(LanguageTag(a.to_string()));
        }
        if let Some((_, a)) = ISO639_T.iter().find(|(t2, _)| *t2 == t) {
            return Some(LanguageTag(a.to_string()));
        }
        // Any other language of ISO 639-2, by a code or an English name; the
        // tag is the two-letter code where there is one, as BCP 47 wants.
        // "Undetermined", "no linguistic content" and "uncoded" name no language.
        if matches!(t.as_str(), "und" | "zxx" | "mis") {
            return None;
        }
        let named = |c: &Iso639| c.names.split("; ").any(|n| n.to_lowercase() == t);
        let code = iso639_2_list().find(|c| {
            c.bibliographic == t || c.terminology() == t || c.alpha2 == Some(t.as_str()) || named(c)
        })?;
        code.alpha2.unwrap_or(code.terminology()).parse().ok()
    }

    /// A language as real records write it: a BCP 47 tag (`ru`, `zh-Hans`), a
    /// locale with an underscore (`en_US`), an ISO 639-2 code (`rus`, `eng`),
    /// or the language's name in English or in itself (`Russian`, `русский`).
    /// `None` when it is none of these; the caller keeps the text.
    pub fn parse_loose(s: &str) -> Option<LanguageTag> {
        let s = s.trim();
        if let Some(tag) = LanguageTag::from_code_or_name(s) {
            return Some(tag);
        }
        let lower = s.to_lowercase();
        if let Some((_, code)) = ENDONYMS.iter().find(|(name, _)| *name == lower) {
            return Some(LanguageTag(code.to_string()));
        }
        // Letters, digits and separators only: free text such as "English and
        // French" is not a tag the parser should be asked to bend into one.
        let tagish = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !tagish {
            return None;
        }
        let tag: LanguageTag = s.replace('_', "-").parse().ok()?;
        // A three-letter primary subtag catalogues use (`eng-US`) has a two-letter form.
        match LanguageTag::from_code_or_name(tag.primary()) {
            Some(short) if short.primary() != tag.primary() => {
                let rest = &tag.0[tag.primary().len()..];
                format!("{}{rest}", short.0).parse().ok()
            }
            _ => Some(tag),
        }
    }
}

/// True for a bibliographic code of ISO 639-2 (`ger`, `rus`, `und`); with
/// `terminology`, a terminology code (`deu`) counts too.
pub(crate) fn is_iso639_2(code: &str, terminology: bool) -> bool {
    iso639_2_list().any(|c| c.bibliographic == code || (terminology && c.terminology() == code))
}

/// One language of ISO 639-2.
struct Iso639 {
    bibliographic: &'static str,
    /// The terminology code, where it differs from the bibliographic one.
    terminology: Option<&'static str>,
    alpha2: Option<&'static str>,
    /// English names, separated by "; ".
    names: &'static str,
}

impl Iso639 {
    fn terminology(&self) -> &'static str {
        self.terminology.unwrap_or(self.bibliographic)
    }
}

/// The ISO 639-2 code list, kept as text (one string: the binary holds no
/// table of pointers that every run would have to relocate) and read line by
/// line on the rare lookup the short table above does not answer.
fn iso639_2_list() -> impl Iterator<Item = Iso639> {
    const LIST: &str = include_str!("../../data/iso639-2.tsv");
    let opt = |s: &'static str| (s != "-").then_some(s);
    LIST.lines().filter(|l| !l.starts_with('#')).filter_map(move |line| {
        let mut f = line.split('\t');
        let (b, t, a2, names) = (f.next()?, f.next()?, f.next()?, f.next()?);
        Some(Iso639 { bibliographic: b, terminology: opt(t), alpha2: opt(a2), names })
    })
}

/// Languages by their own names, as records in those languages write them.
const ENDONYMS: &[(&str, &str)] = &[
    ("русский", "ru"),
    ("русский язык", "ru"),
    ("українська", "uk"),
    ("беларуская", "be"),
    ("български", "bg"),
    ("deutsch", "de"),
    ("français", "fr"),
    ("español", "es"),
    ("italiano", "it"),
    ("polski", "pl"),
    ("čeština", "cs"),
    ("slovenčina", "sk"),
    ("magyar", "hu"),
    ("română", "ro"),
    ("lietuvių", "lt"),
    ("latviešu", "lv"),
    ("eesti", "et"),
    ("suomi", "fi"),
    ("svenska", "sv"),
    ("norsk", "no"),
    ("dansk", "da"),
    ("nederlands", "nl"),
    ("português", "pt"),
    ("ελληνικά", "el"),
    ("српски", "sr"),
    ("hrvatski", "hr"),
    ("中文", "zh"),
    ("日本語", "ja"),
    ("한국어", "ko"),
    ("조선말", "ko"),
    ("tiếng việt", "vi"),
    ("монгол", "mn"),
    ("العربية", "ar"),
    ("فارسی", "fa"),
    ("עברית", "he"),
    ("türkçe", "tr"),
];

/// (ISO 639-1, ISO 639-2/B, English name).
const ISO639: &[(&str, &str, &str)] = &[
    ("ar", "ara", "Arabic"),
    ("be", "bel", "Belarusian"),
    ("bg", "bul", "Bulgarian"),
    ("cs", "cze", "Czech"),
    ("da", "dan", "Danish"),
    ("de", "ger", "German"),
    ("el", "gre", "Greek"),
    ("en", "eng", "English"),
    ("es", "spa", "Spanish"),
    ("et", "est", "Estonian"),
    ("fa", "per", "Persian"),
    ("fi", "fin", "Finnish"),
    ("fr", "fre", "French"),
    ("he", "heb", "Hebrew"),
    ("hi", "hin", "Hindi"),
    ("hr", "hrv", "Croatian"),
    ("hu", "hun", "Hungarian"),
    ("hy", "arm", "Armenian"),
    ("id", "ind", "Indonesian"),
    ("it", "ita", "Italian"),
    ("ja", "jpn", "Japanese"),
    ("ka", "geo", "Georgian"),
    ("kk", "kaz", "Kazakh"),
    ("ko", "kor", "Korean"),
    ("lt", "lit", "Lithuanian"),
    ("lv", "lav", "Latvian"),
    ("mn", "mon", "Mongolian"),
    ("nl", "dut", "Dutch"),
    ("no", "nor", "Norwegian"),
    ("pl", "pol", "Polish"),
    ("pt", "por", "Portuguese"),
    ("ro", "rum", "Romanian"),
    ("ru", "rus", "Russian"),
    ("sk", "slo", "Slovak"),
    ("sl", "slv", "Slovenian"),
    ("sq", "alb", "Albanian"),
    ("sr", "srp", "Serbian"),
    ("sv", "swe", "Swedish"),
    ("tr", "tur", "Turkish"),
    ("uk", "ukr", "Ukrainian"),
    ("uz", "uzb", "Uzbek"),
    ("vi", "vie", "Vietnamese"),
    ("zh", "chi", "Chinese"),
];

/// ISO 639-2/T codes that differ from the /B codes above.
const ISO639_T: &[(&str, &str)] = &[
    ("ces", "cs"),
    ("deu", "de"),
    ("ell", "el"),
    ("fas", "fa"),
    ("fra", "fr"),
    ("hye", "hy"),
    ("kat", "ka"),
    ("nld", "nl"),
    ("ron", "ro"),
    ("slk", "sk"),
    ("sqi", "sq"),
    ("zho", "zh"),
];

impl FromStr for LanguageTag {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let tag = language_tags::LanguageTag::parse(s)
            .map_err(|e| ValueError::LanguageTag { tag: s.to_string(), reason: e.to_string() })?;
        Ok(LanguageTag(tag.canonicalize().map(|t| t.to_string()).unwrap_or_else(|_| tag.to_string())))
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        s.parse()
    }
}

impl From<LanguageTag> for String {
    fn from(t: LanguageTag) -> String {
        t.0
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::LanguageTag;

    fn tag(s: &str) -> Option<String> {
        LanguageTag::parse_loose(s).map(|t| t.to_string())
    }

    #[test]
    fn catalogue_codes_of_every_language_become_the_shortest_tag() {
        // MARC 008/041 and MODS write ISO 639-2/B; BCP 47 wants 639-1 where there is one.
        for (code, want) in
            [("lat", "la"), ("yid", "yi"), ("chu", "cu"), ("wel", "cy"), ("cym", "cy"), ("ice", "is")]
        {
            assert_eq!(tag(code).as_deref(), Some(want), "{code}");
        }
        // A language with no two-letter code keeps its three letters.
        assert_eq!(tag("grc").as_deref(), Some("grc"));
        assert_eq!(tag("syr").as_deref(), Some("syr"));
        // MARC's "undetermined" (008/35-37 when no language is known) names none.
        assert_eq!(LanguageTag::from_code_or_name("und"), None);
        assert_eq!(LanguageTag::from_code_or_name("zxx"), None);
    }

    #[test]
    fn english_names_of_any_language_are_read() {
        assert_eq!(tag("Latin").as_deref(), Some("la"));
        assert_eq!(tag("church slavic").as_deref(), Some("cu"));
        assert_eq!(tag("English and French"), None);
    }

    #[test]
    fn catalogue_codes_are_written_in_their_bibliographic_form() {
        let code = |t: &str| t.parse::<LanguageTag>().unwrap().iso639_2();
        assert_eq!(code("la"), Some("lat"));
        assert_eq!(code("cy"), Some("wel"));
        assert_eq!(code("is"), Some("ice"));
        assert_eq!(code("ru"), Some("rus"));
        assert_eq!(code("grc"), Some("grc"));
        // A language only ISO 639-3 codes has no MARC code: none is guessed.
        assert_eq!(code("yue"), None);
        assert_eq!("la".parse::<LanguageTag>().unwrap().english_name(), Some("Latin"));
    }
}
