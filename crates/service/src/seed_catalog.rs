//! The demo service catalog: eight categories and about thirty items people really order, with
//! forms that use every field type, conditional questions, one- to three-stage approvals and
//! fulfilment tasks. Created through the catalog commands (so every item is checked before it
//! is published), then a few requests at different points of their life.

use crate::Services;
use crate::catalog::{admin, approvals, requests};
use crate::error::{ServiceError, ServiceResult};
use crate::users::load_actor;
use db::entities::{department, group, user};
use domain::catalog::form::FieldKind as K;
use domain::catalog::{
    Answer, Answers, ApprovalRule, ApprovalStage, Approvers, Audience, CategoryInput, Cost,
    CostPeriod, DecisionRequest, FormField, FormSchema, FulfilmentPlan, ItemDefinition, ItemDraft,
    NewRequest, ShowWhen, TaskOrder, TaskTemplate,
};
use domain::{Actor, CategoryId, DepartmentId, GroupId, Role, UserId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// (slug, name, icon, description)
const CATEGORIES: [(&str, &str, &str, &str); 8] = [
    (
        "hardware",
        "Hardware",
        "laptop",
        "Laptops, screens, docks and accessories for your desk.",
    ),
    (
        "software",
        "Software",
        "software",
        "Licences and installations of business software.",
    ),
    (
        "accounts",
        "Accounts and access",
        "key",
        "Mailboxes, shared drives and access to business systems.",
    ),
    (
        "network",
        "Network and remote access",
        "wifi",
        "VPN, Wi-Fi, firewall rules and DNS.",
    ),
    (
        "mobile",
        "Phones and mobile",
        "phone",
        "Company phones, SIM cards and desk phones.",
    ),
    (
        "people",
        "Joiners and leavers",
        "users",
        "Onboarding and offboarding for HR and managers.",
    ),
    (
        "facilities",
        "Facilities",
        "building",
        "Desks, meeting rooms, parking and badges.",
    ),
    (
        "security",
        "Security",
        "shield",
        "Certificates, encrypted drives and admin rights.",
    ),
];

fn field(key: &str, label: &str, kind: K) -> FormField {
    FormField {
        key: key.into(),
        label: label.into(),
        help: None,
        required: false,
        kind,
        default: None,
        show_when: None,
    }
}

/// Small builders so each item reads like the form it is.
trait Build {
    fn req(self) -> Self;
    fn help(self, h: &str) -> Self;
    fn when(self, key: &str, equals: Answer) -> Self;
    fn default(self, a: Answer) -> Self;
}

impl Build for FormField {
    fn req(mut self) -> Self {
        self.required = true;
        self
    }
    fn help(mut self, h: &str) -> Self {
        self.help = Some(h.into());
        self
    }
    fn when(mut self, key: &str, equals: Answer) -> Self {
        self.show_when = Some(ShowWhen {
            field: key.into(),
            equals,
        });
        self
    }
    fn default(mut self, a: Answer) -> Self {
        self.default = Some(a);
        self
    }
}

fn text(key: &str, label: &str) -> FormField {
    field(
        key,
        label,
        K::Text {
            max_len: Some(200),
            pattern: None,
            pattern_hint: None,
        },
    )
}
fn pattern(key: &str, label: &str, p: &str, hint: &str) -> FormField {
    field(
        key,
        label,
        K::Text {
            max_len: Some(200),
            pattern: Some(p.into()),
            pattern_hint: Some(hint.into()),
        },
    )
}
fn long(key: &str, label: &str) -> FormField {
    field(
        key,
        label,
        K::LongText {
            max_len: Some(2000),
        },
    )
}
fn select(key: &str, label: &str, options: &[&str]) -> FormField {
    field(
        key,
        label,
        K::Select {
            options: options.iter().map(|o| o.to_string()).collect(),
        },
    )
}
fn multi(key: &str, label: &str, options: &[&str], max: Option<usize>) -> FormField {
    field(
        key,
        label,
        K::MultiSelect {
            options: options.iter().map(|o| o.to_string()).collect(),
            min: None,
            max,
        },
    )
}
fn date(key: &str, label: &str, min: i64, max: i64) -> FormField {
    field(
        key,
        label,
        K::Date {
            min_days_ahead: Some(min),
            max_days_ahead: Some(max),
        },
    )
}
fn number(key: &str, label: &str, min: f64, max: f64) -> FormField {
    field(
        key,
        label,
        K::Number {
            min: Some(min),
            max: Some(max),
            integer: true,
        },
    )
}
fn check(key: &str, label: &str) -> FormField {
    field(key, label, K::Checkbox)
}
fn person(key: &str, label: &str) -> FormField {
    field(key, label, K::UserPicker)
}
fn choice(s: &str) -> Answer {
    Answer::Choice(s.into())
}
fn euros(amount: i64, period: CostPeriod) -> Option<Cost> {
    Some(Cost {
        cents: amount * 100,
        currency: "EUR".into(),
        period,
    })
}

/// Names of the demo organisation resolved to ids.
struct Org {
    groups: HashMap<String, GroupId>,
    departments: HashMap<String, DepartmentId>,
    users: HashMap<String, UserId>,
}

impl Org {
    fn g(&self, name: &str) -> GroupId {
        self.groups.get(name).copied().unwrap_or(GroupId(0))
    }
    fn d(&self, name: &str) -> DepartmentId {
        self.departments
            .get(name)
            .copied()
            .unwrap_or(DepartmentId(0))
    }
    fn u(&self, name: &str) -> UserId {
        self.users.get(name).copied().unwrap_or(UserId(0))
    }
    fn manager(&self) -> ApprovalStage {
        ApprovalStage {
            name: "Manager".into(),
            approvers: Approvers::Manager,
            rule: ApprovalRule::Any,
        }
    }
    fn finance(&self) -> ApprovalStage {
        ApprovalStage {
            name: "Finance".into(),
            approvers: Approvers::Users {
                users: vec![self.u("samuel.adeyemi")],
            },
            rule: ApprovalRule::Any,
        }
    }
    fn security(&self, rule: ApprovalRule) -> ApprovalStage {
        ApprovalStage {
            name: "Security review".into(),
            approvers: Approvers::Group {
                group: self.g("Security"),
            },
            rule,
        }
    }
    fn hr_director(&self) -> ApprovalStage {
        ApprovalStage {
            name: "HR director".into(),
            approvers: Approvers::Users {
                users: vec![self.u("emma.dubois")],
            },
            rule: ApprovalRule::Any,
        }
    }
    fn tasks(&self, order: TaskOrder, tasks: &[(&str, &str, &str)]) -> FulfilmentPlan {
        FulfilmentPlan {
            order,
            tasks: tasks
                .iter()
                .map(|(title, group, how)| TaskTemplate {
                    title: (*title).into(),
                    group: Some(self.g(group)),
                    instructions: (*how).into(),
                })
                .collect(),
        }
    }
    fn only_departments(&self, names: &[&str]) -> Audience {
        Audience {
            everyone: false,
            departments: names.iter().map(|n| self.d(n)).collect(),
            groups: vec![],
            roles: vec![],
        }
    }
}

struct Spec {
    category: &'static str,
    slug: &'static str,
    featured: bool,
    def: ItemDefinition,
}

fn item(category: &'static str, slug: &'static str, name: &str, summary: &str, icon: &str) -> Spec {
    Spec {
        category,
        slug,
        featured: false,
        def: ItemDefinition {
            name: name.into(),
            summary: summary.into(),
            icon: icon.into(),
            ..ItemDefinition::default()
        },
    }
}

impl Spec {
    fn featured(mut self) -> Self {
        self.featured = true;
        self
    }
    fn with(mut self, f: impl FnOnce(&mut ItemDefinition)) -> Self {
        f(&mut self.def);
        self
    }
}

mod items;

async fn org(s: &Services) -> ServiceResult<Org> {
    Ok(Org {
        groups: group::Entity::find()
            .all(&s.db)
            .await?
            .into_iter()
            .map(|g| (g.name, GroupId(g.id)))
            .collect(),
        departments: department::Entity::find()
            .all(&s.db)
            .await?
            .into_iter()
            .map(|d| (d.name, DepartmentId(d.id)))
            .collect(),
        users: user::Entity::find()
            .all(&s.db)
            .await?
            .into_iter()
            .map(|u| (u.username, UserId(u.id)))
            .collect(),
    })
}

async fn actor(s: &Services, username: &str) -> ServiceResult<Actor> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    load_actor(&s.db, &u).await
}

/// Loads the demo catalog and a few requests (once, into a catalog without categories).
pub async fn seed_demo_catalog(s: &Services) -> ServiceResult<()> {
    let manager = actor(s, "kenji.watanabe").await?;
    if !admin::categories(s, &manager).await?.is_empty() {
        return Ok(());
    }
    let mut categories = HashMap::new();
    for (i, (slug, name, icon, description)) in CATEGORIES.iter().enumerate() {
        let id = admin::save_category(
            s,
            &manager,
            None,
            CategoryInput {
                slug: (*slug).into(),
                name: (*name).into(),
                description: (*description).into(),
                icon: (*icon).into(),
                position: i as i32,
            },
        )
        .await?;
        categories.insert(*slug, id);
    }
    let org = org(s).await?;
    for spec in items::all(&org) {
        let ed = admin::create(
            s,
            &manager,
            ItemDraft {
                version: None,
                slug: spec.slug.into(),
                category: categories
                    .get(spec.category)
                    .copied()
                    .unwrap_or(CategoryId(0)),
                featured: spec.featured,
                definition: spec.def,
            },
        )
        .await?;
        admin::publish(s, &manager, ed.id, ed.version).await?;
    }
    demo_requests(s).await
}

fn answers(pairs: Vec<(&str, Answer)>) -> NewRequest {
    NewRequest {
        answers: pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Answers>(),
    }
}

/// Requests at different points: waiting for a manager, half-way through two stages, in
/// fulfilment, rejected.
async fn demo_requests(s: &Services) -> ServiceResult<()> {
    let today = crate::now().date_naive();
    let in_days = |d| Answer::Date(today + chrono::Duration::days(d));
    let daniel = actor(s, "daniel.novak").await?;
    let mia = actor(s, "mia.johansson").await?;
    let grace = actor(s, "grace.kim").await?;
    // Waiting for Daniel's manager (Samuel Adeyemi).
    requests::submit(
        s,
        &daniel,
        "standard-laptop",
        answers(vec![
            ("model", choice("14\" everyday laptop")),
            ("needed_by", in_days(10)),
            ("keyboard_layout", choice("German (QWERTZ)")),
        ]),
    )
    .await?;
    // Mia's developer laptop: her manager approved, Finance still to decide.
    let number = requests::submit(
        s,
        &mia,
        "developer-laptop",
        answers(vec![
            ("model", choice("16\" workstation (Linux)")),
            ("gpu", Answer::Bool(true)),
            (
                "gpu_reason",
                Answer::Text("Training the fraud-detection model locally.".into()),
            ),
        ]),
    )
    .await?
    .number;
    decide_first(s, "noah.fischer", &number, true, "Fine for the ML work.").await?;
    // No approval: straight to fulfilment.
    requests::submit(
        s,
        &grace,
        "external-monitor",
        answers(vec![
            ("size", choice("27\" QHD")),
            ("quantity", Answer::Number(2.0)),
        ]),
    )
    .await?;
    // Rejected by the manager, with the reason the requester reads.
    let zoe = actor(s, "zoe.papadopoulos").await?;
    let number = requests::submit(
        s,
        &zoe,
        "mobile-phone",
        answers(vec![
            ("model", choice("iPhone 16")),
            ("replace", Answer::Bool(false)),
        ]),
    )
    .await?
    .number;
    decide_first(
        s,
        "lucas.silva",
        &number,
        false,
        "Account executives get the Android model this year; please order that one.",
    )
    .await
}

/// `username` decides their pending approval on request `number`.
async fn decide_first(
    s: &Services,
    username: &str,
    number: &str,
    approve: bool,
    comment: &str,
) -> ServiceResult<()> {
    let who = actor(s, username).await?;
    let inbox = approvals::inbox(s, &who).await?;
    let task = inbox
        .iter()
        .find(|t| t.number == number)
        .ok_or(ServiceError::NotFound)?;
    approvals::decide(
        s,
        &who,
        task.approval,
        DecisionRequest {
            approve,
            comment: comment.into(),
        },
    )
    .await?;
    Ok(())
}
