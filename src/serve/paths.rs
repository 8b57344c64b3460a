//! Maps a request path to a file of the in-memory site. Only paths inside
//! the site's base path that name a built file are ever served: `..`,
//! encoded dots, backslashes, NUL and absolute paths are refused before any
//! lookup.

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A built file, by its key in the output (`vneid/index.html`).
    File(String),
    /// Redirect here (a folder without its trailing slash, or the site root).
    Redirect(String),
    /// Nothing is built at that path.
    NotFound,
    /// A path that tries to leave the output, or cannot be decoded.
    Refused,
}

/// Resolves `path` (the raw, still percent-encoded request path) under
/// `base` (`/` or `/kynangso/`), looking files up with `exists`.
pub fn resolve(path: &str, base: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(rest) = path.strip_prefix(base) else {
        return if path == "/" || format!("{path}/") == base {
            Resolved::Redirect(base.to_string())
        } else {
            Resolved::NotFound
        };
    };
    let Some(decoded) = crate::text::percent_decode(rest) else {
        return Resolved::Refused;
    };
    let unsafe_segment = |s: &str| s == ".." || s == "." || s.contains(':');
    if decoded.starts_with('/')
        || decoded.contains(['\\', '\0'])
        || decoded.split('/').any(unsafe_segment)
    {
        return Resolved::Refused;
    }
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    if exists(&key) {
        Resolved::File(key)
    } else if exists(&format!("{decoded}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 4] = [
        "index.html",
        "vneid/index.html",
        "vneid/kich-hoat/index.html",
        "style.css",
    ];

    fn at(path: &str, base: &str) -> Resolved {
        resolve(path, base, |k| FILES.contains(&k))
    }

    #[test]
    fn files_folders_and_redirects_under_a_sub_path() {
        let b = "/kynangso/";
        assert_eq!(at("/kynangso/", b), Resolved::File("index.html".into()));
        assert_eq!(
            at("/kynangso/style.css", b),
            Resolved::File("style.css".into())
        );
        assert_eq!(
            at("/kynangso/vneid/kich-hoat/", b),
            Resolved::File("vneid/kich-hoat/index.html".into())
        );
        assert_eq!(
            at("/kynangso/vneid", b),
            Resolved::Redirect("/kynangso/vneid/".into())
        );
        assert_eq!(at("/kynangso", b), Resolved::Redirect("/kynangso/".into()));
        assert_eq!(at("/", b), Resolved::Redirect("/kynangso/".into()));
        assert_eq!(at("/vneid/", b), Resolved::NotFound);
        assert_eq!(at("/kynangso/khong-co/", b), Resolved::NotFound);
        assert_eq!(at("/", "/"), Resolved::File("index.html".into()));
    }

    #[test]
    fn escaping_the_output_is_refused() {
        for path in [
            "/../etc/passwd",
            "/kynangso/../etc/passwd",
            "/kynangso/vneid/../../x",
            "/kynangso/%2e%2e/etc/passwd",
            "/kynangso/%2E%2E%2Fetc%2Fpasswd",
            "/kynangso/..%2fsecret",
            "/kynangso/..\\windows\\win.ini",
            "/kynangso/%5c..%5cwin.ini",
            "/kynangso//etc/passwd",
            "/kynangso/%2fetc%2fpasswd",
            "/kynangso/C:/Windows/win.ini",
            "/kynangso/a%00.html",
            "/kynangso/%zz",
            "/kynangso/%ff",
            "/kynangso/./index.html",
        ] {
            let r = at(path, "/kynangso/");
            assert!(
                matches!(r, Resolved::Refused | Resolved::NotFound),
                "{path}: {r:?}"
            );
            assert!(!matches!(r, Resolved::File(_)), "{path}");
        }
        assert_eq!(
            at("/kynangso/%2e%2e/index.html", "/kynangso/"),
            Resolved::Refused
        );
    }

    #[test]
    fn encoded_vietnamese_paths_decode() {
        let r = resolve("/t%C3%A0i-li%E1%BB%87u.pdf", "/", |k| k == "tài-liệu.pdf");
        assert_eq!(r, Resolved::File("tài-liệu.pdf".into()));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("search/p/t1.abc.json"), "application/json");
        assert_eq!(
            content_type("manifest.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(content_type("sw.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
