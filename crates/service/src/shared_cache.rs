//! Answers computed once and shared between callers until something they depend on changes:
//! the boards, the first pages of ticket lists, the assignment options (agents and groups), and
//! an agent's groups and saved board views.
//!
//! An entry is stored with the generation it was computed at (read before computing, so a
//! change during the computation makes it stale at once) and is not used after the generation
//! moves on. It also expires after [`FRESH_FOR`], which bounds what this process cannot hear
//! of: changes made by another server instance on the same PostgreSQL (until events travel
//! between instances), a person renamed, and windows that move with the clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest an entry is used, even when no change was heard of.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Most entries kept; beyond it the table starts again empty.
const MAX_ENTRIES: usize = 512;

struct Entry<T> {
    generation: u64,
    made: Instant,
    data: Arc<T>,
}

/// One table of shared answers, keyed by what makes them differ.
pub struct SharedCache<T> {
    entries: Mutex<HashMap<String, Entry<T>>>,
}

impl<T> Default for SharedCache<T> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> std::fmt::Debug for SharedCache<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedCache")
    }
}

impl<T> SharedCache<T> {
    /// The answer stored under `key` at `generation`, if still fresh.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.made.elapsed() < FRESH_FOR)
            .map(|e| Arc::clone(&e.data))
    }

    /// Stores an answer computed from what the database held at `generation`.
    pub fn put(&self, key: String, generation: u64, data: Arc<T>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                generation,
                made: Instant::now(),
                data,
            },
        );
    }

    /// Forgets one entry (after a change to what it holds).
    pub fn remove(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }

    /// Forgets every entry (after a change that no generation counts).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_makes_an_entry_stale() {
        let cache = SharedCache::<u32>::default();
        cache.put("k".into(), 7, Arc::new(1));
        assert_eq!(cache.get("k", 7).as_deref(), Some(&1));
        assert!(cache.get("k", 8).is_none(), "a change was heard of since");
        assert!(cache.get("another key", 7).is_none());
        cache.put("j".into(), 7, Arc::new(2));
        cache.remove("k");
        assert!(cache.get("k", 7).is_none(), "removed");
        assert!(cache.get("j", 7).is_some(), "the others stay");
        cache.clear();
        assert!(cache.get("j", 7).is_none(), "cleared");
    }

    #[test]
    fn the_table_stays_bounded() {
        let cache = SharedCache::<usize>::default();
        for i in 0..=MAX_ENTRIES {
            cache.put(format!("k{i}"), 1, Arc::new(i));
        }
        let kept = cache.entries.lock().map(|e| e.len()).unwrap_or(0);
        assert!(kept <= MAX_ENTRIES, "{kept} entries kept");
        assert!(
            cache.get(&format!("k{MAX_ENTRIES}"), 1).is_some(),
            "the newest is kept"
        );
    }
}
