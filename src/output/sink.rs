//! Output sinks: the build writes every file through one, so the same
//! pipeline can write to disk (`build`) or keep files in memory (`check`,
//! and the dev server).

use super::SiteFiles;
use crate::diagnostics::{Error, Result};
use crate::site::slot::Filled;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Receives the built files. Paths are relative, with `/`.
pub trait Sink: Sync {
    /// Stores one file. Called from several threads at once.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;

    /// Stores one file the caller keeps too (a cached page): sinks that
    /// hold files share it instead of copying.
    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        self.write(path, &bytes)
    }

    /// Stores a page with search-URL slots ([`crate::site::slot`]), which
    /// must read with `url` in them. Sinks that hold files may keep the
    /// page as it is and put the URL in when it is read.
    fn write_filled(&self, path: &str, page: Filled, url: &str) -> Result<()> {
        self.write_shared(path, crate::site::slot::refill(&page, url).bytes)
    }
}

/// Writes files under a folder (the staging folder of a build).
#[derive(Debug)]
pub struct DiskSink {
    root: PathBuf,
}

impl DiskSink {
    /// A sink writing under `root`, which must exist.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DiskSink { root: root.into() }
    }
}

impl Sink for DiskSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io("write", &target, e))
    }
}

/// Keeps files in memory, sorted by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<SiteFiles>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the files out, finished.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.into_site_files().to_files()
    }

    /// Takes the files out without copying them.
    pub fn into_site_files(self) -> SiteFiles {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of one file.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.lock().get(path).map(|b| b.into_owned())
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.lock().paths().map(String::from).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SiteFiles> {
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.lock().insert(path, bytes.into());
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        self.lock().insert(path, bytes);
        Ok(())
    }

    fn write_filled(&self, path: &str, page: Filled, url: &str) -> Result<()> {
        let mut files = self.lock();
        files.set_search_url(url);
        files.insert_filled(path, page);
        Ok(())
    }
}
