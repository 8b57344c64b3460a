//! Markdown → HTML with pulldown-cmark, plus what lessons need: heading ids
//! and a table of contents, GFM alerts as callouts, links between content
//! files resolved to final URLs, code highlighting with CSS classes, and
//! sanitised raw HTML. Knows nothing of templates or the site layout: the
//! caller passes a [`LinkResolver`].

mod alerts;
mod collapse;
pub mod depth;
mod headings;
mod highlight;
mod images;
mod links;
pub mod official;
mod render;
mod sanitize;
mod shortcodes;

pub use alerts::AlertLabels;
pub use headings::{heading_id, TocEntry};
pub use highlight::syntax_css;
pub use images::{resolve_image, ImageProblem};
pub use links::{normalize_rel_path, LinkResolver};
pub use render::{escape as escape_html, render};
pub use shortcodes::{NoShortcodes, ShortcodeCall, ShortcodeRenderer};

/// How a page's body is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// Ordinary prose.
    #[default]
    Default,
    /// Every `##` heading starts a numbered step in an ordered list.
    Steps,
}

/// One step of a step-by-step page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StepInfo {
    /// 1-based position.
    pub number: usize,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

use std::path::Path;

/// Options that are the same for every page of a site.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// Highlight fenced code with a known language.
    pub highlight_code: bool,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// Deepest heading level in the table of contents.
    pub toc_depth: u8,
    /// Sanitise raw HTML.
    pub sanitize_html: bool,
    /// Extra tags allowed in raw HTML.
    pub allowed_tags: Vec<String>,
    /// Extra attributes allowed in raw HTML.
    pub allowed_attributes: Vec<String>,
    /// Visible labels of GFM alerts.
    pub alert_labels: AlertLabels,
    /// Accessible name of the `#` link beside each heading.
    pub anchor_label: String,
    /// Step numbers, with `{n}` and `{total}`: "Bước {n}/{total}".
    pub step_label: String,
    /// Domains whose links get the official badge (`*.gov.vn` covers subdomains).
    pub official_domains: Vec<String>,
    /// The badge text: "Trang chính thức".
    pub official_badge: String,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            highlight_code: true,
            smart_punctuation: false,
            toc_depth: 3,
            sanitize_html: true,
            allowed_tags: Vec::new(),
            allowed_attributes: Vec::new(),
            alert_labels: AlertLabels::default(),
            anchor_label: "Liên kết đến mục này".into(),
            step_label: "Bước {n}/{total}".into(),
            official_domains: official::default_official_domains(),
            official_badge: "Trang chính thức".into(),
        }
    }
}

/// One Markdown body to render.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownInput<'a> {
    /// The Markdown text.
    pub body: &'a str,
    /// The whole file, for error excerpts.
    pub file_text: &'a str,
    /// 1-based line in the file where `body` starts.
    pub body_line: usize,
    /// The file, as shown in messages.
    pub shown: &'a Path,
    /// The file's path inside `content/` (for same-page anchors).
    pub rel_path: &'a str,
    /// The folder relative links start from, inside `content/`.
    pub dir: &'a str,
    /// Prose or steps.
    pub layout: Layout,
}

/// A link to another content file, to be checked once all pages are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target's path inside `content/`.
    pub target: String,
    /// The `#anchor`, without `#`.
    pub anchor: String,
    /// Where the link is written.
    pub line: usize,
    /// Column of the link.
    pub column: usize,
    /// The line as written, for the message if the anchor is broken (a
    /// one-off build has let the file's text go by then).
    pub source_line: String,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML; empty once [`Rendered::pack`] has compressed it. Read it
    /// with [`Rendered::html`].
    pub html: String,
    /// The HTML compressed (LZ4, its length first), once packed.
    pub(crate) packed: Option<Box<[u8]>>,
    /// Whether the HTML is already minified as a page prints it
    /// (`render::splice`): a one-off build that minifies does it once,
    /// before packing.
    pub(crate) minified: bool,
    /// Table of contents (nested).
    pub toc: Vec<TocEntry>,
    /// Every id a link can point at (headings, footnotes).
    pub anchors: Vec<String>,
    /// Links with an anchor to content files, for checking after rendering.
    pub anchored_links: Vec<InternalLink>,
    /// Whether syntax highlighting was used (the page needs `syntax.css`).
    pub highlighted: bool,
    /// The `hl-` classes its highlighted code uses, sorted, one space
    /// apart (one allocation: every lesson's are held until the site's
    /// `syntax.css`, which keeps only their rules, is written). Noted as
    /// each block is highlighted; read with [`Rendered::code_classes`].
    pub(crate) code_classes: Box<str>,
    /// The steps of a step-by-step page, in order.
    pub steps: Vec<StepInfo>,
    /// Shortcodes used on the page (the theme loads their scripts).
    pub shortcodes: std::collections::BTreeSet<String>,
    /// The page's plain text, split at headings (for search and excerpts).
    pub text_sections: Vec<TextSection>,
    /// A hash of `html`, made the first time it is asked for
    /// ([`Rendered::html_key`]).
    pub html_key: std::sync::OnceLock<u128>,
}

/// The plain text under one heading (or before the first heading).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TextSection {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    /// The heading's text; empty before the first heading.
    pub heading: String,
    /// The text, words separated by single spaces. Code blocks are left
    /// out. Shared with the search index's document, not copied.
    pub text: std::sync::Arc<str>,
}

impl Rendered {
    /// A hash of the HTML, made once: the dev server keys every page on each
    /// rebuild, and the rendered Markdown is kept between rebuilds.
    pub fn html_key(&self) -> u128 {
        *self
            .html_key
            .get_or_init(|| xxhash_rust::xxh3::xxh3_128(self.html().as_bytes()))
    }

    /// The HTML, unpacked if [`Rendered::pack`] compressed it.
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        match &self.packed {
            None => std::borrow::Cow::Borrowed(&self.html),
            Some(_) => {
                // It was valid UTF-8 when packed; a failure would be a bug,
                // shown as replacement characters rather than a crash.
                let bytes = self.html_bytes().into_owned();
                std::borrow::Cow::Owned(
                    String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                )
            }
        }
    }

    /// The HTML's bytes, unpacked if [`Rendered::pack`] compressed it:
    /// for putting it into a page, which needs no second check that it is
    /// UTF-8.
    pub fn html_bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match &self.packed {
            None => std::borrow::Cow::Borrowed(self.html.as_bytes()),
            Some(packed) => std::borrow::Cow::Owned(
                lz4_flex::decompress_size_prepended(packed).unwrap_or_default(),
            ),
        }
    }

    /// Replaces the HTML by `minified`, what minifying made of it (before
    /// [`Rendered::pack`]), and notes that it is minified.
    pub fn set_minified(&mut self, minified: String) {
        self.html = minified;
        self.minified = true;
        self.html_key = std::sync::OnceLock::new();
    }

    /// Whether the HTML is already minified as a page prints it.
    pub fn is_minified(&self) -> bool {
        self.minified
    }

    /// The `hl-` classes its highlighted code uses, in order.
    pub fn code_classes(&self) -> impl Iterator<Item = &str> {
        self.code_classes.split(' ').filter(|c| !c.is_empty())
    }

    /// Whether there is no HTML.
    pub fn html_is_empty(&self) -> bool {
        self.packed.is_none() && self.html.is_empty()
    }

    /// Compresses the HTML (about 3.6 times on lessons): a one-off build
    /// holds every page's HTML from rendering Markdown until the page is
    /// written, past the search stage, where memory peaks.
    pub fn pack(&mut self) {
        if self.html.is_empty() || self.packed.is_some() {
            return;
        }
        self.html_key();
        self.packed = Some(lz4_flex::compress_prepend_size(self.html.as_bytes()).into());
        self.html = String::new();
    }
}

#[cfg(test)]
mod tests {
    use super::Rendered;

    #[test]
    fn packed_html_reads_back_the_same() {
        let html = "<h2 id=buoc-1>Bước 1</h2><p>Mở ứng dụng VNeID.</p>".repeat(40);
        let mut r = Rendered {
            html: html.clone(),
            ..Rendered::default()
        };
        let key = r.html_key();
        r.pack();
        assert!(r.html.is_empty(), "the plain copy goes");
        let packed = r.packed.as_ref().map_or(0, |p| p.len());
        assert!(packed > 0 && packed < html.len() / 3, "{packed} bytes");
        assert_eq!(r.html(), html);
        assert_eq!(&*r.html_bytes(), html.as_bytes());
        assert!(!r.html_is_empty());
        // The key is the HTML's, packed or not.
        assert_eq!(r.html_key(), key);
        let fresh = Rendered {
            html: html.clone(),
            ..Rendered::default()
        };
        assert_eq!(fresh.html_key(), key);
        // Minified HTML replaces the HTML, and its key.
        let mut minified = fresh.clone();
        assert!(!minified.is_minified());
        minified.set_minified("<h2 id=buoc-1>Bước 1</h2>".into());
        minified.pack();
        assert!(minified.is_minified());
        assert_eq!(
            &*minified.html_bytes(),
            "<h2 id=buoc-1>Bước 1</h2>".as_bytes()
        );
        let same = Rendered {
            html: "<h2 id=buoc-1>Bước 1</h2>".into(),
            ..Rendered::default()
        };
        assert_eq!(minified.html_key(), same.html_key());
        // Nothing to pack: stays empty.
        let mut empty = Rendered::default();
        empty.pack();
        assert!(empty.html_is_empty() && empty.html().is_empty());
    }
}
