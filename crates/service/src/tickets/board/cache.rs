//! Boards computed once and shared: agents opening the same board view get the same data until
//! a record changes.
//!
//! Every change published on the live stream (and every WIP limit saved) moves the event hub's
//! generation; an entry computed at an older generation is not used again. An entry also expires
//! after [`FRESH_FOR`], which bounds what this process cannot hear of: changes made by another
//! server instance on the same PostgreSQL (until events travel between instances), a person
//! renamed, and "resolved in the last days" columns whose window moves with the clock.
//!
//! The key is the view, plus the viewer's id for "mine" and their groups for "my groups": every
//! agent sees every ticket, so other views are the same for all of them.

use domain::tickets::board::{BoardData, BoardView, Viewer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest an entry is used, even when no change was heard of.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Most entries kept; beyond it the table starts again empty.
const MAX_ENTRIES: usize = 512;

struct Entry {
    generation: u64,
    made: Instant,
    data: Arc<BoardData>,
}

/// The shared boards of this process.
#[derive(Default)]
pub struct BoardCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for BoardCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoardCache")
    }
}

/// The cache key of a view as `viewer` sees it.
pub fn key(view: &BoardView, viewer: &Viewer) -> String {
    let mut k = format!("{view:?}");
    if view.mine {
        k.push_str(&format!("|user {}", viewer.user_id.0));
    }
    if view.my_groups {
        k.push_str(&format!("|groups {:?}", viewer.group_ids));
    }
    k
}

impl BoardCache {
    /// The board stored under `key` at `generation`, if still fresh.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<BoardData>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.made.elapsed() < FRESH_FOR)
            .map(|e| Arc::clone(&e.data))
    }

    /// Stores a board computed from what the database held at `generation` (read before the
    /// board was computed, so a change during the computation makes the entry stale at once).
    pub fn put(&self, key: String, generation: u64, data: Arc<BoardData>) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{GroupId, UserId};

    fn viewer(id: i64, groups: &[i64]) -> Viewer {
        Viewer {
            user_id: UserId(id),
            group_ids: groups.iter().copied().map(GroupId).collect(),
        }
    }

    fn data(view: &BoardView) -> Arc<BoardData> {
        Arc::new(BoardData {
            view: view.clone(),
            columns: vec![],
            major_incidents: vec![],
        })
    }

    #[test]
    fn views_for_everyone_are_shared_and_personal_ones_are_not() {
        let all = BoardView::default();
        assert_eq!(key(&all, &viewer(1, &[5])), key(&all, &viewer(2, &[6])));
        let mine = BoardView {
            mine: true,
            ..BoardView::default()
        };
        assert_ne!(key(&mine, &viewer(1, &[5])), key(&mine, &viewer(2, &[5])));
        let groups = BoardView {
            my_groups: true,
            ..BoardView::default()
        };
        assert_eq!(
            key(&groups, &viewer(1, &[5])),
            key(&groups, &viewer(2, &[5]))
        );
        assert_ne!(
            key(&groups, &viewer(1, &[5])),
            key(&groups, &viewer(1, &[5, 6]))
        );
    }

    #[test]
    fn a_change_makes_an_entry_stale() {
        let cache = BoardCache::default();
        let view = BoardView::default();
        let k = key(&view, &viewer(1, &[]));
        cache.put(k.clone(), 7, data(&view));
        assert!(cache.get(&k, 7).is_some());
        assert!(cache.get(&k, 8).is_none(), "a change was heard of since");
        assert!(cache.get("another view", 7).is_none());
    }
}
