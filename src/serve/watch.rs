//! Watching the site's folders: debounced native events (or polling with
//! `--poll`) become [`Change`] sets for the rebuild loop.

use super::changes::{from_events, Change, WATCHED_FOLDERS};
use crate::diagnostics::{Error, Result};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long to wait for an editor to finish a save (write, rename, chmod).
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The debouncer behind a [`Watcher`].
enum Backend {
    /// Native events (inotify, FSEvents, ReadDirectoryChangesW).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without native events (network shares, some VMs).
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    backend: Backend,
    root: PathBuf,
    /// The site folders watched now (a folder created after the server
    /// started is added by [`Watcher::follow_folders`]).
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches `path` with `mode`, or stops watching it with `None`.
    fn set(&mut self, path: &Path, mode: Option<RecursiveMode>) -> notify::Result<()> {
        match (&mut self.backend, mode) {
            (Backend::Native(d), Some(mode)) => d.watch(path, mode),
            (Backend::Poll(d), Some(mode)) => d.watch(path, mode),
            (Backend::Native(d), None) => d.unwatch(path),
            (Backend::Poll(d), None) => d.unwatch(path),
        }
    }

    /// Watches the site folders that exist now and stops watching those
    /// that went, so that a `templates/` made after the server started is
    /// watched. Call it before each rebuild: the rebuild reads the disk
    /// afresh, so nothing saved before the folder was watched is missed.
    pub fn follow_folders(&mut self) -> Result<()> {
        for name in WATCHED_FOLDERS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            if exists == self.watched.contains(&dir) {
                continue;
            }
            if exists {
                self.set(&dir, Some(RecursiveMode::Recursive))
                    .map_err(|e| cannot_watch(&dir, e))?;
                self.watched.insert(dir);
            } else {
                // The folder is gone, and its watch with it.
                let _ = self.set(&dir, None);
                self.watched.remove(&dir);
            }
        }
        Ok(())
    }
}

fn cannot_watch(path: &Path, e: notify::Error) -> Error {
    Error::Refused {
        message: format!("cannot watch {} for changes: {e}", path.display()),
        hint: "try `camnang serve --poll`".into(),
    }
}

/// Starts watching the site under `root`; returns the watcher and the
/// receiver of change sets.
pub fn watch(root: &Path, poll: bool) -> Result<(Watcher, Receiver<BTreeSet<Change>>)> {
    // Events name files by absolute paths, which a relative root such as
    // the default `.` is not a prefix of.
    let root = &std::fs::canonicalize(root).map_err(|e| Error::io("open", root, e))?;
    let (tx, rx) = channel();
    let root_for_events: PathBuf = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let changes = from_events(&root_for_events, events.iter().map(|e| &e.event));
            if !changes.is_empty() {
                let _ = tx.send(changes);
            }
        }
    };
    let fail = |e| cannot_watch(root, e);
    let backend = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        Backend::Poll(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(fail)?,
        )
    } else {
        Backend::Native(
            new_debouncer_opt(
                DEBOUNCE,
                None,
                handler,
                RecommendedCache::new(),
                notify::Config::default(),
            )
            .map_err(fail)?,
        )
    };
    let mut watcher = Watcher {
        backend,
        root: root.to_path_buf(),
        watched: BTreeSet::new(),
    };
    // The root itself only for site-config.yaml and folders coming and
    // going; the site folders recursively. The output folder and target/
    // are never watched.
    watcher
        .set(root, Some(RecursiveMode::NonRecursive))
        .map_err(fail)?;
    watcher.follow_folders()?;
    Ok((watcher, rx))
}
