//! The sign-in page: a plain HTML form posted to `/auth/sign-in`, which answers with a redirect.
//! It works the same with or without JavaScript. After a failed attempt the page comes back with
//! the username kept and the reason shown.

use crate::DemoAccounts;
use crate::components::theme::ThemeToggle;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The demo accounts to suggest, if the installation has demo data.
#[server(prefix = "/api/fn", endpoint = "demo_accounts")]
pub async fn get_demo_accounts() -> Result<DemoAccounts, AppError> {
    Ok(use_context::<DemoAccounts>().unwrap_or_default())
}

fn error_message(code: &str, wait: &str) -> String {
    match code {
        "missing" => "Enter your username and password.".into(),
        "unavailable" => {
            "Beacon could not check your password just now. Please try again in a moment.".into()
        }
        "throttled" => {
            let secs: u64 = wait.parse().unwrap_or(60);
            let wait = if secs < 90 {
                format!("{secs} seconds")
            } else {
                format!("{} minutes", secs.div_ceil(60))
            };
            format!(
                "Too many sign-in attempts failed. For your account's safety, wait {wait} and try again."
            )
        }
        _ => "That username and password don't match an active account. Check them and try again."
            .into(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with_untracked(|q| q.get(name)).unwrap_or_default();
    let username = param("username");
    let next = param("next");
    let error = param("error");
    let wait = param("wait");
    let signed_out = !param("signed_out").is_empty();
    let has_username = !username.is_empty();
    let demo = Resource::new(|| (), |_| get_demo_accounts());

    view! {
        <Title text="Sign in" />
        <div class="login-page">
            <div class="login-theme"><ThemeToggle /></div>
            <main id="main" class="login-card">
                <div class="login-brand">
                    <span class="brand-mark brand-mark-lg" aria-hidden="true"></span>
                    <h1 class="login-title">"Sign in to Beacon"</h1>
                    <p class="login-subtitle">"IT services, requests and support in one place."</p>
                </div>
                {(!error.is_empty()).then(|| view! {
                    <div class="alert alert-danger" role="alert" id="login-error">{error_message(&error, &wait)}</div>
                })}
                {signed_out.then(|| view! {
                    <div class="alert alert-info" role="status">"You have signed out."</div>
                })}
                <form method="post" action="/auth/sign-in" class="form" aria-describedby=(!error.is_empty()).then_some("login-error")>
                    <input type="hidden" name="next" value=next />
                    <div class="field">
                        <label class="field-label" for="username">"Username"</label>
                        <input class="input" id="username" name="username" type="text" autocomplete="username"
                            autocapitalize="none" spellcheck="false" required value=username autofocus=!has_username />
                    </div>
                    <div class="field">
                        <label class="field-label" for="password">"Password"</label>
                        <input class="input" id="password" name="password" type="password" autocomplete="current-password"
                            required autofocus=has_username />
                    </div>
                    <button type="submit" class="btn btn-primary btn-block">"Sign in"</button>
                </form>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let demo = demo.await.unwrap_or_default();
                        (!demo.accounts.is_empty()).then(|| view! { <DemoAccountList demo /> })
                    })}
                </Suspense>
            </main>
        </div>
    }
}

/// The demo accounts, one per role, so evaluators can try each view.
#[component]
fn DemoAccountList(demo: DemoAccounts) -> impl IntoView {
    view! {
        <section class="demo-accounts" aria-labelledby="demo-title">
            <h2 id="demo-title" class="demo-title">"Demo accounts"</h2>
            <p class="demo-help">"Every demo account uses the password " <code>{demo.password}</code> "."</p>
            <table class="table table-compact">
                <thead><tr><th scope="col">"Role"</th><th scope="col">"Username"</th></tr></thead>
                <tbody>
                    {demo.accounts.into_iter().map(|(role, user)| view! {
                        <tr><td>{role.label()}</td><td><code>{user}</code></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
