//! LaTeX text-mode commands → Unicode, for the commands the biblatex crate
//! leaves as written.
//!
//! The crate resolves accents (`\'e`, `\'{e}`, `{\'e}`, `\v{s}`, ...), the
//! letters of the T1 encoding (`\o`, `\ss`, `\L`, ...) and most `\text...`
//! symbols. A command it does not know it hands on as `\name{arg}` (its
//! argument already resolved) or `\name ` (the space TeX would swallow). This
//! pass reads those: quotes (`\glqq`, `\enquote{}`), T2A Cyrillic (`\CYRA`,
//! `\cyra`), the style commands (`\emph`, `\textbf`, ... as plain text: the
//! model's fields are plain text), `\url`, `\hyphen`, `\,`, and the symbols the
//! crate lacks. Commands it does not know either stay as written, so nothing is
//! silently dropped. TeX's quote ligatures ` `` ` and `''` become “ and ”;
//! a single `'` stays an apostrophe, as people mean it.
//!
//! No maintained crate does this over the crate's output: the biblatex crate's
//! own table is the first pass, and converters such as `unicodeit` or
//! `latex2text` work on math or on whole documents.

/// Decode the commands left in a field's resolved text.
pub fn decode(text: &str) -> String {
    if !text.contains('\\') && !text.contains("``") && !text.contains("''") {
        return text.to_string();
    }
    let text = text.replace("``", "“").replace("''", "”");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (consumed, decoded) = command(&chars[i..]);
        match decoded {
            Some(d) => out.push_str(&d),
            None => out.extend(&chars[i..i + consumed]),
        }
        i += consumed;
    }
    out
}

/// One command at the start of `chars` (a backslash): how many characters it
/// spans and its text, or `None` to keep it as written.
fn command(chars: &[char]) -> (usize, Option<String>) {
    let letters = chars[1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 {
        return match chars.get(1) {
            Some(',') => (2, Some("\u{202f}".into())),
            Some('@' | '/' | '-') => (2, Some(String::new())),
            Some(' ') => (2, Some(" ".into())),
            Some(_) => (2, None),
            None => (1, None),
        };
    }
    let mut end = 1 + letters;
    let name: String = chars[1..end].iter().collect();
    let starred = chars.get(end) == Some(&'*');
    if starred {
        end += 1;
    }
    let arg = argument(&chars[end..]);
    let span = end + arg.as_ref().map_or(0, |(n, _)| *n);
    let arg_text = arg.as_ref().map(|(_, a)| decode(a));
    // The space the crate writes after a command without an argument.
    let after = if arg.is_none() && chars.get(span) == Some(&' ') { span + 1 } else { span };
    if let Some(symbol) = symbol(&name) {
        let rest = arg_text.unwrap_or_default();
        return (after, Some(format!("{symbol}{rest}")));
    }
    let Some(arg_text) = arg_text else { return (end, None) };
    let decoded = match name.as_str() {
        "enquote" | "mkbibquote" if starred => format!("‘{arg_text}’"),
        "enquote" | "mkbibquote" | "textquote" => format!("“{arg_text}”"),
        "textsuperscript" | "mkbibsuperscript" => script(&arg_text, SUPERSCRIPTS),
        // The tie accent over two letters (`\t{ts}`, romanised Cyrillic).
        "t" => tie(&arg_text),
        "textcommabelow" => combine(&arg_text, '\u{326}'),
        "textsubscript" | "mkbibsubscript" => script(&arg_text, SUBSCRIPTS),
        // A sort key (`\noopsort{1973b}`) is not printed.
        "noopsort" | "sortkey" => String::new(),
        // The first argument of `\foreignlanguage{russian}{...}` is a language name.
        "foreignlanguage" | "href" | "hyphenation" => String::new(),
        n if PLAIN.contains(&n) => arg_text,
        _ => return (span, None),
    };
    (span, Some(decoded))
}

/// A double inverted breve joining the first two letters.
fn tie(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{first}\u{361}{}", chars.as_str()),
        None => String::new(),
    }
}

/// `text` with a combining mark after its first letter, composed where
/// Unicode has the letter (`ș`).
fn combine(text: &str, mark: char) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{first}{mark}{}", chars.as_str()).nfc().collect(),
        None => String::new(),
    }
}

/// A braced argument at the start of `chars`: characters spanned and its text.
fn argument(chars: &[char]) -> Option<(usize, String)> {
    if chars.first() != Some(&'{') {
        return None;
    }
    let mut depth = 0;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((i + 1, chars[1..i].iter().collect()));
                }
            }
            _ => {}
        }
    }
    None
}

/// Commands whose argument is printed as it is, in another style or form.
const PLAIN: &[&str] = &[
    "emph",
    "textit",
    "textbf",
    "textsc",
    "texttt",
    "textrm",
    "textsf",
    "textsl",
    "textup",
    "textmd",
    "textnormal",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "mbox",
    "hbox",
    "text",
    "url",
    "path",
    "nolinkurl",
    "doi",
    "nocase",
    "NoCaseChange",
    "textcyrillic",
    "bibcyr",
    "textrussian",
    "textenglish",
    "textgreek",
    "uppercase",
    "lowercase",
    "underline",
];

/// Digits and signs with a superscript form; other text is written plain
/// (`19\textsuperscript{th}` reads "19th").
const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('-', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
];

const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('-', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
];

/// `text` in the script's characters when each has one, else as it is.
fn script(text: &str, table: &[(char, char)]) -> String {
    let mapped: Option<String> =
        text.chars().map(|c| table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)).collect();
    mapped.filter(|m| !m.is_empty()).unwrap_or_else(|| text.to_string())
}

/// Commands that print one character or a fixed text.
fn symbol(name: &str) -> Option<&'static str> {
    if let Some(c) = cyrillic(name) {
        return Some(c);
    }
    Some(match name {
        "glqq" => "„",
        "grqq" => "“",
        "glq" => "‚",
        "grq" => "‘",
        "flqq" => "«",
        "frqq" => "»",
        "flq" => "‹",
        "frq" => "›",
        "hyphen" | "texthyphen" => "-",
        "slash" | "textslash" => "/",
        "j" => "ȷ",
        "dag" => "†",
        "ldots" => "…",
        "textdegree" => "°",
        "textcopyright" => "©",
        "textsterling" => "£",
        "texteuro" | "euro" => "€",
        "textyen" => "¥",
        "textcent" => "¢",
        "textnumero" | "No" => "№",
        "textminus" => "−",
        "textpm" => "±",
        "texttimes" => "×",
        "textonehalf" => "½",
        "textonequarter" => "¼",
        "textthreequarters" => "¾",
        "textmu" => "µ",
        "textperthousand" => "‰",
        "nobreakspace" => "\u{a0}",
        "thinspace" => "\u{202f}",
        "space" => " ",
        // Old font switches (`{\sc Eurisko}`): the text they style follows.
        "rm" | "sc" | "it" | "bf" | "em" | "sl" | "sf" | "tt" | "itshape" | "bfseries" | "scshape"
        | "upshape" | "normalfont" | "protect" => "",
        "relax" | "ignorespaces" | "unskip" | "break" | "newblock" | "allowbreak" | "nopunct" => "",
        _ => return None,
    })
}

/// The T2A encoding's Cyrillic letters (`\CYRA` ... `\cyrya`), as written by
/// BibTeX files from before UTF-8: Russian, then the letters of Ukrainian,
/// Belarusian, Serbian and Macedonian.
fn cyrillic(name: &str) -> Option<&'static str> {
    const LETTERS: &[(&str, &str, &str)] = &[
        ("a", "А", "а"),
        ("b", "Б", "б"),
        ("v", "В", "в"),
        ("g", "Г", "г"),
        ("d", "Д", "д"),
        ("e", "Е", "е"),
        ("yo", "Ё", "ё"),
        ("zh", "Ж", "ж"),
        ("z", "З", "з"),
        ("i", "И", "и"),
        ("ishrt", "Й", "й"),
        ("k", "К", "к"),
        ("l", "Л", "л"),
        ("m", "М", "м"),
        ("n", "Н", "н"),
        ("o", "О", "о"),
        ("p", "П", "п"),
        ("r", "Р", "р"),
        ("s", "С", "с"),
        ("t", "Т", "т"),
        ("u", "У", "у"),
        ("f", "Ф", "ф"),
        ("h", "Х", "х"),
        ("c", "Ц", "ц"),
        ("ch", "Ч", "ч"),
        ("sh", "Ш", "ш"),
        ("shch", "Щ", "щ"),
        ("hrdsn", "Ъ", "ъ"),
        ("ery", "Ы", "ы"),
        ("sftsn", "Ь", "ь"),
        ("erev", "Э", "э"),
        ("yu", "Ю", "ю"),
        ("ya", "Я", "я"),
        ("ie", "Є", "є"),
        ("ii", "І", "і"),
        ("yi", "Ї", "ї"),
        ("gup", "Ґ", "ґ"),
        ("ushrt", "Ў", "ў"),
        ("dje", "Ђ", "ђ"),
        ("tshe", "Ћ", "ћ"),
        ("lje", "Љ", "љ"),
        ("nje", "Њ", "њ"),
        ("dzhe", "Џ", "џ"),
        ("je", "Ј", "ј"),
        ("dze", "Ѕ", "ѕ"),
        ("gje", "Ѓ", "ѓ"),
        ("kje", "Ќ", "ќ"),
    ];
    let (upper, rest) = match (name.strip_prefix("CYR"), name.strip_prefix("cyr")) {
        (Some(rest), _) => (true, rest),
        (_, Some(rest)) => (false, rest),
        _ => return None,
    };
    let rest = rest.to_ascii_lowercase();
    let (_, up, low) = LETTERS.iter().find(|(n, _, _)| *n == rest)?;
    Some(if upper { up } else { low })
}
