//! The bundled default site builds and `camnang check` passes on it.

use crate::helpers::TestSite;

#[test]
fn bundled_site_builds_with_home_sections_lessons_and_extras() {
    let built = TestSite::bundled().build_ok();
    for path in [
        "index.html",
        "vneid/index.html",
        "vneid/dang-ky-muc-1/index.html",
        "thanh-toan/hoc-phi-khong-dung-tien-mat/index.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "404.html",
        "ky-nang/index.html",
    ] {
        assert!(built.has(path), "missing {path}");
    }
    let skills = built.select_text("index.html", ".site-nav a");
    for skill in [
        "Sử dụng dịch vụ công trực tuyến",
        "Mua sắm trực tuyến",
        "Thanh toán trực tuyến",
        "Tự bảo vệ mình trên không gian mạng",
        "Sử dụng nền tảng số khác",
    ] {
        assert!(
            skills.iter().any(|s| s == skill),
            "{skill} not in navigation: {skills:?}"
        );
    }
}

#[test]
fn check_passes_on_the_repository_site() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_camnang"))
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no errors, 0 warnings"));
}

#[test]
fn bundled_text_is_nfc() {
    use unicode_normalization::{is_nfc, UnicodeNormalization};
    for entry in walkdir::WalkDir::new(crate::helpers::repo().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(is_nfc(&text), "{} is not NFC", entry.path().display());
            let _: String = text.nfc().collect();
        }
    }
}

#[test]
fn the_components_pages_show_every_component_live() {
    let b = TestSite::bundled().build_ok();
    let pages = [
        "giao-vien/thanh-phan/index.html",
        "giao-vien/thanh-phan-hinh-anh/index.html",
    ];
    for (what, selector) in [
        ("note", ".callout-note"),
        ("tip", ".callout-tip"),
        ("important", ".callout-important"),
        ("warning", ".callout-warning"),
        ("scam warning", ".callout-caution"),
        ("inset", ".inset"),
        ("details", "details.details"),
        ("Markdown figure", "figure > img[width]"),
        ("figure shortcode", "figure.figure"),
        ("decorative image", "img[alt=\"\"]"),
        ("quiz", "section.quiz fieldset"),
        ("official badge", ".official-badge"),
        ("scam example", ".bad-example"),
        ("QR code", ".qr-figure svg"),
        ("objectives box", "#objectives-heading"),
        ("prerequisites box", "#prerequisites-heading"),
        ("reviewed date", "p.meta time"),
        (
            "steps example link",
            "a[href=\"/kynangso/vneid/dang-ky-muc-1/\"]",
        ),
        ("journey example link", "a[href=\"/kynangso/vneid/\"]"),
        (
            "poster example link",
            "a[href=\"/kynangso/vneid/dang-ky-muc-1/poster/\"]",
        ),
    ] {
        assert!(
            pages.iter().any(|p| !b.select_text(p, selector).is_empty()),
            "{what} ({selector}) missing"
        );
    }
    // The live step-by-step example really is one, inside a journey.
    assert_eq!(
        b.select_text("vneid/dang-ky-muc-1/index.html", "ol.steps > li.step")
            .len(),
        6
    );
    assert!(!b
        .select_text(
            "vneid/dang-ky-muc-1/index.html",
            "nav.journey [aria-current=step]"
        )
        .is_empty());
}
