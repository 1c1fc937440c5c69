//! The archive-page reader on pages saved as HTML (html5ever, then the text
//! importer): a record or an error, never a panic or a hang.
#![no_main]

use archcite::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    if archcite_fuzz::looks_like_html(data) {
        archcite_fuzz::read_all(Format::ArchivePage, data);
    } else {
        // Keep the fuzzer in the HTML path: a bare fragment is given a body.
        let mut page = b"<html><body>".to_vec();
        page.extend_from_slice(data);
        archcite_fuzz::read_all(Format::ArchivePage, &page);
    }
}));
