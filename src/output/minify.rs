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

/// Minifies a classic (non-module) script with oxc: compress with the
/// safest options, mangle local names, drop comments. Returns the input
/// unchanged if it does not parse or would not get smaller.
pub fn minify_js(js: &[u8]) -> Vec<u8> {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let Ok(source) = std::str::from_utf8(js) else {
        return js.to_vec();
    };
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() {
        return js.to_vec();
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    // The mangled names live in the returned scoping: codegen needs it.
    let code = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions {
            minify: true,
            comments: oxc_codegen::CommentOptions::disabled(),
            ..oxc_codegen::CodegenOptions::default()
        })
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    if code.len() < js.len() {
        code.into_bytes()
    } else {
        js.to_vec()
    }
}

/// Minifies one HTML document.
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, cfg())
}

#[cfg(test)]
mod tests {
    #[test]
    fn minifies_javascript() {
        let js = "// comment\nfunction add(first, second) {\n  return first + second;\n}\nwindow.x = add(1, 2);\n";
        let out = String::from_utf8(super::minify_js(js.as_bytes())).unwrap();
        assert!(out.len() < js.len(), "{out}");
        assert!(!out.contains("comment"), "{out}");
        assert!(
            !out.contains("first") && !out.contains("second"),
            "locals are mangled: {out}"
        );
        assert!(out.contains("window.x"), "{out}");
        // Invalid JavaScript is left as it is.
        assert_eq!(super::minify_js(b"function ("), b"function (");
    }

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
