//! Link options for the `archcite` command.
//!
//! On GNU/Linux with glibc 2.36 or later, the executable is linked with packed
//! relative relocations (`-z pack-relative-relocs`, DT_RELR). The command's
//! tables of static strings (the registry, the format mappings, the bundled
//! styles) need about 37,000 relative relocations; in the classic RELA form
//! they take 0.9 MB that the loader reads, and with the pages they patch they
//! added about 2 MB to the resident size of every run, a quarter of the peak
//! memory of converting a small file. Packed, they take 12 KB. The executable
//! stays position-independent (ASLR is kept).
//!
//! Older glibc cannot load such an executable, so the option is only given
//! when the build machine's own glibc is new enough and the build is not a
//! cross build. Nothing changes for the library.
//!
//! On x86_64 GNU/Linux, where rustc links with its own lld, the functions
//! that common jobs run are placed side by side in the order of
//! `link/symbol-order.txt` (written by `scripts/symbol-order.sh`, which says
//! why): the kernel maps code in blocks around each page touched, so with the
//! hot code scattered a conversion kept about 4 MB more of the executable
//! resident. A build that names another linker in its flags, or sets
//! `ARCHCITE_NO_SYMBOL_ORDER`, is left alone; names missing from the list or
//! from the build are skipped, so a stale list costs memory, not correctness.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if packed_relocations_supported() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=link/symbol-order.txt");
    println!("cargo:rerun-if-env-changed=ARCHCITE_NO_SYMBOL_ORDER");
    if let Some(order) = symbol_order() {
        println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={order}");
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// The symbol ordering file, when the executable is linked by rustc's own lld
/// (x86_64 GNU/Linux since Rust 1.90) and the file is there.
fn symbol_order() -> Option<String> {
    if std::env::var_os("ARCHCITE_NO_SYMBOL_ORDER").is_some() {
        return None;
    }
    if std::env::var("TARGET").ok()? != "x86_64-unknown-linux-gnu" {
        return None;
    }
    // Flags that choose a linker, or a linker set for the target: GNU ld
    // would refuse the option.
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") || flags.contains("-fuse-ld") || std::env::var_os("RUSTC_LINKER").is_some() {
        return None;
    }
    if std::env::vars_os()
        .any(|(k, _)| k.to_str().is_some_and(|k| k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER")))
    {
        return None;
    }
    if rustc_minor()? < 90 {
        return None;
    }
    let path = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").ok()?).join("link/symbol-order.txt");
    path.is_file().then(|| path.to_str().map(str::to_owned)).flatten()
}

/// The minor version of the rustc doing the build ("rustc 1.95.0 (...)").
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

/// True when building natively for GNU/Linux on glibc 2.36 or later.
fn packed_relocations_supported() -> bool {
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || !target.contains("-linux-gnu") {
        return false;
    }
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    // "glibc 2.36"
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (2, 36)
}
