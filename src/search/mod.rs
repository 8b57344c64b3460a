//! Vietnamese search: the normaliser and tokeniser shared (by a common
//! table of test cases) with the browser client, and the Telex decoder.
//! Knows nothing of templates or the site.

mod index;
mod normalize;
mod synonyms;
mod telex;

pub use index::{build_index, IndexFiles, SearchDoc};
pub use normalize::{exact_key, fold_key, tokenize, Token};
pub use synonyms::{Synonyms, DEFAULT_GROUPS};
pub use telex::decode_telex;
