//! Vietnamese text helpers shared by content, markdown and (later) search:
//! NFC normalisation, diacritic folding and URL slugs.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `s` in Unicode NFC, borrowing when it already is.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Removes tones and vowel marks and folds `đ`→`d`, `Đ`→`D`.
/// "Đăng ký định danh" becomes "Dang ky dinh danh". Works on NFC and NFD input.
pub fn fold_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// A URL slug: folded, lowercase ASCII letters and digits joined by `-`.
/// "Đăng ký VNeID mức 1" becomes `dang-ky-vneid-muc-1`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in fold_diacritics(s).chars().flat_map(char::to_lowercase) {
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
        assert_eq!(slugify("ĐỊNH DANH ĐIỆN TỬ"), "dinh-danh-dien-tu");
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
    fn folding_keeps_case() {
        assert_eq!(fold_diacritics("Đường Ươm"), "Duong Uom");
    }
}
