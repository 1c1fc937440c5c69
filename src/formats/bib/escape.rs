//! Field values made inert for BibTeX and LaTeX.
//!
//! Every character TeX or BibTeX would act on is written as a command that
//! only prints it, so a value such as `\input{/etc/passwd}` or `100% } @x{`
//! is text, never markup, and reads back to itself:
//!
//! | character | written as |
//! |---|---|
//! | `\` `{` `}` | `\textbackslash{}` `\textbraceleft{}` `\textbraceright{}` (balanced, so BibTeX's brace counting is undisturbed) |
//! | `#` `$` `%` `&` `_` | `\#` `\$` `\%` `\&` `\_` |
//! | `~` `^` | `\textasciitilde{}` `\textasciicircum{}` |
//! | `--` | BibTeX: `-{}-` (TeX would print an en dash); BibLaTeX: `--`, as its reader keeps it |
//!
//! Whitespace runs, line breaks included, become one space: a blank line is a
//! paragraph break in TeX and an error inside most bibliography macros.
//!
//! BibLaTeX is read by biber as UTF-8, so other characters are written as they
//! are. Classic BibTeX is an 8-bit program: there `–` and `—` become `--` and
//! `---`, Latin letters with one accent become accent commands (`{\"u}`,
//! `{\v{s}}`), letters that do not decompose become their commands (`{\ss}`,
//! `{\o}`, `{\l}`), typographic quotes and a few symbols their text commands,
//! and anything else (Cyrillic, Hangul, CJK, ...) is kept as UTF-8 inside
//! braces, so `change.case$` and `purify$` leave its bytes alone. Such text
//! needs `\usepackage[utf8]{inputenc}` and a font encoding for its script
//! (T2A for Cyrillic) or a Unicode engine, exactly as it would in the body.

use unicode_normalization::UnicodeNormalization;

use super::Dialect;

/// Escape one field value.
pub fn escape(text: &str, dialect: Dialect) -> String {
    // Most values (names, numbers, plain English words) need nothing: they
    // are not taken apart character by character.
    if is_inert(text) {
        return text.to_string();
    }
    // Math the reader kept as written (`$\alpha$`) goes back as math.
    let text = collapse_whitespace(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text.as_str();
    while let Some((before, math, after)) = next_math(rest) {
        out.push_str(&escape_text(before, dialect));
        out.push('$');
        out.push_str(math);
        out.push('$');
        rest = after;
    }
    out.push_str(&escape_text(rest, dialect));
    out
}

/// The first `$...$` span of `text` that is safe TeX math: (before, inner, after).
fn next_math(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('$').map(|i| i + from) {
        let close = text[open + 1..].find('$').map(|i| i + open + 1)?;
        let inner = &text[open + 1..close];
        if is_safe_math(inner) {
            return Some((&text[..open], inner, &text[close + 1..]));
        }
        from = open + 1;
    }
    None
}

/// TeX commands that read or write files, define or expand macros, or
/// change how TeX reads its input: never passed through from data.
const UNSAFE_COMMANDS: &[&str] = &[
    "input",
    "include",
    "write",
    "immediate",
    "openout",
    "openin",
    "read",
    "readline",
    "def",
    "edef",
    "gdef",
    "xdef",
    "let",
    "futurelet",
    "csname",
    "endcsname",
    "catcode",
    "newcommand",
    "renewcommand",
    "providecommand",
    "expandafter",
    "special",
    "usepackage",
    "documentclass",
    "begin",
    "end",
    "makeatletter",
    "scantokens",
    "jobname",
    "loop",
    "directlua",
    "latelua",
    "output",
    "everypar",
    "shipout",
    "closeout",
    "closein",
    "uppercase",
    "lowercase",
    "string",
    "detokenize",
    "aftergroup",
];

/// Math is passed through when it is plainly math (a command, a sub- or
/// superscript: `$5 and $6` is prices), its braces balance, and it holds
/// nothing TeX would act on outside the formula.
fn is_safe_math(inner: &str) -> bool {
    if inner.trim().is_empty() || !inner.contains(['\\', '^', '_']) || inner.contains(['%', '#', '&', '~']) {
        return false;
    }
    let mut depth = 0i32;
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            '\\' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_alphabetic() {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                if UNSAFE_COMMANDS.contains(&name.as_str()) || name.contains('@') {
                    return false;
                }
                i = end.max(start + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

fn escape_text(text: &str, dialect: Dialect) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut foreign = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let keep_raw = dialect == Dialect::Bibtex && needs_braces(c);
        if keep_raw {
            foreign.push(c);
            continue;
        }
        flush_foreign(&mut out, &mut foreign);
        push_char(&mut out, c, dialect);
        // TeX reads a run of hyphens as one dash (`--` en, `---` em): a dash
        // written as hyphens next to another dash is kept apart with `{}`.
        // BibLaTeX hyphens are kept as written: its reader keeps `--` as `--`.
        let dash = |c: char| matches!(c, '-' | '–' | '—');
        let kept = dialect == Dialect::Biblatex && c == '-' && chars.get(i + 1) == Some(&'-');
        if dash(c) && !kept && chars.get(i + 1).copied().is_some_and(dash) && out.ends_with('-') {
            out.push_str("{}");
        }
        // Two backquotes or two apostrophes are TeX's double quotes: kept
        // apart with `{}` when the text has the characters themselves.
        if matches!(c, '`' | '\'') && chars.get(i + 1) == Some(&c) {
            out.push_str("{}");
        }
    }
    flush_foreign(&mut out, &mut foreign);
    out
}

/// True for text that [`escape`] gives back as it is, in both dialects:
/// printable ASCII that neither TeX nor BibTeX acts on, words one space
/// apart, and no run of hyphens.
fn is_inert(text: &str) -> bool {
    let plain = |b: &u8| (b' '..=b'~').contains(b) && !b"\\{}#$%&_~^".contains(b);
    text.as_bytes().iter().all(plain)
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.contains("--")
        && !text.contains("``")
        && !text.contains("''")
}

/// Runs of characters classic BibTeX cannot write as commands, braced.
fn flush_foreign(out: &mut String, foreign: &mut String) {
    if !foreign.is_empty() {
        out.push('{');
        out.push_str(foreign);
        out.push('}');
        foreign.clear();
    }
}

/// Whitespace runs as one space; a no-break space is kept (written `~`).
fn collapse_whitespace(text: &str) -> String {
    let breaking = |c: char| c.is_whitespace() && c != '\u{a0}';
    text.split(breaking).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn push_char(out: &mut String, c: char, dialect: Dialect) {
    match c {
        '\\' => out.push_str("\\textbackslash{}"),
        '{' => out.push_str("\\textbraceleft{}"),
        '}' => out.push_str("\\textbraceright{}"),
        '#' | '$' | '%' | '&' | '_' => {
            out.push('\\');
            out.push(c);
        }
        '~' => out.push_str("\\textasciitilde{}"),
        '\u{a0}' => out.push('~'),
        '^' => out.push_str("\\textasciicircum{}"),
        _ if c.is_ascii() || dialect == Dialect::Biblatex => out.push(c),
        _ => out.push_str(&latin_command(c).expect("needs_braces is false only for known letters")),
    }
}

/// True for a character classic BibTeX must keep as UTF-8 (no command for it).
fn needs_braces(c: char) -> bool {
    !c.is_ascii() && c != '\u{a0}' && latin_command(c).is_none()
}

/// The TeX command for a non-ASCII character, where there is a simple one.
fn latin_command(c: char) -> Option<String> {
    if let Some(cmd) = symbol_command(c) {
        return Some(cmd.to_string());
    }
    let mut parts = c.nfd();
    let base = parts.next()?;
    let marks: Vec<char> = parts.collect();
    match marks.as_slice() {
        [mark] if base.is_ascii_alphabetic() => {
            let accent = accent_command(*mark)?;
            Some(match accent.len() {
                1 if !accent.chars().all(|a| a.is_ascii_alphabetic()) => format!("{{\\{accent}{base}}}"),
                _ => format!("{{\\{accent}{{{base}}}}}"),
            })
        }
        _ => None,
    }
}

/// Accent commands for combining marks.
fn accent_command(mark: char) -> Option<&'static str> {
    Some(match mark {
        '\u{300}' => "`",
        '\u{301}' => "'",
        '\u{302}' => "^",
        '\u{303}' => "~",
        '\u{304}' => "=",
        '\u{306}' => "u",
        '\u{307}' => ".",
        '\u{308}' => "\"",
        '\u{30A}' => "r",
        '\u{30B}' => "H",
        '\u{30C}' => "v",
        '\u{323}' => "d",
        '\u{327}' => "c",
        '\u{328}' => "k",
        _ => return None,
    })
}

/// Letters that do not decompose and common symbols; each reads back to the
/// same character with the biblatex crate.
fn symbol_command(c: char) -> Option<&'static str> {
    Some(match c {
        '–' => "--",
        '—' => "---",
        'ß' => "{\\ss}",
        'æ' => "{\\ae}",
        'Æ' => "{\\AE}",
        'œ' => "{\\oe}",
        'Œ' => "{\\OE}",
        'ø' => "{\\o}",
        'Ø' => "{\\O}",
        'ł' => "{\\l}",
        'Ł' => "{\\L}",
        'å' => "{\\aa}",
        'Å' => "{\\AA}",
        '“' => "\\textquotedblleft{}",
        '”' => "\\textquotedblright{}",
        '‘' => "\\textquoteleft{}",
        '’' => "\\textquoteright{}",
        '«' => "\\guillemotleft{}",
        '»' => "\\guillemotright{}",
        '…' => "\\dots{}",
        '§' => "\\S{}",
        'º' => "\\textordmasculine{}",
        'ª' => "\\textordfeminine{}",
        '·' => "\\textperiodcentered{}",
        _ => return None,
    })
}

/// A title with the words that must keep their capitals braced: every word
/// after the first that has a capital letter (proper nouns and acronyms in
/// archival titles: "Kim Il Sung", "KWP CC"), and the first word when a
/// capital follows its first letter. Neighbouring protected words share one
/// pair of braces. Styles that change case (plain.bst lowercases `@misc`
/// titles) then leave them alone.
pub fn protect_title(title: &str, dialect: Dialect) -> String {
    let breaking = |c: char| c.is_whitespace() && c != '\u{a0}';
    let words: Vec<&str> = title.split(breaking).filter(|w| !w.is_empty()).collect();
    let mut out = String::new();
    let mut open = false;
    for (i, word) in words.iter().enumerate() {
        let protect = match i {
            0 => word.chars().skip(1).any(char::is_uppercase),
            _ => word.chars().any(char::is_uppercase),
        };
        if i > 0 && !(open && protect) {
            out.push_str(if open { "} " } else { " " });
            open = false;
        } else if i > 0 {
            out.push(' ');
        }
        if protect && !open {
            out.push('{');
            open = true;
        }
        out.push_str(&escape(word, dialect));
    }
    if open {
        out.push('}');
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn math_kept_as_written_goes_back_as_math_unless_tex_would_act_on_it() {
        let bib = super::Dialect::Biblatex;
        assert_eq!(super::escape("corrections $\\alpha$ under", bib), "corrections $\\alpha$ under");
        assert_eq!(super::escape("$x^2$ and $H_2O$", bib), "$x^2$ and $H_2O$");
        // Prices are text, and so is math that would read a file or define a macro.
        assert_eq!(super::escape("$5 and $6", bib), "\\$5 and \\$6");
        for hostile in ["$\\input{/etc/passwd}$", "$\\def\\x{y}$", "$x^{2$", "$a^2 % b$"] {
            assert!(super::escape(hostile, bib).starts_with("\\$"), "{hostile}");
        }
    }
    use super::*;

    #[test]
    fn inert_text_is_what_escaping_gives_back() {
        let samples = [
            "Record of a Conversation No. 12",
            "Person, James F.",
            "95-101",
            "a--b",
            " padded",
            "two  spaces",
            "tab\there",
            "100%",
            "x_y",
            "@misc",
            "",
        ];
        for text in samples {
            for dialect in [Dialect::Bibtex, Dialect::Biblatex] {
                let slow = {
                    let mut out = String::new();
                    for c in collapse_whitespace(text).chars() {
                        push_char(&mut out, c, dialect);
                    }
                    out
                };
                if is_inert(text) {
                    assert_eq!(slow, text, "{text:?}");
                    assert_eq!(escape(text, dialect), text);
                }
            }
        }
        assert!(is_inert("Record of a Conversation No. 12"));
        assert!(!is_inert("a--b") && !is_inert(" padded") && !is_inert("two  spaces"));
        assert!(!is_inert("tab\there") && !is_inert("100%") && !is_inert("x_y"));
    }

    #[test]
    fn specials_are_inert() {
        let nasty = r"\input{/etc/passwd} 100% #1 $x$ a_b ~ ^ & } @ --";
        assert_eq!(
            escape(nasty, Dialect::Biblatex),
            "\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{} 100\\% \\#1 \\$x\\$ a\\_b \
             \\textasciitilde{} \\textasciicircum{} \\& \\textbraceright{} @ --"
        );
    }

    #[test]
    fn bibtex_writes_latin_accents_and_braces_other_scripts() {
        assert_eq!(
            escape("Balázs Müller Łódź – Ким Ир Сен", Dialect::Bibtex),
            "Bal{\\'a}zs M{\\\"u}ller {\\L}{\\'o}d{\\'z} -- {Ким} {Ир} {Сен}"
        );
        assert_eq!(escape("Šimůnek", Dialect::Bibtex), "{\\v{S}}im{\\r{u}}nek");
        assert_eq!(escape("Ünnep – Ким", Dialect::Biblatex), "Ünnep – Ким");
    }

    #[test]
    fn titles_protect_capitals_after_the_first_word() {
        assert_eq!(
            protect_title(
                "Record of a Conversation with Kim Il Sung, General Secretary of the KWP",
                Dialect::Bibtex
            ),
            "Record of a {Conversation} with {Kim Il Sung, General Secretary} of the {KWP}"
        );
        assert_eq!(protect_title("DPRK report", Dialect::Bibtex), "{DPRK} report");
    }
}
