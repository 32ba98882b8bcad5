//! The browser entry point: hydrates the server-rendered page into the live app.
//!
//! Lazy routes fetch their WebAssembly chunk before their part of the page hydrates, so
//! hydration is asynchronous; once all of it is done the document is marked
//! `<body data-hydrated="true">`, which tests and tools wait for.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let app = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        app.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
