//! Temporary output files that no run leaves behind.
//!
//! `-o` and `--split` write into a hidden `.archcite-PID-XXXXXX` file beside the
//! target and rename it into place once it is whole. While such a file exists it
//! is listed here, so that SIGINT, SIGTERM and SIGHUP remove it before the
//! process dies; a failed run removes it when it is dropped. SIGKILL cannot be
//! caught, so the first temporary file a run makes in a directory sweeps the
//! ones of runs that are gone (the pid in the name says whose it was).
//!
//! The temporary file gets the mode the finished file should have: the mode of
//! the file it replaces, or for a new file what the umask gives (0666 & !umask),
//! as any other tool's `>` redirection would.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

/// Every temporary file of this run starts so; the pid follows.
const PREFIX: &str = ".archcite-";

/// A dead run's file is swept only when this old, so that a run in another pid
/// namespace (a container sharing the directory) is not robbed of a file it is
/// still writing; a live writer touches its file far more often than this.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Files from versions that did not put the pid in the name: whose they are
/// cannot be told, so only a day's age makes them surely abandoned.
const UNOWNED_STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The temporary files of this run that exist now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A panic elsewhere must not stop the clean-up, so a poisoned list is still used.
fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file beside its target, removed unless [`Temp::persist`] renames it.
pub struct Temp {
    file: File,
    path: PathBuf,
    persisted: bool,
}

impl Temp {
    /// Create a temporary file in the directory of `target`.
    pub fn beside(target: &Path) -> io::Result<Temp> {
        install_handler();
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        sweep_once(dir);
        let existing = existing_mode(target);
        let prefix = format!("{PREFIX}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Given to open(2), so the umask applies as it does for any new file.
            builder.permissions(fs::Permissions::from_mode(existing.unwrap_or(0o666)));
        }
        // Held from creation to listing: a signal in between would otherwise miss the file.
        let mut list = live();
        let (file, path) = builder.tempfile_in(dir)?.keep().map_err(|e| e.error)?;
        list.push(path.clone());
        drop(list);
        let temp = Temp { file, path, persisted: false };
        // The umask may have taken bits the replaced file had; give them back exactly.
        #[cfg(unix)]
        if let Some(mode) = existing {
            use std::os::unix::fs::PermissionsExt;
            temp.file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        Ok(temp)
    }

    /// Make the file durable and rename it to `target`, replacing what was there.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        self.file.sync_all()?;
        // Under the lock, so a signal handler never sees a file renamed but still listed.
        let mut list = live();
        fs::rename(&self.path, target)?;
        self.persisted = true;
        list.retain(|p| *p != self.path);
        Ok(())
    }
}

impl Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let mut list = live();
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
        list.retain(|p| *p != self.path);
    }
}

/// The permission bits of the regular file at `target`, if there is one.
fn existing_mode(target: &Path) -> Option<u32> {
    let meta = fs::metadata(target).ok().filter(|m| m.is_file())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Remove the temporary files of this run on SIGINT, SIGTERM and SIGHUP, then
/// die of the same signal, so that the caller sees how the run ended.
#[cfg(unix)]
fn install_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // SIGXFSZ is caught only so that it does not kill the run: a write past the
        // file-size limit then fails with EFBIG and the run's own error path cleans up.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGXFSZ]) else {
            return;
        };
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if signal == SIGXFSZ {
                    continue;
                }
                // Kept locked until the end: no new temporary file can appear meanwhile.
                let list = live();
                for path in list.iter() {
                    let _ = fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn install_handler() {}

/// Sweep each directory once a run: `--split` makes a file per record in one directory.
fn sweep_once(dir: &Path) {
    static SWEPT: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    if !SWEPT.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf()) {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else { continue };
        let Some(age) = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
        else {
            continue;
        };
        let stale = match rest.split_once('-').and_then(|(pid, _)| pid.parse::<u32>().ok()) {
            Some(pid) => age >= STALE_AFTER && pid != std::process::id() && !alive(pid),
            None => age >= UNOWNED_STALE_AFTER,
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process `pid` exists; in doubt it does, so its file is kept.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return true;
    };
    !matches!(rustix::process::test_kill_process(pid), Err(e) if e == rustix::io::Errno::SRCH)
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}
