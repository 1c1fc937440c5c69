//! The binary on a careful user's worst day (issue 12): closed pipes, signals
//! mid-run, a umask, empty inputs, hostile record keys, batches over several
//! inputs. Each test is named after the row of the issue it pins.

#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::common::archcite;

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

/// The hidden temporary files in `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".archcite-"))
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The file names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
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

/// Start `convert -o target` reading JSON Lines from a pipe that stays open, so
/// the run is surely mid-way; return once its temporary file holds some output.
fn start_interruptible_run(dir: &Path, target: &Path) -> (Child, std::thread::JoinHandle<()>) {
    let mut child = Command::new(BIN)
        .args(["convert", "--from", "jsonl", "--to", "tei", "-o"])
        .arg(target)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A large input, and then the pipe kept open until the run is gone.
    let feeder = std::thread::spawn(move || {
        for i in 0..20_000 {
            if writeln!(stdin, "{{\"title\": \"Record {i}\", \"date\": \"1969-04-01\"}}").is_err() {
                return;
            }
        }
        let _ = stdin.flush();
        std::thread::sleep(Duration::from_secs(30));
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let written = temp_files(dir).iter().any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0));
        if written || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(temp_files(dir).len(), 1, "the run writes into one temporary file");
    (child, feeder)
}

fn signal(child: &Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_child(child);
    rustix::process::kill_process(pid, signal).unwrap();
}

fn interrupted_run_leaves_no_temp_file(sig: rustix::process::Signal, number: i32) {
    let dir = tempfile::tempdir().unwrap();
    let target = write_file(dir.path(), "catalogue.tei", "yesterday's catalogue\n");
    let (mut child, _feeder) = start_interruptible_run(dir.path(), &target);
    signal(&child, sig);
    let status = child.wait().unwrap();
    // It dies of the signal, as the caller (a shell, make) expects.
    assert_eq!(status.signal(), Some(number), "{status:?}");
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "yesterday's catalogue\n");
}

#[test]
fn regression_sigterm_during_output_leaves_no_temp_file() {
    interrupted_run_leaves_no_temp_file(rustix::process::Signal::TERM, 15);
}

#[test]
fn regression_sigint_during_output_leaves_no_temp_file() {
    interrupted_run_leaves_no_temp_file(rustix::process::Signal::INT, 2);
}

#[test]
fn regression_file_size_limit_during_output_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = write_file(dir.path(), "catalogue.tei", "yesterday's catalogue\n");
    let records: String = (0..2000).map(|i| format!("{{\"title\": \"Record {i}\"}}\n")).collect();
    let input = write_file(dir.path(), "in.jsonl", &records);
    // `ulimit -f 8`: files may grow to 8 KiB; the output needs far more. A
    // run that hangs once its output has failed (its threads waiting on one
    // another) is stopped after a minute and fails here.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 8 && exec timeout 60 \"$0\" \"$@\"")
        .arg(BIN)
        .args(["convert", "--to", "tei", "-o"])
        .arg(&target)
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "yesterday's catalogue\n");
}

#[test]
fn regression_sigkill_temp_file_is_swept_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("catalogue.tei");
    let (mut child, _feeder) = start_interruptible_run(dir.path(), &target);
    signal(&child, rustix::process::Signal::KILL);
    child.wait().unwrap();
    // SIGKILL cannot be caught: the file stays until a later run finds its run gone.
    let left = temp_files(dir.path());
    assert_eq!(left.len(), 1);
    // Another run's file, alive (this test's pid), must never be taken.
    let alive = write_file(dir.path(), &format!(".archcite-{}-AbCdEf", std::process::id()), "busy");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for path in [&left[0], &alive] {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(hour_ago).unwrap();
    }
    let input = write_file(dir.path(), "in.jsonl", "{\"title\": \"One\"}\n");
    archcite().args(["convert", "--to", "tei", "-o"]).arg(&target).arg(&input).assert().success();
    assert_eq!(temp_files(dir.path()), [alive]);
    assert!(std::fs::read_to_string(&target).unwrap().contains("One"));
}

/// Run the binary under `sh` with a umask.
fn with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn regression_new_output_files_get_the_mode_the_umask_gives() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "in.jsonl", "{\"key\": \"a\", \"title\": \"One\"}\n");
    let target = dir.path().join("new.tei");
    let split = dir.path().join("split");
    for args in [["-o", target.to_str().unwrap()], ["--split", split.to_str().unwrap()]] {
        let mut all: Vec<&std::ffi::OsStr> = ["convert", "--to", "tei"].map(std::ffi::OsStr::new).to_vec();
        all.extend(args.map(std::ffi::OsStr::new));
        all.push(input.as_os_str());
        let out = with_umask("027", &all);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(mode(&target), 0o640);
    assert_eq!(mode(&split.join("a.tei.xml")), 0o640);
}

#[test]
fn regression_replaced_output_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "in.jsonl", "{\"key\": \"a\", \"title\": \"One\"}\n");
    let target = write_file(dir.path(), "old.tei", "old");
    let split = dir.path().join("split");
    std::fs::create_dir(&split).unwrap();
    let old_split = write_file(&split, "a.tei.xml", "old");
    // Modes the umask below would not give, either way.
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o664)).unwrap();
    std::fs::set_permissions(&old_split, std::fs::Permissions::from_mode(0o604)).unwrap();
    for args in [["-o", target.to_str().unwrap()], ["--split", split.to_str().unwrap()]] {
        let mut all: Vec<&std::ffi::OsStr> = ["convert", "--to", "tei"].map(std::ffi::OsStr::new).to_vec();
        all.extend(args.map(std::ffi::OsStr::new));
        all.push(input.as_os_str());
        let out = with_umask("077", &all);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(std::fs::read_to_string(&target).unwrap().contains("One"), "replaced");
    assert!(std::fs::read_to_string(&old_split).unwrap().contains("One"), "replaced");
    assert_eq!(mode(&target), 0o664);
    assert_eq!(mode(&old_split), 0o604);
}

#[test]
fn regression_empty_input_never_replaces_output_and_fails_alike_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let target = write_file(dir.path(), "catalogue.xml", "yesterday's catalogue\n");
    for (format, ext) in [
        ("json", "json"),
        ("jsonl", "jsonl"),
        ("bibtex", "bib"),
        ("ris", "ris"),
        ("tei", "tei"),
        ("marcxml", "xml"),
    ] {
        let input = write_file(dir.path(), &format!("empty.{ext}"), "");
        let out = archcite()
            .args(["convert", "--from", format, "--to", "tei", "-o"])
            .arg(&target)
            .arg(&input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.contains(&format!("empty.{ext}")), "{format}: the message names the input: {stderr}");
        assert!(stderr.contains("0 records written"), "{format}: {stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "yesterday's catalogue\n", "{format}");
        assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new(), "{format}");
    }
}

#[test]
fn regression_empty_input_creates_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("catalogue.tei");
    let out = archcite()
        .args(["convert", "--from", "jsonl", "--to", "tei", "-o"])
        .arg(&target)
        .write_stdin("")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("<stdin>: no record in the input"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn regression_split_name_of_a_300_character_key_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let long = "k".repeat(300);
    let input = format!(
        "{{\"key\": \"{long}\", \"title\": \"A\"}}\n{{\"key\": \"{long}x\", \"title\": \"B\"}}\n\
         {{\"key\": \"../.hidden/{long}\", \"title\": \"C\"}}\n{{\"title\": \"D\"}}\n"
    );
    let split = dir.path().join("out");
    let out = archcite()
        .args(["convert", "--from", "jsonl", "--to", "json", "--split"])
        .arg(&split)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names = names(&split);
    assert_eq!(names.len(), 4, "every record written: {names:?}");
    for name in &names {
        assert!(name.len() <= 110, "{name} is {} bytes", name.len());
        assert!(!name.starts_with('.') && !name.starts_with('-'), "{name}");
    }
    assert!(names.contains(&"record-000004.json".to_string()), "{names:?}");
}

#[test]
fn regression_split_numbers_are_global_across_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_file(dir.path(), "a.jsonl", "{\"title\": \"A1\"}\n{\"title\": \"A2\"}\n");
    let b =
        write_file(dir.path(), "b.jsonl", "{\"title\": \"B1\"}\n{\"key\": \"Same\", \"title\": \"B2\"}\n");
    let c = write_file(dir.path(), "c.jsonl", "{\"key\": \"same\", \"title\": \"C1\"}\n");
    let split = dir.path().join("out");
    let out = archcite()
        .args(["convert", "--to", "json", "--split"])
        .arg(&split)
        .args([&a, &b, &c])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Keys differing only in case get two names: on a case-insensitive file
    // system one would otherwise overwrite the other.
    assert_eq!(
        names(&split),
        ["Same.json", "record-000001.json", "record-000002.json", "record-000003.json", "same-2.json"]
    );
    let b1 = std::fs::read_to_string(split.join("record-000003.json")).unwrap();
    assert!(b1.contains("\"B1\""), "{b1}");
}

#[test]
fn regression_malformed_records_are_placed_and_counted_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let ris = write_file(
        dir.path(),
        "b.ris",
        "TY  - BOOK\nTI  - One\nER  - \n\nTY  - BOOK\nER  - \n\nTY  - BOOK\nTI  - Three\nER  - \n",
    );
    let bib = write_file(
        dir.path(),
        "b.bib",
        "@book{a, title={One}}\n@book{b, note={}}\n@book{c, title={Three}}\n",
    );
    let jsonl = write_file(dir.path(), "b.jsonl", ONE_BAD);
    let target = dir.path().join("out.jsonl");
    let out = archcite()
        .args(["convert", "--to", "jsonl", "-o"])
        .arg(&target)
        .args([&ris, &bib, &jsonl])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for place in ["b.ris:5:1: record 2:", "b.bib:2:1: record 2:", "b.jsonl:2:11: record 2:"] {
        assert!(stderr.contains(place), "{place} in {stderr}");
    }
    assert!(stderr.ends_with("6 records written, 3 skipped\n"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 6);
}

#[test]
fn output_through_a_symbolic_link_keeps_the_link_and_replaces_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = write_file(dir.path(), "real.json", "old");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = archcite()
        .args(["convert", "--to", "json", "-o"])
        .arg(&link)
        .arg("examples/rgani-5-61-462.json")
        .output();
    assert_eq!(out.unwrap().status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    assert!(std::fs::read_to_string(&real).unwrap().contains("Kim Il Sung"), "its file is replaced");
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_a_device_is_written_in_place_not_renamed_over() {
    let out = archcite()
        .args(["convert", "--to", "json", "-o", "/dev/null", "examples/rgani-5-61-462.json"])
        .output();
    assert_eq!(out.unwrap().status.code(), Some(0));
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(!null.is_file(), "/dev/null is still a device");
}
