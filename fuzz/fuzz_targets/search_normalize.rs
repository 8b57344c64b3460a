//! The search normaliser and tokeniser: see `checks::search_normalize`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::search_normalize(data));
