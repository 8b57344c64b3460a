//! Vietnamese search: the normaliser and tokeniser shared (by a common
//! table of test cases) with the browser client, the Telex decoder, and the
//! index: scored ([`index`]), encoded ([`codec`]) and split into small
//! files ([`parts`]), kept as an [`IndexState`] that the dev server updates
//! in place. Knows nothing of templates or the site.

pub mod bloom;
pub mod codec;
mod collect;
pub mod index;
mod normalize;
pub mod parts;
mod state;
mod synonyms;
mod telex;

pub use index::{collect, score, DocTerms, SearchDoc};
pub use normalize::{exact_key, fold_key, fold_words_into, folded_words, tokenize, Token};
pub use parts::IndexFiles;
pub use state::{DocKey, IndexState};
pub use synonyms::{Synonyms, DEFAULT_GROUPS};
pub use telex::decode_telex;

/// Scores `docs` and splits the index into files.
pub fn build_index(docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles {
    IndexState::once(docs, synonyms).files(docs)
}

/// The table of cases shared with the JavaScript client
/// (`tests/fixtures/search/normalize-cases.json`).
#[cfg(test)]
pub(crate) fn shared_cases() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../../tests/fixtures/search/normalize-cases.json"
    ))
    .expect("the shared table is valid JSON")
}
