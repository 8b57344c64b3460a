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
            eprintln!(
                "  {name:<24} {:>9.1} ms{status}",
                took.as_secs_f64() * 1000.0
            );
        }
        self.timings.push((name, took));
        result
    }
}
