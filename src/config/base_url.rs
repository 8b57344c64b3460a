//! The site's base URL, split into what links need: the origin and the path.

use serde::Serialize;

/// A validated base URL such as `https://thcs-abc.edu.vn/kynangso/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl {
    /// `https://thcs-abc.edu.vn`, or empty for a path-only base such as `/`.
    pub origin: String,
    /// The path, always starting and ending with `/`: `/kynangso/`.
    pub path: String,
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            origin: String::new(),
            path: "/".into(),
        }
    }
}

impl BaseUrl {
    /// Parses and validates a base URL; a missing trailing slash is added.
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("it is empty".into());
        }
        if s.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
            return Err("it must not contain spaces, quotes, `?`, `#` or `\\`".into());
        }
        if s.starts_with('/') {
            return Ok(BaseUrl {
                origin: String::new(),
                path: with_slashes(s),
            });
        }
        let (scheme, rest) = s
            .split_once("://")
            .ok_or("it must start with `https://`, `http://` or `/`")?;
        if scheme != "https" && scheme != "http" {
            return Err(format!("the scheme `{scheme}` is not http or https"));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(format!("`{host}` is not a valid host name"));
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{}", host.to_ascii_lowercase()),
            path: with_slashes(path),
        })
    }

    /// The site-relative `path` (no leading slash) as a link from the site root: `/kynangso/path`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.path, path.trim_start_matches('/'))
    }

    /// The absolute URL of a site-relative path, for the sitemap and feed.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.link(path))
    }
}

fn with_slashes(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_origin_and_sub_path() {
        let b = BaseUrl::parse("https://THCS-abc.edu.vn/kynangso").unwrap();
        assert_eq!(b.origin, "https://thcs-abc.edu.vn");
        assert_eq!(b.path, "/kynangso/");
        assert_eq!(b.link("vneid/"), "/kynangso/vneid/");
        assert_eq!(
            b.absolute("sitemap.xml"),
            "https://thcs-abc.edu.vn/kynangso/sitemap.xml"
        );
    }

    #[test]
    fn root_and_path_only() {
        assert_eq!(BaseUrl::parse("/").unwrap().link(""), "/");
        assert_eq!(BaseUrl::parse("https://a.vn").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/x/y").unwrap().path, "/x/y/");
    }

    #[test]
    fn rejects_bad_urls() {
        assert!(BaseUrl::parse("ftp://a.vn").is_err());
        assert!(BaseUrl::parse("a.vn").is_err());
        assert!(BaseUrl::parse("https://").is_err());
        assert!(BaseUrl::parse("https://a b.vn/").is_err());
    }
}
