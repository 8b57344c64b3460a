//! A limit on how deeply a lesson's blocks and tags may nest.
//!
//! The Markdown parser copes with any depth, but the HTML minifier parses
//! recursively: 10,000 nested quotes, lists, emphasis or `<div>`s overflow
//! its stack and abort the whole build. No real lesson nests more than a
//! handful of levels, so deeper input is refused with an error that points
//! at the line where the limit is crossed.

/// The deepest nesting of Markdown blocks, inline spans and raw HTML tags
/// that a lesson may have. Real lessons stay under ten.
pub const MAX_NESTING: usize = 100;

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest element nesting in well-formed HTML, as an HTML serialiser
/// writes it (every non-void element closed, `<` in text escaped). Stops
/// counting once `limit` is passed.
pub fn html_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt + 1;
        if bytes[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = &bytes[start..start + name_len];
        i = tag_end(bytes, start + name_len);
        let self_closed = bytes.get(i.wrapping_sub(2)) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed && !VOID.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(name)) {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                break;
            }
        }
    }
    deepest
}

/// The index just past the `>` that ends a tag whose attributes start at
/// `from`; `>` inside quoted attribute values does not end it.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nested_elements_only() {
        assert_eq!(html_depth("<p>a</p><p>b</p>", 100), 1);
        assert_eq!(
            html_depth("<div><ul><li><em>x</em></li></ul></div>", 100),
            4
        );
        // Void and self-closed elements, comments and quoted `>` or `<`
        // open nothing.
        assert_eq!(
            html_depth(
                "<p><br><img alt=\"<div> >\" src=x><svg><path d=\"M0\"/></svg><!-- <div> --></p>",
                100
            ),
            2
        );
        assert_eq!(html_depth("a &lt;div&gt; b", 100), 0);
    }

    #[test]
    fn stops_counting_past_the_limit() {
        let deep = "<div>".repeat(10_000);
        assert_eq!(html_depth(&deep, 100), 101);
        assert_eq!(html_depth(&deep, 20_000), 10_000);
    }
}
