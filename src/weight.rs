//! Page weight: what each generated page costs a phone on a first visit
//! (the HTML, its stylesheets and the scripts it loads by itself), checked
//! by `camnang check` against `budgets:`. It also finds resources loaded
//! from other sites, which a page must never need.
//!
//! Sizes are measured on the built files, so they include minification.
//! Gzip sizes are each file compressed alone at the usual server level, as
//! it travels. Scripts a page loads later (the search script, loaded on the
//! first search) do not count; `search/` has its own budget (issue 4).

use crate::config::{BaseUrl, Budgets, SiteConfig};
use crate::diagnostics::{Diagnostic, Severity};
use flate2::{write::GzEncoder, Compression};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// What one page costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWeight {
    /// Output path, e.g. `vneid/index.html`.
    pub path: String,
    /// The HTML plus its stylesheets, in bytes.
    pub raw: usize,
    /// The same, gzip-compressed.
    pub gzip: usize,
    /// Scripts the page runs by itself (files and inline), in bytes.
    pub js: usize,
    /// Resources the page loads from other sites.
    pub third_party: Vec<String>,
}

/// Gzip size of `bytes` at the level servers usually use.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(bytes.len(), |out| out.len())
}

/// Resources a browser fetches while loading a page.
enum Resource {
    Style(String),
    Script(String),
    Other(String),
}

fn resources(html: &str) -> (Vec<Resource>, usize) {
    let doc = Html::parse_document(html);
    let select = |s: &str| Selector::parse(s).expect("a valid selector");
    let mut found = Vec::new();
    for link in doc.select(&select("link[href]")) {
        let rel = link.value().attr("rel").unwrap_or("").to_ascii_lowercase();
        let href = link.value().attr("href").unwrap_or("").to_string();
        let fetched = ["icon", "preload", "modulepreload", "manifest", "prefetch"];
        if rel.split_whitespace().any(|r| r == "stylesheet") {
            found.push(Resource::Style(href));
        } else if rel.split_whitespace().any(|r| fetched.contains(&r)) {
            found.push(Resource::Other(href));
        }
    }
    let mut inline = 0;
    for script in doc.select(&select("script")) {
        match script.value().attr("src") {
            Some(src) => found.push(Resource::Script(src.to_string())),
            None if script
                .value()
                .attr("type")
                .is_none_or(|t| t.contains("javascript")) =>
            {
                inline += script.text().map(str::len).sum::<usize>();
            }
            None => {}
        }
    }
    let media = "img[src], source[src], iframe[src], video[src], audio[src], embed[src], \
                 video[poster], img[srcset], source[srcset], object[data]";
    for e in doc.select(&select(media)) {
        let v = e.value();
        for attr in ["src", "poster", "data"] {
            if let Some(url) = v.attr(attr) {
                found.push(Resource::Other(url.to_string()));
            }
        }
        if let Some(set) = v.attr("srcset") {
            for candidate in set.split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    found.push(Resource::Other(url.to_string()));
                }
            }
        }
    }
    (found, inline)
}

/// Where a URL in page `page` points: `Ok(output path)` on this site,
/// `Err(url)` on another, `None` for inline data.
fn locate(url: &str, page: &str, base: &BaseUrl) -> Option<Result<String, String>> {
    let url = url.trim();
    if url.is_empty() || url.starts_with("data:") || url.starts_with('#') {
        return None;
    }
    let url = url.split(['#', '?']).next().unwrap_or(url);
    let path = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
    {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let own = base
            .origin
            .split_once("://")
            .is_some_and(|(_, h)| h.eq_ignore_ascii_case(host));
        if !own {
            return Some(Err(url.to_string()));
        }
        path.to_string()
    } else if url.contains(':') {
        // mailto:, tel:, javascript: … fetch nothing.
        return None;
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{dir}{url}", base.path)
    };
    let inside = path.strip_prefix(base.path.as_str()).unwrap_or(&path);
    let mut key: Vec<&str> = Vec::new();
    for part in inside.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                key.pop();
            }
            p => key.push(p),
        }
    }
    let mut key = key.join("/");
    if path.ends_with('/') {
        key.push_str(if key.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    Some(Ok(key))
}

/// Measures every HTML page among the built `files` (output path → bytes).
pub fn measure(files: &BTreeMap<String, Vec<u8>>, base: &BaseUrl) -> Vec<PageWeight> {
    let mut gzipped: HashMap<&str, usize> = HashMap::new();
    let mut weights = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let (found, inline) = resources(&html);
        let mut w = PageWeight {
            path: path.clone(),
            raw: bytes.len(),
            gzip: gzip_size(bytes),
            js: inline,
            third_party: Vec::new(),
        };
        let mut counted = std::collections::BTreeSet::new();
        for r in found {
            let (url, style, script) = match &r {
                Resource::Style(u) => (u, true, false),
                Resource::Script(u) => (u, false, true),
                Resource::Other(u) => (u, false, false),
            };
            match locate(url, path, base) {
                Some(Err(other)) => w.third_party.push(other),
                Some(Ok(key)) if (style || script) && counted.insert(key.clone()) => {
                    let Some((key, file)) = files.get_key_value(&key) else {
                        continue;
                    };
                    if style {
                        w.raw += file.len();
                        w.gzip += *gzipped.entry(key).or_insert_with(|| gzip_size(file));
                    } else {
                        w.js += file.len();
                    }
                }
                _ => {}
            }
        }
        weights.push(w);
    }
    weights
}

/// Measures and checks the built site: [`measure`], then [`check`].
pub fn audit(files: &BTreeMap<String, Vec<u8>>, config: &SiteConfig) -> (Vec<Diagnostic>, String) {
    check(&measure(files, &config.base()), &config.budgets)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Pages over `budgets` or loading from other sites, as diagnostics
/// (errors when `budgets.enforce` is on), and a summary of the five
/// heaviest pages.
pub fn check(weights: &[PageWeight], budgets: &Budgets) -> (Vec<Diagnostic>, String) {
    let (raw, gzip, js) = (
        budgets.page_raw_kb as usize * 1024,
        budgets.page_gzip_kb as usize * 1024,
        budgets.js_kb as usize * 1024,
    );
    let severity = if budgets.enforce {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut found = Vec::new();
    for w in weights {
        let mut over = Vec::new();
        if w.raw > raw {
            over.push(format!(
                "{} of HTML and CSS (budget {} KB)",
                kb(w.raw),
                budgets.page_raw_kb
            ));
        }
        if w.gzip > gzip {
            over.push(format!(
                "{} gzipped (budget {} KB)",
                kb(w.gzip),
                budgets.page_gzip_kb
            ));
        }
        if w.js > js {
            over.push(format!(
                "{} of JavaScript (budget {} KB)",
                kb(w.js),
                budgets.js_kb
            ));
        }
        if !over.is_empty() {
            let mut d = Diagnostic::warning(&w.path, format!("the page is over budget: {}", over.join(", ")))
                .hint("split the lesson into shorter ones, or move large tables and images to their own pages");
            d.severity = severity;
            found.push(d);
        }
        for url in &w.third_party {
            let mut d = Diagnostic::warning(&w.path, format!("the page loads `{url}` from another site"))
                .hint("copy the file into `static/` (or `content/`) so readers' phones never contact a third party");
            d.severity = severity;
            found.push(d);
        }
    }
    let mut heaviest: Vec<&PageWeight> = weights.iter().collect();
    heaviest.sort_by(|a, b| b.gzip.cmp(&a.gzip).then(a.path.cmp(&b.path)));
    let mut summary = format!(
        "Heaviest pages (HTML + CSS raw, gzipped; JavaScript) — budgets {} KB, {} KB; {} KB:",
        budgets.page_raw_kb, budgets.page_gzip_kb, budgets.js_kb
    );
    for w in heaviest.iter().take(5) {
        summary.push_str(&format!(
            "\n  {:>8} {:>8} {:>8}  {}",
            kb(w.raw),
            kb(w.gzip),
            kb(w.js),
            w.path
        ));
    }
    (found, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    fn base() -> BaseUrl {
        BaseUrl::parse("https://thcs.example.edu.vn/kynangso/").unwrap()
    }

    #[test]
    fn counts_the_page_its_stylesheets_and_its_scripts() {
        let css = "body{margin:0}".repeat(100);
        let files = site(&[
            (
                "vneid/index.html",
                r#"<!doctype html><link rel=stylesheet href=/kynangso/style.css><link rel=canonical href=https://thcs.example.edu.vn/kynangso/vneid/><script src=../camnang.js defer></script><script>var a=1;</script><img src=anh.png alt=x><a href=https://dichvucong.gov.vn>DVC</a>"#,
            ),
            ("style.css", &css),
            ("camnang.js", "console.log(1)"),
        ]);
        let w = &measure(&files, &base())[0];
        assert_eq!(w.path, "vneid/index.html");
        assert_eq!(w.raw, files["vneid/index.html"].len() + css.len());
        assert_eq!(w.js, "console.log(1)".len() + "var a=1;".len());
        assert!(w.gzip < w.raw, "{w:?}");
        // Links to other sites are not requests; the canonical link is not either.
        assert!(w.third_party.is_empty(), "{:?}", w.third_party);
    }

    #[test]
    fn finds_resources_from_other_sites() {
        let files = site(&[(
            "a/index.html",
            r#"<link rel=stylesheet href="https://fonts.googleapis.com/css?family=Roboto"><img src="//cdn.example.com/x.png" alt=""><img srcset="/kynangso/a.png 1x, https://img.example.com/b.png 2x" alt=""><script src="https://thcs.example.edu.vn/kynangso/own.js"></script>"#,
        )]);
        let w = &measure(&files, &base())[0];
        assert_eq!(
            w.third_party,
            vec![
                "https://fonts.googleapis.com/css",
                "//cdn.example.com/x.png",
                "https://img.example.com/b.png"
            ]
        );
    }

    #[test]
    fn over_budget_pages_warn_or_fail_and_the_heaviest_are_listed() {
        let weights: Vec<PageWeight> = (0..7)
            .map(|i| PageWeight {
                path: format!("p{i}/index.html"),
                raw: i * 10 * 1024,
                gzip: i * 3 * 1024,
                js: 0,
                third_party: if i == 1 {
                    vec!["https://x.example/a.js".into()]
                } else {
                    vec![]
                },
            })
            .collect();
        let mut budgets = Budgets::default();
        let (found, summary) = check(&weights, &budgets);
        // 40, 50, 60 KB raw are over 30 KB; 15 and 18 KB gzipped are over 14 KB; one third party.
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
        assert!(found.iter().any(|d| d.message.contains("x.example")));
        assert_eq!(summary.lines().count(), 6, "{summary}");
        assert!(
            summary.lines().nth(1).unwrap().ends_with("p6/index.html"),
            "{summary}"
        );
        budgets.enforce = true;
        let (found, _) = check(&weights, &budgets);
        assert!(found.iter().all(|d| d.severity == Severity::Error));
    }

    #[test]
    fn relative_urls_resolve_from_the_page() {
        let b = base();
        let at = |u: &str| locate(u, "vneid/kich-hoat/index.html", &b);
        assert_eq!(at("../../style.css"), Some(Ok("style.css".into())));
        assert_eq!(
            at("anh.png?v=2"),
            Some(Ok("vneid/kich-hoat/anh.png".into()))
        );
        assert_eq!(at("/kynangso/vneid/"), Some(Ok("vneid/index.html".into())));
        assert_eq!(at("data:image/png;base64,AAAA"), None);
        assert_eq!(at("mailto:a@b.vn"), None);
    }
}
