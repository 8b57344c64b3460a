//! camnang: a static-site generator for Vietnamese digital-skills lessons.
//!
//! The build is a list of stages (see [`site::Site::build`]): load the
//! config and content, organise the library, render Markdown, render
//! templates, write through a sink. Errors are [`diagnostics::Error`].

// A `Diagnostic` carries a path, a message, a hint and a source line. Errors
// are the cold path, so returning them by value is simpler than boxing.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod qr;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod weight;
pub mod yaml;
