//! The built-in registry of repositories: canonical Latin abbreviation, English
//! and original names, place, country, and the variants people actually write
//! ("AP RF", "АП РФ", "Presidential Archive of the Russian Federation" → APRF).
//!
//! Matching ignores case, spaces, dots and hyphens, so "MNL OL", "MNL-OL" and
//! "mnlol" are one key. Unknown repositories are never guessed: callers keep them
//! as written with [`Repository::named`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::model::{NonEmpty, Repository};

/// The call-number convention a repository uses; it picks the grammar that reads
/// the levels after the repository's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Fond / opis / delo / listi (Russian, Soviet and post-Soviet archives).
    Russian,
    /// UK National Archives: department, series/piece.
    Tna,
    /// US National Archives: record group, series, file; box/folder.
    Nara,
    /// US Department of State lot files and decimal files.
    Dos,
    /// Bundesarchiv: Bestand/Signatur, pages.
    Barch,
    /// Politisches Archiv des Auswärtigen Amts: Bestand, Signatur, Band.
    PaAa,
    /// PRC Foreign Ministry Archive: file number, pages.
    PrcFma,
    /// Hungarian National Archives: fonds, box (doboz), item, file.
    Mol,
    /// Polish Archive of Modern Records: fonds, call number, folio (karta).
    Aan,
    /// Polish Institute of National Remembrance: call number, folio.
    Aipn,
    /// Any other: keyword levels (Year, Issue, box, vol., ...).
    Generic,
}

/// One registered repository.
#[derive(Debug)]
pub struct Entry {
    /// Canonical Latin abbreviation.
    pub abbreviation: &'static str,
    /// Full English name.
    pub name: &'static str,
    /// Name in the original language and script ("" when the same as `name`).
    pub original_name: &'static str,
    /// Abbreviation in the original script, for Cyrillic rendering ("" if none).
    pub original_abbreviation: &'static str,
    /// City.
    pub place: &'static str,
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// Call-number convention.
    pub system: System,
    /// Further spellings people write.
    pub variants: &'static [&'static str],
}

impl Entry {
    /// The entry as a model repository.
    pub fn repository(&self) -> Repository {
        // Built once per entry: the parser asks for one per reference it reads.
        static BUILT: OnceLock<Vec<Repository>> = OnceLock::new();
        let built = BUILT.get_or_init(|| ENTRIES.iter().map(Entry::build).collect());
        match ENTRIES.iter().position(|e| std::ptr::eq(e, self)) {
            Some(n) => built[n].clone(),
            None => self.build(),
        }
    }

    fn build(&self) -> Repository {
        Repository {
            abbreviation: NonEmpty::new(self.abbreviation),
            name: NonEmpty::new(self.name),
            original_name: NonEmpty::new(self.original_name),
            place: NonEmpty::new(self.place),
            country: self.country.parse().ok(),
        }
    }
}

macro_rules! entry {
    ($abbr:expr, $name:expr, $orig:expr, $oabbr:expr, $place:expr, $cc:expr, $sys:ident, [$($v:expr),* $(,)?]) => {
        Entry {
            abbreviation: $abbr,
            name: $name,
            original_name: $orig,
            original_abbreviation: $oabbr,
            place: $place,
            country: $cc,
            system: System::$sys,
            variants: &[$($v),*],
        }
    };
}

/// Every built-in repository.
pub static ENTRIES: &[Entry] = &[
    entry!(
        "APRF",
        "Presidential Archive of the Russian Federation",
        "Архив Президента Российской Федерации",
        "АП РФ",
        "Moscow",
        "RU",
        Russian,
        [
            "AP RF",
            "АПРФ",
            "Archive of the President of the Russian Federation",
            "Russian Presidential Archive",
            "Presidential Archives of the Russian Federation"
        ]
    ),
    entry!(
        "AVPRF",
        "Archive of Foreign Policy of the Russian Federation",
        "Архив внешней политики Российской Федерации",
        "АВП РФ",
        "Moscow",
        "RU",
        Russian,
        [
            "AVP RF",
            "АВПРФ",
            "Foreign Policy Archive of the Russian Federation",
            "Archive of the Foreign Policy of the Russian Federation"
        ]
    ),
    entry!(
        "AVP SSSR",
        "Archive of Foreign Policy of the USSR",
        "Архив внешней политики СССР",
        "АВП СССР",
        "Moscow",
        "RU",
        Russian,
        []
    ),
    entry!(
        "RGASPI",
        "Russian State Archive of Socio-Political History",
        "Российский государственный архив социально-политической истории",
        "РГАСПИ",
        "Moscow",
        "RU",
        Russian,
        ["Russian State Archive of Social and Political History", "RTsKhIDNI", "РЦХИДНИ"]
    ),
    entry!(
        "RGANI",
        "Russian State Archive of Contemporary History",
        "Российский государственный архив новейшей истории",
        "РГАНИ",
        "Moscow",
        "RU",
        Russian,
        ["TsKhSD", "ЦХСД", "Russian State Archive of Recent History"]
    ),
    entry!(
        "GARF",
        "State Archive of the Russian Federation",
        "Государственный архив Российской Федерации",
        "ГАРФ",
        "Moscow",
        "RU",
        Russian,
        []
    ),
    entry!(
        "RGAE",
        "Russian State Archive of the Economy",
        "Российский государственный архив экономики",
        "РГАЭ",
        "Moscow",
        "RU",
        Russian,
        ["Russian State Archive of Economy"]
    ),
    entry!(
        "RGVA",
        "Russian State Military Archive",
        "Российский государственный военный архив",
        "РГВА",
        "Moscow",
        "RU",
        Russian,
        []
    ),
    entry!(
        "RGAVMF",
        "Russian State Archive of the Navy",
        "Российский государственный архив Военно-Морского Флота",
        "РГАВМФ",
        "Saint Petersburg",
        "RU",
        Russian,
        []
    ),
    entry!(
        "RGVIA",
        "Russian State Military History Archive",
        "Российский государственный военно-исторический архив",
        "РГВИА",
        "Moscow",
        "RU",
        Russian,
        []
    ),
    entry!(
        "TsAMO",
        "Central Archive of the Ministry of Defence of the Russian Federation",
        "Центральный архив Министерства обороны Российской Федерации",
        "ЦАМО РФ",
        "Podolsk",
        "RU",
        Russian,
        [
            "TsAMO RF",
            "ЦАМО",
            "Central Archive of the Russian Ministry of Defense",
            "Central Archives of the Russian Ministry of Defense"
        ]
    ),
    entry!(
        "GAMZSU",
        "Sectoral State Archive of the Ministry of Foreign Affairs of Ukraine",
        "Галузевий державний архів Міністерства закордонних справ України",
        "ГАМЗСУ",
        "Kyiv",
        "UA",
        Russian,
        [
            "Галузевий Архів Міністерства закордонних справ України",
            "ГДА МЗС України",
            "GDA MZS Ukrainy",
            "Galuzevyi Arkhiv MZS Ukrainy",
            "Archive of the Ministry of Foreign Affairs of Ukraine"
        ]
    ),
    entry!(
        "HDA SBU",
        "Sectoral State Archive of the Security Service of Ukraine",
        "Галузевий державний архів Служби безпеки України",
        "ГДА СБУ",
        "Kyiv",
        "UA",
        Russian,
        ["SBU Archive", "GDA SBU", "Archive of the Security Service of Ukraine"]
    ),
    entry!(
        "TsDAVO",
        "Central State Archive of Supreme Bodies of Power and Government of Ukraine",
        "Центральний державний архів вищих органів влади та управління України",
        "ЦДАВО",
        "Kyiv",
        "UA",
        Russian,
        ["TsDAVOU", "ЦДАВОУ", "TsDAVO Ukrainy"]
    ),
    entry!(
        "TsDAHO",
        "Central State Archive of Public Organizations of Ukraine",
        "Центральний державний архів громадських об'єднань України",
        "ЦДАГО",
        "Kyiv",
        "UA",
        Russian,
        ["TsDAGO", "TsDAHOU", "ЦДАГОУ", "TsDAHO Ukrainy"]
    ),
    entry!(
        "UNCM",
        "Archive of the Ukrainian National Chornobyl Museum",
        "Архів Українського національного музею «Чорнобиль»",
        "",
        "Kyiv",
        "UA",
        Russian,
        ["Ukrainian National Chornobyl Museum"]
    ),
    entry!(
        "LYA",
        "Lithuanian Special Archives",
        "Lietuvos ypatingasis archyvas",
        "",
        "Vilnius",
        "LT",
        Russian,
        ["Lithuanian Special Archive"]
    ),
    entry!(
        "TNA",
        "The National Archives of the United Kingdom",
        "",
        "",
        "Kew",
        "GB",
        Tna,
        [
            "The National Archives",
            "UK National Archives",
            "PRO",
            "Public Record Office",
            "TNA PRO",
            "TNA/PRO",
            "National Archives, Kew"
        ]
    ),
    entry!(
        "NARA",
        "National Archives and Records Administration",
        "",
        "",
        "College Park",
        "US",
        Nara,
        ["US National Archives", "U.S. National Archives", "National Archives II", "USNA"]
    ),
    entry!(
        "DOS",
        "United States Department of State",
        "",
        "",
        "Washington",
        "US",
        Dos,
        ["Department of State", "US Department of State", "U.S. Department of State", "State Department"]
    ),
    entry!(
        "BArch",
        "German Federal Archives",
        "Bundesarchiv",
        "",
        "Koblenz",
        "DE",
        Barch,
        ["Bundesarchiv Koblenz", "Federal Archives", "BA-MA", "BArch-MA"]
    ),
    entry!(
        "SAPMO-BArch",
        "Foundation Archives of Parties and Mass Organizations of the GDR in the Federal Archives",
        "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv",
        "",
        "Berlin",
        "DE",
        Barch,
        ["SAPMO", "SAPMO BArch", "SAPMO-BA", "BArch-SAPMO"]
    ),
    entry!(
        "PA AA",
        "Political Archive of the Federal Foreign Office",
        "Politisches Archiv des Auswärtigen Amts",
        "",
        "Berlin",
        "DE",
        PaAa,
        [
            "PA/AA",
            "Politisches Archiv des Auswärtigen Amtes",
            "Political Archive of the German Foreign Office",
            "Political Archives of the Federal Foreign Office"
        ]
    ),
    entry!(
        "PRC FMA",
        "Archive of the Ministry of Foreign Affairs of the People's Republic of China",
        "中华人民共和国外交部档案馆",
        "",
        "Beijing",
        "CN",
        PrcFma,
        [
            "PRCFMA",
            "CFMA",
            "Chinese Foreign Ministry Archive",
            "PRC Foreign Ministry Archive",
            "PRC Foreign Ministry Archives",
            "Chinese Foreign Ministry Archives"
        ]
    ),
    entry!(
        "MNL OL",
        "National Archives of Hungary",
        "Magyar Nemzeti Levéltár Országos Levéltára",
        "",
        "Budapest",
        "HU",
        Mol,
        ["MOL", "Magyar Országos Levéltár", "Hungarian National Archives", "National Archives of Hungary"]
    ),
    entry!(
        "AAN",
        "Archive of Modern Records",
        "Archiwum Akt Nowych",
        "",
        "Warsaw",
        "PL",
        Aan,
        ["Modern Records Archives", "Archives of Modern Records", "Central Archives of Modern Records"]
    ),
    entry!(
        "AIPN",
        "Archive of the Institute of National Remembrance",
        "Archiwum Instytutu Pamięci Narodowej",
        "",
        "Warsaw",
        "PL",
        Aipn,
        ["IPN Archive", "Institute of National Remembrance Archive", "IPN"]
    ),
    entry!(
        "AMAE",
        "Archive of the Romanian Ministry of Foreign Affairs",
        "Arhiva Ministerului Afacerilor Externe",
        "",
        "Bucharest",
        "RO",
        Generic,
        [
            "Arhiva MAE",
            "AMAE Romania",
            "Romanian Foreign Ministry Archive",
            "Archives of the Romanian Ministry of Foreign Affairs"
        ]
    ),
    entry!(
        "AMVnR",
        "Archive of the Bulgarian Ministry of Foreign Affairs",
        "Архив на Министерството на външните работи",
        "АМВнР",
        "Sofia",
        "BG",
        Generic,
        ["Bulgarian Foreign Ministry Archive"]
    ),
    entry!(
        "NMML",
        "Nehru Memorial Museum and Library",
        "",
        "",
        "New Delhi",
        "IN",
        Generic,
        ["Nehru Memorial Museum & Library", "Prime Ministers' Museum and Library", "PMML"]
    ),
    entry!(
        "LAC",
        "Library and Archives Canada",
        "Bibliothèque et Archives Canada",
        "",
        "Ottawa",
        "CA",
        Generic,
        []
    ),
    entry!("HAEU", "Historical Archives of the European Union", "", "", "Florence", "IT", Generic, []),
];

/// The longest key any registered spelling makes, in bytes: the parser builds
/// keys in a buffer of this size.
pub(crate) const MAX_KEY: usize = 256;

/// Every registered spelling as a key (its words upper-cased and concatenated),
/// and every word-boundary prefix of one, so one probe per word both tells the
/// parser whether to read on and finds an exact match.
struct Index {
    /// Prefix key → the entry whose spelling it completes (the first listed).
    keys: HashMap<Box<[u8]>, Option<usize>, BuildHasherDefault<KeyHasher>>,
}

/// A multiply-rotate hash (the Fx hash): keys are short and not chosen by an
/// adversary, and the parser probes the registry at most words of every line.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut keys = HashMap::default();
        for (n, e) in ENTRIES.iter().enumerate() {
            let spellings = [e.abbreviation, e.name, e.original_name, e.original_abbreviation];
            for s in spellings.into_iter().chain(e.variants.iter().copied()).filter(|s| !s.is_empty()) {
                let mut key = String::new();
                for word in key_words(s) {
                    key.push_str(&word);
                    keys.entry(key.as_bytes().into()).or_insert(None);
                }
                assert!(key.len() <= MAX_KEY, "registry spelling longer than MAX_KEY: {s}");
                keys.entry(key.into_bytes().into_boxed_slice()).or_insert(None).get_or_insert(n);
            }
        }
        Index { keys }
    })
}

/// The words of a spelling, upper-cased, punctuation dropped: the unit of matching.
fn key_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(upper)
}

/// Upper-case in any script.
pub(crate) fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

/// What a key (concatenated upper-case words) is in the registry: `None` when
/// it begins no registered spelling, else the entry it spells out, if any.
/// The key is given as UTF-8 bytes.
pub(crate) fn prefix(key: &[u8]) -> Option<Option<&'static Entry>> {
    index().keys.get(key).map(|e| e.map(|n| &ENTRIES[n]))
}

/// The entry whose spelling is exactly `key` (concatenated upper-case words).
fn entry_for_key(key: &str) -> Option<&'static Entry> {
    prefix(key.as_bytes()).flatten()
}

/// The registered entry for a written name or abbreviation, ignoring case,
/// spaces and punctuation.
pub fn lookup_entry(s: &str) -> Option<&'static Entry> {
    let key: String = key_words(s).collect();
    entry_for_key(&key)
}

/// The registered repository for a written name or abbreviation
/// ("AP RF", "АП РФ", "Presidential Archive of the Russian Federation").
pub fn lookup(s: &str) -> Option<Repository> {
    lookup_entry(s).map(Entry::repository)
}

/// The entry describing `repo`, found by its abbreviation or name.
pub fn entry_of(repo: &Repository) -> Option<&'static Entry> {
    repo.abbreviation
        .as_deref()
        .and_then(lookup_entry)
        .or_else(|| repo.name.as_deref().and_then(lookup_entry))
}
