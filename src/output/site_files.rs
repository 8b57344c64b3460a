//! A built site held in memory, as the dev server serves it.
//!
//! Pages keep the search script's URL in slots ([`crate::site::slot`]):
//! each is stored with the URL it was first filled with, and the site's
//! current URL is put in when a page is read. A rebuild that changes only
//! the search index therefore replaces a few files and the URL, instead of
//! copying every page.

use crate::site::slot::{self, Filled};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One stored file.
#[derive(Debug, Clone)]
enum Stored {
    /// Finished bytes.
    Plain(Arc<[u8]>),
    /// A page with search-URL slots (see the module docs).
    Slotted(Filled),
}

/// Every file of one build, by relative path with `/`.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    /// Paths are shared, so that a copy of the site (one per dev-server
    /// patch) copies no text.
    files: BTreeMap<Arc<str>, Stored>,
    /// The search script's URL, put into slotted pages when read.
    search_url: Arc<str>,
}

impl SiteFiles {
    /// No files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores finished bytes.
    pub fn insert(&mut self, path: impl Into<Arc<str>>, bytes: Arc<[u8]>) {
        self.files.insert(path.into(), Stored::Plain(bytes));
    }

    /// Stores a page with slots; it is read with [`SiteFiles::search_url`]
    /// put in.
    pub fn insert_filled(&mut self, path: impl Into<Arc<str>>, page: Filled) {
        let stored = if page.at.is_empty() {
            Stored::Plain(page.bytes)
        } else {
            Stored::Slotted(page)
        };
        self.files.insert(path.into(), stored);
    }

    /// Sets the URL put into every slotted page.
    pub fn set_search_url(&mut self, url: &str) {
        if *self.search_url != *url {
            self.search_url = url.into();
        }
    }

    /// The URL put into slotted pages.
    pub fn search_url(&self) -> &str {
        &self.search_url
    }

    /// Removes a file.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// Adds (or replaces) every file of `other`; keeps this URL.
    pub fn extend(&mut self, other: SiteFiles) {
        self.files.extend(other.files);
    }

    /// Whether `path` is a file of the site.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The finished bytes of one file.
    pub fn get(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        self.files.get(path).map(|s| self.finish(s))
    }

    /// The bytes stored for `path`, before the search URL is put in: the
    /// very bytes a cached page shares between builds.
    pub fn stored(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path).map(|s| match s {
            Stored::Plain(b) => b,
            Stored::Slotted(f) => &f.bytes,
        })
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|p| &**p)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file with its finished bytes, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
        self.files.iter().map(|(p, s)| (&**p, self.finish(s)))
    }

    /// Every file, finished and copied.
    pub fn to_files(&self) -> BTreeMap<String, Vec<u8>> {
        self.iter()
            .map(|(p, b)| (p.to_string(), b.into_owned()))
            .collect()
    }

    fn finish<'s>(&'s self, stored: &'s Stored) -> Cow<'s, [u8]> {
        match stored {
            Stored::Plain(b) => Cow::Borrowed(b),
            Stored::Slotted(f) if *f.url == *self.search_url => Cow::Borrowed(&f.bytes),
            Stored::Slotted(f) => Cow::Owned(slot::refill(f, &self.search_url).bytes.to_vec()),
        }
    }
}

impl<const N: usize> From<[(&str, &[u8]); N]> for SiteFiles {
    fn from(files: [(&str, &[u8]); N]) -> Self {
        let mut out = SiteFiles::new();
        for (path, bytes) in files {
            out.insert(path, bytes.into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slotted_pages_are_read_with_the_current_url() {
        let page = format!("<a href={}>x</a>", slot::SEARCH_URL_SLOT);
        let mut files = SiteFiles::new();
        files.insert_filled("a.html", slot::fill(page.as_bytes(), "/s.1.js"));
        files.insert("b.css", b"body{}"[..].into());
        files.set_search_url("/s.1.js");
        assert_eq!(&*files.get("a.html").unwrap(), b"<a href=/s.1.js>x</a>");
        files.set_search_url("/search.22.js");
        assert_eq!(
            &*files.get("a.html").unwrap(),
            b"<a href=/search.22.js>x</a>"
        );
        assert_eq!(&*files.get("b.css").unwrap(), b"body{}");
        assert_eq!(
            files.to_files().keys().collect::<Vec<_>>(),
            ["a.html", "b.css"]
        );
    }
}
