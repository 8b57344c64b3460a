//! The command line: exit codes, atomic output, init and new.

use crate::errors::invalid;
use crate::helpers::{read_tree, TestSite};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn build_summarises_and_check_writes_nothing() {
    let site = TestSite::minimal();
    let out = site.cli(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Checked 1 pages and 2 sections"),
        "{}",
        stdout(&out)
    );
    assert!(!site.root().join("public").exists());
    let out = site.cli(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let last = stdout(&out).lines().last().unwrap().to_string();
    assert!(last.starts_with("Built 1 pages and 2 sections"), "{last}");
    assert!(site.root().join("public/index.html").is_file());
}

#[test]
fn check_lists_the_heaviest_pages_and_enforces_budgets() {
    let long = format!(
        "---\ntitle: Bài dài\n---\n\n{}\n",
        "Một đoạn văn khá dài về cách đăng ký tài khoản định danh điện tử. ".repeat(600)
    );
    let config = "title: Trang thử nghiệm\nbase_url: https://truong.example/\n";
    let site = TestSite::minimal()
        .file("content/bai-dai.md", &long)
        .file("site-config.yaml", config);
    let out = site.cli(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let heaviest = text.find("Heaviest pages").expect("a summary");
    assert!(
        text[heaviest..]
            .lines()
            .nth(1)
            .unwrap()
            .ends_with("bai-dai/index.html"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("the page is over budget"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("bai-dai/index.html"));
    // With enforce: an error, exit 1.
    let site = site.file(
        "site-config.yaml",
        format!("{config}budgets:\n  enforce: true\n"),
    );
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("error: the page is over budget"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verbose_prints_every_stage_with_its_time() {
    let out = TestSite::minimal().cli(&["build", "--verbose"]);
    let err = stderr(&out);
    for stage in [
        "load content",
        "render markdown",
        "render pages",
        "feed, sitemap, extras",
    ] {
        assert!(
            err.contains(stage) && err.contains(" ms"),
            "{stage} missing in:\n{err}"
        );
    }
}

#[test]
fn broken_yaml_exits_1_and_leaves_the_previous_output_untouched() {
    let site = TestSite::minimal();
    assert!(site.cli(&["build"]).status.success());
    let before = read_tree(&site.root().join("public"));
    crate::helpers::copy_dir(
        &crate::helpers::repo().join("tests/fixtures/invalid/broken-yaml"),
        site.root(),
    );
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/bai-hoc/hong.md:2:14"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read_tree(&site.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("camnang-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = TestSite::minimal().cli(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = TestSite::minimal().cli(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn content_errors_exit_1_with_the_message_printed_once() {
    let out = invalid("unknown-key").cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("unknown key `descripton`").count(), 1, "{err}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = TestSite::minimal().file("public/tai-lieu-quan-trong.txt", "giữ lại");
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not created by camnang"),
        "{}",
        stderr(&out)
    );
    assert!(site.root().join("public/tai-lieu-quan-trong.txt").exists());
    let out = site.cli(&["build", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.root().join("public/tai-lieu-quan-trong.txt").exists());
    // Once camnang made it, rebuilding needs no --force.
    assert!(site.cli(&["build"]).status.success());
}

#[test]
fn refuses_to_build_into_the_site_or_its_content() {
    let site = TestSite::minimal();
    for output in [".", "content", "content/out"] {
        let out = site.cli(&[
            "build",
            "--output",
            &site.root().join(output).to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{output}");
        assert!(
            stderr(&out).contains("refusing to build into"),
            "{}",
            stderr(&out)
        );
    }
    assert!(site.root().join("content/_index.md").exists());
}

#[test]
fn base_url_flag_overrides_the_config() {
    let site = TestSite::minimal();
    let out = site.cli(&["build", "--base-url", "https://thcs-abc.edu.vn/kynangso/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.root().join("public/bai-hoc/index.html")).unwrap();
    assert!(html.contains("href=/kynangso/bai-hoc/bai-1/"), "{html}");
    let out = site.cli(&["build", "--base-url", "ftp://x"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn init_creates_a_site_that_builds_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("truong-moi");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_camnang"))
        .current_dir(dir.path())
        .args(["init", "truong-moi"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(target.join("site-config.yaml").is_file());
    assert!(target.join("content/_index.md").is_file());
    assert!(!target.join("themes").exists(), "the theme stays embedded");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_camnang"))
        .current_dir(&target)
        .arg("build")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(target
        .join("public/vneid/dang-ky-muc-1/index.html")
        .is_file());
    // A second init into the same, now non-empty, folder is refused.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_camnang"))
        .current_dir(dir.path())
        .args(["init", "truong-moi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn new_creates_a_lesson_from_the_archetype() {
    let site = TestSite::minimal();
    let out = site.cli(&[
        "new",
        "bai-hoc/bai-moi",
        "--title",
        "Thanh toán: hóa đơn điện",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/bai-hoc/bai-moi.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: 'Thanh toán: hóa đơn điện'\n"),
        "{text}"
    );
    assert!(text.contains("draft: true"));
    // It is a draft: built only with --drafts, and valid as written.
    let out = site.cli(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html =
        std::fs::read_to_string(site.root().join("public/bai-hoc/bai-moi/index.html")).unwrap();
    assert!(html.contains("Thanh toán: hóa đơn điện"));
    let again = site.cli(&["new", "bai-hoc/bai-moi.md", "--title", "X"]);
    assert_eq!(again.status.code(), Some(1));
    let escape = site.cli(&["new", "../ngoai.md", "--title", "X"]);
    assert_eq!(escape.status.code(), Some(1));
}

#[test]
fn a_folder_without_config_is_not_a_site() {
    let site = TestSite::empty();
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a camnang site"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_incremental_build_skips_an_unchanged_site_and_rebuilds_a_changed_one() {
    let site = TestSite::minimal();
    let out = site.root().join("public");
    let cold = |site: &TestSite| {
        let dir = tempfile::tempdir().unwrap();
        let o = site.cli(&["build", "-o", dir.path().join("c").to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        read_tree(&dir.path().join("c"))
    };
    let incremental = |site: &TestSite| {
        let o = site.cli(&["build", "--incremental"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(incremental(&site).contains("Built"));
    let first = read_tree(&out);
    assert_eq!(first, cold(&site), "the first build is a cold build");
    // The state is kept beside the output, never in it.
    assert!(site.root().join(".public.camnang-state").is_file());

    let again = incremental(&site);
    assert!(again.starts_with("Up to date"), "{again}");
    assert_eq!(read_tree(&out), first, "an unchanged site keeps its output");

    // An edited lesson, template or config is built again.
    site.write(
        "content/bai-hoc/bai-1.md",
        "---\ntitle: Bài một đã sửa\n---\n\nMới.\n",
    );
    assert!(incremental(&site).contains("Built"));
    assert_eq!(read_tree(&out), cold(&site));
    site.write("templates/shortcodes/moi.html", "<b>{{ body }}</b>");
    assert!(incremental(&site).contains("Built"));
    assert!(incremental(&site).starts_with("Up to date"));

    // An output file changed by hand is put back; one added is removed.
    std::fs::write(out.join("index.html"), "sửa tay").unwrap();
    assert!(incremental(&site).contains("Built"));
    assert_eq!(read_tree(&out), cold(&site));
    std::fs::write(out.join("bai-hoc/them.txt"), "thêm tay").unwrap();
    assert!(incremental(&site).contains("Built"));
    assert_eq!(read_tree(&out), cold(&site));

    // Other options are other inputs; a plain build forgets the state.
    let o = site.cli(&["build", "--incremental", "--drafts"]);
    assert!(stdout(&o).contains("Built"), "{}", stdout(&o));
    let o = site.cli(&["build"]);
    assert!(o.status.success());
    assert!(!site.root().join(".public.camnang-state").exists());
    assert!(incremental(&site).contains("Built"));
}
