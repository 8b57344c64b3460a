//! Where built files go: a [`Sink`] (disk or memory), the atomic publish of
//! a disk build, minification and content fingerprints.

mod minify;
pub mod portable;
mod publish;
mod sink;
mod site_files;
pub mod up_to_date;

pub use minify::{minify_html, minify_js};
pub use publish::{check_output_location, Staging, OUTPUT_MARKER};
pub use sink::{DiskSink, MemorySink, Sink};
pub use site_files::SiteFiles;

use sha2::{Digest, Sha256};

/// The first 10 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `style.css` → `style.<hash>.css`.
pub fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_content_based() {
        let a = fingerprinted_name("css/style.css", b"body{}");
        assert_eq!(a, fingerprinted_name("css/style.css", b"body{}"));
        assert_ne!(a, fingerprinted_name("css/style.css", b"body{ }"));
        assert!(
            a.starts_with("css/style.")
                && a.ends_with(".css")
                && a.len() == "css/style..css".len() + 10
        );
    }
}
