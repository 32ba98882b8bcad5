//! Boards computed once and shared: agents opening the same board view get the same data until
//! a record changes (a [`SharedCache`] at the event hub's generation, which every change published
//! on the live stream and every WIP limit saved moves on; entries expire after [`FRESH_FOR`]).
//!
//! The key is the view, plus the viewer's id for "mine" and their groups for "my groups": every
//! agent sees every ticket, so other views are the same for all of them.

use crate::shared_cache::SharedCache;
use domain::tickets::board::{BoardData, BoardView, Viewer};

pub use crate::shared_cache::FRESH_FOR;

/// The shared boards of this process.
pub type BoardCache = SharedCache<BoardData>;

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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{GroupId, UserId};
    use std::sync::Arc;

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
