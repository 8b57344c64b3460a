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
        // (Read only when it is shown.)
        let cpu_start = self.verbose.then(cpu_seconds).flatten();
        let result = stage();
        let took = start.elapsed();
        if self.verbose {
            let status = if result.is_ok() { "" } else { "  (failed)" };
            let memory = resident_mb().map_or(String::new(), |mb| format!("  {mb:>6} MB"));
            let cores = match (cpu_start, cpu_seconds()) {
                (Some(a), Some(b)) if took.as_secs_f64() > 0.05 => {
                    format!("  {:>4.1} cores", (b - a) / took.as_secs_f64())
                }
                _ => String::new(),
            };
            eprintln!(
                "  {name:<24} {:>9.1} ms{memory}{cores}{status}",
                took.as_secs_f64() * 1000.0
            );
        }
        self.timings.push((name, took));
        result
    }
}

/// The CPU time the process has used so far (user and system, all
/// threads), in seconds, where the system says (Linux's `/proc/self/stat`,
/// assuming 100 ticks a second). Shown per stage as the cores it kept busy
/// on average, so a stage that leaves a core idle stands out.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; count from after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// The process's resident memory in MB, where the system says (Linux's
/// `/proc/self/statm`, assuming 4 KiB pages); shown after each stage so a
/// stage that holds on to memory stands out.
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn cpu_time_is_read_and_grows_while_the_process_works() {
        let start = cpu_seconds().expect("Linux says the CPU time");
        let wall = Instant::now();
        let mut spin = 0u64;
        // Until the clock (in hundredths of a second) moves twice, or 10 s.
        while cpu_seconds().unwrap() < start + 0.015 && wall.elapsed().as_secs() < 10 {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let used = cpu_seconds().unwrap() - start;
        assert!((0.015..10.0).contains(&used), "{used} s of CPU");
    }
}
