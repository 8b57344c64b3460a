//! The bundled lessons keep the shape the default site promises (issue 6):
//! five skill sections, each with an overview, at least three lessons and a
//! closing quiz; the VNeID journey in order; a 45-minute plan per skill;
//! every lesson with its required front matter and an official source; and
//! one tone-placement style throughout. Content edits that break any of this
//! fail here instead of silently shipping.

use crate::helpers::{repo, TestSite};
use camnang::config::SiteConfig;
use camnang::content::{load_content, Document, DocumentKind, Library};
use camnang::markdown::official::{classify_url, HostKind};

/// The bundled site's config and every document in it.
fn bundled() -> (SiteConfig, Library) {
    let root = repo();
    let config = SiteConfig::load(&root).expect("site-config.yaml loads");
    let files = load_content(&root, &root.join("content")).expect("content loads");
    let library = Library::new(files, &config, false).expect("library builds");
    (config, library)
}

fn pages(library: &Library) -> Vec<&Document> {
    library
        .documents()
        .filter(|d| d.kind == DocumentKind::Page)
        .collect()
}

/// The pages directly in `dir`, sorted by weight.
fn pages_in<'a>(library: &'a Library, dir: &str) -> Vec<&'a Document> {
    let mut found: Vec<&Document> = pages(library)
        .into_iter()
        .filter(|d| d.rel_path.rsplit_once('/').map(|(parent, _)| parent) == Some(dir))
        .collect();
    found.sort_by_key(|d| d.meta.weight.unwrap_or(i64::MAX));
    found
}

/// The guides to camnang itself (writing lessons, the components pages) teach
/// the tool, not one of the five skills, and cite no public guidance.
fn is_camnang_guide(doc: &Document) -> bool {
    doc.meta.tags.iter().any(|t| t == "camnang")
}

/// The five skills, in the official order of dispatch 3240/BTTTT-CĐSQG.
const SKILLS: [&str; 5] = [
    "dich-vu-cong",
    "mua-sam",
    "thanh-toan",
    "an-toan",
    "nen-tang-so",
];

#[test]
fn the_site_has_at_least_thirty_lessons() {
    let (_, library) = bundled();
    let n = pages(&library).len();
    assert!(n >= 30, "only {n} lessons");
}

#[test]
fn every_lesson_has_the_required_front_matter_and_an_official_source() {
    let (config, library) = bundled();
    let audiences = ["hoc-sinh", "phu-huynh", "giao-vien"];
    let mut problems = Vec::new();
    for doc in pages(&library) {
        let m = &doc.meta;
        let mut missing = Vec::new();
        if m.reviewed.is_none() {
            missing.push("reviewed");
        }
        if m.description.as_deref().unwrap_or("").trim().is_empty() {
            missing.push("description");
        }
        if m.audience.is_empty() || m.audience.iter().any(|a| !audiences.contains(&a.as_str())) {
            missing.push("audience (hoc-sinh / phu-huynh / giao-vien)");
        }
        if m.duration_minutes.is_none() {
            missing.push("duration_minutes");
        }
        if m.objectives.is_empty() {
            missing.push("objectives");
        }
        if m.prerequisites.is_empty() {
            missing.push("prerequisites");
        }
        if !is_camnang_guide(doc) {
            if m.skill.is_empty() || m.skill.iter().any(|s| !SKILLS.contains(&s.as_str())) {
                missing.push("skill (one of the five)");
            }
            let official = m.sources.iter().any(|s| {
                matches!(
                    classify_url(&s.url, &config.official_domains),
                    HostKind::Official
                )
            });
            if !official {
                missing.push("an official source");
            }
        }
        if !missing.is_empty() {
            problems.push(format!("{}: {}", doc.rel_path, missing.join(", ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_skill_has_an_overview_three_lessons_a_closing_quiz_and_a_lesson_plan() {
    let (_, library) = bundled();
    for skill in SKILLS {
        let overview = library
            .get(&format!("{skill}/_index.md"))
            .unwrap_or_else(|| panic!("{skill} has no overview"));
        assert!(
            overview.body().trim().len() > 100,
            "{skill}: the overview says too little"
        );
        let section = pages_in(&library, skill);
        let (quiz, lessons) = section.split_last().expect("the section has pages");
        assert!(
            lessons.len() >= 3,
            "{skill} has {} lessons besides the quiz",
            lessons.len()
        );
        assert!(
            quiz.meta.quiz.len() >= 4,
            "{skill}: the last lesson ({}) is not a quiz of at least 4 questions",
            quiz.rel_path
        );
        for lesson in lessons {
            assert!(
                lesson.meta.skill.iter().any(|s| s == skill),
                "{} is in {skill}/ but not tagged with that skill",
                lesson.rel_path
            );
        }
        let plan = pages_in(&library, "giao-vien").into_iter().find(|d| {
            d.meta.skill.iter().any(|s| s == skill) && d.meta.duration_minutes == Some(45)
        });
        assert!(plan.is_some(), "no 45-minute lesson plan for {skill}");
    }
}

#[test]
fn the_vneid_journey_goes_from_install_to_scam_warnings() {
    let (_, library) = bundled();
    assert!(library.get("vneid/_index.md").unwrap().meta.journey);
    let steps: Vec<String> = pages_in(&library, "vneid")
        .iter()
        .map(|d| d.slug())
        .collect();
    assert_eq!(
        steps,
        [
            "cai-dat",
            "dang-ky-muc-1",
            "kich-hoat",
            "muc-2",
            "dang-nhap-dich-vu-cong",
            "xu-ly-su-co",
            "lua-dao-vneid",
        ]
    );
    let built = TestSite::bundled().build_ok();
    let nav = built.select_text("vneid/lua-dao-vneid/index.html", "nav.journey li a");
    assert_eq!(nav.len(), 7, "{nav:?}");
    assert_eq!(
        built.select_text(
            "vneid/lua-dao-vneid/index.html",
            "nav.journey a[aria-current=step]"
        ),
        ["Nhận biết lừa đảo liên quan đến VNeID"]
    );
    // The lesson's old address still leads to it.
    assert!(built
        .text("an-toan/lua-dao-vneid/index.html")
        .contains("vneid/lua-dao-vneid/"));
}

#[test]
fn paying_online_is_covered_from_fee_to_receipt() {
    let (_, library) = bundled();
    for path in [
        "dich-vu-cong/thanh-toan-le-phi.md",
        "thanh-toan/hoc-phi-khong-dung-tien-mat.md",
        "thanh-toan/han-muc-va-bien-lai.md",
    ] {
        let doc = library
            .get(path)
            .unwrap_or_else(|| panic!("{path} is missing"));
        assert!(doc.meta.skill.iter().any(|s| s == "thanh-toan"), "{path}");
    }
    let guide = library.get("giao-vien/viet-bai-hoc.md").unwrap().body();
    for needed in [
        "title:",
        "sources:",
        "layout: steps",
        "[!CAUTION]",
        "quiz",
        "camnang build --base-url",
    ] {
        assert!(guide.contains(needed), "the writing guide lacks {needed}");
    }
}

/// Syllables with the old tone placement: an open `oa`, `oe` or `uy` with the
/// mark on the second vowel ("hoà", "khoẻ", "thuỷ"). The new style, used
/// throughout, puts it on the first ("hòa", "khỏe", "thủy"). `quý` is the
/// same in both styles, as `qu` is one consonant.
fn old_style_tones(text: &str) -> Vec<String> {
    let old = |first: char, second: char| {
        (first == 'o' && "àáảãạèéẻẽẹ".contains(second))
            || (first == 'u' && "ỳýỷỹỵ".contains(second))
    };
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().flat_map(char::to_lowercase).collect();
        for i in 1..chars.len() {
            let open = chars.get(i + 1).is_none_or(|c| !c.is_alphabetic());
            let after_q = i >= 2 && chars[i - 2] == 'q';
            if open && !after_q && old(chars[i - 1], chars[i]) {
                let start = chars[..i]
                    .iter()
                    .rposition(|c| !c.is_alphabetic())
                    .map_or(0, |p| p + 1);
                let word: String = chars[start..=i].iter().collect();
                found.push(format!("line {}: {word}", n + 1));
            }
        }
    }
    found
}

#[test]
fn the_tone_check_finds_old_style_and_accepts_new_style() {
    assert_eq!(
        old_style_tones("Hoà bình, sức khoẻ\nthuỷ lợi"),
        ["line 1: hoà", "line 1: khoẻ", "line 2: thuỷ"]
    );
    assert!(old_style_tones("hòa bình, khỏe, thủy, quý, hoàn thành, khoảng, tuyển").is_empty());
}

#[test]
fn content_and_ui_strings_use_the_new_tone_style() {
    let root = repo();
    let mut files = vec![
        root.join("site-config.yaml"),
        root.join("themes/default/theme.yaml"),
    ];
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for hit in old_style_tones(&text) {
            problems.push(format!("{}: {hit}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "old-style tone marks:\n{}",
        problems.join("\n")
    );
}
