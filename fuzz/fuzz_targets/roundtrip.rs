//! Read → write → read: the first byte picks the reader, the rest is its input;
//! whatever archcite reads and then writes, it must read back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archcite_fuzz::fuzz(data, |data| {
    let Some((&pick, input)) = data.split_first() else { return };
    let readers = archcite_fuzz::READABLE;
    archcite_fuzz::roundtrip(readers[pick as usize % readers.len()], input);
}));
