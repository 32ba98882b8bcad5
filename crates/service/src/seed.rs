//! The demo organisation: departments, about twenty people across every role, and the groups that
//! later issues assign work to. Loaded once, into an empty database.
//!
//! Without demo data (the default), an empty database gets a single `admin` account whose password
//! comes from `BEACON_ADMIN_PASSWORD` or is generated and printed once at start-up (as GitLab does
//! for its first root password). Which of the two an installation is, is kept in the `settings`
//! table: demo accounts are offered on the sign-in page of a demo installation only.

use crate::auth::password;
use crate::error::ServiceResult;
pub use crate::seed_catalog::seed_demo_catalog;
pub use crate::seed_cmdb::seed_demo_cmdb;
pub use crate::seed_tickets::seed_demo_tickets;
use crate::users::insert_user;
use db::entities::{department, group, group_member, setting, user};
use domain::users::NewUser;
use domain::{Role, RoleSet};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use std::collections::HashMap;

/// The password of every demo account. Printed at start-up; change it before real use.
pub const DEMO_PASSWORD: &str = "beacon-demo-2026";

/// What seeding did, for the start-up banner.
#[derive(Debug, Default)]
pub struct SeedReport {
    /// Whether anything was created (false when the database already had users).
    pub created: bool,
    /// The generated password of the first admin, when no demo data was loaded.
    pub initial_admin_password: Option<String>,
}

const DEPARTMENTS: [&str; 7] = [
    "IT",
    "Finance",
    "Human Resources",
    "Sales",
    "Engineering",
    "Marketing",
    "Facilities",
];

/// (name, description)
const GROUPS: [(&str, &str); 7] = [
    (
        "Service Desk",
        "First line: the single point of contact for every user",
    ),
    ("Network", "LAN, Wi-Fi, VPN, firewalls and DNS"),
    (
        "Database",
        "PostgreSQL and Oracle estates, backups and performance",
    ),
    (
        "Desktop Support",
        "Laptops, peripherals, printers and endpoint software",
    ),
    (
        "Applications",
        "Business applications: ERP, CRM, HR systems",
    ),
    ("Security", "Identity, access and security operations"),
    (
        "Change Advisory Board",
        "Reviews and approves normal changes",
    ),
];

struct Person {
    username: &'static str,
    name: &'static str,
    title: &'static str,
    dept: &'static str,
    manager: Option<&'static str>,
    roles: &'static [Role],
    groups: &'static [&'static str],
    disabled: bool,
}

const fn p(
    username: &'static str,
    name: &'static str,
    title: &'static str,
    dept: &'static str,
    manager: Option<&'static str>,
    roles: &'static [Role],
    groups: &'static [&'static str],
) -> Person {
    Person {
        username,
        name,
        title,
        dept,
        manager,
        roles,
        groups,
        disabled: false,
    }
}

use Role::{Admin, Agent, CabMember, CatalogManager, ChangeManager, ConfigurationManager};

/// Managers come before the people who report to them.
const PEOPLE: [Person; 22] = [
    p(
        "alex.morgan",
        "Alex Morgan",
        "Head of IT Operations",
        "IT",
        None,
        &[Admin, CabMember],
        &["Change Advisory Board"],
    ),
    p(
        "hannah.weber",
        "Hannah Weber",
        "Change Manager",
        "IT",
        Some("alex.morgan"),
        &[ChangeManager],
        &["Change Advisory Board"],
    ),
    p(
        "priya.shah",
        "Priya Shah",
        "Service Desk Lead",
        "IT",
        Some("alex.morgan"),
        &[Agent],
        &["Service Desk"],
    ),
    p(
        "tom.becker",
        "Tom Becker",
        "Service Desk Analyst",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Service Desk"],
    ),
    p(
        "aisha.bello",
        "Aisha Bello",
        "Service Desk Analyst",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Service Desk", "Desktop Support"],
    ),
    p(
        "lina.okafor",
        "Lina Okafor",
        "Network Engineer",
        "IT",
        Some("alex.morgan"),
        &[Agent],
        &["Network"],
    ),
    p(
        "marco.rossi",
        "Marco Rossi",
        "Database Administrator",
        "IT",
        Some("alex.morgan"),
        &[Agent, CabMember],
        &["Database", "Change Advisory Board"],
    ),
    p(
        "sofia.lindqvist",
        "Sofia Lindqvist",
        "Desktop Support Technician",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Desktop Support"],
    ),
    p(
        "kenji.watanabe",
        "Kenji Watanabe",
        "Application Analyst",
        "IT",
        Some("alex.morgan"),
        &[Agent, CatalogManager],
        &["Applications"],
    ),
    p(
        "ines.moreau",
        "Ines Moreau",
        "Configuration Manager",
        "IT",
        Some("alex.morgan"),
        &[ConfigurationManager],
        &[],
    ),
    p(
        "omar.haddad",
        "Omar Haddad",
        "Security Officer",
        "IT",
        Some("alex.morgan"),
        &[CabMember],
        &["Security", "Change Advisory Board"],
    ),
    p(
        "samuel.adeyemi",
        "Samuel Adeyemi",
        "Finance Director",
        "Finance",
        None,
        &[CabMember],
        &["Change Advisory Board"],
    ),
    p(
        "daniel.novak",
        "Daniel Novak",
        "Accountant",
        "Finance",
        Some("samuel.adeyemi"),
        &[],
        &[],
    ),
    p(
        "grace.kim",
        "Grace Kim",
        "Payroll Specialist",
        "Finance",
        Some("samuel.adeyemi"),
        &[],
        &[],
    ),
    p(
        "emma.dubois",
        "Emma Dubois",
        "HR Director",
        "Human Resources",
        None,
        &[],
        &[],
    ),
    p(
        "isabel.costa",
        "Isabel Costa",
        "Recruiter",
        "Human Resources",
        Some("emma.dubois"),
        &[],
        &[],
    ),
    p(
        "lucas.silva",
        "Lucas Silva",
        "Sales Manager",
        "Sales",
        None,
        &[],
        &[],
    ),
    p(
        "zoe.papadopoulos",
        "Zoe Papadopoulos",
        "Account Executive",
        "Sales",
        Some("lucas.silva"),
        &[],
        &[],
    ),
    p(
        "noah.fischer",
        "Noah Fischer",
        "Engineering Manager",
        "Engineering",
        None,
        &[],
        &[],
    ),
    p(
        "mia.johansson",
        "Mia Johansson",
        "Software Engineer",
        "Engineering",
        Some("noah.fischer"),
        &[],
        &[],
    ),
    p(
        "chloe.martin",
        "Chloe Martin",
        "Marketing Specialist",
        "Marketing",
        None,
        &[],
        &[],
    ),
    Person {
        disabled: true,
        ..p(
            "jonas.meyer",
            "Jonas Meyer",
            "Facilities Coordinator (left)",
            "Facilities",
            None,
            &[],
            &[],
        )
    },
];

/// The account suggested for each role in the start-up banner.
const DEMO_ACCOUNTS: [(Role, &str); 7] = [
    (Role::Admin, "alex.morgan"),
    (Role::Agent, "priya.shah"),
    (Role::CatalogManager, "kenji.watanabe"),
    (Role::ConfigurationManager, "ines.moreau"),
    (Role::ChangeManager, "hannah.weber"),
    (Role::CabMember, "omar.haddad"),
    (Role::Requester, "daniel.novak"),
];

/// What kind of installation a database is, decided when its first start filled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installation {
    /// Demo organisation with the public demo password.
    Demo,
    /// One administrator; real people are added by hand.
    Production,
}

const INSTALLATION_KEY: &str = "installation";

/// The installation kind recorded in the database; `None` for a database filled by a release
/// that did not record it (treated as production: no demo accounts are offered).
pub async fn installation(db: &DatabaseConnection) -> ServiceResult<Option<Installation>> {
    let row = setting::Entity::find_by_id(INSTALLATION_KEY)
        .one(db)
        .await?;
    Ok(row.and_then(|r| match r.value.as_str() {
        "demo" => Some(Installation::Demo),
        "production" => Some(Installation::Production),
        _ => None,
    }))
}

async fn record_installation(db: &DatabaseConnection, kind: Installation) -> ServiceResult<()> {
    let value = match kind {
        Installation::Demo => "demo",
        Installation::Production => "production",
    };
    setting::ActiveModel {
        key: Set(INSTALLATION_KEY.into()),
        value: Set(value.into()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The demo accounts to offer on the sign-in page: one per role on a demo installation, none
/// otherwise.
pub async fn demo_accounts(db: &DatabaseConnection) -> ServiceResult<Vec<(Role, String)>> {
    Ok(match installation(db).await? {
        Some(Installation::Demo) => DEMO_ACCOUNTS
            .iter()
            .map(|(r, u)| (*r, u.to_string()))
            .collect(),
        _ => vec![],
    })
}

/// Loads the demo organisation if the database has no users yet.
pub async fn seed_demo(db: &DatabaseConnection) -> ServiceResult<SeedReport> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport {
            created: false,
            initial_admin_password: None,
        });
    }
    // Every demo account shares one password: hash it once (salts differ per hash, not per use).
    let hash = password::hash_blocking(DEMO_PASSWORD.into()).await?;
    let mut dept_ids = HashMap::new();
    for name in DEPARTMENTS {
        let d = department::ActiveModel {
            name: Set(name.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        dept_ids.insert(name, d.id);
    }
    let mut group_ids = HashMap::new();
    for (name, description) in GROUPS {
        let g = group::ActiveModel {
            name: Set(name.into()),
            description: Set(description.into()),
            email: Set(Some(format!(
                "{}@beacon.example",
                name.to_lowercase().replace(' ', "-")
            ))),
            ..Default::default()
        }
        .insert(db)
        .await?;
        group_ids.insert(name, g.id);
    }
    let mut user_ids: HashMap<&str, i64> = HashMap::new();
    for person in &PEOPLE {
        let mut roles = RoleSet::empty();
        person.roles.iter().for_each(|r| roles.insert(*r));
        let new = NewUser {
            username: person.username.into(),
            display_name: person.name.into(),
            email: format!("{}@beacon.example", person.username),
            password: DEMO_PASSWORD.into(),
            roles,
        }
        .normalised();
        let manager = person.manager.and_then(|m| user_ids.get(m).copied());
        let id = insert_user(
            db,
            &new,
            hash.clone(),
            dept_ids.get(person.dept).copied(),
            manager,
            Some(person.title.into()),
        )
        .await?;
        if person.disabled {
            let mut u: user::ActiveModel = user::ActiveModel {
                id: Set(id),
                ..Default::default()
            };
            u.disabled = Set(true);
            u.update(db).await?;
        }
        for g in person.groups {
            if let Some(gid) = group_ids.get(g) {
                group_member::ActiveModel {
                    group_id: Set(*gid),
                    user_id: Set(id),
                }
                .insert(db)
                .await?;
            }
        }
        user_ids.insert(person.username, id);
    }
    record_installation(db, Installation::Demo).await?;
    Ok(SeedReport {
        created: true,
        initial_admin_password: None,
    })
}

/// Creates the first admin if the database has no users yet, with `password` when given (it must
/// satisfy the password rules) or a random one, which the report carries to be printed once.
pub async fn seed_initial_admin(
    db: &DatabaseConnection,
    password: Option<&str>,
) -> ServiceResult<SeedReport> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::default());
    }
    let generated = password.is_none().then(|| {
        use base64::Engine;
        use rand::RngCore;
        let mut buf = [0u8; 15];
        rand::rngs::OsRng.fill_bytes(&mut buf);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
    });
    let pw = password
        .map(str::to_string)
        .or(generated.clone())
        .unwrap_or_default();
    let new = NewUser {
        username: "admin".into(),
        display_name: "Administrator".into(),
        email: "admin@localhost.localdomain".into(),
        password: pw.clone(),
        roles: [Role::Admin].into_iter().collect(),
    }
    .normalised();
    new.validate().map_err(crate::ServiceError::Invalid)?;
    let hash = password::hash_blocking(pw).await?;
    insert_user(db, &new, hash, None, None, None).await?;
    record_installation(db, Installation::Production).await?;
    Ok(SeedReport {
        created: true,
        initial_admin_password: generated,
    })
}
