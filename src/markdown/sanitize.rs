//! Raw HTML in Markdown is untrusted: it goes through ammonia's allowlist,
//! extended with what camnang itself generates and with the site's
//! `markdown.allowed_tags` / `markdown.allowed_attributes`.

use super::MarkdownOptions;

/// Tags camnang's own renderer emits, on top of ammonia's safe defaults.
const OWN_TAGS: [&str; 9] = [
    "div",
    "span",
    "input",
    "figure",
    "figcaption",
    "details",
    "summary",
    "section",
    "mark",
];

/// Cleans `html`, keeping only allowed tags, attributes and URL schemes.
pub(crate) fn sanitize(html: &str, options: &MarkdownOptions) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(OWN_TAGS)
        .add_tags(options.allowed_tags.iter().map(String::as_str))
        .add_generic_attributes(["class", "id", "title", "lang", "dir"])
        .add_generic_attributes(options.allowed_attributes.iter().map(String::as_str))
        .add_generic_attribute_prefixes(["aria-", "data-"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("ol", ["start"])
        .strip_comments(true);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_and_handlers_keeps_structure() {
        let o = MarkdownOptions::default();
        let out = sanitize(
            "<div class=\"callout\" onclick=\"x()\"><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1) alt=a></div>",
            &o,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("class=\"callout\""), "{out}");
    }

    #[test]
    fn allowlist_setting_adds_tags() {
        let mut o = MarkdownOptions::default();
        assert!(!sanitize("<iframe src=\"https://a.vn\"></iframe>", &o).contains("iframe"));
        o.allowed_tags.push("iframe".into());
        o.allowed_attributes.push("src".into());
        assert!(sanitize("<iframe src=\"https://a.vn\"></iframe>", &o).contains("<iframe"));
    }
}
