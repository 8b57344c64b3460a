//! The search script's URL as a slot in rendered pages.
//!
//! The search script's name carries a hash of the index, and every page
//! names it (the search box loads it on first use), so any edit to any
//! lesson changes every page. Rendering every page again for that would
//! make each save in `camnang serve` cost a full build. Instead pages are
//! rendered with [`SEARCH_URL_SLOT`] where the URL goes; [`fill`] puts
//! the URL in and remembers where, and [`refill`] swaps in a new URL
//! without rendering again. Clean builds take the same path, so both
//! give the same bytes.
//!
//! The slot is used only where putting the URL in afterwards gives what
//! rendering it would have given ([`can_fill`]): minified HTML, where
//! Tera's escaping of `/` is undone, and a URL of plain characters, which
//! the minifier leaves unquoted as it leaves the slot.

/// What pages hold in place of the search script's URL until it is known:
/// private-use characters that no minifier or escaper changes.
pub const SEARCH_URL_SLOT: &str = "\u{E000}search-url\u{E000}";

/// Whether `url` may go in through the slot (see the module docs).
pub fn can_fill(url: &str, minified: bool, portable: bool) -> bool {
    minified
        && !portable
        && !url.is_empty()
        && url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/%".contains(&b))
}

/// A page with the URL put in each slot.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The finished bytes.
    pub bytes: std::sync::Arc<[u8]>,
    /// Where the URL starts, each time it was put in.
    pub at: std::sync::Arc<[usize]>,
    /// The URL put in.
    pub url: std::sync::Arc<str>,
}

/// Puts `url` in every slot of `rendered`.
pub fn fill(rendered: &[u8], url: &str) -> Filled {
    // The slot begins with a UTF-8 lead byte, so a byte match is a
    // character match.
    let found: Vec<usize> = memchr::memmem::find_iter(rendered, SEARCH_URL_SLOT).collect();
    splice(rendered, &found, SEARCH_URL_SLOT.len(), url)
}

/// The bytes of [`fill`] for a page nothing keeps (a one-off build): the
/// rendered bytes themselves when they hold no slot, else one copy with
/// the URL in, instead of a copy and then another into an `Arc`.
pub fn filled(rendered: Vec<u8>, url: &str) -> Vec<u8> {
    let found: Vec<usize> = memchr::memmem::find_iter(&rendered, SEARCH_URL_SLOT).collect();
    if found.is_empty() {
        return rendered;
    }
    spliced(&rendered, &found, SEARCH_URL_SLOT.len(), url).0
}

/// The same page with `url` in place of the URL it was filled with.
pub fn refill(page: &Filled, url: &str) -> Filled {
    if page.at.is_empty() || &*page.url == url {
        return page.clone();
    }
    splice(&page.bytes, &page.at, page.url.len(), url)
}

/// Replaces `old_len` bytes at each of `at` (ascending) with `url`.
fn splice(bytes: &[u8], at: &[usize], old_len: usize, url: &str) -> Filled {
    let (out, positions) = spliced(bytes, at, old_len, url);
    Filled {
        bytes: out.into(),
        at: positions.into(),
        url: url.into(),
    }
}

/// [`splice`]'s bytes, and where the URL starts in them each time.
fn spliced(bytes: &[u8], at: &[usize], old_len: usize, url: &str) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(bytes.len() + at.len() * url.len());
    let mut positions = Vec::with_capacity(at.len());
    let mut from = 0;
    for &i in at {
        out.extend_from_slice(&bytes[from..i]);
        positions.push(out.len());
        out.extend_from_slice(url.as_bytes());
        from = i + old_len;
    }
    out.extend_from_slice(&bytes[from..]);
    (out, positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_again_equals_filling_once() {
        let page = format!("<a data-client={SEARCH_URL_SLOT}>x</a><i>{SEARCH_URL_SLOT}</i>");
        let first = fill(page.as_bytes(), "/s/search.aaaa.js");
        assert_eq!(
            &*first.bytes,
            b"<a data-client=/s/search.aaaa.js>x</a><i>/s/search.aaaa.js</i>"
        );
        let second = refill(&first, "/kynangso/search/search.bb.js");
        assert_eq!(
            second.bytes,
            fill(page.as_bytes(), "/kynangso/search/search.bb.js").bytes
        );
        assert_eq!(
            refill(&second, "/x.js").bytes,
            fill(page.as_bytes(), "/x.js").bytes
        );
    }

    #[test]
    fn filled_bytes_are_fills() {
        let slot = SEARCH_URL_SLOT;
        for page in [
            format!("<a data-client={slot}>x</a><i>{slot}</i>"),
            slot.to_string(),
            format!("{slot}{slot}"),
            "<p>\u{E000} no slot</p>".to_string(),
            String::new(),
        ] {
            let want = fill(page.as_bytes(), "/s/search.aaaa.js").bytes;
            assert_eq!(
                &*filled(page.clone().into_bytes(), "/s/search.aaaa.js"),
                &*want,
                "{page:?}"
            );
        }
    }

    #[test]
    fn a_page_without_the_slot_is_kept_as_it_is() {
        let page = fill(b"<p>\xEE\x80\x80 alone</p>", "/s.js");
        assert!(page.at.is_empty());
        assert_eq!(&*refill(&page, "/t.js").bytes, b"<p>\xEE\x80\x80 alone</p>");
    }

    #[test]
    fn only_plain_minified_urls_go_through_the_slot() {
        assert!(can_fill("/kynangso/search/search.ab12.js", true, false));
        assert!(can_fill("/tr%C6%B0%E1%BB%9Dng/search.js", true, false));
        assert!(
            !can_fill("/search.js", false, false),
            "unminified: Tera escapes /"
        );
        assert!(
            !can_fill("/search.js", true, true),
            "portable links are relative"
        );
        assert!(!can_fill("/a=b/search.js", true, false), "= needs quotes");
        assert!(!can_fill("/a'b/search.js", true, false));
    }
}
