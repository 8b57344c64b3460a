//! Watching the site's folders: debounced native events (or polling with
//! `--poll`) become [`Change`] sets for the rebuild loop.

use super::changes::{collect, Change};
use crate::diagnostics::{Error, Result};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long to wait for an editor to finish a save (write, rename, chmod).
const DEBOUNCE: Duration = Duration::from_millis(30);

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    /// Native events (inotify, FSEvents, ReadDirectoryChangesW).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without native events (network shares, some VMs).
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// Starts watching the site under `root`; returns the watcher and the
/// receiver of change sets.
pub fn watch(root: &Path, poll: bool) -> Result<(Watcher, Receiver<BTreeSet<Change>>)> {
    let (tx, rx) = channel();
    let root_for_events: PathBuf = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths = events
                .iter()
                .flat_map(|e| e.paths.iter().map(PathBuf::as_path));
            let changes = collect(&root_for_events, paths);
            if !changes.is_empty() {
                let _ = tx.send(changes);
            }
        }
    };
    let fail = |e: notify_debouncer_full::notify::Error| Error::Refused {
        message: format!("cannot watch {} for changes: {e}", root.display()),
        hint: "try `camnang serve --poll`".into(),
    };
    let mut watcher = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        Watcher::Poll(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(fail)?,
        )
    } else {
        Watcher::Native(
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
    // The root itself only for site-config.yaml; the folders recursively.
    // The output folder and target/ are never watched.
    let mut add = |path: &Path, mode: RecursiveMode| -> Result<()> {
        if !path.exists() {
            return Ok(());
        }
        match &mut watcher {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
        .map_err(fail)
    };
    add(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "templates", "static", "themes"] {
        add(&root.join(dir), RecursiveMode::Recursive)?;
    }
    Ok((watcher, rx))
}
