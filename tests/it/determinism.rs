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
