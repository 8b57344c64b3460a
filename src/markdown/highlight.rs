//! Code highlighting with syntect, as CSS classes (never inline styles).
//! The syntax set is loaded the first time a page has a fenced code block
//! with a language, and then shared by every page.

use std::collections::BTreeSet;
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

/// The stylesheet for highlighted code in a syntect theme (e.g.
/// `InspiredGitHub`), with only the rules whose classes all occur in
/// `used` (each lesson's [`super::Rendered::code_classes`]), without
/// comments or spaces: the whole theme is about 16 KB, a site's share of
/// it usually 1–2 KB.
pub fn syntax_css(theme: &str, used: &BTreeSet<String>) -> Result<String, String> {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
    let t = themes.themes.get(theme).ok_or_else(|| {
        format!(
            "unknown highlight theme `{theme}`; available: {}",
            names.join(", ")
        )
    })?;
    let css =
        syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).map_err(|e| e.to_string())?;
    Ok(prune(&css, used))
}

/// Adds the `hl-` classes of highlighted `html` to `used`.
pub fn highlight_classes(html: &str, used: &mut BTreeSet<String>) {
    for chunk in html.split("class=\"").skip(1) {
        let value = chunk.split('"').next().unwrap_or("");
        used.extend(
            value
                .split_whitespace()
                .filter(|c| c.starts_with("hl-"))
                .map(String::from),
        );
    }
}

/// Keeps the selectors of `css` whose classes are all in `used`, and the
/// rules that keep one; compacts what is left. Colours are adjusted to
/// reach 4.5:1 on the theme's code background, and a dark-mode block
/// lightens them for the dark one. Background colours are dropped: code
/// blocks keep the theme's.
fn prune(css: &str, used: &BTreeSet<String>) -> String {
    use crate::config::colour::{self, Rgb};
    let mut text = String::new();
    let mut rest = css;
    // Drop comments.
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let (mut light, mut dark) = (String::new(), String::new());
    for rule in text.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let kept: Vec<&str> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| {
                s.split(|c: char| c == '.' || c.is_whitespace())
                    .filter(|c| !c.is_empty())
                    .all(|c| used.contains(c))
            })
            .collect();
        if kept.is_empty() {
            continue;
        }
        let (mut declarations, mut dark_colour) = (Vec::new(), None);
        for d in body.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let (property, value) = d.split_once(':').unwrap_or((d, ""));
            match (property.trim(), Rgb::parse(value)) {
                ("background-color", _) => {}
                ("color", Some(c)) => {
                    let fixed = colour::nearest_readable(c, colour::CODE_LIGHT_BACKGROUND);
                    declarations.push(format!("color:{}", fixed.hex()));
                    dark_colour = Some(colour::nearest_readable(c, colour::CODE_DARK_BACKGROUND));
                }
                _ => declarations.push(d.to_string()),
            }
        }
        let selector = kept.join(",");
        if !declarations.is_empty() {
            light.push_str(&format!("{selector}{{{}}}\n", declarations.join(";")));
        }
        if let Some(c) = dark_colour {
            dark.push_str(&format!("{selector}{{color:{}}}", c.hex()));
        }
    }
    if !dark.is_empty() {
        light.push_str(&format!("@media (prefers-color-scheme:dark){{{dark}}}\n"));
    }
    light
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
    fn the_stylesheet_has_only_the_rules_the_code_uses() {
        let html = highlight("fn main() { let x = \"a\"; }\n", "rust").unwrap();
        let mut used = BTreeSet::new();
        highlight_classes(&html, &mut used);
        assert!(
            used.contains("hl-rust") && used.contains("hl-string"),
            "{used:?}"
        );
        let css = syntax_css("InspiredGitHub", &used).unwrap();
        let all = syntax_css("InspiredGitHub", &BTreeSet::new()).unwrap();
        assert!(all.is_empty(), "{all}");
        assert!(css.contains(".hl-string{"), "{css}");
        assert!(!css.contains("/*") && !css.contains("yaml"), "{css}");
        assert!(css.len() < 2500, "{} bytes:\n{css}", css.len());
        // Every colour is readable on the code background, light and dark.
        use crate::config::colour::{self, Rgb};
        let (light, dark) = css.split_once("@media").unwrap();
        for (part, background) in [
            (light, colour::CODE_LIGHT_BACKGROUND),
            (dark, colour::CODE_DARK_BACKGROUND),
        ] {
            let colours: Vec<&str> = part.split("color:").skip(1).map(|c| &c[..7]).collect();
            assert!(!colours.is_empty());
            for c in colours {
                let ratio = colour::contrast(Rgb::parse(c).unwrap(), background);
                assert!(ratio >= 4.5, "{c}: {ratio}");
            }
        }
        assert!(syntax_css("nope", &used).is_err());
    }
}
