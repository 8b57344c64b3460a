//! HTML minification with settings that keep the output valid HTML
//! (the Nu HTML Checker must report no errors).

use std::sync::OnceLock;

fn cfg() -> &'static minify_html::Cfg {
    static CFG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CFG.get_or_init(|| minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        keep_comments: false,
        ..minify_html::Cfg::new()
    })
}

/// Minifies one HTML document.
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, cfg())
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_doctype_and_lang() {
        let out = super::minify_html("<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title> A </title></head>\n<body>\n  <p>  Xin   chào </p>\n</body></html>".as_bytes());
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("<!DOCTYPE html>") || s.starts_with("<!doctype html>"),
            "{s}"
        );
        assert!(s.contains("lang=vi"), "{s}");
        assert!(s.contains("Xin chào"), "{s}");
    }
}
