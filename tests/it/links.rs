//! With a sub-path base URL, every link, stylesheet and image on every
//! generated page points at a file (and `#anchor`) that exists.

use crate::helpers::{Built, TestSite};
use std::collections::BTreeMap;

fn percent_decode(s: &str) -> String {
    camnang::text::percent_decode(s).unwrap()
}

fn ids_of(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[id]").unwrap();
    doc.select(&sel)
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

/// Every broken reference, as "page: url (why)".
pub fn broken_links(
    files: &BTreeMap<String, Vec<u8>>,
    origin: &str,
    base_path: &str,
) -> Vec<String> {
    let selector = scraper::Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut broken = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        let doc = scraper::Html::parse_document(&text);
        let page_dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for el in doc.select(&selector) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            let mut fail = |why: &str| broken.push(format!("{page}: {url} ({why})"));
            // Mail, phone, and inline data (the favicon) point at no file.
            if url.starts_with("mailto:") || url.starts_with("tel:") || url.starts_with("data:") {
                continue;
            }
            let local = if let Some(rest) = url.strip_prefix(origin) {
                if !rest.starts_with(base_path) {
                    continue; // same host, but another site (e.g. the school's home page)
                }
                rest.to_string()
            } else if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("//")
            {
                continue; // another website
            } else {
                url.to_string()
            };
            let (path, fragment) = local.split_once('#').unwrap_or((&local, ""));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(abs) = path.strip_prefix('/') {
                match format!("/{abs}").strip_prefix(base_path) {
                    Some(inside) => inside.to_string(),
                    None => {
                        fail("outside the base path");
                        continue;
                    }
                }
            } else {
                let joined = if page_dir.is_empty() {
                    path.to_string()
                } else {
                    format!("{page_dir}/{path}")
                };
                let mut parts: Vec<&str> = Vec::new();
                for p in joined.split('/') {
                    match p {
                        "." | "" => {}
                        ".." => {
                            parts.pop();
                        }
                        p => parts.push(p),
                    }
                }
                let mut s = parts.join("/");
                if path.ends_with('/') {
                    s.push('/');
                }
                s
            };
            let mut target = percent_decode(&target);
            if target.is_empty() || target.ends_with('/') {
                target.push_str("index.html");
            }
            let Some(bytes) = files.get(&target) else {
                fail("no such file");
                continue;
            };
            if !fragment.is_empty() && target.ends_with(".html") {
                let ids = ids_of(&String::from_utf8_lossy(bytes));
                if !ids.iter().any(|id| id == &percent_decode(fragment)) {
                    fail("no such anchor");
                }
            }
        }
    }
    broken
}

fn assert_no_broken(built: &Built, origin: &str, base_path: &str) {
    let broken = broken_links(&built.files, origin, base_path);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn kitchen_sink_under_a_sub_path_has_no_broken_links() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_no_broken(&built, "https://truong.example", "/kynangso/");
}

#[test]
fn bundled_site_under_a_deep_sub_path_has_no_broken_links() {
    let built = TestSite::bundled()
        .base_url("https://thcs-abc.edu.vn/phong-gd/kynangso/")
        .build_ok();
    assert_no_broken(&built, "https://thcs-abc.edu.vn", "/phong-gd/kynangso/");
    // Every link really carries the sub-path.
    assert!(built
        .text("index.html")
        .contains("href=/phong-gd/kynangso/vneid/"));
}

#[test]
fn bundled_site_at_the_domain_root_has_no_broken_links() {
    let built = TestSite::bundled()
        .base_url("https://truong.example/")
        .build_ok();
    assert_no_broken(&built, "https://truong.example", "/");
}

#[test]
fn components_fixture_has_no_broken_links() {
    let built = TestSite::fixture("components").build_ok();
    assert_no_broken(&built, "https://truong.example", "/kynangso/");
}

#[test]
fn the_checker_itself_finds_broken_links() {
    let mut files = BTreeMap::new();
    files.insert(
        "index.html".to_string(),
        br##"<a href="/kynangso/a/">ok</a><a href="/kynangso/b/">missing</a><a href="/other/">outside</a><a href="a/#x">anchor</a><a href="#y">self</a><img src="c.png" alt="">"##.to_vec(),
    );
    files.insert("a/index.html".to_string(), b"<p id=z>".to_vec());
    let broken = broken_links(&files, "https://truong.example", "/kynangso/");
    assert_eq!(broken.len(), 5, "{broken:#?}");
}

#[test]
fn the_portable_build_links_relatively_to_files_that_exist() {
    let built = TestSite::bundled()
        .base_url("https://thcs-abc.edu.vn/kynangso/")
        .portable()
        .build_ok();
    // A base path no link may use: every link must be relative.
    assert_no_broken(&built, "https://thcs-abc.edu.vn", "/no-such-base/");
    let html = built.text("vneid/kich-hoat/index.html");
    assert!(
        html.contains("href=../../an-toan/index.html"),
        "{}",
        &html[..600]
    );
    for absolute in ["href=/kynangso/", "src=/kynangso/", "href=\"/kynangso/"] {
        for (path, bytes) in built.files.iter().filter(|(p, _)| p.ends_with(".html")) {
            assert!(
                !String::from_utf8_lossy(bytes).contains(absolute),
                "{path} still has {absolute}"
            );
        }
    }
}
