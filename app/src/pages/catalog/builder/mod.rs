//! The form builder of the item editor and the editors that share its list handling: the
//! request form's fields ([`fields`], with each field's condition in [`condition`]), the
//! approval stages ([`stages`]) and the fulfilment tasks ([`tasks`]). Here: the row keys, moving
//! rows and the row tools every list shares.
//!
//! Rows keep a stable key while the definition changes under them, so typing in a row never
//! redraws it; only adding, removing or reordering redraws the list.

mod condition;
mod fields;
mod stages;
mod tasks;

pub use fields::FormBuilder;
pub use stages::StagesEditor;
pub use tasks::TasksEditor;

use domain::catalog::ItemDefinition;
use leptos::prelude::*;

/// Stable keys for the rows of a list inside the definition.
#[derive(Clone, Copy)]
pub struct Keys {
    ids: RwSignal<Vec<u32>>,
    next: StoredValue<u32>,
}

impl Keys {
    pub fn new(n: usize) -> Self {
        Keys {
            ids: RwSignal::new((0..n as u32).collect()),
            next: StoredValue::new(n as u32),
        }
    }
    fn index(&self, id: u32) -> Option<usize> {
        self.ids.with_untracked(|v| v.iter().position(|x| *x == id))
    }
    fn push(&self) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.ids.update(|v| v.push(id));
    }
    fn remove(&self, i: usize) {
        self.ids.update(|v| {
            v.remove(i);
        });
    }
    fn swap(&self, i: usize, j: usize) {
        self.ids.update(|v| v.swap(i, j));
    }
    fn reset(&self, n: usize) {
        self.next.set_value(n as u32);
        self.ids.set((0..n as u32).collect());
    }
}

/// A row's position now (rows move), or `usize::MAX` once it is gone.
fn at(keys: Keys, id: u32) -> usize {
    keys.index(id).unwrap_or(usize::MAX)
}

/// Moves rows and keys together.
fn move_row<T>(list: &mut [T], keys: Keys, i: usize, delta: isize) {
    let j = i as isize + delta;
    if j >= 0 && (j as usize) < list.len() {
        list.swap(i, j as usize);
        keys.swap(i, j as usize);
    }
}

fn opt_num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.trim().parse().ok()
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Buttons to move a row up or down and remove it.
#[component]
fn RowTools(
    #[prop(into)] what: String,
    up: Callback<()>,
    down: Callback<()>,
    remove: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="row-tools">
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Move {what} up") on:click=move |_| up.run(())>"↑"</button>
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Move {what} down") on:click=move |_| down.run(())>"↓"</button>
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Remove {what}") on:click=move |_| remove.run(())>"Remove"</button>
        </div>
    }
}

/// Resets the row keys after the definition was replaced (a reload or an import).
pub fn reset_keys(def: &ItemDefinition, fields: Keys, stages: Keys, tasks: Keys) {
    fields.reset(def.form.fields.len());
    stages.reset(def.approvals.len());
    tasks.reset(def.fulfilment.tasks.len());
}
