//! Answers the Markdown renderer's questions about URLs from the library.

use crate::config::BaseUrl;
use crate::content::Library;
use crate::markdown::LinkResolver;
use crate::text::encode_path;

/// Resolves links against a library and base URL.
pub struct Resolver<'a> {
    /// The content.
    pub library: &'a Library,
    /// The base URL.
    pub base: &'a BaseUrl,
}

impl LinkResolver for Resolver<'_> {
    fn document_url(&self, rel_path: &str) -> Option<String> {
        self.library
            .get(rel_path)
            .map(|d| self.base.link(&encode_path(&d.url_path)))
    }

    fn asset_url(&self, rel_path: &str) -> Option<String> {
        self.library
            .asset(rel_path)
            .map(|a| self.base.link(&encode_path(&a.output_path)))
    }

    fn site_url(&self, path: &str) -> String {
        self.base.link(path)
    }
}
