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
