//! Vietnamese text helpers shared by content, markdown and (later) search:
//! NFC normalisation, diacritic folding and URL slugs.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `s` in Unicode NFC, borrowing when it already is.
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if surely_nfc(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

/// The precomposed Latin letters (all of Vietnamese's toned vowels).
const LATIN_EXTENDED_ADDITIONAL: (u32, u32) = (0x1E00, 0x1EFF);
/// The punctuation lessons use (– — … “ ” •), leaving out U+2000 and
/// U+2001, which are not NFC.
const PUNCTUATION: (u32, u32) = (0x2002, 0x206F);
/// Currency signs (₫).
const CURRENCY: (u32, u32) = (0x20A0, 0x20CF);

/// Characters from U+0800 up that [`surely_nfc`] accepts. Each is NFC by
/// itself and combines with nothing before it (tested).
const SURELY_NFC_RANGES: [(u32, u32); 3] = [LATIN_EXTENDED_ADDITIONAL, PUNCTUATION, CURRENCY];

/// Whether `code` is in one of `ranges` (inclusive).
fn within(ranges: &[(u32, u32)], code: u32) -> bool {
    ranges.iter().any(|&(from, to)| (from..=to).contains(&code))
}

/// Whether every character of `s` is below U+0300 or in
/// [`SURELY_NFC_RANGES`], as in Vietnamese text: such characters are all
/// NFC and combine with nothing (tested), so `s` is NFC. A byte scan,
/// much faster than the quick check's lookup per character, which was a
/// twentieth of a build.
pub(crate) fn surely_nfc(s: &str) -> bool {
    // In UTF-8, a byte from 0xCC up starts a character from U+0300 up.
    // Every other byte is ASCII, a continuation, or starts U+0080–U+02FF.
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(found) = b[i..].iter().position(|&c| c >= 0xCC) {
        let at = i + found;
        // Of those, only three-byte characters from 0xE0 to 0xEF can be in
        // the ranges; `s` is UTF-8, so both continuation bytes are there.
        if !(0xE0..=0xEF).contains(&b[at]) {
            return false;
        }
        let code = u32::from(b[at] & 0x0F) << 12
            | u32::from(b[at + 1] & 0x3F) << 6
            | u32::from(b[at + 2] & 0x3F);
        if !within(&SURELY_NFC_RANGES, code) {
            return false;
        }
        i = at + 3;
    }
    true
}

/// `bytes` as a `String` if they are UTF-8: `String::from_utf8`, with the
/// check done by simdutf8 (many times faster on Vietnamese text, where
/// most letters take two or three bytes). Every lesson read and every
/// page rendered passes through here. On invalid bytes, the error is
/// std's, with its position.
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 just checked that `bytes` are UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// Removes tones and vowel marks and folds `đ`→`d`, `Đ`→`D`.
/// "Đăng ký định danh" becomes "Dang ky dinh danh". Works on NFC and NFD input.
pub fn fold_diacritics(s: &str) -> String {
    fold_fast(s).unwrap_or_else(|| fold_slow(s))
}

/// [`fold_diacritics`] by full decomposition: the definition.
fn fold_slow(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// The characters folded from a table, one at a time: Latin-1's symbols
/// and letters, Latin Extended-A and -B, and [`SURELY_NFC_RANGES`] (the
/// toned letters, punctuation and currency signs lessons use: NBSP « ° –
/// … “ ” ₫). Each one's entry is its own [`fold_slow`].
const TABLE_RANGES: [(u32, u32); 4] = [
    (0x80, 0x24F),
    LATIN_EXTENDED_ADDITIONAL,
    PUNCTUATION,
    CURRENCY,
];

/// What one character folds to, when that is known without looking at its
/// neighbours: `Some(None)` drops it (a combining mark), `Some(Some(c))`
/// replaces it. `None`: fold the whole text the slow way.
fn fold_char(c: char) -> Option<Option<char>> {
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return Some(Some(c));
    }
    if ('\u{300}'..='\u{36F}').contains(&c) {
        return Some(None);
    }
    let table = TABLE.get_or_init(|| {
        TABLE_RANGES
            .iter()
            .flat_map(|&(from, to)| from..=to)
            .map(|code| {
                let folded = char::from_u32(code).map(|c| fold_slow(c.encode_utf8(&mut [0; 4])));
                let mut chars = folded.as_deref().unwrap_or("").chars();
                match (chars.next(), chars.next()) {
                    (Some(one), None) => Some(one),
                    _ => None,
                }
            })
            .collect()
    });
    let code = u32::from(c);
    let mut offset = 0;
    for (from, to) in TABLE_RANGES {
        if (from..=to).contains(&code) {
            return table[offset + (code - from) as usize].map(Some);
        }
        offset += (to - from + 1) as usize;
    }
    None
}

/// [`fold_diacritics`] one character at a time, for text made only of
/// ASCII, Latin letters, common punctuation and combining marks (nearly
/// all lessons); `None` for anything else. Decomposing the whole text
/// would only reorder the marks, which are dropped, so the result is the
/// same.
fn fold_fast(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    fold_fast_into(s, &mut out).then_some(out)
}

/// [`fold_diacritics`] of `s`, appended to `out`, when the fast way can
/// fold it (see `fold_fast`). `false`, and `out` as it was, when it
/// cannot: the caller folds `s` with [`fold_diacritics`] instead.
pub fn fold_fast_into(s: &str, out: &mut String) -> bool {
    let start = out.len();
    for c in s.chars() {
        match fold_char(c) {
            Some(Some(folded)) => out.push(folded),
            Some(None) => {}
            None => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// The longest slug, in bytes. Slugs become folder names, which most file
/// systems cap at 255 bytes; a tag pasted from a whole paragraph must not
/// make a name the build cannot create.
pub const MAX_SLUG_BYTES: usize = 100;

/// A URL slug: folded, lowercase ASCII letters and digits joined by `-`.
/// "Đăng ký VNeID mức 1" becomes `dang-ky-vneid-muc-1`. Longer than
/// [`MAX_SLUG_BYTES`], it is cut at the last `-` before the limit.
pub fn slugify(s: &str) -> String {
    let mut out = slugify_whole(s);
    if out.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        if out.as_bytes()[end] != b'-' {
            if let Some(dash) = out[..end].rfind('-').filter(|&d| d > MAX_SLUG_BYTES / 2) {
                end = dash;
            }
        }
        out.truncate(end);
    }
    out
}

fn slugify_whole(s: &str) -> String {
    let folded = fold_diacritics(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    let mut take = |c: char| {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c == '_' || c == '-' || c.is_whitespace() || c.is_ascii_punctuation() {
            pending_dash = true;
        } else if c.is_alphanumeric() {
            // Letters outside ASCII that do not fold (other scripts): keep them,
            // browsers percent-encode them correctly.
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    };
    // Folded Vietnamese is nearly all ASCII, whose lowercase is one
    // character: only other characters go through `char::to_lowercase`.
    for c in folded.chars() {
        if c.is_ascii() {
            take(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut take);
        }
    }
    out
}

/// A key for sorting Vietnamese titles: folded and lowercased first, then the
/// original text so that accented forms sort in a stable order.
pub fn sort_key(s: &str) -> (String, String) {
    (fold_diacritics(s).to_lowercase(), s.to_string())
}

/// Percent-encodes a URL path for `href`/`src`, keeping `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a bad escape or bytes that are not
/// UTF-8. The dev server refuses such paths; links keep them as written.
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly (`from_str_radix` would also take `+1`).
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_string_is_from_utf8() {
        let cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            "Đăng ký định danh điện tử VNeID mức 2 — “Bước 1” …".into(),
            "x".repeat(100).into_bytes(),
            b"B\xe1i h\xe1\xbb".to_vec(),
            [
                &b"ok "[..],
                &"ấ".repeat(40).into_bytes()[..],
                b"\xff",
                b"tail",
            ]
            .concat(),
            b"\xed\xa0\x80 surrogate".to_vec(),
            b"\xc0\xaf overlong".to_vec(),
            "ấ".repeat(40).into_bytes()[..119].to_vec(),
        ];
        for bytes in cases {
            let ours = utf8_string(bytes.clone()).map_err(|e| e.utf8_error());
            let std = String::from_utf8(bytes.clone()).map_err(|e| e.utf8_error());
            assert_eq!(ours, std, "{bytes:?}");
        }
    }

    #[test]
    fn the_nfc_fast_path_takes_only_characters_that_are_surely_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let inside = |code: u32| code < 0x300 || within(&SURELY_NFC_RANGES, code);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let taken = surely_nfc(&format!("a{c}b"));
            assert_eq!(taken, inside(c as u32), "{c:?}");
            if taken {
                // Combines with nothing before it, and is NFC by itself.
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                let alone = is_nfc_quick(std::iter::once(c));
                assert_eq!(alone, IsNormalized::Yes, "{c:?}");
            }
        }
        // Punctuation Word puts in, and the đồng sign.
        assert!(surely_nfc("Bước 1 – mở ứng dụng… “VNeID” • 10.000 ₫"));
        // Not NFC by itself: U+2000 is U+2002.
        assert!(!surely_nfc("\u{2000}"));
        assert_eq!(nfc("\u{2000}"), "\u{2002}");
        let nfd = "Đa\u{0300}ng ky\u{0301}";
        assert!(!surely_nfc(nfd));
        assert_eq!(nfc(nfd), "Đàng ký");
        assert!(matches!(
            nfc("Đăng ký định danh"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn percent_escapes_decode_or_fail_whole() {
        assert_eq!(percent_decode("a%20b/%E1%BA%A3").as_deref(), Some("a b/ả"));
        assert_eq!(percent_decode("thuần").as_deref(), Some("thuần"));
        for bad in ["%zz", "%4", "a%", "%E1%BA", "%2e%+1"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn slugs_fold_vietnamese() {
        assert_eq!(slugify("Đăng ký VNeID mức 1"), "dang-ky-vneid-muc-1");
        assert_eq!(slugify("Thanh toán trực tuyến"), "thanh-toan-truc-tuyen");
        assert_eq!(slugify("  Hòa  --  Thủy!! "), "hoa-thuy");
        assert_eq!(slugify("bai_hoc 2"), "bai-hoc-2");
        // Long slugs are cut at a word, and never inside a character.
        let long = slugify(&"Đăng ký tài khoản định danh ".repeat(20));
        assert!(long.len() <= MAX_SLUG_BYTES && long.len() > MAX_SLUG_BYTES / 2);
        assert!(long.starts_with("dang-ky-tai-khoan") && !long.ends_with('-'));
        assert_eq!(slugify(&"a".repeat(300)), "a".repeat(MAX_SLUG_BYTES));
        let other = slugify(&"中文".repeat(100));
        assert!(other.len() <= MAX_SLUG_BYTES && other.starts_with("中文"));
        assert_eq!(slugify("ĐỊNH DANH ĐIỆN TỬ"), "dinh-danh-dien-tu");
    }

    #[test]
    fn slugs_lowercase_as_char_to_lowercase_does() {
        // The definition: every folded character through `to_lowercase`.
        fn by_definition(s: &str) -> String {
            let mut out = String::new();
            let mut pending_dash = false;
            for c in fold_diacritics(s).chars().flat_map(char::to_lowercase) {
                let keep = c.is_ascii_alphanumeric()
                    || !(c == '_' || c == '-' || c.is_whitespace() || c.is_ascii_punctuation())
                        && c.is_alphanumeric();
                if keep {
                    if pending_dash && !out.is_empty() {
                        out.push('-');
                    }
                    pending_dash = false;
                    out.push(c);
                } else {
                    pending_dash = true;
                }
            }
            out
        }
        // Every character, in runs of 40 with a letter and a space between
        // (`İ` lowercases to two characters, `Σ` by context).
        let chars: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for run in chars.chunks(40) {
            let text: String = run.iter().flat_map(|&c| [c, 'A', ' ']).collect();
            assert_eq!(slugify_whole(&text), by_definition(&text), "{run:?}");
        }
        for text in ["Đăng ký VNeID", "İSTANBUL ΣΟΦΊΑ", "Ǆ ǅ ǆ", "  a--b__c  "] {
            assert_eq!(slugify_whole(text), by_definition(text), "{text}");
        }
    }

    #[test]
    fn nfd_input_gives_the_same_slug() {
        let nfd: String = "Đăng ký".nfd().collect();
        assert_ne!(nfd, "Đăng ký");
        assert_eq!(slugify(&nfd), "dang-ky");
        assert_eq!(nfc(&nfd), "Đăng ký");
    }

    #[test]
    fn encodes_paths() {
        assert_eq!(encode_path("a b/ả.png"), "a%20b/%E1%BA%A3.png");
    }

    #[test]
    fn folding_one_character_at_a_time_agrees_with_decomposing() {
        let mut samples: Vec<String> = TABLE_RANGES
            .iter()
            .flat_map(|&(from, to)| from..=to)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        samples.extend(
            [
                "Đăng ký định danh điện tử",
                "Hoà hòa Thuỷ thủy Ươm ĐƯỜNG",
                "a\u{301}\u{323}b e\u{302}\u{300} Ä",
                "Ǆ ǅ İ ß ﬁ",
            ]
            .map(String::from),
        );
        samples.push("Đăng ký".nfd().collect());
        for s in &samples {
            assert_eq!(fold_diacritics(s), fold_slow(s), "{s:?}");
        }
        // Punctuation is folded from the table too.
        let typed = "Bước 1\u{a0}– mở ứng dụng… «VNeID» “10.000 ₫”";
        assert_eq!(
            fold_fast(typed).as_deref(),
            Some("Buoc 1\u{a0}– mo ung dung… «VNeID» “10.000 ₫”")
        );
        // Other scripts take the slow path and are still folded.
        assert_eq!(fold_fast("Ελλάδα"), None);
        assert_eq!(fold_diacritics("Ελλάδα"), "Ελλαδα");
    }

    #[test]
    fn folding_keeps_case() {
        assert_eq!(fold_diacritics("Đường Ươm"), "Duong Uom");
    }
}
