//! The site being served: the last good build, the last error, and a
//! generation number. A rebuild replaces the whole snapshot at once, so a
//! request never sees half of an update.

use crate::output::SiteFiles;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// One consistent state of the served site.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The files of the last successful build, by relative path.
    pub files: Arc<SiteFiles>,
    /// The last build's error report, if the last build failed.
    pub error: Option<String>,
    /// Increases with every build, good or failed.
    pub generation: u64,
}

/// The served site, shared by the HTTP handlers and the rebuild loop.
#[derive(Debug)]
pub struct LiveSite {
    current: RwLock<Arc<Snapshot>>,
    reloads: broadcast::Sender<u64>,
    listeners: Arc<AtomicUsize>,
}

impl Default for LiveSite {
    fn default() -> Self {
        LiveSite {
            current: RwLock::default(),
            reloads: broadcast::channel(16).0,
            listeners: Arc::default(),
        }
    }
}

impl LiveSite {
    /// An empty site (generation 0) until the first build is published.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Replaces the site with a successful build and tells open pages to reload.
    pub fn publish_build(&self, files: Arc<SiteFiles>) -> u64 {
        self.swap(|_| (files, None))
    }

    /// Keeps the last good files, records the error and tells open pages,
    /// which then show it over the page.
    pub fn publish_error(&self, report: String) -> u64 {
        self.swap(|old| (old.files.clone(), Some(report)))
    }

    fn swap(&self, next: impl FnOnce(&Snapshot) -> (Arc<SiteFiles>, Option<String>)) -> u64 {
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        let (files, error) = next(&guard);
        let generation = guard.generation + 1;
        *guard = Arc::new(Snapshot {
            files,
            error,
            generation,
        });
        drop(guard);
        // No listener is not an error.
        let _ = self.reloads.send(generation);
        generation
    }

    /// A receiver of reload messages (generation numbers), counted in
    /// [`LiveSite::listeners`] until the returned guard is dropped.
    pub fn subscribe(&self) -> (broadcast::Receiver<u64>, ListenerGuard) {
        self.listeners.fetch_add(1, Ordering::SeqCst);
        (
            self.reloads.subscribe(),
            ListenerGuard(self.listeners.clone()),
        )
    }

    /// How many pages are listening for reloads right now.
    pub fn listeners(&self) -> usize {
        self.listeners.load(Ordering::SeqCst)
    }
}

/// Counts one open reload connection; dropping it (the tab closed) uncounts it.
#[derive(Debug)]
pub struct ListenerGuard(Arc<AtomicUsize>);

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_keeps_the_last_good_files_and_a_fix_clears_it() {
        let site = LiveSite::new();
        let (mut rx, _guard) = site.subscribe();
        site.publish_build(Arc::new(SiteFiles::from([("index.html", &b"v1"[..])])));
        site.publish_error("content/a.md:3:1: bad".into());
        let s = site.snapshot();
        assert_eq!(&*s.files.get("index.html").unwrap(), b"v1");
        assert_eq!(s.error.as_deref(), Some("content/a.md:3:1: bad"));
        site.publish_build(Arc::new(SiteFiles::from([("index.html", &b"v2"[..])])));
        assert!(site.snapshot().error.is_none());
        assert_eq!(
            [rx.try_recv(), rx.try_recv(), rx.try_recv()].map(Result::unwrap),
            [1, 2, 3]
        );
    }

    #[test]
    fn listeners_are_counted_until_dropped() {
        let site = LiveSite::new();
        let a = site.subscribe();
        let b = site.subscribe();
        assert_eq!(site.listeners(), 2);
        drop(a);
        drop(b);
        assert_eq!(site.listeners(), 0);
    }
}
