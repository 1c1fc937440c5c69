//! LaTeX → Unicode in `.bib` field values: every text-mode command and accent
//! form in common use, one row each, read through the BibLaTeX and BibTeX
//! readers as a title.

use archcite::Format;

use crate::common::read_with;

/// (written in the `.bib` file, read as)
const CASES: &[(&str, &str)] = &[
    // Dashes and hyphens.
    (r"1969\textendash{}1970", "1969–1970"),
    (r"A\textemdash{}B", "A—B"),
    (r"x\hyphen y", "x-y"),
    (r"x\hyphen{}y", "x-y"),
    (r"Sol\-zhe\-nit\-syn", "Solzhenitsyn"),
    // Quotes.
    ("``quoted''", "“quoted”"),
    (r"\glqq Zeit\grqq{}", "„Zeit“"),
    (r"\glq a\grq{}", "‚a‘"),
    (r"\flqq a\frqq{}", "«a»"),
    (r"\guillemotleft a\guillemotright{}", "«a»"),
    (r"\textquotedblleft a\textquotedblright{}", "“a”"),
    (r"\textquoteleft a\textquoteright{}", "‘a’"),
    (r"\enquote{Cold War}", "“Cold War”"),
    (r"\enquote*{inner}", "‘inner’"),
    (r"\mkbibquote{q}", "“q”"),
    (r"\textquotesingle", "'"),
    ("O'Brien", "O'Brien"),
    // Styles as plain text.
    (r"\emph{Pravda}", "Pravda"),
    (r"\textit{it}", "it"),
    (r"\textbf{bold}", "bold"),
    (r"\textsc{Caps}", "Caps"),
    (r"\texttt{mono}", "mono"),
    (r"\mkbibemph{e}", "e"),
    (r"\emph{\'Etude}", "Étude"),
    (r"19\textsuperscript{th} century", "19th century"),
    (r"m\textsuperscript{2}", "m²"),
    (r"H\textsubscript{2}O", "H₂O"),
    (r"\url{http://example.org/a}", "http://example.org/a"),
    (r"\noopsort{1973b}Knuth", "Knuth"),
    // Font switches, as older BibTeX files write them (tests/fixtures/realworld/bib).
    (r"Why {\sc am} and {\sc Eurisko} appear to work", "Why am and Eurisko appear to work"),
    (r"Artificial Intelligence {\rm 2nd ed.}", "Artificial Intelligence 2nd ed."),
    // Spaces.
    (r"J.~Doe", "J.\u{a0}Doe"),
    (r"a\,b", "a\u{202f}b"),
    // Escaped specials.
    (r"A \& B", "A & B"),
    (r"50\%", "50%"),
    (r"\#1", "#1"),
    (r"a\_b", "a_b"),
    (r"\$5", "$5"),
    // Accents, with and without braces.
    (r"\'e", "é"),
    (r"\'{e}", "é"),
    (r"{\'e}", "é"),
    (r"\`a", "à"),
    (r#"\"o"#, "ö"),
    (r#"{\"u}"#, "ü"),
    (r"\^{\i}", "î"),
    (r"\^o", "ô"),
    (r"\~n", "ñ"),
    (r"\v{s}", "š"),
    (r"\v s", "š"),
    (r"\c{c}", "ç"),
    (r"\k{a}", "ą"),
    (r"\H{o}", "ő"),
    (r"\u{a}", "ă"),
    (r"\=a", "ā"),
    (r"\.z", "ż"),
    (r"\r{a}", "å"),
    (r"\d{a}", "ạ"),
    (r"\b{b}", "ḇ"),
    (r"Burl\t{iu}k", "Burli\u{361}uk"),
    (r"\textcommabelow{s}", "ș"),
    // Letters.
    (r"\i", "ı"),
    (r"\j", "ȷ"),
    (r"\o", "ø"),
    (r"\O", "Ø"),
    (r"\ss", "ß"),
    (r"\l", "ł"),
    (r"\L", "Ł"),
    (r"{\L}\'{o}d\'{z}", "Łódź"),
    (r"\ae", "æ"),
    (r"\AE", "Æ"),
    (r"\oe", "œ"),
    (r"\OE", "Œ"),
    (r"\aa", "å"),
    (r"\AA", "Å"),
    // Symbols.
    (r"\textasciitilde{}", "~"),
    (r"a\textasciitilde b", "a~b"),
    (r"\textbackslash{}emph", r"\emph"),
    (r"\textdollar", "$"),
    (r"\S{} 5", "§ 5"),
    (r"\P{} 5", "¶ 5"),
    (r"\dag", "†"),
    (r"\ddag", "‡"),
    (r"\copyright", "©"),
    (r"\textcopyright", "©"),
    (r"\textregistered", "®"),
    (r"\texttrademark", "™"),
    (r"\textdegree", "°"),
    (r"\dots", "…"),
    (r"\ldots", "…"),
    (r"\textnumero 5", "№5"),
    (r"\texteuro 5", "€5"),
    // Cyrillic in the T2A encoding.
    (r"\CYRM\cyro\cyrs\cyrk\cyrv\cyra", "Москва"),
    (r"\CYRK\cyri\cyrm{} \CYRI\cyrr{} \CYRS\cyre\cyrn", "Ким Ир Сен"),
    (r"\CYRZH\cyru\cyrr\cyrn\cyra\cyrl", "Журнал"),
    (r"\cyrshch\cyrhrdsn\cyrery\cyrsftsn\cyrerev\cyryu\cyrya\cyryo\cyrishrt", "щъыьэюяёй"),
    (r"\CYRII\cyryi\cyrie\cyrgup", "Іїєґ"),
    // Math as written.
    (r"$x^2$ and $\alpha$", "$x^2$ and $\\alpha$"),
    // A command no table knows stays as written.
    (r"\unknowncommand{x}", r"\unknowncommand{x}"),
];

#[test]
fn bibtex_as_people_write_it_latex_to_unicode_every_text_mode_command_and_accent() {
    let mut wrong = Vec::new();
    for format in [Format::Biblatex, Format::Bibtex] {
        for (latex, expected) in CASES {
            let bib = format!("@misc{{k, title = {{{latex}}}}}\n");
            let record = read_with(format, &bib).remove(0).unwrap_or_else(|e| panic!("{latex}: {e}"));
            if record.title.as_deref() != Some(*expected) {
                wrong.push(format!("{format:?}: {latex} read as {:?}, not {expected:?}", record.title));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
