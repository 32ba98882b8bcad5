//! Moving cards: what a drop or a "Move" choice means under the board's grouping, checked with
//! the same domain rules the server applies, done at once on screen and confirmed (or undone,
//! with the winner's state) by the server.

use super::super::tickets::api::{move_ticket, update_ticket};
use crate::components::toast::Toasts;
use crate::error::AppError;
use domain::tickets::board::{BoardData, GroupBy, Viewer};
use domain::tickets::lifecycle::{
    LifecycleRules, Party, Requirement, TicketState, TransitionContext, allowed_targets,
    check_transition, requirement,
};
use domain::tickets::{ColumnKey, TicketCard, TicketPatch, TransitionRequest};
use domain::{GroupId, TicketId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Everything the board's parts share.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    pub state: RwSignal<BoardData>,
    pub viewer: StoredValue<Viewer>,
    pub rules: LifecycleRules,
    /// The server's clock at load minus the browser's, so ages and windows use server time.
    pub skew_ms: i64,
    pub dragging: RwSignal<Option<TicketId>>,
    /// A move that needs more input (hold reason, resolution) before it can be sent.
    pub pending: RwSignal<Option<(TicketCard, TicketState)>>,
    /// Selected cards for bulk actions: (number, version seen).
    pub selected: RwSignal<Vec<(String, i32)>>,
    pub toasts: Toasts,
}

impl BoardCtx {
    /// Now, on the server's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        browser_now() + chrono::Duration::milliseconds(self.skew_ms)
    }
}

/// The browser's clock (on the server, during rendering, the epoch: callers add the skew).
pub fn browser_now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(feature = "hydrate")]
    {
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::DateTime::UNIX_EPOCH
    }
}

fn ctx_for(ctx: &BoardCtx, card: &TicketCard) -> TransitionContext {
    TransitionContext {
        now: ctx.now(),
        resolved_at: card.resolved_at,
        rules: ctx.rules,
    }
}

/// The columns a card may be moved to, with labels, for the keyboard menu.
pub fn targets_for(ctx: &BoardCtx, card: &TicketCard, from: ColumnKey) -> Vec<(ColumnKey, String)> {
    let group_by = ctx.state.with_untracked(|b| b.view.group_by);
    match group_by {
        GroupBy::State => allowed_targets(card.kind, card.state, Party::Agent, &ctx_for(ctx, card))
            .into_iter()
            .map(|s| (ColumnKey::State(s), s.label().to_string()))
            .collect(),
        GroupBy::Priority => vec![],
        GroupBy::Assignee | GroupBy::Group => ctx.state.with_untracked(|b| {
            b.columns
                .iter()
                .filter(|c| c.key != from)
                .map(|c| (c.key, c.label.clone()))
                .collect()
        }),
    }
}

/// Handles a drop (or menu choice) of `card` on column `to`.
pub fn request_move(ctx: BoardCtx, card: TicketCard, to: ColumnKey) {
    let group_by = ctx.state.with_untracked(|b| b.view.group_by);
    if ColumnKey::of(&card, group_by) == to {
        return;
    }
    match to {
        ColumnKey::State(target) => {
            if let Err(e) = check_transition(
                card.kind,
                card.state,
                target,
                Party::Agent,
                &ctx_for(&ctx, &card),
            ) {
                ctx.toasts.error(format!("{}: {e}", card.number));
                return;
            }
            let full = ctx.state.with_untracked(|b| {
                b.columns
                    .iter()
                    .find(|c| c.key == to)
                    .and_then(|c| c.wip.map(|w| w.admits(c.count)))
            });
            if let Some(Err(msg)) = full {
                ctx.toasts.error(msg);
                return;
            }
            match requirement(target) {
                Requirement::Nothing => {
                    send_transition(ctx, card, TransitionRequest::to(0, target))
                }
                _ => ctx.pending.set(Some((card, target))),
            }
        }
        ColumnKey::Assignee(a) => send_patch(ctx, card, |p| p.assignee_id = Some(a)),
        ColumnKey::Group(g) => send_patch(ctx, card, |p| {
            p.group_id = Some(g);
            // A new group picks its own assignee.
            p.assignee_id = Some(None);
        }),
        ColumnKey::Priority(_) => ctx
            .toasts
            .error("Priority follows impact × urgency: change them on the ticket."),
    }
}

/// The card as it will look after the move, shown at once.
fn optimistic(card: &TicketCard, f: impl FnOnce(&mut TicketCard)) -> TicketCard {
    let mut c = card.clone();
    f(&mut c);
    c
}

/// Sends a state move (the request's version is filled in from the card).
pub fn send_transition(ctx: BoardCtx, card: TicketCard, mut req: TransitionRequest) {
    req.version = card.version;
    let guess = optimistic(&card, |c| {
        c.state = req.to;
        c.hold_reason = req.hold_reason;
    });
    let viewer = ctx.viewer.get_value();
    ctx.state
        .update(|b| b.apply_local(&card, guess.clone(), &viewer, ctx.now()));
    let number = card.number.clone();
    spawn_local(async move {
        let result = move_ticket(number, req).await;
        settle(ctx, card, guess, result);
    });
}

fn send_patch(ctx: BoardCtx, card: TicketCard, f: impl FnOnce(&mut TicketPatch)) {
    let mut patch = TicketPatch {
        version: card.version,
        ..Default::default()
    };
    f(&mut patch);
    let (agents, groups) = (patch.assignee_id, patch.group_id);
    let names = ctx.state.with_untracked(|b| {
        b.columns
            .iter()
            .map(|c| (c.key, c.label.clone()))
            .collect::<Vec<_>>()
    });
    let label = |k: ColumnKey| {
        names
            .iter()
            .find(|(x, _)| *x == k)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let guess = optimistic(&card, |c| {
        if let Some(a) = agents {
            c.assignee = a.map(|id: UserId| domain::tickets::PersonRef {
                id,
                name: label(ColumnKey::Assignee(Some(id))),
            });
        }
        if let Some(g) = groups {
            c.group = g.map(|id: GroupId| domain::tickets::model::GroupRef {
                id,
                name: label(ColumnKey::Group(Some(id))),
            });
        }
    });
    let viewer = ctx.viewer.get_value();
    ctx.state
        .update(|b| b.apply_local(&card, guess.clone(), &viewer, ctx.now()));
    let number = card.number.clone();
    spawn_local(async move {
        let result = update_ticket(number, patch).await;
        settle(ctx, card, guess, result);
    });
}

/// Applies the server's answer: the stored card, or the winner's card after a conflict, or the
/// card as it was before when the move was refused.
fn settle(
    ctx: BoardCtx,
    before: TicketCard,
    guess: TicketCard,
    result: Result<TicketCard, AppError>,
) {
    let viewer = ctx.viewer.get_value();
    let now = ctx.now();
    match result {
        Ok(stored) => ctx
            .state
            .update(|b| b.apply_local(&guess, stored, &viewer, now)),
        Err(AppError::Stale(current)) => {
            ctx.toasts.error(format!(
                "{} was changed by someone else just before you: it is now {}{}.",
                current.number,
                current.state.label(),
                current
                    .assignee
                    .as_ref()
                    .map(|a| format!(", assigned to {}", a.name))
                    .unwrap_or_default()
            ));
            ctx.state
                .update(|b| b.apply_local(&guess, *current, &viewer, now));
        }
        Err(e) => {
            let detail = e.explain();
            ctx.toasts.error(format!("{}: {detail}", before.number));
            ctx.state
                .update(|b| b.apply_local(&guess, before, &viewer, now));
        }
    }
}
