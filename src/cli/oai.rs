//! What the OAI-PMH commands share (`store`, `serve`, `harvest`): datestamps
//! at the granularity the repository declares, OAI identifiers, set specs.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The granularity archcite's repository declares: seconds, in UTC.
pub const GRANULARITY: &str = "YYYY-MM-DDThh:mm:ssZ";

/// The current time, in seconds since 1970, UTC.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// A datestamp as OAI-PMH writes it: `2024-05-01T12:30:00Z`.
pub fn datestamp(seconds: i64) -> String {
    DateTime::<Utc>::from_timestamp(seconds, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// How a `from` or `until` argument was written: a day or a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    Second,
}

/// Parse a `from`/`until` value: the first second it names (`end` false) or
/// the last (`end` true, so that `until=2024-05-01` takes the whole day in).
pub fn parse_datestamp(text: &str, end: bool) -> Option<(i64, Granularity)> {
    if text.len() == 10 {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        let second = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
        return Some((if end { second + 86_399 } else { second }, Granularity::Day));
    }
    if text.len() == 20 {
        let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ").ok()?;
        return Some((at.and_utc().timestamp(), Granularity::Second));
    }
    None
}

/// The local part of an OAI identifier for a store key: the characters the
/// `oai-identifier` syntax allows stay, every other byte is percent-encoded.
pub fn escape_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'();/?:@&=+$,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The key an identifier's local part stands for ([`escape_key`] undone);
/// `None` for a malformed escape.
pub fn unescape_key(local: &str) -> Option<String> {
    let bytes = local.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = local.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The OAI identifier of the record stored under `key`.
pub fn identifier(namespace: &str, key: &str) -> String {
    format!("oai:{namespace}:{}", escape_key(key))
}

/// The store key an OAI identifier of this repository names, if it is one.
pub fn key_of(namespace: &str, identifier: &str) -> Option<String> {
    let local = identifier.strip_prefix("oai:")?.strip_prefix(namespace)?.strip_prefix(':')?;
    unescape_key(local)
}

/// Whether `spec` is a setSpec as OAI-PMH defines it: tokens of
/// `A-Za-z0-9-_.!~*'()` separated by `:`.
pub fn is_set_spec(spec: &str) -> bool {
    !spec.is_empty()
        && spec.split(':').all(|token| {
            !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b))
        })
}

/// A name made into one setSpec token: ASCII letters and digits kept (in lower
/// case), other letters by their code point, every other run of characters
/// one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.push_str(&format!("u{:x}", c as u32));
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `namespace` can stand as the repository identifier of OAI
/// identifiers: a domain-like name of letters, digits, `-` and `.`.
pub fn is_namespace(namespace: &str) -> bool {
    !namespace.is_empty()
        && namespace
            .split('.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datestamps_round_trip_at_both_granularities() {
        let (t, g) = parse_datestamp("2024-05-01T12:30:05Z", false).unwrap();
        assert_eq!((datestamp(t), g), ("2024-05-01T12:30:05Z".to_string(), Granularity::Second));
        let (start, _) = parse_datestamp("2024-05-01", false).unwrap();
        let (end, g) = parse_datestamp("2024-05-01", true).unwrap();
        assert_eq!(
            (datestamp(start).as_str(), datestamp(end).as_str()),
            ("2024-05-01T00:00:00Z", "2024-05-01T23:59:59Z")
        );
        assert_eq!(g, Granularity::Day);
        for bad in ["2024-5-1", "2024-05-01T12:30:05", "2024-02-30", "2024-05-01T25:00:00Z", ""] {
            assert_eq!(parse_datestamp(bad, false), None, "{bad}");
        }
    }

    #[test]
    fn keys_survive_identifiers() {
        for key in ["rgani-5-61-462", "https://example.org/doc/1?x=a b", "Ф. 5, оп. 61", "100%"] {
            let id = identifier("example.org", key);
            assert!(!id.contains(' '), "{id}");
            assert_eq!(key_of("example.org", &id).as_deref(), Some(key));
        }
        assert_eq!(key_of("example.org", "oai:other.org:x"), None);
        assert_eq!(key_of("example.org", "oai:example.org:%G1"), None);
    }

    #[test]
    fn slugs_are_set_spec_tokens() {
        assert_eq!(
            slug("History and Public Policy Program Digital Archive"),
            "history-and-public-policy-program-digital-archive"
        );
        assert_eq!(slug("RGANI"), "rgani");
        assert!(is_set_spec(&slug("Архив (фонд 5)")));
        assert!(is_set_spec("archive:rgani"));
        assert!(!is_set_spec("archive:"));
        assert!(!is_set_spec("a b"));
    }
}
