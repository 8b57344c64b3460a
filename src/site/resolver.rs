//! Answers the Markdown renderer's questions about URLs and images from the library.

use crate::config::BaseUrl;
use crate::content::Library;
use crate::markdown::LinkResolver;
use crate::text::encode_path;
use std::path::Path;

/// Resolves links against a library and base URL.
pub struct Resolver<'a> {
    /// The content.
    pub library: &'a Library,
    /// The base URL.
    pub base: &'a BaseUrl,
    /// The `content/` folder, to measure images.
    pub content_dir: &'a Path,
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

    fn image_size(&self, rel_path: &str) -> Option<(u32, u32)> {
        self.library.asset(rel_path)?;
        image_size(&self.content_dir.join(rel_path))
    }
}

/// Width and height of a PNG, JPEG, GIF, WebP … or SVG file.
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        let text = std::fs::read_to_string(path).ok()?;
        return svg_size(&text);
    }
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// The size of an SVG from its root `width`/`height`, or else its `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[i..i + tag[i..].find('"')?])
    };
    let number = |s: &str| -> Option<u32> {
        let digits: String = s
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let v: f64 = digits.parse().ok()?;
        (v > 0.0 && !s.ends_with('%')).then(|| v.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w, h));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    (vb.len() == 4 && vb[2] > 0.0 && vb[3] > 0.0)
        .then(|| (vb[2].round() as u32, vb[3].round() as u32))
}

#[cfg(test)]
mod tests {
    use super::svg_size;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        assert_eq!(
            svg_size("<svg xmlns=\"x\" width=\"360\" height=\"200px\">"),
            Some((360, 200))
        );
        assert_eq!(
            svg_size("<?xml?><svg viewBox=\"0 0 48 24\">"),
            Some((48, 24))
        );
        assert_eq!(
            svg_size("<svg width=\"100%\" viewBox=\"0 0 10 5\">"),
            Some((10, 5))
        );
        assert_eq!(svg_size("<svg>"), None);
    }
}
