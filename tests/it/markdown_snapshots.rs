//! Snapshots of the HTML for each Markdown feature.

use camnang::markdown::{
    render, Layout, LinkResolver, MarkdownInput, MarkdownOptions, NoShortcodes,
};
use std::path::Path;

struct Resolver;

impl LinkResolver for Resolver {
    fn document_url(&self, rel_path: &str) -> Option<String> {
        match rel_path {
            "vneid/dang-ky.md" => Some("/kynangso/vneid/dang-ky/".into()),
            "bai/trang.md" => Some("/kynangso/bai/trang/".into()),
            _ => None,
        }
    }
    fn asset_url(&self, rel_path: &str) -> Option<String> {
        (rel_path == "bai/anh.png").then(|| "/kynangso/bai/anh.png".into())
    }
    fn site_url(&self, path: &str) -> String {
        format!("/kynangso/{}", path.trim_start_matches('/'))
    }
}

fn html(markdown: &str) -> String {
    let input = MarkdownInput {
        body: markdown,
        file_text: markdown,
        body_line: 1,
        shown: Path::new("content/bai/trang.md"),
        rel_path: "bai/trang.md",
        dir: "bai",
        layout: Layout::Default,
    };
    match render(
        &input,
        &MarkdownOptions::default(),
        &Resolver,
        &NoShortcodes,
    ) {
        Ok(r) => r.html,
        Err(d) => panic!("{d:?}"),
    }
}

#[test]
fn headings_get_vietnamese_ids_and_anchor_links() {
    insta::assert_snapshot!(html("## Bước 1: Cài đặt\n\n### Hòa và Thủy\n\n## Bước 1: Cài đặt\n\n## Tùy chỉnh {#rieng .lon}\n"));
}

#[test]
fn alerts_become_callouts() {
    insta::assert_snapshot!(html(
        "> [!NOTE]\n> Ghi chú.\n\n> [!TIP]\n> Mẹo.\n\n> [!IMPORTANT]\n> Quan trọng.\n\n> [!WARNING]\n> Cảnh báo.\n\n> [!CAUTION]\n> Lừa đảo.\n\n> Trích dẫn thường.\n"
    ));
}

#[test]
fn code_is_highlighted_with_classes() {
    insta::assert_snapshot!(html(
        "```sh\ncamnang build --verbose\n```\n\n```\n<không tô màu>\n```\n\n`mã trong dòng`\n"
    ));
}

#[test]
fn tables_footnotes_task_lists_and_strikethrough() {
    insta::assert_snapshot!(html(
        "| Mức | Nơi làm |\n|:--|--:|\n| 1 | Ứng dụng |\n| 2 | Công an |\n\nCó chú thích[^1].\n\n[^1]: Nguồn.\n\n- [x] Xong\n- [ ] Chưa\n\n~~cũ~~\n"
    ));
}

#[test]
fn links_resolve_to_final_urls() {
    insta::assert_snapshot!(html(
        "[a](@/vneid/dang-ky.md) [b](../vneid/dang-ky.md#buoc-1) [c](/ky-nang/) [d](https://dichvucong.gov.vn \"Cổng\") [e](#muc) [f](javascript:alert(1)) [g](mailto:a@b.vn)\n\n![Ảnh](anh.png)\n"
    ));
}

#[test]
fn raw_html_is_sanitised() {
    insta::assert_snapshot!(html(
        "<div class=\"hop\" onmouseover=\"x()\">An toàn <img src=x onerror=alert(1) alt=\"a\"></div>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\nChữ <b>đậm</b>.\n"
    ));
}
