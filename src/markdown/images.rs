//! Images: alt text is required (unless marked decorative), real width and
//! height avoid layout shift, images past the first screen load lazily, and
//! a titled image alone in its paragraph becomes a figure with a caption.

use super::links::{classify, LinkResolver, Target};
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

/// Why an image address cannot be used.
pub struct ImageProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// An image's final URL and, when known, its size. `dest` is written in a
/// file whose folder is `dir` (inside `content/`). Used by Markdown images
/// and by shortcodes with a `src` argument.
pub fn resolve_image(
    links: &dyn LinkResolver,
    dir: &str,
    dest: &str,
) -> Result<(String, Option<(u32, u32)>), ImageProblem> {
    let problem = |message: String, hint| Err(ImageProblem { message, hint });
    match classify(dest, dir) {
        Target::File { path, suffix } => match links.asset_url(&path) {
            Some(url) => Ok((format!("{url}{suffix}"), links.image_size(&path))),
            None => problem(
                format!("image not found: `{dest}` (looked for `content/{path}`)"),
                "put the image beside the lesson (or in the lesson's bundle folder) and check the file name",
            ),
        },
        Target::Site(path) => Ok((links.site_url(&path), None)),
        Target::External => problem(
            format!("the image `{dest}` is on another website"),
            "download the image and store it beside the lesson: pages must not make requests to other sites",
        ),
        Target::Escapes => problem(
            format!("the image `{dest}` is outside the content folder"),
            "images must be inside content/ or static/",
        ),
        _ => problem(
            format!("`{dest}` is not an image file"),
            "point the image at a .png, .jpg, .webp or .svg file",
        ),
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
