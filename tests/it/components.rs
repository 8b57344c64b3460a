//! Lesson components: steps, journeys, JSON-LD, boxes, callouts, figures,
//! quizzes, official-link safety, shortcodes and posters with QR codes.
//! Fixture: `tests/fixtures/components`.

use crate::helpers::{Built, TestSite};

const STEPS: &str = "hanh-trinh/cai-dat/index.html";
const ALL: &str = "bai/thanh-phan/index.html";

fn built() -> Built {
    TestSite::fixture("components")
        .today("2026-11-23")
        .build_ok()
}

#[test]
fn steps_layout_numbers_each_h2_inside_an_ordered_list() {
    let b = built();
    assert_eq!(b.select_text(STEPS, "ol.steps > li.step").len(), 3);
    assert_eq!(
        b.select_text(STEPS, "ol.steps > li.step > h2 .step-number"),
        ["Bước 1/3:", "Bước 2/3:", "Bước 3/3:"]
    );
    assert_eq!(
        b.select_attr(STEPS, "ol.steps > li.step > h2", "id"),
        ["mo-kho-ung-dung", "tim-vneid", "cai-dat"]
    );
    // The intro stays above the list; sub-headings stay inside their step.
    assert_eq!(
        b.select_text(STEPS, ".prose > p")
            .first()
            .map(String::as_str),
        Some("Đoạn mở đầu trước các bước.")
    );
    assert_eq!(
        b.select_attr(STEPS, "li.step .step-body h3", "id"),
        ["chi-tiet"]
    );
}

#[test]
fn without_javascript_every_step_is_open_and_nothing_is_expandable() {
    let b = built();
    let html = b.text(STEPS);
    assert!(
        !html.contains("aria-expanded"),
        "static HTML must not mark anything expandable"
    );
    assert!(b.select_attr(STEPS, ".step-body[hidden]", "id").is_empty());
    // The enhancement script is deferred and only on step pages.
    let steps_js = |page: &str| -> Vec<String> {
        b.select_attr(page, "script[src][defer]", "src")
            .into_iter()
            .filter(|s| s.contains("/steps."))
            .collect()
    };
    assert_eq!(steps_js(STEPS).len(), 1);
    assert!(steps_js("hanh-trinh/kich-hoat/index.html").is_empty());
}

#[test]
fn step_pages_emit_howto_json_ld() {
    let b = built();
    let json = b.select_text(STEPS, "script[type=\"application/ld+json\"]");
    assert_eq!(json.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&json[0]).expect("JSON-LD parses");
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "HowTo");
    assert_eq!(v["name"], "Cài ứng dụng");
    assert_eq!(v["description"], "Cài VNeID từ kho ứng dụng chính thức.");
    assert_eq!(v["totalTime"], "PT20M");
    let steps = v["step"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1]["@type"], "HowToStep");
    assert_eq!(steps[1]["position"], 2);
    assert_eq!(steps[1]["name"], "Tìm \"VNeID\"");
    assert_eq!(
        steps[1]["url"],
        "https://truong.example/kynangso/hanh-trinh/cai-dat/#tim-vneid"
    );
    let supply: Vec<&str> = v["supply"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(supply, ["Điện thoại thông minh", "Thẻ căn cước gắn chip"]);
    assert!(b
        .select_text(ALL, "script[type=\"application/ld+json\"]")
        .is_empty());
}

#[test]
fn journey_pages_show_the_steps_with_the_current_one_marked() {
    let b = built();
    for (page, current) in [
        ("hanh-trinh/cai-dat/index.html", "Cài ứng dụng"),
        ("hanh-trinh/kich-hoat/index.html", "Kích hoạt"),
        ("hanh-trinh/muc-2/index.html", "Mức 2"),
    ] {
        assert_eq!(
            b.select_text(page, "nav.journey li a"),
            ["Cài ứng dụng", "Kích hoạt", "Mức 2"]
        );
        assert_eq!(
            b.select_text(page, "nav.journey a[aria-current=step]"),
            [current]
        );
    }
    assert!(b.select_text(ALL, "nav.journey").is_empty());
}

#[test]
fn boxes_from_front_matter() {
    let b = built();
    assert_eq!(
        b.select_text(STEPS, "#prerequisites-heading"),
        ["Bạn cần chuẩn bị"]
    );
    assert_eq!(
        b.select_text(STEPS, "#prerequisites-heading + ul li"),
        ["Điện thoại thông minh", "Thẻ căn cước gắn chip"]
    );
    assert_eq!(
        b.select_text(STEPS, "#objectives-heading + ul li"),
        ["Cài đúng ứng dụng"]
    );
    assert_eq!(b.select_text(STEPS, ".meta time"), ["15/08/2024"]);
    assert!(b
        .text(STEPS)
        .contains("Kiểm tra lần cuối: <time datetime=2024-08-15>15/08/2024</time>"));
    assert_eq!(
        b.select_attr(STEPS, ".sources a", "href"),
        ["https://vneid.gov.vn"]
    );
}

#[test]
fn stale_reviews_and_heavy_images_are_warnings() {
    let b = built();
    let stale: Vec<&String> = b
        .warnings
        .iter()
        .filter(|w| w.contains("last reviewed"))
        .collect();
    assert_eq!(stale.len(), 1, "{:#?}", b.warnings);
    assert!(
        stale[0].contains("content/hanh-trinh/cai-dat.md:7:1")
            && stale[0].contains("27 months ago"),
        "{}",
        stale[0]
    );
    let heavy: Vec<&String> = b
        .warnings
        .iter()
        .filter(|w| w.contains("over the budget"))
        .collect();
    assert_eq!(heavy.len(), 1, "{:#?}", b.warnings);
    assert!(heavy[0].contains("content/bai/anh-lon.svg"));
    // Without a date (plain library builds) no review warnings are made.
    let quiet = TestSite::fixture("components").build_ok();
    assert!(quiet.warnings.iter().all(|w| !w.contains("last reviewed")));
    // With budgets.enforce the heavy image is an error.
    let config = std::fs::read_to_string(
        crate::helpers::repo().join("tests/fixtures/components/site-config.yaml"),
    )
    .unwrap();
    let err = TestSite::fixture("components")
        .file(
            "site-config.yaml",
            config.replace("image_kb: 2", "image_kb: 2\n  enforce: true"),
        )
        .build_err();
    assert!(
        err.contains("content/bai/anh-lon.svg") && err.contains("over the budget"),
        "{err}"
    );
}

#[test]
fn caution_is_a_distinct_scam_warning_with_hidden_label() {
    let b = built();
    assert_eq!(
        b.select_text(ALL, ".callout-caution .visually-hidden"),
        ["Cảnh báo lừa đảo"]
    );
    assert_eq!(
        b.select_attr(ALL, ".callout-caution .callout-icon", "aria-hidden"),
        ["true"]
    );
    assert_eq!(
        b.select_text(ALL, ".callout-note .callout-title"),
        ["i Lưu ý"]
    );
}

#[test]
fn images_get_captions_real_sizes_and_lazy_loading() {
    let b = built();
    let fig = "ol.steps figure img";
    assert_eq!(b.select_attr(STEPS, fig, "width"), ["320"]);
    assert_eq!(b.select_attr(STEPS, fig, "height"), ["180"]);
    assert_eq!(b.select_attr(STEPS, fig, "alt"), ["Kết quả tìm kiếm VNeID"]);
    assert_eq!(
        b.select_text(STEPS, "ol.steps figure figcaption"),
        ["Kết quả tìm kiếm trong CH Play"]
    );
    assert!(
        b.select_attr(STEPS, fig, "loading").is_empty(),
        "the first image near the top loads eagerly"
    );
    // The decorative image: empty alt, size from its viewBox, lazy as the second image.
    let deco = "img[src$=\"hoa-van.svg\"]";
    assert_eq!(b.select_attr(STEPS, deco, "alt"), [""]);
    assert_eq!(b.select_attr(STEPS, deco, "width"), ["64"]);
    assert_eq!(b.select_attr(STEPS, deco, "loading"), ["lazy"]);
}

#[test]
fn quiz_is_a_form_with_a_no_javascript_answer() {
    let b = built();
    assert_eq!(
        b.select_text(ALL, ".quiz fieldset legend"),
        [
            "Câu 1. Cài VNeID từ đâu?",
            "Câu 2. Công an có sửa lỗi căn cước qua điện thoại không?"
        ]
    );
    assert_eq!(
        b.select_attr(
            ALL,
            ".quiz fieldset:first-of-type input[type=radio]",
            "name"
        ),
        ["cau-1", "cau-1"]
    );
    // Every radio has a label.
    for id in b.select_attr(ALL, ".quiz input[type=radio]", "id") {
        assert_eq!(
            b.select_attr(ALL, &format!("label[for=\"{id}\"]"), "for")
                .len(),
            1,
            "{id}"
        );
    }
    assert_eq!(
        b.select_attr(ALL, ".quiz fieldset", "data-answer"),
        ["2", "2"]
    );
    let answers = b.select_text(ALL, ".quiz details.quiz-answer");
    assert!(
        answers[0].contains("CH Play hoặc App Store")
            && answers[0].contains("Chỉ cài từ kho ứng dụng chính thức.")
    );
    assert_eq!(
        b.select_attr(ALL, ".quiz-feedback", "role"),
        ["status", "status"]
    );
    let quiz_js: Vec<_> = b
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("quiz.") && p.ends_with(".js"))
        .collect();
    assert_eq!(quiz_js.len(), 1);
    assert!(
        quiz_js[0].1.len() < 2048,
        "quiz.js is {} bytes",
        quiz_js[0].1.len()
    );
    assert!(b
        .select_attr(ALL, "script[src]", "src")
        .iter()
        .any(|s| s.contains("/quiz.")));
}

#[test]
fn theme_scripts_are_minified_and_search_stays_under_8_kb() {
    let b = built();
    let size = |stem: &str| -> usize {
        let found: Vec<_> = b
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("{stem}.")) && p.ends_with(".js"))
            .collect();
        assert_eq!(found.len(), 1, "{stem}");
        let text = String::from_utf8_lossy(found[0].1);
        assert!(!text.contains("\n  "), "{stem}.js is not minified");
        found[0].1.len()
    };
    assert!(size("camnang") < 1024, "the stub on every page stays tiny");
    // The search script: the index manifest on its first line, then the
    // code (search-core.js and search.js, minified).
    let script = size("search/search");
    let bundle = b
        .files
        .iter()
        .find(|(p, _)| p.starts_with("search/search."))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap();
    let (manifest, code) = bundle.split_once('\n').unwrap();
    assert!(manifest.starts_with("window.camnangIndex={"), "{manifest}");
    assert_eq!(manifest.len() + 1 + code.len(), script);
    assert!(
        code.len() <= 8 * 1024,
        "search code is {} bytes minified",
        code.len()
    );
    assert!(
        !b.files.keys().any(|p| p.starts_with("search-core.")),
        "the search code is only in the search script"
    );
}

#[test]
fn official_links_get_a_badge_and_scam_examples_are_not_links() {
    let b = built();
    assert_eq!(
        b.select_text(ALL, ".official-badge"),
        ["Trang chính thức", "Trang chính thức"]
    );
    assert_eq!(
        b.select_text(ALL, "span.bad-example"),
        ["dichvucong.bvgov.com"]
    );
    assert!(b
        .select_attr(ALL, "a", "href")
        .iter()
        .all(|h| !h.contains("bvgov")));
    let youtube_badge = b
        .text(ALL)
        .contains("YouTube</a> <span class=official-badge>");
    assert!(!youtube_badge, "only official domains get the badge");
}

#[test]
fn shortcodes_render_figure_video_qr_details_and_inset() {
    let b = built();
    assert_eq!(
        b.select_attr(ALL, "figure.figure img", "alt"),
        ["Ảnh minh họa lớn"]
    );
    assert_eq!(b.select_attr(ALL, "figure.figure img", "width"), ["100"]);
    assert_eq!(
        b.select_text(ALL, "figure.figure figcaption"),
        ["Chú thích hình"]
    );
    // The video costs nothing until tapped: a link, no iframe, no YouTube image.
    assert!(b.select_text(ALL, "iframe").is_empty());
    assert_eq!(
        b.select_attr(ALL, ".video a.video-link", "href"),
        ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]
    );
    assert!(b
        .select_attr(ALL, "img", "src")
        .iter()
        .all(|s| !s.contains("youtube") && !s.contains("ytimg")));
    assert!(b
        .select_attr(ALL, "script[src]", "src")
        .iter()
        .any(|s| s.contains("/video.")));
    assert_eq!(
        b.select_text(ALL, ".qr-figure figcaption"),
        ["Cổng Dịch vụ công quốc gia"]
    );
    assert_eq!(
        decode_qr(&b, ALL, ".qr-figure svg"),
        "https://dichvucong.gov.vn"
    );
    assert_eq!(
        b.select_text(ALL, "details.details summary"),
        ["Vì sao cần mức 2?"]
    );
    assert_eq!(b.select_text(ALL, "details.details strong"), ["mức 2"]);
    assert_eq!(
        b.select_text(ALL, ".inset"),
        ["Các bước có thể khác nhau theo phiên bản ứng dụng."]
    );
}

#[test]
fn a_site_can_override_a_shortcode() {
    let b = TestSite::fixture("components")
        .file(
            "templates/shortcodes/inset.html",
            "<aside class=\"rieng\">{{ body | safe }}</aside>",
        )
        .build_ok();
    assert_eq!(
        b.select_text(ALL, "aside.rieng"),
        ["Các bước có thể khác nhau theo phiên bản ứng dụng."]
    );
}

#[test]
fn every_lesson_has_a_poster_whose_qr_code_opens_the_lesson() {
    let b = built();
    let poster = "hanh-trinh/cai-dat/poster/index.html";
    assert_eq!(b.select_text(poster, "h1"), ["Cài ứng dụng"]);
    assert_eq!(
        b.select_text(poster, ".poster-steps li"),
        ["Mở kho ứng dụng", "Tìm \"VNeID\"", "Cài đặt"]
    );
    assert!(
        b.select_text(poster, "nav").is_empty(),
        "no navigation on a poster"
    );
    assert_eq!(
        decode_qr(&b, poster, ".poster-qr svg"),
        "https://truong.example/kynangso/hanh-trinh/cai-dat/"
    );
    assert_eq!(
        b.select_attr(STEPS, ".print-links a", "href"),
        ["/kynangso/hanh-trinh/cai-dat/poster/"]
    );
    for page in [
        "hanh-trinh/kich-hoat/",
        "hanh-trinh/muc-2/",
        "bai/thanh-phan/",
    ] {
        assert!(b.has(&format!("{page}poster/index.html")), "{page}");
    }
}

#[test]
fn posters_list_at_most_five_steps() {
    let body: String = (1..=7)
        .map(|i| format!("## Bước số {i}\n\nNội dung.\n\n"))
        .collect();
    let b = TestSite::minimal()
        .file(
            "content/bai-hoc/dai.md",
            format!("---\ntitle: Dài\nlayout: steps\n---\n{body}"),
        )
        .build_ok();
    assert_eq!(
        b.select_text("bai-hoc/dai/poster/index.html", ".poster-steps li")
            .len(),
        5
    );
}

#[test]
fn print_stylesheet_hides_navigation_shows_urls_and_keeps_steps_whole() {
    let b = built();
    let css = b
        .files
        .iter()
        .find(|(p, _)| p.starts_with("style."))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .unwrap();
    let print = &css[css.find("@media print").expect("print rules")..];
    for rule in [".site-nav", "attr(href)", ".step", "break-inside:avoid"] {
        assert!(print.contains(rule), "print CSS lacks {rule}");
    }
}

/// Reads the QR code drawn as an SVG path of `M{x} {y}h{run}v1h-{run}z`
/// runs, rasterises it and decodes it with a QR reader.
fn decode_qr(b: &Built, page: &str, selector: &str) -> String {
    let doc = b.html(page);
    let svg_sel = scraper::Selector::parse(selector).unwrap();
    let svg = doc.select(&svg_sel).next().expect("QR svg");
    let size: usize = svg
        .value()
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    let path_sel = scraper::Selector::parse("path").unwrap();
    let d = svg
        .select(&path_sel)
        .next()
        .unwrap()
        .value()
        .attr("d")
        .unwrap()
        .to_string();
    let mut dark = vec![false; size * size];
    for seg in d.split('M').filter(|s| !s.is_empty()) {
        let (xy, rest) = seg.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let run: usize = rest.split('v').next().unwrap().parse().unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for i in 0..run {
            dark[y * size + x + i] = true;
        }
    }
    let scale = 6;
    let px = size * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("QR decodes").1
}

/// The outer HTML of the first element matching `selector`.
fn fragment(b: &Built, page: &str, selector: &str) -> String {
    let doc = b.html(page);
    let sel = scraper::Selector::parse(selector).unwrap();
    let html = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("{selector} not on {page}"))
        .html();
    html.replace("><", ">\n<")
}

#[test]
fn component_html_snapshots() {
    let b = built();
    for (name, page, selector) in [
        ("steps", STEPS, "ol.steps"),
        ("journey", STEPS, "nav.journey"),
        ("boxes", STEPS, "section.box"),
        ("reviewed", STEPS, "p.meta"),
        ("caution", ALL, ".callout-caution"),
        ("official_links", ALL, ".prose > p:nth-of-type(1)"),
        ("figure_shortcode", ALL, "figure.figure"),
        ("video", ALL, ".video"),
        ("details", ALL, "details.details"),
        ("inset", ALL, ".inset"),
        ("quiz", ALL, "section.quiz"),
        (
            "poster",
            "hanh-trinh/cai-dat/poster/index.html",
            ".poster-steps",
        ),
    ] {
        insta::assert_snapshot!(format!("component_{name}"), fragment(&b, page, selector));
    }
}
