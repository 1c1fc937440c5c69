//! File names for `convert --split`: one per record, from its key or its number.
//!
//! A key is whatever the input said, so a name made from it is made safe (no path
//! separator, no leading dot or dash), bounded in length (file systems refuse
//! names over 255 bytes, and a refusal would end the batch), and unique across
//! every input of the run, ignoring case so that a case-insensitive file system
//! does not let one record overwrite another.

use std::collections::HashSet;

use archcite::model::Record;

/// The longest stem made from a key, in bytes; with a `-N` suffix and the
/// extension a name stays far below the usual 255-byte limit.
pub const MAX_STEM_BYTES: usize = 100;

/// The names given so far in a run.
#[derive(Default)]
pub struct Names {
    /// Lower-cased, so names that differ only in case count as taken.
    used: HashSet<String>,
}

impl Names {
    /// A name for `record`, the `number`-th record of the run, not given before.
    pub fn next(&mut self, record: &Record, number: usize) -> String {
        let base = record
            .key
            .as_deref()
            .map(stem)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("record-{number:06}"));
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }
}

/// A file stem from a key: letters, digits, `-` and `_` kept, anything else a
/// `-`; a long key is cut and given a hash of the whole key, so that two keys
/// sharing a long beginning still get two names.
fn stem(key: &str) -> String {
    let safe: String =
        key.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    // A leading dash reads as an option to the next tool given the file.
    let safe = safe.trim_start_matches('-');
    if safe.len() <= MAX_STEM_BYTES {
        return safe.to_string();
    }
    let hash = format!("-{:08x}", fnv1a(key.as_bytes()) as u32);
    let mut cut = MAX_STEM_BYTES - hash.len();
    while !safe.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{hash}", &safe[..cut])
}

/// FNV-1a: stable across Rust versions and runs, unlike the std hasher, so a
/// record gets the same file name every time.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_key_is_cut_at_a_char_boundary_and_keeps_a_hash_of_the_whole() {
        let a = stem(&"ж".repeat(300));
        let b = stem(&format!("{}x", "ж".repeat(300)));
        assert!(a.len() <= MAX_STEM_BYTES && b.len() <= MAX_STEM_BYTES, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn a_key_cannot_name_a_path_a_hidden_file_or_an_option() {
        assert_eq!(stem("../etc/passwd"), "etc-passwd");
        assert_eq!(stem(".hidden"), "hidden");
        assert_eq!(stem("/"), "");
    }
}
