//! MARC-8 to Unicode, for binary records whose Leader/09 is blank.
//!
//! MARC-8 is an ISO 2022 encoding: a G0 set answers the bytes `21`-`7E` and a
//! G1 set the bytes `A1`-`FE`; escape sequences designate other sets. At the
//! start of every value G0 is Basic Latin (ASCII) and G1 Extended Latin
//! (ANSEL). The character tables are `data/marc8.tsv`, generated from the
//! Library of Congress code tables by `scripts/gen-marc8.py`: Basic and
//! Extended Latin, Greek symbols, subscripts, superscripts, Basic Hebrew,
//! Basic and Extended Cyrillic, Basic and Extended Arabic, Basic Greek and
//! the East Asian set (EACC, three bytes a character).
//!
//! MARC-8 writes a combining diacritic *before* its base letter, Unicode
//! after it: marks are held until their base comes, then written after it,
//! and the value is put in Normalization Form C, as MARC 21 in UTF-8 is
//! expected to be.
//!
//! A byte a G0 set leaves undefined among the digits and punctuation
//! (`21`-`40`: Basic Greek has no colon) is read as ASCII; any other byte
//! without a character becomes U+FFFD and is reported.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The final byte of the sets that need no lookup or are named by the tables.
const BASIC_LATIN: u8 = 0x42;
const ANSEL: u8 = 0x45;
/// The only multibyte set.
const EACC: u8 = 0x31;

/// One character of a single-byte set: its Unicode character (none for the
/// second half of a double diacritic, which Unicode writes as one mark) and
/// whether it combines with the next base character.
#[derive(Clone, Copy)]
struct Entry {
    ch: Option<char>,
    combining: bool,
}

struct Tables {
    /// By set and 7-bit code (C1 controls of Extended Latin by their own byte).
    single: HashMap<(u8, u8), Entry>,
    /// EACC by its 24-bit code.
    eacc: HashMap<u32, Entry>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables { single: HashMap::new(), eacc: HashMap::new() };
        for line in include_str!("../../../data/marc8.tsv").lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(set), Some(marc), Some(ucs)) = (cols.first(), cols.get(1), cols.get(2)) else {
                continue;
            };
            let (Ok(set), Ok(code)) = (u8::from_str_radix(set, 16), u32::from_str_radix(marc, 16)) else {
                continue;
            };
            let ch = u32::from_str_radix(ucs, 16).ok().and_then(char::from_u32);
            let entry = Entry { ch, combining: cols.get(3) == Some(&"c") };
            if marc.len() == 6 {
                t.eacc.insert(code, entry);
            } else if let Ok(byte) = u8::try_from(code) {
                t.single.insert((set, key(byte)), entry);
            }
        }
        t
    })
}

/// The key of a single-byte code: G1 codes are looked up by their G0 form, so
/// a set reads the same in either; C1 controls (`88`-`8E`) keep their byte.
fn key(byte: u8) -> u8 {
    if byte >= 0xA0 {
        byte & 0x7F
    } else {
        byte
    }
}

/// A value decoded, and what could not be decoded exactly.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    /// Each problem once, in the order met: "byte 0xC9 has no character in
    /// Extended Latin (ANSEL)", "an unknown escape sequence".
    pub(crate) problems: Vec<String>,
}

impl Decoded {
    fn problem(&mut self, p: String) {
        if !self.problems.contains(&p) {
            self.problems.push(p);
        }
    }
}

/// The set named by an ISO final byte, for messages.
fn set_name(set: u8) -> String {
    match set {
        0x42 => "Basic Latin".into(),
        0x45 => "Extended Latin (ANSEL)".into(),
        0x67 => "Greek symbols".into(),
        0x62 => "Subscripts".into(),
        0x70 => "Superscripts".into(),
        0x32 => "Basic Hebrew".into(),
        0x4E => "Basic Cyrillic".into(),
        0x51 => "Extended Cyrillic".into(),
        0x33 => "Basic Arabic".into(),
        0x34 => "Extended Arabic".into(),
        0x53 => "Basic Greek".into(),
        0x31 => "EACC".into(),
        other => format!("the set with final byte 0x{other:02X}"),
    }
}

/// Decode one MARC-8 value (a subfield, a control field) to Unicode.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    if bytes.is_ascii() && !bytes.contains(&0x1B) {
        out.text = references(bytes.iter().map(|&b| b as char).collect());
        return out;
    }
    let t = tables();
    let (mut g0, mut g1) = (BASIC_LATIN, ANSEL);
    let mut text = String::with_capacity(bytes.len());
    let mut marks: Vec<char> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1B {
            match escape(&bytes[i + 1..]) {
                Some((Designation::G0(set), len)) => {
                    g0 = set;
                    i += 1 + len;
                }
                Some((Designation::G1(set), len)) => {
                    g1 = set;
                    i += 1 + len;
                }
                None => {
                    out.problem("an escape sequence that designates no MARC-8 set (left out)".into());
                    i += 1;
                }
            }
            continue;
        }
        let (set, code, width) = match b {
            0x21..=0x7E => (g0, b, if g0 == EACC { 3 } else { 1 }),
            0xA1..=0xFE => (g1, b, if g1 == EACC { 3 } else { 1 }),
            // C1 controls: Extended Latin names four of them (non-sort
            // begin and end, joiner, non-joiner).
            0x80..=0x9F => (ANSEL, b, 1),
            // Space, DEL, C0 controls and A0/FF stand for themselves.
            _ => {
                push(&mut text, &mut marks, char::from(b));
                i += 1;
                continue;
            }
        };
        let entry = if width == 3 {
            let Some(three) = bytes.get(i..i + 3) else {
                out.problem("an EACC character cut short at the end of the value (left out)".into());
                break;
            };
            let code = three.iter().fold(0u32, |acc, &x| (acc << 8) | u32::from(x & 0x7F));
            let found = t.eacc.get(&code).copied();
            if found.is_none() {
                out.problem(format!(
                    "EACC character 0x{code:06X} is not in the code tables (written as U+FFFD)"
                ));
            }
            found
        } else {
            let ascii = Some(Entry { ch: Some(char::from(b)), combining: false });
            let found = if set == BASIC_LATIN && b < 0x80 {
                ascii
            } else {
                // Digits and punctuation a G0 set leaves out (Basic Greek
                // has no colon or digits) are ASCII's, as records use them.
                t.single.get(&(set, key(code))).copied().or(ascii.filter(|_| b <= 0x40))
            };
            if found.is_none() {
                out.problem(format!(
                    "byte 0x{b:02X} has no character in {} (written as U+FFFD)",
                    set_name(set)
                ));
            }
            found
        };
        i += width;
        match entry {
            Some(Entry { ch: Some(c), combining: true }) => marks.push(c),
            Some(Entry { ch: Some(c), combining: false }) => push(&mut text, &mut marks, c),
            Some(Entry { ch: None, .. }) => {}
            None => push(&mut text, &mut marks, char::REPLACEMENT_CHARACTER),
        }
    }
    // Marks with no base after them still say something: they are kept.
    text.extend(marks);
    out.text = references(text.nfc().collect());
    out
}

/// Characters outside MARC-8's repertoire written as numeric character
/// references (`&#x0E25;`), as the MARC 21 lossless conversion from
/// Unicode writes them, back to the characters.
fn references(text: String) -> String {
    if !text.contains("&#x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("&#x") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let hex: &str = after.split(';').next().unwrap_or("");
        let ch = (after.len() > hex.len() && (1..=6).contains(&hex.len()))
            .then(|| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
            .flatten();
        match ch {
            Some(c) => {
                out.push(c);
                rest = &after[hex.len() + 1..];
            }
            None => {
                out.push_str("&#x");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Write a base character, then the marks MARC-8 wrote before it.
fn push(text: &mut String, marks: &mut Vec<char>, c: char) {
    text.push(c);
    text.extend(marks.drain(..));
}

enum Designation {
    G0(u8),
    G1(u8),
}

/// The escape sequence after an ESC: what it designates and how many bytes
/// follow the ESC.
fn escape(rest: &[u8]) -> Option<(Designation, usize)> {
    let at = |n: usize| rest.get(n).copied();
    match at(0)? {
        // Technique 1: Greek symbols, subscripts, superscripts, back to ASCII.
        b @ (0x67 | 0x62 | 0x70) => Some((Designation::G0(b), 1)),
        0x73 => Some((Designation::G0(BASIC_LATIN), 1)),
        // ESC ( F, ESC , F; ESC ) F, ESC - F; with `!` before F for Extended Latin.
        b @ (b'(' | b',' | b')' | b'-') => {
            let (set, len) = match at(1)? {
                b'!' => (at(2)?, 3),
                f => (f, 2),
            };
            Some((if matches!(b, b'(' | b',') { Designation::G0(set) } else { Designation::G1(set) }, len))
        }
        // Multibyte: ESC $ F (G0), ESC $ , F (G0), ESC $ ) F, ESC $ - F (G1).
        b'$' => match at(1)? {
            b',' => Some((Designation::G0(at(2)?), 3)),
            b')' | b'-' => Some((Designation::G1(at(2)?), 3)),
            f => Some((Designation::G0(f), 2)),
        },
        _ => None,
    }
    .filter(|(d, _)| {
        let set = match d {
            Designation::G0(s) | Designation::G1(s) => *s,
        };
        set == BASIC_LATIN || set == EACC || tables().single.keys().any(|(s, _)| *s == set)
    })
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn d(bytes: &[u8]) -> String {
        let out = decode(bytes);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        out.text
    }

    #[test]
    fn ansel_marks_come_after_their_base_and_compose() {
        // E2 acute, E3 circumflex, F0 cedilla before their letters.
        assert_eq!(d(b"Caf\xE2e"), "Caf\u{e9}");
        assert_eq!(d(b"Fran\xF0cais"), "Fran\u{e7}ais");
        // Two marks on one letter, in order: macron then acute (no precomposed form).
        assert_eq!(d(b"\xE5\xE2a"), "a\u{304}\u{301}".chars().collect::<String>().as_str().nfc_str());
        // Spacing ANSEL letters: Polish L with stroke, eth, the pound sign.
        assert_eq!(d(b"\xA1\xBA\xB9"), "\u{141}\u{f0}\u{a3}");
    }

    trait Nfc {
        fn nfc_str(&self) -> String;
    }
    impl Nfc for str {
        fn nfc_str(&self) -> String {
            unicode_normalization::UnicodeNormalization::nfc(self).collect()
        }
    }

    #[test]
    fn each_set_decodes_by_its_escape() {
        // Basic Cyrillic in G0: "Москва".
        assert_eq!(d(b"\x1B(NmOSKWA\x1B(B"), "\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}");
        // Extended Cyrillic in G1: Ukrainian ґ (0xC0 -> U+0491).
        assert_eq!(d(b"\x1B)Q\xC0"), "\u{491}");
        // Basic Greek: capital alpha, beta, gamma.
        assert_eq!(d(b"\x1B(SABD\x1B(B"), "\u{391}\u{392}\u{393}");
        // Basic Hebrew: alef bet.
        assert_eq!(d(b"\x1B(2`a\x1B(B"), "\u{5d0}\u{5d1}");
        // Basic Arabic: alef (0x47), beh (0x48).
        assert_eq!(d(b"\x1B(3GH\x1B(B"), "\u{627}\u{628}");
        // Extended Arabic in G1: peh (0xA9).
        assert_eq!(d(b"\x1B)4\xA9"), "\u{67e}");
        // EACC: the ideograph for "one" (0x213021 -> U+4E00), then back to ASCII.
        assert_eq!(d(b"\x1B$1\x21\x30\x21\x1B(Bx"), "\u{4e00}x");
        // Technique 1: superscript two, subscript two, Greek symbol alpha.
        assert_eq!(d(b"\x1Bp2\x1Bs\x1Bb2\x1Bs\x1Bga\x1Bs"), "\u{b2}\u{2082}\u{3b1}");
    }

    /// pymarc's parallel lines of MARC-8 and their Unicode (Arabic, Hebrew,
    /// Cyrillic, EACC, Latin with diacritics) from real catalogue records.
    #[test]
    fn pymarc_lines_decode_to_their_unicode() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/marc");
        let marc8 = std::fs::read(dir.join("pymarc-marc8-lines.txt")).unwrap();
        let utf8 = std::fs::read_to_string(dir.join("pymarc-utf8-lines.txt")).unwrap();
        let mut wrong = Vec::new();
        let lines: Vec<&[u8]> = marc8.split(|&b| b == b'\n').collect();
        let expected: Vec<&str> = utf8.split('\n').collect();
        assert_eq!(lines.len(), expected.len());
        for (n, (m, u)) in lines.iter().zip(&expected).enumerate() {
            // The last line is six codes of one vendor's system (Innovative
            // Interfaces) in EACC mode, which the LC tables do not define.
            if n + 1 == 1515 {
                assert!(decode(m).problems.iter().any(|p| p.contains("not in the code tables")));
                continue;
            }
            let got = decode(m).text;
            if got != u.nfc_str() {
                wrong.push(format!("line {}: {got:?} != {u:?}", n + 1));
            }
        }
        assert!(wrong.is_empty(), "{} of {} lines differ:\n{}", wrong.len(), lines.len(), wrong.join("\n"));
    }

    #[test]
    fn numeric_character_references_are_characters() {
        assert_eq!(d(b"&#x0E25;&#x0E38;."), "\u{e25}\u{e38}.");
        // Not a reference: kept as written.
        assert_eq!(d(b"AT&T &#x0E25%x; &#xZZ;"), "AT&T &#x0E25%x; &#xZZ;");
    }

    #[test]
    fn what_cannot_be_decoded_is_said() {
        let out = decode(b"a\x1BZb");
        assert_eq!(out.text, "aZb");
        assert_eq!(out.problems.len(), 1);
        let out = decode(b"\x1B$1\x21\x30");
        assert!(out.problems[0].contains("cut short"), "{:?}", out.problems);
    }
}
