//! The content model and the output of a successful build.

use crate::helpers::TestSite;

#[test]
fn minimal_site_writes_every_kind_of_file() {
    let built = TestSite::minimal().build_ok();
    for path in [
        "index.html",
        "bai-hoc/index.html",
        "bai-hoc/bai-1/index.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "404.html",
        "ky-nang/index.html",
        "ky-nang/an-toan/index.html",
    ] {
        assert!(built.has(path), "missing {path}");
    }
}

#[test]
fn vietnamese_file_names_become_folded_slugs() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert!(built.has("vneid/dang-ky-vneid-muc-1/index.html"));
    assert_eq!(
        built.select_text("vneid/dang-ky-vneid-muc-1/index.html", "h1"),
        ["Đăng ký VNeID mức 1"]
    );
}

#[test]
fn crlf_and_bom_files_work() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_text("vneid/kich-hoat/index.html", "h1"),
        ["Kích hoạt tài khoản"]
    );
    assert_eq!(
        built.select_text("vneid/bom/index.html", "h1"),
        ["Bài có BOM"]
    );
    assert!(built
        .text("vneid/kich-hoat/index.html")
        .contains("id=dat-mat-khau"));
}

#[test]
fn page_bundles_and_folder_assets_are_copied_and_linked() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert!(built.has("thanh-toan/vi-dien-tu/qr.svg"));
    assert!(built.has("vneid/anh-minh-hoa/man-hinh.svg"));
    assert_eq!(
        built.select_attr("thanh-toan/vi-dien-tu/index.html", "main img", "src"),
        ["/kynangso/thanh-toan/vi-dien-tu/qr.svg"]
    );
    assert_eq!(
        built.select_attr("vneid/dang-ky-vneid-muc-1/index.html", "main img", "src"),
        ["/kynangso/vneid/anh-minh-hoa/man-hinh.svg"]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert!(!built.has("vneid/ban-nhap/index.html"));
    assert!(!built.has("nhap/index.html"));
    assert!(!built.has("nhap/bai-nhap/index.html"));
    assert!(!built.text("sitemap.xml").contains("ban-nhap"));
    let drafts = TestSite::fixture("kitchen-sink").drafts().build_ok();
    assert!(drafts.has("vneid/ban-nhap/index.html"));
    assert!(drafts.has("nhap/bai-nhap/index.html"));
}

#[test]
fn sections_sort_by_weight_and_link_neighbours() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_text("vneid/index.html", "main .card-title"),
        ["Đăng ký VNeID mức 1", "Kích hoạt tài khoản", "Bài có BOM"]
    );
    let page = "vneid/kich-hoat/index.html";
    assert_eq!(
        built.select_attr(page, ".pager a[rel=prev]", "href"),
        ["/kynangso/vneid/dang-ky-vneid-muc-1/"]
    );
    assert_eq!(
        built.select_attr(page, ".pager a[rel=next]", "href"),
        ["/kynangso/vneid/bom/"]
    );
    assert!(built
        .select_attr(
            "vneid/dang-ky-vneid-muc-1/index.html",
            ".pager a[rel=prev]",
            "href"
        )
        .is_empty());
}

#[test]
fn sections_can_sort_by_date_newest_first() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_text("thanh-toan/index.html", "main .card-title"),
        ["Thẻ ngân hàng", "Ví điện tử"]
    );
}

#[test]
fn breadcrumbs_lead_from_home_to_the_section() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_text("vneid/kich-hoat/index.html", ".breadcrumbs a"),
        ["Trang chủ thử nghiệm", "Hành trình VNeID"]
    );
}

#[test]
fn front_matter_text_is_escaped() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let page = "vneid/dang-ky-vneid-muc-1/index.html";
    // Text stays text: no element is created from front matter.
    assert!(
        built.select_text(page, "b").is_empty(),
        "a tag from front matter became HTML"
    );
    assert_eq!(
        built.select_attr(page, "meta[name=description]", "content"),
        ["Mô tả có <b>thẻ</b> & ký tự đặc biệt"]
    );
    assert_eq!(
        built.select_text("vneid/dang-ky-vneid-muc-1/index.html", ".lead"),
        ["Mô tả có <b>thẻ</b> & ký tự đặc biệt"]
    );
}

#[test]
fn raw_html_is_sanitised_but_allowlisted_tags_stay() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let page = "thanh-toan/vi-dien-tu/index.html";
    let html = built.text(page);
    assert!(
        !html.contains("alert("),
        "script or handler survived: {html}"
    );
    assert!(!html.contains("onclick"));
    assert!(!html.contains("javascript:"));
    assert_eq!(built.select_text(page, "main kbd"), ["Ctrl"]);
    assert!(
        built
            .select_text(page, "main .prose")
            .join("")
            .contains("nguy hiểm"),
        "the text of a removed link stays"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let html = built.text("cu/dang-ky/index.html");
    assert!(
        html.contains("url=/kynangso/vneid/dang-ky-vneid-muc-1/"),
        "{html}"
    );
    assert_eq!(
        built.select_attr("cu/dang-ky/index.html", "link[rel=canonical]", "href"),
        ["/kynangso/vneid/dang-ky-vneid-muc-1/"]
    );
}

#[test]
fn taxonomies_list_terms_with_display_names() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_text("ky-nang/index.html", "main .card-title"),
        [
            "Tự bảo vệ mình trên không gian mạng",
            "Thanh toán trực tuyến"
        ]
    );
    assert_eq!(
        built.select_text("ky-nang/thanh-toan/index.html", "main .card-title"),
        ["Thẻ ngân hàng", "Ví điện tử"]
    );
    // Tags written with different case or accents share one folded URL.
    assert!(built.has("the/thanh-toan/index.html"));
    assert!(built.has("the/dinh-danh/index.html"));
    assert!(built.has("audience/hoc-sinh/index.html"));
}

#[test]
fn a_page_can_choose_its_template_and_read_config_extra() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let page = "thanh-toan/the-ngan-hang/index.html";
    assert_eq!(built.select_text(page, "h1.special"), ["Thẻ ngân hàng"]);
    assert!(built
        .select_text(page, "main p")
        .contains(&"1900".to_string()));
}

#[test]
fn css_is_fingerprinted_and_syntax_css_only_loads_with_code() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let css = built.select_attr("index.html", "link[rel=stylesheet]", "href");
    assert_eq!(css.len(), 1);
    let name = css[0].strip_prefix("/kynangso/").unwrap();
    assert!(
        name.starts_with("style.")
            && name.ends_with(".css")
            && name.len() == "style..css".len() + 10
    );
    assert!(built.has(name));
    let with_code = built.select_attr(
        "thanh-toan/vi-dien-tu/index.html",
        "link[rel=stylesheet]",
        "href",
    );
    assert_eq!(with_code.len(), 2, "{with_code:?}");
    assert!(built.has(with_code[1].strip_prefix("/kynangso/").unwrap()));
    assert!(built
        .text("thanh-toan/vi-dien-tu/index.html")
        .contains("hl-"));
}

#[test]
fn syntax_css_has_the_classes_of_every_code_block_even_inside_a_shortcode() {
    let lesson = |code: &str| format!("---\ntitle: Mã\n---\n\n{code}\n");
    let css_of = |site: &TestSite| {
        let built = site.build_ok();
        let links = built.select_attr("a/index.html", "link[rel=stylesheet]", "href");
        match links
            .iter()
            .find_map(|l| l.rsplit('/').next().filter(|n| n.starts_with("syntax.")))
        {
            Some(name) => built.text(name),
            None => String::new(),
        }
    };
    // `hl-keyword` is in Rust's highlighting only, at the top level or in
    // a shortcode's body; plain text gives none.
    let rust = "```rust\nfn main() { let x = 1; }\n```";
    let top = TestSite::minimal().file("content/a.md", lesson(rust));
    let inside = TestSite::minimal().file(
        "content/a.md",
        lesson(&format!(
            "{{% details(summary=\"Mã\") %}}\n{rust}\n{{% end %}}"
        )),
    );
    let plain = TestSite::minimal().file(
        "content/a.md",
        lesson("```rust\n\n```\n\n```text\nfn main\n```"),
    );
    for site in [&top, &inside] {
        assert!(css_of(site).contains(".hl-keyword"), "{}", css_of(site));
    }
    assert!(
        !css_of(&plain).contains(".hl-keyword"),
        "{}",
        css_of(&plain)
    );
}

#[test]
fn menus_are_sorted_and_resolved() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let hrefs = built.select_attr("index.html", ".site-nav a", "href");
    let tail: Vec<&str> = hrefs
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(tail, ["/kynangso/vneid/", "https://dichvucong.gov.vn"]);
}

#[test]
fn the_nav_shows_eight_topics_then_a_link_to_all() {
    let mut site = TestSite::minimal();
    for i in 0..10 {
        site = site
            .file(
                &format!("content/chu-de-{i}/_index.md"),
                format!("---\ntitle: Chủ đề {i}\nweight: {i}\n---\n"),
            )
            .file(
                &format!("content/chu-de-{i}/bai.md"),
                format!("---\ntitle: Bài {i}\n---\n\nNội dung.\n"),
            );
    }
    let built = site.build_ok();
    let page = "chu-de-9/bai/index.html";
    let nav = built.select_text(page, ".site-nav a");
    assert_eq!(nav.len(), 9, "{nav:?}");
    assert_eq!(nav[..2], ["Chủ đề 0", "Chủ đề 1"]);
    assert_eq!(nav[8], "Tất cả chủ đề");
    let all = built
        .select_attr(page, ".site-nav a", "href")
        .pop()
        .unwrap();
    assert_eq!(all, "/#chu_de");
    // The link lands on the home page's list of every topic.
    let topics = built.select_text("index.html", "#chu_de ~ .cards .card-title");
    assert_eq!(topics.len(), 11, "{topics:?}");
    // The page's own topic, not in the bar, is in its breadcrumbs.
    assert!(built
        .select_text(page, ".breadcrumbs a")
        .contains(&"Chủ đề 9".to_string()));
    // Eight topics or fewer: no such link.
    let bundled = TestSite::bundled().build_ok();
    let nav = bundled.select_text("index.html", ".site-nav a");
    assert!(!nav.contains(&"Tất cả chủ đề".to_string()), "{nav:?}");
}

#[test]
fn school_branding_appears() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_attr("index.html", ".brand img", "src"),
        ["/kynangso/images/logo.svg"]
    );
    assert!(built.has("images/logo.svg"));
    assert_eq!(
        built.select_text("index.html", ".school"),
        ["Trường THCS Kiểm Thử"]
    );
}

#[test]
fn sitemap_feed_and_robots_use_absolute_sub_path_urls() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    let sitemap = built.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://truong.example/kynangso/vneid/kich-hoat/</loc>"));
    assert!(sitemap.contains("<lastmod>2024-09-01</lastmod>"));
    let feed = built.text("atom.xml");
    let first = feed.find("the-ngan-hang").unwrap();
    let second = feed.find("vi-dien-tu").unwrap();
    assert!(first < second, "feed is newest first");
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://truong.example/kynangso/atom.xml\"/>"));
    assert!(built
        .text("robots.txt")
        .contains("Sitemap: https://truong.example/kynangso/sitemap.xml"));
}

#[test]
fn table_of_contents_lists_the_headings() {
    let built = TestSite::fixture("kitchen-sink").build_ok();
    assert_eq!(
        built.select_attr("vneid/dang-ky-vneid-muc-1/index.html", ".toc a", "href"),
        ["#buoc-1", "#buoc-2-quet-chip"]
    );
}

#[test]
fn pages_have_lang_skip_link_and_landmarks() {
    let built = TestSite::minimal().build_ok();
    let page = "bai-hoc/bai-1/index.html";
    assert_eq!(built.select_attr(page, "html", "lang"), ["vi"]);
    assert_eq!(built.select_attr(page, "a.skip-link", "href"), ["#main"]);
    assert_eq!(built.select_attr(page, "main", "id"), ["main"]);
    assert_eq!(built.select_text(page, "header").len(), 1);
    assert_eq!(built.select_text(page, "footer").len(), 1);
    assert!(!built.select_text(page, "nav.site-nav").is_empty());
}

#[test]
fn default_theme_css_stays_under_10_kb() {
    let built = TestSite::minimal().build_ok();
    let css: Vec<_> = built
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("style.") && p.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(
        css[0].1.len() < 10 * 1024,
        "style.css is {} bytes",
        css[0].1.len()
    );
}

#[test]
fn site_overrides_replace_theme_templates_one_by_one() {
    let built = TestSite::minimal()
        .file("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p id=\"rieng\">Trang 404 riêng</p>{% endblock content %}")
        .build_ok();
    assert_eq!(built.select_text("404.html", "#rieng"), ["Trang 404 riêng"]);
    // Other templates still come from the theme.
    assert!(!built
        .select_text("bai-hoc/bai-1/index.html", "nav.breadcrumbs")
        .is_empty());
}

#[test]
fn nfd_file_names_and_text_are_normalised() {
    use unicode_normalization::UnicodeNormalization;
    let name: String = "content/bai-hoc/Thanh toán.md".nfd().collect();
    let title: String = "Thanh toán hóa đơn".nfd().collect();
    let built = TestSite::minimal()
        .file(&name, format!("---\ntitle: {title}\n---\n"))
        .build_ok();
    assert_eq!(
        built.select_text("bai-hoc/thanh-toan/index.html", "h1"),
        ["Thanh toán hóa đơn"]
    );
}

#[test]
fn missing_home_page_is_synthesised_from_the_site_title() {
    let built = TestSite::minimal().remove("content/_index.md").build_ok();
    assert_eq!(built.select_text("index.html", "h1"), ["Trang thử nghiệm"]);
}

#[test]
fn sections_can_sort_by_title_ignoring_diacritics_first() {
    let built = TestSite::minimal()
        .file(
            "content/bai-hoc/_index.md",
            "---\ntitle: Bài học\nsort_by: title\n---\n",
        )
        .file(
            "content/bai-hoc/z.md",
            "---\ntitle: Đăng ký\nweight: 1\n---\n",
        )
        .file(
            "content/bai-hoc/y.md",
            "---\ntitle: Ảnh chụp\nweight: 2\n---\n",
        )
        .file(
            "content/bai-hoc/x.md",
            "---\ntitle: Cài đặt\nweight: 3\n---\n",
        )
        .build_ok();
    assert_eq!(
        built.select_text("bai-hoc/index.html", "main .card-title"),
        ["Ảnh chụp", "Bài một", "Cài đặt", "Đăng ký"]
    );
}

#[test]
fn the_school_colour_restyles_the_theme_in_light_and_dark_mode() {
    let config = "title: A\nbase_url: https://truong.example/\nschool:\n  name: B\n  primary_color: \"#8a1538\"\n";
    let built = TestSite::minimal()
        .file("site-config.yaml", config)
        .build_ok();
    let href = built.select_attr("index.html", "link[rel=stylesheet]", "href");
    let css = built.text(href[0].trim_start_matches('/'));
    assert!(
        css.contains(":root{--brand:#8a1538;--link:#8a1538}"),
        "{}",
        &css[css.len().saturating_sub(200)..]
    );
    assert!(css.contains("@media (prefers-color-scheme:dark){:root{--brand:#"));
    // Too light for text on white: the build stops and names a colour.
    let err = TestSite::minimal()
        .file("site-config.yaml", config.replace("#8a1538", "#ffcc00"))
        .build_err();
    assert!(err.contains("site-config.yaml:5"), "{err}");
    assert!(
        err.contains("the nearest colour that reaches it is `#"),
        "{err}"
    );
}

#[test]
fn a_site_can_reword_any_ui_string() {
    let config = "title: A\nbase_url: https://truong.example/\nstrings:\n  back_home: Về trang chủ của trường\n";
    let built = TestSite::minimal()
        .file("site-config.yaml", config)
        .build_ok();
    assert!(built.text("404.html").contains("Về trang chủ của trường"));
    let err = TestSite::minimal()
        .file("site-config.yaml", config.replace("back_home", "back_hom"))
        .build_err();
    assert!(err.contains("the theme has no string `back_hom`"), "{err}");
    assert!(err.contains("did you mean `back_home`?"), "{err}");
    assert!(err.contains("site-config.yaml:4"), "{err}");
}

#[test]
fn lessons_list_related_lessons_and_the_home_page_shows_skills_journeys_and_news() {
    let lesson = |title: &str, skill: &str, tags: &str, date: &str| {
        format!(
            "---\ntitle: {title}\nskill: {skill}\ntags: [{tags}]\ndate: {date}\n---\n\nNội dung.\n"
        )
    };
    let mut site = TestSite::minimal();
    for (file, title, skill, tags, date) in [
        ("a", "Bài A", "thanh-toan", "OTP, ví", "2026-01-05"),
        ("b", "Bài B", "mua-sam", "OTP, ví", "2026-03-01"),
        ("c", "Bài C", "thanh-toan", "khác", "2026-02-01"),
        ("d", "Bài D", "mua-sam", "khác", "2026-01-01"),
    ] {
        site = site.file(
            &format!("content/bai-hoc/{file}.md"),
            lesson(title, skill, tags, date),
        );
    }
    let built = site
        .file(
            "content/hanh-trinh/_index.md",
            "---\ntitle: Hành trình VNeID\njourney: true\n---\n",
        )
        .build_ok();
    // Two shared tags (4 points) beat a shared skill (1 point); D shares nothing.
    assert_eq!(
        built.select_text("bai-hoc/a/index.html", ".related li"),
        ["Bài B", "Bài C"]
    );
    // One card per skill, with its lesson count, keyed by the skill's URL.
    let skills = built.select_attr("index.html", "[data-progress]", "data-progress");
    assert_eq!(
        skills,
        [
            "/ky-nang/an-toan/",
            "/ky-nang/mua-sam/",
            "/ky-nang/thanh-toan/"
        ]
    );
    let totals = built.select_attr("index.html", "[data-progress]", "data-total");
    assert_eq!(totals, ["1", "2", "2"]);
    assert!(built
        .select_text("index.html", ".card-title")
        .contains(&"Hành trình VNeID".to_string()));
    // Newest first.
    let news = built.select_text("index.html", "h2 + .cards .card-title");
    let latest: Vec<&String> = news.iter().filter(|t| t.starts_with("Bài ")).collect();
    assert_eq!(
        latest[..4],
        ["Bài B", "Bài C", "Bài A", "Bài D"]
            .map(String::from)
            .iter()
            .collect::<Vec<_>>()[..]
    );
}

#[test]
fn every_lesson_has_an_embeddable_copy_without_header_or_footer() {
    let built = TestSite::minimal()
        .base_url("https://truong.example/kynangso/")
        .build_ok();
    let path = "bai-hoc/bai-1/embed/index.html";
    assert_eq!(built.select_text(path, "h1"), ["Bài một"]);
    for absent in ["header", "footer", "nav", ".skip-link"] {
        assert!(
            built.select_text(path, absent).is_empty(),
            "{absent} in the embed"
        );
    }
    assert_eq!(
        built.select_attr(path, "link[rel=canonical]", "href"),
        ["https://truong.example/kynangso/bai-hoc/bai-1/"]
    );
    assert_eq!(
        built.select_attr(path, "meta[name=robots]", "content"),
        ["noindex"]
    );
    assert_eq!(built.select_attr(path, "base", "target"), ["_blank"]);
    let scripts = built.select_attr(path, "script[src]", "src");
    assert!(scripts.iter().any(|s| s.contains("/embed.")), "{scripts:?}");
    // Not a page of its own: not in the sitemap.
    assert!(!built.text("sitemap.xml").contains("/embed/"));
}

#[test]
fn configured_skills_show_in_their_order_even_without_lessons() {
    let config = "title: A\nbase_url: https://truong.example/\ntaxonomies:\n  - name: skill\n    title: Kỹ năng số\n    slug: ky-nang\n    terms:\n      thanh-toan: Thanh toán trực tuyến\n      an-toan: Tự bảo vệ mình trên không gian mạng\n";
    let built = TestSite::minimal()
        .file("site-config.yaml", config)
        .build_ok();
    // Config order, not alphabetical; the skill with no lesson is there too.
    assert_eq!(
        built.select_attr("index.html", "[data-progress]", "data-progress"),
        ["/ky-nang/thanh-toan/", "/ky-nang/an-toan/"]
    );
    assert_eq!(
        built.select_attr("index.html", "[data-progress]", "data-total"),
        ["0", "1"]
    );
    assert!(built
        .text("ky-nang/thanh-toan/index.html")
        .contains("Chưa có bài học nào."));
}

#[test]
fn pages_carry_a_strict_content_security_policy_and_no_inline_style() {
    let built = TestSite::fixture("components")
        .file(
            "content/bai/bang.md",
            "---\ntitle: Bảng\n---\n| Trái | Giữa | Phải |\n|:--|:-:|--:|\n| a | b | c |\n\n<p style=\"color:red\">Chữ đỏ</p>\n\n<a href=\"https://www.youtube.com/\">Kênh</a>\n",
        )
        .build_ok();
    let pages: Vec<&String> = built
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .collect();
    assert!(pages.len() > 5);
    for page in pages {
        let policy = built.select_attr(
            page,
            r#"meta[http-equiv="Content-Security-Policy"]"#,
            "content",
        );
        assert_eq!(policy.len(), 1, "{page} has one policy");
        let policy = &policy[0];
        assert!(policy.contains("default-src 'self'"), "{page}: {policy}");
        assert!(policy.contains("object-src 'none'"), "{page}: {policy}");
        assert!(!policy.contains("unsafe-"), "{page}: {policy}");
        // The policy allows no inline style, so nothing may rely on one.
        assert!(
            built.select_attr(page, "[style]", "style").is_empty(),
            "{page} has a style attribute"
        );
        // Every link that leaves the site keeps the page out of its reach.
        let html = built.html(page);
        let links = scraper::Selector::parse("a[href^='http']").unwrap();
        for a in html.select(&links) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with("https://truong.example/") {
                continue;
            }
            let rel = a.value().attr("rel").unwrap_or("");
            assert!(
                rel.contains("noopener") && rel.contains("noreferrer"),
                "{page}: {href} has rel=\"{rel}\""
            );
        }
    }
    // Table alignment is a class, not an inline style.
    assert_eq!(
        built.select_attr("bai/bang/index.html", "td", "class"),
        ["ta-left", "ta-center", "ta-right"]
    );
}

#[test]
fn a_lessons_page_poster_and_embed_each_get_their_own_path_and_objects() {
    // The three render from one shared context: each must still see its
    // own `current_path`, and only the poster its `poster` object.
    let probe = |name: &str| {
        format!(
            "<p id=\"t\">{name}</p><p id=\"cp\">{{{{ current_path }}}}</p>\
             <p id=\"poster\">{{% if poster is defined %}}{{{{ poster.steps | length }}}}{{% else %}}none{{% endif %}}</p>\
             <div>{{{{ page.content | safe }}}}</div>"
        )
    };
    for splicing in [true, false] {
        let mut site = TestSite::minimal()
            .file("templates/page.html", probe("page"))
            .file("templates/poster.html", probe("poster"))
            .file("templates/embed.html", probe("embed"));
        if !splicing {
            site = site.without_splicing();
        }
        let built = site.build_ok();
        for (file, name, path, poster) in [
            ("bai-hoc/bai-1/index.html", "page", "bai-hoc/bai-1/", false),
            (
                "bai-hoc/bai-1/poster/index.html",
                "poster",
                "bai-hoc/bai-1/poster/",
                true,
            ),
            (
                "bai-hoc/bai-1/embed/index.html",
                "embed",
                "bai-hoc/bai-1/embed/",
                false,
            ),
        ] {
            assert_eq!(built.select_text(file, "#t"), [name], "{file}");
            assert_eq!(built.select_text(file, "#cp"), [path], "{file}");
            let seen = built.select_text(file, "#poster");
            assert_eq!(
                seen[0] != "none",
                poster,
                "{file}: {seen:?} (splicing {splicing})"
            );
            assert!(
                !built.select_text(file, "div").concat().trim().is_empty(),
                "{file}"
            );
        }
    }
}
