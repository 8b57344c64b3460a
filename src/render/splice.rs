//! Rendered Markdown put into pages after they are rendered.
//!
//! A lesson's HTML is most of its page and all of its embed. It is minified
//! once, in a `<div>` as the theme prints it ([`minify_fragment`]): by a
//! one-off build as soon as it is rendered, before it is packed, and
//! otherwise (the dev server) when a page's context is made (a lesson's
//! page, poster and embed are rendered from one context, so they share
//! it). Minified HTML is then printed as it is, even in a file that is
//! not minified (an XML feed that prints it). The page around
//! it needs no minifying, since its templates were minified when they
//! loaded (`template_minify`). While a page's context is made
//! ([`standing_in`]), each [`Html`] value stands in as a short placeholder,
//! so that Tera does not copy the lesson's HTML through the context and the
//! page; after the page is rendered, [`splice`] puts the HTML back in place
//! of each placeholder.
//!
//! Placeholders are only used when every template prints rendered
//! Markdown as it is, `{{ page.content | safe }}` ([`prints_html_as_is`]):
//! a filter or a test on the placeholder would see the wrong text. A
//! placeholder that does not come out of the page whole makes the page
//! render again with the (minified) HTML itself in its context. A build
//! test checks that the bundled site comes out byte-identical either way.
//!
//! [`Html`]: super::Html

use crate::markdown::Rendered;
use std::cell::RefCell;
use std::sync::Arc;

/// Opens and closes a placeholder's number: a private-use character, which
/// neither Tera's escaping nor the minifier changes.
const MARK: char = '\u{E001}';
/// What a placeholder starts with; its number and [`END`] follow.
const START: &str = "<i>\u{E001}";
/// What a placeholder ends with.
const END: &str = "\u{E001}</i>";

/// The HTML each placeholder stands for, while a context is being made.
struct StandIns {
    minified: bool,
    placeholders: bool,
    fragments: Vec<Arc<[u8]>>,
}

thread_local! {
    static STANDING_IN: RefCell<Option<StandIns>> = const { RefCell::new(None) };
}

/// Runs `make` (which serialises a page's context) with each non-empty
/// [`super::Html`] minified if `minified`, and standing in as a
/// placeholder if `placeholders`. Returns what `make` returned and the
/// HTML of each placeholder, by number.
pub fn standing_in<T>(
    minified: bool,
    placeholders: bool,
    make: impl FnOnce() -> T,
) -> (T, Vec<Arc<[u8]>>) {
    /// Ends standing in even if `make` panics.
    struct End;
    impl Drop for End {
        fn drop(&mut self) {
            STANDING_IN.with(|s| s.borrow_mut().take());
        }
    }
    STANDING_IN.with(|s| {
        *s.borrow_mut() = Some(StandIns {
            minified,
            placeholders,
            fragments: Vec::new(),
        })
    });
    let end = End;
    let made = make();
    let fragments = STANDING_IN
        .with(|s| s.borrow_mut().take())
        .map_or_else(Vec::new, |s| s.fragments);
    drop(end);
    (made, fragments)
}

/// What stands for `rendered` now, if anything does ([`standing_in`]): a
/// placeholder, or its minified HTML. Empty HTML never stands in, so
/// `{% if page.content %}` sees what it would see.
pub(super) fn stand_in(rendered: &Rendered) -> Option<String> {
    if rendered.html_is_empty() {
        return None;
    }
    STANDING_IN.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut()?;
        // Minified once already in a one-off build that minifies (see
        // `Rendered::set_minified`); such HTML is printed as it is even
        // where a file is not minified (an XML feed that prints it).
        let minify = s.minified && !rendered.is_minified();
        if !s.placeholders {
            return Some(if minify {
                minify_fragment(&rendered.html())
            } else {
                rendered.html().into_owned()
            });
        }
        let fragment: Arc<[u8]> = if minify {
            Arc::from(minify_fragment(&rendered.html()).into_bytes())
        } else {
            Arc::from(rendered.html_bytes())
        };
        s.fragments.push(fragment);
        Some(format!("{START}{}{END}", s.fragments.len() - 1))
    })
}

/// `html` minified by the pass every rendered page gets
/// ([`super::template_minify`]), as the inside of a `<div>`, where the
/// theme prints it (whether its last `</p>` may be left out depends on
/// what follows), so that it is the same whether it is spliced in or
/// printed by the template.
pub fn minify_fragment(html: &str) -> String {
    let wrapped = super::template_minify::minify_rendered(&format!("<div>{html}</div>"));
    match wrapped
        .strip_prefix("<div>")
        .and_then(|t| t.strip_suffix("</div>"))
    {
        Some(inner) => inner.to_string(),
        None => wrapped,
    }
}

/// `page` with each placeholder replaced by its HTML from `fragments`.
/// `None` if any placeholder did not come out whole, or names no
/// fragment: the page must then be rendered the usual way.
pub fn splice(page: &[u8], fragments: &[Arc<[u8]>]) -> Option<Vec<u8>> {
    let mut mark = [0u8; 4];
    let mark = MARK.encode_utf8(&mut mark).as_bytes();
    let extra: usize = fragments.iter().map(|f| f.len()).sum();
    let mut out = Vec::with_capacity(page.len() + extra);
    let mut rest = page;
    while let Some(at) = memchr::memmem::find(rest, mark) {
        let before = rest[..at].strip_suffix(b"<i>")?;
        out.extend_from_slice(before);
        let after = &rest[at + mark.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let n: usize = std::str::from_utf8(&after[..digits]).ok()?.parse().ok()?;
        out.extend_from_slice(fragments.get(n)?);
        rest = after[digits..].strip_prefix(END.as_bytes())?;
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// Whether every template prints rendered Markdown only as
/// `{{ name.content | safe }}`, the one use splicing supports.
pub fn prints_html_as_is<'t>(templates: impl IntoIterator<Item = &'t str>) -> bool {
    templates.into_iter().all(|text| {
        let bytes = text.as_bytes();
        text.match_indices("content").all(|(at, _)| {
            let end = at + "content".len();
            let word_before = at > 0 && is_word(bytes[at - 1]);
            let word_after = bytes.get(end).is_some_and(|b| is_word(*b));
            let accessed = at > 0 && matches!(bytes[at - 1], b'.' | b'"' | b'\'');
            if word_before || word_after || !accessed {
                return true; // Another word, a block name, an HTML attribute.
            }
            printed_safe(text, at)
        })
    })
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the `content` at `at` (after a `.`) is inside
/// `{{ path.content | safe }}`, or is what `{% if path.content %}` tests
/// (empty HTML never stands in, so the test comes out the same).
fn printed_safe(text: &str, at: usize) -> bool {
    if text.as_bytes()[at - 1] != b'.' {
        return false;
    }
    let path_start = text[..at]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let opening = text[..path_start].trim_end();
    let closing = text[at + "content".len()..].trim_start();
    let tested = ["{% if", "{%- if", "{% elif", "{%- elif"]
        .iter()
        .any(|o| opening.ends_with(o));
    if tested {
        return closing.starts_with("%}") || closing.starts_with("-%}");
    }
    let opened = opening.ends_with("{{") || opening.ends_with("{{-");
    let Some(closing) = closing.strip_prefix('|') else {
        return false;
    };
    let Some(closing) = closing.trim_start().strip_prefix("safe") else {
        return false;
    };
    let closing = closing.trim_start();
    opened && (closing.starts_with("}}") || closing.starts_with("-}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(html: &str) -> Rendered {
        Rendered {
            html: html.into(),
            ..Default::default()
        }
    }

    #[test]
    fn placeholders_come_back_as_their_html() {
        let (a, b) = (rendered("<p>Một</p>"), rendered("<h2>Hai</h2>"));
        let ((x, y, none), fragments) = standing_in(false, true, || {
            (stand_in(&a), stand_in(&b), stand_in(&rendered("")))
        });
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(none, None, "empty HTML does not stand in");
        let page = format!("<main>{x}</main><aside>{y}{x}</aside>");
        let spliced = splice(page.as_bytes(), &fragments).unwrap();
        assert_eq!(
            String::from_utf8(spliced).unwrap(),
            "<main><p>Một</p></main><aside><h2>Hai</h2><p>Một</p></aside>"
        );
        // Outside `standing_in`, nothing stands in.
        assert_eq!(stand_in(&a), None);
    }

    #[test]
    fn a_placeholder_that_did_not_come_out_whole_fails() {
        let a = rendered("<p>Một</p>");
        let (x, fragments) = standing_in(false, true, || stand_in(&a).unwrap());
        // As `striptags` or `truncate` would leave it.
        let stripped = x.replace("<i>", "").replace("</i>", "");
        assert_eq!(splice(stripped.as_bytes(), &fragments), None);
        let cut = &x[..x.len() - 3];
        assert_eq!(splice(cut.as_bytes(), &fragments), None);
        assert_eq!(splice(x.replace('0', "7").as_bytes(), &fragments), None);
        assert!(splice(b"<p>no placeholder</p>", &fragments).is_some());
    }

    #[test]
    fn fragments_are_minified_only_when_asked() {
        let html = "<p>Một\n  hai</p>\n<p>ba</p>\n";
        let (_, fragments) = standing_in(true, true, || stand_in(&rendered(html)).unwrap());
        assert_eq!(&*fragments[0], "<p>Một hai<p>ba".as_bytes());
        let (_, fragments) = standing_in(false, true, || stand_in(&rendered(html)).unwrap());
        assert_eq!(&*fragments[0], html.as_bytes());
        // HTML minified once already (a one-off build) is not minified
        // again, with placeholders or without.
        let mut once = rendered("");
        once.set_minified(html.into());
        let (_, fragments) = standing_in(true, true, || stand_in(&once).unwrap());
        assert_eq!(&*fragments[0], html.as_bytes());
        let (printed, _) = standing_in(true, false, || stand_in(&once).unwrap());
        assert_eq!(printed, html);
        let (printed, _) = standing_in(true, false, || stand_in(&rendered(html)).unwrap());
        assert_eq!(printed, "<p>Một hai<p>ba");
    }

    #[test]
    fn a_minified_fragment_is_what_the_page_pass_leaves_it() {
        let html = "<ol><li><h2>Bước 1</h2>\n<div class=\"b\"><p>Một  hai</p></div></li></ol>";
        let (x, fragments) = standing_in(true, true, || stand_in(&rendered(html)).unwrap());
        let fragment = std::str::from_utf8(&fragments[0]).unwrap();
        assert_eq!(
            super::super::template_minify::minify_rendered(fragment),
            fragment
        );
        assert!(!fragment.contains("</h2> <div"), "{fragment}");
        assert!(x.starts_with(START));
    }

    #[test]
    fn only_html_printed_as_is_can_be_spliced() {
        let ok = [
            "<div class=\"prose\">{{ page.content | safe }}</div>",
            "{{- section.content|safe -}} {% block content %}{% endblock content %}",
            "<meta name=\"x\" content=\"{{ page.title }}\"> f.contentWindow",
            "{% if page.content %}<div>{{ page.content | safe }}</div>{% endif %}",
        ];
        assert!(prints_html_as_is(ok));
        for bad in [
            "{{ page.content | striptags | truncate(length=80) }}",
            "{{ page.content | wordcount }}",
            "{% if page.content | length > 10 %}x{% endif %}",
            "{% set c = page.content %}{{ c | safe }}",
            "{{ page[\"content\"] | safe }}",
            "{{ page.content }}",
            "{% if page.content == \"\" %}x{% endif %}",
            "{% if not page.content %}x{% endif %}",
        ] {
            assert!(!prints_html_as_is([bad]), "{bad}");
        }
    }
}
