//! The users page: a filter, a sortable and paginated table, and the row actions. The view lives
//! in the URL (`?q=&sort=&dir=&page=`), so it can be bookmarked and works without JavaScript.

use super::api::list_users;
use super::user_forms::{CreateUserDialog, DisableUserDialog, ResetPasswordDialog};
use crate::components::badge::{Avatar, Badge, RoleBadge, Tone};
use crate::components::button::{Button, Variant};
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use crate::components::table::{Pagination, SortHeader};
use crate::components::toast::use_toasts;
use crate::pages::{PageHeader, RequireCapability};
use domain::Capability;
use domain::paging::SortDir;
use domain::paging::encode_component;
use domain::users::{UserQuery, UserSort, UserSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const COLUMNS: usize = 6;

/// The page's address for a query.
fn href(q: &UserQuery) -> String {
    let mut parts = Vec::new();
    if let Some(text) = q.q.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("q={}", encode_component(text)));
    }
    if let Some(sort) = q.sort {
        parts.push(format!("sort={}", sort.as_str()));
    }
    if let Some(dir) = q.dir {
        parts.push(format!("dir={}", dir.as_str()));
    }
    if let Some(page) = q.page.filter(|p| *p > 1) {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/admin/users".into()
    } else {
        format!("/admin/users?{}", parts.join("&"))
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Title text="Users" />
        <RequireCapability cap=Capability::ManageUsers page=|actor| view! { <UsersAdmin me=actor.user_id /> } />
    }
}

/// Which dialog is open, for which user.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Reset(UserSummary),
    Disable(UserSummary),
}

#[component]
fn UsersAdmin(me: domain::UserId) -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| UserQuery {
            q: p.get("q").filter(|s| !s.trim().is_empty()),
            sort: p.get("sort").and_then(|s| UserSort::parse(&s)),
            dir: p.get("dir").and_then(|d| SortDir::parse(&d)),
            page: p.get("page").and_then(|n| n.parse().ok()),
            per_page: None,
        })
    });
    let version = RwSignal::new(0u32);
    let users = Resource::new(move || (query.get(), version.get()), |(q, _)| list_users(q));
    let reload = Callback::new(move |_: ()| version.update(|v| *v += 1));
    let create_open = RwSignal::new(false);
    let dialog = RwSignal::new(None::<Dialog>);
    let toasts = use_toasts();

    let sort_state = Signal::derive(move || {
        let q = query.get();
        (
            q.sort.unwrap_or_default().as_str().to_string(),
            q.dir.unwrap_or_default(),
        )
    });
    let sort_href = Callback::new(move |(col, dir): (String, SortDir)| {
        let mut q = query.get_untracked();
        q.sort = UserSort::parse(&col);
        q.dir = Some(dir);
        q.page = None;
        href(&q)
    });
    let page_href = Callback::new(move |page: u64| {
        let mut q = query.get_untracked();
        q.page = Some(page);
        href(&q)
    });
    let enable = move |u: UserSummary| {
        leptos::task::spawn_local(async move {
            match super::api::set_user_disabled(u.id, false).await {
                Ok(_) => {
                    toasts.success(format!("{} can sign in again.", u.display_name));
                    reload.run(());
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };

    view! {
        <PageHeader title="Users" description="Everyone who can sign in to Beacon, with their roles.">
            <Button variant=Variant::Primary on_click=move |_| create_open.set(true)>"New user"</Button>
        </PageHeader>
        <div class="card table-card">
            <Form method="GET" action="/admin/users" attr:class="table-toolbar" attr:role="search">
                <label class="visually-hidden" for="user-filter">"Filter users"</label>
                <input id="user-filter" class="input" type="search" name="q" placeholder="Filter by name, username or e-mail"
                    prop:value=move || query.get().q.unwrap_or_default() />
                {move || query.get().sort.map(|s| view! { <input type="hidden" name="sort" value=s.as_str() /> })}
                {move || query.get().dir.map(|d| view! { <input type="hidden" name="dir" value=d.as_str() /> })}
                <button type="submit" class="btn btn-secondary">"Filter"</button>
            </Form>
            <div class="table-scroll">
                <table class="table">
                    <caption class="visually-hidden">"Users"</caption>
                    <thead>
                        <tr>
                            <SortHeader label="Name" key="name" current=sort_state href=sort_href />
                            <SortHeader label="E-mail" key="email" current=sort_state href=sort_href />
                            <SortHeader label="Department" key="department" current=sort_state href=sort_href />
                            <th scope="col">"Roles"</th>
                            <SortHeader label="Created" key="created" current=sort_state href=sort_href secondary=true />
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition fallback=|| view! { <SkeletonRows rows=8 cols=COLUMNS /> }>
                            {move || Suspend::new(async move {
                                match users.await {
                                    Ok(page) if page.items.is_empty() => view! {
                                        <tr><td colspan=COLUMNS>
                                            <EmptyState title="No users match" message="Try a shorter filter, or clear it to see everyone.">
                                                <a class="btn btn-secondary" href="/admin/users">"Clear filter"</a>
                                            </EmptyState>
                                        </td></tr>
                                    }.into_any(),
                                    Ok(page) => page.items.into_iter().map(|u| view! {
                                        <UserRow user=u me dialog enable=Callback::new(enable) />
                                    }).collect_view().into_any(),
                                    Err(e) => view! { <tr><td colspan=COLUMNS><ErrorState error=e /></td></tr> }.into_any(),
                                }
                            })}
                        </Transition>
                    </tbody>
                </table>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    users.await.ok().map(|p| view! {
                        <Pagination page=p.page per_page=p.per_page total=p.total href=page_href />
                    })
                })}
            </Transition>
        </div>
        <CreateUserDialog open=create_open on_created=reload />
        {move || match dialog.get() {
            Some(Dialog::Reset(u)) => view! { <ResetPasswordDialog user=u on_done=Callback::new(move |_| dialog.set(None)) /> }.into_any(),
            Some(Dialog::Disable(u)) => view! { <DisableUserDialog user=u on_done=Callback::new(move |changed: bool| { dialog.set(None); if changed { reload.run(()) } }) /> }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// The roles worth showing in the list: everyone is a requester, so that badge only appears for
/// people who hold no other role.
fn it_roles(roles: domain::RoleSet) -> Vec<domain::Role> {
    let others: Vec<domain::Role> = roles
        .iter()
        .filter(|r| *r != domain::Role::Requester)
        .collect();
    if others.is_empty() {
        vec![domain::Role::Requester]
    } else {
        others
    }
}

#[component]
fn UserRow(
    user: UserSummary,
    me: domain::UserId,
    dialog: RwSignal<Option<Dialog>>,
    enable: Callback<UserSummary>,
) -> impl IntoView {
    let created = user.created_at.get(..10).unwrap_or_default().to_string();
    let is_me = user.id == me;
    let (u1, u2, u3) = (user.clone(), user.clone(), user.clone());
    view! {
        <tr class:row-muted=user.disabled>
            <td>
                <div class="user-cell">
                    <Avatar name=user.display_name.clone() />
                    <div>
                        <div class="user-cell-name">
                            {user.display_name.clone()}
                            {user.disabled.then(|| view! { <Badge tone=Tone::Danger>"Disabled"</Badge> })}
                        </div>
                        <div class="user-cell-sub" title=user.title.clone()>{user.username.clone()}</div>
                    </div>
                </div>
            </td>
            <td>{user.email.clone()}</td>
            <td>{user.department.clone().unwrap_or_else(|| "—".into())}</td>
            <td><div class="badge-list">{it_roles(user.roles).into_iter().map(|r| view! { <RoleBadge role=r /> }).collect_view()}</div></td>
            <td class="col-secondary"><time datetime=user.created_at.clone()>{created}</time></td>
            <td class="row-actions">
                <Button variant=Variant::Ghost small=true label=format!("Reset password of {}", user.display_name)
                    on_click=move |_| dialog.set(Some(Dialog::Reset(u1.clone())))>"Reset password"</Button>
                {if user.disabled {
                    view! { <Button variant=Variant::Ghost small=true label=format!("Enable {}", user.display_name)
                        on_click=move |_| enable.run(u2.clone())>"Enable"</Button> }.into_any()
                } else if is_me {
                    view! { <span class="row-note">"You"</span> }.into_any()
                } else {
                    view! { <Button variant=Variant::Ghost small=true label=format!("Disable {}", user.display_name)
                        on_click=move |_| dialog.set(Some(Dialog::Disable(u3.clone())))>"Disable"</Button> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_hold_the_view() {
        let cases = [
            (UserQuery::default(), "/admin/users"),
            (
                UserQuery {
                    q: Some("ada lovelace".into()),
                    ..Default::default()
                },
                "/admin/users?q=ada+lovelace",
            ),
            (
                UserQuery {
                    q: Some("a&b".into()),
                    sort: Some(UserSort::Email),
                    dir: Some(SortDir::Desc),
                    page: Some(3),
                    per_page: None,
                },
                "/admin/users?q=a%26b&sort=email&dir=desc&page=3",
            ),
            (
                UserQuery {
                    page: Some(1),
                    ..Default::default()
                },
                "/admin/users",
            ),
        ];
        for (q, expected) in cases {
            assert_eq!(href(&q), expected);
        }
    }
}
