//! A parsed content file: a section index (`_index.md`) or a page.

use super::FrontMatter;
use std::path::PathBuf;

/// Whether a document is a section index or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `_index.md`: describes its folder.
    Section,
    /// Any other `.md` file, or `index.md` of a page bundle.
    Page,
}

/// One Markdown file with its front matter split off.
#[derive(Debug, Clone)]
pub struct Document {
    /// Section or page.
    pub kind: DocumentKind,
    /// Path inside `content/`, with `/`: `vneid/dang-ky.md`.
    pub rel_path: String,
    /// The path shown in messages, relative to the site root: `content/vneid/dang-ky.md`.
    pub shown: PathBuf,
    /// The whole file, normalised (NFC, LF).
    pub text: String,
    /// Byte offset where the Markdown body starts in `text`.
    pub body_offset: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// Parsed front matter.
    pub meta: FrontMatter,
    /// The folder that holds this document's links and images, inside `content/`.
    pub dir: String,
    /// True for `index.md` of a page bundle (its folder's files are its assets).
    pub bundle: bool,
    /// The site-relative URL path, assigned by the library: `vneid/dang-ky/` (`""` for home).
    pub url_path: String,
}

impl Document {
    /// The Markdown body (empty after [`Document::take_text`]).
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Takes the file's whole text, leaving only the front matter (later
    /// messages point into it). A one-off build renders each body from
    /// the taken text and lets it go at once: at 10,000 lessons the
    /// bodies are 80 MB.
    pub fn take_text(&mut self) -> String {
        let front_matter = self.text[..self.body_offset].to_string();
        std::mem::replace(&mut self.text, front_matter)
    }

    /// The title (always present once parsed).
    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or("")
    }

    /// The slug: front matter `slug`, else the file (or bundle folder) name.
    pub fn slug(&self) -> String {
        if let Some(s) = &self.meta.slug {
            return crate::text::slugify(s);
        }
        let name = if self.bundle {
            self.dir.rsplit('/').next().unwrap_or("")
        } else {
            let file = self.rel_path.rsplit('/').next().unwrap_or("");
            file.strip_suffix(".md").unwrap_or(file)
        };
        crate::text::slugify(name)
    }
}
