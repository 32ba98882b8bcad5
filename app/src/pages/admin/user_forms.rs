//! The dialogs of user administration. Each validates in the browser with the same domain rules
//! the server applies, shows every problem beside its field, and keeps what was typed.

use super::api::{create_user, reset_user_password, set_user_disabled};
use crate::components::button::{Button, Variant};
use crate::components::field::TextField;
use crate::components::modal::Modal;
use crate::components::toast::use_toasts;
use crate::error::AppError;
use domain::users::{FieldErrors, NewUser, UserSummary, validate_password};
use domain::{Role, RoleSet};
use leptos::prelude::*;

/// Roles an admin can grant; requester is implied for everyone.
const GRANTABLE: [Role; 6] = [
    Role::Agent,
    Role::ChangeManager,
    Role::CabMember,
    Role::CatalogManager,
    Role::ConfigurationManager,
    Role::Admin,
];

fn field_error(errors: RwSignal<FieldErrors>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.get(name).map(str::to_string)))
}

/// Shows what went wrong that is not about one field.
#[component]
fn FormAlert(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="alert alert-danger" role="alert">{move || message.get().unwrap_or_default()}</div>
        </Show>
    }
}

/// "New user": username, name, e-mail, initial password and roles.
#[component]
pub fn CreateUserDialog(open: RwSignal<bool>, on_created: Callback<()>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(RoleSet::empty());
    let errors = RwSignal::new(FieldErrors::default());
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let toasts = use_toasts();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let new = NewUser {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            roles: roles.get_untracked(),
        }
        .normalised();
        if let Err(e) = new.validate() {
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::default());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = create_user(new).await;
            busy.set(false);
            match result {
                Ok(user) => {
                    toasts.success(format!(
                        "Created {} ({}).",
                        user.display_name, user.username
                    ));
                    for s in [username, display_name, email, password] {
                        s.set(String::new());
                    }
                    roles.set(RoleSet::empty());
                    open.set(false);
                    on_created.run(());
                }
                Err(AppError::Invalid(f)) => errors.set(f),
                Err(e) => alert.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <Modal open title="New user" id="create-user">
            <form class="form" on:submit=submit novalidate>
                <FormAlert message=alert />
                <TextField label="Username" name="username" value=username error=field_error(errors, "username")
                    help="Lower-case letters, digits, dots and hyphens, e.g. ada.lovelace." autocomplete="off" required=true autofocus=true />
                <TextField label="Full name" name="display_name" value=display_name error=field_error(errors, "display_name") autocomplete="off" required=true />
                <TextField label="E-mail" name="email" kind="email" value=email error=field_error(errors, "email") autocomplete="off" required=true />
                <TextField label="Initial password" name="password" kind="password" value=password error=field_error(errors, "password")
                    help="At least 12 characters. Share it safely; the user can be asked to change it." autocomplete="new-password" required=true />
                <fieldset class="fieldset">
                    <legend class="field-label">"Roles"</legend>
                    <p class="field-help">"Everyone is a requester. Add what this person does in IT."</p>
                    <div class="checkbox-list">
                        {GRANTABLE.into_iter().map(|role| view! {
                            <label class="checkbox">
                                <input type="checkbox" name="roles" value=role.as_str()
                                    prop:checked=move || roles.with(|r| r.contains(role))
                                    on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        roles.update(|r| {
                                            let mut next: RoleSet = r.iter().filter(|x| *x != role).collect();
                                            if checked { next.insert(role); }
                                            *r = next;
                                        });
                                    } />
                                <span>{role.label()}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="form-actions">
                    <Button on_click=move |_| open.set(false)>"Cancel"</Button>
                    <Button variant=Variant::Primary kind="submit" busy=busy>"Create user"</Button>
                </div>
            </form>
        </Modal>
    }
}

/// "Reset password": a new password for someone who lost theirs; their sessions end.
#[component]
pub fn ResetPasswordDialog(user: UserSummary, on_done: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(true);
    Effect::new(move |prev: Option<bool>| {
        let now = open.get();
        if prev == Some(true) && !now {
            on_done.run(());
        }
        now
    });
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let toasts = use_toasts();
    let id = user.id;
    let username = StoredValue::new(user.username.clone());
    let name = StoredValue::new(user.display_name.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pw = password.get_untracked();
        if let Err(m) = username.with_value(|u| validate_password(&pw, u)) {
            error.set(Some(m));
            return;
        }
        error.set(None);
        busy.set(true);
        let name = name.get_value();
        leptos::task::spawn_local(async move {
            let result = reset_user_password(id, pw).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    toasts.success(format!(
                        "New password set for {name}. Their sessions have ended."
                    ));
                    open.set(false);
                }
                Err(AppError::Invalid(f)) => error.set(f.get("password").map(str::to_string)),
                Err(e) => alert.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Modal open title=format!("Reset password of {}", user.display_name) id="reset-password">
            <form class="form" on:submit=submit novalidate>
                <FormAlert message=alert />
                <p class="form-intro">"They will be signed out everywhere and must use the new password."</p>
                <TextField label="New password" name="new_password" kind="password" value=password error=error
                    help="At least 12 characters." autocomplete="new-password" required=true autofocus=true />
                <div class="form-actions">
                    <Button on_click=move |_| open.set(false)>"Cancel"</Button>
                    <Button variant=Variant::Primary kind="submit" busy=busy>"Set password"</Button>
                </div>
            </form>
        </Modal>
    }
}

/// "Disable user": a confirmation; the user's sessions end at once.
#[component]
pub fn DisableUserDialog(user: UserSummary, on_done: Callback<bool>) -> impl IntoView {
    let open = RwSignal::new(true);
    let changed = StoredValue::new(false);
    Effect::new(move |prev: Option<bool>| {
        let now = open.get();
        if prev == Some(true) && !now {
            on_done.run(changed.get_value());
        }
        now
    });
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let toasts = use_toasts();
    let id = user.id;
    let name = StoredValue::new(user.display_name.clone());
    let confirm = move |_| {
        busy.set(true);
        let name = name.get_value();
        leptos::task::spawn_local(async move {
            let result = set_user_disabled(id, true).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    toasts.success(format!("{name} is disabled and signed out."));
                    changed.set_value(true);
                    open.set(false);
                }
                Err(e) => alert.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Modal open title=format!("Disable {}?", user.display_name) id="disable-user">
            <FormAlert message=alert />
            <p class="form-intro">
                {format!("{} will be signed out everywhere and cannot sign in until an admin enables the account again. Their tickets and history stay.", user.display_name)}
            </p>
            <div class="form-actions">
                <Button on_click=move |_| open.set(false)>"Cancel"</Button>
                <Button variant=Variant::Danger busy=busy on_click=confirm>"Disable user"</Button>
            </div>
        </Modal>
    }
}
