//! The same input gives byte-identical output.

use crate::helpers::{read_tree, TestSite};

fn build_twice(site: &TestSite) {
    let a = site.root().join("out-a");
    let b = site.root().join("out-b");
    for out in [&a, &b] {
        let o = site.cli(&["build", "--output", &out.to_string_lossy()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

#[test]
fn kitchen_sink_builds_are_byte_identical() {
    build_twice(&TestSite::fixture("kitchen-sink"));
}

#[test]
fn bundled_site_builds_are_byte_identical() {
    build_twice(&TestSite::bundled());
}

/// Pages with rendered Markdown put in after rendering (the fast way) are
/// byte for byte what rendering it inside the page gives.
fn spliced_equals_whole(site: TestSite) {
    let spliced = site.build_ok().files;
    let site = site.without_splicing();
    let whole = site.build_ok().files;
    assert_eq!(
        spliced.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    let mut pages = 0;
    for (path, bytes) in &whole {
        let text = String::from_utf8_lossy(&spliced[path]);
        let whole_text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<i>\u{E001}") || whole_text.contains("<i>\u{E001}"),
            "{path} kept a placeholder"
        );
        assert!(
            bytes == &spliced[path],
            "{path} differs:\nwhole:   {}\nspliced: {text}",
            String::from_utf8_lossy(bytes)
        );
        pages += usize::from(path.ends_with(".html"));
    }
    assert!(pages > 5, "{pages} pages");
}

#[test]
fn spliced_markdown_equals_markdown_in_the_context_on_the_bundled_site() {
    spliced_equals_whole(TestSite::bundled());
}

#[test]
fn spliced_markdown_equals_markdown_in_the_context_on_the_fixtures() {
    spliced_equals_whole(TestSite::fixture("kitchen-sink"));
    spliced_equals_whole(TestSite::fixture("components"));
    spliced_equals_whole(TestSite::fixture("kitchen-sink").portable());
}

/// Pages made with the strings of `site` and `config` written into the
/// templates (the fast way) are byte for byte what looking them up gives.
fn folded_equals_looked_up(site: TestSite) {
    let folded = site.build_ok().files;
    let looked_up = site.without_folding().build_ok().files;
    assert_eq!(
        folded.keys().collect::<Vec<_>>(),
        looked_up.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &looked_up {
        assert!(
            bytes == &folded[path],
            "{path} differs:\nlooked up: {}\nfolded:    {}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&folded[path])
        );
    }
}

#[test]
fn folded_values_equal_looked_up_values_on_the_bundled_site_and_fixtures() {
    folded_equals_looked_up(TestSite::bundled());
    folded_equals_looked_up(TestSite::fixture("kitchen-sink"));
    folded_equals_looked_up(TestSite::fixture("kitchen-sink").portable());
}

#[test]
fn folded_values_equal_looked_up_values_when_they_are_awkward() {
    // Strings the minifier treats differently in a template and in a page:
    // a value that loses its quotes, whitespace runs, markup characters,
    // an empty string between blocks, in the theme's strings and the
    // site's title; with and without minifying.
    let config = std::fs::read_to_string(
        crate::helpers::repo().join("tests/fixtures/kitchen-sink/site-config.yaml"),
    )
    .unwrap();
    let strings = r#"
strings:
  search_placeholder: tim-kiem
  search_button: "  a  <b>  & \"c\" 'd'  "
  skip_link: ""
  footer_note: "x\n\n  y "
  nav_label: "/a/b#c"
"#;
    let config = config.replace(
        "title: Kitchen sink",
        r#"title: "  Kỹ  <năng> & \"số\"  'x' ""#,
    );
    assert!(config.contains("năng"));
    for output in ["", "output:\n  minify: false\n"] {
        let site = TestSite::fixture("kitchen-sink")
            .file("site-config.yaml", format!("{config}{strings}{output}"));
        folded_equals_looked_up(site);
    }
}

#[test]
fn a_theme_that_filters_the_markdown_gets_it_whole() {
    // An override that prints a plain-text preview of the lesson: the
    // placeholder must not be what it sees.
    let site = TestSite::fixture("kitchen-sink").file(
        "templates/partials/lesson_body.html",
        "<div class=\"prose\">{{ page.content | safe }}</div>\
         <p class=\"preview\">{{ page.content | striptags | truncate(length=30) }}</p>",
    );
    let built = site.build_ok();
    let (path, page) = built
        .files
        .iter()
        .find(|(p, b)| p.ends_with("index.html") && String::from_utf8_lossy(b).contains("preview"))
        .expect("a lesson page");
    let page = String::from_utf8_lossy(page);
    assert!(!page.contains('\u{E001}'), "{path}: {page}");
    spliced_equals_whole(site);
}

#[test]
fn a_page_sees_only_its_own_objects() {
    // Contexts are reused between pages (`site` and `config` are made
    // once): nothing of one page may be left for the next.
    let footer = std::fs::read_to_string(
        crate::helpers::repo().join("themes/default/templates/partials/footer.html"),
    )
    .unwrap();
    let site = TestSite::fixture("kitchen-sink").file(
        "templates/partials/footer.html",
        format!(
            "{footer}<p id=\"seen\">{{% if page is defined %}}page {{{{ page.title }}}}{{% endif %}}\
             {{% if section is defined %}} section{{% endif %}}\
             {{% if term is defined %}} term{{% endif %}}</p>"
        ),
    );
    let built = site.build_ok();
    let mut seen = std::collections::BTreeMap::new();
    for path in built.files.keys().filter(|p| p.ends_with("index.html")) {
        let text = built.text(path);
        if let Some(at) = text.find("<p id=seen>") {
            // Up to the next tag (the minified page may leave out `</p>`).
            let end = text[at + 11..]
                .find('<')
                .map_or(text.len(), |e| at + 11 + e);
            seen.insert(path.clone(), text[at + 11..end].trim().to_string());
        }
    }
    assert!(seen.len() > 5, "{seen:?}");
    let lessons = seen.values().filter(|s| s.starts_with("page ")).count();
    let sections = seen.values().filter(|s| *s == "section").count();
    assert!(lessons > 2 && sections > 1, "{seen:?}");
    for (path, what) in &seen {
        let alone = ["", "section", "term"].contains(&what.as_str())
            || (what.starts_with("page ")
                && !what.ends_with(" section")
                && !what.ends_with(" term"));
        assert!(alone, "{path}: {what}");
    }
}
