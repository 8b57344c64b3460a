//! Reading without a connection: the service worker (`sw.js`, at the
//! site's root so it serves the whole site), the web app manifest and its
//! icon. The worker's first line names the build's version (a hash of the
//! content-hashed assets, so any change to a stylesheet, script or the
//! search index makes a new version) and the shell it caches on install.

use crate::config::{colour, BaseUrl, SiteConfig};
use crate::output::content_hash;
use serde_json::json;
use std::collections::BTreeMap;

/// The site icon (an open book on the brand colour), also the favicon.
pub fn icon_svg(brand: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"{brand}\"/><path d=\"M6 9c4-1 7 0 10 2 3-2 6-3 10-2v14c-4-1-7 0-10 2-3-2-6-3-10-2z\" fill=\"#fff\"/><path d=\"M16 11v14\" stroke=\"{brand}\" stroke-width=\"1.5\"/></svg>\n"
    )
}

/// The school's colour, or the theme's blue.
pub fn brand_colour(config: &SiteConfig) -> String {
    config
        .primary_color()
        .map_or_else(|| "#0b5cad".to_string(), colour::Rgb::hex)
}

/// The service worker: `code` (the theme's `sw.js`) after a first line
/// with `VERSION` and `SHELL` (the pages and assets cached on install).
pub fn service_worker(code: &[u8], shell: &[String]) -> Vec<u8> {
    let list = serde_json::to_string(shell).unwrap_or_default();
    let mut out = format!(
        "var VERSION={},SHELL={list};\n",
        json!(content_hash(list.as_bytes()))
    )
    .into_bytes();
    out.extend_from_slice(code);
    out
}

/// What the shell is: the home, search and 404 pages, and every asset
/// (`name → URL`) but the worker and the manifest themselves.
pub fn shell(base: &BaseUrl, assets: &BTreeMap<String, String>) -> Vec<String> {
    let mut shell = vec![
        base.link(""),
        base.link(crate::content::SEARCH_PAGE),
        base.link("404.html"),
    ];
    shell.extend(
        assets
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "sw.js" | "manifest.webmanifest"))
            .map(|(_, url)| url.clone()),
    );
    shell
}

/// The web app manifest (JSON).
pub fn manifest(config: &SiteConfig, base: &BaseUrl) -> String {
    let short: String = config
        .title
        .chars()
        .take(12)
        .collect::<String>()
        .trim_end()
        .to_string();
    let value = json!({
        "name": config.title,
        "short_name": short,
        "lang": config.language,
        "start_url": base.link(""),
        "scope": base.link(""),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": brand_colour(config),
        "icons": [{"src": base.link("icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    });
    format!("{value}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_changes_with_any_asset() {
        let base = BaseUrl::parse("/kynangso/").unwrap();
        let mut assets = BTreeMap::new();
        assets.insert(
            "style.css".to_string(),
            "/kynangso/style.aaaa.css".to_string(),
        );
        assets.insert("sw.js".to_string(), "/kynangso/sw.js".to_string());
        let a = service_worker(b"code", &shell(&base, &assets));
        let text = String::from_utf8(a.clone()).unwrap();
        assert!(text.contains("\"/kynangso/style.aaaa.css\""), "{text}");
        assert!(text.contains("\"/kynangso/404.html\""));
        assert!(!text.contains("/kynangso/sw.js"), "{text}");
        assert!(text.ends_with(";\ncode"));
        assets.insert(
            "style.css".to_string(),
            "/kynangso/style.bbbb.css".to_string(),
        );
        let b = service_worker(b"code", &shell(&base, &assets));
        let version = |t: &[u8]| {
            String::from_utf8_lossy(t)
                .split('"')
                .nth(1)
                .unwrap()
                .to_string()
        };
        assert_ne!(version(&a), version(&b));
        assert_eq!(
            a,
            service_worker(
                b"code",
                &shell(&base, &{
                    let mut x = assets.clone();
                    x.insert(
                        "style.css".to_string(),
                        "/kynangso/style.aaaa.css".to_string(),
                    );
                    x
                })
            )
        );
    }

    #[test]
    fn the_manifest_stays_inside_the_sub_path() {
        let config = SiteConfig {
            title: "Kỹ năng số – Trường THCS Mẫu".into(),
            ..SiteConfig::default()
        };
        let base = BaseUrl::parse("https://truong.example/kynangso/").unwrap();
        let m: serde_json::Value = serde_json::from_str(&manifest(&config, &base)).unwrap();
        assert_eq!(m["start_url"], "/kynangso/");
        assert_eq!(m["scope"], "/kynangso/");
        assert_eq!(m["short_name"], "Kỹ năng số –");
        assert_eq!(m["theme_color"], "#0b5cad");
        assert_eq!(m["icons"][0]["src"], "/kynangso/icon.svg");
    }
}
