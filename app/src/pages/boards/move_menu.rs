//! A card's "Move" menu, the keyboard alternative to dragging: it opens on its button (Enter,
//! Space or ArrowDown), puts focus on the first target, moves focus with ArrowUp/ArrowDown
//! (Home/End for the ends, wrapping around), closes on Escape with focus back on the button, and
//! closes when focus leaves it: Tab, or a click anywhere outside.

use super::moves::{BoardCtx, request_move, targets_for};
use domain::tickets::{ColumnKey, TicketCard};
use leptos::html;
use leptos::prelude::*;

/// Where a key press sends the focus inside the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    First,
    Last,
    Next,
    Previous,
}

impl Step {
    /// The step a key asks for, if it is one of the menu's navigation keys.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowDown" => Some(Self::Next),
            "ArrowUp" => Some(Self::Previous),
            "Home" => Some(Self::First),
            "End" => Some(Self::Last),
            _ => None,
        }
    }

    /// The index to focus among `len` items when `current` has the focus (wrapping around).
    pub fn target(self, current: Option<usize>, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        Some(match (self, current) {
            (Self::First, _) | (Self::Next, None) => 0,
            (Self::Last, _) | (Self::Previous, None) => len - 1,
            (Self::Next, Some(i)) => (i + 1) % len,
            (Self::Previous, Some(i)) => (i + len - 1) % len,
        })
    }
}

/// The "Move ▾" button and, while open, the list of columns this card may move to.
#[component]
pub fn MoveMenu(card: StoredValue<TicketCard>, column: ColumnKey, label: String) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let menu = NodeRef::<html::Div>::new();

    // Focus the first target as soon as the menu is in the page.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(m) = menu.get() {
            focus_step(&m, Step::First);
        }
    });

    let close_and_refocus = move || {
        open.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };

    view! {
        <button
            node_ref=button
            type="button"
            class="btn btn-ghost btn-sm kcard-move"
            data-testid="card-move"
            aria-haspopup="menu"
            aria-expanded=move || open.get().to_string()
            aria-label=label
            on:click=move |_| open.update(|o| *o = !*o)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "ArrowDown" && !open.get_untracked() {
                    ev.prevent_default();
                    open.set(true);
                }
            }
        >
            "Move ▾"
        </button>
        <Show when=move || open.get()>
            <div
                node_ref=menu
                class="kcard-menu"
                role="menu"
                data-testid="move-menu"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    let key = ev.key();
                    if key == "Escape" {
                        ev.prevent_default();
                        ev.stop_propagation();
                        close_and_refocus();
                    } else if key == "Tab" {
                        open.set(false);
                    } else if let Some(_step) = Step::from_key(&key) {
                        ev.prevent_default();
                        #[cfg(feature = "hydrate")]
                        if let Some(m) = menu.get_untracked() {
                            focus_step(&m, _step);
                        }
                    }
                }
                on:focusout=move |_ev: leptos::ev::FocusEvent| {
                    #[cfg(feature = "hydrate")]
                    if !focus_stays(&_ev, menu, button) {
                        open.set(false);
                    }
                }
            >
                {move || {
                    // Worked out when the menu opens, not for every card on the board.
                    let list = card.with_value(|c| targets_for(&ctx, c, column));
                    if list.is_empty() {
                        return view! {
                            <p class="kcard-menu-empty" tabindex="-1" role="menuitem" aria-disabled="true">
                                "No moves from here."
                            </p>
                        }
                            .into_any();
                    }
                    list.into_iter()
                        .map(|(key, label)| {
                            view! {
                                <button
                                    type="button"
                                    role="menuitem"
                                    class="kcard-menu-item"
                                    data-testid="move-to"
                                    data-column=key.to_token()
                                    on:click=move |_| {
                                        open.set(false);
                                        request_move(ctx, card.get_value(), key);
                                    }
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
        </Show>
    }
}

/// Moves the focus among the menu's items.
#[cfg(feature = "hydrate")]
fn focus_step(menu: &web_sys::HtmlDivElement, step: Step) {
    use wasm_bindgen::JsCast;
    let Ok(items) = menu.query_selector_all("[role=menuitem]") else {
        return;
    };
    let len = items.length() as usize;
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = (0..len).find(|&i| {
        let item = items.get(i as u32);
        matches!((&item, &active), (Some(n), Some(a)) if n.is_same_node(Some(a)))
    });
    if let Some(next) = step.target(current, len)
        && let Some(el) = items
            .get(next as u32)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Whether the focus that is leaving one of the menu's items lands in the menu or on its button
/// (the button's own click toggles the menu); anywhere else closes it.
#[cfg(feature = "hydrate")]
fn focus_stays(
    ev: &web_sys::FocusEvent,
    menu: NodeRef<html::Div>,
    button: NodeRef<html::Button>,
) -> bool {
    use wasm_bindgen::JsCast;
    let Some(next) = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    else {
        return false;
    };
    let in_menu = menu
        .get_untracked()
        .is_some_and(|m| m.contains(Some(&next)));
    let on_button = button
        .get_untracked()
        .is_some_and(|b| b.is_same_node(Some(&next)));
    in_menu || on_button
}

#[cfg(test)]
mod tests {
    use super::Step;

    #[test]
    fn steps_wrap_around_the_menu() {
        let cases = [
            (Step::First, Some(2), 3, Some(0)),
            (Step::Last, None, 3, Some(2)),
            (Step::Next, None, 3, Some(0)),
            (Step::Next, Some(0), 3, Some(1)),
            (Step::Next, Some(2), 3, Some(0)),
            (Step::Previous, Some(0), 3, Some(2)),
            (Step::Previous, None, 3, Some(2)),
            (Step::Previous, Some(1), 3, Some(0)),
            (Step::Next, None, 0, None),
        ];
        for (step, current, len, want) in cases {
            assert_eq!(
                step.target(current, len),
                want,
                "{step:?} from {current:?} of {len}"
            );
        }
    }

    #[test]
    fn only_navigation_keys_are_steps() {
        assert_eq!(Step::from_key("ArrowDown"), Some(Step::Next));
        assert_eq!(Step::from_key("ArrowUp"), Some(Step::Previous));
        assert_eq!(Step::from_key("Home"), Some(Step::First));
        assert_eq!(Step::from_key("End"), Some(Step::Last));
        assert_eq!(Step::from_key("Enter"), None);
    }
}
