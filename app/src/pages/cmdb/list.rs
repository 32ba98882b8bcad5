//! The CI list (`/cmdb`): words in the name, class, status and environment as filters, a
//! paged table by name. The view lives in the URL (`?q=&class=&status=&environment=&page=`), so
//! it can be bookmarked and works without JavaScript.

use super::api::{ci_classes, list_cis};
use super::{CiStatusBadge, CriticalityBadge};
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use crate::components::table::Pagination;
use crate::pages::{PageHeader, RequireCapability};
use domain::Capability;
use domain::cmdb::ci::{CiQuery, CiRow};
use domain::cmdb::{CiStatus, Environment};
use domain::paging::encode_component;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const COLUMNS: usize = 6;

/// The page's address for a query.
pub fn href(q: &CiQuery) -> String {
    let mut parts = Vec::new();
    if let Some(text) = q.q.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("q={}", encode_component(text)));
    }
    if let Some(class) = q.class {
        parts.push(format!("class={class}"));
    }
    if let Some(status) = q.status {
        parts.push(format!("status={}", status.as_str()));
    }
    if let Some(env) = q.environment {
        parts.push(format!("environment={}", env.as_str()));
    }
    if let Some(tag) = q.tag.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("tag={}", encode_component(tag)));
    }
    if let Some(page) = q.page.filter(|p| *p > 1) {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/cmdb".into()
    } else {
        format!("/cmdb?{}", parts.join("&"))
    }
}

#[component]
pub fn CmdbPage() -> impl IntoView {
    view! {
        <Title text="Configuration items" />
        <RequireCapability cap=Capability::ViewConfigurationItems page=|_| view! { <CiList /> } />
    }
}

#[component]
fn CiList() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| CiQuery {
            q: p.get("q").filter(|s| !s.trim().is_empty()),
            class: p.get("class").and_then(|c| c.parse().ok()),
            status: p.get("status").and_then(|s| CiStatus::parse(&s)),
            environment: p.get("environment").and_then(|e| Environment::parse(&e)),
            tag: p.get("tag").filter(|s| !s.trim().is_empty()),
            page: p.get("page").and_then(|n| n.parse().ok()),
            per_page: None,
        })
    });
    let cis = Resource::new(move || query.get(), list_cis);
    let classes = Resource::new(|| (), |_| ci_classes());
    let page_href = Callback::new(move |page: u64| {
        let mut q = query.get_untracked();
        q.page = Some(page);
        href(&q)
    });

    view! {
        <PageHeader title="Configuration items"
            description="Everything IT runs, what it depends on, and who owns it." />
        <div class="card table-card">
            <Form method="GET" action="/cmdb" attr:class="table-toolbar cmdb-filters" attr:role="search">
                <label class="visually-hidden" for="ci-filter">"Filter by name"</label>
                <input id="ci-filter" class="input" type="search" name="q" placeholder="Filter by name"
                    prop:value=move || query.get().q.unwrap_or_default() />
                <label class="visually-hidden" for="ci-class">"Class"</label>
                <Transition fallback=|| view! { <select id="ci-class" class="input select" name="class" disabled=true><option>"All classes"</option></select> }>
                    {move || Suspend::new(async move {
                        let chosen = query.get_untracked().class;
                        let options = classes.await.unwrap_or_default();
                        view! {
                            <select id="ci-class" class="input select" name="class">
                                <option value="">"All classes"</option>
                                {options.into_iter().map(|c| view! {
                                    <option value=c.id.0.to_string() selected=chosen == Some(c.id.0)>{c.name}</option>
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
                <label class="visually-hidden" for="ci-status">"Status"</label>
                <select id="ci-status" class="input select" name="status">
                    <option value="">"Any status"</option>
                    {CiStatus::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=move || query.get().status == Some(*s)>{s.label()}</option>
                    }).collect_view()}
                </select>
                <label class="visually-hidden" for="ci-environment">"Environment"</label>
                <select id="ci-environment" class="input select" name="environment">
                    <option value="">"Any environment"</option>
                    {Environment::ALL.iter().map(|e| view! {
                        <option value=e.as_str() selected=move || query.get().environment == Some(*e)>{e.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="btn btn-secondary">"Filter"</button>
            </Form>
            <div class="table-scroll">
                <table class="table" data-testid="ci-table">
                    <caption class="visually-hidden">"Configuration items"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Class"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Environment"</th>
                            <th scope="col">"Criticality"</th>
                            <th scope="col" class="col-secondary">"Location"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition fallback=|| view! { <SkeletonRows rows=10 cols=COLUMNS /> }>
                            {move || Suspend::new(async move {
                                match cis.await {
                                    Ok(page) if page.items.is_empty() => view! {
                                        <tr><td colspan=COLUMNS>
                                            <EmptyState title="No configuration items match" message="Try fewer filters, or clear them to see everything.">
                                                <a class="btn btn-secondary" href="/cmdb">"Clear filters"</a>
                                            </EmptyState>
                                        </td></tr>
                                    }.into_any(),
                                    Ok(page) => page.items.into_iter().map(|ci| view! { <CiRowView ci=ci /> }).collect_view().into_any(),
                                    Err(e) => view! { <tr><td colspan=COLUMNS><ErrorState error=e /></td></tr> }.into_any(),
                                }
                            })}
                        </Transition>
                    </tbody>
                </table>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    cis.await.ok().map(|p| view! {
                        <Pagination page=p.page per_page=p.per_page total=p.total href=page_href />
                    })
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CiRowView(ci: CiRow) -> impl IntoView {
    view! {
        <tr>
            <td><a class="ci-link" href=format!("/cmdb/{}", ci.id)>{ci.name.clone()}</a></td>
            <td>{ci.class_name.clone()}</td>
            <td><CiStatusBadge status=ci.status /></td>
            <td>{ci.environment.label()}</td>
            <td><CriticalityBadge criticality=ci.criticality /></td>
            <td class="col-secondary">{if ci.location.is_empty() { "—".to_string() } else { ci.location.clone() }}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_hold_the_view() {
        let cases = [
            (CiQuery::default(), "/cmdb"),
            (
                CiQuery {
                    q: Some("db payroll".into()),
                    class: Some(4),
                    status: Some(CiStatus::InUse),
                    environment: Some(Environment::Test),
                    tag: Some("a&b".into()),
                    page: Some(2),
                    per_page: None,
                },
                "/cmdb?q=db+payroll&class=4&status=in_use&environment=test&tag=a%26b&page=2",
            ),
            (
                CiQuery {
                    page: Some(1),
                    ..Default::default()
                },
                "/cmdb",
            ),
        ];
        for (q, expected) in cases {
            assert_eq!(href(&q), expected);
        }
    }
}
