//! `camnang build --incremental`: a site whose inputs did not change since
//! the last build is not built again.
//!
//! The inputs are summed up in one key: the content hash of every file in
//! `content/`, `templates/`, `static/`, `themes/` and the config, with the
//! build options and the camnang binary itself (its size and modification
//! time, so that a rebuilt camnang builds again). After a build, the key
//! is kept beside the output folder (`.<name>.camnang-state`, never
//! inside it, so the folder stays exactly what a cold build writes), with
//! every output folder's and file's path and a summary of their sizes and
//! modification times (a folder's time moves when a file is added to it
//! or removed).
//! The next `--incremental` build skips all work when both still match:
//! the same inputs, and an output nobody has touched since.

use crate::cache::{Key, KeyHasher};
use crate::diagnostics::{Error, Result};
use crate::site::BuildOptions;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folders and file whose contents a build reads.
const INPUTS: [&str; 5] = [
    "content",
    "templates",
    "static",
    "themes",
    crate::config::CONFIG_FILE,
];

/// The key of everything a build of the site in `root` with `options` reads.
pub fn inputs_key(root: &Path, options: &BuildOptions) -> Result<Key> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for name in INPUTS {
        for entry in walkdir::WalkDir::new(root.join(name))
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                // A missing optional folder; anything worse is reported
                // by the build itself, which then runs.
                Err(e) if e.io_error().map(|e| e.kind()) == Some(std::io::ErrorKind::NotFound) => {
                    continue
                }
                Err(e) => return Err(Error::io("read", root.join(name), e.into())),
            };
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                files.push((rel.to_string_lossy().into_owned(), entry.into_path()));
            }
        }
    }
    let hashes: Vec<Key> = files
        .par_iter()
        .map(|(_, path)| {
            std::fs::read(path)
                .map(|bytes| KeyHasher::new().bytes(&bytes).finish())
                .map_err(|e| Error::io("read", path, e))
        })
        .collect::<Result<_>>()?;
    let mut key = KeyHasher::new();
    key.str(env!("CARGO_PKG_VERSION"))
        .str(&format!(
            "{:?} {:?} {}",
            options.drafts, options.base_url, options.portable
        ))
        .u128(binary_stamp());
    for ((rel, _), hash) in files.iter().zip(hashes) {
        key.str(rel).u128(hash);
    }
    Ok(key.finish())
}

/// The running camnang's size and modification time.
fn binary_stamp() -> Key {
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?)));
    match stamp {
        Some((len, modified)) => KeyHasher::new()
            .u128(len.into())
            .u128(nanos(modified))
            .finish(),
        None => 0,
    }
}

/// A time as nanoseconds since 1970.
fn nanos(time: std::time::SystemTime) -> u128 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Every folder and file under `output`, as paths inside it, sorted.
fn output_paths(output: &Path) -> Option<Vec<String>> {
    walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| {
            let entry = entry.ok()?;
            let rel = entry.path().strip_prefix(output).ok()?;
            Some(rel.to_string_lossy().into_owned())
        })
        .collect()
}

/// A summary of `paths` under `output` (and of `output` itself): each
/// one's kind, size and modification time, read in parallel. A folder's
/// time changes when a file is added to it or removed, so files nobody
/// listed are noticed too. `None` when one cannot be read.
fn outputs_key(output: &Path, paths: &[String]) -> Option<Key> {
    let stamp = |path: &Path| -> Option<(bool, u64, u128)> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        Some((meta.is_dir(), meta.len(), nanos(meta.modified().ok()?)))
    };
    let stamps: Vec<Option<(bool, u64, u128)>> =
        paths.par_iter().map(|p| stamp(&output.join(p))).collect();
    let mut key = KeyHasher::new();
    let (is_dir, len, time) = stamp(output)?;
    key.u128(is_dir.into()).u128(len.into()).u128(time);
    for (path, stamp) in paths.iter().zip(stamps) {
        let (is_dir, len, time) = stamp?;
        key.str(path)
            .u128(is_dir.into())
            .u128(len.into())
            .u128(time);
    }
    Some(key.finish())
}

/// Where the state of `output` is kept: beside it.
fn state_file(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.camnang-state"))
}

/// Whether `output` is what the last build made from inputs with this key,
/// untouched since.
pub fn is_up_to_date(output: &Path, inputs: Key) -> bool {
    let Ok(state) = std::fs::read_to_string(state_file(output)) else {
        return false;
    };
    let mut lines = state.lines().skip(1);
    if lines.next() != Some(format!("inputs {inputs:032x}").as_str()) {
        return false;
    }
    let Some(outputs) = lines.next() else {
        return false;
    };
    let paths: Vec<String> = lines.map(String::from).collect();
    outputs_key(output, &paths).is_some_and(|key| outputs == format!("outputs {key:032x}"))
}

/// Records that `output` was just built from inputs with this key.
pub fn record(output: &Path, inputs: Key) -> Result<()> {
    let file = state_file(output);
    let summary =
        output_paths(output).and_then(|paths| Some((outputs_key(output, &paths)?, paths)));
    let Some((outputs, paths)) = summary else {
        // Without a summary, the next build simply runs.
        forget(output);
        return Ok(());
    };
    let mut text = format!(
        "camnang build --incremental: what the last build read and wrote.\ninputs {inputs:032x}\noutputs {outputs:032x}\n"
    );
    for path in paths {
        text.push_str(&path);
        text.push('\n');
    }
    std::fs::write(&file, text).map_err(|e| Error::io("write", &file, e))
}

/// Forgets the state of `output` (a build without `--incremental`).
pub fn forget(output: &Path) {
    let _ = std::fs::remove_file(state_file(output));
}
