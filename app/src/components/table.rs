//! Table parts: sortable column headers and pagination. Both are links that change the URL's
//! query, so a sorted, filtered page can be bookmarked or shared and works without JavaScript.

use domain::paging::SortDir;
use leptos::prelude::*;

/// A column header that sorts by `key`; clicking the sorted column flips the direction.
#[component]
pub fn SortHeader(
    #[prop(into)] label: String,
    key: &'static str,
    /// The column the table is sorted by now, and in which direction.
    #[prop(into)]
    current: Signal<(String, SortDir)>,
    /// Builds the link for a sort column and direction.
    href: Callback<(String, SortDir), String>,
    /// Hidden first on narrow screens.
    #[prop(optional)]
    secondary: bool,
) -> impl IntoView {
    let state = move || {
        let (col, dir) = current.get();
        (col == key).then_some(dir)
    };
    let link = move || {
        let next = match state() {
            Some(dir) => dir.flip(),
            None => SortDir::Asc,
        };
        href.run((key.to_string(), next))
    };
    let aria_sort = move || match state() {
        Some(SortDir::Asc) => "ascending",
        Some(SortDir::Desc) => "descending",
        None => "none",
    };
    let arrow = move || match state() {
        Some(SortDir::Asc) => "▲",
        Some(SortDir::Desc) => "▼",
        None => "↕",
    };
    view! {
        <th scope="col" aria-sort=aria_sort class:col-secondary=secondary>
            <a class="sort-link" href=link>
                {label}
                <span class="sort-arrow" class:sort-active=move || state().is_some() aria-hidden="true">
                    {arrow}
                </span>
            </a>
        </th>
    }
}

/// "Showing 26–50 of 120" and previous / next page links.
#[component]
pub fn Pagination(
    page: u64,
    per_page: u64,
    total: u64,
    /// Builds the link for a page number.
    href: Callback<u64, String>,
) -> impl IntoView {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    let first = if total == 0 {
        0
    } else {
        (page - 1) * per_page + 1
    };
    let last = (page * per_page).min(total);
    let prev = (page > 1).then(|| href.run(page - 1));
    let next = (page < pages).then(|| href.run(page + 1));
    view! {
        <nav class="pagination" aria-label="Pagination">
            <p class="pagination-summary">
                {format!("Showing {first}–{last} of {total}")}
            </p>
            <div class="pagination-links">
                {match prev {
                    Some(h) => view! { <a class="btn btn-secondary btn-sm" href=h rel="prev">"← Previous"</a> }.into_any(),
                    None => view! { <span class="btn btn-secondary btn-sm" aria-disabled="true">"← Previous"</span> }.into_any(),
                }}
                <span class="pagination-page">{format!("Page {page} of {pages}")}</span>
                {match next {
                    Some(h) => view! { <a class="btn btn-secondary btn-sm" href=h rel="next">"Next →"</a> }.into_any(),
                    None => view! { <span class="btn btn-secondary btn-sm" aria-disabled="true">"Next →"</span> }.into_any(),
                }}
            </div>
        </nav>
    }
}
