//! Output sinks: the build writes every file through one, so the same
//! pipeline can write to disk (`build`) or keep files in memory (`check`,
//! and the dev server).

use crate::diagnostics::{Error, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Built files shared without copying (the dev server's snapshot).
pub type SharedFiles = BTreeMap<String, Arc<[u8]>>;

/// Receives the built files. Paths are relative, with `/`.
pub trait Sink: Sync {
    /// Stores one file. Called from several threads at once.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;

    /// Stores one file the caller keeps too (a cached page): sinks that
    /// hold files share it instead of copying.
    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        self.write(path, &bytes)
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
    files: Mutex<SharedFiles>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the files out.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.into_shared()
            .into_iter()
            .map(|(k, v)| (k, v.to_vec()))
            .collect()
    }

    /// Takes the files out without copying them.
    pub fn into_shared(self) -> SharedFiles {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of one file.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.lock().get(path).map(|b| b.to_vec())
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SharedFiles> {
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.lock().insert(path.to_string(), bytes.into());
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        self.lock().insert(path.to_string(), bytes);
        Ok(())
    }
}
