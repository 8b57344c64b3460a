//! The integration tests: one binary, one module per concern, all using
//! the `TestSite` helper in `helpers.rs`.

mod helpers;

mod build;
mod bundled;
mod catalogue;
mod cli;
mod components;
mod curriculum;
mod determinism;
mod errors;
mod fuzz_regressions;
mod incremental;
mod links;
mod markdown_snapshots;
mod minify;
mod serve;
mod serve_load;
mod validator;
