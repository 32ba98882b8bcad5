//! The theme switch: System → Light → Dark. The choice is stored in a cookie, which the server
//! reads to render the first paint in the right theme.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Theme::System => "◐",
            Theme::Light => "☀",
            Theme::Dark => "☾",
        }
    }
}

#[cfg(feature = "hydrate")]
fn current() -> Theme {
    let attr = document()
        .document_element()
        .and_then(|e| e.get_attribute("data-theme"));
    match attr.as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

#[cfg(feature = "hydrate")]
fn apply(theme: Theme) {
    use wasm_bindgen::JsCast;
    let doc = document();
    if let Some(root) = doc.document_element() {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            Theme::Light => root.set_attribute("data-theme", "light"),
            Theme::Dark => root.set_attribute("data-theme", "dark"),
        };
    }
    let cookie = match theme {
        Theme::System => "beacon_theme=; Path=/; Max-Age=0; SameSite=Lax".to_string(),
        Theme::Light => "beacon_theme=light; Path=/; Max-Age=31536000; SameSite=Lax".to_string(),
        Theme::Dark => "beacon_theme=dark; Path=/; Max-Age=31536000; SameSite=Lax".to_string(),
    };
    if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.set_cookie(&cookie);
    }
}

/// A button that cycles the theme.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(Theme::System);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| theme.set(current()));
    let on_click = move |_| {
        let next = theme.get_untracked().next();
        #[cfg(feature = "hydrate")]
        apply(next);
        theme.set(next);
    };
    view! {
        <button
            type="button"
            class="btn btn-ghost btn-icon theme-toggle"
            title=move || format!("{} (click to change)", theme.get().label())
            aria-label=move || format!("{}; change theme", theme.get().label())
            on:click=on_click
        >
            <span aria-hidden="true">{move || theme.get().icon()}</span>
        </button>
    }
}
