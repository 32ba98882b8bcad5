//! Rules for user accounts: what a valid username, e-mail address, display name and password are.
//!
//! The same checks run in the browser (to mark a field as the user types) and on the server (which
//! never trusts the browser). Each failure names the field it belongs to, so a form can show the
//! message beside that field and keep everything else the user typed.

use crate::auth::{Role, RoleSet};
use crate::ids::UserId;
use crate::paging::SortDir;
use serde::{Deserialize, Serialize};

/// Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for 12).
pub const MIN_PASSWORD_LEN: usize = 12;
/// Longest password accepted; long enough for passphrases, short enough to bound hashing work.
pub const MAX_PASSWORD_LEN: usize = 128;

/// One problem with one field of a form.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the request (`username`, `email`...).
    pub field: String,
    /// What is wrong and how to fix it, in plain words.
    pub message: String,
}

/// All problems found in a form, in field order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// The first message recorded for `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, the errors otherwise.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// What an admin fills in to create a user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub roles: RoleSet,
}

impl NewUser {
    /// Trims the text fields and makes sure every user is at least a requester.
    pub fn normalised(mut self) -> Self {
        self.username = self.username.trim().to_lowercase();
        self.display_name = self.display_name.trim().to_string();
        self.email = self.email.trim().to_string();
        self.roles.insert(Role::Requester);
        self
    }

    /// Checks every field; returns all problems at once.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(m) = validate_username(&self.username) {
            errors.add("username", m);
        }
        if let Err(m) = validate_display_name(&self.display_name) {
            errors.add("display_name", m);
        }
        if let Err(m) = validate_email(&self.email) {
            errors.add("email", m);
        }
        if let Err(m) = validate_password(&self.password, &self.username) {
            errors.add("password", m);
        }
        errors.into_result()
    }
}

/// A username: 3–32 characters, lower-case letters, digits, dots, hyphens and underscores,
/// starting with a letter.
pub fn validate_username(username: &str) -> Result<(), String> {
    let len = username.chars().count();
    if len == 0 {
        return Err("Enter a username.".into());
    }
    if !(3..=32).contains(&len) {
        return Err("Use 3 to 32 characters.".into());
    }
    if !username.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("Start with a lower-case letter.".into());
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        return Err("Use only lower-case letters, digits, dots, hyphens and underscores.".into());
    }
    Ok(())
}

/// A display name: what colleagues see; 1–100 characters.
pub fn validate_display_name(name: &str) -> Result<(), String> {
    let len = name.trim().chars().count();
    if len == 0 {
        return Err("Enter the person's name.".into());
    }
    if len > 100 {
        return Err("Use at most 100 characters.".into());
    }
    Ok(())
}

/// An e-mail address: something@domain.tld, no spaces. Deliverability is not our check to make.
pub fn validate_email(email: &str) -> Result<(), String> {
    if email.is_empty() {
        return Err("Enter an e-mail address.".into());
    }
    if email.len() > 254 {
        return Err("Use at most 254 characters.".into());
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err("Enter an address like name@example.com.".into())
    }
}

/// A password: long enough, not absurdly long, not the username, not one repeated character.
/// No composition rules (NIST SP 800-63B): length is what makes a password strong.
pub fn validate_password(password: &str, username: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len == 0 {
        return Err("Enter a password.".into());
    }
    if len < MIN_PASSWORD_LEN {
        return Err(format!("Use at least {MIN_PASSWORD_LEN} characters."));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(format!("Use at most {MAX_PASSWORD_LEN} characters."));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("Don't include the username in the password.".into());
    }
    let mut chars = password.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Err("Don't repeat a single character.".into());
    }
    Ok(())
}

/// A user as the admin list and the API show it. Never carries the password hash.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub department: Option<String>,
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Role>))]
    pub roles: RoleSet,
    pub disabled: bool,
    /// RFC 3339 timestamp.
    pub created_at: String,
}

/// The signed-in user's own profile (`GET /api/v1/me`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub department: Option<String>,
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Role>))]
    pub roles: RoleSet,
    pub groups: Vec<String>,
}

/// Columns the user list can be sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserSort {
    #[default]
    Name,
    Username,
    Email,
    Department,
    Created,
}

impl UserSort {
    pub const ALL: [UserSort; 5] = [
        UserSort::Name,
        UserSort::Username,
        UserSort::Email,
        UserSort::Department,
        UserSort::Created,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Username => "username",
            UserSort::Email => "email",
            UserSort::Department => "department",
            UserSort::Created => "created",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        UserSort::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What the user list is asked for: a text filter, a sort order and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    /// Matches username, display name or e-mail, case-insensitively.
    pub q: Option<String>,
    pub sort: Option<UserSort>,
    pub dir: Option<SortDir>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_sort_round_trips() {
        for s in UserSort::ALL {
            assert_eq!(UserSort::parse(s.as_str()), Some(s));
        }
        assert_eq!(UserSort::parse("password_hash"), None);
    }

    #[test]
    fn usernames() {
        let cases = [
            ("ada", true),
            ("ada.lovelace", true),
            ("a_b-c.9", true),
            ("", false),
            ("ab", false),
            ("9lives", false),
            ("Ada", false),
            ("ada lovelace", false),
            ("ada@corp", false),
            (&"a".repeat(32), true),
            (&"a".repeat(33), false),
        ];
        for (input, ok) in cases {
            assert_eq!(validate_username(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn emails() {
        let cases = [
            ("ada@example.com", true),
            ("a.b+c@sub.example.org", true),
            ("", false),
            ("ada", false),
            ("ada@", false),
            ("@example.com", false),
            ("ada@example", false),
            ("ada@@example.com", false),
            ("ada @example.com", false),
            ("ada@.example.com", false),
            ("ada@example.com.", false),
        ];
        for (input, ok) in cases {
            assert_eq!(validate_email(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn passwords() {
        let cases = [
            ("correct horse battery", "ada", true),
            ("short", "ada", false),
            ("", "ada", false),
            ("aaaaaaaaaaaaaaa", "bob", false),
            ("my-name-is-ada-123", "ada", false),
            ("MY-NAME-IS-ADA-123", "ada", false),
            (&"x1".repeat(65), "ada", false),
            (&"x1".repeat(64), "ada", true),
        ];
        for (pw, user, ok) in cases {
            assert_eq!(validate_password(pw, user).is_ok(), ok, "{pw:?}");
        }
    }

    #[test]
    fn display_names() {
        let cases = [
            ("Ada Lovelace", true),
            ("", false),
            ("   ", false),
            (&"x".repeat(100), true),
            (&"x".repeat(101), false),
        ];
        for (input, ok) in cases {
            assert_eq!(validate_display_name(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn new_user_reports_every_field() {
        let user = NewUser {
            username: "X".into(),
            display_name: "".into(),
            email: "nope".into(),
            password: "short".into(),
            roles: RoleSet::empty(),
        };
        let errors = user.validate().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "display_name", "email", "password"]);
        assert_eq!(
            errors.get("email"),
            Some("Enter an address like name@example.com.")
        );
    }

    #[test]
    fn normalising_trims_and_adds_requester() {
        let user = NewUser {
            username: "  Grace.Hopper ".into(),
            display_name: " Grace Hopper ".into(),
            email: " grace@example.com ".into(),
            password: "a long enough password".into(),
            roles: [Role::Agent].into_iter().collect(),
        }
        .normalised();
        assert_eq!(user.username, "grace.hopper");
        assert_eq!(user.display_name, "Grace Hopper");
        assert_eq!(user.email, "grace@example.com");
        assert!(user.roles.contains(Role::Requester));
        assert!(user.roles.contains(Role::Agent));
        assert!(user.validate().is_ok());
    }
}
