//! Images: alt text is required (unless marked decorative), real width and
//! height avoid layout shift, images past the first screen load lazily, and
//! a titled image alone in its paragraph becomes a figure with a caption.

use super::render::escape;

/// Add `#decorative` to an image's address to mark it as decoration (empty alt).
pub const DECORATIVE: &str = "#decorative";

/// Bytes of Markdown after which an image is assumed to be below the first screen.
const FIRST_SCREEN_BYTES: usize = 1200;

/// What is needed to write one `<img>`.
pub(crate) struct ImageTag<'a> {
    pub src: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    pub size: Option<(u32, u32)>,
    pub lazy: bool,
}

impl ImageTag<'_> {
    /// The `<img>` element (with `title` only when it is not used as a caption).
    pub(crate) fn html(&self, with_title: bool) -> String {
        let mut s = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape(self.src),
            escape(self.alt)
        );
        if let Some((w, h)) = self.size {
            s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if self.lazy {
            s.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        if with_title && !self.title.is_empty() {
            s.push_str(&format!(" title=\"{}\"", escape(self.title)));
        }
        s.push('>');
        s
    }
}

/// Whether an image at `offset` (the `index`-th image) should load lazily.
pub(crate) fn is_lazy(index: usize, offset: usize) -> bool {
    index > 0 || offset > FIRST_SCREEN_BYTES
}

/// Splits the decorative marker off an image address.
pub(crate) fn split_decorative(dest: &str) -> (&str, bool) {
    match dest.strip_suffix(DECORATIVE) {
        Some(d) => (d, true),
        None => (dest, false),
    }
}
