//! The board's toolbar: which board (incidents, requests, problems), grouping and swimlanes,
//! filters, saved views, and who else is looking. It is a plain GET form, so the view lands in
//! the URL and works without JavaScript; with JavaScript every change applies at once.

use super::moves::BoardCtx;
use crate::pages::tickets::api::{delete_board_view, save_board_view};
use domain::tickets::board::{BoardView, GroupBy, Lanes};
use domain::tickets::model::SavedView;
use domain::tickets::{PersonRef, Priority, TicketKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Form;

#[component]
pub fn BoardToolbar(
    view: BoardView,
    saved: Vec<SavedView>,
    viewers: RwSignal<Vec<PersonRef>>,
) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    // Submits the filter form the changed control belongs to (the router turns that into a
    // navigation to the new URL).
    let submit = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let form = _ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(f) = form {
                let _ = f.request_submit();
            }
        }
    };
    let tabs = TicketKind::ALL.map(|k| {
        let mut v = view.clone();
        v.kind = k;
        let href = format!("/boards?{}", v.to_query());
        let current = k == view.kind;
        view! { <a class="board-tab" class:board-tab-current=current aria-current=current.then_some("page") href=href>{k.plural()}</a> }
    });
    let saved = RwSignal::new(saved);
    let view_name = RwSignal::new(String::new());
    let save = {
        let current = view.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let name = view_name.get_untracked();
            let current = current.clone();
            spawn_local(async move {
                match save_board_view(name, current).await {
                    Ok(v) => {
                        saved.update(|s| s.push(v));
                        view_name.set(String::new());
                        ctx.toasts.success("View saved.");
                    }
                    Err(e) => ctx.toasts.error(
                        e.fields()
                            .and_then(|f| f.get("name").map(String::from))
                            .unwrap_or_else(|| e.to_string()),
                    ),
                }
            });
        }
    };
    let checkbox = move |name: &'static str, label: &'static str, on: bool| {
        view! {
            <label class="board-check">
                <input type="checkbox" name=name value="1" checked=on on:change=submit />
                {label}
            </label>
        }
    };
    view! {
        <div class="board-toolbar">
            <div class="board-toolbar-row">
                <nav class="board-tabs" aria-label="Boards">{tabs.into_iter().collect_view()}</nav>
                <div class="board-views">
                    <span class="board-views-label">"Saved views:"</span>
                    <For each=move || saved.get() key=|v| v.id let:v>
                        {
                            let id = v.id;
                            view! {
                                <span class="board-view-chip">
                                    <a href=format!("/boards?{}", v.query)>{v.name.clone()}</a>
                                    <button type="button" class="btn btn-ghost btn-icon btn-sm" aria-label=format!("Delete view {}", v.name)
                                        on:click=move |_| spawn_local(async move {
                                            if delete_board_view(id).await.is_ok() {
                                                saved.update(|s| s.retain(|x| x.id != id));
                                            }
                                        })>"✕"</button>
                                </span>
                            }
                        }
                    </For>
                    <form class="board-save-view" on:submit=save>
                        <input class="input input-sm" aria-label="Name for this view" placeholder="Name this view" prop:value=view_name on:input=move |ev| view_name.set(event_target_value(&ev)) />
                        <button type="submit" class="btn btn-ghost btn-sm">"Save view"</button>
                    </form>
                </div>
                <div class="presence" data-testid="presence" aria-label="Also on this board">
                    <For each=move || viewers.get() key=|p| p.id let:p>
                        <span class="avatar avatar-sm" title=p.name.clone()>{p.initials()}</span>
                    </For>
                </div>
                <a class="btn btn-primary btn-sm" href=format!("/tickets/new?kind={}", view.kind.as_str())>"New ticket"</a>
            </div>
            <Form action="/boards" method="get" attr:class="board-filters">
                <input type="hidden" name="kind" value=view.kind.as_str() />
                <label class="board-select">
                    "Columns"
                    <select name="group" on:change=submit>
                        {GroupBy::ALL.iter().map(|g| view! { <option value=g.as_str() selected=*g == view.group_by>{g.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="board-select">
                    "Swimlanes"
                    <select name="lanes" on:change=submit>
                        {Lanes::ALL.iter().map(|l| view! { <option value=l.as_str() selected=*l == view.lanes>{l.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="board-select">
                    "Priority"
                    <select name="priority" on:change=submit>
                        <option value="" selected=view.priority.is_none()>"Any"</option>
                        {Priority::ALL.iter().map(|p| view! { <option value=p.get().to_string() selected=Some(*p) == view.priority>{format!("{p} {}", p.label())}</option> }).collect_view()}
                    </select>
                </label>
                {checkbox("mine", "Mine", view.mine)}
                {checkbox("my_groups", "My groups", view.my_groups)}
                {checkbox("unassigned", "Unassigned", view.unassigned)}
                <input type="search" name="q" class="input board-search" placeholder="Search title or number" aria-label="Search title or number" value=view.text.clone() />
                <button type="submit" class="btn btn-secondary btn-sm">"Apply"</button>
            </Form>
        </div>
    }
}
