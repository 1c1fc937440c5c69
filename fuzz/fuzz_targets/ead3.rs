//! The EAD reader (EAD3 and EAD 2002 finding aids) on arbitrary bytes: records
//! or errors, never a panic or a hang.
#![no_main]

use archcite::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    archcite_fuzz::read_all(Format::Ead3, data);
}));
