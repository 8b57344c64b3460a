//! Work kept between builds, so that a rebuild redoes only what changed.
//!
//! Every entry is keyed by a hash of **all** of its inputs (a file's
//! stamp, a document's text with the links it can resolve, a template's
//! whole context …), never by what the watcher says changed. A hit is
//! therefore exactly what the work would give again, and an incremental
//! build writes the same bytes as a clean one: the dev server's
//! equivalence test checks this on random edit sequences.
//!
//! Memory stays flat: each store keeps only what the last successful
//! build used ([`BuildCache::commit`]); entries from older builds go.

use crate::content::Document;
use crate::markdown::Rendered;
use crate::search::{DocTerms, IndexFiles};
use rustc_hash::FxHashMap as HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};
use xxhash_rust::xxh3::Xxh3;

/// A 128-bit hash of everything an entry depends on.
pub type Key = u128;

/// Builds a [`Key`] from typed parts; each part is length-prefixed, so
/// `("ab", "c")` and `("a", "bc")` differ.
#[derive(Clone, Default)]
pub struct KeyHasher(Xxh3);

impl KeyHasher {
    /// An empty hasher.
    pub fn new() -> Self {
        KeyHasher(Xxh3::new())
    }

    /// Adds raw bytes.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }

    /// Adds text.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Adds a number.
    pub fn u128(&mut self, n: u128) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Adds anything serialisable, as its JSON text (streamed: no copy of
    /// the value is made). JSON text is self-delimiting, so two different
    /// values never run together.
    ///
    /// Types may serialise a stand-in while [`keying`] is true (a hash of a
    /// large text they hold, as [`crate::render::Html`] does).
    pub fn serialized<T: serde::Serialize + ?Sized>(
        &mut self,
        v: &T,
    ) -> std::result::Result<&mut Self, serde_json::Error> {
        self.0.update(b"j");
        /// Keying ends when this is dropped, even by a panic (the dev
        /// server survives panics, and its threads render pages later).
        struct Keying;
        impl Drop for Keying {
            fn drop(&mut self) {
                KEYING.with(|k| k.set(false));
            }
        }
        KEYING.with(|k| k.set(true));
        let keying = Keying;
        let written = serde_json::to_writer(&mut *self, v);
        drop(keying);
        written?;
        Ok(self)
    }

    /// The key.
    pub fn finish(&self) -> Key {
        self.0.digest128()
    }
}

thread_local! {
    static KEYING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is serialising a value for [`KeyHasher::serialized`]
/// (and not for a template).
pub fn keying() -> bool {
    KEYING.with(|k| k.get())
}

/// Raw bytes, for [`KeyHasher::serialized`].
impl std::io::Write for KeyHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One store: what the last committed build used, and what this build has
/// used or made so far.
#[derive(Debug)]
struct Memo<K, V> {
    kept: HashMap<K, V>,
    fresh: HashMap<K, V>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            kept: HashMap::default(),
            fresh: HashMap::default(),
        }
    }
}

/// A thread-safe [`Memo`]; values are cheap to clone (`Arc`s).
#[derive(Debug)]
pub struct Store<K, V>(Mutex<Memo<K, V>>);

impl<K, V> Default for Store<K, V> {
    fn default() -> Self {
        Store(Mutex::new(Memo::default()))
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Store<K, V> {
    fn lock(&self) -> MutexGuard<'_, Memo<K, V>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value under `key`, from this build or the last.
    pub fn get(&self, key: &K) -> Option<V> {
        let mut memo = self.lock();
        if let Some(v) = memo.fresh.get(key) {
            return Some(v.clone());
        }
        let v = memo.kept.get(key)?.clone();
        memo.fresh.insert(key.clone(), v.clone());
        Some(v)
    }

    /// Stores a value made by this build.
    pub fn put(&self, key: K, value: V) {
        self.lock().fresh.insert(key, value);
    }

    /// The value under `key`, made with `make` when missing. `make` runs
    /// without the lock held, so other threads go on meanwhile.
    pub fn get_or<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.get(&key) {
            return Ok(v);
        }
        let v = make()?;
        self.put(key, v.clone());
        Ok(v)
    }

    fn commit(&self) {
        let mut memo = self.lock();
        memo.kept = std::mem::take(&mut memo.fresh);
    }

    fn abandon(&self) {
        self.lock().fresh.clear();
    }

    /// Drops `key` from what is kept (a patch replaced its value).
    pub fn forget(&self, key: &K) {
        self.lock().kept.remove(key);
    }

    /// Drops everything kept.
    pub fn forget_all(&self) {
        self.lock().kept.clear();
    }

    /// Adds what this build made to what is kept, dropping nothing (a
    /// patch, which uses only a few entries, must not forget the rest).
    fn merge(&self) {
        let mut memo = self.lock();
        let fresh = std::mem::take(&mut memo.fresh);
        memo.kept.extend(fresh);
    }

    /// Number of entries kept from the last committed build.
    pub fn len(&self) -> usize {
        self.lock().kept.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything kept between builds. Give the same cache to each
/// [`crate::site::Site::build_cached`] call; call nothing else.
#[derive(Debug, Default)]
pub struct BuildCache {
    /// Parsed documents by file path, with the file's stamp and content hash.
    pub documents: Store<std::path::PathBuf, (Key, Key, Arc<Document>)>,
    /// Rendered Markdown, by a key of the document and all it can link to.
    pub markdown: Store<Key, Arc<Rendered>>,
    /// Output files by path, with the key of their whole input (the
    /// search script's URL is put in afterwards: see [`crate::site::slot`]).
    pub outputs: Store<String, (Key, crate::site::slot::Filled)>,
    /// The search index, by a key of every indexed document.
    pub search: Store<Key, Arc<IndexFiles>>,
    /// Each indexed document's terms, by a key of its text and the synonyms.
    pub search_terms: Store<Key, Arc<DocTerms>>,
    /// Smaller derived bytes (minified scripts, QR codes, content files) by key.
    pub derived: Store<Key, Arc<[u8]>>,
    /// The search index as the last build left it, updated in place by
    /// the next ([`crate::search::IndexState`]).
    pub search_state: SearchState,
}

/// The search index's state with the key of the settings (synonyms) it
/// was made with. It always matches the documents it was last given, so
/// it needs no commit.
#[derive(Default)]
pub struct SearchState(pub Mutex<Option<(Key, crate::search::IndexState)>>);

impl std::fmt::Debug for SearchState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchState")
    }
}

impl BuildCache {
    /// An empty cache: the first build does all the work.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps what the build that just succeeded used, and drops the rest.
    pub fn commit(&self) {
        self.documents.commit();
        self.markdown.commit();
        self.outputs.commit();
        self.search.commit();
        self.search_terms.commit();
        self.derived.commit();
    }

    /// Keeps what a patch ([`crate::site::Site::patch`]) made, with
    /// everything kept before.
    pub fn merge(&self) {
        self.documents.merge();
        self.markdown.merge();
        self.outputs.merge();
        self.search.merge();
        self.search_terms.merge();
        self.derived.merge();
    }

    /// Forgets what a failed build made; the last good build's entries stay.
    pub fn abandon(&self) {
        self.documents.abandon();
        self.markdown.abandon();
        self.outputs.abandon();
        self.search.abandon();
        self.search_terms.abandon();
        self.derived.abandon();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_their_parts() {
        let a = KeyHasher::new().str("ab").str("c").finish();
        let b = KeyHasher::new().str("a").str("bc").finish();
        assert_ne!(a, b);
        let j1 = serde_json::json!({"a": ["x", 1], "b": null});
        let j2 = serde_json::json!({"a": ["x", "1"], "b": null});
        let key = |v: &serde_json::Value| KeyHasher::new().serialized(v).unwrap().finish();
        assert_ne!(key(&j1), key(&j2));
        assert_eq!(key(&j1), key(&j1.clone()));
        // Values run together differently are told apart.
        let pair = |a: &str, b: &str| {
            let mut h = KeyHasher::new();
            h.serialized(a).unwrap().serialized(b).unwrap();
            h.finish()
        };
        assert_ne!(pair("ab", "c"), pair("a", "bc"));
    }

    #[test]
    fn keying_ends_even_when_serialising_panics() {
        struct Boom;
        impl serde::Serialize for Boom {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                assert!(keying());
                panic!("boom");
            }
        }
        let caught = std::panic::catch_unwind(|| {
            let _ = KeyHasher::new().serialized(&Boom);
        });
        assert!(caught.is_err());
        assert!(!keying(), "a panic left keying on");
    }

    #[test]
    fn a_commit_keeps_only_what_the_last_build_used() {
        let store: Store<u32, u32> = Store::default();
        store.put(1, 10);
        store.put(2, 20);
        store.commit();
        assert_eq!(store.len(), 2);
        // The next build uses 1 and makes 3.
        assert_eq!(store.get(&1), Some(10));
        store.put(3, 30);
        store.commit();
        assert_eq!(store.len(), 2);
        assert_eq!(store.get(&2), None);
        // A failed build's entries go; the last good ones stay.
        store.put(4, 40);
        store.abandon();
        assert_eq!(store.get(&4), None);
        assert_eq!(store.get(&3), Some(30));
    }
}
