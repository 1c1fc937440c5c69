//! The binary on a careful user's worst day (issue 12): closed pipes. Each test
//! is named after the row of the issue it pins.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_archcite");

/// Three JSON Lines records, the second malformed: the run has something to say on stderr.
const ONE_BAD: &str = "{\"title\": \"One\"}\n{\"title\": 5}\n{\"title\": \"Three\"}\n";

/// A pipe whose read end is already closed: the first write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (read, write) = rustix::pipe::pipe().unwrap();
    drop(read);
    Stdio::from(write)
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn regression_stderr_closed_early_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "in.jsonl", ONE_BAD);
    let runs: [&[&str]; 2] = [&["convert", "--to", "ris"], &["cite"]];
    for args in runs {
        let status = Command::new(BIN)
            .args(args)
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(closed_pipe())
            .status()
            .unwrap();
        // 101 is a panic; the bad record still makes it 1.
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn regression_stdout_closed_early_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "in.jsonl", ONE_BAD);
    let input = input.to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["convert", "--to", "ris", input],
        &["cite", input],
        &["validate", input],
        &["ref", "parse", "RGANI, f. 5, op. 61, d. 462"],
        &["completions", "bash"],
    ];
    for args in runs {
        let out = Command::new(BIN).args(args).stdout(closed_pipe()).stderr(Stdio::piped()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "a closed pipe is not an error: {stderr}");
    }
}
