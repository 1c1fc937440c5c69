//! The reference parser behind `archcite ref parse` and `ref format`: every line
//! parses (what is not understood goes to `unparsed`), and every reference it
//! finds renders in every convention.
#![no_main]

use archcite::refparse::{parse_line, render, render_location, RenderStyle};

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // `ref parse` takes a line per argument or per line of standard input.
    for line in std::iter::once(text).chain(text.lines()) {
        let parsed = parse_line(line);
        for reference in &parsed.references {
            for style in [RenderStyle::Full, RenderStyle::Short, RenderStyle::Cyrillic] {
                let _ = render(reference, style);
                let _ = render_location(reference, style);
            }
        }
        for credit in &parsed.credits {
            let _ = credit.to_contributor();
        }
    }
}));
