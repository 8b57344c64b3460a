//! `site-config.yaml` → [`SiteConfig`], validated, with did-you-mean hints
//! for unknown keys. Every key is documented in the README.

mod base_url;
pub mod colour;

pub use base_url::BaseUrl;

use crate::diagnostics::{Diagnostic, Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The name of the config file at the root of a site.
pub const CONFIG_FILE: &str = "site-config.yaml";

/// Front-matter fields that can be used as taxonomies.
pub const TAXONOMY_FIELDS: [&str; 4] = ["skill", "audience", "tags", "grade"];

/// The whole site configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The site's name, shown in the header and the browser tab.
    pub title: String,
    /// One sentence about the site, for search engines and the feed.
    pub description: String,
    /// Where the site will be published, e.g. `https://thcs-abc.edu.vn/kynangso/`.
    pub base_url: String,
    /// The content language (BCP 47), `vi` by default.
    pub language: String,
    /// The school that publishes the site.
    pub school: School,
    /// The theme's folder name under `themes/`; `default` is built in.
    pub theme: String,
    /// The taxonomies (classifications) of lessons.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Named menus, e.g. `main`.
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Output options.
    pub output: OutputConfig,
    /// Page-weight budgets, checked by `camnang check`.
    pub budgets: Budgets,
    /// Domains whose links get the "official" badge; look-alikes stop the build.
    /// `*.gov.vn` covers every subdomain of gov.vn.
    pub official_domains: Vec<String>,
    /// `camnang check` warns about lessons not reviewed for this many months.
    pub review_after_months: u32,
    /// Search options.
    pub search: SearchConfig,
    /// The site's own wording for any of the theme's UI strings
    /// (`theme.yaml`), e.g. `back_home: Về trang chủ của trường`.
    pub strings: BTreeMap<String, String>,
    /// Free values for templates: `config.extra.*`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Search options.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Extra groups of equivalent words, added to camnang's defaults, e.g.
    /// `- [SLL, sổ liên lạc]`.
    pub synonyms: Vec<Vec<String>>,
}

/// The publishing school.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct School {
    /// The school's full name.
    pub name: String,
    /// Path of the logo image, relative to `static/` (e.g. `images/logo.png`).
    pub logo: Option<String>,
    /// The brand colour of links and the header, `#rrggbb`. It must reach
    /// 4.5:1 contrast on white; the build names the nearest colour that does.
    pub primary_color: Option<String>,
    /// The brand colour in dark mode; by default the primary colour,
    /// lightened just enough for 4.5:1 on the dark background.
    pub primary_color_dark: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// How to reach the school.
    pub contact: Contact,
}

/// Contact details of the school.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Contact {
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// The school's main website.
    pub website: Option<String>,
}

/// One taxonomy, e.g. `skill`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front-matter field it reads: `skill`, `audience`, `tags` or `grade`.
    pub name: String,
    /// Display name, e.g. "Kỹ năng số".
    pub title: String,
    /// URL path of its pages; defaults to the slug of `name`.
    #[serde(default)]
    pub slug: Option<String>,
    /// Display names of terms, by the value written in front matter.
    #[serde(default)]
    pub terms: indexmap::IndexMap<String, String>,
}

/// A link in a menu.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// The link text.
    pub name: String,
    /// `@/path.md` for a content file, a site path like `/ky-nang/`, or an external URL.
    pub url: String,
    /// Menus are sorted by weight, then by position in the file.
    #[serde(default)]
    pub weight: i64,
}

/// Markdown rendering options.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Highlight fenced code blocks that name a language.
    pub highlight_code: bool,
    /// The syntect theme used to generate `syntax.css`.
    pub highlight_theme: String,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// Heading levels included in the table of contents (2 = only `##`).
    pub toc_depth: u8,
    /// Sanitise raw HTML written in Markdown (strongly recommended).
    pub sanitize_html: bool,
    /// Extra HTML tags allowed in raw HTML, on top of the safe default list.
    pub allowed_tags: Vec<String>,
    /// Extra attributes allowed on every tag in raw HTML.
    pub allowed_attributes: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            highlight_theme: "InspiredGitHub".into(),
            smart_punctuation: false,
            toc_depth: 3,
            sanitize_html: true,
            allowed_tags: Vec::new(),
            allowed_attributes: Vec::new(),
        }
    }
}

/// Output options.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Minify every HTML page.
    pub minify: bool,
    /// How many lessons the Atom feed lists.
    pub feed_limit: usize,
    /// Let search engines index the site (`robots.txt`).
    pub allow_indexing: bool,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            minify: true,
            feed_limit: 20,
            allow_indexing: true,
        }
    }
}

/// Page-weight budgets (kilobytes), checked by `camnang check`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budgets {
    /// A lesson's HTML plus CSS, uncompressed.
    pub page_raw_kb: u32,
    /// A lesson's HTML plus CSS, gzip-compressed.
    pub page_gzip_kb: u32,
    /// JavaScript on one page, uncompressed.
    pub js_kb: u32,
    /// One image.
    pub image_kb: u32,
    /// Make an over-budget page an error instead of a warning.
    pub enforce: bool,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            page_raw_kb: 30,
            page_gzip_kb: 14,
            js_kb: 10,
            image_kb: 200,
            enforce: false,
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Cẩm nang kỹ năng số".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "vi".into(),
            school: School::default(),
            theme: "default".into(),
            taxonomies: default_taxonomies(),
            menus: BTreeMap::new(),
            markdown: MarkdownConfig::default(),
            output: OutputConfig::default(),
            budgets: Budgets::default(),
            official_domains: crate::markdown::official::default_official_domains(),
            review_after_months: 12,
            search: SearchConfig::default(),
            strings: BTreeMap::new(),
            extra: BTreeMap::new(),
        }
    }
}

fn default_taxonomies() -> Vec<TaxonomyConfig> {
    let t = |name: &str, title: &str, slug: &str| TaxonomyConfig {
        name: name.into(),
        title: title.into(),
        slug: Some(slug.into()),
        terms: indexmap::IndexMap::new(),
    };
    vec![
        t("skill", "Kỹ năng", "ky-nang"),
        t("audience", "Đối tượng", "doi-tuong"),
        t("tags", "Thẻ", "the"),
    ]
}

impl TaxonomyConfig {
    /// The URL path segment of this taxonomy.
    pub fn path_slug(&self) -> String {
        crate::text::slugify(self.slug.as_deref().unwrap_or(&self.name))
    }

    /// The display name of a term value.
    pub fn term_title<'a>(&'a self, value: &'a str) -> &'a str {
        self.terms.get(value).map(String::as_str).unwrap_or(value)
    }
}

impl SiteConfig {
    /// Reads and validates `site-config.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        let shown = Path::new(CONFIG_FILE);
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::one(crate::content::utf8_diagnostic(
                shown,
                e.as_bytes(),
                e.utf8_error(),
            ))
        })?;
        Self::parse(&text, shown)
    }

    /// Parses and validates config text; `shown` names the file in errors.
    pub fn parse(text: &str, shown: &Path) -> Result<SiteConfig> {
        let text = crate::content::normalize_text(text);
        let config: SiteConfig = crate::yaml::parse(&text, shown, &text, 0).map_err(Error::one)?;
        config.validate(&text, shown)?;
        Ok(config)
    }

    fn validate(&self, text: &str, shown: &Path) -> Result<()> {
        let mut errors = Vec::new();
        let at_key = |key: &str, message: String, hint: &str| {
            let (line, col) = find_key(text, key);
            Diagnostic::error(shown, message)
                .at(line, col)
                .hint(hint)
                .with_source(text)
        };
        if let Err(why) = BaseUrl::parse(&self.base_url) {
            errors.push(at_key(
                "base_url",
                format!("invalid `base_url` `{}`: {why}", self.base_url),
                "write a full address such as `https://thcs-abc.edu.vn/kynangso/`, or `/` for local use",
            ));
        }
        if let Some(site) = &self.school.contact.website {
            if !is_web_address(site) {
                errors.push(at_key(
                    "website",
                    format!("`school.contact.website` `{site}` is not a web address"),
                    "write a full address that starts with `https://`, for example `https://thcs-abc.edu.vn/`",
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for tax in &self.taxonomies {
            if !TAXONOMY_FIELDS.contains(&tax.name.as_str()) {
                let hint = match crate::diagnostics::did_you_mean(&tax.name, &TAXONOMY_FIELDS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", TAXONOMY_FIELDS.join(", ")),
                };
                errors.push(at_key(
                    &tax.name,
                    format!("unknown taxonomy `{}`", tax.name),
                    &hint,
                ));
            }
            if !seen.insert(tax.path_slug()) {
                errors.push(at_key(
                    &tax.name,
                    format!("two taxonomies share the URL `/{}/`", tax.path_slug()),
                    "give one of them a different `slug`",
                ));
            }
        }
        for (key, value, background, name) in [
            (
                "primary_color",
                &self.school.primary_color,
                colour::LIGHT_BACKGROUND,
                "white",
            ),
            (
                "primary_color_dark",
                &self.school.primary_color_dark,
                colour::DARK_BACKGROUND,
                "the dark background",
            ),
        ] {
            let Some(value) = value else { continue };
            let Some(c) = colour::Rgb::parse(value) else {
                errors.push(at_key(
                    key,
                    format!("`school.{key}` `{value}` is not a colour"),
                    "write it as `\"#rrggbb\"` (in quotes), for example `\"#0b5cad\"`",
                ));
                continue;
            };
            let ratio = colour::contrast(c, background);
            if ratio < colour::MIN_CONTRAST {
                let fixed = colour::nearest_readable(c, background);
                errors.push(at_key(
                    key,
                    format!(
                        "`school.{key}` `{value}` has a contrast of {ratio:.2}:1 on {name}; text needs {}:1",
                        colour::MIN_CONTRAST
                    ),
                    &format!(
                        "the nearest colour that reaches it is `{}` ({:.2}:1)",
                        fixed.hex(),
                        colour::contrast(fixed, background)
                    ),
                ));
            }
        }
        if self.language.trim().is_empty() {
            errors.push(at_key(
                "language",
                "`language` is empty".into(),
                "use `vi` for Vietnamese",
            ));
        }
        crate::diagnostics::all_ok(errors)
    }

    /// The school's primary colour, if set. Valid after [`SiteConfig::load`].
    pub fn primary_color(&self) -> Option<colour::Rgb> {
        colour::Rgb::parse(self.school.primary_color.as_deref()?)
    }

    /// CSS that sets the theme's brand and link colours to the school's
    /// (`--brand`, `--link`), in light and dark mode; `None` without one.
    /// Valid after [`SiteConfig::load`].
    pub fn brand_css(&self) -> Option<String> {
        let light = self.primary_color()?;
        let dark = self
            .school
            .primary_color_dark
            .as_deref()
            .and_then(colour::Rgb::parse)
            .unwrap_or_else(|| colour::nearest_readable(light, colour::DARK_BACKGROUND));
        Some(format!(
            ":root{{--brand:{l};--link:{l}}}\n@media (prefers-color-scheme:dark){{:root{{--brand:{d};--link:{d}}}}}\n",
            l = light.hex(),
            d = dark.hex()
        ))
    }

    /// The parsed base URL. Valid after [`SiteConfig::load`].
    pub fn base(&self) -> BaseUrl {
        BaseUrl::parse(&self.base_url).unwrap_or_default()
    }

    /// The taxonomy reading a front-matter field, if configured.
    pub fn taxonomy(&self, field: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == field)
    }
}

/// Line and column of the first line mentioning `key` (for errors found after parsing).
fn find_key(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find(key) {
            return (i + 1, line[..col].chars().count() + 1);
        }
    }
    (1, 1)
}

/// Whether `url` is an `http://` or `https://` address, the only kind a
/// page may link to from configuration or front matter (never
/// `javascript:` or `data:`).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && url.len() > "https://".len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig> {
        SiteConfig::parse(text, Path::new("site-config.yaml"))
    }

    #[test]
    fn defaults_are_vietnamese() {
        let c = parse("title: Trường THCS A\n").unwrap();
        assert_eq!(c.language, "vi");
        assert_eq!(c.theme, "default");
        assert_eq!(c.taxonomies.len(), 3);
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let err = parse("title: A\nbase_ulr: /x/\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.message, "unknown key `base_ulr`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn nested_unknown_key_names_its_parent() {
        let err = parse("school:\n  nmae: A\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.message, "unknown key `nmae` in `school`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn bad_base_url_is_an_error_at_its_line() {
        let err = parse("title: A\nbase_url: ftp://x\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("base_url"), "{}", d.message);
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn a_brand_colour_too_light_for_text_fails_and_names_one_that_passes() {
        let err =
            parse("title: A\nschool:\n  name: B\n  primary_color: \"#ff9900\"\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.line, Some(4));
        assert!(
            d.message.contains("contrast of 2.1") && d.message.contains("on white"),
            "{}",
            d.message
        );
        let hint = d.hint.as_deref().unwrap();
        let fixed = hint.split('`').nth(1).unwrap();
        let c = colour::Rgb::parse(fixed).unwrap();
        assert!(
            colour::contrast(c, colour::LIGHT_BACKGROUND) >= 4.5,
            "{hint}"
        );
        // The named colour passes.
        let ok = parse(&format!("school:\n  primary_color: \"{fixed}\"\n")).unwrap();
        assert!(ok.brand_css().unwrap().contains(fixed));
        // Not a colour; a dark-mode colour too dark for the dark background.
        let err = parse("school:\n  primary_color: blue\n").unwrap_err();
        assert!(err.diagnostics()[0].message.contains("is not a colour"));
        let err = parse("school:\n  primary_color_dark: \"#0b2e6b\"\n").unwrap_err();
        assert!(err.diagnostics()[0]
            .message
            .contains("on the dark background"));
    }

    #[test]
    fn the_dark_mode_brand_colour_is_derived_to_be_readable() {
        let c = parse("school:\n  primary_color: \"#0b5cad\"\n").unwrap();
        let css = c.brand_css().unwrap();
        assert!(
            css.starts_with(":root{--brand:#0b5cad;--link:#0b5cad}"),
            "{css}"
        );
        let dark = css.split("--brand:").nth(2).unwrap()[..7].to_string();
        let dark = colour::Rgb::parse(&dark).unwrap();
        assert!(colour::contrast(dark, colour::DARK_BACKGROUND) >= 4.5);
        assert!(parse("title: A\n").unwrap().brand_css().is_none());
    }

    #[test]
    fn unknown_taxonomy_is_an_error() {
        let err = parse("taxonomies:\n  - name: skil\n    title: K\n").unwrap_err();
        assert_eq!(
            err.diagnostics()[0].hint.as_deref(),
            Some("did you mean `skill`?")
        );
    }
}
