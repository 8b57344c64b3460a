//! Code highlighting with syntect, as CSS classes (never inline styles).
//! The syntax set is loaded the first time a page has a fenced code block
//! with a language, and then shared by every page.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang`; `None` when the language is unknown.
pub(crate) fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// The stylesheet for highlighted code in a syntect theme (e.g. `InspiredGitHub`).
pub fn syntax_css(theme: &str) -> Result<String, String> {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
    let t = themes.themes.get(theme).ok_or_else(|| {
        format!(
            "unknown highlight theme `{theme}`; available: {}",
            names.join(", ")
        )
    })?;
    syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn theme_css_exists() {
        assert!(syntax_css("InspiredGitHub").unwrap().contains(".hl-"));
        assert!(syntax_css("nope").is_err());
    }
}
