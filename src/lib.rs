//! camnang: a static-site generator for Vietnamese digital-skills lessons.
//!
//! The build is a list of stages (see [`site::Site::build`]): load the
//! config and content, organise the library, render Markdown, render
//! templates, write through a sink. Errors are [`diagnostics::Error`].

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod text;
pub mod yaml;
pub mod output;
pub mod render;
pub mod site;
pub mod scaffold;
