//! Walking `content/`: every Markdown file becomes a [`Document`], every
//! other file an asset. Problems in all files are collected, not only the first.

use super::front_matter::{parse_front_matter, split_front_matter};
use super::{read_text, Document, DocumentKind};
use crate::cache::{BuildCache, Key, KeyHasher};
use crate::diagnostics::{Diagnostic, Error, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest Markdown file camnang reads (8 MB): far more than any lesson.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What was found in `content/`.
#[derive(Debug, Default)]
pub struct ContentFiles {
    /// Every Markdown file, sorted by path.
    pub documents: Vec<Document>,
    /// Every other file, as paths inside `content/` with `/`, sorted.
    pub assets: Vec<String>,
}

/// Files editors leave behind, which are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Walks `root/content` and parses every Markdown file in parallel.
pub fn load_content(root: &Path, content_dir: &Path) -> Result<ContentFiles> {
    load_content_cached(root, content_dir, None)
}

/// [`load_content`], reusing documents whose file has not changed since
/// the cache's last build (same size, modification time and inode).
pub fn load_content_cached(
    root: &Path,
    content_dir: &Path,
    cache: Option<&BuildCache>,
) -> Result<ContentFiles> {
    let mut errors = Vec::new();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let canonical_root = root
        .canonicalize()
        .map_err(|e| Error::io("read", root, e))?;
    if !content_dir.is_dir() {
        return Err(Error::one(
            Diagnostic::error(
                shown(root, content_dir),
                "the content folder does not exist",
            )
            .hint("create `content/_index.md`, or run `camnang init` to start a new site"),
        ));
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                errors.push(walk_error(root, &err));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {}
                _ => {
                    errors.push(
                        Diagnostic::error(
                            shown(root, path),
                            "this symbolic link points outside the site folder",
                        )
                        .hint("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
            }
        }
        let rel = rel_path(content_dir, path);
        if rel.ends_with(".md") {
            markdown.push((path.to_path_buf(), rel));
        } else {
            assets.push(rel);
        }
    }
    let bundles: std::collections::BTreeSet<String> = markdown
        .iter()
        .filter(|(_, rel)| rel == "index.md" || rel.ends_with("/index.md"))
        .map(|(_, rel)| parent_dir(rel).to_string())
        .collect();
    let parsed: Vec<Result<Document>> = markdown
        .par_iter()
        .map(|(path, rel)| match cache {
            None => load_document(root, path, rel, &bundles),
            Some(cache) => load_cached(cache, root, path, rel, &bundles),
        })
        .collect();
    let mut documents = Vec::new();
    for result in parsed {
        match result {
            Ok(doc) => documents.push(doc),
            Err(Error::Diagnostics(d)) => errors.extend(d),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(ContentFiles { documents, assets })
    } else {
        Err(Error::Diagnostics(errors))
    }
}

fn load_document(
    root: &Path,
    path: &Path,
    rel: &str,
    bundles: &std::collections::BTreeSet<String>,
) -> Result<Document> {
    let shown_path = shown(root, path);
    let text = read_text(path, &shown_path, MAX_FILE_BYTES)?;
    let (yaml, body, body_line) = split_front_matter(&text, &shown_path).map_err(Error::one)?;
    let meta = parse_front_matter(yaml, &shown_path, &text).map_err(Error::one)?;
    let body_offset = text.len() - body.len();
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = parent_dir(rel).to_string();
    let kind = if file_name == "_index.md" {
        DocumentKind::Section
    } else {
        DocumentKind::Page
    };
    let bundle = file_name == "index.md";
    if kind == DocumentKind::Page && !bundle && bundles.contains(&dir) {
        return Err(Error::one(
            Diagnostic::error(
                &shown_path,
                "a page bundle (a folder with index.md) cannot hold other pages",
            )
            .hint("move this file out of the bundle folder, or rename index.md to _index.md to make the folder a section"),
        ));
    }
    if kind == DocumentKind::Page && meta.journey {
        let line = super::front_matter::find_line(&text, "journey:");
        return Err(Error::one(
            Diagnostic::error(
                &shown_path,
                "`journey` only applies to sections (`_index.md`)",
            )
            .at(line, 1)
            .hint("move `journey: true` to the section's `_index.md`")
            .with_source(&text),
        ));
    }
    if kind == DocumentKind::Page && meta.sort_by.is_some() {
        let line = super::front_matter::find_line(&text, "sort_by:");
        return Err(Error::one(
            Diagnostic::error(
                &shown_path,
                "`sort_by` only applies to sections (`_index.md`)",
            )
            .at(line, 1)
            .hint("move `sort_by` to the section's `_index.md`")
            .with_source(&text),
        ));
    }
    Ok(Document {
        kind,
        rel_path: rel.to_string(),
        shown: shown_path,
        body_offset,
        body_line,
        meta,
        dir,
        bundle,
        url_path: String::new(),
        text,
    })
}

/// One Markdown file read again (the dev server's patch of an edited
/// lesson; see [`crate::site::Site::patch`]), through `cache` like every
/// file of [`load_content_cached`]. `bundles` are the folders that hold a
/// page bundle's `index.md`.
pub fn load_one(
    cache: &BuildCache,
    root: &Path,
    rel: &str,
    bundles: &std::collections::BTreeSet<String>,
) -> Result<Document> {
    let path = root.join("content").join(rel);
    load_cached(cache, root, &path, rel, bundles)
}

/// One document, from the cache when its file is unchanged. A file whose
/// stamp is unchanged and settled is trusted without reading; otherwise
/// its bytes are hashed and compared, so quick successive saves are never
/// missed.
fn load_cached(
    cache: &BuildCache,
    root: &Path,
    path: &Path,
    rel: &str,
    bundles: &std::collections::BTreeSet<String>,
) -> Result<Document> {
    let in_bundle = bundles.contains(parent_dir(rel));
    let stamp = file_stamp(path, in_bundle);
    let cached = cache.documents.get(&path.to_path_buf());
    if let (Some((stamp, true)), Some((known, _, doc))) = (stamp, &cached) {
        if *known == stamp {
            return Ok(Document::clone(doc));
        }
    }
    let content = std::fs::read(path).ok().map(|b| {
        KeyHasher::new()
            .bytes(&b)
            .u128(u128::from(in_bundle))
            .finish()
    });
    if let (Some(content), Some((_, known, doc))) = (content, &cached) {
        if *known == content {
            if let Some((stamp, _)) = stamp {
                cache
                    .documents
                    .put(path.to_path_buf(), (stamp, content, doc.clone()));
            }
            return Ok(Document::clone(doc));
        }
    }
    let doc = load_document(root, path, rel, bundles)?;
    if let (Some((stamp, _)), Some(content)) = (stamp, content) {
        cache
            .documents
            .put(path.to_path_buf(), (stamp, content, Arc::new(doc.clone())));
    }
    Ok(doc)
}

/// How long after its last change a file's stamp is trusted: file systems
/// keep modification times in ticks of a few milliseconds, so two saves in
/// one tick with the same size would otherwise look alike.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// What identifies one version of a file without reading it: size,
/// modification time, inode, and whether its folder is a page bundle
/// (which changes its meaning); with whether the stamp is settled (see
/// [`SETTLE`]).
pub fn file_stamp(path: &Path, in_bundle: bool) -> Option<(Key, bool)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?;
    let settled = std::time::SystemTime::now()
        .duration_since(mtime)
        .is_ok_and(|age| age >= SETTLE);
    let modified = mtime.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut h = KeyHasher::new();
    h.u128(u128::from(meta.len()))
        .u128(modified.as_nanos())
        .u128(u128::from(in_bundle));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        h.u128(u128::from(meta.ino()) << 64 | u128::from(meta.dev()));
    }
    Some((h.finish(), settled))
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().map(|p| shown(root, p)).unwrap_or_default();
    if err.loop_ancestor().is_some() {
        return Diagnostic::error(
            path,
            "symbolic link loop: this link points to one of its own parent folders",
        )
        .hint("remove the link");
    }
    let cause = err
        .io_error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| err.to_string());
    Diagnostic::error(path, format!("cannot read: {cause}"))
        .hint("check that the file exists and that you have permission to read it")
}

/// `path` relative to `base` with `/` separators, NFC-normalised (macOS file names are NFD).
fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    crate::text::nfc(&parts.join("/")).into_owned()
}

/// The folder part of a `/`-separated path (`""` at the top).
pub(crate) fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// A path relative to the site root, for messages.
pub(crate) fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
