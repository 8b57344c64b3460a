//! Vietnamese search: the normaliser and tokeniser shared (by a common
//! table of test cases) with the browser client, the Telex decoder, and the
//! index: scored ([`index`]), encoded ([`codec`]) and split into small
//! files ([`parts`]). Knows nothing of templates or the site.

pub mod bloom;
pub mod codec;
pub mod index;
mod normalize;
pub mod parts;
mod synonyms;
mod telex;

pub use index::{collect, score, DocTerms, SearchDoc};
pub use normalize::{exact_key, fold_key, folded_words, tokenize, Token};
pub use parts::IndexFiles;
pub use synonyms::{Synonyms, DEFAULT_GROUPS};
pub use telex::decode_telex;

/// Scores `docs` and splits the index into files.
pub fn build_index(docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles {
    use rayon::prelude::*;
    let collected: Vec<DocTerms> = docs.par_iter().map(|d| collect(d, synonyms)).collect();
    index_collected(&collected, docs, synonyms)
}

/// [`build_index`] from the terms of each document, already collected
/// (in the same order as `docs`): the dev server keeps them between
/// rebuilds, since collecting is most of the work.
pub fn index_collected<D>(collected: &[D], docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles
where
    D: std::borrow::Borrow<DocTerms> + Sync,
{
    parts::split(&index::score_collected(collected), docs, synonyms)
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
