//! What each fuzz target checks, shared by the targets (fuzz_targets/) and
//! by the replay of kept inputs in the main test suite
//! (tests/it/fuzz_regressions.rs), so a crash once found stays tested.
//! Every function takes raw bytes; input that is not UTF-8 is skipped.

// Each target uses one of these.
#![allow(dead_code)]

use camnang::markdown::{
    render, Layout, LinkResolver, MarkdownInput, MarkdownOptions, ShortcodeCall, ShortcodeRenderer,
};
use std::path::Path;

/// Front-matter splitting and parsing: any text gives front matter or a
/// diagnostic, never a panic. The text is normalised first, as when a
/// lesson is read.
pub fn front_matter(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let text = camnang::content::normalize_text(raw);
    let shown = Path::new("content/bai/fuzz.md");
    if let Ok((yaml, body, body_line)) = camnang::content::split_front_matter(&text, shown) {
        assert!(body_line >= 3);
        assert!(yaml.len() + body.len() <= text.len());
        if let Err(d) = camnang::content::parse_front_matter(yaml, shown, &text) {
            // A diagnostic always prints, with a line inside the file.
            let printed = d.to_string();
            assert!(printed.starts_with("error: "));
            if let Some(line) = d.line {
                assert!(line >= 1 && line <= text.lines().count() + 1, "{printed}");
            }
        }
    }
}

struct Links;

impl LinkResolver for Links {
    fn document_url(&self, rel_path: &str) -> Option<String> {
        rel_path
            .ends_with(".md")
            .then(|| format!("/kynangso/{}/", rel_path.trim_end_matches(".md")))
    }
    fn asset_url(&self, rel_path: &str) -> Option<String> {
        rel_path
            .ends_with(".png")
            .then(|| format!("/kynangso/{rel_path}"))
    }
    fn site_url(&self, path: &str) -> String {
        format!("/kynangso/{}", path.trim_start_matches('/'))
    }
}

/// Knows the theme's shortcode names and echoes each call's arguments.
struct Echo;

impl ShortcodeRenderer for Echo {
    fn exists(&self, name: &str) -> bool {
        ["figure", "video", "qr", "details", "inset"].contains(&name)
    }
    fn render(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
        _rel_path: &str,
        _dir: &str,
    ) -> Result<String, String> {
        if call.args.contains_key("loi") {
            return Err("the argument `loi` is refused".into());
        }
        let args = serde_json::to_string(&call.args).map_err(|e| e.to_string())?;
        Ok(format!(
            "<div class=\"sc\" data-args=\"{}\">{}</div>",
            camnang::markdown::escape_html(&args),
            body.unwrap_or("")
        ))
    }
    fn names(&self) -> Vec<String> {
        vec!["figure".into(), "video".into()]
    }
}

/// Markdown rendering with every component: headings, alerts, steps, code
/// highlighting, images, internal and official links, raw HTML through the
/// sanitiser, and shortcodes (echoed by a stand-in renderer). The first
/// byte picks the layout. Whatever the text, rendering gives HTML or
/// diagnostics, never a panic, and the HTML then goes through the minifier
/// pages get, which a second time must change nothing.
pub fn markdown(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let body = camnang::content::normalize_text(body);
    let options = MarkdownOptions {
        official_domains: vec!["dichvucong.gov.vn".into(), "vneid.gov.vn".into()],
        ..MarkdownOptions::default()
    };
    let input = MarkdownInput {
        body: &body,
        file_text: &body,
        body_line: 1,
        shown: Path::new("content/bai/trang.md"),
        rel_path: "bai/trang.md",
        dir: "bai",
        layout: if first & 1 == 1 {
            Layout::Steps
        } else {
            Layout::Default
        },
    };
    match render(&input, &options, &Links, &Echo) {
        Ok(rendered) => {
            // The minifier pages get: no panic, and a second pass
            // changes nothing.
            let html = rendered.html();
            let once = camnang::render::template_minify::minify_rendered(&html);
            assert_eq!(
                camnang::render::template_minify::minify_rendered(&once),
                once,
                "minifying twice differs"
            );
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in diagnostics {
                let _ = d.to_string();
            }
        }
    }
}

/// The search normaliser and tokeniser: any text splits into words whose
/// keys are stable (folding a folded key changes nothing) and free of
/// Vietnamese diacritics, never a panic.
pub fn search_normalize(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for t in camnang::search::tokenize(text) {
        assert!(!t.folded.is_empty(), "no empty word");
        assert_eq!(
            camnang::search::fold_key(&t.folded),
            t.folded,
            "folding is idempotent"
        );
        assert!(
            !t.folded.chars().any(|c| "ăâđêôơưáàảãạ".contains(c)),
            "folded keys have no diacritics: {:?}",
            t.folded
        );
    }
    let words = camnang::search::folded_words(text);
    for w in &words {
        assert_eq!(&camnang::search::fold_key(w), w);
    }
    // The indexer's allocation-free folding gives the same keys.
    let (mut out, mut spans) = (String::from("x"), Vec::new());
    camnang::search::fold_words_into(text, &mut out, &mut spans);
    let into: Vec<&str> = spans
        .iter()
        .map(|&(a, b)| &out[a as usize..b as usize])
        .collect();
    assert_eq!(into, words, "fold_words_into agrees with folded_words");
}

/// The Telex decoder: any query decodes without panicking, with as many
/// words; NFC text stays NFC (words without Telex are passed through as
/// they are, so text that is not NFC may stay so), and a query with no
/// ASCII letter comes back as it was.
pub fn telex(data: &[u8]) {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = camnang::search::decode_telex(query);
    if camnang::text::nfc(query) == query {
        assert_eq!(camnang::text::nfc(&decoded), decoded.as_str(), "NFC");
    }
    assert_eq!(decoded.split(' ').count(), query.split(' ').count());
    if !query.chars().any(|c| c.is_ascii_alphabetic()) {
        assert_eq!(decoded, query);
    }
}
