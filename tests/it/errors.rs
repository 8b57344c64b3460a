//! Every class of bad input gives a clear error with file, line, column and
//! a hint. Fixtures: `tests/fixtures/invalid/<case>/`, laid over `minimal`.

use crate::helpers::{copy_dir, repo, TestSite};

/// The minimal site with one invalid fixture laid over it.
pub fn invalid(case: &str) -> TestSite {
    let site = TestSite::minimal();
    copy_dir(
        &repo().join("tests/fixtures/invalid").join(case),
        site.root(),
    );
    site
}

/// (fixture, expected `path:line[:col]`, expected words in the message, expected words in the hint)
pub(crate) const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "broken-yaml",
        "content/bai-hoc/hong.md:2:14",
        "invalid YAML: mapping values are not allowed",
        "quotes",
    ),
    (
        "unknown-key",
        "content/bai-hoc/sai-khoa.md:3:1",
        "unknown key `descripton`",
        "did you mean `description`?",
    ),
    (
        "wrong-type",
        "content/bai-hoc/sai-kieu.md:3:",
        "wrong type for `weight`",
        "whole number",
    ),
    (
        "missing-title",
        "content/bai-hoc/thieu-tieu-de.md:1:1",
        "missing required key `title`",
        "title: …",
    ),
    (
        "unterminated",
        "content/bai-hoc/chua-dong.md:1:1",
        "never closed",
        "`---`",
    ),
    (
        "no-front-matter",
        "content/bai-hoc/khong-co.md:1:1",
        "no front matter",
        "`---`",
    ),
    (
        "invalid-utf8",
        "content/bai-hoc/sai-ma.md:2:9",
        "not valid UTF-8",
        "UTF-8",
    ),
    ("utf16", "content/bai-hoc/utf16.md:1:1", "UTF-16", "UTF-8"),
    (
        "broken-link",
        "content/bai-hoc/lien-ket.md:7:5",
        "broken link: `@/bai-hoc/khong-ton-tai.md`",
        "@/vneid/",
    ),
    (
        "missing-anchor",
        "content/bai-hoc/neo.md:5:5",
        "has no heading with the id `muc-mott`",
        "did you mean `#muc-mot`?",
    ),
    (
        "duplicate-url",
        "content/bai-hoc/bai-1.md",
        "already produced by content/bai-hoc/Bài 1.md",
        "slug",
    ),
    (
        "alias-collision",
        "content/bai-hoc/bi-danh.md:3:1",
        "already produced by content/bai-hoc/bai-1.md",
        "slug",
    ),
    (
        "missing-image",
        "content/bai-hoc/anh.md:5:1",
        "image not found: `khong-co.png`",
        "beside the lesson",
    ),
    (
        "escaping-link",
        "content/bai-hoc/thoat.md:5:1",
        "leads outside the content folder",
        "inside content/",
    ),
    (
        "missing-template",
        "content/bai-hoc/mau.md:3:1",
        "the template `khong-co.html` does not exist",
        "templates/",
    ),
    (
        "template-syntax",
        "templates/page.html:4:",
        "template error in `page.html`",
        "template",
    ),
    (
        "template-include-self",
        "templates/partials/footer.html:3:1",
        "the template `partials/footer.html` includes itself",
        "macro",
    ),
    (
        "template-runtime",
        "templates/page.html:3:",
        "page.titel",
        "template",
    ),
    (
        "bad-config",
        "site-config.yaml:2:1",
        "unknown key `base_ulr`",
        "did you mean `base_url`?",
    ),
    (
        "bad-base-url",
        "site-config.yaml:2:",
        "invalid `base_url`",
        "https://",
    ),
    (
        "unknown-theme",
        "site-config.yaml:2:1",
        "the theme `khong-co` does not exist",
        "theme: default",
    ),
    (
        "bad-date",
        "content/bai-hoc/ngay.md:3:",
        "invalid `reviewed`: `15/08/2024` is not a valid date",
        "write it as YYYY-MM-DD",
    ),
    (
        "missing-alt",
        "content/bai-hoc/anh.md:7:1",
        "the image `hinh.svg` has no alt text",
        "#decorative",
    ),
    (
        "quiz-no-answer",
        "content/bai-hoc/quiz.md:4:1",
        "quiz question 1 has no correct answer",
        "answer: N",
    ),
    (
        "quiz-out-of-range",
        "content/bai-hoc/quiz.md:7:1",
        "quiz question 2: `answer: 3` is not one of the 2 choices",
        "counted from 1",
    ),
    (
        "lookalike-link",
        "content/bai-hoc/gia.md:5:15",
        "imitates the official domain `dichvucong.gov.vn`",
        "vi-du-lua-dao",
    ),
    (
        "lookalike-source",
        "content/bai-hoc/nguon.md:5:1",
        "the source `https://vneid-gov.com/tai-app` imitates the official domain `vneid.gov.vn`",
        "real official site",
    ),
    (
        "unknown-shortcode",
        "content/bai-hoc/sc.md:5:1",
        "unknown shortcode `figur`",
        "did you mean `figure`?",
    ),
    (
        "shortcode-syntax",
        "content/bai-hoc/sc.md:5:25",
        "the value of `src` must be",
        "{{ name(key=\"value\") }}",
    ),
    (
        "shortcode-no-alt",
        "content/bai-hoc/sc.md:9:1",
        "the image `hinh.svg` needs `alt` text",
        "documentation",
    ),
    (
        "video-bad-id",
        "content/bai-hoc/video.md:5:1",
        "`id` must be the 11-character YouTube video id",
        "documentation",
    ),
    (
        "journey-on-page",
        "content/bai-hoc/hanh-trinh.md:3:1",
        "`journey` only applies to sections",
        "_index.md",
    ),
    (
        "bad-layout",
        "content/bai-hoc/bo-cuc.md:3:",
        "`layout`",
        "steps",
    ),
    (
        "missing-logo",
        "site-config.yaml:4:1",
        "the school logo `images/khong-co.png` is not in static/",
        "static/",
    ),
    (
        "broken-menu",
        "site-config.yaml:5:1",
        "menu `main` links to `@/khong-co.md`, which does not exist",
        "@/vneid/_index.md",
    ),
];

#[test]
fn every_invalid_fixture_is_reported_with_position_and_hint() {
    let mut failures = Vec::new();
    for (case, location, message, hint) in CASES {
        let err = invalid(case).build_err();
        let ok = err.contains(&format!("--> {location}"))
            && err.contains(message)
            && (hint.is_empty() || err.contains("hint: ") && err.contains(hint));
        if !ok {
            failures.push(format!(
                "--- {case}: expected `{location}`, `{message}`, hint `{hint}`; got:\n{err}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn errors_show_the_source_line_with_a_caret() {
    let err = invalid("unknown-key").build_err();
    assert!(err.contains(" 3 | descripton: Gõ nhầm\n   | ^"), "{err}");
    // A broken anchor is found after the build has let the lesson's text
    // go: the link keeps its line.
    let err = invalid("missing-anchor").build_err();
    let line = " 5 | Xem [mục hai](bai-1.md#muc-mott).\n   |     ^";
    assert!(err.contains(line), "{err}");
}

#[test]
fn all_content_errors_are_reported_together() {
    let site = invalid("unknown-key");
    copy_dir(
        &repo().join("tests/fixtures/invalid/broken-link"),
        site.root(),
    );
    copy_dir(
        &repo().join("tests/fixtures/invalid/wrong-type"),
        site.root(),
    );
    let err = site.build_err();
    assert!(err.contains("sai-khoa.md:3:1"), "{err}");
    assert!(err.contains("sai-kieu.md:3:"), "{err}");
    assert!(
        err.ends_with("2 errors"),
        "front-matter errors come first, then links: {err}"
    );
    // With the front matter fixed, the link error is reported too.
    let site = invalid("broken-link");
    copy_dir(
        &repo().join("tests/fixtures/invalid/missing-image"),
        site.root(),
    );
    let err = site.build_err();
    assert!(
        err.contains("lien-ket.md:7:5") && err.contains("anh.md:5:1"),
        "{err}"
    );
}

#[test]
fn two_files_with_the_same_url_name_both_files() {
    let err = invalid("duplicate-url").build_err();
    assert!(
        err.contains("content/bai-hoc/bai-1.md") && err.contains("content/bai-hoc/Bài 1.md"),
        "{err}"
    );
    assert!(err.contains("/bai-hoc/bai-1/"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let site = TestSite::minimal();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/bai-hoc/vong"),
    )
    .unwrap();
    let err = site.build_err();
    assert!(err.contains("content/bai-hoc/vong"), "{err}");
    assert!(err.contains("loop"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("bi-mat.md"),
        "---\ntitle: Bí mật\n---\n",
    )
    .unwrap();
    let site = TestSite::minimal();
    std::os::unix::fs::symlink(
        outside.path().join("bi-mat.md"),
        site.root().join("content/bai-hoc/bi-mat.md"),
    )
    .unwrap();
    let err = site.build_err();
    assert!(
        err.contains("content/bai-hoc/bi-mat.md") && err.contains("outside the site folder"),
        "{err}"
    );
}

#[test]
fn a_page_inside_a_bundle_is_an_error() {
    let err = TestSite::minimal()
        .file("content/bai-hoc/goi/index.md", "---\ntitle: Gói\n---\n")
        .file("content/bai-hoc/goi/khac.md", "---\ntitle: Khác\n---\n")
        .build_err();
    assert!(
        err.contains("content/bai-hoc/goi/khac.md") && err.contains("bundle"),
        "{err}"
    );
}

#[test]
fn oversized_files_hit_a_clear_limit() {
    let big = format!(
        "---\ntitle: Lớn\n---\n{}",
        "a".repeat(camnang::content::MAX_FILE_BYTES as usize)
    );
    let err = TestSite::minimal()
        .file("content/bai-hoc/lon.md", big)
        .build_err();
    assert!(
        err.contains("content/bai-hoc/lon.md") && err.contains("limit"),
        "{err}"
    );
}

#[test]
fn sort_by_on_a_page_is_an_error() {
    let err = TestSite::minimal()
        .file(
            "content/bai-hoc/sap-xep.md",
            "---\ntitle: A\nsort_by: date\n---\n",
        )
        .build_err();
    assert!(
        err.contains("sap-xep.md:3:1") && err.contains("only applies to sections"),
        "{err}"
    );
}
