//! Official-link safety: links to official public-service domains get a
//! badge; links to domains that imitate them stop the build. This is the
//! same rule lessons teach students.

/// What a link's host is, compared with the official domains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKind {
    /// An official domain or a subdomain of one.
    Official,
    /// Looks like an official domain but is not.
    Lookalike {
        /// The official domain it imitates.
        imitates: String,
        /// Why it is suspicious.
        why: String,
    },
    /// Any other website.
    Other,
}

/// The host of an `http(s)://` URL, lowercased, without user info, port or a trailing dot.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is covered by an official entry: `vneid.gov.vn` covers
/// itself and its subdomains; `*.gov.vn` covers every subdomain of `gov.vn`.
fn covered(host: &str, entry: &str) -> bool {
    match entry.strip_prefix("*.") {
        Some(parent) => host.ends_with(&format!(".{parent}")),
        None => host == entry || host.ends_with(&format!(".{entry}")),
    }
}

/// Classifies a host against the official domains.
pub fn classify_host(host: &str, official: &[String]) -> HostKind {
    let host = host.strip_prefix("www.").unwrap_or(host);
    if official.iter().any(|d| covered(host, d)) {
        return HostKind::Official;
    }
    let exact: Vec<&str> = official
        .iter()
        .filter(|d| !d.starts_with("*."))
        .map(String::as_str)
        .collect();
    for d in &exact {
        let distance = strsim::levenshtein(host, d);
        if distance <= 2 {
            return HostKind::Lookalike {
                imitates: d.to_string(),
                why: format!("it differs from `{d}` by only {distance} character(s)"),
            };
        }
    }
    for d in &exact {
        let brand = d.split('.').next().unwrap_or(d);
        if brand.len() >= 5 && host.contains(brand) {
            return HostKind::Lookalike {
                imitates: d.to_string(),
                why: format!("it contains `{brand}` but is not `{d}`"),
            };
        }
    }
    for d in official {
        let suffix = d.trim_start_matches("*.");
        if suffix.contains('.') && host.contains(suffix) {
            return HostKind::Lookalike {
                imitates: suffix.to_string(),
                why: format!("it uses `{suffix}` inside another domain name"),
            };
        }
    }
    HostKind::Other
}

/// Classifies a whole URL: its host, and also a `name@` in front of the
/// host, an old trick to make `https://vneid.gov.vn@evil.example/` look official.
pub fn classify_url(url: &str, official: &[String]) -> HostKind {
    let Some(host) = host_of(url) else {
        return HostKind::Other;
    };
    let kind = classify_host(&host, official);
    if kind != HostKind::Official {
        let authority = url
            .split_once("://")
            .map_or("", |x| x.1)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        if let Some((user, _)) = authority.rsplit_once('@') {
            let user = user.split(':').next().unwrap_or(user).to_ascii_lowercase();
            match classify_host(&user, official) {
                HostKind::Official => {
                    return HostKind::Lookalike {
                        why: format!("it starts with `{user}@`, but the site it opens is `{host}`"),
                        imitates: user,
                    }
                }
                lookalike @ HostKind::Lookalike { .. } => return lookalike,
                HostKind::Other => {}
            }
        }
    }
    kind
}

/// The official domains used when the config names none.
pub fn default_official_domains() -> Vec<String> {
    [
        "dichvucong.gov.vn",
        "vneid.gov.vn",
        "bocongan.gov.vn",
        "*.gov.vn",
    ]
    .map(String::from)
    .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(url: &str) -> HostKind {
        classify_url(url, &default_official_domains())
    }

    #[test]
    fn official_domains_and_subdomains() {
        assert_eq!(kind("https://dichvucong.gov.vn/p/home"), HostKind::Official);
        assert_eq!(kind("https://www.vneid.gov.vn"), HostKind::Official);
        assert_eq!(kind("https://thuathienhue.gov.vn/"), HostKind::Official);
        assert_eq!(kind("https://dichvucong.hanoi.gov.vn"), HostKind::Official);
        assert_eq!(kind("https://VNEID.GOV.VN."), HostKind::Official);
    }

    #[test]
    fn lookalikes_are_caught() {
        for url in [
            "https://dichvucong.gov.vm",
            "https://dichvuc0ng.gov.vn.com",
            "https://vneid-gov.com",
            "https://dichvucong.gov.vn.xyz/login",
            "https://dichvucong-gov.vn",
            "https://bocongan.gov.vn@evil.example/",
            "https://vneid.gov.co",
        ] {
            assert!(
                matches!(kind(url), HostKind::Lookalike { .. }),
                "{url} not caught"
            );
        }
        match kind("https://dichvucong.gov.vn.xyz") {
            HostKind::Lookalike { imitates, .. } => assert_eq!(imitates, "dichvucong.gov.vn"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ordinary_sites_are_other() {
        for url in [
            "https://moet.edu.vn",
            "https://youtube.com",
            "https://vnexpress.net",
        ] {
            assert_eq!(kind(url), HostKind::Other, "{url}");
        }
    }
}
