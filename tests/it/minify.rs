//! Pages come out minified although only rendered Markdown goes through
//! minify-html: the templates lose their layout whitespace when they load
//! (`camnang::render` minifies templates once, not every page).

use crate::helpers::TestSite;
use camnang::output::minify_html;

/// `html` without the content of `<pre>`, `<textarea>`, `<script>` and
/// `<style>`, where line breaks are meaningful.
fn outside_raw_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    'scan: while !rest.is_empty() {
        for name in ["pre", "textarea", "script", "style"] {
            let open = format!("<{name}");
            if rest.starts_with(&open) {
                let close = format!("</{name}>");
                match rest.find(&close) {
                    Some(end) => rest = &rest[end + close.len()..],
                    None => rest = "",
                }
                continue 'scan;
            }
        }
        let ch = rest.chars().next().unwrap();
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// Every HTML page of `site` has no line break outside raw text, and
/// minify-html would make it at most `slack` (a fraction) smaller.
fn pages_are_minified(site: &TestSite, slack: f64) -> usize {
    let built = site.build_ok();
    let mut pages = 0;
    for (path, bytes) in &built.files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let line = outside_raw_text(&text).find('\n');
        assert!(
            line.is_none(),
            "{path} keeps a line break: {:?}",
            &text[..text.len().min(400)]
        );
        let minified = minify_html(bytes).len() as f64;
        assert!(
            minified >= bytes.len() as f64 * (1.0 - slack),
            "{path}: {} bytes, minify-html makes {minified}",
            bytes.len()
        );
        pages += 1;
    }
    pages
}

#[test]
fn bundled_pages_are_within_4_percent_of_minify_html() {
    let pages = pages_are_minified(&TestSite::bundled(), 0.04);
    assert!(pages > 50, "{pages} pages");
}

#[test]
fn fixture_pages_are_within_4_percent_of_minify_html() {
    for name in ["kitchen-sink", "components"] {
        let pages = pages_are_minified(&TestSite::fixture(name), 0.04);
        assert!(pages > 5, "{name}: {pages} pages");
    }
}

#[test]
fn without_minify_the_templates_keep_their_line_breaks() {
    let site = TestSite::minimal();
    let config = std::fs::read_to_string(site.root().join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        format!("{config}\noutput:\n  minify: false\n"),
    );
    let built = site.build_ok();
    let home = built.text("index.html");
    assert!(
        outside_raw_text(&home).contains("\n<"),
        "the home page lost its line breaks: {home}"
    );
}
