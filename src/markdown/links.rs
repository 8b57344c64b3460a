//! Sorting out what a link in Markdown points at.

/// Answers where content files and assets end up. Implemented by the site.
pub trait LinkResolver: Sync {
    /// The URL of a page or section, by its path inside `content/`.
    fn document_url(&self, rel_path: &str) -> Option<String>;
    /// The URL of a non-Markdown file, by its path inside `content/`.
    fn asset_url(&self, rel_path: &str) -> Option<String>;
    /// A site path such as `/ky-nang/` with the base path in front.
    fn site_url(&self, path: &str) -> String;
    /// Width and height of an image, by its path inside `content/`.
    fn image_size(&self, _rel_path: &str) -> Option<(u32, u32)> {
        None
    }
}

/// What kind of target a link has (see [`classify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#anchor` on the same page.
    SamePage(String),
    /// Another content file: path inside `content/` and anchor (may be empty).
    Content { path: String, anchor: String },
    /// A site path such as `/ky-nang/`.
    Site(String),
    /// Some other relative file: path inside `content/`, and the suffix (`?x#y`).
    File { path: String, suffix: String },
    /// `https://…`, `mailto:…`, `tel:…`.
    External,
    /// A scheme that can run code or smuggle content (`javascript:`, `data:` …).
    Unsafe(String),
    /// A relative path that climbs out of `content/`.
    Escapes,
}

const SAFE_SCHEMES: [&str; 5] = ["http", "https", "mailto", "tel", "sms"];

/// Classifies `url`, written in a file whose folder is `dir` (inside `content/`).
pub fn classify(url: &str, dir: &str) -> Target {
    let url = url.trim();
    if let Some(anchor) = url.strip_prefix('#') {
        return Target::SamePage(percent_decode(anchor));
    }
    if url.starts_with("//") {
        return Target::External;
    }
    if let Some(scheme) = scheme_of(url) {
        let lower = scheme.to_ascii_lowercase();
        return if SAFE_SCHEMES.contains(&lower.as_str()) {
            Target::External
        } else {
            Target::Unsafe(lower)
        };
    }
    if let Some(rest) = url.strip_prefix("@/") {
        let (path, anchor) = split_anchor(rest);
        return match normalize_rel_path("", &percent_decode(path)) {
            Some(path) => Target::Content {
                path,
                anchor: percent_decode(anchor),
            },
            None => Target::Escapes,
        };
    }
    if url.starts_with('/') {
        return Target::Site(url.to_string());
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(cut);
    let Some(resolved) = normalize_rel_path(dir, &percent_decode(path)) else {
        return Target::Escapes;
    };
    if resolved.ends_with(".md") {
        let (_, anchor) = split_anchor(suffix);
        Target::Content {
            path: resolved,
            anchor: percent_decode(anchor),
        }
    } else {
        Target::File {
            path: resolved,
            suffix: suffix.to_string(),
        }
    }
}

/// The scheme of an absolute URL (`https` in `https://…`), if any.
/// Browsers drop tabs and newlines inside URLs ("java\tscript:"), so do we.
fn scheme_of(url: &str) -> Option<String> {
    let compact: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = compact.find(':')?;
    let scheme = &compact[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_string())
}

fn split_anchor(s: &str) -> (&str, &str) {
    match s.split_once('#') {
        Some((p, a)) => (p, a),
        None => (s, ""),
    }
}

/// Joins `rel` onto the folder `dir` and resolves `.` and `..`.
/// Returns `None` if the result would leave `content/`.
pub fn normalize_rel_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(crate::text::nfc(&parts.join("/")).into_owned())
}

/// Decodes `%XX` escapes; a link with a bad escape stays as written.
fn percent_decode(s: &str) -> String {
    crate::text::percent_decode(s).unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_links() {
        assert_eq!(
            classify("@/vneid/dang-ky.md#buoc-2", "x"),
            Target::Content {
                path: "vneid/dang-ky.md".into(),
                anchor: "buoc-2".into()
            }
        );
        assert_eq!(
            classify("../thanh-toan/qr.md", "vneid"),
            Target::Content {
                path: "thanh-toan/qr.md".into(),
                anchor: "".into()
            }
        );
        assert_eq!(classify("#muc-1", "x"), Target::SamePage("muc-1".into()));
        assert_eq!(classify("https://dichvucong.gov.vn", "x"), Target::External);
        assert_eq!(classify("/ky-nang/", "x"), Target::Site("/ky-nang/".into()));
        assert_eq!(
            classify("JavaScript:alert(1)", "x"),
            Target::Unsafe("javascript".into())
        );
        assert_eq!(
            classify("java\tscript:alert(1)", "x"),
            Target::Unsafe("javascript".into())
        );
        assert_eq!(
            classify("data:text/html,x", "x"),
            Target::Unsafe("data".into())
        );
        assert_eq!(classify("../../../etc/passwd", "a"), Target::Escapes);
        assert_eq!(
            classify("anh%20mot.png?v=1", "vneid"),
            Target::File {
                path: "vneid/anh mot.png".into(),
                suffix: "?v=1".into()
            }
        );
    }
}
