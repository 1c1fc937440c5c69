//! The binary MARC (ISO 2709) reader on arbitrary bytes: records or errors, never a panic or a hang.
#![no_main]

use archcite::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    archcite_fuzz::read_all(Format::Marc, data);
}));
