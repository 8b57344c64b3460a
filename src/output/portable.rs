//! The portable build (`camnang build --portable`): a copy of the site that
//! works opened from a folder, a USB stick or an unzipped archive, with no
//! web server (`file://`). Browsers there neither resolve links that start
//! at the site's root nor open `index.html` for a folder, so every link to
//! the site in every page becomes relative to that page and names the file:
//! `/kynangso/vneid/` seen from `an-toan/index.html` is `../vneid/index.html`.

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "data-client"];

/// `html` of the page at `page` (output path, e.g. `vneid/index.html`) with
/// every URL under `base_path` (e.g. `/kynangso/`) made relative. Only
/// tags are touched: text, and the content of `<script>` and `<style>`,
/// stay as they are.
pub fn relativize(html: &str, page: &str, base_path: &str) -> String {
    let depth = page.matches('/').count();
    let up = "../".repeat(depth);
    let rewrite = |url: &str| -> Option<String> {
        let inside = url.strip_prefix(base_path)?;
        let (path, rest) = match inside.find(['?', '#']) {
            Some(i) => inside.split_at(i),
            None => (inside, ""),
        };
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Some(format!("{up}{file}{rest}"))
    };
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        if name.is_empty() {
            // `</…>`, `<!…>` or a stray `<`: copied as they are.
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let (tag, after) = split_tag(rest);
        out.push_str(&rewrite_tag(tag, &rewrite));
        rest = after;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = find_ascii_ci(rest, &close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The tag at the start of `s` (up to its `>`, quotes respected) and the rest.
fn split_tag(s: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return s.split_at(i + 1),
            _ => {}
        }
    }
    (s, "")
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One tag with its URL attributes rewritten.
fn rewrite_tag(tag: &str, rewrite: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let before = &rest[..eq];
        let name_start = before
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let name = before[name_start..].to_ascii_lowercase();
        out.push_str(&rest[..=eq]);
        rest = &rest[eq + 1..];
        let (value, quote, after) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = rest[1..].find(q).map_or(rest.len(), |e| e + 1);
                (&rest[1..end], Some(q), &rest[(end + 1).min(rest.len())..])
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                (&rest[..end], None, &rest[end..])
            }
        };
        let new = if URL_ATTRIBUTES.contains(&name.as_str()) {
            rewrite(value)
        } else if name == "content" {
            // `<meta http-equiv=refresh content="0; url=/kynangso/x/">`
            value
                .split_once("url=")
                .and_then(|(head, url)| rewrite(url).map(|u| format!("{head}url={u}")))
        } else {
            None
        };
        let value = new.as_deref().unwrap_or(value);
        match quote {
            Some(q) => {
                out.push(q);
                out.push_str(value);
                out.push(q);
            }
            None => out.push_str(value),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_relative_and_name_the_file() {
        let html = r#"<a href=/kynangso/vneid/>VNeID</a><a href="/kynangso/">Trang chủ</a><img src=/kynangso/vneid/anh.png alt="a=/kynangso/x/"><form action=/kynangso/tim-kiem/><a href="/kynangso/an-toan/#buoc-2">x</a><a href=https://dichvucong.gov.vn>DVC</a>"#;
        let out = relativize(html, "an-toan/lua-dao/index.html", "/kynangso/");
        assert_eq!(
            out,
            r#"<a href=../../vneid/index.html>VNeID</a><a href="../../index.html">Trang chủ</a><img src=../../vneid/anh.png alt="a=/kynangso/x/"><form action=../../tim-kiem/index.html><a href="../../an-toan/index.html#buoc-2">x</a><a href=https://dichvucong.gov.vn>DVC</a>"#
        );
    }

    #[test]
    fn text_scripts_and_redirects() {
        let html = "<p>Gõ href=/kynangso/ vào đây &lt;a href=/kynangso/x/></p><script type=application/ld+json>{\"u\":\"/kynangso/x/\"}</script><meta http-equiv=refresh content=\"0; url=/kynangso/moi/\"><script src=/kynangso/camnang.1.js defer data-client=/kynangso/search/s.2.js></script>";
        let out = relativize(html, "index.html", "/kynangso/");
        assert_eq!(
            out,
            "<p>Gõ href=/kynangso/ vào đây &lt;a href=/kynangso/x/></p><script type=application/ld+json>{\"u\":\"/kynangso/x/\"}</script><meta http-equiv=refresh content=\"0; url=moi/index.html\"><script src=camnang.1.js defer data-client=search/s.2.js></script>"
        );
    }
}
