//! Timing the build's stages for `--verbose`.

use crate::diagnostics::Result;
use std::time::{Duration, Instant};

/// Runs named stages in order and records how long each took.
#[derive(Debug)]
pub struct Stages {
    verbose: bool,
    /// Each stage's name and duration, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Stages {
    /// `verbose` prints each stage as it finishes, on standard error.
    pub fn new(verbose: bool) -> Self {
        Stages {
            verbose,
            timings: Vec::new(),
        }
    }

    /// Runs one stage.
    pub fn run<T>(&mut self, name: &'static str, stage: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let result = stage();
        let took = start.elapsed();
        if self.verbose {
            let status = if result.is_ok() { "" } else { "  (failed)" };
            let memory = resident_mb().map_or(String::new(), |mb| format!("  {mb:>6} MB"));
            eprintln!(
                "  {name:<24} {:>9.1} ms{memory}{status}",
                took.as_secs_f64() * 1000.0
            );
        }
        self.timings.push((name, took));
        result
    }
}

/// The process's resident memory in MB, where the system says (Linux's
/// `/proc/self/statm`, assuming 4 KiB pages); shown after each stage so a
/// stage that holds on to memory stands out.
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}
