//! Issue 9's catalogue of bad input, run through the real binary. For every
//! case: the error names the file (with line and column where they exist)
//! and gives a hint, the exit code is 1, nothing panics or aborts, and the
//! `public/` of the last good build is left byte for byte as it was.

use crate::errors::{invalid, CASES};
use crate::helpers::{read_tree, repo, TestSite};
use std::collections::BTreeMap;
use std::process::{Command, Output};

/// A site whose last good build is in `public/`, then broken by a case.
struct Spoiled {
    site: TestSite,
    before: BTreeMap<String, Vec<u8>>,
}

impl Spoiled {
    /// Builds `site` into `public/` (which must succeed), then lets `spoil`
    /// break it.
    fn new(site: TestSite, spoil: impl FnOnce(&TestSite)) -> Spoiled {
        let out = site.cli(&["build"]);
        assert!(
            out.status.success(),
            "the good build failed: {}",
            text(&out)
        );
        let before = read_tree(&site.root().join("public"));
        spoil(&site);
        Spoiled { site, before }
    }

    /// The minimal site with one file written over it.
    fn with_file(path: &str, contents: impl AsRef<[u8]>) -> Spoiled {
        Spoiled::new(TestSite::minimal(), |s| s.write(path, contents))
    }

    /// Builds again with `command` (the binary and its arguments) and checks
    /// every promise of the catalogue. Returns what was wrong, if anything.
    fn check(&self, mut command: Command, expect: &Expect) -> Result<(), String> {
        let out = command.output().unwrap();
        let err = text(&out);
        let mut wrong = Vec::new();
        if out.status.code() != Some(1) {
            wrong.push(format!("exit code {:?}, not 1", out.status.code()));
        }
        for crash in ["panicked", "overflowed its stack", "RUST_BACKTRACE"] {
            if err.contains(crash) {
                wrong.push(format!("it crashed ({crash})"));
            }
        }
        if !err.contains(&format!("--> {}", expect.location)) {
            wrong.push(format!("no `--> {}`", expect.location));
        }
        if !err.contains(expect.message) {
            wrong.push(format!("no `{}`", expect.message));
        }
        if !err.contains("hint: ") || !err.contains(expect.hint) {
            wrong.push(format!("no hint with `{}`", expect.hint));
        }
        if read_tree(&self.site.root().join("public")) != self.before {
            wrong.push("public/ changed".into());
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(format!("{}\n{err}", wrong.join("; ")))
        }
    }

    /// `camnang --root SITE build`.
    fn build(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_camnang"));
        c.arg("--root").arg(self.site.root()).arg("build");
        c
    }

    /// The same build without the power to read what its owner cannot:
    /// root ignores file permissions, so as root the build runs with the
    /// capabilities that allow that dropped (`setpriv`, from util-linux).
    fn build_without_override(&self) -> Command {
        if !running_as_root() {
            return self.build();
        }
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-all",
            "--",
            env!("CARGO_BIN_EXE_camnang"),
            "--root",
        ])
        .arg(self.site.root())
        .arg("build");
        c
    }
}

/// What the error must say.
struct Expect {
    location: &'static str,
    message: &'static str,
    hint: &'static str,
}

fn expect(location: &'static str, message: &'static str, hint: &'static str) -> Expect {
    Expect {
        location,
        message,
        hint,
    }
}

/// Whether the tests run as root (as CI does), who ignores file permissions.
fn running_as_root() -> bool {
    let id = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs every case and reports all failures together.
fn run_all(cases: Vec<(String, Spoiled, Command, Expect)>) {
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(name, spoiled, command, expect)| {
            spoiled
                .check(command, &expect)
                .err()
                .map(|e| format!("--- {name}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_invalid_fixture_exits_1_and_leaves_public_untouched() {
    let cases = CASES
        .iter()
        .map(|(case, location, message, hint)| {
            let good = TestSite::minimal();
            let spoiled = Spoiled::new(good, |s| {
                let broken = invalid(case);
                crate::helpers::copy_dir(broken.root(), s.root());
            });
            let command = spoiled.build();
            // The fixtures' hints may be empty ("" is in every message).
            (
                case.to_string(),
                spoiled,
                command,
                expect(location, message, hint),
            )
        })
        .collect();
    run_all(cases);
}

#[test]
fn broken_front_matter_and_text_exit_1_and_leave_public_untouched() {
    let lesson = "content/bai-hoc/x.md";
    let deep = |body: String| format!("---\ntitle: Sâu\n---\nMở đầu.\n\n{body}\n");
    let n = 10_000;
    let cases: Vec<(&str, Spoiled, Expect)> = vec![
        (
            "front matter that is only `---`",
            Spoiled::with_file(lesson, "---\n"),
            expect("content/bai-hoc/x.md:1:1", "never closed", "`---`"),
        ),
        (
            "an empty front matter block",
            Spoiled::with_file(lesson, "---\n---\nChữ.\n"),
            expect("content/bai-hoc/x.md:1:1", "missing required key `title`", "title: …"),
        ),
        (
            "an empty file",
            Spoiled::with_file(lesson, ""),
            expect("content/bai-hoc/x.md:1:1", "no front matter", "`---`"),
        ),
        (
            "a 50 MB file",
            Spoiled::with_file(lesson, format!("---\ntitle: Lớn\n---\n{}", "a".repeat(50_000_000))),
            expect("content/bai-hoc/x.md", "more than the limit of", "split the lesson"),
        ),
        (
            "10,000 nested quotes",
            Spoiled::with_file(lesson, deep("> ".repeat(n))),
            expect("content/bai-hoc/x.md:6:201", "nests more than 100 levels deep", "paste mistake"),
        ),
        (
            "10,000 nested lists",
            Spoiled::with_file(lesson, deep("- ".repeat(n) + "x")),
            expect("content/bai-hoc/x.md:6:101", "nests more than 100 levels deep", "paste mistake"),
        ),
        (
            "10,000 nested emphasis",
            Spoiled::with_file(lesson, deep(format!("{}a{}", "*".repeat(n), "*".repeat(n)))),
            expect("content/bai-hoc/x.md:6:", "nests more than 100 levels deep", "paste mistake"),
        ),
        (
            "10,000 nested HTML tags",
            Spoiled::with_file(lesson, deep(format!("{}a{}", "<div>".repeat(n), "</div>".repeat(n)))),
            expect("content/bai-hoc/x.md:6:1", "HTML in this lesson nests more than 100", "paste mistake"),
        ),
        (
            "10,000 unclosed HTML tags",
            Spoiled::with_file(lesson, deep("<span>".repeat(n))),
            expect("content/bai-hoc/x.md:6:1", "HTML in this lesson nests more than 100", "paste mistake"),
        ),
        (
            "10,000 nested YAML lists",
            Spoiled::with_file(lesson, format!("---\ntitle: A\ntags: {}{}\n---\n", "[".repeat(n), "]".repeat(n))),
            expect("content/bai-hoc/x.md:3:", "wrong type for `tags[0]`", "text value"),
        ),
        (
            "a figure shortcode leaving the site",
            Spoiled::with_file(lesson, "---\ntitle: A\n---\n{{ figure(src=\"../../etc/passwd\", alt=\"x\") }}\n"),
            expect("content/bai-hoc/x.md:4:1", "`../../etc/passwd` is outside the content folder", "figure"),
        ),
        (
            "an image leaving the site",
            Spoiled::with_file(lesson, "---\ntitle: A\n---\n![Mật khẩu](../../../etc/passwd)\n"),
            expect("content/bai-hoc/x.md:4:1", "`../../../etc/passwd` is outside the content folder", "inside content/ or static/"),
        ),
        (
            "a template that includes itself through another",
            Spoiled::new(TestSite::minimal(), |s| {
                s.write("templates/partials/nav.html", "<nav>{% include \"partials/menu.html\" %}</nav>");
                s.write("templates/partials/menu.html", "<a>\n{% include \"partials/nav.html\" %}");
            }),
            expect(
                "templates/partials/nav.html:1:6",
                "`partials/nav.html` → `partials/menu.html` → `partials/nav.html`",
                "macro",
            ),
        ),
        (
            "a tag with no letter or digit",
            Spoiled::with_file(lesson, "---\ntitle: A\ntags: [vneid, \"!!!\"]\n---\n"),
            expect("content/bai-hoc/x.md:3:1", "`tags` `!!!` has no letter or digit", "use words"),
        ),
        (
            "a slug with no letter or digit",
            Spoiled::with_file(lesson, "---\ntitle: A\nslug: \"?\"\n---\n"),
            expect("content/bai-hoc/x.md:3:1", "`slug` `?` has no letter or digit", "use words"),
        ),
        (
            "a file name with no letter or digit",
            Spoiled::with_file("content/bai-hoc/!!!.md", "---\ntitle: A\n---\n"),
            expect("content/bai-hoc/!!!.md", "the URL `/bai-hoc//` has an empty part", "rename the file"),
        ),
        (
            "a theme without the templates a site needs",
            Spoiled::new(TestSite::minimal(), |s| {
                s.write("themes/rieng/templates/base.html", "<html>{% block content %}{% endblock %}</html>");
                s.write("site-config.yaml", "title: Trường\nbase_url: https://truong.example/\ntheme: rieng\n");
            }),
            expect("templates/page.html", "the theme has no template `page.html`", "add it to the theme's templates/"),
        ),
        (
            "a source whose address runs a script",
            Spoiled::with_file(
                lesson,
                "---\ntitle: A\nsources:\n  - title: Nguồn\n    url: \"javascript:alert(1)\"\n---\n",
            ),
            expect("content/bai-hoc/x.md:5:1", "the source `javascript:alert(1)` is not a web address", "https://"),
        ),
        (
            "a school website that runs a script",
            Spoiled::with_file(
                "site-config.yaml",
                "title: Trường\nbase_url: https://truong.example/\nschool:\n  name: THCS Thử\n  contact:\n    website: \"javascript:alert(1)\"\n",
            ),
            expect("site-config.yaml:6:5", "`school.contact.website` `javascript:alert(1)` is not a web address", "https://"),
        ),
        (
            "a bad colour",
            Spoiled::with_file(
                "site-config.yaml",
                "title: Trường\nbase_url: https://truong.example/\nschool:\n  name: THCS Thử\n  primary_color: \"#12345g\"\n",
            ),
            expect("site-config.yaml:5:3", "`#12345g` is not a colour", "#rrggbb"),
        ),
    ];
    run_all(
        cases
            .into_iter()
            .map(|(name, s, e)| {
                let c = s.build();
                (name.to_string(), s, c, e)
            })
            .collect(),
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_links_exit_1_and_leave_public_untouched() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let chmod = |s: &TestSite, path: &str| {
        let p = s.root().join(path);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    };
    let unreadable_file = Spoiled::new(TestSite::minimal(), |s| {
        chmod(s, "content/bai-hoc/bai-1.md")
    });
    let unreadable_dir = Spoiled::new(TestSite::minimal(), |s| {
        s.write("content/rieng/bai.md", "---\ntitle: Riêng\n---\n");
        chmod(s, "content/rieng");
    });
    let loop_ = Spoiled::new(TestSite::minimal(), |s| {
        symlink(
            s.root().join("content"),
            s.root().join("content/bai-hoc/vong"),
        )
        .unwrap();
    });
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("bi-mat.md"),
        "---\ntitle: Bí mật\n---\n",
    )
    .unwrap();
    let leaving = Spoiled::new(TestSite::minimal(), |s| {
        symlink(
            outside.path().join("bi-mat.md"),
            s.root().join("content/bai-hoc/bi-mat.md"),
        )
        .unwrap();
    });
    let c1 = unreadable_file.build_without_override();
    let c2 = unreadable_dir.build_without_override();
    let c3 = loop_.build();
    let c4 = leaving.build();
    run_all(vec![
        (
            "an unreadable file".into(),
            unreadable_file,
            c1,
            expect(
                "content/bai-hoc/bai-1.md",
                "cannot read the file: Permission denied",
                "permission to read",
            ),
        ),
        (
            "an unreadable folder".into(),
            unreadable_dir,
            c2,
            expect(
                "content/rieng",
                "cannot read: Permission denied",
                "permission to read",
            ),
        ),
        (
            "a symlink loop".into(),
            loop_,
            c3,
            expect("content/bai-hoc/vong", "loop", "remove the link"),
        ),
        (
            "a symlink leaving the site".into(),
            leaving,
            c4,
            expect("content/bai-hoc/bi-mat.md", "outside the site folder", ""),
        ),
    ]);
}

#[test]
fn unsafe_output_folders_are_refused_and_left_alone() {
    let site = TestSite::minimal();
    let root = site.root().to_path_buf();
    let parent = root.parent().unwrap().to_path_buf();
    for (output, why) in [
        (root.clone(), "it is the site folder itself"),
        (parent, "it contains the site folder"),
        (
            root.join("content"),
            "it is inside the site's content/ folder",
        ),
        (
            root.join("content/bai-hoc/ra"),
            "it is inside the site's content/ folder",
        ),
        (
            root.join("static"),
            "it is inside the site's static/ folder",
        ),
    ] {
        let out = site.cli(&["build", "--output", &output.to_string_lossy()]);
        let err = text(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", output.display());
        assert!(err.contains(why) && err.contains("hint: "), "{err}");
    }
    assert_eq!(
        read_tree(&root.join("content")),
        read_tree(&repo().join("tests/fixtures/minimal/content"))
    );
    // A folder camnang did not make is kept unless --force is given.
    let site = TestSite::minimal().file("ra/ghi-chu.txt", "của thầy");
    let out = site.cli(&[
        "build",
        "--output",
        &site.root().join("ra").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--force"), "{}", text(&out));
    assert!(site.root().join("ra/ghi-chu.txt").exists());
}

/// A full disk, for real: the output is on a small tmpfs mounted in a
/// mount namespace of the test's own (`unshare`, as root or in a user
/// namespace), the good build fits, and the build of a bigger site runs out
/// of space halfway.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_mid_build_leaves_the_previous_output_intact() {
    let site = TestSite::minimal();
    let script = r#"
set -eu
bin=$1; root=$2; disk=$(mktemp -d)
mount -t tmpfs -o size=400k tmpfs "$disk"
"$bin" --root "$root" build --output "$disk/public" > /dev/null
sums() { (cd "$disk/public" && find . -type f | sort | xargs sha256sum); }
sums > "$root/before.txt"
python3 - "$root" <<'EOF'
import sys
open(sys.argv[1] + '/content/bai-hoc/lon.md', 'w').write('---\ntitle: Lớn\n---\n' + 'Bài học rất dài. ' * 20000)
EOF
set +e
"$bin" --root "$root" build --output "$disk/public" 2> "$root/error.txt"
echo $? > "$root/code.txt"
sums > "$root/after.txt"
ls -A "$disk" > "$root/left.txt"
"#;
    let out = Command::new("unshare")
        .args(if running_as_root() {
            &["-m"][..]
        } else {
            &["-r", "-m"][..]
        })
        .args(["bash", "-c", script, "full-disk"])
        .arg(env!("CARGO_BIN_EXE_camnang"))
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "could not run the full-disk script (unshare and mount are needed): {}",
        text(&out)
    );
    let read = |f: &str| std::fs::read_to_string(site.root().join(f)).unwrap();
    let err = read("error.txt");
    assert_eq!(read("code.txt").trim(), "1", "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("hint: the disk is full"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(read("before.txt").lines().count() > 10);
    assert_eq!(read("before.txt"), read("after.txt"), "the output changed");
    // The half-written staging folder is gone: only public/ is left.
    assert_eq!(read("left.txt").trim(), "public");
}

#[test]
fn crlf_mixed_line_endings_a_1_mb_line_and_a_long_tag_simply_work() {
    let long = "chữ ".repeat(250_000);
    let built = TestSite::minimal()
        .file(
            "content/bai-hoc/x.md",
            "---\r\ntitle: Dòng lẫn\ntags: [vneid]\r\n---\r\nDòng một\nDòng hai\r\n\r\n## Đầu mục\r\nCuối\r",
        )
        .file(
            "content/bai-hoc/dai.md",
            format!("---\ntitle: Dài\ntags: [\"{}\"]\n---\n{long}\n", "thẻ rất dài ".repeat(40)),
        )
        .build_ok();
    assert_eq!(
        built.select_text("bai-hoc/x/index.html", "h1"),
        ["Dòng lẫn"]
    );
    let page = built.text("bai-hoc/x/index.html");
    assert!(page.contains(">Đầu mục"), "{page}");
    assert!(
        page.contains("Dòng một\nDòng hai") || page.contains("Dòng một Dòng hai"),
        "{page}"
    );
    assert!(!page.contains('\r'));
    // A tag pasted from a whole paragraph gets a page with a short name.
    let tag = built
        .files
        .keys()
        .find(|k| k.starts_with("the/the-rat-dai-"))
        .expect("the long tag's page");
    assert!(tag.len() < 120, "{tag}");
    let dai = built.text("bai-hoc/dai/index.html");
    assert!(dai.matches("chữ").count() >= 250_000);
}
