//! What a view shows when it has nothing, is still loading, failed, or is not for this user.
//! Never a blank screen.

use crate::error::AppError;
use leptos::prelude::*;

/// Nothing to show yet, with an optional next step.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <div class="empty-state-icon" aria-hidden="true"></div>
            <h2 class="empty-state-title">{title}</h2>
            <p class="empty-state-message">{message}</p>
            {children.map(|c| view! { <div class="empty-state-actions">{c()}</div> })}
        </div>
    }
}

/// Grey placeholder rows in the shape of the table that is loading.
#[component]
pub fn SkeletonRows(rows: usize, cols: usize) -> impl IntoView {
    (0..rows)
        .map(|r| {
            view! {
                <tr class="skeleton-row" aria-hidden="true">
                    {(0..cols)
                        .map(|c| {
                            let width = 40 + ((r * 7 + c * 13) % 5) * 12;
                            view! {
                                <td>
                                    <span class="skeleton" style=format!("width:{width}%")></span>
                                </td>
                            }
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view()
}

/// A block-shaped placeholder for cards and panels.
#[component]
pub fn SkeletonBlock(#[prop(optional)] lines: Option<usize>) -> impl IntoView {
    view! {
        <div class="skeleton-block" aria-busy="true" aria-label="Loading">
            {(0..lines.unwrap_or(3))
                .map(|i| view! { <span class="skeleton" style=format!("width:{}%", 90usize.saturating_sub(i * 15).max(25))></span> })
                .collect_view()}
        </div>
    }
}

/// A failed load, with what the user can do about it.
#[component]
pub fn ErrorState(error: AppError) -> impl IntoView {
    let action = match error {
        AppError::Unauthenticated => {
            Some(view! { <a class="btn btn-primary" href="/login">"Sign in"</a> })
        }
        _ => None,
    };
    view! {
        <div class="empty-state error-state" role="alert">
            <h2 class="empty-state-title">"This could not be loaded"</h2>
            <p class="empty-state-message">{error.to_string()}</p>
            {action}
        </div>
    }
}

/// The page exists but the user's roles do not open it.
#[component]
pub fn AccessDenied() -> impl IntoView {
    view! {
        <EmptyState
            title="You don't have access to this page"
            message="Your roles do not include this area. If you need it, ask your Beacon administrator."
        >
            <a class="btn btn-secondary" href="/">"Back to home"</a>
        </EmptyState>
    }
}
