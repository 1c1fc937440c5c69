//! The archive-page reader on pages saved as text: a record or an error, never
//! a panic or a hang. HTML inputs are left to `archive-page-html`.
#![no_main]

use archcite::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    if archcite_fuzz::looks_like_html(data) {
        return;
    }
    archcite_fuzz::read_all(Format::ArchivePage, data);
}));
