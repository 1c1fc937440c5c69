//! What every fuzz target shares: feeding bytes to a reader as the CLI does,
//! consuming every item it yields, and telling an endless iterator from a long
//! input.

use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;

use archcite::error::RecordError;
use archcite::formats::Source;
use archcite::model::Record;
use archcite::Format;

/// Items a reader may yield before it is taken to be looping: every record or
/// error consumes at least a byte of input (a closing error at the end may add
/// one), so many more items than bytes means the iterator is not getting
/// anywhere. Kept tight: a looping input is cut short fast.
pub fn item_limit(input_len: usize) -> usize {
    input_len + 64
}

/// `data` as an input named like a file on the command line.
pub fn source(data: &[u8]) -> Source {
    Source::new("fuzz-input", std::io::Cursor::new(data.to_vec()))
}

/// Read `data` with `format`'s reader to the end, rendering every error as the
/// CLI would. Panics with "reader did not terminate" when it yields more items
/// than the input can hold.
pub fn read_all(format: Format, data: &[u8]) -> Vec<Result<Record, RecordError>> {
    let reader = format.reader();
    let limit = item_limit(data.len());
    let mut items = Vec::new();
    for item in reader.read(source(data)) {
        if items.len() == limit {
            panic!(
                "reader did not terminate: {} gave more than {limit} items for {} bytes",
                format.name(),
                data.len()
            );
        }
        if let Err(e) = &item {
            // Messages, positions and help are what a user sees: render them too.
            let _ = e.to_string();
        }
        items.push(item);
    }
    items
}

/// Every format with a reader.
pub const READABLE: &[Format] = &[
    Format::Json,
    Format::Jsonl,
    Format::CslJson,
    Format::Bibtex,
    Format::Biblatex,
    Format::Ris,
    Format::Dc,
    Format::Dcterms,
    Format::Tei,
    Format::Marcxml,
    Format::Mods,
    Format::ArchivePage,
    Format::OaiPmh,
    Format::Marc,
    Format::Ead3,
];

/// Write one record with `format`'s writer, as `convert` does; `None` when the
/// writer refuses the record (a clear error, not a fault).
pub fn write_one(format: Format, record: &Record) -> Option<Vec<u8>> {
    let mut writer = format.writer().expect("the format has a writer");
    let mut out = Vec::new();
    writer.begin(&mut out).expect("writing to memory");
    let mut body = Vec::new();
    match writer.write(&mut body, record) {
        Ok(()) => out.extend_from_slice(&body),
        Err(archcite::error::WriteError::Unrepresentable(_)) => return None,
        Err(e) => panic!("{}: writing to memory failed: {e}", format.name()),
    }
    writer.end(&mut out).expect("writing to memory");
    Some(out)
}

/// Read → write → read: each record `from` reads is written with every writer,
/// and archcite's own reader for that format must read it back as one record.
/// The native formats lose nothing, so there the record must come back equal.
pub fn roundtrip(from: Format, data: &[u8]) {
    let records: Vec<Record> = read_all(from, data).into_iter().filter_map(Result::ok).collect();
    // A few records say as much as many, and keep executions fast.
    for record in records.iter().take(3) {
        for &to in Format::ALL.iter().filter(|f| f.writer().is_some()) {
            let Some(written) = write_one(to, record) else { continue };
            // A format archcite only writes (JSON-LD) is exercised by the
            // writing alone: there is no reader to give the record back.
            if !to.readable() {
                continue;
            }
            let back = read_all(to, &written);
            let shown = String::from_utf8_lossy(&written);
            if back.len() != 1 {
                panic!(
                    "roundtrip {} -> {}: wrote 1 record, read back {}\n--- written ---\n{shown}",
                    from.name(),
                    to.name(),
                    back.len()
                );
            }
            match &back[0] {
                Err(e) => panic!(
                    "roundtrip {} -> {}: archcite cannot read what it wrote: {e}\n--- written ---\n{shown}",
                    from.name(),
                    to.name()
                ),
                Ok(again) if matches!(to, Format::Json | Format::Jsonl) && again != record => {
                    panic!(
                        "roundtrip {} -> {}: the record changed\n--- before ---\n{record:#?}\n--- after ---\n{again:#?}",
                        from.name(),
                        to.name()
                    )
                }
                Ok(_) => {}
            }
        }
    }
}

/// Whether archcite's archive-page reader takes `page` for HTML (the same test
/// as its own, which is private).
pub fn looks_like_html(page: &[u8]) -> bool {
    let text = String::from_utf8_lossy(page);
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let opening: String = head.chars().take(14).collect::<String>().to_ascii_lowercase();
    opening.starts_with("<!doctype html")
        || opening.starts_with("<html")
        || page.windows(5).any(|w| w.eq_ignore_ascii_case(b"<body"))
}

/// Known findings to look past while they are being fixed, so a long run keeps
/// finding new ones: `FUZZ_IGNORE` lists panic texts (message or `file:line`)
/// separated by `|`, and `FUZZ_SKIP` lists input substrings (for aborts such
/// as a stack overflow, which no hook can catch). Both empty: every finding counts.
struct Known {
    panics: Vec<String>,
    inputs: Vec<Vec<u8>>,
}

fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let list = |var: &str| -> Vec<String> {
            std::env::var(var)
                .unwrap_or_default()
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let known = Known {
            panics: list("FUZZ_IGNORE"),
            inputs: list("FUZZ_SKIP").into_iter().map(String::into_bytes).collect(),
        };
        if !known.panics.is_empty() {
            // libfuzzer-sys's hook aborts: let a known panic unwind to `fuzz` instead.
            let abort = panic::take_hook();
            let ignored = known.panics.clone();
            panic::set_hook(Box::new(move |info| {
                let text = format!("{info}");
                if !ignored.iter().any(|s| text.contains(s.as_str())) {
                    abort(info)
                }
            }));
        }
        known
    })
}

/// Let libFuzzer's SIGSEGV handler run on a stack of its own. Without a
/// sanitizer nothing else does, so a stack overflow (deep recursion in a
/// parser) would kill the process before libFuzzer could save the input.
fn catch_stack_overflow() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| unsafe {
        const SIZE: usize = 1 << 20;
        let stack = Box::leak(vec![0u8; SIZE].into_boxed_slice());
        let alt = libc::stack_t { ss_sp: stack.as_mut_ptr().cast(), ss_flags: 0, ss_size: SIZE };
        let mut action: libc::sigaction = std::mem::zeroed();
        if libc::sigaltstack(&alt, std::ptr::null_mut()) == 0
            && libc::sigaction(libc::SIGSEGV, std::ptr::null(), &mut action) == 0
        {
            action.sa_flags |= libc::SA_ONSTACK;
            libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut());
        }
    });
}

/// Run one fuzz input through `body`, looking past the known findings (above).
pub fn fuzz(data: &[u8], body: impl FnOnce(&[u8])) {
    catch_stack_overflow();
    let known = known();
    if known.inputs.iter().any(|s| data.windows(s.len()).any(|w| w == s.as_slice())) {
        return;
    }
    if known.panics.is_empty() {
        body(data);
    } else {
        // Only a known panic unwinds this far; any other aborted in the hook.
        let _ = panic::catch_unwind(AssertUnwindSafe(|| body(data)));
    }
}
