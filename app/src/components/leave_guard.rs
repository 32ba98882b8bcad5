//! Warns before leaving a page with unsaved changes: closing the tab, reloading, or following a
//! link (in-app navigation included) asks first while `dirty` is true. The listeners are removed
//! when the page goes away.

use leptos::prelude::*;

/// What the browser asks before in-app navigation away from unsaved changes.
pub const LEAVE_QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// Guards the calling page while `dirty` is true.
pub fn use_leave_guard(dirty: Signal<bool>) {
    #[cfg(feature = "hydrate")]
    install(dirty);
    #[cfg(not(feature = "hydrate"))]
    let _ = dirty;
}

#[cfg(feature = "hydrate")]
fn install(dirty: Signal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    // Closing, reloading, or leaving for another site: the browser's own question.
    let before_unload = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if dirty.try_get_untracked().unwrap_or(false) {
            e.prevent_default();
        }
    });
    // A click on a link inside the app: ask, and stay unless the user agrees.
    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if !dirty.try_get_untracked().unwrap_or(false) {
            return;
        }
        let link = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(link) = link else {
            return;
        };
        if link.has_attribute("download") {
            return;
        }
        let leave = web_sys::window()
            .and_then(|w| w.confirm_with_message(LEAVE_QUESTION).ok())
            .unwrap_or(true);
        if !leave {
            e.prevent_default();
            e.stop_immediate_propagation();
        }
    });
    let _ = window
        .add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let listeners = StoredValue::new_local(Some((before_unload, on_click)));
    on_cleanup(move || {
        if let Some(Some((before_unload, on_click))) = listeners.try_update_value(|l| l.take())
            && let Some(w) = web_sys::window()
        {
            let _ = w.remove_event_listener_with_callback(
                "beforeunload",
                before_unload.as_ref().unchecked_ref(),
            );
            if let Some(d) = w.document() {
                let _ = d.remove_event_listener_with_callback_and_bool(
                    "click",
                    on_click.as_ref().unchecked_ref(),
                    true,
                );
            }
        }
    });
}
