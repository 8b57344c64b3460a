//! Incremental rebuilds (the dev server's [`Rebuilder`]) against clean
//! builds: after every step of a random sequence of edits, adds, renames,
//! deletes, broken files, image, template and config changes, every output
//! file must equal a clean build of the same files, byte for byte.
//!
//! The sequence is reproducible: `CAMNANG_SEED=n` replays seed `n`, and a
//! failure names its seed and step.

use crate::helpers::TestSite;
use camnang::content::Date;
use camnang::output::MemorySink;
use camnang::serve::Change;
use camnang::serve::Rebuilder;
use camnang::site::{BuildOptions, Site};
use std::collections::{BTreeMap, BTreeSet};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SECTIONS: [&str; 3] = ["bai-hoc", "an-toan", "thanh-toan"];
const SKILLS: [&str; 3] = ["an-toan", "thanh-toan", "dich-vu-cong"];
const TAGS: [&str; 4] = ["vneid", "otp", "mat-khau", "hoc-phi"];

/// One lesson as the test knows it; written out as Markdown.
#[derive(Clone)]
struct Lesson {
    title: String,
    weight: i64,
    day: u32,
    skill: &'static str,
    tags: Vec<&'static str>,
    aliases: Vec<String>,
    body: Vec<String>,
}

impl Lesson {
    fn markdown(&self) -> String {
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        let aliases: Vec<String> = self.aliases.iter().map(|a| format!("\"{a}\"")).collect();
        format!(
            "---\ntitle: \"{}\"\ndescription: \"Mô tả của {}\"\nweight: {}\ndate: 2026-10-{:02}\nskill: {}\ntags: [{}]\naliases: [{}]\n---\n\n{}\n",
            self.title,
            self.title,
            self.weight,
            self.day,
            self.skill,
            tags.join(", "),
            aliases.join(", "),
            self.body.join("\n\n")
        )
    }
}

/// The site being edited: lessons by path inside `content/`.
struct Model {
    site: TestSite,
    lessons: BTreeMap<String, Lesson>,
    counter: usize,
    /// Files written, renamed or deleted since the last build, as the
    /// dev server's watcher would report them.
    touched: Vec<String>,
}

/// Lessons that stay, so that links to them never break.
const KEPT: &str = "bai-hoc/co-dinh.md";

impl Model {
    fn new() -> Model {
        let site = TestSite::minimal()
            .file("content/an-toan/_index.md", "---\ntitle: An toàn\n---\n")
            .file(
                "content/thanh-toan/_index.md",
                "---\ntitle: Thanh toán\nsort_by: title\n---\n",
            )
            .file("content/bai-hoc/hinh.svg", svg(120))
            .file(
                "templates/shortcodes/ghi-chu.html",
                "<p class=\"ghi-chu\">{{ body }}</p>",
            );
        let mut model = Model {
            site,
            lessons: BTreeMap::new(),
            counter: 0,
            touched: Vec::new(),
        };
        model.put(
            KEPT,
            Lesson {
                title: "Bài cố định".into(),
                weight: 1,
                day: 1,
                skill: "an-toan",
                tags: vec!["vneid"],
                aliases: vec![],
                body: vec![
                    "## Mở đầu\n\nNội dung cố định.".into(),
                    "![Hình minh họa bước một](hinh.svg)".into(),
                ],
            },
        );
        for i in 0..6 {
            let path = format!("{}/bai-{i}.md", SECTIONS[i % 3]);
            let lesson = model.new_lesson(i);
            model.put(&path, lesson);
        }
        model
    }

    fn new_lesson(&mut self, i: usize) -> Lesson {
        self.counter += 1;
        Lesson {
            title: format!("Bài số {i} lần {}", self.counter),
            weight: (i % 4) as i64 + 2,
            day: (i % 27) as u32 + 1,
            skill: SKILLS[i % 3],
            tags: vec![TAGS[i % 4]],
            aliases: vec![],
            body: vec![
                "## Các bước\n\nĐăng ký tài khoản định danh điện tử.".into(),
                "Xem [bài cố định](../bai-hoc/co-dinh.md#mo-dau).".into(),
            ],
        }
    }

    fn put(&mut self, path: &str, lesson: Lesson) {
        self.write(&format!("content/{path}"), lesson.markdown());
        self.lessons.insert(path.to_string(), lesson);
    }

    fn write(&mut self, path: &str, contents: impl AsRef<[u8]>) {
        self.site.write(path, contents);
        self.touched.push(path.to_string());
    }

    fn delete(&mut self, path: &str) {
        self.site.delete(path);
        self.touched.push(path.to_string());
    }

    fn rename(&mut self, from: &str, to: &str) {
        self.site.rename(from, to);
        self.touched.extend([from.to_string(), to.to_string()]);
    }

    /// The changes since the last call, classified like the watcher's events.
    fn changes(&mut self) -> BTreeSet<Change> {
        let root = self.site.root();
        let paths: Vec<std::path::PathBuf> = self.touched.drain(..).map(|p| root.join(p)).collect();
        camnang::serve::collect(root, paths.iter().map(|p| p.as_path()))
    }

    fn editable(&self) -> Vec<String> {
        self.lessons
            .keys()
            .filter(|p| *p != KEPT)
            .cloned()
            .collect()
    }

    /// One random change; returns what it did, for failure messages.
    fn step(&mut self, rng: &mut Rng) -> String {
        self.counter += 1;
        let n = self.counter;
        let paths = self.editable();
        let any = |rng: &mut Rng| -> String { rng.pick(&paths).clone() };
        match rng.below(15) {
            0 | 1 if !paths.is_empty() => {
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                l.body.push(match rng.below(4) {
                    0 => format!("## Mục mới {n}\n\nThêm nội dung."),
                    1 => format!("```rust\nfn buoc_{n}() {{}}\n```"),
                    2 => format!("{{% ghi_chu() %}}Ghi chú {n}{{% end %}}"),
                    _ => format!("Câu mới số {n} về thanh toán học phí."),
                });
                self.put(&p, l);
                format!("edit body of {p}")
            }
            2 if !paths.is_empty() => {
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                l.title = format!("Tiêu đề mới {n}");
                self.put(&p, l);
                format!("retitle {p}")
            }
            3 if !paths.is_empty() => {
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                l.weight = rng.below(9) as i64;
                l.day = rng.below(28) as u32 + 1;
                self.put(&p, l);
                format!("reweight and redate {p}")
            }
            4 if !paths.is_empty() => {
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                l.tags = vec![*rng.pick(&TAGS), *rng.pick(&TAGS)];
                l.tags.dedup();
                l.skill = *rng.pick(&SKILLS);
                self.put(&p, l);
                format!("retag {p}")
            }
            5 | 6 => {
                let p = format!("{}/moi-{n}.md", rng.pick(&SECTIONS));
                let l = self.new_lesson(n);
                self.put(&p, l);
                format!("add {p}")
            }
            7 if paths.len() > 2 => {
                let p = any(rng);
                self.delete(&format!("content/{p}"));
                self.lessons.remove(&p);
                format!("delete {p}")
            }
            8 if !paths.is_empty() => {
                let p = any(rng);
                let to = format!("{}/doi-ten-{n}.md", rng.pick(&SECTIONS));
                self.rename(&format!("content/{p}"), &format!("content/{to}"));
                let l = self.lessons.remove(&p).unwrap();
                self.lessons.insert(to.clone(), l);
                format!("rename {p} to {to}")
            }
            9 => {
                let s = rng.pick(&SECTIONS);
                self.write(
                    &format!("content/{s}/_index.md"),
                    format!(
                        "---\ntitle: Mục {s} {n}\ndescription: Lần {n}\n---\n\nGiới thiệu {n}.\n"
                    ),
                );
                format!("edit section {s}")
            }
            10 => {
                self.write("content/bai-hoc/hinh.svg", svg(100 + rng.below(200)));
                "resize the image".into()
            }
            11 => {
                self.write(
                    "site-config.yaml",
                    format!("title: Trang thử nghiệm {n}\nbase_url: https://truong.example/\n"),
                );
                "edit the config".into()
            }
            13 | 14 if !paths.is_empty() => {
                // A body edit that other pages cannot see: patched in.
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                let last = l.body.len() - 1;
                l.body[last].push_str(&format!(" Thêm câu {n}."));
                self.put(&p, l);
                format!("extend a paragraph of {p}")
            }
            12 if !paths.is_empty() => {
                let p = any(rng);
                let mut l = self.lessons[&p].clone();
                l.aliases.push(format!("/cu/duong-dan-{n}/"));
                self.put(&p, l);
                format!("add an alias to {p}")
            }
            _ => {
                self.write(
                    "templates/shortcodes/ghi-chu.html",
                    format!("<p class=\"ghi-chu-{n}\">{{{{ body }}}}</p>"),
                );
                "edit a shortcode template".into()
            }
        }
    }
}

fn svg(width: usize) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"60\"></svg>")
}

fn options() -> BuildOptions {
    BuildOptions {
        today: Some(Date::parse("2026-11-23").unwrap()),
        ..BuildOptions::default()
    }
}

/// A clean build of the site as it is on disk, or its error.
fn clean(site: &TestSite) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let site = Site::load(site.root(), options()).map_err(|e| e.to_string())?;
    let sink = MemorySink::new();
    site.build(&sink).map_err(|e| e.to_string())?;
    Ok(sink.into_files())
}

fn incremental(
    builder: &Rebuilder,
    changes: &BTreeSet<Change>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    builder
        .rebuild(changes)
        .map(|files| files.to_files())
        .map_err(|e| e.to_string())
}

fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => out.push(format!("{path}: only in the incremental build")),
            Some(other) if other != bytes => out.push(format!("{path}: different bytes")),
            Some(_) => {}
        }
    }
    for path in b.keys().filter(|p| !a.contains_key(*p)) {
        out.push(format!("{path}: only in the clean build"));
    }
    out
}

/// Runs one sequence; returns how many rebuilds were patches.
fn run(seed: u64, steps: usize) -> usize {
    let mut model = Model::new();
    let mut rng = Rng(seed.max(1));
    let builder = Rebuilder::new(model.site.root(), options());
    model.touched.clear();
    let first = builder
        .build()
        .map(|f| f.to_files())
        .expect("the first build works");
    assert_eq!(Ok(&first), clean(&model.site).as_ref());
    let mut history = Vec::new();
    for step in 0..steps {
        let mut what = model.step(&mut rng);
        // Sometimes a lesson is broken for one build, then fixed: the
        // failed build must not leave anything stale behind.
        let broken = rng.below(8) == 0 && !model.editable().is_empty();
        if broken {
            let p = rng.pick(&model.editable()).clone();
            model.write(&format!("content/{p}"), "---\ntitle: [không đóng\n---\n");
            let changes = model.changes();
            let (inc, cl) = (incremental(&builder, &changes), clean(&model.site));
            assert!(
                inc.is_err() && cl.is_err(),
                "seed {seed}: a broken lesson must fail both builds"
            );
            assert_eq!(inc, cl, "seed {seed}: the same error");
            let lesson = model.lessons[&p].clone();
            model.put(&p, lesson);
            what.push_str(&format!(", then break and fix {p}"));
        }
        history.push(what);
        let changes = model.changes();
        let inc = incremental(&builder, &changes);
        let cl = clean(&model.site);
        match (&inc, &cl) {
            (Ok(a), Ok(b)) => {
                let diff = differences(a, b);
                assert!(
                    diff.is_empty(),
                    "seed {seed}, step {step}: the incremental build differs from a clean one\nsteps: {history:#?}\ndifferences: {diff:#?}"
                );
            }
            _ => assert_eq!(inc, cl, "seed {seed}, step {step}\nsteps: {history:#?}"),
        }
    }
    builder.patches()
}

#[test]
fn incremental_rebuilds_equal_clean_builds_after_random_edits() {
    match std::env::var("CAMNANG_SEED") {
        Ok(seed) => {
            run(seed.parse().expect("CAMNANG_SEED is a number"), 60);
        }
        Err(_) => {
            let patches: usize = [1, 7, 2026].map(|seed| run(seed, 25)).iter().sum();
            // The fast path must really be taken, or this tests nothing of it.
            assert!(patches >= 5, "only {patches} rebuilds were patches");
        }
    }
}

#[test]
fn a_rebuild_reuses_what_did_not_change() {
    // The cache really is used: a page whose inputs did not change is the
    // very same bytes (shared, not copied) in the next build.
    let model = Model::new();
    let builder = Rebuilder::new(model.site.root(), options());
    let before = builder.build().unwrap();
    // Only the lesson that shows the image depends on its size.
    model.site.write("content/bai-hoc/hinh.svg", svg(300));
    let after = builder.build().unwrap();
    let same = |path: &str| {
        std::sync::Arc::ptr_eq(before.stored(path).unwrap(), after.stored(path).unwrap())
    };
    assert!(
        same("an-toan/bai-1/index.html"),
        "an unrelated lesson is reused"
    );
    assert!(
        !same("bai-hoc/co-dinh/index.html"),
        "the lesson showing the image is rendered again"
    );
    let page = after.get("bai-hoc/co-dinh/index.html").unwrap();
    assert!(String::from_utf8_lossy(&page).contains("width=300"));
    assert!(same("sitemap.xml"));
}

#[test]
fn only_edits_other_pages_cannot_see_are_patched() {
    let mut model = Model::new();
    let builder = Rebuilder::new(model.site.root(), options());
    builder.build().unwrap();
    model.touched.clear();
    let p = "an-toan/bai-1.md".to_string();
    let step = |model: &mut Model, edit: &dyn Fn(&mut Lesson)| {
        let mut l = model.lessons[&p].clone();
        edit(&mut l);
        model.put(&p, l);
        let before = builder.patches();
        let files = builder.rebuild(&model.changes()).unwrap().to_files();
        assert_eq!(Ok(files), clean(&model.site));
        builder.patches() > before
    };
    assert!(
        step(&mut model, &|l| l.body.push("Một câu nữa.".into())),
        "a new sentence is patched in"
    );
    assert!(
        !step(&mut model, &|l| l.title = "Tiêu đề khác".into()),
        "a new title shows in lists: a full build"
    );
    assert!(
        !step(&mut model, &|l| l.body.push("## Mục mới\n\nChữ.".into())),
        "a new heading id may be linked to: a full build"
    );
    assert!(
        step(&mut model, &|l| l.body.push("Câu cuối.".into())),
        "patching goes on after a full build"
    );
    // A section's own text shows only on its page.
    for text in ["Giới thiệu mục.", "Giới thiệu mục, sửa lại."] {
        model.write(
            "content/an-toan/_index.md",
            format!("---\ntitle: An toàn\n---\n\n{text}\n"),
        );
        let before = builder.patches();
        let files = builder.rebuild(&model.changes()).unwrap().to_files();
        assert_eq!(Ok(files), clean(&model.site));
        assert_eq!(
            builder.patches(),
            before + 1,
            "a section body is patched in"
        );
    }
}

#[test]
fn patches_keep_the_cache_the_same_size() {
    // What a patch replaces is dropped, so the dev server's memory stays
    // flat however many times a lesson is saved.
    let mut model = Model::new();
    let builder = Rebuilder::new(model.site.root(), options());
    builder.build().unwrap();
    model.touched.clear();
    let sizes = |b: &Rebuilder| {
        let c = b.cache();
        [
            c.documents.len(),
            c.markdown.len(),
            c.outputs.len(),
            c.search.len(),
            c.search_terms.len(),
            c.derived.len(),
        ]
    };
    let start = sizes(&builder);
    let p = "thanh-toan/bai-2.md".to_string();
    for i in 0..10 {
        let mut l = model.lessons[&p].clone();
        l.body.push(format!("Câu số {i}."));
        model.put(&p, l);
        builder.rebuild(&model.changes()).unwrap();
        assert_eq!(builder.patches(), i + 1, "save {i} is patched in");
        assert_eq!(sizes(&builder), start, "after save {i}");
    }
}
