//! Replays every input kept under `fuzz/regressions/<target>/` through the
//! same checks the fuzz targets run (`fuzz/checks.rs`), on stable Rust in
//! the ordinary test suite: a crash the fuzzer once found stays fixed.

#[path = "../../fuzz/checks.rs"]
mod checks;

use crate::helpers::repo;

/// Runs `check` on every file in `fuzz/regressions/<target>/`; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = repo().join("fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    inputs.sort();
    for input in &inputs {
        let data = std::fs::read(input).unwrap();
        // A panic names the input that caused it.
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check", input.display());
    }
    inputs.len()
}

#[test]
fn kept_fuzz_inputs_pass_their_checks() {
    let total = replay("front_matter", checks::front_matter)
        + replay("markdown", checks::markdown)
        + replay("search_normalize", checks::search_normalize)
        + replay("telex", checks::telex);
    assert!(total > 0, "no kept inputs: fuzz/regressions/ is empty");
}
