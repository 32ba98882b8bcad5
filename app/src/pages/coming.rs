//! Areas that later releases build. They say so plainly and show no invented data.

use super::{PageHeader, RequireCapability};
use crate::components::badge::{Badge, Tone};
use crate::components::states::EmptyState;
use domain::Area;
use leptos::prelude::*;
use leptos_meta::Title;

/// The placeholder page of an area that is not built yet.
#[component]
pub fn ComingSoon(area: Area) -> impl IntoView {
    view! {
        <Title text=area.label() />
        <RequireCapability
            cap=area.capability()
            page=move |_| {
                view! {
                    <PageHeader title=area.label()>
                        <Badge tone=Tone::Info>"Coming"</Badge>
                    </PageHeader>
                    <EmptyState
                        title=format!("{} is coming", area.label())
                        message=area.coming().unwrap_or_default()
                    >
                        <a class="btn btn-secondary" href="/">"Back to home"</a>
                    </EmptyState>
                }
            }
        />
    }
}
